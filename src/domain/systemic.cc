#include "domain/systemic.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "domain/case.h"

namespace bb {
namespace {

bool blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

std::string trimmed(const std::string& s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

// Reads typed input field by field, collecting every problem against its field.
class FieldReader {
 public:
  FieldReader(FieldErrors& errors, const Date& today) : errors_(errors), today_(today) {}

  std::string text(const std::string& field, const std::string& value, size_t max, bool required) {
    if (required && blank(value)) {
      errors_.add(field, "field.required");
    } else if (value.size() > max) {
      errors_.add(field, "field.too_long");
    }
    return blank(value) ? std::string() : value;
  }

  // Empty → nullopt (or field.required). `not_future` refuses dates after today.
  std::optional<Date> date(const std::string& field, const std::string& value, bool required,
                           bool not_future) {
    const std::string v = trimmed(value);
    if (v.empty()) {
      if (required) errors_.add(field, "field.required");
      return std::nullopt;
    }
    auto d = Date::parse_iso(v);
    if (!d) {
      errors_.add(field, "field.date");
      return std::nullopt;
    }
    if (not_future && *d > today_) {
      errors_.add(field, "field.date_future");
      return std::nullopt;
    }
    return d;
  }

  template <typename E>
  std::optional<E> code(const std::string& field, const std::string& value, std::optional<E> fallback) {
    const std::string v = trimmed(value);
    if (v.empty()) {
      if (!fallback) errors_.add(field, "field.required");
      return fallback;
    }
    auto e = parse_code<E>(v);
    if (!e) errors_.add(field, "field.unknown_code");
    return e;
  }

  std::vector<int64_t> ids(const std::string& field, const std::vector<std::string>& values) {
    std::vector<int64_t> out;
    for (const auto& raw : values) {
      const std::string v = trimmed(raw);
      if (v.empty()) continue;
      int64_t id = 0;
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), id);
      if (ec != std::errc() || p != v.data() + v.size() || id <= 0) {
        errors_.add(field, "field.id_list");
        return {};
      }
      if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
    }
    if (out.size() > kMaxLinkedCases) errors_.add(field, "field.too_many");
    return out;
  }

  std::vector<std::string> departments(const std::string& field, const std::vector<std::string>& values,
                                       const MunicipalitySettings& settings, bool required) {
    std::vector<std::string> out;
    for (const auto& raw : values) {
      const std::string v = trimmed(raw);
      if (v.empty()) continue;
      if (!settings.has_department(v)) {
        errors_.add(field, "case.department_unknown");
        return {};
      }
      if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
    }
    if (required && out.empty()) errors_.add(field, "field.required");
    return out;
  }

  void fail(const std::string& field, const std::string& key) { errors_.add(field, key); }
  bool has(const std::string& field) const { return errors_.has(field); }

 private:
  FieldErrors& errors_;
  const Date& today_;
};

std::string opt_iso(const std::optional<Date>& d) { return d ? d->iso() : std::string(); }

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::vector<std::string> id_strings(const std::vector<int64_t>& ids) {
  std::vector<std::string> out;
  for (auto id : ids) out.push_back(std::to_string(id));
  return out;
}

// Appends a change when the two renderings differ.
void compare(std::vector<FieldChange>& out, const char* field, const std::string& a, const std::string& b) {
  if (a != b) out.push_back({field, a, b});
}

// Departments are a set: the same ones in another order (checkboxes follow the settings'
// order) are no change.
void compare_sets(std::vector<FieldChange>& out, const char* field, std::vector<std::string> a,
                  std::vector<std::string> b) {
  const std::string before = join(a), after = join(b);
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  if (a != b) out.push_back({field, before, after});
}

}  // namespace

// ---------------------------------------------------------------------------------------------

Result<Recommendation> validate_recommendation(const RecommendationInput& in,
                                               const MunicipalitySettings& settings,
                                               const Date& today) {
  FieldErrors errors;
  FieldReader f(errors, today);
  Recommendation r;
  r.title = f.text("title", in.title, kMaxTitle, true);
  r.text = f.text("text", in.text, kMaxLongText, true);
  r.departments = f.departments("departments", in.departments, settings, true);
  r.case_ids = f.ids("case_ids", in.case_ids);
  auto inv = f.ids("investigation_id", {in.investigation_id});
  if (!inv.empty()) r.investigation_id = inv.front();
  r.issued = f.date("issued", in.issued, false, true).value_or(today);
  auto due = f.date("response_due", in.response_due, false, false);
  r.response_due = due.value_or(add_working_days(r.issued, kResponseWorkingDays));
  if (due && *due < r.issued) f.fail("response_due", "recommendation.due_before_issued");
  r.response_text = f.text("response_text", in.response_text, kMaxLongText, false);
  r.response_date = f.date("response_date", in.response_date, false, true);
  if (r.response_date && *r.response_date < r.issued) f.fail("response_date", "recommendation.before_issued");
  r.status = f.code<RecommendationStatus>("status", in.status, RecommendationStatus::kAfventerSvar)
                 .value_or(RecommendationStatus::kAfventerSvar);
  const bool answered_status = r.status == RecommendationStatus::kFulgt ||
                               r.status == RecommendationStatus::kDelvistFulgt ||
                               r.status == RecommendationStatus::kIkkeFulgt;
  if (answered_status && !f.has("status")) {
    if (r.response_text.empty() && !f.has("response_text")) {
      f.fail("response_text", "recommendation.status_needs_response");
    }
    if (!r.response_date && !f.has("response_date")) {
      f.fail("response_date", "recommendation.status_needs_response");
    }
  }
  r.follow_up_date = f.date("follow_up_date", in.follow_up_date, false, false);
  if (r.follow_up_date && *r.follow_up_date < r.issued) f.fail("follow_up_date", "recommendation.before_issued");
  r.follow_up_notes = f.text("follow_up_notes", in.follow_up_notes, kMaxLongText, false);
  if (!errors.empty()) return errors.to_error();
  return r;
}

RecommendationInput to_input(const Recommendation& r) {
  RecommendationInput in;
  in.title = r.title;
  in.text = r.text;
  in.departments = r.departments;
  in.case_ids = id_strings(r.case_ids);
  in.investigation_id = r.investigation_id ? std::to_string(*r.investigation_id) : "";
  in.issued = r.issued.iso();
  in.response_due = r.response_due.iso();
  in.response_text = r.response_text;
  in.response_date = opt_iso(r.response_date);
  in.status = to_code(r.status);
  in.follow_up_date = opt_iso(r.follow_up_date);
  in.follow_up_notes = r.follow_up_notes;
  return in;
}

std::vector<FieldChange> diff(const Recommendation& a, const Recommendation& b) {
  const auto x = to_input(a);
  const auto y = to_input(b);
  std::vector<FieldChange> out;
  compare(out, "title", x.title, y.title);
  compare(out, "text", x.text, y.text);
  compare_sets(out, "departments", x.departments, y.departments);
  compare(out, "case_ids", join(x.case_ids), join(y.case_ids));
  compare(out, "investigation_id", x.investigation_id, y.investigation_id);
  compare(out, "issued", x.issued, y.issued);
  compare(out, "response_due", x.response_due, y.response_due);
  compare(out, "response_text", x.response_text, y.response_text);
  compare(out, "response_date", x.response_date, y.response_date);
  compare(out, "status", x.status, y.status);
  compare(out, "follow_up_date", x.follow_up_date, y.follow_up_date);
  compare(out, "follow_up_notes", x.follow_up_notes, y.follow_up_notes);
  return out;
}

// ---------------------------------------------------------------------------------------------

Result<Investigation> validate_investigation(const InvestigationInput& in,
                                             const MunicipalitySettings& settings,
                                             const Date& today) {
  FieldErrors errors;
  FieldReader f(errors, today);
  Investigation i;
  i.topic = f.text("topic", in.topic, kMaxTitle, true);
  i.departments = f.departments("departments", in.departments, settings, false);
  i.period_from = f.date("period_from", in.period_from, false, false);
  i.period_to = f.date("period_to", in.period_to, false, false);
  if (i.period_from && i.period_to && *i.period_to < *i.period_from) {
    f.fail("period_to", "period.reversed");
  }
  i.case_ids = f.ids("case_ids", in.case_ids);
  for (const auto& s : in.signals) {
    const std::string v = trimmed(s);
    if (v.empty()) continue;
    if (v.size() > kMaxTitle) {
      f.fail("signals", "field.too_long");
      break;
    }
    if (std::find(i.signals.begin(), i.signals.end(), v) == i.signals.end()) i.signals.push_back(v);
  }
  i.method = f.text("method", in.method, kMaxLongText, false);
  i.findings = f.text("findings", in.findings, kMaxLongText, false);
  i.conclusion = f.text("conclusion", in.conclusion, kMaxLongText, false);
  i.status = f.code<InvestigationStatus>("status", in.status, InvestigationStatus::kPlanlagt)
                 .value_or(InvestigationStatus::kPlanlagt);
  if (i.status == InvestigationStatus::kAfsluttet) {
    if (i.findings.empty() && !f.has("findings")) f.fail("findings", "investigation.close_needs_findings");
    if (i.conclusion.empty() && !f.has("conclusion")) f.fail("conclusion", "investigation.close_needs_conclusion");
  }
  i.started = f.date("started", in.started, false, true).value_or(today);
  if (!errors.empty()) return errors.to_error();
  return i;
}

InvestigationInput to_input(const Investigation& i) {
  InvestigationInput in;
  in.topic = i.topic;
  in.departments = i.departments;
  in.period_from = opt_iso(i.period_from);
  in.period_to = opt_iso(i.period_to);
  in.case_ids = id_strings(i.case_ids);
  in.signals = i.signals;
  in.method = i.method;
  in.findings = i.findings;
  in.conclusion = i.conclusion;
  in.status = to_code(i.status);
  in.started = i.started.iso();
  return in;
}

std::vector<FieldChange> diff(const Investigation& a, const Investigation& b) {
  const auto x = to_input(a);
  const auto y = to_input(b);
  std::vector<FieldChange> out;
  compare(out, "topic", x.topic, y.topic);
  compare_sets(out, "departments", x.departments, y.departments);
  compare(out, "period_from", x.period_from, y.period_from);
  compare(out, "period_to", x.period_to, y.period_to);
  compare(out, "case_ids", join(x.case_ids), join(y.case_ids));
  compare(out, "signals", join(x.signals), join(y.signals));
  compare(out, "method", x.method, y.method);
  compare(out, "findings", x.findings, y.findings);
  compare(out, "conclusion", x.conclusion, y.conclusion);
  compare(out, "status", x.status, y.status);
  compare(out, "started", x.started, y.started);
  return out;
}

// ---------------------------------------------------------------------------------------------

std::string hours_text(int minutes) {
  const int whole = minutes / 60;
  const int rest = minutes % 60;
  if (rest == 0) return std::to_string(whole);
  // Two decimals at most, trailing zero dropped: 90 → "1,5", 100 → "1,67".
  int hundredths = static_cast<int>(std::lround(rest * 100.0 / 60.0));
  std::string frac = (hundredths < 10 ? "0" : "") + std::to_string(hundredths);
  if (frac.back() == '0') frac.pop_back();
  return std::to_string(whole) + "," + frac;
}

Result<Activity> validate_activity(const ActivityInput& in, const MunicipalitySettings& settings,
                                   const Date& today) {
  FieldErrors errors;
  FieldReader f(errors, today);
  Activity a;
  if (auto d = f.date("date", in.date, true, false)) {
    if (today.days_until(*d) > 366) f.fail("date", "activity.date_far_ahead");
    a.date = *d;
  }
  a.kind = f.code<ActivityKind>("kind", in.kind, std::nullopt).value_or(ActivityKind::kUndervisning);
  auto deps = f.departments("department", {in.department}, settings, false);
  if (!deps.empty()) a.department = deps.front();
  a.topic = f.text("topic", in.topic, kMaxTitle, true);

  const std::string p = trimmed(in.participants);
  if (!p.empty()) {
    int n = 0;
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), n);
    if (ec != std::errc() || end != p.data() + p.size() || n < 0 || n > 10000) {
      f.fail("participants", "activity.participants_invalid");
    } else {
      a.participants = n;
    }
  }
  std::string h = trimmed(in.hours);
  std::replace(h.begin(), h.end(), ',', '.');
  if (h.empty()) {
    f.fail("hours", "field.required");
  } else {
    double hours = 0;
    auto [end, ec] = std::from_chars(h.data(), h.data() + h.size(), hours);
    if (ec != std::errc() || end != h.data() + h.size() || !(hours > 0) || hours > 1000) {
      f.fail("hours", "activity.hours_invalid");
    } else {
      a.minutes = static_cast<int>(std::lround(hours * 60));
      if (a.minutes == 0) f.fail("hours", "activity.hours_invalid");
    }
  }
  if (!errors.empty()) return errors.to_error();
  return a;
}

ActivityInput to_input(const Activity& a) {
  return {a.date.iso(), to_code(a.kind), a.department, a.topic, std::to_string(a.participants),
          hours_text(a.minutes)};
}

// ---------------------------------------------------------------------------------------------

bool Complaint::decided() const {
  return result && (*result == ComplaintResult::kStadfaestet || reversed());
}

bool Complaint::reversed() const {
  return result && (*result == ComplaintResult::kAendret || *result == ComplaintResult::kOphaevet ||
                    *result == ComplaintResult::kHjemvist);
}

Result<Complaint> validate_complaint(const ComplaintInput& in, const DeadlineRules& rules,
                                     const MunicipalitySettings& settings, const Date& today) {
  FieldErrors errors;
  FieldReader f(errors, today);
  Complaint c;
  auto deps = f.departments("department", {in.department}, settings, true);
  if (!deps.empty()) c.department = deps.front();
  const DeadlineRule* rule = nullptr;
  c.area = trimmed(in.area);
  if (c.area.empty()) {
    f.fail("area", "field.required");
  } else if (!(rule = rules.find(c.area))) {
    f.fail("area", "field.unknown_code");
  }
  c.body = f.text("body", trimmed(in.body), kMaxShortText, false);
  if (c.body.empty() && rule) c.body = rule->body;

  auto decision = f.date("decision_date", in.decision_date, true, true);
  if (decision) c.decision_date = *decision;
  c.decision_received = f.date("decision_received", in.decision_received, false, true);
  c.sent = f.date("sent", in.sent, false, true);
  c.genvurdering = f.code<Genvurdering>("genvurdering", in.genvurdering, Genvurdering::kAfventer)
                       .value_or(Genvurdering::kAfventer);
  c.genvurdering_date = f.date("genvurdering_date", in.genvurdering_date, false, true);
  if (!in.result.empty() && !blank(in.result)) {
    c.result = f.code<ComplaintResult>("result", in.result, std::nullopt);
  }
  c.result_date = f.date("result_date", in.result_date, false, true);
  c.note = f.text("note", in.note, kMaxLongText, false);

  // The dates follow the complaint's course; each must not come before the one it follows.
  const std::pair<const char*, std::optional<Date>> course[] = {
      {"decision_date", decision},          {"decision_received", c.decision_received},
      {"sent", c.sent},                     {"genvurdering_date", c.genvurdering_date},
      {"result_date", c.result_date}};
  std::optional<Date> last;
  for (const auto& [field, d] : course) {
    if (!d) continue;
    if (last && *d < *last && !f.has(field)) f.fail(field, "complaint.date_order");
    last = d;
  }
  if (c.genvurdering != Genvurdering::kAfventer && !c.genvurdering_date && !f.has("genvurdering_date")) {
    f.fail("genvurdering_date", "complaint.genvurdering_needs_date");
  }
  if (c.genvurdering == Genvurdering::kAfventer && c.genvurdering_date && !f.has("genvurdering_date")) {
    f.fail("genvurdering", "complaint.genvurdering_needs_result");
  }
  if (c.result) {
    if (!c.result_date && !f.has("result_date")) f.fail("result_date", "complaint.result_needs_date");
    if (!c.sent && !f.has("sent")) f.fail("sent", "complaint.result_needs_sent");
  } else if (c.result_date && !f.has("result_date") && !f.has("result")) {
    f.fail("result", "complaint.result_date_without_result");
  }
  if (!errors.empty()) return errors.to_error();

  if (rule) {
    auto computed = compute_deadline(rules, c.area, c.decision_received.value_or(c.decision_date));
    if (computed) c.deadline = computed->deadline;
  }
  return c;
}

ComplaintInput to_input(const Complaint& c) {
  ComplaintInput in;
  in.department = c.department;
  in.area = c.area;
  in.body = c.body;
  in.decision_date = c.decision_date.iso();
  in.decision_received = opt_iso(c.decision_received);
  in.sent = opt_iso(c.sent);
  in.genvurdering = to_code(c.genvurdering);
  in.genvurdering_date = opt_iso(c.genvurdering_date);
  in.result = c.result ? to_code(*c.result) : "";
  in.result_date = opt_iso(c.result_date);
  in.note = c.note;
  return in;
}

}  // namespace bb
