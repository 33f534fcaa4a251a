// FEEL parser entry points and name handling; the grammar is in parser_expressions.cpp
// and parser_tests.cpp.
#include "dpc/feel/parser.h"

#include "parser_impl.h"

namespace dpc::feel {
namespace parser_detail {

bool is_keyword(const std::string& s) {
  static const char* kw[] = {"and", "or", "if", "then", "else", "for", "in", "return", "some", "every",
                             "satisfies", "between", "instance", "of", "function", "true", "false",
                             "null", "external"};
  for (const char* k : kw)
    if (s == k) return true;
  return false;
}

NodePtr ParserImpl::expression_root() {
  NodePtr n = expression();
  expect_end();
  return n;
}

NodePtr ParserImpl::unary_tests_root() {
  NodePtr n = unary_tests();
  expect_end();
  return n;
}

TypeSpec ParserImpl::type_root() {
  TypeSpec t = type();
  expect_end();
  return t;
}

std::optional<std::string> ParserImpl::match_known_name() {
  size_t start = peek().pos;
  size_t best_end = 0;
  const std::string* best = nullptr;
  for (const auto& n : names_) {
    size_t s = start, k = 0;
    bool ok = true;
    while (k < n.size()) {
      if (n[k] == ' ') {
        if (s >= src_.size() || !std::isspace(static_cast<unsigned char>(src_[s]))) { ok = false; break; }
        while (s < src_.size() && std::isspace(static_cast<unsigned char>(src_[s]))) ++s;
        ++k;
        continue;
      }
      if (s >= src_.size() || src_[s] != n[k]) { ok = false; break; }
      ++s;
      ++k;
    }
    if (!ok) continue;
    if (s < src_.size() && is_name_part(static_cast<unsigned char>(src_[s])) &&
        is_name_part(static_cast<unsigned char>(n.back())))
      continue;
    if (s > best_end) { best_end = s; best = &n; }
  }
  if (!best) return std::nullopt;
  while (peek().kind != TokenKind::kEnd && peek().pos < best_end) ++i_;
  return *best;
}

std::string ParserImpl::text_between(size_t from_tok, size_t to_tok) const {
  std::string out;
  for (size_t k = from_tok; k < to_tok; ++k) {
    if (k > from_tok && toks_[k].pos > toks_[k - 1].end) out += ' ';
    out += std::string(src_.substr(toks_[k].pos, toks_[k].end - toks_[k].pos));
  }
  return out;
}

std::string ParserImpl::declared_name(std::initializer_list<const char*> stops) {
  if (peek().kind == TokenKind::kString) return toks_[i_++].text;
  size_t from = i_;
  while (peek().kind != TokenKind::kEnd) {
    bool stop = false;
    for (const char* s : stops) stop = stop || ((peek().kind == TokenKind::kPunct || peek().kind == TokenKind::kName) && peek().text == s);
    if (stop && i_ > from) break;
    ++i_;
  }
  if (i_ == from) fail("expected a name");
  return text_between(from, i_);
}

}  // namespace parser_detail

using parser_detail::Failure;
using parser_detail::ParserImpl;

ParseResult parse_expression(std::string_view src, const std::vector<std::string>& known) {
  try {
    ParserImpl p(src, known);
    return {p.expression_root(), std::nullopt};
  } catch (const Failure& f) {
    return {nullptr, Diagnostic{f.pos, f.message}};
  }
}

ParseResult parse_unary_tests(std::string_view src, const std::vector<std::string>& known) {
  try {
    ParserImpl p(src, known);
    return {p.unary_tests_root(), std::nullopt};
  } catch (const Failure& f) {
    return {nullptr, Diagnostic{f.pos, f.message}};
  }
}

std::optional<TypeSpec> parse_type(std::string_view src) {
  try {
    ParserImpl p(src, {});
    return p.type_root();
  } catch (const Failure&) {
    return std::nullopt;
  }
}

}  // namespace dpc::feel
