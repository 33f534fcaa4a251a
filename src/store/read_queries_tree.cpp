// The activity instance tree of a running instance (GET /process-instance/{id}/activity-
// instances), built from the execution table: the children of a scope are the executions
// whose parent is the scope's execution, grouped by activity instance; a scope execution
// that is not the root is a running subprocess with children of its own. Type and name of
// each activity instance come from its hi_act_inst row.
#include <map>

#include "read_queries_sql.h"

namespace dpc::store::read_sql {

using namespace dpc::engine;

namespace {

struct ExecutionRow {
  std::string id, parent_id, activity_id, activity_instance_id, activity_type, activity_name;
  int state = 0;
};

constexpr int kScopeState = static_cast<int>(ExecutionRecord::State::kScope);
constexpr int kWaitingState = static_cast<int>(ExecutionRecord::State::kWaiting);
constexpr int kMaxDepth = 64;  // nesting deeper than this is bad data, not a model

class TreeBuilder {
 public:
  TreeBuilder(std::vector<ExecutionRow> rows, std::string instance_id, std::string definition_id)
      : instance_id_(std::move(instance_id)), definition_id_(std::move(definition_id)) {
    for (auto& r : rows) by_parent_[r.parent_id].push_back(std::move(r));
  }

  void fill_children(ActivityInstanceNode& scope, const std::string& scope_execution, int depth) {
    if (depth > kMaxDepth) return;
    auto it = by_parent_.find(scope_execution);
    if (it == by_parent_.end()) return;
    std::map<std::string, size_t> group_of;  // activity instance id → index in children
    for (const auto& e : it->second) {
      std::string act_inst = e.activity_instance_id.empty() ? e.id : e.activity_instance_id;
      if (e.state != kScopeState) {
        auto g = group_of.find(act_inst);
        if (g != group_of.end()) {
          scope.children[g->second].execution_ids.push_back(e.id);
          continue;
        }
        group_of[act_inst] = scope.children.size();
      }
      ActivityInstanceNode node = make_node(e, act_inst, scope.id);
      if (e.state == kScopeState) fill_children(node, e.id, depth + 1);
      scope.children.push_back(std::move(node));
    }
  }

 private:
  ActivityInstanceNode make_node(const ExecutionRow& e, const std::string& id,
                                 const std::string& parent) const {
    ActivityInstanceNode n;
    n.id = id;
    n.parent_id = parent;
    n.activity_id = e.activity_id;
    n.activity_type = e.activity_type.empty() && e.state == kScopeState ? "subProcess" : e.activity_type;
    n.activity_name = e.activity_name;
    n.process_instance_id = instance_id_;
    n.process_definition_id = definition_id_;
    n.execution_ids.push_back(e.id);
    n.transition = e.activity_instance_id.empty() && e.state == kWaitingState;
    return n;
  }

  std::string instance_id_, definition_id_;
  std::map<std::string, std::vector<ExecutionRow>> by_parent_;
};

// Attaches each incident to the activity instance that holds its execution (depth first).
bool attach_incident(ActivityInstanceNode& node, const std::string& incident_id,
                     const std::string& execution_id) {
  for (auto& child : node.children) {
    if (attach_incident(child, incident_id, execution_id)) return true;
  }
  for (const auto& e : node.execution_ids) {
    if (e == execution_id) {
      node.incident_ids.push_back(incident_id);
      return true;
    }
  }
  return false;
}

}  // namespace

std::optional<ActivityInstanceNode> activity_tree(pqxx::transaction_base& tx, const std::string& instance_id) {
  auto inst = tx.exec_params(
      "SELECT p.definition_id, d.name FROM proc_inst p"
      " LEFT JOIN process_definition d ON d.id = p.definition_id WHERE p.id = $1",
      instance_id);
  if (inst.empty()) return std::nullopt;

  ActivityInstanceNode root;
  root.id = instance_id;
  root.activity_id = text_of(inst[0][0]);
  root.activity_type = "processDefinition";
  root.activity_name = text_of(inst[0][1]);
  root.process_instance_id = instance_id;
  root.process_definition_id = root.activity_id;
  root.execution_ids.push_back(instance_id);

  std::vector<ExecutionRow> rows;
  for (const auto& r : tx.exec_params(
           "SELECT e.id, e.parent_id, COALESCE(a.activity_id, e.activity_id), e.activity_instance_id,"
           " e.state, a.activity_type, a.activity_name"
           " FROM execution e LEFT JOIN hi_act_inst a ON a.id = e.activity_instance_id"
           " WHERE e.proc_inst_id = $1 AND e.parent_id IS NOT NULL"
           " ORDER BY a.start_time NULLS LAST, e.id",
           instance_id)) {
    rows.push_back({text_of(r[0]), text_of(r[1]), text_of(r[2]), text_of(r[3]), text_of(r[5]),
                    text_of(r[6]), r[4].as<int>()});
  }
  TreeBuilder(std::move(rows), instance_id, root.process_definition_id)
      .fill_children(root, instance_id, 0);

  for (const auto& r : tx.exec_params(
           "SELECT id, execution_id FROM incident WHERE proc_inst_id = $1 ORDER BY created, id",
           instance_id)) {
    if (!attach_incident(root, text_of(r[0]), text_of(r[1]))) root.incident_ids.push_back(text_of(r[0]));
  }
  return root;
}

}  // namespace dpc::store::read_sql
