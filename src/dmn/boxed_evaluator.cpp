// Boxed expressions other than decision tables.
#include "dpc/dmn/decision_evaluator.h"

#include "dpc/feel/java_functions.h"

namespace dpc::dmn {

using feel::Type;
using feel::Value;

Value evaluate_text(const CompiledText& t, const feel::Scope& scope, feel::EvalContext& ctx) {
  if (!t.expr) {
    if (!t.error.empty()) ctx.warn("FEEL syntax error in '" + t.text + "': " + t.error);
    return {};
  }
  return feel::evaluate(*t.expr->ast(), scope, ctx);
}

namespace {
Value eval_or_null(const BoxedPtr& b, const feel::Scope& scope, feel::EvalContext& ctx) {
  return b ? evaluate_boxed(*b, scope, ctx) : Value();
}

Value make_function(const BoxedExpression& b, const feel::Scope& scope) {
  auto closure = std::make_shared<const feel::Context>(scope.flatten());
  feel::Overload o;
  for (const auto& [name, type] : b.params) o.params.push_back(feel::Param{name});
  BoxedPtr body = b.items.empty() ? nullptr : b.items[0];
  auto params = b.params;
  o.impl = [closure, body, params](std::span<const Value> args, feel::EvalContext& c) -> Value {
    feel::Context p;
    for (size_t i = 0; i < params.size(); ++i) p.set(params[i].first, i < args.size() ? args[i] : Value());
    feel::Scope outer{nullptr, closure.get(), nullptr, nullptr};
    feel::Scope inner{&outer, &p, nullptr, nullptr};
    if (++c.depth > 300) {
      --c.depth;
      return {};
    }
    Value r = eval_or_null(body, inner, c);
    --c.depth;
    return r;
  };
  auto f = std::make_shared<feel::Function>();
  f->name = "function";
  f->overloads.push_back(std::move(o));
  return Value(std::shared_ptr<const feel::Function>(f));
}
}  // namespace

Value evaluate_boxed(const BoxedExpression& b, const feel::Scope& scope, feel::EvalContext& ctx) {
  using K = BoxedExpression::Kind;
  switch (b.kind) {
    case K::kLiteral: return evaluate_text(b.literal, scope, ctx);
    case K::kDecisionTable: return evaluate_decision_table(*b.table, scope, ctx);
    case K::kContext: {
      feel::Context c;
      feel::Scope s{&scope, &c, nullptr, nullptr};
      for (const auto& e : b.entries) {
        Value v = eval_or_null(e.expr, s, ctx);
        if (e.name.empty()) return v;  // the context's result entry
        c.set(e.name, std::move(v));
      }
      return c;
    }
    case K::kInvocation: {
      Value fn = eval_or_null(b.items.empty() ? nullptr : b.items[0], scope, ctx);
      if (!fn.is(Type::kFunction)) {
        ctx.warn("invocation target is not a function");
        return {};
      }
      std::vector<Value> args;
      std::vector<std::string> names;
      for (const auto& e : b.entries) {
        names.push_back(e.name);
        args.push_back(eval_or_null(e.expr, scope, ctx));
      }
      if (names.empty()) return feel::invoke(fn.as_function(), {}, {}, ctx);
      return feel::invoke(fn.as_function(), std::move(args), names, ctx);
    }
    case K::kRelation: {
      feel::List rows;
      for (const auto& r : b.rows) {
        feel::Context c;
        for (size_t i = 0; i < b.columns.size(); ++i)
          c.entries.emplace_back(b.columns[i], i < r.size() ? eval_or_null(r[i], scope, ctx) : Value());
        rows.push_back(Value(std::move(c)));
      }
      return rows;
    }
    case K::kList: {
      feel::List out;
      for (const auto& i : b.items) out.push_back(eval_or_null(i, scope, ctx));
      return out;
    }
    case K::kFunction: {
      if (b.function_kind == "Java") {
        std::vector<std::string> names;
        for (const auto& [name, type] : b.params) names.push_back(name);
        auto f = feel::java_function_from_context(eval_or_null(b.items.empty() ? nullptr : b.items[0], scope, ctx), names);
        if (!f) ctx.warn("Java function not provided");
        return f ? Value(f) : Value();
      }
      if (b.function_kind != "FEEL" && !b.function_kind.empty()) {
        ctx.warn("function kind " + b.function_kind + " is not supported");
        return {};
      }
      return make_function(b, scope);
    }
    case K::kConditional: {
      Value c = eval_or_null(b.items[0], scope, ctx);
      if (!c.is_null() && !c.is(Type::kBoolean)) {
        ctx.warn("conditional: the if expression is not a boolean");
        return {};
      }
      return eval_or_null(b.items[c.is(Type::kBoolean) && c.as_bool() ? 1 : 2], scope, ctx);
    }
    case K::kFor:
    case K::kSome:
    case K::kEvery: {
      Value dom = eval_or_null(b.items[0], scope, ctx);
      feel::List items = dom.is(Type::kList) ? dom.as_list() : feel::List{dom};
      feel::List out;
      for (const auto& it : items) {
        feel::Scope s{&scope, nullptr, &b.iterator_variable, &it};
        Value r = eval_or_null(b.items[1], s, ctx);
        if (b.kind != K::kFor && !r.is_null() && !r.is(Type::kBoolean)) {
          ctx.warn("the satisfies expression is not a boolean");
          return {};
        }
        if (b.kind == K::kSome && r.is(Type::kBoolean) && r.as_bool()) return true;
        if (b.kind == K::kEvery && !(r.is(Type::kBoolean) && r.as_bool())) return false;
        out.push_back(r);
      }
      if (b.kind == K::kSome) return false;
      if (b.kind == K::kEvery) return true;
      return out;
    }
    case K::kFilter: {
      Value dom = eval_or_null(b.items[0], scope, ctx);
      if (!dom.is(Type::kList)) return {};
      feel::List out;
      static const std::string kItem = "item";
      for (const auto& it : dom.as_list()) {
        feel::Scope s1{&scope, nullptr, &kItem, &it};
        feel::Scope s2{&s1, it.is(Type::kContext) ? &it.as_context() : nullptr, nullptr, nullptr};
        Value r = eval_or_null(b.items[1], s2, ctx);
        if (!r.is_null() && !r.is(Type::kBoolean)) {
          ctx.warn("the filter match expression is not a boolean");
          return {};
        }
        if (r.is(Type::kBoolean) && r.as_bool()) out.push_back(it);
      }
      return out;
    }
    case K::kUnsupported: break;
  }
  ctx.warn("unsupported boxed expression " + b.unsupported);
  return {};
}

}  // namespace dpc::dmn
