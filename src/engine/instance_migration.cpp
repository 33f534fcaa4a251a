// Process instance migration: plan generation, plan and instance validation (Camunda's
// rules, see instance_migration.h), and the rewrite handed to the MigrationStore.
#include "dpc/engine/instance_migration.h"

#include <map>
#include <set>

#include <nlohmann/json.hpp>

namespace dpc::engine {

namespace {

using bpmn::Element;
using bpmn::ElementKind;

// The kinds whose instances dpc moves by renaming: wait states that keep nothing that
// depends on the definition beyond their activity id, and embedded subprocesses.
bool migratable(const Element& e) {
  switch (e.kind) {
    case ElementKind::kUserTask:
    case ElementKind::kReceiveTask:
    case ElementKind::kCallActivity:
      return true;
    case ElementKind::kServiceTask:
    case ElementKind::kSendTask:
    case ElementKind::kBusinessRuleTask:
      return e.service && (e.service->implementation == bpmn::ServiceConfig::Implementation::kExternal ||
                           e.service->implementation == bpmn::ServiceConfig::Implementation::kClass ||
                           e.service->implementation == bpmn::ServiceConfig::Implementation::kDelegateExpression);
    case ElementKind::kSubProcess:
      return !e.triggered_by_event;
    case ElementKind::kIntermediateCatchEvent:
      return e.event.kind == bpmn::EventKind::kMessage;
    default:
      return false;
  }
}

// Why dpc refuses an activity kind (for validation messages); "" when it migrates it.
std::string refusal(const Element& e) {
  if (e.multi_instance) return "dpc does not migrate multi-instance activities ('" + e.id + "')";
  if (e.kind == ElementKind::kIntermediateCatchEvent && e.event.kind == bpmn::EventKind::kTimer) {
    return "dpc does not migrate timer events ('" + e.id + "')";
  }
  if (!e.boundary_events.empty()) return "dpc does not migrate activities with boundary events ('" + e.id + "')";
  if (!migratable(e)) {
    return "Activity '" + e.id + "' of type " + std::string(bpmn::to_string(e.kind)) + " cannot be migrated";
  }
  return "";
}

std::string parent_id(const bpmn::ProcessDefinition& m, const Element& e) {
  return e.parent == bpmn::kNone ? std::string() : m.elements[e.parent].id;
}

struct Definitions {
  std::shared_ptr<const DeployedProcess> source, target;
};

// The definitions from the cache when there (a batch migrates thousands with one plan).
Result<Definitions> load(ProcessDefinitionSource& defs, const std::string& source_id, const std::string& target_id) {
  auto get = [&](const std::string& id) -> std::shared_ptr<const DeployedProcess> {
    if (auto cached = defs.cached_process(id)) return cached;
    auto loaded = defs.process_by_id(id);
    return loaded ? *loaded : nullptr;
  };
  auto s = get(source_id);
  if (!s) return Error::invalid("Source process definition with id '" + source_id + "' does not exist");
  auto t = get(target_id);
  if (!t) return Error::invalid("Target process definition with id '" + target_id + "' does not exist");
  return Definitions{s, t};
}

MigrationPlanReport validate_plan(const MigrationPlan& plan, const Definitions& d);

}  // namespace

InstanceMigration::InstanceMigration(MigrationStore& store, ProcessDefinitionSource& definitions)
    : store_(store), definitions_(definitions) {}

Result<MigrationPlan> InstanceMigration::generate(const std::string& source_id, const std::string& target_id,
                                                  bool update_event_triggers) {
  auto d = load(definitions_, source_id, target_id);
  if (!d) return d.error();
  const auto& sm = *d->source->model;
  const auto& tm = *d->target->model;
  MigrationPlan plan{source_id, target_id, {}};
  for (const Element& e : sm.elements) {
    const Element* t = tm.find(e.id);
    if (!t || t->kind != e.kind || !refusal(e).empty() || !refusal(*t).empty()) continue;
    if (parent_id(sm, e) != parent_id(tm, *t)) continue;
    bool event = e.kind == ElementKind::kIntermediateCatchEvent;
    plan.instructions.push_back({{e.id}, {t->id}, update_event_triggers && event});
  }
  return plan;
}

Result<MigrationPlanReport> InstanceMigration::validate(const MigrationPlan& plan) {
  auto d = load(definitions_, plan.source_definition_id, plan.target_definition_id);
  if (!d) return d.error();
  return validate_plan(plan, *d);
}

namespace {

MigrationPlanReport validate_plan(const MigrationPlan& plan, const Definitions& d) {
  const auto& sm = *d.source->model;
  const auto& tm = *d.target->model;
  std::map<std::string, int> per_source;
  std::map<std::string, std::string> mapping;
  for (const auto& i : plan.instructions) {
    for (const auto& s : i.source_activity_ids) ++per_source[s];
    if (i.source_activity_ids.size() == 1 && i.target_activity_ids.size() == 1) {
      mapping[i.source_activity_ids[0]] = i.target_activity_ids[0];
    }
  }
  MigrationPlanReport report;
  for (const auto& i : plan.instructions) {
    std::vector<std::string> f;
    if (i.source_activity_ids.size() != 1 || i.target_activity_ids.size() != 1) {
      f.push_back("Migration instructions must have exactly one source and one target activity");
    } else {
      const std::string& sid = i.source_activity_ids[0];
      const std::string& tid = i.target_activity_ids[0];
      const Element* s = sm.find(sid);
      const Element* t = tm.find(tid);
      if (!s) f.push_back("Source activity '" + sid + "' does not exist");
      if (!t) f.push_back("Target activity '" + tid + "' does not exist");
      if (per_source[sid] > 1) f.push_back("There are multiple mappings for source activity id '" + sid + "'");
      if (s && t) {
        if (s->kind != t->kind) {
          f.push_back("Activities have incompatible types (" + std::string(bpmn::to_string(s->kind)) +
                      " is not compatible with " + std::string(bpmn::to_string(t->kind)) + ")");
        } else if (auto why = refusal(*s); !why.empty()) {
          f.push_back(why);
        } else if (auto why_t = refusal(*t); !why_t.empty()) {
          f.push_back(why_t);
        }
        // The flow scope must follow: the source's enclosing subprocess maps to the target's.
        std::string sp = parent_id(sm, *s), tp = parent_id(tm, *t);
        if (sp.empty() != tp.empty() || (!sp.empty() && mapping[sp] != tp)) {
          f.push_back("The closest mapped ancestor of '" + sid + "' is not mapped to the flow scope of target activity '" +
                      tid + "'" + (tp.empty() ? " (the process)" : " ('" + tp + "')"));
        }
      }
    }
    if (!f.empty()) report.instruction_reports.push_back({i, std::move(f)});
  }
  return report;
}

// The instance-level check of a valid plan against what the instance holds.
MigrationInstanceReport check_instance(const std::string& id, const MigrationState& st, const MigrationPlan& plan,
                                       const bpmn::ProcessDefinition& source) {
  MigrationInstanceReport r;
  r.process_instance_id = id;
  if (st.definition_id != plan.source_definition_id) {
    r.failures.push_back("Process instance '" + id + "' is not an instance of the source process definition '" +
                         plan.source_definition_id + "' (it runs '" + st.definition_id + "')");
    return r;
  }
  std::map<std::string, const MigrationInstruction*> by_source;
  for (const auto& i : plan.instructions) by_source[i.source_activity_ids.at(0)] = &i;
  for (const auto& j : st.jobs) {
    r.failures.push_back(j.type == "timer" ? "dpc does not migrate instances waiting at timers ('" + j.activity_id + "')"
                                           : "dpc does not migrate instances waiting at async continuations ('" +
                                                 j.activity_id + "')");
  }
  std::set<std::string> seen;
  for (const auto& t : st.tokens) {
    if (t.activity_id.empty() || !seen.insert(t.activity_instance_id + "/" + t.activity_id).second) continue;
    MigrationActivityReport a;
    a.activity_instance_id = t.activity_instance_id;
    a.source_scope_id = t.activity_id;
    auto it = by_source.find(t.activity_id);
    if (it == by_source.end()) {
      a.failures.push_back("There is no migration instruction for this instance's activity");
    } else {
      a.instruction = *it->second;
    }
    if (const Element* e = source.find(t.activity_id)) {
      if (auto why = refusal(*e); !why.empty()) a.failures.push_back(why);
    }
    if (!a.failures.empty()) r.activity_reports.push_back(std::move(a));
  }
  return r;
}

std::string first_failure(const MigrationInstanceReport& r) {
  if (!r.failures.empty()) return r.failures[0];
  const auto& a = r.activity_reports.at(0);
  return "activity '" + a.source_scope_id + "': " + a.failures.at(0);
}

}  // namespace

Result<MigrationInstanceReport> InstanceMigration::validate_instance(const std::string& instance_id,
                                                                     const MigrationPlan& plan) {
  auto d = load(definitions_, plan.source_definition_id, plan.target_definition_id);
  if (!d) return d.error();
  auto st = store_.state(instance_id);
  if (!st) return st.error();
  if (!*st) return Error::not_found("Process instance with id '" + instance_id + "' does not exist");
  return check_instance(instance_id, **st, plan, *d->source->model);
}

Status InstanceMigration::migrate(const std::string& instance_id, const MigrationPlan& plan,
                                  const std::string& batch_job_id) {
  auto d = load(definitions_, plan.source_definition_id, plan.target_definition_id);
  if (!d) return d.error();
  auto valid = validate_plan(plan, *d);
  if (!valid.valid()) {
    return Error::invalid("Migration plan is not valid: " + valid.instruction_reports[0].failures.at(0),
                          "MigrationPlanValidationException");
  }
  const auto target = d->target;
  const auto source = d->source;
  return store_.migrate(instance_id, [&](const MigrationState& st) -> Result<MigrationRewrite> {
    auto report = check_instance(instance_id, st, plan, *source->model);
    if (!report.valid()) {
      return Error::invalid("Cannot migrate process instance '" + instance_id + "': " + first_failure(report),
                            "MigratingProcessInstanceValidationException");
    }
    MigrationRewrite w{target->id, target->key, target->version, {}};
    for (const auto& i : plan.instructions) w.activities.emplace_back(i.source_activity_ids[0], i.target_activity_ids[0]);
    return w;
  }, batch_job_id);
}

Result<MigrationPlan> migration_plan_from_json(const std::string& text) {
  using nlohmann::json;
  json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return Error::invalid("migrationPlan must be a JSON object");
  MigrationPlan p;
  for (auto [field, out] : {std::pair{"sourceProcessDefinitionId", &p.source_definition_id},
                            std::pair{"targetProcessDefinitionId", &p.target_definition_id}}) {
    if (!j.contains(field) || !j[field].is_string() || j[field].get<std::string>().empty()) {
      return Error::invalid(std::string(field) + " must be a non-empty string");
    }
    *out = j[field].get<std::string>();
  }
  if (!j.contains("instructions") || !j["instructions"].is_array()) {
    return Error::invalid("instructions must be an array");
  }
  for (const auto& i : j["instructions"]) {
    MigrationInstruction mi;
    for (auto [field, out] : {std::pair{"sourceActivityIds", &mi.source_activity_ids},
                              std::pair{"targetActivityIds", &mi.target_activity_ids}}) {
      if (!i.is_object() || !i.contains(field) || !i[field].is_array()) {
        return Error::invalid(std::string("instructions[].") + field + " must be an array of activity ids");
      }
      for (const auto& a : i[field]) {
        if (!a.is_string()) return Error::invalid(std::string("instructions[].") + field + " must hold strings");
        out->push_back(a.get<std::string>());
      }
    }
    if (i.contains("updateEventTrigger")) {
      if (!i["updateEventTrigger"].is_boolean()) return Error::invalid("instructions[].updateEventTrigger must be a boolean");
      mi.update_event_trigger = i["updateEventTrigger"].get<bool>();
    }
    p.instructions.push_back(std::move(mi));
  }
  return p;
}

std::string migration_plan_to_json(const MigrationPlan& p) {
  using nlohmann::json;
  json instructions = json::array();
  for (const auto& i : p.instructions) {
    instructions.push_back({{"sourceActivityIds", i.source_activity_ids},
                            {"targetActivityIds", i.target_activity_ids},
                            {"updateEventTrigger", i.update_event_trigger}});
  }
  return json{{"sourceProcessDefinitionId", p.source_definition_id},
              {"targetProcessDefinitionId", p.target_definition_id},
              {"instructions", instructions},
              {"variables", nullptr}}
      .dump();
}

}  // namespace dpc::engine
