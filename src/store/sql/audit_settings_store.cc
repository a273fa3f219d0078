// The audit log and the settings.
#include <nlohmann/json.hpp>

#include "store/sql/sql_store.h"

namespace bb::sql {

AuditEntry audit_from_row(const Statement& st) {
  AuditEntry e;
  e.seq = st.int64(0);
  e.at = st.text(1);
  e.actor_id = st.int64(2);
  e.actor = st.text(3);
  e.action = st.text(4);
  e.case_id = st.opt_int64(5);
  e.detail = st.text(6);
  e.ip = st.text(7);
  e.prev_hash = st.text(8);
  e.hash = st.text(9);
  return e;
}

const char* const kAuditColumns =
    "SELECT seq, at, actor_id, actor, action, case_id, detail, ip, prev_hash, hash FROM audit ";

Status SqlAuditLog::append(const std::string& action, std::optional<int64_t> case_id,
                              const std::string& detail, const Actor& actor) {
  return s_.write([&](WriteTx& tx) -> Status {
    tx.audit(action, case_id, detail, actor);
    return ok_status();
  });
}

std::vector<AuditEntry> SqlAuditLog::list(const AuditFilter& f) {
  return s_.read([&](Connection& db) {
    std::vector<AuditEntry> out;
    const int limit = std::clamp(f.limit, 1, 10000);
    if (f.case_id) {
      auto& st = db.prepare(std::string(kAuditColumns) +
                            "WHERE case_id = ? ORDER BY seq DESC LIMIT ?");
      st.bind(1, *f.case_id).bind(2, limit);
      while (st.step()) out.push_back(audit_from_row(st));
      st.reset();
    } else {
      auto& st = db.prepare(std::string(kAuditColumns) + "ORDER BY seq DESC LIMIT ?");
      st.bind(1, limit);
      while (st.step()) out.push_back(audit_from_row(st));
      st.reset();
    }
    return out;
  });
}

ChainCheck SqlAuditLog::verify() {
  return s_.read([&](Connection& db) {
    ChainVerifier v;
    // One read transaction gives a consistent snapshot while the server keeps writing.
    db.exec("BEGIN");
    auto& st = db.prepare(std::string(kAuditColumns) + "ORDER BY seq");
    while (st.step()) {
      if (!v.feed(audit_from_row(st))) break;
    }
    st.reset();
    db.exec("COMMIT");
    return v.result();
  });
}

bool SqlSettingsStore::saved() {
  return s_.read([&](Connection& db) {
    auto& st = db.prepare("SELECT 1 FROM settings WHERE key = 'municipality'");
    const bool found = st.step();
    st.reset();
    return found;
  });
}

MunicipalitySettings SqlSettingsStore::load() {
  auto text = s_.read([&](Connection& db) {
    std::string out;
    auto& st = db.prepare("SELECT value FROM settings WHERE key = 'municipality'");
    if (st.step()) out = st.text(0);
    st.reset();
    return out;
  });
  MunicipalitySettings s = default_settings("");
  if (text.empty()) return s;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return s;
  s.municipality = j.value("municipality", s.municipality);
  s.office_name = j.value("office_name", s.office_name);
  s.departments = j.value("departments", s.departments);
  s.first_response_working_days = j.value("first_response_working_days", s.first_response_working_days);
  s.presumed_post_days = j.value("presumed_post_days", s.presumed_post_days);
  s.small_count_threshold = j.value("small_count_threshold", s.small_count_threshold);
  s.retention_years = j.value("retention_years", s.retention_years);
  s.intro_text = j.value("intro_text", s.intro_text);
  s.contact_phone = j.value("contact_phone", s.contact_phone);
  s.contact_email = j.value("contact_email", s.contact_email);
  s.address = j.value("address", s.address);
  return s;
}

Status SqlSettingsStore::save(const MunicipalitySettings& s, const Actor& actor) {
  nlohmann::json j = {{"municipality", s.municipality},
                      {"office_name", s.office_name},
                      {"departments", s.departments},
                      {"first_response_working_days", s.first_response_working_days},
                      {"presumed_post_days", s.presumed_post_days},
                      {"small_count_threshold", s.small_count_threshold},
                      {"retention_years", s.retention_years},
                      {"intro_text", s.intro_text},
                      {"contact_phone", s.contact_phone},
                      {"contact_email", s.contact_email},
                      {"address", s.address}};
  return s_.write([&](WriteTx& tx) -> Status {
    tx.db()
        .prepare("INSERT INTO settings(key, value) VALUES ('municipality', ?) "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        .bind(1, j.dump())
        .run();
    tx.audit("settings.update", std::nullopt, "municipality", actor);
    return ok_status();
  });
}

}  // namespace bb::sql
