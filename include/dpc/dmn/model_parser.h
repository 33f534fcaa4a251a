// Parses DMN 1.1-1.5 XML (any DMN namespace, any prefix) into a Model. Pure function of
// its input, thread-safe. A malformed document is an Error value; FEEL syntax errors in
// single expressions are kept in the model and surface as evaluation errors.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dpc/core/result.h"
#include "dpc/dmn/model.h"

namespace dpc::dmn {

// `imports` are other models of the same deployment; <import> elements are matched to
// them by namespace.
Result<std::shared_ptr<const Model>> parse_model(const std::string& xml,
                                                 const std::vector<std::shared_ptr<const Model>>& imports = {});

}  // namespace dpc::dmn
