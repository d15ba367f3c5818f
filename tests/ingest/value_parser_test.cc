#include "ingest/value_parser.h"

#include "common/civil_date.h"

#include <gtest/gtest.h>

namespace cleanroom {
namespace {

using Parser = std::string_view (*)(std::string_view, int64_t&);

int64_t Value(Parser p, std::string_view text) {
  int64_t v = -999;
  std::string_view problem = p(text, v);
  EXPECT_EQ(problem, "") << "'" << text << "'";
  return v;
}

std::string Problem(Parser p, std::string_view text) {
  int64_t v = 0;
  return std::string(p(text, v));
}

TEST(ParseInt, AcceptsSignedIntegers) {
  EXPECT_EQ(Value(ParseIntValue, "0"), 0);
  EXPECT_EQ(Value(ParseIntValue, " 42 "), 42);
  EXPECT_EQ(Value(ParseIntValue, "-17"), -17);
  EXPECT_EQ(Value(ParseIntValue, "+5"), 5);
  EXPECT_EQ(Value(ParseIntValue, "9223372036854775807"), INT64_MAX);
  EXPECT_EQ(Value(ParseIntValue, "-9223372036854775808"), INT64_MIN);
}

TEST(ParseInt, Rejects) {
  for (std::string_view bad : {"", "-", "1.5", "1e3", "12a", "0x10", "1 2", "$5"}) {
    EXPECT_EQ(Problem(ParseIntValue, bad), "is not an integer") << bad;
  }
  EXPECT_EQ(Problem(ParseIntValue, "9223372036854775808"), "is out of range for a 64-bit integer");
  EXPECT_EQ(Problem(ParseIntValue, "-9223372036854775809"), "is out of range for a 64-bit integer");
}

TEST(ParseDecimal, FixedPointWithDollars) {
  EXPECT_EQ(Value(ParseDecimalValue, "75.50"), 755000);
  EXPECT_EQ(Value(ParseDecimalValue, "$75.50"), 755000);
  EXPECT_EQ(Value(ParseDecimalValue, "$120.00"), 1200000);
  EXPECT_EQ(Value(ParseDecimalValue, "32.25"), 322500);
  EXPECT_EQ(Value(ParseDecimalValue, "7"), 70000);
  EXPECT_EQ(Value(ParseDecimalValue, ".5"), 5000);
  EXPECT_EQ(Value(ParseDecimalValue, "5."), 50000);
  EXPECT_EQ(Value(ParseDecimalValue, "-$5.25"), -52500);
  EXPECT_EQ(Value(ParseDecimalValue, "$-5.25"), -52500);
  EXPECT_EQ(Value(ParseDecimalValue, "0.0001"), 1);
  EXPECT_EQ(Value(ParseDecimalValue, "1.50000"), 15000);  // extra zeros are fine
  EXPECT_EQ(Value(ParseDecimalValue, " 3.1 "), 31000);
}

TEST(ParseDecimal, Rejects) {
  for (std::string_view bad :
       {"", "$", ".", "-", "1.2.3", "1,000.00", "abc", "12x", "1e3", "$$5", "--5", "5-", "€5"}) {
    EXPECT_EQ(Problem(ParseDecimalValue, bad), "is not a decimal (expected e.g. 75.50 or $75.50)")
        << bad;
  }
  EXPECT_EQ(Problem(ParseDecimalValue, "1.00001"), "has more than 4 decimal places");
  EXPECT_EQ(Problem(ParseDecimalValue, "922337203685478"), "is out of range for a decimal");
}

TEST(ParseDate, DaysSinceEpoch) {
  EXPECT_EQ(Value(ParseDateValue, "1970-01-01"), 0);
  EXPECT_EQ(Value(ParseDateValue, "2025-10-12"), 20373);
  EXPECT_EQ(Value(ParseDateValue, "1969-12-31"), -1);
  EXPECT_EQ(Value(ParseDateValue, "2000-02-29"), 11016);
  EXPECT_EQ(Value(ParseDateValue, "0001-01-01"), -719162);
  EXPECT_EQ(Value(ParseDateValue, "9999-12-31"), 2932896);
}

TEST(ParseDate, Rejects) {
  for (std::string_view bad : {"", "2025-1-12", "2025/10/12", "12/10/2025", "2025-10-12T00:00",
                               "20251012", "2025-10-1x", "yesterday"}) {
    EXPECT_EQ(Problem(ParseDateValue, bad), "is not a date (expected YYYY-MM-DD)") << bad;
  }
  for (std::string_view bad : {"2025-13-01", "2025-00-10", "2025-02-29", "1900-02-29", "2025-04-31",
                               "2025-01-00", "0000-01-01"}) {
    EXPECT_EQ(Problem(ParseDateValue, bad), "is not a calendar date") << bad;
  }
}

TEST(ParseDate, CivilRoundTrip) {
  for (int64_t d = -800000; d <= 3000000; d += 997) {
    int64_t y;
    unsigned m, day;
    CivilFromDays(d, y, m, day);
    EXPECT_EQ(DaysFromCivil(y, m, day), d);
  }
}

TEST(ParseBool, Spellings) {
  for (std::string_view t : {"true", "TRUE", "True", "t", "yes", "Y", "1", " true "}) {
    EXPECT_EQ(Value(ParseBoolValue, t), 1) << t;
  }
  for (std::string_view f : {"false", "F", "no", "n", "0"}) EXPECT_EQ(Value(ParseBoolValue, f), 0);
  for (std::string_view bad : {"", "2", "yes!", "on", "tru"}) {
    EXPECT_EQ(Problem(ParseBoolValue, bad),
              "is not a bool (expected true or false, yes or no, 1 or 0)")
        << bad;
  }
}

TEST(IsBlank, SpacesAndTabs) {
  EXPECT_TRUE(IsBlank(""));
  EXPECT_TRUE(IsBlank(" \t "));
  EXPECT_FALSE(IsBlank(" x "));
}

}  // namespace
}  // namespace cleanroom
