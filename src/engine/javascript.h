// JavaScript for script tasks, script conditions, script parameters and script listeners, on
// Duktape (ECMAScript 5.1 plus parts of ES2015+). Nothing else in the engine sees Duktape.
//
// Contract
// - compile(source) checks the syntax once and gives the compiled program (Duktape bytecode).
//   Programs are cached process-wide by source text (thread-safe), so deployment compiles
//   and runs reuse that. A syntax error is kInvalidArgument "SyntaxError: ... (line N)".
// - run() executes a compiled program in a heap of its own, made for the call and destroyed
//   after it: nothing a script leaves behind reaches another call, instance or thread.
//   Every `globals` entry is a global variable of the script (unless a built-in global such
//   as Date or undefined has that name: the built-in wins); every host object is a global
//   object whose methods call back into C++ (HostObject::call) on the calling thread.
// - The result is the program's completion value (the value of its last expression
//   statement), as javax.script engines return it to Camunda.
// - Limits: wall-clock time, checked by Duktape's executor interrupt (every few thousand
//   bytecode instructions, so `while(true){}` stops), and heap memory. Going over either,
//   or an exception the script throws, fails the call with the script's message; nothing
//   hangs and nothing is stored.
// - Values cross as Camunda's types: String, Boolean, numbers (integral values in int range
//   become Integer, larger integral ones Long, others Double), Date (a JS Date), Json (JS
//   objects and arrays, as JSON), Null (null and undefined). Short/Long/Double come in as
//   numbers; Bytes, File, Object and Xml come in as their serialized text.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dpc/core/result.h"
#include "dpc/core/typed_value.h"

namespace dpc::engine::js {

// What a host method gives back to the script.
struct HostValue {
  TypedValue value;
  std::optional<VariableMap> map;  // when set: a JS object of these values (getVariables())
  std::string object;              // when set: the global host object of this name (task.getExecution())

  HostValue() = default;
  HostValue(TypedValue v) : value(std::move(v)) {}  // NOLINT: implicit by design
};

// A global object of the script (`execution`, `task`), implemented in C++.
class HostObject {
 public:
  virtual ~HostObject() = default;
  virtual std::vector<std::string> methods() const = 0;
  // An Error becomes a JS Error thrown at the call (a script may catch it).
  virtual Result<HostValue> call(const std::string& method, const std::vector<TypedValue>& args) = 0;
};

struct Environment {
  VariableMap globals;
  std::vector<std::pair<std::string, HostObject*>> objects;  // not owned; outlive run()
  std::chrono::milliseconds time_limit{2000};
  std::size_t memory_limit = 64u << 20;
};

class Program;  // compiled bytecode; immutable, shared

Result<std::shared_ptr<const Program>> compile(const std::string& source);
Result<TypedValue> run(const Program& program, const Environment& env);

// The default time limit of run(): engine::set_script_time_limit's, else 2000 ms.
std::chrono::milliseconds default_time_limit();

}  // namespace dpc::engine::js
