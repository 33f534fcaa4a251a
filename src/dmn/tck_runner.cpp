// The TCK runner: loads each test folder's models, runs every <testCase>, writes CSV.
#include "dpc/dmn/tck_runner.h"

#include <pugixml.hpp>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "dpc/dmn/decision_evaluator.h"
#include "dpc/dmn/model_parser.h"
#include "tck_values.h"

namespace dpc::dmn {

namespace fs = std::filesystem;
using feel::Value;

namespace {
std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string csv(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += "\"\"";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out + "\"";
}

// Parses every model of a folder; models importing others are parsed after them.
std::map<std::string, std::shared_ptr<const Model>> load_models(const fs::path& dir, std::string& error) {
  std::map<std::string, std::string> xml;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".dmn") xml[e.path().filename().string()] = read_file(e.path());
  std::map<std::string, std::shared_ptr<const Model>> out;
  std::vector<std::shared_ptr<const Model>> done;
  for (int pass = 0; pass < 3; ++pass) {
    for (const auto& [name, text] : xml) {
      auto m = parse_model(text, done);
      if (!m.ok()) {
        error = m.error().message;
        continue;
      }
      out[name] = m.value();
    }
    done.clear();
    for (const auto& [k, m] : out) done.push_back(m);
  }
  return out;
}

const char* local(const pugi::xml_node& n) {
  const char* s = n.name();
  const char* c = std::strrchr(s, ':');
  return c ? c + 1 : s;
}

struct CaseResult {
  bool ok = false;
  std::string message;
};

// Every chain of import prefixes leading from `m` to a model with namespace `ns`.
void import_paths(const Model& m, const std::string& ns, std::vector<std::string>& prefix,
                  std::vector<std::vector<std::string>>& out) {
  if (prefix.size() > 8) return;
  for (const auto& [p, ins] : m.import_names)
    for (const auto& imp : m.imports) {
      if (imp->ns != ins) continue;
      prefix.push_back(p);
      if (ins == ns) out.push_back(prefix);
      else import_paths(*imp, ns, prefix, out);
      prefix.pop_back();
    }
}

void set_nested(feel::Context& c, const std::vector<std::string>& path, size_t i, const std::string& name,
                const Value& v) {
  if (i == path.size()) {
    c.set(name, v);
    return;
  }
  const Value* existing = c.find(path[i]);
  feel::Context sub = existing && existing->is(feel::Type::kContext) ? existing->as_context() : feel::Context{};
  set_nested(sub, path, i + 1, name, v);
  c.set(path[i], Value(std::move(sub)));
}

CaseResult run_case(const pugi::xml_node& tc, const Model* model, const std::shared_ptr<const Model>& model_ptr) {
  if (!model) return {false, "model not loadable"};
  feel::Context inputs;
  for (auto in : tc.children()) {
    if (std::string(local(in)) != "inputNode") continue;
    std::string name = in.attribute("name").value(), ns = in.attribute("namespace").value();
    // An input of an imported model (possibly imported indirectly) goes under its prefixes.
    std::vector<std::vector<std::string>> paths;
    std::vector<std::string> prefix;
    if (!ns.empty() && ns != model->ns) import_paths(*model, ns, prefix, paths);
    if (paths.empty()) inputs.set(name, read_tck_value(in));
    for (const auto& path : paths) set_nested(inputs, path, 0, name, read_tck_value(in));
  }
  std::string type = tc.attribute("type").value();
  std::string invocable = tc.attribute("invocableName").value();
  DecisionEvaluator ev(model_ptr);
  CaseResult r{true, ""};
  for (auto rn : tc.children()) {
    if (std::string(local(rn)) != "resultNode") continue;
    std::string name = rn.attribute("name").value();
    bool error_result = std::string(rn.attribute("errorResult").value()) == "true";
    Value expected;
    for (auto e : rn.children())
      if (std::string(local(e)) == "expected") expected = read_tck_value(e);
    feel::Evaluation got = (type == "bkm" || type == "decisionService")
                               ? ev.invoke(invocable.empty() ? name : invocable, inputs)
                               : ev.evaluate_decision(name, inputs);
    // A service with several output decisions gives a context; each resultNode names one.
    if (type == "decisionService" && name != invocable && got.value.is(feel::Type::kContext)) {
      const Invocable* svc = model->find_invocable(invocable);
      if (svc && svc->output_decisions.size() > 1)
        if (const Value* part = got.value.as_context().find(name)) got.value = *part;
    }
    bool pass = error_result ? got.value.is_null() : tck_equal(got.value, expected);
    if (!pass) {
      r.ok = false;
      r.message += name + ": expected " + expected.debug_string() + " got " + got.value.debug_string();
      if (!got.warnings.empty()) r.message += " (" + got.warnings.front() + ")";
      r.message += "; ";
    }
  }
  return r;
}
}  // namespace

std::string TckSummary::line() const {
  char buf[200];
  std::snprintf(buf, sizeof buf, "TCK: %d of %d test cases passed (CL2 %d/%d, CL3 %d/%d)", passed, total, cl2_passed,
                cl2_total, cl3_passed, cl3_total);
  return buf;
}

TckSummary run_tck(const std::string& folder, const std::string& out_csv) {
  TckSummary s;
  auto start = std::chrono::steady_clock::now();
  std::ofstream out;
  if (!out_csv.empty()) out.open(out_csv);
  for (const char* level : {"compliance-level-2", "compliance-level-3"}) {
    fs::path ldir = fs::path(folder) / level;
    if (!fs::is_directory(ldir)) continue;
    std::vector<fs::path> dirs;
    for (const auto& e : fs::directory_iterator(ldir))
      if (e.is_directory()) dirs.push_back(e.path());
    std::sort(dirs.begin(), dirs.end());
    bool cl2 = std::string(level) == "compliance-level-2";
    for (const auto& dir : dirs) {
      std::string load_error;
      auto models = load_models(dir, load_error);
      std::vector<fs::path> tests;
      for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".xml" && e.path().filename().string().find("-test-") != std::string::npos)
          tests.push_back(e.path());
      std::sort(tests.begin(), tests.end());
      for (const auto& tf : tests) {
        pugi::xml_document doc;
        // Keep whitespace-only values (an expected " " is a one-space string).
        if (!doc.load_file(tf.c_str(), pugi::parse_default | pugi::parse_ws_pcdata_single)) continue;
        pugi::xml_node root = doc.document_element();
        std::string model_name;
        for (auto c : root.children())
          if (std::string(local(c)) == "modelName") model_name = c.text().get();
        auto it = models.find(model_name);
        if (it == models.end() && models.size() == 1) it = models.begin();
        for (auto tc : root.children()) {
          if (std::string(local(tc)) != "testCase") continue;
          CaseResult r;
          try {
            r = run_case(tc, it == models.end() ? nullptr : it->second.get(),
                         it == models.end() ? nullptr : it->second);
          } catch (const std::exception& e) {
            r = {false, std::string("exception: ") + e.what()};
          }
          ++s.total;
          (cl2 ? s.cl2_total : s.cl3_total)++;
          if (r.ok) {
            ++s.passed;
            (cl2 ? s.cl2_passed : s.cl3_passed)++;
          }
          if (out.is_open()) {
            out << csv(std::string(level) + "/" + dir.filename().string()) << "," << csv(tf.stem().string()) << ","
                << csv(tc.attribute("id").value()) << "," << csv(r.ok ? "SUCCESS" : "ERROR") << ","
                << csv(r.ok ? "" : (it == models.end() ? "model not loadable: " + load_error : r.message)) << "\n";
          }
        }
      }
    }
  }
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return s;
}

}  // namespace dpc::dmn
