// WorkRules (src/engine/work_rules.h): the one retry policy, worker-lock check and incident
// behaviour for jobs and external tasks, on rows in memory.
#include "work_rules.h"

#include <gtest/gtest.h>

namespace dpc::engine {
namespace {

constexpr Millis kNow = 1'000'000;

struct Rows {
  TrackedTable<JobRecord> jobs;
  TrackedTable<ExternalTaskRecord> tasks;
  TrackedTable<IncidentRecord> incidents;
  std::vector<ResolvedIncident> resolved;
  std::vector<std::string> events;  // "activity:event"
  WorkRules rules() {
    return WorkRules({jobs, tasks, incidents, resolved}, kNow,
                     [this](const std::string& a, const char* e) { events.push_back(a + ":" + e); });
  }
  size_t open_incidents() const {
    size_t n = 0;
    incidents.for_each([&](const IncidentRecord&) { ++n; });
    return n;
  }
};

ExternalTaskRecord task_locked_by(const std::string& worker, Millis until) {
  ExternalTaskRecord t;
  t.id = "t1";
  t.activity_id = "work";
  t.process_instance_id = "p1";
  t.worker_id = worker;
  t.lock_expiration = until;
  t.retries = 3;
  t.error_message = "last error";
  return t;
}

JobRecord job(const std::string& cycle, int retries, const std::string& owner = "") {
  JobRecord j;
  j.id = "j1";
  j.activity_id = "calc";
  j.process_instance_id = "p1";
  j.retry_cycle = cycle;
  j.retries = retries;
  j.lock_owner = owner;
  if (!owner.empty()) j.lock_expiration = kNow + 1000;
  j.exception_message = "before";
  return j;
}

TEST(WorkRules, LockHeldOnlyByTheWorkerBeforeItExpires) {
  EXPECT_TRUE(lock_held_by(task_locked_by("w", kNow + 1), "w", kNow));
  EXPECT_FALSE(lock_held_by(task_locked_by("w", kNow), "w", kNow));  // expired at now
  EXPECT_FALSE(lock_held_by(task_locked_by("w", kNow + 1), "other", kNow));
  ExternalTaskRecord unlocked = task_locked_by("w", 0);
  unlocked.lock_expiration.reset();
  EXPECT_FALSE(lock_held_by(unlocked, "w", kNow));
}

TEST(WorkRules, ExternalTaskFailureKeepsTheLockForTheRetryTimeoutAndRaisesOneIncidentAtZero) {
  Rows r;
  r.tasks.load(task_locked_by("w", kNow + 5000));
  ASSERT_TRUE(r.rules().fail_external_task("t1", {"w", "boom", "trace", 2, 60000}));
  const ExternalTaskRecord* t = r.tasks.find("t1");
  EXPECT_EQ(*t->retries, 2);
  EXPECT_EQ(*t->lock_expiration, kNow + 60000);
  EXPECT_EQ(t->error_details, "trace");
  EXPECT_EQ(r.open_incidents(), 0u);
  ASSERT_TRUE(r.rules().fail_external_task("t1", {"w", "again", "", 0, 60000}));
  EXPECT_FALSE(r.tasks.find("t1")->lock_expiration);  // no retries: nothing to wait for
  EXPECT_EQ(r.open_incidents(), 1u);
  EXPECT_EQ((std::vector<std::string>{"work:failure", "work:failure", "work:incident"}), r.events);
}

TEST(WorkRules, AnotherWorkerCannotFailOrExtendAndChangesNothing) {
  Rows r;
  r.tasks.load(task_locked_by("w", kNow + 5000));
  Status failed = r.rules().fail_external_task("t1", {"intruder", "x", "", 0, 0});
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(failed.error().message.find("locked by worker 'w'"), std::string::npos);
  EXPECT_FALSE(r.rules().extend_lock("t1", "intruder", 100));
  EXPECT_TRUE(r.tasks.changes().empty());
  EXPECT_TRUE(r.events.empty());
  ASSERT_TRUE(r.rules().extend_lock("t1", "w", 100));
  EXPECT_EQ(*r.tasks.find("t1")->lock_expiration, kNow + 100);
}

TEST(WorkRules, UnknownIdsAreNotFound) {
  Rows r;
  EXPECT_EQ(r.rules().unlock("nope").error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(r.rules().set_external_task_retries("nope", 1).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(r.rules().set_job_retries("nope", 1).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(r.rules().set_job_due_date("nope", 1).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(r.rules().fail_job("nope", {"", Error::internal("x")}, 10).error().kind, ErrorKind::kNotFound);
}

TEST(WorkRules, RetriesRaiseOnceAndResolveWithTheTime) {
  Rows r;
  r.tasks.load(task_locked_by("w", kNow + 5000));
  ASSERT_TRUE(r.rules().set_external_task_retries("t1", 0));
  ASSERT_TRUE(r.rules().set_external_task_retries("t1", 0));
  ASSERT_EQ(r.open_incidents(), 1u);
  r.incidents.for_each([](const IncidentRecord& i) {
    EXPECT_EQ(i.type, "failedExternalTask");
    EXPECT_EQ(i.message, "last error");
    EXPECT_EQ(i.created, kNow);
  });
  ASSERT_TRUE(r.rules().set_external_task_retries("t1", 2));
  EXPECT_EQ(r.open_incidents(), 0u);
  ASSERT_EQ(r.resolved.size(), 1u);
  EXPECT_EQ(r.resolved[0].time, kNow);
}

// The retry policy: (cycle, retries before) → retries after, due, incident.
struct RetryCase {
  std::string cycle;
  int retries_before;
  int retries_after;
  Millis due;
  bool incident;
};

TEST(WorkRules, JobFailureFollowsTheRetryCycle) {
  const RetryCase cases[] = {
      {"", 3, 2, kNow + 10, false},                   // no cycle: the default wait
      {"R5/PT1M", 5, 4, kNow + 60000, false},
      {"PT1M,PT5M,PT10M", 3, 2, kNow + 60000, false},  // the first failure: the first interval
      {"PT1M,PT5M,PT10M", 2, 1, kNow + 300000, false},
      {"R1/PT1H", 1, 0, kNow, true},                    // out of retries: due at once, incident
  };
  for (const auto& c : cases) {
    Rows r;
    r.jobs.load(job(c.cycle, c.retries_before, "node-a"));
    ASSERT_TRUE(r.rules().fail_job("j1", {"node-a", Error::invalid("no such variable")}, 10)) << c.cycle;
    const JobRecord* j = r.jobs.find("j1");
    EXPECT_EQ(j->retries, c.retries_after) << c.cycle << " " << c.retries_before;
    EXPECT_EQ(j->due, c.due) << c.cycle << " " << c.retries_before;
    EXPECT_TRUE(j->lock_owner.empty());
    EXPECT_EQ(j->exception_message, "no such variable");
    EXPECT_NE(j->exception_stacktrace.find("no such variable"), std::string::npos);
    EXPECT_EQ(j->failed_activity_id, "calc");
    EXPECT_EQ(r.open_incidents(), c.incident ? 1u : 0u) << c.cycle;
  }
}

TEST(WorkRules, AFailureReportedByAFormerOwnerChangesNothing) {
  Rows r;
  r.jobs.load(job("", 3, "node-b"));
  ASSERT_TRUE(r.rules().fail_job("j1", {"node-a", Error::internal("late")}, 10));
  EXPECT_TRUE(r.jobs.changes().empty());
  EXPECT_TRUE(r.events.empty());
}

TEST(WorkRules, JobRetriesAndDueDate) {
  Rows r;
  r.jobs.load(job("", 1));
  ASSERT_TRUE(r.rules().set_job_retries("j1", 0));
  ASSERT_EQ(r.open_incidents(), 1u);
  r.incidents.for_each([](const IncidentRecord& i) { EXPECT_EQ(i.message, "before"); });
  ASSERT_TRUE(r.rules().set_job_retries("j1", 4));
  EXPECT_EQ(r.open_incidents(), 0u);
  ASSERT_TRUE(r.rules().set_job_due_date("j1", 42));
  EXPECT_EQ(r.jobs.find("j1")->due, 42);
  EXPECT_EQ((std::vector<std::string>{"calc:retries", "calc:incident", "calc:retries",
                                      "calc:incidentResolved", "calc:dueDate"}),
            r.events);
}

}  // namespace
}  // namespace dpc::engine
