// Recursive-descent parser following the EL 2.2 grammar's precedence (lowest first):
// ?: , || or , && and , == != eq ne , < > <= >= lt gt le ge , + - , * / div % mod ,
// unary - ! not empty , value with suffixes (.name, [expr], .name(args)).
#include "dpc/juel/parser.h"

#include <charconv>
#include <cstdlib>

#include "dpc/juel/builtins.h"
#include "dpc/juel/lexer.h"

namespace dpc::juel {
namespace {

// Thrown only inside this file to unwind the recursion; parse_body turns it into an Error,
// so nothing escapes the module.
struct ParseFailure {
  std::string message;
};

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : t_(std::move(tokens)) {}

  NodePtr parse_all() {
    NodePtr n = ternary();
    if (peek().kind != TokenKind::kEnd) fail("Unexpected '" + peek().text + "'");
    return n;
  }

 private:
  const Token& peek() const { return t_[pos_]; }
  const Token& next() { return t_[pos_ < t_.size() - 1 ? pos_++ : pos_]; }

  [[noreturn]] void fail(const std::string& what) const {
    const Token& tok = peek();
    throw ParseFailure{what + " at position " + std::to_string(tok.offset + 1)};
  }

  bool is_op(std::string_view op) const { return peek().kind == TokenKind::kOperator && peek().text == op; }
  bool is_word(std::string_view w) const { return peek().kind == TokenKind::kIdentifier && peek().text == w; }

  // Matches an operator or its keyword spelling; returns the canonical operator or "".
  std::string accept(std::initializer_list<std::pair<std::string_view, std::string_view>> ops) {
    for (const auto& [op, word] : ops) {
      if (is_op(op) || (!word.empty() && is_word(word))) {
        next();
        return std::string(op);
      }
    }
    return {};
  }

  void expect(std::string_view op) {
    if (!is_op(op)) fail("Expected '" + std::string(op) + "'" + (peek().kind == TokenKind::kEnd ? " but the expression ended" : " but found '" + peek().text + "'"));
    next();
  }

  static NodePtr make(NodeKind kind, std::string name, std::size_t offset, std::vector<NodePtr> children) {
    auto n = std::make_unique<Node>();
    n->kind = kind;
    n->name = std::move(name);
    n->offset = offset;
    n->children = std::move(children);
    return n;
  }
  static NodePtr literal(Value v, std::size_t offset) {
    auto n = std::make_unique<Node>();
    n->kind = NodeKind::kLiteral;
    n->value = std::move(v);
    n->offset = offset;
    return n;
  }
  template <typename... P>
  static std::vector<NodePtr> kids(P&&... p) {
    std::vector<NodePtr> v;
    (v.push_back(std::move(p)), ...);
    return v;
  }

  NodePtr ternary() {
    NodePtr cond = or_expr();
    if (!is_op("?")) return cond;
    const std::size_t at = next().offset;
    NodePtr a = ternary();
    expect(":");
    NodePtr b = ternary();
    return make(NodeKind::kTernary, "?", at, kids(std::move(cond), std::move(a), std::move(b)));
  }

  template <typename Sub>
  NodePtr binary_level(Sub sub, std::initializer_list<std::pair<std::string_view, std::string_view>> ops) {
    NodePtr left = (this->*sub)();
    while (true) {
      const std::size_t at = peek().offset;
      std::string op = accept(ops);
      if (op.empty()) return left;
      NodePtr right = (this->*sub)();
      left = make(NodeKind::kBinary, op, at, kids(std::move(left), std::move(right)));
    }
  }

  NodePtr or_expr() { return binary_level(&Parser::and_expr, {{"||", "or"}}); }
  NodePtr and_expr() { return binary_level(&Parser::eq_expr, {{"&&", "and"}}); }
  NodePtr eq_expr() { return binary_level(&Parser::rel_expr, {{"==", "eq"}, {"!=", "ne"}}); }
  NodePtr rel_expr() {
    return binary_level(&Parser::add_expr, {{"<=", "le"}, {">=", "ge"}, {"<", "lt"}, {">", "gt"}});
  }
  NodePtr add_expr() { return binary_level(&Parser::mul_expr, {{"+", ""}, {"-", ""}}); }
  NodePtr mul_expr() { return binary_level(&Parser::unary, {{"*", ""}, {"/", "div"}, {"%", "mod"}}); }

  NodePtr unary() {
    const std::size_t at = peek().offset;
    if (is_op("-")) {
      next();
      return make(NodeKind::kUnary, "-", at, kids(unary()));
    }
    if (is_op("!") || is_word("not")) {
      next();
      return make(NodeKind::kUnary, "!", at, kids(unary()));
    }
    if (is_word("empty")) {
      next();
      return make(NodeKind::kUnary, "empty", at, kids(unary()));
    }
    return value();
  }

  std::vector<NodePtr> arguments() {
    std::vector<NodePtr> args;
    expect("(");
    if (!is_op(")")) {
      args.push_back(ternary());
      while (is_op(",")) {
        next();
        args.push_back(ternary());
      }
    }
    expect(")");
    return args;
  }

  NodePtr value() {
    NodePtr base = primary();
    while (true) {
      const std::size_t at = peek().offset;
      if (is_op(".")) {
        next();
        if (peek().kind != TokenKind::kIdentifier) fail("Expected a property name after '.'");
        std::string name = next().text;
        if (is_op("(")) {
          std::vector<NodePtr> args = arguments();
          args.insert(args.begin(), std::move(base));
          base = make(NodeKind::kMethod, name, at, std::move(args));
        } else {
          base = make(NodeKind::kMember, "", at, kids(std::move(base), literal(Value(name), at)));
        }
      } else if (is_op("[")) {
        next();
        NodePtr key = ternary();
        expect("]");
        base = make(NodeKind::kMember, "", at, kids(std::move(base), std::move(key)));
      } else {
        return base;
      }
    }
  }

  NodePtr primary() {
    const Token& tok = peek();
    const std::size_t at = tok.offset;
    switch (tok.kind) {
      case TokenKind::kLong: {
        std::int64_t v = 0;
        auto r = std::from_chars(tok.text.data(), tok.text.data() + tok.text.size(), v);
        if (r.ec != std::errc()) fail("Integer literal out of range");
        next();
        return literal(Value(v), at);
      }
      case TokenKind::kDouble: {
        const double d = std::strtod(tok.text.c_str(), nullptr);
        next();
        return literal(Value(d), at);
      }
      case TokenKind::kString: {
        std::string s = tok.text;
        next();
        return literal(Value(std::move(s)), at);
      }
      case TokenKind::kOperator:
        if (tok.text == "(") {
          next();
          NodePtr inner = ternary();
          expect(")");
          return inner;
        }
        fail("Unexpected '" + tok.text + "'");
      case TokenKind::kEnd:
        fail("Unexpected end of expression");
      case TokenKind::kIdentifier: break;
    }
    const std::string word = tok.text;
    if (word == "true" || word == "false") {
      next();
      return literal(Value(word == "true"), at);
    }
    if (word == "null") {
      next();
      return literal(Value(), at);
    }
    static const char* kReserved[] = {"and", "or", "not", "eq", "ne", "lt", "gt", "le", "ge",
                                      "div", "mod", "empty", "instanceof"};
    for (const char* r : kReserved) {
      if (word == r) fail("Unexpected keyword '" + word + "'");
    }
    next();
    if (is_op("(")) {
      const FunctionSpec* fn = find_function(word);
      if (!fn) fail("Could not resolve function '" + word + "'");
      std::vector<NodePtr> args = arguments();
      const int n = static_cast<int>(args.size());
      if (n < fn->min_args || n > fn->max_args) {
        throw ParseFailure{"Function '" + word + "' takes " + std::to_string(fn->min_args) +
                           (fn->max_args != fn->min_args ? " to " + std::to_string(fn->max_args) : "") +
                           " argument(s), got " + std::to_string(n)};
      }
      return make(NodeKind::kFunction, word, at, std::move(args));
    }
    return make(NodeKind::kIdentifier, word, at, {});
  }

  std::vector<Token> t_;
  std::size_t pos_ = 0;
};

}  // namespace

Result<NodePtr> parse_body(std::string_view body) {
  auto tokens = tokenize(body);
  if (!tokens) return tokens.error();
  if (tokens->size() == 1) return Error::invalid("Empty expression");
  try {
    Parser p(std::move(tokens).value());
    return p.parse_all();
  } catch (const ParseFailure& f) {
    return Error::invalid(f.message);
  }
}

}  // namespace dpc::juel
