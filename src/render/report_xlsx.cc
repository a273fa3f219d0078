#include "render/report_xlsx.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <tuple>
#include <utility>
#include <vector>

#include "render/chart.h"

namespace bb::render {

namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxSheetName = 31;
constexpr size_t kMaxCellText = 32000;  // Excel's limit is 32,767 characters

// Code points of UTF-8 text (already cleaned).
std::vector<uint32_t> decode(const std::string& s) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t k = 1; k < len && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += len;
  }
  return out;
}

void encode(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Excel compares sheet names without regard to case (ASCII and Latin-1 letters here).
std::string fold(const std::string& s) {
  std::string out;
  for (uint32_t cp : decode(s)) {
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)) cp += 0x20;
    encode(cp, out);
  }
  return out;
}

// At most `max` UTF-16 units (what Excel counts).
std::string take_units(const std::vector<uint32_t>& cps, size_t max) {
  std::string out;
  size_t units = 0;
  for (uint32_t cp : cps) {
    const size_t u = cp >= 0x10000 ? 2 : 1;
    if (units + u > max) break;
    units += u;
    encode(cp, out);
  }
  return out;
}

std::string cell_text(const std::string& s) {
  std::string clean = clean_text(s);
  if (clean.size() <= kMaxCellText) return clean;
  size_t cut = kMaxCellText;
  while (cut > 0 && (static_cast<unsigned char>(clean[cut]) & 0xC0) == 0x80) --cut;
  return clean.substr(0, cut) + "…";
}

std::string fill(std::string text, const std::string& key, const std::string& value) {
  const std::string token = "{" + key + "}";
  for (size_t at = text.find(token); at != std::string::npos; at = text.find(token, at + value.size())) {
    text.replace(at, token.size(), value);
  }
  return text;
}

// Removes the temporary file when it goes out of scope.
struct TempFile {
  std::string path;
  TempFile() {
    std::string pattern = (fs::temp_directory_path() / "brobygger-report-XXXXXX").string();
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    const int fd = mkstemp(buf.data());
    if (fd < 0) throw std::system_error(errno, std::generic_category(), "mkstemp");
    ::close(fd);
    path = buf.data();
  }
  ~TempFile() {
    std::error_code ec;
    fs::remove(path, ec);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
};

struct WorkbookFree {
  void operator()(lxw_workbook* wb) const { lxw_workbook_free(wb); }
};

class XlsxWriter {
 public:
  XlsxWriter(lxw_workbook* wb, const Report& r, const Messages& m, std::string document_title)
      : wb_(wb), r_(r), m_(m), document_title_(std::move(document_title)) {
    current_ = r.current.period.label.empty() ? std::to_string(r.year) : r.current.period.label;
    previous_ = r.previous.period.label.empty() ? std::to_string(r.year - 1) : r.previous.period.label;
    title_ = workbook_add_format(wb);
    format_set_bold(title_);
    format_set_font_size(title_, 13);
    head_ = workbook_add_format(wb);
    format_set_bold(head_);
    format_set_bottom(head_, LXW_BORDER_THIN);
    format_set_text_wrap(head_);
    format_set_align(head_, LXW_ALIGN_VERTICAL_TOP);
    head_right_ = workbook_add_format(wb);
    format_set_bold(head_right_);
    format_set_bottom(head_right_, LXW_BORDER_THIN);
    format_set_text_wrap(head_right_);
    format_set_align(head_right_, LXW_ALIGN_RIGHT);
    format_set_align(head_right_, LXW_ALIGN_VERTICAL_TOP);
    count_ = workbook_add_format(wb);
    format_set_num_format(count_, "#,##0");
    decimal_ = workbook_add_format(wb);
    format_set_num_format(decimal_, "0.0");
    pct_ = workbook_add_format(wb);
    format_set_num_format(pct_, "0.0%");
    suppressed_ = workbook_add_format(wb);
    format_set_align(suppressed_, LXW_ALIGN_RIGHT);
    wrap_ = workbook_add_format(wb);
    format_set_text_wrap(wrap_);
    format_set_align(wrap_, LXW_ALIGN_VERTICAL_TOP);
    note_ = workbook_add_format(wb);
    format_set_italic(note_);
  }

  void run();

 private:
  std::string t(const std::string& key) const { return m_.text("da", "report_render." + key); }
  std::string label_of(const std::string& vocabulary, const std::string& code) const {
    const std::string key = vocabulary + "." + code;
    const std::string text = m_.text("da", key);
    return text == key ? code : text;
  }

  lxw_worksheet* sheet(const std::string& title);
  void str(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const std::string& s, lxw_format* f = nullptr) {
    const std::string text = cell_text(s);
    worksheet_write_string(ws, row, col, text.c_str(), f);
  }
  void count(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const Cell& c) {
    if (c.suppressed)
      str(ws, row, col, c.text(r_.threshold), suppressed_);
    else
      worksheet_write_number(ws, row, col, static_cast<double>(c.n), count_);
  }
  void percent_cell(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, std::optional<double> pct) {
    if (pct) worksheet_write_number(ws, row, col, *pct / 100.0, pct_);
  }
  // Title in A1, the header in row 3 (the first `text_columns` left-aligned, the number columns
  // right-aligned); returns the first data row.
  lxw_row_t header(lxw_worksheet* ws, const std::string& title, const std::vector<std::string>& columns,
                   const std::vector<double>& widths, size_t text_columns = 1) {
    str(ws, 0, 0, title, title_);
    for (size_t i = 0; i < columns.size(); ++i) {
      str(ws, 2, static_cast<lxw_col_t>(i), columns[i], i < text_columns ? head_ : head_right_);
      worksheet_set_column(ws, static_cast<lxw_col_t>(i), static_cast<lxw_col_t>(i),
                           i < widths.size() ? widths[i] : 14, nullptr);
    }
    worksheet_freeze_panes(ws, 3, 0);
    return 3;
  }
  void note(lxw_worksheet* ws, lxw_row_t row) {
    if (!r_.published) return;
    str(ws, row + 1, 0,
        fill(fill(t("suppressed_note"), "max", std::to_string(r_.threshold - 1)), "threshold",
             std::to_string(r_.threshold)),
        note_);
  }

  void key_figures();
  void table(const Table& t, const Table* previous);
  void durations();
  void recommendations();
  void investigations();
  void activities();
  void complaints();
  void stories();
  void survey();

  lxw_workbook* wb_;
  const Report& r_;
  const Messages& m_;
  std::string document_title_;
  std::string current_, previous_;
  std::vector<std::string> names_;
  lxw_format *title_, *head_, *head_right_, *count_, *decimal_, *pct_, *suppressed_, *wrap_, *note_;
};

lxw_worksheet* XlsxWriter::sheet(const std::string& title) {
  const std::string name = sheet_name(title, names_);
  lxw_worksheet* ws = workbook_add_worksheet(wb_, name.c_str());
  if (!ws) throw std::runtime_error("XLSX: kan ikke oprette arket " + name);
  return ws;
}

void XlsxWriter::key_figures() {
  lxw_worksheet* ws = sheet(t("key_figures"));
  lxw_row_t row = header(ws, document_title_, {t("col_category"), current_, previous_, t("change_pct")},
                         {40, 14, 14, 14});
  str(ws, 1, 0, r_.municipality);
  const ReportFigures& c = r_.current;
  const ReportFigures& p = r_.previous;
  const std::vector<std::tuple<std::string, Cell, Cell>> lines{
      {t("cases_total"), c.cases_total, p.cases_total},
      {t("rejected_total"), c.rejected, p.rejected},
      {t("criticism_cases"), c.criticism_cases, p.criticism_cases},
      {t("recommendations_issued"), c.recommendations_issued, p.recommendations_issued},
      {t("complaints_decided"), c.complaints_decided, p.complaints_decided},
      {t("complaints_reversed"), c.complaints_reversed, p.complaints_reversed}};
  for (const auto& [label, now, before] : lines) {
    str(ws, row, 0, label);
    count(ws, row, 1, now);
    count(ws, row, 2, before);
    percent_cell(ws, row, 3, change_percent(now, before));
    ++row;
  }
  note(ws, row);
}

void XlsxWriter::table(const Table& tb, const Table* previous) {
  lxw_worksheet* ws = sheet(tb.title);
  lxw_row_t row =
      header(ws, tb.title, {t("col_category"), current_, previous_, t("change_pct")}, {50, 14, 14, 14});
  for (const PairedRow& pr : pair_rows(tb, previous)) {
    const Cell before = pr.previous.value_or(Cell{});
    str(ws, row, 0, pr.label);
    count(ws, row, 1, pr.current);
    count(ws, row, 2, before);
    percent_cell(ws, row, 3, change_percent(pr.current, before));
    ++row;
  }
  note(ws, row);
}

void XlsxWriter::durations() {
  lxw_worksheet* ws = sheet(t("durations"));
  lxw_row_t row = header(ws, t("durations_table"), {t("col_category"), current_, previous_}, {48, 14, 14});
  const int threshold = r_.threshold;
  auto small = [&](int64_t n) { return r_.published && n > 0 && n < threshold; };
  auto withheld = [&](const DurationStats& d) { return d.suppressed || small(d.cases); };
  auto within_withheld = [&](const DurationStats& d) {
    return withheld(d) || d.within_suppressed || small(d.within_target);
  };
  auto cases = [&](lxw_col_t col, const DurationStats& d) {
    if (withheld(d))
      str(ws, row, col, Cell{0, true}.text(threshold), suppressed_);
    else
      worksheet_write_number(ws, row, col, static_cast<double>(d.cases), count_);
  };
  auto days = [&](lxw_col_t col, const DurationStats& d, double v) {
    if (d.cases > 0 && !withheld(d)) worksheet_write_number(ws, row, col, v, decimal_);
  };
  auto within = [&](lxw_col_t col, const DurationStats& d) {
    if (within_withheld(d))
      str(ws, row, col, Cell{0, true}.text(threshold), suppressed_);
    else if (d.cases > 0)
      worksheet_write_number(ws, row, col, d.within_target_pct / 100.0, pct_);
  };
  const DurationStats& fc = r_.current.first_response;
  const DurationStats& fp = r_.previous.first_response;
  const DurationStats& cc = r_.current.closing;
  const DurationStats& cp = r_.previous.closing;
  const std::string target = std::to_string(r_.current.first_response_target);
  str(ws, row, 0, t("fr_cases")), cases(1, fc), cases(2, fp), ++row;
  str(ws, row, 0, t("fr_median")), days(1, fc, fc.median), days(2, fp, fp.median), ++row;
  str(ws, row, 0, t("fr_p90")), days(1, fc, fc.p90), days(2, fp, fp.p90), ++row;
  str(ws, row, 0, fill(t("fr_within"), "target", target)), within(1, fc), within(2, fp), ++row;
  str(ws, row, 0, t("cl_cases")), cases(1, cc), cases(2, cp), ++row;
  str(ws, row, 0, t("cl_median")), days(1, cc, cc.median), days(2, cp, cp.median), ++row;
  str(ws, row, 0, t("cl_p90")), days(1, cc, cc.p90), days(2, cp, cp.p90), ++row;
  note(ws, row);
}

void XlsxWriter::recommendations() {
  lxw_worksheet* ws = sheet(t("recommendations"));
  lxw_row_t row =
      header(ws, t("recommendation_list"),
             {t("col_number"), t("col_title"), t("col_departments"), t("col_status"), t("col_overdue")},
             {14, 60, 36, 18, 12}, 4);
  for (const RecommendationLine& l : r_.current.recommendations) {
    std::string departments;
    for (const std::string& d : l.departments) departments += (departments.empty() ? "" : ", ") + d;
    str(ws, row, 0, l.number);
    str(ws, row, 1, l.title, wrap_);
    str(ws, row, 2, departments, wrap_);
    str(ws, row, 3, label_of("rec_status", l.status));
    str(ws, row, 4, l.overdue ? t("yes") : t("no"), suppressed_);
    ++row;
  }
}

void XlsxWriter::investigations() {
  lxw_worksheet* ws = sheet(t("investigations"));
  lxw_row_t row =
      header(ws, t("investigations"), {t("col_number"), t("col_topic"), t("col_status")}, {14, 70, 18}, 3);
  for (const InvestigationLine& l : r_.current.investigations) {
    str(ws, row, 0, l.number);
    str(ws, row, 1, l.topic, wrap_);
    str(ws, row, 2, label_of("inv_status", l.status));
    ++row;
  }
}

void XlsxWriter::activities() {
  lxw_worksheet* ws = sheet(t("activities"));
  auto h = [&](const std::string& key, const std::string& period) { return t(key) + " " + period; };
  lxw_row_t row = header(
      ws, t("activities_table"),
      {t("col_kind"), h("col_count", current_), h("col_count", previous_), h("col_participants", current_),
       h("col_participants", previous_), h("col_hours", current_), h("col_hours", previous_)},
      {24, 12, 12, 14, 14, 12, 12});
  std::vector<std::string> kinds;
  std::map<std::string, std::pair<const ActivityTotals*, const ActivityTotals*>> by_kind;
  for (const ActivityTotals& a : r_.current.activities) {
    if (!by_kind.count(a.kind)) kinds.push_back(a.kind);
    by_kind[a.kind].first = &a;
  }
  for (const ActivityTotals& a : r_.previous.activities) {
    if (!by_kind.count(a.kind)) kinds.push_back(a.kind);
    by_kind[a.kind].second = &a;
  }
  for (const std::string& k : kinds) {
    const auto [now, before] = by_kind[k];
    str(ws, row, 0, label_of("act_kind", k));
    lxw_col_t col = 1;
    for (const ActivityTotals* a : {now, before})
      worksheet_write_number(ws, row, col++, a ? a->count : 0, count_);
    for (const ActivityTotals* a : {now, before}) {
      worksheet_write_number(ws, row, col++, a ? a->participants : 0, count_);
    }
    for (const ActivityTotals* a : {now, before}) {
      worksheet_write_number(ws, row, col++, a ? a->minutes / 60.0 : 0, decimal_);
    }
    ++row;
  }
}

void XlsxWriter::complaints() {
  lxw_worksheet* ws = sheet(t("complaints"));
  lxw_row_t row = header(ws, t("complaints_table"), {t("col_category"), current_, previous_, t("change_pct")},
                         {40, 14, 14, 14});
  const ReportFigures& c = r_.current;
  const ReportFigures& p = r_.previous;
  str(ws, row, 0, t("complaints_decided"));
  count(ws, row, 1, c.complaints_decided);
  count(ws, row, 2, p.complaints_decided);
  percent_cell(ws, row, 3, change_percent(c.complaints_decided, p.complaints_decided));
  ++row;
  str(ws, row, 0, t("complaints_reversed"));
  count(ws, row, 1, c.complaints_reversed);
  count(ws, row, 2, p.complaints_reversed);
  percent_cell(ws, row, 3, change_percent(c.complaints_reversed, p.complaints_reversed));
  ++row;
  str(ws, row, 0, t("reversal_rate"));
  percent_cell(ws, row, 1, percent(c.complaints_reversed, c.complaints_decided));
  percent_cell(ws, row, 2, percent(p.complaints_reversed, p.complaints_decided));
  ++row;
  note(ws, row);
}

void XlsxWriter::stories() {
  lxw_worksheet* ws = sheet(t("stories"));
  lxw_row_t row = header(ws, t("stories"), {t("col_title"), t("col_text")}, {36, 100}, 2);
  for (const Story& s : r_.stories) {
    str(ws, row, 0, s.title, wrap_);
    str(ws, row, 1, s.text, wrap_);
    ++row;
  }
}

// The year's survey results: one row per statement with its group, answered count and the
// agreeing share. Only when the report has survey results.
void XlsxWriter::survey() {
  if (r_.survey.empty() && r_.survey_withheld.empty()) return;
  lxw_worksheet* ws = sheet(t("survey_sheet"));  // sheet names have at most 31 characters
  lxw_row_t row = header(ws, t("survey"), {t("col_group"), t("col_statement"), t("col_answered"), t("col_agree")},
                         {30, 70, 12, 12}, 2);
  for (const GroupResult& g : r_.survey) {
    for (const QuestionResult& q : g.questions) {
      if (!q.agree_percent) continue;
      str(ws, row, 0, g.title + " (" + format_int(g.respondents) + ")", wrap_);
      str(ws, row, 1, q.text, wrap_);
      worksheet_write_number(ws, row, 2, static_cast<double>(q.answered), count_);
      percent_cell(ws, row, 3, q.agree_percent);
      ++row;
    }
  }
  if (!r_.survey_withheld.empty()) {
    std::string names;
    for (const auto& w : r_.survey_withheld) names += (names.empty() ? "" : ", ") + w;
    str(ws, row + 1, 0,
        fill(fill(t("survey_withheld"), "threshold", std::to_string(r_.threshold)), "groups", names), note_);
  }
}

void XlsxWriter::run() {
  key_figures();
  std::map<std::string, const Table*> previous_by_id;
  for (const Table* p : tables(r_.previous)) previous_by_id.emplace(p->id, p);
  for (const Table* tb : tables(r_.current)) {
    auto it = previous_by_id.find(tb->id);
    table(*tb, it == previous_by_id.end() ? nullptr : it->second);
  }
  durations();
  recommendations();
  investigations();
  activities();
  complaints();
  survey();
  stories();
}

}  // namespace

std::string sheet_name(const std::string& title, std::vector<std::string>& taken) {
  std::string clean;
  for (char c : clean_text(title)) {
    const bool bad = c == '[' || c == ']' || c == ':' || c == '*' || c == '?' || c == '/' || c == '\\' ||
                     c == '\n' || c == '\t';
    clean += bad ? ' ' : c;
  }
  // Collapse spaces, trim spaces and apostrophes at the ends.
  std::string squeezed;
  for (char c : clean) {
    if (c == ' ' && (squeezed.empty() || squeezed.back() == ' ')) continue;
    squeezed += c;
  }
  auto trim = [](std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\'')) s.pop_back();
    size_t start = 0;
    while (start < s.size() && (s[start] == ' ' || s[start] == '\'')) ++start;
    return s.substr(start);
  };
  const std::vector<uint32_t> cps = decode(trim(squeezed));
  std::string base = trim(take_units(cps, kMaxSheetName));
  if (base.empty()) base = "Ark";
  auto is_taken = [&](const std::string& name) {
    const std::string f = fold(name);
    for (const std::string& t : taken) {
      if (fold(t) == f) return true;
    }
    return false;
  };
  std::string name = base;
  for (int n = 2; is_taken(name); ++n) {
    const std::string suffix = " (" + std::to_string(n) + ")";
    name = trim(take_units(decode(base), kMaxSheetName - suffix.size())) + suffix;
  }
  taken.push_back(name);
  return name;
}

std::string report_xlsx(const Report& r, const Messages& m) {
  TempFile file;
  std::unique_ptr<lxw_workbook, WorkbookFree> wb(workbook_new(file.path.c_str()));
  if (!wb) throw std::runtime_error("XLSX: kan ikke oprette projektmappen");

  std::string title = clean_text(m.text("da", "report_render.document_title"));
  title = fill(fill(fill(title, "year", std::to_string(r.year)), "office", clean_text(r.office_name)),
               "municipality", clean_text(r.municipality));
  std::string author = clean_text(r.office_name);
  lxw_doc_properties props{};
  props.title = title.data();
  props.author = author.data();
  workbook_set_properties(wb.get(), &props);

  XlsxWriter(wb.get(), r, m, title).run();

  const lxw_error err = workbook_close(wb.release());  // frees the workbook
  if (err != LXW_NO_ERROR) throw std::runtime_error(std::string("XLSX: ") + lxw_strerror(err));
  std::ifstream in(file.path, std::ios::binary);
  if (!in) throw std::runtime_error("XLSX: kan ikke læse den skrevne fil");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace bb::render
