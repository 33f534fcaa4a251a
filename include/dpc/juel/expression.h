// Expression: an attribute or condition text compiled once (at deploy time) and evaluated
// many times.
//
// Contract
// - compile(text) accepts:
//   * plain text without `${`/`#{`: a literal (evaluates to the text itself);
//   * one `${...}` or `#{...}` covering the whole text: evaluates to the body's value, of any
//     type (so `${amount > 1000}` gives a Boolean and `${dateTime().toDate()}` a Date);
//   * a composite like "Review ${customer.name}": evaluates to a String, each part coerced as
//     EL does (null → ""). `\${` is a literal "${".
//   * text whose first non-blank character is `=`: FEEL, as Camunda 8 writes it. It is NOT
//     parsed here (the FEEL module owns that): compile() succeeds with language() == kFeel and
//     feel_body() holding the text after `=`; evaluate() then fails with a clear message until
//     the engine routes FEEL to the FEEL evaluator.
//   A syntax error or an unknown function yields an error naming the text and the position.
// - An Expression is immutable; copies share the compiled tree. Thread-safe to evaluate from
//   several threads at once (each with its own Context).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "dpc/core/result.h"
#include "dpc/juel/context.h"
#include "dpc/juel/value.h"

namespace dpc::juel {

class Expression {
 public:
  enum class Language { kLiteral, kJuel, kFeel };

  // The empty literal.
  Expression();
  static Result<Expression> compile(std::string_view text);

  Language language() const;
  bool is_literal() const { return language() == Language::kLiteral; }
  bool is_feel() const { return language() == Language::kFeel; }
  const std::string& source() const;
  // For kFeel: the FEEL text after the leading '='. Empty otherwise.
  const std::string& feel_body() const;

  Result<Value> evaluate(const Context& ctx) const;

  // For sequence-flow conditions, as Camunda checks them: a null result fails with
  // "condition expression returns null", a non-Boolean with "condition expression returns
  // non-Boolean: <value> (<type>)".
  Result<bool> evaluate_condition(const Context& ctx) const;

 private:
  struct Impl;
  explicit Expression(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace dpc::juel
