#include "targets.h"

#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "domain/attachment.h"
#include "domain/case.h"
#include "domain/csv.h"
#include "domain/journal.h"
#include "domain/settings.h"
#include "domain/stat_period.h"
#include "domain/survey.h"
#include "domain/survey_csv.h"
#include "domain/systemic.h"
#include "domain/utf8.h"
#include "extract/extractor.h"
#include "extract/letter_check.h"
#include "web/body_parse.h"
#include "web/case_json.h"
#include "web/query_filters.h"
#include "web/systemic_io.h"

#ifndef BB_SOURCE_DIR
#error "BB_SOURCE_DIR must name the source tree (the data files and the message catalogue)"
#endif

namespace bb::fuzz {
namespace {

using nlohmann::json;
using web::HttpRequest;
using web::Params;

void check(bool ok, const char* what) {
  if (!ok) throw InvariantBroken(what);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("fuzz: cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// What the server's handlers have at hand: settings, today, the data files, the catalogue.
struct World {
  MunicipalitySettings settings = default_settings("Fuzzkommune");
  Date today{2024, 6, 14};
  extract::LetterData letters = extract::load_letter_data(BB_SOURCE_DIR "/data");
  std::vector<Questionnaire> questionnaires =
      parse_questionnaires(read_file(BB_SOURCE_DIR "/data/questionnaires.json"));
  json messages = json::parse(read_file(BB_SOURCE_DIR "/messages/da.json"));
  Case base_case;

  World() {
    CaseDraft d;
    d.received = "2024-06-03";
    d.channel = "telefon";
    d.reasons = {"forstaa"};
    d.departments = {settings.departments.front()};
    d.summary = "Borgeren forstår ikke afgørelsen om merudgifter.";
    d.citizen.name = "Anna Jensen";
    d.citizen.cpr = "0101901234";
    auto c = validate_new_case(d, settings, today);
    if (!c) throw std::runtime_error("fuzz: the base case does not validate");
    base_case = std::move(c).value();
    base_case.id = 7;
    base_case.number = "2024-0007";
  }
};

const World& world() {
  static const World w;
  return w;
}

// render::dump_json: invalid UTF-8 in a string is replaced, never thrown.
std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

// A key of the message catalogue ("survey.csv.bad_header") names a text.
bool has_message(const json& catalogue, std::string_view key) {
  const json* node = &catalogue;
  size_t start = 0;
  while (true) {
    const size_t dot = key.find('.', start);
    const std::string part(
        key.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (!node->is_object() || !node->contains(part)) return false;
    node = &(*node)[part];
    if (dot == std::string_view::npos) return node->is_string();
    start = dot + 1;
  }
}

void check_error_keys(const Error& e) {
  const json& m = world().messages;
  check(has_message(m, e.message), "an error's message key is not in messages/da.json");
  for (const auto& [field, key] : e.fields) {
    check(has_message(m, key), "a field error's message key is not in messages/da.json");
  }
}

// A second, plain reading of RFC 3629 to hold valid_utf8() (the input guard of forms, API
// bodies and uploads) to: decode each sequence and refuse overlong forms, surrogates and
// anything above U+10FFFF.
bool strict_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    // Sequence length, the lead byte's bits, and the smallest code point of that length.
    struct Lead {
      size_t len;
      uint32_t bits, min;
    };
    Lead lead{1, c, 0};
    if (c >= 0xf0 && c <= 0xf7) {
      lead = {4, c & 0x07u, 0x10000};
    } else if (c >= 0xe0 && c <= 0xef) {
      lead = {3, c & 0x0fu, 0x800};
    } else if (c >= 0xc0 && c <= 0xdf) {
      lead = {2, c & 0x1fu, 0x80};
    } else if (c >= 0x80) {
      return false;
    }
    const size_t len = lead.len;
    uint32_t cp = lead.bits;
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < lead.min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += len;
  }
  return true;
}

std::string percent_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string urlencode(const Params& p) {
  std::string out;
  for (const auto& [k, v] : p.items()) {
    if (!out.empty()) out += '&';
    out += percent_encode(k) + "=" + percent_encode(v);
  }
  return out;
}

HttpRequest request_with_body(std::string content_type, std::string_view body) {
  HttpRequest r;
  r.method = web::Method::kPost;
  r.headers.emplace("content-type", std::move(content_type));
  r.body = std::string(body);
  return r;
}

// A name or file name that can be written back as a quoted Content-Disposition parameter.
bool plain_parameter(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') return false;
  }
  return true;
}

void check_safe_filename(std::string_view original) {
  const std::string name = safe_filename(original);
  check(!name.empty() && name.size() <= 120, "safe_filename: empty or longer than 120 bytes");
  check(valid_utf8(name), "safe_filename: not valid UTF-8");
  for (unsigned char c : name) {
    check(c >= 0x20 && c != 0x7f && c != '/' && c != '\\', "safe_filename: a path or control character");
  }
}

// ----------------------------------------------------------------------------- case filters --

void case_filter(const Params& params) {
  auto f = web::filter_from_query(params);
  if (!f) {
    check_error_keys(f.error());
    return;
  }
  check(f->limit >= 1 && f->limit <= 200, "case filter: limit outside 1..200");
  check(f->q.size() <= 200, "case filter: q longer than 200 bytes");
}

// ------------------------------------------------------------------------------- systemic --

template <typename Input, typename Record, typename Validate, typename ToJson>
void systemic_record(const Input& in, Validate validate, ToJson to_json_of) {
  auto r = validate(in);
  if (!r) {
    check_error_keys(r.error());
    return;
  }
  const std::string first = dump(to_json_of(static_cast<const Record&>(*r)));
  // An edit form is filled from to_input(); saving it unchanged must give the same record.
  auto again = validate(to_input(*r));
  check(again.ok(), "systemic: to_input() of a valid record does not validate");
  check(dump(to_json_of(static_cast<const Record&>(*again))) == first,
        "systemic: to_input() round trip changes the record");
}

}  // namespace

void form(std::string_view data) {
  HttpRequest r = request_with_body("application/x-www-form-urlencoded", data);
  web::parse_form_body(r);
  if (r.body_parse_failed) return;  // the server answers 400
  HttpRequest again = request_with_body("application/x-www-form-urlencoded", urlencode(r.form));
  web::parse_form_body(again);
  check(!again.body_parse_failed, "form: the re-encoded form does not parse");
  check(again.form.items() == r.form.items(), "form: encode → parse round trip differs");
  for (const auto& [k, v] : r.form.items()) {
    check(valid_utf8(k) == strict_utf8(k) && valid_utf8(v) == strict_utf8(v),
          "valid_utf8 disagrees with a strict UTF-8 decoder");
  }
  case_filter(r.form);  // the staff search is a POST form
}

void multipart(std::string_view data) {
  const size_t nl = data.find('\n');
  if (nl == std::string_view::npos) return;
  std::string_view head = data.substr(0, nl);
  if (!head.empty() && head.back() == '\r') head.remove_suffix(1);
  const std::string content_type = head.substr(0, 10) == "multipart/"
                                       ? std::string(head)
                                       : "multipart/form-data; boundary=" + std::string(head);
  HttpRequest r = request_with_body(content_type, data.substr(nl + 1));
  web::parse_form_body(r);
  for (const auto& f : r.files) {
    check(f.content.size() <= r.body.size(), "multipart: a file larger than the body");
    check_safe_filename(f.filename);
    if (auto kind = sniff_attachment(f.content))
      check(kind->mime != nullptr, "multipart: a type without a MIME type");
  }
  if (r.body_parse_failed) return;

  // Written out again with a boundary that occurs nowhere, the parts must come back the same.
  bool plain = true;
  for (const auto& [k, v] : r.form.items()) plain = plain && plain_parameter(k);
  for (const auto& f : r.files) plain = plain && plain_parameter(f.field) && plain_parameter(f.filename);
  if (!plain) return;
  std::string boundary = "bbfuzz";
  auto occurs = [&](const std::string& b) {
    const std::string mark = "--" + b;
    // RESTinio takes the first occurrence anywhere as the delimiter, also in a header line.
    auto in = [&](const std::string& s) { return s.find(mark) != std::string::npos; };
    for (const auto& [k, v] : r.form.items()) {
      if (in(k) || in(v)) return true;
    }
    for (const auto& f : r.files) {
      if (in(f.field) || in(f.filename) || in(f.content)) return true;
    }
    return false;
  };
  // Varied, not grown: a boundary is at most 70 characters (RFC 2046), RESTinio holds to that.
  for (int n = 0; occurs(boundary); ++n) boundary = "bbfuzz" + std::to_string(n);
  std::string body;
  for (const auto& [k, v] : r.form.items()) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n";
  }
  for (const auto& f : r.files) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.field + "\"; filename=\"" +
            f.filename + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + f.content + "\r\n";
  }
  body += "--" + boundary + "--\r\n";
  if (r.form.items().empty() && r.files.empty()) return;
  HttpRequest again = request_with_body("multipart/form-data; boundary=" + boundary, body);
  web::parse_form_body(again);
  check(!again.body_parse_failed, "multipart: the re-serialised body does not parse");
  check(again.form.items() == r.form.items(), "multipart: fields differ after the round trip");
  check(again.files.size() == r.files.size(), "multipart: file count differs after the round trip");
  for (size_t i = 0; i < r.files.size(); ++i) {
    check(again.files[i].field == r.files[i].field && again.files[i].filename == r.files[i].filename &&
              again.files[i].content == r.files[i].content,
          "multipart: a file differs after the round trip");
  }
}

void json_case(std::string_view data) {
  const World& w = world();
  if (!valid_utf8(data)) return;  // utf8_guard: 400
  auto body = web::parse_json_object(std::string(data));
  if (!body) return;

  // POST /api/v1/cases
  if (auto draft = web::case_draft_from_json(*body); !draft) {
    check_error_keys(draft.error());
  } else if (auto c = validate_new_case(*draft, w.settings, w.today); !c) {
    check_error_keys(c.error());
  } else {
    check(c->first_response_due >= c->received, "case: first response due before the case was received");
    dump(web::case_to_json(*c, web::CprView::kFull));
    dump(web::case_to_json(*c, web::CprView::kMasked));
  }

  // PATCH /api/v1/cases/{id}
  if (auto patch = web::case_patch_from_json(*body, w.base_case.citizen); !patch) {
    check_error_keys(patch.error());
  } else if (auto u = apply_patch(w.base_case, *patch, w.settings, w.today, true); !u) {
    check_error_keys(u.error());
  } else {
    check(u->changed || u->journal.empty(), "case patch: journal entries for an unchanged case");
    dump(web::case_to_json(u->updated, web::CprView::kFull));
  }

  // POST /api/v1/cases/{id}/journal
  if (auto jd = web::journal_draft_from_json(*body); !jd) {
    check_error_keys(jd.error());
  } else if (auto e = validate_journal(*jd); !e) {
    check_error_keys(e.error());
  } else {
    dump(web::journal_to_json(*e));
  }
}

void json_systemic(std::string_view data) {
  if (data.empty()) return;
  const World& w = world();
  const unsigned selector = static_cast<unsigned char>(data[0]) % 8;
  data.remove_prefix(1);
  const bool as_json = selector < 4;
  Params form;
  json body;
  if (as_json) {
    if (!valid_utf8(data)) return;
    auto parsed = web::parse_json_object(std::string(data));
    if (!parsed) return;
    body = std::move(parsed).value();
  } else if (!web::parse_query_string(data, form)) {
    return;
  }
  auto overlay = [&](auto& in) {
    if (!as_json) return true;
    Status st = web::overlay_json(in, body);
    if (!st) check_error_keys(st.error());
    return st.ok();
  };
  switch (selector % 4) {
    case 0: {
      RecommendationInput in = as_json ? RecommendationInput{} : web::recommendation_from_form(form);
      if (!overlay(in)) return;
      systemic_record<RecommendationInput, Recommendation>(
          in, [&](const RecommendationInput& i) { return validate_recommendation(i, w.settings, w.today); },
          [&](const Recommendation& r) { return web::to_json(r, w.today); });
      break;
    }
    case 1: {
      InvestigationInput in = as_json ? InvestigationInput{} : web::investigation_from_form(form);
      if (!overlay(in)) return;
      systemic_record<InvestigationInput, Investigation>(
          in, [&](const InvestigationInput& i) { return validate_investigation(i, w.settings, w.today); },
          [](const Investigation& i) { return web::to_json(i); });
      break;
    }
    case 2: {
      ActivityInput in = as_json ? ActivityInput{} : web::activity_from_form(form);
      if (!overlay(in)) return;
      systemic_record<ActivityInput, Activity>(
          in, [&](const ActivityInput& i) { return validate_activity(i, w.settings, w.today); },
          [](const Activity& a) { return web::to_json(a); });
      break;
    }
    default: {
      ComplaintInput in = as_json ? ComplaintInput{} : web::complaint_from_form(form);
      if (!overlay(in)) return;
      systemic_record<ComplaintInput, Complaint>(
          in,
          [&](const ComplaintInput& i) {
            return validate_complaint(i, w.letters.rules, w.settings, w.today);
          },
          [](const Complaint& c) { return web::to_json(c); });
      break;
    }
  }
}

void survey_csv(std::string_view data) {
  const World& w = world();
  // The import page: every questionnaire, or only the chosen survey's.
  for (const std::string& group : {std::string(), std::string("borger")}) {
    if (!group.empty() && data.size() % 2 == 0) break;  // half the inputs, to keep it quick
    const SurveyCsvImport parsed = parse_survey_csv(data, w.questionnaires, w.today, group);
    check(parsed.problems.size() <= kMaxCsvProblems, "survey csv: more problems than kMaxCsvProblems");
    check(parsed.problems.empty() || parsed.responses.empty(), "survey csv: responses kept despite problems");
    check(parsed.responses.size() == parsed.lines.size(), "survey csv: a response without its line");
    int last = 0;
    for (const auto& p : parsed.problems) {
      check(p.line >= last, "survey csv: problems out of line order");
      last = p.line;
      check(has_message(w.messages, p.message),
            "survey csv: a problem's message key is not in messages/da.json");
    }
    for (const auto& r : parsed.responses) {
      check(group.empty() || r.group == group, "survey csv: a response of another questionnaire");
    }
  }

  // The CSV reader itself: records written back with csv_field() read the same.
  const CsvParse csv = parse_csv(data);
  if (csv.problem) return;
  auto fields_of = [](const CsvParse& p) {
    std::vector<std::vector<std::string>> out;
    for (const auto& r : p.records) {
      if (r.fields.size() == 1 && r.fields[0].empty()) continue;  // an empty line is skipped
      out.push_back(r.fields);
    }
    return out;
  };
  std::string text;
  for (const auto& r : csv.records) {
    for (size_t i = 0; i < r.fields.size(); ++i) {
      if (i) text += ',';
      text += csv_field(r.fields[i]);
    }
    text += "\r\n";
  }
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) return;  // a field starting with a byte-order mark
  const CsvParse again = parse_csv(text);
  check(!again.problem, "csv: written-back records do not parse");
  check(fields_of(again) == fields_of(csv), "csv: csv_field round trip differs");
}

void letter_text(std::string_view data) {
  auto kind = sniff_attachment(data);
  if (!kind || kind->type != AttachmentType::kText) return;
  static const extract::DocumentExtractor extractor;
  const World& w = world();
  auto report = extract::check_letter(extractor, w.letters, data, w.today);
  if (!report) {
    check_error_keys(report.error());
    return;
  }
  dump(extract::report_json(*report));
}

void letter_pdf(std::string_view data) {
  auto kind = sniff_attachment(data);
  if (!kind || kind->type != AttachmentType::kPdf) return;
  // No OCR: tesseract would take seconds per page and is not ours to fuzz.
  static const extract::DocumentExtractor extractor(extract::ExtractorOptions{40, 300, "fuzz-no-ocr"});
  const World& w = world();
  auto report = extract::check_letter(extractor, w.letters, data, w.today);
  if (!report) {
    if (report.error().message != "letter.ocr_unavailable") check_error_keys(report.error());
    return;
  }
  check(report->extracted.pages >= 1 && report->extracted.pages <= 40, "letter pdf: page count out of range");
  dump(extract::report_json(*report));
}

void query_filters(std::string_view data) {
  Params q;
  if (!web::parse_query_string(data, q)) return;  // 400
  case_filter(q);
  // Statistik (?periode=2024Q3) and the signals: the period and the ones before it.
  for (const char* key : {"periode", "period"}) {
    const std::string& text = q.get(key);
    if (text.empty()) continue;
    auto p = parse_stat_period(text);
    if (!p) {
      check_error_keys(p.error());
      continue;
    }
    check(p->from <= p->to, "period: ends before it starts");
    auto again = parse_stat_period(p->label);
    check(again.ok() && *again == *p, "period: its label does not parse to the same period");
    for (const auto& before : previous_periods(*p, 4)) {
      check(before.from <= before.to && before.to < p->from,
            "period: a previous period overlaps or is reversed");
    }
  }
}

const std::vector<Target>& all_targets() {
  static const std::vector<Target> targets = {
      {"form", form},
      {"multipart", multipart},
      {"json_case", json_case},
      {"json_systemic", json_systemic},
      {"survey_csv", survey_csv},
      {"letter_text", letter_text},
      {"letter_pdf", letter_pdf},
      {"query_filters", query_filters},
  };
  return targets;
}

}  // namespace bb::fuzz
