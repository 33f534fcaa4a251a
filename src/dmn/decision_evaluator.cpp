// DRG evaluation: each decision once per call, BKMs and decision services as FEEL
// functions, results coerced to their declared types.
#include "dpc/dmn/decision_evaluator.h"

#include <cctype>
#include <set>

#include "dpc/dmn/type_coercion.h"

namespace dpc::dmn {

using feel::Type;
using feel::Value;

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  explicit Session(std::shared_ptr<const Model> m) : model_(std::move(m)), types_(*model_) { ctx_.types = &types_; }

  void start(const feel::Context& inputs) {
    for (const auto& in : model_->inputs) {
      const Value* v = inputs.find(in.name);
      if (v) vars_.set(in.name, coerce(*v, in.type_ref, *model_, ctx_));
    }
    for (const auto& [k, v] : inputs.entries)
      if (!vars_.find(k)) vars_.set(k, v);
    for (const auto& inv : model_->invocables) vars_.set(inv.name, function_for(inv));
    for (const auto& [prefix, ns] : model_->import_names) import_scope(prefix, ns, inputs);
  }

  Value decision(const Decision& d) {
    if (done_.count(d.id)) {
      const Value* v = vars_.find(d.name);
      return v ? *v : Value();
    }
    if (!active_.insert(d.id).second) {
      ctx_.warn("cyclic decision requirement at " + d.name);
      return {};
    }
    for (const auto& req : d.required_decisions) {
      if (const Decision* r = model_->find_decision(req)) {
        decision(*r);
        expose_table_outputs(*r);
      }
    }
    Value v;
    if (const Value* preset = vars_.find(d.name); preset && preset_decisions_) {
      v = *preset;
    } else {
      feel::Scope scope{nullptr, &vars_, nullptr, nullptr};
      v = d.expr ? evaluate_boxed(*d.expr, scope, ctx_) : Value();
      v = coerce(v, d.type_ref, *model_, ctx_);
    }
    vars_.set(d.name, v);
    done_.insert(d.id);
    active_.erase(d.id);
    return v;
  }

  // Positional parameters: the input data, then the input decisions (the TCK's order, 0085).
  // An argument that does not conform to its parameter's type fails the invocation (null).
  Value service(const Invocable& s, std::span<const Value> args) {
    size_t i = 0;
    for (const auto& id : s.input_data) {
      const InputData* in = model_->find_input(id);
      if (!in) continue;
      Value a = i < args.size() ? args[i] : Value();
      Value c = coerce(a, in->type_ref, *model_, ctx_);
      if (c.is_null() && !a.is_null()) return {};
      vars_.set(in->name, c);
      ++i;
    }
    for (const auto& id : s.input_decisions) {
      const Decision* d = model_->find_decision(id);
      if (!d) continue;
      Value a = i < args.size() ? args[i] : Value();
      Value c = coerce(a, d->type_ref, *model_, ctx_);
      if (c.is_null() && !a.is_null()) return {};
      vars_.set(d->name, c);
      done_.insert(d->id);
      ++i;
    }
    Value out;
    if (s.output_decisions.size() == 1) {
      const Decision* d = model_->find_decision(s.output_decisions[0]);
      out = d ? decision(*d) : Value();
    } else {
      feel::Context c;
      for (const auto& id : s.output_decisions)
        if (const Decision* d = model_->find_decision(id)) c.set(d->name, decision(*d));
      out = c;
    }
    // A service typed by a function item: its result has the function's output type.
    auto it = model_->item_definitions.find(s.type_ref);
    if (it != model_->item_definitions.end() && it->second.function_type)
      out = coerce(out, it->second.function_output_type_ref, *model_, ctx_);
    return out;
  }

  feel::EvalContext& ctx() { return ctx_; }
  const feel::Context& vars() const { return vars_; }

 private:
  std::shared_ptr<const Model> model_;
  ModelTypes types_;
  feel::Context vars_;
  feel::EvalContext ctx_;
  std::set<std::string> done_, active_;
  bool preset_decisions_ = false;
  std::vector<std::shared_ptr<Session>> imported_;  // sessions of imported models

  // Camunda 7 also gives a dependent decision the output entries of the decision tables it
  // requires, by output name (DefaultDmnDecisionContext.addResultToVariableContext): one
  // result's entries as they are; for COLLECT without aggregation and RULE ORDER (and OUTPUT
  // ORDER), a list of values per output name; nothing when no rule matched. So Camunda models
  // that read `desiredDish` (the output of decision `dish`) work beside the DMN standard's
  // binding by decision name. Names the standard binds (input data, decisions, BKMs, decision
  // services, import prefixes) keep their standard meaning and are never overwritten.
  void expose_table_outputs(const Decision& r) {
    if (!r.expr || r.expr->kind != BoxedExpression::Kind::kDecisionTable || !r.expr->table) return;
    const DecisionTable& t = *r.expr->table;
    const Value* found = vars_.find(r.name);
    if (!found || found->is_null()) return;
    const Value result = *found;  // a copy: setting variables below may move the entries
    const Value* v = &result;
    std::string hp = t.hit_policy;
    for (char& c : hp) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const bool multi = ((hp == "COLLECT" || hp == "C") && t.aggregation.empty()) || hp == "RULE ORDER" ||
                       hp == "R" || hp == "OUTPUT ORDER" || hp == "O";
    if (multi && (!v->is(Type::kList) || v->as_list().empty())) return;
    auto entry = [&](const Value& row, const std::string& name) -> Value {
      if (t.outputs.size() == 1) return row;
      const Value* e = row.is(Type::kContext) ? row.as_context().find(name) : nullptr;
      return e ? *e : Value();
    };
    for (const auto& o : t.outputs) {
      if (o.name.empty() || bound_by_standard(o.name)) continue;
      if (!multi) {
        vars_.set(o.name, entry(*v, o.name));
        continue;
      }
      feel::List values;
      for (const Value& row : v->as_list()) values.push_back(entry(row, o.name));
      vars_.set(o.name, Value(std::move(values)));
    }
  }

  // By name only: a table's output is often named like its decision's id (Camunda's
  // `invoiceClassification`), and that is exactly the name Camunda models read.
  bool bound_by_standard(const std::string& name) const {
    for (const auto& x : model_->inputs)
      if (x.name == name) return true;
    for (const auto& x : model_->decisions)
      if (x.name == name) return true;
    for (const auto& x : model_->invocables)
      if (x.name == name) return true;
    for (const auto& [prefix, ns] : model_->import_names)
      if (prefix == name) return true;
    return false;
  }

  void import_scope(const std::string& prefix, const std::string& ns, const feel::Context& inputs) {
    for (const auto& imp : model_->imports) {
      if (imp->ns != ns) continue;
      auto sub = std::make_shared<Session>(imp);
      imported_.push_back(sub);  // its BKMs hold only a weak reference to it
      const Value* given = inputs.find(prefix);
      sub->start(given && given->is(Type::kContext) ? given->as_context() : feel::Context{});
      feel::Context c;
      for (const auto& inv : imp->invocables) c.set(inv.name, *sub->vars().find(inv.name));
      for (const auto& d : imp->decisions) c.set(d.name, sub->decision(d));
      for (const auto& in : imp->inputs)
        if (const Value* v = sub->vars().find(in.name)) c.set(in.name, *v);
      for (const auto& w : sub->ctx().warnings) ctx_.warn(w);
      Value merged = c;
      if (const Value* existing = vars_.find(prefix); existing && existing->is(Type::kContext)) {
        feel::Context m = existing->as_context();
        for (const auto& [k, v] : c.entries) m.set(k, v);
        merged = m;
      }
      vars_.set(prefix, merged);
    }
  }

  Value function_for(const Invocable& inv) {
    auto f = std::make_shared<feel::Function>();
    f->name = inv.name;
    feel::Overload o;
    std::weak_ptr<Session> weak = weak_from_this();
    std::shared_ptr<const Model> model = model_;
    if (inv.is_service) {
      for (const auto& id : inv.input_data)
        if (const InputData* d = model_->find_input(id)) o.params.push_back(feel::Param{d->name, false});
      for (const auto& id : inv.input_decisions)
        if (const Decision* d = model_->find_decision(id)) o.params.push_back(feel::Param{d->name, false});
      const Invocable* svc = &inv;
      o.impl = [model, svc](std::span<const Value> args, feel::EvalContext& c) -> Value {
        auto sub = std::make_shared<Session>(model);
        sub->start({});
        Value r = sub->service(*svc, args);
        for (const auto& w : sub->ctx().warnings) c.warn(w);
        return r;
      };
    } else {
      if (!inv.function || inv.function->kind != BoxedExpression::Kind::kFunction) return {};
      for (const auto& [name, type] : inv.function->params) o.params.push_back(feel::Param{name, false});
      const Invocable* bkm = &inv;
      o.impl = [weak, bkm, model](std::span<const Value> args, feel::EvalContext& c) -> Value {
        auto self = weak.lock();
        if (!self) return {};
        feel::Context p;
        const auto& params = bkm->function->params;
        for (size_t i = 0; i < params.size(); ++i) {
          Value a = i < args.size() ? args[i] : Value();
          Value v = coerce(a, params[i].second, *model, c);
          if (v.is_null() && !a.is_null()) {  // a non-conforming argument: not invoked
            c.warn(bkm->name + ": argument " + params[i].first + " does not conform to its type");
            return {};
          }
          p.set(params[i].first, v);
        }
        feel::Scope outer{nullptr, &self->vars_, nullptr, nullptr};
        feel::Scope inner{&outer, &p, nullptr, nullptr};
        if (++c.depth > 300) {
          --c.depth;
          return {};
        }
        const BoxedPtr& body = bkm->function->items.empty() ? nullptr : bkm->function->items[0];
        Value r = body ? evaluate_boxed(*body, inner, c) : Value();
        --c.depth;
        if (body) r = coerce(r, body->type_ref, *model, c);  // the logic's own typeRef
        return coerce(r, bkm->type_ref, *model, c);
      };
    }
    f->overloads.push_back(std::move(o));
    return Value(std::shared_ptr<const feel::Function>(f));
  }
};
}  // namespace

feel::Evaluation DecisionEvaluator::evaluate_decision(const std::string& name, const feel::Context& inputs) const {
  feel::Evaluation out;
  const Decision* d = model_->find_decision(name);
  if (!d) {
    out.warnings.push_back("no decision named " + name);
    return out;
  }
  auto s = std::make_shared<Session>(model_);
  s->start(inputs);
  out.value = s->decision(*d);
  out.warnings = s->ctx().warnings;
  return out;
}

feel::Evaluation DecisionEvaluator::invoke(const std::string& name, const feel::Context& args) const {
  feel::Evaluation out;
  const Invocable* inv = model_->find_invocable(name);
  if (!inv) {
    out.warnings.push_back("no BKM or decision service named " + name);
    return out;
  }
  auto s = std::make_shared<Session>(model_);
  s->start(args);
  const Value* fn = s->vars().find(inv->name);
  if (!fn || !fn->is(Type::kFunction)) return out;
  std::vector<Value> vals;
  std::vector<std::string> names;
  for (const auto& [k, v] : args.entries) {
    names.push_back(k);
    vals.push_back(v);
  }
  // A direct invocation leaves out the parameters it has no value for: they are null
  // (a FEEL invocation must give every parameter).
  for (const auto& o : fn->as_function().overloads)
    for (const auto& p : o.params)
      if (!args.find(p.name)) {
        names.push_back(p.name);
        vals.push_back(Value());
      }
  out.value = feel::invoke(fn->as_function(), vals, names, s->ctx());
  out.warnings = s->ctx().warnings;
  return out;
}

}  // namespace dpc::dmn
