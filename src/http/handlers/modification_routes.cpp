// POST /engine-rest/process-instance/{id}/modification: Camunda's
// ProcessInstanceModificationDto → engine::InstanceModification. 204 when done; 400 for a
// malformed body or an instruction the instance cannot carry out; 404 for an unknown instance.
#include <nlohmann/json.hpp>

#include "dpc/engine/instance_modification.h"
#include "dpc/http/handlers/runtime_routes.h"
#include "dpc/http/instance_authorization.h"
#include "dpc/http/query.h"
#include "dpc/http/variable_json.h"

namespace dpc::http {

using nlohmann::json;
using engine::ModificationInstruction;

namespace {

// A string field of an instruction ("" when absent or null).
Result<std::string> text_field(const json& in, const char* name, const std::string& where) {
  if (!in.contains(name) || in[name].is_null()) return std::string();
  if (!in[name].is_string()) return Error::invalid(where + name + " must be a string");
  return in[name].get<std::string>();
}

// Instruction variables: Camunda's TriggerVariableValueDto, {"value","type","valueInfo","local"}.
Status read_variables(const json& in, const std::string& where, ModificationInstruction& out) {
  if (!in.contains("variables") || in["variables"].is_null()) return {};
  if (!in["variables"].is_object()) return Error::invalid(where + "variables must be a JSON object");
  for (const auto& [name, dto] : in["variables"].items()) {
    if (!dto.is_object()) return Error::invalid(where + "variable '" + name + "' must be a JSON object");
    bool local = false;
    if (dto.contains("local") && !dto["local"].is_null()) {
      if (!dto["local"].is_boolean()) return Error::invalid(where + "variable '" + name + "': local must be true or false");
      local = dto["local"].get<bool>();
    }
    json plain = dto;
    plain.erase("local");
    auto v = variable_from_json(name, plain);
    if (!v) return v.error();
    (local ? out.local_variables : out.variables)[name] = *v;
  }
  return {};
}

Result<ModificationInstruction> read_instruction(const json& in, size_t index) {
  const std::string where = "instructions[" + std::to_string(index) + "]: ";
  if (!in.is_object()) return Error::invalid(where + "must be a JSON object");
  ModificationInstruction out;
  auto type = text_field(in, "type", where);
  if (!type) return type.error();
  if (*type == "cancel") out.type = ModificationInstruction::Type::kCancel;
  else if (*type == "startBeforeActivity") out.type = ModificationInstruction::Type::kStartBeforeActivity;
  else if (*type == "startAfterActivity") out.type = ModificationInstruction::Type::kStartAfterActivity;
  else if (*type == "startTransition") out.type = ModificationInstruction::Type::kStartTransition;
  else {
    return Error::invalid(where + "type must be one of cancel, startBeforeActivity, startAfterActivity, "
                          "startTransition, not '" + *type + "'");
  }
  struct Field {
    const char* name;
    std::string* to;
  };
  for (Field f : {Field{"activityId", &out.activity_id}, Field{"activityInstanceId", &out.activity_instance_id},
                  Field{"transitionInstanceId", &out.transition_instance_id},
                  Field{"transitionId", &out.transition_id},
                  Field{"ancestorActivityInstanceId", &out.ancestor_activity_instance_id}}) {
    auto v = text_field(in, f.name, where);
    if (!v) return v.error();
    *f.to = *v;
  }
  using Type = ModificationInstruction::Type;
  if (out.type == Type::kCancel) {
    int named = !out.activity_id.empty() + !out.activity_instance_id.empty() + !out.transition_instance_id.empty();
    if (named != 1) {
      return Error::invalid(where + "cancel needs exactly one of activityId, activityInstanceId, transitionInstanceId");
    }
  } else if (out.type == Type::kStartTransition ? out.transition_id.empty() : out.activity_id.empty()) {
    return Error::invalid(where + *type + " needs " +
                          (out.type == Type::kStartTransition ? "transitionId" : "activityId"));
  }
  if (auto st = read_variables(in, where, out); !st) return st.error();
  return out;
}

Result<engine::InstanceModification> read_modification(const json& body) {
  if (!body.is_object()) return Error::invalid("request body must be a JSON object");
  engine::InstanceModification m;
  for (auto [name, to] : {std::pair{"skipCustomListeners", &m.skip_custom_listeners},
                          std::pair{"skipIoMappings", &m.skip_io_mappings}}) {
    if (!body.contains(name) || body[name].is_null()) continue;
    if (!body[name].is_boolean()) return Error::invalid(std::string(name) + " must be true or false");
    *to = body[name].get<bool>();
  }
  if (body.contains("annotation") && body["annotation"].is_string()) m.annotation = body["annotation"];
  if (!body.contains("instructions") || !body["instructions"].is_array() || body["instructions"].empty()) {
    return Error::invalid("instructions must be a non-empty array of modification instructions");
  }
  for (size_t i = 0; i < body["instructions"].size(); ++i) {
    auto in = read_instruction(body["instructions"][i], i);
    if (!in) return in.error();
    m.instructions.push_back(std::move(*in));
  }
  return m;
}

}  // namespace

void add_modification_routes(Router& router, RuntimeApi api) {
  router.add(Method::kPost, "/engine-rest/process-instance/{id}/modification", [api](Request& req) {
    if (auto st = authorize_instance(req, api.instances, req.path_param("id"), kUpdateInstance); !st) {
      return error_response(st.error());
    }
    auto body = json_body(req);
    if (!body) return error_response(body.error());
    auto m = read_modification(*body);
    if (!m) return error_response(m.error());
    Status st = api.runtime.modify_instance(req.path_param("id"), *m);
    return st ? Response::no_content() : error_response(st.error());
  });
}

}  // namespace dpc::http
