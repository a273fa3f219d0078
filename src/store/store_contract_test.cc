// The store contract: every Store implementation must pass these. Parameterised by backend:
// SQLite always; PostgreSQL when BROBYGGER_TEST_PG names a server the tests may create
// databases on (scripts/pg_cluster.sh starts a throwaway one; the test command does).
#include <gtest/gtest.h>
#include <pqxx/pqxx>
#include <sodium.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <thread>

#include "store/sql/sql_store.h"
#include "store/store.h"

namespace bb {
namespace {

namespace fs = std::filesystem;

struct Backend {
  std::string name;
  std::function<std::string(const fs::path& dir)> url;
  std::function<void(const std::string& url)> drop = [](const std::string&) {};
  // The database a backup file restores to (SQLite: the file itself).
  std::function<std::string(const std::string& backup, const fs::path& dir)> restore =
      [](const std::string& backup, const fs::path&) { return backup; };
};

// A fresh database per test on the server BROBYGGER_TEST_PG names, dropped afterwards.
std::string postgres_database(const fs::path& dir) {
  const std::string admin = std::getenv("BROBYGGER_TEST_PG");
  const std::string name = "bb_" + dir.filename().string();
  pqxx::connection c(admin);
  pqxx::nontransaction(c).exec("CREATE DATABASE " + name);
  return admin.substr(0, admin.rfind('/') + 1) + name;
}

void drop_postgres_database(const std::string& url) {
  pqxx::connection c(std::getenv("BROBYGGER_TEST_PG"));
  pqxx::nontransaction(c).exec("DROP DATABASE IF EXISTS " + url.substr(url.rfind('/') + 1) + " WITH (FORCE)");
}

// pg_restore of a pg_dump file into a fresh database.
std::string restore_postgres(const std::string& backup, const fs::path& dir) {
  const std::string url = postgres_database(fs::path(dir.string() + "_restored"));
  const std::string cmd = "pg_restore --no-owner --dbname='" + url + "' '" + backup + "' 2>&1";
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("pg_restore failed");
  return url;
}

std::vector<Backend> backends() {
  std::vector<Backend> out{{"sqlite", [](const fs::path& dir) { return (dir / "t.db").string(); }}};
  const char* pg = std::getenv("BROBYGGER_TEST_PG");
  if (pg && *pg) out.push_back({"postgresql", postgres_database, drop_postgres_database, restore_postgres});
  return out;
}

// Names the backend in test output instead of dumping its bytes.
void PrintTo(const Backend& b, std::ostream* os) { *os << b.name; }

class StoreContractTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("bb_store_" + std::to_string(::getpid()) + "_" +
                                        std::to_string(counter_++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    url_ = GetParam().url(dir_);
    store_ = open_store(url_, clock_);
    settings_ = default_settings("Testrup Kommune");
  }
  void TearDown() override {
    store_.reset();
    GetParam().drop(url_);
    fs::remove_all(dir_);
  }

  Case Draft(const std::string& received = "2024-03-14", const std::string& summary =
                 "Borgeren har fået afslag på hjælp til briller og forstår ikke brevet.") {
    CaseDraft d;
    d.received = received;
    d.channel = "telefon";
    d.reasons = {"forstaa", "klage"};
    d.departments = {"Ydelser", "Borgerservice"};
    d.summary = summary;
    d.citizen.name = "Søren Ærø Åberg";
    d.citizen.cpr = "0707614285";
    return validate_new_case(d, settings_, Date(2024, 12, 31)).value();
  }

  // Helpers for the systemic-work tests.
  Recommendation Rec(const std::string& issued, std::vector<int64_t> cases = {}) {
    Recommendation r;
    r.title = "Begrund afslag på hjælpemidler";
    r.text = "Forvaltningen bør altid henvise til de konkrete regler.";
    r.departments = {"Ydelser"};
    r.case_ids = std::move(cases);
    r.issued = *Date::parse_iso(issued);
    r.response_due = r.issued.plus_days(28);
    return r;
  }
  Investigation Inv(const std::string& started, std::vector<int64_t> cases = {}) {
    Investigation i;
    i.topic = "Partshøring i Jobcenter";
    i.departments = {"Jobcenter", "Ydelser"};
    i.case_ids = std::move(cases);
    i.signals = {"2024Q1:theme:Jobcenter:partshoering", "2023Q4:time:Jobcenter:closing"};
    i.method = "gennemgang af 20 sager";
    i.started = *Date::parse_iso(started);
    i.period_from = Date(2023, 10, 1);
    i.period_to = Date(2024, 3, 31);
    return i;
  }
  Complaint Compl(int64_t case_id) {
    Complaint c;
    c.case_id = case_id;
    c.department = "Ydelser";
    c.area = "social";
    c.body = "Ankestyrelsen";
    c.decision_date = Date(2024, 1, 10);
    c.decision_received = Date(2024, 1, 12);
    c.deadline = Date(2024, 2, 9);
    return c;
  }
  // The status entries on a case's journal, oldest first.
  std::vector<std::string> StatusEntries(int64_t case_id) {
    std::vector<std::string> out;
    auto journal = store_->journal().for_case(case_id, advisor_);
    EXPECT_TRUE(journal);
    if (!journal) return out;
    for (const auto& e : *journal) {
      if (e.kind == JournalKind::kStatus) out.push_back(e.text);
    }
    return out;
  }
  bool HasEntry(int64_t case_id, const std::string& text) {
    const auto entries = StatusEntries(case_id);
    return std::find(entries.begin(), entries.end(), text) != entries.end();
  }
  int64_t CaseId(const std::string& received = "2024-03-14") {
    auto c = store_->cases().create(Draft(received), advisor_);
    EXPECT_TRUE(c);
    return c ? c->id : 0;
  }
  // The newest audit entry.
  AuditEntry LastAudit() {
    auto entries = store_->audit().list({std::nullopt, 1});
    EXPECT_EQ(entries.size(), 1u);
    return entries.empty() ? AuditEntry{} : entries.front();
  }
  static StatPeriod Period(const Date& from, const Date& to, const std::string& label) {
    StatPeriod p;
    p.kind = StatPeriod::Kind::kWindow;
    p.from = from;
    p.to = to;
    p.label = label;
    return p;
  }

  Actor advisor_{1, "Anne Rådgiver", Role::kAdvisor, "127.0.0.1"};
  FixedClock clock_{*parse_utc("2024-03-20T09:00:00Z")};
  MunicipalitySettings settings_;
  fs::path dir_;
  std::string url_;
  std::unique_ptr<Store> store_;
  static inline int counter_ = 0;
};

TEST_P(StoreContractTest, CreateAssignsRunningNumbersPerYear) {
  auto a = store_->cases().create(Draft("2024-03-14"), advisor_);
  auto b = store_->cases().create(Draft("2024-03-15"), advisor_);
  auto c = store_->cases().create(Draft("2023-12-30"), advisor_);
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->number, "2024-0001");
  EXPECT_EQ(b->number, "2024-0002");
  EXPECT_EQ(c->number, "2023-0001");
  EXPECT_GT(a->id, 0);
  EXPECT_EQ(a->version, 1);
}

TEST_P(StoreContractTest, CreateManyWritesEveryCaseAsCreateDoesAllOrNothing) {
  auto first = store_->cases().create(Draft("2024-03-01"), advisor_);
  ASSERT_TRUE(first);
  std::vector<NewCase> batch(3);
  batch[0].c = Draft("2024-03-02");
  batch[0].notes = {{JournalKind::kCall, "Talt med borgeren om tandlægeregningen."}};
  batch[1].c = Draft("2024-03-03");
  batch[1].themes = {{"partshoering", "Ydelser", "manual", true, "Ingen partshøring."}};
  batch[2].c = Draft("2023-11-30");
  auto ids = store_->cases().create_many(batch, advisor_);
  ASSERT_TRUE(ids);
  ASSERT_EQ(ids->size(), 3u);
  auto a = store_->cases().get((*ids)[0], advisor_);
  auto c = store_->cases().get((*ids)[2], advisor_);
  ASSERT_TRUE(a && c);
  EXPECT_EQ(a->number, "2024-0002");  // after the one create() made
  EXPECT_EQ(c->number, "2023-0001");
  EXPECT_EQ(a->version, 1);
  auto journal = store_->journal().for_case(a->id, advisor_);
  ASSERT_TRUE(journal);
  ASSERT_EQ(journal->size(), 2u);
  EXPECT_EQ((*journal)[0].text, "created");
  EXPECT_EQ((*journal)[1].text, "Talt med borgeren om tandlægeregningen.");
  CaseFilter f;
  f.q = "tandlægeregningen";
  auto found = store_->cases().list(f, advisor_);
  ASSERT_TRUE(found);
  ASSERT_EQ(found->items.size(), 1u);
  EXPECT_EQ(found->items[0].id, a->id);
  auto themes = store_->cases().themes((*ids)[1]);
  ASSERT_EQ(themes.size(), 1u);
  EXPECT_TRUE(themes[0].criticism);
  EXPECT_TRUE(store_->audit().verify().ok);
  // One unknown theme refuses the whole batch: nothing of it is stored, no number is used.
  std::vector<NewCase> bad(2);
  bad[0].c = Draft("2024-03-04");
  bad[1].c = Draft("2024-03-05");
  bad[1].themes = {{"findes_ikke", "Ydelser", "manual", false, ""}};
  EXPECT_FALSE(store_->cases().create_many(bad, advisor_));
  auto next = store_->cases().create(Draft("2024-03-06"), advisor_);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->number, "2024-0004");
}

// More cases than one multi-row statement takes (500), over two years: every id must belong to
// the number the store gave it, the numbers run on per year, and the chain holds.
TEST_P(StoreContractTest, CreateManyKeepsIdsAndNumbersTogetherAcrossBatches) {
  std::vector<NewCase> batch(1203);
  for (size_t i = 0; i < batch.size(); ++i) {
    batch[i].c = Draft(i % 3 == 0 ? "2023-06-01" : "2024-02-01");
    batch[i].c.summary = "Sag nummer " + std::to_string(i);
    batch[i].notes = {{JournalKind::kNote, "Note til sag " + std::to_string(i)}};
  }
  auto ids = store_->cases().create_many(batch, advisor_);
  ASSERT_TRUE(ids);
  ASSERT_EQ(ids->size(), batch.size());
  int in_2023 = 0, in_2024 = 0;
  for (size_t i = 0; i < batch.size(); i += 97) {
    auto c = store_->cases().get((*ids)[i], advisor_);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->summary, batch[i].c.summary);
    auto journal = store_->journal().for_case(c->id, advisor_);
    ASSERT_TRUE(journal);
    ASSERT_EQ(journal->size(), 2u);
    EXPECT_EQ((*journal)[1].text, "Note til sag " + std::to_string(i));
  }
  for (size_t i = 0; i < batch.size(); ++i) (i % 3 == 0 ? in_2023 : in_2024)++;
  auto last_2023 = store_->cases().get(ids->at(1200), advisor_);
  auto last_2024 = store_->cases().get(ids->at(1202), advisor_);
  ASSERT_TRUE(last_2023 && last_2024);
  char expect[16];
  std::snprintf(expect, sizeof expect, "2023-%04d", in_2023);
  EXPECT_EQ(last_2023->number, expect);
  std::snprintf(expect, sizeof expect, "2024-%04d", in_2024);
  EXPECT_EQ(last_2024->number, expect);
  CaseFilter f;
  f.q = "Note til sag 1202";
  auto found = store_->cases().list(f, advisor_);
  ASSERT_TRUE(found);
  ASSERT_EQ(found->items.size(), 1u);
  EXPECT_EQ(found->items[0].id, ids->at(1202));
  const auto chain = store_->audit().verify();
  EXPECT_TRUE(chain.ok);
  EXPECT_GE(chain.checked, 1203);
}

TEST_P(StoreContractTest, CaseRoundTripsEveryField) {
  Case draft = Draft();
  draft.citizen.address = "Torvet 1, 9999 Holmstrup";
  draft.citizen.needs = "tolk (arabisk)";
  draft.consent = {ConsentState::kGiven, Date(2024, 3, 14), ConsentForm::kWritten};
  auto created = store_->cases().create(draft, advisor_);
  ASSERT_TRUE(created);
  auto got = store_->cases().get(created->id, advisor_);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->received, draft.received);
  EXPECT_EQ(got->reasons, draft.reasons);
  EXPECT_EQ(got->departments, draft.departments);
  EXPECT_EQ(got->summary, draft.summary);
  EXPECT_EQ(got->citizen.name, "Søren Ærø Åberg");
  EXPECT_EQ(got->citizen.cpr, "0707614285");
  EXPECT_EQ(got->citizen.needs, "tolk (arabisk)");
  EXPECT_EQ(got->consent.state, ConsentState::kGiven);
  EXPECT_EQ(got->consent.form, ConsentForm::kWritten);
  EXPECT_EQ(got->first_response_due, draft.first_response_due);
  EXPECT_EQ(got->created_at, "2024-03-20T09:00:00Z");
}

TEST_P(StoreContractTest, UnknownCaseIsNotFound) {
  auto got = store_->cases().get(4242, advisor_);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::kNotFound);
}

TEST_P(StoreContractTest, UpdateWritesJournalAndChecksVersion) {
  auto created = store_->cases().create(Draft(), advisor_);
  CasePatch p;
  p.status = "i_gang";
  auto up = apply_patch(*created, p, settings_, Date(2024, 3, 20), true);
  ASSERT_TRUE(up);
  auto saved = store_->cases().update(*up, advisor_);
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->status, CaseStatus::kIGang);
  EXPECT_EQ(saved->version, 2);
  // A second update based on the stale version is refused, and nothing changes.
  auto stale = store_->cases().update(*up, advisor_);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  auto journal = store_->journal().for_case(created->id, advisor_);
  ASSERT_TRUE(journal);
  ASSERT_EQ(journal->size(), 2u);  // "created" and the status change
  EXPECT_EQ((*journal)[1].kind, JournalKind::kStatus);
  EXPECT_EQ((*journal)[1].text, "status:ny:i_gang");
}

TEST_P(StoreContractTest, JournalAppendsCorrectionsAndMarksFirstResponse) {
  auto c = store_->cases().create(Draft(), advisor_);
  JournalEntry note;
  note.kind = JournalKind::kCall;
  note.text = "Ringede til borgeren kl. 10.";
  auto first = store_->journal().append(c->id, note, advisor_);
  ASSERT_TRUE(first);
  JournalEntry fix;
  fix.kind = JournalKind::kNote;
  fix.text = "Rettelse: opkaldet var kl. 11.";
  fix.corrects = first->id;
  ASSERT_TRUE(store_->journal().append(c->id, fix, advisor_));
  fix.corrects = 99999;
  auto bad = store_->journal().append(c->id, fix, advisor_);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().fields.count("corrects"), 1u);
  auto after = store_->cases().get(c->id, advisor_);
  EXPECT_EQ(after->first_response_on, Date(2024, 3, 20));
  EXPECT_FALSE(store_->journal().append(777, note, advisor_));
}

TEST_P(StoreContractTest, SearchKeepsDanishLettersDistinct) {
  auto a = store_->cases().create(Draft("2024-03-14", "Spørgsmål om bål i haven"), advisor_);
  auto b = store_->cases().create(Draft("2024-03-15", "Spørgsmål om bal på skolen"), advisor_);
  ASSERT_TRUE(a && b);
  CaseFilter f;
  f.q = "bål";
  auto page = store_->cases().list(f, advisor_);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].id, a->id);
  f.q = "bal";
  page = store_->cases().list(f, advisor_);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].id, b->id);
}

TEST_P(StoreContractTest, SearchFindsJournalTextCitizenNameAndNumber) {
  auto c = store_->cases().create(Draft(), advisor_);
  JournalEntry e;
  e.kind = JournalKind::kNote;
  e.text = "Forvaltningen lovede genvurdering inden fredag.";
  ASSERT_TRUE(store_->journal().append(c->id, e, advisor_));
  for (const char* q : {"genvurdering", "ærø", "Åberg", "2024-0001", "genvur"}) {
    CaseFilter f;
    f.q = q;
    auto page = store_->cases().list(f, advisor_);
    ASSERT_TRUE(page) << q;
    EXPECT_EQ(page->items.size(), 1u) << q;
  }
  CaseFilter f;
  f.q = "\"unbalanced AND (OR* NEAR";  // FTS syntax in input must not break or inject
  auto page = store_->cases().list(f, advisor_);
  ASSERT_TRUE(page);
  EXPECT_TRUE(page->items.empty());
}

TEST_P(StoreContractTest, FiltersAndCursorPaging) {
  for (int i = 1; i <= 25; ++i) {
    char date[16];
    std::snprintf(date, sizeof date, "2024-02-%02d", i);
    Case d = Draft(date);
    if (i % 5 == 0) d.departments = {"Jobcenter"};
    ASSERT_TRUE(store_->cases().create(d, advisor_));
  }
  CaseFilter f;
  f.department = "Jobcenter";
  EXPECT_EQ(store_->cases().list(f, advisor_)->items.size(), 5u);
  f = {};
  f.from = Date(2024, 2, 10);
  f.to = Date(2024, 2, 19);
  EXPECT_EQ(store_->cases().list(f, advisor_)->items.size(), 10u);
  f = {};
  f.reason = Reason::kHoert;
  EXPECT_TRUE(store_->cases().list(f, advisor_)->items.empty());

  f = {};
  f.limit = 10;
  std::vector<int64_t> seen;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = store_->cases().list(f, advisor_);
    ASSERT_TRUE(page);
    for (const auto& c : page->items) seen.push_back(c.id);
    if (page->next.empty()) break;
    f.cursor = page->next;
  }
  ASSERT_EQ(seen.size(), 25u);
  EXPECT_EQ(std::set<int64_t>(seen.begin(), seen.end()).size(), 25u);
  f.cursor = "garbage";
  auto bad = store_->cases().list(f, advisor_);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().fields.count("cursor"), 1u);
  // A cursor with an id past any case's overflowed the search key (signed overflow, UBSan).
  f.q = "sag";
  for (const char* cursor : {"2024-02-10_9223372036854775807", "2024-02-10_0", "2024-02-10_-5"}) {
    f.cursor = cursor;
    auto huge = store_->cases().list(f, advisor_);
    ASSERT_FALSE(huge) << cursor;
    EXPECT_EQ(huge.error().fields.count("cursor"), 1u) << cursor;
  }
}

// Search results come in the list's order (newest received first, then highest id), also when
// cases were registered out of order, page by page; an update that moves the received date and
// a journal entry both keep the search row right.
TEST_P(StoreContractTest, SearchFollowsTheListOrderAcrossPagesAndUpdates) {
  const std::string text = "Vandskade i lejligheden, borgeren venter på svar.";
  auto march = store_->cases().create(Draft("2024-03-01", text), advisor_);
  auto january = store_->cases().create(Draft("2024-01-10", text), advisor_);
  auto february = store_->cases().create(Draft("2024-02-15", text), advisor_);
  auto february_later = store_->cases().create(Draft("2024-02-15", text), advisor_);
  ASSERT_TRUE(march && january && february && february_later);
  ASSERT_TRUE(store_->cases().create(Draft("2024-03-02"), advisor_));  // does not match
  auto search = [&](const std::string& q) {
    std::vector<int64_t> ids;
    CaseFilter f;
    f.q = q;
    f.limit = 2;
    for (int pages = 0; pages < 5; ++pages) {
      auto page = store_->cases().list(f, advisor_);
      EXPECT_TRUE(page);
      if (!page) break;
      for (const auto& c : page->items) ids.push_back(c.id);
      if (page->next.empty()) break;
      f.cursor = page->next;
    }
    return ids;
  };
  EXPECT_EQ(search("vandskade"),
            (std::vector<int64_t>{march->id, february_later->id, february->id, january->id}));
  // The January case's received date is corrected to April (the store allows it, though no
  // form offers it today): it comes first now.
  CaseUpdate up;
  up.updated = *january;
  up.updated.received = Date(2024, 4, 2);
  ASSERT_TRUE(store_->cases().update(up, advisor_));
  EXPECT_EQ(search("vandskade"),
            (std::vector<int64_t>{january->id, march->id, february_later->id, february->id}));
  // A journal note is found, and the case is still found by its summary once only.
  JournalEntry note;
  note.kind = JournalKind::kNote;
  note.text = "Forsikringsselskabet har svaret.";
  ASSERT_TRUE(store_->journal().append(february->id, note, advisor_));
  EXPECT_EQ(search("forsikringsselskabet"), (std::vector<int64_t>{february->id}));
  EXPECT_EQ(search("vandskade svar").size(), 4u);
}

TEST_P(StoreContractTest, ReadRecordIsOneSnapshotAndOneAuditEntry) {
  auto c = store_->cases().create(Draft(), advisor_);
  JournalEntry e;
  e.kind = JournalKind::kNote;
  e.text = "Notat";
  ASSERT_TRUE(store_->journal().append(c->id, e, advisor_));
  ASSERT_TRUE(store_->attachments().add(c->id, "a.txt", "tekst\n", advisor_));
  const size_t before = store_->audit().list({c->id, 100}).size();
  auto r = store_->cases().read_record(c->id, advisor_);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->c.id, c->id);
  EXPECT_EQ(r->journal.size(), 2u);  // "created" and the note
  EXPECT_EQ(r->attachments.size(), 1u);
  auto entries = store_->audit().list({c->id, 100});
  EXPECT_EQ(entries.size(), before + 1);
  EXPECT_EQ(entries.front().action, "case.read");
  EXPECT_EQ(store_->cases().read_record(c->id + 100, advisor_).error().code, ErrorCode::kNotFound);
}

TEST_P(StoreContractTest, ThemesAreAddedOnceAndChecked) {
  auto c = store_->cases().create(Draft(), advisor_);
  ASSERT_TRUE(store_->cases().add_themes(c->id, {{"begrundelse", "Ydelser", "letter", false, ""}, {"klagevejledning", "", "letter", false, ""}}, advisor_));
  ASSERT_TRUE(store_->cases().add_themes(c->id, {{"begrundelse", "Ydelser", "manual", false, ""}}, advisor_));
  auto themes = store_->cases().themes(c->id);
  ASSERT_EQ(themes.size(), 2u);
  EXPECT_EQ(themes[0].source, "letter");
  auto bad = store_->cases().add_themes(c->id, {{"kaffe", "", "manual", false, ""}}, advisor_);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().fields.count("themes"), 1u);
  EXPECT_EQ(store_->cases().add_themes(c->id + 99, {{"andet", "", "manual", false, ""}}, advisor_).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->cases().themes(c->id).size(), 2u);
}

TEST_P(StoreContractTest, EveryCaseReadAndWriteIsAudited) {
  auto c = store_->cases().create(Draft(), advisor_);
  ASSERT_TRUE(store_->cases().get(c->id, advisor_));
  ASSERT_TRUE(store_->journal().for_case(c->id, advisor_));
  auto entries = store_->audit().list({c->id, 50});
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].action, "journal.read");
  EXPECT_EQ(entries[1].action, "case.read");
  EXPECT_EQ(entries[2].action, "case.create");
  EXPECT_EQ(entries[1].actor, "Anne Rådgiver");
  EXPECT_EQ(entries[1].ip, "127.0.0.1");
  for (const auto& e : store_->audit().list({std::nullopt, 1000})) {
    EXPECT_EQ(e.detail.find("0707614285"), std::string::npos) << "CPR leaked into audit";
  }
  auto check = store_->audit().verify();
  EXPECT_TRUE(check.ok);
  EXPECT_EQ(check.checked, 3);
}

TEST_P(StoreContractTest, ConcurrentWritersNeverRepeatNumbersAndChainHolds) {
  constexpr int kThreads = 8, kEach = 25;
  std::vector<std::thread> threads;
  std::mutex mu;
  std::set<std::string> numbers;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        auto c = store_->cases().create(Draft(), advisor_);
        ASSERT_TRUE(c);
        std::lock_guard lock(mu);
        numbers.insert(c->number);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(numbers.size(), static_cast<size_t>(kThreads * kEach));
  auto check = store_->audit().verify();
  EXPECT_TRUE(check.ok);
  EXPECT_EQ(check.checked, kThreads * kEach);
}

TEST_P(StoreContractTest, AcknowledgedWritesSurviveReopen) {
  auto c = store_->cases().create(Draft(), advisor_);
  store_.reset();
  store_ = open_store(url_, clock_);
  auto got = store_->cases().get(c->id, advisor_);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->number, c->number);
  EXPECT_TRUE(store_->audit().verify().ok);
}

TEST_P(StoreContractTest, AttachmentsCheckedByContentAndReadBack) {
  auto c = store_->cases().create(Draft(), advisor_);
  const std::string pdf = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n";
  auto a = store_->attachments().add(c->id, "../../brev fra kommunen.pdf", pdf, advisor_);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->mime, "application/pdf");
  EXPECT_EQ(a->filename, "brev fra kommunen.pdf");
  auto back = store_->attachments().read(c->id, a->id, advisor_);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->second, pdf);
  // Lies about the type, wrong case, too large.
  auto exe = store_->attachments().add(c->id, "brev.pdf", std::string("MZ\x90\0", 4), advisor_);
  ASSERT_FALSE(exe);
  EXPECT_EQ(exe.error().code, ErrorCode::kUnprocessable);
  EXPECT_FALSE(store_->attachments().read(c->id + 1, a->id, advisor_));
  auto big = store_->attachments().add(c->id, "x.txt", std::string(26u << 20, 'a'), advisor_);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(store_->attachments().for_case(c->id)->size(), 1u);
}

TEST_P(StoreContractTest, UsersSessionsAndTokens) {
  User u;
  u.email = "anne@holmstrup.dk";
  u.name = "Anne Rådgiver";
  u.role = Role::kAdvisor;
  u.password_hash = "$argon2id$fake";
  auto created = store_->users().create(u, Actor::system());
  ASSERT_TRUE(created);
  u.email = "ANNE@holmstrup.dk";
  auto dup = store_->users().create(u, Actor::system());
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(store_->users().find_by_email("Anne@Holmstrup.dk"));

  Session s{"hash1", created->id, "csrf1", "2024-03-20T09:00:00Z", "2024-03-20T09:00:00Z"};
  ASSERT_TRUE(store_->sessions().create_session(s));
  EXPECT_EQ(store_->sessions().find_session("hash1")->csrf_token, "csrf1");
  ASSERT_TRUE(store_->sessions().delete_sessions_idle_since("2024-03-20T10:00:00Z"));
  EXPECT_FALSE(store_->sessions().find_session("hash1"));

  ApiToken t;
  t.user_id = created->id;
  t.name = "test";
  t.token_hash = "tokhash";
  ASSERT_TRUE(store_->sessions().create_api_token(t, Actor::system()));
  EXPECT_EQ(store_->sessions().find_api_token("tokhash")->user_id, created->id);
  EXPECT_FALSE(store_->sessions().find_api_token("other"));

  ASSERT_TRUE(store_->users().record_login_failure(created->id, 5, "2024-03-20T09:15:00Z",
                                                   Actor::public_web("10.0.0.1")));
  EXPECT_EQ(store_->users().get(created->id)->locked_until, "2024-03-20T09:15:00Z");
  ASSERT_TRUE(store_->users().record_login_success(created->id, Actor::public_web("10.0.0.1")));
  EXPECT_EQ(store_->users().get(created->id)->failed_logins, 0);
}

TEST_P(StoreContractTest, SettingsRoundTrip) {
  MunicipalitySettings s = default_settings("Holmstrup Kommune");
  s.first_response_working_days = 7;
  s.departments.push_back("Særlige Tilbud");
  ASSERT_TRUE(store_->settings().save(s, Actor::system()));
  auto back = store_->settings().load();
  EXPECT_EQ(back.municipality, "Holmstrup Kommune");
  EXPECT_EQ(back.first_response_working_days, 7);
  EXPECT_TRUE(back.has_department("Særlige Tilbud"));
}

TEST_P(StoreContractTest, BackupIsAConsistentCopy) {
  auto c = store_->cases().create(Draft(), advisor_);
  ASSERT_TRUE(store_->attachments().add(c->id, "a.txt", "Hej med dig\n", advisor_));
  const std::string target = (dir_ / "backup.db").string();
  ASSERT_TRUE(store_->backup(target));
  EXPECT_FALSE(store_->backup(target));  // never overwrites
  FixedClock clock(*parse_utc("2024-03-21T09:00:00Z"));
  const std::string restored = GetParam().restore(target, dir_);
  {
    auto copy = open_store(restored, clock);
    auto got = copy->cases().get(c->id, advisor_);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->summary, c->summary);
    EXPECT_EQ(copy->attachments().for_case(c->id)->size(), 1u);
    auto bytes = copy->attachments().read(c->id, 1, advisor_);
    ASSERT_TRUE(bytes);
    EXPECT_EQ(bytes->second, "Hej med dig\n");
    EXPECT_TRUE(copy->audit().verify().ok);
  }
  if (restored != target) GetParam().drop(restored);
}

// ---------------------------------------------------------------------------------------------
// Systemic work: themes, recommendations, investigations, activities, complaints, signals,
// outbox.

TEST_P(StoreContractTest, ThemeListIsSeededInOrderWithDanishLabels) {
  auto list = store_->themes().list();
  ASSERT_EQ(list.size(), default_themes().size());
  for (size_t i = 0; i < list.size(); ++i) {
    EXPECT_EQ(list[i].code, default_themes()[i]);
    EXPECT_TRUE(list[i].active);
    EXPECT_FALSE(list[i].label.empty());
  }
  EXPECT_EQ(list[1].label, "Partshøring");
  EXPECT_EQ(list[8].label, "Tilgængelighed");
}

TEST_P(StoreContractTest, ThemeStoreAddsRenamesAndRetires) {
  ASSERT_TRUE(store_->themes().save({"boligstoette", "Boligstøtte", true, 0}, advisor_));
  auto list = store_->themes().list();
  ASSERT_EQ(list.size(), default_themes().size() + 1);
  EXPECT_EQ(list.back().code, "boligstoette");
  EXPECT_EQ(list.back().label, "Boligstøtte");
  const int position = list.back().position;
  EXPECT_EQ(LastAudit().action, "theme.save");

  // Changing the label and retiring keep the position.
  ASSERT_TRUE(store_->themes().save({"boligstoette", "Boligstøtte og ydelser", false, 99}, advisor_));
  list = store_->themes().list();
  ASSERT_EQ(list.size(), default_themes().size() + 1);
  EXPECT_EQ(list.back().code, "boligstoette");
  EXPECT_EQ(list.back().label, "Boligstøtte og ydelser");
  EXPECT_FALSE(list.back().active);
  EXPECT_EQ(list.back().position, position);

  for (const char* bad : {"", "x", "Store_bogstaver", "mellem rum", "æøå", "a-b"}) {
    auto r = store_->themes().save({bad, "Etiket", true, 0}, advisor_);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
    EXPECT_EQ(r.error().fields.count("code"), 1u) << bad;
  }
  for (const std::string& label : {std::string(), std::string("   "), std::string(101, 'a')}) {
    auto r = store_->themes().save({"nyt_tema", label, true, 0}, advisor_);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().fields.count("label"), 1u);
  }
  EXPECT_EQ(store_->themes().list().size(), default_themes().size() + 1);
  EXPECT_TRUE(store_->audit().verify().ok);
}

TEST_P(StoreContractTest, ThemeSetCriticismAndRemoveWriteTheJournal) {
  const int64_t id = CaseId();
  CaseTheme t{"partshoering", "Ydelser", "manual", false, ""};
  ASSERT_TRUE(store_->cases().set_theme(id, t, advisor_));
  EXPECT_EQ(LastAudit().action, "case.theme.set");
  EXPECT_EQ(LastAudit().case_id, id);
  t.criticism = true;
  t.criticism_text = "Borgeren blev ikke hørt før afgørelsen.";
  ASSERT_TRUE(store_->cases().set_theme(id, t, advisor_));
  auto themes = store_->cases().themes(id);
  ASSERT_EQ(themes.size(), 1u);
  EXPECT_TRUE(themes[0].criticism);
  EXPECT_EQ(themes[0].criticism_text, "Borgeren blev ikke hørt før afgørelsen.");
  EXPECT_EQ(themes[0].source, "manual");

  // The same theme for another department is another tag.
  ASSERT_TRUE(store_->cases().set_theme(id, {"partshoering", "", "letter", false, ""}, advisor_));
  EXPECT_EQ(store_->cases().themes(id).size(), 2u);

  auto missing = store_->cases().remove_theme(id, "begrundelse", "Ydelser", advisor_);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().message, "theme.not_on_case");
  ASSERT_TRUE(store_->cases().remove_theme(id, "partshoering", "", advisor_));
  EXPECT_EQ(LastAudit().action, "case.theme.remove");
  themes = store_->cases().themes(id);
  ASSERT_EQ(themes.size(), 1u);
  EXPECT_EQ(themes[0].department, "Ydelser");

  const std::vector<std::string> expected = {"created", "theme:added:partshoering:Ydelser",
                                             "theme:criticism:partshoering:Ydelser",
                                             "theme:added:partshoering:",
                                             "theme:removed:partshoering:"};
  EXPECT_EQ(StatusEntries(id), expected);
  for (const auto& e : store_->audit().list({std::nullopt, 1000})) {
    EXPECT_EQ(e.detail.find("hørt"), std::string::npos) << "criticism text leaked into audit";
  }
  EXPECT_TRUE(store_->audit().verify().ok);
}

TEST_P(StoreContractTest, UnknownAndRetiredThemesAreRefused) {
  const int64_t id = CaseId();
  auto unknown = store_->cases().set_theme(id, {"kaffe", "", "manual", false, ""}, advisor_);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(unknown.error().fields.count("theme"), 1u);
  EXPECT_EQ(store_->cases().set_theme(id + 99, {"andet", "", "manual", false, ""}, advisor_).error().code,
            ErrorCode::kNotFound);

  // A theme the office added is usable; once retired it is refused, in both ways of tagging.
  ASSERT_TRUE(store_->themes().save({"boligstoette", "Boligstøtte", true, 0}, advisor_));
  ASSERT_TRUE(store_->cases().set_theme(id, {"boligstoette", "", "manual", false, ""}, advisor_));
  ASSERT_TRUE(store_->cases().add_themes(id, {{"boligstoette", "Ydelser", "manual", false, ""}}, advisor_));
  ASSERT_TRUE(store_->themes().save({"boligstoette", "Boligstøtte", false, 0}, advisor_));
  ASSERT_TRUE(store_->themes().save({"andet", "Andet", false, 0}, advisor_));
  auto retired = store_->cases().set_theme(id, {"andet", "", "manual", false, ""}, advisor_);
  ASSERT_FALSE(retired);
  EXPECT_EQ(retired.error().fields.count("theme"), 1u);
  auto retired_add = store_->cases().add_themes(id, {{"andet", "", "manual", false, ""}}, advisor_);
  ASSERT_FALSE(retired_add);
  EXPECT_EQ(retired_add.error().fields.count("themes"), 1u);
  // Tags of a retired theme stay on the case.
  EXPECT_EQ(store_->cases().themes(id).size(), 2u);
  EXPECT_TRUE(HasEntry(id, "theme:added:boligstoette:Ydelser"));
  EXPECT_FALSE(HasEntry(id, "theme:added:andet:"));
}

TEST_P(StoreContractTest, RecommendationNumbersRunPerYearAndAreNeverReused) {
  auto a = store_->recommendations().create(Rec("2024-02-01"), advisor_);
  auto b = store_->recommendations().create(Rec("2024-03-01"), advisor_);
  auto c = store_->recommendations().create(Rec("2023-11-01"), advisor_);
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->number, "H-2024-01");
  EXPECT_EQ(b->number, "H-2024-02");
  EXPECT_EQ(c->number, "H-2023-01");
  EXPECT_EQ(a->version, 1);
  EXPECT_EQ(a->created_at, "2024-03-20T09:00:00Z");
  ASSERT_TRUE(store_->recommendations().remove(b->id, advisor_));
  auto d = store_->recommendations().create(Rec("2024-03-02"), advisor_);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->number, "H-2024-03");
  // Investigations count on their own.
  auto i = store_->investigations().create(Inv("2024-01-05"), advisor_);
  ASSERT_TRUE(i);
  EXPECT_EQ(i->number, "U-2024-01");
  for (int n = 0; n < 9; ++n) ASSERT_TRUE(store_->recommendations().create(Rec("2024-05-01"), advisor_));
  auto many = store_->recommendations().create(Rec("2024-05-01"), advisor_);
  EXPECT_EQ(many->number, "H-2024-13");
}

TEST_P(StoreContractTest, RecommendationRoundTripsVersionsAndHistory) {
  const int64_t case_id = CaseId();
  auto inv = store_->investigations().create(Inv("2024-01-05"), advisor_);
  ASSERT_TRUE(inv);
  Recommendation r = Rec("2024-03-01", {case_id});
  r.departments = {"Ydelser", "Jobcenter"};
  r.investigation_id = inv->id;
  auto created = store_->recommendations().create(r, advisor_);
  ASSERT_TRUE(created);
  EXPECT_EQ(LastAudit().action, "recommendation.create");
  auto got = store_->recommendations().get(created->id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->title, r.title);
  EXPECT_EQ(got->text, r.text);
  EXPECT_EQ(got->departments, r.departments);
  EXPECT_EQ(got->case_ids, r.case_ids);
  EXPECT_EQ(got->investigation_id, inv->id);
  EXPECT_EQ(got->issued, r.issued);
  EXPECT_EQ(got->response_due, r.response_due);
  EXPECT_EQ(got->status, RecommendationStatus::kAfventerSvar);
  EXPECT_FALSE(got->response_date);
  EXPECT_FALSE(got->follow_up_date);

  Recommendation edit = *got;
  edit.status = RecommendationStatus::kFulgt;
  edit.response_text = "Vi følger henstillingen.";
  edit.response_date = Date(2024, 3, 18);
  edit.follow_up_date = Date(2024, 9, 1);
  const std::vector<FieldChange> changes = {{"status", "afventer_svar", "fulgt"},
                                            {"response_date", "", "2024-03-18"}};
  auto saved = store_->recommendations().update(edit, changes, advisor_);
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->version, 2);
  EXPECT_EQ(saved->number, created->number);
  EXPECT_EQ(saved->status, RecommendationStatus::kFulgt);
  EXPECT_EQ(saved->response_date, Date(2024, 3, 18));
  EXPECT_EQ(saved->follow_up_date, Date(2024, 9, 1));
  EXPECT_EQ(LastAudit().action, "recommendation.update");

  // The same edit again is based on a stale version.
  auto stale = store_->recommendations().update(edit, changes, advisor_);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  EXPECT_EQ(store_->recommendations().get(created->id)->version, 2);
  Recommendation ghost = edit;
  ghost.id = 4242;
  EXPECT_EQ(store_->recommendations().update(ghost, {}, advisor_).error().code, ErrorCode::kNotFound);

  auto history = store_->recommendations().history(created->id);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].action, "create");
  EXPECT_EQ(history[0].actor, "Anne Rådgiver");
  EXPECT_EQ(history[1].action, "update");
  EXPECT_EQ(history[1].at, "2024-03-20T09:00:00Z");
  ASSERT_EQ(history[1].changes.size(), 2u);
  EXPECT_EQ(history[1].changes[0].field, "status");
  EXPECT_EQ(history[1].changes[0].before, "afventer_svar");
  EXPECT_EQ(history[1].changes[0].after, "fulgt");
  EXPECT_EQ(history[1].changes[1].after, "2024-03-18");

  // Deleting keeps the history.
  ASSERT_TRUE(store_->recommendations().remove(created->id, advisor_));
  EXPECT_EQ(LastAudit().action, "recommendation.delete");
  EXPECT_EQ(store_->recommendations().get(created->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->recommendations().remove(created->id, advisor_).error().code, ErrorCode::kNotFound);
  history = store_->recommendations().history(created->id);
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[2].action, "delete");
  for (const auto& e : store_->audit().list({std::nullopt, 1000})) {
    EXPECT_EQ(e.detail.find("hjælpemidler"), std::string::npos) << "title leaked into audit";
    EXPECT_EQ(e.detail.find("følger"), std::string::npos) << "response leaked into audit";
  }
  EXPECT_TRUE(store_->audit().verify().ok);
}

TEST_P(StoreContractTest, RecommendationWritesJournalOnLinkedCases) {
  const int64_t a = CaseId(), b = CaseId();
  auto r = store_->recommendations().create(Rec("2024-03-01", {a}), advisor_);
  ASSERT_TRUE(r);
  EXPECT_TRUE(HasEntry(a, "recommendation:H-2024-01:issued"));
  EXPECT_FALSE(HasEntry(b, "recommendation:H-2024-01:issued"));

  Recommendation edit = *r;
  edit.case_ids = {a, b};
  edit.status = RecommendationStatus::kDelvistFulgt;
  edit.response_text = "Delvist.";
  edit.response_date = Date(2024, 3, 19);
  auto v2 = store_->recommendations().update(edit, {{"status", "afventer_svar", "delvist_fulgt"}}, advisor_);
  ASSERT_TRUE(v2);
  EXPECT_TRUE(HasEntry(b, "recommendation:H-2024-01:linked"));
  EXPECT_FALSE(HasEntry(a, "recommendation:H-2024-01:linked"));
  for (int64_t id : {a, b}) {
    EXPECT_TRUE(HasEntry(id, "recommendation:H-2024-01:status:delvist_fulgt")) << id;
    EXPECT_TRUE(HasEntry(id, "recommendation:H-2024-01:response")) << id;
    EXPECT_FALSE(HasEntry(id, "recommendation:H-2024-01:follow_up")) << id;
  }
  const size_t before = StatusEntries(a).size();
  // A change of the text alone writes nothing on the cases.
  Recommendation text_only = *v2;
  text_only.text = "Ny formulering.";
  auto v3 = store_->recommendations().update(text_only, {{"text", "…", "…"}}, advisor_);
  ASSERT_TRUE(v3);
  EXPECT_EQ(StatusEntries(a).size(), before);

  Recommendation follow = *v3;
  follow.follow_up_date = Date(2024, 10, 1);
  follow.follow_up_notes = "Stikprøve på ti sager.";
  ASSERT_TRUE(store_->recommendations().update(follow, {}, advisor_));
  EXPECT_TRUE(HasEntry(a, "recommendation:H-2024-01:follow_up"));
  EXPECT_TRUE(HasEntry(b, "recommendation:H-2024-01:follow_up"));

  ASSERT_TRUE(store_->recommendations().remove(r->id, advisor_));
  EXPECT_TRUE(HasEntry(a, "recommendation:H-2024-01:deleted"));
  EXPECT_TRUE(HasEntry(b, "recommendation:H-2024-01:deleted"));
  EXPECT_TRUE(store_->audit().verify().ok);
}

TEST_P(StoreContractTest, UnknownLinkedCaseOrInvestigationIsInvalid) {
  const int64_t a = CaseId();
  auto bad = store_->recommendations().create(Rec("2024-03-01", {a, a + 99}), advisor_);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalid);
  ASSERT_EQ(bad.error().fields.count("case_ids"), 1u);
  EXPECT_EQ(bad.error().fields.at("case_ids"), "link.case_unknown");
  Recommendation r = Rec("2024-03-01", {a});
  r.investigation_id = 777;
  bad = store_->recommendations().create(r, advisor_);
  ASSERT_FALSE(bad);
  ASSERT_EQ(bad.error().fields.count("investigation_id"), 1u);
  EXPECT_EQ(bad.error().fields.at("investigation_id"), "link.investigation_unknown");
  auto inv = store_->investigations().create(Inv("2024-01-05", {a + 50}), advisor_);
  ASSERT_FALSE(inv);
  EXPECT_EQ(inv.error().fields.count("case_ids"), 1u);
  // Nothing was written, not even on the existing case, and no number was used.
  EXPECT_TRUE(store_->recommendations().list({}).empty());
  EXPECT_EQ(StatusEntries(a), std::vector<std::string>{"created"});
  auto ok = store_->recommendations().create(Rec("2024-03-01", {a}), advisor_);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->number, "H-2024-01");
  // Also on update.
  Recommendation edit = *ok;
  edit.case_ids = {a, a + 99};
  auto up = store_->recommendations().update(edit, {}, advisor_);
  ASSERT_FALSE(up);
  EXPECT_EQ(up.error().fields.count("case_ids"), 1u);
  EXPECT_EQ(store_->recommendations().get(ok->id)->version, 1);
}

TEST_P(StoreContractTest, RecommendationFiltersAndCounts) {
  const int64_t a = CaseId();
  auto inv = store_->investigations().create(Inv("2024-01-05"), advisor_);
  // 1: 2024, Ydelser, awaiting, due 2024-03-01 → overdue on 2024-03-20.
  Recommendation r1 = Rec("2024-02-01", {a});
  r1.response_due = Date(2024, 3, 1);
  // 2: 2024, Jobcenter + Ydelser, fulgt, follow-up due.
  Recommendation r2 = Rec("2024-01-15");
  r2.departments = {"Jobcenter", "Ydelser"};
  r2.status = RecommendationStatus::kFulgt;
  r2.response_text = "Ja.";
  r2.response_date = Date(2024, 2, 1);
  r2.follow_up_date = Date(2024, 3, 20);
  r2.investigation_id = inv->id;
  // 3: 2023, Jobcenter, awaiting, not yet due on 2023 terms but overdue now; follow-up later.
  Recommendation r3 = Rec("2023-12-20");
  r3.departments = {"Jobcenter"};
  r3.follow_up_date = Date(2024, 6, 1);
  // 4: 2024, lapsed with a passed follow-up date: not follow-up due.
  Recommendation r4 = Rec("2024-03-10");
  r4.status = RecommendationStatus::kBortfaldet;
  r4.follow_up_date = Date(2024, 3, 15);
  std::vector<int64_t> ids;
  for (const auto& r : {r1, r2, r3, r4}) {
    auto c = store_->recommendations().create(r, advisor_);
    ASSERT_TRUE(c);
    ids.push_back(c->id);
  }
  auto list_ids = [&](RecommendationFilter f) {
    f.today = Date(2024, 3, 20);
    std::vector<int64_t> out;
    for (const auto& r : store_->recommendations().list(f)) out.push_back(r.id);
    return out;
  };
  using V = std::vector<int64_t>;
  // Newest issued first.
  EXPECT_EQ(list_ids({}), (V{ids[3], ids[0], ids[1], ids[2]}));
  RecommendationFilter f;
  f.status = RecommendationStatus::kAfventerSvar;
  EXPECT_EQ(list_ids(f), (V{ids[0], ids[2]}));
  f = {};
  f.department = "Jobcenter";
  EXPECT_EQ(list_ids(f), (V{ids[1], ids[2]}));
  f = {};
  f.year = 2023;
  EXPECT_EQ(list_ids(f), (V{ids[2]}));
  f = {};
  f.year = 2024;
  f.department = "Ydelser";
  EXPECT_EQ(list_ids(f), (V{ids[3], ids[0], ids[1]}));
  f = {};
  f.overdue = true;
  EXPECT_EQ(list_ids(f), (V{ids[0], ids[2]}));
  f = {};
  f.follow_up_due = true;
  EXPECT_EQ(list_ids(f), (V{ids[1]}));
  f = {};
  f.case_id = a;
  EXPECT_EQ(list_ids(f), (V{ids[0]}));
  f = {};
  f.investigation_id = inv->id;
  EXPECT_EQ(list_ids(f), (V{ids[1]}));
  f = {};
  f.status = RecommendationStatus::kIkkeFulgt;
  EXPECT_TRUE(list_ids(f).empty());

  // Per year × department × status; a recommendation to two departments counts in both.
  auto counts = store_->recommendations().counts(Date(2024, 3, 20));
  auto find = [&](int year, const std::string& dep, RecommendationStatus st) -> const RecommendationCount* {
    for (const auto& c : counts) {
      if (c.year == year && c.department == dep && c.status == st) return &c;
    }
    return nullptr;
  };
  ASSERT_EQ(counts.size(), 5u);
  ASSERT_TRUE(find(2024, "Ydelser", RecommendationStatus::kAfventerSvar));
  EXPECT_EQ(find(2024, "Ydelser", RecommendationStatus::kAfventerSvar)->count, 1);
  EXPECT_EQ(find(2024, "Ydelser", RecommendationStatus::kAfventerSvar)->overdue, 1);
  ASSERT_TRUE(find(2024, "Ydelser", RecommendationStatus::kFulgt));
  EXPECT_EQ(find(2024, "Ydelser", RecommendationStatus::kFulgt)->overdue, 0);
  ASSERT_TRUE(find(2024, "Jobcenter", RecommendationStatus::kFulgt));
  ASSERT_TRUE(find(2024, "Ydelser", RecommendationStatus::kBortfaldet));
  ASSERT_TRUE(find(2023, "Jobcenter", RecommendationStatus::kAfventerSvar));
  EXPECT_EQ(find(2023, "Jobcenter", RecommendationStatus::kAfventerSvar)->overdue, 1);
  // Before r1's due date nothing of 2024 is overdue.
  counts = store_->recommendations().counts(Date(2024, 3, 1));
  EXPECT_EQ(find(2024, "Ydelser", RecommendationStatus::kAfventerSvar)->overdue, 0);
}

TEST_P(StoreContractTest, InvestigationLifecycle) {
  const int64_t a = CaseId(), b = CaseId();
  auto inv = store_->investigations().create(Inv("2024-01-05", {a}), advisor_);
  ASSERT_TRUE(inv);
  EXPECT_EQ(LastAudit().action, "investigation.create");
  auto got = store_->investigations().get(inv->id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->number, "U-2024-01");
  EXPECT_EQ(got->topic, "Partshøring i Jobcenter");
  EXPECT_EQ(got->departments, (std::vector<std::string>{"Jobcenter", "Ydelser"}));
  EXPECT_EQ(got->signals, Inv("2024-01-05").signals);
  EXPECT_EQ(got->case_ids, std::vector<int64_t>{a});
  EXPECT_EQ(got->period_from, Date(2023, 10, 1));
  EXPECT_EQ(got->period_to, Date(2024, 3, 31));
  EXPECT_EQ(got->method, "gennemgang af 20 sager");
  EXPECT_EQ(got->status, InvestigationStatus::kPlanlagt);
  EXPECT_EQ(got->version, 1);
  EXPECT_TRUE(HasEntry(a, "investigation:U-2024-01:linked"));

  Investigation edit = *got;
  edit.case_ids = {a, b};
  edit.status = InvestigationStatus::kIGang;
  edit.period_to.reset();
  auto saved = store_->investigations().update(edit, {{"status", "planlagt", "i_gang"}}, advisor_);
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->version, 2);
  EXPECT_FALSE(saved->period_to);
  EXPECT_EQ(LastAudit().action, "investigation.update");
  EXPECT_TRUE(HasEntry(b, "investigation:U-2024-01:linked"));
  EXPECT_TRUE(HasEntry(a, "investigation:U-2024-01:status:i_gang"));
  EXPECT_TRUE(HasEntry(b, "investigation:U-2024-01:status:i_gang"));
  EXPECT_EQ(store_->investigations().update(edit, {}, advisor_).error().code, ErrorCode::kConflict);
  auto history = store_->investigations().history(inv->id);
  ASSERT_EQ(history.size(), 2u);
  ASSERT_EQ(history[1].changes.size(), 1u);
  EXPECT_EQ(history[1].changes[0].after, "i_gang");

  // Filters.
  auto other = store_->investigations().create(Inv("2023-06-01"), advisor_);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->number, "U-2023-01");
  auto ids = [&](const InvestigationFilter& f) {
    std::vector<int64_t> out;
    for (const auto& i : store_->investigations().list(f)) out.push_back(i.id);
    return out;
  };
  using V = std::vector<int64_t>;
  EXPECT_EQ(ids({}), (V{inv->id, other->id}));  // newest started first
  EXPECT_EQ(ids({InvestigationStatus::kIGang, {}, {}, {}}), V{inv->id});
  EXPECT_EQ(ids({{}, std::string("Ydelser"), {}, {}}), (V{inv->id, other->id}));
  EXPECT_TRUE(ids({{}, std::string("Borgerservice"), {}, {}}).empty());
  EXPECT_EQ(ids({{}, {}, 2023, {}}), V{other->id});
  EXPECT_EQ(ids({{}, {}, {}, b}), V{inv->id});

  // Not deleted while a recommendation rests on it.
  Recommendation r = Rec("2024-03-01");
  r.investigation_id = inv->id;
  auto rec = store_->recommendations().create(r, advisor_);
  ASSERT_TRUE(rec);
  auto refused = store_->investigations().remove(inv->id, advisor_);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_EQ(refused.error().message, "investigation.has_recommendations");
  EXPECT_TRUE(store_->investigations().get(inv->id));
  ASSERT_TRUE(store_->recommendations().remove(rec->id, advisor_));
  ASSERT_TRUE(store_->investigations().remove(inv->id, advisor_));
  EXPECT_EQ(LastAudit().action, "investigation.delete");
  EXPECT_EQ(store_->investigations().get(inv->id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(HasEntry(a, "investigation:U-2024-01:deleted"));
  EXPECT_TRUE(HasEntry(b, "investigation:U-2024-01:deleted"));
  EXPECT_EQ(store_->investigations().history(inv->id).size(), 3u);
  auto next = store_->investigations().create(Inv("2024-02-01"), advisor_);
  EXPECT_EQ(next->number, "U-2024-02");
  EXPECT_TRUE(store_->audit().verify().ok);
}

TEST_P(StoreContractTest, ActivitiesCrud) {
  Activity a;
  a.date = Date(2024, 3, 5);
  a.kind = ActivityKind::kUndervisning;
  a.department = "Jobcenter";
  a.topic = "Partshøring i praksis";
  a.participants = 14;
  a.minutes = 90;
  auto created = store_->activities().create(a, advisor_);
  ASSERT_TRUE(created);
  EXPECT_EQ(LastAudit().action, "activity.create");
  EXPECT_GT(created->id, 0);
  EXPECT_EQ(created->version, 1);
  auto got = store_->activities().get(created->id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->date, a.date);
  EXPECT_EQ(got->kind, ActivityKind::kUndervisning);
  EXPECT_EQ(got->department, "Jobcenter");
  EXPECT_EQ(got->topic, a.topic);
  EXPECT_EQ(got->participants, 14);
  EXPECT_EQ(got->minutes, 90);
  EXPECT_EQ(got->created_at, "2024-03-20T09:00:00Z");

  Activity edit = *got;
  edit.kind = ActivityKind::kSparring;
  edit.minutes = 45;
  auto saved = store_->activities().update(edit, advisor_);
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->version, 2);
  EXPECT_EQ(saved->kind, ActivityKind::kSparring);
  EXPECT_EQ(LastAudit().action, "activity.update");
  EXPECT_EQ(store_->activities().update(edit, advisor_).error().code, ErrorCode::kConflict);

  Activity b = a;
  b.date = Date(2024, 1, 10);
  b.kind = ActivityKind::kOplaeg;
  b.department = "";
  auto second = store_->activities().create(b, advisor_);
  ASSERT_TRUE(second);
  auto ids = [&](const ActivityFilter& f) {
    std::vector<int64_t> out;
    for (const auto& x : store_->activities().list(f)) out.push_back(x.id);
    return out;
  };
  using V = std::vector<int64_t>;
  EXPECT_EQ(ids({}), (V{created->id, second->id}));  // newest first
  EXPECT_EQ(ids({Date(2024, 2, 1), {}, {}, {}}), V{created->id});
  EXPECT_EQ(ids({{}, Date(2024, 2, 1), {}, {}}), V{second->id});
  EXPECT_EQ(ids({{}, {}, ActivityKind::kOplaeg, {}}), V{second->id});
  EXPECT_EQ(ids({{}, {}, {}, std::string("Jobcenter")}), V{created->id});

  ASSERT_TRUE(store_->activities().remove(created->id, advisor_));
  EXPECT_EQ(LastAudit().action, "activity.delete");
  EXPECT_EQ(store_->activities().get(created->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->activities().remove(created->id, advisor_).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(ids({}), V{second->id});
  EXPECT_TRUE(store_->audit().verify().ok);
}

TEST_P(StoreContractTest, ComplaintsFollowTheCase) {
  const int64_t id = CaseId();
  auto unknown = store_->complaints().create(Compl(id + 99), advisor_);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);

  auto created = store_->complaints().create(Compl(id), advisor_);
  ASSERT_TRUE(created);
  EXPECT_EQ(LastAudit().action, "complaint.create");
  EXPECT_EQ(LastAudit().case_id, id);
  EXPECT_EQ(created->version, 1);
  EXPECT_EQ(created->decision_received, Date(2024, 1, 12));
  EXPECT_EQ(created->deadline, Date(2024, 2, 9));
  EXPECT_FALSE(created->sent);
  EXPECT_EQ(created->genvurdering, Genvurdering::kAfventer);
  EXPECT_FALSE(created->result);
  EXPECT_EQ(StatusEntries(id), (std::vector<std::string>{"created", "complaint:registered:social"}));

  Complaint edit = *created;
  edit.sent = Date(2024, 2, 1);
  auto v2 = store_->complaints().update(edit, advisor_);
  ASSERT_TRUE(v2);
  EXPECT_EQ(v2->version, 2);
  EXPECT_EQ(v2->sent, Date(2024, 2, 1));
  EXPECT_EQ(LastAudit().action, "complaint.update");
  EXPECT_EQ(store_->complaints().update(edit, advisor_).error().code, ErrorCode::kConflict);

  Complaint g = *v2;
  g.genvurdering = Genvurdering::kFastholdt;
  g.genvurdering_date = Date(2024, 2, 20);
  g.note = "Kommunen fastholdt.";
  auto v3 = store_->complaints().update(g, advisor_);
  ASSERT_TRUE(v3);
  Complaint res = *v3;
  res.result = ComplaintResult::kHjemvist;
  res.result_date = Date(2024, 3, 15);
  auto v4 = store_->complaints().update(res, advisor_);
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->result, ComplaintResult::kHjemvist);
  EXPECT_EQ(v4->result_date, Date(2024, 3, 15));
  // An edit of the note alone writes nothing on the case.
  Complaint note = *v4;
  note.note = "Hjemvist til fornyet behandling.";
  ASSERT_TRUE(store_->complaints().update(note, advisor_));
  EXPECT_EQ(StatusEntries(id), (std::vector<std::string>{"created", "complaint:registered:social",
                                                         "complaint:sent",
                                                         "complaint:genvurdering:fastholdt",
                                                         "complaint:result:hjemvist"}));

  // Registered already sent.
  Complaint second = Compl(id);
  second.area = "beskaeftigelse";
  second.sent = Date(2024, 2, 2);
  auto c2 = store_->complaints().create(second, advisor_);
  ASSERT_TRUE(c2);
  EXPECT_TRUE(HasEntry(id, "complaint:registered:beskaeftigelse"));
  auto all = store_->complaints().for_case(id);
  ASSERT_EQ(all.size(), 2u);  // oldest first
  EXPECT_EQ(all[0].id, created->id);
  EXPECT_EQ(all[1].id, c2->id);
  EXPECT_TRUE(store_->complaints().for_case(id + 99).empty());

  ASSERT_TRUE(store_->complaints().remove(c2->id, advisor_));
  EXPECT_EQ(LastAudit().action, "complaint.delete");
  EXPECT_EQ(StatusEntries(id).back(), "complaint:deleted");
  EXPECT_EQ(store_->complaints().get(c2->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->complaints().remove(c2->id, advisor_).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->complaints().for_case(id).size(), 1u);
  for (const auto& e : store_->audit().list({std::nullopt, 1000})) {
    EXPECT_EQ(e.detail.find("fastholdt."), std::string::npos) << "note leaked into audit";
  }
  EXPECT_TRUE(store_->audit().verify().ok);
}

TEST_P(StoreContractTest, ReversalCountsPerDepartmentAndArea) {
  const int64_t id = CaseId();
  struct Row {
    const char* department;
    const char* area;
    std::optional<ComplaintResult> result;
    Date result_date;
  };
  const Row rows[] = {
      {"Ydelser", "social", ComplaintResult::kStadfaestet, Date(2024, 2, 1)},
      {"Ydelser", "social", ComplaintResult::kAendret, Date(2024, 2, 2)},
      {"Ydelser", "social", ComplaintResult::kHjemvist, Date(2024, 3, 3)},
      {"Ydelser", "social", ComplaintResult::kAfvist, Date(2024, 3, 4)},        // not on the merits
      {"Ydelser", "social", ComplaintResult::kTilbagekaldt, Date(2024, 3, 4)},  // not on the merits
      {"Ydelser", "social", std::nullopt, Date{}},                              // pending
      {"Ydelser", "social", ComplaintResult::kOphaevet, Date(2023, 11, 1)},     // other period
      {"Jobcenter", "beskaeftigelse", ComplaintResult::kStadfaestet, Date(2024, 1, 5)},
      {"Ydelser", "byg", ComplaintResult::kOphaevet, Date(2024, 1, 6)},
  };
  for (const auto& row : rows) {
    Complaint c = Compl(id);
    c.department = row.department;
    c.area = row.area;
    c.sent = Date(2023, 10, 1);
    c.result = row.result;
    if (row.result) c.result_date = row.result_date;
    ASSERT_TRUE(store_->complaints().create(c, advisor_));
  }
  auto find = [](const std::vector<ReversalCount>& v, const std::string& d, const std::string& a) {
    for (const auto& r : v) {
      if (r.department == d && r.area == a) return r;
    }
    return ReversalCount{d, a, 0, 0};
  };
  const auto q1 = store_->complaints().reversal_counts(
      Period(Date(2024, 1, 1), Date(2024, 3, 31), "2024Q1"));
  EXPECT_EQ(q1.size(), 3u);
  EXPECT_EQ(find(q1, "Ydelser", "social").decided, 3);
  EXPECT_EQ(find(q1, "Ydelser", "social").reversed, 2);
  EXPECT_EQ(find(q1, "Jobcenter", "beskaeftigelse").decided, 1);
  EXPECT_EQ(find(q1, "Jobcenter", "beskaeftigelse").reversed, 0);
  EXPECT_EQ(find(q1, "Ydelser", "byg").reversed, 1);
  const auto all = store_->complaints().reversal_counts(std::nullopt);
  EXPECT_EQ(find(all, "Ydelser", "social").decided, 4);
  EXPECT_EQ(find(all, "Ydelser", "social").reversed, 3);
  EXPECT_TRUE(store_->complaints()
                  .reversal_counts(Period(Date(2022, 1, 1), Date(2022, 12, 31), "2022"))
                  .empty());
}

TEST_P(StoreContractTest, ThemeCountsAndDurationsAggregateByPeriod) {
  // Current period 2024Q1, baseline 2023Q4.
  const StatPeriod q1 = Period(Date(2024, 1, 1), Date(2024, 3, 31), "2024Q1");
  const StatPeriod q4 = Period(Date(2023, 10, 1), Date(2023, 12, 31), "2023Q4");
  auto make = [&](const std::string& received, std::vector<std::string> departments,
                  std::optional<Date> first_response, std::optional<Date> closed) {
    Case d = Draft(received);
    d.departments = std::move(departments);
    d.first_response_on = first_response;
    if (closed) {
      d.status = CaseStatus::kAfsluttet;
      d.outcome = Outcome::kVejledning;
      d.closed_on = closed;
    }
    auto c = store_->cases().create(d, advisor_);
    EXPECT_TRUE(c);
    return c ? c->id : 0;
  };
  // Thu 14 March 2024 → Wed 20 March: 4 working days; → Tue 2 April: 10 (Easter in between).
  const int64_t a = make("2024-03-14", {"Jobcenter", "Ydelser"}, Date(2024, 3, 20), Date(2024, 4, 2));
  const int64_t b = make("2024-02-01", {"Jobcenter"}, std::nullopt, std::nullopt);
  const int64_t c = make("2023-11-15", {"Jobcenter"}, Date(2023, 11, 16), std::nullopt);
  const int64_t d = make("2024-03-01", {}, std::nullopt, std::nullopt);
  make("2023-06-01", {"Jobcenter"}, std::nullopt, std::nullopt);  // in no period
  ASSERT_TRUE(store_->cases().add_themes(a, {{"partshoering", "Jobcenter", "manual", false, ""},
                                             {"begrundelse", "Ydelser", "manual", false, ""},
                                             {"partshoering", "", "manual", false, ""}}, advisor_));
  ASSERT_TRUE(store_->cases().add_themes(b, {{"partshoering", "Jobcenter", "letter", false, ""}}, advisor_));
  ASSERT_TRUE(store_->cases().add_themes(c, {{"partshoering", "Jobcenter", "manual", false, ""}}, advisor_));
  ASSERT_TRUE(store_->cases().set_theme(d, {"kommunikation", "", "manual", true, "Svært brev."}, advisor_));

  const size_t audit_before = store_->audit().list({std::nullopt, 10000}).size();
  const ThemeCounts counts = store_->stats().theme_counts({q1, q4});
  EXPECT_EQ(counts.totals[0], 3);
  EXPECT_EQ(counts.totals[1], 1);
  EXPECT_EQ(counts.totals[2], 0);
  using Key = std::pair<std::string, std::string>;
  ASSERT_EQ(counts.pairs.count(Key{"Jobcenter", "partshoering"}), 1u);
  EXPECT_EQ(counts.pairs.at(Key{"Jobcenter", "partshoering"})[0], 2);
  EXPECT_EQ(counts.pairs.at(Key{"Jobcenter", "partshoering"})[1], 1);
  EXPECT_EQ(counts.pairs.at(Key{"Ydelser", "begrundelse"})[0], 1);
  EXPECT_EQ(counts.pairs.at(Key{"Ydelser", "begrundelse"})[1], 0);
  EXPECT_EQ(counts.pairs.at(Key{"", "partshoering"})[0], 1);
  EXPECT_EQ(counts.pairs.at(Key{"", "kommunikation"})[0], 1);
  EXPECT_EQ(counts.pairs.size(), 4u);

  auto samples = store_->stats().durations({q1, q4});
  // a: two departments; b, d (no department → ""); c in the baseline.
  ASSERT_EQ(samples.size(), 5u);
  auto sample = [&](const std::string& dep, int period, int first) -> const DurationSample* {
    for (const auto& s : samples) {
      if (s.department == dep && s.period == period && s.first_response_days == first) return &s;
    }
    return nullptr;
  };
  ASSERT_TRUE(sample("Jobcenter", 0, 4));
  EXPECT_EQ(sample("Jobcenter", 0, 4)->closing_days, 10);
  ASSERT_TRUE(sample("Ydelser", 0, 4));
  EXPECT_EQ(sample("Ydelser", 0, 4)->closing_days, 10);
  ASSERT_TRUE(sample("Jobcenter", 0, -1));
  EXPECT_EQ(sample("Jobcenter", 0, -1)->closing_days, -1);
  ASSERT_TRUE(sample("", 0, -1));
  ASSERT_TRUE(sample("Jobcenter", 1, 1));
  EXPECT_EQ(sample("Jobcenter", 1, 1)->closing_days, -1);
  // Aggregates are not audited.
  EXPECT_EQ(store_->audit().list({std::nullopt, 10000}).size(), audit_before);

  // The cases behind a signal, newest first, audited by id.
  auto refs = store_->stats().theme_cases("Jobcenter", "partshoering", q1, advisor_);
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0].id, a);
  EXPECT_EQ(refs[1].id, b);
  EXPECT_EQ(refs[0].received, Date(2024, 3, 14));
  EXPECT_EQ(refs[0].status, CaseStatus::kAfsluttet);
  EXPECT_FALSE(refs[0].number.empty());
  auto audit = LastAudit();
  EXPECT_EQ(audit.action, "signal.cases");
  EXPECT_NE(audit.detail.find(std::to_string(a) + "," + std::to_string(b)), std::string::npos);
  // Several departments in one read and one audit entry naming every case shown.
  const auto seq_before = LastAudit().seq;
  auto by_department = store_->stats().department_cases({"Jobcenter", "", "Ydelser"}, q1, advisor_);
  ASSERT_EQ(by_department["Jobcenter"].size(), 2u);
  EXPECT_EQ(by_department["Jobcenter"][0].id, a);
  EXPECT_EQ(by_department["Jobcenter"][1].id, b);
  ASSERT_EQ(by_department[""].size(), 1u);
  EXPECT_EQ(by_department[""][0].id, d);
  audit = LastAudit();
  EXPECT_EQ(audit.action, "signal.cases");
  EXPECT_EQ(audit.seq, seq_before + 1);
  EXPECT_NE(audit.detail.find(std::to_string(d)), std::string::npos);
  by_department = store_->stats().department_cases({"Ydelser"}, q4, advisor_);
  EXPECT_TRUE(by_department["Ydelser"].empty());
  EXPECT_TRUE(store_->audit().verify().ok);
}

TEST_P(StoreContractTest, DismissalsReplaceByKey) {
  EXPECT_TRUE(store_->stats().dismissals().empty());
  SignalDismissal d{"2024Q1:theme:Jobcenter:partshoering", 6, "Kendt; under undersøgelse.", "", ""};
  ASSERT_TRUE(store_->stats().dismiss(d, advisor_));
  EXPECT_EQ(LastAudit().action, "signal.dismiss");
  EXPECT_EQ(LastAudit().detail.find("undersøgelse"), std::string::npos);
  d.observed = 8;
  d.note = "Stadig kendt.";
  ASSERT_TRUE(store_->stats().dismiss(d, advisor_));
  ASSERT_TRUE(store_->stats().dismiss({"2024Q1:time:Ydelser:closing", 12, "", "", ""}, advisor_));
  auto all = store_->stats().dismissals();
  ASSERT_EQ(all.size(), 2u);
  const auto& first = all[0].key == d.key ? all[0] : all[1];
  EXPECT_EQ(first.observed, 8);
  EXPECT_EQ(first.note, "Stadig kendt.");
  EXPECT_EQ(first.by, "Anne Rådgiver");
  EXPECT_EQ(first.at, "2024-03-20T09:00:00Z");
  EXPECT_TRUE(store_->audit().verify().ok);
}

TEST_P(StoreContractTest, OutboxDedupesRetriesAndSends) {
  OutgoingMail m;
  m.dedupe_key = "digest:1:2024-03-20";
  m.to = "anne@holmstrup.dk";
  m.subject = "Dine påmindelser";
  m.body = "3 sager venter.";
  m.next_attempt_at = "2024-03-20T06:00:00Z";
  auto first = store_->outbox().enqueue(m);
  ASSERT_TRUE(first);
  EXPECT_GT(first->id, 0);
  EXPECT_EQ(first->attempts, 0);
  EXPECT_EQ(first->sent_at, "");
  EXPECT_EQ(first->created_at, "2024-03-20T09:00:00Z");
  m.subject = "Andet emne";
  auto again = store_->outbox().enqueue(m);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, first->id);
  EXPECT_EQ(again->subject, "Dine påmindelser");
  EXPECT_EQ(store_->outbox().list(10).size(), 1u);

  OutgoingMail later = m;
  later.dedupe_key = "digest:2:2024-03-20";
  later.next_attempt_at = "2024-03-20T08:00:00Z";
  auto second = store_->outbox().enqueue(later);
  ASSERT_TRUE(second);

  EXPECT_TRUE(store_->outbox().due("2024-03-20T05:59:59Z", 10).empty());
  auto due = store_->outbox().due("2024-03-20T07:00:00Z", 10);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].id, first->id);
  due = store_->outbox().due("2024-03-20T09:00:00Z", 10);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].id, first->id);  // oldest first
  EXPECT_EQ(store_->outbox().due("2024-03-20T09:00:00Z", 1).size(), 1u);

  ASSERT_TRUE(store_->outbox().mark_failed(first->id, "421 try again", "2024-03-20T10:00:00Z"));
  due = store_->outbox().due("2024-03-20T09:00:00Z", 10);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].id, second->id);
  due = store_->outbox().due("2024-03-20T10:00:00Z", 10);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].attempts, 1);
  EXPECT_EQ(due[0].last_error, "421 try again");

  ASSERT_TRUE(store_->outbox().mark_sent(first->id, "2024-03-20T10:00:05Z"));
  due = store_->outbox().due("2024-03-21T00:00:00Z", 10);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].id, second->id);
  auto listed = store_->outbox().list(10);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].id, second->id);  // newest first
  EXPECT_EQ(listed[1].sent_at, "2024-03-20T10:00:05Z");
  EXPECT_EQ(listed[1].attempts, 2);
  // A sent mail is not enqueued again under its key.
  EXPECT_EQ(store_->outbox().enqueue(m)->sent_at, "2024-03-20T10:00:05Z");
  EXPECT_EQ(store_->outbox().mark_sent(999, "2024-03-20T10:00:05Z").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->outbox().mark_failed(999, "x", "2024-03-20T10:00:05Z").error().code, ErrorCode::kNotFound);
}

TEST_P(StoreContractTest, SystemicWritesSurviveReopenAndKeepTheChain) {
  const int64_t id = CaseId();
  auto r = store_->recommendations().create(Rec("2024-03-01", {id}), advisor_);
  ASSERT_TRUE(r);
  ASSERT_TRUE(store_->cases().set_theme(id, {"begrundelse", "Ydelser", "manual", true, "Mangler."}, advisor_));
  ASSERT_TRUE(store_->complaints().create(Compl(id), advisor_));
  store_.reset();
  store_ = open_store(url_, clock_);
  EXPECT_EQ(store_->recommendations().get(r->id)->number, "H-2024-01");
  EXPECT_EQ(store_->recommendations().create(Rec("2024-03-02"), advisor_)->number, "H-2024-02");
  ASSERT_EQ(store_->cases().themes(id).size(), 1u);
  EXPECT_TRUE(store_->cases().themes(id)[0].criticism);
  EXPECT_EQ(store_->complaints().for_case(id).size(), 1u);
  auto check = store_->audit().verify();
  EXPECT_TRUE(check.ok);
  // case.create, recommendation.create, case.theme.set, complaint.create, recommendation.create
  EXPECT_EQ(check.checked, 5);
}

// Regression: a CLI command (another process) writing to the database while the server runs
// made every later server write fail with "UNIQUE constraint failed: audit.seq".
TEST_P(StoreContractTest, AuditChainSurvivesASecondWriterOnTheSameDatabase) {
  auto first = store_->cases().create(Draft(), advisor_);
  ASSERT_TRUE(first);
  {
    auto other = open_store(url_, clock_);
    ASSERT_TRUE(other->audit().append("token.create", std::nullopt, "id:1", Actor::system()));
    ASSERT_TRUE(other->cases().create(Draft(), advisor_));
  }
  auto again = store_->cases().create(Draft(), advisor_);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_TRUE(store_->audit().append("login.success", std::nullopt, "", advisor_));
  auto check = store_->audit().verify();
  EXPECT_TRUE(check.ok);
  EXPECT_GE(check.checked, 5);
}

// ---------------------------------------------------------------------------------------------
// Annual report: case figures as SQL aggregates, the foreword and the case stories.

// Sorted copy, for comparing duration lists whose order the store does not promise.
std::vector<int> Sorted(std::vector<int> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST_P(StoreContractTest, CaseFiguresCountTheCasesReceivedInThePeriod) {
  auto make = [&](const std::string& received, Channel channel, std::vector<Reason> reasons,
                  std::vector<std::string> departments, std::optional<Outcome> outcome,
                  const std::string& rejection, std::optional<Date> first_response, std::optional<Date> closed) {
    Case d = Draft(received);
    d.channel = channel;
    d.reasons = std::move(reasons);
    d.departments = std::move(departments);
    d.outcome = outcome;
    d.rejection_reason = rejection;
    if (outcome == Outcome::kAfvist) d.referral = "Ankestyrelsen";
    d.first_response_on = first_response;
    if (closed) {
      d.status = CaseStatus::kAfsluttet;
      d.closed_on = closed;
    }
    auto c = store_->cases().create(d, advisor_);
    EXPECT_TRUE(c);
    return c ? c->id : 0;
  };
  // Working days: Mon 15 Jan 2024 → Fri 19 Jan 4, → Mon 22 Jan 5; Thu 14 Mar → Wed 20 Mar 4,
  // → Tue 2 Apr 10 (Easter between); Mon 1 Jul → Mon 15 Jul 10, → Mon 22 Jul 15.
  const int64_t a = make("2024-01-15", Channel::kTelefon, {Reason::kForstaa, Reason::kKlage}, {"Ydelser", "Borgerservice"},
                         Outcome::kAfvist, "Uden for kompetence", Date(2024, 1, 19), Date(2024, 1, 22));
  const int64_t b = make("2024-01-31", Channel::kEmail, {Reason::kHjaelp}, {"Jobcenter"}, Outcome::kKritik, "",
                         std::nullopt, std::nullopt);
  const int64_t c = make("2024-03-14", Channel::kBrev, {Reason::kForstaa}, {"Ydelser"}, Outcome::kAfvist,
                         "Uden for kompetence", Date(2024, 3, 20), Date(2024, 4, 2));
  const int64_t d = make("2024-03-01", Channel::kTelefon, {Reason::kKontakt}, {}, std::nullopt, "", std::nullopt,
                         std::nullopt);
  make("2024-07-01", Channel::kWebformular, {Reason::kAndet}, {"Jobcenter"}, Outcome::kAfvist, "Politisk beslutning",
       Date(2024, 7, 15), Date(2024, 7, 22));
  make("2024-12-31", Channel::kPersonligt, {Reason::kHoert}, {"Ydelser"}, Outcome::kVejledning, "", Date(2024, 12, 31),
       Date(2024, 12, 31));  // last day of the period; same-day answer and closing: 0 working days
  make("2023-12-31", Channel::kTelefon, {Reason::kForstaa}, {"Ydelser"}, Outcome::kKritik, "", Date(2024, 1, 2),
       std::nullopt);  // the day before the period
  // Themes: a plain one on a; on b criticism for two departments (Jobcenter again via the
  // outcome); on c one theme for two departments (one case); on d criticism for a department
  // the case does not name, and one without a department.
  ASSERT_TRUE(store_->cases().set_theme(a, {"partshoering", "Ydelser", "manual", false, ""}, advisor_));
  ASSERT_TRUE(store_->cases().set_theme(b, {"begrundelse", "Ydelser", "manual", true, "Mangler."}, advisor_));
  ASSERT_TRUE(store_->cases().set_theme(b, {"partshoering", "Jobcenter", "manual", true, "Ikke hørt."}, advisor_));
  ASSERT_TRUE(store_->cases().set_theme(c, {"begrundelse", "Ydelser", "manual", false, ""}, advisor_));
  ASSERT_TRUE(store_->cases().set_theme(c, {"begrundelse", "", "manual", false, ""}, advisor_));
  ASSERT_TRUE(store_->cases().set_theme(d, {"kommunikation", "Jobcenter", "manual", true, "Svært brev."}, advisor_));
  ASSERT_TRUE(store_->cases().set_theme(d, {"partshoering", "", "manual", true, "Ikke hørt."}, advisor_));

  using Counts = std::map<std::string, int64_t>;
  const StatPeriod y2024 = Period(Date(2024, 1, 1), Date(2024, 12, 31), "2024");
  const size_t audit_before = store_->audit().list({std::nullopt, 10000}).size();
  const CaseFigures f = store_->stats().case_figures(y2024, "");
  EXPECT_EQ(f.cases_total, 6);
  EXPECT_EQ(f.by_month, (Counts{{"2024-01", 2}, {"2024-03", 2}, {"2024-07", 1}, {"2024-12", 1}}));
  EXPECT_EQ(f.by_channel,
            (Counts{{"telefon", 2}, {"email", 1}, {"brev", 1}, {"webformular", 1}, {"personligt", 1}}));
  // A case with two reasons counts under both.
  EXPECT_EQ(f.by_reason, (Counts{{"forstaa", 2}, {"klage", 1}, {"hjaelp", 1}, {"kontakt", 1}, {"andet", 1}, {"hoert", 1}}));
  EXPECT_EQ(f.by_department, (Counts{{"Ydelser", 3}, {"Borgerservice", 1}, {"Jobcenter", 2}}));
  EXPECT_EQ(f.by_outcome, (Counts{{"afvist", 3}, {"kritik", 1}, {"vejledning", 1}, {"", 1}}));
  // Distinct cases per theme: c's two begrundelse tags are one case.
  EXPECT_EQ(f.by_theme, (Counts{{"partshoering", 3}, {"begrundelse", 2}, {"kommunikation", 1}}));
  EXPECT_EQ(f.rejected, 3);
  EXPECT_EQ(f.rejection_reasons, (Counts{{"Uden for kompetence", 2}, {"Politisk beslutning", 1}}));
  // b by its outcome, d by a criticised theme alone.
  EXPECT_EQ(f.criticism_cases, 2);
  // Jobcenter: b (outcome and theme, once) and d (theme; d names no department itself);
  // Ydelser: b's theme. Themes without a department count for none.
  EXPECT_EQ(f.criticism_by_department, (Counts{{"Jobcenter", 2}, {"Ydelser", 1}}));
  EXPECT_EQ(Sorted(f.first_response_days), (std::vector<int>{0, 4, 4, 10}));
  EXPECT_EQ(Sorted(f.closing_days), (std::vector<int>{0, 5, 10, 15}));
  // Aggregates are not audited.
  EXPECT_EQ(store_->audit().list({std::nullopt, 10000}).size(), audit_before);

  // One department: only the cases that name it; their other departments still count.
  const CaseFigures job = store_->stats().case_figures(y2024, "Jobcenter");
  EXPECT_EQ(job.cases_total, 2);
  EXPECT_EQ(job.by_month, (Counts{{"2024-01", 1}, {"2024-07", 1}}));
  EXPECT_EQ(job.by_channel, (Counts{{"email", 1}, {"webformular", 1}}));
  EXPECT_EQ(job.by_reason, (Counts{{"hjaelp", 1}, {"andet", 1}}));
  EXPECT_EQ(job.by_department, (Counts{{"Jobcenter", 2}}));
  EXPECT_EQ(job.by_outcome, (Counts{{"kritik", 1}, {"afvist", 1}}));
  EXPECT_EQ(job.by_theme, (Counts{{"partshoering", 1}, {"begrundelse", 1}}));
  EXPECT_EQ(job.rejected, 1);
  EXPECT_EQ(job.rejection_reasons, (Counts{{"Politisk beslutning", 1}}));
  EXPECT_EQ(job.criticism_cases, 1);  // b; d does not name Jobcenter
  EXPECT_EQ(job.criticism_by_department, (Counts{{"Jobcenter", 1}, {"Ydelser", 1}}));
  EXPECT_EQ(job.first_response_days, (std::vector<int>{10}));
  EXPECT_EQ(job.closing_days, (std::vector<int>{15}));

  const CaseFigures ydelser = store_->stats().case_figures(y2024, "Ydelser");
  EXPECT_EQ(ydelser.cases_total, 3);
  EXPECT_EQ(ydelser.by_department, (Counts{{"Ydelser", 3}, {"Borgerservice", 1}}));
  EXPECT_EQ(ydelser.rejection_reasons, (Counts{{"Uden for kompetence", 2}}));
  EXPECT_EQ(ydelser.criticism_cases, 0);
  EXPECT_TRUE(ydelser.criticism_by_department.empty());
  EXPECT_EQ(Sorted(ydelser.first_response_days), (std::vector<int>{0, 4, 4}));

  const CaseFigures none = store_->stats().case_figures(y2024, "Kultur");
  EXPECT_EQ(none.cases_total, 0);
  EXPECT_EQ(none.rejected, 0);
  EXPECT_TRUE(none.by_month.empty());
  EXPECT_TRUE(none.by_department.empty());
  EXPECT_TRUE(none.first_response_days.empty());

  // The year before holds only its last day; a quarter and a month of 2024.
  const CaseFigures y2023 = store_->stats().case_figures(Period(Date(2023, 1, 1), Date(2023, 12, 31), "2023"), "");
  EXPECT_EQ(y2023.cases_total, 1);
  EXPECT_EQ(y2023.by_month, (Counts{{"2023-12", 1}}));
  EXPECT_EQ(y2023.criticism_cases, 1);
  EXPECT_EQ(y2023.criticism_by_department, (Counts{{"Ydelser", 1}}));
  EXPECT_EQ(y2023.first_response_days, (std::vector<int>{1}));  // Sun 31 Dec → Tue 2 Jan (1 Jan a holiday)
  EXPECT_TRUE(y2023.closing_days.empty());
  const CaseFigures q1 = store_->stats().case_figures(Period(Date(2024, 1, 1), Date(2024, 3, 31), "2024Q1"), "");
  EXPECT_EQ(q1.cases_total, 4);
  EXPECT_EQ(q1.rejected, 2);
  const CaseFigures march = store_->stats().case_figures(Period(Date(2024, 3, 1), Date(2024, 3, 31), "2024-03"), "");
  EXPECT_EQ(march.cases_total, 2);
  EXPECT_EQ(march.by_reason, (Counts{{"forstaa", 1}, {"kontakt", 1}}));
}

TEST_P(StoreContractTest, CaseFiguresOfAnEmptyPeriodAreZero) {
  CaseId("2024-03-14");
  const CaseFigures f = store_->stats().case_figures(Period(Date(2022, 1, 1), Date(2022, 12, 31), "2022"), "");
  EXPECT_EQ(f.cases_total, 0);
  EXPECT_EQ(f.rejected, 0);
  EXPECT_EQ(f.criticism_cases, 0);
  EXPECT_TRUE(f.by_month.empty());
  EXPECT_TRUE(f.by_channel.empty());
  EXPECT_TRUE(f.by_reason.empty());
  EXPECT_TRUE(f.by_outcome.empty());
  EXPECT_TRUE(f.by_theme.empty());
  EXPECT_TRUE(f.rejection_reasons.empty());
  EXPECT_TRUE(f.first_response_days.empty());
  EXPECT_TRUE(f.closing_days.empty());
}

TEST_P(StoreContractTest, ForewordIsKeptPerYear) {
  EXPECT_EQ(store_->reports().foreword(2024), "");
  ASSERT_TRUE(store_->reports().save_foreword(2024, "Et travlt år med fokus på partshøring.", advisor_));
  EXPECT_EQ(LastAudit().action, "report.foreword");
  EXPECT_EQ(LastAudit().detail.find("partshøring"), std::string::npos) << "foreword text leaked into audit";
  EXPECT_NE(LastAudit().detail.find("2024"), std::string::npos);
  ASSERT_TRUE(store_->reports().save_foreword(2023, "Forord 2023", advisor_));
  EXPECT_EQ(store_->reports().foreword(2024), "Et travlt år med fokus på partshøring.");
  EXPECT_EQ(store_->reports().foreword(2023), "Forord 2023");
  EXPECT_EQ(store_->reports().foreword(2022), "");
  // Saving again replaces the year's text; an empty text clears it.
  ASSERT_TRUE(store_->reports().save_foreword(2024, "Nyt forord", advisor_));
  EXPECT_EQ(store_->reports().foreword(2024), "Nyt forord");
  ASSERT_TRUE(store_->reports().save_foreword(2023, "", advisor_));
  EXPECT_EQ(store_->reports().foreword(2023), "");
  EXPECT_EQ(store_->reports().foreword(2024), "Nyt forord");
  store_.reset();
  store_ = open_store(url_, clock_);
  EXPECT_EQ(store_->reports().foreword(2024), "Nyt forord");
  auto check = store_->audit().verify();
  EXPECT_TRUE(check.ok);
  EXPECT_EQ(check.checked, 4);
}

TEST_P(StoreContractTest, StoriesAreCreatedUpdatedWithVersionCheckAndRemoved) {
  const int64_t id = CaseId();
  Story s;
  s.year = 2024;
  s.title = "Briller og et brev, ingen forstod";
  s.text = "En borger fik afslag på briller. Efter vores henvendelse genvurderede forvaltningen sagen.";
  s.case_id = id;
  auto first = store_->reports().save_story(s, advisor_);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_GT(first->id, 0);
  EXPECT_EQ(first->version, 1);
  EXPECT_EQ(first->year, 2024);
  EXPECT_EQ(first->title, s.title);
  EXPECT_EQ(first->text, s.text);
  EXPECT_EQ(first->case_id, id);
  EXPECT_TRUE(first->include);
  EXPECT_EQ(first->updated_at, "2024-03-20T09:00:00Z");
  auto audit = LastAudit();
  EXPECT_EQ(audit.action, "report.story.save");
  EXPECT_EQ(audit.case_id, id);
  EXPECT_EQ(audit.detail.find("briller"), std::string::npos) << "story text leaked into audit";
  // The linked case shows that it was used in the report.
  EXPECT_TRUE(HasEntry(id, "story:marked:2024"));

  Story plain;
  plain.year = 2024;
  plain.title = "Uden sag";
  plain.text = "En historie uden sag.";
  plain.include = false;
  auto second = store_->reports().save_story(plain, advisor_);
  ASSERT_TRUE(second);
  EXPECT_FALSE(second->case_id);
  EXPECT_FALSE(second->include);
  EXPECT_FALSE(LastAudit().case_id);
  Story other_year = plain;
  other_year.year = 2023;
  ASSERT_TRUE(store_->reports().save_story(other_year, advisor_));
  auto y2024 = store_->reports().stories(2024);
  ASSERT_EQ(y2024.size(), 2u);  // included or not, in order of creation
  EXPECT_EQ(y2024[0].id, first->id);
  EXPECT_EQ(y2024[1].id, second->id);
  EXPECT_EQ(store_->reports().stories(2023).size(), 1u);
  EXPECT_TRUE(store_->reports().stories(2022).empty());

  // Update with the current version; the journal entry is written once, when created.
  Story edit = *first;
  edit.title = "Briller";
  edit.include = false;
  auto updated = store_->reports().save_story(edit, advisor_);
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->id, first->id);
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(updated->title, "Briller");
  EXPECT_FALSE(updated->include);
  EXPECT_EQ(store_->reports().story(first->id)->title, "Briller");
  const auto entries = StatusEntries(id);
  EXPECT_EQ(std::count(entries.begin(), entries.end(), "story:marked:2024"), 1);
  // A stale version is a conflict and changes nothing.
  edit.title = "Forældet";
  auto stale = store_->reports().save_story(edit, advisor_);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  EXPECT_EQ(store_->reports().story(first->id)->title, "Briller");
  EXPECT_EQ(store_->reports().story(first->id)->version, 2);
  Story ghost = plain;
  ghost.id = 9999;
  ghost.version = 1;
  EXPECT_EQ(store_->reports().save_story(ghost, advisor_).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->reports().story(9999).error().code, ErrorCode::kNotFound);

  // Remove.
  ASSERT_TRUE(store_->reports().remove_story(second->id, advisor_));
  EXPECT_EQ(LastAudit().action, "report.story.delete");
  EXPECT_EQ(store_->reports().story(second->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->reports().remove_story(second->id, advisor_).error().code, ErrorCode::kNotFound);
  ASSERT_EQ(store_->reports().stories(2024).size(), 1u);
  // A new story goes last, after those that remain.
  auto third = store_->reports().save_story(plain, advisor_);
  ASSERT_TRUE(third);
  y2024 = store_->reports().stories(2024);
  ASSERT_EQ(y2024.size(), 2u);
  EXPECT_EQ(y2024[0].id, first->id);
  EXPECT_EQ(y2024[1].id, third->id);
  EXPECT_TRUE(store_->audit().verify().ok);
}

TEST_P(StoreContractTest, StoryWithAnUnknownCaseIsRefused) {
  const int64_t id = CaseId();
  Story s;
  s.year = 2024;
  s.title = "Titel";
  s.text = "Tekst";
  s.case_id = id + 99;
  const size_t audit_before = store_->audit().list({std::nullopt, 10000}).size();
  auto bad = store_->reports().save_story(s, advisor_);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalid);
  ASSERT_EQ(bad.error().fields.count("case_id"), 1u);
  EXPECT_EQ(bad.error().fields.at("case_id"), "link.case_unknown");
  EXPECT_TRUE(store_->reports().stories(2024).empty());
  EXPECT_EQ(store_->audit().list({std::nullopt, 10000}).size(), audit_before);
  // Also when an existing story is moved to an unknown case.
  s.case_id = id;
  auto ok = store_->reports().save_story(s, advisor_);
  ASSERT_TRUE(ok);
  Story moved = *ok;
  moved.case_id = id + 99;
  auto refused = store_->reports().save_story(moved, advisor_);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().fields.count("case_id"), 1u);
  EXPECT_EQ(store_->reports().story(ok->id)->case_id, id);
  EXPECT_EQ(store_->reports().story(ok->id)->version, 1);
  EXPECT_TRUE(store_->audit().verify().ok);
}

// --- surveys ----------------------------------------------------------------------------------

Response SurveyAnswer(const std::string& group, const std::string& municipality, std::vector<Answer> answers,
                      const std::string& respondent = "") {
  return Response{group, municipality, Date(2024, 3, 20), respondent.empty() ? "web" : "import", respondent,
                  std::move(answers)};
}

TEST_P(StoreContractTest, SurveyAnswersAreCountedAnonymouslyWithCommentsApart) {
  Survey s;
  s.questionnaire = "borger";
  s.title = "Borgere 2024";
  s.opens_on = Date(2024, 1, 1);
  auto created = store_->surveys().create_survey(s, advisor_);
  ASSERT_TRUE(created);
  EXPECT_EQ(created->slug.size(), 16u);
  EXPECT_EQ(LastAudit().action, "survey.create");
  const size_t audit_before = store_->audit().list({std::nullopt, 1000}).size();

  ASSERT_TRUE(store_->surveys().submit(
      SurveyAnswer("borger", "Holstebro",
                   {{"B_GUIDANCE", QuestionType::kLikert, {"5"}},
                    {"B_REASON", QuestionType::kMulti, {"klage", "forstaa"}},
                    {"B_COMMENT", QuestionType::kText, {"Rådgiveren ringede mig op samme dag"}}}),
      created->id, "", std::nullopt));
  ASSERT_TRUE(store_->surveys().submit(SurveyAnswer("borger", "Holstebro", {{"B_GUIDANCE", QuestionType::kLikert, {"0"}}}),
                                       created->id, "", std::nullopt));
  ASSERT_TRUE(store_->surveys().submit(SurveyAnswer("ansat", "Struer", {{"A_DIALOGUE", QuestionType::kLikert, {"4"}}}),
                                       std::nullopt, "", std::nullopt));
  // Public answers write no audit entry (its time would date the answer).
  EXPECT_EQ(store_->audit().list({std::nullopt, 1000}).size(), audit_before);

  auto all = store_->surveys().tally({}, "");
  ASSERT_EQ(all.size(), 1u);
  const SurveyTally& t = all[""];
  EXPECT_EQ(t.groups.at("borger").respondents, 2);
  EXPECT_EQ(t.groups.at("ansat").respondents, 1);
  const auto& guidance = t.groups.at("borger").questions.at("B_GUIDANCE");
  EXPECT_EQ(guidance.answered, 2);
  EXPECT_EQ(guidance.counts.at("5"), 1);
  EXPECT_EQ(guidance.counts.at("0"), 1);
  EXPECT_EQ(t.groups.at("borger").questions.at("B_REASON").counts.at("klage"), 1);
  const auto& comment = t.groups.at("borger").questions.at("B_COMMENT");
  EXPECT_EQ(comment.answered, 1);
  EXPECT_TRUE(comment.counts.empty()) << "comment text must not be tallied";

  auto by = store_->surveys().tally({}, "municipality");
  EXPECT_EQ(by["Holstebro"].respondents(), 2);
  EXPECT_EQ(by["Struer"].respondents(), 1);
  SurveyFilter only;
  only.survey_id = created->id;
  EXPECT_EQ(store_->surveys().tally(only, "")[""].respondents(), 2);
  EXPECT_EQ(store_->surveys().survey(created->id)->responses, 2);

  auto pending = store_->surveys().comments("pending", std::nullopt);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].group, "borger");
  EXPECT_EQ(pending[0].text, "Rådgiveren ringede mig op samme dag");
  EXPECT_TRUE(store_->surveys().comments("approved", std::nullopt).empty());
  ASSERT_TRUE(store_->surveys().decide_comment(pending[0].id, "approved", advisor_));
  EXPECT_EQ(store_->surveys().comments("approved", created->id).size(), 1u);
  EXPECT_EQ(LastAudit().action, "survey.comment");
  EXPECT_EQ(LastAudit().detail.find("ringede"), std::string::npos) << "comment text leaked into audit";
  EXPECT_FALSE(store_->surveys().decide_comment(pending[0].id, "published", advisor_));
  EXPECT_EQ(store_->surveys().decide_comment(987654321, "approved", advisor_).error().code, ErrorCode::kNotFound);
}

TEST_P(StoreContractTest, OneTimeCodesWorkOnce) {
  Survey s;
  s.questionnaire = "ansat";
  s.title = "Medarbejdere";
  s.opens_on = Date(2024, 1, 1);
  s.codes_required = true;
  auto created = store_->surveys().create_survey(s, advisor_);
  ASSERT_TRUE(created);
  auto codes = store_->surveys().add_codes(created->id, 3, advisor_);
  ASSERT_TRUE(codes);
  ASSERT_EQ(codes->size(), 3u);
  EXPECT_EQ(store_->surveys().unused_codes(created->id).size(), 3u);
  const auto answer = SurveyAnswer("ansat", "Holstebro", {{"A_LEARNING", QuestionType::kLikert, {"5"}}});
  ASSERT_TRUE(store_->surveys().submit(answer, created->id, codes->front(), std::nullopt));
  auto again = store_->surveys().submit(answer, created->id, codes->front(), std::nullopt);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  auto unknown = store_->surveys().submit(answer, created->id, "NOSUCH99", std::nullopt);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalid);
  // The refused answers stored nothing.
  EXPECT_EQ(store_->surveys().tally({}, "")[""].respondents(), 1);
  EXPECT_EQ(store_->surveys().unused_codes(created->id).size(), 2u);
  auto listed = store_->surveys().survey(created->id);
  EXPECT_EQ(listed->codes_used, 1);
  EXPECT_EQ(listed->codes_total, 3);
  EXPECT_FALSE(store_->surveys().add_codes(created->id, 0, advisor_));
  EXPECT_FALSE(store_->surveys().add_codes(created->id, 1001, advisor_));
}

TEST_P(StoreContractTest, SurveyImportIsAllOrNothing) {
  std::vector<Response> file{SurveyAnswer("borger", "Holstebro", {{"B_GUIDANCE", QuestionType::kLikert, {"4"}}}, "1"),
                             SurveyAnswer("borger", "Holstebro", {{"B_GUIDANCE", QuestionType::kLikert, {"3"}}}, "2")};
  auto n = store_->surveys().import(file, std::nullopt, advisor_);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 2);
  EXPECT_EQ(LastAudit().action, "survey.import");
  // The same file again, with one new line: refused whole, naming the respondents stored.
  file.push_back(SurveyAnswer("borger", "Holstebro", {{"B_GUIDANCE", QuestionType::kLikert, {"5"}}}, "3"));
  auto again = store_->surveys().import(file, std::nullopt, advisor_);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(again.error().fields.count("respondent:Holstebro/borger/1"));
  EXPECT_TRUE(again.error().fields.count("respondent:Holstebro/borger/2"));
  EXPECT_FALSE(again.error().fields.count("respondent:Holstebro/borger/3"));
  EXPECT_EQ(store_->surveys().tally({}, "")[""].respondents(), 2);
  // The same respondent id in another municipality is another person.
  ASSERT_TRUE(store_->surveys().import(
      {SurveyAnswer("borger", "Struer", {{"B_GUIDANCE", QuestionType::kLikert, {"5"}}}, "1")}, std::nullopt, advisor_));
  EXPECT_EQ(store_->surveys().import(file, 424242, advisor_).error().code, ErrorCode::kNotFound);
}

TEST_P(StoreContractTest, CustomQuestionnaireCannotChangeShapeOnceAnswered) {
  Questionnaire q;
  q.code = "kursus";
  q.title = "Kursusevaluering";
  q.questions.push_back({"K_USEFUL", QuestionType::kLikert, "Kurset var nyttigt", "", {}});
  ASSERT_TRUE(store_->surveys().save_questionnaire(q, advisor_));
  ASSERT_EQ(store_->surveys().questionnaires().size(), 1u);
  EXPECT_EQ(store_->surveys().questionnaires()[0].questions[0].text, "Kurset var nyttigt");
  ASSERT_TRUE(store_->surveys().submit(SurveyAnswer("kursus", "Holstebro", {{"K_USEFUL", QuestionType::kLikert, {"5"}}}),
                                       std::nullopt, "", std::nullopt));
  Questionnaire reworded = q;
  reworded.questions[0].text = "Kurset var brugbart";
  EXPECT_TRUE(store_->surveys().save_questionnaire(reworded, advisor_));
  Questionnaire reshaped = q;
  reshaped.questions[0].type = QuestionType::kText;
  auto refused = store_->surveys().save_questionnaire(reshaped, advisor_);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  Questionnaire builtin_name = q;
  builtin_name.code = "borger";
  EXPECT_FALSE(store_->surveys().save_questionnaire(builtin_name, advisor_));
}

TEST_P(StoreContractTest, PageTextsPerLanguageWithResetAndAudit) {
  EXPECT_FALSE(store_->pages().get("klage", "da").has_value());
  PageText t{"klage", "da", "Sådan klager du", "Kort.", "## Trin\n- Læs brevet", "", ""};
  ASSERT_TRUE(store_->pages().save(t, advisor_));
  auto got = store_->pages().get("klage", "da");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->body, t.body);
  EXPECT_EQ(got->updated_by, advisor_.name);
  EXPECT_FALSE(store_->pages().get("klage", "en").has_value());
  EXPECT_EQ(LastAudit().action, "page.save");
  EXPECT_EQ(LastAudit().detail.find("Læs"), std::string::npos) << "text leaked into audit";
  t.title = "Klag sådan";
  ASSERT_TRUE(store_->pages().save(t, advisor_));
  EXPECT_EQ(store_->pages().get("klage", "da")->title, "Klag sådan");
  PageText bad{"klage", "de", "", "", "", "", ""};
  auto refused = store_->pages().save(bad, advisor_);
  ASSERT_FALSE(refused);
  EXPECT_TRUE(refused.error().fields.count("lang"));
  EXPECT_TRUE(refused.error().fields.count("title"));
  EXPECT_TRUE(refused.error().fields.count("body"));
  ASSERT_TRUE(store_->pages().reset("klage", "da", advisor_));
  EXPECT_FALSE(store_->pages().get("klage", "da").has_value());
  EXPECT_EQ(LastAudit().action, "page.reset");
}

// --- data protection (privacy_store.cc) ------------------------------------------------------

namespace {
Case Closed(const Case& c, const Date& on, const MunicipalitySettings& settings, Store& store, const Actor& actor) {
  CasePatch p;
  p.status = "afsluttet";
  p.outcome = "vejledning";
  auto up = apply_patch(c, p, settings, on, true);
  EXPECT_TRUE(up);
  auto saved = store.cases().update(*up, actor);
  EXPECT_TRUE(saved);
  return *saved;
}
std::vector<int64_t> Ids(const CasePage& page) {
  std::vector<int64_t> out;
  for (const auto& c : page.items) out.push_back(c.id);
  return out;
}
}  // namespace

TEST_P(StoreContractTest, RetentionAnonymisesOldClosedCasesAndKeepsTheirFigures) {
  auto old = store_->cases().create(Draft("2018-03-01"), advisor_);
  JournalEntry call;
  call.kind = JournalKind::kCall;
  call.text = "Talte med Søren om brillerne.";
  ASSERT_TRUE(store_->journal().append(old->id, call, advisor_));
  const std::string pdf = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n";
  auto att = store_->attachments().add(old->id, "afgørelse.pdf", pdf, advisor_);
  ASSERT_TRUE(att);
  ASSERT_TRUE(store_->cases().add_themes(old->id, {{"begrundelse", "Ydelser", "manual", true, "Afslaget på Sørens briller var ikke begrundet."}}, advisor_));
  Complaint k = Compl(old->id);
  k.note = "Søren sendte klagen selv.";
  ASSERT_TRUE(store_->complaints().create(k, advisor_));
  const Case closed_old = Closed(*store_->cases().get(old->id, advisor_), Date(2018, 5, 2), settings_, *store_, advisor_);
  auto recent = store_->cases().create(Draft("2022-11-01"), advisor_);
  Closed(*recent, Date(2023, 1, 10), settings_, *store_, advisor_);
  const int64_t open_id = CaseId("2017-01-05");  // old but still open: never due

  const auto due = store_->privacy().retention_due(Date(2019, 1, 1));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].id, old->id);
  EXPECT_EQ(due[0].closed_on, Date(2018, 5, 2));
  const auto by_status = store_->cases().count_by_status();

  auto n = store_->privacy().anonymise({old->id}, "Anonymiseret.", "retention.run", "years:5", Actor::system());
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(LastAudit().action, "retention.run");

  // Personal data gone ...
  const Case after = *store_->cases().get(old->id, advisor_);
  EXPECT_EQ(after.summary, "Anonymiseret.");
  EXPECT_EQ(after.citizen, Citizen{});
  auto journal = *store_->journal().for_case(old->id, advisor_);
  for (const auto& e : journal) {
    if (e.kind == JournalKind::kStatus) EXPECT_NE(e.text, "Anonymiseret.");
    else EXPECT_EQ(e.text, "Anonymiseret.") << to_code(e.kind);
  }
  EXPECT_TRUE(store_->attachments().for_case(old->id)->empty());
  auto* sql_store = dynamic_cast<sql::SqlStore*>(store_.get());
  ASSERT_NE(sql_store, nullptr);
  EXPECT_FALSE(sql_store->get_blob(att->sha256)) << "the attachment's bytes are removed";
  EXPECT_EQ(store_->cases().themes(old->id).at(0).criticism_text, "");
  EXPECT_EQ(store_->complaints().for_case(old->id).at(0).note, "");
  CaseFilter f;
  f.q = "Ærø";
  const auto found = Ids(*store_->cases().list(f, advisor_));
  EXPECT_EQ(std::count(found.begin(), found.end(), old->id), 0);
  EXPECT_EQ(std::count(found.begin(), found.end(), recent->id), 1);
  // ... and what the statistics count is kept.
  EXPECT_EQ(after.status, closed_old.status);
  EXPECT_EQ(after.outcome, closed_old.outcome);
  EXPECT_EQ(after.received, closed_old.received);
  EXPECT_EQ(after.closed_on, closed_old.closed_on);
  EXPECT_EQ(after.departments, closed_old.departments);
  EXPECT_EQ(after.reasons, closed_old.reasons);
  EXPECT_EQ(store_->cases().themes(old->id).at(0).theme, "begrundelse");
  EXPECT_TRUE(store_->cases().themes(old->id).at(0).criticism);
  EXPECT_EQ(store_->cases().count_by_status(), by_status);

  // A rerun finds nothing more; the chain holds; the person's remaining cases are found.
  EXPECT_TRUE(store_->privacy().retention_due(Date(2019, 1, 1)).empty());
  EXPECT_EQ(*store_->privacy().anonymise({old->id}, "x", "retention.run", "", Actor::system()), 0);
  EXPECT_TRUE(store_->audit().verify().ok);
  const auto person = store_->privacy().find_person({"0707614285", ""});
  EXPECT_EQ(person.own, (std::vector<int64_t>{recent->id, open_id}));
}

TEST_P(StoreContractTest, AccessRequestFindsThePersonMentionsAndWhoLooked) {
  const int64_t own = CaseId();
  Case other_draft = Draft("2024-03-15", "Naboen klager over støj.");
  other_draft.citizen.name = "Karen Hansen";
  other_draft.citizen.cpr = "";
  auto other = store_->cases().create(other_draft, advisor_);
  JournalEntry note;
  note.kind = JournalKind::kNote;
  note.text = "Karen nævnte, at Søren Ærø Åberg også har klaget.";
  ASSERT_TRUE(store_->journal().append(other->id, note, advisor_));
  Case third_draft = Draft("2024-03-16", "Fuldmagt fra 070761-4285 vedlagt.");
  third_draft.citizen.name = "Ib Lund";
  third_draft.citizen.cpr = "";
  auto third = store_->cases().create(third_draft, advisor_);

  const auto by_name = store_->privacy().find_person({"", "  søren ærø ÅBERG "});
  EXPECT_EQ(by_name.own, std::vector<int64_t>{own});
  EXPECT_EQ(by_name.mentioned, std::vector<int64_t>{other->id});
  const auto by_cpr = store_->privacy().find_person({"0707614285", ""});
  EXPECT_EQ(by_cpr.own, std::vector<int64_t>{own});
  EXPECT_EQ(by_cpr.mentioned, std::vector<int64_t>{third->id});
  EXPECT_TRUE(store_->privacy().find_person({"", "Ukendt Person"}).own.empty());

  Actor colleague{2, "Bo Kollega", Role::kAssistant, "127.0.0.2"};
  ASSERT_TRUE(store_->cases().get(own, colleague));
  ASSERT_TRUE(store_->cases().get(other->id, colleague));  // not about the person
  ASSERT_TRUE(store_->cases().list(CaseFilter{}, colleague));
  const auto log = store_->privacy().access_log({own});
  std::vector<std::string> seen;
  for (const auto& e : log) seen.push_back(e.actor + " " + e.action);
  EXPECT_EQ(seen, (std::vector<std::string>{"Anne Rådgiver case.create", "Bo Kollega case.read", "Bo Kollega case.list"}));
  for (size_t i = 1; i < log.size(); ++i) EXPECT_LT(log[i - 1].seq, log[i].seq);
}

TEST_P(StoreContractTest, ErasureRemovesTheCaseAndOnlyBytesNoOtherCaseNames) {
  const std::string pdf = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n";
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(64, '\0');
  const int64_t gone = CaseId();
  const int64_t keeps = CaseId();
  auto shared = store_->attachments().add(gone, "brev.pdf", pdf, advisor_);
  ASSERT_TRUE(shared);
  ASSERT_TRUE(store_->attachments().add(keeps, "samme brev.pdf", pdf, advisor_));
  auto own = store_->attachments().add(gone, "billede.png", png, advisor_);
  ASSERT_TRUE(own);

  auto h = store_->privacy().holdings(gone);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->documents, 2);
  EXPECT_EQ(h->notes, 0);
  EXPECT_FALSE(h->anonymised);
  EXPECT_FALSE(decide_erasure(*h, Date(2024, 3, 20), 5).allowed);
  auto rec = store_->recommendations().create(Rec("2024-03-18", {keeps}), advisor_);
  ASSERT_TRUE(rec);
  EXPECT_EQ(store_->privacy().holdings(keeps)->systemic_links, 1);
  const int64_t fresh = CaseId();
  EXPECT_TRUE(decide_erasure(*store_->privacy().holdings(fresh), Date(2024, 3, 20), 5).allowed);

  ASSERT_TRUE(store_->privacy().erase(gone, Actor::system()));
  EXPECT_EQ(LastAudit().action, "case.erase");
  EXPECT_EQ(LastAudit().case_id, gone);
  auto missing = store_->cases().get(gone, advisor_);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->privacy().holdings(gone).error().code, ErrorCode::kNotFound);
  auto* sql_store = dynamic_cast<sql::SqlStore*>(store_.get());
  ASSERT_NE(sql_store, nullptr);
  EXPECT_FALSE(sql_store->get_blob(own->sha256)) << "bytes only the erased case named are removed";
  auto still = store_->attachments().for_case(keeps);
  ASSERT_EQ(still->size(), 1u);
  auto bytes = store_->attachments().read(keeps, still->at(0).id, advisor_);
  ASSERT_TRUE(bytes) << "bytes another case names stay";
  EXPECT_EQ(bytes->second, pdf);
  CaseFilter f;
  f.q = "Ærø";
  const auto found = Ids(*store_->cases().list(f, advisor_));
  EXPECT_EQ(std::count(found.begin(), found.end(), gone), 0);
  EXPECT_EQ(std::count(found.begin(), found.end(), keeps), 1);
  EXPECT_TRUE(store_->audit().verify().ok);
}

INSTANTIATE_TEST_SUITE_P(
    Backends, StoreContractTest,
    ::testing::ValuesIn(backends()),
    [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace bb
