// FEEL evaluation throughput on one core (Google Benchmark): the unary test `[18..65]`,
// an if/and expression over a context, and a 20-rule x 3-input FIRST decision table.
// The workloads and inputs are read from feel_workloads.json, which feelin/bench.mjs
// (the JavaScript peer) reads too. Texts are compiled once, as dpc does at deploy time.
#include <benchmark/benchmark.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "dpc/dmn/decision_evaluator.h"
#include "dpc/dmn/model_parser.h"
#include "dpc/feel/feel.h"
#include "dpc/feel/json.h"

namespace {

using dpc::feel::Context;
using dpc::feel::Value;

const nlohmann::json& workloads() {
  static const nlohmann::json j = [] {
    std::ifstream in(DPC_BENCH_WORKLOADS);
    return nlohmann::json::parse(in);
  }();
  return j;
}

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

// The table of feel_workloads.json as a DMN 1.5 decision with hit policy FIRST.
std::string table_dmn(const nlohmann::json& t) {
  std::ostringstream x;
  x << R"(<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" namespace="bench" name="bench" id="bench">)";
  for (const auto& in : t["inputs"])
    x << "<inputData id=\"in_" << in.get<std::string>() << "\" name=\"" << in.get<std::string>() << "\"/>";
  x << R"(<decision id="route" name="route"><variable name="route"/>)";
  for (const auto& in : t["inputs"])
    x << "<informationRequirement><requiredInput href=\"#in_" << in.get<std::string>() << "\"/></informationRequirement>";
  x << R"(<decisionTable hitPolicy="FIRST">)";
  for (const auto& in : t["inputs"])
    x << "<input><inputExpression><text>" << in.get<std::string>() << "</text></inputExpression></input>";
  x << R"(<output name="route" typeRef="string"/>)";
  for (const auto& rule : t["rules"]) {
    x << "<rule>";
    for (size_t c = 0; c + 1 < rule.size(); ++c)
      x << "<inputEntry><text>" << xml_escape(rule[c].get<std::string>()) << "</text></inputEntry>";
    x << "<outputEntry><text>" << xml_escape(rule.back().get<std::string>()) << "</text></outputEntry></rule>";
  }
  x << "</decisionTable></decision></definitions>";
  return x.str();
}

std::vector<Context> contexts(const nlohmann::json& list) {
  std::vector<Context> out;
  for (const auto& c : list) out.push_back(dpc::feel::from_json(c).as_context());
  return out;
}

void BM_UnaryTest(benchmark::State& state) {
  const auto& w = workloads()["unary"];
  auto tests = dpc::feel::UnaryTests::compile(w["test"].get<std::string>());
  if (!tests.ok()) return state.SkipWithError("compile failed");
  std::vector<Value> inputs;
  for (const auto& v : w["inputs"]) inputs.push_back(dpc::feel::from_json(v));
  Context empty;
  std::vector<std::string> warnings;
  size_t i = 0;
  for (auto _ : state) {
    Value r = tests->test(inputs[i++ % inputs.size()], empty, warnings);
    benchmark::DoNotOptimize(r);
  }
  state.counters["evals_per_s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_UnaryTest);

void BM_Expression(benchmark::State& state) {
  const auto& w = workloads()["expression"];
  auto ctxs = contexts(w["contexts"]);
  auto expr = dpc::feel::Expression::compile(w["text"].get<std::string>());
  if (!expr.ok()) return state.SkipWithError("compile failed");
  std::vector<std::string> warnings;
  size_t i = 0;
  for (auto _ : state) {
    Value r = expr->evaluate(ctxs[i++ % ctxs.size()], warnings);
    benchmark::DoNotOptimize(r);
  }
  state.counters["evals_per_s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Expression);

void BM_DecisionTable(benchmark::State& state) {
  const auto& w = workloads()["table"];
  auto ctxs = contexts(w["contexts"]);
  auto model = dpc::dmn::parse_model(table_dmn(w));
  if (!model.ok()) return state.SkipWithError("DMN parse failed");
  dpc::dmn::DecisionEvaluator evaluator(*model);
  size_t i = 0;
  for (auto _ : state) {
    auto r = evaluator.evaluate_decision("route", ctxs[i++ % ctxs.size()]);
    benchmark::DoNotOptimize(r);
  }
  state.counters["evals_per_s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DecisionTable);

}  // namespace

BENCHMARK_MAIN();
