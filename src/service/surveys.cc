#include "service/surveys.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "domain/placeholders.h"
#include "render/chart.h"
#include "render/survey_html.h"
#include "service/annual_report.h"

namespace bb {
namespace {

using nlohmann::json;
using ojson = nlohmann::ordered_json;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot be read");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> theme_labels(Store& store, const std::vector<int64_t>& case_ids,
                                      const std::map<std::string, std::string>& labels) {
  std::set<std::string> out;
  for (int64_t id : case_ids) {
    for (const auto& t : store.cases().themes(id)) {
      auto it = labels.find(t.theme);
      out.insert(it == labels.end() ? t.theme : it->second);
    }
  }
  return {out.begin(), out.end()};
}

}  // namespace

std::vector<Questionnaire> load_builtin_questionnaires(const std::string& data_dir) {
  return parse_questionnaires(read_text(data_dir + "/questionnaires.json"));
}

std::vector<Questionnaire> all_questionnaires(Store& store, const std::vector<Questionnaire>& builtin) {
  std::vector<Questionnaire> all = builtin;
  for (auto& q : store.surveys().questionnaires()) all.push_back(std::move(q));
  return all;
}

const Questionnaire* find_questionnaire(const std::vector<Questionnaire>& all, const std::string& code) {
  for (const auto& q : all) {
    if (q.code == code) return &q;
  }
  return nullptr;
}

SurveyLabels survey_labels(std::vector<Questionnaire> questionnaires, const render::Messages& m,
                           const std::string& lang) {
  SurveyLabels l;
  l.questionnaires = std::move(questionnaires);
  l.lang = lang;
  for (const char* code : kLikertCodes) l.likert[code] = m.text(lang, std::string("likert.") + code);
  return l;
}

std::vector<Quote> approved_quotes(Store& store, std::optional<int64_t> survey_id) {
  std::vector<Quote> out;
  for (const auto& c : store.surveys().comments("approved", survey_id)) out.push_back({c.group, c.question, c.text});
  return out;
}

SurveyResults survey_report(Store& store, const std::vector<Questionnaire>& all, const render::Messages& m,
                            const SurveyFilter& filter, const std::string& by, int threshold,
                            const std::string& lang) {
  const auto totals = store.surveys().tally(filter, "");
  SurveyTally total;
  if (auto it = totals.find(""); it != totals.end()) total = it->second;
  std::map<std::string, SurveyTally> breakdown;
  if (!by.empty()) breakdown = store.surveys().tally(filter, by);
  return survey_results(total, by, breakdown, approved_quotes(store, filter.survey_id), survey_labels(all, m, lang),
                        threshold);
}

// --- export -----------------------------------------------------------------------------------

std::string network_export(Store& store, const std::vector<Questionnaire>& builtin, const render::Messages& m,
                           const MunicipalitySettings& settings, int year, const Date& today) {
  const int stats_year = year > 0 ? year : today.year() - 1;
  SurveyFilter filter;
  if (year > 0) {
    filter.from = Date(year, 1, 1);
    filter.to = Date(year, 12, 31);
  }
  SurveyTally tally;
  if (auto t = store.surveys().tally(filter, ""); t.count("")) tally = t.at("");

  // The definitions of the groups counted, so the network can label custom questionnaires.
  json questionnaires = json::array();
  for (const auto& q : all_questionnaires(store, builtin)) {
    if (tally.groups.count(q.code)) questionnaires.push_back(json::parse(questionnaire_to_json(q)));
  }
  json quotes = json::array();
  for (const auto& q : approved_quotes(store, std::nullopt)) {
    quotes.push_back({{"group", q.group}, {"question", q.question}, {"text", q.text}});
  }

  // The published annual report's case figures (small counts suppressed).
  const Report r = published(build_annual_report(store, m, settings, stats_year, today, builtin));
  const json figures = figures_json(r.current, settings.small_count_threshold);

  // Knowledge sharing: what the published annual report carries — the anonymised stories marked
  // for it and the recommendations issued in the year — with the themes of their cases.
  std::map<std::string, std::string> labels;
  for (const auto& t : store.themes().list()) labels[t.code] = t.label;
  json shared = json::array();
  for (const auto& s : r.stories) {
    shared.push_back({{"kind", "story"},
                      {"title", s.title},
                      {"text", s.text},
                      {"themes", s.case_id ? theme_labels(store, {*s.case_id}, labels) : std::vector<std::string>{}},
                      {"departments", json::array()}});
  }
  RecommendationFilter rf;
  rf.today = today;
  for (const auto& rec : store.recommendations().list(rf)) {
    if (rec.issued.year() != stats_year) continue;
    shared.push_back({{"kind", "recommendation"},
                      {"title", rec.number + " " + rec.title},
                      {"text", rec.text},
                      {"themes", theme_labels(store, rec.case_ids, labels)},
                      {"departments", rec.departments}});
  }

  json out = {{"format", kNetworkFormat},
              {"version", kNetworkVersion},
              {"municipality", settings.municipality},
              {"exported_on", today.iso()},
              {"year", year},
              {"threshold", settings.small_count_threshold},
              {"survey", json::parse(tally_to_json(tally))},
              {"questionnaires", questionnaires},
              {"quotes", quotes},
              {"case_statistics", {{"year", stats_year}, {"figures", figures}}},
              {"shared", shared}};
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

// --- merge ------------------------------------------------------------------------------------

namespace {

// A published count: a number, or "< 5" (suppressed) -> nullopt.
std::optional<int64_t> published_count(const json& v) {
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_object() && v.contains("count")) return published_count(v["count"]);
  return std::nullopt;
}

}  // namespace

NetworkReport merge_network_exports(const std::vector<std::pair<std::string, std::string>>& exports,
                                    const std::vector<Questionnaire>& builtin, const render::Messages& m,
                                    int threshold) {
  NetworkReport report;
  SurveyTally total;
  std::map<std::string, SurveyTally> by_municipality;
  std::vector<Questionnaire> definitions = builtin;
  std::vector<Quote> quotes;
  struct Office {
    std::string name;
    json figures;
  };
  std::vector<Office> offices;
  for (const auto& [file, text] : exports) {
    const json j = json::parse(text, nullptr, false);
    auto fail = [&](const std::string& what) { throw std::runtime_error(file + ": " + what); };
    if (j.is_discarded() || !j.is_object()) fail("er ikke JSON");
    if (j.value("format", "") != kNetworkFormat) fail("er ikke en eksport fra Brobygger (format mangler)");
    if (j.value("version", 0) != kNetworkVersion) fail("er fra en anden version af eksportformatet");
    const std::string name = j.value("municipality", "");
    if (name.empty()) fail("kommunens navn mangler");
    if (by_municipality.count(name)) fail(name + " er med to gange; hver kommune må kun tælle én gang");
    SurveyTally t;
    try {
      t = tally_from_json(j.value("survey", json::object()).dump());
    } catch (const std::exception& e) {
      fail(std::string("tallene kan ikke læses: ") + e.what());
    }
    total.merge(t);
    by_municipality[name] = t;
    for (const auto& jq : j.value("questionnaires", json::array())) {
      Questionnaire q = questionnaire_from_json(jq.dump());
      if (!find_questionnaire(definitions, q.code)) definitions.push_back(std::move(q));
    }
    for (const auto& jq : j.value("quotes", json::array())) {
      quotes.push_back({jq.value("group", ""), jq.value("question", ""), jq.value("text", "")});
    }
    const json stats = j.value("case_statistics", json::object());
    if (stats.is_object() && stats.contains("figures")) {
      report.year = std::max(report.year, stats.value("year", 0));
      offices.push_back({name, stats["figures"]});
    }
    for (const auto& js : j.value("shared", json::array())) {
      SharedItem item;
      item.municipality = name;
      item.kind = js.value("kind", "");
      item.title = js.value("title", "");
      item.text = js.value("text", "");
      item.themes = js.value("themes", std::vector<std::string>{});
      item.departments = js.value("departments", std::vector<std::string>{});
      report.shared.push_back(std::move(item));
    }
  }
  report.results =
      survey_results(total, "municipality", by_municipality, std::move(quotes), survey_labels(definitions, m, "da"),
                     threshold);
  // Only the groups shown in the breakdown count here: a total over all groups would reveal the
  // size of a hidden group (18 respondents beside 14 citizens shown = 4 employees).
  for (const auto& e : report.results.breakdown) {
    report.municipalities.push_back({e.name, e.suppressed ? 0 : e.respondents, e.suppressed});
  }

  // Compare offices by the share of their cases in each category; an office whose count in
  // the category is suppressed or below the threshold is listed, not ranked.
  for (const char* category : {"by_reason", "by_outcome", "by_channel"}) {
    std::set<std::string> codes;
    for (const auto& o : offices) {
      const json counts = o.figures.value(category, json::object());  // items() must not outlive it
      for (const auto& [code, _] : counts.items()) codes.insert(code);
    }
    for (const auto& code : codes) {
      CaseComparison c;
      c.category = category;
      c.code = code;
      const std::string prefix = std::string(category) == "by_reason"    ? "reason."
                                 : std::string(category) == "by_outcome" ? "outcome."
                                                                         : "channel.";
      c.label = code.empty() ? m.text("da", "report.no_outcome") : m.text("da", prefix + code);
      for (const auto& o : offices) {
        const auto total_cases = published_count(o.figures.value("cases_total", json()));
        const auto count = published_count(o.figures.value(category, json::object()).value(code, json()));
        if (!total_cases || !count || *count < threshold || *total_cases <= 0) {
          c.not_ranked.push_back(o.name);
          continue;
        }
        c.ranked.push_back({o.name, *count, *total_cases, percent_one_decimal(*count, *total_cases)});
      }
      std::stable_sort(c.ranked.begin(), c.ranked.end(),
                       [](const OfficeShare& a, const OfficeShare& b) { return a.percent > b.percent; });
      report.comparisons.push_back(std::move(c));
    }
  }
  std::stable_sort(report.shared.begin(), report.shared.end(), [](const SharedItem& a, const SharedItem& b) {
    const std::string ta = a.themes.empty() ? "~" : a.themes.front(), tb = b.themes.empty() ? "~" : b.themes.front();
    return ta < tb;
  });
  return report;
}

std::string network_report_json(const NetworkReport& r) {
  ojson out = ojson::parse(survey_results_json(r.results, false));
  ojson municipalities = ojson::array();
  for (const auto& mu : r.municipalities) {
    ojson e = {{"name", mu.name}, {"suppressed", mu.suppressed}};
    if (!mu.suppressed) e["respondents"] = mu.respondents;
    municipalities.push_back(std::move(e));
  }
  out["municipalities"] = municipalities;
  ojson comparisons = ojson::array();
  for (const auto& c : r.comparisons) {
    ojson ranked = ojson::array();
    for (const auto& o : c.ranked) {
      ranked.push_back({{"municipality", o.municipality}, {"count", o.count}, {"cases_total", o.total}, {"percent", o.percent}});
    }
    comparisons.push_back({{"category", c.category}, {"code", c.code}, {"label", c.label}, {"ranked", ranked},
                           {"not_ranked", c.not_ranked}});
  }
  out["case_statistics"] = {{"year", r.year}, {"comparisons", comparisons}};
  ojson shared = ojson::array();
  for (const auto& s : r.shared) {
    shared.push_back({{"municipality", s.municipality}, {"kind", s.kind}, {"title", s.title}, {"text", s.text},
                      {"themes", s.themes}, {"departments", s.departments}});
  }
  out["shared"] = shared;
  return out.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
}

json network_view(const NetworkReport& r, const render::Messages& m) {
  json v = render::survey_view(r.results, m, "da");
  json municipalities = json::array();
  for (const auto& mu : r.municipalities) {
    municipalities.push_back({{"name", mu.name},
                              {"respondents", mu.suppressed ? fill(m.text("da", "survey_page.suppressed"), "threshold",
                                                                   std::to_string(r.results.threshold))
                                                            : render::format_int(mu.respondents)}});
  }
  v["municipalities"] = municipalities;
  json comparisons = json::array();
  for (const auto& c : r.comparisons) {
    if (c.ranked.empty()) continue;
    json ranked = json::array();
    int place = 0;
    for (const auto& o : c.ranked) {
      ranked.push_back({{"place", ++place},
                        {"municipality", o.municipality},
                        {"count", render::format_int(o.count)},
                        {"total", render::format_int(o.total)},
                        {"percent", render::format_percent(o.percent)}});
    }
    std::string not_ranked;
    for (const auto& n : c.not_ranked) not_ranked += (not_ranked.empty() ? "" : ", ") + n;
    comparisons.push_back({{"title", m.text("da", "survey_page.compare_" + c.category) + ": " + c.label},
                           {"ranked", ranked},
                           {"not_ranked", not_ranked.empty() ? json() : json(fill(m.text("da", "survey_page.not_ranked"),
                                                                                  "names", not_ranked))}});
  }
  v["comparisons"] = comparisons;
  v["has_comparisons"] = !comparisons.empty();
  v["comparison_year"] = r.year;
  json shared = json::array();
  for (const auto& s : r.shared) {
    std::string themes, departments;
    for (const auto& t : s.themes) themes += (themes.empty() ? "" : ", ") + t;
    for (const auto& d : s.departments) departments += (departments.empty() ? "" : ", ") + d;
    shared.push_back({{"municipality", s.municipality},
                      {"kind", m.text("da", "survey_page.shared_" + s.kind)},
                      {"title", s.title},
                      {"text", s.text},
                      {"themes", themes},
                      {"departments", departments}});
  }
  v["shared"] = shared;
  v["has_shared"] = !shared.empty();
  v["network"] = true;
  return v;
}

}  // namespace bb
