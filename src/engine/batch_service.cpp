// Batch creation and the batch jobs: an item's command and its job's deletion in one
// transaction (RidingStore), and the monitor job that ends a batch.
#include "dpc/engine/batch_service.h"

#include <nlohmann/json.hpp>

#include "dpc/core/strings.h"
#include "dpc/engine/instance_migration.h"

namespace dpc::engine {

namespace {

// The item job whose command runs on this thread: the next transaction that commits through
// RidingStore deletes it too, so the item's effect and the end of its job commit together.
thread_local const ChangeSet* t_rider = nullptr;

class RidingStore : public RuntimeStore {
 public:
  explicit RidingStore(RuntimeStore& inner) : inner_(inner) {}
  Status transact(const std::function<Status(RuntimeTransaction&)>& command) override {
    const ChangeSet* rider = t_rider;
    Status st = inner_.transact([&](RuntimeTransaction& tx) {
      Status s = command(tx);
      if (s && rider) s = tx.write(*rider);
      return s;
    });
    if (st && rider) t_rider = nullptr;  // later transactions of the command (signals) carry none
    return st;
  }

 private:
  RuntimeStore& inner_;
};

// Sets t_rider for one item's command.
class Riding {
 public:
  explicit Riding(const std::string& job_id) {
    changes_.jobs.deleted.push_back(job_id);
    t_rider = &changes_;
  }
  ~Riding() { t_rider = nullptr; }
  // Whether a committed transaction took the job's deletion along.
  bool carried() const { return t_rider == nullptr; }

 private:
  ChangeSet changes_;
};

}  // namespace

BatchService::BatchService(BatchStore& batches, RuntimeStore& store, MigrationStore& migrations,
                           ProcessDefinitionSource& definitions, Clock clock)
    : batches_(batches), clock_(std::move(clock)) {
  riding_ = std::make_unique<RidingStore>(store);
  runtime_ = std::make_unique<RuntimeService>(*riding_, definitions, clock_);
  job_commands_ = std::make_unique<JobCommands>(*riding_, definitions, clock_);
  migration_ = std::make_unique<InstanceMigration>(migrations, definitions);
}

BatchService::~BatchService() = default;

Result<BatchRecord> BatchService::create(const std::string& type, const std::vector<std::string>& items,
                                         const std::string& configuration, const std::string& user) {
  if (items.empty()) return Error::invalid("The batch has no items: nothing matches the ids or the query given");
  BatchRecord b;
  b.id = new_uuid();
  b.type = type;
  b.total_jobs = static_cast<int>(items.size());
  b.create_user_id = user;
  b.configuration = configuration;
  b.start_time = clock_();
  if (auto st = batches_.create(b, items, b.start_time); !st) return st.error();
  return b;
}

Result<BatchRecord> BatchService::batch_of(const std::string& id) {
  {
    std::lock_guard lock(mu_);
    if (auto it = known_.find(id); it != known_.end()) return it->second;
  }
  auto b = batches_.batch(id);
  if (!b) return b.error();
  if (!*b) return Error::not_found("Batch for id '" + id + "' cannot be found");
  std::lock_guard lock(mu_);
  if (known_.size() > 64) known_.clear();
  known_[id] = **b;
  return **b;
}

Result<bool> BatchService::run_job(const JobRecord& job) {
  if (job.type == kBatchMonitorJob) {
    auto ended = batches_.monitor(job.handler_config, job.id, clock_(), clock_() + monitor_interval_);
    if (!ended) return ended.error();
    if (*ended) {
      std::lock_guard lock(mu_);
      known_.erase(job.handler_config);
    }
    return true;
  }
  const auto colon = job.handler_config.find(':');
  if (colon == std::string::npos) return Error::internal("batch job " + job.id + " names no batch item");
  auto batch = batch_of(job.handler_config.substr(0, colon));
  if (!batch) return batch.error();
  Status st = run_item(*batch, job, job.handler_config.substr(colon + 1));
  if (!st) return st.error();
  return true;
}

Status BatchService::run_item(const BatchRecord& batch, const JobRecord& job, const std::string& item) {
  nlohmann::json config = nlohmann::json::parse(batch.configuration, nullptr, false);
  if (!config.is_object()) config = nlohmann::json::object();
  auto flag = [&](const char* name) { return config.value(name, false); };
  if (batch.type == kBatchMigration) {
    // The migration store deletes the job in the migration's own transaction.
    auto plan = migration_plan_from_json(config.value("migrationPlan", nlohmann::json::object()).dump());
    if (!plan) return plan.error();
    return migration_->migrate(item, *plan, job.id);
  }
  Riding riding(job.id);
  Status st;
  if (batch.type == kBatchJobRetries) {
    st = job_commands_->set_retries(item, config.value("retries", 0));
  } else if (batch.type == kBatchExternalTaskRetries) {
    st = runtime_->set_external_task_retries(item, config.value("retries", 0));
  } else if (batch.type == kBatchDeletion) {
    std::string reason = config.contains("deleteReason") && config["deleteReason"].is_string()
                             ? config["deleteReason"].get<std::string>() : std::string();
    st = runtime_->delete_instance(item, reason, flag("skipCustomListeners"));
  } else if (batch.type == kBatchSuspension) {
    st = runtime_->set_instance_suspended(item, flag("suspended"));
  } else {
    return Error::internal("unknown batch type " + batch.type);
  }
  if (!st) return st;
  // A command that committed nothing (its instance was already in that state) leaves the job.
  if (!riding.carried()) return batches_.item_done(job.id);
  return {};
}

}  // namespace dpc::engine
