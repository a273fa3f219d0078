// The audit log's hash chain.
//
// Every entry carries the SHA-256 of its predecessor and of its own canonical fields, so
// altering, inserting or removing a row breaks the chain at that row. verify_chain() walks a
// sequence of entries and names the first one that does not fit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bb {

struct AuditEntry {
  int64_t seq = 0;            // 1, 2, 3, ... without gaps
  std::string at;             // UTC ISO 8601
  int64_t actor_id = 0;       // 0 = anonymous (public form) or the system
  std::string actor;          // user's name at the time, or "offentlig" / "system"
  std::string action;         // "case.read", "login.failure", ...
  std::optional<int64_t> case_id;
  std::string detail;         // never case text or CPR
  std::string ip;
  std::string prev_hash;      // hex; 64 zeros for the first entry
  std::string hash;           // hex
};

inline const std::string kGenesisHash(64, '0');

// SHA-256 (hex) over prev_hash and the entry's canonical fields.
std::string audit_hash(const AuditEntry& entry);

// Fills prev_hash and hash of `entry` so it follows `previous_hash`.
void seal(AuditEntry& entry, const std::string& previous_hash);

struct ChainCheck {
  bool ok = true;
  int64_t checked = 0;
  std::optional<int64_t> first_bad_seq;
  std::string problem;  // "hash" (entry altered), "link" (predecessor altered/removed), "gap"
};

// Checks entries in order; `expected_prev` is the hash the first one must link to, and
// `expected_seq` its sequence number (used when verifying in batches).
class ChainVerifier {
 public:
  bool feed(const AuditEntry& entry);  // false at the first bad entry
  const ChainCheck& result() const { return result_; }

 private:
  std::string prev_ = kGenesisHash;
  int64_t next_seq_ = 1;
  ChainCheck result_;
};

}  // namespace bb
