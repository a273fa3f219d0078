#include "domain/systemic.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace bb {
namespace {

Date D(const char* iso) { return *Date::parse_iso(iso); }

const MunicipalitySettings& Settings() {
  static const MunicipalitySettings s = default_settings("Testrup");
  return s;
}

const DeadlineRules& Rules() {
  static const DeadlineRules rules = [] {
    std::ifstream in(std::string(BB_SOURCE_DIR) + "/data/complaint_deadlines.json");
    std::stringstream s;
    s << in.rdbuf();
    return DeadlineRules::parse_json(s.str()).value();
  }();
  return rules;
}

RecommendationInput GoodRecommendation() {
  RecommendationInput in;
  in.title = "Partshøring før afgørelser om hjælpemidler";
  in.text = "Borgerrådgiveren henstiller, at forvaltningen partshører før afgørelsen.";
  in.departments = {"Jobcenter", "Ydelser"};
  in.case_ids = {"12", "7", "12"};
  in.issued = "2024-03-14";
  return in;
}

TEST(RecommendationRules, DefaultsResponseDueToTwentyWorkingDaysAfterIssue) {
  auto r = validate_recommendation(GoodRecommendation(), Settings(), D("2024-06-01"));
  ASSERT_TRUE(r) << r.error().message;
  // 14 March 2024 + 20 working days passes Easter (28 March – 1 April): 16 April.
  EXPECT_EQ(r->response_due, D("2024-04-16"));
  EXPECT_EQ(r->status, RecommendationStatus::kAfventerSvar);
  EXPECT_EQ(r->case_ids, (std::vector<int64_t>{12, 7}));  // duplicates dropped, order kept
  EXPECT_EQ(r->departments.size(), 2u);
}

TEST(RecommendationRules, IssuedDefaultsToToday) {
  auto in = GoodRecommendation();
  in.issued = "";
  auto r = validate_recommendation(in, Settings(), D("2024-06-03"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->issued, D("2024-06-03"));
}

TEST(RecommendationRules, ReportsEveryBadFieldAtOnce) {
  RecommendationInput in;
  in.departments = {"Ukendt forvaltning"};
  in.case_ids = {"abc"};
  in.issued = "2024-13-01";
  in.status = "maaske";
  auto r = validate_recommendation(in, Settings(), D("2024-06-01"));
  ASSERT_FALSE(r);
  const auto& f = r.error().fields;
  EXPECT_EQ(f.at("title"), "field.required");
  EXPECT_EQ(f.at("text"), "field.required");
  EXPECT_EQ(f.at("departments"), "case.department_unknown");
  EXPECT_EQ(f.at("case_ids"), "field.id_list");
  EXPECT_EQ(f.at("issued"), "field.date");
  EXPECT_EQ(f.at("status"), "field.unknown_code");
}

TEST(RecommendationRules, AnsweredStatusNeedsTheResponse) {
  auto in = GoodRecommendation();
  in.status = "delvist_fulgt";
  auto r = validate_recommendation(in, Settings(), D("2024-06-01"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields.at("response_text"), "recommendation.status_needs_response");
  EXPECT_EQ(r.error().fields.at("response_date"), "recommendation.status_needs_response");

  in.response_text = "Forvaltningen vil partshøre i sager om hjælpemidler, men ikke i alle.";
  in.response_date = "2024-04-10";
  r = validate_recommendation(in, Settings(), D("2024-06-01"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, RecommendationStatus::kDelvistFulgt);
}

TEST(RecommendationRules, DatesMustFollowTheIssue) {
  auto in = GoodRecommendation();
  in.response_due = "2024-03-01";
  in.response_date = "2024-03-02";
  in.follow_up_date = "2024-01-01";
  auto r = validate_recommendation(in, Settings(), D("2024-06-01"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields.at("response_due"), "recommendation.due_before_issued");
  EXPECT_EQ(r.error().fields.at("response_date"), "recommendation.before_issued");
  EXPECT_EQ(r.error().fields.at("follow_up_date"), "recommendation.before_issued");
}

TEST(RecommendationRules, ResponseDateCannotBeInTheFuture) {
  auto in = GoodRecommendation();
  in.response_date = "2024-07-01";
  auto r = validate_recommendation(in, Settings(), D("2024-06-01"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields.at("response_date"), "field.date_future");
}

TEST(RecommendationRules, RoundTripsThroughInputAndDiffNamesChangedFields) {
  auto a = validate_recommendation(GoodRecommendation(), Settings(), D("2024-06-01")).value();
  auto again = validate_recommendation(to_input(a), Settings(), D("2024-06-01")).value();
  EXPECT_TRUE(diff(a, again).empty());

  auto in = to_input(a);
  in.status = "delvist_fulgt";
  in.response_text = "Delvist fulgt.";
  in.response_date = "2024-04-02";
  auto b = validate_recommendation(in, Settings(), D("2024-06-01")).value();
  auto changes = diff(a, b);
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].field, "response_text");
  EXPECT_EQ(changes[1].field, "response_date");
  EXPECT_EQ(changes[1].after, "2024-04-02");
  EXPECT_EQ(changes[2].field, "status");
  EXPECT_EQ(changes[2].before, "afventer_svar");
  EXPECT_EQ(changes[2].after, "delvist_fulgt");
}

TEST(RecommendationRules, OverdueAndFollowUp) {
  auto r = validate_recommendation(GoodRecommendation(), Settings(), D("2024-06-01")).value();
  EXPECT_FALSE(r.overdue(D("2024-04-16")));
  EXPECT_TRUE(r.overdue(D("2024-04-17")));
  r.status = RecommendationStatus::kFulgt;
  EXPECT_FALSE(r.overdue(D("2024-04-17")));
  EXPECT_FALSE(r.follow_up_due(D("2024-09-01")));
  r.follow_up_date = D("2024-09-01");
  EXPECT_TRUE(r.follow_up_due(D("2024-09-01")));
  r.status = RecommendationStatus::kBortfaldet;
  EXPECT_FALSE(r.follow_up_due(D("2024-09-01")));
}

TEST(InvestigationRules, ConcludingNeedsFindingsAndConclusion) {
  InvestigationInput in;
  in.topic = "Partshøring i Jobcentret";
  in.departments = {"Jobcenter"};
  in.period_from = "2024-01-01";
  in.period_to = "2024-06-30";
  in.method = "Gennemgang af 20 sager";
  in.signals = {"2024Q2:theme:Jobcenter:partshoering", ""};
  in.status = "afsluttet";
  auto r = validate_investigation(in, Settings(), D("2024-08-01"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields.at("findings"), "investigation.close_needs_findings");
  EXPECT_EQ(r.error().fields.at("conclusion"), "investigation.close_needs_conclusion");
  in.findings = "I 11 af 20 sager manglede partshøring.";
  in.conclusion = "Praksis skal ændres.";
  auto ok = validate_investigation(in, Settings(), D("2024-08-01"));
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->signals.size(), 1u);
  EXPECT_EQ(ok->started, D("2024-08-01"));
  EXPECT_TRUE(diff(*ok, validate_investigation(to_input(*ok), Settings(), D("2024-08-01")).value()).empty());
}

TEST(InvestigationRules, PeriodMustNotRunBackwards) {
  InvestigationInput in;
  in.topic = "Sagsbehandlingstider";
  in.period_from = "2024-06-01";
  in.period_to = "2024-01-01";
  auto r = validate_investigation(in, Settings(), D("2024-08-01"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields.at("period_to"), "period.reversed");
}

TEST(ActivityRules, ParsesDanishDecimalHours) {
  ActivityInput in{"2024-05-02", "undervisning", "Jobcenter", "Partshøring i praksis", "18", "1,5"};
  auto a = validate_activity(in, Settings(), D("2024-05-01"));
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->minutes, 90);
  EXPECT_EQ(a->participants, 18);
  EXPECT_EQ(hours_text(a->minutes), "1,5");
  EXPECT_EQ(hours_text(100), "1,67");
  EXPECT_EQ(hours_text(120), "2");
  EXPECT_EQ(to_input(*a).hours, "1,5");
}

TEST(ActivityRules, RefusesBadNumbersAndKinds) {
  ActivityInput in{"2024-05-02", "kursus", "Ukendt", "", "-3", "0"};
  auto a = validate_activity(in, Settings(), D("2024-05-01"));
  ASSERT_FALSE(a);
  const auto& f = a.error().fields;
  EXPECT_EQ(f.at("kind"), "field.unknown_code");
  EXPECT_EQ(f.at("department"), "case.department_unknown");
  EXPECT_EQ(f.at("topic"), "field.required");
  EXPECT_EQ(f.at("participants"), "activity.participants_invalid");
  EXPECT_EQ(f.at("hours"), "activity.hours_invalid");
}

ComplaintInput GoodComplaint() {
  ComplaintInput in;
  in.department = "Voksen og Handicap";
  in.area = "social";
  in.decision_date = "2024-03-01";
  in.decision_received = "2024-03-04";
  in.sent = "2024-03-20";
  return in;
}

TEST(ComplaintRules, ComputesTheDeadlineAndWhetherTheComplaintWasLate) {
  auto c = validate_complaint(GoodComplaint(), Rules(), Settings(), D("2024-06-01"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->body, "Ankestyrelsen");  // the area's body by default
  ASSERT_TRUE(c->deadline);
  // 4 weeks from 4 March is Monday 1 April 2024, 2. påskedag: moves to 2 April.
  EXPECT_EQ(*c->deadline, D("2024-04-02"));
  EXPECT_EQ(c->late(), std::optional<bool>(false));
}

TEST(ComplaintRules, LateWhenSentAfterTheDeadline) {
  auto in = GoodComplaint();
  in.decision_received = "2024-01-08";
  in.decision_date = "2024-01-05";
  in.sent = "2024-02-06";  // deadline: 4 weeks from 8 January = 5 February
  auto c = validate_complaint(in, Rules(), Settings(), D("2024-06-01")).value();
  EXPECT_EQ(*c.deadline, D("2024-02-05"));
  EXPECT_EQ(c.late(), std::optional<bool>(true));
  in.sent = "2024-02-05";
  EXPECT_EQ(validate_complaint(in, Rules(), Settings(), D("2024-06-01"))->late(), std::optional<bool>(false));
}

TEST(ComplaintRules, ResultNeedsDateAndSentComplaintAndDatesInOrder) {
  auto in = GoodComplaint();
  in.sent = "";
  in.result = "hjemvist";
  in.genvurdering = "fastholdt";
  auto c = validate_complaint(in, Rules(), Settings(), D("2024-06-01"));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().fields.at("result_date"), "complaint.result_needs_date");
  EXPECT_EQ(c.error().fields.at("sent"), "complaint.result_needs_sent");
  EXPECT_EQ(c.error().fields.at("genvurdering_date"), "complaint.genvurdering_needs_date");

  in = GoodComplaint();
  in.genvurdering = "fastholdt";
  in.genvurdering_date = "2024-03-10";  // before the complaint was sent
  c = validate_complaint(in, Rules(), Settings(), D("2024-06-01"));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().fields.at("genvurdering_date"), "complaint.date_order");
}

TEST(ComplaintRules, DecidedAndReversed) {
  auto in = GoodComplaint();
  in.genvurdering = "fastholdt";
  in.genvurdering_date = "2024-04-02";
  in.result = "hjemvist";
  in.result_date = "2024-05-15";
  auto c = validate_complaint(in, Rules(), Settings(), D("2024-06-01")).value();
  EXPECT_TRUE(c.decided());
  EXPECT_TRUE(c.reversed());
  c.result = ComplaintResult::kStadfaestet;
  EXPECT_TRUE(c.decided());
  EXPECT_FALSE(c.reversed());
  c.result = ComplaintResult::kTilbagekaldt;
  EXPECT_FALSE(c.decided());
  EXPECT_FALSE(c.reversed());
  auto again = validate_complaint(to_input(*validate_complaint(in, Rules(), Settings(), D("2024-06-01"))),
                                  Rules(), Settings(), D("2024-06-01"));
  EXPECT_TRUE(again);
}

TEST(ComplaintRules, UnknownAreaAndDepartment) {
  auto in = GoodComplaint();
  in.area = "maane";
  in.department = "";
  auto c = validate_complaint(in, Rules(), Settings(), D("2024-06-01"));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().fields.at("area"), "field.unknown_code");
  EXPECT_EQ(c.error().fields.at("department"), "field.required");
}

}  // namespace
}  // namespace bb

namespace bb {
namespace {

// Regression: the edit form lists departments in the settings' order, which recorded a
// "departments" change whenever they had been stored in another order.
TEST(RecommendationRules, DepartmentsInAnotherOrderAreNoChange) {
  auto in = GoodRecommendation();
  auto a = validate_recommendation(in, Settings(), D("2024-06-01")).value();
  std::reverse(in.departments.begin(), in.departments.end());
  auto b = validate_recommendation(in, Settings(), D("2024-06-01")).value();
  EXPECT_TRUE(diff(a, b).empty());
  in.departments = {"Jobcenter"};
  auto c = validate_recommendation(in, Settings(), D("2024-06-01")).value();
  ASSERT_EQ(diff(a, c).size(), 1u);
  EXPECT_EQ(diff(a, c)[0].field, "departments");
}

}  // namespace
}  // namespace bb
