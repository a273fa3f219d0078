#include "domain/case.h"

#include <algorithm>
#include <cctype>

#include "domain/cpr.h"

namespace bb {
namespace {

bool blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

template <typename E>
std::optional<std::vector<E>> parse_code_list(const std::vector<std::string>& codes) {
  std::vector<E> out;
  for (const auto& c : codes) {
    auto e = parse_code<E>(c);
    if (!e) return std::nullopt;
    if (std::find(out.begin(), out.end(), *e) == out.end()) out.push_back(*e);
  }
  return out;
}

void check_departments(const std::vector<std::string>& departments,
                       const MunicipalitySettings& settings, FieldErrors& errors) {
  for (const auto& d : departments) {
    if (!settings.has_department(d)) {
      errors.add("departments", "case.department_unknown");
      return;
    }
  }
}

void check_citizen(const Citizen& c, FieldErrors& errors) {
  if (c.name.size() > kMaxShortText) errors.add("citizen.name", "field.too_long");
  if (c.address.size() > kMaxShortText) errors.add("citizen.address", "field.too_long");
  if (c.phone.size() > 40) errors.add("citizen.phone", "field.too_long");
  if (c.needs.size() > kMaxShortText) errors.add("citizen.needs", "field.too_long");
  if (!c.email.empty() && !plausible_email(c.email)) errors.add("citizen.email", "field.email");
  if (!c.cpr.empty()) {
    auto cpr = Cpr::parse(c.cpr);
    if (!cpr) errors.add("citizen.cpr", cpr.error().message);
  }
  if (!c.preferred_contact.empty() && !parse_code<Channel>(c.preferred_contact)) {
    errors.add("citizen.preferred_contact", "field.unknown_code");
  }
}

// Normalises the CPR to digits only; call after check_citizen() passed.
Citizen normalised(Citizen c) {
  if (!c.cpr.empty()) c.cpr = Cpr::parse(c.cpr)->digits();
  return c;
}

std::string status_text(CaseStatus from, CaseStatus to) {
  return std::string("status:") + to_code(from) + ":" + to_code(to);
}

}  // namespace

bool plausible_email(const std::string& email) {
  if (email.size() > 254) return false;
  const auto at = email.find('@');
  if (at == std::string::npos || at == 0 || email.find('@', at + 1) != std::string::npos) {
    return false;
  }
  const auto dot = email.find('.', at);
  if (dot == std::string::npos || dot == at + 1 || dot + 1 >= email.size()) return false;
  return std::none_of(email.begin(), email.end(),
                      [](unsigned char c) { return std::isspace(c) || c < 0x20; });
}

bool counts_as_response(JournalKind kind) {
  return kind == JournalKind::kCall || kind == JournalKind::kMeeting ||
         kind == JournalKind::kLetterOut || kind == JournalKind::kEmail;
}

Result<Case> validate_new_case(const CaseDraft& draft, const MunicipalitySettings& settings,
                               const Date& today) {
  FieldErrors errors;
  Case c;
  if (draft.received.empty()) {
    c.received = today;
  } else if (auto d = Date::parse_iso(draft.received)) {
    if (*d > today) errors.add("received", "case.received_future");
    c.received = *d;
  } else {
    errors.add("received", "field.date");
  }
  if (auto ch = parse_code<Channel>(draft.channel)) {
    c.channel = *ch;
  } else {
    errors.add("channel", draft.channel.empty() ? "field.required" : "field.unknown_code");
  }
  if (draft.reasons.empty()) {
    errors.add("reasons", "case.reasons_required");
  } else if (auto rs = parse_code_list<Reason>(draft.reasons)) {
    c.reasons = *rs;
  } else {
    errors.add("reasons", "field.unknown_code");
  }
  check_departments(draft.departments, settings, errors);
  c.departments = draft.departments;
  if (blank(draft.summary)) {
    errors.add("summary", "field.required");
  } else if (draft.summary.size() > kMaxSummary) {
    errors.add("summary", "field.too_long");
  }
  c.summary = draft.summary;
  check_citizen(draft.citizen, errors);
  if (!draft.consent.empty() && draft.consent != "given" && draft.consent != "none") {
    errors.add("consent", "field.unknown_code");
  }
  if (!errors.empty()) return errors.to_error();

  c.citizen = normalised(draft.citizen);
  c.assignee_id = draft.assignee_id;
  if (draft.consent == "given") {
    c.consent.state = ConsentState::kGiven;
    c.consent.date = c.received;
    c.consent.form = draft.consent_form == "written" ? ConsentForm::kWritten : ConsentForm::kOral;
  }
  c.status = CaseStatus::kNy;
  c.first_response_due = add_working_days(c.received, settings.first_response_working_days);
  return c;
}

Result<CaseUpdate> apply_patch(const Case& current, const CasePatch& patch,
                               const MunicipalitySettings& settings, const Date& today,
                               bool may_criticise) {
  FieldErrors errors;
  CaseUpdate up{current, {}, false};
  Case& c = up.updated;

  std::optional<CaseStatus> new_status;
  if (patch.status) {
    new_status = parse_code<CaseStatus>(*patch.status);
    if (!new_status) errors.add("status", "field.unknown_code");
  }
  if (patch.outcome) {
    if (patch.outcome->empty()) {
      c.outcome.reset();
    } else if (auto o = parse_code<Outcome>(*patch.outcome)) {
      if ((*o == Outcome::kKritik || *o == Outcome::kIngenKritik) && !may_criticise) {
        return Error::field(ErrorCode::kForbidden, "outcome", "case.criticism_not_allowed");
      }
      c.outcome = *o;
    } else {
      errors.add("outcome", "field.unknown_code");
    }
  }
  if (patch.reasons) {
    if (patch.reasons->empty()) {
      errors.add("reasons", "case.reasons_required");
    } else if (auto rs = parse_code_list<Reason>(*patch.reasons)) {
      c.reasons = *rs;
    } else {
      errors.add("reasons", "field.unknown_code");
    }
  }
  if (patch.departments) {
    check_departments(*patch.departments, settings, errors);
    c.departments = *patch.departments;
  }
  if (patch.assignee_id) c.assignee_id = *patch.assignee_id;
  if (patch.summary) {
    if (blank(*patch.summary)) errors.add("summary", "field.required");
    if (patch.summary->size() > kMaxSummary) errors.add("summary", "field.too_long");
    c.summary = *patch.summary;
  }
  if (patch.citizen) {
    check_citizen(*patch.citizen, errors);
    if (!errors.has("citizen.cpr")) c.citizen = normalised(*patch.citizen);
  }
  if (patch.rejection_reason) {
    if (patch.rejection_reason->size() > kMaxSummary) errors.add("rejection_reason", "field.too_long");
    c.rejection_reason = *patch.rejection_reason;
  }
  if (patch.referral) {
    if (patch.referral->size() > kMaxSummary) errors.add("referral", "field.too_long");
    c.referral = *patch.referral;
  }
  if (patch.first_response_on) {
    if (patch.first_response_on->empty()) {
      c.first_response_on.reset();
    } else if (auto d = Date::parse_iso(*patch.first_response_on)) {
      if (*d < c.received) errors.add("first_response_on", "case.before_received");
      if (*d > today) errors.add("first_response_on", "case.date_future");
      c.first_response_on = *d;
    } else {
      errors.add("first_response_on", "field.date");
    }
  }
  if (patch.add_minutes) {
    if (*patch.add_minutes < 0 || *patch.add_minutes > 24 * 60) {
      errors.add("add_minutes", "case.minutes_range");
    } else {
      c.minutes_spent += *patch.add_minutes;
    }
  }
  if (patch.consent) {
    auto state = parse_code<ConsentState>(*patch.consent);
    if (!state) {
      errors.add("consent", "field.unknown_code");
    } else {
      Date when = today;
      if (patch.consent_date && !patch.consent_date->empty()) {
        auto d = Date::parse_iso(*patch.consent_date);
        if (!d) errors.add("consent_date", "field.date");
        else if (*d > today) errors.add("consent_date", "case.date_future");
        else when = *d;
      }
      ConsentForm form = c.consent.form;
      if (patch.consent_form) {
        auto f = parse_code<ConsentForm>(*patch.consent_form);
        if (!f) errors.add("consent_form", "field.unknown_code");
        else form = *f;
      }
      if (*state != c.consent.state || form != c.consent.form) {
        c.consent = Consent{*state, *state == ConsentState::kNone ? std::nullopt
                                                                   : std::optional<Date>(when),
                            form};
        up.journal.push_back({JournalKind::kStatus, std::string("consent:") + to_code(*state) +
                                                        ":" + to_code(form) + ":" + when.iso()});
      }
    }
  }
  if (!errors.empty()) return errors.to_error();

  // Rules that depend on the case as a whole, after the individual fields are applied.
  const CaseStatus target = new_status.value_or(c.status);
  if (current.status == CaseStatus::kAfsluttet && target != CaseStatus::kAfsluttet) {
    if (blank(patch.reopen_note)) {
      return Error::field(ErrorCode::kUnprocessable, "reopen_note", "case.reopen_needs_note");
    }
    up.journal.push_back({JournalKind::kNote, patch.reopen_note});
    c.closed_on.reset();
  }
  if (target == CaseStatus::kAfsluttet) {
    if (!c.outcome) {
      return Error::field(ErrorCode::kUnprocessable, "outcome", "case.close_needs_outcome");
    }
    if (*c.outcome == Outcome::kAfvist) {
      FieldErrors missing;
      if (blank(c.rejection_reason)) missing.add("rejection_reason", "case.afvist_needs_reason");
      if (blank(c.referral)) missing.add("referral", "case.afvist_needs_referral");
      if (!missing.empty()) {
        return missing.to_error(ErrorCode::kUnprocessable, "case.afvist_incomplete");
      }
    }
    if (current.status != CaseStatus::kAfsluttet) c.closed_on = today;
  }
  if (target == CaseStatus::kAfventerForvaltning && c.consent.state != ConsentState::kGiven) {
    return Error::field(ErrorCode::kUnprocessable, "consent", "case.contact_needs_consent");
  }
  if (target != current.status) {
    up.journal.push_back({JournalKind::kStatus, status_text(current.status, target)});
    c.status = target;
    // Moving a new case on to work means the office has answered the citizen.
    if (!c.first_response_on && current.status == CaseStatus::kNy) c.first_response_on = today;
  }
  if (patch.outcome && c.outcome != current.outcome && c.outcome) {
    up.journal.push_back({JournalKind::kStatus, std::string("outcome:") + to_code(*c.outcome)});
  }

  up.changed = up.journal.size() > 0 || c.reasons != current.reasons ||
               c.departments != current.departments || c.assignee_id != current.assignee_id ||
               c.summary != current.summary || c.rejection_reason != current.rejection_reason ||
               c.referral != current.referral || c.first_response_on != current.first_response_on ||
               c.minutes_spent != current.minutes_spent || c.outcome != current.outcome ||
               c.citizen != current.citizen || c.consent.state != current.consent.state;
  return up;
}

}  // namespace bb
