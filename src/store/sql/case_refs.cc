// Case numbers for links, without content and without audit.
#include "store/sql/sql_store.h"

namespace bb::sql {

std::vector<CaseRef> SqlCaseStore::refs(const std::vector<int64_t>& ids) {
  return s_.read([&](Connection& db) {
    std::vector<CaseRef> out;
    auto& st = db.prepare("SELECT id, number, received, status FROM cases WHERE id = ?");
    for (int64_t id : ids) {
      st.bind(1, id);
      if (st.step()) {
        CaseRef r;
        r.id = st.int64(0);
        r.number = st.text(1);
        r.received = Date::parse_iso(st.text(2)).value_or(Date{});
        r.status = parse_code<CaseStatus>(st.text(3)).value_or(CaseStatus::kNy);
        out.push_back(std::move(r));
      }
      st.reset();
    }
    return out;
  });
}

std::optional<int64_t> SqlCaseStore::id_by_number(const std::string& number) {
  return s_.read([&](Connection& db) -> std::optional<int64_t> {
    auto& st = db.prepare("SELECT id FROM cases WHERE number = ?");
    st.bind(1, number);
    std::optional<int64_t> id;
    if (st.step()) id = st.int64(0);
    st.reset();
    return id;
  });
}

}  // namespace bb::sql
