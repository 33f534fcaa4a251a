// Decision tables: rule matching, hit policies and aggregations.
#include <algorithm>

#include "dpc/dmn/decision_evaluator.h"
#include "dpc/feel/builtins.h"

namespace dpc::dmn {

using feel::Value;
using feel::Type;

namespace {
const std::string kInput = "?";

// Position of v in the output's priority list (lower = higher priority); large if absent.
size_t priority(const DecisionTable::Output& o, const Value& v, const feel::Scope& scope, feel::EvalContext& ctx) {
  if (o.values.empty()) return 0;
  Value list = evaluate_text(o.values[0], scope, ctx);
  if (!list.is(Type::kList)) return 0;
  const auto& l = list.as_list();
  for (size_t i = 0; i < l.size(); ++i) {
    auto eq = feel::values_equal(l[i], v);
    if (eq && *eq) return i;
  }
  return l.size();
}

Value rule_output(const DecisionTable& t, const DecisionTableRule& r, const feel::Scope& scope, feel::EvalContext& ctx) {
  if (t.outputs.size() <= 1) return r.outputs.empty() ? Value() : evaluate_text(r.outputs[0], scope, ctx);
  feel::Context c;
  for (size_t i = 0; i < t.outputs.size() && i < r.outputs.size(); ++i)
    c.entries.emplace_back(t.outputs[i].name, evaluate_text(r.outputs[i], scope, ctx));
  return c;
}

Value default_output(const DecisionTable& t, const feel::Scope& scope, feel::EvalContext& ctx) {
  bool any = false;
  for (const auto& o : t.outputs) any = any || o.default_value.expr.has_value();
  if (!any) return {};
  if (t.outputs.size() == 1) return evaluate_text(t.outputs[0].default_value, scope, ctx);
  feel::Context c;
  for (const auto& o : t.outputs) c.entries.emplace_back(o.name, evaluate_text(o.default_value, scope, ctx));
  return c;
}

bool allowed(const std::optional<feel::UnaryTests>& tests, const Value& v, const feel::Scope& scope, feel::EvalContext& ctx) {
  if (!tests || v.is_null()) return true;
  Value r = feel::evaluate_test(*tests->ast(), v, scope, ctx);
  return r.is(Type::kBoolean) && r.as_bool();
}

Value aggregate(const std::string& agg, const std::vector<Value>& vals, feel::EvalContext& ctx) {
  if (agg == "COUNT") return Value(static_cast<int64_t>(vals.size()));
  if (vals.empty()) return {};
  std::vector<Value> args{Value(feel::List(vals))};
  const char* fn = agg == "SUM" ? "sum" : agg == "MIN" ? "min" : "max";
  return feel::invoke(*feel::find_builtin(fn), args, {}, ctx);
}
}  // namespace

Value evaluate_decision_table(const DecisionTable& t, const feel::Scope& scope, feel::EvalContext& ctx) {
  std::vector<Value> inputs;
  for (size_t i = 0; i < t.input_exprs.size(); ++i) {
    Value v = evaluate_text(t.input_exprs[i], scope, ctx);
    if (i < t.input_values.size() && !allowed(t.input_values[i], v, scope, ctx)) {
      ctx.warn("input " + t.input_exprs[i].text + " is not among the allowed input values");
      return {};
    }
    inputs.push_back(std::move(v));
  }
  std::vector<const DecisionTableRule*> matched;
  for (const auto& r : t.rules) {
    bool ok = true;
    for (size_t i = 0; i < r.inputs.size() && ok; ++i) {
      if (!r.inputs[i]) { ok = false; break; }
      const Value& in = i < inputs.size() ? inputs[i] : Value();
      feel::Scope s{&scope, nullptr, &kInput, &in};
      Value res = feel::evaluate_test(*r.inputs[i]->ast(), in, s, ctx);
      ok = res.is(Type::kBoolean) && res.as_bool();
    }
    if (ok) matched.push_back(&r);
  }
  std::string hp = t.hit_policy;
  std::transform(hp.begin(), hp.end(), hp.begin(), ::toupper);
  if (matched.empty()) {
    if (hp == "COLLECT" || hp == "C") {
      if (t.aggregation == "COUNT") return Value(0);
      if (!t.aggregation.empty()) return default_output(t, scope, ctx);  // null without a default
      Value d = default_output(t, scope, ctx);
      return d.is_null() ? Value(feel::List{}) : d;
    }
    if (hp == "RULE ORDER" || hp == "OUTPUT ORDER" || hp == "R" || hp == "O") return default_output(t, scope, ctx).is_null() ? Value(feel::List{}) : default_output(t, scope, ctx);
    return default_output(t, scope, ctx);
  }
  std::vector<Value> results;
  for (const auto* r : matched) {
    Value out = rule_output(t, *r, scope, ctx);
    if (t.outputs.size() == 1 && !t.outputs[0].values.empty() && !out.is_null()) {
      Value list = evaluate_text(t.outputs[0].values[0], scope, ctx);
      if (list.is(Type::kList) && priority(t.outputs[0], out, scope, ctx) >= list.as_list().size()) {
        ctx.warn("output value not among the allowed output values");
        out = Value();
      }
    }
    results.push_back(out);
  }
  auto first_out = [&](const Value& v) -> Value {
    if (t.outputs.size() <= 1) return v;
    if (!v.is(Type::kContext)) return v;
    const Value* f = v.as_context().find(t.outputs[0].name);
    return f ? *f : Value();
  };
  if (hp == "UNIQUE" || hp == "U") {
    if (results.size() > 1) {
      ctx.warn("UNIQUE hit policy: more than one rule matched");
      return {};
    }
    return results[0];
  }
  if (hp == "FIRST" || hp == "F") return results[0];
  if (hp == "ANY" || hp == "A") {
    for (const auto& r : results) {
      auto eq = feel::values_equal(r, results[0]);
      if (!eq || !*eq) {
        ctx.warn("ANY hit policy: matched rules disagree");
        return {};
      }
    }
    return results[0];
  }
  if (hp == "PRIORITY" || hp == "P" || hp == "OUTPUT ORDER" || hp == "O") {
    std::vector<size_t> order(results.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::vector<size_t> prio(results.size());
    for (size_t i = 0; i < results.size(); ++i) {
      // Priority across outputs in order: a vector compared lexicographically.
      prio[i] = priority(t.outputs[0], first_out(results[i]), scope, ctx);
    }
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      if (prio[a] != prio[b]) return prio[a] < prio[b];
      for (size_t k = 1; k < t.outputs.size(); ++k) {
        const Value* va = results[a].is(Type::kContext) ? results[a].as_context().find(t.outputs[k].name) : nullptr;
        const Value* vb = results[b].is(Type::kContext) ? results[b].as_context().find(t.outputs[k].name) : nullptr;
        size_t pa = va ? priority(t.outputs[k], *va, scope, ctx) : 0;
        size_t pb = vb ? priority(t.outputs[k], *vb, scope, ctx) : 0;
        if (pa != pb) return pa < pb;
      }
      return false;
    });
    if (hp == "PRIORITY" || hp == "P") return results[order[0]];
    feel::List out;
    for (size_t i : order) out.push_back(results[i]);
    return out;
  }
  if (hp == "RULE ORDER" || hp == "R") return feel::List(results);
  if (hp == "COLLECT" || hp == "C") {
    if (t.aggregation.empty()) return feel::List(results);
    std::vector<Value> vals;
    for (const auto& r : results) vals.push_back(first_out(r));
    if (t.aggregation == "COUNT") {
      std::vector<Value> distinct;
      for (const auto& v : vals) {
        bool seen = false;
        for (const auto& d : distinct) seen = seen || feel::values_equal(d, v).value_or(false);
        if (!seen) distinct.push_back(v);
      }
      return aggregate("COUNT", distinct, ctx);
    }
    return aggregate(t.aggregation, vals, ctx);
  }
  ctx.warn("unknown hit policy " + t.hit_policy);
  return {};
}

}  // namespace dpc::dmn
