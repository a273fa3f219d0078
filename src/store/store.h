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
#include "domain/result.h"
#include "domain/settings.h"
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

class CaseStore {
 public:
  virtual ~CaseStore() = default;
  // Assigns id and number; writes a "status" journal entry "created"; audit "case.create".
  virtual Result<Case> create(const Case& draft, const Actor& actor) = 0;
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
  // Adds themes (already present ones are kept as they are). Audit "case.themes".
  virtual Status add_themes(int64_t case_id, const std::vector<CaseTheme>& themes, const Actor& actor) = 0;
  // Whether a case with this id exists (no content, no audit).
  virtual bool exists(int64_t id) = 0;
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
  // Audit "settings.update".
  virtual Status save(const MunicipalitySettings& settings, const Actor& actor) = 0;
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
