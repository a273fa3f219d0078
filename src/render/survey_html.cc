#include "render/survey_html.h"

#include "domain/placeholders.h"
#include "render/chart.h"
#include "render/survey_chart.h"

namespace bb::render {
namespace {

using nlohmann::json;

json question_view(const QuestionResult& q, const Messages& m, const std::string& lang) {
  json rows = json::array();
  for (const auto& s : q.shares) {
    rows.push_back({{"label", s.label}, {"count", format_int(s.count)}, {"percent", format_percent(s.percent)}});
  }
  json v = {{"id", q.id},
            {"text", q.text},
            {"answered", format_int(q.answered)},
            {"answered_text", fill(m.text(lang, "survey_page.answered"), "count", format_int(q.answered))},
            {"is_text", q.type == QuestionType::kText},
            {"is_multi", q.type == QuestionType::kMulti},
            {"rows", rows}};
  if (q.agree_percent) {
    v["agree"] = fill(m.text(lang, "survey_page.agree"), "percent", format_percent(*q.agree_percent));
  }
  return v;
}

json group_view(const GroupResult& g, const Messages& m, const std::string& lang, bool chart) {
  json questions = json::array();
  bool has_likert = false;
  for (const auto& q : g.questions) {
    questions.push_back(question_view(q, m, lang));
    has_likert = has_likert || (q.type == QuestionType::kLikert && q.answered > 0);
  }
  json v = {{"group", g.group},
            {"title", g.title},
            {"respondents", format_int(g.respondents)},
            {"respondents_text", fill(m.text(lang, "survey_page.respondents"), "count", format_int(g.respondents))},
            {"questions", questions}};
  if (chart && has_likert) v["chart_svg"] = likert_chart_svg(g, likert_chart_text(m, lang, g.title));
  return v;
}

}  // namespace

json survey_view(const SurveyResults& r, const Messages& m, const std::string& lang) {
  json groups = json::array();
  for (const auto& g : r.groups) groups.push_back(group_view(g, m, lang, true));
  json entries = json::array();
  for (const auto& e : r.breakdown) {
    json ev = {{"name", e.name}, {"suppressed", e.suppressed}};
    if (e.suppressed) {
      ev["suppressed_text"] = fill(m.text(lang, "survey_page.suppressed"), "threshold", std::to_string(r.threshold));
    } else {
      ev["respondents_text"] = fill(m.text(lang, "survey_page.respondents"), "count", format_int(e.respondents));
      json gs = json::array();
      for (const auto& g : e.groups) {
        // The breakdown shows the agreeing share per Likert question: one line each.
        json lines = json::array();
        for (const auto& q : g.questions) {
          if (q.agree_percent) lines.push_back({{"text", q.text}, {"agree", format_percent(*q.agree_percent)},
                                                {"answered", format_int(q.answered)}});
        }
        gs.push_back({{"title", g.title}, {"respondents", format_int(g.respondents)}, {"lines", lines}});
      }
      ev["groups"] = gs;
      if (!e.suppressed_groups.empty()) {
        ev["suppressed_groups_text"] =
            fill(m.text(lang, "survey_page.suppressed_groups"), "threshold", std::to_string(r.threshold));
      }
    }
    entries.push_back(std::move(ev));
  }
  json quotes = json::array();
  for (const auto& q : r.quotes) {
    std::string group = q.group;
    for (const auto& g : r.groups) {
      if (g.group == q.group) group = g.title;
    }
    quotes.push_back({{"group", group}, {"text", q.text}});
  }
  json v = {{"groups", groups},
            {"has_groups", !r.groups.empty()},
            {"quotes", quotes},
            {"has_quotes", !r.quotes.empty()},
            {"method", fill(m.text(lang, "survey_page.method"), "threshold", std::to_string(r.threshold))}};
  if (!r.by.empty()) {
    v["breakdown"] = {{"title", m.text(lang, "survey_page.by_" + r.by)}, {"entries", entries}};
  }
  return v;
}

}  // namespace bb::render
