// Context built-ins: get value, get entries, context, context put, context merge.
#include "builtin_util.h"

namespace dpc::feel {
using namespace bi;

namespace {
const Context* ctx_arg(Args a, size_t i) {
  const Value& v = arg(a, i);
  return v.is(Type::kContext) ? &v.as_context() : nullptr;
}

Value put_path(const Context& c, const List& keys, size_t k, const Value& v) {
  if (!keys[k].is(Type::kString)) return {};
  Context out = c;
  const std::string& key = keys[k].as_string();
  if (k + 1 == keys.size()) {
    out.set(key, v);
    return out;
  }
  const Value* inner = c.find(key);
  if (!inner || !inner->is(Type::kContext)) return {};
  Value nested = put_path(inner->as_context(), keys, k + 1, v);
  if (nested.is_null()) return {};
  out.set(key, nested);
  return out;
}
}  // namespace

void add_context_builtins(std::vector<BuiltinSpec>& t) {
  t.push_back({"get value", {p("m"), p("key")}, "value of key in context m", [](Args a, EvalContext&) -> Value {
                 const Context* c = ctx_arg(a, 0);
                 if (!c || !str(a, 1)) return {};
                 const Value* v = c->find(*str(a, 1));
                 return v ? *v : Value();
               }});
  t.push_back({"get entries", {p("m")}, "list of {key, value} contexts", [](Args a, EvalContext&) -> Value {
                 const Context* c = ctx_arg(a, 0);
                 if (!c) return {};
                 List out;
                 for (const auto& [k, v] : c->entries) {
                   Context e;
                   e.entries = {{"key", Value(k)}, {"value", v}};
                   out.push_back(Value(std::move(e)));
                 }
                 return out;
               }});
  t.push_back({"context", {p("entries")}, "context from {key, value} contexts", [](Args a, EvalContext&) -> Value {
                 const Value& v = arg(a, 0);
                 List entries = v.is(Type::kList) ? v.as_list() : List{v};
                 Context out;
                 for (const auto& e : entries) {
                   if (!e.is(Type::kContext)) return {};
                   const Value* k = e.as_context().find("key");
                   const Value* val = e.as_context().find("value");
                   if (!k || !k->is(Type::kString) || !val || out.find(k->as_string())) return {};
                   out.entries.emplace_back(k->as_string(), *val);
                 }
                 return out;
               }});
  // Positional calls take the first overload of matching arity: it accepts a key or a list
  // of keys. Named calls choose by parameter name, and `key:` must be a single string.
  t.push_back({"context put", {p("context"), p("keys"), p("value")}, "context with a nested key set",
               [](Args a, EvalContext&) -> Value {
                 const Context* c = ctx_arg(a, 0);
                 if (!c) return {};
                 const Value& k = arg(a, 1);
                 if (k.is(Type::kString)) return put_path(*c, List{k}, 0, arg(a, 2));
                 if (k.is(Type::kList) && !k.as_list().empty()) return put_path(*c, k.as_list(), 0, arg(a, 2));
                 return {};
               }});
  t.push_back({"context put", {p("context"), p("key"), p("value")}, "context with key set",
               [](Args a, EvalContext&) -> Value {
                 const Context* c = ctx_arg(a, 0);
                 if (!c || !str(a, 1)) return {};
                 return put_path(*c, List{arg(a, 1)}, 0, arg(a, 2));
               }});
  t.push_back({"context merge", {p("contexts")}, "contexts merged, later keys win", [](Args a, EvalContext&) -> Value {
                 if (arg(a, 0).is_null()) return {};
                 List single{arg(a, 0)};  // one context stands for the list of it
                 const List* l = list(a, 0) ? list(a, 0) : &single;
                 Context out;
                 for (const auto& c : *l) {
                   if (!c.is(Type::kContext)) return {};
                   for (const auto& [k, v] : c.as_context().entries) out.set(k, v);
                 }
                 return out;
               }});
}

}  // namespace dpc::feel
