// Recursive-descent FEEL parser. Multi-word names are resolved against the names in scope
// (given names, built-ins, context keys, parameters, iteration variables) by matching the
// source text greedily, longest first.
#include "dpc/feel/parser.h"

#include <algorithm>

#include "dpc/feel/builtins.h"
#include "dpc/feel/lexer.h"

namespace dpc::feel {

namespace {

struct Failure {
  size_t pos;
  std::string message;
};

bool is_keyword(const std::string& s) {
  static const char* kw[] = {"and", "or", "if", "then", "else", "for", "in", "return", "some", "every",
                             "satisfies", "between", "instance", "of", "function", "true", "false",
                             "null", "external"};
  for (const char* k : kw)
    if (s == k) return true;
  return false;
}

class ParserImpl {
 public:
  ParserImpl(std::string_view src, const std::vector<std::string>& known) : src_(src), toks_(tokenize(src)) {
    if (toks_.back().kind == TokenKind::kError) throw Failure{toks_.back().pos, toks_.back().text};
    for (const auto& n : builtin_function_names()) add_name(n);
    for (const auto& n : known) add_name(n);
  }

  NodePtr expression_root() {
    NodePtr n = expression();
    expect_end();
    return n;
  }

  NodePtr unary_tests_root() {
    NodePtr n = unary_tests();
    expect_end();
    return n;
  }

  TypeSpec type_root() {
    TypeSpec t = type();
    expect_end();
    return t;
  }

 private:
  std::string_view src_;
  std::vector<Token> toks_;
  size_t i_ = 0;
  std::vector<std::string> names_;  // complex names in scope (stack)

  void add_name(const std::string& n) {
    bool simple = !n.empty() && is_name_start(static_cast<unsigned char>(n[0]));
    for (char c : n) simple = simple && is_name_part(static_cast<unsigned char>(c));
    if (!simple) names_.push_back(n);
  }

  const Token& peek(size_t k = 0) const { return toks_[std::min(i_ + k, toks_.size() - 1)]; }
  bool at_punct(const char* p, size_t k = 0) const {
    return peek(k).kind == TokenKind::kPunct && peek(k).text == p;
  }
  bool at_kw(const char* w, size_t k = 0) const { return peek(k).kind == TokenKind::kName && peek(k).text == w; }
  [[noreturn]] void fail(const std::string& msg) const { throw Failure{peek().pos, msg}; }
  void expect_punct(const char* p) {
    if (!at_punct(p)) fail(std::string("expected '") + p + "'" + found());
    ++i_;
  }
  void expect_kw(const char* w) {
    if (!at_kw(w)) fail(std::string("expected '") + w + "'" + found());
    ++i_;
  }
  std::string found() const {
    return peek().kind == TokenKind::kEnd ? " at end of input" : " but found '" + peek().text + "'";
  }
  void expect_end() {
    if (peek().kind != TokenKind::kEnd) fail("unexpected '" + peek().text + "'");
  }

  static std::shared_ptr<Node> make(NodeKind k, size_t pos) {
    auto n = std::make_shared<Node>();
    n->kind = k;
    n->pos = pos;
    return n;
  }

  // Longest known complex name starting at the current token; advances past it.
  std::optional<std::string> match_known_name() {
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

  // Source text of tokens [from, to) with whitespace runs collapsed.
  std::string text_between(size_t from_tok, size_t to_tok) const {
    std::string out;
    for (size_t k = from_tok; k < to_tok; ++k) {
      if (k > from_tok && toks_[k].pos > toks_[k - 1].end) out += ' ';
      out += std::string(src_.substr(toks_[k].pos, toks_[k].end - toks_[k].pos));
    }
    return out;
  }

  // A name declared by the expression itself (context key, parameter, variable): all tokens
  // up to one of the stop punctuations / keywords at depth 0.
  std::string declared_name(std::initializer_list<const char*> stops) {
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

  // ---- expressions ----
  NodePtr expression() {
    if (at_kw("if")) return if_expr();
    if (at_kw("for")) return for_expr();
    if ((at_kw("some") || at_kw("every")) && peek(1).kind == TokenKind::kName) return quantified();
    return disjunction();
  }

  NodePtr if_expr() {
    auto n = make(NodeKind::kIf, peek().pos);
    ++i_;
    n->kids.push_back(expression());
    expect_kw("then");
    n->kids.push_back(expression());
    expect_kw("else");
    n->kids.push_back(expression());
    return n;
  }

  NodePtr for_expr() {
    auto n = make(NodeKind::kFor, peek().pos);
    ++i_;
    size_t mark = names_.size();
    do {
      std::string v = declared_name({"in"});
      expect_kw("in");
      NodePtr dom = expression();
      if (at_punct("..")) {
        ++i_;
        auto r = make(NodeKind::kRange, dom->pos);
        r->kids = {dom, expression()};
        dom = r;
      }
      n->names.push_back(v);
      n->kids.push_back(dom);
      add_name(v);
    } while (at_punct(",") && (++i_, true));
    expect_kw("return");
    add_name("partial");
    n->kids.push_back(expression());
    names_.resize(mark);
    return n;
  }

  NodePtr quantified() {
    auto n = make(NodeKind::kQuantified, peek().pos);
    n->op = peek().text == "some" ? Op::kSome : Op::kEvery;
    ++i_;
    size_t mark = names_.size();
    do {
      std::string v = declared_name({"in"});
      expect_kw("in");
      n->names.push_back(v);
      n->kids.push_back(expression());
      add_name(v);
    } while (at_punct(",") && (++i_, true));
    expect_kw("satisfies");
    n->kids.push_back(expression());
    names_.resize(mark);
    return n;
  }

  NodePtr disjunction() {
    NodePtr l = conjunction();
    while (at_kw("or")) {
      auto n = make(NodeKind::kOr, peek().pos);
      ++i_;
      n->kids = {l, conjunction()};
      l = n;
    }
    return l;
  }

  NodePtr conjunction() {
    NodePtr l = comparison();
    while (at_kw("and")) {
      auto n = make(NodeKind::kAnd, peek().pos);
      ++i_;
      n->kids = {l, comparison()};
      l = n;
    }
    return l;
  }

  static Op compare_op(const Token& t) {
    if (t.kind != TokenKind::kPunct) return Op::kNone;
    if (t.text == "=") return Op::kEq;
    if (t.text == "!=") return Op::kNe;
    if (t.text == "<") return Op::kLt;
    if (t.text == "<=") return Op::kLe;
    if (t.text == ">") return Op::kGt;
    if (t.text == ">=") return Op::kGe;
    return Op::kNone;
  }

  NodePtr comparison() {
    NodePtr l = additive();
    while (true) {
      Op op = compare_op(peek());
      if (op != Op::kNone) {
        auto n = make(NodeKind::kCompare, peek().pos);
        n->op = op;
        ++i_;
        n->kids = {l, additive()};
        l = n;
      } else if (at_kw("between")) {
        auto n = make(NodeKind::kBetween, peek().pos);
        ++i_;
        NodePtr lo = additive();
        expect_kw("and");
        n->kids = {l, lo, additive()};
        l = n;
      } else if (at_kw("in")) {
        auto n = make(NodeKind::kIn, peek().pos);
        ++i_;
        n->kids = {l, in_tests()};
        l = n;
      } else if (at_kw("instance") && at_kw("of", 1)) {
        auto n = make(NodeKind::kInstanceOf, peek().pos);
        i_ += 2;
        n->kids = {l};
        n->types.push_back(type());
        l = n;
      } else {
        return l;
      }
    }
  }

  NodePtr additive() {
    NodePtr l = multiplicative();
    while (at_punct("+") || at_punct("-")) {
      auto n = make(NodeKind::kArith, peek().pos);
      n->op = peek().text == "+" ? Op::kAdd : Op::kSub;
      ++i_;
      n->kids = {l, multiplicative()};
      l = n;
    }
    return l;
  }

  NodePtr multiplicative() {
    NodePtr l = power();
    while (at_punct("*") || at_punct("/")) {
      auto n = make(NodeKind::kArith, peek().pos);
      n->op = peek().text == "*" ? Op::kMul : Op::kDiv;
      ++i_;
      n->kids = {l, power()};
      l = n;
    }
    return l;
  }

  NodePtr power() {
    NodePtr l = unary();
    while (at_punct("**")) {
      auto n = make(NodeKind::kArith, peek().pos);
      n->op = Op::kPow;
      ++i_;
      n->kids = {l, unary()};
      l = n;
    }
    return l;
  }

  NodePtr unary() {
    if (at_punct("-")) {
      auto n = make(NodeKind::kNegate, peek().pos);
      ++i_;
      n->kids = {unary()};
      return n;
    }
    return postfix(primary());
  }

  NodePtr postfix(NodePtr base) {
    while (true) {
      if (at_punct(".")) {
        auto n = make(NodeKind::kPath, peek().pos);
        ++i_;
        if (peek().kind != TokenKind::kName) fail("expected a name after '.'");
        if (auto known = match_known_name()) {
          n->name = *known;
        } else {
          size_t from = i_++;
          while (peek().kind == TokenKind::kName && !is_keyword(peek().text)) ++i_;
          n->name = text_between(from, i_);
        }
        n->kids = {base};
        base = n;
      } else if (at_punct("[")) {
        auto n = make(NodeKind::kFilter, peek().pos);
        ++i_;
        n->kids = {base, expression()};
        expect_punct("]");
        base = n;
      } else if (at_punct("(")) {
        base = call(base);
      } else {
        return base;
      }
    }
  }

  bool named_arguments() const {
    int depth = 0;
    for (size_t k = i_; k < toks_.size(); ++k) {
      const Token& t = toks_[k];
      if (t.kind == TokenKind::kEnd) return false;
      if (t.kind != TokenKind::kPunct) continue;
      if (t.text == "(" || t.text == "[" || t.text == "{") ++depth;
      if (t.text == ")" || t.text == "]" || t.text == "}") {
        if (depth == 0) return false;
        --depth;
      }
      if (depth == 0 && t.text == ",") return false;
      if (depth == 0 && t.text == ":") return k > i_;
    }
    return false;
  }

  NodePtr call(NodePtr callee) {
    auto n = make(NodeKind::kCall, peek().pos);
    expect_punct("(");
    n->kids.push_back(callee);
    n->flag = named_arguments();
    if (!at_punct(")")) {
      do {
        if (n->flag) {
          n->names.push_back(declared_name({":"}));
          expect_punct(":");
        }
        n->kids.push_back(expression());
      } while (at_punct(",") && (++i_, true));
    }
    expect_punct(")");
    return n;
  }

  NodePtr literal(Value v, size_t pos) {
    auto n = make(NodeKind::kLiteral, pos);
    n->literal = std::move(v);
    return n;
  }

  NodePtr range_rest(NodePtr low, bool low_closed, size_t pos) {
    expect_punct("..");
    auto n = make(NodeKind::kRange, pos);
    n->low_closed = low_closed;
    n->kids = {low, expression()};
    if (at_punct("]")) n->high_closed = true;
    else if (at_punct(")") || at_punct("[")) n->high_closed = false;
    else fail("expected the end of a range" + found());
    ++i_;
    return n;
  }

  NodePtr primary() {
    const Token& t = peek();
    size_t pos = t.pos;
    switch (t.kind) {
      case TokenKind::kNumber: {
        ++i_;
        auto d = Decimal::parse(t.text);
        if (!d) fail("bad number");
        return literal(*d, pos);
      }
      case TokenKind::kString: ++i_; return literal(Value(t.text), pos);
      case TokenKind::kEnd: fail("unexpected end of input");
      case TokenKind::kError: fail(t.text);
      case TokenKind::kName: return name_or_keyword();
      case TokenKind::kPunct: break;
    }
    if (at_punct("?")) { ++i_; return make(NodeKind::kInputRef, pos); }
    if (at_punct("@")) {
      ++i_;
      if (peek().kind != TokenKind::kString) fail("expected a string after '@'");
      std::string s = toks_[i_++].text;
      auto n = make(NodeKind::kCall, pos);
      auto fn = make(NodeKind::kName, pos);
      fn->name = "@";
      n->kids = {fn, literal(Value(s), pos)};
      return n;
    }
    if (at_punct("(")) {
      ++i_;
      NodePtr e = expression();
      if (at_punct("..")) return range_rest(e, false, pos);
      expect_punct(")");
      return e;
    }
    if (at_punct("]")) {
      ++i_;
      return range_rest(expression(), false, pos);
    }
    if (at_punct("[")) {
      ++i_;
      auto n = make(NodeKind::kList, pos);
      if (at_punct("]")) { ++i_; return n; }
      NodePtr first = expression();
      if (at_punct("..")) return range_rest(first, true, pos);
      n->kids.push_back(first);
      while (at_punct(",")) {
        ++i_;
        n->kids.push_back(expression());
      }
      expect_punct("]");
      return n;
    }
    if (at_punct("{")) return context();
    Op op = compare_op(t);
    if (op != Op::kNone) {  // `< 10` as a value denotes a range (DMN 1.5)
      ++i_;
      auto n = make(NodeKind::kTestCompare, pos);
      n->op = op;
      n->kids = {additive()};
      return n;
    }
    fail("unexpected '" + t.text + "'");
  }

  NodePtr context() {
    auto n = make(NodeKind::kContext, peek().pos);
    ++i_;
    size_t mark = names_.size();
    if (!at_punct("}")) {
      do {
        std::string key = declared_name({":"});
        expect_punct(":");
        n->names.push_back(key);
        n->kids.push_back(expression());
        add_name(key);
      } while (at_punct(",") && (++i_, true));
    }
    names_.resize(mark);
    expect_punct("}");
    return n;
  }

  NodePtr name_or_keyword() {
    const Token& t = peek();
    size_t pos = t.pos;
    if (t.text == "true") { ++i_; return literal(Value(true), pos); }
    if (t.text == "false") { ++i_; return literal(Value(false), pos); }
    if (t.text == "null") { ++i_; return literal(Value(), pos); }
    if (t.text == "function" && at_punct("(", 1)) return function_def();
    if (t.text == "if") return if_expr();
    if (t.text == "for") return for_expr();
    if ((t.text == "some" || t.text == "every") && peek(1).kind == TokenKind::kName) return quantified();
    auto n = make(NodeKind::kName, pos);
    if (auto known = match_known_name()) {
      n->name = *known;
    } else {
      n->name = t.text;
      ++i_;
    }
    return n;
  }

  NodePtr function_def() {
    auto n = make(NodeKind::kFunctionDef, peek().pos);
    ++i_;
    expect_punct("(");
    size_t mark = names_.size();
    if (!at_punct(")")) {
      do {
        std::string p = declared_name({":", ",", ")"});
        TypeSpec ts;
        if (at_punct(":")) {
          ++i_;
          ts = type();
        }
        n->names.push_back(p);
        n->types.push_back(ts);
        add_name(p);
      } while (at_punct(",") && (++i_, true));
    }
    expect_punct(")");
    if (at_kw("external")) {
      ++i_;
      n->flag = true;
    }
    n->kids.push_back(expression());
    names_.resize(mark);
    return n;
  }

  // ---- types ----
  TypeSpec type() {
    TypeSpec t;
    if (peek().kind != TokenKind::kName) fail("expected a type name");
    std::string first = peek().text;
    if ((first == "list" || first == "range" || first == "context" || first == "function") && at_punct("<", 1)) {
      i_ += 2;
      t.name = first;
      if (first == "context") {
        if (!at_punct(">")) {
          do {
            std::string k = declared_name({":"});
            expect_punct(":");
            t.fields.emplace_back(k, type());
          } while (at_punct(",") && (++i_, true));
        }
      } else if (!at_punct(">")) {
        do t.args.push_back(type());
        while (at_punct(",") && (++i_, true));
      }
      expect_punct(">");
      if (first == "function" && at_punct("->")) {
        ++i_;
        t.result = std::make_shared<TypeSpec>(type());
      }
      return t;
    }
    size_t from = i_;
    while (peek().kind == TokenKind::kName || (at_punct(".") && peek(1).kind == TokenKind::kName)) {
      if (i_ > from && peek().kind == TokenKind::kName && (peek().text == "instance" || peek().text == "and") &&
          !(t.name.empty() && (text_between(from, i_) == "date" || text_between(from, i_) == "days" ||
                               text_between(from, i_) == "years" || text_between(from, i_) == "days and time" ||
                               text_between(from, i_) == "years and months")))
        break;
      if (i_ > from && peek().kind == TokenKind::kName && (peek().text == "or" || peek().text == "then" ||
                                                           peek().text == "else" || peek().text == "return"))
        break;
      ++i_;
    }
    t.name = text_between(from, i_);
    return t;
  }

  // ---- unary tests ----
  NodePtr unary_tests() {
    size_t pos = peek().pos;
    if (at_punct("-") && peek(1).kind == TokenKind::kEnd) {
      ++i_;
      return make(NodeKind::kTestAny, pos);
    }
    if (at_kw("not") && at_punct("(", 1)) {
      size_t save = i_;
      try {
        i_ += 2;
        auto n = make(NodeKind::kTestNot, pos);
        n->kids = {positive_tests()};
        expect_punct(")");
        if (peek().kind == TokenKind::kEnd) return n;
      } catch (const Failure&) {
      }
      i_ = save;
    }
    return positive_tests();
  }

  NodePtr positive_tests() {
    auto n = make(NodeKind::kTests, peek().pos);
    do n->kids.push_back(positive_test());
    while (at_punct(",") && (++i_, true));
    return n;
  }

  NodePtr positive_test() {
    size_t pos = peek().pos;
    Op op = compare_op(peek());
    if (op != Op::kNone) {
      ++i_;
      auto n = make(NodeKind::kTestCompare, pos);
      n->op = op;
      n->kids = {additive()};
      return n;
    }
    auto n = make(NodeKind::kTestExpr, pos);
    n->kids = {expression()};
    return n;
  }

  NodePtr in_tests() {
    if (at_punct("(")) {
      size_t save = i_;
      try {
        ++i_;
        NodePtr n = positive_tests();
        expect_punct(")");
        return n;
      } catch (const Failure&) {
        i_ = save;
      }
    }
    return positive_test();
  }
};

}  // namespace

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
