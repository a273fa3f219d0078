#include "render/report_pdf.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

// LeakSanitizer (the ASan test run): fontconfig, under pango, keeps its font caches behind
// encoded pointers that LSan cannot follow, so they are reported as leaked at exit. They are
// not ours and not leaks; this suppression applies to the whole test binary.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libfontconfig.so\n";
}

namespace bb::render {
namespace {

namespace fs = std::filesystem;

Cell n(int64_t v) {
  return Cell{v, false};
}

DurationStats durations(int64_t cases, double median, double p90, int64_t within, double within_pct) {
  DurationStats d;
  d.cases = cases;
  d.median = median;
  d.p90 = p90;
  d.within_target = within;
  d.within_target_pct = within_pct;
  return d;
}

Table table(const std::string& id, const std::string& title, std::vector<Row> rows, bool chart = true) {
  Table t;
  t.id = id;
  t.title = title;
  t.rows = std::move(rows);
  t.chart = chart;
  return t;
}

const char* const kMonths[] = {"januar", "februar", "marts",     "april",   "maj",      "juni",
                               "juli",   "august",  "september", "oktober", "november", "december"};

// Figures for one year, scaled by `k`. Department "Teknik og Miljø" is suppressed in the
// current year (its count is kept at 4 in the cell so a renderer that printed n would leak it).
ReportFigures figures(int year, int64_t k, bool current) {
  ReportFigures f;
  f.period.label = std::to_string(year);
  f.cases_total = n(1200 * k);
  for (int m = 0; m < 12; ++m) {
    char key[16];
    std::snprintf(key, sizeof key, "%d-%02d", year, m + 1);
    f.by_month.rows.push_back({key, kMonths[m], n((80 + 7 * m) * k)});
  }
  f.by_month.id = "by_month";
  f.by_month.title = "Henvendelser pr. måned";
  f.by_channel = table("by_channel", "Henvendelser efter kanal",
                       {{"telefon", "Telefon", n(500 * k)},
                        {"email", "E-mail", n(300 * k)},
                        {"brev", "Brev", n(60 * k)},
                        {"personligt", "Personligt fremmøde", n(90 * k)},
                        {"webformular", "Webformular", n(200 * k)},
                        {"digital_post", "Digital Post", n(50 * k)}});
  f.by_reason = table("by_reason", "Hvorfor borgerne henvendte sig",
                      {{"forstaa", "At forstå en afgørelse, et brev eller andet fra kommunen", n(410 * k)},
                       {"kontakt", "At komme i kontakt med kommunen", n(220 * k)},
                       {"hjaelp", "At få hjælp fra kommunen", n(190 * k)},
                       {"hoert", "At blive hørt af kommunen", n(80 * k)},
                       {"klage", "At klage over kommunen", n(250 * k)},
                       {"andet", "Andet", n(50 * k)}});
  f.by_department = table("by_department", "Henvendelser efter forvaltning",
                          {{"Børn og Familie", "Børn og Familie", n(380 * k)},
                           {"Beskæftigelse", "Beskæftigelse", n(300 * k)},
                           {"Sundhed & Omsorg <Ældre>", "Sundhed & Omsorg <Ældre>", n(260 * k)},
                           {"Økonomi", "Økonomi", n(110 * k)},
                           {"Teknik og Miljø", "Teknik og Miljø", current ? Cell{4, true} : n(17)}});
  f.by_outcome = table("by_outcome", "Resultat af henvendelserne",
                       {{"vejvisning", "Vejvisning", n(300 * k)},
                        {"vejledning", "Vejledning", n(420 * k)},
                        {"formidling", "Formidling (styrket borgerkontakt)", n(230 * k)},
                        {"maegling", "Mægling", n(30 * k)},
                        {"kritik", "Kritik", n(60 * k)},
                        {"ingen_kritik", "Ingen kritik", n(80 * k)},
                        {"afvist", "Afvist (uden for kompetence)", n(80 * k)}});
  f.by_theme = table("by_theme", "Forvaltningsretlige temaer",
                     {{"partshoering", "Partshøring", n(45 * k)},
                      {"begrundelse", "Begrundelse", n(38 * k)},
                      {"vejledningspligt", "Vejledningspligt", n(61 * k)},
                      {"sagsbehandlingstid", "Sagsbehandlingstid", n(72 * k)}});
  f.rejected = n(80 * k);
  f.rejection_reasons =
      table("rejection_reasons", "Afvist som uden for borgerrådgiverens kompetence: begrundelser",
            {{"Klage over politisk beslutning", "Klage over politisk beslutning", n(30 * k)},
             {"Sagen hører under Ankestyrelsen", "Sagen hører under Ankestyrelsen", n(50 * k)}},
            false);
  f.first_response = durations(1100 * k, 3.0 + k, 9.0 + k, 990 * k, 90.0);
  f.closing = durations(1050 * k, 12.0 + k, 38.0, 0, 0);
  f.first_response_target = 10;
  f.criticism_cases = n(60 * k);
  f.criticism_by_department =
      table("criticism_by_department", "Kritik efter forvaltning",
            {{"Børn og Familie", "Børn og Familie", n(30 * k)}, {"Økonomi", "Økonomi", n(30 * k)}});
  f.recommendations_issued = n(6 * k);
  f.recommendations_by_status =
      table("recommendations_by_status", "Henstillinger efter status",
            {{"afventer_svar", "Afventer svar", n(2 * k)}, {"fulgt", "Fulgt", n(4 * k)}});
  f.overdue_by_department =
      table("overdue_by_department", "Henstillinger uden svar efter fristen, efter forvaltning",
            {{"Børn og Familie", "Børn og Familie", n(k)}}, false);
  if (current) {
    f.recommendations = {{"H-2024-01",
                          "Partshøring før afgørelser om tabt arbejdsfortjeneste",
                          {"Børn og Familie"},
                          "afventer_svar",
                          true},
                         {"H-2024-02",
                          "Klare begrundelser i afslag på hjælpemidler",
                          {"Sundhed & Omsorg", "Økonomi"},
                          "fulgt",
                          false}};
    f.investigations = {{"U-2024-01", "Sagsbehandlingstider i Borgerservice", "afsluttet"}};
    f.activities = {{"undervisning", 12, 240, 1440}, {"sparring", 30, 45, 1800}};
  } else {
    f.activities = {{"undervisning", 9, 180, 1080}, {"oplaeg", 2, 120, 120}};
  }
  f.complaints_decided = n(25 * k);
  f.complaints_reversed = n(7 * k);
  return f;
}

std::string long_text(const std::string& start, int sentences) {
  std::string s = start;
  for (int i = 0; i < sentences; ++i) {
    s += " Borgerrådgiveren har i året set på sager om børn, ældre og økonomi, og forvaltningerne har taget "
         "godt imod"
         " vores henstillinger.";
    if (i % 6 == 5) s += "\n\n";
  }
  return s;
}

Report sample_report() {
  Report r;
  r.year = 2024;
  r.municipality = "Æblerød Kommune";
  r.office_name = "Borgerrådgiveren";
  r.foreword = long_text("Året 2024 bød på flere henvendelser end nogensinde før.", 40);
  r.current = figures(2024, 2, true);
  r.previous = figures(2023, 1, false);
  // As published() leaves them: last year's closing times of fewer than 5 cases withheld, and
  // last year's within-target count below 5.
  r.previous.closing = DurationStats{};
  r.previous.closing.suppressed = true;
  r.previous.first_response.within_target = 0;
  r.previous.first_response.within_target_pct = 0;
  r.previous.first_response.within_suppressed = true;
  r.stories = {{1, 2024, "Da Åse fik sin ydelse", long_text("Åse skrev til os i foråret.", 8), std::nullopt,
                true, "", 1},
               {2, 2024, "Et brev ingen forstod", long_text("Et brev om økonomisk friplads.", 5),
                std::nullopt, true, "", 1}};
  r.published = true;
  r.threshold = 5;
  return r;
}

std::string run(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  std::array<char, 4096> buf;
  size_t got;
  while ((got = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), got);
  pclose(p);
  return out;
}

class ReportPdf : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Messages m(std::string(BB_SOURCE_DIR) + "/messages");
    pdf_ = new std::string(report_pdf(sample_report(), m));
    path_ = new std::string(
        (fs::temp_directory_path() / ("brobygger-report-test-" + std::to_string(getpid()) + ".pdf"))
            .string());
    std::ofstream(*path_, std::ios::binary) << *pdf_;
    // BB_KEEP_REPORT_PDF=/tmp/x.pdf keeps a copy to look at (pdftoppm -png -r 50 /tmp/x.pdf /tmp/page).
    if (const char* keep = std::getenv("BB_KEEP_REPORT_PDF")) std::ofstream(keep, std::ios::binary) << *pdf_;
    text_ = new std::string(run("pdftotext -raw -enc UTF-8 '" + *path_ + "' -"));
    info_ = new std::string(run("pdfinfo '" + *path_ + "'"));
    // Pages are separated by form feeds.
    pages_ = new std::vector<std::string>();
    std::string page;
    for (char c : *text_) {
      if (c == '\f') {
        pages_->push_back(std::move(page));
        page.clear();
      } else {
        page += c;
      }
    }
    if (!page.empty()) pages_->push_back(page);
  }
  static void TearDownTestSuite() {
    fs::remove(*path_);
    delete pdf_;
    delete path_;
    delete text_;
    delete info_;
    delete pages_;
  }
  static std::string* pdf_;
  static std::string* path_;
  static std::string* text_;
  static std::string* info_;
  static std::vector<std::string>* pages_;
};
std::string* ReportPdf::pdf_ = nullptr;
std::string* ReportPdf::path_ = nullptr;
std::string* ReportPdf::text_ = nullptr;
std::string* ReportPdf::info_ = nullptr;
std::vector<std::string>* ReportPdf::pages_ = nullptr;

const std::vector<std::string> kSections = {"Forord",
                                            "Henvendelser i alt og pr. måned",
                                            "Kanal",
                                            "Årsag",
                                            "Forvaltning",
                                            "Resultat",
                                            "Temaer",
                                            "Afvist (uden for kompetence)",
                                            "Svartider",
                                            "Kritik",
                                            "Henstillinger",
                                            "Undersøgelser af egen drift",
                                            "Undervisning og sparring",
                                            "Klager",
                                            "Sager fortalt"};

TEST_F(ReportPdf, IsAPdfWithSeveralPagesAndMetadata) {
  ASSERT_EQ(pdf_->rfind("%PDF-", 0), 0u);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(*info_, m, std::regex("Pages:\\s+(\\d+)"))) << *info_;
  const int pages = std::stoi(m[1]);
  EXPECT_GE(pages, 3);
  EXPECT_EQ(static_cast<size_t>(pages), pages_->size());
  EXPECT_NE(info_->find("Årsberetning 2024 – Borgerrådgiveren"), std::string::npos) << *info_;
  EXPECT_NE(info_->find("Author:          Borgerrådgiveren"), std::string::npos) << *info_;
  EXPECT_NE(info_->find("Page size:       595.276 x 841.89 pts (A4)"), std::string::npos) << *info_;
  EXPECT_NE(pdf_->find("/Outlines"), std::string::npos);
}

TEST_F(ReportPdf, CoverHasTitleOfficeAndMunicipalityInDanishLetters) {
  const std::string& cover = pages_->at(0);
  EXPECT_NE(cover.find("Årsberetning 2024"), std::string::npos) << cover;
  EXPECT_NE(cover.find("Borgerrådgiveren"), std::string::npos);
  EXPECT_NE(cover.find("Æblerød Kommune"), std::string::npos);
  EXPECT_EQ(cover.find("Side 1 af"), std::string::npos) << "no page number on the cover";
}

TEST_F(ReportPdf, ContentsListsEverySectionWithTheRightPage) {
  const std::string& toc = pages_->at(1);
  ASSERT_NE(toc.find("Indhold"), std::string::npos) << toc;
  std::map<std::string, int> listed;
  std::istringstream lines(toc);
  std::string line;
  const std::regex entry("^\\s*(\\S.*?\\S)\\s+(\\d+)\\s*$");
  while (std::getline(lines, line)) {
    std::smatch m;
    if (std::regex_match(line, m, entry)) listed[m[1]] = std::stoi(m[2]);
  }
  int last = 0;
  for (const std::string& s : kSections) {
    ASSERT_TRUE(listed.count(s)) << "not in the contents: " << s << "\n" << toc;
    const int page = listed[s];
    EXPECT_GE(page, last) << s << " comes in report order";
    ASSERT_GE(page, 3);
    ASSERT_LE(static_cast<size_t>(page), pages_->size());
    EXPECT_NE(pages_->at(page - 1).find(s), std::string::npos) << s << " is not on page " << page;
    last = page;
  }
}

TEST_F(ReportPdf, EveryPageAfterTheCoverIsNumbered) {
  const std::string total = std::to_string(pages_->size());
  for (size_t i = 1; i < pages_->size(); ++i) {
    EXPECT_NE(pages_->at(i).find("Side " + std::to_string(i + 1) + " af " + total), std::string::npos)
        << "page " << i + 1;
  }
  EXPECT_NE(text_->find("Side 2 af"), std::string::npos);
}

// Regression: a paragraph gap at the very end of the last page opened an empty page.
TEST_F(ReportPdf, NoPageHoldsOnlyItsFooter) {
  const std::regex footer("Årsberetning 2024 · Borgerrådgiveren\\s*Side \\d+ af \\d+");
  for (size_t i = 0; i < pages_->size(); ++i) {
    const std::string rest = std::regex_replace(pages_->at(i), footer, "");
    EXPECT_NE(rest.find_first_not_of(" \n"), std::string::npos) << "page " << i + 1 << " is empty";
  }
}

TEST_F(ReportPdf, HasTheFiguresWithPreviousYearAndChange) {
  for (const char* s : {"Børn og Familie",
                        "Økonomi",
                        "Sundhed & Omsorg <Ældre>",
                        "Tal for diagrammet",
                        "Henvendelser i alt",
                        "2.400",
                        "december",
                        "Ændring",
                        "At forstå en afgørelse",
                        "Sagen hører under Ankestyrelsen",
                        "H-2024-01",
                        "svarfristen er",
                        "Sagsbehandlingstider i Borgerservice",
                        "Undervisning",
                        "Omgørelsesprocent",
                        "28,0 %",
                        "Første svar inden for 10 arbejdsdage",
                        "Da Åse fik sin ydelse",
                        "Et brev ingen forstod",
                        "Året 2024 bød på flere henvendelser"}) {
    EXPECT_NE(text_->find(s), std::string::npos) << "missing: " << s;
  }
  // Telefon: 1.000 this year, 500 the year before, +100 %.
  EXPECT_TRUE(std::regex_search(*text_, std::regex("Telefon\\s+1\\.000\\s+500\\s+\\+100,0 %"))) << *text_;
}

TEST_F(ReportPdf, SuppressedCountIsShownAsLessThanFiveAndNeverItsValue) {
  std::istringstream lines(*text_);
  std::string line;
  int seen = 0;
  while (std::getline(lines, line)) {
    if (line.find("Teknik og Miljø") == std::string::npos) continue;
    ++seen;
    EXPECT_EQ(line.find('4'), std::string::npos) << line;
  }
  EXPECT_GE(seen, 2) << "chart and table";
  EXPECT_TRUE(std::regex_search(*text_, std::regex("Teknik og Miljø\\s+< 5\\s+17\\s+–\\s+–"))) << *text_;
  EXPECT_NE(text_->find("vises som »< 5«"), std::string::npos);
}

TEST_F(ReportPdf, WithheldDurationsShowLessThanFiveAndNoFigures) {
  EXPECT_TRUE(std::regex_search(*text_, std::regex("Afsluttede sager 2\\.100 < 5 –"))) << *text_;
  EXPECT_TRUE(std::regex_search(*text_, std::regex("Tid til afslutning, median \\(arbejdsdage\\) 14,0 – –")));
  EXPECT_TRUE(std::regex_search(*text_, std::regex("Første svar inden for 10 arbejdsdage 90,0 % < 5 –")));
}

TEST_F(ReportPdf, LongForewordFlowsOntoTheNextPage) {
  // The foreword is about two pages of text: its last sentence lands on a later page than its first.
  size_t first = 0, last = 0;
  for (size_t i = 0; i < pages_->size(); ++i) {
    if (pages_->at(i).find("Året 2024 bød på") != std::string::npos) first = i;
    if (pages_->at(i).find("Henvendelser i alt og pr. måned") != std::string::npos && i > 1 && !last)
      last = i;
  }
  EXPECT_GT(last, first + 1);
}

TEST(ReportPdfRender, EmptyReportStillRenders) {
  Messages m(std::string(BB_SOURCE_DIR) + "/messages");
  Report r;
  r.year = 2025;
  r.office_name = "Borgerrådgiveren";
  r.municipality = "Test\x01 Kommune \xff";  // bad bytes are cleaned, not fatal
  const std::string pdf = report_pdf(r, m);
  EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
  EXPECT_NE(pdf.find("%%EOF"), std::string::npos);
}

}  // namespace
}  // namespace bb::render
