// The DMN model: decisions, input data, BKMs, decision services, item definitions and
// boxed expressions, as parsed from DMN 1.1-1.5 XML. Immutable after parsing; FEEL texts
// are compiled once at parse time. Safe to evaluate from many threads.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dpc/feel/feel.h"

namespace dpc::dmn {

struct BoxedExpression;
using BoxedPtr = std::shared_ptr<const BoxedExpression>;

struct ItemDefinition {
  std::string name;
  std::string type_ref;  // empty for structures
  bool is_collection = false;
  std::vector<ItemDefinition> components;
  std::optional<feel::UnaryTests> allowed_values;
  std::optional<feel::TypeSpec> function_type;
  std::string function_output_type_ref;  // functionItem outputTypeRef
};

struct CompiledText {
  std::string text;
  std::optional<feel::Expression> expr;  // empty text or compile error -> nullopt
  std::string error;
};

struct DecisionTableRule {
  std::string id;  // the rule element's id (for decision history)
  std::vector<std::optional<feel::UnaryTests>> inputs;  // nullopt = compile error
  std::vector<CompiledText> outputs;
};

struct DecisionTable {
  std::string hit_policy = "UNIQUE";
  std::string aggregation;
  std::vector<CompiledText> input_exprs;
  std::vector<std::optional<feel::UnaryTests>> input_values;
  std::vector<std::string> input_ids, input_labels;  // per input clause (for decision history)
  struct Output {
    std::string id;  // the output clause's id (for decision history)
    std::string name;
    std::string type_ref;
    std::vector<CompiledText> values;  // priority order (output values)
    CompiledText default_value;
  };
  std::vector<Output> outputs;
  std::vector<DecisionTableRule> rules;
};

struct Binding {
  std::string name;
  BoxedPtr expr;  // may be null: parameter bound to null
};

struct BoxedExpression {
  enum class Kind { kLiteral, kDecisionTable, kContext, kInvocation, kRelation, kList, kFunction,
                    kConditional, kFor, kSome, kEvery, kFilter, kUnsupported };
  Kind kind = Kind::kUnsupported;
  std::string type_ref;
  CompiledText literal;
  std::shared_ptr<DecisionTable> table;
  std::vector<Binding> entries;       // context entries (name empty = result), invocation bindings
  std::vector<BoxedPtr> items;        // list items, conditional if/then/else, iterator in/body
  std::vector<std::string> columns;   // relation
  std::vector<std::vector<BoxedPtr>> rows;
  std::vector<std::pair<std::string, std::string>> params;  // function: name, typeRef
  std::string function_kind = "FEEL";
  std::string iterator_variable;
  std::string unsupported;
};

struct Decision {
  std::string id, name, type_ref;
  std::string version_tag;  // camunda:versionTag (any prefix), for decisionRefBinding="versionTag"
  std::optional<int> history_time_to_live_days;  // camunda:historyTimeToLive (any prefix)
  std::vector<std::string> required_decisions;  // ids
  std::vector<std::string> required_inputs;     // ids
  std::vector<std::string> required_knowledge;  // ids
  BoxedPtr expr;
};

struct InputData {
  std::string id, name, type_ref;
};

struct Invocable {  // BKM or decision service
  std::string id, name, type_ref;
  bool is_service = false;
  BoxedPtr function;  // BKM: function definition
  std::vector<std::string> required_knowledge;
  std::vector<std::string> output_decisions, encapsulated_decisions, input_decisions, input_data;  // ids
};

struct Model {
  std::string name, ns;
  std::map<std::string, ItemDefinition> item_definitions;
  std::vector<Decision> decisions;
  std::vector<InputData> inputs;
  std::vector<Invocable> invocables;
  std::map<std::string, std::string> id_to_name;
  std::vector<std::string> import_prefixes;  // names of imported models in scope
  std::vector<std::shared_ptr<const Model>> imports;
  std::vector<std::pair<std::string, std::string>> import_names;  // prefix, namespace
  const Decision* find_decision(const std::string& name_or_id) const;
  const InputData* find_input(const std::string& name_or_id) const;
  const Invocable* find_invocable(const std::string& name_or_id) const;
};

}  // namespace dpc::dmn
