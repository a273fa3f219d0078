// Data protection: finding a person's cases, who looked at them, the cases due for
// anonymisation, anonymising and erasing. Rules: domain/privacy.h.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "store/sql/sql_store.h"

namespace bb::sql {
namespace {

// The case ids an audit detail lists ("ids:1,2,3" of a list or search, "cases:4,5" of systemic
// work), so an access request also shows the lists in which a case was seen.
std::set<int64_t> listed_ids(const std::string& detail) {
  std::set<int64_t> out;
  for (const char* key : {"ids:", "cases:"}) {
    for (size_t at = detail.find(key); at != std::string::npos; at = detail.find(key, at + 1)) {
      if (at > 0 && detail[at - 1] != ' ') continue;  // part of a longer word
      size_t i = at + std::char_traits<char>::length(key);
      while (i < detail.size() && std::isdigit(static_cast<unsigned char>(detail[i]))) {
        int64_t id = 0;
        while (i < detail.size() && std::isdigit(static_cast<unsigned char>(detail[i]))) {
          id = id * 10 + (detail[i] - '0');
          ++i;
        }
        out.insert(id);
        if (i < detail.size() && detail[i] == ',') ++i;
      }
    }
  }
  return out;
}

// "column contains ?" (case-sensitive on both backends; the caller tries the usual spellings).
std::string contains(Dialect d, const char* column) {
  return std::string(d == Dialect::kPostgres ? "strpos(" : "instr(") + column + ", ?) > 0";
}

std::vector<std::string> attachment_hashes(Connection& db, int64_t case_id) {
  std::vector<std::string> out;
  auto& st = db.prepare("SELECT DISTINCT sha256 FROM attachments WHERE case_id = ?");
  st.bind(1, case_id);
  while (st.step()) out.push_back(st.text(0));
  st.reset();
  return out;
}

struct CaseKey {
  std::string number;
  Date received;
};

std::optional<CaseKey> case_key(Connection& db, int64_t id) {
  auto& st = db.prepare("SELECT number, received FROM cases WHERE id = ?");
  st.bind(1, id);
  std::optional<CaseKey> out;
  if (st.step()) out = CaseKey{st.text(0), date_column(st, 1)};
  st.reset();
  return out;
}

}  // namespace

PersonCases SqlPrivacyStore::find_person(const PersonQuery& q) {
  return s_.read([&](Connection& db) {
    PersonCases out;
    std::vector<std::string> terms;  // how the person may be written in free text
    if (!q.cpr.empty()) {
      auto& st = db.prepare("SELECT id FROM cases WHERE citizen_cpr = ? ORDER BY id");
      st.bind(1, q.cpr);
      while (st.step()) out.own.push_back(st.int64(0));
      st.reset();
      terms.push_back(q.cpr);
      if (q.cpr.size() == 10) terms.push_back(q.cpr.substr(0, 6) + "-" + q.cpr.substr(6));
    } else {
      // Names compare folded (domain/privacy.h), which neither backend's collation does alike.
      const std::string wanted = fold_name(q.name);
      if (wanted.empty()) return out;
      auto& st = db.prepare("SELECT id, citizen_name FROM cases WHERE citizen_name <> '' ORDER BY id");
      while (st.step()) {
        if (fold_name(st.text(1)) == wanted) out.own.push_back(st.int64(0));
      }
      st.reset();
      terms = name_spellings(q.name);
    }
    std::set<int64_t> mentioned;
    const std::string sql = "SELECT id FROM cases WHERE " + contains(db.dialect(), "summary") +
                            " UNION SELECT case_id FROM journal WHERE " + contains(db.dialect(), "text");
    for (const auto& term : terms) {
      auto& st = db.prepare(sql);
      st.bind(1, term).bind(2, term);
      while (st.step()) mentioned.insert(st.int64(0));
      st.reset();
    }
    for (int64_t id : out.own) mentioned.erase(id);
    out.mentioned.assign(mentioned.begin(), mentioned.end());
    return out;
  });
}

std::vector<AuditEntry> SqlPrivacyStore::access_log(const std::vector<int64_t>& case_ids) {
  if (case_ids.empty()) return {};
  const std::set<int64_t> wanted(case_ids.begin(), case_ids.end());
  return s_.read([&](Connection& db) {
    std::vector<AuditEntry> out;
    auto& st = db.prepare(std::string(kAuditColumns) + "WHERE case_id IN (" + join_ids(case_ids) +
                          ") OR detail LIKE '%ids:%' OR detail LIKE '%cases:%' ORDER BY seq");
    while (st.step()) {
      AuditEntry e = audit_from_row(st);
      bool concerns = e.case_id && wanted.count(*e.case_id);
      if (!concerns) {
        for (int64_t id : listed_ids(e.detail)) {
          if (wanted.count(id)) {
            concerns = true;
            break;
          }
        }
      }
      if (concerns) out.push_back(std::move(e));
    }
    st.reset();
    return out;
  });
}

std::vector<RetentionCase> SqlPrivacyStore::retention_due(const Date& closed_before) {
  return s_.read([&](Connection& db) {
    std::vector<RetentionCase> out;
    auto& st = db.prepare(
        "SELECT id, number, received, closed_on FROM cases c WHERE status = 'afsluttet' AND closed_on < ? "
        "AND NOT EXISTS (SELECT 1 FROM case_anonymised a WHERE a.case_id = c.id) ORDER BY closed_on, id");
    st.bind(1, closed_before.iso());
    while (st.step()) out.push_back({st.int64(0), st.text(1), date_column(st, 2), date_column(st, 3)});
    st.reset();
    return out;
  });
}

Result<int64_t> SqlPrivacyStore::anonymise(const std::vector<int64_t>& case_ids, const std::string& marker,
                                           const std::string& summary_action, const std::string& summary_detail,
                                           const Actor& actor) {
  int64_t done = 0;
  std::vector<std::string> hashes;
  Status st = s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    done = 0;
    hashes.clear();
    const std::string now = tx.now();
    const std::string today = copenhagen_date(tx.clock().now()).iso();
    for (int64_t id : case_ids) {
      auto& seen = db.prepare("SELECT 1 FROM case_anonymised WHERE case_id = ?");
      seen.bind(1, id);
      const bool already = seen.step();
      seen.reset();
      if (already) continue;
      const auto key = case_key(db, id);
      if (!key) return Error::not_found("case.not_found");
      for (auto& h : attachment_hashes(db, id)) hashes.push_back(std::move(h));
      db.prepare("DELETE FROM attachments WHERE case_id = ?").bind(1, id).run();
      db.prepare(
            "UPDATE cases SET summary = ?, citizen_name = '', citizen_address = '', citizen_phone = '', "
            "citizen_email = '', citizen_cpr = '', citizen_preferred = '', citizen_needs = '', "
            "rejection_reason = CASE WHEN rejection_reason = '' THEN '' ELSE ? END, "
            "referral = CASE WHEN referral = '' THEN '' ELSE ? END, "
            "updated_at = ?, version = version + 1 WHERE id = ?")
          .bind(1, marker)
          .bind(2, marker)
          .bind(3, marker)
          .bind(4, now)
          .bind(5, id)
          .run();
      // Status entries are the system's own language-neutral lines (no personal data).
      db.prepare("UPDATE journal SET text = ? WHERE case_id = ? AND kind <> 'status'").bind(1, marker).bind(2, id).run();
      db.prepare("UPDATE case_themes SET criticism_text = '' WHERE case_id = ?").bind(1, id).run();
      db.prepare("UPDATE complaints SET note = '' WHERE case_id = ?").bind(1, id).run();
      db.prepare("DELETE FROM case_fts WHERE rowid = ?").bind(1, search_key(db.dialect(), key->received, id)).run();
      db.prepare("INSERT INTO case_anonymised(case_id, anonymised_on) VALUES (?, ?)").bind(1, id).bind(2, today).run();
      tx.audit("case.anonymise", id, "number:" + key->number, actor);
      ++done;
    }
    tx.audit(summary_action, std::nullopt, summary_detail, actor);
    return ok_status();
  });
  if (!st) return st.error();
  drop_unnamed_blobs(hashes);
  return done;
}

Result<CaseHoldings> SqlPrivacyStore::holdings(int64_t case_id) {
  return s_.read([&](Connection& db) -> Result<CaseHoldings> {
    auto& st = db.prepare(
        "SELECT status, outcome, closed_on, "
        "(SELECT COUNT(*) FROM attachments WHERE case_id = c.id) + "
        "(SELECT COUNT(*) FROM journal WHERE case_id = c.id AND kind IN ('letter_in','letter_out','email')), "
        "(SELECT COUNT(*) FROM journal WHERE case_id = c.id AND kind IN ('note','call','meeting')), "
        "(SELECT COUNT(*) FROM complaints WHERE case_id = c.id), "
        "(SELECT COUNT(*) FROM investigation_cases WHERE case_id = c.id) + "
        "(SELECT COUNT(*) FROM recommendation_cases WHERE case_id = c.id) + "
        "(SELECT COUNT(*) FROM report_stories WHERE case_id = c.id), "
        "(SELECT COUNT(*) FROM case_anonymised WHERE case_id = c.id) "
        "FROM cases c WHERE id = ?");
    st.bind(1, case_id);
    if (!st.step()) {
      st.reset();
      return Error::not_found("case.not_found");
    }
    CaseHoldings h;
    h.status = parse_code<CaseStatus>(st.text(0)).value_or(CaseStatus::kNy);
    if (!st.is_null(1)) h.outcome = parse_code<Outcome>(st.text(1));
    h.closed_on = opt_date(st, 2);
    h.documents = static_cast<int>(st.int64(3));
    h.notes = static_cast<int>(st.int64(4));
    h.complaints = static_cast<int>(st.int64(5));
    h.systemic_links = static_cast<int>(st.int64(6));
    h.anonymised = st.int64(7) > 0;
    st.reset();
    return h;
  });
}

Status SqlPrivacyStore::erase(int64_t case_id, const Actor& actor) {
  std::vector<std::string> hashes;
  Status st = s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    const auto key = case_key(db, case_id);
    if (!key) return Error::not_found("case.not_found");
    hashes = attachment_hashes(db, case_id);
    db.prepare("DELETE FROM case_fts WHERE rowid = ?").bind(1, search_key(db.dialect(), key->received, case_id)).run();
    // Journal, attachments, reasons, departments, themes, complaints and links go with it
    // (ON DELETE CASCADE); a report story keeps its text and loses the link.
    db.prepare("DELETE FROM cases WHERE id = ?").bind(1, case_id).run();
    tx.audit("case.erase", case_id, "number:" + key->number, actor);
    return ok_status();
  });
  if (!st) return st;
  drop_unnamed_blobs(hashes);
  return ok_status();
}

void SqlPrivacyStore::drop_unnamed_blobs(const std::vector<std::string>& sha256s) {
  if (sha256s.empty()) return;
  const std::set<std::string> unique(sha256s.begin(), sha256s.end());
  // A job of its own, after the rows are gone: the writer runs jobs one at a time, and an
  // upload checks inside its job that its bytes are still there (attachment_store.cc).
  Status st = s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    for (const auto& sha : unique) {
      auto& named = db.prepare("SELECT 1 FROM attachments WHERE sha256 = ?");
      named.bind(1, sha);
      const bool still_named = named.step();
      named.reset();
      if (!still_named) s_.drop_blob(db, sha);
    }
    return ok_status();
  });
  if (!st) spdlog::error("store: {} attachment contents no case names could not be removed", unique.size());
}

}  // namespace bb::sql
