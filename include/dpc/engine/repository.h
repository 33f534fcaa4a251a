// The repository: deployments, their resources and the process definitions parsed from
// them, as Camunda 7's RepositoryService offers them.
//
// - RepositoryStore is the storage port (implemented in the store module with PostgreSQL;
//   a test may implement it in memory). Plain structs only: no SQL, JSON or pqxx here.
// - RepositoryService holds the rules: BPMN and DMN resources are parsed and validated before
//   anything is stored, a failed deployment stores nothing, versions count per process key
//   and tenant, duplicate filtering compares content hashes with the latest deployment of
//   the same name. It also keeps the parsed models of deployed definitions in memory for the
//   execution engine (process_definition()).
//
// Thread-safety: RepositoryService may be used from any number of threads at once; so must
// every RepositoryStore implementation. Expected failures are Result errors (kInvalidArgument
// for bad input and parse errors, kNotFound, kUnavailable when the database is down).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "dpc/bpmn/definition.h"
#include "dpc/bpmn/problem.h"
#include "dpc/core/result.h"
#include "dpc/engine/decision_definition.h"
#include "dpc/engine/jobs.h"
#include "dpc/engine/visibility.h"

namespace dpc::engine {

// ---- Records (times are milliseconds since the Unix epoch; "" = not set) ----

struct DeploymentRecord {
  std::string id;
  std::string name;
  std::string source;
  std::string tenant_id;
  std::int64_t deploy_time = 0;
};

struct ResourceRecord {
  std::string id;
  std::string deployment_id;
  std::string name;
  std::string content_hash;  // hex SHA-256 of bytes
  std::string bytes;         // empty when listed without content
};

struct ProcessDefinitionRecord {
  std::string id;  // key:version:uuid
  std::string key;
  int version = 0;
  std::string name;
  std::string category;     // targetNamespace of the BPMN file
  std::string description;  // the process's documentation
  std::string resource_name;
  std::string deployment_id;
  std::string version_tag;
  std::optional<int> history_ttl_days;
  bool startable_in_tasklist = true;
  bool suspended = false;
  std::string tenant_id;
  std::int64_t deploy_time = 0;
};

// A deployed Camunda Form (a *.form resource), keyed by the form's "id".
struct FormDefinitionRecord {
  std::string id;  // key:version:uuid
  std::string key;
  int version = 0;
  std::string resource_name;
  std::string deployment_id;
  std::string tenant_id;
  std::int64_t deploy_time = 0;
};

// Which form a camunda:formRef names: the latest version of `key` (binding latest), the one
// deployed with `deployment_id` (binding deployment) or `version` (binding version).
struct FormLookup {
  std::string key;
  std::string tenant_id;
  std::string deployment_id;
  std::optional<int> version;
};

// ---- Queries (sort columns are the Camunda sortBy names, checked by the caller) ----

struct RepositorySort {
  std::string by;
  bool descending = false;
};

struct RepositoryPage {
  long long first_result = 0;
  long long max_results = -1;  // -1 = all
};

struct DeploymentQuery {
  std::optional<std::string> id, name, name_like, source;
  bool without_source = false;
  std::vector<std::string> tenant_ids;
  bool without_tenant_id = false;
  bool include_without_tenant_id = false;  // with tenant_ids: also those without a tenant
  std::optional<std::int64_t> after, before;  // deploy_time strictly after/before
  std::vector<RepositorySort> sorting;        // id, name, deploymentTime, tenantId
  Visibility visibility;  // definitions = deployment ids with READ
  RepositoryPage page;
};

struct ProcessDefinitionQuery {
  std::optional<std::string> id, key, key_like, name, name_like, deployment_id, resource_name,
      resource_name_like, category, category_like, version_tag, version_tag_like;
  std::vector<std::string> ids, keys, tenant_ids;
  std::optional<int> version;
  bool latest_version = false;
  std::optional<bool> suspended;
  std::optional<bool> startable_in_tasklist;
  bool without_tenant_id = false;
  bool include_without_tenant_id = false;
  bool without_version_tag = false;
  std::optional<std::int64_t> deployed_after, deployed_at;
  // category, key, id, name, version, deploymentId, deployTime, tenantId, versionTag
  std::vector<RepositorySort> sorting;
  Visibility visibility;  // definitions = keys with READ
  RepositoryPage page;
};

struct DecisionDefinitionQuery {
  std::optional<std::string> id, key, key_like, name, name_like, deployment_id, resource_name,
      category, version_tag;
  std::vector<std::string> ids, tenant_ids;
  std::optional<int> version;
  bool latest_version = false;
  bool without_tenant_id = false;
  bool include_without_tenant_id = false;
  // category, key, id, name, version, deploymentId, deployTime, tenantId, versionTag
  std::vector<RepositorySort> sorting;
  Visibility visibility;  // definitions = decision keys with READ
  RepositoryPage page;
};

// ---- Storage port ----

// The writes of one deployment, inside one database transaction.
class RepositoryTransaction {
 public:
  virtual ~RepositoryTransaction() = default;
  // Serializes deployments of the same name (for duplicate filtering) until commit.
  virtual Status lock_deployment_name(const std::string& name) = 0;
  // The newest deployment with this name, source and tenant, if any.
  virtual Result<std::optional<DeploymentRecord>> latest_deployment(
      const std::string& name, const std::string& source, const std::string& tenant_id) = 0;
  // For each resource name, the content hash of its newest version among the deployments
  // with this name, source and tenant.
  virtual Result<std::map<std::string, std::string>> latest_resource_hashes(
      const std::string& name, const std::string& source, const std::string& tenant_id) = 0;
  // Locks the key for this tenant until commit and returns its highest version (0: none).
  virtual Result<int> lock_latest_version(const std::string& key, const std::string& tenant_id) = 0;
  virtual Status insert(const DeploymentRecord& deployment,
                        const std::vector<ResourceRecord>& resources,
                        const std::vector<ProcessDefinitionRecord>& definitions) = 0;
  // As lock_latest_version, for decision keys (a separate version sequence).
  virtual Result<int> lock_latest_decision_version(const std::string& key,
                                                   const std::string& tenant_id) = 0;
  // After insert(): the decision definitions of the same deployment.
  virtual Status insert_decisions(const std::vector<DecisionDefinitionRecord>& decisions) = 0;
  // The timer start jobs of a process key and tenant become `jobs` (those of its new latest
  // version; none removes the previous version's). Stores without jobs ignore it.
  // As lock_latest_version, for form keys; and the insert of the deployment's forms.
  // Stores without forms ignore them.
  virtual Result<int> lock_latest_form_version(const std::string& key, const std::string& tenant_id) {
    (void)key, (void)tenant_id;
    return 0;
  }
  virtual Status insert_forms(const std::vector<FormDefinitionRecord>& forms) {
    (void)forms;
    return {};
  }
  virtual Status replace_start_timers(const std::string& key, const std::string& tenant_id,
                                      const std::vector<JobRecord>& jobs) {
    (void)key, (void)tenant_id, (void)jobs;
    return {};
  }
};

class RepositoryStore {
 public:
  virtual ~RepositoryStore() = default;

  // Runs `work` in one transaction: commits when it returns ok, rolls back otherwise.
  virtual Status in_transaction(const std::function<Status(RepositoryTransaction&)>& work) = 0;
  // Tells the other nodes that definitions were deployed, deleted or suspended (PostgreSQL:
  // NOTIFY dpc_definition), so that they drop their cached "latest version" lookups.
  virtual void announce_definitions_changed() {}

  virtual Result<std::vector<DeploymentRecord>> deployments(const DeploymentQuery& q) = 0;
  virtual Result<long long> count_deployments(const DeploymentQuery& q) = 0;
  virtual Result<std::optional<DeploymentRecord>> deployment(const std::string& id) = 0;
  // Resources of a deployment without their bytes, by name.
  virtual Result<std::vector<ResourceRecord>> resources(const std::string& deployment_id) = 0;
  // One resource with its bytes.
  virtual Result<std::optional<ResourceRecord>> resource(const std::string& deployment_id,
                                                         const std::string& resource_id) = 0;
  virtual Result<std::optional<ResourceRecord>> resource_by_name(const std::string& deployment_id,
                                                                 const std::string& name) = 0;

  virtual Result<std::vector<ProcessDefinitionRecord>> definitions(
      const ProcessDefinitionQuery& q) = 0;
  virtual Result<long long> count_definitions(const ProcessDefinitionQuery& q) = 0;
  virtual Result<std::optional<ProcessDefinitionRecord>> definition(const std::string& id) = 0;

  virtual Result<std::vector<DecisionDefinitionRecord>> decisions(
      const DecisionDefinitionQuery& q) = 0;
  virtual Result<long long> count_decisions(const DecisionDefinitionQuery& q) = 0;

  // The form a lookup names; nullopt when there is none (stores without forms: always).
  virtual Result<std::optional<FormDefinitionRecord>> form_definition(const FormLookup& lookup) {
    (void)lookup;
    return std::optional<FormDefinitionRecord>{};
  }

  // Deletes the deployment with its resources and definitions; false when there was none.
  virtual Result<bool> delete_deployment(const std::string& id) = 0;
  // Deletes one definition; false when there was none.
  virtual Result<bool> delete_definition(const std::string& id) = 0;
  // Sets the suspension state of the given definitions.
  virtual Status set_suspended(const std::vector<std::string>& definition_ids, bool suspended) = 0;
};

// What the repository needs from whoever owns process instances (the runtime) when
// definitions are deleted or suspended. Optional: without one, deletes and suspensions touch
// definitions only.
class DefinitionUsage {
 public:
  virtual ~DefinitionUsage() = default;
  virtual Result<long long> running_instances(const std::vector<std::string>& definition_ids) = 0;
  virtual Status delete_instances(const std::vector<std::string>& definition_ids) = 0;
  virtual Status set_instances_suspended(const std::vector<std::string>& definition_ids,
                                         bool suspended) = 0;
};

// ---- Service ----

struct DeploymentResource {
  std::string name;   // the file name, e.g. "invoice.bpmn"
  std::string bytes;
};

struct DeploymentRequest {
  std::string name;
  std::string source;
  std::string tenant_id;
  bool enable_duplicate_filtering = false;
  bool deploy_changed_only = false;  // implies duplicate filtering
  std::vector<DeploymentResource> resources;
};

// The outcome of deploy(). When duplicate filtering found nothing new, `deployment` is the
// existing deployment and `created` is false (Camunda then reports no deployed definitions).
struct DeploymentResult {
  DeploymentRecord deployment;
  bool created = true;
  std::vector<ProcessDefinitionRecord> definitions;  // those created by this deployment
  std::vector<DecisionDefinitionRecord> decisions;   // idem, from the DMN resources
};

// A failed parse of one or more resources: the ParseException with the problems of each
// resource (resource name → report), for the REST layer's `details`.
struct DeploymentProblems {
  Error error;
  std::map<std::string, bpmn::ProblemReport> by_resource;
};

// A deployed process definition with its parsed, immutable model.
struct DeployedDefinition {
  ProcessDefinitionRecord record;
  std::shared_ptr<const bpmn::ProcessDefinition> model;
};

class RepositoryService {
 public:
  using Clock = std::function<std::int64_t()>;
  // Reads a *.form resource: its form id, or why it is not a form (set by the application
  // from the forms module; without one, *.form files are stored as plain resources).
  using FormReader = std::function<Result<std::string>(const std::string& bytes)>;
  // `store` (and `usage`, when given) must outlive the service. `clock` defaults to the
  // system clock.
  explicit RepositoryService(RepositoryStore& store, Clock clock = {});
  void set_definition_usage(DefinitionUsage* usage) { usage_ = usage; }
  // Call before the first deployment.
  void set_form_reader(FormReader reader) { form_reader_ = std::move(reader); }

  // Deploys the resources. Every *.form resource is read with the form reader first (a
  // broken form or two forms with one id fail the deployment, kInvalidArgument); each
  // becomes a form definition versioned per form id and tenant. Every resource named *.bpmn or *.bpmn20.xml (BPMN) or *.dmn or
  // *.dmn11.xml (DMN: each decision becomes a decision definition, versioned per decision
  // key and tenant) is parsed first; when any has errors, nothing is stored and the error is
  // the ParseException, with the per-resource reports in `problems` (when given).
  Result<DeploymentResult> deploy(const DeploymentRequest& request,
                                  DeploymentProblems* problems = nullptr);

  Result<std::vector<DeploymentRecord>> deployments(const DeploymentQuery& q);
  Result<long long> count_deployments(const DeploymentQuery& q);
  // kNotFound "Deployment with id '...' does not exist".
  Result<DeploymentRecord> deployment(const std::string& id);
  Result<std::vector<ResourceRecord>> resources(const std::string& deployment_id);
  Result<ResourceRecord> resource(const std::string& deployment_id, const std::string& resource_id);
  // A resource with its bytes by name; kNotFound when the deployment has none of that name.
  Result<ResourceRecord> resource_by_name(const std::string& deployment_id, const std::string& name);
  // The form a lookup names with its JSON; kNotFound "No form with key ..." when none.
  Result<std::pair<FormDefinitionRecord, std::string>> find_form(const FormLookup& lookup);
  // Deletes a deployment. Without cascade it fails (kConflict) while instances of its
  // definitions run; with cascade they are deleted first.
  Status delete_deployment(const std::string& id, bool cascade);

  Result<std::vector<ProcessDefinitionRecord>> definitions(const ProcessDefinitionQuery& q);
  Result<long long> count_definitions(const ProcessDefinitionQuery& q);
  // kNotFound "No matching definition with id ...".
  Result<ProcessDefinitionRecord> definition(const std::string& id);
  // The latest version of `key` for the tenant ("" = definitions without a tenant).
  Result<ProcessDefinitionRecord> latest_definition(const std::string& key,
                                                    const std::string& tenant_id = {});
  // The BPMN XML a definition was parsed from.
  Result<std::string> definition_xml(const std::string& id);
  Status delete_definition(const std::string& id, bool cascade);
  // Suspends or activates one definition, or every version of a key (and, when asked, their
  // instances).
  Status set_definition_suspended(const std::string& id, bool suspended, bool include_instances);
  Status set_key_suspended(const std::string& key, bool suspended, bool include_instances);

  // A definition's current record (fresh from the store, so `suspended` is up to date) with
  // its parsed model (from memory, parsed from the stored XML on first use). For the
  // execution engine; kNotFound as definition() / latest_definition().
  Result<DeployedDefinition> deployed(const std::string& definition_id);
  // The latest version is remembered per key and tenant until definitions_changed().
  Result<DeployedDefinition> latest_deployed(const std::string& key, const std::string& tenant_id = {});
  // Definitions were deployed, deleted or suspended, here or on another node (the LISTEN
  // dpc_definition listener calls this): "latest" lookups look in the database again.
  void definitions_changed();

  // Decision definitions (see decision_repository.cpp). kNotFound "no decision definition
  // ...". The model comes from memory, parsed from the stored DMN on first use.
  Result<std::vector<DecisionDefinitionRecord>> decision_definitions(const DecisionDefinitionQuery& q);
  Result<long long> count_decision_definitions(const DecisionDefinitionQuery& q);
  Result<DecisionDefinitionRecord> decision_definition(const std::string& id);
  // The decision a lookup names (binding latest, version, versionTag or deployment).
  Result<DecisionDefinitionRecord> find_decision_definition(const DecisionLookup& lookup);
  Result<std::string> decision_xml(const std::string& id);
  Result<DeployedDecision> deployed_decision(const DecisionDefinitionRecord& record);
  // Incremented after every deployment that created decisions (for caches of "latest").
  std::uint64_t decisions_generation() const { return decisions_generation_.load(); }

  // The parsed model of a deployed definition, for the execution engine: from memory, or
  // parsed from the stored XML on first use. nullptr when there is no such definition (or the
  // database cannot be reached).
  std::shared_ptr<const bpmn::ProcessDefinition> process_definition(const std::string& definition_id);

 private:
  // The cached model of `definition`, parsing and caching it on a miss.
  Result<std::shared_ptr<const bpmn::ProcessDefinition>> model_of(
      const ProcessDefinitionRecord& definition);
  void remember(const std::string& definition_id, std::shared_ptr<const bpmn::ProcessDefinition> m);
  void forget(const std::vector<std::string>& definition_ids);
  Status remove_instances(const std::vector<std::string>& definition_ids, bool cascade);

  RepositoryStore& store_;
  Clock clock_;
  DefinitionUsage* usage_ = nullptr;
  FormReader form_reader_;
  std::shared_mutex cache_mu_;
  // Parsed models by definition id; a definition's XML never changes, so entries stay valid
  // until the definition is deleted. Guarded by cache_mu_.
  std::unordered_map<std::string, std::shared_ptr<const bpmn::ProcessDefinition>> models_;
  // Parsed DMN models by "deploymentId/resourceName". Guarded by cache_mu_.
  std::unordered_map<std::string, std::shared_ptr<const dmn::Model>> dmn_models_;
  std::atomic<std::uint64_t> decisions_generation_{0};
  // latest_deployed() results by tenant + "\n" + key. Guarded by cache_mu_; a lookup that
  // raced with definitions_changed() (generation moved on) is not remembered.
  std::unordered_map<std::string, DeployedDefinition> latest_;
  std::atomic<std::uint64_t> latest_generation_{0};
  void changed();  // definitions_changed() here and announced to the other nodes
};

// True for resource names the BPMN parser handles (*.bpmn, *.bpmn20.xml).
bool is_bpmn_resource(const std::string& name);
// True for resource names the DMN parser handles (*.dmn, *.dmn11.xml).
bool is_dmn_resource(const std::string& name);
// True for Camunda Forms resources (*.form).
bool is_form_resource(const std::string& name);
// Hex SHA-256 of `bytes`.
std::string sha256_hex(const std::string& bytes);

}  // namespace dpc::engine
