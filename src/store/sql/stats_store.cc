// Aggregates for signals: counts and durations computed by SQL over indexed columns
// (cases.received, case_themes, case_departments), never loading case content; the cases
// behind a signal (audited); reviewed-signal dismissals.
#include <algorithm>
#include <map>
#include <string_view>
#include <vector>

#include "store/sql/sql_store.h"

namespace bb::sql {
namespace {

CaseRef ref_from_row(const Statement& st) {
  CaseRef r;
  r.id = st.int64(0);
  r.number = st.text(1);
  r.received = date_column(st, 2);
  r.status = parse_code<CaseStatus>(st.text(3)).value_or(CaseStatus::kNy);
  return r;
}

std::string refs_detail(const StatPeriod& period, const std::vector<CaseRef>& refs) {
  std::vector<int64_t> ids;
  ids.reserve(refs.size());
  for (const auto& r : refs) ids.push_back(r.id);
  return "period:" + period.label + " ids:" + join_ids(ids);
}

}  // namespace

ThemeCounts SqlStatsStore::theme_counts(const std::vector<StatPeriod>& periods) {
  ThemeCounts out;
  const size_t n = std::min(periods.size(), out.totals.size());
  s_.read([&](Connection& db) {
    in_snapshot(db, [&] {
      for (size_t p = 0; p < n; ++p) {
        const std::string from = periods[p].from.iso(), to = periods[p].to.iso();
        auto& total = db.prepare("SELECT COUNT(*) FROM cases WHERE received >= ? AND received <= ?");
        total.bind(1, from).bind(2, to);
        if (total.step()) out.totals[p] = total.int64(0);
        total.reset();
        auto& st = db.prepare(
            "SELECT t.department, t.theme, COUNT(DISTINCT t.case_id) "
            "FROM cases c JOIN case_themes t ON t.case_id = c.id "
            "WHERE c.received >= ? AND c.received <= ? GROUP BY t.department, t.theme");
        st.bind(1, from).bind(2, to);
        while (st.step()) out.pairs[{st.text(0), st.text(1)}][p] = st.int64(2);
        st.reset();
      }
    });
    return 0;
  });
  return out;
}

std::vector<DurationSample> SqlStatsStore::durations(const std::vector<StatPeriod>& periods) {
  std::vector<DurationSample> out;
  const size_t n = std::min(periods.size(), static_cast<size_t>(1 + kBaselinePeriods));
  s_.read([&](Connection& db) {
    in_snapshot(db, [&] {
      for (size_t p = 0; p < n; ++p) {
        // A case without departments gives one sample under "".
        auto& st = db.prepare(
            "SELECT COALESCE(d.department, ''), c.received, c.first_response_on, c.closed_on "
            "FROM cases c LEFT JOIN case_departments d ON d.case_id = c.id "
            "WHERE c.received >= ? AND c.received <= ?");
        st.bind(1, periods[p].from.iso()).bind(2, periods[p].to.iso());
        while (st.step()) {
          DurationSample s;
          s.department = st.text(0);
          s.period = static_cast<int>(p);
          const Date received = date_column(st, 1);
          if (auto d = opt_date(st, 2)) s.first_response_days = working_days_between(received, *d);
          if (auto d = opt_date(st, 3)) s.closing_days = working_days_between(received, *d);
          out.push_back(std::move(s));
        }
        st.reset();
      }
    });
    return 0;
  });
  return out;
}

std::vector<CaseRef> SqlStatsStore::theme_cases(const std::string& department, const std::string& theme,
                                                   const StatPeriod& period, const Actor& actor) {
  auto refs = s_.read([&](Connection& db) {
    std::vector<CaseRef> out;
    auto& st = db.prepare(
        "SELECT c.id, c.number, c.received, c.status "
        "FROM case_themes t JOIN cases c ON c.id = t.case_id "
        "WHERE t.theme = ? AND t.department = ? AND c.received >= ? AND c.received <= ? "
        "ORDER BY c.received DESC, c.id DESC");
    st.bind(1, theme).bind(2, department).bind(3, period.from.iso()).bind(4, period.to.iso());
    while (st.step()) out.push_back(ref_from_row(st));
    st.reset();
    return out;
  });
  Status st = s_.write([&](WriteTx& tx) -> Status {
    tx.audit("signal.cases", std::nullopt, refs_detail(period, refs), actor);
    return ok_status();
  });
  if (!st) return {};  // not audited, not shown
  return refs;
}

std::map<std::string, std::vector<CaseRef>> SqlStatsStore::department_cases(
    const std::set<std::string>& departments, const StatPeriod& period, const Actor& actor) {
  std::map<std::string, std::vector<CaseRef>> out;
  if (departments.empty()) return out;
  std::vector<CaseRef> shown;  // every case handed out, for the audit entry
  s_.read([&](Connection& db) {
    // One pass over the period's cases and their departments ("" when a case has none).
    auto& st = db.prepare(
        "SELECT c.id, c.number, c.received, c.status, COALESCE(d.department, '') FROM cases c "
        "LEFT JOIN case_departments d ON d.case_id = c.id "
        "WHERE c.received >= ? AND c.received <= ? ORDER BY c.received DESC, c.id DESC");
    st.bind(1, period.from.iso()).bind(2, period.to.iso());
    while (st.step()) {
      auto wanted = departments.find(std::string(st.text_view(4)));
      if (wanted == departments.end()) continue;
      out[*wanted].push_back(ref_from_row(st));
      shown.push_back(out[*wanted].back());
    }
    st.reset();
    return 0;
  });
  Status st = s_.write([&](WriteTx& tx) -> Status {
    tx.audit("signal.cases", std::nullopt, refs_detail(period, shown), actor);
    return ok_status();
  });
  if (!st) return {};  // not audited, not shown
  return out;
}

std::vector<SignalDismissal> SqlStatsStore::dismissals() {
  return s_.read([&](Connection& db) {
    std::vector<SignalDismissal> out;
    auto& st = db.prepare(
        "SELECT key, observed, note, dismissed_by, dismissed_at "
        "FROM signal_dismissals ORDER BY key");
    while (st.step()) out.push_back({st.text(0), st.int64(1), st.text(2), st.text(3), st.text(4)});
    st.reset();
    return out;
  });
}

Status SqlStatsStore::dismiss(const SignalDismissal& d, const Actor& actor) {
  if (d.key.empty()) return Error::field(ErrorCode::kInvalid, "key", "field.required");
  if (d.note.size() > kMaxLongText) return Error::field(ErrorCode::kInvalid, "note", "field.too_long");
  return s_.write([&](WriteTx& tx) -> Status {
    // Who and when are the actor and the commit time, whatever the caller filled in.
    tx.db()
        .prepare(
            "INSERT INTO signal_dismissals(key, observed, note, dismissed_by, dismissed_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
            "observed = excluded.observed, note = excluded.note, "
            "dismissed_by = excluded.dismissed_by, dismissed_at = excluded.dismissed_at")
        .bind(1, d.key)
        .bind(2, d.observed)
        .bind(3, d.note)
        .bind(4, actor.name)
        .bind(5, tx.now())
        .run();
    tx.audit("signal.dismiss", std::nullopt, "key:" + d.key + " observed:" + std::to_string(d.observed),
             actor);
    return ok_status();
  });
}

}  // namespace bb::sql

namespace bb::sql {
namespace {

// Counts by a text value read row by row. Codes (channel, outcome, month) have a handful of
// values: a short list, tried from the last hit, is cheaper per row than a map lookup. Free
// texts (rejection reasons as written) can have many; past the list they go to a map.
class Tally {
 public:
  void add(std::string_view key) {
    if (last_ < few_.size() && few_[last_].first == key) {
      ++few_[last_].second;
      return;
    }
    for (size_t i = 0; i < few_.size(); ++i) {
      if (few_[i].first == key) {
        ++few_[last_ = i].second;
        return;
      }
    }
    if (few_.size() < kFew) {
      last_ = few_.size();
      few_.emplace_back(std::string(key), 1);
      return;
    }
    auto it = many_.find(key);
    if (it == many_.end()) it = many_.emplace(std::string(key), 0).first;
    ++it->second;
  }
  std::map<std::string, int64_t> take() {
    std::map<std::string, int64_t> out(many_.begin(), many_.end());
    for (auto& [k, n] : few_) out[std::move(k)] += n;
    few_.clear();
    many_.clear();
    return out;
  }

 private:
  static constexpr size_t kFew = 16;
  std::vector<std::pair<std::string, int64_t>> few_;
  std::map<std::string, int64_t, std::less<>> many_;
  size_t last_ = 0;
};

// The cases of the period, optionally only those naming a department (?3 = '' for all).
#define BB_PERIOD_CASES                                   \
  " c.received >= ?1 AND c.received <= ?2 AND (CAST(?3 AS TEXT) = '' OR EXISTS (SELECT 1 FROM case_departments x " \
  "WHERE x.case_id = c.id AND x.department = ?3)) "

}  // namespace

CaseFigures SqlStatsStore::case_figures(const StatPeriod& period, const std::string& department) {
  CaseFigures f;
  s_.read([&](Connection& db) {
    in_snapshot(db, [&] {
      auto run = [&](const char* sql, auto&& on_row) {
        auto& st = db.prepare(sql);
        st.bind(1, period.from.iso()).bind(2, period.to.iso()).bind(3, department);
        while (st.step()) on_row(st);
        st.reset();
      };
      auto into = [&](std::map<std::string, int64_t>& m) {
        return [&m](const Statement& st) { m[st.text(0)] = st.int64(1); };
      };
      // The case's own columns in one pass over the covering index (migration 5), counted here.
      Tally months, channels, outcomes, rejection_reasons;
      run("SELECT c.received, c.channel, c.outcome, c.rejection_reason, c.first_response_on, c.closed_on "
          "FROM cases c WHERE" BB_PERIOD_CASES,
          [&](const Statement& st) {
            ++f.cases_total;
            const std::string_view received = st.text_view(0);
            months.add(received.substr(0, 7));
            channels.add(st.text_view(1));
            const std::string_view outcome = st.text_view(2);  // NULL (no outcome yet) reads as ""
            outcomes.add(outcome);
            if (outcome == "afvist") {
              ++f.rejected;
              rejection_reasons.add(st.text_view(3));
            }
            if (st.is_null(4) && st.is_null(5)) return;
            const Date from = Date::parse_iso(received).value_or(Date{});
            if (auto d = opt_date(st, 4)) f.first_response_days.push_back(working_days_between(from, *d));
            if (auto d = opt_date(st, 5)) f.closing_days.push_back(working_days_between(from, *d));
          });
      f.by_month = months.take();
      f.by_channel = channels.take();
      f.by_outcome = outcomes.take();
      f.rejection_reasons = rejection_reasons.take();
      run("SELECT r.reason, COUNT(*) FROM cases c JOIN case_reasons r ON r.case_id = c.id WHERE" BB_PERIOD_CASES
          "GROUP BY 1",
          into(f.by_reason));
      run("SELECT d.department, COUNT(*) FROM cases c JOIN case_departments d ON d.case_id = c.id WHERE" BB_PERIOD_CASES
          "GROUP BY 1",
          into(f.by_department));
      run("SELECT t.theme, COUNT(DISTINCT t.case_id) FROM cases c JOIN case_themes t ON t.case_id = c.id WHERE"
          BB_PERIOD_CASES "GROUP BY 1",
          into(f.by_theme));
      run("SELECT COUNT(*) FROM cases c WHERE" BB_PERIOD_CASES
          "AND (c.outcome = 'kritik' OR EXISTS (SELECT 1 FROM case_themes t WHERE t.case_id = c.id AND t.criticism = 1))",
          [&](const Statement& st) { f.criticism_cases = st.int64(0); });
      // A case counts for a department when the case (outcome kritik) or a criticised theme names it.
      run("SELECT dep, COUNT(DISTINCT id) FROM ("
          " SELECT c.id AS id, d.department AS dep FROM cases c JOIN case_departments d ON d.case_id = c.id"
          " WHERE" BB_PERIOD_CASES "AND c.outcome = 'kritik'"
          " UNION ALL"
          " SELECT c.id, t.department FROM cases c JOIN case_themes t ON t.case_id = c.id"
          " WHERE" BB_PERIOD_CASES "AND t.criticism = 1 AND t.department <> '') AS x GROUP BY dep",
          into(f.criticism_by_department));
    });
    return 0;
  });
  return f;
}

#undef BB_PERIOD_CASES

}  // namespace bb::sql
