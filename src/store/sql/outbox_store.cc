// The outgoing-mail queue. Writes go through the writer (durable on return); the
// queue holds no case data, so it is not audited.
#include <algorithm>

#include "store/sql/sql_store.h"

namespace bb::sql {
namespace {

constexpr const char* kMailColumns =
    "SELECT id, dedupe_key, recipient, subject, body, created_at, attempts, next_attempt_at, "
    "COALESCE(sent_at, ''), last_error FROM outbox";

OutgoingMail mail_from_row(const Statement& st) {
  OutgoingMail m;
  m.id = st.int64(0);
  m.dedupe_key = st.text(1);
  m.to = st.text(2);
  m.subject = st.text(3);
  m.body = st.text(4);
  m.created_at = st.text(5);
  m.attempts = static_cast<int>(st.int64(6));
  m.next_attempt_at = st.text(7);
  m.sent_at = st.text(8);
  m.last_error = st.text(9);
  return m;
}

}  // namespace

Result<OutgoingMail> SqlOutboxStore::enqueue(const OutgoingMail& mail) {
  if (mail.dedupe_key.empty()) return Error::field(ErrorCode::kInvalid, "dedupe_key", "field.required");
  if (mail.to.empty()) return Error::field(ErrorCode::kInvalid, "to", "field.required");
  OutgoingMail saved;
  Status st = s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    const std::string now = tx.now();
    db.prepare(
          "INSERT INTO outbox(dedupe_key, recipient, subject, body, created_at, attempts, "
          "next_attempt_at) VALUES (?, ?, ?, ?, ?, 0, ?) ON CONFLICT(dedupe_key) DO NOTHING")
        .bind(1, mail.dedupe_key)
        .bind(2, mail.to)
        .bind(3, mail.subject)
        .bind(4, mail.body)
        .bind(5, now)
        .bind(6, mail.next_attempt_at.empty() ? now : mail.next_attempt_at)
        .run();
    auto& sel = db.prepare(std::string(kMailColumns) + " WHERE dedupe_key = ?");
    sel.bind(1, mail.dedupe_key);
    const bool found = sel.step();
    if (found) saved = mail_from_row(sel);
    sel.reset();
    return found ? ok_status() : Status(Error{ErrorCode::kInternal, "store.write_failed", {}});
  });
  if (!st) return st.error();
  return saved;
}

std::vector<OutgoingMail> SqlOutboxStore::due(const std::string& now, int limit) {
  return s_.read([&](Connection& db) {
    std::vector<OutgoingMail> out;
    auto& st = db.prepare(std::string(kMailColumns) +
                          " WHERE sent_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?");
    st.bind(1, now).bind(2, std::clamp(limit, 1, 1000));
    while (st.step()) out.push_back(mail_from_row(st));
    st.reset();
    return out;
  });
}

Status SqlOutboxStore::mark_sent(int64_t id, const std::string& at) {
  return s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    db.prepare("UPDATE outbox SET sent_at = ?, attempts = attempts + 1, last_error = '' WHERE id = ?")
        .bind(1, at)
        .bind(2, id)
        .run();
    if (db.changes() == 0) return Error::not_found("mail.not_found");
    return ok_status();
  });
}

Status SqlOutboxStore::mark_failed(int64_t id, const std::string& error,
                                      const std::string& next_attempt_at) {
  return s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    db.prepare(
          "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? "
          "WHERE id = ? AND sent_at IS NULL")
        .bind(1, error)
        .bind(2, next_attempt_at)
        .bind(3, id)
        .run();
    if (db.changes() == 0) return Error::not_found("mail.not_found");
    return ok_status();
  });
}

std::vector<OutgoingMail> SqlOutboxStore::list(int limit) {
  return s_.read([&](Connection& db) {
    std::vector<OutgoingMail> out;
    auto& st = db.prepare(std::string(kMailColumns) + " ORDER BY id DESC LIMIT ?");
    st.bind(1, std::clamp(limit, 1, 1000));
    while (st.step()) out.push_back(mail_from_row(st));
    st.reset();
    return out;
  });
}

}  // namespace bb::sql
