// Passwords, tokens and limits: argon2id hashing, random tokens, SHA-256 for stored token
// hashes, constant-time comparison, and a fixed-window rate limiter keyed by client address.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace bb::web {

// argon2id (libsodium's interactive limits). Throws std::runtime_error if out of memory.
std::string hash_password(std::string_view password);
bool verify_password(const std::string& hash, std::string_view password);

// 256 random bits, URL-safe base64 without padding (43 characters).
std::string random_token();
// A readable strong password: 20 characters from an alphabet without look-alikes.
std::string random_password();
std::string sha256_hex(std::string_view data);
bool constant_time_equal(std::string_view a, std::string_view b);

// Allows `limit` events per `window` and key. Thread-safe.
class RateLimiter {
 public:
  RateLimiter(int limit, std::chrono::seconds window) : limit_(limit), window_(window) {}
  // Counts one event; false when the key is over its limit in the current window.
  bool allow(const std::string& key, std::chrono::steady_clock::time_point now);

 private:
  struct Window {
    std::chrono::steady_clock::time_point start;
    int count = 0;
  };
  const int limit_;
  const std::chrono::seconds window_;
  std::mutex mu_;
  std::unordered_map<std::string, Window> windows_;  // guarded by mu_
};

}  // namespace bb::web
