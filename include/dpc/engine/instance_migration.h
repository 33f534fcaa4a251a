// Process instance migration (Camunda 7's /migration): a plan maps activities of a source
// process definition to activities of a target definition; migrating an instance moves its
// tokens, user tasks (same id, assignee and history), external tasks, receive tasks and
// running subprocesses to the mapped activities and the instance (runtime and history) to
// the target definition, in one transaction under the instance lock.
//
// Camunda's rules, as far as dpc goes: one source and one target activity per instruction,
// at most one instruction per source activity, both activities of the same kind and of a
// kind dpc migrates (user task, receive task, external/class service task, call activity,
// embedded subprocess, intermediate message catch event), and the flow scope of the source
// mapped to the flow scope of the target. Instances waiting at timers, in multi-instance
// activities, at async continuations or in activities with boundary events are refused with
// a validation failure that says so (dpc does not migrate those yet).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "dpc/core/result.h"
#include "dpc/core/typed_value.h"
#include "dpc/engine/runtime_service.h"

namespace dpc::engine {

struct MigrationInstruction {
  std::vector<std::string> source_activity_ids, target_activity_ids;
  bool update_event_trigger = false;
};

struct MigrationPlan {
  std::string source_definition_id, target_definition_id;
  std::vector<MigrationInstruction> instructions;
};

// Camunda's MigrationPlanValidationReport: the failures of each invalid instruction.
struct MigrationInstructionReport {
  MigrationInstruction instruction;
  std::vector<std::string> failures;
};
struct MigrationPlanReport {
  std::vector<MigrationInstructionReport> instruction_reports;
  bool valid() const { return instruction_reports.empty(); }
};

// Camunda's MigratingProcessInstanceValidationReport.
struct MigrationActivityReport {
  std::optional<MigrationInstruction> instruction;
  std::string activity_instance_id, source_scope_id;
  std::vector<std::string> failures;
};
struct MigrationInstanceReport {
  std::string process_instance_id;
  std::vector<std::string> failures;
  std::vector<MigrationActivityReport> activity_reports;
  bool valid() const { return failures.empty() && activity_reports.empty(); }
};

// What the store reads of an instance to migrate it.
struct MigrationState {
  std::string definition_id;
  struct Token {
    std::string execution_id, activity_id, activity_instance_id;
    int state = 0;  // ExecutionRecord::State
  };
  std::vector<Token> tokens;  // every execution but the root
  struct Job {
    std::string type, activity_id;
  };
  std::vector<Job> jobs;
};

// What migrating one instance changes: its definition, and activity ids (source → target)
// wherever the instance's runtime rows and unfinished history name them.
struct MigrationRewrite {
  std::string target_definition_id, target_definition_key;
  int target_version = 0;
  std::vector<std::pair<std::string, std::string>> activities;
};

// The store side. Thread-safe.
class MigrationStore {
 public:
  virtual ~MigrationStore() = default;
  // The state of a running instance (no lock); nullopt when there is none.
  virtual Result<std::optional<MigrationState>> state(const std::string& instance_id) = 0;
  // In one transaction: locks the instance as commands do, reads its state, asks `decide`
  // for the rewrite (an error rolls back and is returned), writes it, and deletes the job
  // `batch_job_id` when not empty (the batch item). kNotFound for no such running instance.
  virtual Status migrate(const std::string& instance_id,
                         const std::function<Result<MigrationRewrite>(const MigrationState&)>& decide,
                         const std::string& batch_job_id) = 0;
};

class InstanceMigration {
 public:
  // The references must outlive this object.
  InstanceMigration(MigrationStore& store, ProcessDefinitionSource& definitions);

  // POST /migration/generate: an instruction for every activity of a kind dpc migrates whose
  // id is in both definitions with the same kind and the same flow scope. kNotFound for an
  // unknown definition.
  Result<MigrationPlan> generate(const std::string& source_id, const std::string& target_id,
                                 bool update_event_triggers);
  // POST /migration/validate. kNotFound for an unknown definition.
  Result<MigrationPlanReport> validate(const MigrationPlan& plan);
  // Whether one instance can be migrated by a valid plan (without changing it).
  Result<MigrationInstanceReport> validate_instance(const std::string& instance_id, const MigrationPlan& plan);
  // Migrates one instance (the plan must be valid). kInvalidArgument
  // (MigratingProcessInstanceValidationException) naming the first failure when the instance
  // cannot be migrated; kNotFound when it is not running. `batch_job_id`: see MigrationStore.
  Status migrate(const std::string& instance_id, const MigrationPlan& plan,
                 const std::string& batch_job_id = "");

 private:
  MigrationStore& store_;
  ProcessDefinitionSource& definitions_;
};

// The plan as Camunda's JSON ({"sourceProcessDefinitionId", "targetProcessDefinitionId",
// "instructions": [{"sourceActivityIds", "targetActivityIds", "updateEventTrigger"}]}), and
// back; a missing or mistyped field is kInvalidArgument naming it.
Result<MigrationPlan> migration_plan_from_json(const std::string& json_text);
std::string migration_plan_to_json(const MigrationPlan& plan);

}  // namespace dpc::engine
