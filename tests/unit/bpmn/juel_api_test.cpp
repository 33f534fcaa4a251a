// Direct tests of the juel building blocks the data-driven cases do not pin down.
#include <gtest/gtest.h>

#include <thread>

#include "dpc/juel/builtins.h"
#include "dpc/juel/date_time.h"
#include "dpc/juel/expression.h"
#include "dpc/juel/lexer.h"

namespace dpc::juel {
namespace {

TEST(JavaDouble, MatchesJavaSpelling) {
  EXPECT_EQ(java_double_to_string(2.0), "2.0");
  EXPECT_EQ(java_double_to_string(0.5), "0.5");
  EXPECT_EQ(java_double_to_string(1e7), "1.0E7");
  EXPECT_EQ(java_double_to_string(1.5e-5), "1.5E-5");
  EXPECT_EQ(java_double_to_string(-12.25), "-12.25");
}

TEST(DateTimeText, ParsesAndFormats) {
  auto ms = parse_iso_date_time("2024-02-29T23:59:59.5+02:00");
  ASSERT_TRUE(ms.has_value());
  EXPECT_EQ(format_iso_utc(*ms), "2024-02-29T21:59:59.500Z");
  EXPECT_EQ(format_camunda_date(0), "1970-01-01T00:00:00.000+0000");
  EXPECT_FALSE(parse_iso_date_time("2023-02-29").has_value());
  EXPECT_FALSE(parse_iso_date_time("yesterday").has_value());
  EXPECT_EQ(parse_iso_date_time("1969-12-31T23:59:59Z"), -1000);
  EXPECT_EQ(day_of_week(0), 4);  // Thursday
}

TEST(Lexer, ReportsPositions) {
  auto t = tokenize("a >= 'x'");
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->size(), 4u);
  EXPECT_EQ((*t)[1].text, ">=");
  EXPECT_EQ((*t)[2].kind, TokenKind::kString);
  EXPECT_EQ((*t)[2].offset, 5u);
}

TEST(Builtins, TableIsConsistent) {
  for (const auto& f : builtin_functions()) {
    EXPECT_EQ(find_function(f.name), &f);
    EXPECT_FALSE(f.description.empty());
    EXPECT_LE(f.min_args, f.max_args);
  }
  EXPECT_EQ(find_function("nope"), nullptr);
  EXPECT_GT(builtin_methods().size(), 40u);
}

TEST(Expression, CompiledOnceSharedAcrossThreads) {
  auto e = Expression::compile("${a * 2 + 1}");
  ASSERT_TRUE(e.ok());
  std::vector<std::thread> threads;
  std::vector<std::int64_t> results(4, 0);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      for (int k = 0; k < 1000; ++k) {
        MapContext ctx;
        ctx.set("a", Value(i));
        auto r = e->evaluate(ctx);
        if (r.ok()) results[i] = r->as_long();
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(results, (std::vector<std::int64_t>{1, 3, 5, 7}));
}

TEST(Expression, DefaultIsEmptyLiteral) {
  Expression e;
  EXPECT_TRUE(e.is_literal());
  MapContext ctx;
  auto r = e.evaluate(ctx);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->as_string(), "");
}

}  // namespace
}  // namespace dpc::juel
