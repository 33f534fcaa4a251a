// Runs every case of tests/data/bpmn/juel_cases.json (see its "comment" for the format).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "dpc/juel/context.h"
#include "dpc/juel/date_time.h"
#include "dpc/juel/expression.h"

namespace {

using dpc::juel::Value;
using json = nlohmann::json;

Value to_value(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return Value();
    case json::value_t::boolean: return Value(j.get<bool>());
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return Value(j.get<std::int64_t>());
    case json::value_t::number_float: return Value(j.get<double>());
    case json::value_t::string: return Value(j.get<std::string>());
    case json::value_t::array: {
      Value::List l;
      for (const auto& x : j) l.push_back(to_value(x));
      return Value(std::move(l));
    }
    case json::value_t::object: {
      if (j.size() == 1 && (j.contains("$date") || j.contains("$dateTime"))) {
        const bool date = j.contains("$date");
        auto ms = dpc::juel::parse_iso_date_time(j.begin().value().get<std::string>());
        if (!ms) throw std::runtime_error("bad date in test data: " + j.dump());
        return date ? Value(dpc::juel::Date{*ms}) : Value(dpc::juel::DateTime{*ms});
      }
      Value::Map m;
      for (auto it = j.begin(); it != j.end(); ++it) m[it.key()] = to_value(it.value());
      return Value(std::move(m));
    }
    default: throw std::runtime_error("unsupported JSON in test data: " + j.dump());
  }
}

// A stand-in for the engine's execution object: getVariable reads the case's variables.
class FakeExecution : public dpc::juel::Object {
 public:
  explicit FakeExecution(const dpc::juel::Context& ctx) : ctx_(ctx) {}
  std::string type_name() const override { return "DelegateExecution"; }
  dpc::Result<Value> property(std::string_view name) const override {
    if (name == "processInstanceId") return Value("pi-1");
    return Object::property(name);
  }
  dpc::Result<Value> call(std::string_view method, std::span<const Value> args) const override {
    if (method == "getVariable" && args.size() == 1 && args[0].is_string()) {
      auto v = ctx_.variable(args[0].as_string());
      return v ? *v : Value();
    }
    return dpc::Error::invalid("no method " + std::string(method));
  }

 private:
  const dpc::juel::Context& ctx_;
};

struct Case {
  std::size_t index;
  json data;
};

std::vector<Case> load_cases() {
  std::ifstream in(DPC_TEST_DATA_DIR "/juel_cases.json");
  if (!in) throw std::runtime_error("cannot open juel_cases.json");
  const json doc = json::parse(in);
  std::vector<Case> out;
  for (std::size_t i = 0; i < doc.at("cases").size(); ++i) out.push_back({i, doc["cases"][i]});
  return out;
}

class JuelCase : public testing::TestWithParam<Case> {};

TEST_P(JuelCase, Evaluates) {
  const json& c = GetParam().data;
  const std::string expr = c.at("expr");
  SCOPED_TRACE("expression: " + expr);
  auto compiled = dpc::juel::Expression::compile(expr);
  if (c.contains("compile_error")) {
    ASSERT_FALSE(compiled.ok()) << "compiled although an error was expected";
    EXPECT_NE(compiled.error().message.find(c["compile_error"].get<std::string>()), std::string::npos)
        << compiled.error().message;
    return;
  }
  ASSERT_TRUE(compiled.ok()) << compiled.error().message;
  if (c.contains("feel")) {
    EXPECT_TRUE(compiled->is_feel());
    EXPECT_EQ(compiled->feel_body(), c["feel"].get<std::string>());
  } else {
    EXPECT_FALSE(compiled->is_feel());
  }

  dpc::juel::MapContext ctx;
  if (c.contains("vars")) {
    for (auto it = c["vars"].begin(); it != c["vars"].end(); ++it) ctx.set(it.key(), to_value(it.value()));
  }
  ctx.set("execution", Value(std::make_shared<FakeExecution>(ctx)));
  if (c.contains("now")) ctx.set_now(*dpc::juel::parse_iso_date_time(c["now"].get<std::string>()));
  if (c.contains("user")) ctx.set_user(c["user"], c.value("groups", std::vector<std::string>{}));

  if (c.contains("condition") || c.contains("condition_error")) {
    auto r = compiled->evaluate_condition(ctx);
    if (c.contains("condition_error")) {
      ASSERT_FALSE(r.ok());
      EXPECT_NE(r.error().message.find(c["condition_error"].get<std::string>()), std::string::npos) << r.error().message;
    } else {
      ASSERT_TRUE(r.ok()) << r.error().message;
      EXPECT_EQ(*r, c["condition"].get<bool>());
    }
    return;
  }
  auto r = compiled->evaluate(ctx);
  if (c.contains("error")) {
    ASSERT_FALSE(r.ok()) << "evaluated to " << r->to_string();
    EXPECT_NE(r.error().message.find(c["error"].get<std::string>()), std::string::npos) << r.error().message;
  } else if (c.contains("expect_text")) {
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->to_string(), c["expect_text"].get<std::string>());
  } else if (c.contains("expect")) {
    ASSERT_TRUE(r.ok()) << r.error().message;
    const Value want = to_value(c["expect"]);
    EXPECT_TRUE(*r == want) << "got " << r->type_name() << " '" << r->to_string() << "', want " << want.type_name()
                            << " '" << want.to_string() << "'";
  } else if (!c.contains("feel")) {
    FAIL() << "case has no expectation";
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, JuelCase, testing::ValuesIn(load_cases()),
                         [](const testing::TestParamInfo<Case>& info) { return "case_" + std::to_string(info.param.index); });

}  // namespace
