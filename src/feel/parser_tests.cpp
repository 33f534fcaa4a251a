// Types (`instance of`, typeRefs) and the unary-tests language of decision table cells.
#include "parser_impl.h"

namespace dpc::feel::parser_detail {

TypeSpec ParserImpl::type() {
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

NodePtr ParserImpl::unary_tests() {
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

NodePtr ParserImpl::positive_tests() {
  auto n = make(NodeKind::kTests, peek().pos);
  do n->kids.push_back(positive_test());
  while (at_punct(",") && (++i_, true));
  return n;
}

NodePtr ParserImpl::positive_test() {
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

NodePtr ParserImpl::in_tests() {
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

}  // namespace dpc::feel::parser_detail
