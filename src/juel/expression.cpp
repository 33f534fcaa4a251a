#include "dpc/juel/expression.h"

#include <variant>
#include <vector>

#include "dpc/juel/coercion.h"
#include "dpc/juel/evaluator.h"
#include "dpc/juel/parser.h"

namespace dpc::juel {

struct Expression::Impl {
  Language language = Language::kLiteral;
  std::string source;
  std::string feel_body;
  // Literal text or a compiled `${...}` body, in order.
  std::vector<std::variant<std::string, NodePtr>> parts;
};

namespace {

// Finds the '}' closing a body that starts at `from`, skipping quoted strings.
std::size_t find_close(std::string_view s, std::size_t from) {
  char quote = 0;
  for (std::size_t i = from; i < s.size(); ++i) {
    const char c = s[i];
    if (quote) {
      if (c == '\\') ++i;
      else if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '}') {
      return i;
    }
  }
  return std::string_view::npos;
}

}  // namespace

Expression::Expression() : impl_(std::make_shared<const Impl>()) {}

Result<Expression> Expression::compile(std::string_view text) {
  auto impl = std::make_shared<Impl>();
  impl->source = std::string(text);
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '=') {
    impl->language = Language::kFeel;
    impl->feel_body = std::string(text.substr(first + 1));
    return Expression(std::move(impl));
  }
  std::string literal;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '\\' && i + 2 < text.size() && (text[i + 1] == '$' || text[i + 1] == '#') && text[i + 2] == '{') {
      literal += text.substr(i + 1, 2);
      i += 3;
      continue;
    }
    if ((c == '$' || c == '#') && i + 1 < text.size() && text[i + 1] == '{') {
      const std::size_t close = find_close(text, i + 2);
      if (close == std::string_view::npos) {
        return Error::invalid("Could not parse expression '" + impl->source + "': missing '}' for '" +
                              std::string(1, c) + "{' at position " + std::to_string(i + 1));
      }
      auto body = parse_body(text.substr(i + 2, close - i - 2));
      if (!body) {
        return Error::invalid("Could not parse expression '" + impl->source + "': " + body.error().message +
                              " in '" + std::string(text.substr(i, close - i + 1)) + "'");
      }
      if (!literal.empty()) impl->parts.emplace_back(std::move(literal));
      literal.clear();
      impl->parts.emplace_back(std::move(body).value());
      impl->language = Language::kJuel;
      i = close + 1;
      continue;
    }
    literal += c;
    ++i;
  }
  if (!literal.empty()) impl->parts.emplace_back(std::move(literal));
  return Expression(std::move(impl));
}

Expression::Language Expression::language() const { return impl_->language; }
const std::string& Expression::source() const { return impl_->source; }
const std::string& Expression::feel_body() const { return impl_->feel_body; }

Result<Value> Expression::evaluate(const Context& ctx) const {
  const Impl& x = *impl_;
  if (x.language == Language::kFeel) {
    return Error::invalid("FEEL expressions ('=...') are not supported by the JUEL evaluator: '" + x.source + "'");
  }
  if (x.parts.empty()) return Value(std::string());
  if (x.parts.size() == 1) {
    if (auto* text = std::get_if<std::string>(&x.parts[0])) return Value(*text);
    return juel::evaluate(*std::get<NodePtr>(x.parts[0]), ctx);
  }
  std::string out;
  for (const auto& part : x.parts) {
    if (auto* text = std::get_if<std::string>(&part)) {
      out += *text;
      continue;
    }
    auto v = juel::evaluate(*std::get<NodePtr>(part), ctx);
    if (!v) return v.error();
    out += coerce_to_string(*v);
  }
  return Value(std::move(out));
}

Result<bool> Expression::evaluate_condition(const Context& ctx) const {
  auto v = evaluate(ctx);
  if (!v) return v.error();
  if (v->is_null()) return Error::invalid("condition expression returns null: '" + impl_->source + "'");
  if (!v->is_bool()) {
    return Error::invalid("condition expression returns non-Boolean: " + v->to_string() + " (" +
                          std::string(v->type_name()) + ")");
  }
  return v->as_bool();
}

}  // namespace dpc::juel
