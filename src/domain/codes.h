// The coded vocabularies of the domain (GLOSSARY.md) and their stable string codes.
//
// Codes are what the database, the API and the forms carry; the Danish and English labels
// live in the message catalogue under "<vocabulary>.<code>" (e.g. "status.i_gang").
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bb {

enum class Channel { kTelefon, kEmail, kBrev, kPersonligt, kWebformular, kDigitalPost };
enum class Reason { kForstaa, kKontakt, kHjaelp, kHoert, kKlage, kAndet };
enum class CaseStatus { kNy, kIGang, kAfventerForvaltning, kAfventerBorger, kAfsluttet };
enum class Outcome { kVejvisning, kVejledning, kFormidling, kMaegling, kKritik, kIngenKritik, kAfvist };
enum class JournalKind { kNote, kCall, kMeeting, kLetterIn, kLetterOut, kEmail, kStatus };
enum class Role { kAdvisor, kAssistant, kManager, kAdmin };
enum class ConsentState { kNone, kGiven, kWithdrawn };
enum class ConsentForm { kOral, kWritten };
// Systemic work (issue 4).
enum class RecommendationStatus { kAfventerSvar, kFulgt, kDelvistFulgt, kIkkeFulgt, kBortfaldet };
enum class InvestigationStatus { kPlanlagt, kIGang, kAfsluttet };
enum class ActivityKind { kUndervisning, kSparring, kOplaeg, kMoede };
// The municipality's own reconsideration before a complaint goes on to the complaint body.
enum class Genvurdering { kAfventer, kFastholdt, kAendret };
enum class ComplaintResult { kStadfaestet, kAendret, kOphaevet, kHjemvist, kAfvist, kTilbagekaldt };

template <typename E>
struct CodeTable;  // specialised below: static constexpr std::array<std::pair<E, const char*>, N>

#define BB_CODES(E, ...)                                              \
  template <>                                                         \
  struct CodeTable<E> {                                               \
    static constexpr std::pair<E, const char*> kEntries[] = {__VA_ARGS__}; \
  };

BB_CODES(Channel, {Channel::kTelefon, "telefon"}, {Channel::kEmail, "email"},
         {Channel::kBrev, "brev"}, {Channel::kPersonligt, "personligt"},
         {Channel::kWebformular, "webformular"}, {Channel::kDigitalPost, "digital_post"})
BB_CODES(Reason, {Reason::kForstaa, "forstaa"}, {Reason::kKontakt, "kontakt"},
         {Reason::kHjaelp, "hjaelp"}, {Reason::kHoert, "hoert"}, {Reason::kKlage, "klage"},
         {Reason::kAndet, "andet"})
BB_CODES(CaseStatus, {CaseStatus::kNy, "ny"}, {CaseStatus::kIGang, "i_gang"},
         {CaseStatus::kAfventerForvaltning, "afventer_forvaltning"},
         {CaseStatus::kAfventerBorger, "afventer_borger"}, {CaseStatus::kAfsluttet, "afsluttet"})
BB_CODES(Outcome, {Outcome::kVejvisning, "vejvisning"}, {Outcome::kVejledning, "vejledning"},
         {Outcome::kFormidling, "formidling"}, {Outcome::kMaegling, "maegling"},
         {Outcome::kKritik, "kritik"}, {Outcome::kIngenKritik, "ingen_kritik"},
         {Outcome::kAfvist, "afvist"})
BB_CODES(JournalKind, {JournalKind::kNote, "note"}, {JournalKind::kCall, "call"},
         {JournalKind::kMeeting, "meeting"}, {JournalKind::kLetterIn, "letter_in"},
         {JournalKind::kLetterOut, "letter_out"}, {JournalKind::kEmail, "email"},
         {JournalKind::kStatus, "status"})
BB_CODES(Role, {Role::kAdvisor, "advisor"}, {Role::kAssistant, "assistant"},
         {Role::kManager, "manager"}, {Role::kAdmin, "admin"})
BB_CODES(ConsentState, {ConsentState::kNone, "none"}, {ConsentState::kGiven, "given"},
         {ConsentState::kWithdrawn, "withdrawn"})
BB_CODES(ConsentForm, {ConsentForm::kOral, "oral"}, {ConsentForm::kWritten, "written"})
BB_CODES(RecommendationStatus, {RecommendationStatus::kAfventerSvar, "afventer_svar"},
         {RecommendationStatus::kFulgt, "fulgt"}, {RecommendationStatus::kDelvistFulgt, "delvist_fulgt"},
         {RecommendationStatus::kIkkeFulgt, "ikke_fulgt"}, {RecommendationStatus::kBortfaldet, "bortfaldet"})
BB_CODES(InvestigationStatus, {InvestigationStatus::kPlanlagt, "planlagt"},
         {InvestigationStatus::kIGang, "i_gang"}, {InvestigationStatus::kAfsluttet, "afsluttet"})
BB_CODES(ActivityKind, {ActivityKind::kUndervisning, "undervisning"}, {ActivityKind::kSparring, "sparring"},
         {ActivityKind::kOplaeg, "oplaeg"}, {ActivityKind::kMoede, "moede"})
BB_CODES(Genvurdering, {Genvurdering::kAfventer, "afventer"}, {Genvurdering::kFastholdt, "fastholdt"},
         {Genvurdering::kAendret, "aendret"})
BB_CODES(ComplaintResult, {ComplaintResult::kStadfaestet, "stadfaestet"}, {ComplaintResult::kAendret, "aendret"},
         {ComplaintResult::kOphaevet, "ophaevet"}, {ComplaintResult::kHjemvist, "hjemvist"},
         {ComplaintResult::kAfvist, "afvist"}, {ComplaintResult::kTilbagekaldt, "tilbagekaldt"})
#undef BB_CODES

template <typename E>
const char* to_code(E value) {
  for (const auto& [e, code] : CodeTable<E>::kEntries) {
    if (e == value) return code;
  }
  return "";
}

template <typename E>
std::optional<E> parse_code(std::string_view code) {
  for (const auto& [e, c] : CodeTable<E>::kEntries) {
    if (code == c) return e;
  }
  return std::nullopt;
}

template <typename E>
std::vector<E> all_codes() {
  std::vector<E> out;
  for (const auto& entry : CodeTable<E>::kEntries) out.push_back(entry.first);
  return out;
}

}  // namespace bb
