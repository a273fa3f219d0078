#include "cli/survey_cmd.h"

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/output.h"
#include "domain/placeholders.h"
#include "domain/survey_csv.h"
#include "render/survey_html.h"
#include "render/survey_pdf.h"
#include "service/surveys.h"

namespace bb::cli {

struct SurveyCommands::Impl {
  const std::string& db;
  const std::string& format;
  ShareDir share_dir;
  std::string share, file, questionnaire = "borger", title, opens, closes, by, out, report_format = "json";
  int64_t survey_id = 0;
  int year = 0, codes = 0, threshold = 0;
  std::vector<std::string> files;
  CLI::App *list = nullptr, *create = nullptr, *import = nullptr, *report = nullptr, *exporter = nullptr,
           *network = nullptr;

  Impl(const std::string& d, const std::string& f, ShareDir s) : db(d), format(f), share_dir(s) {}

  std::optional<int64_t> survey() const { return survey_id > 0 ? std::optional<int64_t>(survey_id) : std::nullopt; }

  int run_list();
  int run_create();
  int run_import();
  int run_report();
  int run_export();
  int run_network();
};

namespace {

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string render_results(const SurveyResults& r, const std::string& format, const render::Renderer& renderer,
                           const std::string& title, const std::string& subtitle) {
  if (format == "json") return survey_results_json(r);
  if (format == "pdf") {
    auto text = render::survey_pdf_text(renderer.messages(), "da");
    text.title = title;
    text.subtitle = subtitle;
    return render::survey_report_pdf(r, text);
  }
  nlohmann::json data = render::survey_view(r, renderer.messages(), "da");
  data["title"] = title;
  data["subtitle"] = subtitle;
  return renderer.render("survey_document", data, "da");
}

}  // namespace

SurveyCommands::SurveyCommands(CLI::App& app, const std::string& db, const std::string& format, ShareDir share_dir)
    : impl_(std::make_unique<Impl>(db, format, share_dir)) {
  Impl& m = *impl_;
  auto* cmd = app.add_subcommand("survey", "Tilfredshedsundersøgelser");
  cmd->require_subcommand(1);
  m.list = cmd->add_subcommand("list", "Vis undersøgelserne med antal svar");
  m.create = cmd->add_subcommand("create", "Opret en undersøgelse");
  m.create->add_option("--questionnaire", m.questionnaire, "Spørgeskema: borger, ansat eller et eget")->required();
  m.create->add_option("--title", m.title, "Titel")->required();
  m.create->add_option("--opens", m.opens, "Første dag (ÅÅÅÅ-MM-DD); standard: i dag");
  m.create->add_option("--closes", m.closes, "Sidste dag (ÅÅÅÅ-MM-DD); standard: ingen");
  m.create->add_option("--codes", m.codes, "Lav så mange engangskoder, og kræv en kode for at svare")
      ->check(CLI::Range(0, 1000));
  m.import = cmd->add_subcommand("import", "Indlæs svar fra en CSV-fil (alt eller intet)");
  m.import->add_option("file", m.file, "CSV-fil: respondent_id,group,municipality,<spørgsmål>…")->required();
  m.import->add_option("--survey", m.survey_id, "Undersøgelsens nummer (alle linjer skal have dens spørgeskema)");
  m.import->add_option("--date", m.opens, "Dagen, svarene blev givet (ÅÅÅÅ-MM-DD); standard: i dag");
  m.report = cmd->add_subcommand("report", "Resultaterne");
  m.report->add_option("--survey", m.survey_id, "Kun denne undersøgelse");
  m.report->add_option("--year", m.year, "Kun svar fra dette år");
  m.report->add_option("--by", m.by, "Opdel efter municipality, survey eller year")
      ->check(CLI::IsMember({"municipality", "survey", "year"}));
  m.report->add_option("--format", m.report_format, "json, html eller pdf")->check(CLI::IsMember({"json", "html", "pdf"}));
  m.report->add_option("--out", m.out, "Fil at skrive (- = standard output)");
  m.exporter = cmd->add_subcommand("export", "Eksport til borgerrådgivernetværket (kun optællinger)");
  m.exporter->add_option("--out", m.out, "JSON-fil at skrive")->required();
  m.exporter->add_option("--year", m.year, "Året (svar og sagsstatistik); standard: alle svar og sidste års sager");
  for (auto* sub : {m.list, m.create, m.import, m.report, m.exporter}) {
    sub->add_option("--share", m.share, "Mappe med data/, templates/ og messages/");
  }

  auto* net = app.add_subcommand("network", "Borgerrådgivernetværket");
  net->require_subcommand(1);
  m.network = net->add_subcommand("report", "Den samlede rapport fra kommunernes eksportfiler");
  m.network->add_option("files", m.files, "Eksportfiler (JSON)")->required();
  m.network->add_option("--format", m.report_format, "json, html eller pdf")->check(CLI::IsMember({"json", "html", "pdf"}));
  m.network->add_option("--out", m.out, "Fil at skrive (- = standard output)");
  m.network->add_option("--threshold", m.threshold, "Mindste antal besvarelser, før en kommune vises (standard 5)")
      ->check(CLI::Range(2, 100));
  m.network->add_option("--share", m.share, "Mappe med data/, templates/ og messages/");
}

SurveyCommands::~SurveyCommands() = default;

std::optional<int> SurveyCommands::run() {
  Impl& m = *impl_;
  try {
    if (*m.list) return m.run_list();
    if (*m.create) return m.run_create();
    if (*m.import) return m.run_import();
    if (*m.report) return m.run_report();
    if (*m.exporter) return m.run_export();
    if (*m.network) return m.run_network();
  } catch (const std::runtime_error& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  return std::nullopt;
}

int SurveyCommands::Impl::run_list() {
  SystemClock clock;
  auto store = open_store(db, clock);
  const auto surveys = store->surveys().surveys();
  if (format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& s : surveys) {
      out.push_back({{"id", s.id},
                     {"title", s.title},
                     {"questionnaire", s.questionnaire},
                     {"opens_on", s.opens_on.iso()},
                     {"closes_on", s.closes_on ? nlohmann::json(s.closes_on->iso()) : nlohmann::json()},
                     {"responses", s.responses},
                     {"codes_total", s.codes_total},
                     {"codes_used", s.codes_used},
                     {"answer_path", "/svar/" + s.slug}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  if (surveys.empty()) std::cout << "Ingen undersøgelser endnu.\n";
  for (const auto& s : surveys) {
    std::cout << s.id << "  " << s.title << " (" << s.questionnaire << "), " << s.opens_on.danish()
              << (s.closes_on ? " – " + s.closes_on->danish() : std::string(" –")) << ", " << s.responses << " svar"
              << (s.codes_required ? ", " + std::to_string(s.codes_used) + " af " + std::to_string(s.codes_total) +
                                         " koder brugt"
                                   : std::string())
              << ", /svar/" << s.slug << "\n";
  }
  return 0;
}

int SurveyCommands::Impl::run_create() {
  SystemClock clock;
  auto store = open_store(db, clock);
  const std::string dir = share_dir(share);
  const auto all = all_questionnaires(*store, load_builtin_questionnaires(dir + "/data"));
  if (!find_questionnaire(all, questionnaire)) {
    std::cerr << "Spørgeskemaet findes ikke: " << questionnaire << "\n";
    return 2;
  }
  Survey s;
  s.questionnaire = questionnaire;
  s.title = title;
  s.opens_on = copenhagen_date(clock.now());
  if (!opens.empty()) {
    auto d = Date::parse_iso(opens);
    if (!d) {
      std::cerr << "--opens skal være en dato som ÅÅÅÅ-MM-DD.\n";
      return 2;
    }
    s.opens_on = *d;
  }
  if (!closes.empty()) {
    s.closes_on = Date::parse_iso(closes);
    if (!s.closes_on || *s.closes_on < s.opens_on) {
      std::cerr << "--closes skal være en dato som ÅÅÅÅ-MM-DD, ikke før --opens.\n";
      return 2;
    }
  }
  if (title.empty() || title.size() > 200) {
    std::cerr << "--title skal have 1–200 tegn.\n";
    return 2;
  }
  s.codes_required = codes > 0;
  auto created = store->surveys().create_survey(s, Actor::system());
  if (!created) {
    std::cerr << "Undersøgelsen kunne ikke oprettes.\n";
    return 1;
  }
  if (codes > 0) (void)store->surveys().add_codes(created->id, codes, Actor::system());
  if (format == "json") {
    std::cout << nlohmann::json{{"id", created->id}, {"answer_path", "/svar/" + created->slug}}.dump() << "\n";
  } else {
    std::cout << "Undersøgelse " << created->id << " er oprettet. Svarside: /svar/" << created->slug << "\n";
  }
  return 0;
}

int SurveyCommands::Impl::run_import() {
  const std::string dir = share_dir(share);
  render::Messages messages(dir + "/messages");
  auto text = read_file(file);
  if (!text) {
    std::cerr << "Kan ikke læse " << file << ".\n";
    return 2;
  }
  SystemClock clock;
  auto store = open_store(db, clock);
  const auto all = all_questionnaires(*store, load_builtin_questionnaires(dir + "/data"));
  Date answered_on = copenhagen_date(clock.now());
  if (!opens.empty()) {
    auto d = Date::parse_iso(opens);
    if (!d || *d > answered_on) {
      std::cerr << "--date skal være en dato som ÅÅÅÅ-MM-DD, ikke efter i dag.\n";
      return 2;
    }
    answered_on = *d;
  }
  std::string only_group;
  if (survey()) {
    auto s = store->surveys().survey(*survey());
    if (!s) {
      std::cerr << "Undersøgelse " << survey_id << " findes ikke.\n";
      return 1;
    }
    only_group = s->questionnaire;
  }
  const SurveyCsvImport parsed = parse_survey_csv(*text, all, answered_on, only_group);
  auto report_problems = [&](const std::vector<CsvImportProblem>& problems) {
    for (const auto& p : problems) {
      std::cerr << file << ", linje " << p.line << (p.column.empty() ? "" : ", kolonne " + p.column) << ": "
                << messages.text("da", p.message) << "\n";
    }
    std::cerr << "Intet er gemt. Ret filen og indlæs den igen.\n";
  };
  if (!parsed.problems.empty()) {
    report_problems(parsed.problems);
    return 1;
  }
  auto stored = store->surveys().import(parsed.responses, survey(), Actor::system());
  if (!stored) {
    if (stored.error().code == ErrorCode::kNotFound) {
      std::cerr << messages.text("da", stored.error().message) << "\n";
      return 1;
    }
    // Respondents already stored: name their lines.
    const auto problems = refused_lines(parsed, stored.error(), respondent_key);
    report_problems(problems);
    return 1;
  }
  std::cerr << *stored << " besvarelser er indlæst fra " << file << ".\n";
  if (format == "json") std::cout << nlohmann::json{{"imported", *stored}}.dump() << "\n";
  return 0;
}

int SurveyCommands::Impl::run_report() {
  const std::string dir = share_dir(share);
  render::Renderer renderer(dir);
  SystemClock clock;
  auto store = open_store(db, clock);
  const auto settings = store->settings().load();
  const auto all = all_questionnaires(*store, load_builtin_questionnaires(dir + "/data"));
  SurveyFilter f;
  f.survey_id = survey();
  std::string subtitle = settings.municipality;
  if (f.survey_id) {
    auto s = store->surveys().survey(*f.survey_id);
    if (!s) {
      std::cerr << "Undersøgelse " << survey_id << " findes ikke.\n";
      return 1;
    }
    subtitle = s->title;
  }
  if (year > 0) {
    f.from = Date(year, 1, 1);
    f.to = Date(year, 12, 31);
    subtitle += ", " + std::to_string(year);
  }
  const SurveyResults r = survey_report(*store, all, renderer.messages(), f, by, settings.small_count_threshold);
  const std::string body =
      render_results(r, report_format, renderer, renderer.messages().text("da", "survey_page.report_title"), subtitle);
  (void)store->audit().append("survey.report", std::nullopt, "format:" + report_format, Actor::system());
  return write_output(out, body) ? 0 : 1;
}

int SurveyCommands::Impl::run_export() {
  const std::string dir = share_dir(share);
  render::Renderer renderer(dir);
  SystemClock clock;
  auto store = open_store(db, clock);
  const std::string body = network_export(*store, load_builtin_questionnaires(dir + "/data"), renderer.messages(),
                                          store->settings().load(), year, copenhagen_date(clock.now()));
  (void)store->audit().append("survey.export", std::nullopt, "year:" + std::to_string(year), Actor::system());
  if (!write_output(out, body)) return 1;
  std::cerr << "Eksporten er skrevet til " << out << " (kun optællinger og godkendte citater).\n";
  return 0;
}

int SurveyCommands::Impl::run_network() {
  const std::string dir = share_dir(share);
  render::Renderer renderer(dir);
  std::vector<std::pair<std::string, std::string>> exports;
  for (const auto& f : files) {
    auto text = read_file(f);
    if (!text) {
      std::cerr << "Kan ikke læse " << f << ".\n";
      return 2;
    }
    exports.emplace_back(f, std::move(*text));
  }
  const int min = threshold > 0 ? threshold : 5;
  const NetworkReport r =
      merge_network_exports(exports, load_builtin_questionnaires(dir + "/data"), renderer.messages(), min);
  std::string body;
  const std::string title = renderer.messages().text("da", "survey_page.network_title");
  const std::string subtitle = fill(renderer.messages().text("da", "survey_page.network_subtitle"), "count",
                                    std::to_string(r.municipalities.size()));
  if (report_format == "json") {
    body = network_report_json(r);
  } else if (report_format == "pdf") {
    auto text = render::survey_pdf_text(renderer.messages(), "da");
    text.title = title;
    text.subtitle = subtitle;
    body = render::survey_report_pdf(r.results, text);
  } else {
    nlohmann::json data = network_view(r, renderer.messages());
    data["title"] = title;
    data["subtitle"] = subtitle;
    body = renderer.render("survey_document", data, "da");
  }
  return write_output(out, body) ? 0 : 1;
}

}  // namespace bb::cli
