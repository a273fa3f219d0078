// The annual report's own texts: the foreword per year and the case stories.
#include "store/sql/sql_store.h"

namespace bb::sql {
namespace {

constexpr const char* kStoryColumns =
    "SELECT id, year, title, text, case_id, include, updated_at, version FROM report_stories ";

Story story_from_row(const Statement& st) {
  Story s;
  s.id = st.int64(0);
  s.year = static_cast<int>(st.int64(1));
  s.title = st.text(2);
  s.text = st.text(3);
  s.case_id = st.opt_int64(4);
  s.include = st.int64(5) != 0;
  s.updated_at = st.text(6);
  s.version = st.int64(7);
  return s;
}

std::optional<Story> load_story(Connection& db, int64_t id) {
  auto& st = db.prepare(std::string(kStoryColumns) + "WHERE id = ?");
  st.bind(1, id);
  std::optional<Story> out;
  if (st.step()) out = story_from_row(st);
  st.reset();
  return out;
}

}  // namespace

std::string SqlReportStore::foreword(int year) {
  return s_.read([&](Connection& db) {
    auto& st = db.prepare("SELECT foreword FROM report_texts WHERE year = ?");
    st.bind(1, year);
    std::string out;
    if (st.step()) out = st.text(0);
    st.reset();
    return out;
  });
}

Status SqlReportStore::save_foreword(int year, const std::string& text, const Actor& actor) {
  return s_.write([&](WriteTx& tx) -> Status {
    tx.db()
        .prepare("INSERT INTO report_texts(year, foreword, updated_at) VALUES (?, ?, ?) "
                 "ON CONFLICT(year) DO UPDATE SET foreword = excluded.foreword, updated_at = excluded.updated_at")
        .bind(1, year)
        .bind(2, text)
        .bind(3, tx.now())
        .run();
    tx.audit("report.foreword", std::nullopt, "year:" + std::to_string(year), actor);
    return ok_status();
  });
}

std::vector<Story> SqlReportStore::stories(int year) {
  return s_.read([&](Connection& db) {
    std::vector<Story> out;
    auto& st = db.prepare(std::string(kStoryColumns) + "WHERE year = ? ORDER BY position, id");
    st.bind(1, year);
    while (st.step()) out.push_back(story_from_row(st));
    st.reset();
    return out;
  });
}

Result<Story> SqlReportStore::story(int64_t id) {
  auto s = s_.read([&](Connection& db) { return load_story(db, id); });
  if (!s) return Error::not_found("story.not_found");
  return *s;
}

Result<Story> SqlReportStore::save_story(const Story& story, const Actor& actor) {
  Story saved;
  Status st = s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    if (story.case_id && !case_exists(db, *story.case_id)) {
      return Error::field(ErrorCode::kInvalid, "case_id", "link.case_unknown");
    }
    const std::string now = tx.now();
    int64_t id = story.id;
    if (id == 0) {
      auto& pos = db.prepare("SELECT COALESCE(MAX(position), 0) + 1 FROM report_stories WHERE year = ?");
      pos.bind(1, story.year);
      int64_t position = 1;
      if (pos.step()) position = pos.int64(0);
      pos.reset();
      db.prepare("INSERT INTO report_stories(year, title, text, case_id, include, position, created_at, updated_at) "
                 "VALUES (?,?,?,?,?,?,?,?)")
          .bind(1, story.year)
          .bind(2, story.title)
          .bind(3, story.text)
          .bind(4, story.case_id)
          .bind(5, story.include ? 1 : 0)
          .bind(6, position)
          .bind(7, now)
          .bind(8, now)
          .run();
      id = db.last_insert_id();
      if (story.case_id) {
        insert_journal(db, *story.case_id, JournalKind::kStatus, "story:marked:" + std::to_string(story.year), actor,
                       now, std::nullopt);
      }
    } else {
      auto current = load_story(db, id);
      if (!current) return Error::not_found("story.not_found");
      if (current->version != story.version) return Error::conflict("record.version_conflict");
      db.prepare("UPDATE report_stories SET year = ?, title = ?, text = ?, case_id = ?, include = ?, updated_at = ?, "
                 "version = version + 1 WHERE id = ?")
          .bind(1, story.year)
          .bind(2, story.title)
          .bind(3, story.text)
          .bind(4, story.case_id)
          .bind(5, story.include ? 1 : 0)
          .bind(6, now)
          .bind(7, id)
          .run();
    }
    saved = *load_story(db, id);
    tx.audit("report.story.save", story.case_id, "story:" + std::to_string(id), actor);
    return ok_status();
  });
  if (!st) return st.error();
  return saved;
}

Status SqlReportStore::remove_story(int64_t id, const Actor& actor) {
  return s_.write([&](WriteTx& tx) -> Status {
    auto current = load_story(tx.db(), id);
    if (!current) return Error::not_found("story.not_found");
    tx.db().prepare("DELETE FROM report_stories WHERE id = ?").bind(1, id).run();
    tx.audit("report.story.delete", current->case_id, "story:" + std::to_string(id), actor);
    return ok_status();
  });
}

}  // namespace bb::sql
