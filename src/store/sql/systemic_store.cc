// Recommendations (henstillinger) and own-initiative investigations: the records,
// their links to departments and cases, their history, and the journal entries they leave on
// linked cases, all in one commit per write.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "store/sql/sql_store.h"

namespace bb::sql {
namespace {

// The two kinds of record; kind_code() is the text in record_history.kind and counters.kind.
enum class Kind { kRecommendation, kInvestigation };
constexpr Kind kRecommendation = Kind::kRecommendation;
constexpr Kind kInvestigation = Kind::kInvestigation;
const char* kind_code(Kind k) {
  return k == Kind::kRecommendation ? "recommendation" : "investigation";
}

std::vector<int64_t> split_ids(const std::string& s) {
  std::vector<int64_t> out;
  for (const auto& part : split_unit(s)) {
    try {
      out.push_back(std::stoll(part));
    } catch (const std::exception&) {
      // Not written by us; skip.
    }
  }
  return out;
}

std::string opt_iso(const std::optional<Date>& d) {
  return d ? d->iso() : std::string();
}

bool contains(const std::vector<int64_t>& ids, int64_t id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

void journal_cases(Connection& db, const std::vector<int64_t>& case_ids, const std::string& text,
                   const Actor& actor, const std::string& now) {
  for (int64_t id : case_ids) insert_journal(db, id, JournalKind::kStatus, text, actor, now, std::nullopt);
}

// The link tables of a record are replaced as a whole, keeping the given order.
void write_department_links(Connection& db, Kind kind, int64_t id,
                            const std::vector<std::string>& departments) {
  if (kind == kRecommendation) {
    db.prepare("DELETE FROM recommendation_departments WHERE recommendation_id = ?").bind(1, id).run();
  } else {
    db.prepare("DELETE FROM investigation_departments WHERE investigation_id = ?").bind(1, id).run();
  }
  int position = 0;
  for (const auto& d : departments) {
    auto& st = kind == kRecommendation ? db.prepare(
                                             "INSERT INTO recommendation_departments("
                                             "recommendation_id, department, position) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                                       : db.prepare(
                                             "INSERT INTO investigation_departments("
                                             "investigation_id, department, position) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
    st.bind(1, id).bind(2, d).bind(3, position++).run();
  }
}

void write_case_links(Connection& db, Kind kind, int64_t id, const std::vector<int64_t>& case_ids) {
  if (kind == kRecommendation) {
    db.prepare("DELETE FROM recommendation_cases WHERE recommendation_id = ?").bind(1, id).run();
  } else {
    db.prepare("DELETE FROM investigation_cases WHERE investigation_id = ?").bind(1, id).run();
  }
  int position = 0;
  for (int64_t c : case_ids) {
    auto& st = kind == kRecommendation ? db.prepare(
                                             "INSERT INTO recommendation_cases("
                                             "recommendation_id, case_id, position) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                                       : db.prepare(
                                             "INSERT INTO investigation_cases("
                                             "investigation_id, case_id, position) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
    st.bind(1, id).bind(2, c).bind(3, position++).run();
  }
}

void write_signal_links(Connection& db, int64_t id, const std::vector<std::string>& signals) {
  db.prepare("DELETE FROM investigation_signals WHERE investigation_id = ?").bind(1, id).run();
  int position = 0;
  for (const auto& s : signals) {
    db.prepare(
          "INSERT INTO investigation_signals(investigation_id, signal, position) "
          "VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
        .bind(1, id)
        .bind(2, s)
        .bind(3, position++)
        .run();
  }
}

void write_history(Connection& db, Kind kind, int64_t id, const char* action,
                   const std::vector<FieldChange>& changes, const Actor& actor, const std::string& now) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& c : changes) j.push_back({{"field", c.field}, {"before", c.before}, {"after", c.after}});
  db.prepare(
        "INSERT INTO record_history(kind, record_id, at, actor_id, actor, action, changes) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind(1, kind_code(kind))
      .bind(2, id)
      .bind(3, now)
      .bind(4, actor.user_id)
      .bind(5, actor.name)
      .bind(6, action)
      .bind(7, j.dump())
      .run();
}

std::vector<HistoryEntry> load_history(Connection& db, Kind kind, int64_t id) {
  std::vector<HistoryEntry> out;
  auto& st = db.prepare(
      "SELECT at, actor, action, changes FROM record_history "
      "WHERE kind = ? AND record_id = ? ORDER BY id");
  st.bind(1, kind_code(kind)).bind(2, id);
  while (st.step()) {
    HistoryEntry h{st.text(0), st.text(1), st.text(2), {}};
    auto j = nlohmann::json::parse(st.text(3), nullptr, false);
    if (j.is_array()) {
      for (const auto& c : j) {
        if (!c.is_object()) continue;
        h.changes.push_back({c.value("field", ""), c.value("before", ""), c.value("after", "")});
      }
    }
    out.push_back(std::move(h));
  }
  st.reset();
  return out;
}

bool investigation_exists(Connection& db, int64_t id) {
  auto& st = db.prepare("SELECT 1 FROM investigations WHERE id = ?");
  st.bind(1, id);
  const bool found = st.step();
  st.reset();
  return found;
}

std::optional<Error> check_case_links(Connection& db, const std::vector<int64_t>& case_ids) {
  if (first_missing_case(db, case_ids)) {
    return Error::field(ErrorCode::kInvalid, "case_ids", "link.case_unknown");
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Recommendations

constexpr const char* kRecommendationColumns =
    "SELECT r.id, r.number, r.title, r.text, r.investigation_id, r.issued, r.response_due, "
    "r.response_text, r.response_date, r.status, r.follow_up_date, r.follow_up_notes, "
    "r.created_at, r.updated_at, r.version, "
    "(SELECT group_concat(department, '\x1f') FROM (SELECT department FROM "
    "   recommendation_departments d WHERE d.recommendation_id = r.id ORDER BY position) AS v), "
    "(SELECT group_concat(case_id, '\x1f') FROM (SELECT case_id FROM "
    "   recommendation_cases x WHERE x.recommendation_id = r.id ORDER BY position) AS v) "
    "FROM recommendations r";

Recommendation recommendation_from_row(const Statement& st) {
  Recommendation r;
  r.id = st.int64(0);
  r.number = st.text(1);
  r.title = st.text(2);
  r.text = st.text(3);
  r.investigation_id = st.opt_int64(4);
  r.issued = date_column(st, 5);
  r.response_due = date_column(st, 6);
  r.response_text = st.text(7);
  r.response_date = opt_date(st, 8);
  r.status = parse_code<RecommendationStatus>(st.text(9)).value_or(RecommendationStatus::kAfventerSvar);
  r.follow_up_date = opt_date(st, 10);
  r.follow_up_notes = st.text(11);
  r.created_at = st.text(12);
  r.updated_at = st.text(13);
  r.version = st.int64(14);
  r.departments = split_unit(st.text(15));
  r.case_ids = split_ids(st.text(16));
  return r;
}

std::optional<Recommendation> load_recommendation(Connection& db, int64_t id) {
  auto& st = db.prepare(std::string(kRecommendationColumns) + " WHERE r.id = ?");
  st.bind(1, id);
  std::optional<Recommendation> out;
  if (st.step()) out = recommendation_from_row(st);
  st.reset();
  return out;
}

// Binds the mutable columns (1..10) in the order used by INSERT and UPDATE below.
void bind_recommendation(Statement& st, const Recommendation& r) {
  st.bind(1, r.title)
      .bind(2, r.text)
      .bind(3, r.investigation_id)
      .bind(4, r.issued.iso())
      .bind(5, r.response_due.iso())
      .bind(6, r.response_text)
      .bind_or_null(7, opt_iso(r.response_date))
      .bind(8, to_code(r.status))
      .bind_or_null(9, opt_iso(r.follow_up_date))
      .bind(10, r.follow_up_notes);
}

std::optional<Error> check_recommendation_links(Connection& db, const Recommendation& r) {
  if (auto e = check_case_links(db, r.case_ids)) return e;
  if (r.investigation_id && !investigation_exists(db, *r.investigation_id)) {
    return Error::field(ErrorCode::kInvalid, "investigation_id", "link.investigation_unknown");
  }
  return std::nullopt;
}

std::string recommendation_detail(const Recommendation& r) {
  return "recommendation:" + std::to_string(r.id) + " number:" + r.number + " cases:" + join_ids(r.case_ids);
}

// ---------------------------------------------------------------------------------------------
// Investigations

constexpr const char* kInvestigationColumns =
    "SELECT i.id, i.number, i.topic, i.period_from, i.period_to, i.method, i.findings, "
    "i.conclusion, i.status, i.started, i.created_at, i.updated_at, i.version, "
    "(SELECT group_concat(department, '\x1f') FROM (SELECT department FROM "
    "   investigation_departments d WHERE d.investigation_id = i.id ORDER BY position) AS v), "
    "(SELECT group_concat(case_id, '\x1f') FROM (SELECT case_id FROM "
    "   investigation_cases x WHERE x.investigation_id = i.id ORDER BY position) AS v), "
    "(SELECT group_concat(signal, '\x1f') FROM (SELECT signal FROM "
    "   investigation_signals g WHERE g.investigation_id = i.id ORDER BY position) AS v) "
    "FROM investigations i";

Investigation investigation_from_row(const Statement& st) {
  Investigation i;
  i.id = st.int64(0);
  i.number = st.text(1);
  i.topic = st.text(2);
  i.period_from = opt_date(st, 3);
  i.period_to = opt_date(st, 4);
  i.method = st.text(5);
  i.findings = st.text(6);
  i.conclusion = st.text(7);
  i.status = parse_code<InvestigationStatus>(st.text(8)).value_or(InvestigationStatus::kPlanlagt);
  i.started = date_column(st, 9);
  i.created_at = st.text(10);
  i.updated_at = st.text(11);
  i.version = st.int64(12);
  i.departments = split_unit(st.text(13));
  i.case_ids = split_ids(st.text(14));
  i.signals = split_unit(st.text(15));
  return i;
}

std::optional<Investigation> load_investigation(Connection& db, int64_t id) {
  auto& st = db.prepare(std::string(kInvestigationColumns) + " WHERE i.id = ?");
  st.bind(1, id);
  std::optional<Investigation> out;
  if (st.step()) out = investigation_from_row(st);
  st.reset();
  return out;
}

// Binds the mutable columns (1..8) in the order used by INSERT and UPDATE below.
void bind_investigation(Statement& st, const Investigation& i) {
  st.bind(1, i.topic)
      .bind_or_null(2, opt_iso(i.period_from))
      .bind_or_null(3, opt_iso(i.period_to))
      .bind(4, i.method)
      .bind(5, i.findings)
      .bind(6, i.conclusion)
      .bind(7, to_code(i.status))
      .bind(8, i.started.iso());
}

std::string investigation_detail(const Investigation& i) {
  return "investigation:" + std::to_string(i.id) + " number:" + i.number + " cases:" + join_ids(i.case_ids);
}

std::string year_start(int year) {
  return Date(year, 1, 1).iso();
}
std::string year_end(int year) {
  return Date(year, 12, 31).iso();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Recommendations

Result<Recommendation> SqlRecommendationStore::create(const Recommendation& r, const Actor& actor) {
  Recommendation saved;
  Status st = s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    if (auto e = check_recommendation_links(db, r)) return *e;
    const std::string now = tx.now();
    const std::string number = next_record_number(db, kind_code(kRecommendation), "H", r.issued.year());
    auto& ins = db.prepare(
        "INSERT INTO recommendations(title, text, investigation_id, issued, response_due, "
        "response_text, response_date, status, follow_up_date, follow_up_notes, number, "
        "created_at, updated_at, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,1)");
    bind_recommendation(ins, r);
    ins.bind(11, number).bind(12, now).bind(13, now);
    ins.run();
    const int64_t id = db.last_insert_id();
    write_department_links(db, kRecommendation, id, r.departments);
    write_case_links(db, kRecommendation, id, r.case_ids);
    write_history(db, kRecommendation, id, "create", {}, actor, now);
    journal_cases(db, r.case_ids, "recommendation:" + number + ":issued", actor, now);
    saved = *load_recommendation(db, id);
    tx.audit("recommendation.create", std::nullopt, recommendation_detail(saved), actor);
    return ok_status();
  });
  if (!st) return st.error();
  return saved;
}

Result<Recommendation> SqlRecommendationStore::get(int64_t id) {
  auto r = s_.read([&](Connection& db) { return load_recommendation(db, id); });
  if (!r) return Error::not_found("recommendation.not_found");
  return *r;
}

Result<Recommendation> SqlRecommendationStore::update(const Recommendation& r,
                                                         const std::vector<FieldChange>& changes,
                                                         const Actor& actor) {
  Recommendation saved;
  Status st = s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    auto current = load_recommendation(db, r.id);
    if (!current) return Error::not_found("recommendation.not_found");
    if (current->version != r.version) return Error::conflict("record.version_conflict");
    if (auto e = check_recommendation_links(db, r)) return *e;
    const std::string now = tx.now();
    auto& upd = db.prepare(
        "UPDATE recommendations SET title=?, text=?, investigation_id=?, issued=?, "
        "response_due=?, response_text=?, response_date=?, status=?, follow_up_date=?, "
        "follow_up_notes=?, updated_at=?, version=version+1 WHERE id=?");
    bind_recommendation(upd, r);
    upd.bind(11, now).bind(12, r.id);
    upd.run();
    write_department_links(db, kRecommendation, r.id, r.departments);
    write_case_links(db, kRecommendation, r.id, r.case_ids);
    write_history(db, kRecommendation, r.id, "update", changes, actor, now);
    saved = *load_recommendation(db, r.id);
    const std::string prefix = "recommendation:" + current->number + ":";
    std::vector<int64_t> added;
    for (int64_t c : saved.case_ids) {
      if (!contains(current->case_ids, c)) added.push_back(c);
    }
    journal_cases(db, added, prefix + "linked", actor, now);
    if (saved.status != current->status) {
      journal_cases(db, saved.case_ids, prefix + "status:" + to_code(saved.status), actor, now);
    }
    if (saved.response_text != current->response_text || saved.response_date != current->response_date) {
      journal_cases(db, saved.case_ids, prefix + "response", actor, now);
    }
    if (saved.follow_up_date != current->follow_up_date ||
        saved.follow_up_notes != current->follow_up_notes) {
      journal_cases(db, saved.case_ids, prefix + "follow_up", actor, now);
    }
    tx.audit("recommendation.update", std::nullopt, recommendation_detail(saved), actor);
    return ok_status();
  });
  if (!st) return st.error();
  return saved;
}

Status SqlRecommendationStore::remove(int64_t id, const Actor& actor) {
  return s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    auto current = load_recommendation(db, id);
    if (!current) return Error::not_found("recommendation.not_found");
    const std::string now = tx.now();
    journal_cases(db, current->case_ids, "recommendation:" + current->number + ":deleted", actor, now);
    write_history(db, kRecommendation, id, "delete", {}, actor, now);
    db.prepare("DELETE FROM recommendations WHERE id = ?").bind(1, id).run();
    tx.audit("recommendation.delete", std::nullopt, recommendation_detail(*current), actor);
    return ok_status();
  });
}

std::vector<Recommendation> SqlRecommendationStore::list(const RecommendationFilter& f) {
  SqlBuilder q(std::string(kRecommendationColumns) + " WHERE 1=1");
  if (f.status) q.add(" AND r.status = ?", std::string(to_code(*f.status)));
  if (f.department) {
    q.add(
        " AND r.id IN (SELECT recommendation_id FROM recommendation_departments "
        "WHERE department = ?)",
        *f.department);
  }
  if (f.year) {
    q.add(" AND r.issued >= ?", year_start(*f.year));
    q.add(" AND r.issued <= ?", year_end(*f.year));
  }
  if (f.overdue) q.add(" AND r.status = 'afventer_svar' AND r.response_due < ?", f.today.iso());
  if (f.follow_up_due) {
    q.add(" AND r.follow_up_date IS NOT NULL AND r.status <> 'bortfaldet' AND r.follow_up_date <= ?",
          f.today.iso());
  }
  if (f.case_id) {
    q.add(" AND r.id IN (SELECT recommendation_id FROM recommendation_cases WHERE case_id = ?)", *f.case_id);
  }
  if (f.investigation_id) q.add(" AND r.investigation_id = ?", *f.investigation_id);
  q.add(" ORDER BY r.issued DESC, r.id DESC");
  return s_.read([&](Connection& db) {
    std::vector<Recommendation> out;
    auto& st = db.prepare(q.sql());
    q.bind(st);
    while (st.step()) out.push_back(recommendation_from_row(st));
    st.reset();
    return out;
  });
}

std::vector<HistoryEntry> SqlRecommendationStore::history(int64_t id) {
  return s_.read([&](Connection& db) { return load_history(db, kRecommendation, id); });
}

std::vector<RecommendationCount> SqlRecommendationStore::counts(const Date& today) {
  return s_.read([&](Connection& db) {
    std::vector<RecommendationCount> out;
    auto& st = db.prepare(
        "SELECT CAST(substr(r.issued, 1, 4) AS INTEGER) AS year, d.department, r.status, "
        "COUNT(*), SUM(CASE WHEN r.status = 'afventer_svar' AND r.response_due < ? THEN 1 ELSE 0 END) "
        "FROM recommendations r JOIN recommendation_departments d ON d.recommendation_id = r.id "
        "GROUP BY year, d.department, r.status ORDER BY year DESC, d.department, r.status");
    st.bind(1, today.iso());
    while (st.step()) {
      RecommendationCount c;
      c.year = static_cast<int>(st.int64(0));
      c.department = st.text(1);
      c.status = parse_code<RecommendationStatus>(st.text(2)).value_or(RecommendationStatus::kAfventerSvar);
      c.count = st.int64(3);
      c.overdue = st.int64(4);
      out.push_back(std::move(c));
    }
    st.reset();
    return out;
  });
}

// ---------------------------------------------------------------------------------------------
// Investigations

Result<Investigation> SqlInvestigationStore::create(const Investigation& i, const Actor& actor) {
  Investigation saved;
  Status st = s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    if (auto e = check_case_links(db, i.case_ids)) return *e;
    const std::string now = tx.now();
    const std::string number = next_record_number(db, kind_code(kInvestigation), "U", i.started.year());
    auto& ins = db.prepare(
        "INSERT INTO investigations(topic, period_from, period_to, method, findings, conclusion, "
        "status, started, number, created_at, updated_at, version) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,1)");
    bind_investigation(ins, i);
    ins.bind(9, number).bind(10, now).bind(11, now);
    ins.run();
    const int64_t id = db.last_insert_id();
    write_department_links(db, kInvestigation, id, i.departments);
    write_case_links(db, kInvestigation, id, i.case_ids);
    write_signal_links(db, id, i.signals);
    write_history(db, kInvestigation, id, "create", {}, actor, now);
    journal_cases(db, i.case_ids, "investigation:" + number + ":linked", actor, now);
    saved = *load_investigation(db, id);
    tx.audit("investigation.create", std::nullopt, investigation_detail(saved), actor);
    return ok_status();
  });
  if (!st) return st.error();
  return saved;
}

Result<Investigation> SqlInvestigationStore::get(int64_t id) {
  auto i = s_.read([&](Connection& db) { return load_investigation(db, id); });
  if (!i) return Error::not_found("investigation.not_found");
  return *i;
}

Result<Investigation> SqlInvestigationStore::update(const Investigation& i,
                                                       const std::vector<FieldChange>& changes,
                                                       const Actor& actor) {
  Investigation saved;
  Status st = s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    auto current = load_investigation(db, i.id);
    if (!current) return Error::not_found("investigation.not_found");
    if (current->version != i.version) return Error::conflict("record.version_conflict");
    if (auto e = check_case_links(db, i.case_ids)) return *e;
    const std::string now = tx.now();
    auto& upd = db.prepare(
        "UPDATE investigations SET topic=?, period_from=?, period_to=?, method=?, findings=?, "
        "conclusion=?, status=?, started=?, updated_at=?, version=version+1 WHERE id=?");
    bind_investigation(upd, i);
    upd.bind(9, now).bind(10, i.id);
    upd.run();
    write_department_links(db, kInvestigation, i.id, i.departments);
    write_case_links(db, kInvestigation, i.id, i.case_ids);
    write_signal_links(db, i.id, i.signals);
    write_history(db, kInvestigation, i.id, "update", changes, actor, now);
    saved = *load_investigation(db, i.id);
    const std::string prefix = "investigation:" + current->number + ":";
    std::vector<int64_t> added;
    for (int64_t c : saved.case_ids) {
      if (!contains(current->case_ids, c)) added.push_back(c);
    }
    journal_cases(db, added, prefix + "linked", actor, now);
    if (saved.status != current->status) {
      journal_cases(db, saved.case_ids, prefix + "status:" + to_code(saved.status), actor, now);
    }
    tx.audit("investigation.update", std::nullopt, investigation_detail(saved), actor);
    return ok_status();
  });
  if (!st) return st.error();
  return saved;
}

Status SqlInvestigationStore::remove(int64_t id, const Actor& actor) {
  return s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    auto current = load_investigation(db, id);
    if (!current) return Error::not_found("investigation.not_found");
    {
      auto& chk = db.prepare("SELECT 1 FROM recommendations WHERE investigation_id = ? LIMIT 1");
      chk.bind(1, id);
      const bool used = chk.step();
      chk.reset();
      if (used) return Error::conflict("investigation.has_recommendations");
    }
    const std::string now = tx.now();
    journal_cases(db, current->case_ids, "investigation:" + current->number + ":deleted", actor, now);
    write_history(db, kInvestigation, id, "delete", {}, actor, now);
    db.prepare("DELETE FROM investigations WHERE id = ?").bind(1, id).run();
    tx.audit("investigation.delete", std::nullopt, investigation_detail(*current), actor);
    return ok_status();
  });
}

std::vector<Investigation> SqlInvestigationStore::list(const InvestigationFilter& f) {
  SqlBuilder q(std::string(kInvestigationColumns) + " WHERE 1=1");
  if (f.status) q.add(" AND i.status = ?", std::string(to_code(*f.status)));
  if (f.department) {
    q.add(
        " AND i.id IN (SELECT investigation_id FROM investigation_departments "
        "WHERE department = ?)",
        *f.department);
  }
  if (f.year) {
    q.add(" AND i.started >= ?", year_start(*f.year));
    q.add(" AND i.started <= ?", year_end(*f.year));
  }
  if (f.case_id) {
    q.add(" AND i.id IN (SELECT investigation_id FROM investigation_cases WHERE case_id = ?)", *f.case_id);
  }
  q.add(" ORDER BY i.started DESC, i.id DESC");
  return s_.read([&](Connection& db) {
    std::vector<Investigation> out;
    auto& st = db.prepare(q.sql());
    q.bind(st);
    while (st.step()) out.push_back(investigation_from_row(st));
    st.reset();
    return out;
  });
}

std::vector<HistoryEntry> SqlInvestigationStore::history(int64_t id) {
  return s_.read([&](Connection& db) { return load_history(db, kInvestigation, id); });
}

}  // namespace bb::sql
