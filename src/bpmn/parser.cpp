#include "dpc/bpmn/parser.h"

#include <set>

#include "dpc/core/strings.h"
#include "parse_context.h"
#include "process_builder.h"
#include "validator.h"
#include "xml_reader.h"

namespace dpc::bpmn {
namespace {

using detail::ParseContext;
using detail::XmlReader;

void read_root_elements(ParseContext& ctx, const XmlReader& xml, pugi::xml_node root, Definitions& defs) {
  for (pugi::xml_node c : root.children()) {
    if (c.type() != pugi::node_element || !xml.is_bpmn(c)) continue;
    const std::string_view local = XmlReader::local_name(c.name());
    const std::string id = c.attribute("id").value();
    const std::string name = c.attribute("name").value();
    if (local == "message") {
      defs.messages.push_back({id, ctx.compile(name, c, id, "Message name")});
    } else if (local == "signal") {
      defs.signals.push_back({id, ctx.compile(name, c, id, "Signal name")});
    } else if (local == "error") {
      defs.errors.push_back({id, name, c.attribute("errorCode").value(), xml.camunda(c, "errorMessage")});
    } else if (local == "escalation") {
      defs.escalations.push_back({id, name, c.attribute("escalationCode").value()});
    }
  }
}

}  // namespace

ParseResult parse_bpmn(std::string_view text) {
  ParseResult result;
  ProblemReport& report = result.report;
  auto defs = std::make_shared<Definitions>();
  XmlReader xml(text);
  ParseContext ctx(xml, *defs, report);

  pugi::xml_document doc;
  const pugi::xml_parse_result loaded =
      doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!loaded) {
    ctx.error_at(std::string("Malformed XML: ") + loaded.description(), xml.position_at(loaded.offset), {});
    return result;
  }
  pugi::xml_node root = doc.document_element();
  if (!xml.is_bpmn(root, "definitions")) {
    ctx.error("Not a BPMN 2.0 document: the root element is '" + std::string(root.name()) +
                  "', expected 'definitions' in namespace " + std::string(detail::kBpmnNs),
              root);
    return result;
  }
  defs->id = root.attribute("id").value();
  defs->target_namespace = root.attribute("targetNamespace").value();
  read_root_elements(ctx, xml, root, *defs);

  std::set<std::string> process_ids;
  for (pugi::xml_node p : xml.bpmn_children(root, "process")) {
    const std::string id = p.attribute("id").value();
    pugi::xml_attribute exec = p.attribute("isExecutable");
    if (exec && !iequals(exec.value(), "true")) continue;
    if (!exec) {
      ctx.warning("Process with id '" + id + "' has no attribute isExecutable. Better set the attribute explicitly, "
                  "especially to be compatible with future engine versions which might change the default behavior.",
                  p, id);
    }
    if (id.empty()) {
      ctx.error("A process has no id", p);
      continue;
    }
    if (!process_ids.insert(id).second) {
      ctx.error("Duplicate process id '" + id + "'", p, id);
      continue;
    }
    detail::ProcessBuilder builder(ctx);
    std::shared_ptr<ProcessDefinition> def = builder.build(p);
    detail::validate_process(ctx, *def);
    defs->processes.push_back(std::move(def));
  }
  if (process_ids.empty()) ctx.warning("The file has no executable process", root);
  if (report.errors.empty()) result.definitions = std::move(defs);
  return result;
}

}  // namespace dpc::bpmn
