// `external` Java functions (DMN 1.5 §10.3.2.13.3): FEEL has no JVM, so dpc provides the
// side-effect-free static methods of java.lang that models use in practice (Math, String,
// and the boxed number types' valueOf), declared once in one table. Thread-safe.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dpc/feel/value.h"

namespace dpc::feel {

// The function for `class` and `signature` (e.g. "java.lang.Math", "max(double, double)"),
// taking `params` (the FEEL parameter names); nullptr when the method is not provided.
std::shared_ptr<const Function> find_java_function(const std::string& class_name, const std::string& signature,
                                                    const std::vector<std::string>& params);
// Same, from the `external` context `{java: {class: ..., method signature: ...}}`.
std::shared_ptr<const Function> java_function_from_context(const Value& external,
                                                            const std::vector<std::string>& params);

}  // namespace dpc::feel
