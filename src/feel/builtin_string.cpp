// String built-ins. Positions and lengths count Unicode code points.
#include "builtin_util.h"
#include "xpath_regex.h"

namespace dpc::feel {
using namespace bi;

namespace {
std::vector<std::string> code_points(const std::string& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

// Flags as matches/replace take them: absent or null means none; another type is an error.
std::optional<XPathRegex> make_regex(const std::string& pattern, const Value& flags) {
  if (!flags.is_null() && !flags.is(Type::kString)) return std::nullopt;
  return XPathRegex::compile(pattern, flags.is(Type::kString) ? flags.as_string() : std::string());
}

Value substring(Args a, EvalContext&) {
  const std::string* s = str(a, 0);
  auto start = integer(a, 1);
  if (!s || !start) return {};
  auto cps = code_points(*s);
  int64_t n = static_cast<int64_t>(cps.size());
  int64_t from = *start > 0 ? *start - 1 : n + *start;
  if (*start == 0 || from < 0 || from >= n) return from == n && *start > 0 ? Value(std::string()) : Value();
  int64_t len = n - from;
  if (a.size() > 2) {
    auto l = integer(a, 2);
    if (!l || *l < 0) return {};
    len = std::min(len, *l);
  }
  std::string out;
  for (int64_t i = from; i < from + len; ++i) out += cps[static_cast<size_t>(i)];
  return out;
}

Value replace(Args a, EvalContext&) {
  const std::string *in = str(a, 0), *pat = str(a, 1), *rep = str(a, 2);
  if (!in || !pat || !rep) return {};
  auto re = make_regex(*pat, arg(a, 3));
  if (!re) return {};
  auto r = re->replace(*in, *rep);
  return r ? Value(*r) : Value();
}

Value matches(Args a, EvalContext&) {
  const std::string *in = str(a, 0), *pat = str(a, 1);
  if (!in || !pat) return {};
  auto re = make_regex(*pat, arg(a, 2));
  if (!re) return {};
  return re->search(*in);
}

Value split(Args a, EvalContext&) {
  const std::string *in = str(a, 0), *del = str(a, 1);
  if (!in || !del) return {};
  auto re = make_regex(*del, Value());
  if (!re || re->matches_empty()) return {};
  List out;
  for (auto& piece : re->split(*in)) out.push_back(Value(std::move(piece)));
  return out;
}

Value string_join(Args a, EvalContext&) {
  if (arg(a, 0).is_null()) return {};
  List single{arg(a, 0)};  // one string stands for the list of it
  const List* l = list(a, 0) ? list(a, 0) : &single;
  std::string sep;
  if (a.size() > 1) {
    if (str(a, 1)) sep = *str(a, 1);
    else if (!arg(a, 1).is_null()) return {};
  }
  std::string out;
  bool first = true;
  for (const auto& e : *l) {
    if (e.is_null()) continue;
    if (!e.is(Type::kString)) return {};
    if (!first) out += sep;
    first = false;
    out += e.as_string();
  }
  return out;
}

template <typename F>
NativeFn two_strings(F f) {
  return [f](Args a, EvalContext&) -> Value {
    const std::string *x = str(a, 0), *y = str(a, 1);
    if (!x || !y) return {};
    return f(*x, *y);
  };
}
}  // namespace

void add_string_builtins(std::vector<BuiltinSpec>& t) {
  t.push_back({"substring", {p("string"), p("start position"), opt("length")}, "part of a string", substring});
  t.push_back({"string length", {p("string")}, "number of characters",
               [](Args a, EvalContext&) -> Value {
                 return str(a, 0) ? Value(static_cast<int64_t>(code_points(*str(a, 0)).size())) : Value();
               }});
  t.push_back({"upper case", {p("string")}, "upper-cased string", [](Args a, EvalContext&) -> Value {
                 if (!str(a, 0)) return {};
                 std::string s = *str(a, 0);
                 for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                 return s;
               }});
  t.push_back({"lower case", {p("string")}, "lower-cased string", [](Args a, EvalContext&) -> Value {
                 if (!str(a, 0)) return {};
                 std::string s = *str(a, 0);
                 for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                 return s;
               }});
  t.push_back({"substring before", {p("string"), p("match")}, "text before the first match",
               two_strings([](const std::string& s, const std::string& m) -> Value {
                 auto k = s.find(m);
                 return k == std::string::npos ? std::string() : s.substr(0, k);
               })});
  t.push_back({"substring after", {p("string"), p("match")}, "text after the first match",
               two_strings([](const std::string& s, const std::string& m) -> Value {
                 auto k = s.find(m);
                 return k == std::string::npos ? std::string() : s.substr(k + m.size());
               })});
  t.push_back({"contains", {p("string"), p("match")}, "whether the string contains match",
               two_strings([](const std::string& s, const std::string& m) -> Value { return s.find(m) != std::string::npos; })});
  t.push_back({"starts with", {p("string"), p("match")}, "whether the string starts with match",
               two_strings([](const std::string& s, const std::string& m) -> Value { return s.rfind(m, 0) == 0; })});
  t.push_back({"ends with", {p("string"), p("match")}, "whether the string ends with match",
               two_strings([](const std::string& s, const std::string& m) -> Value {
                 return s.size() >= m.size() && s.compare(s.size() - m.size(), m.size(), m) == 0;
               })});
  t.push_back({"replace", {p("input"), p("pattern"), p("replacement"), opt("flags")}, "regex replace", replace});
  t.push_back({"matches", {p("input"), p("pattern"), opt("flags")}, "whether the regex matches", matches});
  t.push_back({"split", {p("string"), p("delimiter")}, "split at a regex", split});
  t.push_back({"string join", {p("list"), opt("delimiter")}, "join strings, skipping nulls", string_join});
}

}  // namespace dpc::feel
