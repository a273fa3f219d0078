// The store parts written once against the SQL interface (db.h) and shared by the SQLite and
// PostgreSQL stores: cases and journal with the search index, attachments, users, sessions,
// the audit chain, settings, themes, systemic work, statistics, surveys, reports and the
// outbox. SqlStore holds them; a backend supplies connections (read), the write path (write,
// one transaction per job with the audit chain's tail), attachment bytes and backups.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "store/sql/db.h"
#include "store/sql/write_tx.h"
#include "store/store.h"

namespace bb::sql {

class SqlStore;

class SqlCaseStore final : public CaseStore {
 public:
  explicit SqlCaseStore(SqlStore& s) : s_(s) {}
  Result<Case> create(const Case& draft, const Actor& actor) override;
  Result<std::vector<int64_t>> create_many(const std::vector<NewCase>& cases, const Actor& actor) override;
  Result<Case> get(int64_t id, const Actor& actor) override;
  Result<CaseRecord> read_record(int64_t id, const Actor& actor) override;
  Result<Case> update(const CaseUpdate& update, const Actor& actor) override;
  Result<CasePage> list(const CaseFilter& filter, const Actor& actor) override;
  bool exists(int64_t id) override;
  std::vector<CaseRef> refs(const std::vector<int64_t>& ids) override;      // case_refs.cc
  std::optional<int64_t> id_by_number(const std::string& number) override;  // case_refs.cc
  std::vector<CaseTheme> themes(int64_t case_id) override;
  Status add_themes(int64_t case_id, const std::vector<CaseTheme>& themes, const Actor& actor) override;
  Status set_theme(int64_t case_id, const CaseTheme& theme, const Actor& actor) override;
  Status remove_theme(int64_t case_id, const std::string& theme, const std::string& department,
                      const Actor& actor) override;
  std::map<std::string, int64_t> count_by_status() override;

 private:
  SqlStore& s_;
};

class SqlJournalStore final : public JournalStore {
 public:
  explicit SqlJournalStore(SqlStore& s) : s_(s) {}
  Result<JournalEntry> append(int64_t case_id, const JournalEntry& entry, const Actor& actor) override;
  Result<std::vector<JournalEntry>> for_case(int64_t case_id, const Actor& actor) override;

 private:
  SqlStore& s_;
};

class SqlAttachmentStore final : public AttachmentStore {
 public:
  explicit SqlAttachmentStore(SqlStore& s) : s_(s) {}
  Result<Attachment> add(int64_t case_id, std::string_view filename, std::string_view bytes,
                         const Actor& actor) override;
  Result<std::vector<Attachment>> for_case(int64_t case_id) override;
  Result<std::pair<Attachment, std::string>> read(int64_t case_id, int64_t attachment_id,
                                                  const Actor& actor) override;

 private:
  SqlStore& s_;
};

class SqlUserStore final : public UserStore {
 public:
  explicit SqlUserStore(SqlStore& s) : s_(s) {}
  Result<User> create(const User& user, const Actor& actor) override;
  Result<User> get(int64_t id) override;
  Result<User> find_by_email(const std::string& email) override;
  std::vector<User> list() override;
  Result<User> update(const User& user, const Actor& actor) override;
  Status set_password_hash(int64_t user_id, const std::string& hash, const Actor& actor) override;
  Status record_login_failure(int64_t user_id, int failed_logins, const std::string& locked_until,
                              const Actor& actor) override;
  Status record_login_success(int64_t user_id, const Actor& actor) override;

 private:
  SqlStore& s_;
};

class SqlSessionStore final : public SessionStore {
 public:
  explicit SqlSessionStore(SqlStore& s) : s_(s) {}
  Status create_session(const Session& session) override;
  Result<Session> find_session(const std::string& token_hash) override;
  Status touch_session(const std::string& token_hash, const std::string& last_seen) override;
  Status delete_session(const std::string& token_hash) override;
  Status delete_sessions_of(int64_t user_id) override;
  Status delete_sessions_idle_since(const std::string& before) override;
  Result<ApiToken> create_api_token(const ApiToken& token, const Actor& actor) override;
  Result<ApiToken> find_api_token(const std::string& token_hash) override;

 private:
  SqlStore& s_;
};

class SqlAuditLog final : public AuditLog {
 public:
  explicit SqlAuditLog(SqlStore& s) : s_(s) {}
  Status append(const std::string& action, std::optional<int64_t> case_id,
                const std::string& detail, const Actor& actor) override;
  std::vector<AuditEntry> list(const AuditFilter& filter) override;
  ChainCheck verify() override;

 private:
  SqlStore& s_;
};

class SqlSettingsStore final : public SettingsStore {
 public:
  explicit SqlSettingsStore(SqlStore& s) : s_(s) {}
  MunicipalitySettings load() override;
  bool saved() override;
  Status save(const MunicipalitySettings& settings, const Actor& actor) override;

 private:
  SqlStore& s_;
};

class SqlThemeStore final : public ThemeStore {
 public:
  explicit SqlThemeStore(SqlStore& s) : s_(s) {}
  std::vector<ThemeDef> list() override;
  Status save(const ThemeDef& theme, const Actor& actor) override;

 private:
  SqlStore& s_;
};

class SqlRecommendationStore final : public RecommendationStore {
 public:
  explicit SqlRecommendationStore(SqlStore& s) : s_(s) {}
  Result<Recommendation> create(const Recommendation& r, const Actor& actor) override;
  Result<Recommendation> get(int64_t id) override;
  Result<Recommendation> update(const Recommendation& r, const std::vector<FieldChange>& changes,
                                const Actor& actor) override;
  Status remove(int64_t id, const Actor& actor) override;
  std::vector<Recommendation> list(const RecommendationFilter& filter) override;
  std::vector<HistoryEntry> history(int64_t id) override;
  std::vector<RecommendationCount> counts(const Date& today) override;

 private:
  SqlStore& s_;
};

class SqlInvestigationStore final : public InvestigationStore {
 public:
  explicit SqlInvestigationStore(SqlStore& s) : s_(s) {}
  Result<Investigation> create(const Investigation& i, const Actor& actor) override;
  Result<Investigation> get(int64_t id) override;
  Result<Investigation> update(const Investigation& i, const std::vector<FieldChange>& changes,
                               const Actor& actor) override;
  Status remove(int64_t id, const Actor& actor) override;
  std::vector<Investigation> list(const InvestigationFilter& filter) override;
  std::vector<HistoryEntry> history(int64_t id) override;

 private:
  SqlStore& s_;
};

class SqlActivityStore final : public ActivityStore {
 public:
  explicit SqlActivityStore(SqlStore& s) : s_(s) {}
  Result<Activity> create(const Activity& a, const Actor& actor) override;
  Result<Activity> get(int64_t id) override;
  Result<Activity> update(const Activity& a, const Actor& actor) override;
  Status remove(int64_t id, const Actor& actor) override;
  std::vector<Activity> list(const ActivityFilter& filter) override;

 private:
  SqlStore& s_;
};

class SqlComplaintStore final : public ComplaintStore {
 public:
  explicit SqlComplaintStore(SqlStore& s) : s_(s) {}
  Result<Complaint> create(const Complaint& c, const Actor& actor) override;
  Result<Complaint> get(int64_t id) override;
  Result<Complaint> update(const Complaint& c, const Actor& actor) override;
  Status remove(int64_t id, const Actor& actor) override;
  std::vector<Complaint> for_case(int64_t case_id) override;
  std::vector<ReversalCount> reversal_counts(const std::optional<StatPeriod>& period) override;

 private:
  SqlStore& s_;
};

class SqlStatsStore final : public StatsStore {
 public:
  explicit SqlStatsStore(SqlStore& s) : s_(s) {}
  CaseFigures case_figures(const StatPeriod& period, const std::string& department) override;  // stats_store.cc
  ThemeCounts theme_counts(const std::vector<StatPeriod>& periods) override;
  std::vector<DurationSample> durations(const std::vector<StatPeriod>& periods) override;
  std::vector<CaseRef> theme_cases(const std::string& department, const std::string& theme,
                                   const StatPeriod& period, const Actor& actor) override;
  std::map<std::string, std::vector<CaseRef>> department_cases(const std::set<std::string>& departments,
                                                               const StatPeriod& period, const Actor& actor) override;
  std::vector<SignalDismissal> dismissals() override;
  Status dismiss(const SignalDismissal& d, const Actor& actor) override;

 private:
  SqlStore& s_;
};

class SqlOutboxStore final : public OutboxStore {
 public:
  explicit SqlOutboxStore(SqlStore& s) : s_(s) {}
  Result<OutgoingMail> enqueue(const OutgoingMail& mail) override;
  std::vector<OutgoingMail> due(const std::string& now, int limit) override;
  Status mark_sent(int64_t id, const std::string& at) override;
  Status mark_failed(int64_t id, const std::string& error, const std::string& next_attempt_at) override;
  std::vector<OutgoingMail> list(int limit) override;

 private:
  SqlStore& s_;
};

class SqlReportStore final : public ReportStore {
 public:
  explicit SqlReportStore(SqlStore& s) : s_(s) {}
  std::string foreword(int year) override;
  Status save_foreword(int year, const std::string& text, const Actor& actor) override;
  std::vector<Story> stories(int year) override;
  Result<Story> story(int64_t id) override;
  Result<Story> save_story(const Story& story, const Actor& actor) override;
  Status remove_story(int64_t id, const Actor& actor) override;

 private:
  SqlStore& s_;
};

class SqlSurveyStore final : public SurveyStore {  // survey_store.cc
 public:
  explicit SqlSurveyStore(SqlStore& s) : s_(s) {}
  std::vector<Questionnaire> questionnaires() override;
  Status save_questionnaire(const Questionnaire& q, const Actor& actor) override;
  std::vector<Survey> surveys() override;
  Result<Survey> survey(int64_t id) override;
  Result<Survey> survey_by_slug(const std::string& slug) override;
  Result<Survey> create_survey(const Survey& s, const Actor& actor) override;
  Result<Survey> update_survey(const Survey& s, const Actor& actor) override;
  Result<std::vector<std::string>> add_codes(int64_t survey_id, int count, const Actor& actor) override;
  std::vector<std::string> unused_codes(int64_t survey_id) override;
  Status submit(const Response& r, std::optional<int64_t> survey_id, const std::string& code,
                const std::optional<Actor>& actor) override;
  Result<int64_t> import(const std::vector<Response>& responses, std::optional<int64_t> survey_id,
                         const Actor& actor) override;
  std::map<std::string, SurveyTally> tally(const SurveyFilter& f, const std::string& by) override;
  std::vector<SurveyComment> comments(const std::string& status, std::optional<int64_t> survey_id) override;
  Status decide_comment(int64_t id, const std::string& status, const Actor& actor) override;

 private:
  SqlStore& s_;
};

class SqlPageTextStore final : public PageTextStore {  // page_text_store.cc
 public:
  explicit SqlPageTextStore(SqlStore& s) : s_(s) {}
  std::optional<PageText> get(const std::string& slug, const std::string& lang) override;
  Status save(const PageText& text, const Actor& actor) override;
  Status reset(const std::string& slug, const std::string& lang, const Actor& actor) override;

 private:
  SqlStore& s_;
};

class SqlPrivacyStore final : public PrivacyStore {  // privacy_store.cc
 public:
  explicit SqlPrivacyStore(SqlStore& s) : s_(s) {}
  PersonCases find_person(const PersonQuery& q) override;
  std::vector<AuditEntry> access_log(const std::vector<int64_t>& case_ids) override;
  std::vector<RetentionCase> retention_due(const Date& closed_before) override;
  Result<int64_t> anonymise(const std::vector<int64_t>& case_ids, const std::string& marker,
                            const std::string& summary_action, const std::string& summary_detail,
                            const Actor& actor) override;
  Result<CaseHoldings> holdings(int64_t case_id) override;
  Status erase(int64_t case_id, const Actor& actor) override;

 private:
  // Removes the bytes of each attachment no row names any more (a write job of its own).
  void drop_unnamed_blobs(const std::vector<std::string>& sha256s);
  SqlStore& s_;
};

class SqlStore : public Store {
 public:
  explicit SqlStore(const Clock& clock) : clock_(clock) {}
  ~SqlStore() override = default;
  SqlStore(const SqlStore&) = delete;
  SqlStore& operator=(const SqlStore&) = delete;

  CaseStore& cases() override { return cases_; }
  JournalStore& journal() override { return journal_; }
  AttachmentStore& attachments() override { return attachments_; }
  UserStore& users() override { return users_; }
  SessionStore& sessions() override { return sessions_; }
  AuditLog& audit() override { return audit_; }
  SettingsStore& settings() override { return settings_; }
  ThemeStore& themes() override { return themes_; }
  RecommendationStore& recommendations() override { return recommendations_; }
  InvestigationStore& investigations() override { return investigations_; }
  ActivityStore& activities() override { return activities_; }
  ComplaintStore& complaints() override { return complaints_; }
  StatsStore& stats() override { return stats_; }
  OutboxStore& outbox() override { return outbox_; }
  ReportStore& reports() override { return reports_; }
  SurveyStore& surveys() override { return surveys_; }
  PageTextStore& pages() override { return pages_; }
  PrivacyStore& privacy() override { return privacy_; }
  bool healthy() override;
  bool empty() override;

  const Clock& clock() const { return clock_; }
  virtual Dialect dialect() const = 0;

  // Runs a read-only function on a connection of its own for the call.
  template <typename F>
  auto read(F&& f) -> decltype(f(std::declval<Connection&>())) {
    using R = decltype(f(std::declval<Connection&>()));
    if constexpr (std::is_void_v<R>) {
      with_reader([&](Connection& c) { f(c); });
    } else {
      std::optional<R> out;
      with_reader([&](Connection& c) { out.emplace(f(c)); });
      return std::move(*out);
    }
  }
  // Runs `job` in a write transaction and returns its status once committed (success means
  // durable). A job that throws or returns an error is rolled back on its own.
  virtual Status write(std::function<Status(WriteTx&)> job) = 0;
  // Attachment bytes by their SHA-256, stored before the row that names them (content-addressed:
  // storing the same bytes twice is a no-op).
  virtual void put_blob(const std::string& sha256, std::string_view bytes) = 0;
  virtual std::optional<std::string> get_blob(const std::string& sha256) = 0;
  // Inside a write job: whether the bytes are stored, and removing them (only called for bytes
  // no attachment row names; on SQLite the file goes at once, on PostgreSQL with the commit).
  virtual bool blob_present(Connection& tx_db, const std::string& sha256) = 0;
  virtual void drop_blob(Connection& tx_db, const std::string& sha256) = 0;

 protected:
  virtual void with_reader(const std::function<void(Connection&)>& fn) = 0;

 private:
  const Clock& clock_;
  SqlCaseStore cases_{*this};
  SqlJournalStore journal_{*this};
  SqlAttachmentStore attachments_{*this};
  SqlUserStore users_{*this};
  SqlSessionStore sessions_{*this};
  SqlAuditLog audit_{*this};
  SqlSettingsStore settings_{*this};
  SqlThemeStore themes_{*this};
  SqlRecommendationStore recommendations_{*this};
  SqlInvestigationStore investigations_{*this};
  SqlActivityStore activities_{*this};
  SqlComplaintStore complaints_{*this};
  SqlStatsStore stats_{*this};
  SqlOutboxStore outbox_{*this};
  SqlReportStore reports_{*this};
  SqlSurveyStore surveys_{*this};
  SqlPageTextStore pages_{*this};
  SqlPrivacyStore privacy_{*this};
};

// Brings the schema up to date in one transaction opened by the statements `begin` (which also
// take the backend's write lock): creates schema_migrations, refuses a database newer than the
// program, applies every pending migration in its text for the connection's dialect. Throws
// std::runtime_error (or the database's error) naming the problem; nothing is half-applied.
void migrate(Connection& conn, const Clock& clock, const std::vector<std::string>& begin);

// Loads a case row with its reasons and departments; nullopt when there is none.
std::optional<Case> load_case(Connection& conn, int64_t id);
// The journal of a case, oldest first, and its attachments.
std::vector<JournalEntry> load_journal(Connection& conn, int64_t case_id);
std::vector<Attachment> load_attachments(Connection& conn, int64_t case_id);

// Helpers shared by the parts (rows.cc, case_store.cc).

// An audit row read with kAuditColumns ("SELECT … FROM audit "; audit_settings_store.cc).
extern const char* const kAuditColumns;
AuditEntry audit_from_row(const Statement& st);

// The key of a case's search row (case_store.cc): on SQLite yyyymmdd(received) * 2^32 + id, in
// the case list's order; on PostgreSQL the id. `key % kSearchKeyIdSpan` is the id on both.
inline constexpr int64_t kSearchKeyIdSpan = int64_t{1} << 32;
int64_t search_key(Dialect dialect, const Date& received, int64_t id);

// Appends a journal entry; returns its id. System entries use JournalKind::kStatus with
// language-neutral text and are not added to the search index.
int64_t insert_journal(Connection& db, int64_t case_id, JournalKind kind, const std::string& text,
                       const Actor& actor, const std::string& now, std::optional<int64_t> corrects);
// A nullable ISO date column; nullopt when NULL (or malformed).
std::optional<Date> opt_date(const Statement& st, int col);
// A NOT NULL ISO date column (the epoch default when malformed).
Date date_column(const Statement& st, int col);
// Splits a group_concat(..., '\x1f') column (the unit separator between values).
std::vector<std::string> split_unit(const std::string& s);
// "1,2,3".
std::string join_ids(const std::vector<int64_t>& ids);
// The next number of `kind` ("recommendation", "investigation") in `year`: "<prefix>-YYYY-NN"
// (at least two digits). Numbers are never reused, also after a delete.
std::string next_record_number(Connection& db, const char* kind, const char* prefix, int year);
bool case_exists(Connection& db, int64_t case_id);

// SQL assembled from constant fragments only, each value bound in order (one placeholder per
// value-carrying fragment). The number of distinct texts is bounded by the filter combinations,
// so the connection's statement cache stays small.
class SqlBuilder {
 public:
  explicit SqlBuilder(std::string base) : sql_(std::move(base)) {}
  void add(const char* fragment) { sql_ += fragment; }
  void add(const char* fragment, std::string value) {
    sql_ += fragment;
    values_.emplace_back(std::move(value));
  }
  void add(const char* fragment, int64_t value) {
    sql_ += fragment;
    values_.emplace_back(value);
  }
  const std::string& sql() const { return sql_; }
  // Binds the values from index 1; returns the next free index.
  int bind(Statement& st) const {
    int index = 1;
    for (const auto& v : values_) {
      if (const auto* i = std::get_if<int64_t>(&v)) {
        st.bind(index++, *i);
      } else {
        st.bind(index++, std::get<std::string>(v));
      }
    }
    return index;
  }

 private:
  std::string sql_;
  std::vector<std::variant<int64_t, std::string>> values_;
};
// The first id that names no case, or nullopt when all exist.
std::optional<int64_t> first_missing_case(Connection& db, const std::vector<int64_t>& case_ids);

}  // namespace bb::sql
