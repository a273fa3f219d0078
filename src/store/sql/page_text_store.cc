// The office's own texts of the public pages.
#include "store/sql/sql_store.h"

namespace bb::sql {

std::optional<PageText> SqlPageTextStore::get(const std::string& slug, const std::string& lang) {
  return s_.read([&](Connection& db) {
    auto& st = db.prepare(
        "SELECT slug, lang, title, summary, body, updated_at, updated_by FROM page_texts WHERE slug = ? AND lang = ?");
    st.bind(1, slug).bind(2, lang);
    std::optional<PageText> out;
    if (st.step()) out = PageText{st.text(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5), st.text(6)};
    st.reset();
    return out;
  });
}

Status SqlPageTextStore::save(const PageText& t, const Actor& actor) {
  FieldErrors errors;
  if (t.lang != "da" && t.lang != "en") errors.add("lang", "field.unknown_code");
  if (t.title.empty()) errors.add("title", "field.required");
  if (t.title.size() > 200 || t.summary.size() > 1000) errors.add("title", "field.too_long");
  if (t.body.empty()) errors.add("body", "field.required");
  if (t.body.size() > kMaxLongText) errors.add("body", "field.too_long");
  if (!errors.empty()) return errors.to_error();
  return s_.write([&](WriteTx& tx) -> Status {
    tx.db()
        .prepare("INSERT INTO page_texts(slug, lang, title, summary, body, updated_at, updated_by) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(slug, lang) DO UPDATE SET title = excluded.title, "
                 "summary = excluded.summary, body = excluded.body, updated_at = excluded.updated_at, "
                 "updated_by = excluded.updated_by")
        .bind(1, t.slug)
        .bind(2, t.lang)
        .bind(3, t.title)
        .bind(4, t.summary)
        .bind(5, t.body)
        .bind(6, tx.now())
        .bind(7, actor.name)
        .run();
    tx.audit("page.save", std::nullopt, "page:" + t.slug + " lang:" + t.lang, actor);
    return ok_status();
  });
}

Status SqlPageTextStore::reset(const std::string& slug, const std::string& lang, const Actor& actor) {
  return s_.write([&](WriteTx& tx) -> Status {
    tx.db().prepare("DELETE FROM page_texts WHERE slug = ? AND lang = ?").bind(1, slug).bind(2, lang).run();
    tx.audit("page.reset", std::nullopt, "page:" + slug + " lang:" + lang, actor);
    return ok_status();
  });
}

}  // namespace bb::sql
