// The SQLite implementation of Store: one writer thread with group commit (writer.h) and a
// pool of read-only connections. Attachments are files under their SHA-256 beside the
// database ("<db>-attachments/ab/abcdef…"), outside any folder the server serves.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/sqlite/sqlite_db.h"
#include "store/sqlite/writer.h"
#include "store/store.h"

namespace bb::sqlite {

// Read-only connections, leased one per operation.
class ReaderPool {
 public:
  explicit ReaderPool(std::string path) : path_(std::move(path)) {}
  class Lease {
   public:
    Lease(ReaderPool& pool, std::unique_ptr<Connection> conn) : pool_(pool), conn_(std::move(conn)) {}
    ~Lease() { pool_.give_back(std::move(conn_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    ReaderPool& pool_;
    std::unique_ptr<Connection> conn_;
  };
  Lease acquire();

 private:
  void give_back(std::unique_ptr<Connection> conn);
  std::string path_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_
};

class SqliteStore;

class SqliteCaseStore final : public CaseStore {
 public:
  explicit SqliteCaseStore(SqliteStore& s) : s_(s) {}
  Result<Case> create(const Case& draft, const Actor& actor) override;
  Result<Case> get(int64_t id, const Actor& actor) override;
  Result<CaseRecord> read_record(int64_t id, const Actor& actor) override;
  Result<Case> update(const CaseUpdate& update, const Actor& actor) override;
  Result<CasePage> list(const CaseFilter& filter, const Actor& actor) override;
  bool exists(int64_t id) override;
  std::vector<CaseTheme> themes(int64_t case_id) override;
  Status add_themes(int64_t case_id, const std::vector<CaseTheme>& themes, const Actor& actor) override;
  std::map<std::string, int64_t> count_by_status() override;

 private:
  SqliteStore& s_;
};

class SqliteJournalStore final : public JournalStore {
 public:
  explicit SqliteJournalStore(SqliteStore& s) : s_(s) {}
  Result<JournalEntry> append(int64_t case_id, const JournalEntry& entry, const Actor& actor) override;
  Result<std::vector<JournalEntry>> for_case(int64_t case_id, const Actor& actor) override;

 private:
  SqliteStore& s_;
};

class SqliteAttachmentStore final : public AttachmentStore {
 public:
  explicit SqliteAttachmentStore(SqliteStore& s) : s_(s) {}
  Result<Attachment> add(int64_t case_id, std::string_view filename, std::string_view bytes,
                         const Actor& actor) override;
  Result<std::vector<Attachment>> for_case(int64_t case_id) override;
  Result<std::pair<Attachment, std::string>> read(int64_t case_id, int64_t attachment_id,
                                                  const Actor& actor) override;

 private:
  SqliteStore& s_;
};

class SqliteUserStore final : public UserStore {
 public:
  explicit SqliteUserStore(SqliteStore& s) : s_(s) {}
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
  SqliteStore& s_;
};

class SqliteSessionStore final : public SessionStore {
 public:
  explicit SqliteSessionStore(SqliteStore& s) : s_(s) {}
  Status create_session(const Session& session) override;
  Result<Session> find_session(const std::string& token_hash) override;
  Status touch_session(const std::string& token_hash, const std::string& last_seen) override;
  Status delete_session(const std::string& token_hash) override;
  Status delete_sessions_of(int64_t user_id) override;
  Status delete_sessions_idle_since(const std::string& before) override;
  Result<ApiToken> create_api_token(const ApiToken& token, const Actor& actor) override;
  Result<ApiToken> find_api_token(const std::string& token_hash) override;

 private:
  SqliteStore& s_;
};

class SqliteAuditLog final : public AuditLog {
 public:
  explicit SqliteAuditLog(SqliteStore& s) : s_(s) {}
  Status append(const std::string& action, std::optional<int64_t> case_id,
                const std::string& detail, const Actor& actor) override;
  std::vector<AuditEntry> list(const AuditFilter& filter) override;
  ChainCheck verify() override;

 private:
  SqliteStore& s_;
};

class SqliteSettingsStore final : public SettingsStore {
 public:
  explicit SqliteSettingsStore(SqliteStore& s) : s_(s) {}
  MunicipalitySettings load() override;
  Status save(const MunicipalitySettings& settings, const Actor& actor) override;

 private:
  SqliteStore& s_;
};

class SqliteStore final : public Store {
 public:
  SqliteStore(const std::string& path, const Clock& clock);
  ~SqliteStore() override;

  CaseStore& cases() override { return cases_; }
  JournalStore& journal() override { return journal_; }
  AttachmentStore& attachments() override { return attachments_; }
  UserStore& users() override { return users_; }
  SessionStore& sessions() override { return sessions_; }
  AuditLog& audit() override { return audit_; }
  SettingsStore& settings() override { return settings_; }
  bool healthy() override;
  Status backup(const std::string& target_path) override;
  bool empty() override;

  // For the parts.
  Writer& writer() { return *writer_; }
  ReaderPool& readers() { return readers_; }
  const Clock& clock() const { return clock_; }
  const std::string& blob_dir() const { return blob_dir_; }
  // Runs a read-only function on a leased connection, turning SQLite faults into kInternal.
  template <typename F>
  auto read(F&& f) -> decltype(f(std::declval<Connection&>())) {
    auto lease = readers_.acquire();
    return f(*lease);
  }

 private:
  void migrate(Connection& conn);

  std::string path_;
  std::string blob_dir_;
  const Clock& clock_;
  std::unique_ptr<Writer> writer_;
  ReaderPool readers_;
  SqliteCaseStore cases_{*this};
  SqliteJournalStore journal_{*this};
  SqliteAttachmentStore attachments_{*this};
  SqliteUserStore users_{*this};
  SqliteSessionStore sessions_{*this};
  SqliteAuditLog audit_{*this};
  SqliteSettingsStore settings_{*this};
};

// Loads a case row with its reasons and departments; nullopt when there is none.
std::optional<Case> load_case(Connection& conn, int64_t id);
// The journal of a case, oldest first, and its attachments.
std::vector<JournalEntry> load_journal(Connection& conn, int64_t case_id);
std::vector<Attachment> load_attachments(Connection& conn, int64_t case_id);

}  // namespace bb::sqlite
