#include "domain/report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <random>
#include <set>

#include "domain/codes.h"

namespace bb {
namespace {

using nlohmann::json;

Cell n(int64_t v) {
  return Cell{v, false};
}

Table table(const std::string& id, std::vector<Row> rows) {
  Table t;
  t.id = id;
  t.title = id;
  t.rows = std::move(rows);
  return t;
}

// Rows for every code of a vocabulary, as build_figures makes them, with the counts given in
// the vocabulary's order (missing ones 0).
template <typename E>
Table code_table(const std::string& id, std::vector<int64_t> counts) {
  Table t = table(id, {});
  size_t i = 0;
  for (E e : all_codes<E>()) {
    const std::string code = to_code(e);
    t.rows.push_back({code, "label " + code, n(i < counts.size() ? counts[i] : 0)});
    ++i;
  }
  return t;
}

// A year of figures with counts in every size class: 0, 1..4 (suppressed when published with
// the default threshold 5), exactly 5 and large.
ReportFigures Figures(int year) {
  ReportFigures f;
  f.period = {StatPeriod::Kind::kYear, Date(year, 1, 1), Date(year, 12, 31), std::to_string(year)};
  f.cases_total = n(120);
  for (unsigned m = 1; m <= 12; ++m) {
    char key[16];
    std::snprintf(key, sizeof key, "%04d-%02u", year, m);
    f.by_month.rows.push_back({key, "måned " + std::to_string(m), n(m == 2 ? 4 : 10)});
  }
  f.by_month.id = "by_month";
  f.by_channel = code_table<Channel>("by_channel", {60, 30, 3, 0, 5, 22});
  f.by_reason = code_table<Reason>("by_reason", {70, 20, 15, 1, 10, 4});
  f.by_department = table("by_department", {{"Ydelser", "Ydelser", n(80)},
                                            {"Jobcenter", "Jobcenter", n(36)},
                                            {"Teknik og Miljø", "Teknik og Miljø", n(2)},
                                            {"Kultur", "Kultur", n(0)}});
  f.by_outcome = code_table<Outcome>("by_outcome", {20, 40, 25, 5, 9, 12, 6});
  f.by_outcome.rows.push_back({"", "Ingen endnu", n(3)});
  f.by_theme =
      table("by_theme", {{"partshoering", "Partshøring", n(12)}, {"begrundelse", "Begrundelse", n(1)}});
  f.rejected = n(6);
  f.rejection_reasons = table("rejection_reasons",
                              {{"Politisk beslutning", "Politisk beslutning", n(5)},
                               {"Borgeren Hans Hansen i Lilleby", "Borgeren Hans Hansen i Lilleby", n(1)}});
  f.first_response = DurationStats{100, 3, 9, 90, 90.0};
  f.closing = DurationStats{4, 20, 31, 0, 0};
  f.criticism_cases = n(9);
  f.criticism_by_department =
      table("criticism_by_department", {{"Ydelser", "Ydelser", n(7)}, {"Jobcenter", "Jobcenter", n(2)}});
  f.recommendations_issued = n(3);
  f.recommendations_by_status = code_table<RecommendationStatus>("recommendations_by_status", {2, 1});
  f.overdue_by_department = table("overdue_by_department", {{"Ydelser", "Ydelser", n(1)}});
  f.recommendations = {
      {"H-" + std::to_string(year) + "-01", "Begrund afslag", {"Ydelser"}, "afventer_svar", true}};
  f.investigations = {{"U-" + std::to_string(year) + "-01", "Partshøring", "i_gang"}};
  f.activities = {{"undervisning", 2, 35, 150}, {"sparring", 1, 1, 45}};
  f.complaints_decided = n(8);
  f.complaints_reversed = n(3);
  return f;
}

Report MakeReport(int threshold = 5) {
  Report r;
  r.year = 2024;
  r.municipality = "Testrup Kommune";
  r.office_name = "Borgerrådgiveren";
  r.foreword = "Et år med mange henvendelser.";
  r.current = Figures(2024);
  r.previous = Figures(2023);
  r.previous.cases_total = n(100);
  r.stories = {{1, 2024, "En sag om briller", "Borgeren fik hjælp.", std::nullopt, true, "", 1}};
  r.threshold = threshold;
  return r;
}

const Row& RowOf(const Table& t, const std::string& key) {
  for (const auto& r : t.rows) {
    if (r.key == key) return r;
  }
  static const Row none{"<missing>", "", Cell{-1, false}};
  ADD_FAILURE() << "no row " << key << " in " << t.id;
  return none;
}

// Every Cell of a figures set (tables included).
std::vector<Cell> AllCells(const ReportFigures& f) {
  std::vector<Cell> out = {f.cases_total,        f.rejected,
                           f.criticism_cases,    f.recommendations_issued,
                           f.complaints_decided, f.complaints_reversed};
  for (const Table* t : tables(f)) {
    for (const auto& r : t->rows) out.push_back(r.count);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// duration_stats

TEST(ReportDurationStatsTest, EmptyHasNoCasesAndZeros) {
  const DurationStats d = duration_stats({}, 10);
  EXPECT_EQ(d.cases, 0);
  EXPECT_EQ(d.median, 0);
  EXPECT_EQ(d.p90, 0);
  EXPECT_EQ(d.within_target, 0);
  EXPECT_EQ(d.within_target_pct, 0);
}

TEST(ReportDurationStatsTest, MedianOfOddCountIsTheMiddleValueInSortedOrder) {
  const DurationStats d = duration_stats({9, 1, 4, 7, 2}, 10);
  EXPECT_EQ(d.cases, 5);
  EXPECT_EQ(d.median, 4);
  EXPECT_EQ(d.p90, 9);  // rank ceil(4.5) = 5
  EXPECT_EQ(duration_stats({6}, 10).median, 6);
  EXPECT_EQ(duration_stats({6}, 10).p90, 6);
}

TEST(ReportDurationStatsTest, MedianOfEvenCountIsTheMeanOfTheTwoMiddleValues) {
  const DurationStats d = duration_stats({8, 1, 3, 2}, 10);
  EXPECT_EQ(d.cases, 4);
  EXPECT_DOUBLE_EQ(d.median, 2.5);
  EXPECT_EQ(d.p90, 8);  // rank ceil(3.6) = 4
  EXPECT_DOUBLE_EQ(duration_stats({3, 4}, 10).median, 3.5);
  EXPECT_DOUBLE_EQ(duration_stats({0, 0, 5, 5}, 10).median, 2.5);
}

TEST(ReportDurationStatsTest, P90IsNearestRank) {
  // 10 values: rank ceil(0.9 × 10) = 9, the 9th smallest — not an interpolation of 9th and 10th.
  std::vector<int> ten = {10, 3, 8, 1, 6, 9, 2, 7, 5, 4};
  EXPECT_EQ(duration_stats(ten, 10).p90, 9);
  ten[0] = 100;  // the largest value does not move p90
  EXPECT_EQ(duration_stats(ten, 10).p90, 9);
  // 11 values: rank ceil(9.9) = 10.
  std::vector<int> eleven = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  EXPECT_EQ(duration_stats(eleven, 10).p90, 10);
  // 20 values: rank 18; 21 values: rank ceil(18.9) = 19.
  std::vector<int> twenty(20);
  for (int i = 0; i < 20; ++i) twenty[static_cast<size_t>(i)] = (i + 1) * 2;
  EXPECT_EQ(duration_stats(twenty, 10).p90, 36);
  twenty.push_back(42);
  EXPECT_EQ(duration_stats(twenty, 10).p90, 38);
}

TEST(ReportDurationStatsTest, P90RankIsExactForEveryCount) {
  // Rank ceil(9n/10) in integers; a floating-point 0.9 × n that came out a hair above an
  // integer would pick the next value for n = 10, 20, ….
  std::mt19937 rng(7);
  for (int count = 1; count <= 2000; ++count) {
    std::vector<int> v(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) v[static_cast<size_t>(i)] = i + 1;  // value = rank
    std::shuffle(v.begin(), v.end(), rng);
    const int rank = (9 * count + 9) / 10;
    ASSERT_EQ(duration_stats(v, 10).p90, rank) << count << " values";
  }
}

TEST(ReportDurationStatsTest, WithinTargetCountsValuesAtOrBelowTheTarget) {
  const DurationStats d = duration_stats({0, 2, 10, 11, 25}, 10);
  EXPECT_EQ(d.within_target, 3);  // 0, 2 and 10 (the target day itself counts)
  EXPECT_DOUBLE_EQ(d.within_target_pct, 60.0);
  // One decimal, rounded: 2 of 3 = 66.7 %, 1 of 3 = 33.3 %, 1 of 8 = 12.5 %.
  EXPECT_DOUBLE_EQ(duration_stats({1, 2, 30}, 10).within_target_pct, 66.7);
  EXPECT_DOUBLE_EQ(duration_stats({1, 20, 30}, 10).within_target_pct, 33.3);
  EXPECT_DOUBLE_EQ(duration_stats({1, 20, 20, 20, 20, 20, 20, 20}, 10).within_target_pct, 12.5);
  EXPECT_DOUBLE_EQ(duration_stats({11, 12}, 10).within_target_pct, 0.0);
  EXPECT_DOUBLE_EQ(duration_stats({0}, 0).within_target_pct, 100.0);
}

TEST(ReportDurationStatsTest, NegativeTargetCountsNothing) {
  const DurationStats d = duration_stats({1, 2, 3}, -1);
  EXPECT_EQ(d.cases, 3);
  EXPECT_EQ(d.median, 2);
  EXPECT_EQ(d.within_target, 0);
  EXPECT_EQ(d.within_target_pct, 0);
}

// ---------------------------------------------------------------------------------------------
// published()

TEST(ReportPublishedTest, CountsFromOneToFourAreSuppressedWithNZero) {
  Report r = MakeReport();
  for (int64_t v = 0; v <= 7; ++v)
    r.current.by_department.rows.push_back({"d" + std::to_string(v), "", n(v)});
  const Report p = published(r);
  EXPECT_TRUE(p.published);
  for (int64_t v = 0; v <= 7; ++v) {
    const Cell& c = RowOf(p.current.by_department, "d" + std::to_string(v)).count;
    if (v >= 1 && v <= 4) {
      EXPECT_TRUE(c.suppressed) << v;
      EXPECT_EQ(c.n, 0) << v << " must not leak through n";
      EXPECT_EQ(c.text(p.threshold), "< 5");
    } else {
      EXPECT_FALSE(c.suppressed) << v;
      EXPECT_EQ(c.n, v);
      EXPECT_EQ(c.text(p.threshold), std::to_string(v));
    }
  }
}

TEST(ReportPublishedTest, EveryCountOfBothYearsFollowsTheRule) {
  const Report r = MakeReport();
  const Report p = published(r);
  for (const ReportFigures* figures : {&p.current, &p.previous}) {
    const ReportFigures& after = *figures;
    SCOPED_TRACE(after.period.label);
    EXPECT_FALSE(after.cases_total.suppressed);
    EXPECT_TRUE(after.recommendations_issued.suppressed);  // 3
    EXPECT_EQ(after.recommendations_issued.n, 0);
    EXPECT_TRUE(after.complaints_reversed.suppressed);     // 3
    EXPECT_FALSE(after.complaints_decided.suppressed);     // 8
    EXPECT_FALSE(after.rejected.suppressed);               // 6
    EXPECT_FALSE(after.criticism_cases.suppressed);        // 9
    EXPECT_TRUE(after.by_month.rows[1].count.suppressed);  // February: 4
    EXPECT_FALSE(after.by_month.rows[0].count.suppressed);
    EXPECT_TRUE(RowOf(after.by_channel, "brev").count.suppressed);         // 3
    EXPECT_FALSE(RowOf(after.by_channel, "personligt").count.suppressed);  // 0
    EXPECT_EQ(RowOf(after.by_channel, "personligt").count.n, 0);
    EXPECT_FALSE(RowOf(after.by_channel, "webformular").count.suppressed);  // 5
    EXPECT_EQ(RowOf(after.by_channel, "webformular").count.n, 5);
    EXPECT_TRUE(RowOf(after.by_reason, "hoert").count.suppressed);   // 1
    EXPECT_TRUE(RowOf(after.by_reason, "andet").count.suppressed);   // 4
    EXPECT_FALSE(RowOf(after.by_reason, "klage").count.suppressed);  // 10
    EXPECT_TRUE(RowOf(after.by_department, "Teknik og Miljø").count.suppressed);
    EXPECT_FALSE(RowOf(after.by_department, "Kultur").count.suppressed);
    EXPECT_FALSE(RowOf(after.by_outcome, "maegling").count.suppressed);  // 5
    EXPECT_TRUE(RowOf(after.by_outcome, "").count.suppressed);           // 3
    EXPECT_TRUE(RowOf(after.by_theme, "begrundelse").count.suppressed);
    EXPECT_TRUE(RowOf(after.criticism_by_department, "Jobcenter").count.suppressed);
    EXPECT_TRUE(RowOf(after.recommendations_by_status, "afventer_svar").count.suppressed);
    EXPECT_TRUE(RowOf(after.overdue_by_department, "Ydelser").count.suppressed);
    for (const Cell& c : AllCells(after)) {
      if (c.suppressed) {
        EXPECT_EQ(c.n, 0);
      } else {
        EXPECT_TRUE(c.n == 0 || c.n >= 5) << c.n;
      }
    }
  }
  EXPECT_EQ(p.current.cases_total.n, 120);
  EXPECT_EQ(p.previous.cases_total.n, 100);
  // Rows keep their order.
  ASSERT_EQ(p.current.by_department.rows.size(), r.current.by_department.rows.size());
  for (size_t i = 0; i < r.current.by_department.rows.size(); ++i) {
    EXPECT_EQ(p.current.by_department.rows[i].key, r.current.by_department.rows[i].key);
  }
}

TEST(ReportPublishedTest, TheInternalReportIsLeftExact) {
  const Report r = MakeReport();
  const Report p = published(r);
  EXPECT_FALSE(r.published);
  EXPECT_EQ(RowOf(r.current.by_channel, "brev").count.n, 3);
  EXPECT_FALSE(RowOf(r.current.by_channel, "brev").count.suppressed);
  EXPECT_TRUE(RowOf(p.current.by_channel, "brev").count.suppressed);
}

TEST(ReportPublishedTest, ThresholdThreeAndTen) {
  for (int threshold : {3, 10}) {
    Report r = MakeReport(threshold);
    r.current.by_department.rows.clear();
    for (int64_t v = 0; v <= 12; ++v)
      r.current.by_department.rows.push_back({"d" + std::to_string(v), "", n(v)});
    const Report p = published(r);
    EXPECT_EQ(p.threshold, threshold);
    for (int64_t v = 0; v <= 12; ++v) {
      const Cell& c = RowOf(p.current.by_department, "d" + std::to_string(v)).count;
      const bool hidden = v >= 1 && v < threshold;
      EXPECT_EQ(c.suppressed, hidden) << "threshold " << threshold << ", count " << v;
      EXPECT_EQ(c.n, hidden ? 0 : v);
      EXPECT_EQ(c.text(threshold), hidden ? "< " + std::to_string(threshold) : std::to_string(v));
    }
  }
  // With threshold 10 the 9 criticism cases are hidden, with 3 the 3 recommendations are not.
  EXPECT_TRUE(published(MakeReport(10)).current.criticism_cases.suppressed);
  EXPECT_FALSE(published(MakeReport(3)).current.recommendations_issued.suppressed);
  EXPECT_EQ(published(MakeReport(3)).current.recommendations_issued.n, 3);
}

TEST(ReportPublishedTest, DurationsOfFewerThanThresholdCasesAreWithheld) {
  Report r = MakeReport();
  r.current.first_response = duration_stats({1, 2, 3, 30}, 10);  // 4 cases
  r.current.closing = duration_stats({5, 6, 7, 8, 40}, -1);      // 5 cases
  r.previous.first_response = duration_stats({}, 10);            // none
  const Report p = published(r);
  EXPECT_TRUE(p.current.first_response.suppressed);
  EXPECT_EQ(p.current.first_response.cases, 0);
  EXPECT_EQ(p.current.first_response.median, 0);
  EXPECT_EQ(p.current.first_response.p90, 0);
  EXPECT_EQ(p.current.first_response.within_target, 0);
  EXPECT_EQ(p.current.first_response.within_target_pct, 0);
  EXPECT_FALSE(p.current.closing.suppressed);
  EXPECT_EQ(p.current.closing.cases, 5);
  EXPECT_EQ(p.current.closing.median, 7);
  EXPECT_EQ(p.current.closing.p90, 40);
  EXPECT_FALSE(p.previous.first_response.suppressed);  // 0 cases is exact
  EXPECT_EQ(p.previous.first_response.cases, 0);
  // JSON: the cases as "< 5", the figures 0.
  json j = report_json(p);
  EXPECT_EQ(j["first_response"]["cases"], "< 5");
  EXPECT_EQ(j["first_response"]["median_working_days"], 0);
  EXPECT_EQ(j["first_response"]["p90_working_days"], 0);
  EXPECT_EQ(j["closing"]["cases"], 5);
  EXPECT_EQ(j["closing"]["median_working_days"], 7);
  EXPECT_EQ(j["previous_year"]["first_response"]["cases"], 0);
  // Threshold 10: the 5 closings are withheld as well.
  r.threshold = 10;
  EXPECT_TRUE(published(r).current.closing.suppressed);
  EXPECT_EQ(published(r).current.closing.cases, 0);
  EXPECT_EQ(published(r).current.closing.median, 0);
  EXPECT_EQ(report_json(published(r))["closing"]["cases"], "< 10");
  // Internal: exact.
  EXPECT_FALSE(r.current.first_response.suppressed);
  EXPECT_EQ(r.current.first_response.cases, 4);
  EXPECT_DOUBLE_EQ(r.current.first_response.median, 2.5);
  EXPECT_EQ(report_json(r)["first_response"]["cases"], 4);
}

TEST(ReportPublishedTest, ASmallWithinTargetCountIsWithheldWithItsPercentage) {
  Report r = MakeReport();
  // 20 answered, 3 of them within the target of 10 working days.
  std::vector<int> days(20, 15);
  days[0] = days[1] = days[2] = 2;
  r.current.first_response = duration_stats(days, 10);
  ASSERT_EQ(r.current.first_response.within_target, 3);
  ASSERT_DOUBLE_EQ(r.current.first_response.within_target_pct, 15.0);
  const Report p = published(r);
  const DurationStats& d = p.current.first_response;
  EXPECT_FALSE(d.suppressed);
  EXPECT_TRUE(d.within_suppressed);
  EXPECT_EQ(d.cases, 20);
  EXPECT_EQ(d.median, 15);
  EXPECT_EQ(d.within_target, 0);
  EXPECT_EQ(d.within_target_pct, 0);
  json j = report_json(p);
  EXPECT_EQ(j["first_response"]["cases"], 20);
  EXPECT_EQ(j["first_response"]["within_target"], "< 5");
  EXPECT_TRUE(j["first_response"]["within_target_pct"].is_null());
  // 0 within the target, or 5 and more, is exact.
  std::fill(days.begin(), days.end(), 15);
  r.current.first_response = duration_stats(days, 10);
  EXPECT_FALSE(published(r).current.first_response.within_suppressed);
  EXPECT_EQ(report_json(published(r))["first_response"]["within_target"], 0);
  EXPECT_EQ(report_json(published(r))["first_response"]["within_target_pct"], 0.0);
  days[0] = days[1] = days[2] = days[3] = days[4] = 1;
  r.current.first_response = duration_stats(days, 10);
  EXPECT_EQ(report_json(published(r))["first_response"]["within_target"], 5);
  EXPECT_EQ(report_json(published(r))["first_response"]["within_target_pct"], 25.0);
  // Internal: exact.
  r.current.first_response = duration_stats({2, 2, 2, 15, 15, 15, 15, 15}, 10);
  EXPECT_EQ(report_json(r)["first_response"]["within_target"], 3);
  EXPECT_EQ(report_json(r)["first_response"]["within_target_pct"], 37.5);
}

TEST(ReportPublishedTest, RejectionReasonsWithSuppressedCountsAreRemoved) {
  Report r = MakeReport();
  r.current.rejection_reasons.rows = {
      {"Uden for kompetence", "Uden for kompetence", n(12)},
      {"Borgeren Hans Hansen i Lilleby", "Borgeren Hans Hansen i Lilleby", n(1)},
      {"Politisk beslutning", "Politisk beslutning", n(5)},
      {"Nabostrid på Bakkevej 3", "Nabostrid på Bakkevej 3", n(4)}};
  const Report p = published(r);
  ASSERT_EQ(p.current.rejection_reasons.rows.size(), 2u);
  EXPECT_EQ(p.current.rejection_reasons.rows[0].key, "Uden for kompetence");
  EXPECT_EQ(p.current.rejection_reasons.rows[1].key, "Politisk beslutning");
  EXPECT_EQ(p.previous.rejection_reasons.rows.size(), 1u);
  // No output may name the withheld reasons.
  const std::string out = report_json(p).dump() + report_csv(p);
  EXPECT_EQ(out.find("Hans Hansen"), std::string::npos);
  EXPECT_EQ(out.find("Bakkevej"), std::string::npos);
  // Internal view keeps them.
  EXPECT_EQ(r.current.rejection_reasons.rows.size(), 4u);
  EXPECT_NE(report_csv(r).find("Hans Hansen"), std::string::npos);
}

TEST(ReportPublishedTest, ActivitiesAreNotSuppressed) {
  const Report p = published(MakeReport());
  ASSERT_EQ(p.current.activities.size(), 2u);
  EXPECT_EQ(p.current.activities[1].count, 1);
  EXPECT_EQ(p.current.activities[1].participants, 1);
}

TEST(ReportPercentTest, PercentAndChange) {
  EXPECT_EQ(percent(n(3), n(12)), 25.0);
  EXPECT_EQ(percent(n(2), n(3)), 66.7);
  EXPECT_EQ(percent(n(0), n(3)), 0.0);
  EXPECT_EQ(percent(n(3), n(0)), std::nullopt);
  EXPECT_EQ(change_percent(n(120), n(100)), 20.0);
  EXPECT_EQ(change_percent(n(80), n(100)), -20.0);
  EXPECT_EQ(change_percent(n(1), n(3)), -66.7);
  EXPECT_EQ(change_percent(n(0), n(7)), -100.0);
  EXPECT_EQ(change_percent(n(5), n(0)), std::nullopt);
}

TEST(ReportPercentTest, SuppressedCellsHaveNoPercentOrChange) {
  const Report p = published(MakeReport());
  const Cell& brev = RowOf(p.current.by_channel, "brev").count;  // 3 → "< 5"
  ASSERT_TRUE(brev.suppressed);
  EXPECT_EQ(percent(brev, p.current.cases_total), std::nullopt);
  EXPECT_EQ(percent(p.current.cases_total, brev), std::nullopt);
  EXPECT_EQ(change_percent(brev, RowOf(p.previous.by_channel, "telefon").count), std::nullopt);
  EXPECT_EQ(change_percent(RowOf(p.current.by_channel, "telefon").count, brev), std::nullopt);
  // Exact cells beside them still have theirs.
  EXPECT_EQ(percent(RowOf(p.current.by_channel, "telefon").count, p.current.cases_total), 50.0);
  EXPECT_EQ(change_percent(p.current.cases_total, p.previous.cases_total), 20.0);
}

// ---------------------------------------------------------------------------------------------
// JSON

TEST(ReportJsonTest, HasTheShapeOfTheIssue) {
  json j = report_json(MakeReport());
  for (const char* key :
       {"year", "cases_total", "by_month", "by_channel", "by_reason", "by_department", "by_outcome",
        "by_theme", "first_response", "recommendations", "activities", "previous_year"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j["year"], 2024);
  EXPECT_EQ(j["cases_total"], 120);
  EXPECT_EQ(j["published"], false);
  EXPECT_FALSE(j.contains("small_count_threshold"));
  ASSERT_TRUE(j["by_month"].is_object());
  EXPECT_EQ(j["by_month"].size(), 12u);
  EXPECT_EQ(j["by_month"]["2024-01"], 10);
  EXPECT_EQ(j["by_month"]["2024-02"], 4);
  EXPECT_EQ(j["by_month"]["2024-12"], 10);
  EXPECT_EQ(j["by_channel"]["telefon"], 60);
  EXPECT_EQ(j["by_channel"]["digital_post"], 22);
  const std::set<std::string> six = {"forstaa", "kontakt", "hjaelp", "hoert", "klage", "andet"};
  std::set<std::string> reasons;
  for (const auto& [k, v] : j["by_reason"].items()) {
    reasons.insert(k);
    EXPECT_TRUE(v.is_number_integer()) << k;
  }
  EXPECT_EQ(reasons, six);
  EXPECT_EQ(j["by_reason"]["forstaa"], 70);
  EXPECT_EQ(j["by_department"]["Teknik og Miljø"], 2);
  EXPECT_EQ(j["by_outcome"]["afvist"], 6);
  EXPECT_EQ(j["by_outcome"][""], 3);
  EXPECT_EQ(j["by_theme"]["partshoering"], 12);

  json& fr = j["first_response"];
  EXPECT_EQ(fr["median_working_days"], 3.0);
  EXPECT_EQ(fr["p90_working_days"], 9.0);
  EXPECT_EQ(fr["within_target_pct"], 90.0);
  EXPECT_EQ(fr["within_target"], 90);
  EXPECT_EQ(fr["cases"], 100);
  EXPECT_EQ(j["first_response_target_working_days"], 10);
  EXPECT_FALSE(j["closing"].contains("within_target_pct"));

  EXPECT_EQ(j["recommendations"]["issued"], 3);
  EXPECT_EQ(j["recommendations"]["by_status"]["afventer_svar"], 2);
  EXPECT_EQ(j["recommendations"]["by_status"]["fulgt"], 1);
  EXPECT_EQ(j["recommendations"]["items"].size(), 1u);
  EXPECT_EQ(j["recommendations"]["items"][0]["number"], "H-2024-01");
  EXPECT_EQ(j["activities"]["undervisning"]["count"], 2);
  EXPECT_EQ(j["activities"]["undervisning"]["participants"], 35);
  EXPECT_EQ(j["activities"]["undervisning"]["hours"], 2.5);
  EXPECT_EQ(j["activities"]["sparring"]["hours"], 0.75);
  EXPECT_EQ(j["rejected"]["total"], 6);
  EXPECT_EQ(j["criticism"]["cases"], 9);
  EXPECT_EQ(j["complaints"]["decided"], 8);

  json& prev = j["previous_year"];
  EXPECT_EQ(prev["year"], 2023);
  EXPECT_EQ(prev["cases_total"], 100);
  EXPECT_EQ(prev["by_month"]["2023-01"], 10);
  EXPECT_FALSE(prev.contains("previous_year"));
  EXPECT_FALSE(prev.contains("stories"));
  EXPECT_EQ(j["stories"].size(), 1u);
  EXPECT_EQ(j["stories"][0]["title"], "En sag om briller");
  EXPECT_EQ(j["foreword"], "Et år med mange henvendelser.");
}

TEST(ReportJsonTest, PublishedCountsAreTheStringLessThanThreshold) {
  json j = report_json(published(MakeReport()));
  EXPECT_EQ(j["published"], true);
  EXPECT_EQ(j["small_count_threshold"], 5);
  EXPECT_EQ(j["cases_total"], 120);
  EXPECT_EQ(j["by_month"]["2024-02"], "< 5");
  EXPECT_EQ(j["by_month"]["2024-01"], 10);
  EXPECT_EQ(j["by_channel"]["brev"], "< 5");
  EXPECT_EQ(j["by_channel"]["personligt"], 0);
  EXPECT_EQ(j["by_channel"]["webformular"], 5);
  EXPECT_EQ(j["by_reason"]["hoert"], "< 5");
  EXPECT_EQ(j["by_department"]["Teknik og Miljø"], "< 5");
  EXPECT_EQ(j["recommendations"]["issued"], "< 5");
  EXPECT_EQ(j["complaints"]["reversed"], "< 5");
  EXPECT_EQ(j["previous_year"]["by_channel"]["brev"], "< 5");
  // The withheld closing time (4 cases) shows no figures.
  EXPECT_EQ(j["closing"]["cases"], "< 5");
  EXPECT_EQ(j["closing"]["median_working_days"], 0);
  EXPECT_EQ(j["closing"]["p90_working_days"], 0);
  EXPECT_EQ(j["first_response"]["cases"], 100);
  // No suppressed count leaks as a number anywhere.
  std::function<void(const json&, const std::string&)> walk = [&](const json& v, const std::string& path) {
    if (v.is_string() && v.get<std::string>().starts_with("< ")) {
      EXPECT_EQ(v, "< 5") << path;
    }
    if (v.is_structured()) {
      for (const auto& [k, child] : v.items()) walk(child, path + "/" + k);
    }
  };
  walk(j, "");
  EXPECT_EQ(report_json(published(MakeReport(10)))["by_month"]["2024-02"], "< 10");
}

TEST(ReportJsonTest, FiguresJsonNamesThePeriodInsteadOfTheYear) {
  ReportFigures f = Figures(2024);
  f.period = {StatPeriod::Kind::kQuarter, Date(2024, 4, 1), Date(2024, 6, 30), "2024Q2"};
  f.department = "Ydelser";
  json j = figures_json(f);
  EXPECT_EQ(j["period"], "2024Q2");
  EXPECT_EQ(j["from"], "2024-04-01");
  EXPECT_EQ(j["to"], "2024-06-30");
  EXPECT_EQ(j["department"], "Ydelser");
  EXPECT_FALSE(j.contains("year"));
  EXPECT_EQ(j["cases_total"], 120);
  f.department = "";
  EXPECT_TRUE(figures_json(f)["department"].is_null());
}

// Regression: the statistics API showed suppressed counts as "< 5" whatever the office's
// threshold was.
TEST(ReportJsonTest, FiguresJsonShowsTheOfficesThreshold) {
  Report r = MakeReport(10);
  r.current.period = {StatPeriod::Kind::kQuarter, Date(2024, 4, 1), Date(2024, 6, 30), "2024Q2"};
  const Report p = published(r);
  json j = figures_json(p.current, p.threshold);
  EXPECT_EQ(j["by_channel"]["brev"], "< 10");
  EXPECT_EQ(j["criticism"]["cases"], "< 10");  // 9
  EXPECT_EQ(j["closing"]["cases"], "< 10");
  EXPECT_EQ(j["by_channel"]["telefon"], 60);
}

// ---------------------------------------------------------------------------------------------
// CSV

std::vector<std::string> Lines(const std::string& csv) {
  std::vector<std::string> out;
  size_t start = 0;
  // Records end in CRLF; a quoted field may hold a bare line break, so split on CRLF outside quotes.
  bool quoted = false;
  for (size_t i = 0; i < csv.size(); ++i) {
    if (csv[i] == '"') quoted = !quoted;
    if (!quoted && csv[i] == '\r' && i + 1 < csv.size() && csv[i + 1] == '\n') {
      out.push_back(csv.substr(start, i - start));
      start = i + 2;
      ++i;
    }
  }
  EXPECT_EQ(start, csv.size()) << "the last record must end in CRLF";
  return out;
}

TEST(ReportCsvTest, HeaderLineAndCrlf) {
  const std::string csv = report_csv(MakeReport());
  ASSERT_TRUE(csv.starts_with("table,key,label,count,previous\r\n"));
  ASSERT_TRUE(csv.ends_with("\r\n"));
  // Every line break is part of a CRLF.
  for (size_t i = 0; i < csv.size(); ++i) {
    if (csv[i] == '\n') {
      ASSERT_GT(i, 0u);
      EXPECT_EQ(csv[i - 1], '\r') << "bare LF at " << i;
    }
  }
  const auto lines = Lines(csv);
  EXPECT_EQ(lines[1], "cases_total,cases_total,,120,100");
  EXPECT_NE(std::find(lines.begin(), lines.end(), "by_channel,telefon,label telefon,60,60"), lines.end());
  // Months pair with the same month of the year before.
  EXPECT_NE(std::find(lines.begin(), lines.end(), "by_month,2024-02,måned 2,4,4"), lines.end());
  EXPECT_NE(std::find(lines.begin(), lines.end(), "rejected,rejected,,6,6"), lines.end());
  EXPECT_NE(std::find(lines.begin(), lines.end(), "complaints,reversed,,3,3"), lines.end());
  // Every record has five fields.
  for (const auto& l : lines) {
    if (l.find('"') != std::string::npos) continue;
    EXPECT_EQ(std::count(l.begin(), l.end(), ','), 4) << l;
  }
}

TEST(ReportCsvTest, QuotesCommasQuotesAndLineBreaksInLabels) {
  Report r = MakeReport();
  r.current.by_department.rows = {{"Sundhed, Omsorg", "Sundhed, Omsorg", n(7)},
                                  {"Den \"nye\" forvaltning", "Den \"nye\" forvaltning", n(6)},
                                  {"To\nlinjer", "To\r\nlinjer", n(5)},
                                  {"Plain", "Plain", n(9)}};
  const std::string csv = report_csv(r);
  EXPECT_NE(csv.find("by_department,\"Sundhed, Omsorg\",\"Sundhed, Omsorg\",7,\r\n"), std::string::npos)
      << csv;
  EXPECT_NE(csv.find("by_department,\"Den \"\"nye\"\" forvaltning\",\"Den \"\"nye\"\" forvaltning\",6,\r\n"),
            std::string::npos);
  EXPECT_NE(csv.find("by_department,\"To\nlinjer\",\"To\r\nlinjer\",5,\r\n"), std::string::npos);
  EXPECT_NE(csv.find("by_department,Plain,Plain,9,\r\n"), std::string::npos);
  // A small RFC 4180 reader gets the fields back.
  auto parse = [](const std::string& text) {
    std::vector<std::vector<std::string>> records(1, std::vector<std::string>(1));
    bool quoted = false;
    for (size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      if (quoted) {
        if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
          records.back().back() += '"';
          ++i;
        } else if (c == '"') {
          quoted = false;
        } else {
          records.back().back() += c;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        records.back().emplace_back();
      } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
        records.emplace_back(1);
        ++i;
      } else {
        records.back().back() += c;
      }
    }
    if (records.back().size() == 1 && records.back()[0].empty()) records.pop_back();
    return records;
  };
  const auto records = parse(csv);
  std::vector<std::vector<std::string>> deps;
  for (const auto& rec : records) {
    EXPECT_EQ(rec.size(), 5u);
    if (!rec.empty() && rec[0] == "by_department") deps.push_back(rec);
  }
  ASSERT_EQ(deps.size(), 4u);
  EXPECT_EQ(deps[0][1], "Sundhed, Omsorg");
  EXPECT_EQ(deps[1][1], "Den \"nye\" forvaltning");
  EXPECT_EQ(deps[2][1], "To\nlinjer");
  EXPECT_EQ(deps[2][2], "To\r\nlinjer");
  EXPECT_EQ(deps[3][3], "9");
  EXPECT_EQ(deps[3][4], "");  // not in the previous year
}

TEST(ReportCsvTest, PublishedCsvShowsLessThanThreshold) {
  const std::string csv = report_csv(published(MakeReport()));
  const auto lines = Lines(csv);
  EXPECT_NE(std::find(lines.begin(), lines.end(), "by_channel,brev,label brev,< 5,< 5"), lines.end());
  EXPECT_NE(std::find(lines.begin(), lines.end(), "by_month,2024-02,måned 2,< 5,< 5"), lines.end());
  EXPECT_NE(std::find(lines.begin(), lines.end(), "recommendations,issued,,< 5,< 5"), lines.end());
  EXPECT_NE(std::find(lines.begin(), lines.end(), "by_channel,webformular,label webformular,5,5"),
            lines.end());
}

}  // namespace
}  // namespace bb
