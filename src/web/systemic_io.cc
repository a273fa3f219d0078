#include "web/systemic_io.h"

#include <cctype>
#include <cmath>
#include <sstream>

namespace bb::web {
namespace {

using nlohmann::json;

// The field lists. A visitor is called with (name, std::string&) or (name, vector<string>&).
template <typename V>
void visit_fields(RecommendationInput& in, V&& v) {
  v("title", in.title);
  v("text", in.text);
  v("departments", in.departments);
  v("case_ids", in.case_ids);
  v("investigation_id", in.investigation_id);
  v("issued", in.issued);
  v("response_due", in.response_due);
  v("response_text", in.response_text);
  v("response_date", in.response_date);
  v("status", in.status);
  v("follow_up_date", in.follow_up_date);
  v("follow_up_notes", in.follow_up_notes);
}

template <typename V>
void visit_fields(InvestigationInput& in, V&& v) {
  v("topic", in.topic);
  v("departments", in.departments);
  v("period_from", in.period_from);
  v("period_to", in.period_to);
  v("case_ids", in.case_ids);
  v("signals", in.signals);
  v("method", in.method);
  v("findings", in.findings);
  v("conclusion", in.conclusion);
  v("status", in.status);
  v("started", in.started);
}

template <typename V>
void visit_fields(ActivityInput& in, V&& v) {
  v("date", in.date);
  v("kind", in.kind);
  v("department", in.department);
  v("topic", in.topic);
  v("participants", in.participants);
  v("hours", in.hours);
}

template <typename V>
void visit_fields(ComplaintInput& in, V&& v) {
  v("department", in.department);
  v("area", in.area);
  v("body", in.body);
  v("decision_date", in.decision_date);
  v("decision_received", in.decision_received);
  v("sent", in.sent);
  v("genvurdering", in.genvurdering);
  v("genvurdering_date", in.genvurdering_date);
  v("result", in.result);
  v("result_date", in.result_date);
  v("note", in.note);
}

// A JSON scalar as the text a form would carry; nullopt for objects, arrays and booleans.
std::optional<std::string> scalar_text(const json& v) {
  if (v.is_null()) return std::string();
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number_float()) {
    std::ostringstream s;
    s << v.get<double>();
    return s.str();
  }
  return std::nullopt;
}

template <typename In>
Status overlay(In& in, const json& body) {
  FieldErrors errors;
  for (const auto& item : body.items()) {
    // Named references rather than a structured binding: clang before 16 cannot capture
    // one in the lambda below (the fuzz build uses clang 14).
    const std::string& key = item.key();
    const json& value = item.value();
    bool known = false;
    visit_fields(in, [&](const char* name, auto& member) {
      if (key != name) return;
      known = true;
      using T = std::decay_t<decltype(member)>;
      if constexpr (std::is_same_v<T, std::string>) {
        if (auto s = scalar_text(value)) member = *s;
        else errors.add(key, "field.expected_string");
      } else {
        if (value.is_null()) {
          member.clear();
          return;
        }
        if (!value.is_array()) {
          errors.add(key, "field.expected_list");
          return;
        }
        T out;
        for (const auto& item : value) {
          auto s = item.is_null() ? std::nullopt : scalar_text(item);
          if (!s) {
            errors.add(key, "field.expected_list");
            return;
          }
          out.push_back(*s);
        }
        member = std::move(out);
      }
    });
    if (!known && key != "version") errors.add(key, "field.unknown");
  }
  if (!errors.empty()) return errors.to_error();
  return ok_status();
}

// Splits "12, 7 19" into its parts.
std::vector<std::string> split_ids(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const auto& v : values) {
    std::string cur;
    for (char c : v) {
      if (c == ',' || c == ';' || std::isspace(static_cast<unsigned char>(c))) {
        if (!cur.empty()) out.push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
    if (!cur.empty()) out.push_back(cur);
  }
  return out;
}

template <typename In>
In from_form(const Params& form) {
  In in;
  visit_fields(in, [&](const char* name, auto& member) {
    using T = std::decay_t<decltype(member)>;
    if constexpr (std::is_same_v<T, std::string>) {
      member = form.get(name);
    } else {
      member = form.all(name);
      if (std::string_view(name) == "case_ids") member = split_ids(member);
    }
  });
  return in;
}

json opt_date(const std::optional<Date>& d) { return d ? json(d->iso()) : json(nullptr); }

}  // namespace

Status overlay_json(RecommendationInput& in, const json& body) { return overlay(in, body); }
Status overlay_json(InvestigationInput& in, const json& body) { return overlay(in, body); }
Status overlay_json(ActivityInput& in, const json& body) { return overlay(in, body); }
Status overlay_json(ComplaintInput& in, const json& body) { return overlay(in, body); }

RecommendationInput recommendation_from_form(const Params& form) { return from_form<RecommendationInput>(form); }
InvestigationInput investigation_from_form(const Params& form) { return from_form<InvestigationInput>(form); }
ActivityInput activity_from_form(const Params& form) { return from_form<ActivityInput>(form); }
ComplaintInput complaint_from_form(const Params& form) { return from_form<ComplaintInput>(form); }

json to_json(const Recommendation& r, const Date& today) {
  return {{"id", r.id},
          {"number", r.number},
          {"title", r.title},
          {"text", r.text},
          {"departments", r.departments},
          {"case_ids", r.case_ids},
          {"investigation_id", r.investigation_id ? json(*r.investigation_id) : json(nullptr)},
          {"issued", r.issued.iso()},
          {"response_due", r.response_due.iso()},
          {"response_text", r.response_text},
          {"response_date", opt_date(r.response_date)},
          {"status", to_code(r.status)},
          {"follow_up_date", opt_date(r.follow_up_date)},
          {"follow_up_notes", r.follow_up_notes},
          {"overdue", r.overdue(today)},
          {"follow_up_due", r.follow_up_due(today)},
          {"created_at", r.created_at},
          {"updated_at", r.updated_at},
          {"version", r.version}};
}

json to_json(const Investigation& i) {
  return {{"id", i.id},
          {"number", i.number},
          {"topic", i.topic},
          {"departments", i.departments},
          {"period_from", opt_date(i.period_from)},
          {"period_to", opt_date(i.period_to)},
          {"case_ids", i.case_ids},
          {"signals", i.signals},
          {"method", i.method},
          {"findings", i.findings},
          {"conclusion", i.conclusion},
          {"status", to_code(i.status)},
          {"started", i.started.iso()},
          {"created_at", i.created_at},
          {"updated_at", i.updated_at},
          {"version", i.version}};
}

json to_json(const Activity& a) {
  return {{"id", a.id},
          {"date", a.date.iso()},
          {"kind", to_code(a.kind)},
          {"department", a.department},
          {"topic", a.topic},
          {"participants", a.participants},
          {"hours", std::round(a.minutes / 60.0 * 100) / 100},
          {"created_at", a.created_at},
          {"version", a.version}};
}

json to_json(const Complaint& c) {
  const auto late = c.late();
  return {{"id", c.id},
          {"case_id", c.case_id},
          {"department", c.department},
          {"area", c.area},
          {"body", c.body},
          {"decision_date", c.decision_date.iso()},
          {"decision_received", opt_date(c.decision_received)},
          {"sent", opt_date(c.sent)},
          {"deadline", opt_date(c.deadline)},
          {"late", late ? json(*late) : json(nullptr)},
          {"genvurdering", to_code(c.genvurdering)},
          {"genvurdering_date", opt_date(c.genvurdering_date)},
          {"result", c.result ? json(to_code(*c.result)) : json(nullptr)},
          {"result_date", opt_date(c.result_date)},
          {"note", c.note},
          {"created_at", c.created_at},
          {"updated_at", c.updated_at},
          {"version", c.version}};
}

json to_json(const CaseTheme& t) {
  return {{"theme", t.theme},
          {"department", t.department},
          {"source", t.source},
          {"criticism", t.criticism},
          {"criticism_text", t.criticism_text}};
}

json to_json(const HistoryEntry& h) {
  json changes = json::array();
  for (const auto& c : h.changes) changes.push_back({{"field", c.field}, {"before", c.before}, {"after", c.after}});
  return {{"at", h.at}, {"actor", h.actor}, {"action", h.action}, {"changes", changes}};
}

}  // namespace bb::web
