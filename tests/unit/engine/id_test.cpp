// Ids: time-ordered version 7 UUIDs (core/strings.cpp), which the history indexes rely on.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

#include "dpc/core/strings.h"

TEST(NewUuid, IsCanonicalVersion7WithVariant10) {
  std::regex form("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  for (int i = 0; i < 1000; ++i) {
    std::string id = dpc::new_uuid();
    ASSERT_TRUE(std::regex_match(id, form)) << id;
  }
}

TEST(NewUuid, LaterIdsSortLaterAndAllDiffer) {
  std::set<std::string> seen;
  std::string previous = dpc::new_uuid();
  for (int i = 0; i < 20000; ++i) {
    std::string id = dpc::new_uuid();
    // Same thread: the millisecond stamp and the counter only grow (the random tail decides
    // only when the counter had to restart within a millisecond, which 20,000 ids can't cause
    // more than a few times; the stamp prefix must never go back).
    ASSERT_LE(previous.substr(0, 13), id.substr(0, 13)) << previous << " then " << id;
    ASSERT_TRUE(seen.insert(id).second) << "duplicate " << id;
    previous = id;
  }
}

TEST(HtmlEscape, EscapesTheFiveCharactersThatEndTextOrAQuotedAttribute) {
  EXPECT_EQ(dpc::html_escape(R"(<a href="x" title='y'>Tom & Jerry</a>)"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;");
  EXPECT_EQ(dpc::html_escape("Kredyt gotówkowy 8,9%"), "Kredyt gotówkowy 8,9%");
}
