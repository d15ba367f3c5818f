// The human result table: exact layout, party bytes escaped, 64-bit k printed whole.
#include "cli/result_table.h"

#include <gtest/gtest.h>

namespace cleanroom::cli {
namespace {

TEST(ResultTable, ExactLayoutWithNoiseAndBudgetLines) {
  Json r = Json::parse(R"({
    "columns": ["campaign_id", "buyers", "revenue"],
    "rows": [["sg_fall25", 12, 48211.5], ["sg_spring", 3, null]],
    "privacy": {"k_min": 10, "epsilon_spent": 0.5, "epsilon_remaining": 2.5,
                "noise": {"buyers": {"mechanism": "discrete_laplace", "scale": 2.0, "ci95": 6.0}}},
    "tee": "simulated"})");
  EXPECT_EQ(FormatResultTable(r),
            "campaign_id | buyers | revenue \n"
            "------------+--------+---------\n"
            "sg_fall25   | 12     | 48211.50\n"
            "sg_spring   | 3      | NULL    \n"
            "(2 rows)\n"
            "noise: buyers: discrete_laplace, scale 2, 95% within +/-6\n"
            "privacy: k_min 10, epsilon spent 0.5, epsilon left 2.5\n"
            "enclave: simulated TEE (protects nothing against the host's operator)\n");
}

TEST(ResultTable, ControlCharactersInPartyDataAreEscaped) {
  // An ESC sequence that would clear the screen, and a newline that would forge a row.
  Json r = {{"columns", {"seg\x1b[2J"}},
            {"rows", {{"a\nb | 999"}, {"\x1b]0;title\x07"}}},
            {"privacy", {{"k_min", 1}, {"epsilon_remaining", nullptr}}}};
  EXPECT_EQ(FormatResultTable(r),
            "seg\\x1b[2J      \n"
            "----------------\n"
            "a\\x0ab | 999    \n"
            "\\x1b]0;title\\x07\n"
            "(2 rows)\n"
            "privacy: k_min 1, no differential privacy in this room's policy (exact answers)\n");
}

TEST(ResultTable, KMinBeyondThirtyTwoBitsPrintsWhole) {
  Json r = {{"columns", Json::array()},
            {"rows", Json::array()},
            {"privacy", {{"k_min", int64_t{4294967297}}, {"epsilon_remaining", nullptr}}}};
  EXPECT_NE(FormatResultTable(r).find("privacy: k_min 4294967297, no differential"),
            std::string::npos);
}

}  // namespace
}  // namespace cleanroom::cli
