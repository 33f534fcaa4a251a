// Tree-walking evaluation of FEEL expressions and unary tests.
#include "dpc/feel/evaluator.h"

#include "dpc/feel/builtins.h"
#include "dpc/feel/java_functions.h"
#include "operators.h"

namespace dpc::feel {

namespace {
const std::string kItem = "item";
const std::string kPartial = "partial";
const std::string kInput = "?";

Value boolean_or_null(const Value& v) { return v.is(Type::kBoolean) ? v : Value(); }

Value compare(Op op, const Value& a, const Value& b) {
  if (op == Op::kEq || op == Op::kNe) {
    auto e = values_equal(a, b);
    if (!e) return {};
    return op == Op::kEq ? *e : !*e;
  }
  if (a.is_null() || b.is_null()) return {};
  auto c = values_compare(a, b);
  if (!c) return {};
  switch (op) {
    case Op::kLt: return *c < 0;
    case Op::kLe: return *c <= 0;
    case Op::kGt: return *c > 0;
    case Op::kGe: return *c >= 0;
    default: return {};
  }
}

bool uses_input(const Node& n) {
  if (n.kind == NodeKind::kInputRef) return true;
  for (const auto& k : n.kids)
    if (k && uses_input(*k)) return true;
  return false;
}

Value iterate_for(const Node& n, size_t level, const Scope& scope, EvalContext& ctx, List& out);

Value iterate_items(const Node& n, size_t level, const List& items, const Scope& scope, EvalContext& ctx,
                    List& out) {
  for (const auto& it : items) {
    Scope s{&scope, nullptr, &n.names[level], &it};
    Value r = iterate_for(n, level + 1, s, ctx, out);
    if (r.is(Type::kBoolean)) return r;
  }
  return {};
}

Value iterate_for(const Node& n, size_t level, const Scope& scope, EvalContext& ctx, List& out) {
  if (level + 1 == n.kids.size()) {
    Value partial(out);
    Scope ps{&scope, nullptr, &kPartial, &partial};
    out.push_back(evaluate(*n.kids.back(), ps, ctx));
    return {};
  }
  const Node& dn = *n.kids[level];
  List items;
  if (dn.kind == NodeKind::kRange && dn.flag) {
    // `for i in a..b`: the integers or the dates from a to b, ascending or descending.
    Value lo = evaluate(*dn.kids[0], scope, ctx), hi = evaluate(*dn.kids[1], scope, ctx);
    std::optional<int64_t> a, b;
    bool dates = lo.is(Type::kDate) && hi.is(Type::kDate);
    if (dates) {
      a = lo.as_date().epoch_day();
      b = hi.as_date().epoch_day();
    } else if (lo.is(Type::kNumber) && hi.is(Type::kNumber)) {
      a = lo.as_number().to_int64();
      b = hi.as_number().to_int64();
    }
    if (!a || !b) {
      ctx.warn("an iteration range needs two integers or two dates");
      return Value(false);
    }
    int64_t step = *a <= *b ? 1 : -1;
    for (int64_t i = *a;; i += step) {
      items.push_back(dates ? Value(Date::from_epoch_day(i)) : Value(i));
      if (i == *b || items.size() > 1000000) break;
    }
    return iterate_items(n, level, items, scope, ctx, out);
  }
  Value dom = evaluate(dn, scope, ctx);
  if (dn.kind == NodeKind::kRange && !dom.is(Type::kRange)) return Value(false);  // invalid range
  if (dom.is(Type::kRange)) {
    const Range& r = dom.as_range();
    if (!r.low.is(Type::kNumber) || !r.high.is(Type::kNumber)) return Value(false);
    std::optional<int64_t> lo = r.low.as_number().to_int64(), hi = r.high.as_number().to_int64();
    if (!lo || !hi) return Value(false);
    int64_t step = *lo <= *hi ? 1 : -1;
    for (int64_t i = *lo;; i += step) {
      items.push_back(Value(i));
      if (i == *hi || items.size() > 1000000) break;
    }
  } else if (dom.is(Type::kList)) {
    items = dom.as_list();
  } else {
    items.push_back(dom);
  }
  return iterate_items(n, level, items, scope, ctx, out);
}

bool quantify(const Node& n, size_t level, const Scope& scope, EvalContext& ctx, bool some) {
  if (level + 1 == n.kids.size()) {
    Value v = evaluate(*n.kids.back(), scope, ctx);
    bool t = v.is(Type::kBoolean) && v.as_bool();
    return some ? t : !t;  // "found a witness" for some, "found a counterexample" for every
  }
  Value dom = evaluate(*n.kids[level], scope, ctx);
  List items = dom.is(Type::kList) ? dom.as_list() : List{dom};
  for (const auto& it : items) {
    Scope s{&scope, nullptr, &n.names[level], &it};
    if (quantify(n, level + 1, s, ctx, some)) return true;
  }
  return false;
}

Value filter(const Node& n, const Scope& scope, EvalContext& ctx) {
  Value base = evaluate(*n.kids[0], scope, ctx);
  if (base.is_null()) return {};
  bool singleton = !base.is(Type::kList);
  List items = singleton ? List{base} : base.as_list();
  const Node& cond = *n.kids[1];
  auto index_of = [&](const Decimal& d) -> Value {
    auto i = d.to_int64();
    if (!i || *i == 0) return {};
    int64_t sz = static_cast<int64_t>(items.size());
    int64_t k = *i > 0 ? *i - 1 : sz + *i;
    if (k < 0 || k >= sz) return {};
    return items[static_cast<size_t>(k)];
  };
  if (items.empty()) {
    Value c = evaluate(cond, scope, ctx);
    if (c.is(Type::kNumber)) return {};
    return List{};
  }
  List out;
  for (size_t i = 0; i < items.size(); ++i) {
    const Value& it = items[i];
    Scope s1{&scope, nullptr, &kItem, &it};
    Scope s2{&s1, it.is(Type::kContext) ? &it.as_context() : nullptr, nullptr, nullptr};
    Value c = evaluate(cond, s2, ctx);
    if (i == 0 && c.is(Type::kNumber)) return index_of(c.as_number());
    if (c.is(Type::kBoolean) && c.as_bool()) out.push_back(it);
  }
  return out;
}

Value make_function(const Node& n, const Scope& scope, EvalContext& ctx, const NodePtr& self) {
  if (n.flag) {  // external: only the Java methods of java_functions.cpp are provided
    auto f = java_function_from_context(evaluate(*n.kids[0], scope, ctx), n.names);
    if (!f) ctx.warn("external function not provided: " + n.kids[0]->name);
    return f ? Value(f) : Value();
  }
  auto closure = std::make_shared<const Context>(scope.flatten());
  Overload o;
  for (const auto& p : n.names) o.params.push_back(Param{p});
  NodePtr body = self->kids[0];
  auto def = self;
  auto self_name = std::make_shared<std::string>();
  auto self_fn = std::make_shared<std::weak_ptr<const Function>>();
  o.impl = [closure, body, def, self_name, self_fn](std::span<const Value> args, EvalContext& c) -> Value {
    Context params;
    if (!self_name->empty()) {
      if (auto f = self_fn->lock()) params.entries.emplace_back(*self_name, Value(std::shared_ptr<const Function>(f)));
    }
    for (size_t i = 0; i < def->names.size(); ++i) {
      Value a = i < args.size() ? args[i] : Value();
      const TypeSpec& t = def->types[i];
      if (!t.name.empty() && !a.is_null() && !instance_of(a, t, c.types)) {
        c.warn("argument " + def->names[i] + " does not conform to " + t.name);
        return {};
      }
      params.set(def->names[i], std::move(a));
    }
    Scope outer{nullptr, closure.get(), nullptr, nullptr};
    Scope inner{&outer, &params, nullptr, nullptr};
    if (++c.depth > 400) {
      --c.depth;
      c.warn("recursion too deep");
      return {};
    }
    Value r = evaluate(*body, inner, c);
    --c.depth;
    return r;
  };
  auto f = std::make_shared<Function>();
  f->name = "anonymous";
  f->overloads.push_back(std::move(o));
  f->self_name = self_name;
  *self_fn = f;
  return Value(std::shared_ptr<const Function>(f));
}


// `rest` ("b.c") read from `base` as a path; a key may itself contain dots.
std::optional<Value> member_path(const Value& base, std::string_view rest) {
  bool found = false;
  Value v = property(base, std::string(rest), found);
  if (found) return v;
  for (size_t dot = rest.find('.'); dot != std::string_view::npos; dot = rest.find('.', dot + 1)) {
    Value head = property(base, std::string(rest.substr(0, dot)), found);
    if (!found) continue;
    if (auto r = member_path(head, rest.substr(dot + 1))) return r;
  }
  return std::nullopt;
}

// A name with dots that is not itself in scope (the parser joins "a.b" when "a.b" is a known
// name somewhere in the model, e.g. an import prefix or a BKM parameter) read as a path:
// `myimport.Say Hello` is entry "Say Hello" of the import context `myimport`.
std::optional<Value> lookup_dotted(const Scope& scope, std::string_view name) {
  for (size_t dot = name.find('.'); dot != std::string_view::npos; dot = name.find('.', dot + 1)) {
    if (const Value* base = scope.lookup(name.substr(0, dot)))
      if (auto v = member_path(*base, name.substr(dot + 1))) return v;
  }
  return std::nullopt;
}

Value eval_call(const Node& n, const Scope& scope, EvalContext& ctx) {
  const Node& callee = *n.kids[0];
  Value fn;
  if (callee.kind == NodeKind::kName) {
    if (const Value* v = scope.lookup(callee.name)) fn = *v;
    else if (auto b = find_builtin(callee.name)) fn = Value(b);
    else if (auto d = lookup_dotted(scope, callee.name)) fn = *d;
    else {
      ctx.warn("unknown function '" + callee.name + "'");
      return {};
    }
  } else {
    fn = evaluate(callee, scope, ctx);
  }
  if (!fn.is(Type::kFunction)) {
    ctx.warn("not a function");
    return {};
  }
  std::vector<Value> args;
  args.reserve(n.kids.size() - 1);
  for (size_t i = 1; i < n.kids.size(); ++i) args.push_back(evaluate(*n.kids[i], scope, ctx));
  return invoke(fn.as_function(), std::move(args), n.names, ctx);
}
}  // namespace

const Value* Scope::lookup(std::string_view n) const {
  for (const Scope* s = this; s; s = s->parent) {
    if (s->name) {
      if (*s->name == n) return s->value;
    } else if (s->vars) {
      if (const Value* v = s->vars->find(n)) return v;
    }
  }
  return nullptr;
}

Context Scope::flatten() const {
  std::vector<const Scope*> chain;
  for (const Scope* s = this; s; s = s->parent) chain.push_back(s);
  Context out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const Scope* s = *it;
    if (s->name) out.set(*s->name, *s->value);
    else if (s->vars)
      for (const auto& [k, v] : s->vars->entries) out.set(k, v);
  }
  return out;
}

Value EvalContext::call(const Value& fn, std::vector<Value> args) {
  if (!fn.is(Type::kFunction)) {
    warn("not a function");
    return {};
  }
  return invoke(fn.as_function(), std::move(args), {}, *this);
}

Value invoke(const Function& f, std::vector<Value> args, const std::vector<std::string>& names, EvalContext& ctx) {
  for (const Overload& o : f.overloads) {
    std::vector<Value> bound;
    if (names.empty()) {
      size_t required = 0;
      bool variadic = false;
      for (const auto& p : o.params) {
        if (!p.optional && !p.variadic) ++required;
        variadic = variadic || p.variadic;
      }
      if (args.size() < required || (!variadic && args.size() > o.params.size())) continue;
      return o.impl(args, ctx);
    }
    bool ok = true;
    std::vector<std::optional<Value>> slots(o.params.size());
    for (size_t i = 0; i < names.size() && ok; ++i) {
      ok = false;
      for (size_t k = 0; k < o.params.size(); ++k) {
        if (o.params[k].name == names[i] && !slots[k]) {
          slots[k] = args[i];
          ok = true;
        }
      }
    }
    if (!ok) continue;
    size_t last = 0;
    for (size_t k = 0; k < slots.size(); ++k) {
      if (!slots[k] && !o.params[k].optional && !o.params[k].variadic) ok = false;
      if (slots[k]) last = k + 1;
    }
    if (!ok) continue;
    for (size_t k = 0; k < last; ++k) {
      if (o.params[k].variadic && slots[k] && slots[k]->is(Type::kList)) {
        for (const auto& e : slots[k]->as_list()) bound.push_back(e);
      } else {
        bound.push_back(slots[k].value_or(Value()));
      }
    }
    return o.impl(bound, ctx);
  }
  ctx.warn("no overload of " + f.name + " accepts these arguments");
  return {};
}

Value evaluate(const Node& n, const Scope& scope, EvalContext& ctx) {
  switch (n.kind) {
    case NodeKind::kLiteral: return n.literal;
    case NodeKind::kName: {
      if (const Value* v = scope.lookup(n.name)) return *v;
      if (auto b = find_builtin(n.name)) return Value(b);
      if (auto d = lookup_dotted(scope, n.name)) return *d;
      ctx.warn("unknown variable '" + n.name + "'");
      return {};
    }
    case NodeKind::kInputRef: {
      if (const Value* v = scope.lookup(kInput)) return *v;
      return {};
    }
    case NodeKind::kPath: {
      Value base = evaluate(*n.kids[0], scope, ctx);
      if (base.is(Type::kList)) {
        List out;
        for (const auto& e : base.as_list()) {
          bool found;
          out.push_back(property(e, n.name, found));
        }
        return out;
      }
      bool found;
      Value v = property(base, n.name, found);
      if (!found && !base.is_null()) ctx.warn("no property '" + n.name + "'");
      return v;
    }
    case NodeKind::kFilter: return filter(n, scope, ctx);
    case NodeKind::kCall: return eval_call(n, scope, ctx);
    case NodeKind::kNegate: return negate(evaluate(*n.kids[0], scope, ctx));
    case NodeKind::kArith: {
      Value a = evaluate(*n.kids[0], scope, ctx);
      Value b = evaluate(*n.kids[1], scope, ctx);
      Value r = arithmetic(n.op, a, b);
      if (r.is_null() && !a.is_null() && !b.is_null()) ctx.warn("invalid arithmetic operands");
      return r;
    }
    case NodeKind::kAnd: {
      Value a = boolean_or_null(evaluate(*n.kids[0], scope, ctx));
      if (a.is(Type::kBoolean) && !a.as_bool()) return false;
      Value b = boolean_or_null(evaluate(*n.kids[1], scope, ctx));
      if (b.is(Type::kBoolean) && !b.as_bool()) return false;
      if (a.is_null() || b.is_null()) return {};
      return true;
    }
    case NodeKind::kOr: {
      Value a = boolean_or_null(evaluate(*n.kids[0], scope, ctx));
      if (a.is(Type::kBoolean) && a.as_bool()) return true;
      Value b = boolean_or_null(evaluate(*n.kids[1], scope, ctx));
      if (b.is(Type::kBoolean) && b.as_bool()) return true;
      if (a.is_null() || b.is_null()) return {};
      return false;
    }
    case NodeKind::kCompare:
      return compare(n.op, evaluate(*n.kids[0], scope, ctx), evaluate(*n.kids[1], scope, ctx));
    case NodeKind::kBetween: {
      Value v = evaluate(*n.kids[0], scope, ctx);
      Value ge = compare(Op::kGe, v, evaluate(*n.kids[1], scope, ctx));
      Value le = compare(Op::kLe, v, evaluate(*n.kids[2], scope, ctx));
      if (ge.is(Type::kBoolean) && le.is(Type::kBoolean)) return ge.as_bool() && le.as_bool();
      if ((ge.is(Type::kBoolean) && !ge.as_bool()) || (le.is(Type::kBoolean) && !le.as_bool())) return false;
      return {};
    }
    case NodeKind::kIn: return evaluate_test(*n.kids[1], evaluate(*n.kids[0], scope, ctx), scope, ctx);
    case NodeKind::kInstanceOf: return instance_of(evaluate(*n.kids[0], scope, ctx), n.types[0], ctx.types);
    case NodeKind::kIf: {
      Value c = evaluate(*n.kids[0], scope, ctx);
      return evaluate(*n.kids[c.is(Type::kBoolean) && c.as_bool() ? 1 : 2], scope, ctx);
    }
    case NodeKind::kFor: {
      List out;
      Value r = iterate_for(n, 0, scope, ctx, out);
      if (r.is(Type::kBoolean)) return {};
      return out;
    }
    case NodeKind::kQuantified: {
      bool some = n.op == Op::kSome;
      bool hit = quantify(n, 0, scope, ctx, some);
      return some ? hit : !hit;
    }
    case NodeKind::kList: {
      List out;
      out.reserve(n.kids.size());
      for (const auto& k : n.kids) out.push_back(evaluate(*k, scope, ctx));
      return out;
    }
    case NodeKind::kContext: {
      Context c;
      Scope s{&scope, &c, nullptr, nullptr};
      for (size_t i = 0; i < n.kids.size(); ++i) {
        Value v = evaluate(*n.kids[i], s, ctx);
        for (const auto& [k, _] : c.entries)
          if (k == n.names[i]) {
            ctx.warn("duplicate context key '" + k + "'");
            return {};
          }
        if (v.is(Type::kFunction) && v.as_function().self_name && v.as_function().self_name->empty())
          *v.as_function().self_name = n.names[i];
        c.entries.emplace_back(n.names[i], std::move(v));
      }
      return c;
    }
    case NodeKind::kRange: {
      Range r;
      r.low = evaluate(*n.kids[0], scope, ctx);
      r.high = evaluate(*n.kids[1], scope, ctx);
      r.low_closed = n.low_closed;
      r.high_closed = n.high_closed;
      if (!r.low.is_null() && !r.high.is_null()) {
        auto c = values_compare(r.low, r.high);
        if (!c) {
          ctx.warn("range endpoints are not comparable");
          return {};
        }
        if (*c > 0 && !n.flag) {  // a range value may not descend (an iteration `a..b` may)
          ctx.warn("range start is after its end");
          return {};
        }
      }
      return r;
    }
    case NodeKind::kTestCompare: {
      Value e = evaluate(*n.kids[0], scope, ctx);
      Range r;
      switch (n.op) {
        case Op::kLt: r.high = e; r.high_closed = false; r.low_closed = false; r.low_unbounded = true; break;
        case Op::kLe: r.high = e; r.low_closed = false; r.low_unbounded = true; break;
        case Op::kGt: r.low = e; r.low_closed = false; r.high_closed = false; r.high_unbounded = true; break;
        case Op::kGe: r.low = e; r.high_closed = false; r.high_unbounded = true; break;
        default: r.low = e; r.high = e; r.point = true; break;
      }
      return r;
    }
    case NodeKind::kFunctionDef: {
      // The node is owned by a shared_ptr somewhere in the tree; rebuild one that shares
      // ownership of the body only (the body is all the closure needs).
      auto self = std::make_shared<Node>(n);
      return make_function(n, scope, ctx, self);
    }
    default: return evaluate_test(n, scope.lookup(kInput) ? *scope.lookup(kInput) : Value(), scope, ctx);
  }
}

bool in_range(const Value& v, const Range& r, EvalContext&, bool& null_result) {
  null_result = false;
  if (v.is_null() || (r.low.is_null() && !r.low_unbounded) || (r.high.is_null() && !r.high_unbounded)) {
    null_result = true;
    return false;
  }
  if (!r.low.is_null()) {
    auto c = values_compare(v, r.low);
    if (!c) { null_result = true; return false; }
    if (*c < 0 || (*c == 0 && !r.low_closed)) return false;
  }
  if (!r.high.is_null()) {
    auto c = values_compare(v, r.high);
    if (!c) { null_result = true; return false; }
    if (*c > 0 || (*c == 0 && !r.high_closed)) return false;
  }
  return true;
}

Value evaluate_test(const Node& n, const Value& input, const Scope& scope, EvalContext& ctx) {
  switch (n.kind) {
    case NodeKind::kTestAny: return true;
    case NodeKind::kTests: {
      bool any_null = false;
      for (const auto& k : n.kids) {
        Value r = evaluate_test(*k, input, scope, ctx);
        if (r.is(Type::kBoolean) && r.as_bool()) return true;
        if (r.is_null()) any_null = true;
      }
      if (any_null && n.kids.size() == 1) return {};
      return false;
    }
    case NodeKind::kTestNot: {
      Value r = evaluate_test(*n.kids[0], input, scope, ctx);
      return r.is(Type::kBoolean) ? Value(!r.as_bool()) : Value();
    }
    case NodeKind::kTestCompare: {
      Scope s{&scope, nullptr, &kInput, &input};
      return compare(n.op, input, evaluate(*n.kids[0], s, ctx));
    }
    case NodeKind::kTestExpr: {
      Scope s{&scope, nullptr, &kInput, &input};
      Value v = evaluate(*n.kids[0], s, ctx);
      if (v.is(Type::kBoolean) && (!input.is(Type::kBoolean) || uses_input(*n.kids[0]))) return v;
      if (v.is(Type::kRange)) {
        bool null_result;
        bool in = in_range(input, v.as_range(), ctx, null_result);
        return null_result ? Value() : Value(in);
      }
      if (v.is(Type::kList)) {
        // A list of values or ranges: the input matches one of its elements (DMN 1.5 `in`);
        // a list input may also equal the whole list.
        if (input.is(Type::kList)) {
          auto eq = values_equal(input, v);
          if (eq && *eq) return true;
        }
        for (const auto& e : v.as_list()) {
          if (e.is(Type::kRange) && !input.is(Type::kRange)) {
            bool null_result;
            if (in_range(input, e.as_range(), ctx, null_result)) return true;
            continue;
          }
          auto eq = values_equal(input, e);
          if (eq && *eq) return true;
        }
        return false;
      }
      return compare(Op::kEq, input, v);
    }
    default: {
      Scope s{&scope, nullptr, &kInput, &input};
      Value v = evaluate(n, s, ctx);
      return compare(Op::kEq, input, v);
    }
  }
}

}  // namespace dpc::feel
