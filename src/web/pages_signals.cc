// The Signaler page (systemic problems found across cases, with the cases behind each and
// the way on to an investigation or a recommendation), dismissing a reviewed signal, and the
// office's theme list. Managers see the signals as counts, without cases or actions.
#include <cmath>
#include <cstdio>

#include "service/signal_report.h"
#include "web/app.h"
#include "web/forms.h"
#include "web/page_helpers.h"

namespace bb::web {
namespace {

using nlohmann::json;
using O = FormView::Opts;
using Errors = std::map<std::string, std::string>;

bool may(const RequestContext& ctx, Permission p) { return ctx.user && has_permission(ctx.user->role, p); }

std::string decimal(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  std::string s = buf;
  for (char& c : s) {
    if (c == '.') c = ',';
  }
  return s;
}

// "0,0004" or "< 0,0001".
std::string probability(double p) { return p < 0.0001 ? "< 0,0001" : decimal(p, 4); }

std::string percent(double share) { return decimal(share * 100, 0) + " %"; }

json case_refs_json(const std::vector<CaseRef>& cases) {
  json out = json::array();
  for (const auto& c : cases) out.push_back({{"id", c.id}, {"number", c.number}});
  return out;
}

json dismissal_json(const std::optional<SignalDismissal>& d) {
  if (!d) return nullptr;
  return {{"note", d->note}, {"by", d->by}, {"when", danish_when(d->at)}};
}

HttpResponse signals_page(App& app, RequestContext& ctx, int status, const std::string& period_text,
                          const Errors& errors, const std::string& typed_note, const std::string& failed_key) {
  const bool full = may(ctx, Permission::kReadCases);
  if (!full) {
    if (auto deny = app.deny_unless(ctx, Permission::kViewStatistics)) return *deny;
  }
  Errors errs = errors;
  StatPeriod period = quarter_of(app.today());
  if (!period_text.empty()) {
    auto parsed = parse_stat_period(period_text);
    if (parsed) {
      period = *parsed;
    } else {
      errs.emplace("periode", parsed.error().fields.empty() ? parsed.error().message : parsed.error().fields.begin()->second);
      if (status < 400) status = 400;
    }
  }
  const bool show_dismissed = ctx.req.query.get("vis_afviste") == "1";
  SignalReportOptions opts;
  opts.with_cases = full;
  opts.include_dismissed = show_dismissed;
  auto report = build_signal_report(app.store(), period, ctx.actor(), opts);
  const bool may_act = may(ctx, Permission::kCriticise);

  // The dismiss form of each signal has its own note field (ids note-1, note-2, …); only the
  // one that failed shows the error and the text typed.
  int n = 0;
  std::string failed_note_id;
  auto actions = [&](const std::string& key, const std::optional<SignalDismissal>& dismissed, json& j) {
    j["key"] = key;
    j["key_query"] = query_value(key);
    j["dismissed"] = dismissal_json(dismissed);
    if (!may_act) return;
    j["may_act"] = true;
    const std::string id = "note-" + std::to_string(++n);
    j["note_id"] = id;
    if (key == failed_key) {
      j["note_value"] = typed_note;
      j["open"] = true;
      if (auto e = errs.find("note"); e != errs.end()) {
        j["note_error"] = app.text(ctx, e->second);
        failed_note_id = id;
      }
    }
  };

  json themes = json::array();
  for (const auto& t : report.themes) {
    json j = {{"department", t.s.department.empty() ? app.text(ctx, "signals.no_department") : t.s.department},
              {"theme", theme_label(app, ctx, t.s.theme)},
              {"observed", t.s.observed},
              {"expected", decimal(t.s.expected, 1)},
              {"ratio", decimal(t.s.ratio, 1)},
              {"p", probability(t.s.p)},
              {"cases", case_refs_json(t.cases)},
              {"has_cases", !t.cases.empty()}};
    actions(t.key, t.dismissed, j);
    themes.push_back(j);
  }
  json times = json::array();
  for (const auto& t : report.times) {
    json j = {{"department", t.s.department},
              {"metric", app.text(ctx, "signals.metric_" + t.s.metric)},
              {"baseline", decimal(t.s.baseline_median, 1)},
              {"current", decimal(t.s.current_median, 1)},
              {"ratio", decimal(t.s.ratio, 1)},
              {"current_cases", t.s.current_cases},
              {"cases", case_refs_json(t.cases)},
              {"has_cases", !t.cases.empty()}};
    actions(t.key, t.dismissed, j);
    times.push_back(j);
  }
  json reversals = json::array();
  for (const auto& r : report.reversals) {
    const DeadlineRule* rule = app.letters().rules.find(r.s.area);
    json j = {{"department", r.s.department},
              {"area", rule ? rule->text("title", ctx.lang).text : r.s.area},
              {"decided", r.s.decided},
              {"reversed", r.s.reversed},
              {"rate", percent(r.s.rate)},
              {"overall", percent(r.s.overall_rate)},
              {"p", probability(r.s.p)}};
    actions(r.key, r.dismissed, j);
    reversals.push_back(j);
  }
  json table = json::array();
  for (const auto& c : report.reversal_table) {
    const DeadlineRule* rule = app.letters().rules.find(c.area);
    table.push_back({{"department", c.department},
                     {"area", rule ? rule->text("title", ctx.lang).text : c.area},
                     {"decided", c.decided},
                     {"reversed", c.reversed},
                     {"rate", c.decided ? percent(static_cast<double>(c.reversed) / c.decided) : std::string("–")}});
  }
  std::string baseline;
  for (const auto& p : report.baseline) baseline += (baseline.empty() ? "" : ", ") + p.label;

  json data = {{"title", app.text(ctx, "signals.title")},
               {"period", report.period.label},
               {"period_text", fill(fill(fill(app.text(ctx, "signals.period_text"), "from", report.period.from.written(ctx.lang)), "to",
                                         report.period.to.written(ctx.lang)),
                                    "baseline", baseline)},
               {"inflow", report.inflow},
               {"baseline_inflow", report.baseline_inflow},
               {"themes", themes},
               {"has_themes", !themes.empty()},
               {"times", times},
               {"has_times", !times.empty()},
               {"reversals", reversals},
               {"has_reversals", !reversals.empty()},
               {"reversal_table", table},
               {"has_reversal_table", !table.empty()},
               {"overall_rate", report.overall_decided ? percent(static_cast<double>(report.overall_reversed) / report.overall_decided)
                                                       : std::string("–")},
               {"full", full},
               {"show_dismissed", show_dismissed},
               {"show_dismissed_href", "/signaler?periode=" + report.period.label + (show_dismissed ? "" : "&vis_afviste=1")}};
  Errors period_errors;
  if (auto e = errs.find("periode"); e != errs.end()) period_errors.insert(*e);
  FormView form(app, ctx, period_errors);
  data["f_period"] = form.input("periode", "signals.period", period_text.empty() ? report.period.label : period_text,
                                O{"text", "signals.period_hint", false, false, "off"});
  form.summarise(data);
  if (!failed_note_id.empty()) {
    data["has_errors"] = true;
    data["error_title"] = app.text(ctx, "error.summary_one");
    data["error_list"] = json::array({{{"target", failed_note_id}, {"message", app.text(ctx, errs.at("note"))}}});
  }
  return app.page(ctx, status, "signals", data);
}

HttpResponse signals_get(App& app, RequestContext& ctx) {
  return signals_page(app, ctx, 200, ctx.req.query.get("periode"), {}, "", "");
}

HttpResponse signal_dismiss_post(App& app, RequestContext& ctx) {
  if (auto deny = app.deny_unless(ctx, Permission::kCriticise)) return *deny;
  const std::string key = ctx.req.form.get("key");
  const std::string note = ctx.req.form.get("note");
  const auto colon = key.find(':');
  const std::string period_text = colon == std::string::npos ? "" : key.substr(0, colon);
  auto period = parse_stat_period(period_text);
  if (!period) return app.error(ctx, Error::not_found("signal.unknown"));
  if (note.find_first_not_of(" \t\r\n") == std::string::npos) {
    return signals_page(app, ctx, 400, period_text, {{"note", "field.required"}}, note, key);
  }
  if (note.size() > kMaxLongText) return signals_page(app, ctx, 400, period_text, {{"note", "field.too_long"}}, note, key);
  SignalReportOptions opts;
  opts.include_dismissed = true;
  auto report = build_signal_report(app.store(), *period, ctx.actor(), opts);
  auto size = signal_size(report, key);
  if (!size) return app.error(ctx, Error::not_found("signal.unknown"));
  auto st = app.store().stats().dismiss({key, *size, note, ctx.user->name, ""}, ctx.actor());
  if (!st) return app.error(ctx, st.error());
  return HttpResponse::redirect("/signaler?periode=" + period->label + "&ok=signal_dismissed");
}

// ------------------------------------------------------------------------------ theme list --

HttpResponse themes_page(App& app, RequestContext& ctx, int status, const Errors& errors, const Params& typed) {
  if (!may(ctx, Permission::kAdminUsers)) {
    if (auto deny = app.deny_unless(ctx, Permission::kCriticise)) return *deny;
  }
  json rows = json::array();
  for (const auto& t : app.store().themes().list()) {
    // The list as the office keeps it: its labels are Danish (translated elsewhere).
    rows.push_back({{"code", t.code},
                    {"label", t.label},
                    {"label_lang", ctx.lang != "da" ? json("da") : json(false)},
                    {"active", t.active},
                    {"state", app.text(ctx, t.active ? "themes.active" : "themes.retired")},
                    {"toggle", app.text(ctx, t.active ? "themes.retire" : "themes.reactivate")}});
  }
  FormView form(app, ctx, errors);
  json data = {{"title", app.text(ctx, "themes.title")}, {"items", rows}};
  data["f_code"] = form.input("code", "themes.code", typed.get("code"), O{"text", "themes.code_hint", true, false, "off"});
  data["f_label"] = form.input("label", "themes.label", typed.get("label"), O{"text", "", true, false, "off"});
  form.summarise(data);
  return app.page(ctx, status, "themes", data);
}

HttpResponse themes_get(App& app, RequestContext& ctx) { return themes_page(app, ctx, 200, {}, {}); }

// Adds a theme (code + label), or for an existing code toggles "active" (action=toggle).
HttpResponse themes_post(App& app, RequestContext& ctx) {
  if (!may(ctx, Permission::kAdminUsers)) {
    if (auto deny = app.deny_unless(ctx, Permission::kCriticise)) return *deny;
  }
  const Params& f = ctx.req.form;
  ThemeDef t;
  t.code = f.get("code");
  if (f.get("action") == "toggle") {
    bool found = false;
    for (const auto& existing : app.store().themes().list()) {
      if (existing.code == t.code) {
        t = existing;
        t.active = !existing.active;
        found = true;
      }
    }
    if (!found) return app.error(ctx, Error::not_found("theme.unknown"));
  } else {
    t.label = f.get("label");
    t.active = true;
    for (const auto& existing : app.store().themes().list()) {
      if (existing.code == t.code) return themes_page(app, ctx, 409, {{"code", "theme.code_taken"}}, f);
    }
  }
  auto st = app.store().themes().save(t, ctx.actor());
  if (!st) {
    Errors errors;
    merge_errors(errors, st.error(), "code");
    return themes_page(app, ctx, status_for(st.error()), errors, f);
  }
  return HttpResponse::redirect("/temaer?ok=theme_saved");
}

}  // namespace

void add_signal_pages(std::vector<App::Route>& r) {
  using A = App::Access;
  r.push_back({Method::kGet, "/signaler", signals_get, A::kSignedIn, 0});
  r.push_back({Method::kPost, "/signaler/afvis", signal_dismiss_post, A::kSignedIn, 0});
  r.push_back({Method::kGet, "/temaer", themes_get, A::kSignedIn, 0});
  r.push_back({Method::kPost, "/temaer", themes_post, A::kSignedIn, 0});
}

}  // namespace bb::web
