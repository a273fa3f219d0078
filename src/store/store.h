// The persistence interfaces. Callers (web, cli) see only these; the SQLite implementation
// lives in store/sqlite/, a PostgreSQL one can follow without changing callers, and one
// contract-test suite (store_contract_test.cc) holds every implementation to the same rules.
//
// Guarantees every implementation gives:
//  - A method that returns success has committed durably (survives a crash or power loss).
//  - A write is all-or-nothing: the case, its journal entries, its search index and its audit
//    entry are committed together, or none of them is.
//  - Every read and write of case data appends an audit entry for the Actor, in the same
//    commit as the write (or before the read's result is returned).
//  - Case numbers are YYYY-NNNN, running per year of receipt, and never reused.
// Thread safety: a Store and its parts may be used from many threads at once.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/audit.h"
#include "domain/case.h"
#include "domain/clock.h"
#include "domain/codes.h"
#include "domain/journal.h"
#include "domain/privacy.h"
#include "domain/report.h"
#include "domain/result.h"
#include "domain/settings.h"
#include "domain/signals.h"
#include "domain/stat_period.h"
#include "domain/survey.h"
#include "domain/systemic.h"
#include "domain/themes.h"

namespace bb {

// Who performs an operation, for the audit log.
struct Actor {
  int64_t user_id = 0;        // 0 = the public (contact form) or the system
  std::string name;           // "offentlig", "system" or the user's name
  Role role = Role::kAdvisor;
  std::string ip;

  static Actor system() { return {0, "system", Role::kAdmin, ""}; }
  static Actor public_web(std::string ip) { return {0, "offentlig", Role::kAssistant, std::move(ip)}; }
};

// ---------------------------------------------------------------------------------------------
// Cases

struct Attachment {
  int64_t id = 0;
  int64_t case_id = 0;
  std::string filename;  // sanitised by safe_filename()
  std::string mime;      // from content sniffing
  int64_t size = 0;
  std::string sha256;    // hex; also the storage key
  std::string created_at;
  std::string uploaded_by;
};

// A case with everything the case view shows, read in one go and audited once.
struct CaseRecord {
  Case c;
  std::vector<JournalEntry> journal;      // oldest first
  std::vector<Attachment> attachments;
};

struct CaseFilter {
  std::string q;                            // free text (FTS) or a case number
  std::optional<CaseStatus> status;
  bool open_only = false;                   // status != afsluttet
  std::optional<std::string> department;
  std::optional<Reason> reason;
  std::optional<Channel> channel;
  std::optional<Date> from;                 // received >= from
  std::optional<Date> to;                   // received <= to
  std::optional<int64_t> assignee_id;
  std::optional<Date> response_due_by;      // first response not given and due on or before
  int limit = 50;                           // 1..200
  std::string cursor;                       // opaque, from CasePage::next
};

struct CasePage {
  std::vector<Case> items;
  std::string next;  // empty at the end
};

// A case named by its number, without content.
struct CaseRef {
  int64_t id = 0;
  std::string number;
  Date received;
  CaseStatus status = CaseStatus::kNy;
};

// A case as bulk loading writes it: the case in its final state (validated by the caller), its
// journal notes and its themes.
struct NewCase {
  Case c;
  std::vector<std::pair<JournalKind, std::string>> notes;  // never kStatus
  std::vector<CaseTheme> themes;                           // active themes of the list
};

class CaseStore {
 public:
  virtual ~CaseStore() = default;
  // Assigns id and number; writes a "status" journal entry "created"; audit "case.create".
  virtual Result<Case> create(const Case& draft, const Actor& actor) = 0;
  // Bulk loading (`generate`, imports): every case exactly as create() writes it, plus its
  // notes (search-indexed) and themes (with their journal entries), all in one commit — all or
  // nothing. Returns the new ids in order.
  virtual Result<std::vector<int64_t>> create_many(const std::vector<NewCase>& cases, const Actor& actor) = 0;
  // Audit "case.read".
  virtual Result<Case> get(int64_t id, const Actor& actor) = 0;
  // The case with its journal and attachments from one consistent snapshot; one audit entry
  // "case.read" covers all of it.
  virtual Result<CaseRecord> read_record(int64_t id, const Actor& actor) = 0;
  // Writes `update.updated` if the stored version still equals its `version`, plus the pending
  // journal entries; else kConflict. Audit "case.update".
  virtual Result<Case> update(const CaseUpdate& update, const Actor& actor) = 0;
  // Audit "case.list" naming the ids returned.
  virtual Result<CasePage> list(const CaseFilter& filter, const Actor& actor) = 0;
  // Themes tagged on the case (no audit: codes only, read with the case).
  virtual std::vector<CaseTheme> themes(int64_t case_id) = 0;
  // Adds themes (already present ones are kept as they are). Audit "case.themes"; one journal
  // entry "theme:added:<theme>:<department>" per added theme.
  virtual Status add_themes(int64_t case_id, const std::vector<CaseTheme>& themes, const Actor& actor) = 0;
  // Adds the theme or updates its criticism (keyed by case, theme and department). The theme
  // must be active in the office's list (kInvalid, field "theme", "theme.unknown"). Journal
  // "theme:added:…" or "theme:criticism:<theme>:<department>"; audit "case.theme.set".
  virtual Status set_theme(int64_t case_id, const CaseTheme& theme, const Actor& actor) = 0;
  // kNotFound "theme.not_on_case" when absent. Journal "theme:removed:<theme>:<department>";
  // audit "case.theme.remove".
  virtual Status remove_theme(int64_t case_id, const std::string& theme,
                              const std::string& department, const Actor& actor) = 0;
  // Whether a case with this id exists (no content, no audit).
  virtual bool exists(int64_t id) = 0;
  // Numbers of the cases with these ids, in the order given; unknown ids are left out (no
  // content, no audit: used to show links).
  virtual std::vector<CaseRef> refs(const std::vector<int64_t>& ids) = 0;
  // The id of the case with this number ("2024-0042"), if any (no content, no audit).
  virtual std::optional<int64_t> id_by_number(const std::string& number) = 0;
  // Aggregate, no case content, no audit: cases per status code.
  virtual std::map<std::string, int64_t> count_by_status() = 0;
};

// ---------------------------------------------------------------------------------------------
// Journal

class JournalStore {
 public:
  virtual ~JournalStore() = default;
  // Appends a user-written entry (validated by validate_journal). `corrects` must name an entry
  // of the same case. An outgoing contact marks the first response as met. Audit "journal.add".
  virtual Result<JournalEntry> append(int64_t case_id, const JournalEntry& entry,
                                      const Actor& actor) = 0;
  // Oldest first. Audit "journal.read".
  virtual Result<std::vector<JournalEntry>> for_case(int64_t case_id, const Actor& actor) = 0;
};

// ---------------------------------------------------------------------------------------------
// Attachments


class AttachmentStore {
 public:
  virtual ~AttachmentStore() = default;
  // Checks type by content and size; stores the bytes under their hash. Audit "attachment.add".
  virtual Result<Attachment> add(int64_t case_id, std::string_view filename,
                                 std::string_view bytes, const Actor& actor) = 0;
  virtual Result<std::vector<Attachment>> for_case(int64_t case_id) = 0;
  // The attachment and its bytes. Audit "attachment.read".
  virtual Result<std::pair<Attachment, std::string>> read(int64_t case_id, int64_t attachment_id,
                                                          const Actor& actor) = 0;
};

// ---------------------------------------------------------------------------------------------
// Users, sessions, API tokens

struct User {
  int64_t id = 0;
  std::string email;
  std::string name;
  Role role = Role::kAdvisor;
  bool active = true;
  std::string password_hash;  // argon2id string (libsodium); never leaves the server
  int failed_logins = 0;
  std::string locked_until;   // UTC ISO 8601 or empty
  std::string created_at;
};

class UserStore {
 public:
  virtual ~UserStore() = default;
  // kConflict when the e-mail is taken. Audit "user.create".
  virtual Result<User> create(const User& user, const Actor& actor) = 0;
  virtual Result<User> get(int64_t id) = 0;
  virtual Result<User> find_by_email(const std::string& email) = 0;
  virtual std::vector<User> list() = 0;
  // Name, role, active. Audit "user.update".
  virtual Result<User> update(const User& user, const Actor& actor) = 0;
  virtual Status set_password_hash(int64_t user_id, const std::string& hash, const Actor& actor) = 0;
  // Login bookkeeping; both write audit "login.failure"/"login.success".
  virtual Status record_login_failure(int64_t user_id, int failed_logins,
                                      const std::string& locked_until, const Actor& actor) = 0;
  virtual Status record_login_success(int64_t user_id, const Actor& actor) = 0;
};

struct Session {
  std::string token_hash;  // SHA-256 hex of the cookie value
  int64_t user_id = 0;
  std::string csrf_token;
  std::string created_at;
  std::string last_seen;
};

struct ApiToken {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string name;
  std::string token_hash;
  std::string created_at;
};

class SessionStore {
 public:
  virtual ~SessionStore() = default;
  virtual Status create_session(const Session& session) = 0;
  virtual Result<Session> find_session(const std::string& token_hash) = 0;
  virtual Status touch_session(const std::string& token_hash, const std::string& last_seen) = 0;
  virtual Status delete_session(const std::string& token_hash) = 0;
  virtual Status delete_sessions_of(int64_t user_id) = 0;
  virtual Status delete_sessions_idle_since(const std::string& before) = 0;
  // Audit "token.create".
  virtual Result<ApiToken> create_api_token(const ApiToken& token, const Actor& actor) = 0;
  virtual Result<ApiToken> find_api_token(const std::string& token_hash) = 0;
};

// ---------------------------------------------------------------------------------------------
// Audit log

struct AuditFilter {
  std::optional<int64_t> case_id;
  int limit = 200;
};

class AuditLog {
 public:
  virtual ~AuditLog() = default;
  // Appends an entry not tied to another write (logins, exports, settings...).
  virtual Status append(const std::string& action, std::optional<int64_t> case_id,
                        const std::string& detail, const Actor& actor) = 0;
  // Newest first.
  virtual std::vector<AuditEntry> list(const AuditFilter& filter) = 0;
  // Walks the whole chain from the first entry.
  virtual ChainCheck verify() = 0;
};

// ---------------------------------------------------------------------------------------------
// Settings

class SettingsStore {
 public:
  virtual ~SettingsStore() = default;
  virtual MunicipalitySettings load() = 0;
  // Whether settings were ever saved (by `init` or the settings page); load() gives the
  // defaults until then.
  virtual bool saved() = 0;
  // Audit "settings.update".
  virtual Status save(const MunicipalitySettings& settings, const Actor& actor) = 0;
};

// ---------------------------------------------------------------------------------------------
// The office's theme list

class ThemeStore {
 public:
  virtual ~ThemeStore() = default;
  // In display order (position, then code); active and retired.
  virtual std::vector<ThemeDef> list() = 0;
  // Adds a theme (position = last) or changes the label/active flag of an existing one.
  // kInvalid on a bad code (field "code", "theme.code_invalid") or an empty/too long label
  // (field "label"). Audit "theme.save".
  virtual Status save(const ThemeDef& theme, const Actor& actor) = 0;
};

// ---------------------------------------------------------------------------------------------
// Systemic work: recommendations, investigations, activities, complaints
//
// Linking a record to a case writes a journal entry (kind "status") on that case, in the same
// commit: "recommendation:<number>:issued", "recommendation:<number>:status:<code>",
// "recommendation:<number>:response", "recommendation:<number>:follow_up",
// "recommendation:<number>:linked", "recommendation:<number>:deleted",
// "investigation:<number>:linked", "investigation:<number>:status:<code>",
// "investigation:<number>:deleted", "complaint:registered:<area>", "complaint:sent",
// "complaint:genvurdering:<code>", "complaint:result:<code>", "complaint:deleted".
// Linked case ids and investigation ids must exist (kInvalid, field "case_ids" /
// "investigation_id", "link.case_unknown" / "link.investigation_unknown").

// A change as kept in a record's history.
struct HistoryEntry {
  std::string at;      // UTC ISO 8601
  std::string actor;   // the user's name
  std::string action;  // "create", "update", "delete"
  std::vector<FieldChange> changes;
};

struct RecommendationFilter {
  std::optional<RecommendationStatus> status;
  std::optional<std::string> department;  // addressed to this department (among others)
  std::optional<int> year;                 // year issued
  bool overdue = false;                    // awaiting a response after the due date
  bool follow_up_due = false;              // follow-up date on or before `today`
  std::optional<int64_t> case_id;
  std::optional<int64_t> investigation_id;
  Date today;                              // for overdue and follow_up_due
};

// Aggregate for managers: no titles or text.
struct RecommendationCount {
  int year = 0;
  std::string department;
  RecommendationStatus status = RecommendationStatus::kAfventerSvar;
  int64_t count = 0;
  int64_t overdue = 0;
};

class RecommendationStore {
 public:
  virtual ~RecommendationStore() = default;
  // Assigns id and number "H-<year issued>-NN"; history "create"; journal "issued" on each
  // linked case; audit "recommendation.create".
  virtual Result<Recommendation> create(const Recommendation& r, const Actor& actor) = 0;
  virtual Result<Recommendation> get(int64_t id) = 0;
  // Writes `r` if the stored version equals r.version (else kConflict), bumps the version;
  // history "update" with `changes`; journal on linked cases when the status, response or
  // follow-up changed, "linked" on newly linked cases; audit "recommendation.update".
  virtual Result<Recommendation> update(const Recommendation& r,
                                        const std::vector<FieldChange>& changes,
                                        const Actor& actor) = 0;
  // Journal "deleted" on linked cases; the history is kept; audit "recommendation.delete".
  virtual Status remove(int64_t id, const Actor& actor) = 0;
  // Newest issued first.
  virtual std::vector<Recommendation> list(const RecommendationFilter& filter) = 0;
  // Oldest first.
  virtual std::vector<HistoryEntry> history(int64_t id) = 0;
  virtual std::vector<RecommendationCount> counts(const Date& today) = 0;
};

struct InvestigationFilter {
  std::optional<InvestigationStatus> status;
  std::optional<std::string> department;
  std::optional<int> year;  // year started
  std::optional<int64_t> case_id;
};

class InvestigationStore {
 public:
  virtual ~InvestigationStore() = default;
  // Number "U-<year started>-NN"; history; journal "linked" on linked cases; audit
  // "investigation.create".
  virtual Result<Investigation> create(const Investigation& i, const Actor& actor) = 0;
  virtual Result<Investigation> get(int64_t id) = 0;
  // Version check as for recommendations; journal "linked" on newly linked cases and
  // "status:<code>" on all linked cases when the status changed; audit "investigation.update".
  virtual Result<Investigation> update(const Investigation& i,
                                       const std::vector<FieldChange>& changes,
                                       const Actor& actor) = 0;
  // kConflict "investigation.has_recommendations" while recommendations rest on it.
  virtual Status remove(int64_t id, const Actor& actor) = 0;
  // Newest started first.
  virtual std::vector<Investigation> list(const InvestigationFilter& filter) = 0;
  virtual std::vector<HistoryEntry> history(int64_t id) = 0;
};

struct ActivityFilter {
  std::optional<Date> from;
  std::optional<Date> to;
  std::optional<ActivityKind> kind;
  std::optional<std::string> department;
};

class ActivityStore {
 public:
  virtual ~ActivityStore() = default;
  virtual Result<Activity> create(const Activity& a, const Actor& actor) = 0;  // audit "activity.create"
  virtual Result<Activity> get(int64_t id) = 0;
  // Version check (kConflict); audit "activity.update".
  virtual Result<Activity> update(const Activity& a, const Actor& actor) = 0;
  virtual Status remove(int64_t id, const Actor& actor) = 0;  // audit "activity.delete"
  // Newest first.
  virtual std::vector<Activity> list(const ActivityFilter& filter) = 0;
};

class ComplaintStore {
 public:
  virtual ~ComplaintStore() = default;
  // The case must exist (kNotFound "case.not_found"). Journal "complaint:registered:<area>"
  // (and "complaint:sent" when sent); audit "complaint.create".
  virtual Result<Complaint> create(const Complaint& c, const Actor& actor) = 0;
  virtual Result<Complaint> get(int64_t id) = 0;
  // Version check; journal on the case for a newly set sent date, genvurdering or result;
  // audit "complaint.update".
  virtual Result<Complaint> update(const Complaint& c, const Actor& actor) = 0;
  virtual Status remove(int64_t id, const Actor& actor) = 0;
  // Oldest first.
  virtual std::vector<Complaint> for_case(int64_t case_id) = 0;
  // Complaints with a result dated in the period (all time when nullopt), per department ×
  // area: decided on the merits and reversed (see signals.h).
  virtual std::vector<ReversalCount> reversal_counts(const std::optional<StatPeriod>& period) = 0;
};

// ---------------------------------------------------------------------------------------------
// Aggregates for signals (SQL over indexed columns; no case content, no audit unless noted)

// A reviewed signal: hidden while its observed count stays at or below `observed`.
struct SignalDismissal {
  std::string key;  // "<period>:<kind>:<department>:<theme or metric or area>"
  int64_t observed = 0;
  std::string note;
  std::string by;
  std::string at;
};

// Case figures for a period (cases received in it), optionally for one department (cases
// that name it). Counts are distinct cases; a case with two reasons counts under both.
struct CaseFigures {
  int64_t cases_total = 0;
  std::map<std::string, int64_t> by_month;       // "2024-03"
  std::map<std::string, int64_t> by_channel;     // code
  std::map<std::string, int64_t> by_reason;      // code
  std::map<std::string, int64_t> by_department;  // name
  std::map<std::string, int64_t> by_outcome;     // code; "" = no outcome yet
  std::map<std::string, int64_t> by_theme;       // theme code (distinct cases)
  int64_t rejected = 0;                          // outcome afvist
  std::map<std::string, int64_t> rejection_reasons;  // afvist cases by reason text
  int64_t criticism_cases = 0;                   // outcome kritik or a theme with criticism
  std::map<std::string, int64_t> criticism_by_department;
  std::vector<int> first_response_days;          // working days, cases answered
  std::vector<int> closing_days;                 // working days, cases closed
};

class StatsStore {
 public:
  virtual ~StatsStore() = default;
  // Aggregates over indexed columns (no case content, no audit).
  virtual CaseFigures case_figures(const StatPeriod& period, const std::string& department) = 0;
  // periods[0] is the current period, the rest the baseline (nearest first); at most
  // 1 + kBaselinePeriods. A case counts for a department × theme once per period, by the
  // date it was received; themes without a department count under "".
  virtual ThemeCounts theme_counts(const std::vector<StatPeriod>& periods) = 0;
  // One sample per case × department for cases received in the periods.
  virtual std::vector<DurationSample> durations(const std::vector<StatPeriod>& periods) = 0;
  // The cases behind a theme signal, newest first. Audit "signal.cases" naming the ids.
  virtual std::vector<CaseRef> theme_cases(const std::string& department, const std::string& theme,
                                           const StatPeriod& period, const Actor& actor) = 0;
  // Cases of each of the departments received in the period, newest first ("" names the
  // cases without a department); one read and one audit entry "signal.cases" naming every id,
  // however many departments (the signal page asks for hundreds at national scale).
  virtual std::map<std::string, std::vector<CaseRef>> department_cases(const std::set<std::string>& departments,
                                                                       const StatPeriod& period,
                                                                       const Actor& actor) = 0;
  virtual std::vector<SignalDismissal> dismissals() = 0;
  // Replaces an earlier dismissal of the same key. Audit "signal.dismiss".
  virtual Status dismiss(const SignalDismissal& d, const Actor& actor) = 0;
};

// ---------------------------------------------------------------------------------------------
// Satisfaction surveys. Answers are anonymous: a response row holds its questionnaire group,
// municipality, the day and how it came in (web, paper, import) — no IP address, no time, no
// user. Public answers write no audit entry (its time and id would tie the answer to a moment);
// everything staff do with surveys is audited. Comments live apart from the responses (random
// ids, no link), so an approved quote cannot be traced to the other answers.

struct Survey {
  int64_t id = 0;
  std::string slug;            // the public address /svar/<slug>: random, not guessable
  std::string questionnaire;   // group code
  std::string title;
  Date opens_on;
  std::optional<Date> closes_on;
  bool codes_required = false; // answers need an unused one-time code
  std::string created_at;
  std::string created_by;
  int64_t responses = 0;       // filled by list()/get()
  int64_t codes_total = 0;
  int64_t codes_used = 0;

  bool open_on(const Date& day) const { return day >= opens_on && (!closes_on || day <= *closes_on); }
};

struct SurveyComment {
  int64_t id = 0;
  std::optional<int64_t> survey_id;
  std::string group;
  std::string question;
  std::string text;
  std::string status;  // pending, approved, rejected
};

// Which responses a tally covers; every field optional.
struct SurveyFilter {
  std::optional<int64_t> survey_id;
  std::optional<std::string> group;
  std::optional<std::string> municipality;
  std::optional<Date> from, to;  // answered_on
};

// "respondent:<municipality>/<group>/<respondent id>": how an import conflict names a response.
inline std::string respondent_key(const Response& r) {
  return "respondent:" + r.municipality + "/" + r.group + "/" + r.respondent_id;
}

class SurveyStore {
 public:
  virtual ~SurveyStore() = default;
  // Custom questionnaires (the built-in ones come from data/questionnaires.json).
  virtual std::vector<Questionnaire> questionnaires() = 0;
  // Creates or replaces a custom questionnaire; refused (kConflict "survey.questionnaire_in_use")
  // when answers exist for it and a question id or type would change. Audit "questionnaire.save".
  virtual Status save_questionnaire(const Questionnaire& q, const Actor& actor) = 0;

  virtual std::vector<Survey> surveys() = 0;  // newest first
  virtual Result<Survey> survey(int64_t id) = 0;
  virtual Result<Survey> survey_by_slug(const std::string& slug) = 0;
  // Creates a survey with a new random slug. Audit "survey.create".
  virtual Result<Survey> create_survey(const Survey& s, const Actor& actor) = 0;
  // Title and period; audit "survey.update".
  virtual Result<Survey> update_survey(const Survey& s, const Actor& actor) = 0;
  // Makes `count` new one-time codes (1..1000) and returns them. Audit "survey.codes".
  virtual Result<std::vector<std::string>> add_codes(int64_t survey_id, int count, const Actor& actor) = 0;
  // The unused codes, for printing.
  virtual std::vector<std::string> unused_codes(int64_t survey_id) = 0;

  // One person's answers, with its comments (text answers) queued for approval. With a code,
  // the code must exist for the survey and be unused; it is marked used in the same commit
  // (kConflict "survey.code_used", kInvalid "survey.code_unknown"). Web answers are not audited;
  // `actor` (paper entry by staff) is audited as "survey.entry" without the answers.
  virtual Status submit(const Response& r, std::optional<int64_t> survey_id, const std::string& code,
                        const std::optional<Actor>& actor) = 0;
  // All or nothing. A respondent id already stored for the same municipality and group refuses
  // the whole import (kConflict, one field per such response, named respondent_key(response),
  // -> "survey.csv.already_imported").
  // Audit "survey.import" with the count.
  virtual Result<int64_t> import(const std::vector<Response>& responses, std::optional<int64_t> survey_id,
                                 const Actor& actor) = 0;

  // Counts for the filter, split by `by` ("" = one tally under "", "municipality", "survey"
  // (the survey's title), "year").
  virtual std::map<std::string, SurveyTally> tally(const SurveyFilter& f, const std::string& by) = 0;

  virtual std::vector<SurveyComment> comments(const std::string& status, std::optional<int64_t> survey_id) = 0;
  // status approved or rejected. Audit "survey.comment".
  virtual Status decide_comment(int64_t id, const std::string& status, const Actor& actor) = 0;
};

// ---------------------------------------------------------------------------------------------
// The office's own texts of the public pages (guidance, accessibility statement)

struct PageText {
  std::string slug;
  std::string lang;  // da, en
  std::string title;
  std::string summary;
  std::string body;  // render/markup.h
  std::string updated_at;
  std::string updated_by;
};

class PageTextStore {
 public:
  virtual ~PageTextStore() = default;
  // The office's text, or nullopt when it uses the shipped one.
  virtual std::optional<PageText> get(const std::string& slug, const std::string& lang) = 0;
  // Replaces the office's text. Audit "page.save" (slug and language only).
  virtual Status save(const PageText& text, const Actor& actor) = 0;
  // Back to the shipped text. Audit "page.reset".
  virtual Status reset(const std::string& slug, const std::string& lang, const Actor& actor) = 0;
};

// ---------------------------------------------------------------------------------------------
// The annual report's own texts: the advisor's foreword and the case stories

class ReportStore {
 public:
  virtual ~ReportStore() = default;
  virtual std::string foreword(int year) = 0;
  // Audit "report.foreword" (no text in the detail).
  virtual Status save_foreword(int year, const std::string& text, const Actor& actor) = 0;
  // The year's stories in order (included and not).
  virtual std::vector<Story> stories(int year) = 0;
  virtual Result<Story> story(int64_t id) = 0;
  // id 0 creates (position last), else updates if the version matches (kConflict otherwise).
  // A linked case must exist (kInvalid, field "case_id", "link.case_unknown"). A story linked
  // to a case writes the journal entry "story:marked:<year>" on it when created. Audit
  // "report.story.save".
  virtual Result<Story> save_story(const Story& story, const Actor& actor) = 0;
  virtual Status remove_story(int64_t id, const Actor& actor) = 0;  // audit "report.story.delete"
};

// ---------------------------------------------------------------------------------------------
// Outgoing e-mail (reminder digests), sent by a worker with retries

struct OutgoingMail {
  int64_t id = 0;
  std::string dedupe_key;  // e.g. "digest:<user id>:<date>"; enqueueing twice is a no-op
  std::string to;
  std::string subject;     // never personal data
  std::string body;
  std::string created_at;
  int attempts = 0;
  std::string next_attempt_at;  // UTC ISO 8601
  std::string sent_at;          // "" until sent
  std::string last_error;
};

class OutboxStore {
 public:
  virtual ~OutboxStore() = default;
  // Returns the stored mail; when the dedupe key exists already, the existing one (no new row).
  virtual Result<OutgoingMail> enqueue(const OutgoingMail& mail) = 0;
  // Unsent mail whose next attempt is at or before `now` (UTC ISO), oldest first.
  virtual std::vector<OutgoingMail> due(const std::string& now, int limit) = 0;
  virtual Status mark_sent(int64_t id, const std::string& at) = 0;
  virtual Status mark_failed(int64_t id, const std::string& error,
                             const std::string& next_attempt_at) = 0;
  // Newest first.
  virtual std::vector<OutgoingMail> list(int limit) = 0;
};

// ---------------------------------------------------------------------------------------------
// Data protection: retention, a person's access request (GDPR art. 15) and erasure (art. 17).
// The rules live in domain/privacy.h; these are the reads and writes they need.

// Who an access or erasure request is about: a CPR number (digits only) or a name (matched
// whole, ignoring case and surrounding spaces). Exactly one is set.
struct PersonQuery {
  std::string cpr;
  std::string name;
};

struct PersonCases {
  std::vector<int64_t> own;        // cases where the person is the citizen, oldest first
  std::vector<int64_t> mentioned;  // other cases whose description or journal names them
};

struct RetentionCase {
  int64_t id = 0;
  std::string number;
  Date received;
  Date closed_on;
};

class PrivacyStore {
 public:
  virtual ~PrivacyStore() = default;
  // Reads only; not audited here (the command that uses it writes one entry for the request).
  virtual PersonCases find_person(const PersonQuery& q) = 0;
  // Every audit entry that concerns one of the cases: entries naming the case, and case lists
  // and searches that showed it. Oldest first.
  virtual std::vector<AuditEntry> access_log(const std::vector<int64_t>& case_ids) = 0;
  // Closed cases whose closing day is before `closed_before` and that are not yet anonymised,
  // oldest closing first.
  virtual std::vector<RetentionCase> retention_due(const Date& closed_before) = 0;
  // In one transaction: removes the personal data of the cases (citizen fields, description,
  // free-text reasons, journal texts, criticism texts, complaint notes, attachments, search
  // text) and keeps what the statistics count (dates, channel, reasons, departments, themes,
  // outcome, minutes). `marker` replaces the description and each journal text. Audit
  // "case.anonymise" per case (detail "number:…") and one `summary_action` entry with
  // `summary_detail` (no personal data). Attachment bytes no case names any more are removed
  // afterwards. Returns how many cases were anonymised.
  virtual Result<int64_t> anonymise(const std::vector<int64_t>& case_ids, const std::string& marker,
                                    const std::string& summary_action, const std::string& summary_detail,
                                    const Actor& actor) = 0;
  virtual Result<CaseHoldings> holdings(int64_t case_id) = 0;
  // Deletes the case with everything hanging on it (journal, attachments, themes, search row).
  // The audit log keeps its entries (they hold no personal data) and gets "case.erase"
  // (detail "number:…"). The caller decides whether erasure is allowed (decide_erasure).
  virtual Status erase(int64_t case_id, const Actor& actor) = 0;
};

// ---------------------------------------------------------------------------------------------

class Store {
 public:
  virtual ~Store() = default;
  virtual CaseStore& cases() = 0;
  virtual JournalStore& journal() = 0;
  virtual AttachmentStore& attachments() = 0;
  virtual UserStore& users() = 0;
  virtual SessionStore& sessions() = 0;
  virtual AuditLog& audit() = 0;
  virtual SettingsStore& settings() = 0;
  virtual ThemeStore& themes() = 0;
  virtual RecommendationStore& recommendations() = 0;
  virtual InvestigationStore& investigations() = 0;
  virtual ActivityStore& activities() = 0;
  virtual ComplaintStore& complaints() = 0;
  virtual StatsStore& stats() = 0;
  virtual OutboxStore& outbox() = 0;
  virtual ReportStore& reports() = 0;
  virtual SurveyStore& surveys() = 0;
  virtual PageTextStore& pages() = 0;
  virtual PrivacyStore& privacy() = 0;

  // True when the database answers a trivial query.
  virtual bool healthy() = 0;
  // A consistent copy of the whole database (and attachments) while serving. The target must
  // not exist.
  virtual Status backup(const std::string& target_path) = 0;
  // True when there are no cases and no users (used by --demo).
  virtual bool empty() = 0;
};

// Opens the store named by `url`: a file path (SQLite) or postgresql://… . Applies pending
// migrations. Throws std::runtime_error with a clear message when the database cannot be
// opened or is from a newer version.
std::unique_ptr<Store> open_store(const std::string& url, const Clock& clock);

}  // namespace bb
