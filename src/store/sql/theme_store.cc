// The office's theme list (seeded by migration 3 with the default themes).
#include "store/sql/sql_store.h"

namespace bb::sql {
namespace {

constexpr size_t kMaxThemeLabel = 100;  // characters

bool valid_theme_code(const std::string& code) {
  if (code.size() < 2 || code.size() > 40) return false;
  for (char ch : code) {
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_')) return false;
  }
  return true;
}

size_t utf8_chars(const std::string& s) {
  size_t n = 0;
  for (char ch : s) {
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++n;
  }
  return n;
}

bool blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

}  // namespace

std::vector<ThemeDef> SqlThemeStore::list() {
  return s_.read([&](Connection& db) {
    std::vector<ThemeDef> out;
    auto& st = db.prepare("SELECT code, label, active, position FROM themes ORDER BY position, code");
    while (st.step()) {
      out.push_back({st.text(0), st.text(1), st.int64(2) != 0, static_cast<int>(st.int64(3))});
    }
    st.reset();
    return out;
  });
}

Status SqlThemeStore::save(const ThemeDef& theme, const Actor& actor) {
  if (!valid_theme_code(theme.code)) return Error::field(ErrorCode::kInvalid, "code", "theme.code_invalid");
  if (blank(theme.label)) return Error::field(ErrorCode::kInvalid, "label", "field.required");
  if (utf8_chars(theme.label) > kMaxThemeLabel) {
    return Error::field(ErrorCode::kInvalid, "label", "field.too_long");
  }
  return s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    // A new theme goes last; an existing one keeps its position.
    db.prepare(
          "INSERT INTO themes(code, label, active, position) "
          "VALUES (?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM themes)) "
          "ON CONFLICT(code) DO UPDATE SET label = excluded.label, active = excluded.active")
        .bind(1, theme.code)
        .bind(2, theme.label)
        .bind(3, theme.active ? 1 : 0)
        .run();
    tx.audit("theme.save", std::nullopt, "theme:" + theme.code + " active:" + (theme.active ? "1" : "0"),
             actor);
    return ok_status();
  });
}

}  // namespace bb::sql
