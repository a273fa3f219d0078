// Satisfaction surveys (SurveyStore; see store.h for what is kept and what is not).
#include <sodium.h>

#include "store/sql/sql_store.h"

namespace bb::sql {
namespace {

constexpr const char* kSurveyColumns =
    "SELECT s.id, s.slug, s.questionnaire, s.title, s.opens_on, s.closes_on, s.codes_required, s.created_at, "
    "s.created_by, (SELECT COUNT(*) FROM survey_responses r WHERE r.survey_id = s.id), "
    "(SELECT COUNT(*) FROM survey_codes c WHERE c.survey_id = s.id), "
    "(SELECT COUNT(*) FROM survey_codes c WHERE c.survey_id = s.id AND c.used = 1) FROM surveys s ";

Survey survey_from_row(const Statement& st) {
  Survey s;
  s.id = st.int64(0);
  s.slug = st.text(1);
  s.questionnaire = st.text(2);
  s.title = st.text(3);
  s.opens_on = date_column(st, 4);
  s.closes_on = opt_date(st, 5);
  s.codes_required = st.int64(6) != 0;
  s.created_at = st.text(7);
  s.created_by = st.text(8);
  s.responses = st.int64(9);
  s.codes_total = st.int64(10);
  s.codes_used = st.int64(11);
  return s;
}

std::optional<Survey> load_survey(Connection& db, const char* where, const std::string& key) {
  auto& st = db.prepare(std::string(kSurveyColumns) + where);
  st.bind(1, key);
  std::optional<Survey> out;
  if (st.step()) out = survey_from_row(st);
  st.reset();
  return out;
}

// Random text from an alphabet without look-alikes (no 0/O, 1/I/L), for codes typed from paper.
std::string random_text(const char* alphabet, size_t length) {
  const std::string_view a(alphabet);
  std::string out;
  for (size_t i = 0; i < length; ++i) out += a[randombytes_uniform(static_cast<uint32_t>(a.size()))];
  return out;
}
constexpr const char* kCodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
constexpr const char* kSlugAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

int64_t random_id() {
  int64_t id = 0;
  randombytes_buf(&id, sizeof id);
  id &= INT64_MAX;
  return id == 0 ? 1 : id;
}

void insert_response(Connection& db, const Response& r, std::optional<int64_t> survey_id) {
  db.prepare("INSERT INTO survey_responses(survey_id, grp, municipality, answered_on, source, respondent_id) "
             "VALUES (?, ?, ?, ?, ?, ?)")
      .bind(1, survey_id)
      .bind(2, r.group)
      .bind(3, r.municipality)
      .bind(4, r.answered_on.iso())
      .bind(5, r.source)
      .bind_or_null(6, r.respondent_id)
      .run();
  const int64_t id = db.last_insert_id();
  auto& answer = db.prepare("INSERT INTO survey_answers(response_id, question, value) VALUES (?, ?, ?)");
  for (const auto& a : r.answers) {
    if (a.type == QuestionType::kText) {
      answer.bind(1, id).bind(2, a.question).bind(3, "*").run();
      answer.reset();
      db.prepare("INSERT INTO survey_comments(id, survey_id, grp, question, text) VALUES (?, ?, ?, ?, ?)")
          .bind(1, random_id())
          .bind(2, survey_id)
          .bind(3, r.group)
          .bind(4, a.question)
          .bind(5, a.values.front())
          .run();
      continue;
    }
    for (const auto& v : a.values) {
      answer.bind(1, id).bind(2, a.question).bind(3, v).run();
      answer.reset();
    }
  }
}

}  // namespace

std::vector<Questionnaire> SqlSurveyStore::questionnaires() {
  return s_.read([&](Connection& db) {
    std::vector<Questionnaire> out;
    auto& st = db.prepare("SELECT definition FROM questionnaires ORDER BY code");
    while (st.step()) out.push_back(questionnaire_from_json(st.text(0)));
    st.reset();
    return out;
  });
}

Status SqlSurveyStore::save_questionnaire(const Questionnaire& q, const Actor& actor) {
  if (auto st = validate_questionnaire(q); !st) return st;
  return s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    auto& old = db.prepare("SELECT definition FROM questionnaires WHERE code = ?");
    old.bind(1, q.code);
    std::optional<Questionnaire> current;
    if (old.step()) current = questionnaire_from_json(old.text(0));
    old.reset();
    if (current) {
      auto& used = db.prepare("SELECT EXISTS (SELECT 1 FROM survey_responses WHERE grp = ?)");
      used.bind(1, q.code);
      const bool answered = used.step() && used.int64(0) != 0;
      used.reset();
      // Texts may change once answers exist; what the answers mean may not.
      bool same_shape = current->questions.size() == q.questions.size();
      for (size_t i = 0; same_shape && i < q.questions.size(); ++i) {
        const auto &a = current->questions[i], &b = q.questions[i];
        same_shape = a.id == b.id && a.type == b.type && a.options.size() == b.options.size();
        for (size_t o = 0; same_shape && o < a.options.size(); ++o) same_shape = a.options[o].code == b.options[o].code;
      }
      if (answered && !same_shape) return Error::conflict("survey.questionnaire_in_use");
    }
    const std::string now = tx.now();
    db.prepare("INSERT INTO questionnaires(code, definition, created_at, updated_at) VALUES (?, ?, ?, ?) "
               "ON CONFLICT(code) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at")
        .bind(1, q.code)
        .bind(2, questionnaire_to_json(q))
        .bind(3, now)
        .bind(4, now)
        .run();
    tx.audit("questionnaire.save", std::nullopt, "questionnaire:" + q.code, actor);
    return ok_status();
  });
}

std::vector<Survey> SqlSurveyStore::surveys() {
  return s_.read([&](Connection& db) {
    std::vector<Survey> out;
    auto& st = db.prepare(std::string(kSurveyColumns) + "ORDER BY s.id DESC");
    while (st.step()) out.push_back(survey_from_row(st));
    st.reset();
    return out;
  });
}

Result<Survey> SqlSurveyStore::survey(int64_t id) {
  auto s = s_.read([&](Connection& db) { return load_survey(db, "WHERE s.id = ?", std::to_string(id)); });
  if (!s) return Error::not_found("survey.not_found");
  return *s;
}

Result<Survey> SqlSurveyStore::survey_by_slug(const std::string& slug) {
  auto s = s_.read([&](Connection& db) { return load_survey(db, "WHERE s.slug = ?", slug); });
  if (!s) return Error::not_found("survey.not_found");
  return *s;
}

Result<Survey> SqlSurveyStore::create_survey(const Survey& s, const Actor& actor) {
  Survey saved;
  Status st = s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    const std::string slug = random_text(kSlugAlphabet, 16);
    db.prepare("INSERT INTO surveys(slug, questionnaire, title, opens_on, closes_on, codes_required, created_at, "
               "created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, slug)
        .bind(2, s.questionnaire)
        .bind(3, s.title)
        .bind(4, s.opens_on.iso())
        .bind_or_null(5, s.closes_on ? s.closes_on->iso() : std::string())
        .bind(6, s.codes_required ? 1 : 0)
        .bind(7, tx.now())
        .bind(8, actor.name)
        .run();
    const int64_t id = db.last_insert_id();
    saved = *load_survey(db, "WHERE s.id = ?", std::to_string(id));
    tx.audit("survey.create", std::nullopt, "survey:" + std::to_string(id), actor);
    return ok_status();
  });
  if (!st) return st.error();
  return saved;
}

Result<Survey> SqlSurveyStore::update_survey(const Survey& s, const Actor& actor) {
  Survey saved;
  Status st = s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    if (!load_survey(db, "WHERE s.id = ?", std::to_string(s.id))) return Error::not_found("survey.not_found");
    db.prepare("UPDATE surveys SET title = ?, opens_on = ?, closes_on = ?, codes_required = ? WHERE id = ?")
        .bind(1, s.title)
        .bind(2, s.opens_on.iso())
        .bind_or_null(3, s.closes_on ? s.closes_on->iso() : std::string())
        .bind(4, s.codes_required ? 1 : 0)
        .bind(5, s.id)
        .run();
    saved = *load_survey(db, "WHERE s.id = ?", std::to_string(s.id));
    tx.audit("survey.update", std::nullopt, "survey:" + std::to_string(s.id), actor);
    return ok_status();
  });
  if (!st) return st.error();
  return saved;
}

Result<std::vector<std::string>> SqlSurveyStore::add_codes(int64_t survey_id, int count, const Actor& actor) {
  if (count < 1 || count > 1000) return Error::field(ErrorCode::kInvalid, "count", "survey.code_count");
  std::vector<std::string> codes;
  Status st = s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    codes.clear();
    if (!load_survey(db, "WHERE s.id = ?", std::to_string(survey_id))) return Error::not_found("survey.not_found");
    auto& ins = db.prepare("INSERT INTO survey_codes(survey_id, code) VALUES (?, ?) ON CONFLICT DO NOTHING");
    while (codes.size() < static_cast<size_t>(count)) {
      const std::string code = random_text(kCodeAlphabet, 8);
      ins.bind(1, survey_id).bind(2, code).run();
      ins.reset();
      if (db.changes() == 1) codes.push_back(code);
    }
    tx.audit("survey.codes", std::nullopt, "survey:" + std::to_string(survey_id) + " count:" + std::to_string(count),
             actor);
    return ok_status();
  });
  if (!st) return st.error();
  return codes;
}

std::vector<std::string> SqlSurveyStore::unused_codes(int64_t survey_id) {
  return s_.read([&](Connection& db) {
    std::vector<std::string> out;
    auto& st = db.prepare("SELECT code FROM survey_codes WHERE survey_id = ? AND used = 0 ORDER BY code");
    st.bind(1, survey_id);
    while (st.step()) out.push_back(st.text(0));
    st.reset();
    return out;
  });
}

Status SqlSurveyStore::submit(const Response& r, std::optional<int64_t> survey_id, const std::string& code,
                                 const std::optional<Actor>& actor) {
  return s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    if (!code.empty()) {
      auto& st = db.prepare("SELECT used FROM survey_codes WHERE survey_id = ? AND code = ?");
      st.bind(1, survey_id.value_or(0)).bind(2, code);
      const bool found = st.step();
      const bool used = found && st.int64(0) != 0;
      st.reset();
      if (!found) return Error::field(ErrorCode::kInvalid, "kode", "survey.code_unknown");
      if (used) return Error::field(ErrorCode::kConflict, "kode", "survey.code_used");
      db.prepare("UPDATE survey_codes SET used = 1 WHERE survey_id = ? AND code = ?")
          .bind(1, *survey_id)
          .bind(2, code)
          .run();
    }
    insert_response(db, r, survey_id);
    if (actor) {
      tx.audit("survey.entry", std::nullopt,
               "survey:" + (survey_id ? std::to_string(*survey_id) : std::string("-")) + " group:" + r.group, *actor);
    }
    return ok_status();
  });
}

Result<int64_t> SqlSurveyStore::import(const std::vector<Response>& responses, std::optional<int64_t> survey_id,
                                          const Actor& actor) {
  Status st = s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    if (survey_id && !load_survey(db, "WHERE s.id = ?", std::to_string(*survey_id))) {
      return Error::not_found("survey.not_found");
    }
    // Refuse the whole file when any respondent is already stored (a second import of a file).
    Error dup{ErrorCode::kConflict, "survey.csv.already_imported", {}};
    auto& exists = db.prepare(
        "SELECT EXISTS (SELECT 1 FROM survey_responses WHERE municipality = ? AND grp = ? AND respondent_id = ?)");
    for (const auto& r : responses) {
      if (r.respondent_id.empty()) continue;
      exists.bind(1, r.municipality).bind(2, r.group).bind(3, r.respondent_id);
      if (exists.step() && exists.int64(0) != 0) dup.fields.emplace(respondent_key(r), dup.message);
      exists.reset();
    }
    if (!dup.fields.empty()) return dup;
    for (const auto& r : responses) insert_response(db, r, survey_id);
    tx.audit("survey.import", std::nullopt,
             "survey:" + (survey_id ? std::to_string(*survey_id) : std::string("-")) +
                 " count:" + std::to_string(responses.size()),
             actor);
    return ok_status();
  });
  if (!st) return st.error();
  return static_cast<int64_t>(responses.size());
}

std::map<std::string, SurveyTally> SqlSurveyStore::tally(const SurveyFilter& f, const std::string& by) {
  // The breakdown key and the filter as SQL over survey_responses r (constant text; values bound).
  std::string key = "''";
  if (by == "municipality") key = "r.municipality";
  if (by == "survey") key = "COALESCE((SELECT title FROM surveys s WHERE s.id = r.survey_id), '')";
  if (by == "year") key = "substr(r.answered_on, 1, 4)";
  const std::string where =
      " WHERE (CAST(?1 AS BIGINT) IS NULL OR r.survey_id = ?1) AND (CAST(?2 AS TEXT) IS NULL OR r.grp = ?2)"
      " AND (CAST(?3 AS TEXT) IS NULL OR r.municipality = ?3) AND (CAST(?4 AS TEXT) IS NULL OR r.answered_on >= ?4)"
      " AND (CAST(?5 AS TEXT) IS NULL OR r.answered_on <= ?5) ";
  return s_.read([&](Connection& db) {
    std::map<std::string, SurveyTally> out;
    auto run = [&](const std::string& sql, auto&& on_row) {
      auto& st = db.prepare(sql);
      st.bind(1, f.survey_id);
      if (f.group) st.bind(2, *f.group); else st.bind_null(2);
      if (f.municipality) st.bind(3, *f.municipality); else st.bind_null(3);
      if (f.from) st.bind(4, f.from->iso()); else st.bind_null(4);
      if (f.to) st.bind(5, f.to->iso()); else st.bind_null(5);
      while (st.step()) on_row(st);
      st.reset();
    };
    in_snapshot(db, [&] {
      run("SELECT " + key + ", r.grp, COUNT(*) FROM survey_responses r" + where + "GROUP BY 1, 2",
          [&](const Statement& st) { out[st.text(0)].groups[st.text(1)].respondents = st.int64(2); });
      run("SELECT " + key + ", r.grp, a.question, COUNT(DISTINCT a.response_id) FROM survey_responses r "
          "JOIN survey_answers a ON a.response_id = r.id" + where + "GROUP BY 1, 2, 3",
          [&](const Statement& st) { out[st.text(0)].groups[st.text(1)].questions[st.text(2)].answered = st.int64(3); });
      run("SELECT " + key + ", r.grp, a.question, a.value, COUNT(*) FROM survey_responses r "
          "JOIN survey_answers a ON a.response_id = r.id" + where + "AND a.value <> '*' GROUP BY 1, 2, 3, 4",
          [&](const Statement& st) {
            out[st.text(0)].groups[st.text(1)].questions[st.text(2)].counts[st.text(3)] = st.int64(4);
          });
    });
    return out;
  });
}

std::vector<SurveyComment> SqlSurveyStore::comments(const std::string& status, std::optional<int64_t> survey_id) {
  return s_.read([&](Connection& db) {
    std::vector<SurveyComment> out;
    auto& st = db.prepare(
        "SELECT id, survey_id, grp, question, text, status FROM survey_comments "
        "WHERE (CAST(?1 AS TEXT) = '' OR status = ?1) AND (CAST(?2 AS BIGINT) IS NULL OR survey_id = ?2) "
        "ORDER BY grp, question, text");
    st.bind(1, status).bind(2, survey_id);
    while (st.step()) {
      out.push_back({st.int64(0), st.opt_int64(1), st.text(2), st.text(3), st.text(4), st.text(5)});
    }
    st.reset();
    return out;
  });
}

Status SqlSurveyStore::decide_comment(int64_t id, const std::string& status, const Actor& actor) {
  if (status != "approved" && status != "rejected" && status != "pending") {
    return Error::field(ErrorCode::kInvalid, "status", "survey.comment_status");
  }
  return s_.write([&](WriteTx& tx) -> Status {
    tx.db().prepare("UPDATE survey_comments SET status = ? WHERE id = ?").bind(1, status).bind(2, id).run();
    if (tx.db().changes() == 0) return Error::not_found("survey.comment_not_found");
    tx.audit("survey.comment", std::nullopt, "comment:" + std::to_string(id) + " " + status, actor);
    return ok_status();
  });
}

}  // namespace bb::sql
