// The JavaScript wrapper (src/engine/javascript.h) on the real Duktape: values crossing as
// Camunda types, host objects, errors, and the time and memory limits.
#include "javascript.h"

#include "dpc/engine/script_limits.h"

#include <gtest/gtest.h>

#include <chrono>

using namespace dpc;
using namespace dpc::engine;

namespace {

Result<TypedValue> eval(const std::string& source, js::Environment env = {}) {
  auto program = js::compile(source);
  if (!program) return program.error();
  return js::run(**program, env);
}

TypedValue ok(const std::string& source, js::Environment env = {}) {
  auto r = eval(source, std::move(env));
  EXPECT_TRUE(r.ok()) << source << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : TypedValue{};
}

// A host object that records calls and answers from a map.
class Recorder : public js::HostObject {
 public:
  std::vector<std::string> methods() const override { return {"get", "set", "fail", "all", "self"}; }
  Result<js::HostValue> call(const std::string& method, const std::vector<TypedValue>& args) override {
    calls.push_back(method);
    if (method == "get") return js::HostValue(values[args.at(0).text]);
    if (method == "set") {
      values[args.at(0).text] = args.size() > 1 ? args[1] : TypedValue::null();
      return js::HostValue();
    }
    if (method == "all") {
      js::HostValue v;
      v.map = values;
      return v;
    }
    if (method == "self") {
      js::HostValue v;
      v.object = "rec";
      return v;
    }
    return Error::invalid("no such thing");
  }
  std::vector<std::string> calls;
  VariableMap values;
};

TEST(JavaScript, CompletionValueCrossesAsCamundaTypes) {
  EXPECT_EQ(ok("var a = 40; a + 2").type, ValueType::kInteger);
  EXPECT_EQ(ok("var a = 40; a + 2").integer, 42);
  EXPECT_EQ(ok("Math.pow(2, 40)").type, ValueType::kLong);
  EXPECT_EQ(ok("Math.pow(2, 40)").integer, 1099511627776LL);
  EXPECT_EQ(ok("1.5 * 3").type, ValueType::kDouble);
  EXPECT_DOUBLE_EQ(ok("1.5 * 3").number, 4.5);
  EXPECT_EQ(ok("'a' + 'b'"), TypedValue::string("ab"));
  EXPECT_EQ(ok("3 > 2"), TypedValue::boolean_value(true));
  EXPECT_TRUE(ok("null").is_null());
  EXPECT_TRUE(ok("var x = 1;").is_null());  // undefined
  EXPECT_EQ(ok("new Date(86400000)"), TypedValue::date(86400000));
  EXPECT_EQ(ok("({a: 1, b: [true, 'x']})"), TypedValue::json(R"({"a":1,"b":[true,"x"]})"));
  EXPECT_EQ(ok("[1, 2]"), TypedValue::json("[1,2]"));
}

TEST(JavaScript, GlobalsComeInAsJavaScriptValues) {
  js::Environment env;
  env.globals["n"] = TypedValue::long_value(41, ValueType::kInteger);
  env.globals["big"] = TypedValue::long_value(5000000000LL);
  env.globals["s"] = TypedValue::string("hi");
  env.globals["d"] = TypedValue::date(1000);
  env.globals["order"] = TypedValue::json(R"({"items":[{"price":2},{"price":3}]})");
  env.globals["nothing"] = TypedValue::null();
  EXPECT_EQ(ok("n + 1", env).integer, 42);
  EXPECT_EQ(ok("big + 1", env).integer, 5000000001LL);
  EXPECT_EQ(ok("s.toUpperCase()", env), TypedValue::string("HI"));
  EXPECT_EQ(ok("d.getTime() + 1", env).integer, 1001);
  EXPECT_EQ(ok("order.items[0].price + order.items[1].price", env).integer, 5);
  EXPECT_EQ(ok("nothing === null", env), TypedValue::boolean_value(true));
  // Variables named like built-ins do not replace them.
  env.globals["Date"] = TypedValue::string("not a constructor");
  env.globals["undefined"] = TypedValue::long_value(1, ValueType::kInteger);
  EXPECT_EQ(ok("typeof undefined + ':' + new Date(7).getTime()", env), TypedValue::string("undefined:7"));
  EXPECT_EQ(ok("d", env), TypedValue::date(1000));
}

TEST(JavaScript, HostObjectsCallIntoCpp) {
  Recorder rec;
  rec.values["x"] = TypedValue::string("one");
  js::Environment env;
  env.objects = {{"rec", &rec}};
  EXPECT_EQ(ok("rec.set('y', rec.get('x') + '!'); rec.get('y')", env), TypedValue::string("one!"));
  EXPECT_EQ(rec.values["y"], TypedValue::string("one!"));
  EXPECT_EQ(ok("rec.set('d', new Date(5)); rec.all().d.getTime()", env).integer, 5);
  EXPECT_EQ(ok("rec.self().get('x')", env), TypedValue::string("one"));
  // A host error is a JS Error: it can be caught, or it fails the run with its message.
  EXPECT_EQ(ok("try { rec.fail() } catch (e) { 'caught: ' + e.message }", env),
            TypedValue::string("caught: no such thing"));
  auto r = eval("rec.fail()", env);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("no such thing"), std::string::npos);
}

TEST(JavaScript, SyntaxErrorsFailAtCompile) {
  auto p = js::compile("var x = ;");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("SyntaxError"), std::string::npos);
  EXPECT_NE(p.error().message.find("line 1"), std::string::npos);
}

TEST(JavaScript, ThrownErrorsFailTheRunWithTheirMessageAndLine) {
  auto r = eval("var a = 1;\nthrow new Error('amount too high');");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(r.error().message.find("Error: amount too high"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("line 2"), std::string::npos) << r.error().message;
  auto unknown = eval("nope + 1");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("ReferenceError"), std::string::npos);
}

TEST(JavaScript, EndlessLoopsAreStoppedAtTheTimeLimit) {
  js::Environment env;
  env.time_limit = std::chrono::milliseconds(200);
  for (const char* source : {"while (true) {}", "while (true) { try { while (true) {} } catch (e) {} }",
                             "try { while (true) {} } catch (e) {} 'escaped'"}) {
    auto started = std::chrono::steady_clock::now();
    auto r = eval(source, env);
    auto took = std::chrono::steady_clock::now() - started;
    ASSERT_FALSE(r.ok()) << source;
    EXPECT_NE(r.error().message.find("time limit"), std::string::npos) << r.error().message;
    EXPECT_LT(took, std::chrono::seconds(3)) << source;
  }
}

TEST(JavaScript, TheDefaultTimeLimitIsTheConfiguredOne) {
  EXPECT_EQ(js::default_time_limit(), std::chrono::milliseconds(2000));
  dpc::engine::set_script_time_limit(std::chrono::milliseconds(350));
  EXPECT_EQ(js::default_time_limit(), std::chrono::milliseconds(350));
  dpc::engine::set_script_time_limit(std::chrono::milliseconds(0));  // not a limit: the default again
  EXPECT_EQ(js::default_time_limit(), std::chrono::milliseconds(2000));
}

TEST(JavaScript, RunawayMemoryIsStopped) {
  js::Environment env;
  env.memory_limit = 8u << 20;
  auto r = eval("var a = []; while (true) { a.push('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' + a.length); }", env);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("memory limit"), std::string::npos) << r.error().message;
}

TEST(JavaScript, RunawayRecursionFailsCleanly) {
  for (const char* source : {"function f(n) { return f(n + 1) + 1; } f(0)",
                             "var o = {}; for (var i = 0; i < 100000; i++) { o = {next: o}; } JSON.stringify(o).length",
                             "var a = []; a.push(a); a"}) {
    auto r = eval(source);
    if (std::string(source).find("a.push(a)") != std::string::npos) {
      ASSERT_TRUE(r.ok());  // a cyclic result cannot be Json: it is null
      EXPECT_TRUE(r->is_null());
      continue;
    }
    ASSERT_FALSE(r.ok()) << source;
    EXPECT_NE(r.error().message.find("RangeError"), std::string::npos) << r.error().message;
  }
}

TEST(JavaScript, EveryRunHasAFreshHeap) {
  auto p = js::compile("if (typeof counter === 'undefined') { counter = 0; } counter = counter + 1; counter");
  ASSERT_TRUE(p.ok());
  js::Environment env;
  EXPECT_EQ(js::run(**p, env)->integer, 1);
  EXPECT_EQ(js::run(**p, env)->integer, 1);
}

}  // namespace
