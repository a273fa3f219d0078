#include "render/survey_pdf.h"

#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <stdexcept>

#include "render/chart.h"
#include "render/pdf_doc.h"
#include "render/survey_chart.h"

namespace bb::render {

namespace {

using namespace pdf;  // the shared PDF machinery (render/pdf_doc.h)

std::string tr(const Messages& m, const std::string& lang, const std::string& key) {
  return m.text(lang, "survey_render." + key);
}

Pass pass_for(int total_pages) {
  return total_pages > 0 ? Pass::kDraw : Pass::kMeasure;
}

// "{title} · {subtitle}", or the title alone when there is no subtitle.
std::string with_subtitle(const std::string& pattern, const SurveyPdfText& t) {
  return t.subtitle.empty() ? t.title : fill(pattern, {{"title", t.title}, {"subtitle", t.subtitle}});
}

// Draws with a measuring pass first when the pages print "af M"; returns the bytes.
std::string two_passes(const Metadata& meta, const std::function<int(cairo_surface_t*, int)>& draw) {
  int pages = 0;
  render_pdf(nullptr, meta, [&](cairo_surface_t* s) { pages = draw(s, 0); });
  std::string out;
  int drawn = 0;
  render_pdf(&out, meta, [&](cairo_surface_t* s) { drawn = draw(s, pages); });
  if (drawn != pages) throw std::logic_error("PDF: the two passes paginated differently");
  return out;
}

void box(cairo_t* cr, double x, double y, double size) {
  set_colour(cr, kInk);
  cairo_set_line_width(cr, 1);
  cairo_rectangle(cr, x + 0.5, y + 0.5, size - 1, size - 1);
  cairo_stroke(cr);
}

// --- the results --------------------------------------------------------------------------------

constexpr size_t kChartRows = 8;  // statements per chart; more are drawn as further charts

class SurveyWriter : public Document {
 public:
  SurveyWriter(cairo_surface_t* surface, const SurveyResults& r, const SurveyPdfText& t, int total_pages)
      : Document(surface, pass_for(total_pages), total_pages, Footer{with_subtitle(t.footer, t), t.page, 1}),
        r_(r),
        t_(t) {}

  int run();

 private:
  void title_page();
  void group_section(const GroupResult& g);
  void likert_charts(const GroupResult& g);
  void question(const QuestionResult& q);
  void breakdown_section();
  void quotes_section();
  void method_section();
  std::string group_title(const std::string& code) const;
  std::string threshold_text(const std::string& text) const {
    return fill(text, {{"threshold", std::to_string(r_.threshold)}});
  }

  const SurveyResults& r_;
  const SurveyPdfText& t_;
};

std::string SurveyWriter::group_title(const std::string& code) const {
  for (const GroupResult& g : r_.groups) {
    if (g.group == code && !g.title.empty()) return g.title;
  }
  return code;
}

void SurveyWriter::title_page() {
  const double band = 300;
  set_colour(cr_, kBlue);
  cairo_rectangle(cr_, 0, 0, kPageW, band);
  cairo_fill(cr_);
  // The largest size at which the title's longest word fits on a line.
  double size = 32;
  for (; size > 20; size -= 4) {
    double widest = 0;
    size_t from = 0;
    while (from < t_.title.size()) {
      const size_t space = std::min(t_.title.find(' ', from), t_.title.size());
      widest =
          std::max(widest, Text(ctx_, t_.title.substr(from, space - from), Style{size, true}, 0).width());
      from = space + 1;
    }
    if (widest <= kWidth) break;
  }
  Text title(ctx_, t_.title, Style{size, true, kWhite, 1.05}, kWidth);
  Text subtitle(ctx_, t_.subtitle, Style{15, true, kWhite, 1.2}, kWidth);
  Text date(ctx_, t_.date, Style{11, false, kCoverTint, 1.2}, kWidth);
  // Title, subtitle and date stand at the foot of the band, a short white rule above them.
  const double below = 8 + subtitle.height() + (t_.date.empty() ? 0 : 4 + date.height());
  const double title_y = band - 40 - below - title.height();
  {
    Tag tag(cr_, "H1");
    title.draw(cr_, kLeft, title_y);
  }
  {
    Tag tag(cr_, "P");
    subtitle.draw(cr_, kLeft, title_y + title.height() + 8);
  }
  if (!t_.date.empty()) {
    Tag tag(cr_, "P");
    date.draw(cr_, kLeft, title_y + title.height() + 8 + subtitle.height() + 4);
  }
  set_colour(cr_, kWhite);
  cairo_rectangle(cr_, kLeft, title_y - 22, 60, 4);
  cairo_fill(cr_);

  y_ = band + 44;
  subheading(t_.overview, kH2, "H2");
  if (r_.groups.empty()) {
    note(t_.no_responses);
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const GroupResult& g : r_.groups) rows.push_back({group_title(g.group), format_int(g.respondents)});
  table({{t_.col_group, 0, false}, {t_.col_respondents, 110}}, rows);
}

void SurveyWriter::likert_charts(const GroupResult& g) {
  std::vector<const QuestionResult*> likert;
  for (const QuestionResult& q : g.questions) {
    if (q.type == QuestionType::kLikert && q.answered > 0) likert.push_back(&q);
  }
  if (likert.empty()) return;
  const LikertChartText text{fill(t_.chart_title, {{"group", group_title(g.group)}}), t_.chart_desc,
                             t_.chart_agree};
  subheading(t_.statements, kH2, "H2");
  for (size_t from = 0; from < likert.size(); from += kChartRows) {
    GroupResult part;
    part.group = g.group;
    part.title = g.title;
    part.respondents = g.respondents;
    for (size_t i = from; i < std::min(likert.size(), from + kChartRows); ++i)
      part.questions.push_back(*likert[i]);
    const double h = likert_chart_height(part, text, kWidth);
    place(h);
    {
      Tag tag(cr_, "Figure");
      draw_likert_chart(cr_, chart_font_, part, text, kLeft, y_, kWidth);
    }
    y_ += h + 4;
  }
  note(t_.chart_numbers);
  gap(14);
}

void SurveyWriter::question(const QuestionResult& q) {
  const std::string n = format_int(q.answered);
  std::vector<std::string> notes;
  TableData data;
  auto share_rows = [&](const std::string& first_column) {
    data.columns = {{first_column, 0, false}, {t_.col_count, 70}, {t_.col_percent, 70}};
    for (const AnswerShare& s : q.shares) {
      data.rows.push_back(
          {s.label.empty() ? s.code : s.label, format_int(s.count), format_percent(s.percent)});
    }
  };
  if (q.answered <= 0) {
    notes.push_back(t_.not_answered);
  } else if (q.type == QuestionType::kLikert) {
    share_rows(t_.col_answer);
    data.rows.push_back({t_.total, n, format_percent(100)});
    std::string line = fill(t_.answered, {{"n", n}});
    if (q.agree_percent) line += " " + fill(t_.agree, {{"percent", format_percent(*q.agree_percent)}});
    notes.push_back(line);
  } else if (q.type == QuestionType::kText) {
    notes.push_back(fill(t_.text_answered, {{"n", n}}));
  } else {
    share_rows(t_.col_option);
    notes.push_back(fill(t_.answered, {{"n", n}}));
    if (q.type == QuestionType::kMulti) notes.push_back(fill(t_.multi_note, {{"n", n}}));
  }

  // The whole question on one page when it fits there.
  const std::string title = q.text.empty() ? q.id : q.text;
  double whole = 12 + Text(ctx_, title, kH3, kWidth).height() + 6;
  for (const std::string& line : notes) whole += Text(ctx_, line, kCaption, kWidth).height();
  if (!data.rows.empty()) whole += 6 + measure(data).total;
  if (!just_headed_ && whole <= kBottom - kTop && whole > room()) new_page();
  subheading(title, kH3, "H2");
  for (const std::string& line : notes) note(line);
  if (!data.rows.empty()) {
    gap(6);
    table(data.columns, data.rows);
  } else {
    gap(kTableAfter);
  }
}

void SurveyWriter::group_section(const GroupResult& g) {
  section_heading(group_title(g.group), 80);
  paragraphs(fill(t_.respondents, {{"n", format_int(g.respondents)}}));
  likert_charts(g);
  for (const QuestionResult& q : g.questions) question(q);
}

void SurveyWriter::breakdown_section() {
  std::string by = r_.by;
  if (by == "municipality") by = t_.by_municipality;
  if (by == "survey") by = t_.by_survey;
  if (by == "year") by = t_.by_year;
  section_heading(fill(t_.breakdown, {{"by", by}}), 140);
  paragraphs(threshold_text(t_.breakdown_note));

  const std::string withheld = threshold_text(t_.suppressed);
  std::vector<std::vector<std::string>> overview;
  for (const BreakdownEntry& e : r_.breakdown) {
    overview.push_back({e.name, e.suppressed ? withheld : format_int(e.respondents)});
  }
  table({{t_.col_name, 0, false}, {t_.col_respondents, 220}}, overview);

  const std::vector<Column> columns{{t_.col_statement, 0, false}, {t_.col_answered, 70}, {t_.col_agree, 70}};
  for (const BreakdownEntry& e : r_.breakdown) {
    if (e.suppressed) continue;
    struct Part {
      std::string line;
      std::vector<std::vector<std::string>> rows;
    };
    std::vector<Part> parts;
    for (const GroupResult& g : e.groups) {
      Part p{fill(t_.group_respondents, {{"group", group_title(g.group)}, {"n", format_int(g.respondents)}}),
             {}};
      for (const QuestionResult& q : g.questions) {
        if (q.type != QuestionType::kLikert || q.answered <= 0) continue;
        p.rows.push_back({q.text.empty() ? q.id : q.text, format_int(q.answered),
                          q.agree_percent ? format_percent(*q.agree_percent) : "–"});
      }
      parts.push_back(std::move(p));
    }
    // The entry's heading stays with its first group.
    double first = 12 + Text(ctx_, e.name, kH2, kWidth).height() + 6;
    if (!parts.empty()) {
      first += Text(ctx_, parts[0].line, kCaption, kWidth).height() + 6;
      if (!parts[0].rows.empty()) first += measure({columns, parts[0].rows}).total;
    }
    if (first <= kBottom - kTop && first > room()) new_page();
    subheading(e.name, kH2, "H2");
    for (const Part& p : parts) {
      note(p.line);
      if (!p.rows.empty()) {
        gap(6);
        table(columns, p.rows);
      } else {
        gap(kTableAfter);
      }
    }
    for (const std::string& g : e.suppressed_groups) note(group_title(g) + ": " + withheld);
    if (!e.suppressed_groups.empty()) gap(kTableAfter);
  }
}

void SurveyWriter::quotes_section() {
  section_heading(t_.quotes, 90);
  note(t_.quotes_note);
  gap(10);
  // Groups in the results' order, then any others; questions in the order of their first quote.
  std::vector<std::string> groups;
  for (const GroupResult& g : r_.groups) groups.push_back(g.group);
  for (const Quote& q : r_.quotes) {
    if (std::find(groups.begin(), groups.end(), q.group) == groups.end()) groups.push_back(q.group);
  }
  auto question_text = [&](const std::string& group, const std::string& id) {
    for (const GroupResult& g : r_.groups) {
      if (g.group != group) continue;
      for (const QuestionResult& q : g.questions) {
        if (q.id == id && !q.text.empty()) return q.text;
      }
    }
    return id;
  };
  for (const std::string& group : groups) {
    std::vector<std::string> questions;
    for (const Quote& q : r_.quotes) {
      if (q.group == group && std::find(questions.begin(), questions.end(), q.question) == questions.end()) {
        questions.push_back(q.question);
      }
    }
    if (questions.empty()) continue;
    subheading(group_title(group), kH2, "H2");
    for (const std::string& id : questions) {
      note(question_text(group, id));
      gap(4);
      for (const Quote& q : r_.quotes) {
        if (q.group == group && q.question == id) paragraphs("»" + q.text + "«");
      }
      gap(6);
    }
  }
}

void SurveyWriter::method_section() {
  section_heading(t_.method_heading, 90);
  paragraphs(t_.method);
  paragraphs(threshold_text(t_.anonymity));
}

int SurveyWriter::run() {
  {
    Tag document(cr_, "Document");
    title_page();
    for (const GroupResult& g : r_.groups) {
      new_page();
      group_section(g);
    }
    if (!r_.by.empty() && !r_.breakdown.empty()) breakdown_section();
    if (!r_.quotes.empty()) quotes_section();
    method_section();
    place(0);
  }
  return finish();
}

// --- the paper questionnaire --------------------------------------------------------------------

const Style kQuestion{11, true, kInk, 1.2};
const Style kChoice{10, false, kInk, 1.2};
const Style kScaleLabel{8.5, false, kInk, 1.1};
constexpr double kIndent = 24;       // question text, hints and answers after the number
constexpr double kBox = 13;          // check box side
constexpr double kCommentLine = 24;  // ruled lines of a comment box
constexpr int kCommentLines = 5;
constexpr double kAfterQuestion = 20;

class QuestionnaireWriter : public Document {
 public:
  QuestionnaireWriter(cairo_surface_t* surface, const Questionnaire& q, const QuestionnairePdfText& t,
                      int total_pages)
      : Document(surface, pass_for(total_pages), total_pages,
                 Footer{in_lang(q.title, q.title_en, t), t.page, 1}),
        q_(q),
        t_(t) {}

  int run();

  static std::string in_lang(const std::string& da, const std::string& en, const QuestionnairePdfText& t) {
    return t.lang == "en" && !en.empty() ? en : da;
  }

 private:
  // Lays out question `number` at y_; draws it when `draw`. Returns its height.
  double question(int number, const Question& x, bool draw);

  const Questionnaire& q_;
  const QuestionnairePdfText& t_;
};

double QuestionnaireWriter::question(int number, const Question& x, bool draw) {
  const double left = kLeft + kIndent;
  const double inner = kWidth - kIndent;
  double y = y_;
  {
    Text n(ctx_, std::to_string(number) + ".", kQuestion, 0);
    Text text(ctx_, in_lang(x.text, x.text_en, t_), kQuestion, inner);
    if (draw) {
      Tag tag(cr_, "H2");
      n.draw(cr_, kLeft, y);
      text.draw(cr_, left, y);
    }
    y += text.height() + 4;
  }
  std::string hint;
  if (x.type == QuestionType::kSingle) hint = t_.single_hint;
  if (x.type == QuestionType::kMulti) hint = t_.multi_hint;
  if (x.type == QuestionType::kText) hint = t_.text_hint;
  if (!hint.empty()) {
    Text h(ctx_, hint, kCaption, inner);
    if (draw) {
      Tag tag(cr_, "P");
      h.draw(cr_, left, y);
    }
    y += h.height() + 6;
  } else {
    y += 4;
  }

  switch (x.type) {
    case QuestionType::kLikert: {
      // Six columns, each a label over a check box; labels end just above the boxes.
      const double col = inner / 6;
      std::vector<std::unique_ptr<Text>> labels;
      double tallest = 0;
      for (const std::string& label : t_.likert) {
        labels.push_back(std::make_unique<Text>(ctx_, label, kScaleLabel, col - 6, PANGO_ALIGN_CENTER));
        tallest = std::max(tallest, labels.back()->height());
      }
      if (draw) {
        for (size_t i = 0; i < labels.size(); ++i) {
          const double x0 = left + col * static_cast<double>(i);
          {
            Tag tag(cr_, "P");
            labels[i]->draw(cr_, x0 + 3, y + tallest - labels[i]->height());
          }
          box(cr_, x0 + col / 2 - kBox / 2, y + tallest + 4, kBox);
        }
      }
      y += tallest + 4 + kBox;
      break;
    }
    case QuestionType::kSingle:
    case QuestionType::kMulti:
      for (const QuestionOption& o : x.options) {
        Text label(ctx_, in_lang(o.label, o.label_en, t_), kChoice, inner - kBox - 8);
        if (draw) {
          box(cr_, left, y + 0.5, kBox);
          Tag tag(cr_, "P");
          label.draw(cr_, left + kBox + 8, y);
        }
        y += std::max(label.height(), kBox) + 6;
      }
      y -= 6;
      break;
    case QuestionType::kText: {
      const double h = kCommentLine * kCommentLines + 8;
      if (draw) {
        set_colour(cr_, kMuted);
        cairo_set_line_width(cr_, 0.8);
        cairo_rectangle(cr_, left, y, inner, h);
        cairo_stroke(cr_);
        set_colour(cr_, kRule);
        cairo_set_line_width(cr_, 0.6);
        for (int i = 1; i <= kCommentLines; ++i) {
          cairo_move_to(cr_, left + 10, y + kCommentLine * i);
          cairo_line_to(cr_, left + inner - 10, y + kCommentLine * i);
        }
        cairo_stroke(cr_);
      }
      y += h;
      break;
    }
  }
  return y - y_ + kAfterQuestion;
}

int QuestionnaireWriter::run() {
  {
    Tag document(cr_, "Document");
    section_heading(in_lang(q_.title, q_.title_en, t_), 80);
    paragraphs(in_lang(q_.intro, q_.intro_en, t_));
    paragraphs(t_.instruction);
    gap(8);
    for (size_t i = 0; i < q_.questions.size(); ++i) {
      const double h = question(static_cast<int>(i) + 1, q_.questions[i], false);
      ensure(h - kAfterQuestion);
      y_ += question(static_cast<int>(i) + 1, q_.questions[i], true);
    }
    paragraphs(t_.thanks);
    paragraphs(t_.return_note);
    place(0);
  }
  return finish();
}

// --- the code slips -----------------------------------------------------------------------------

constexpr double kSlipW = kPageW / 2;
constexpr double kSlipH = kPageH / 4;
constexpr double kSlipPad = 16;
constexpr double kQrSize = 116;  // with the quiet zone
constexpr double kQrTop = 24;    // below the slip's top padding, under the heading
constexpr int kQuietZone = 4;    // modules
const Style kSlipHeading{12.5, true, kBlue, 1.1};
const Style kSlipUrl{9, false, kInk, 1.15};
const Style kSlipCodeLabel{8, false, kMuted};
const Style kSlipCode{19, true, kInk};
constexpr const char* kMonospace = "DejaVu Sans Mono";

struct QrDeleter {
  void operator()(QRcode* q) const { QRcode_free(q); }
};

// The QR symbol for `text` as filled squares in the box (quiet zone included).
void draw_qr(cairo_t* cr, const std::string& text, const SlipQrBox& at) {
  std::unique_ptr<QRcode, QrDeleter> qr(QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
  if (!qr) throw std::runtime_error("QR: the address is too long for a QR code");
  const int n = qr->width;
  const double module = at.size / (n + 2 * kQuietZone);
  set_colour(cr, kWhite);
  cairo_rectangle(cr, at.x, at.y, at.size, at.size);
  cairo_fill(cr);
  // One rectangle per run of dark modules in a row, filled as one path (no seams).
  for (int row = 0; row < n; ++row) {
    for (int col = 0; col < n;) {
      if (!(qr->data[row * n + col] & 1)) {
        ++col;
        continue;
      }
      int end = col;
      while (end < n && (qr->data[row * n + end] & 1)) ++end;
      cairo_rectangle(cr, at.x + (kQuietZone + col) * module, at.y + (kQuietZone + row) * module,
                      (end - col) * module, module);
      col = end;
    }
  }
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_fill(cr);
}

class SlipWriter : public Document {
 public:
  SlipWriter(cairo_surface_t* surface, const std::vector<std::string>& codes, const std::string& url_base,
             const SlipText& t)
      : Document(surface, Pass::kDraw, 0, Footer{}), codes_(codes), url_base_(url_base), t_(t) {}

  int run();

 private:
  void cut_lines();
  void slip(size_t position, const std::string& code);

  const std::vector<std::string>& codes_;
  const std::string& url_base_;
  const SlipText& t_;
};

void SlipWriter::cut_lines() {
  set_colour(cr_, kMuted);
  cairo_set_line_width(cr_, 0.5);
  const double dash[] = {4, 3};
  cairo_set_dash(cr_, dash, 2, 0);
  cairo_move_to(cr_, kSlipW, 0);
  cairo_line_to(cr_, kSlipW, kPageH);
  for (int row = 1; row < 4; ++row) {
    cairo_move_to(cr_, 0, kSlipH * row);
    cairo_line_to(cr_, kPageW, kSlipH * row);
  }
  cairo_stroke(cr_);
  cairo_set_dash(cr_, nullptr, 0, 0);
}

void SlipWriter::slip(size_t position, const std::string& code) {
  const double x0 = kSlipW * static_cast<double>(position % 2);
  const double y0 = kSlipH * static_cast<double>(position / 2);
  const double left = x0 + kSlipPad;
  const double full = kSlipW - 2 * kSlipPad;
  const SlipQrBox qr = code_slip_qr_box(position);
  const double column = qr.x - left - 12;  // left of the QR code

  Text heading(ctx_, t_.heading, kSlipHeading, full);
  pango_layout_set_ellipsize(heading.get(), PANGO_ELLIPSIZE_END);  // one line, above the QR code
  {
    Tag tag(cr_, "H2");
    heading.draw(cr_, left, y0 + kSlipPad);
  }
  // The code at the bottom of the column, level with the QR code's lower edge.
  Text code_label(ctx_, t_.code_label, kSlipCodeLabel, column);
  Text code_text(ctx_, code, kSlipCode, 0, PANGO_ALIGN_LEFT, kMonospace);
  const double code_y = qr.y + qr.size - code_text.height();
  const double label_y = code_y - code_label.height();
  // The instruction above it, set smaller when it would not fit.
  const double top = qr.y + 2;
  for (double size : {9.0, 8.5, 8.0, 7.5, 7.0}) {
    Text instruction(ctx_, t_.instruction, Style{size, false, kInk, 1.15}, column);
    if (instruction.height() <= label_y - 6 - top || size == 7.0) {
      Tag tag(cr_, "P");
      instruction.draw(cr_, left, top);
      break;
    }
  }
  {
    Tag tag(cr_, "P");
    code_label.draw(cr_, left, label_y);
    code_text.draw(cr_, left, code_y);
  }
  const std::string target =
      url_base_ + (url_base_.find('?') == std::string::npos ? "?" : "&") + "kode=" + code;
  draw_qr(cr_, target, qr);
  Text url(ctx_, url_base_, kSlipUrl, full);
  Tag tag(cr_, "P");
  url.draw(cr_, left, qr.y + qr.size + 6);
}

int SlipWriter::run() {
  {
    Tag document(cr_, "Document");
    if (codes_.empty()) {
      Text none(ctx_, t_.no_codes, kBody, kWidth);
      Tag tag(cr_, "P");
      none.draw(cr_, kLeft, kTop);
    }
    for (size_t i = 0; i < codes_.size(); ++i) {
      const size_t position = i % kSlipsPerPage;
      if (position == 0) {
        if (i > 0) new_page();
        cut_lines();
      }
      slip(position, codes_[i]);
    }
  }
  return finish();
}

}  // namespace

// --- texts --------------------------------------------------------------------------------------

SurveyPdfText survey_pdf_text(const Messages& m, const std::string& lang) {
  auto k = [&](const char* key) { return tr(m, lang, key); };
  SurveyPdfText t;
  t.title = k("title");
  t.subtitle = k("national");
  t.method = k("method_note");
  t.document_title = k("document_title");
  t.footer = k("footer");
  t.page = k("page");
  t.overview = k("overview");
  t.col_group = k("col_group");
  t.col_respondents = k("col_respondents");
  t.respondents = k("respondents");
  t.no_responses = k("no_responses");
  t.statements = k("statements");
  t.chart_title = k("chart_title");
  t.chart_desc = k("chart_desc");
  t.chart_agree = k("chart_agree");
  t.chart_numbers = k("chart_numbers");
  t.col_answer = k("col_answer");
  t.col_option = k("col_option");
  t.col_count = k("col_count");
  t.col_percent = k("col_percent");
  t.total = k("total");
  t.answered = k("answered");
  t.agree = k("agree");
  t.multi_note = k("multi_note");
  t.text_answered = k("text_answered");
  t.not_answered = k("not_answered");
  t.breakdown = k("breakdown");
  t.by_municipality = k("by_municipality");
  t.by_survey = k("by_survey");
  t.by_year = k("by_year");
  t.breakdown_note = k("breakdown_note");
  t.col_name = k("col_name");
  t.col_statement = k("col_statement");
  t.col_answered = k("col_answered");
  t.col_agree = k("col_agree");
  t.suppressed = k("suppressed");
  t.group_respondents = k("group_respondents");
  t.quotes = k("quotes");
  t.quotes_note = k("quotes_note");
  t.method_heading = k("method_heading");
  t.anonymity = k("anonymity_note");
  return t;
}

QuestionnairePdfText questionnaire_pdf_text(const Messages& m, const std::string& lang) {
  auto k = [&](const char* key) { return tr(m, lang, key); };
  QuestionnairePdfText t;
  t.lang = lang;
  for (size_t i = 0; i < t.likert.size(); ++i)
    t.likert[i] = m.text(lang, std::string("likert.") + kLikertCodes[i]);
  t.instruction = k("instruction");
  t.single_hint = k("single_hint");
  t.multi_hint = k("multi_hint");
  t.text_hint = k("text_hint");
  t.thanks = k("thanks");
  t.return_note = k("return_note");
  t.page = k("page");
  return t;
}

SlipText slip_text(const Messages& m, const std::string& lang) {
  auto k = [&](const char* key) { return tr(m, lang, key); };
  return {k("slip_heading"), k("slip_instruction"), k("slip_code"), k("slip_no_codes"),
          k("slip_document_title")};
}

// --- the PDFs -----------------------------------------------------------------------------------

std::string survey_report_pdf(const SurveyResults& r, const SurveyPdfText& t) {
  const Metadata meta{with_subtitle(t.document_title, t), "", t.subtitle};
  return two_passes(meta, [&](cairo_surface_t* surface, int total) {
    SurveyWriter writer(surface, r, t, total);
    return writer.run();
  });
}

std::string questionnaire_pdf(const Questionnaire& q, const QuestionnairePdfText& t) {
  const Metadata meta{QuestionnaireWriter::in_lang(q.title, q.title_en, t), "", ""};
  return two_passes(meta, [&](cairo_surface_t* surface, int total) {
    QuestionnaireWriter writer(surface, q, t, total);
    return writer.run();
  });
}

std::string code_slips_pdf(const std::vector<std::string>& codes, const std::string& url_base,
                           const SlipText& t) {
  std::string out;
  render_pdf(&out, Metadata{t.document_title, "", ""}, [&](cairo_surface_t* surface) {
    SlipWriter writer(surface, codes, url_base, t);
    writer.run();
  });
  return out;
}

SlipQrBox code_slip_qr_box(size_t position) {
  const double x0 = kSlipW * static_cast<double>(position % 2);
  const double y0 = kSlipH * static_cast<double>(position / 2 % 4);
  return {x0 + kSlipW - kSlipPad - kQrSize, y0 + kSlipPad + kQrTop, kQrSize};
}

}  // namespace bb::render
