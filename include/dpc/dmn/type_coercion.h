// Type checking and coercion of values against DMN typeRefs (FEEL built-in types and the
// model's item definitions). A value that does not conform becomes null with a warning;
// a singleton list conforms to its element's type. Pure, thread-safe.
#pragma once

#include <string>

#include "dpc/dmn/model.h"
#include "dpc/feel/evaluator.h"

namespace dpc::dmn {

// `instance of` against the model's item definitions (allowed values are not considered).
class ModelTypes : public feel::TypeResolver {
 public:
  explicit ModelTypes(const Model& m) : model_(m) {}
  std::optional<bool> is_instance(const feel::Value& v, const std::string& name) const override;

 private:
  const Model& model_;
};

feel::Value coerce(const feel::Value& v, const std::string& type_ref, const Model& model, feel::EvalContext& ctx);

}  // namespace dpc::dmn
