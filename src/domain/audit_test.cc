#include "domain/audit.h"

#include <gtest/gtest.h>

#include <vector>

namespace bb {
namespace {

std::vector<AuditEntry> Chain(int n) {
  std::vector<AuditEntry> out;
  std::string prev = kGenesisHash;
  for (int i = 1; i <= n; ++i) {
    AuditEntry e;
    e.seq = i;
    e.at = "2024-03-14T08:00:0" + std::to_string(i % 10) + "Z";
    e.actor_id = 7;
    e.actor = "Anne Rådgiver";
    e.action = "case.read";
    e.case_id = 100 + i;
    e.ip = "127.0.0.1";
    seal(e, prev);
    prev = e.hash;
    out.push_back(e);
  }
  return out;
}

ChainCheck Verify(const std::vector<AuditEntry>& entries) {
  ChainVerifier v;
  for (const auto& e : entries) {
    if (!v.feed(e)) break;
  }
  return v.result();
}

TEST(AuditChainTest, IntactChainVerifies) {
  auto c = Verify(Chain(20));
  EXPECT_TRUE(c.ok);
  EXPECT_EQ(c.checked, 20);
}

TEST(AuditChainTest, EditedEntryIsNamed) {
  auto chain = Chain(20);
  chain[6].detail = "rettet bagefter";
  auto c = Verify(chain);
  EXPECT_FALSE(c.ok);
  EXPECT_EQ(c.first_bad_seq, 7);
  EXPECT_EQ(c.problem, "hash");
}

TEST(AuditChainTest, RehashedEntryBreaksTheNextLink) {
  auto chain = Chain(20);
  chain[6].actor = "En anden";
  chain[6].hash = audit_hash(chain[6]);  // forger recomputes this entry's own hash
  auto c = Verify(chain);
  EXPECT_FALSE(c.ok);
  EXPECT_EQ(c.first_bad_seq, 8);
  EXPECT_EQ(c.problem, "link");
}

TEST(AuditChainTest, RemovedEntryIsAGap) {
  auto chain = Chain(20);
  chain.erase(chain.begin() + 9);
  auto c = Verify(chain);
  EXPECT_FALSE(c.ok);
  EXPECT_EQ(c.first_bad_seq, 10);
  EXPECT_EQ(c.problem, "gap");
}

TEST(AuditChainTest, FieldBoundariesCannotBeShifted) {
  AuditEntry a, b;
  a.seq = b.seq = 1;
  a.actor = "ab";
  a.action = "c";
  b.actor = "a";
  b.action = "bc";
  seal(a, kGenesisHash);
  seal(b, kGenesisHash);
  EXPECT_NE(a.hash, b.hash);
}

}  // namespace
}  // namespace bb
