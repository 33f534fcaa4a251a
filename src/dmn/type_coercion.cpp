// Coercion of values to declared DMN types.
#include "dpc/dmn/type_coercion.h"

#include "dpc/feel/parser.h"

namespace dpc::dmn {

using feel::Type;
using feel::Value;

namespace {
std::string strip(const std::string& t) {
  auto k = t.find(':');
  if (k != std::string::npos && t.compare(0, k, "feel") == 0) return t.substr(k + 1);
  return t;
}

bool builtin_type(const std::string& n) {
  static const char* names[] = {"number", "string", "boolean", "date", "time", "date and time",
                                "days and time duration", "years and months duration", "Any",
                                "context", "list", "range", "function", "dateTime", "dayTimeDuration",
                                "yearMonthDuration"};
  for (const char* x : names)
    if (n == x) return true;
  return n.rfind("list<", 0) == 0 || n.rfind("context<", 0) == 0 || n.rfind("range<", 0) == 0 ||
         n.rfind("function<", 0) == 0;
}

Value coerce_item(const Value& v, const ItemDefinition& d, const Model& m, feel::EvalContext& ctx, bool as_collection);

Value coerce_named(const Value& v, const std::string& type_ref, const Model& m, feel::EvalContext& ctx) {
  std::string t = strip(type_ref);
  if (t.empty() || t == "Any" || v.is_null()) return v;
  if (builtin_type(t)) {
    auto spec = feel::parse_type(t);
    if (!spec || feel::instance_of(v, *spec)) return v;
    if (v.is(Type::kList) && v.as_list().size() == 1 && feel::instance_of(v.as_list()[0], *spec)) return v.as_list()[0];
    ctx.warn("value " + v.debug_string() + " does not conform to type " + t);
    return {};
  }
  auto it = m.item_definitions.find(t);
  if (it == m.item_definitions.end()) {
    auto dot = t.find('.');  // imported type "prefix.name"
    if (dot != std::string::npos)
      for (const auto& imp : m.imports) {
        auto it2 = imp->item_definitions.find(t.substr(dot + 1));
        if (it2 != imp->item_definitions.end()) return coerce_item(v, it2->second, *imp, ctx, it2->second.is_collection);
      }
    return v;
  }
  return coerce_item(v, it->second, m, ctx, it->second.is_collection);
}

Value coerce_item(const Value& v, const ItemDefinition& d, const Model& m, feel::EvalContext& ctx, bool as_collection) {
  if (v.is_null()) return v;
  if (as_collection) {
    if (!v.is(Type::kList)) {  // to singleton list (DMN 1.5 10.3.2.9.4) when the value conforms
      feel::EvalContext quiet;
      quiet.types = ctx.types;
      Value e = coerce_item(v, d, m, quiet, false);
      if (!e.is_null()) return feel::List{e};
      ctx.warn("value " + v.debug_string() + " is not a collection of " + d.name);
      return {};
    }
    feel::List out;
    for (const auto& e : v.as_list()) {
      Value c = coerce_item(e, d, m, ctx, false);
      if (c.is_null() && !e.is_null()) return {};
      out.push_back(c);
    }
    return out;
  }
  Value r = v;
  if (!d.components.empty()) {
    if (!v.is(Type::kContext)) {
      ctx.warn("value " + v.debug_string() + " is not a structure " + d.name);
      return {};
    }
    feel::Context out = v.as_context();
    for (const auto& comp : d.components) {
      const Value* f = v.as_context().find(comp.name);
      if (!f) {
        ctx.warn("value " + v.debug_string() + " has no component " + comp.name + " of " + d.name);
        return {};
      }
      Value c = comp.type_ref.empty() && !comp.components.empty() ? coerce_item(*f, comp, m, ctx, comp.is_collection)
                                                                  : coerce_named(*f, comp.type_ref, m, ctx);
      if (!comp.type_ref.empty() && comp.is_collection && !comp.components.empty()) c = coerce_item(*f, comp, m, ctx, true);
      if (comp.allowed_values && !c.is_null()) {
        feel::Scope s;
        Value ok = feel::evaluate_test(*comp.allowed_values->ast(), c, s, ctx);
        if (!(ok.is(Type::kBoolean) && ok.as_bool())) return {};
      }
      if (c.is_null() && !f->is_null()) return {};
      out.set(comp.name, c);
    }
    r = out;
  } else if (!d.type_ref.empty()) {
    r = coerce_named(v, d.type_ref, m, ctx);
    if (r.is_null()) return r;
  }
  if (d.allowed_values) {
    feel::Scope s;
    Value ok = feel::evaluate_test(*d.allowed_values->ast(), r, s, ctx);
    if (!(ok.is(Type::kBoolean) && ok.as_bool())) {
      ctx.warn("value " + r.debug_string() + " is not allowed for " + d.name);
      return {};
    }
  }
  return r;
}
}  // namespace

namespace {
bool conforms(const Value& v, const ItemDefinition& d, const Model& m, bool as_collection, const ModelTypes& types) {
  if (as_collection) {
    if (!v.is(Type::kList)) return false;
    for (const auto& e : v.as_list())
      if (!e.is_null() && !conforms(e, d, m, false, types)) return false;
    return true;
  }
  if (!d.components.empty()) {
    if (!v.is(Type::kContext)) return false;
    for (const auto& comp : d.components) {
      const Value* f = v.as_context().find(comp.name);
      if (!f) return false;
      if (!f->is_null() && !conforms(*f, comp, m, comp.is_collection, types)) return false;
    }
    return true;
  }
  if (d.type_ref.empty()) return true;
  auto spec = feel::parse_type(strip(d.type_ref));
  return !spec || feel::instance_of(v, *spec, &types);
}
}  // namespace

std::optional<bool> ModelTypes::is_instance(const Value& v, const std::string& name) const {
  auto it = model_.item_definitions.find(strip(name));
  if (it == model_.item_definitions.end()) return std::nullopt;
  return conforms(v, it->second, model_, it->second.is_collection, *this);
}

Value coerce(const Value& v, const std::string& type_ref, const Model& model, feel::EvalContext& ctx) {
  return coerce_named(v, type_ref, model, ctx);
}

}  // namespace dpc::dmn
