// Satisfaction surveys: questionnaires, answers, counting and results (pure; thread-safe).
//
// A questionnaire is a group of respondents ("borger", "ansat", or one the advisor made) with
// fixed question ids. A response is one person's answers, kept without anything that could
// identify them: no IP address, no cookie, no time finer than the day.
//
// Results are built from counts only. A SurveyTally holds, per questionnaire group, the number
// of respondents and per question the number who answered and the count of each answer code.
// Tallies add up exactly, so a national report made by merging municipalities' exported tallies
// gives the same figures as all the answers in one database would. Percentages are computed from
// the counts, rounded half away from zero to one decimal — never by adding rounded shares.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.h"
#include "domain/result.h"

namespace bb {

enum class QuestionType { kLikert, kSingle, kMulti, kText };
const char* to_code(QuestionType t);  // likert, single, multi, text
std::optional<QuestionType> question_type_from_code(std::string_view code);

struct QuestionOption {
  std::string code;
  std::string label;     // Danish
  std::string label_en;  // English ("" = use the Danish)
};

struct Question {
  std::string id;  // "B_GUIDANCE": capital letters, digits and "_"
  QuestionType type = QuestionType::kLikert;
  std::string text;     // Danish
  std::string text_en;  // English ("" = use the Danish)
  std::vector<QuestionOption> options;  // single and multi; Likert uses the fixed scale
};

struct Questionnaire {
  std::string code;  // the group: "borger", "ansat", or lower-case letters/digits/"-"
  std::string title;
  std::string title_en;
  std::string intro;     // shown above the questions
  std::string intro_en;
  bool builtin = false;
  std::vector<Question> questions;

  const Question* question(std::string_view id) const;
};

// The Likert scale: 5 Meget enig … 1 Meget uenig, 0 Ved ikke (labels in the message catalogue,
// "likert.5" …). In this order everywhere.
inline constexpr const char* kLikertCodes[] = {"5", "4", "3", "2", "1", "0"};

// The built-in questionnaires "borger" and "ansat" from their JSON definition
// (data/questionnaires.json); throws std::runtime_error naming what is wrong.
std::vector<Questionnaire> parse_questionnaires(const std::string& json_text);

// One questionnaire as JSON (the shape of an entry of data/questionnaires.json) and back; the
// reader throws std::runtime_error on malformed JSON and does not validate.
std::string questionnaire_to_json(const Questionnaire& q);
Questionnaire questionnaire_from_json(const std::string& json_text);

// A questionnaire as the advisor entered it; every problem by field ("code", "title",
// "questions[2].text", …). Custom questionnaires may not reuse a built-in code.
Status validate_questionnaire(const Questionnaire& q);

// One answer as given: Likert a single code "0"–"5", single choice one option code, multiple
// choice the chosen codes, text the comment. An absent question is "not answered".
struct Answer {
  std::string question;
  QuestionType type = QuestionType::kLikert;
  std::vector<std::string> values;
};

struct Response {
  std::string group;         // questionnaire code
  std::string municipality;  // the office's, or the CSV's column
  Date answered_on;          // the day only
  std::string source;        // web, paper, import
  std::string respondent_id; // the paper slip's or the CSV's id; "" for web answers
  std::vector<Answer> answers;
};

// The answers to a questionnaire as submitted (question id -> values as typed), checked: Likert
// codes 0–5, known option codes, one value for single choice, no duplicates, text within
// limits; empty values are dropped (not answered). Errors name the question id as the field.
Result<std::vector<Answer>> validate_answers(const Questionnaire& q,
                                             const std::map<std::string, std::vector<std::string>>& given);

// --- counting --------------------------------------------------------------------------------

struct QuestionTally {
  int64_t answered = 0;                   // respondents who answered ("Ved ikke" counts)
  std::map<std::string, int64_t> counts;  // answer code -> count (multi: per option)
};

struct GroupTally {
  int64_t respondents = 0;
  std::map<std::string, QuestionTally> questions;  // text questions: answered only
};

struct SurveyTally {
  std::map<std::string, GroupTally> groups;  // questionnaire code -> tally

  void add(const Response& r);
  void merge(const SurveyTally& other);
  int64_t respondents() const;
  bool empty() const { return groups.empty(); }
};

// --- results ------------------------------------------------------------------------------

// part / whole in percent, rounded half away from zero to one decimal, in exact integer
// arithmetic (41 of 47 is 87.2). 0 when whole is 0.
double percent_one_decimal(int64_t part, int64_t whole);

struct AnswerShare {
  std::string code;
  std::string label;
  int64_t count = 0;
  double percent = 0;
};

struct QuestionResult {
  std::string id;
  QuestionType type = QuestionType::kLikert;
  std::string text;
  int64_t answered = 0;
  std::vector<AnswerShare> shares;      // Likert 5..0; options in the questionnaire's order
  std::optional<double> agree_percent;  // Likert: (5 + 4) / answered
};

struct GroupResult {
  std::string group;
  std::string title;
  int64_t respondents = 0;
  std::vector<QuestionResult> questions;  // text questions included (answered only)
};

// An approved comment, kept with its group only.
struct Quote {
  std::string group;
  std::string question;
  std::string text;
};

struct BreakdownEntry {
  std::string name;
  bool suppressed = false;                 // no group reaches the threshold
  int64_t respondents = 0;                 // 0 when suppressed
  std::vector<GroupResult> groups;         // the groups at or above the threshold
  std::vector<std::string> suppressed_groups;
};

struct SurveyResults {
  std::vector<GroupResult> groups;
  std::string by;  // "" or the breakdown's name ("municipality", "survey", "year")
  std::vector<BreakdownEntry> breakdown;
  std::vector<Quote> quotes;
  int threshold = 5;
};

// Labels for the results: the questionnaires (for question texts and option labels) and the
// Likert scale's labels by code. Groups and questions the definitions do not know are shown
// with their ids.
struct SurveyLabels {
  std::vector<Questionnaire> questionnaires;
  std::map<std::string, std::string> likert;  // "5" -> "Meget enig"
  std::string lang = "da";
};

GroupResult group_result(const std::string& group, const GroupTally& t, const SurveyLabels& labels);
std::vector<GroupResult> group_results(const SurveyTally& t, const SurveyLabels& labels);

// Results with an optional breakdown: every breakdown group (per questionnaire group) with fewer
// respondents than the threshold is hidden; the totals still include them.
SurveyResults survey_results(const SurveyTally& total, const std::string& by,
                             const std::map<std::string, SurveyTally>& breakdown, std::vector<Quote> quotes,
                             const SurveyLabels& labels, int threshold);

// The JSON: {"groups":[{"group","respondents","questions":[{"id","type","answered",
// "counts","percent","agree_percent"}]}],"by":{"municipality":[…]},"quotes":[…]}.
std::string survey_results_json(const SurveyResults& r, bool pretty = true);

// --- the network export ---------------------------------------------------------------------

// One municipality's aggregated counts, to be pooled by the network. Never answer-level data.
std::string tally_to_json(const SurveyTally& t, bool pretty = false);
// Throws std::runtime_error naming what is wrong.
SurveyTally tally_from_json(const std::string& json_text);

}  // namespace bb
