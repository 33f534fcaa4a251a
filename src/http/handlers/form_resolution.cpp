// Resolving the form of a task or start event (see form_resolution.h).
#include "form_resolution.h"

#include "dpc/forms/generated_form.h"

namespace dpc::http {

using nlohmann::json;

namespace {

constexpr std::string_view kDeploymentPrefix = "camunda-forms:deployment:";

struct FormSource {
  std::string form_key, form_ref, binding, version;
  const bpmn::FormData* form_data = nullptr;
  std::string element_id;
};

// Reads the schema JSON; a stored form that no longer reads is a problem, not a crash.
void load(ResolvedForm& out, const std::string& bytes) {
  json parsed = json::parse(bytes, nullptr, false);
  auto fields = forms::read_form_schema(parsed);
  if (!fields) {
    out.problem = fields.error().message;
    return;
  }
  out.schema = std::move(parsed);
  out.fields = std::move(*fields);
}

ResolvedForm resolve(engine::RepositoryService& repo, const engine::ProcessDefinitionRecord& def,
                     const FormSource& src) {
  ResolvedForm out;
  if (!src.form_ref.empty()) {
    out.kind = "deployed";
    out.key = src.form_ref;
    out.ref_binding = src.binding.empty() ? "latest" : src.binding;
    out.ref_version = src.version;
    engine::FormLookup lookup{src.form_ref, def.tenant_id, {}, {}};
    if (out.ref_binding == "deployment") lookup.deployment_id = def.deployment_id;
    if (out.ref_binding == "version") {
      try {
        lookup.version = std::stoi(src.version);
      } catch (const std::exception&) {
        out.problem = "camunda:formRefVersion '" + src.version + "' is not a number";
        return out;
      }
    }
    auto found = repo.find_form(lookup);
    if (!found) {
      out.problem = found.error().message;
      return out;
    }
    load(out, found->second);
    return out;
  }
  if (!src.form_key.empty()) {
    out.key = src.form_key;
    if (src.form_key.starts_with(kDeploymentPrefix)) {
      out.kind = "deployed";
      std::string path = src.form_key.substr(kDeploymentPrefix.size());
      auto resource = repo.resource_by_name(def.deployment_id, path);
      if (!resource) {
        out.problem = resource.error().message;
        return out;
      }
      load(out, resource->bytes);
      return out;
    }
    out.kind = "embedded";
    out.problem = "The form key '" + src.form_key +
                  "' names an embedded or application form, which dpc does not show; use the generic variables form";
    return out;
  }
  if (src.form_data) {
    out.kind = "generated";
    out.form_data = src.form_data;
    out.schema = forms::generated_schema(*src.form_data, "generated:" + src.element_id);
    auto fields = forms::read_form_schema(out.schema);
    if (fields) out.fields = std::move(*fields);
    else out.problem = fields.error().message;
  }
  return out;
}

}  // namespace

Result<ResolvedForm> resolve_task_form(engine::RepositoryService& repo, const engine::TaskRecord& task) {
  auto deployed = repo.deployed(task.process_definition_id);
  if (!deployed) return deployed.error();
  FormSource src;
  src.form_key = task.form_key;
  src.form_ref = task.camunda_form_ref;
  src.element_id = task.task_definition_key;
  const bpmn::Element* e = deployed->model->find(task.task_definition_key);
  if (e && e->user_task) {
    src.binding = e->user_task->form_ref_binding;
    src.version = e->user_task->form_ref_version;
    if (e->user_task->form_data) src.form_data = &*e->user_task->form_data;
  }
  ResolvedForm out = resolve(repo, deployed->record, src);
  out.model = deployed->model;
  return out;
}

Result<ResolvedForm> resolve_start_form(engine::RepositoryService& repo,
                                        const engine::ProcessDefinitionRecord& definition) {
  auto deployed = repo.deployed(definition.id);
  if (!deployed) return deployed.error();
  FormSource src;
  const auto& model = *deployed->model;
  if (model.initial != bpmn::kNone) {
    const bpmn::Element& start = model.elements[model.initial];
    src.element_id = start.id;
    if (start.start_form) {
      src.form_key = start.start_form->form_key;
      src.form_ref = start.start_form->form_ref;
      src.binding = start.start_form->form_ref_binding;
      src.version = start.start_form->form_ref_version;
      if (start.start_form->form_data) src.form_data = &*start.start_form->form_data;
    }
  }
  ResolvedForm out = resolve(repo, deployed->record, src);
  out.model = deployed->model;
  return out;
}

json camunda_form_dto(const ResolvedForm& form) {
  json ref = nullptr;
  json key = nullptr;
  if (!form.ref_binding.empty()) {
    ref = {{"key", form.key},
           {"binding", form.ref_binding},
           {"version", form.ref_version.empty() ? json(nullptr) : json(form.ref_version)}};
  } else if (!form.key.empty()) {
    key = form.key;
  }
  return {{"key", key}, {"contextPath", nullptr}, {"camundaFormRef", ref}};
}

}  // namespace dpc::http
