#include "store/sql/write_tx.h"

#include "domain/audit.h"
#include "store/store.h"

namespace bb::sql {

void WriteTx::audit(const std::string& action, std::optional<int64_t> case_id, const std::string& detail,
                    const Actor& actor) {
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
  conn_
      .prepare("INSERT INTO audit(seq, at, actor_id, actor, action, case_id, detail, ip, "
               "prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)")
      .bind(1, e.seq)
      .bind(2, e.at)
      .bind(3, e.actor_id)
      .bind(4, e.actor)
      .bind(5, e.action)
      .bind(6, e.case_id)
      .bind(7, e.detail)
      .bind(8, e.ip)
      .bind(9, e.prev_hash)
      .bind(10, e.hash)
      .run();
  seq_ = e.seq;
  hash_ = e.hash;
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
