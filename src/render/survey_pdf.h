// The satisfaction survey's PDFs, A4, set with pango (DejaVu Sans, embedded) so Danish
// letters and long texts render; tagged (headings, paragraphs, tables) like the annual report,
// whose machinery they share (render/pdf_doc.h).
//
//   survey_report_pdf()  the results, as the national report lays them out: a title page, per
//                        questionnaire group the respondents, a stacked Likert chart and a table
//                        per question (so no number is only in the chart), the breakdown with
//                        small groups withheld, approved quotes, and the method and anonymity
//                        note; "Side N af M" on every page.
//   questionnaire_pdf()  a paper questionnaire to print: numbered questions with check boxes
//                        (six labelled boxes per Likert statement) and ruled boxes for comments;
//                        no question is split across pages.
//   code_slips_pdf()     slips to hand out, eight to a sheet with dashed cut lines: a heading, an
//                        instruction, a QR code of the answer address with the code, the address
//                        and the code in large letters.
//
// Every fixed text is passed in a plain struct; the *_text() helpers fill them from the
// "survey_render" object of the message catalogue (the caller may then change any field).
// Everything else is rendered as given: pass results made with the threshold applied.
// Thread-safe (no shared state); throws std::runtime_error if cairo or libqrencode fails.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "domain/survey.h"
#include "render/renderer.h"

namespace bb::render {

// --- the results ------------------------------------------------------------------------------

// Texts with {placeholders} are filled by the renderer. Keys are under "survey_render.".
struct SurveyPdfText {
  // Usually set by the caller.
  std::string title;     // title: "Tilfredshedsundersøgelse"
  std::string subtitle;  // national: "Landsrapport" (or the municipality)
  std::string date;      // "" = none; e.g. "12. marts 2025"
  std::string method;    // method_note: paragraphs separated by blank lines
  // Fixed texts.
  std::string document_title;     // document_title: "{title} – {subtitle}" (PDF metadata)
  std::string footer;             // footer: "{title} · {subtitle}"
  std::string page;               // page: "Side {n} af {m}"
  std::string overview;           // overview: "Besvarelser"
  std::string col_group;          // col_group: "Spørgeskema"
  std::string col_respondents;    // col_respondents: "Besvarelser"
  std::string respondents;        // respondents: "{n} har besvaret spørgeskemaet."
  std::string no_responses;       // no_responses
  std::string statements;         // statements: "Udsagn" (above the chart)
  std::string chart_title;        // chart_title: "… {group}" (the chart's <title>)
  std::string chart_desc;         // chart_desc
  std::string chart_agree;        // chart_agree: "Enige"
  std::string chart_numbers;      // chart_numbers: where the chart's numbers are
  std::string col_answer;         // col_answer: "Svar"
  std::string col_option;         // col_option: "Svarmulighed"
  std::string col_count;          // col_count: "Antal"
  std::string col_percent;        // col_percent: "Andel"
  std::string total;              // total: "I alt"
  std::string answered;           // answered: "Besvaret af {n}."
  std::string agree;              // agree: "Enig eller meget enig: {percent}."
  std::string multi_note;         // multi_note: shares are of those who answered
  std::string text_answered;      // text_answered: "{n} skrev en kommentar. …"
  std::string not_answered;       // not_answered
  std::string breakdown;          // breakdown: "Resultater fordelt på {by}"
  std::string by_municipality;    // by_municipality: "kommune"
  std::string by_survey;          // by_survey: "undersøgelse"
  std::string by_year;            // by_year: "år"
  std::string breakdown_note;     // breakdown_note: "… mindst {threshold} …"
  std::string col_name;           // col_name: "Gruppe"
  std::string col_statement;      // col_statement: "Udsagn"
  std::string col_answered;       // col_answered: "Besvaret"
  std::string col_agree;          // col_agree: "Enige"
  std::string suppressed;         // suppressed: "færre end {threshold} besvarelser – ikke vist"
  std::string group_respondents;  // group_respondents: "{group} · {n} besvarelser"
  std::string quotes;             // quotes: "Citater"
  std::string quotes_note;        // quotes_note
  std::string method_heading;     // method_heading: "Metode og anonymitet"
  std::string anonymity;          // anonymity_note: "… færre end {threshold} …"
};
SurveyPdfText survey_pdf_text(const Messages& m, const std::string& lang);

// The PDF file's bytes.
std::string survey_report_pdf(const SurveyResults& r, const SurveyPdfText& t);

// --- the paper questionnaire ------------------------------------------------------------------

struct QuestionnairePdfText {
  std::string lang = "da";            // "en": the questionnaire's English texts where it has them
  std::array<std::string, 6> likert;  // likert.5 … likert.0: in kLikertCodes order
  std::string instruction;            // instruction: how to fill in the form
  std::string single_hint;            // single_hint: "Sæt ét kryds."
  std::string multi_hint;             // multi_hint: "Sæt gerne flere krydser."
  std::string text_hint;              // text_hint: no names or CPR numbers
  std::string thanks;                 // thanks: "Tak for dine svar."
  std::string return_note;            // return_note: where to hand in the form
  std::string page;                   // page: "Side {n} af {m}"
};
QuestionnairePdfText questionnaire_pdf_text(const Messages& m, const std::string& lang);

std::string questionnaire_pdf(const Questionnaire& q, const QuestionnairePdfText& t);

// --- the code slips ---------------------------------------------------------------------------

struct SlipText {
  std::string heading;         // slip_heading: "Hvad synes du om borgerrådgiveren?"
  std::string instruction;     // slip_instruction: scan the code, or go to the address
  std::string code_label;      // slip_code: "Din kode"
  std::string no_codes;        // slip_no_codes: there are no codes to print
  std::string document_title;  // slip_document_title: "Svarkoder" (PDF metadata)
};
SlipText slip_text(const Messages& m, const std::string& lang);

inline constexpr size_t kSlipsPerPage = 8;  // 2 columns × 4 rows

// Eight slips per A4 sheet, in the order given; a sheet with t.no_codes when there are none.
// The QR code holds url_base + "?kode=" + code ("&kode=" when url_base has a query); the
// address printed is url_base, where the code can be typed in.
std::string code_slips_pdf(const std::vector<std::string>& codes, const std::string& url_base,
                           const SlipText& t);

// Where the QR code of the slip at `position` (0–7, row by row) is drawn, in points from the
// page's top-left corner: a square `size` wide holding the symbol and a quiet zone of four
// modules on every side. For tests and print checks.
struct SlipQrBox {
  double x = 0, y = 0, size = 0;
};
SlipQrBox code_slip_qr_box(size_t position);

}  // namespace bb::render
