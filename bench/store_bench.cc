// Store micro-benchmarks: Brobygger's SQLite store (src/store) side by side with the same work
// done through the raw sqlite3 C API, i.e. what the sqlite3 shell would do, to show what our
// layers cost (docs/PERFORMANCE.md).
//
//   cmake --build build -j 2 --target brobygger_bench
//   build/brobygger_bench --benchmark_min_time=0.2
//
// One temp database, seeded once with BB_BENCH_CASES (default 10000) synthetic cases through
// the store, is shared by every benchmark and removed at exit. Times are wall-clock
// (UseRealTime): the store hands writes to its group-commit thread, whose work the caller's
// CPU time would not show; the counter proc_cpu_us is the CPU time of the whole process per
// operation.
//
// What each pair compares:
//  - read by id: store cases().get() = case row + reasons + departments, and an audit entry
//    committed durably (group commit) before it returns; raw = SELECT * FROM cases WHERE id=?
//    on one prepared statement, no audit. BM_Store_CaseReadRecord is what the HTTP handler
//    asks for: cases().read_record() = case, journal and attachments in one read transaction,
//    one audit entry.
//  - durable create: store cases().create() = number counter, case row, reasons, departments,
//    "created" journal entry, FTS row, reload and audit entry, committed with
//    synchronous=FULL; raw = one INSERT INTO cases in its own transaction with
//    synchronous=FULL (8 threads: one connection each, contending for SQLite's write lock).
//  - search: store cases().list() with free text (FTS5, 50 newest matches, audit entry);
//    raw = the same SELECT over FTS5 (its rowid orders like the list, migration 8), no audit.
#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "cli/demo.h"
#include "domain/case.h"
#include "domain/clock.h"
#include "domain/settings.h"
#include "store/store.h"

namespace {

namespace fs = std::filesystem;

const bb::Date kToday{2024, 3, 14};

bb::Actor bench_actor() {
  return bb::Actor{1, "Bench", bb::Role::kAdvisor, "127.0.0.1"};
}

// A valid new case as the API would build it.
bb::Case make_case(const bb::MunicipalitySettings& settings) {
  bb::CaseDraft draft;
  draft.received = "2024-03-14";
  draft.channel = "telefon";
  draft.reasons = {"klage"};
  draft.departments = {"Jobcenter"};
  draft.summary = "Benchmark-henvendelse om afslag på ansøgning om boligstøtte.";
  draft.citizen.name = "Bench Borger";
  auto c = bb::validate_new_case(draft, settings, kToday);
  if (!c) throw std::runtime_error("validate_new_case failed: " + c.error().message);
  return *c;
}

[[noreturn]] void die_sqlite(sqlite3* db, const std::string& what) {
  throw std::runtime_error(what + ": " + (db ? sqlite3_errmsg(db) : "no connection"));
}

// A raw connection as the sqlite3 shell would open it, with the store's durability settings.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
      die_sqlite(db_, "open " + path);
    }
    sqlite3_busy_timeout(db_, 10000);
    exec("PRAGMA journal_mode = WAL");
    exec("PRAGMA synchronous = FULL");
  }
  ~RawDb() { sqlite3_close(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  void exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "?";
      sqlite3_free(err);
      throw std::runtime_error(std::string(sql) + ": " + msg);
    }
  }
  sqlite3_stmt* prepare(const char* sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK) {
      die_sqlite(db_, std::string("prepare ") + sql);
    }
    return st;
  }
  sqlite3* raw() { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

struct StmtDeleter {
  void operator()(sqlite3_stmt* st) const { sqlite3_finalize(st); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, StmtDeleter>;

// Reads every column of the current row, as a client of the shell would.
size_t consume_row(sqlite3_stmt* st) {
  size_t bytes = 0;
  const int n = sqlite3_column_count(st);
  for (int i = 0; i < n; ++i) {
    if (sqlite3_column_type(st, i) == SQLITE_INTEGER) {
      bytes += static_cast<size_t>(sqlite3_column_int64(st, i) & 1);
    } else {
      const unsigned char* text = sqlite3_column_text(st, i);
      benchmark::DoNotOptimize(text);
      bytes += static_cast<size_t>(sqlite3_column_bytes(st, i));
    }
  }
  return bytes;
}

// CPU time of the whole process (every thread, including the store's writer thread) per
// operation, as counter "proc_cpu_us": measured by thread 0 around its timed loop and divided
// by the operations of all threads (each runs the same number of iterations).
class ProcessCpuPerOp {
 public:
  explicit ProcessCpuPerOp(benchmark::State& state) : state_(state), start_(now()) {}
  void report() {
    if (state_.thread_index() != 0 || state_.iterations() == 0) return;
    const double ops = static_cast<double>(state_.iterations()) * state_.threads();
    state_.counters["proc_cpu_us"] = (now() - start_) * 1e6 / ops;
  }

 private:
  static double now() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    auto secs = [](const timeval& tv) { return static_cast<double>(tv.tv_sec) + tv.tv_usec / 1e6; };
    return secs(ru.ru_utime) + secs(ru.ru_stime);
  }
  benchmark::State& state_;
  double start_;
};

// The shared database: created on first use, removed at exit.
class Env {
 public:
  static Env& get() {
    static Env env;
    return env;
  }

  bb::Store& store() { return *store_; }
  const std::string& path() const { return db_path_; }
  const bb::MunicipalitySettings& settings() const { return settings_; }
  int64_t case_count() const { return case_count_; }
  // Case ids in a scattered order (not one hot row).
  int64_t id_at(uint64_t i) const {
    return static_cast<int64_t>((i * 7919u) % static_cast<uint64_t>(case_count_)) + 1;
  }

  ~Env() {
    store_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

 private:
  Env() : clock_(std::chrono::sys_days{std::chrono::year{2024} / 3 / 14} + std::chrono::hours{9}) {
    std::string templ = (fs::temp_directory_path() / "brobygger-store-bench.XXXXXX").string();
    if (!mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
    dir_ = templ;
    db_path_ = (fs::path(dir_) / "bench.db").string();
    settings_ = bb::default_settings("Benchrup Kommune");
    store_ = bb::open_store(db_path_, clock_);
    seed();
  }

  // Realistic cases (the generator behind `brobygger generate`), written through the store
  // from several threads so group commit shares the fsyncs.
  void seed() {
    int count = 10000;
    if (const char* env = std::getenv("BB_BENCH_CASES")) count = std::max(100, std::atoi(env));
    bb::cli::DemoOptions opt;
    opt.count = count;
    opt.seed = 1;
    opt.today = kToday;
    opt.with_journal = false;
    const auto demo = bb::cli::make_demo_cases(opt, settings_);
    std::vector<bb::Case> cases;
    cases.reserve(demo.size());
    for (const auto& d : demo) {
      bb::CaseDraft draft = d.draft;
      draft.assignee_id.reset();  // no users in this database
      auto c = bb::validate_new_case(draft, settings_, kToday);
      if (c) cases.push_back(*c);
    }
    const auto started = std::chrono::steady_clock::now();
    std::atomic<size_t> next{0};
    std::atomic<int> failed{0};
    std::vector<std::thread> writers;
    for (int t = 0; t < 16; ++t) {
      writers.emplace_back([&] {
        const bb::Actor actor = bench_actor();
        for (size_t i = next++; i < cases.size(); i = next++) {
          if (!store_->cases().create(cases[i], actor)) ++failed;
        }
      });
    }
    for (auto& w : writers) w.join();
    if (failed > 0) throw std::runtime_error("seeding: some creates failed");
    case_count_ = static_cast<int64_t>(cases.size());
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::fprintf(stderr, "store_bench: seeded %lld cases in %.1f s into %s\n",
                 static_cast<long long>(case_count_), secs, db_path_.c_str());
  }

  bb::FixedClock clock_;
  std::string dir_;
  std::string db_path_;
  bb::MunicipalitySettings settings_;
  std::unique_ptr<bb::Store> store_;
  int64_t case_count_ = 0;
};

// ---------------------------------------------------------------------------------------------
// (a) Read one case by id

void BM_Store_CaseGet(benchmark::State& state) {
  Env& env = Env::get();
  const bb::Actor actor = bench_actor();
  uint64_t i = static_cast<uint64_t>(state.thread_index()) * 1000;
  ProcessCpuPerOp cpu(state);
  for (auto _ : state) {
    auto c = env.store().cases().get(env.id_at(i++), actor);
    if (!c) {
      state.SkipWithError("cases().get failed");
      break;
    }
    benchmark::DoNotOptimize(c->summary.data());
  }
  cpu.report();
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Store_CaseGet)->UseRealTime()->Threads(1)->Threads(8);

// What GET /api/v1/cases/{id} asks of the store (src/web/api.cc get_case): the case with its
// journal and attachments from one read transaction, and one audit entry ("case.read")
// committed through group commit.
void BM_Store_CaseReadRecord(benchmark::State& state) {
  Env& env = Env::get();
  const bb::Actor actor = bench_actor();
  uint64_t i = static_cast<uint64_t>(state.thread_index()) * 1000;
  ProcessCpuPerOp cpu(state);
  for (auto _ : state) {
    auto r = env.store().cases().read_record(env.id_at(i++), actor);
    if (!r) {
      state.SkipWithError("cases().read_record failed");
      break;
    }
    benchmark::DoNotOptimize(r->journal.size() + r->attachments.size());
  }
  cpu.report();
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Store_CaseReadRecord)->UseRealTime()->Threads(1)->Threads(8);

void BM_Raw_SelectCaseById(benchmark::State& state) {
  Env& env = Env::get();
  RawDb db(env.path());
  Stmt st(db.prepare("SELECT * FROM cases WHERE id = ?"));
  uint64_t i = static_cast<uint64_t>(state.thread_index()) * 1000;
  ProcessCpuPerOp cpu(state);
  for (auto _ : state) {
    sqlite3_bind_int64(st.get(), 1, env.id_at(i++));
    if (sqlite3_step(st.get()) != SQLITE_ROW) {
      state.SkipWithError("no row");
      break;
    }
    benchmark::DoNotOptimize(consume_row(st.get()));
    sqlite3_reset(st.get());
  }
  cpu.report();
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Raw_SelectCaseById)->UseRealTime()->Threads(1)->Threads(8);

// ---------------------------------------------------------------------------------------------
// (b) Durable create

void BM_Store_CaseCreate(benchmark::State& state) {
  Env& env = Env::get();
  const bb::Actor actor = bench_actor();
  const bb::Case draft = make_case(env.settings());
  ProcessCpuPerOp cpu(state);
  for (auto _ : state) {
    auto c = env.store().cases().create(draft, actor);
    if (!c) {
      state.SkipWithError("cases().create failed");
      break;
    }
    benchmark::DoNotOptimize(c->id);
  }
  cpu.report();
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Store_CaseCreate)->UseRealTime()->Threads(1)->Threads(8);

std::atomic<int64_t> g_raw_number{0};

void BM_Raw_InsertCase(benchmark::State& state) {
  Env& env = Env::get();
  const bb::Case c = make_case(env.settings());
  RawDb db(env.path());
  Stmt ins(
      db.prepare("INSERT INTO cases(number, received, channel, summary, citizen_name, status, "
                 "first_response_due, created_at, updated_at) VALUES (?,?,?,?,?,'ny',?,?,?)"));
  Stmt begin(db.prepare("BEGIN IMMEDIATE"));
  Stmt commit(db.prepare("COMMIT"));
  const std::string received = c.received.iso();
  const std::string due = c.first_response_due.iso();
  const std::string now = "2024-03-14T09:00:00Z";
  ProcessCpuPerOp cpu(state);
  for (auto _ : state) {
    const std::string number = "raw-" + std::to_string(++g_raw_number);
    if (sqlite3_step(begin.get()) != SQLITE_DONE) {
      state.SkipWithError(sqlite3_errmsg(db.raw()));
      break;
    }
    sqlite3_reset(begin.get());
    sqlite3_stmt* st = ins.get();
    sqlite3_bind_text(st, 1, number.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, received.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, "telefon", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, c.summary.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, c.citizen.name.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, due.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, now.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, now.c_str(), -1, SQLITE_STATIC);
    const int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
      state.SkipWithError(sqlite3_errmsg(db.raw()));
      db.exec("ROLLBACK");
      break;
    }
    if (sqlite3_step(commit.get()) != SQLITE_DONE) {
      state.SkipWithError(sqlite3_errmsg(db.raw()));
      break;
    }
    sqlite3_reset(commit.get());
  }
  cpu.report();
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Raw_InsertCase)->UseRealTime()->Threads(1)->Threads(8);

// ---------------------------------------------------------------------------------------------
// (c) Full-text search

// Search terms (prefix match) in the generated cases: a common one, in about half of the
// summaries, and a rare one, in about 2 %. Both the store and the raw query must sort every
// match by date to return the 50 newest, so the cost grows with the number of matches.
const char* const kSearchTerms[] = {"afslag", "tolk"};

void BM_Store_Search(benchmark::State& state) {
  Env& env = Env::get();
  const bb::Actor actor = bench_actor();
  const char* term = kSearchTerms[state.range(0)];
  state.SetLabel(term);
  size_t found = 0;
  ProcessCpuPerOp cpu(state);
  for (auto _ : state) {
    bb::CaseFilter f;
    f.q = term;
    f.limit = 50;
    auto page = env.store().cases().list(f, actor);
    if (!page) {
      state.SkipWithError("cases().list failed");
      break;
    }
    found += page->items.size();
  }
  cpu.report();
  state.SetItemsProcessed(state.iterations());
  state.counters["hits"] =
      state.iterations() ? static_cast<double>(found) / static_cast<double>(state.iterations()) : 0;
}
BENCHMARK(BM_Store_Search)->UseRealTime()->Arg(0)->Arg(1);

void BM_Raw_Search(benchmark::State& state) {
  Env& env = Env::get();
  const char* term = kSearchTerms[state.range(0)];
  state.SetLabel(term);
  RawDb db(env.path());
  Stmt st(
      db.prepare("SELECT c.* FROM case_fts f JOIN cases c ON c.id = f.rowid % 4294967296 "
                 "WHERE f.case_fts MATCH ? ORDER BY f.rowid DESC LIMIT 50"));
  // The FTS5 query the store builds from the same input: a quoted prefix term.
  const std::string match = std::string("\"") + term + "\"*";
  size_t found = 0;
  ProcessCpuPerOp cpu(state);
  for (auto _ : state) {
    sqlite3_bind_text(st.get(), 1, match.c_str(), -1, SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
      benchmark::DoNotOptimize(consume_row(st.get()));
      ++found;
    }
    sqlite3_reset(st.get());
    if (rc != SQLITE_DONE) {
      state.SkipWithError(sqlite3_errmsg(db.raw()));
      break;
    }
  }
  cpu.report();
  state.SetItemsProcessed(state.iterations());
  state.counters["hits"] =
      state.iterations() ? static_cast<double>(found) / static_cast<double>(state.iterations()) : 0;
}
BENCHMARK(BM_Raw_Search)->UseRealTime()->Arg(0)->Arg(1);

}  // namespace

BENCHMARK_MAIN();
