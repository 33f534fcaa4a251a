// `dpc feel`: evaluate a FEEL expression from the command line.
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "dpc/feel/feel.h"
#include "dpc/feel/json.h"

namespace dpc::app {

namespace {
constexpr const char* kUsage = "usage: dpc feel 'expression' [--context JSON|@file.json]\n";

// The --context value: inline JSON, or @path to a file holding it.
std::optional<std::string> context_text(const std::string& value) {
  if (value.empty() || value[0] != '@') return value;
  std::ifstream in(value.substr(1));
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

int run_feel(const std::vector<std::string>& args) {
  std::optional<std::string> expression;
  std::string context_json;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--context" || a.rfind("--context=", 0) == 0) {
      if (a == "--context") {
        if (i + 1 >= args.size()) {
          std::cerr << "dpc feel: --context needs a value\n" << kUsage;
          return 2;
        }
        context_json = args[++i];
      } else {
        context_json = a.substr(10);
      }
    } else if (a.rfind("--", 0) == 0) {
      std::cerr << "dpc feel: unknown option '" << a << "'\n" << kUsage;
      return 2;
    } else if (expression) {
      std::cerr << "dpc feel: one expression expected (quote it)\n" << kUsage;
      return 2;
    } else {
      expression = a;
    }
  }
  if (!expression) {
    std::cerr << kUsage;
    return 2;
  }
  feel::Context vars;
  if (!context_json.empty()) {
    auto text = context_text(context_json);
    if (!text) {
      std::cerr << "dpc feel: cannot read " << context_json.substr(1) << "\n";
      return 2;
    }
    nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      std::cerr << "dpc feel: --context must be a JSON object\n";
      return 2;
    }
    vars = feel::from_json(j).as_context();
  }
  std::vector<std::string> names;
  for (const auto& [k, v] : vars.entries) names.push_back(k);
  auto compiled = feel::Expression::compile(*expression, names);
  if (!compiled) {
    std::cerr << "dpc feel: syntax error " << compiled.error().message << "\n";
    return 1;
  }
  feel::Evaluation r = compiled->evaluate(vars);
  std::cout << r.value.debug_string() << "\n";
  for (const auto& w : r.warnings) std::cerr << "warning: " << w << "\n";
  return r.value.is_null() && !r.warnings.empty() ? 1 : 0;
}

}  // namespace dpc::app
