#include "web/case_json.h"

#include <set>

#include "domain/cpr.h"

namespace bb::web {
namespace {

using nlohmann::json;

json opt_date(const std::optional<Date>& d) { return d ? json(d->iso()) : json(nullptr); }

json codes(const std::vector<Reason>& rs) {
  json out = json::array();
  for (Reason r : rs) out.push_back(to_code(r));
  return out;
}

// Reads optional members with type checking; every mismatch becomes a field error.
class Reader {
 public:
  Reader(const json& j, FieldErrors& errors, std::string prefix = "")
      : j_(j), errors_(errors), prefix_(std::move(prefix)) {}

  std::optional<std::string> str(const char* key) {
    if (!j_.contains(key) || j_[key].is_null()) return std::nullopt;
    if (!j_[key].is_string()) {
      errors_.add(prefix_ + key, "field.expected_string");
      return std::nullopt;
    }
    return j_[key].get<std::string>();
  }
  std::optional<std::vector<std::string>> list(const char* key) {
    if (!j_.contains(key) || j_[key].is_null()) return std::nullopt;
    const json& v = j_[key];
    if (!v.is_array()) {
      errors_.add(prefix_ + key, "field.expected_list");
      return std::nullopt;
    }
    std::vector<std::string> out;
    for (const auto& item : v) {
      if (!item.is_string()) {
        errors_.add(prefix_ + key, "field.expected_list");
        return std::nullopt;
      }
      out.push_back(item.get<std::string>());
    }
    return out;
  }
  // present: outer optional; null means "clear".
  std::optional<std::optional<int64_t>> id(const char* key) {
    if (!j_.contains(key)) return std::nullopt;
    if (j_[key].is_null()) return std::optional<int64_t>();
    if (!j_[key].is_number_integer() || j_[key].get<int64_t>() <= 0) {
      errors_.add(prefix_ + key, "field.expected_id");
      return std::nullopt;
    }
    return std::optional<int64_t>(j_[key].get<int64_t>());
  }
  std::optional<int> integer(const char* key) {
    if (!j_.contains(key) || j_[key].is_null()) return std::nullopt;
    if (!j_[key].is_number_integer()) {
      errors_.add(prefix_ + key, "field.expected_integer");
      return std::nullopt;
    }
    const auto v = j_[key].get<int64_t>();
    if (v < -1000000 || v > 1000000) {
      errors_.add(prefix_ + key, "field.expected_integer");
      return std::nullopt;
    }
    return static_cast<int>(v);
  }
  // Members present in the object replace those of `base`.
  std::optional<Citizen> citizen(const char* key, Citizen base = {}) {
    if (!j_.contains(key) || j_[key].is_null()) return std::nullopt;
    if (!j_[key].is_object()) {
      errors_.add(prefix_ + key, "field.expected_object");
      return std::nullopt;
    }
    Reader r(j_[key], errors_, prefix_ + key + ".");
    Citizen c = std::move(base);
    c.name = r.str("name").value_or(c.name);
    c.address = r.str("address").value_or(c.address);
    c.phone = r.str("phone").value_or(c.phone);
    c.email = r.str("email").value_or(c.email);
    c.cpr = r.str("cpr").value_or(c.cpr);
    c.preferred_contact = r.str("preferred_contact").value_or(c.preferred_contact);
    c.needs = r.str("needs").value_or(c.needs);
    return c;
  }

 private:
  const json& j_;
  FieldErrors& errors_;
  std::string prefix_;
};

}  // namespace

json case_to_json(const Case& c, CprView cpr) {
  json departments = c.departments;
  json j = {
      {"id", c.id},
      {"number", c.number},
      {"received", c.received.iso()},
      {"channel", to_code(c.channel)},
      {"reasons", codes(c.reasons)},
      {"departments", departments},
      {"summary", c.summary},
      {"citizen",
       {{"name", c.citizen.name},
        {"address", c.citizen.address},
        {"phone", c.citizen.phone},
        {"email", c.citizen.email},
        {"cpr", c.citizen.cpr.empty()        ? json(nullptr)
                : cpr == CprView::kFull      ? json(Cpr::parse(c.citizen.cpr) ? Cpr::parse(c.citizen.cpr)->formatted() : c.citizen.cpr)
                                             : json(mask_cpr(c.citizen.cpr))},
        {"preferred_contact", c.citizen.preferred_contact},
        {"needs", c.citizen.needs}}},
      {"assignee_id", c.assignee_id ? json(*c.assignee_id) : json(nullptr)},
      {"status", to_code(c.status)},
      {"outcome", c.outcome ? json(to_code(*c.outcome)) : json(nullptr)},
      {"rejection_reason", c.rejection_reason},
      {"referral", c.referral},
      {"consent",
       {{"state", to_code(c.consent.state)},
        {"date", opt_date(c.consent.date)},
        {"form", to_code(c.consent.form)}}},
      {"first_response_due", c.first_response_due.iso()},
      {"first_response_on", opt_date(c.first_response_on)},
      {"closed_on", opt_date(c.closed_on)},
      {"minutes_spent", c.minutes_spent},
      {"created_at", c.created_at},
      {"updated_at", c.updated_at},
      {"version", c.version},
  };
  return j;
}

json journal_to_json(const JournalEntry& e) {
  return {{"id", e.id},
          {"kind", to_code(e.kind)},
          {"text", e.text},
          {"author", e.author},
          {"created_at", e.created_at},
          {"corrects", e.corrects ? json(*e.corrects) : json(nullptr)}};
}

json attachment_to_json(const Attachment& a) {
  return {{"id", a.id},       {"filename", a.filename},       {"mime", a.mime},
          {"size", a.size},   {"sha256", a.sha256},           {"created_at", a.created_at},
          {"uploaded_by", a.uploaded_by}};
}

json audit_to_json(const AuditEntry& e) {
  return {{"seq", e.seq},
          {"at", e.at},
          {"actor_id", e.actor_id},
          {"actor", e.actor},
          {"action", e.action},
          {"case_id", e.case_id ? json(*e.case_id) : json(nullptr)},
          {"detail", e.detail},
          {"ip", e.ip},
          {"hash", e.hash}};
}

Result<json> parse_json_object(const std::string& body) {
  auto j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Error::field(ErrorCode::kInvalid, "body", "request.json_object");
  }
  return j;
}

Result<CaseDraft> case_draft_from_json(const json& body) {
  FieldErrors errors;
  Reader r(body, errors);
  CaseDraft d;
  d.received = r.str("received").value_or("");
  d.channel = r.str("channel").value_or("");
  d.reasons = r.list("reasons").value_or(std::vector<std::string>{});
  d.departments = r.list("departments").value_or(std::vector<std::string>{});
  d.summary = r.str("summary").value_or("");
  d.citizen = r.citizen("citizen").value_or(Citizen{});
  if (auto a = r.id("assignee_id")) d.assignee_id = *a;
  static const std::set<std::string> kKnown = {"received", "channel", "reasons", "departments", "summary",
                                               "citizen", "assignee_id", "consent"};
  for (auto it = body.begin(); it != body.end(); ++it) {
    if (!kKnown.count(it.key())) errors.add(it.key(), "field.unknown");
  }
  if (body.contains("consent")) {
    const json& c = body["consent"];
    if (c.is_object()) {
      Reader cr(c, errors, "consent.");
      d.consent = cr.str("state").value_or("");
      d.consent_form = cr.str("form").value_or("oral");
      if (d.consent_form != "oral" && d.consent_form != "written") errors.add("consent.form", "field.unknown_code");
    } else if (!c.is_null()) {
      errors.add("consent", "field.expected_object");
    }
  }
  if (!errors.empty()) return errors.to_error();
  return d;
}

Result<CasePatch> case_patch_from_json(const json& body, const Citizen& base) {
  FieldErrors errors;
  Reader r(body, errors);
  CasePatch p;
  p.status = r.str("status");
  if (body.contains("outcome") && body["outcome"].is_null()) p.outcome = "";
  else p.outcome = r.str("outcome");
  p.reasons = r.list("reasons");
  p.departments = r.list("departments");
  p.assignee_id = r.id("assignee_id");
  p.rejection_reason = r.str("rejection_reason");
  p.referral = r.str("referral");
  p.summary = r.str("summary");
  if (body.contains("first_response_on") && body["first_response_on"].is_null()) p.first_response_on = "";
  else p.first_response_on = r.str("first_response_on");
  p.add_minutes = r.integer("add_minutes");
  p.citizen = r.citizen("citizen", base);
  p.reopen_note = r.str("reopen_note").value_or("");
  if (body.contains("consent") && !body["consent"].is_null()) {
    const json& c = body["consent"];
    if (c.is_object()) {
      Reader cr(c, errors, "consent.");
      p.consent = cr.str("state");
      p.consent_form = cr.str("form");
      p.consent_date = cr.str("date");
      if (!p.consent) errors.add("consent.state", "field.required");
    } else {
      errors.add("consent", "field.expected_object");
    }
  }
  static const std::set<std::string> kKnown = {
      "status",  "outcome",           "reasons", "departments", "assignee_id", "rejection_reason",
      "referral", "summary", "first_response_on", "add_minutes", "citizen", "reopen_note",
      "consent", "version"};
  for (auto it = body.begin(); it != body.end(); ++it) {
    if (!kKnown.count(it.key())) errors.add(it.key(), "field.unknown");
  }
  if (!errors.empty()) return errors.to_error();
  return p;
}

Result<JournalDraft> journal_draft_from_json(const json& body) {
  FieldErrors errors;
  Reader r(body, errors);
  JournalDraft d;
  d.kind = r.str("kind").value_or("");
  d.text = r.str("text").value_or("");
  if (auto c = r.id("corrects"); c && *c) d.corrects = **c;
  if (!errors.empty()) return errors.to_error();
  return d;
}

}  // namespace bb::web
