// Cases and their journal, with the search index (FTS5 on SQLite, tsvector on PostgreSQL)
// kept in the same commit.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <set>

#include "store/sql/batch_insert.h"
#include "store/sql/sql_store.h"

namespace bb::sql {
namespace {

constexpr const char* kCaseColumns =
    "c.id, c.number, c.received, c.channel, c.summary, c.citizen_name, c.citizen_address, "
    "c.citizen_phone, c.citizen_email, c.citizen_cpr, c.citizen_preferred, c.citizen_needs, "
    "c.assignee_id, c.status, c.outcome, c.rejection_reason, c.referral, c.consent_state, "
    "c.consent_date, c.consent_form, c.first_response_due, c.first_response_on, c.closed_on, "
    "c.minutes_spent, c.created_at, c.updated_at, c.version, "
    "(SELECT group_concat(reason, '\x1f') FROM "
    "   (SELECT reason FROM case_reasons r WHERE r.case_id = c.id ORDER BY reason) AS v), "
    "(SELECT group_concat(department, '\x1f') FROM "
    "   (SELECT department FROM case_departments d WHERE d.case_id = c.id ORDER BY position) AS v)";

Case case_from_row(const Statement& st) {
  Case c;
  c.id = st.int64(0);
  c.number = st.text(1);
  c.received = Date::parse_iso(st.text(2)).value_or(Date{});
  c.channel = parse_code<Channel>(st.text(3)).value_or(Channel::kTelefon);
  c.summary = st.text(4);
  c.citizen = Citizen{st.text(5), st.text(6), st.text(7), st.text(8), st.text(9), st.text(10), st.text(11)};
  c.assignee_id = st.opt_int64(12);
  c.status = parse_code<CaseStatus>(st.text(13)).value_or(CaseStatus::kNy);
  if (!st.is_null(14)) c.outcome = parse_code<Outcome>(st.text(14));
  c.rejection_reason = st.text(15);
  c.referral = st.text(16);
  c.consent.state = parse_code<ConsentState>(st.text(17)).value_or(ConsentState::kNone);
  c.consent.date = opt_date(st, 18);
  c.consent.form = parse_code<ConsentForm>(st.text(19)).value_or(ConsentForm::kOral);
  c.first_response_due = Date::parse_iso(st.text(20)).value_or(Date{});
  c.first_response_on = opt_date(st, 21);
  c.closed_on = opt_date(st, 22);
  c.minutes_spent = static_cast<int>(st.int64(23));
  c.created_at = st.text(24);
  c.updated_at = st.text(25);
  c.version = st.int64(26);
  for (const auto& r : split_unit(st.text(27))) {
    if (auto reason = parse_code<Reason>(r)) c.reasons.push_back(*reason);
  }
  c.departments = split_unit(st.text(28));
  return c;
}

std::string opt_iso(const std::optional<Date>& d) { return d ? d->iso() : std::string(); }

// The mutable columns of a case in the order used by INSERT and UPDATE below (21 values).
template <typename Row>
void add_case_columns(Row& row, const Case& c) {
  row.add(c.received.iso())
      .add(std::string(to_code(c.channel)))
      .add(c.summary)
      .add(c.citizen.name)
      .add(c.citizen.address)
      .add(c.citizen.phone)
      .add(c.citizen.email)
      .add(c.citizen.cpr)
      .add(c.citizen.preferred_contact)
      .add(c.citizen.needs)
      .add(c.assignee_id)
      .add(std::string(to_code(c.status)));
  if (c.outcome) {
    row.add(std::string(to_code(*c.outcome)));
  } else {
    row.add_null();
  }
  row.add(c.rejection_reason)
      .add(c.referral)
      .add(std::string(to_code(c.consent.state)))
      .add_or_null(opt_iso(c.consent.date))
      .add(std::string(to_code(c.consent.form)))
      .add(c.first_response_due.iso())
      .add_or_null(opt_iso(c.first_response_on))
      .add_or_null(opt_iso(c.closed_on));
}

void bind_case_columns(Statement& st, const Case& c) {
  StatementRow row{st};
  add_case_columns(row, c);
}

// The case's reasons and departments; `fresh` for a case just inserted (nothing to replace).
void write_codes(Connection& db, const Case& c, bool fresh = false) {
  if (!fresh) {
    db.prepare("DELETE FROM case_reasons WHERE case_id = ?").bind(1, c.id).run();
    db.prepare("DELETE FROM case_departments WHERE case_id = ?").bind(1, c.id).run();
  }
  for (Reason r : c.reasons) {
    db.prepare("INSERT INTO case_reasons(case_id, reason) VALUES (?, ?)")
        .bind(1, c.id)
        .bind(2, to_code(r))
        .run();
  }
  int position = 0;
  for (const auto& d : c.departments) {
    db.prepare("INSERT INTO case_departments(case_id, department, position) "
               "VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
        .bind(1, c.id)
        .bind(2, d)
        .bind(3, position++)
        .run();
  }
}

// Rewrites the case's search row (keyed by `old_received` before, `received` after); journal
// text is appended when given.
void index_case(Connection& db, int64_t id, const Date& old_received, const Date& received,
                const std::string* summary, const std::string* name, const std::string& journal_append) {
  std::string old_summary, old_name, journal;
  bool existed = false;
  const int64_t old_key = search_key(db.dialect(), old_received, id);
  {
    auto& st = db.prepare("SELECT summary, citizen_name, journal FROM case_fts WHERE rowid = ?");
    st.bind(1, old_key);
    if (st.step()) {
      existed = true;
      old_summary = st.text(0);
      old_name = st.text(1);
      journal = st.text(2);
    }
    st.reset();
  }
  if (existed) db.prepare("DELETE FROM case_fts WHERE rowid = ?").bind(1, old_key).run();
  if (!journal_append.empty()) {
    if (!journal.empty()) journal += "\n";
    journal += journal_append;
  }
  db.prepare("INSERT INTO case_fts(rowid, summary, citizen_name, journal) VALUES (?, ?, ?, ?)")
      .bind(1, search_key(db.dialect(), received, id))
      .bind(2, summary ? *summary : old_summary)
      .bind(3, name ? *name : old_name)
      .bind(4, journal)
      .run();
}

// The search terms of free text: runs of letters, digits and non-ASCII bytes (so never an
// operator or a quote of either search syntax).
std::vector<std::string> search_terms(const std::string& q) {
  std::vector<std::string> terms;
  std::string term;
  for (char ch : q) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || std::isalnum(c)) {
      term.push_back(ch);
    } else if (!term.empty()) {
      terms.push_back(std::move(term));
      term.clear();
    }
  }
  if (!term.empty()) terms.push_back(std::move(term));
  return terms;
}

// The terms as a query of prefix terms that must all match, bound as a parameter: FTS5
// ("term"* "term"*) on SQLite, a tsquery ('term':* & 'term':*) on PostgreSQL. "" when none.
std::string search_query(const std::string& q, bool postgres) {
  std::string out;
  for (const auto& t : search_terms(q)) {
    if (postgres) {
      out += (out.empty() ? "'" : " & '") + t + "':*";
    } else {
      out += (out.empty() ? "\"" : " \"") + t + "\"*";
    }
  }
  return out;
}

bool looks_like_case_number(const std::string& q) {
  if (q.size() < 6 || q.size() > 9 || q[4] != '-') return false;
  for (size_t i = 0; i < q.size(); ++i) {
    if (i != 4 && !std::isdigit(static_cast<unsigned char>(q[i]))) return false;
  }
  return true;
}

std::string list_detail(const std::vector<Case>& items) {
  std::string ids = "ids:";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) ids += ',';
    ids += std::to_string(items[i].id);
  }
  return ids;
}

std::string case_detail(const Case& c) { return "number:" + c.number; }

}  // namespace

int64_t insert_journal(Connection& db, int64_t case_id, JournalKind kind, const std::string& text,
                       const Actor& actor, const std::string& now, std::optional<int64_t> corrects) {
  auto& st = db.prepare("INSERT INTO journal(case_id, kind, text, author_id, author, created_at, corrects) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
  st.bind(1, case_id)
      .bind(2, to_code(kind))
      .bind(3, text)
      .bind(4, actor.user_id)
      .bind(5, actor.name)
      .bind(6, now)
      .bind(7, corrects);
  st.step();
  const int64_t id = st.int64(0);
  st.reset();
  return id;
}

std::optional<Case> load_case(Connection& conn, int64_t id) {
  auto& st = conn.prepare(std::string("SELECT ") + kCaseColumns + " FROM cases c WHERE c.id = ?");
  st.bind(1, id);
  std::optional<Case> out;
  if (st.step()) out = case_from_row(st);
  st.reset();
  return out;
}

namespace {

// Whether `code` is an active theme of the office's list.
bool theme_active(Connection& db, const std::string& code) {
  auto& st = db.prepare("SELECT 1 FROM themes WHERE code = ? AND active = 1");
  st.bind(1, code);
  const bool found = st.step();
  st.reset();
  return found;
}

std::string theme_journal(const char* what, const std::string& theme, const std::string& department) {
  return std::string("theme:") + what + ":" + theme + ":" + department;
}

// Takes `count` running numbers of `year` in one counter step; returns the first.
int64_t take_numbers(Connection& db, int year, int64_t count) {
  auto& counter = db.prepare(
      "INSERT INTO case_counters(year, last) VALUES (?, ?) "
      "ON CONFLICT(year) DO UPDATE SET last = case_counters.last + excluded.last RETURNING last");
  counter.bind(1, year).bind(2, count);
  if (!counter.step()) throw DbError("case counter: no row returned");
  const int64_t last = counter.int64(0);
  counter.reset();
  return last - count + 1;
}

// "YYYY-NNNN", the case number shown to everyone.
std::string case_number(int year, int64_t n) {
  char number[32];
  std::snprintf(number, sizeof number, "%04d-%04lld", year, static_cast<long long>(n));
  return number;
}

// Inserts the rows of new cases (add_case_columns' columns, then minutes, number, timestamps
// and version 1); `on_row` gets each inserted row's id and number.
std::unique_ptr<BatchInsert> case_rows(Connection& db, BatchInsert::OnRow on_row) {
  return std::make_unique<BatchInsert>(
      db, "cases",
      std::vector<std::string>{"received", "channel", "summary", "citizen_name", "citizen_address", "citizen_phone",
                               "citizen_email", "citizen_cpr", "citizen_preferred", "citizen_needs", "assignee_id",
                               "status", "outcome", "rejection_reason", "referral", "consent_state", "consent_date",
                               "consent_form", "first_response_due", "first_response_on", "closed_on",
                               "minutes_spent", "number", "created_at", "updated_at", "version"},
      " RETURNING id, number", std::move(on_row));
}

void add_case_row(BatchInsert& rows, const Case& c, const std::string& now) {
  add_case_columns(rows, c);
  rows.add(c.minutes_spent).add(c.number).add(now).add(now).add(1);
  rows.end_row();
}

// Writes a new case: the next running number of its year, the row, its codes, the "created"
// entry, the search row and the audit entry. Returns the stored case as read back.
// create_many() below writes the same rows for many cases in batches.
Case insert_case(WriteTx& tx, const Case& draft, const Actor& actor) {
  auto& db = tx.db();
  const std::string now = tx.now();
  Case c = draft;
  c.number = case_number(c.received.year(), take_numbers(db, c.received.year(), 1));
  c.id = 0;
  {
    auto rows = case_rows(db, [&](const Statement& row) { c.id = row.int64(0); });
    add_case_row(*rows, c, now);
    rows->flush();
  }
  if (c.id == 0) throw DbError("case " + c.number + ": no id returned");
  write_codes(db, c, true);
  insert_journal(db, c.id, JournalKind::kStatus, "created", actor, now, std::nullopt);
  db.prepare("INSERT INTO case_fts(rowid, summary, citizen_name, journal) VALUES (?, ?, ?, ?)")
      .bind(1, search_key(db.dialect(), c.received, c.id))
      .bind(2, c.summary)
      .bind(3, c.citizen.name)
      .bind(4, "")
      .run();
  Case created = *load_case(db, c.id);
  tx.audit("case.create", c.id, case_detail(created), actor);
  return created;
}

}  // namespace

Result<Case> SqlCaseStore::create(const Case& draft, const Actor& actor) {
  Case created;
  Status st = s_.write([&](WriteTx& tx) -> Status {
    created = insert_case(tx, draft, actor);
    return ok_status();
  });
  if (!st) return st.error();
  return created;
}

// The same rows as create() for every case, plus the given journal notes and themes, in one
// commit: numbers are taken per year in one counter step, and each table gets multi-row INSERTs
// (a few statements per thousand cases instead of a dozen per case).
Result<std::vector<int64_t>> SqlCaseStore::create_many(const std::vector<NewCase>& cases, const Actor& actor) {
  std::vector<int64_t> ids;
  Status st = s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    const std::string now = tx.now();
    // Every theme is checked before anything is written.
    std::set<std::string> known;
    for (const auto& nc : cases) {
      for (const auto& t : nc.themes) {
        if (known.count(t.theme)) continue;
        if (!theme_active(db, t.theme)) return Error::field(ErrorCode::kInvalid, "themes", "theme.unknown");
        known.insert(t.theme);
      }
    }
    // Running numbers: each year's counter moves on once by that year's count; the cases take
    // the numbers in the order given.
    std::map<int, int64_t> next_number;
    for (const auto& nc : cases) ++next_number[nc.c.received.year()];
    for (auto& [year, count] : next_number) count = take_numbers(db, year, count);
    std::vector<Case> stored(cases.size());
    std::map<std::string, size_t, std::less<>> by_number;
    {
      auto rows = case_rows(db, [&](const Statement& row) {
        auto it = by_number.find(row.text_view(1));
        if (it != by_number.end()) stored[it->second].id = row.int64(0);
      });
      for (size_t i = 0; i < cases.size(); ++i) {
        Case& c = stored[i];
        c = cases[i].c;
        const int year = c.received.year();
        c.id = 0;
        c.number = case_number(year, next_number[year]++);
        c.version = 1;
        c.created_at = now;
        c.updated_at = now;
        by_number.emplace(c.number, i);
        add_case_row(*rows, c, now);
      }
      rows->flush();
    }
    for (const auto& c : stored) {
      if (c.id == 0) throw DbError("case " + c.number + ": no id returned");
    }
    BatchInsert reasons(db, "case_reasons", {"case_id", "reason"});
    BatchInsert departments(db, "case_departments", {"case_id", "department", "position"}, " ON CONFLICT DO NOTHING");
    BatchInsert journal(db, "journal", {"case_id", "kind", "text", "author_id", "author", "created_at", "corrects"});
    BatchInsert search(db, "case_fts", {"rowid", "summary", "citizen_name", "journal"});
    BatchInsert themes(db, "case_themes",
                       {"case_id", "theme", "department", "source", "criticism", "criticism_text", "created_at"},
                       " ON CONFLICT DO NOTHING");
    auto audit = tx.audit_batch();
    auto add_journal = [&](int64_t case_id, JournalKind kind, const std::string& text) {
      journal.add(case_id).add(to_code(kind)).add(text).add(actor.user_id).add(actor.name).add(now).add_null();
      journal.end_row();
    };
    ids.clear();
    for (size_t i = 0; i < stored.size(); ++i) {
      const Case& c = stored[i];
      const NewCase& nc = cases[i];
      for (Reason r : c.reasons) {
        reasons.add(c.id).add(to_code(r));
        reasons.end_row();
      }
      int position = 0;
      for (const auto& d : c.departments) {
        departments.add(c.id).add(d).add(position++);
        departments.end_row();
      }
      add_journal(c.id, JournalKind::kStatus, "created");
      std::string notes;
      for (const auto& [kind, text] : nc.notes) {
        add_journal(c.id, kind, text);
        notes += (notes.empty() ? "" : "\n") + text;
      }
      search.add(search_key(db.dialect(), c.received, c.id)).add(c.summary).add(c.citizen.name).add(notes);
      search.end_row();
      tx.audit(*audit, "case.create", c.id, case_detail(c), actor);
      for (const auto& t : nc.themes) {
        themes.add(c.id)
            .add(t.theme)
            .add(t.department)
            .add(t.source.empty() ? std::string("manual") : t.source)
            .add(t.criticism ? 1 : 0)
            .add(t.criticism_text)
            .add(now);
        themes.end_row();
        add_journal(c.id, JournalKind::kStatus, theme_journal("added", t.theme, t.department));
      }
      ids.push_back(c.id);
    }
    for (BatchInsert* b : {&reasons, &departments, &journal, &search, &themes, audit.get()}) b->flush();
    return ok_status();
  });
  if (!st) return st.error();
  return ids;
}

Result<Case> SqlCaseStore::get(int64_t id, const Actor& actor) {
  auto c = s_.read([&](Connection& db) { return load_case(db, id); });
  if (!c) return Error::not_found("case.not_found");
  Status st = s_.write([&](WriteTx& tx) -> Status {
    tx.audit("case.read", id, case_detail(*c), actor);
    return ok_status();
  });
  if (!st) return st.error();
  return *c;
}

Result<Case> SqlCaseStore::update(const CaseUpdate& up, const Actor& actor) {
  Case saved;
  Status st = s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    const Case& c = up.updated;
    auto current = load_case(db, c.id);
    if (!current) return Error::not_found("case.not_found");
    if (current->version != c.version) return Error::conflict("case.version_conflict");
    const std::string now = tx.now();
    auto& upd = db.prepare(
        "UPDATE cases SET received=?, channel=?, summary=?, citizen_name=?, citizen_address=?, "
        "citizen_phone=?, citizen_email=?, citizen_cpr=?, citizen_preferred=?, citizen_needs=?, "
        "assignee_id=?, status=?, outcome=?, rejection_reason=?, referral=?, consent_state=?, "
        "consent_date=?, consent_form=?, first_response_due=?, first_response_on=?, "
        "closed_on=?, minutes_spent=?, updated_at=?, version=version+1 WHERE id=?");
    bind_case_columns(upd, c);
    upd.bind(22, c.minutes_spent).bind(23, now).bind(24, c.id);
    upd.run();
    write_codes(db, c);
    std::string journal_text;
    for (const auto& j : up.journal) {
      insert_journal(db, c.id, j.kind, j.text, actor, now, std::nullopt);
      if (j.kind != JournalKind::kStatus) journal_text += j.text + "\n";
    }
    index_case(db, c.id, current->received, c.received, &c.summary, &c.citizen.name, journal_text);
    saved = *load_case(db, c.id);
    tx.audit("case.update", c.id, case_detail(saved), actor);
    return ok_status();
  });
  if (!st) return st.error();
  return saved;
}

Result<CasePage> SqlCaseStore::list(const CaseFilter& f, const Actor& actor) {
  // The WHERE clause is assembled from constant fragments only; every value is bound, one
  // binder per placeholder in order.
  std::string sql = std::string("SELECT ") + kCaseColumns + " FROM cases c WHERE 1=1";
  std::vector<std::function<void(Statement&, int)>> binds;
  auto add = [&](const char* fragment, std::function<void(Statement&, int)> bind) {
    sql += fragment;
    binds.push_back(std::move(bind));
  };
  std::string q = f.q;
  while (!q.empty() && std::isspace(static_cast<unsigned char>(q.back()))) q.pop_back();
  while (!q.empty() && std::isspace(static_cast<unsigned char>(q.front()))) q.erase(q.begin());
  const bool pg = s_.dialect() == Dialect::kPostgres;
  // On SQLite a free-text search reads the FTS5 matches in rowid order, which is the list's
  // order (search_key), joined to their cases: the page ends after `limit` matches that pass
  // the other filters, however many cases match the words.
  bool fts_order = false;
  if (!q.empty()) {
    if (looks_like_case_number(q)) {
      add(" AND c.number = ?", [q](Statement& s, int i) { s.bind(i, q); });
    } else {
      // Every term must match as a prefix: FTS5 on SQLite; on PostgreSQL a tsquery in the
      // danish configuration (so "briller" also finds "brillerne").
      const std::string match = search_query(q, pg);
      if (match.empty()) return CasePage{};
      if (pg) {
        add(" AND c.id IN (SELECT rowid FROM case_fts WHERE doc @@ to_tsquery('danish', ?))",
            [match](Statement& s, int i) { s.bind(i, match); });
      } else {
        fts_order = true;
        sql = std::string("SELECT ") + kCaseColumns + " FROM case_fts f JOIN cases c ON c.id = f.rowid % " +
              std::to_string(kSearchKeyIdSpan) + " WHERE 1=1";
        add(" AND f.case_fts MATCH ?", [match](Statement& s, int i) { s.bind(i, match); });
      }
    }
  }
  if (f.status) {
    const std::string code = to_code(*f.status);
    add(" AND c.status = ?", [code](Statement& s, int i) { s.bind(i, code); });
  }
  if (f.open_only) sql += " AND c.status <> 'afsluttet'";
  if (f.department) {
    const std::string d = *f.department;
    add(" AND c.id IN (SELECT case_id FROM case_departments WHERE department = ?)",
        [d](Statement& s, int i) { s.bind(i, d); });
  }
  if (f.reason) {
    const std::string r = to_code(*f.reason);
    add(" AND c.id IN (SELECT case_id FROM case_reasons WHERE reason = ?)",
        [r](Statement& s, int i) { s.bind(i, r); });
  }
  if (f.channel) {
    const std::string ch = to_code(*f.channel);
    add(" AND c.channel = ?", [ch](Statement& s, int i) { s.bind(i, ch); });
  }
  if (f.from) {
    const std::string d = f.from->iso();
    add(" AND c.received >= ?", [d](Statement& s, int i) { s.bind(i, d); });
  }
  if (f.to) {
    const std::string d = f.to->iso();
    add(" AND c.received <= ?", [d](Statement& s, int i) { s.bind(i, d); });
  }
  if (f.assignee_id) {
    const int64_t a = *f.assignee_id;
    add(" AND c.assignee_id = ?", [a](Statement& s, int i) { s.bind(i, a); });
  }
  if (f.response_due_by) {
    const std::string d = f.response_due_by->iso();
    add(" AND c.first_response_on IS NULL AND c.status <> 'afsluttet' AND c.first_response_due <= ?",
        [d](Statement& s, int i) { s.bind(i, d); });
  }
  if (!f.cursor.empty()) {
    // Cursor "YYYY-MM-DD_id": the last item of the previous page.
    const auto sep = f.cursor.find('_');
    auto date = sep == std::string::npos ? std::nullopt : Date::parse_iso(f.cursor.substr(0, sep));
    int64_t after_id = 0;
    bool ok = date.has_value();
    if (ok) {
      try {
        size_t used = 0;
        after_id = std::stoll(f.cursor.substr(sep + 1), &used);
        // An id outside 1..2^32 is no case's (and would overflow the search key below).
        ok = used == f.cursor.size() - sep - 1 && after_id > 0 && after_id < kSearchKeyIdSpan;
      } catch (const std::exception&) {
        ok = false;
      }
    }
    if (!ok) return Error::field(ErrorCode::kInvalid, "cursor", "field.cursor");
    const std::string d = date->iso();
    add(" AND (c.received < ? OR (c.received = ? AND c.id < ?))",
        [d](Statement& s, int i) { s.bind(i, d); });
    binds.push_back([d](Statement& s, int i) { s.bind(i, d); });
    binds.push_back([after_id](Statement& s, int i) { s.bind(i, after_id); });
    if (fts_order) {
      // The same bound on the key, so FTS5 starts reading after the cursor.
      const int64_t key = search_key(Dialect::kSqlite, *date, after_id);
      add(" AND f.rowid < ?", [key](Statement& s, int i) { s.bind(i, key); });
    }
  }
  const int limit = std::clamp(f.limit, 1, 200);
  sql += fts_order ? " ORDER BY f.rowid DESC LIMIT ?" : " ORDER BY c.received DESC, c.id DESC LIMIT ?";
  CasePage page;
  s_.read([&](Connection& db) {
    auto& st = db.prepare(sql);
    int index = 1;
    for (auto& b : binds) b(st, index++);
    st.bind(index, limit + 1);
    while (st.step()) page.items.push_back(case_from_row(st));
    st.reset();
    return 0;
  });
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    const Case& last = page.items.back();
    page.next = last.received.iso() + "_" + std::to_string(last.id);
  }
  Status st = s_.write([&](WriteTx& tx) -> Status {
    tx.audit(q.empty() ? "case.list" : "case.search", std::nullopt, list_detail(page.items), actor);
    return ok_status();
  });
  if (!st) return st.error();
  return page;
}

std::vector<CaseTheme> SqlCaseStore::themes(int64_t case_id) {
  return s_.read([&](Connection& db) {
    std::vector<CaseTheme> out;
    auto& st = db.prepare(
        "SELECT theme, department, source, criticism, criticism_text FROM case_themes "
        "WHERE case_id = ? ORDER BY created_at, theme");
    st.bind(1, case_id);
    while (st.step()) {
      out.push_back({st.text(0), st.text(1), st.text(2), st.int64(3) != 0, st.text(4)});
    }
    st.reset();
    return out;
  });
}

Status SqlCaseStore::add_themes(int64_t case_id, const std::vector<CaseTheme>& themes, const Actor& actor) {
  for (const auto& t : themes) {
    if (t.source != "manual" && t.source != "letter") return Error::field(ErrorCode::kInvalid, "themes", "theme.unknown");
  }
  return s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    for (const auto& t : themes) {
      if (!theme_active(db, t.theme)) return Error::field(ErrorCode::kInvalid, "themes", "theme.unknown");
    }
    if (!case_exists(db, case_id)) return Error::not_found("case.not_found");
    const std::string now = tx.now();
    std::string added;
    for (const auto& t : themes) {
      db.prepare("INSERT INTO case_themes(case_id, theme, department, source, criticism, "
                 "criticism_text, created_at) VALUES (?,?,?,?,?,?,?) ON CONFLICT DO NOTHING")
          .bind(1, case_id)
          .bind(2, t.theme)
          .bind(3, t.department)
          .bind(4, t.source)
          .bind(5, t.criticism ? 1 : 0)
          .bind(6, t.criticism_text)
          .bind(7, now)
          .run();
      if (db.changes() == 0) continue;
      added += (added.empty() ? "" : ",") + t.theme;
      insert_journal(db, case_id, JournalKind::kStatus, theme_journal("added", t.theme, t.department),
                     actor, now, std::nullopt);
    }
    tx.audit("case.themes", case_id, "added:" + added, actor);
    return ok_status();
  });
}

Status SqlCaseStore::set_theme(int64_t case_id, const CaseTheme& t, const Actor& actor) {
  const std::string source = t.source.empty() ? "manual" : t.source;
  if (source != "manual" && source != "letter") {
    return Error::field(ErrorCode::kInvalid, "source", "field.unknown_code");
  }
  if (t.criticism_text.size() > kMaxLongText) {
    return Error::field(ErrorCode::kInvalid, "criticism_text", "field.too_long");
  }
  return s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    if (!theme_active(db, t.theme)) return Error::field(ErrorCode::kInvalid, "theme", "theme.unknown");
    if (!case_exists(db, case_id)) return Error::not_found("case.not_found");
    const std::string now = tx.now();
    std::optional<std::pair<bool, std::string>> current;
    {
      auto& st = db.prepare("SELECT criticism, criticism_text FROM case_themes "
                            "WHERE case_id = ? AND theme = ? AND department = ?");
      st.bind(1, case_id).bind(2, t.theme).bind(3, t.department);
      if (st.step()) current.emplace(st.int64(0) != 0, st.text(1));
      st.reset();
    }
    if (!current) {
      db.prepare("INSERT INTO case_themes(case_id, theme, department, source, criticism, "
                 "criticism_text, created_at) VALUES (?,?,?,?,?,?,?)")
          .bind(1, case_id)
          .bind(2, t.theme)
          .bind(3, t.department)
          .bind(4, source)
          .bind(5, t.criticism ? 1 : 0)
          .bind(6, t.criticism_text)
          .bind(7, now)
          .run();
      insert_journal(db, case_id, JournalKind::kStatus, theme_journal("added", t.theme, t.department),
                     actor, now, std::nullopt);
      if (t.criticism) {
        insert_journal(db, case_id, JournalKind::kStatus,
                       theme_journal("criticism", t.theme, t.department), actor, now, std::nullopt);
      }
    } else if (current->first != t.criticism || current->second != t.criticism_text) {
      db.prepare("UPDATE case_themes SET criticism = ?, criticism_text = ? "
                 "WHERE case_id = ? AND theme = ? AND department = ?")
          .bind(1, t.criticism ? 1 : 0)
          .bind(2, t.criticism_text)
          .bind(3, case_id)
          .bind(4, t.theme)
          .bind(5, t.department)
          .run();
      insert_journal(db, case_id, JournalKind::kStatus,
                     theme_journal("criticism", t.theme, t.department), actor, now, std::nullopt);
    }
    tx.audit("case.theme.set", case_id,
             "theme:" + t.theme + " criticism:" + (t.criticism ? "1" : "0"), actor);
    return ok_status();
  });
}

Status SqlCaseStore::remove_theme(int64_t case_id, const std::string& theme,
                                     const std::string& department, const Actor& actor) {
  return s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    if (!case_exists(db, case_id)) return Error::not_found("case.not_found");
    db.prepare("DELETE FROM case_themes WHERE case_id = ? AND theme = ? AND department = ?")
        .bind(1, case_id)
        .bind(2, theme)
        .bind(3, department)
        .run();
    if (db.changes() == 0) return Error::not_found("theme.not_on_case");
    insert_journal(db, case_id, JournalKind::kStatus, theme_journal("removed", theme, department),
                   actor, tx.now(), std::nullopt);
    tx.audit("case.theme.remove", case_id, "theme:" + theme, actor);
    return ok_status();
  });
}

bool SqlCaseStore::exists(int64_t id) {
  return s_.read([&](Connection& db) {
    auto& st = db.prepare("SELECT 1 FROM cases WHERE id = ?");
    st.bind(1, id);
    const bool found = st.step();
    st.reset();
    return found;
  });
}

std::map<std::string, int64_t> SqlCaseStore::count_by_status() {
  std::map<std::string, int64_t> out;
  for (CaseStatus s : all_codes<CaseStatus>()) out[to_code(s)] = 0;
  s_.read([&](Connection& db) {
    auto& st = db.prepare("SELECT status, COUNT(*) FROM cases GROUP BY status");
    while (st.step()) out[st.text(0)] = st.int64(1);
    st.reset();
    return 0;
  });
  return out;
}

Result<JournalEntry> SqlJournalStore::append(int64_t case_id, const JournalEntry& entry,
                                                const Actor& actor) {
  JournalEntry saved;
  Status st = s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    auto c = load_case(db, case_id);
    if (!c) return Error::not_found("case.not_found");
    if (entry.corrects) {
      auto& chk = db.prepare("SELECT 1 FROM journal WHERE id = ? AND case_id = ?");
      chk.bind(1, *entry.corrects).bind(2, case_id);
      const bool found = chk.step();
      chk.reset();
      if (!found) return Error::field(ErrorCode::kUnprocessable, "corrects", "journal.corrects_unknown");
    }
    const std::string now = tx.now();
    saved = entry;
    saved.id = insert_journal(db, case_id, entry.kind, entry.text, actor, now, entry.corrects);
    saved.case_id = case_id;
    saved.author_id = actor.user_id;
    saved.author = actor.name;
    saved.created_at = now;
    if (counts_as_response(entry.kind) && !c->first_response_on) {
      db.prepare("UPDATE cases SET first_response_on = ?, updated_at = ?, version = version + 1 "
                 "WHERE id = ?")
          .bind(1, copenhagen_date(tx.clock().now()).iso())
          .bind(2, now)
          .bind(3, case_id)
          .run();
    } else {
      db.prepare("UPDATE cases SET updated_at = ? WHERE id = ?").bind(1, now).bind(2, case_id).run();
    }
    index_case(db, case_id, c->received, c->received, nullptr, nullptr, entry.text);
    tx.audit("journal.add", case_id, "journal:" + std::to_string(saved.id), actor);
    return ok_status();
  });
  if (!st) return st.error();
  return saved;
}

std::vector<JournalEntry> load_journal(Connection& db, int64_t case_id) {
  std::vector<JournalEntry> out;
  auto& st = db.prepare("SELECT id, kind, text, author_id, author, created_at, corrects "
                        "FROM journal WHERE case_id = ? ORDER BY id");
  st.bind(1, case_id);
  while (st.step()) {
    JournalEntry e;
    e.id = st.int64(0);
    e.case_id = case_id;
    e.kind = parse_code<JournalKind>(st.text(1)).value_or(JournalKind::kNote);
    e.text = st.text(2);
    e.author_id = st.int64(3);
    e.author = st.text(4);
    e.created_at = st.text(5);
    e.corrects = st.opt_int64(6);
    out.push_back(std::move(e));
  }
  st.reset();
  return out;
}

Result<std::vector<JournalEntry>> SqlJournalStore::for_case(int64_t case_id, const Actor& actor) {
  bool exists = false;
  std::vector<JournalEntry> out;
  s_.read([&](Connection& db) {
    auto& chk = db.prepare("SELECT 1 FROM cases WHERE id = ?");
    chk.bind(1, case_id);
    exists = chk.step();
    chk.reset();
    out = load_journal(db, case_id);
    return 0;
  });
  if (!exists) return Error::not_found("case.not_found");
  Status st = s_.write([&](WriteTx& tx) -> Status {
    tx.audit("journal.read", case_id, "entries:" + std::to_string(out.size()), actor);
    return ok_status();
  });
  if (!st) return st.error();
  return out;
}

Result<CaseRecord> SqlCaseStore::read_record(int64_t id, const Actor& actor) {
  std::optional<CaseRecord> record = s_.read([&](Connection& db) -> std::optional<CaseRecord> {
    // One read transaction: the case, its journal and attachments from the same snapshot.
    db.exec("BEGIN");
    std::optional<CaseRecord> r;
    try {
      if (auto c = load_case(db, id)) r = CaseRecord{*c, load_journal(db, id), load_attachments(db, id)};
    } catch (...) {
      db.exec("ROLLBACK");
      throw;
    }
    db.exec("COMMIT");
    return r;
  });
  if (!record) return Error::not_found("case.not_found");
  Status st = s_.write([&](WriteTx& tx) -> Status {
    tx.audit("case.read", id, case_detail(record->c), actor);
    return ok_status();
  });
  if (!st) return st.error();
  return std::move(*record);
}

}  // namespace bb::sql
