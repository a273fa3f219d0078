// Users, login bookkeeping, sessions and API tokens.
#include "store/sql/sql_store.h"

namespace bb::sql {
namespace {

constexpr const char* kUserColumns =
    "SELECT id, email, name, role, active, password_hash, failed_logins, "
    "COALESCE(locked_until, ''), created_at FROM users ";

User user_from_row(const Statement& st) {
  User u;
  u.id = st.int64(0);
  u.email = st.text(1);
  u.name = st.text(2);
  u.role = parse_code<Role>(st.text(3)).value_or(Role::kAssistant);
  u.active = st.int64(4) != 0;
  u.password_hash = st.text(5);
  u.failed_logins = static_cast<int>(st.int64(6));
  u.locked_until = st.text(7);
  u.created_at = st.text(8);
  return u;
}

template <typename Bind>
std::optional<User> find_user(SqlStore& s, const char* where, Bind bind) {
  return s.read([&](Connection& db) {
    std::optional<User> u;
    auto& st = db.prepare(std::string(kUserColumns) + where);
    bind(st);
    if (st.step()) u = user_from_row(st);
    st.reset();
    return u;
  });
}

}  // namespace

Result<User> SqlUserStore::create(const User& user, const Actor& actor) {
  User saved = user;
  Status st = s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    auto& chk = db.prepare("SELECT 1 FROM users WHERE email = ?");
    chk.bind(1, user.email);
    const bool taken = chk.step();
    chk.reset();
    if (taken) return Error::field(ErrorCode::kConflict, "email", "user.email_taken");
    saved.created_at = tx.now();
    db.prepare("INSERT INTO users(email, name, role, active, password_hash, created_at) "
               "VALUES (?,?,?,?,?,?)")
        .bind(1, user.email)
        .bind(2, user.name)
        .bind(3, to_code(user.role))
        .bind(4, user.active ? 1 : 0)
        .bind(5, user.password_hash)
        .bind(6, saved.created_at)
        .run();
    saved.id = db.last_insert_id();
    tx.audit("user.create", std::nullopt,
             "user:" + std::to_string(saved.id) + " role:" + to_code(user.role), actor);
    return ok_status();
  });
  if (!st) return st.error();
  return saved;
}

Result<User> SqlUserStore::get(int64_t id) {
  auto u = find_user(s_, "WHERE id = ?", [&](Statement& st) { st.bind(1, id); });
  if (!u) return Error::not_found("user.not_found");
  return *u;
}

Result<User> SqlUserStore::find_by_email(const std::string& email) {
  auto u = find_user(s_, "WHERE email = ?", [&](Statement& st) { st.bind(1, email); });
  if (!u) return Error::not_found("user.not_found");
  return *u;
}

std::vector<User> SqlUserStore::list() {
  return s_.read([&](Connection& db) {
    std::vector<User> out;
    auto& st = db.prepare(std::string(kUserColumns) + "ORDER BY name COLLATE NOCASE, id");
    while (st.step()) out.push_back(user_from_row(st));
    st.reset();
    return out;
  });
}

Result<User> SqlUserStore::update(const User& user, const Actor& actor) {
  Status st = s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    db.prepare("UPDATE users SET name = ?, role = ?, active = ? WHERE id = ?")
        .bind(1, user.name)
        .bind(2, to_code(user.role))
        .bind(3, user.active ? 1 : 0)
        .bind(4, user.id)
        .run();
    if (db.changes() == 0) return Error::not_found("user.not_found");
    if (!user.active) db.prepare("DELETE FROM sessions WHERE user_id = ?").bind(1, user.id).run();
    tx.audit("user.update", std::nullopt,
             "user:" + std::to_string(user.id) + " role:" + to_code(user.role) +
                 " active:" + (user.active ? "1" : "0"),
             actor);
    return ok_status();
  });
  if (!st) return st.error();
  return get(user.id);
}

Status SqlUserStore::set_password_hash(int64_t user_id, const std::string& hash,
                                          const Actor& actor) {
  return s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    db.prepare("UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL "
               "WHERE id = ?")
        .bind(1, hash)
        .bind(2, user_id)
        .run();
    if (db.changes() == 0) return Error::not_found("user.not_found");
    db.prepare("DELETE FROM sessions WHERE user_id = ?").bind(1, user_id).run();
    tx.audit("user.password", std::nullopt, "user:" + std::to_string(user_id), actor);
    return ok_status();
  });
}

Status SqlUserStore::record_login_failure(int64_t user_id, int failed_logins,
                                             const std::string& locked_until, const Actor& actor) {
  return s_.write([&](WriteTx& tx) -> Status {
    tx.db()
        .prepare("UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?")
        .bind(1, failed_logins)
        .bind_or_null(2, locked_until)
        .bind(3, user_id)
        .run();
    tx.audit("login.failure", std::nullopt,
             "user:" + std::to_string(user_id) + (locked_until.empty() ? "" : " locked"), actor);
    return ok_status();
  });
}

Status SqlUserStore::record_login_success(int64_t user_id, const Actor& actor) {
  return s_.write([&](WriteTx& tx) -> Status {
    tx.db()
        .prepare("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?")
        .bind(1, user_id)
        .run();
    tx.audit("login.success", std::nullopt, "user:" + std::to_string(user_id), actor);
    return ok_status();
  });
}

Status SqlSessionStore::create_session(const Session& s) {
  return s_.write([&](WriteTx& tx) -> Status {
    tx.db()
        .prepare("INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, last_seen) "
                 "VALUES (?,?,?,?,?)")
        .bind(1, s.token_hash)
        .bind(2, s.user_id)
        .bind(3, s.csrf_token)
        .bind(4, s.created_at)
        .bind(5, s.last_seen)
        .run();
    return ok_status();
  });
}

Result<Session> SqlSessionStore::find_session(const std::string& token_hash) {
  auto s = s_.read([&](Connection& db) {
    std::optional<Session> out;
    auto& st = db.prepare("SELECT token_hash, user_id, csrf_token, created_at, last_seen "
                          "FROM sessions WHERE token_hash = ?");
    st.bind(1, token_hash);
    if (st.step()) out = Session{st.text(0), st.int64(1), st.text(2), st.text(3), st.text(4)};
    st.reset();
    return out;
  });
  if (!s) return Error{ErrorCode::kUnauthorized, "auth.session_unknown", {}};
  return *s;
}

Status SqlSessionStore::touch_session(const std::string& token_hash, const std::string& last_seen) {
  return s_.write([&](WriteTx& tx) -> Status {
    tx.db()
        .prepare("UPDATE sessions SET last_seen = ? WHERE token_hash = ?")
        .bind(1, last_seen)
        .bind(2, token_hash)
        .run();
    return ok_status();
  });
}

Status SqlSessionStore::delete_session(const std::string& token_hash) {
  return s_.write([&](WriteTx& tx) -> Status {
    tx.db().prepare("DELETE FROM sessions WHERE token_hash = ?").bind(1, token_hash).run();
    return ok_status();
  });
}

Status SqlSessionStore::delete_sessions_of(int64_t user_id) {
  return s_.write([&](WriteTx& tx) -> Status {
    tx.db().prepare("DELETE FROM sessions WHERE user_id = ?").bind(1, user_id).run();
    return ok_status();
  });
}

Status SqlSessionStore::delete_sessions_idle_since(const std::string& before) {
  return s_.write([&](WriteTx& tx) -> Status {
    tx.db().prepare("DELETE FROM sessions WHERE last_seen < ?").bind(1, before).run();
    return ok_status();
  });
}

Result<ApiToken> SqlSessionStore::create_api_token(const ApiToken& token, const Actor& actor) {
  ApiToken saved = token;
  Status st = s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    saved.created_at = tx.now();
    db.prepare("INSERT INTO api_tokens(user_id, name, token_hash, created_at) VALUES (?,?,?,?)")
        .bind(1, token.user_id)
        .bind(2, token.name)
        .bind(3, token.token_hash)
        .bind(4, saved.created_at)
        .run();
    saved.id = db.last_insert_id();
    tx.audit("token.create", std::nullopt,
             "user:" + std::to_string(token.user_id) + " token:" + std::to_string(saved.id), actor);
    return ok_status();
  });
  if (!st) return st.error();
  return saved;
}

Result<ApiToken> SqlSessionStore::find_api_token(const std::string& token_hash) {
  auto t = s_.read([&](Connection& db) {
    std::optional<ApiToken> out;
    auto& st = db.prepare("SELECT id, user_id, name, token_hash, created_at FROM api_tokens "
                          "WHERE token_hash = ?");
    st.bind(1, token_hash);
    if (st.step()) out = ApiToken{st.int64(0), st.int64(1), st.text(2), st.text(3), st.text(4)};
    st.reset();
    return out;
  });
  if (!t) return Error{ErrorCode::kUnauthorized, "auth.token_unknown", {}};
  return *t;
}

}  // namespace bb::sql
