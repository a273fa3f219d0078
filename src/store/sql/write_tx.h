// What a write job sees, on either backend: the connection inside the write transaction and
// the audit appender, which numbers and links entries from the chain's tail as read inside that
// same transaction (so entries follow commit order, also with a second writer process).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "domain/audit.h"
#include "domain/clock.h"
#include "domain/result.h"
#include "store/sql/batch_insert.h"
#include "store/sql/db.h"

namespace bb {
struct Actor;
}

namespace bb::sql {

class WriteTx {
 public:
  WriteTx(Connection& conn, const Clock& clock, int64_t& seq, std::string& hash)
      : conn_(conn), clock_(clock), seq_(seq), hash_(hash) {}
  Connection& db() { return conn_; }
  std::string now() const { return format_utc(clock_.now()); }
  const Clock& clock() const { return clock_; }
  void audit(const std::string& action, std::optional<int64_t> case_id, const std::string& detail,
             const Actor& actor);
  // The same entry, chained in the same order, but its row goes into `batch` (from
  // audit_batch()), which the caller flushes before the job ends.
  void audit(BatchInsert& batch, const std::string& action, std::optional<int64_t> case_id,
             const std::string& detail, const Actor& actor);
  std::unique_ptr<BatchInsert> audit_batch();

 private:
  // The next entry, sealed onto the chain (seq and hash move on).
  AuditEntry next_audit(const std::string& action, std::optional<int64_t> case_id, const std::string& detail,
                        const Actor& actor);

  Connection& conn_;
  const Clock& clock_;
  int64_t& seq_;
  std::string& hash_;
};

// The write path's answer to a job or commit that failed with `e`: 507 "store.disk_full" when
// the storage is full (DbError::storage_full), else 500 "store.write_failed".
Error write_failure(const std::exception& e);

// The last sequence number and hash of the audit chain (0 and the genesis hash when empty).
void load_audit_tail(Connection& conn, int64_t& seq, std::string& hash);

}  // namespace bb::sql
