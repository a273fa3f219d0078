#include "domain/deadline.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace bb {
namespace {

Date D(const char* iso) { return *Date::parse_iso(iso); }

// The shipped table, read from the source tree (the same file the program loads).
const DeadlineRules& Rules() {
  static const DeadlineRules rules = [] {
    std::ifstream in(std::string(BB_SOURCE_DIR) + "/data/complaint_deadlines.json");
    std::stringstream s;
    s << in.rdbuf();
    auto r = DeadlineRules::parse_json(s.str());
    if (!r) throw std::runtime_error("shipped deadline table does not parse: " + r.error().message);
    return std::move(r).value();
  }();
  return rules;
}

DeadlineResult Compute(const char* area, const char* received) {
  auto r = compute_deadline(Rules(), area, D(received));
  EXPECT_TRUE(r) << area;
  return r.value();
}

TEST(DeadlineTableTest, ShippedTableHasTheRequiredAreas) {
  const std::pair<const char*, const char*> expected[] = {
      {"social", "4w"}, {"beskaeftigelse", "4w"}, {"byg", "4w"}, {"plan", "4w"}, {"miljoe", "4w"},
      {"skat", "3m"},   {"ombudsmand", "12m"},    {"aktindsigt", ""}};
  for (const auto& [area, rule] : expected) {
    const DeadlineRule* r = Rules().find(area);
    ASSERT_NE(r, nullptr) << area;
    EXPECT_EQ(r->rule, rule) << area;
    EXPECT_FALSE(r->legal_basis.empty()) << area;
    EXPECT_FALSE(r->how.empty()) << area;
  }
  EXPECT_EQ(Rules().find("social")->body, "Ankestyrelsen");
  EXPECT_EQ(Rules().find("byg")->body, "Byggeklageenheden");
  EXPECT_FALSE(Rules().find("byg")->fee.empty());
  EXPECT_EQ(Rules().find_by_body("Planklagenævnet")->area, "plan");
}

TEST(DeadlineTableTest, BadTablesNameTheRowAndField) {
  EXPECT_FALSE(DeadlineRules::parse_json("not json"));
  auto r = DeadlineRules::parse_json(R"({"rules":[{"area":"x","body":"B","rule":"4w"},{"area":"y","body":"B","rule":"4 uger"}]})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields.count("rules[2].rule"), 1u);
  r = DeadlineRules::parse_json(R"({"rules":[{"area":"x","body":"B"},{"area":"x","body":"C"}]})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields.count("rules[2].area"), 1u);
  r = DeadlineRules::parse_json(R"({"rules":[{"area":"x","body":7}]})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields.count("rules[1].body"), 1u);
}

TEST(DeadlineTableTest, EveryCitizenTextHasAnEnglishTranslation) {
  for (const auto& r : Rules().rules()) {
    for (const char* field : {"title", "counts_from", "how", "fee", "note"}) {
      const auto da = r.text(field, "da");
      const auto en = r.text(field, "en");
      EXPECT_EQ(da.lang, "da");
      if (da.text.empty()) {
        EXPECT_TRUE(en.text.empty()) << r.area << "." << field << ": an English text where the Danish has none";
        continue;
      }
      EXPECT_EQ(en.lang, "en") << r.area << "." << field << " has no English text";
      EXPECT_NE(en.text, da.text) << r.area << "." << field;
    }
  }
  EXPECT_EQ(Rules().find("social")->text("title", "en").text, "Social matters (e.g. the Social Services Act)");
}

TEST(DeadlineTableTest, MissingEnglishFallsBackToDanishAndBadEnglishIsNamed) {
  auto r = DeadlineRules::parse_json(
      R"({"rules":[{"area":"x","body":"B","title":"Sager","how":"Skriv","en":{"title":"Cases"}}]})");
  ASSERT_TRUE(r);
  const DeadlineRule& rule = r->rules().front();
  EXPECT_EQ(rule.text("title", "en").text, "Cases");
  EXPECT_EQ(rule.text("title", "en").lang, "en");
  EXPECT_EQ(rule.text("how", "en").text, "Skriv");
  EXPECT_EQ(rule.text("how", "en").lang, "da");
  EXPECT_EQ(rule.text("title", "da").text, "Sager");
  r = DeadlineRules::parse_json(R"({"rules":[{"area":"x","body":"B","en":{"how":3}}]})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields.count("rules[1].en.how"), 1u);
  r = DeadlineRules::parse_json(R"({"rules":[{"area":"x","body":"B","en":"Cases"}]})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields.count("rules[1].en"), 1u);
}

TEST(DeadlineTest, PeriodsParse) {
  EXPECT_EQ(parse_period("4w")->count, 4);
  EXPECT_EQ(parse_period("12m")->unit, Period::Unit::kMonths);
  for (const char* bad : {"", "w", "0w", "4", "4d", "-4w", "4 w"}) EXPECT_FALSE(parse_period(bad)) << bad;
}

TEST(DeadlineTest, IssueExampleRollsOverSecondEasterDay) {
  auto r = Compute("social", "2024-03-04");
  EXPECT_EQ(r.deadline, D("2024-04-02"));
  EXPECT_EQ(r.rolled_from, D("2024-04-01"));
  ASSERT_EQ(r.skipped.size(), 1u);
  EXPECT_EQ(r.skipped[0].date, D("2024-04-01"));
  EXPECT_EQ(r.skipped[0].reason, "2. påskedag");
  EXPECT_EQ(r.rule.body, "Ankestyrelsen");
}

TEST(DeadlineTest, HolidaysAcrossYears) {
  struct Case {
    const char* area;
    const char* received;
    const char* deadline;
    size_t skipped;
  };
  const Case cases[] = {
      {"social", "2023-03-09", "2023-04-11", 5},       // Skærtorsdag … 2. påskedag 2023
      {"social", "2023-04-07", "2023-05-08", 3},       // Store bededag 2023, then the weekend
      {"social", "2024-03-29", "2024-04-26", 0},       // the same Friday is a working day in 2024
      {"byg", "2025-05-01", "2025-05-30", 1},          // Kristi himmelfartsdag 2025
      {"plan", "2026-04-27", "2026-05-26", 1},         // 2. pinsedag 2026
      {"miljoe", "2025-05-08", "2025-06-06", 1},       // Grundlovsdag on a Thursday
      {"beskaeftigelse", "2027-05-08", "2027-06-07", 2},  // Grundlovsdag on a Saturday, then Sunday
      {"social", "2024-11-26", "2024-12-27", 3},       // 24, 25, 26 December
      {"social", "2024-12-03", "2025-01-02", 2},       // 31 December and New Year's Day
      {"social", "2024-03-02", "2024-04-02", 3},       // Saturday, Påskedag, 2. påskedag
  };
  for (const auto& c : cases) {
    auto r = Compute(c.area, c.received);
    EXPECT_EQ(r.deadline, D(c.deadline)) << c.area << " " << c.received;
    EXPECT_EQ(r.skipped.size(), c.skipped) << c.area << " " << c.received;
  }
}

TEST(DeadlineTest, MonthsRunToTheSameDateOrTheMonthsLastDay) {
  EXPECT_EQ(Compute("skat", "2024-11-30").deadline, D("2025-02-28"));  // no 30 February
  EXPECT_EQ(Compute("skat", "2023-11-30").deadline, D("2024-02-29"));  // leap year
  EXPECT_EQ(Compute("skat", "2024-01-31").deadline, D("2024-04-30"));
  EXPECT_EQ(Compute("ombudsmand", "2023-02-28").deadline, D("2024-02-28"));
  EXPECT_EQ(Compute("ombudsmand", "2024-02-29").deadline, D("2025-02-28"));
  EXPECT_EQ(add_period(D("2024-10-31"), {Period::Unit::kMonths, 1}), D("2024-11-30"));
  EXPECT_EQ(add_period(D("2024-12-15"), {Period::Unit::kMonths, 3}), D("2025-03-15"));
}

TEST(DeadlineTest, NoFixedDeadlineAndUnknownArea) {
  auto r = Compute("aktindsigt", "2024-05-10");
  EXPECT_FALSE(r.deadline.has_value());
  auto bad = compute_deadline(Rules(), "nowhere", D("2024-05-10"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(bad.error().fields.count("area"), 1u);
}

// Property: for every receipt day 2023–2027 and every area with a period, the deadline is a
// working day, on or after the raw date, and less than a week after it.
TEST(DeadlineTest, EveryDeadlineIsAWorkingDayShortlyAfterTheRawDate) {
  for (const auto& rule : Rules().rules()) {
    auto period = parse_period(rule.rule);
    if (!period) continue;
    for (Date d = D("2023-01-01"); d <= D("2027-12-31"); d = d.plus_days(1)) {
      auto r = compute_deadline(Rules(), rule.area, d);
      ASSERT_TRUE(r);
      const Date raw = add_period(d, *period);
      ASSERT_TRUE(is_working_day(*r->deadline)) << rule.area << " " << d.iso();
      ASSERT_GE(*r->deadline, raw);
      ASSERT_LT(raw.days_until(*r->deadline), 7) << rule.area << " " << d.iso();
      ASSERT_GT(*r->deadline, d);
      ASSERT_EQ(r->rolled_from.has_value(), *r->deadline != raw);
    }
  }
}

TEST(DeadlineTest, PresumedReceipt) {
  EXPECT_EQ(presumed_receipt(D("2024-03-04"), Delivery::kDigitalPost, 3), D("2024-03-04"));
  EXPECT_EQ(presumed_receipt(D("2024-03-04"), Delivery::kOrdinaryPost, 3), D("2024-03-07"));
}

TEST(DeadlineTest, WeekdayDates) {
  EXPECT_EQ(danish_weekday_date(D("2024-04-02")), "tirsdag den 2. april 2024");
  EXPECT_EQ(english_weekday_date(D("2024-04-02")), "Tuesday 2 April 2024");
}

}  // namespace
}  // namespace bb
