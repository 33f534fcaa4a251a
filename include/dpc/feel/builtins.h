// The FEEL built-in functions of DMN 1.5, declared once each in one table: name,
// parameters, description and implementation. The table is built on first use and is
// read-only afterwards (thread-safe). Implementations return null (with a warning in the
// EvalContext) on bad arguments, never throw.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dpc/feel/value.h"

namespace dpc::feel {

struct BuiltinSpec {
  std::string name;
  std::vector<Param> params;
  std::string description;
  NativeFn impl;
};

// All overloads of `name` as one function value; nullptr when there is no such built-in.
std::shared_ptr<const Function> find_builtin(std::string_view name);
const std::vector<std::string>& builtin_function_names();

// Sections of the table, one per file.
void add_conversion_builtins(std::vector<BuiltinSpec>& t);
void add_string_builtins(std::vector<BuiltinSpec>& t);
void add_list_builtins(std::vector<BuiltinSpec>& t);
void add_numeric_builtins(std::vector<BuiltinSpec>& t);
void add_temporal_builtins(std::vector<BuiltinSpec>& t);
void add_range_builtins(std::vector<BuiltinSpec>& t);
void add_context_builtins(std::vector<BuiltinSpec>& t);

}  // namespace dpc::feel
