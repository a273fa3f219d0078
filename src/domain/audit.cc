#include "domain/audit.h"

#include <sodium.h>

#include <array>

namespace bb {
namespace {

void append_field(std::string& out, const std::string& field) {
  out += std::to_string(field.size());
  out.push_back(':');
  out += field;
}

std::string hex(const unsigned char* data, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[data[i] >> 4];
    out[2 * i + 1] = kDigits[data[i] & 0xf];
  }
  return out;
}

}  // namespace

std::string audit_hash(const AuditEntry& e) {
  // Length-prefixed fields, so no choice of field contents can collide with another.
  std::string canonical;
  append_field(canonical, e.prev_hash);
  append_field(canonical, std::to_string(e.seq));
  append_field(canonical, e.at);
  append_field(canonical, std::to_string(e.actor_id));
  append_field(canonical, e.actor);
  append_field(canonical, e.action);
  append_field(canonical, e.case_id ? std::to_string(*e.case_id) : "");
  append_field(canonical, e.detail);
  append_field(canonical, e.ip);
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(canonical.data()),
                     canonical.size());
  return hex(digest.data(), digest.size());
}

void seal(AuditEntry& entry, const std::string& previous_hash) {
  entry.prev_hash = previous_hash;
  entry.hash = audit_hash(entry);
}

bool ChainVerifier::feed(const AuditEntry& e) {
  if (!result_.ok) return false;
  auto fail = [&](const char* problem) {
    result_.ok = false;
    result_.first_bad_seq = e.seq;
    result_.problem = problem;
    return false;
  };
  if (e.seq != next_seq_) {
    result_.ok = false;
    result_.first_bad_seq = next_seq_;
    result_.problem = "gap";
    return false;
  }
  if (e.prev_hash != prev_) return fail("link");
  if (audit_hash(e) != e.hash) return fail("hash");
  prev_ = e.hash;
  ++next_seq_;
  ++result_.checked;
  return true;
}

}  // namespace bb
