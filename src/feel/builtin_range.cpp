// Range (interval) built-ins of DMN 1.5: before, after, meets, ... coincides. A point is
// treated as the closed range [p..p].
#include "builtin_util.h"
#include "dpc/feel/parser.h"

namespace dpc::feel {
using namespace bi;

namespace {
struct Iv {
  Value s, e;
  bool si = true, ei = true;
};

std::optional<Iv> iv(const Value& v) {
  if (v.is_null()) return std::nullopt;
  if (v.is(Type::kRange)) {
    const Range& r = v.as_range();
    return Iv{r.low, r.high, r.low_closed, r.high_closed};
  }
  if (v.is(Type::kList) || v.is(Type::kContext) || v.is(Type::kFunction) || v.is(Type::kBoolean)) return std::nullopt;
  return Iv{v, v, true, true};
}

// -2 = not comparable.
int cmp(const Value& a, const Value& b) {
  auto c = values_compare(a, b);
  return c ? *c : -2;
}

using Rel = std::optional<bool> (*)(const Iv&, const Iv&);

std::optional<bool> before(const Iv& a, const Iv& b) {
  int c = cmp(a.e, b.s);
  if (c == -2) return std::nullopt;
  return c < 0 || (c == 0 && (!a.ei || !b.si));
}
std::optional<bool> meets(const Iv& a, const Iv& b) {
  int c = cmp(a.e, b.s);
  if (c == -2) return std::nullopt;
  return a.ei && b.si && c == 0;
}
std::optional<bool> overlaps(const Iv& a, const Iv& b) {
  int c1 = cmp(a.e, b.s), c2 = cmp(b.e, a.s);
  if (c1 == -2 || c2 == -2) return std::nullopt;
  return (c1 > 0 || (c1 == 0 && a.ei && b.si)) && (c2 > 0 || (c2 == 0 && b.ei && a.si));
}
std::optional<bool> overlaps_before(const Iv& a, const Iv& b) {
  int ss = cmp(a.s, b.s), es = cmp(a.e, b.s), ee = cmp(a.e, b.e);
  if (ss == -2 || es == -2 || ee == -2) return std::nullopt;
  bool start_before = ss < 0 || (ss == 0 && a.si && !b.si);
  bool end_inside = (es > 0 || (es == 0 && a.ei && b.si)) && (ee < 0 || (ee == 0 && (!a.ei || b.ei)));
  return start_before && end_inside;
}
std::optional<bool> includes(const Iv& a, const Iv& b) {
  int ss = cmp(a.s, b.s), ee = cmp(a.e, b.e);
  if (ss == -2 || ee == -2) return std::nullopt;
  bool lo = ss < 0 || (ss == 0 && (a.si || !b.si));
  bool hi = ee > 0 || (ee == 0 && (a.ei || !b.ei));
  return lo && hi;
}
std::optional<bool> finishes(const Iv& a, const Iv& b) {
  int ee = cmp(a.e, b.e), ss = cmp(a.s, b.s);
  if (ee == -2 || ss == -2) return std::nullopt;
  return ee == 0 && a.ei == b.ei && (ss > 0 || (ss == 0 && (!a.si || b.si)));
}
std::optional<bool> starts(const Iv& a, const Iv& b) {
  int ss = cmp(a.s, b.s), ee = cmp(a.e, b.e);
  if (ee == -2 || ss == -2) return std::nullopt;
  return ss == 0 && a.si == b.si && (ee < 0 || (ee == 0 && (!a.ei || b.ei)));
}
std::optional<bool> coincides(const Iv& a, const Iv& b) {
  int ss = cmp(a.s, b.s), ee = cmp(a.e, b.e);
  if (ee == -2 || ss == -2) return std::nullopt;
  return ss == 0 && ee == 0 && a.si == b.si && a.ei == b.ei;
}

// An endpoint of a range() string: a literal, `@"..."`, or date/time/date and time/duration
// applied to one string literal. Anything else (names, nested calls) is not allowed.
bool literal_endpoint(const Node& n) {
  if (n.kind == NodeKind::kLiteral) return !n.literal.is_null();
  if (n.kind == NodeKind::kNegate) return literal_endpoint(*n.kids[0]) && n.kids[0]->literal.is(Type::kNumber);
  if (n.kind != NodeKind::kCall || n.flag || n.kids.size() != 2) return false;
  const Node& fn = *n.kids[0];
  static const char* allowed[] = {"@", "date", "time", "date and time", "duration"};
  bool ok = false;
  for (const char* a : allowed) ok = ok || (fn.kind == NodeKind::kName && fn.name == a);
  return ok && n.kids[1]->kind == NodeKind::kLiteral && n.kids[1]->literal.is(Type::kString);
}

Value range_from_string(Args a, EvalContext& ctx) {
  const std::string* s = str(a, 0);
  if (!s) return {};
  auto parsed = parse_expression(*s);
  if (!parsed.node || parsed.node->kind != NodeKind::kRange) return {};
  const Node& r = *parsed.node;
  if (!literal_endpoint(*r.kids[0]) || !literal_endpoint(*r.kids[1])) return {};
  Scope empty;
  Value v = evaluate(r, empty, ctx);
  if (!v.is(Type::kRange)) return {};
  const Range& range = v.as_range();
  if (range.low.is_null() || range.high.is_null() || range.low.type() != range.high.type()) return {};
  auto c = values_compare(range.low, range.high);
  if (!c || *c > 0) return {};
  return v;
}

NativeFn rel(Rel r, bool swap) {
  return [r, swap](Args a, EvalContext&) -> Value {
    auto x = iv(arg(a, 0)), y = iv(arg(a, 1));
    if (!x || !y) return {};
    auto res = swap ? r(*y, *x) : r(*x, *y);
    return res ? Value(*res) : Value();
  };
}
}  // namespace

void add_range_builtins(std::vector<BuiltinSpec>& t) {
  auto two = std::vector<Param>{p("point1"), p("point2")};
  auto add = [&](const char* name, Rel r, bool swap, const char* desc) {
    t.push_back({name, {p("point1"), p("point2")}, desc, rel(r, swap)});
    t.push_back({name, {p("point"), p("range")}, desc, rel(r, swap)});
    t.push_back({name, {p("range"), p("point")}, desc, rel(r, swap)});
    t.push_back({name, {p("range1"), p("range2")}, desc, rel(r, swap)});
  };
  add("before", before, false, "first ends before the second starts");
  add("after", before, true, "first starts after the second ends");
  add("meets", meets, false, "first ends where the second starts (both closed)");
  add("met by", meets, true, "second ends where the first starts");
  add("overlaps", overlaps, false, "the two share a point");
  add("overlaps before", overlaps_before, false, "first starts before and ends inside the second");
  add("overlaps after", overlaps_before, true, "first starts inside and ends after the second");
  add("finishes", finishes, false, "first ends with the second and lies in it");
  add("finished by", finishes, true, "second ends with the first and lies in it");
  add("includes", includes, false, "first contains the second");
  add("during", includes, true, "first lies within the second");
  add("starts", starts, false, "first starts with the second and lies in it");
  add("started by", starts, true, "second starts with the first and lies in it");
  add("coincides", coincides, false, "the two are the same");
  t.push_back({"range", {p("from")}, "the range written in a string of literal endpoints, e.g. range(\"[18..21)\")",
               range_from_string});
}

}  // namespace dpc::feel
