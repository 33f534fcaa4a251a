// FunnelCounter without a database: in-order matching (a repeated step counts once, a loop
// does not count twice, a step needs a later occurrence than the previous one), durations from
// the previous step's reaching, and nearest-rank quantiles.
#include <gtest/gtest.h>

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
