// Internal helpers for writing built-ins compactly.
#pragma once

#include "dpc/feel/builtins.h"
#include "dpc/feel/evaluator.h"

namespace dpc::feel::bi {

using Args = std::span<const Value>;
inline const Value& arg(Args a, size_t i) {
  static const Value null;
  return i < a.size() ? a[i] : null;
}
// A singleton list stands for its element where a single value is expected
// (DMN 1.5 10.3.2.9.4, "from singleton list").
inline const Value& single(const Value& v) {
  return v.is(Type::kList) && v.as_list().size() == 1 ? v.as_list()[0] : v;
}
inline const Decimal* num(Args a, size_t i) {
  const Value& v = single(arg(a, i));
  return v.is(Type::kNumber) ? &v.as_number() : nullptr;
}
inline const std::string* str(Args a, size_t i) {
  const Value& v = single(arg(a, i));
  return v.is(Type::kString) ? &v.as_string() : nullptr;
}
inline const List* list(Args a, size_t i) {
  const Value& v = arg(a, i);
  return v.is(Type::kList) ? &v.as_list() : nullptr;
}
inline std::optional<int64_t> integer(Args a, size_t i) {
  const Decimal* d = num(a, i);
  if (!d) return std::nullopt;
  return d->round(0, Decimal::Rounding::kDown).to_int64();
}
inline Param p(const char* n) { return Param{n}; }
inline Param opt(const char* n) { return Param{n, true}; }
inline Param var(const char* n) { return Param{n, false, true}; }

// Arguments of a "list or varargs" function as one list (min(1,2) and min([1,2])).
inline std::optional<List> list_or_varargs(Args a) {
  if (a.size() == 1) {
    if (a[0].is(Type::kList)) return a[0].as_list();
    if (a[0].is_null()) return std::nullopt;
  }
  if (a.empty()) return std::nullopt;
  return List(a.begin(), a.end());
}

}  // namespace dpc::feel::bi
