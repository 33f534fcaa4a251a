// JSON renderings of engine records in Camunda's DTO shapes, shared by the handlers.
#pragma once

#include <nlohmann/json.hpp>

#include "dpc/engine/model.h"
#include "dpc/http/variable_json.h"

namespace dpc::http {

inline nlohmann::json date_or_null(const std::optional<engine::Millis>& ms) {
  return ms ? nlohmann::json(format_camunda_date(*ms)) : nlohmann::json(nullptr);
}
inline nlohmann::json text_or_null(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}

nlohmann::json task_dto(const engine::TaskRecord& t);
nlohmann::json external_task_dto(const engine::ExternalTaskRecord& t);
nlohmann::json process_instance_dto(const engine::ProcessInstanceRecord& p, bool ended);

}  // namespace dpc::http
