// The store contract: every Store implementation must pass these. Parameterised by a factory
// so the PostgreSQL implementation joins by adding one line to the instantiation.
#include <gtest/gtest.h>
#include <sodium.h>

#include <filesystem>
#include <functional>
#include <thread>

#include "store/store.h"

namespace bb {
namespace {

namespace fs = std::filesystem;

struct Backend {
  std::string name;
  std::function<std::string(const fs::path& dir)> url;
};

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
  ASSERT_TRUE(store_->cases().add_themes(c->id, {{"begrundelse", "Ydelser", "letter"}, {"klagevejledning", "", "letter"}}, advisor_));
  ASSERT_TRUE(store_->cases().add_themes(c->id, {{"begrundelse", "Ydelser", "manual"}}, advisor_));
  auto themes = store_->cases().themes(c->id);
  ASSERT_EQ(themes.size(), 2u);
  EXPECT_EQ(themes[0].source, "letter");
  auto bad = store_->cases().add_themes(c->id, {{"kaffe", "", "manual"}}, advisor_);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().fields.count("themes"), 1u);
  EXPECT_EQ(store_->cases().add_themes(c->id + 99, {{"andet", "", "manual"}}, advisor_).error().code, ErrorCode::kNotFound);
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
  auto copy = open_store(target, clock);
  auto got = copy->cases().get(c->id, advisor_);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->summary, c->summary);
  EXPECT_EQ(copy->attachments().for_case(c->id)->size(), 1u);
  EXPECT_TRUE(copy->attachments().read(c->id, 1, advisor_));
  EXPECT_TRUE(copy->audit().verify().ok);
}

INSTANTIATE_TEST_SUITE_P(
    Backends, StoreContractTest,
    ::testing::Values(Backend{"sqlite", [](const fs::path& dir) { return (dir / "t.db").string(); }}),
    [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace bb
