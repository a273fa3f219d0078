// Teaching and sparring activities, and complaints followed to the end.
#include "store/sql/sql_store.h"

namespace bb::sql {
namespace {

std::string opt_iso(const std::optional<Date>& d) {
  return d ? d->iso() : std::string();
}

// ---------------------------------------------------------------------------------------------
// Activities

constexpr const char* kActivityColumns =
    "SELECT id, date, kind, department, topic, participants, minutes, created_at, version "
    "FROM activities";

Activity activity_from_row(const Statement& st) {
  Activity a;
  a.id = st.int64(0);
  a.date = date_column(st, 1);
  a.kind = parse_code<ActivityKind>(st.text(2)).value_or(ActivityKind::kUndervisning);
  a.department = st.text(3);
  a.topic = st.text(4);
  a.participants = static_cast<int>(st.int64(5));
  a.minutes = static_cast<int>(st.int64(6));
  a.created_at = st.text(7);
  a.version = st.int64(8);
  return a;
}

std::optional<Activity> load_activity(Connection& db, int64_t id) {
  auto& st = db.prepare(std::string(kActivityColumns) + " WHERE id = ?");
  st.bind(1, id);
  std::optional<Activity> out;
  if (st.step()) out = activity_from_row(st);
  st.reset();
  return out;
}

// Binds the mutable columns (1..6) in the order used by INSERT and UPDATE below.
void bind_activity(Statement& st, const Activity& a) {
  st.bind(1, a.date.iso())
      .bind(2, to_code(a.kind))
      .bind(3, a.department)
      .bind(4, a.topic)
      .bind(5, a.participants)
      .bind(6, a.minutes);
}

std::string activity_detail(const Activity& a) {
  return "activity:" + std::to_string(a.id) + " kind:" + to_code(a.kind);
}

// ---------------------------------------------------------------------------------------------
// Complaints

constexpr const char* kComplaintColumns =
    "SELECT id, case_id, department, area, body, decision_date, decision_received, sent, "
    "deadline, genvurdering, genvurdering_date, result, result_date, note, created_at, "
    "updated_at, version FROM complaints";

Complaint complaint_from_row(const Statement& st) {
  Complaint c;
  c.id = st.int64(0);
  c.case_id = st.int64(1);
  c.department = st.text(2);
  c.area = st.text(3);
  c.body = st.text(4);
  c.decision_date = date_column(st, 5);
  c.decision_received = opt_date(st, 6);
  c.sent = opt_date(st, 7);
  c.deadline = opt_date(st, 8);
  c.genvurdering = parse_code<Genvurdering>(st.text(9)).value_or(Genvurdering::kAfventer);
  c.genvurdering_date = opt_date(st, 10);
  if (!st.is_null(11)) c.result = parse_code<ComplaintResult>(st.text(11));
  c.result_date = opt_date(st, 12);
  c.note = st.text(13);
  c.created_at = st.text(14);
  c.updated_at = st.text(15);
  c.version = st.int64(16);
  return c;
}

std::optional<Complaint> load_complaint(Connection& db, int64_t id) {
  auto& st = db.prepare(std::string(kComplaintColumns) + " WHERE id = ?");
  st.bind(1, id);
  std::optional<Complaint> out;
  if (st.step()) out = complaint_from_row(st);
  st.reset();
  return out;
}

// Binds the mutable columns (1..12) in the order used by INSERT and UPDATE below.
void bind_complaint(Statement& st, const Complaint& c) {
  st.bind(1, c.department)
      .bind(2, c.area)
      .bind(3, c.body)
      .bind(4, c.decision_date.iso())
      .bind_or_null(5, opt_iso(c.decision_received))
      .bind_or_null(6, opt_iso(c.sent))
      .bind_or_null(7, opt_iso(c.deadline))
      .bind(8, to_code(c.genvurdering))
      .bind_or_null(9, opt_iso(c.genvurdering_date));
  if (c.result)
    st.bind(10, to_code(*c.result));
  else
    st.bind_null(10);
  st.bind_or_null(11, opt_iso(c.result_date)).bind(12, c.note);
}

// The journal entries for what became set between `before` and `after`.
void journal_complaint_changes(Connection& db, int64_t case_id, const Complaint& before,
                               const Complaint& after, const Actor& actor, const std::string& now) {
  auto add = [&](const std::string& text) {
    insert_journal(db, case_id, JournalKind::kStatus, text, actor, now, std::nullopt);
  };
  if (after.sent && !before.sent) add("complaint:sent");
  if (after.genvurdering != before.genvurdering) {
    add(std::string("complaint:genvurdering:") + to_code(after.genvurdering));
  }
  if (after.result && after.result != before.result) {
    add(std::string("complaint:result:") + to_code(*after.result));
  }
}

std::string complaint_detail(const Complaint& c) {
  return "complaint:" + std::to_string(c.id);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Activities

Result<Activity> SqlActivityStore::create(const Activity& a, const Actor& actor) {
  Activity saved;
  Status st = s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    const std::string now = tx.now();
    auto& ins = db.prepare(
        "INSERT INTO activities(date, kind, department, topic, participants, minutes, "
        "created_at, updated_at, version) VALUES (?,?,?,?,?,?,?,?,1)");
    bind_activity(ins, a);
    ins.bind(7, now).bind(8, now);
    ins.run();
    saved = *load_activity(db, db.last_insert_id());
    tx.audit("activity.create", std::nullopt, activity_detail(saved), actor);
    return ok_status();
  });
  if (!st) return st.error();
  return saved;
}

Result<Activity> SqlActivityStore::get(int64_t id) {
  auto a = s_.read([&](Connection& db) { return load_activity(db, id); });
  if (!a) return Error::not_found("activity.not_found");
  return *a;
}

Result<Activity> SqlActivityStore::update(const Activity& a, const Actor& actor) {
  Activity saved;
  Status st = s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    auto current = load_activity(db, a.id);
    if (!current) return Error::not_found("activity.not_found");
    if (current->version != a.version) return Error::conflict("record.version_conflict");
    auto& upd = db.prepare(
        "UPDATE activities SET date=?, kind=?, department=?, topic=?, participants=?, minutes=?, "
        "updated_at=?, version=version+1 WHERE id=?");
    bind_activity(upd, a);
    upd.bind(7, tx.now()).bind(8, a.id);
    upd.run();
    saved = *load_activity(db, a.id);
    tx.audit("activity.update", std::nullopt, activity_detail(saved), actor);
    return ok_status();
  });
  if (!st) return st.error();
  return saved;
}

Status SqlActivityStore::remove(int64_t id, const Actor& actor) {
  return s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    auto current = load_activity(db, id);
    if (!current) return Error::not_found("activity.not_found");
    db.prepare("DELETE FROM activities WHERE id = ?").bind(1, id).run();
    tx.audit("activity.delete", std::nullopt, activity_detail(*current), actor);
    return ok_status();
  });
}

std::vector<Activity> SqlActivityStore::list(const ActivityFilter& f) {
  SqlBuilder q(std::string(kActivityColumns) + " WHERE 1=1");
  if (f.from) q.add(" AND date >= ?", f.from->iso());
  if (f.to) q.add(" AND date <= ?", f.to->iso());
  if (f.kind) q.add(" AND kind = ?", std::string(to_code(*f.kind)));
  if (f.department) q.add(" AND department = ?", *f.department);
  q.add(" ORDER BY date DESC, id DESC");
  return s_.read([&](Connection& db) {
    std::vector<Activity> out;
    auto& st = db.prepare(q.sql());
    q.bind(st);
    while (st.step()) out.push_back(activity_from_row(st));
    st.reset();
    return out;
  });
}

// ---------------------------------------------------------------------------------------------
// Complaints

Result<Complaint> SqlComplaintStore::create(const Complaint& c, const Actor& actor) {
  Complaint saved;
  Status st = s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    if (!case_exists(db, c.case_id)) return Error::not_found("case.not_found");
    const std::string now = tx.now();
    auto& ins = db.prepare(
        "INSERT INTO complaints(department, area, body, decision_date, decision_received, sent, "
        "deadline, genvurdering, genvurdering_date, result, result_date, note, case_id, "
        "created_at, updated_at, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1)");
    bind_complaint(ins, c);
    ins.bind(13, c.case_id).bind(14, now).bind(15, now);
    ins.run();
    saved = *load_complaint(db, db.last_insert_id());
    insert_journal(db, c.case_id, JournalKind::kStatus, "complaint:registered:" + saved.area, actor, now,
                   std::nullopt);
    // Registered after the fact: what is already set is journalled as if set now.
    journal_complaint_changes(db, c.case_id, Complaint{}, saved, actor, now);
    tx.audit("complaint.create", c.case_id, complaint_detail(saved), actor);
    return ok_status();
  });
  if (!st) return st.error();
  return saved;
}

Result<Complaint> SqlComplaintStore::get(int64_t id) {
  auto c = s_.read([&](Connection& db) { return load_complaint(db, id); });
  if (!c) return Error::not_found("complaint.not_found");
  return *c;
}

Result<Complaint> SqlComplaintStore::update(const Complaint& c, const Actor& actor) {
  Complaint saved;
  Status st = s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    auto current = load_complaint(db, c.id);
    if (!current) return Error::not_found("complaint.not_found");
    if (current->version != c.version) return Error::conflict("record.version_conflict");
    const std::string now = tx.now();
    // The case a complaint belongs to never changes.
    auto& upd = db.prepare(
        "UPDATE complaints SET department=?, area=?, body=?, decision_date=?, "
        "decision_received=?, sent=?, deadline=?, genvurdering=?, genvurdering_date=?, "
        "result=?, result_date=?, note=?, updated_at=?, version=version+1 WHERE id=?");
    bind_complaint(upd, c);
    upd.bind(13, now).bind(14, c.id);
    upd.run();
    saved = *load_complaint(db, c.id);
    journal_complaint_changes(db, saved.case_id, *current, saved, actor, now);
    tx.audit("complaint.update", saved.case_id, complaint_detail(saved), actor);
    return ok_status();
  });
  if (!st) return st.error();
  return saved;
}

Status SqlComplaintStore::remove(int64_t id, const Actor& actor) {
  return s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    auto current = load_complaint(db, id);
    if (!current) return Error::not_found("complaint.not_found");
    db.prepare("DELETE FROM complaints WHERE id = ?").bind(1, id).run();
    insert_journal(db, current->case_id, JournalKind::kStatus, "complaint:deleted", actor, tx.now(),
                   std::nullopt);
    tx.audit("complaint.delete", current->case_id, complaint_detail(*current), actor);
    return ok_status();
  });
}

std::vector<Complaint> SqlComplaintStore::for_case(int64_t case_id) {
  return s_.read([&](Connection& db) {
    std::vector<Complaint> out;
    auto& st = db.prepare(std::string(kComplaintColumns) + " WHERE case_id = ? ORDER BY id");
    st.bind(1, case_id);
    while (st.step()) out.push_back(complaint_from_row(st));
    st.reset();
    return out;
  });
}

std::vector<ReversalCount> SqlComplaintStore::reversal_counts(const std::optional<StatPeriod>& period) {
  // A result always has its date (CHECK in the schema), so "all time" is the widest range.
  const std::string from = period ? period->from.iso() : std::string("0000-01-01");
  const std::string to = period ? period->to.iso() : std::string("9999-12-31");
  return s_.read([&](Connection& db) {
    std::vector<ReversalCount> out;
    auto& st = db.prepare(
        "SELECT department, area, COUNT(*), "
        "SUM(CASE WHEN result IN ('aendret','ophaevet','hjemvist') THEN 1 ELSE 0 END) FROM complaints "
        "WHERE result_date IS NOT NULL AND result_date >= ? AND result_date <= ? "
        "AND result IN ('stadfaestet','aendret','ophaevet','hjemvist') "
        "GROUP BY department, area ORDER BY department, area");
    st.bind(1, from).bind(2, to);
    while (st.step()) out.push_back({st.text(0), st.text(1), st.int64(2), st.int64(3)});
    st.reset();
    return out;
  });
}

}  // namespace bb::sql
