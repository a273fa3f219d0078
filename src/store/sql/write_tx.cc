#include "store/sql/write_tx.h"

#include "domain/audit.h"
#include "store/store.h"

namespace bb::sql {

namespace {

constexpr const char* kAuditInsert =
    "INSERT INTO audit(seq, at, actor_id, actor, action, case_id, detail, ip, prev_hash, hash) "
    "VALUES (?,?,?,?,?,?,?,?,?,?)";

template <typename Row>
void add_audit_row(Row& row, const AuditEntry& e) {
  row.add(e.seq)
      .add(e.at)
      .add(e.actor_id)
      .add(e.actor)
      .add(e.action)
      .add(e.case_id)
      .add(e.detail)
      .add(e.ip)
      .add(e.prev_hash)
      .add(e.hash);
}

}  // namespace

AuditEntry WriteTx::next_audit(const std::string& action, std::optional<int64_t> case_id,
                               const std::string& detail, const Actor& actor) {
  AuditEntry e;
  e.seq = seq_ + 1;
  e.at = now();
  e.actor_id = actor.user_id;
  e.actor = actor.name;
  e.action = action;
  e.case_id = case_id;
  e.detail = detail;
  e.ip = actor.ip;
  seal(e, hash_);
  seq_ = e.seq;
  hash_ = e.hash;
  return e;
}

void WriteTx::audit(const std::string& action, std::optional<int64_t> case_id, const std::string& detail,
                    const Actor& actor) {
  // (A failed job is rolled back, and the writer puts the chain's tail back as it was.)
  StatementRow row{conn_.prepare(kAuditInsert)};
  add_audit_row(row, next_audit(action, case_id, detail, actor));
  row.st.run();
}

void WriteTx::audit(BatchInsert& batch, const std::string& action, std::optional<int64_t> case_id,
                    const std::string& detail, const Actor& actor) {
  add_audit_row(batch, next_audit(action, case_id, detail, actor));
  batch.end_row();
}

std::unique_ptr<BatchInsert> WriteTx::audit_batch() {
  return std::make_unique<BatchInsert>(
      conn_, "audit",
      std::vector<std::string>{"seq", "at", "actor_id", "actor", "action", "case_id", "detail", "ip", "prev_hash",
                               "hash"});
}

Error write_failure(const std::exception& e) {
  const auto* db = dynamic_cast<const DbError*>(&e);
  if (db && db->storage_full()) return Error{ErrorCode::kStorageFull, "store.disk_full", {}};
  return Error{ErrorCode::kInternal, "store.write_failed", {}};
}

void load_audit_tail(Connection& conn, int64_t& seq, std::string& hash) {
  auto& st = conn.prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
  if (st.step()) {
    seq = st.int64(0);
    hash = st.text(1);
  } else {
    seq = 0;
    hash = kGenesisHash;
  }
  st.reset();
}

}  // namespace bb::sql
