// DMN XML -> Model, with pugixml. Element names are matched by local name so every DMN
// version and prefix is accepted.
#include "dpc/dmn/model_parser.h"

#include <pugixml.hpp>

#include "dpc/core/history_ttl.h"

#include <cstring>
#include <set>

namespace dpc::dmn {

namespace {
const char* local(const pugi::xml_node& n) {
  const char* s = n.name();
  const char* c = std::strrchr(s, ':');
  return c ? c + 1 : s;
}
bool is(const pugi::xml_node& n, const char* name) { return std::strcmp(local(n), name) == 0; }
pugi::xml_node child(const pugi::xml_node& n, const char* name) {
  for (auto c : n.children())
    if (is(c, name)) return c;
  return {};
}
std::vector<pugi::xml_node> children(const pugi::xml_node& n, const char* name) {
  std::vector<pugi::xml_node> out;
  for (auto c : n.children())
    if (is(c, name)) out.push_back(c);
  return out;
}
std::string text_of(const pugi::xml_node& n) {
  pugi::xml_node t = child(n, "text");
  return t ? t.text().get() : "";
}
std::string href_id(const pugi::xml_node& n) {
  std::string h = n.attribute("href").value();
  auto k = h.find('#');
  return k == std::string::npos ? h : h.substr(k + 1);
}

class ModelParser {
 public:
  ModelParser(const std::vector<std::shared_ptr<const Model>>& imports) : imports_(imports) {}

  Result<std::shared_ptr<const Model>> parse(const std::string& xml) {
    pugi::xml_document doc;
    auto ok = doc.load_string(xml.c_str());
    if (!ok) return Error::invalid(std::string("invalid DMN XML: ") + ok.description());
    pugi::xml_node defs = doc.document_element();
    if (!is(defs, "definitions")) return Error::invalid("root element is not definitions");
    auto m = std::make_shared<Model>();
    m->name = defs.attribute("name").value();
    m->ns = defs.attribute("namespace").value();
    collect_names(defs);
    for (auto imp : children(defs, "import")) {
      std::string ns = imp.attribute("namespace").value();
      std::string prefix = imp.attribute("name").value();
      for (const auto& other : imports_) {
        if (other->ns != ns) continue;
        m->imports.push_back(other);
        m->import_names.emplace_back(prefix, ns);
        collect_import_names(prefix, *other);
      }
    }
    for (auto n : defs.children()) {
      std::string id = n.attribute("id").value(), name = n.attribute("name").value();
      if (!id.empty()) m->id_to_name[id] = name;
      if (is(n, "itemDefinition")) {
        ItemDefinition d = item_definition(n);
        m->item_definitions[d.name] = d;
      } else if (is(n, "inputData")) {
        pugi::xml_node v = child(n, "variable");
        m->inputs.push_back({id, name, v.attribute("typeRef").value()});
      } else if (is(n, "decision")) {
        m->decisions.push_back(decision(n));
      } else if (is(n, "businessKnowledgeModel")) {
        Invocable b;
        b.id = id;
        b.name = name;
        b.type_ref = child(n, "variable").attribute("typeRef").value();
        pugi::xml_node logic = child(n, "encapsulatedLogic");
        if (logic) b.function = function_definition(logic);
        for (auto r : children(n, "knowledgeRequirement")) b.required_knowledge.push_back(href_id(child(r, "requiredKnowledge")));
        m->invocables.push_back(std::move(b));
      } else if (is(n, "decisionService")) {
        Invocable s;
        s.id = id;
        s.name = name;
        s.is_service = true;
        s.type_ref = child(n, "variable").attribute("typeRef").value();
        for (auto r : children(n, "outputDecision")) s.output_decisions.push_back(href_id(r));
        for (auto r : children(n, "encapsulatedDecision")) s.encapsulated_decisions.push_back(href_id(r));
        for (auto r : children(n, "inputDecision")) s.input_decisions.push_back(href_id(r));
        for (auto r : children(n, "inputData")) s.input_data.push_back(href_id(r));
        m->invocables.push_back(std::move(s));
      }
    }
    if (!error_.empty()) return Error::invalid(error_);
    return std::shared_ptr<const Model>(m);
  }

 private:
  const std::vector<std::shared_ptr<const Model>>& imports_;
  std::string error_;  // the first problem found in an attribute
  std::vector<std::string> names_;

  void collect_names(const pugi::xml_node& n) {
    std::set<std::string> seen;
    std::vector<pugi::xml_node> stack{n};
    while (!stack.empty()) {
      pugi::xml_node c = stack.back();
      stack.pop_back();
      for (const char* attr : {"name", "iteratorVariable"}) {
        std::string v = c.attribute(attr).value();
        if (!v.empty() && seen.insert(v).second) names_.push_back(v);
      }
      for (auto k : c.children())
        if (k.type() == pugi::node_element) stack.push_back(k);
    }
  }

  void collect_import_names(const std::string& prefix, const Model& other) {
    for (const auto& d : other.decisions) names_.push_back(prefix + "." + d.name);
    for (const auto& d : other.inputs) names_.push_back(prefix + "." + d.name);
    for (const auto& d : other.invocables) names_.push_back(prefix + "." + d.name);
    names_.push_back(prefix);
  }

  CompiledText compile(const std::string& text) {
    CompiledText c;
    c.text = text;
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) return c;
    auto e = feel::Expression::compile(text, names_);
    if (e.ok()) c.expr = std::move(e.value());
    else c.error = e.error().message;
    return c;
  }

  std::optional<feel::UnaryTests> compile_tests(const std::string& text) {
    std::string t = text.find_first_not_of(" \t\r\n") == std::string::npos ? "-" : text;
    auto u = feel::UnaryTests::compile(t, names_);
    if (u.ok()) return std::move(u.value());
    return std::nullopt;
  }

  ItemDefinition item_definition(const pugi::xml_node& n) {
    ItemDefinition d;
    d.name = n.attribute("name").value();
    d.is_collection = std::string(n.attribute("isCollection").value()) == "true";
    pugi::xml_node tr = child(n, "typeRef");
    d.type_ref = tr ? tr.text().get() : n.attribute("typeRef").value();
    for (auto c : children(n, "itemComponent")) d.components.push_back(item_definition(c));
    if (pugi::xml_node av = child(n, "allowedValues")) d.allowed_values = compile_tests(text_of(av));
    if (pugi::xml_node ft = child(n, "functionItem")) {
      feel::TypeSpec t;
      t.name = "function";
      d.function_type = t;
      d.function_output_type_ref = ft.attribute("outputTypeRef").value();
    }
    return d;
  }

  Decision decision(const pugi::xml_node& n) {
    Decision d;
    d.id = n.attribute("id").value();
    d.name = n.attribute("name").value();
    for (auto a : n.attributes()) {
      std::string_view an = a.name();
      if (an.size() > 11 && an.substr(an.size() - 11) == ":versionTag") d.version_tag = a.value();
      if (an.size() > 18 && an.substr(an.size() - 18) == ":historyTimeToLive" && *a.value()) {
        d.history_time_to_live_days = parse_history_time_to_live(a.value());
        if (!d.history_time_to_live_days && error_.empty()) {
          error_ = "Cannot parse historyTimeToLive '" + std::string(a.value()) + "' of decision '" + d.id +
                   "': Camunda 7 takes a whole number of days ('5') or 'P5D', not an expression";
        }
      }
    }
    d.type_ref = child(n, "variable").attribute("typeRef").value();
    for (auto r : children(n, "informationRequirement")) {
      if (auto rd = child(r, "requiredDecision")) d.required_decisions.push_back(href_id(rd));
      if (auto ri = child(r, "requiredInput")) d.required_inputs.push_back(href_id(ri));
    }
    for (auto r : children(n, "knowledgeRequirement")) d.required_knowledge.push_back(href_id(child(r, "requiredKnowledge")));
    d.expr = boxed_in(n);
    return d;
  }

  // The boxed expression that is a child of n (first recognised element).
  BoxedPtr boxed_in(const pugi::xml_node& n) {
    for (auto c : n.children()) {
      if (c.type() != pugi::node_element) continue;
      if (BoxedPtr b = boxed(c)) return b;
    }
    return nullptr;
  }

  BoxedPtr function_definition(const pugi::xml_node& n) {
    auto b = std::make_shared<BoxedExpression>();
    b->kind = BoxedExpression::Kind::kFunction;
    b->type_ref = n.attribute("typeRef").value();
    if (auto k = n.attribute("kind")) b->function_kind = k.value();
    for (auto p : children(n, "formalParameter")) b->params.emplace_back(p.attribute("name").value(), p.attribute("typeRef").value());
    b->items.push_back(boxed_in(n));
    return b;
  }

  BoxedPtr boxed(const pugi::xml_node& n);
  std::shared_ptr<DecisionTable> decision_table(const pugi::xml_node& n);
};

BoxedPtr ModelParser::boxed(const pugi::xml_node& n) {
  using K = BoxedExpression::Kind;
  auto b = std::make_shared<BoxedExpression>();
  b->type_ref = n.attribute("typeRef").value();
  if (is(n, "literalExpression")) {
    b->kind = K::kLiteral;
    b->literal = compile(text_of(n));
  } else if (is(n, "decisionTable")) {
    b->kind = K::kDecisionTable;
    b->table = decision_table(n);
  } else if (is(n, "context")) {
    b->kind = K::kContext;
    for (auto e : children(n, "contextEntry")) {
      pugi::xml_node v = child(e, "variable");
      b->entries.push_back({v ? v.attribute("name").value() : "", boxed_in(e)});
      if (v && b->entries.back().expr == nullptr) b->entries.back().expr = nullptr;
    }
  } else if (is(n, "invocation")) {
    b->kind = K::kInvocation;
    b->items.push_back(boxed_in(n));  // the function expression (literalExpression)
    for (auto bd : children(n, "binding")) {
      b->entries.push_back({child(bd, "parameter").attribute("name").value(), boxed_in(bd)});
    }
  } else if (is(n, "relation")) {
    b->kind = K::kRelation;
    for (auto c : children(n, "column")) b->columns.push_back(c.attribute("name").value());
    for (auto r : children(n, "row")) {
      std::vector<BoxedPtr> row;
      for (auto c : r.children())
        if (c.type() == pugi::node_element) row.push_back(boxed(c));
      b->rows.push_back(std::move(row));
    }
  } else if (is(n, "list")) {
    b->kind = K::kList;
    for (auto c : n.children())
      if (c.type() == pugi::node_element)
        if (BoxedPtr e = boxed(c)) b->items.push_back(e);
  } else if (is(n, "functionDefinition")) {
    return function_definition(n);
  } else if (is(n, "conditional")) {
    b->kind = K::kConditional;
    for (const char* part : {"if", "then", "else"}) b->items.push_back(boxed_in(child(n, part)));
  } else if (is(n, "for") || is(n, "some") || is(n, "every")) {
    b->kind = is(n, "for") ? K::kFor : (is(n, "some") ? K::kSome : K::kEvery);
    b->iterator_variable = n.attribute("iteratorVariable").value();
    b->items.push_back(boxed_in(child(n, "in")));
    b->items.push_back(boxed_in(child(n, is(n, "for") ? "return" : "satisfies")));
  } else if (is(n, "filter")) {
    b->kind = K::kFilter;
    b->items.push_back(boxed_in(child(n, "in")));
    b->items.push_back(boxed_in(child(n, "match")));
  } else {
    return nullptr;
  }
  return b;
}

std::shared_ptr<DecisionTable> ModelParser::decision_table(const pugi::xml_node& n) {
  auto t = std::make_shared<DecisionTable>();
  if (auto hp = n.attribute("hitPolicy")) t->hit_policy = hp.value();
  if (auto ag = n.attribute("aggregation")) t->aggregation = ag.value();
  for (auto in : children(n, "input")) {
    t->input_exprs.push_back(compile(text_of(child(in, "inputExpression"))));
    t->input_ids.push_back(in.attribute("id").value());
    t->input_labels.push_back(in.attribute("label").value());
    pugi::xml_node iv = child(in, "inputValues");
    t->input_values.push_back(iv ? compile_tests(text_of(iv)) : std::nullopt);
  }
  for (auto out : children(n, "output")) {
    DecisionTable::Output o;
    o.id = out.attribute("id").value();
    o.name = out.attribute("name").value();
    o.type_ref = out.attribute("typeRef").value();
    if (pugi::xml_node ov = child(out, "outputValues")) {
      // Output values are a list of literals in priority order: parse as a FEEL list.
      CompiledText list = compile("[" + text_of(ov) + "]");
      o.values.push_back(std::move(list));
    }
    if (pugi::xml_node d = child(out, "defaultOutputEntry")) o.default_value = compile(text_of(d));
    t->outputs.push_back(std::move(o));
  }
  for (auto r : children(n, "rule")) {
    DecisionTableRule rule;
    rule.id = r.attribute("id").value();
    for (auto ie : children(r, "inputEntry")) rule.inputs.push_back(compile_tests(text_of(ie)));
    for (auto oe : children(r, "outputEntry")) rule.outputs.push_back(compile(text_of(oe)));
    t->rules.push_back(std::move(rule));
  }
  return t;
}
}  // namespace

Result<std::shared_ptr<const Model>> parse_model(const std::string& xml,
                                                 const std::vector<std::shared_ptr<const Model>>& imports) {
  ModelParser p(imports);
  return p.parse(xml);
}

const Decision* Model::find_decision(const std::string& k) const {
  for (const auto& d : decisions)
    if (d.name == k || d.id == k) return &d;
  return nullptr;
}
const InputData* Model::find_input(const std::string& k) const {
  for (const auto& d : inputs)
    if (d.name == k || d.id == k) return &d;
  return nullptr;
}
const Invocable* Model::find_invocable(const std::string& k) const {
  for (const auto& d : invocables)
    if (d.name == k || d.id == k) return &d;
  return nullptr;
}

}  // namespace dpc::dmn
