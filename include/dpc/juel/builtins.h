// Built-in functions and methods, described by data: each entry declares its name, arity,
// a description and an example in one place, and one table registers them all.
//
// Functions (Camunda 7's expression-language extras): now(), dateTime(), currentUser(),
// currentUserGroups().
// Methods on built-in values, the subset of Java's that Camunda models use:
//   DateTime: plusYears/Months/Weeks/Days/Hours/Minutes/Seconds/Millis and the minus* twins,
//             toDate(), getMillis(), isBefore/isAfter/isEqual(d), withTimeAtStartOfDay(),
//             getYear(), getMonthOfYear(), getDayOfMonth(), getDayOfWeek(), getHourOfDay(), toString()
//   Date:     getTime(), before(d), after(d), toString()
//   String:   length(), isEmpty(), contains(s), startsWith(s), endsWith(s), equals(x),
//             equalsIgnoreCase(s), toUpperCase(), toLowerCase(), trim(), substring(b[,e]),
//             indexOf(s), toString()
//   List:     size(), isEmpty(), contains(x), get(i)
//   Map:      size(), isEmpty(), containsKey(k), get(k)
// Host objects (Value::kObject) handle their own methods (Object::call).
// All functions here are pure apart from reading the Context; thread-safe.
#pragma once

#include <span>
#include <string_view>

#include "dpc/core/result.h"
#include "dpc/juel/context.h"
#include "dpc/juel/value.h"

namespace dpc::juel {

struct FunctionSpec {
  std::string_view name;
  int min_args;
  int max_args;
  std::string_view description;
  std::string_view example;
  Result<Value> (*impl)(const Context& ctx, std::span<const Value> args);
};

struct MethodSpec {
  Value::Type receiver;
  std::string_view name;
  int min_args;
  int max_args;
  std::string_view description;
  Result<Value> (*impl)(const Value& self, std::span<const Value> args);
};

std::span<const FunctionSpec> builtin_functions();
std::span<const MethodSpec> builtin_methods();

// nullptr when no function has that name.
const FunctionSpec* find_function(std::string_view name);

// Calls `self.name(args)`: host objects dispatch to Object::call, built-in values to the
// method table. Unknown method or wrong arity → error "Method not found: ...".
Result<Value> call_method(const Value& self, std::string_view name, std::span<const Value> args);

}  // namespace dpc::juel
