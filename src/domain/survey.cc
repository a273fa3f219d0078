#include "domain/survey.h"

#include <algorithm>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "domain/utf8.h"

namespace bb {
namespace {

using nlohmann::json;
using ojson = nlohmann::ordered_json;  // results keep the order of the example

constexpr size_t kMaxComment = 4000;
constexpr size_t kMaxQuestionText = 500;
constexpr size_t kMaxQuestions = 60;
constexpr size_t kMaxOptions = 30;

bool is_question_id(std::string_view id) {
  if (id.empty() || id.size() > 40 || !(id[0] >= 'A' && id[0] <= 'Z')) return false;
  return std::all_of(id.begin(), id.end(),
                     [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; });
}

bool is_code(std::string_view code) {
  if (code.empty() || code.size() > 40) return false;
  return std::all_of(code.begin(), code.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'; });
}

bool is_likert(std::string_view v) { return v.size() == 1 && v[0] >= '0' && v[0] <= '5'; }

const std::string& in_lang(const std::string& da, const std::string& en, const std::string& lang) {
  return lang == "en" && !en.empty() ? en : da;
}

}  // namespace

const char* to_code(QuestionType t) {
  switch (t) {
    case QuestionType::kLikert: return "likert";
    case QuestionType::kSingle: return "single";
    case QuestionType::kMulti: return "multi";
    case QuestionType::kText: return "text";
  }
  return "likert";
}

std::optional<QuestionType> question_type_from_code(std::string_view code) {
  for (QuestionType t : {QuestionType::kLikert, QuestionType::kSingle, QuestionType::kMulti, QuestionType::kText}) {
    if (code == to_code(t)) return t;
  }
  return std::nullopt;
}

const Question* Questionnaire::question(std::string_view id) const {
  for (const auto& q : questions) {
    if (q.id == id) return &q;
  }
  return nullptr;
}

namespace {

Questionnaire questionnaire_from(const json& jq) {
  Questionnaire q;
  q.code = jq.value("code", "");
  q.title = jq.value("title", "");
  q.title_en = jq.value("title_en", "");
  q.intro = jq.value("intro", "");
  q.intro_en = jq.value("intro_en", "");
  for (const auto& jx : jq.value("questions", json::array())) {
    if (!jx.is_object()) throw std::runtime_error("questionnaire " + q.code + ": a question is not an object");
    Question x;
    x.id = jx.value("id", "");
    const auto type = question_type_from_code(jx.value("type", ""));
    if (!type) throw std::runtime_error("questionnaire " + q.code + "/" + x.id + ": unknown type");
    x.type = *type;
    x.text = jx.value("text", "");
    x.text_en = jx.value("text_en", "");
    for (const auto& jo : jx.value("options", json::array())) {
      x.options.push_back({jo.value("code", ""), jo.value("label", ""), jo.value("label_en", "")});
    }
    q.questions.push_back(std::move(x));
  }
  return q;
}

json questionnaire_to(const Questionnaire& q) {
  json questions = json::array();
  for (const auto& x : q.questions) {
    json jx = {{"id", x.id}, {"type", to_code(x.type)}, {"text", x.text}, {"text_en", x.text_en}};
    if (!x.options.empty()) {
      json options = json::array();
      for (const auto& o : x.options) options.push_back({{"code", o.code}, {"label", o.label}, {"label_en", o.label_en}});
      jx["options"] = options;
    }
    questions.push_back(std::move(jx));
  }
  return {{"code", q.code},   {"title", q.title}, {"title_en", q.title_en},
          {"intro", q.intro}, {"intro_en", q.intro_en}, {"questions", questions}};
}

std::string problems_of(const Status& st) {
  std::string what;
  for (const auto& [field, key] : st.error().fields) what += " " + field + " (" + key + ")";
  return what;
}

}  // namespace

std::vector<Questionnaire> parse_questionnaires(const std::string& json_text) {
  const json j = json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("questionnaires") || !j["questionnaires"].is_array()) {
    throw std::runtime_error("questionnaires: expected an object with a \"questionnaires\" array");
  }
  std::vector<Questionnaire> out;
  for (const auto& jq : j["questionnaires"]) {
    if (!jq.is_object()) throw std::runtime_error("questionnaires: an entry is not an object");
    Questionnaire q = questionnaire_from(jq);
    q.builtin = true;
    if (auto st = validate_questionnaire(q); !st) throw std::runtime_error("questionnaire " + q.code + ":" + problems_of(st));
    out.push_back(std::move(q));
  }
  return out;
}

std::string questionnaire_to_json(const Questionnaire& q) { return questionnaire_to(q).dump(); }

Questionnaire questionnaire_from_json(const std::string& json_text) {
  const json j = json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw std::runtime_error("questionnaire: not a JSON object");
  return questionnaire_from(j);
}

Status validate_questionnaire(const Questionnaire& q) {
  FieldErrors errors;
  if (!is_code(q.code)) errors.add("code", "survey.code_invalid");
  if (!q.builtin && (q.code == "borger" || q.code == "ansat")) errors.add("code", "survey.code_builtin");
  if (q.title.empty()) errors.add("title", "field.required");
  if (q.title.size() > kMaxQuestionText || q.intro.size() > 4000) errors.add("title", "field.too_long");
  if (!valid_utf8(q.title) || !valid_utf8(q.intro) || !valid_utf8(q.title_en) || !valid_utf8(q.intro_en)) {
    errors.add("title", "survey.invalid_text");
  }
  if (q.questions.empty()) errors.add("questions", "survey.no_questions");
  if (q.questions.size() > kMaxQuestions) errors.add("questions", "survey.too_many_questions");
  std::set<std::string> ids;
  for (size_t i = 0; i < q.questions.size(); ++i) {
    const Question& x = q.questions[i];
    const std::string at = "questions[" + std::to_string(i) + "]";
    if (!is_question_id(x.id)) errors.add(at + ".id", "survey.question_id_invalid");
    if (!ids.insert(x.id).second) errors.add(at + ".id", "survey.question_id_duplicate");
    if (x.text.empty()) errors.add(at + ".text", "field.required");
    if (x.text.size() > kMaxQuestionText || x.text_en.size() > kMaxQuestionText) {
      errors.add(at + ".text", "field.too_long");
    }
    if (!valid_utf8(x.text) || !valid_utf8(x.text_en)) errors.add(at + ".text", "survey.invalid_text");
    const bool choice = x.type == QuestionType::kSingle || x.type == QuestionType::kMulti;
    if (choice && x.options.size() < 2) errors.add(at + ".options", "survey.options_needed");
    if (!choice && !x.options.empty()) errors.add(at + ".options", "survey.options_not_allowed");
    if (x.options.size() > kMaxOptions) errors.add(at + ".options", "survey.too_many_options");
    std::set<std::string> codes;
    for (const auto& o : x.options) {
      if (!is_code(o.code) || !codes.insert(o.code).second || o.label.empty() || !valid_utf8(o.label) ||
          !valid_utf8(o.label_en) || o.label.size() > kMaxQuestionText) {
        errors.add(at + ".options", "survey.option_invalid");
      }
    }
  }
  if (!errors.empty()) return errors.to_error();
  return ok_status();
}

Result<std::vector<Answer>> validate_answers(const Questionnaire& q,
                                             const std::map<std::string, std::vector<std::string>>& given) {
  FieldErrors errors;
  std::vector<Answer> out;
  for (const auto& [id, raw] : given) {
    if (!q.question(id)) errors.add(id, "survey.unknown_question");
  }
  for (const auto& x : q.questions) {
    auto it = given.find(x.id);
    if (it == given.end()) continue;
    std::vector<std::string> values;
    for (const auto& v : it->second) {
      if (!v.empty()) values.push_back(v);
    }
    if (values.empty()) continue;  // not answered
    const bool many = x.type == QuestionType::kMulti;
    if (!many && values.size() > 1) {
      errors.add(x.id, "survey.one_answer_only");
      continue;
    }
    bool ok = true;
    std::set<std::string> seen;
    for (const auto& v : values) {
      switch (x.type) {
        case QuestionType::kLikert:
          ok = ok && is_likert(v);
          break;
        case QuestionType::kSingle:
        case QuestionType::kMulti:
          ok = ok && std::any_of(x.options.begin(), x.options.end(), [&](const auto& o) { return o.code == v; });
          ok = ok && seen.insert(v).second;
          break;
        case QuestionType::kText:
          if (!valid_utf8(v)) errors.add(x.id, "survey.invalid_text");
          if (v.size() > kMaxComment) errors.add(x.id, "field.too_long");
          break;
      }
    }
    if (!ok) {
      errors.add(x.id, x.type == QuestionType::kLikert ? "survey.likert_invalid" : "survey.option_unknown");
      continue;
    }
    out.push_back({x.id, x.type, std::move(values)});
  }
  if (!errors.empty()) return errors.to_error();
  return out;
}

// --- counting --------------------------------------------------------------------------------

void SurveyTally::add(const Response& r) {
  GroupTally& g = groups[r.group];
  ++g.respondents;
  for (const auto& a : r.answers) {
    if (a.values.empty()) continue;
    QuestionTally& q = g.questions[a.question];
    ++q.answered;
    // A comment is counted, never its text: the text goes to the approval queue.
    if (a.type == QuestionType::kText) continue;
    for (const auto& v : a.values) ++q.counts[v];
  }
}

void SurveyTally::merge(const SurveyTally& other) {
  for (const auto& [code, og] : other.groups) {
    GroupTally& g = groups[code];
    g.respondents += og.respondents;
    for (const auto& [id, oq] : og.questions) {
      QuestionTally& q = g.questions[id];
      q.answered += oq.answered;
      for (const auto& [v, n] : oq.counts) q.counts[v] += n;
    }
  }
}

int64_t SurveyTally::respondents() const {
  int64_t n = 0;
  for (const auto& [_, g] : groups) n += g.respondents;
  return n;
}

// --- results ------------------------------------------------------------------------------

double percent_one_decimal(int64_t part, int64_t whole) {
  if (whole <= 0) return 0;
  const bool negative = part < 0;
  const int64_t p = negative ? -part : part;
  // tenths = round(1000 * p / whole), halves away from zero, in integers.
  const int64_t num = 1000 * p;
  int64_t tenths = num / whole;
  if (2 * (num % whole) >= whole) ++tenths;
  const double v = static_cast<double>(tenths) / 10.0;
  return negative ? -v : v;
}

GroupResult group_result(const std::string& group, const GroupTally& t, const SurveyLabels& labels) {
  GroupResult g;
  g.group = group;
  g.title = group;
  g.respondents = t.respondents;
  const Questionnaire* def = nullptr;
  for (const auto& q : labels.questionnaires) {
    if (q.code == group) def = &q;
  }
  if (def) g.title = in_lang(def->title, def->title_en, labels.lang);

  auto result_for = [&](const std::string& id, const Question* x, const QuestionTally* qt) {
    QuestionResult r;
    r.id = id;
    r.type = x ? x->type : QuestionType::kSingle;
    r.text = x ? in_lang(x->text, x->text_en, labels.lang) : id;
    r.answered = qt ? qt->answered : 0;
    auto count_of = [&](const std::string& code) -> int64_t {
      if (!qt) return 0;
      auto it = qt->counts.find(code);
      return it == qt->counts.end() ? 0 : it->second;
    };
    auto share = [&](const std::string& code, const std::string& label) {
      const int64_t n = count_of(code);
      r.shares.push_back({code, label, n, percent_one_decimal(n, r.answered)});
    };
    if (r.type == QuestionType::kLikert) {
      for (const char* code : kLikertCodes) {
        auto it = labels.likert.find(code);
        share(code, it == labels.likert.end() ? code : it->second);
      }
      if (r.answered > 0) r.agree_percent = percent_one_decimal(count_of("5") + count_of("4"), r.answered);
    } else if (r.type != QuestionType::kText) {
      std::set<std::string> known;
      if (x) {
        for (const auto& o : x->options) {
          share(o.code, in_lang(o.label, o.label_en, labels.lang));
          known.insert(o.code);
        }
      }
      if (qt) {  // codes no longer in the definition still count
        for (const auto& [code, _] : qt->counts) {
          if (!known.count(code)) share(code, code);
        }
      }
    }
    return r;
  };

  if (def) {
    for (const auto& x : def->questions) {
      auto it = t.questions.find(x.id);
      g.questions.push_back(result_for(x.id, &x, it == t.questions.end() ? nullptr : &it->second));
    }
  }
  for (const auto& [id, qt] : t.questions) {
    if (!def || !def->question(id)) g.questions.push_back(result_for(id, nullptr, &qt));
  }
  return g;
}

std::vector<GroupResult> group_results(const SurveyTally& t, const SurveyLabels& labels) {
  std::vector<GroupResult> out;
  // The built-in groups first (citizens, then employees), then the rest by code.
  std::vector<std::string> order;
  for (const char* code : {"borger", "ansat"}) {
    if (t.groups.count(code)) order.push_back(code);
  }
  for (const auto& [code, _] : t.groups) {
    if (code != "borger" && code != "ansat") order.push_back(code);
  }
  for (const auto& code : order) out.push_back(group_result(code, t.groups.at(code), labels));
  return out;
}

SurveyResults survey_results(const SurveyTally& total, const std::string& by,
                             const std::map<std::string, SurveyTally>& breakdown, std::vector<Quote> quotes,
                             const SurveyLabels& labels, int threshold) {
  SurveyResults r;
  r.threshold = threshold;
  r.groups = group_results(total, labels);
  r.by = by;
  r.quotes = std::move(quotes);
  for (const auto& [name, tally] : breakdown) {
    BreakdownEntry e;
    e.name = name;
    SurveyTally shown;
    for (const auto& [code, g] : tally.groups) {
      if (g.respondents >= threshold) {
        shown.groups[code] = g;
      } else {
        e.suppressed_groups.push_back(code);
      }
    }
    e.suppressed = shown.empty();
    if (!e.suppressed) {
      e.respondents = shown.respondents();
      e.groups = group_results(shown, labels);
    }
    r.breakdown.push_back(std::move(e));
  }
  return r;
}

namespace {

ojson group_json(const GroupResult& g) {
  ojson questions = ojson::array();
  for (const auto& q : g.questions) {
    ojson jq = {{"id", q.id}, {"type", to_code(q.type)}, {"text", q.text}, {"answered", q.answered}};
    if (q.type != QuestionType::kText) {
      ojson counts = ojson::object(), percent = ojson::object();
      for (const auto& s : q.shares) {
        counts[s.code] = s.count;
        percent[s.code] = s.percent;
      }
      jq["counts"] = counts;
      jq["percent"] = percent;
    }
    if (q.agree_percent) jq["agree_percent"] = *q.agree_percent;
    questions.push_back(std::move(jq));
  }
  return ojson{{"group", g.group}, {"title", g.title}, {"respondents", g.respondents}, {"questions", questions}};
}

}  // namespace

std::string survey_results_json(const SurveyResults& r, bool pretty) {
  ojson groups = ojson::array();
  for (const auto& g : r.groups) groups.push_back(group_json(g));
  ojson out = {{"groups", groups}, {"threshold", r.threshold}};
  if (!r.by.empty()) {
    ojson entries = ojson::array();
    for (const auto& e : r.breakdown) {
      ojson je = {{"name", e.name}, {"suppressed", e.suppressed}};
      if (!e.suppressed) {
        je["respondents"] = e.respondents;
        ojson gs = ojson::array();
        for (const auto& g : e.groups) gs.push_back(group_json(g));
        je["groups"] = gs;
      }
      if (!e.suppressed_groups.empty()) je["suppressed_groups"] = e.suppressed_groups;
      entries.push_back(std::move(je));
    }
    out["by"] = {{r.by, entries}};
  }
  ojson quotes = ojson::array();
  for (const auto& q : r.quotes) quotes.push_back({{"group", q.group}, {"question", q.question}, {"text", q.text}});
  out["quotes"] = quotes;
  return pretty ? out.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n"
                : out.dump(-1, ' ', false, ojson::error_handler_t::replace);
}

std::string tally_to_json(const SurveyTally& t, bool pretty) {
  json groups = json::object();
  for (const auto& [code, g] : t.groups) {
    json questions = json::object();
    for (const auto& [id, q] : g.questions) questions[id] = {{"answered", q.answered}, {"counts", q.counts}};
    groups[code] = {{"respondents", g.respondents}, {"questions", questions}};
  }
  json out = {{"groups", groups}};
  return pretty ? out.dump(2) : out.dump();
}

namespace {

int64_t count_value(const json& v, const std::string& where) {
  if (!v.is_number_integer() || v.get<int64_t>() < 0) throw std::runtime_error(where + ": not a count");
  return v.get<int64_t>();
}

}  // namespace

SurveyTally tally_from_json(const std::string& json_text) {
  const json j = json::parse(json_text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("groups") || !j["groups"].is_object()) {
    throw std::runtime_error("survey counts: expected an object with \"groups\"");
  }
  SurveyTally t;
  for (const auto& [code, jg] : j["groups"].items()) {
    if (!is_code(code) || !jg.is_object()) throw std::runtime_error("survey counts: bad group " + code);
    GroupTally& g = t.groups[code];
    g.respondents = count_value(jg.value("respondents", json()), code + ".respondents");
    const json questions = jg.value("questions", json::object());  // items() must not outlive it
    for (const auto& [id, jq] : questions.items()) {
      if (!is_question_id(id) || !jq.is_object()) throw std::runtime_error("survey counts: bad question " + id);
      QuestionTally& q = g.questions[id];
      q.answered = count_value(jq.value("answered", json()), code + "." + id + ".answered");
      if (q.answered > g.respondents) throw std::runtime_error(code + "." + id + ": more answers than respondents");
      const json counts = jq.value("counts", json::object());
      for (const auto& [v, n] : counts.items()) {
        q.counts[v] = count_value(n, code + "." + id + "." + v);
      }
    }
  }
  return t;
}

}  // namespace bb
