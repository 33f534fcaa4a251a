// `instance of` over FEEL types.
#include "dpc/feel/evaluator.h"

namespace dpc::feel {

namespace {
std::string strip_prefix(const std::string& n) {
  for (const char* p : {"feel:", "FEEL:", "xsd:"})
    if (n.rfind(p, 0) == 0) return n.substr(std::string(p).size());
  return n;
}
}  // namespace

bool instance_of(const Value& v, const TypeSpec& t, const TypeResolver* types) {
  std::string n = strip_prefix(t.name);
  if (n == "Any" || n.empty()) return !v.is_null() || n.empty();
  if (n == "Null") return v.is_null();
  if (v.is_null()) return false;
  if (types && t.args.empty() && t.fields.empty() && !t.result) {
    static const char* feel_types[] = {"boolean", "number", "decimal", "integer", "double", "string", "date",
                                       "time", "date and time", "dateTime", "days and time duration",
                                       "dayTimeDuration", "years and months duration", "yearMonthDuration",
                                       "list", "context", "range", "function"};
    bool known = false;
    for (const char* f : feel_types) known = known || n == f;
    if (!known)
      if (auto r = types->is_instance(v, t.name)) return *r;
  }
  switch (v.type()) {
    case Type::kBoolean: return n == "boolean";
    case Type::kNumber: return n == "number" || n == "decimal" || n == "integer" || n == "double";
    case Type::kString: return n == "string";
    case Type::kDate: return n == "date";
    case Type::kTime: return n == "time";
    case Type::kDateTime: return n == "date and time" || n == "dateTime";
    case Type::kDtDuration: return n == "days and time duration" || n == "dayTimeDuration";
    case Type::kYmDuration: return n == "years and months duration" || n == "yearMonthDuration";
    case Type::kList: {
      if (n != "list") return false;
      if (t.args.empty()) return true;
      for (const auto& e : v.as_list())
        if (!e.is_null() && !instance_of(e, t.args[0], types)) return false;
      return true;
    }
    case Type::kContext: {
      if (n != "context") return false;
      for (const auto& [k, ft] : t.fields) {
        const Value* f = v.as_context().find(k);
        if (!f || (!f->is_null() && !instance_of(*f, ft, types))) return false;
      }
      return true;
    }
    case Type::kRange: {
      if (n != "range") return false;
      if (t.args.empty()) return true;
      const Range& r = v.as_range();
      return (r.low.is_null() || instance_of(r.low, t.args[0], types)) && (r.high.is_null() || instance_of(r.high, t.args[0], types));
    }
    case Type::kFunction: {
      if (n != "function") return false;
      if (t.args.empty()) return true;
      for (const auto& o : v.as_function().overloads)
        if (o.params.size() == t.args.size()) return true;
      return false;
    }
    case Type::kNull: return false;
  }
  return false;
}

}  // namespace dpc::feel
