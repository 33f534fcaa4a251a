// Internal to the feel module: the recursive-descent FEEL parser shared by parser.cpp
// (entry points, names), parser_expressions.cpp (the expression grammar) and
// parser_tests.cpp (types and unary tests). Multi-word names are resolved against the
// names in scope (given names, built-ins, context keys, parameters, iteration variables)
// by matching the source text greedily, longest first. One ParserImpl parses one text.
#pragma once

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dpc/feel/ast.h"
#include "dpc/feel/builtins.h"
#include "dpc/feel/host_functions.h"
#include "dpc/feel/lexer.h"

namespace dpc::feel::parser_detail {

// A syntax error; thrown inside the parser only and turned into a Diagnostic at the entry
// points.
struct Failure {
  size_t pos;
  std::string message;
};

bool is_keyword(const std::string& s);

class ParserImpl {
 public:
  ParserImpl(std::string_view src, const std::vector<std::string>& known) : src_(src), toks_(tokenize(src)) {
    if (toks_.back().kind == TokenKind::kError) throw Failure{toks_.back().pos, toks_.back().text};
    for (const auto& n : builtin_function_names()) add_name(n);
    for (const auto& n : host_function_names()) add_name(n);
    for (const auto& n : known) add_name(n);
  }

  NodePtr expression_root();
  NodePtr unary_tests_root();
  TypeSpec type_root();

 private:
  std::string_view src_;
  std::vector<Token> toks_;
  size_t i_ = 0;
  std::vector<std::string> names_;  // complex names in scope (stack)
  // While parsing the end of a range, `[` closes the range (`[1..10[`) instead of opening a
  // filter; brackets, parentheses and braces nested inside turn it back off.
  bool range_end_ = false;

  template <class F>
  auto nested(F f) {
    bool saved = range_end_;
    range_end_ = false;
    auto r = f();
    range_end_ = saved;
    return r;
  }

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
  std::optional<std::string> match_known_name();

  // Source text of tokens [from, to) with whitespace runs collapsed.
  std::string text_between(size_t from_tok, size_t to_tok) const;

  // A name declared by the expression itself (context key, parameter, variable): all tokens
  // up to one of the stop punctuations / keywords at depth 0.
  std::string declared_name(std::initializer_list<const char*> stops);

  // ---- expressions ----
  NodePtr expression();
  NodePtr if_expr();
  NodePtr for_expr();
  NodePtr quantified();
  NodePtr disjunction();
  NodePtr conjunction();
  static Op compare_op(const Token& t);
  NodePtr comparison();
  NodePtr additive();
  NodePtr multiplicative();
  NodePtr power();
  NodePtr unary();
  NodePtr postfix(NodePtr base);
  bool named_arguments() const;
  NodePtr call(NodePtr callee);
  NodePtr literal(Value v, size_t pos);
  NodePtr range_rest(NodePtr low, bool low_closed, size_t pos);
  NodePtr primary();
  NodePtr list_or_range(size_t pos);
  NodePtr context();
  NodePtr name_or_keyword();
  NodePtr function_def();

  // ---- types ----
  TypeSpec type();

  // ---- unary tests ----
  NodePtr unary_tests();
  NodePtr positive_tests();
  NodePtr positive_test();
  NodePtr in_tests();
};

}  // namespace dpc::feel::parser_detail
