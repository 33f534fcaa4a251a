// The FEEL expression grammar (DMN 1.5 chapter 10.3.1): if/for/some/every, boolean,
// comparison, arithmetic and postfix (path, filter, call) levels, primaries.
#include "parser_impl.h"

namespace dpc::feel::parser_detail {

NodePtr ParserImpl::expression() {
  if (at_kw("if")) return if_expr();
  if (at_kw("for")) return for_expr();
  if ((at_kw("some") || at_kw("every")) && peek(1).kind == TokenKind::kName) return quantified();
  return disjunction();
}

NodePtr ParserImpl::if_expr() {
  auto n = make(NodeKind::kIf, peek().pos);
  ++i_;
  n->kids.push_back(expression());
  expect_kw("then");
  n->kids.push_back(expression());
  expect_kw("else");
  n->kids.push_back(expression());
  return n;
}

NodePtr ParserImpl::for_expr() {
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
      r->flag = true;  // an iteration range `a..b`: may descend, integers or dates only
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

NodePtr ParserImpl::quantified() {
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

NodePtr ParserImpl::disjunction() {
  NodePtr l = conjunction();
  while (at_kw("or")) {
    auto n = make(NodeKind::kOr, peek().pos);
    ++i_;
    n->kids = {l, conjunction()};
    l = n;
  }
  return l;
}

NodePtr ParserImpl::conjunction() {
  NodePtr l = comparison();
  while (at_kw("and")) {
    auto n = make(NodeKind::kAnd, peek().pos);
    ++i_;
    n->kids = {l, comparison()};
    l = n;
  }
  return l;
}

Op ParserImpl::compare_op(const Token& t) {
  if (t.kind != TokenKind::kPunct) return Op::kNone;
  if (t.text == "=") return Op::kEq;
  if (t.text == "!=") return Op::kNe;
  if (t.text == "<") return Op::kLt;
  if (t.text == "<=") return Op::kLe;
  if (t.text == ">") return Op::kGt;
  if (t.text == ">=") return Op::kGe;
  return Op::kNone;
}

NodePtr ParserImpl::comparison() {
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

NodePtr ParserImpl::additive() {
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

NodePtr ParserImpl::multiplicative() {
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

NodePtr ParserImpl::power() {
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

NodePtr ParserImpl::unary() {
  if (at_punct("-")) {
    auto n = make(NodeKind::kNegate, peek().pos);
    ++i_;
    n->kids = {unary()};
    return n;
  }
  return postfix(primary());
}

NodePtr ParserImpl::postfix(NodePtr base) {
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
    } else if (at_punct("[") && !range_end_) {
      auto n = make(NodeKind::kFilter, peek().pos);
      ++i_;
      n->kids = {base, nested([&] { return expression(); })};
      expect_punct("]");
      base = n;
    } else if (at_punct("(")) {
      base = call(base);
    } else {
      return base;
    }
  }
}

bool ParserImpl::named_arguments() const {
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

NodePtr ParserImpl::call(NodePtr callee) {
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
      n->kids.push_back(nested([&] { return expression(); }));
    } while (at_punct(",") && (++i_, true));
  }
  expect_punct(")");
  return n;
}

NodePtr ParserImpl::literal(Value v, size_t pos) {
  auto n = make(NodeKind::kLiteral, pos);
  n->literal = std::move(v);
  return n;
}

NodePtr ParserImpl::range_rest(NodePtr low, bool low_closed, size_t pos) {
  expect_punct("..");
  auto n = make(NodeKind::kRange, pos);
  n->low_closed = low_closed;
  bool saved = range_end_;
  range_end_ = true;
  NodePtr high = expression();
  range_end_ = saved;
  n->kids = {low, high};
  if (at_punct("]")) n->high_closed = true;
  else if (at_punct(")") || at_punct("[")) n->high_closed = false;
  else fail("expected the end of a range" + found());
  ++i_;
  return n;
}

NodePtr ParserImpl::primary() {
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
    return nested([&] {
      NodePtr e = expression();
      if (at_punct("..")) return range_rest(e, false, pos);
      expect_punct(")");
      return e;
    });
  }
  if (at_punct("]")) {
    ++i_;
    return nested([&] { return range_rest(expression(), false, pos); });
  }
  if (at_punct("[")) {
    ++i_;
    return nested([&] { return list_or_range(pos); });
  }
  if (at_punct("{")) return nested([&] { return context(); });
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

NodePtr ParserImpl::list_or_range(size_t pos) {
  auto n = make(NodeKind::kList, pos);
  if (at_punct("]")) { ++i_; return NodePtr(n); }
  NodePtr first = expression();
  if (at_punct("..")) return range_rest(first, true, pos);
  n->kids.push_back(first);
  while (at_punct(",")) {
    ++i_;
    n->kids.push_back(expression());
  }
  expect_punct("]");
  return NodePtr(n);
}

NodePtr ParserImpl::context() {
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

NodePtr ParserImpl::name_or_keyword() {
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

NodePtr ParserImpl::function_def() {
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

}  // namespace dpc::feel::parser_detail
