#include "event_commands.h"

#include "instance_loader.h"

namespace dpc::engine {

Result<InstanceRun*> EventCommand::lock(const std::string& instance_id) {
  auto locked = lock_and_load(tx_, defs_, clock_, state_->decisions, instance_id);
  if (!locked) return locked.error();
  if (!locked->missing_definition.empty()) missing_.push_back(locked->missing_definition);
  if (!locked->run) return static_cast<InstanceRun*>(nullptr);
  runs_.push_back(std::move(locked->run));
  return runs_.back().get();
}

InstanceRun& EventCommand::create(std::shared_ptr<const DeployedProcess> process,
                                  const std::string& business_key) {
  auto run = std::make_unique<InstanceRun>(std::move(process), clock_);
  run->set_decisions(state_->decisions);
  run->create(business_key);
  runs_.push_back(std::move(run));
  return *runs_.back();
}

Result<std::vector<EventCommand::StartTarget>> EventCommand::start_targets(
    bpmn::EventKind kind, const std::string& name) {
  auto ids = tx_.latest_definition_ids();
  if (!ids) return ids.error();
  std::vector<StartTarget> out;
  for (const auto& id : *ids) {
    auto process = defs_.cached_process(id);
    if (!process) {
      missing_.push_back(id);
      continue;
    }
    for (bpmn::ElementIndex i : process->model->start_events) {
      const bpmn::Element& el = process->model->elements[i];
      if (el.kind != bpmn::ElementKind::kStartEvent || el.event.kind != kind) continue;
      if (el.event.name.source() == name) out.push_back({process, i});
    }
  }
  return out;
}

Status EventCommand::write_all() {
  for (const auto& run : runs_) {
    ChangeSet changes = run->changes();
    if (!changes.external_tasks.inserted.empty()) state_->created_work = true;
    for (const auto& s : changes.signals) state_->signals.push_back(s);
    if (auto st = tx_.write(changes); !st) return st;
  }
  return {};
}

}  // namespace dpc::engine
