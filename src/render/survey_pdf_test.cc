#include "render/survey_pdf.h"

#include <gtest/gtest.h>
#include <qrencode.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <numeric>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

// The LeakSanitizer suppression for fontconfig is defined once for the test binary, in
// report_pdf_test.cc.

namespace bb::render {
namespace {

namespace fs = std::filesystem;

const char* const kLabels[] = {"Meget enig", "Enig",        "Hverken enig eller uenig",
                               "Uenig",      "Meget uenig", "Ved ikke"};

QuestionResult likert(const std::string& id, const std::string& text, std::array<int64_t, 6> counts) {
  QuestionResult q;
  q.id = id;
  q.type = QuestionType::kLikert;
  q.text = text;
  q.answered = std::accumulate(counts.begin(), counts.end(), int64_t{0});
  for (size_t i = 0; i < counts.size(); ++i) {
    q.shares.push_back({kLikertCodes[i], kLabels[i], counts[i], percent_one_decimal(counts[i], q.answered)});
  }
  q.agree_percent = percent_one_decimal(counts[0] + counts[1], q.answered);
  return q;
}

QuestionResult choice(const std::string& id, QuestionType type, const std::string& text, int64_t answered,
                      const std::vector<std::pair<std::string, int64_t>>& options) {
  QuestionResult q;
  q.id = id;
  q.type = type;
  q.text = text;
  q.answered = answered;
  for (const auto& [label, n] : options)
    q.shares.push_back({label, label, n, percent_one_decimal(n, answered)});
  return q;
}

GroupResult citizens(int64_t respondents, int64_t scale) {
  GroupResult g;
  g.group = "borger";
  g.title = "Spørgeskema til borgere";
  g.respondents = respondents * scale;
  g.questions.push_back(choice("B_REASON", QuestionType::kMulti,
                               "Jeg henvendte mig til borgerrådgiveren for at …", 40 * scale,
                               {{"forstå en afgørelse, et brev eller andet fra kommunen", 25 * scale},
                                {"klage over kommunen", 18 * scale},
                                {"andet", 3 * scale}}));
  g.questions.push_back(likert("B_GUIDANCE",
                               "Jeg fik brugbar vejledning eller blev hjulpet videre med min sag",
                               {36 * scale, 7 * scale, 2 * scale, 1 * scale, 1 * scale, 0}));
  g.questions.push_back(likert("B_SOLUTION", "Borgerrådgiveren bidrog til at finde en løsning",
                               {20 * scale, 10 * scale, 5 * scale, 4 * scale, 3 * scale, 3 * scale}));
  g.questions.push_back(likert("B_RESPECT", "Jeg blev mødt med respekt", {0, 0, 0, 0, 0, 0}));
  QuestionResult comment;
  comment.id = "B_COMMENT";
  comment.type = QuestionType::kText;
  comment.text = "Har du kommentarer til din kontakt med borgerrådgiveren?";
  comment.answered = 12 * scale;
  g.questions.push_back(comment);
  return g;
}

GroupResult staff(int64_t respondents) {
  GroupResult g;
  g.group = "ansat";
  g.title = "Spørgeskema til medarbejdere";
  g.respondents = respondents;
  g.questions.push_back(
      likert("A_USEFUL", "Borgerrådgiverens henvendelser er nyttige for mit arbejde", {8, 9, 3, 1, 0, 1}));
  g.questions.push_back(
      choice("A_ROLE", QuestionType::kSingle, "Min rolle", 22, {{"Leder", 5}, {"Sagsbehandler", 17}}));
  return g;
}

SurveyResults sample_results() {
  SurveyResults r;
  r.groups = {citizens(47, 1), staff(22)};
  r.by = "municipality";
  r.threshold = 5;
  BreakdownEntry big;
  big.name = "Æblerød Kommune";
  big.respondents = 94;
  big.groups = {citizens(47, 2)};
  big.suppressed_groups = {"ansat"};
  BreakdownEntry small;
  small.name = "Lilleø Kommune";
  small.suppressed = true;
  // Numbers a careless renderer could leak: they must not appear.
  small.respondents = 3;
  GroupResult hidden;
  hidden.group = "borger";
  hidden.respondents = 3;
  hidden.questions.push_back(likert("B_GUIDANCE", "Hemmeligt udsagn", {3, 0, 0, 0, 0, 0}));
  small.groups = {hidden};
  r.breakdown = {big, small};
  r.quotes = {{"borger", "B_COMMENT", "Rådgiveren lyttede og forklarede afgørelsen, så jeg forstod den."},
              {"ansat", "A_COMMENT", "Gode og konkrete henvendelser."}};
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

// A PDF written to a temporary file, with its text (pdftotext -raw, pages split at form
// feeds) and pdfinfo's page count. BB_KEEP_SURVEY_PDF=/tmp/x keeps copies (x-<name>.pdf).
struct Extracted {
  std::string path;
  std::string text;
  std::vector<std::string> pages;
  int page_count = 0;
  std::string info;

  Extracted(const std::string& pdf, const std::string& name) {
    path = (fs::temp_directory_path() / ("brobygger-" + name + "-" + std::to_string(getpid()) + ".pdf"))
               .string();
    std::ofstream(path, std::ios::binary) << pdf;
    if (const char* keep = std::getenv("BB_KEEP_SURVEY_PDF")) {
      std::ofstream(std::string(keep) + "-" + name + ".pdf", std::ios::binary) << pdf;
    }
    text = run("pdftotext -raw -enc UTF-8 '" + path + "' -");
    info = run("pdfinfo '" + path + "'");
    std::string page;
    for (char c : text) {
      if (c == '\f') {
        pages.push_back(std::move(page));
        page.clear();
      } else {
        page += c;
      }
    }
    if (!page.empty()) pages.push_back(page);
    std::smatch m;
    if (std::regex_search(info, m, std::regex("Pages:\\s+(\\d+)"))) page_count = std::stoi(m[1]);
  }
  ~Extracted() { fs::remove(path); }
  Extracted(const Extracted&) = delete;
  Extracted& operator=(const Extracted&) = delete;

  bool has(const std::string& s) const { return text.find(s) != std::string::npos; }
};

Messages messages() {
  return Messages(std::string(BB_SOURCE_DIR) + "/messages");
}

// --- the results --------------------------------------------------------------------------------

class SurveyPdf : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    SurveyPdfText t = survey_pdf_text(messages(), "da");
    t.date = "12. marts 2025";
    pdf_ = new std::string(survey_report_pdf(sample_results(), t));
    doc_ = new Extracted(*pdf_, "survey-report");
  }
  static void TearDownTestSuite() {
    delete doc_;
    delete pdf_;
  }
  static std::string* pdf_;
  static Extracted* doc_;
};
std::string* SurveyPdf::pdf_ = nullptr;
Extracted* SurveyPdf::doc_ = nullptr;

TEST_F(SurveyPdf, IsATaggedA4PdfWithMetadata) {
  ASSERT_EQ(pdf_->rfind("%PDF-", 0), 0u);
  EXPECT_NE(pdf_->find("/StructTreeRoot"), std::string::npos);
  EXPECT_NE(doc_->info.find("Page size:       595.276 x 841.89 pts (A4)"), std::string::npos) << doc_->info;
  EXPECT_NE(doc_->info.find("Tilfredshedsundersøgelse – Landsrapport"), std::string::npos) << doc_->info;
  EXPECT_GE(doc_->page_count, 3);
  EXPECT_EQ(static_cast<size_t>(doc_->page_count), doc_->pages.size());
}

TEST_F(SurveyPdf, TitlePageAndEveryPageNumbered) {
  const std::string& first = doc_->pages.at(0);
  EXPECT_NE(first.find("Tilfredshedsundersøgelse"), std::string::npos) << first;
  EXPECT_NE(first.find("Landsrapport"), std::string::npos);
  EXPECT_NE(first.find("12. marts 2025"), std::string::npos);
  EXPECT_TRUE(std::regex_search(first, std::regex("Spørgeskema til borgere\\s+47"))) << first;
  const std::string total = std::to_string(doc_->pages.size());
  for (size_t i = 0; i < doc_->pages.size(); ++i) {
    EXPECT_NE(doc_->pages[i].find("Side " + std::to_string(i + 1) + " af " + total), std::string::npos)
        << "page " << i + 1 << "\n"
        << doc_->pages[i];
  }
  EXPECT_TRUE(doc_->has("Side 1 af"));
}

TEST_F(SurveyPdf, HasTheNumbersOfEveryQuestionAsText) {
  for (const char* s : {"Spørgeskema til borgere", "47 har besvaret spørgeskemaet.", "Udsagn",
                        "Jeg fik brugbar vejledning eller blev hjulpet videre med min sag",
                        "Borgerrådgiveren bidrog til at finde en løsning", "Enig eller meget enig: 91,5 %",
                        "Besvaret af 47.", "Hverken enig eller uenig", "Jeg blev mødt med respekt",
                        "Ingen har besvaret spørgsmålet.", "Man kunne sætte flere krydser",
                        "12 skrev en kommentar", "Spørgeskema til medarbejdere", "Sagsbehandler"}) {
    EXPECT_TRUE(doc_->has(s)) << "missing: " << s << "\n" << doc_->text;
  }
  // B_GUIDANCE: 36, 7, 2, 1, 1, 0 of 47.
  for (const char* row : {"Meget enig 36 76,6 %", "Enig 7 14,9 %", "Hverken enig eller uenig 2 4,3 %",
                          "Uenig 1 2,1 %", "Meget uenig 1 2,1 %", "Ved ikke 0 0,0 %", "I alt 47 100,0 %"}) {
    EXPECT_TRUE(doc_->has(row)) << "missing row: " << row << "\n" << doc_->text;
  }
  // Multiple choice: shares of the 40 who answered.
  EXPECT_TRUE(doc_->has("klage over kommunen 18 45,0 %")) << doc_->text;
  EXPECT_TRUE(doc_->has("Sagsbehandler 17 77,3 %"));
  // The chart's percentages are drawn as text too.
  EXPECT_TRUE(doc_->has("Enige"));
  EXPECT_TRUE(doc_->has("91,5 %"));
}

TEST_F(SurveyPdf, BreakdownWithholdsSmallGroups) {
  EXPECT_TRUE(doc_->has("Resultater fordelt på kommune"));
  EXPECT_TRUE(doc_->has("Æblerød Kommune 94"));
  EXPECT_TRUE(doc_->has("Spørgeskema til borgere · 94 besvarelser"));
  EXPECT_TRUE(doc_->has("Spørgeskema til medarbejdere: færre end 5 besvarelser – ikke vist"));
  std::istringstream lines(doc_->text);
  std::string line;
  int seen = 0;
  while (std::getline(lines, line)) {
    if (line.find("Lilleø Kommune") == std::string::npos) continue;
    ++seen;
    EXPECT_NE(line.find("færre end 5 besvarelser – ikke vist"), std::string::npos) << line;
    EXPECT_EQ(line.find('3'), std::string::npos) << line;
  }
  EXPECT_EQ(seen, 1);
  EXPECT_FALSE(doc_->has("Hemmeligt udsagn"));
}

TEST_F(SurveyPdf, QuotesAndMethodNote) {
  EXPECT_TRUE(doc_->has("Citater"));
  EXPECT_TRUE(doc_->has("»Rådgiveren lyttede og forklarede afgørelsen, så jeg forstod den.«")) << doc_->text;
  EXPECT_TRUE(doc_->has("»Gode og konkrete henvendelser.«"));
  EXPECT_TRUE(doc_->has("Metode og anonymitet"));
  EXPECT_TRUE(doc_->has("færre end 5 besvarelser vises ikke"));
  // The quotes come after the breakdown, the method note last.
  const size_t quotes = doc_->text.find("\nCitater\n");
  ASSERT_NE(quotes, std::string::npos);
  EXPECT_LT(doc_->text.find("Resultater fordelt på"), quotes);
  EXPECT_LT(quotes, doc_->text.find("Metode og anonymitet"));
}

TEST(SurveyPdfRender, EmptyResultsAndBadBytesStillRender) {
  SurveyPdfText t = survey_pdf_text(messages(), "da");
  t.subtitle = "Test\x01 Kommune \xff";
  const std::string pdf = survey_report_pdf(SurveyResults{}, t);
  ASSERT_EQ(pdf.rfind("%PDF-", 0), 0u);
  const Extracted doc(pdf, "survey-empty");
  EXPECT_TRUE(doc.has("Der er endnu ingen besvarelser.")) << doc.text;
  EXPECT_TRUE(doc.has("Side 1 af 1")) << doc.text;
}

TEST(SurveyPdfRender, ManyStatementsAreDrawnAsSeveralCharts) {
  SurveyResults r;
  GroupResult g;
  g.group = "egen";
  g.title = "Eget skema";
  g.respondents = 30;
  for (int i = 0; i < 19; ++i) {
    g.questions.push_back(
        likert("Q" + std::to_string(i), "Udsagn nummer " + std::to_string(i), {10, 8, 5, 4, 2, 1}));
  }
  r.groups = {g};
  const Extracted doc(survey_report_pdf(r, survey_pdf_text(messages(), "da")), "survey-many");
  EXPECT_GE(doc.page_count, 3);
  EXPECT_TRUE(doc.has("Udsagn nummer 18"));
}

// --- the paper questionnaire --------------------------------------------------------------------

// The first three words of a text.
std::string first_words(const std::string& text) {
  size_t at = 0;
  for (int i = 0; i < 3 && at != std::string::npos; ++i) at = text.find(' ', at + 1);
  return text.substr(0, at);
}

Questionnaire builtin(const std::string& code) {
  std::ifstream in(std::string(BB_SOURCE_DIR) + "/data/questionnaires.json");
  std::stringstream s;
  s << in.rdbuf();
  for (const Questionnaire& q : parse_questionnaires(s.str())) {
    if (q.code == code) return q;
  }
  ADD_FAILURE() << "no questionnaire " << code;
  return {};
}

TEST(SurveyPdfQuestionnaire, HasNumberedQuestionsWithBoxesAndLabels) {
  const Questionnaire q = builtin("borger");
  const Extracted doc(questionnaire_pdf(q, questionnaire_pdf_text(messages(), "da")), "questionnaire");
  ASSERT_GE(doc.page_count, 1);
  EXPECT_TRUE(doc.has(q.title)) << doc.text;
  EXPECT_TRUE(doc.has("Side 1 af"));
  for (size_t i = 0; i < q.questions.size(); ++i) {
    const std::string number = std::to_string(i + 1) + ".";
    EXPECT_TRUE(doc.has(number)) << number;
    // The first words of every question (long texts wrap).
    const std::string start = first_words(q.questions[i].text);
    EXPECT_TRUE(doc.has(start)) << start << "\n" << doc.text;
  }
  // (Labels wrap in their columns; pdftotext -raw splits "Tak" after the kerned "T".)
  for (const char* s : {"Meget enig", "Hverken enig", "Meget uenig", "Ved ikke", "Sæt gerne flere krydser.",
                        "klage over kommunen", "for dine svar."}) {
    EXPECT_TRUE(doc.has(s)) << "missing: " << s << "\n" << doc.text;
  }
}

TEST(SurveyPdfQuestionnaire, NeverSplitsAQuestionAcrossPages) {
  Questionnaire q;
  q.code = "lang";
  q.title = "Et langt skema";
  q.intro = "Indledning.";
  for (int i = 0; i < 14; ++i) {
    Question x;
    x.id = "Q" + std::to_string(i);
    x.type = i % 3 == 2 ? QuestionType::kText : QuestionType::kMulti;
    x.text = "Spørgsmål nummer " + std::to_string(i) + " om noget vigtigt";
    if (x.type == QuestionType::kMulti) {
      for (int k = 0; k < 6; ++k) {
        x.options.push_back(
            {"o" + std::to_string(k), "Svar " + std::to_string(i) + "-" + std::to_string(k), ""});
      }
    }
    q.questions.push_back(x);
  }
  const Extracted doc(questionnaire_pdf(q, questionnaire_pdf_text(messages(), "da")), "questionnaire-long");
  ASSERT_GE(doc.page_count, 2);
  for (int i = 0; i < 14; ++i) {
    if (i % 3 == 2) continue;
    const std::string head = "Spørgsmål nummer " + std::to_string(i) + " om";
    const std::string last = "Svar " + std::to_string(i) + "-5";
    bool together = false;
    for (const std::string& page : doc.pages) {
      if (page.find(head) != std::string::npos) together = page.find(last) != std::string::npos;
    }
    EXPECT_TRUE(together) << "question " << i << " is split";
  }
}

TEST(SurveyPdfQuestionnaire, EnglishUsesTheEnglishTexts) {
  const Questionnaire q = builtin("borger");
  QuestionnairePdfText t = questionnaire_pdf_text(messages(), "en");
  EXPECT_EQ(t.lang, "en");
  const Extracted doc(questionnaire_pdf(q, t), "questionnaire-en");
  EXPECT_TRUE(doc.has(q.title_en)) << doc.text;
  EXPECT_TRUE(doc.has(first_words(q.questions[0].text_en))) << doc.text;
}

// --- the code slips -----------------------------------------------------------------------------

std::vector<std::string> codes(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "K7P%02dXQ", i);
    out.push_back(buf);
  }
  return out;
}

const std::string kUrl = "https://borgerraadgiver.aeblerod.dk/svar/tilfreds-2025";

TEST(SurveyPdfSlips, EightSlipsToASheet) {
  const SlipText t = slip_text(messages(), "da");
  for (auto [n, pages] : {std::pair{1, 1}, std::pair{8, 1}, std::pair{9, 2}, std::pair{17, 3}}) {
    const Extracted doc(code_slips_pdf(codes(n), kUrl, t), "slips-" + std::to_string(n));
    EXPECT_EQ(doc.page_count, pages) << n << " codes";
    for (const std::string& c : codes(n)) EXPECT_TRUE(doc.has(c)) << c;
  }
}

TEST(SurveyPdfSlips, HaveHeadingInstructionAddressAndCode) {
  const Extracted doc(code_slips_pdf(codes(3), kUrl, slip_text(messages(), "da")), "slips-text");
  EXPECT_TRUE(doc.has("Hvad synes du om borgerrådgiveren?")) << doc.text;
  EXPECT_TRUE(doc.has("Din kode"));
  EXPECT_TRUE(doc.has("Scan QR-koden"));
  EXPECT_TRUE(doc.has(kUrl)) << doc.text;
  EXPECT_TRUE(doc.has("K7P02XQ"));
}

TEST(SurveyPdfSlips, NoCodesGivesOnePageSayingSo) {
  const SlipText t = slip_text(messages(), "da");
  const std::string pdf = code_slips_pdf({}, kUrl, t);
  ASSERT_EQ(pdf.rfind("%PDF-", 0), 0u);
  const Extracted doc(pdf, "slips-none");
  EXPECT_EQ(doc.page_count, 1);
  EXPECT_TRUE(doc.has("Der er ingen ubrugte koder at udskrive.")) << doc.text;
}

// A greyscale image (PGM, as pdftoppm writes it).
struct Grey {
  int w = 0, h = 0;
  std::string pixels;
  int at(double x, double y) const {
    return static_cast<unsigned char>(
        pixels[static_cast<size_t>(static_cast<int>(y) * w + static_cast<int>(x))]);
  }
};

Grey read_pgm(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  Grey g;
  std::string magic;
  int max = 0;
  in >> magic >> g.w >> g.h >> max;
  in.get();
  g.pixels.assign(std::istreambuf_iterator<char>(in), {});
  if (magic != "P5" || max != 255 || g.pixels.size() < static_cast<size_t>(g.w) * g.h) return {};
  return g;
}

// The QR codes drawn are the symbols of the answer address with each code: the page is
// rasterised and the middle of every module compared with libqrencode's matrix, quiet zone
// included. (zbarimg is not installed, so the symbol is not decoded by a reader.)
TEST(SurveyPdfSlips, QrCodesAreTheSymbolsOfTheAddressWithTheCode) {
  const std::vector<std::string> all = codes(3);
  const Extracted doc(code_slips_pdf(all, kUrl, slip_text(messages(), "da")), "slips-qr");
  const std::string base = doc.path + "-page";
  constexpr int kDpi = 288;  // 4 pixels per point
  run("pdftoppm -gray -r " + std::to_string(kDpi) + " -f 1 -l 1 -singlefile '" + doc.path + "' '" + base +
      "'");
  const Grey img = read_pgm(base + ".pgm");
  fs::remove(base + ".pgm");
  ASSERT_GT(img.w, 0) << "pdftoppm gave no image";
  const double scale = kDpi / 72.0;
  for (size_t i = 0; i < all.size(); ++i) {
    std::unique_ptr<QRcode, void (*)(QRcode*)> qr(
        QRcode_encodeString((kUrl + "?kode=" + all[i]).c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), QRcode_free);
    ASSERT_TRUE(qr);
    const SlipQrBox at = code_slip_qr_box(i);
    const int n = qr->width;
    const double module = at.size / (n + 8);
    int wrong = 0;
    for (int row = -4; row < n + 4; ++row) {
      for (int col = -4; col < n + 4; ++col) {
        const bool inside = row >= 0 && col >= 0 && row < n && col < n;
        const bool dark = inside && (qr->data[row * n + col] & 1);
        const double x = (at.x + (col + 4.5) * module) * scale;
        const double y = (at.y + (row + 4.5) * module) * scale;
        wrong += (img.at(x, y) < 128) != dark;
      }
    }
    EXPECT_EQ(wrong, 0) << "slip " << i;
  }
  // A different code gives a different symbol: the check above would notice a swap.
  std::unique_ptr<QRcode, void (*)(QRcode*)> a(
      QRcode_encodeString((kUrl + "?kode=" + all[0]).c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), QRcode_free);
  std::unique_ptr<QRcode, void (*)(QRcode*)> b(
      QRcode_encodeString((kUrl + "?kode=" + all[1]).c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), QRcode_free);
  auto modules = [](const QRcode& q) {
    std::string out;
    for (int k = 0; k < q.width * q.width; ++k) out += (q.data[k] & 1) ? '#' : '.';
    return out;
  };
  EXPECT_NE(modules(*a), modules(*b));
}

}  // namespace
}  // namespace bb::render
