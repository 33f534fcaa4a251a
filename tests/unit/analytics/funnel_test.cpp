// FunnelCounter without a database: in-order matching (a repeated step counts once, a loop
// does not count twice, a step needs a later occurrence than the previous one), durations from
// the previous step's reaching, and nearest-rank quantiles.
#include <gtest/gtest.h>

#include <random>

#include "dpc/analytics/funnel.h"

namespace dpc::analytics {
namespace {

// Elements: 0 = review, 1 = approve, 2 = end.
InstancePath path(std::int64_t start, std::vector<std::pair<int, std::int64_t>> occurrences) {
  InstancePath p;
  p.start_time = start;
  for (auto [e, t] : occurrences) {
    p.elements.push_back(e);
    p.times.push_back(t);
  }
  return p;
}

TEST(FunnelCounter, CountsEachInstanceUpToWhereItGot) {
  FunnelCounter c({0, 1, 2});
  c.add(path(0, {{0, 10}, {1, 20}, {2, 50}}));    // the whole way
  c.add(path(0, {{0, 5}, {1, 15}}));              // waits at approve
  c.add(path(0, {{0, 7}}));                       // waits at review
  c.add(path(0, {}));                             // started, nothing else yet
  auto f = c.figures({"review", "approve", "end"});
  EXPECT_EQ(f.started, 4);
  EXPECT_EQ(f.steps[0].reached, 3);
  EXPECT_EQ(f.steps[1].reached, 2);
  EXPECT_EQ(f.steps[2].reached, 1);
  EXPECT_EQ(f.steps[0].drop_off, 1);
  EXPECT_EQ(f.steps[1].drop_off, 1);
  EXPECT_DOUBLE_EQ(*f.steps[1].conversion_from_previous, 2.0 / 3);
  EXPECT_DOUBLE_EQ(*f.steps[2].conversion_from_start, 0.25);
  EXPECT_EQ(*f.steps[0].median_millis_from_previous, 7);   // 5, 7, 10
  EXPECT_EQ(*f.steps[1].median_millis_from_previous, 10);  // 10, 10
  EXPECT_EQ(*f.steps[2].median_millis_from_previous, 30);
}

TEST(FunnelCounter, ALoopCountsOnceAndOrderMatters) {
  FunnelCounter c({0, 1});
  // review, review again (loop), approve: reached once each; approve 20 after the first review.
  c.add(path(0, {{0, 10}, {0, 20}, {1, 30}}));
  // approve before any review does not count; the later review does, with no approve after it.
  c.add(path(0, {{1, 5}, {0, 8}}));
  auto f = c.figures({"review", "approve"});
  EXPECT_EQ(f.steps[0].reached, 2);
  EXPECT_EQ(f.steps[1].reached, 1);
  EXPECT_EQ(*f.steps[1].median_millis_from_previous, 20);
}

TEST(FunnelCounter, TheSameStepTwiceNeedsTwoOccurrences) {
  FunnelCounter c({0, 0});
  c.add(path(0, {{0, 10}}));
  c.add(path(0, {{0, 10}, {0, 40}}));
  auto f = c.figures({"review", "review"});
  EXPECT_EQ(f.steps[0].reached, 2);
  EXPECT_EQ(f.steps[1].reached, 1);
  EXPECT_EQ(*f.steps[1].median_millis_from_previous, 30);
}

TEST(FunnelCounter, NoInstancesGivesNullRatesAndDurations) {
  FunnelCounter c({0});
  auto f = c.figures({"review"});
  EXPECT_EQ(f.started, 0);
  EXPECT_FALSE(f.steps[0].conversion_from_start);
  EXPECT_FALSE(f.steps[0].median_millis_from_previous);
}

// The step table's view of a path: per element its first time and first/last order.
InstanceSteps steps_of(const InstancePath& p, int elements) {
  InstanceSteps s;
  s.start_time = p.start_time;
  s.elements.resize(static_cast<std::size_t>(elements));
  for (std::size_t i = 0; i < p.elements.size(); ++i) {
    auto& occ = s.elements[static_cast<std::size_t>(p.elements[i])];
    const auto ord = static_cast<std::int64_t>(i + 1);
    if (!occ) occ = StepOccurrence{p.times[i], ord, ord};
    occ->last_ord = ord;
  }
  return s;
}

TEST(FunnelCounter, FirstAndLastOccurrencesSettleWhatTheyCanExactlyAndSayWhenNot) {
  // A loop review -> approve -> review -> approve: the funnel approve, review needs review's
  // second occurrence, which first/last cannot place in time: unsettled, nothing counted.
  FunnelCounter c({1, 0});
  EXPECT_FALSE(c.add(steps_of(path(0, {{0, 10}, {1, 20}, {0, 30}, {1, 40}}), 3)));
  EXPECT_EQ(c.figures({"approve", "review"}).started, 0);
  // review then approve once: settled.
  EXPECT_TRUE(c.add(steps_of(path(0, {{0, 10}, {1, 20}}), 3)));
  auto f = c.figures({"approve", "review"});
  EXPECT_EQ(f.started, 1);
  EXPECT_EQ(f.steps[0].reached, 1);
  EXPECT_EQ(f.steps[1].reached, 0);
  // Random paths over 4 elements: whenever the steps settle an instance, the figures equal
  // those from the whole path.
  std::mt19937 rng(18);
  for (int round = 0; round < 300; ++round) {
    std::vector<int> funnel;
    for (int k = 0, n = 1 + static_cast<int>(rng() % 5); k < n; ++k) funnel.push_back(static_cast<int>(rng() % 4));
    FunnelCounter from_paths(funnel), from_steps(funnel);
    int settled = 0;
    for (int i = 0; i < 50; ++i) {
      std::vector<std::pair<int, std::int64_t>> occ;
      std::int64_t t = 0;
      for (int k = 0, n = static_cast<int>(rng() % 8); k < n; ++k) {
        t += static_cast<std::int64_t>(rng() % 3);  // ties at one millisecond too
        occ.emplace_back(static_cast<int>(rng() % 4), t);
      }
      auto p = path(0, occ);
      if (from_steps.add(steps_of(p, 4))) {
        from_paths.add(p);
        ++settled;
      }
    }
    std::vector<std::string> ids(funnel.size(), "s");
    auto a = from_paths.figures(ids), b = from_steps.figures(ids);
    ASSERT_EQ(a.started, settled);
    ASSERT_EQ(b.started, settled);
    for (std::size_t k = 0; k < funnel.size(); ++k) {
      EXPECT_EQ(a.steps[k].reached, b.steps[k].reached) << round;
      EXPECT_EQ(a.steps[k].median_millis_from_previous, b.steps[k].median_millis_from_previous) << round;
      EXPECT_EQ(a.steps[k].p90_millis_from_previous, b.steps[k].p90_millis_from_previous) << round;
    }
  }
}

TEST(NearestRank, IsAValueThatOccurred) {
  std::vector<std::int64_t> v = {5, 1, 4, 2, 3, 10, 9, 8, 7, 6};
  EXPECT_EQ(*nearest_rank(v, 0.5), 5);   // rank 5 of 10
  EXPECT_EQ(*nearest_rank(v, 0.9), 9);   // rank 9
  EXPECT_EQ(*nearest_rank(v, 0.99), 10); // rank 10
  std::vector<std::int64_t> one = {42};
  EXPECT_EQ(*nearest_rank(one, 0.5), 42);
  std::vector<std::int64_t> none;
  EXPECT_FALSE(nearest_rank(none, 0.5));
}

}  // namespace
}  // namespace dpc::analytics
