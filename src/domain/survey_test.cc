#include "domain/survey.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/csv.h"
#include "domain/survey_csv.h"

namespace bb {
namespace {

std::vector<Questionnaire> builtin() {
  std::ifstream in(std::string(BB_SOURCE_DIR) + "/data/questionnaires.json");
  std::stringstream s;
  s << in.rdbuf();
  return parse_questionnaires(s.str());
}

const Questionnaire& find(const std::vector<Questionnaire>& all, const std::string& code) {
  for (const auto& q : all) {
    if (q.code == code) return q;
  }
  throw std::runtime_error("no questionnaire " + code);
}

// n respondents answering `question` with `code`.
void add(SurveyTally& t, const std::string& group, const std::string& question, const std::string& code, int n,
         QuestionType type = QuestionType::kLikert) {
  for (int i = 0; i < n; ++i) {
    Response r;
    r.group = group;
    r.answers.push_back({question, type, {code}});
    t.add(r);
  }
}

SurveyLabels labels(const std::vector<Questionnaire>& qs) {
  SurveyLabels l;
  l.questionnaires = qs;
  for (const char* c : kLikertCodes) l.likert[c] = std::string("L") + c;
  return l;
}

const QuestionResult& question(const GroupResult& g, const std::string& id) {
  for (const auto& q : g.questions) {
    if (q.id == id) return q;
  }
  throw std::runtime_error("no question " + id);
}

double share(const QuestionResult& q, const std::string& code) {
  for (const auto& s : q.shares) {
    if (s.code == code) return s.percent;
  }
  return -1;
}

TEST(SurveyTest, BuiltInQuestionnairesHaveTheFixedIds) {
  const auto qs = builtin();
  const auto& b = find(qs, "borger");
  for (const char* id : {"B_REASON", "B_GUIDANCE", "B_SOLUTION", "B_DIALOGUE", "B_RECOMMEND", "B_COMMENT"}) {
    EXPECT_NE(b.question(id), nullptr) << id;
  }
  EXPECT_EQ(b.question("B_REASON")->type, QuestionType::kMulti);
  EXPECT_EQ(b.question("B_REASON")->options.size(), 6u);
  const auto& a = find(qs, "ansat");
  for (const char* id : {"A_DIALOGUE", "A_EXPERIENCE", "A_KNOWLEDGE", "A_LEARNING", "A_COMMENT"}) {
    EXPECT_NE(a.question(id), nullptr) << id;
  }
}

TEST(SurveyTest, PercentRoundsHalfAwayFromZeroInIntegers) {
  EXPECT_DOUBLE_EQ(percent_one_decimal(41, 47), 87.2);
  EXPECT_DOUBLE_EQ(percent_one_decimal(36, 47), 76.6);
  EXPECT_DOUBLE_EQ(percent_one_decimal(1, 8), 12.5);     // exact
  EXPECT_DOUBLE_EQ(percent_one_decimal(1, 16), 6.3);     // 6.25 rounds up
  EXPECT_DOUBLE_EQ(percent_one_decimal(1, 2000), 0.1);   // 0.05 rounds up
  EXPECT_DOUBLE_EQ(percent_one_decimal(1, 2001), 0.0);
  EXPECT_DOUBLE_EQ(percent_one_decimal(-1, 16), -6.3);
  EXPECT_DOUBLE_EQ(percent_one_decimal(3, 0), 0.0);
}

// The 2024 national survey's citizens (47) on B_GUIDANCE: 76.6 % meget enig, 14.9 % enig.
TEST(SurveyTest, NationalSurveyGuidanceShares) {
  const auto qs = builtin();
  SurveyTally t;
  add(t, "borger", "B_GUIDANCE", "5", 36);
  add(t, "borger", "B_GUIDANCE", "4", 7);
  add(t, "borger", "B_GUIDANCE", "3", 2);
  add(t, "borger", "B_GUIDANCE", "2", 1);
  add(t, "borger", "B_GUIDANCE", "1", 1);
  const auto groups = group_results(t, labels(qs));
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].respondents, 47);
  const auto& q = question(groups[0], "B_GUIDANCE");
  EXPECT_EQ(q.answered, 47);
  EXPECT_DOUBLE_EQ(share(q, "5"), 76.6);
  EXPECT_DOUBLE_EQ(share(q, "4"), 14.9);
  EXPECT_DOUBLE_EQ(share(q, "3"), 4.3);
  EXPECT_DOUBLE_EQ(share(q, "2"), 2.1);
  EXPECT_DOUBLE_EQ(share(q, "1"), 2.1);
  EXPECT_DOUBLE_EQ(share(q, "0"), 0.0);
  EXPECT_DOUBLE_EQ(*q.agree_percent, 91.5);
  // Questions nobody answered are still listed, with no answers.
  EXPECT_EQ(question(groups[0], "B_SOLUTION").answered, 0);
}

// 31 meget enig (66.0 %) and 10 enig (21.3 %) of 47: the rounded shares add to 87.3, the
// agreeing share from the counts is 41/47 = 87.2 %.
TEST(SurveyTest, AgreeShareIsComputedFromCountsNotRoundedShares) {
  SurveyTally t;
  add(t, "borger", "B_DIALOGUE", "5", 31);
  add(t, "borger", "B_DIALOGUE", "4", 10);
  add(t, "borger", "B_DIALOGUE", "3", 6);
  const auto g = group_results(t, labels(builtin()));
  const auto& q = question(g[0], "B_DIALOGUE");
  EXPECT_DOUBLE_EQ(share(q, "5") + share(q, "4"), 87.3);
  EXPECT_DOUBLE_EQ(*q.agree_percent, 87.2);
}

TEST(SurveyTest, DontKnowCountsAsAnswerAndEmptyDoesNot) {
  SurveyTally t;
  add(t, "ansat", "A_DIALOGUE", "5", 3);
  add(t, "ansat", "A_DIALOGUE", "0", 1);
  Response blank;
  blank.group = "ansat";
  t.add(blank);  // answered nothing
  const auto g = group_results(t, labels(builtin()));
  EXPECT_EQ(g[0].respondents, 5);
  const auto& q = question(g[0], "A_DIALOGUE");
  EXPECT_EQ(q.answered, 4);
  EXPECT_DOUBLE_EQ(*q.agree_percent, 75.0);
  EXPECT_DOUBLE_EQ(share(q, "0"), 25.0);
}

TEST(SurveyTest, MultipleChoicePercentOfThoseWhoAnswered) {
  SurveyTally t;
  Response r1{"borger", "X", Date(2024, 1, 5), "web", "", {{"B_REASON", QuestionType::kMulti, {"klage", "forstaa"}}}};
  Response r2{"borger", "X", Date(2024, 1, 5), "web", "", {{"B_REASON", QuestionType::kMulti, {"klage"}}}};
  Response r3{"borger", "X", Date(2024, 1, 5), "web", "", {}};
  t.add(r1);
  t.add(r2);
  t.add(r3);
  const auto g = group_results(t, labels(builtin()));
  const auto& q = question(g[0], "B_REASON");
  EXPECT_EQ(q.answered, 2);
  EXPECT_DOUBLE_EQ(share(q, "klage"), 100.0);
  EXPECT_DOUBLE_EQ(share(q, "forstaa"), 50.0);
  EXPECT_DOUBLE_EQ(share(q, "hjaelp"), 0.0);
  EXPECT_FALSE(q.agree_percent.has_value());
  // The six options, in the questionnaire's order.
  ASSERT_EQ(q.shares.size(), 6u);
  EXPECT_EQ(q.shares[0].code, "forstaa");
}

TEST(SurveyTest, TextAnswersAreCountedNeverTallied) {
  SurveyTally t;
  Response r{"borger", "X", Date(2024, 1, 5), "web", "", {{"B_COMMENT", QuestionType::kText, {"Hun var sød"}}}};
  t.add(r);
  const auto& q = t.groups["borger"].questions["B_COMMENT"];
  EXPECT_EQ(q.answered, 1);
  EXPECT_TRUE(q.counts.empty());
}

TEST(SurveyTest, MergedTalliesEqualOneTally) {
  SurveyTally a, b, all;
  add(a, "borger", "B_GUIDANCE", "5", 3);
  add(all, "borger", "B_GUIDANCE", "5", 3);
  add(b, "borger", "B_GUIDANCE", "5", 2);
  add(b, "ansat", "A_LEARNING", "2", 4);
  add(all, "borger", "B_GUIDANCE", "5", 2);
  add(all, "ansat", "A_LEARNING", "2", 4);
  SurveyTally merged = a;
  merged.merge(b);
  EXPECT_EQ(tally_to_json(merged), tally_to_json(all));
  EXPECT_EQ(tally_to_json(tally_from_json(tally_to_json(all))), tally_to_json(all));
  EXPECT_EQ(merged.respondents(), 9);
}

TEST(SurveyTest, TallyFromJsonRefusesNonsense) {
  EXPECT_THROW(tally_from_json("[]"), std::runtime_error);
  EXPECT_THROW(tally_from_json(R"({"groups":{"borger":{"respondents":-1}}})"), std::runtime_error);
  EXPECT_THROW(tally_from_json(R"({"groups":{"borger":{"respondents":2,"questions":{"B_GUIDANCE":{"answered":3}}}}})"),
               std::runtime_error);
  EXPECT_THROW(tally_from_json(R"({"groups":{"Borger!":{"respondents":2}}})"), std::runtime_error);
}

TEST(SurveyTest, BreakdownHidesSmallGroupsButTotalsKeepThem) {
  SurveyTally big, small, total;
  add(big, "borger", "B_GUIDANCE", "5", 6);
  add(small, "borger", "B_GUIDANCE", "1", 3);
  total.merge(big);
  total.merge(small);
  const auto r = survey_results(total, "municipality", {{"Stor", big}, {"Lille", small}}, {}, labels(builtin()), 5);
  ASSERT_EQ(r.groups.size(), 1u);
  EXPECT_EQ(r.groups[0].respondents, 9);
  ASSERT_EQ(r.breakdown.size(), 2u);
  const auto& lille = r.breakdown[0];
  EXPECT_EQ(lille.name, "Lille");
  EXPECT_TRUE(lille.suppressed);
  EXPECT_TRUE(lille.groups.empty());
  EXPECT_FALSE(r.breakdown[1].suppressed);
  const std::string json = survey_results_json(r);
  EXPECT_NE(json.find("\"suppressed\": true"), std::string::npos);
  // Nothing of the small municipality's answers is in the output: only its name.
  EXPECT_EQ(json.find("\"respondents\": 3"), std::string::npos);
}

TEST(SurveyTest, ValidateAnswersNamesTheQuestion) {
  const auto qs = builtin();
  const auto& b = find(qs, "borger");
  auto ok = validate_answers(b, {{"B_GUIDANCE", {"5"}}, {"B_REASON", {"klage", "hjaelp"}}, {"B_COMMENT", {""}}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->size(), 2u);  // the empty comment is "not answered"
  auto bad = validate_answers(b, {{"B_GUIDANCE", {"6"}}, {"B_REASON", {"klage", "klage"}}, {"B_SOLUTION", {"4", "5"}},
                                  {"B_NOPE", {"1"}}});
  ASSERT_FALSE(bad);
  const auto& f = bad.error().fields;
  EXPECT_EQ(f.at("B_GUIDANCE"), "survey.likert_invalid");
  EXPECT_EQ(f.at("B_REASON"), "survey.option_unknown");
  EXPECT_EQ(f.at("B_SOLUTION"), "survey.one_answer_only");
  EXPECT_EQ(f.at("B_NOPE"), "survey.unknown_question");
}

TEST(SurveyTest, CustomQuestionnaireRules) {
  Questionnaire q;
  q.code = "borger";
  q.title = "";
  q.questions.push_back({"bad id", QuestionType::kSingle, "", "", {{"a", "A", ""}}});
  auto st = validate_questionnaire(q);
  ASSERT_FALSE(st);
  const auto& f = st.error().fields;
  EXPECT_TRUE(f.count("code"));
  EXPECT_TRUE(f.count("title"));
  EXPECT_TRUE(f.count("questions[0].id"));
  EXPECT_TRUE(f.count("questions[0].text"));
  EXPECT_TRUE(f.count("questions[0].options"));
  Questionnaire good;
  good.code = "kursus";
  good.title = "Kursusevaluering";
  good.questions.push_back({"K_USEFUL", QuestionType::kLikert, "Kurset var nyttigt", "", {}});
  good.questions.push_back({"K_ROLE", QuestionType::kSingle, "Jeg er", "", {{"leder", "Leder", ""}, {"medarb", "Medarbejder", ""}}});
  EXPECT_TRUE(validate_questionnaire(good));
  EXPECT_EQ(questionnaire_to_json(questionnaire_from_json(questionnaire_to_json(good))), questionnaire_to_json(good));
}

// --- CSV ---------------------------------------------------------------------------------------

TEST(CsvTest, Rfc4180QuotingAndLineEndings) {
  const auto p = parse_csv("\xEF\xBB\xBF" "a,b,c\r\n1,\"x, \"\"y\"\"\",\r\n\n2,\"multi\nline\",z\n");
  ASSERT_FALSE(p.problem);
  ASSERT_EQ(p.records.size(), 3u);
  EXPECT_EQ(p.records[0].fields, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(p.records[1].fields, (std::vector<std::string>{"1", "x, \"y\"", ""}));
  EXPECT_EQ(p.records[2].line, 4);
  EXPECT_EQ(p.records[2].fields[1], "multi\nline");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("plain"), "plain");
}

TEST(CsvTest, ProblemsNameTheLine) {
  auto p = parse_csv("a,b\n1,\"open\n2,3\n");
  ASSERT_TRUE(p.problem);
  EXPECT_EQ(p.problem->first, 2);
  EXPECT_EQ(p.problem->second, "csv.unclosed_quote");
  p = parse_csv("a,b\n\"x\"y,2\n");
  ASSERT_TRUE(p.problem);
  EXPECT_EQ(p.problem->second, "csv.text_after_quote");
  p = parse_csv("a,b\nok,1\n\xff\xfe,2\n");
  ASSERT_TRUE(p.problem);
  EXPECT_EQ(p.problem->first, 3);
  EXPECT_EQ(p.problem->second, "csv.invalid_utf8");
}

// Found by fuzzing (docs/FUZZING.md): after a quoted field, a lone CR was taken for CRLF and
// the byte after it skipped, which cut "æ" in half and left invalid UTF-8 in a field.
TEST(CsvTest, LoneCrAfterAQuotedFieldKeepsTheNextByte) {
  const auto p = parse_csv("\"a\"\r\xC3\xA6,b\n");
  ASSERT_FALSE(p.problem);
  ASSERT_EQ(p.records.size(), 2u);
  EXPECT_EQ(p.records[0].fields, (std::vector<std::string>{"a"}));
  EXPECT_EQ(p.records[1].fields, (std::vector<std::string>{"\xC3\xA6", "b"}));
}

TEST(SurveyCsvTest, ImportsValidFile) {
  const auto qs = builtin();
  const std::string csv =
      "respondent_id,group,municipality,B_REASON,B_GUIDANCE,B_COMMENT,A_DIALOGUE\n"
      "1,borger,Holstebro,klage; forstaa ,5 ,\"Tak, det hjalp\",\n"
      "2,borger,Holstebro,,0,,\n"
      "1,ansat,Holstebro,,,,4\n";
  const auto r = parse_survey_csv(csv, qs, Date(2024, 2, 1));
  ASSERT_TRUE(r.problems.empty()) << r.problems.front().line << " " << r.problems.front().message;
  ASSERT_EQ(r.responses.size(), 3u);
  EXPECT_EQ(r.responses[0].answers.size(), 3u);
  EXPECT_EQ(r.responses[1].answers.size(), 1u);
  EXPECT_EQ(r.responses[2].group, "ansat");
  EXPECT_EQ(r.responses[0].source, "import");
  SurveyTally t;
  for (const auto& x : r.responses) t.add(x);
  EXPECT_EQ(t.groups["borger"].questions["B_REASON"].counts["klage"], 1);
  EXPECT_EQ(t.groups["borger"].questions["B_GUIDANCE"].answered, 2);
}

TEST(SurveyCsvTest, EveryBadLineIsReportedAndNothingReturned) {
  const auto qs = builtin();
  const std::string csv =
      "respondent_id,group,municipality,B_GUIDANCE,A_DIALOGUE\n"
      "1,borger,Holstebro,5,\n"
      "2,borger,Holstebro,7,\n"       // line 3: Likert out of range
      "3,kunde,Holstebro,5,\n"        // line 4: unknown group
      "4,borger,Holstebro,5,3\n"      // line 5: A_DIALOGUE is not in borger
      "1,borger,Holstebro,4,\n"       // line 6: duplicate respondent
      "5,borger,,4,\n"                // line 7: municipality missing
      "6,borger,Holstebro\n";         // line 8: too few fields
  const auto r = parse_survey_csv(csv, qs, Date(2024, 2, 1));
  EXPECT_TRUE(r.responses.empty());
  std::map<int, std::string> by_line;
  for (const auto& p : r.problems) by_line[p.line] = p.message;
  EXPECT_EQ(by_line[3], "survey.likert_invalid");
  EXPECT_EQ(by_line[4], "survey.csv.unknown_group");
  EXPECT_EQ(by_line[5], "survey.csv.not_in_group");
  EXPECT_EQ(by_line[6], "survey.csv.duplicate_respondent");
  EXPECT_EQ(by_line[7], "field.required");
  EXPECT_EQ(by_line[8], "survey.csv.column_count");
  EXPECT_FALSE(by_line.count(2));
}

TEST(SurveyCsvTest, HeaderMustStartRightAndNameKnownQuestions) {
  const auto qs = builtin();
  auto r = parse_survey_csv("id,group,municipality,B_GUIDANCE\n1,borger,X,5\n", qs, Date(2024, 2, 1));
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].message, "survey.csv.header_start");
  r = parse_survey_csv("respondent_id,group,municipality,B_NOPE\n1,borger,X,5\n", qs, Date(2024, 2, 1));
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].column, "B_NOPE");
  r = parse_survey_csv("", qs, Date(2024, 2, 1));
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].message, "survey.csv.empty");
}

}  // namespace
}  // namespace bb
