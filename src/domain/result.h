// Result<T>: the value-or-error type every layer returns for expected failures.
//
// An Error carries a code that maps to an HTTP status (see http_status() in web/app.cc), a message key
// into the message catalogue (messages/da.json) plus already-rendered parameters, and, for
// validation failures, the field each problem belongs to. Exceptions are reserved for
// programming errors and I/O faults; they stop at the HTTP and CLI boundaries.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace bb {

enum class ErrorCode {
  kInvalid,       // 400: malformed request or input
  kUnprocessable, // 422: well-formed, but breaks a rule (e.g. closing without outcome)
  kUnauthorized,  // 401
  kForbidden,     // 403
  kNotFound,      // 404
  kConflict,      // 409
  kTooLarge,      // 413
  kRateLimited,   // 429
  kInternal,      // 500
  kStorageFull,   // 507: the disk is full; nothing was written
};

// Stable machine-readable name of a code ("invalid", "not_found", ...), used in the JSON API.
const char* error_code_name(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;                       // message key, e.g. "case.close_needs_outcome"
  std::map<std::string, std::string> fields; // field name -> message key

  static Error invalid(std::string key) { return {ErrorCode::kInvalid, std::move(key), {}}; }
  static Error unprocessable(std::string key) {
    return {ErrorCode::kUnprocessable, std::move(key), {}};
  }
  static Error not_found(std::string key) { return {ErrorCode::kNotFound, std::move(key), {}}; }
  static Error forbidden(std::string key) { return {ErrorCode::kForbidden, std::move(key), {}}; }
  static Error conflict(std::string key) { return {ErrorCode::kConflict, std::move(key), {}}; }
  static Error field(ErrorCode code, std::string field, std::string key) {
    Error e{code, key, {}};
    e.fields.emplace(std::move(field), std::move(key));
    return e;
  }
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}      // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

struct Ok {};
using Status = Result<Ok>;
inline Status ok_status() { return Ok{}; }

// Collects field errors of a form or body before failing once with all of them.
class FieldErrors {
 public:
  void add(std::string field, std::string key) { fields_.emplace(std::move(field), std::move(key)); }
  bool empty() const { return fields_.empty(); }
  bool has(const std::string& field) const { return fields_.count(field) > 0; }
  Error to_error(ErrorCode code = ErrorCode::kInvalid,
                 std::string key = "error.validation") const {
    return Error{code, std::move(key), fields_};
  }

 private:
  std::map<std::string, std::string> fields_;
};

}  // namespace bb
