#include "render/report_xlsx.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <vector>

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

Table table(const std::string& id, const std::string& title, std::vector<Row> rows) {
  Table t;
  t.id = id;
  t.title = title;
  t.rows = std::move(rows);
  return t;
}

ReportFigures figures(int year, int64_t k, bool current) {
  ReportFigures f;
  f.period.label = std::to_string(year);
  f.cases_total = n(1200 * k);
  f.by_month = table("by_month", "Henvendelser pr. måned",
                     {{std::to_string(year) + "-01", "januar", n(100 * k)},
                      {std::to_string(year) + "-02", "februar", n(90 * k)}});
  f.by_channel = table("by_channel", "Henvendelser efter kanal", {{"telefon", "Telefon", n(500 * k)}});
  f.by_reason = table("by_reason", "Hvorfor borgerne henvendte sig",
                      {{"forstaa", "At forstå en afgørelse, et brev eller andet fra kommunen", n(410 * k)}});
  f.by_department = table("by_department", "Henvendelser efter forvaltning",
                          {{"Børn og Familie", "Børn og Familie", n(380 * k)},
                           {"Økonomi", "Økonomi", n(110 * k)},
                           {"Teknik og Miljø", "Teknik og Miljø", current ? Cell{4, true} : n(17)}});
  f.by_outcome = table("by_outcome", "Resultat af henvendelserne", {{"kritik", "Kritik", n(60 * k)}});
  // Two tables whose titles clash after Excel's rules (case, length, forbidden characters).
  f.by_theme = table("by_theme", "Forvaltningsretlige temaer: partshøring/begrundelse [alle]",
                     {{"partshoering", "Partshøring", n(45 * k)}});
  f.rejection_reasons = table("rejection_reasons", "FORVALTNINGSRETLIGE TEMAER: PARTSHØRING/BEGRUNDELSE",
                              {{"x", "Sagen hører under Ankestyrelsen", n(50 * k)}});
  f.criticism_by_department = table("criticism_by_department", "Kritik efter forvaltning", {});
  f.recommendations_by_status =
      table("recommendations_by_status", "Henstillinger efter status", {{"fulgt", "Fulgt", n(3 * k)}});
  f.overdue_by_department = table("overdue_by_department", "Henstillinger uden svar efter fristen", {});
  f.first_response = durations(1100 * k, 3.5, 9.0, 990 * k, 90.0);
  f.closing = durations(1050 * k, 12.0, 38.0, 0, 0);
  f.recommendations_issued = n(6 * k);
  f.complaints_decided = n(25 * k);
  f.complaints_reversed = n(7 * k);
  if (current) {
    f.recommendations = {
        {"H-2024-01", "Partshøring før afgørelser", {"Børn og Familie"}, "afventer_svar", true}};
    f.investigations = {{"U-2024-01", "Sagsbehandlingstider i Borgerservice", "afsluttet"}};
    f.activities = {{"undervisning", 12, 240, 1440}};
  }
  return f;
}

Report sample_report() {
  Report r;
  r.year = 2024;
  r.municipality = "Æblerød Kommune";
  r.office_name = "Borgerrådgiveren";
  r.current = figures(2024, 2, true);
  r.previous = figures(2023, 1, false);
  r.stories = {{1, 2024, "Da Åse fik sin ydelse", "Åse skrev til os & fik svar.", std::nullopt, true, "", 1}};
  r.published = true;
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

size_t leftover_temp_files() {
  size_t count = 0;
  for (const auto& e : fs::directory_iterator(fs::temp_directory_path())) {
    if (e.path().filename().string().rfind("brobygger-report-", 0) == 0 && e.path().extension() != ".pdf" &&
        e.path().extension() != ".xlsx") {
      ++count;
    }
  }
  return count;
}

TEST(ReportXlsx, OneSheetPerTablePlusTheListsAndDanishText) {
  Messages m(std::string(BB_SOURCE_DIR) + "/messages");
  const Report r = sample_report();
  const size_t before = leftover_temp_files();
  const std::string xlsx = report_xlsx(r, m);
  EXPECT_EQ(leftover_temp_files(), before) << "the temporary file is removed";
  ASSERT_EQ(xlsx.rfind("PK\x03\x04", 0), 0u) << "a zip file";

  const std::string path =
      (fs::temp_directory_path() / ("brobygger-xlsx-test-" + std::to_string(getpid()) + ".xlsx")).string();
  std::ofstream(path, std::ios::binary) << xlsx;
  if (const char* keep = std::getenv("BB_KEEP_REPORT_XLSX")) std::ofstream(keep, std::ios::binary) << xlsx;
  const std::string listing = run("unzip -l '" + path + "'");
  const std::string strings = run("unzip -p '" + path + "' xl/sharedStrings.xml");
  const std::string workbook = run("unzip -p '" + path + "' xl/workbook.xml");
  std::string sheets_xml;
  for (int i = 1; i <= 40; ++i)
    sheets_xml += run("unzip -p '" + path + "' xl/worksheets/sheet" + std::to_string(i) + ".xml 2>/dev/null");
  fs::remove(path);

  // Key figures + one per table + Svartider, Henstillinger, Undersøgelser, Undervisning og
  // sparring, Klager, Sager fortalt.
  const size_t expected = 1 + tables(r.current).size() + 6;
  const std::regex sheet_file("xl/worksheets/sheet[0-9]+\\.xml");
  size_t sheets = 0;
  for (auto it = std::sregex_iterator(listing.begin(), listing.end(), sheet_file);
       it != std::sregex_iterator(); ++it)
    ++sheets;
  EXPECT_EQ(sheets, expected) << listing;

  // Sheet names: from the titles, ≤ 31 characters, legal and unique.
  std::vector<std::string> names;
  const std::regex sheet_name_re("<sheet name=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(workbook.begin(), workbook.end(), sheet_name_re);
       it != std::sregex_iterator(); ++it) {
    names.push_back((*it)[1]);
  }
  ASSERT_EQ(names.size(), expected) << workbook;
  EXPECT_EQ(names[0], "Nøgletal");
  EXPECT_EQ(names[1], "Henvendelser pr. måned");
  EXPECT_EQ(names.back(), "Sager fortalt");
  std::set<std::string> unique(names.begin(), names.end());
  EXPECT_EQ(unique.size(), names.size());
  for (const char* s :
       {"Svartider", "Henstillinger", "Undersøgelser af egen drift", "Undervisning og sparring", "Klager"}) {
    EXPECT_TRUE(unique.count(s)) << s << "\n" << workbook;
  }
  for (const std::string& name : names) {
    size_t chars = 0;
    for (unsigned char c : name) chars += (c & 0xC0) != 0x80;
    EXPECT_LE(chars, 31u) << name;
    EXPECT_EQ(name.find_first_of("[]:*?/\\"), std::string::npos) << name;
  }

  // Danish letters and the suppressed count as text (XML-escaped in the file).
  for (const char* s : {"Børn og Familie", "Økonomi", "Æblerød", "Teknik og Miljø", "&lt; 5",
                        "Omgørelsesprocent", "Åse skrev til os &amp; fik svar.", "H-2024-01", "Afventer svar",
                        "Undervisning", "At forstå en afgørelse, et brev eller andet fra kommunen"}) {
    EXPECT_NE(strings.find(s), std::string::npos) << "missing: " << s;
  }
  // The suppressed cell's value (4) is not written as a number anywhere (number cells have no
  // t="s"; shared-string cells hold an index).
  auto number_cell = [&](const std::string& v) {
    return std::regex_search(sheets_xml,
                             std::regex("<c r=\"[A-Z]+[0-9]+\"( s=\"[0-9]+\")?><v>" + v + "</v>"));
  };
  EXPECT_FALSE(number_cell("4"));
  // Counts are numbers: Telefon 1000 and 500.
  EXPECT_TRUE(number_cell("1000"));
  EXPECT_TRUE(number_cell("500"));
}

TEST(ReportXlsx, SheetNamesFollowExcelsRules) {
  std::vector<std::string> taken;
  EXPECT_EQ(sheet_name("Kanal", taken), "Kanal");
  EXPECT_EQ(sheet_name("KANAL", taken), "KANAL (2)");
  EXPECT_EQ(sheet_name("kanal", taken), "kanal (3)");
  EXPECT_EQ(sheet_name("Årsag", taken), "Årsag");
  EXPECT_EQ(sheet_name("årsag", taken), "årsag (2)");
  EXPECT_EQ(sheet_name("a/b\\c[d]e:f*g?h", taken), "a b c d e f g h");
  EXPECT_EQ(sheet_name("'citat'", taken), "citat");
  EXPECT_EQ(sheet_name("", taken), "Ark");
  const std::string long_title = "Afvist som uden for borgerrådgiverens kompetence: begrundelser";
  const std::string a = sheet_name(long_title, taken);
  const std::string b = sheet_name(long_title, taken);
  EXPECT_EQ(a, "Afvist som uden for borgerrådgi");  // 31 characters, ø counted once
  EXPECT_EQ(b, "Afvist som uden for borgerr (2)");
}

}  // namespace
}  // namespace bb::render
