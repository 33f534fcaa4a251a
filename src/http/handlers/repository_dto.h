// JSON renderings of repository records in Camunda's DTO shapes (DeploymentDto,
// ProcessDefinitionDto, DeploymentResourceDto) and the ParseException response with
// `details`. Pure functions.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "dpc/engine/repository.h"
#include "dpc/http/message.h"

namespace dpc::http {

// "http://<Host header>/engine-rest", the base of `links` hrefs.
std::string rest_base_url(const Request& req);

nlohmann::json deployment_dto(const engine::DeploymentRecord& d, const std::string& base_url);
nlohmann::json process_definition_dto(const engine::ProcessDefinitionRecord& p);
nlohmann::json resource_dto(const engine::ResourceRecord& r);

// 400 {"type":"ParseException","message":...,"code":0,"details":{resource:{errors,warnings}}}.
Response parse_exception_response(const engine::DeploymentProblems& problems);

// The media type a deployment resource is served with, from its file name.
std::string resource_media_type(const std::string& name);

}  // namespace dpc::http
