// Process instance modification on the in-memory store (RuntimeService::modify_instance):
// moving a token, an async target leaving a job that cancel removes, ending the instance
// when nothing is left, and a bad instruction changing nothing.
#include <gtest/gtest.h>

#include "dpc/engine/runtime_service.h"
#include "job_fixture.h"
#include "memory_store.h"

using namespace dpc;
using namespace dpc::engine;
using namespace dpc::engine::test;

namespace {

using ModificationTest = JobFixture;
using Type = ModificationInstruction::Type;

ModificationInstruction instruction(Type type, std::string activity) {
  ModificationInstruction in;
  in.type = type;
  in.activity_id = std::move(activity);
  return in;
}

const std::string kLine = R"(
    <bpmn:startEvent id="s"/>
    <bpmn:userTask id="a"/>
    <bpmn:serviceTask id="t" camunda:asyncBefore="true" camunda:expression="${1}" camunda:resultVariable="one"/>
    <bpmn:userTask id="b"/>
    <bpmn:endEvent id="e"/>
  )" + flow("f1", "s", "a") + flow("f2", "a", "t") + flow("f3", "t", "b") + flow("f4", "b", "e");

TEST_F(ModificationTest, CancelAndStartBeforeMovesTheToken) {
  model(kLine);
  std::string id = start();
  InstanceModification m;
  m.instructions = {instruction(Type::kCancel, "a"), instruction(Type::kStartBeforeActivity, "b")};
  ASSERT_TRUE(runtime.modify_instance(id, m).ok());
  EXPECT_EQ(task_keys(id), std::vector<std::string>{"b"});
  ASSERT_NE(activity("a"), nullptr);
  EXPECT_TRUE(activity("a")->canceled);
  EXPECT_TRUE(job_rows(id).empty());
}

TEST_F(ModificationTest, AsyncTargetWaitsForItsJobAndCancelRemovesIt) {
  model(kLine);
  std::string id = start();
  InstanceModification m;
  m.instructions = {instruction(Type::kStartBeforeActivity, "t")};
  ASSERT_TRUE(runtime.modify_instance(id, m).ok());
  auto jobs = job_rows(id);
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0].activity_id, "t");
  ModificationInstruction cancel;
  cancel.type = Type::kCancel;
  cancel.transition_instance_id = jobs[0].execution_id;
  m.instructions = {cancel};
  ASSERT_TRUE(runtime.modify_instance(id, m).ok());
  EXPECT_TRUE(job_rows(id).empty());
  EXPECT_EQ(task_keys(id), std::vector<std::string>{"a"});
}

TEST_F(ModificationTest, NothingLeftEndsTheInstance) {
  model(kLine);
  std::string id = start();
  InstanceModification m;
  m.instructions = {instruction(Type::kCancel, "a")};
  ASSERT_TRUE(runtime.modify_instance(id, m).ok());
  EXPECT_FALSE(running(id));
}

TEST_F(ModificationTest, ABadInstructionChangesNothing) {
  model(kLine);
  std::string id = start();
  InstanceModification m;
  m.instructions = {instruction(Type::kCancel, "a"), instruction(Type::kStartBeforeActivity, "nope")};
  auto st = runtime.modify_instance(id, m);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(st.error().message.find("'nope' does not exist"), std::string::npos) << st.error().message;
  EXPECT_EQ(task_keys(id), std::vector<std::string>{"a"});
  EXPECT_EQ(runtime.modify_instance("no-such-instance", m).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(runtime.modify_instance(id, InstanceModification{}).error().kind, ErrorKind::kInvalidArgument);
}

}  // namespace
