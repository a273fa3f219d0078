#include "web/security.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <set>

namespace bb::web {
namespace {

TEST(SecurityTest, PasswordHashVerifies) {
  ASSERT_GE(sodium_init(), 0);
  const std::string h = hash_password("korrekt hest batteri hæfteklamme");
  EXPECT_EQ(h.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(verify_password(h, "korrekt hest batteri hæfteklamme"));
  EXPECT_FALSE(verify_password(h, "korrekt hest batteri haefteklamme"));
  EXPECT_FALSE(verify_password("", "x"));
}

TEST(SecurityTest, TokensAreLongAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    auto t = random_token();
    EXPECT_EQ(t.size(), 43u);
    EXPECT_TRUE(seen.insert(t).second);
  }
  EXPECT_EQ(random_password().size(), 23u);
}

TEST(SecurityTest, Sha256KnownVector) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(SecurityTest, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "ab"));
}

TEST(RateLimiterTest, LimitsPerKeyAndWindow) {
  RateLimiter rl(3, std::chrono::seconds(60));
  auto t0 = std::chrono::steady_clock::time_point{};
  EXPECT_TRUE(rl.allow("a", t0));
  EXPECT_TRUE(rl.allow("a", t0));
  EXPECT_TRUE(rl.allow("a", t0));
  EXPECT_FALSE(rl.allow("a", t0));
  EXPECT_TRUE(rl.allow("b", t0));
  EXPECT_TRUE(rl.allow("a", t0 + std::chrono::seconds(61)));
}

}  // namespace
}  // namespace bb::web
