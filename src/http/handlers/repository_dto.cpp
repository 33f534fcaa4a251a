#include "repository_dto.h"

#include "dpc/core/strings.h"
#include "dpc/core/time_format.h"
#include "dpc/http/params.h"

namespace dpc::http {

using nlohmann::json;

namespace {

json text_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json problem_json(const bpmn::Problem& p) {
  return {{"message", p.message},
          {"line", p.line},
          {"column", p.column},
          {"mainBpmnElementId", text_or_null(p.main_element_id)},
          {"bpmnElementIds", p.element_ids}};
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::string rest_base_url(const Request& req) {
  std::string_view host = req.header("host");
  return "http://" + std::string(host.empty() ? "localhost" : host) + "/engine-rest";
}

json deployment_dto(const engine::DeploymentRecord& d, const std::string& base_url) {
  return {{"links", json::array({{{"method", "GET"},
                                  {"href", base_url + "/deployment/" + d.id},
                                  {"rel", "self"}}})},
          {"id", d.id},
          {"name", text_or_null(d.name)},
          {"source", text_or_null(d.source)},
          {"deploymentTime", format_date_time(d.deploy_time)},
          {"tenantId", text_or_null(d.tenant_id)}};
}

json process_definition_dto(const engine::ProcessDefinitionRecord& p) {
  return {{"id", p.id},
          {"key", p.key},
          {"category", text_or_null(p.category)},
          {"description", text_or_null(p.description)},
          {"name", text_or_null(p.name)},
          {"version", p.version},
          {"resource", p.resource_name},
          {"deploymentId", p.deployment_id},
          {"diagram", nullptr},
          {"suspended", p.suspended},
          {"tenantId", text_or_null(p.tenant_id)},
          {"versionTag", text_or_null(p.version_tag)},
          {"historyTimeToLive", p.history_ttl_days ? json(*p.history_ttl_days) : json(nullptr)},
          {"startableInTasklist", p.startable_in_tasklist}};
}

json resource_dto(const engine::ResourceRecord& r) {
  return {{"id", r.id}, {"name", r.name}, {"deploymentId", r.deployment_id}};
}

Response parse_exception_response(const engine::DeploymentProblems& problems) {
  json details = json::object();
  for (const auto& [resource, report] : problems.by_resource) {
    json errors = json::array(), warnings = json::array();
    for (const auto& p : report.errors) errors.push_back(problem_json(p));
    for (const auto& p : report.warnings) warnings.push_back(problem_json(p));
    details[resource] = {{"errors", errors}, {"warnings", warnings}};
  }
  json body = {{"type", problems.error.type.empty() ? "ParseException" : problems.error.type},
               {"message", problems.error.message},
               {"code", 0},
               {"details", details}};
  // Problems quote the model's text, which need not be UTF-8.
  return json_ok(body, 400);
}

std::string resource_media_type(const std::string& name) {
  std::string n = to_lower(name);
  for (const char* xml : {".bpmn", ".bpmn20.xml", ".dmn", ".dmn11.xml", ".cmmn", ".xml"}) {
    if (ends_with(n, xml)) return "application/xml";
  }
  if (ends_with(n, ".json") || ends_with(n, ".form")) return "application/json";
  if (ends_with(n, ".png")) return "image/png";
  if (ends_with(n, ".svg")) return "image/svg+xml";
  if (ends_with(n, ".html") || ends_with(n, ".htm")) return "text/html";
  if (ends_with(n, ".txt")) return "text/plain";
  return "application/octet-stream";
}

}  // namespace dpc::http
