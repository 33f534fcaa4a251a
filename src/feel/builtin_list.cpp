// List built-ins.
#include <algorithm>
#include <cmath>

#include "builtin_util.h"
#include "operators.h"

namespace dpc::feel {
using namespace bi;

namespace {
bool contains(const List& l, const Value& v) {
  for (const auto& e : l) {
    auto eq = values_equal(e, v);
    if (eq && *eq) return true;
  }
  return false;
}

Value extreme(Args a, int want) {
  auto l = list_or_varargs(a);
  if (!l || l->empty()) return {};
  Value best = (*l)[0];
  for (const auto& e : *l) {
    auto c = values_compare(e, best);
    if (!c) return {};
    if (*c == want) best = e;
  }
  return best;
}

std::optional<std::vector<Decimal>> numbers(Args a) {
  auto l = list_or_varargs(a);
  if (!l) return std::nullopt;
  std::vector<Decimal> out;
  for (const auto& e : *l) {
    if (!e.is(Type::kNumber)) return std::nullopt;
    out.push_back(e.as_number());
  }
  return out;
}

Value sum(Args a, EvalContext&) {
  auto n = numbers(a);
  if (!n) return {};
  if (n->empty()) return {};
  Decimal s;
  for (const auto& d : *n) {
    auto r = Decimal::add(s, d);
    if (!r) return {};
    s = *r;
  }
  return s;
}

Value mean(Args a, EvalContext& c) {
  auto n = numbers(a);
  if (!n || n->empty()) return {};
  Value s = sum(a, c);
  if (s.is_null()) return {};
  return Value::from_optional(Decimal::div(s.as_number(), Decimal::from_int(static_cast<int64_t>(n->size()))));
}

Value boolean_fold(Args a, bool all) {
  auto l = list_or_varargs(a);
  if (!l) return {};
  bool saw_null = false;
  for (const auto& e : *l) {
    if (!e.is(Type::kBoolean)) { saw_null = true; continue; }
    if (e.as_bool() != all) return !all;
  }
  if (saw_null) return {};
  return all;
}

Value sublist(Args a, EvalContext&) {
  const List* l = list(a, 0);
  auto start = integer(a, 1);
  if (!l || !start || *start == 0) return {};
  int64_t n = static_cast<int64_t>(l->size());
  int64_t from = *start > 0 ? *start - 1 : n + *start;
  if (from < 0 || from >= n) return {};
  int64_t len = n - from;
  if (a.size() > 2) {
    auto ln = integer(a, 2);
    if (!ln || *ln < 0 || from + *ln > n) return {};
    len = *ln;
  }
  return List(l->begin() + from, l->begin() + from + len);
}

Value flatten_into(const Value& v, List& out) {
  if (v.is(Type::kList))
    for (const auto& e : v.as_list()) flatten_into(e, out);
  else
    out.push_back(v);
  return {};
}

Value sort(Args a, EvalContext& c) {
  const List* l = list(a, 0);
  if (!l) return {};
  List out = *l;
  const Value& fn = arg(a, 1);
  bool failed = false;
  if (fn.is(Type::kFunction)) {
    std::stable_sort(out.begin(), out.end(), [&](const Value& x, const Value& y) {
      Value r = c.call(fn, {x, y});
      return r.is(Type::kBoolean) && r.as_bool();
    });
  } else if (fn.is_null()) {
    std::stable_sort(out.begin(), out.end(), [&](const Value& x, const Value& y) {
      auto r = values_compare(x, y);
      if (!r) failed = true;
      return r && *r < 0;
    });
  } else {
    return {};
  }
  if (failed) return {};
  return out;
}

Value list_replace(Args a, EvalContext& c) {
  if (arg(a, 0).is_null()) return {};
  List out = list(a, 0) ? *list(a, 0) : List{arg(a, 0)};  // a single value is a singleton list
  const Value& where = arg(a, 1);
  if (where.is(Type::kNumber)) {
    auto i = integer(a, 1);
    int64_t n = static_cast<int64_t>(out.size());
    if (!i || *i == 0 || *i > n || *i < -n) return {};
    out[static_cast<size_t>(*i > 0 ? *i - 1 : n + *i)] = arg(a, 2);
    return out;
  }
  if (!where.is(Type::kFunction)) return {};
  for (auto& e : out) {
    Value r = c.call(where, {e, arg(a, 2)});
    if (!r.is(Type::kBoolean)) return {};  // the match function must decide every item
    if (r.as_bool()) e = arg(a, 2);
  }
  return out;
}

Value median(Args a, EvalContext&) {
  auto n = numbers(a);
  if (!n || n->empty()) return {};
  std::sort(n->begin(), n->end());
  size_t m = n->size() / 2;
  if (n->size() % 2) return (*n)[m];
  auto s = Decimal::add((*n)[m - 1], (*n)[m]);
  return Value::from_optional(Decimal::div(*s, Decimal::from_int(2)));
}

Value stddev(Args a, EvalContext&) {
  auto n = numbers(a);
  if (!n || n->size() < 2) return {};
  Decimal s;
  for (auto& d : *n) s = *Decimal::add(s, d);
  Decimal mean = *Decimal::div(s, Decimal::from_int(static_cast<int64_t>(n->size())));
  Decimal acc;
  for (auto& d : *n) {
    Decimal dev = *Decimal::sub(d, mean);
    acc = *Decimal::add(acc, *Decimal::mul(dev, dev));
  }
  auto var = Decimal::div(acc, Decimal::from_int(static_cast<int64_t>(n->size() - 1)));
  if (!var) return {};
  // Newton iterations in decimal for a correctly rounded square root.
  Decimal x = *Decimal::from_double(std::sqrt(var->to_double()));
  for (int i = 0; i < 6 && !x.is_zero(); ++i)
    x = *Decimal::div(*Decimal::add(x, *Decimal::div(*var, x)), Decimal::from_int(2));
  return x;
}

Value mode(Args a, EvalContext&) {
  auto n = numbers(a);
  if (!n) return {};
  std::sort(n->begin(), n->end());
  List out;
  size_t best = 0;
  for (size_t i = 0; i < n->size();) {
    size_t j = i;
    while (j < n->size() && (*n)[j] == (*n)[i]) ++j;
    if (j - i > best) { best = j - i; out.clear(); }
    if (j - i == best) out.push_back((*n)[i]);
    i = j;
  }
  return out;
}
}  // namespace

void add_list_builtins(std::vector<BuiltinSpec>& t) {
  t.push_back({"list contains", {p("list"), p("element")}, "whether the list contains element",
               [](Args a, EvalContext&) -> Value { return list(a, 0) ? Value(contains(*list(a, 0), arg(a, 1))) : Value(); }});
  t.push_back({"count", {var("list")}, "number of elements", [](Args a, EvalContext&) -> Value {
                 auto l = list_or_varargs(a);
                 return l ? Value(static_cast<int64_t>(l->size())) : Value();
               }});
  t.push_back({"min", {var("list")}, "smallest element", [](Args a, EvalContext&) { return extreme(a, -1); }});
  t.push_back({"max", {var("list")}, "largest element", [](Args a, EvalContext&) { return extreme(a, 1); }});
  t.push_back({"sum", {var("list")}, "sum of numbers", sum});
  t.push_back({"mean", {var("list")}, "arithmetic mean", mean});
  t.push_back({"all", {var("list")}, "logical and of booleans", [](Args a, EvalContext&) { return boolean_fold(a, true); }});
  t.push_back({"any", {var("list")}, "logical or of booleans", [](Args a, EvalContext&) { return boolean_fold(a, false); }});
  t.push_back({"sublist", {p("list"), p("start position"), opt("length")}, "part of a list", sublist});
  t.push_back({"append", {p("list"), var("item")}, "list with items appended", [](Args a, EvalContext&) -> Value {
                 if (!list(a, 0)) return {};
                 List out = *list(a, 0);
                 out.insert(out.end(), a.begin() + 1, a.end());
                 return out;
               }});
  t.push_back({"concatenate", {var("lists")}, "lists joined", [](Args a, EvalContext&) -> Value {
                 List out;
                 for (const auto& l : a) {
                   if (!l.is(Type::kList)) return {};
                   out.insert(out.end(), l.as_list().begin(), l.as_list().end());
                 }
                 return out;
               }});
  t.push_back({"insert before", {p("list"), p("position"), p("newItem")}, "list with an item inserted",
               [](Args a, EvalContext&) -> Value {
                 const List* l = list(a, 0);
                 auto i = integer(a, 1);
                 if (!l || !i || *i == 0) return {};
                 int64_t n = static_cast<int64_t>(l->size());
                 int64_t k = *i > 0 ? *i - 1 : n + *i;
                 if (k < 0 || k >= n) return {};
                 List out = *l;
                 out.insert(out.begin() + k, arg(a, 2));
                 return out;
               }});
  t.push_back({"remove", {p("list"), p("position")}, "list without the item at position",
               [](Args a, EvalContext&) -> Value {
                 const List* l = list(a, 0);
                 auto i = integer(a, 1);
                 if (!l || !i || *i == 0) return {};
                 int64_t n = static_cast<int64_t>(l->size());
                 int64_t k = *i > 0 ? *i - 1 : n + *i;
                 if (k < 0 || k >= n) return {};
                 List out = *l;
                 out.erase(out.begin() + k);
                 return out;
               }});
  t.push_back({"reverse", {p("list")}, "list reversed", [](Args a, EvalContext&) -> Value {
                 if (!list(a, 0)) return {};
                 return List(list(a, 0)->rbegin(), list(a, 0)->rend());
               }});
  t.push_back({"index of", {p("list"), p("match")}, "positions of match", [](Args a, EvalContext&) -> Value {
                 const List* l = list(a, 0);
                 if (!l) return {};
                 List out;
                 for (size_t i = 0; i < l->size(); ++i) {
                   auto eq = values_equal((*l)[i], arg(a, 1));
                   if (eq && *eq) out.push_back(Value(static_cast<int64_t>(i + 1)));
                 }
                 return out;
               }});
  t.push_back({"union", {var("lists")}, "distinct elements of all lists", [](Args a, EvalContext&) -> Value {
                 List out;
                 for (const auto& l : a) {
                   if (!l.is(Type::kList)) return {};
                   for (const auto& e : l.as_list())
                     if (!contains(out, e)) out.push_back(e);
                 }
                 return out;
               }});
  t.push_back({"distinct values", {p("list")}, "elements without duplicates", [](Args a, EvalContext&) -> Value {
                 if (!list(a, 0)) return {};
                 List out;
                 for (const auto& e : *list(a, 0))
                   if (!contains(out, e)) out.push_back(e);
                 return out;
               }});
  t.push_back({"flatten", {p("list")}, "nested lists flattened", [](Args a, EvalContext&) -> Value {
                 if (!list(a, 0)) return {};
                 List out;
                 flatten_into(arg(a, 0), out);
                 return out;
               }});
  t.push_back({"product", {var("list")}, "product of numbers", [](Args a, EvalContext&) -> Value {
                 auto n = numbers(a);
                 if (!n || n->empty()) return {};
                 Decimal r = Decimal::from_int(1);
                 for (auto& d : *n) {
                   auto m = Decimal::mul(r, d);
                   if (!m) return {};
                   r = *m;
                 }
                 return r;
               }});
  t.push_back({"median", {var("list")}, "median of numbers", median});
  t.push_back({"stddev", {var("list")}, "sample standard deviation", stddev});
  t.push_back({"mode", {var("list")}, "most frequent numbers, ascending", mode});
  t.push_back({"sort", {p("list"), opt("precedes")}, "list sorted", sort});
  t.push_back({"list replace", {p("list"), p("position"), p("newItem")}, "list with an item replaced", list_replace});
  t.push_back({"list replace", {p("list"), p("match"), p("newItem")}, "list with matching items replaced", list_replace});
}

}  // namespace dpc::feel
