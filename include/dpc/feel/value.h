// Value: one FEEL value (null, boolean, number, string, temporal, list, context, range,
// function). Immutable after construction; compound parts are shared (copy is cheap) and
// safe to read from many threads.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "dpc/feel/decimal.h"
#include "dpc/feel/temporal.h"

namespace dpc::feel {

class Value;
class EvalContext;
struct Function;
struct Range;
struct Context;
using List = std::vector<Value>;

enum class Type {
  kNull, kBoolean, kNumber, kString, kDate, kTime, kDateTime, kDtDuration, kYmDuration,
  kList, kContext, kRange, kFunction
};
const char* type_name(Type t);

class Value {
 public:
  Value() = default;  // null
  Value(bool b) : v_(b) {}  // NOLINT
  Value(Decimal d) : v_(d) {}  // NOLINT
  Value(int64_t i) : v_(Decimal::from_int(i)) {}  // NOLINT
  Value(int i) : v_(Decimal::from_int(i)) {}  // NOLINT
  Value(std::string s) : v_(std::move(s)) {}  // NOLINT
  Value(const char* s) : v_(std::string(s)) {}  // NOLINT
  Value(Date d) : v_(d) {}  // NOLINT
  Value(Time t) : v_(std::move(t)) {}  // NOLINT
  Value(DateTime t) : v_(std::move(t)) {}  // NOLINT
  Value(DaysTimeDuration d) : v_(d) {}  // NOLINT
  Value(YearsMonthsDuration d) : v_(d) {}  // NOLINT
  Value(List l);  // NOLINT
  Value(Context c);  // NOLINT
  Value(Range r);  // NOLINT
  Value(std::shared_ptr<const Function> f) : v_(std::move(f)) {}  // NOLINT
  static Value from_optional(const std::optional<Decimal>& d) { return d ? Value(*d) : Value(); }

  Type type() const { return static_cast<Type>(v_.index()); }
  bool is_null() const { return v_.index() == 0; }
  bool is(Type t) const { return type() == t; }

  bool as_bool() const { return std::get<bool>(v_); }
  const Decimal& as_number() const { return std::get<Decimal>(v_); }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  const Date& as_date() const { return std::get<Date>(v_); }
  const Time& as_time() const { return std::get<Time>(v_); }
  const DateTime& as_date_time() const { return std::get<DateTime>(v_); }
  const DaysTimeDuration& as_dt_duration() const { return std::get<DaysTimeDuration>(v_); }
  const YearsMonthsDuration& as_ym_duration() const { return std::get<YearsMonthsDuration>(v_); }
  const List& as_list() const { return *std::get<std::shared_ptr<const List>>(v_); }
  const Context& as_context() const { return *std::get<std::shared_ptr<const Context>>(v_); }
  const Range& as_range() const { return *std::get<std::shared_ptr<const Range>>(v_); }
  const Function& as_function() const { return *std::get<std::shared_ptr<const Function>>(v_); }
  const std::shared_ptr<const Function>& function_ptr() const { return std::get<std::shared_ptr<const Function>>(v_); }

  // FEEL rendering as the string() function and the test output show it.
  std::string to_string() const;
  // Literal-like rendering for messages and tests (strings quoted, contexts with keys).
  std::string debug_string() const;

 private:
  std::variant<std::monostate, bool, Decimal, std::string, Date, Time, DateTime, DaysTimeDuration,
               YearsMonthsDuration, std::shared_ptr<const List>, std::shared_ptr<const Context>,
               std::shared_ptr<const Range>, std::shared_ptr<const Function>>
      v_;
};

// Context entries keep insertion order; keys are unique.
struct Context {
  std::vector<std::pair<std::string, Value>> entries;
  const Value* find(std::string_view key) const;
  void set(std::string key, Value v);  // replaces an existing key in place
};

// An interval. A side is unbounded (`low_unbounded`/`high_unbounded`, endpoint null) only
// for ranges written as a comparison (`< 10`, `>= 5`); a literal `(null..10]` has a null
// endpoint, which makes membership tests null. `point` marks the range of `= e`, which is
// not equal to the literal `[e..e]`.
struct Range {
  Value low, high;
  bool low_closed = true, high_closed = true;
  bool low_unbounded = false, high_unbounded = false;
  bool point = false;
};

struct Param {
  std::string name;
  bool optional = false;
  bool variadic = false;  // takes the remaining positional arguments
};

using NativeFn = std::function<Value(std::span<const Value> args, EvalContext& ctx)>;

struct Overload {
  std::vector<Param> params;
  NativeFn impl;
};

// A callable: a built-in (several overloads), a FEEL function definition, a BKM or a
// decision service. Overloads are tried in order; the first that fits the call wins.
struct Function {
  std::string name;
  std::vector<Overload> overloads;
  // For FEEL function definitions: the name the function is bound to in its context,
  // so its body can call itself (set once, right after the definition is evaluated).
  std::shared_ptr<std::string> self_name;
};

// Structural equality as FEEL `=` on non-null operands of the same kind; nullopt when the
// values are not comparable (FEEL yields null).
std::optional<bool> values_equal(const Value& a, const Value& b);
// Ordering as FEEL `<`; nullopt when not comparable.
std::optional<int> values_compare(const Value& a, const Value& b);
// Deep identity used by tests: null equals null, same kind and same value.
bool values_identical(const Value& a, const Value& b);

}  // namespace dpc::feel
