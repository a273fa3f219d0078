#include "cli/demo_systemic.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <random>

#include "domain/stat_period.h"
#include "domain/systemic.h"

namespace bb::cli {
namespace {

// Late morning on that day, Danish time (the store's clock for timestamps).
Instant at_noon(const Date& d) { return Instant{d.days()} + std::chrono::hours(10); }

// Every case, oldest first (read as the system, through the normal list).
std::vector<Case> all_cases(Store& store) {
  std::vector<Case> out;
  CaseFilter f;
  f.limit = 200;
  for (;;) {
    auto page = store.cases().list(f, Actor::system());
    if (!page) break;
    out.insert(out.end(), page->items.begin(), page->items.end());
    if (page->next.empty()) break;
    f.cursor = page->next;
  }
  std::sort(out.begin(), out.end(), [](const Case& a, const Case& b) { return a.received < b.received; });
  return out;
}

// Themes that fit a department's typical problems, most likely first.
const std::vector<std::string>& themes_for(const std::string& department) {
  static const std::vector<std::string> jobs = {"sagsbehandlingstid", "vejledning", "begrundelse", "kommunikation"};
  static const std::vector<std::string> social = {"sagsbehandlingstid", "partshoering", "begrundelse", "koordinering"};
  static const std::vector<std::string> service = {"kommunikation", "digital_post", "tilgaengelighed", "vejledning"};
  static const std::vector<std::string> other = {"god_forvaltningsskik", "kommunikation", "klagevejledning", "aktindsigt"};
  if (department == "Jobcenter" || department == "Ydelser") return jobs;
  if (department == "Voksen og Handicap" || department == "Børn og Familie" || department == "Sundhed og Omsorg") return social;
  if (department == "Borgerservice" || department == "Økonomi og Opkrævning") return service;
  return other;
}

Actor actor_of(const std::vector<User>& advisors, size_t i) {
  if (advisors.empty()) return Actor::system();
  const User& u = advisors[i % advisors.size()];
  return {u.id, u.name, u.role, ""};
}

}  // namespace

DemoSystemicCounts load_demo_systemic(Store& store, FixedClock& clock, const MunicipalitySettings& settings,
                                      const DeadlineRules& rules, const std::vector<User>& advisors,
                                      const Date& today, uint32_t seed) {
  DemoSystemicCounts n;
  std::mt19937 rng(seed);
  auto roll = [&](int percent) { return static_cast<int>(rng() % 100) < percent; };
  const Instant real_now = clock.now();
  const std::vector<Case> cases = all_cases(store);
  const StatPeriod quarter = quarter_of(today);

  // Themes: about a third of the cases, one or two themes of their first department.
  std::vector<int64_t> planted;
  for (size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    if (c.departments.empty()) continue;
    const std::string& dep = c.departments.front();
    std::vector<CaseTheme> themes;
    const bool in_quarter = quarter.contains(c.received);
    if (in_quarter && dep == "Jobcenter" && planted.size() < 7) {
      themes.push_back({"partshoering", dep, "manual", false, ""});
      planted.push_back(c.id);
    }
    if (roll(33)) {
      const auto& fit = themes_for(dep);
      themes.push_back({fit[rng() % fit.size()], dep, "manual", false, ""});
      if (roll(25)) themes.push_back({fit[rng() % fit.size()], dep, "manual", false, ""});
    }
    if (themes.empty()) continue;
    if (c.outcome == Outcome::kKritik) {
      themes.front().criticism = true;
      themes.front().criticism_text =
          "Borgerrådgiveren finder det kritisabelt, at forvaltningen ikke fulgte reglerne på dette punkt.";
    }
    clock.set(at_noon(c.received.plus_days(3)));
    for (const auto& t : themes) {
      if (store.cases().set_theme(c.id, t, actor_of(advisors, i))) ++n.themes;
    }
  }
  // If the current quarter had too few Jobcenter cases, plant on any recent cases instead.
  for (auto it = cases.rbegin(); it != cases.rend() && planted.size() < 7; ++it) {
    if (!quarter.contains(it->received) ||
        std::find(planted.begin(), planted.end(), it->id) != planted.end()) {
      continue;
    }
    clock.set(at_noon(it->received.plus_days(2)));
    if (store.cases().set_theme(it->id, {"partshoering", "Jobcenter", "manual", false, ""}, actor_of(advisors, 0))) {
      planted.push_back(it->id);
      ++n.themes;
    }
  }

  // Complaints followed to the end on closed complaint cases.
  const ComplaintResult results[] = {ComplaintResult::kStadfaestet, ComplaintResult::kStadfaestet,
                                     ComplaintResult::kStadfaestet, ComplaintResult::kAendret,
                                     ComplaintResult::kHjemvist,    ComplaintResult::kOphaevet};
  for (size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    if (std::find(c.reasons.begin(), c.reasons.end(), Reason::kKlage) == c.reasons.end() || c.departments.empty()) continue;
    const std::string& dep = c.departments.front();
    const bool social = dep == "Voksen og Handicap" || dep == "Børn og Familie" || dep == "Sundhed og Omsorg";
    const bool jobs = dep == "Jobcenter" || dep == "Ydelser";
    if (!social && !jobs) continue;
    ComplaintInput in;
    in.department = dep;
    in.area = social ? "social" : "beskaeftigelse";
    const Date decision = c.received.plus_days(-9);
    in.decision_date = decision.iso();
    in.decision_received = decision.plus_days(1).iso();
    const Date sent = c.received.plus_days(static_cast<int>(rng() % 12));
    if (sent <= today) in.sent = sent.iso();
    const Date genv = sent.plus_days(20 + static_cast<int>(rng() % 20));
    const Date result = genv.plus_days(60 + static_cast<int>(rng() % 90));
    if (!in.sent.empty() && genv <= today) {
      in.genvurdering = roll(15) ? "aendret" : "fastholdt";
      in.genvurdering_date = genv.iso();
      if (in.genvurdering == "fastholdt" && result <= today) {
        in.result = to_code(results[rng() % std::size(results)]);
        in.result_date = result.iso();
      }
    }
    auto v = validate_complaint(in, rules, settings, today);
    if (!v) continue;
    v->case_id = c.id;
    clock.set(at_noon(c.received.plus_days(1)));
    if (store.complaints().create(*v, actor_of(advisors, i))) ++n.complaints;
  }

  // An investigation started from the planted signal, and recommendations in every state.
  clock.set(real_now);
  const Actor advisor = actor_of(advisors, 0);
  InvestigationInput inv;
  inv.topic = "Partshøring i Jobcentrets sager om ressourceforløb";
  inv.departments = {"Jobcenter"};
  inv.period_from = quarter.from.iso();
  inv.period_to = quarter.to.iso();
  for (int64_t id : planted) inv.case_ids.push_back(std::to_string(id));
  inv.signals = {quarter.label + ":theme:Jobcenter:partshoering"};
  inv.method = "Gennemgang af 20 sager fra kvartalet, udvalgt tilfældigt blandt afgørelser om ressourceforløb.";
  inv.status = "i_gang";
  inv.started = today.iso();
  std::optional<int64_t> investigation_id;
  if (auto i = validate_investigation(inv, settings, today)) {
    if (auto saved = store.investigations().create(*i, advisor)) {
      investigation_id = saved->id;
      ++n.investigations;
    }
  }

  struct Rec {
    const char* title;
    const char* text;
    std::vector<std::string> departments;
    int issued_days_ago;
    const char* status;
    const char* response;
    int follow_up_days;  // from today; 0 = none
  };
  const Rec recs[] = {
      {"Klagevejledning i afgørelser om hjælpemidler",
       "Borgerrådgiveren henstiller, at Voksen og Handicap altid giver klagevejledning med klagefrist og klageinstans "
       "i afgørelser om hjælpemidler, og at skabelonen rettes.",
       {"Voksen og Handicap"}, 260, "fulgt",
       "Skabelonen er rettet, og alle sagsbehandlere er orienteret på et personalemøde.", 0},
      {"Svar på henvendelser inden for den fastsatte frist",
       "Borgerrådgiveren henstiller, at Jobcenter og Ydelser overholder de offentliggjorte sagsbehandlingsfrister og "
       "skriver til borgeren, når en frist ikke kan holdes.",
       {"Jobcenter", "Ydelser"}, 120, "delvist_fulgt",
       "Jobcentret har indført påmindelser om frister. Ydelser vil se på det i næste kvartal.", -3},
      {"Partshøring før afgørelser om ressourceforløb",
       "Borgerrådgiveren henstiller, at Jobcentret partshører borgeren, før der træffes afgørelse om ressourceforløb, "
       "når afgørelsen bygger på oplysninger, borgeren ikke selv har givet.",
       {"Jobcenter"}, 35, "afventer_svar", "", 0},
  };
  for (const auto& r : recs) {
    RecommendationInput in;
    in.title = r.title;
    in.text = r.text;
    in.departments = r.departments;
    const Date issued = today.plus_days(-r.issued_days_ago);
    in.issued = issued.iso();
    if (std::string(r.status) == "afventer_svar" && investigation_id) {
      in.investigation_id = std::to_string(*investigation_id);
      for (int64_t id : planted) in.case_ids.push_back(std::to_string(id));
    }
    auto v = validate_recommendation(in, settings, today);
    if (!v) continue;
    clock.set(at_noon(issued));
    auto saved = store.recommendations().create(*v, advisor);
    if (!saved) continue;
    ++n.recommendations;
    if (std::string(r.response).empty()) continue;
    RecommendationInput up = to_input(*saved);
    up.response_text = r.response;
    const Date answered = std::min(today, saved->response_due.plus_days(-2));
    up.response_date = answered.iso();
    up.status = r.status;
    if (r.follow_up_days != 0) up.follow_up_date = today.plus_days(r.follow_up_days).iso();
    auto after = validate_recommendation(up, settings, today);
    if (!after) continue;
    after->id = saved->id;
    after->number = saved->number;
    after->version = saved->version;
    clock.set(at_noon(answered));
    (void)store.recommendations().update(*after, diff(*saved, *after), advisor);
  }

  // Teaching and sparring: about two a month for two years.
  const char* topics[] = {"Partshøring og begrundelse", "God forvaltningsskik i praksis", "Klagevejledning",
                          "Skriv så borgeren forstår", "Sparring om en konkret sag", "Borgerrådgiverens årsberetning"};
  const char* kinds[] = {"undervisning", "sparring", "oplaeg", "moede"};
  for (int k = 0; k < 48; ++k) {
    ActivityInput in;
    const Date d = today.plus_days(-15 * k - static_cast<int>(rng() % 10));
    in.date = d.iso();
    in.kind = kinds[rng() % std::size(kinds)];
    in.department = settings.departments.empty() ? "" : settings.departments[rng() % settings.departments.size()];
    in.topic = topics[rng() % std::size(topics)];
    in.participants = std::to_string(in.kind == std::string("sparring") ? 1 + rng() % 3 : 5 + rng() % 30);
    in.hours = in.kind == std::string("sparring") ? "1" : "2,5";
    auto v = validate_activity(in, settings, today);
    if (!v) continue;
    clock.set(at_noon(d));
    if (store.activities().create(*v, advisor)) ++n.activities;
  }
  // The advisor's foreword and two case stories for this year's and last year's reports.
  clock.set(real_now);
  for (int year : {today.year() - 1, today.year()}) {
    (void)store.reports().save_foreword(
        year,
        "Borgerrådgiveren hjælper borgere, der er kørt fast i mødet med kommunen, og bruger erfaringerne til at "
        "gøre kommunen bedre. I år har vi især set på partshøring og på svartider. Tak til forvaltningerne for et "
        "godt samarbejde, også når vi har været uenige.",
        advisor);
    Story a;
    a.year = year;
    a.title = "En afgørelse, der kunne forstås";
    a.text = "En borger havde fået afslag på et hjælpemiddel og forstod ikke hvorfor. Borgerrådgiveren gennemgik "
             "afgørelsen med borgeren, som derefter klagede inden fristen. Ankestyrelsen hjemviste sagen.";
    (void)store.reports().save_story(a, advisor);
    Story b;
    b.year = year;
    b.title = "Et møde, der løste op";
    b.text = "En forælder og skolen havde i længere tid talt forbi hinanden. Efter et møde med borgerrådgiveren "
             "blev der lavet en plan, som begge parter kunne se sig selv i.";
    (void)store.reports().save_story(b, advisor);
  }
  spdlog::info("demo: {} themes, {} complaints, {} recommendations, {} investigations, {} activities", n.themes,
               n.complaints, n.recommendations, n.investigations, n.activities);
  return n;
}

}  // namespace bb::cli
