#include "mail/mailer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "render/renderer.h"

namespace bb::mail {
namespace {

namespace fs = std::filesystem;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

TEST(MailRetryTest, BackoffDoublesFromOneMinuteCappedAtSixHours) {
  EXPECT_EQ(retry_delay(1), minutes(1));
  EXPECT_EQ(retry_delay(2), minutes(2));
  EXPECT_EQ(retry_delay(3), minutes(4));
  EXPECT_EQ(retry_delay(4), minutes(8));
  EXPECT_EQ(retry_delay(9), minutes(256));
  EXPECT_EQ(retry_delay(10), hours(6));  // 512 minutes, capped
  EXPECT_EQ(retry_delay(60), hours(6));  // no overflow
}

TEST(MailRetryTest, GivesUpAtTheTenthFailure) {
  const Instant t = parse_utc("2026-11-26T06:00:00Z").value();
  EXPECT_EQ(next_attempt_after(1, t), "2026-11-26T06:01:00Z");
  EXPECT_EQ(next_attempt_after(2, t), "2026-11-26T06:02:00Z");
  EXPECT_EQ(next_attempt_after(9, t), "2026-11-26T10:16:00Z");
  EXPECT_EQ(next_attempt_after(kMaxAttempts, t), kGaveUpAt);
  EXPECT_EQ(std::string(kGaveUpAt) > format_utc(t + hours(24 * 365 * 100)), true);
}

TEST(MailTextsTest, CatalogueHasTheDigestTexts) {
  render::Messages messages(std::string(BB_SOURCE_DIR) + "/messages");
  const DigestTexts texts = load_digest_texts(messages);
  EXPECT_EQ(digest_subject(Date(2026, 11, 26), texts), "Brobygger: dine påmindelser for 26. november 2026");
}

// ---------------------------------------------------------------------------------------------
// The Mailer over a real (SQLite) store and a transport that records or fails.

class FakeTransport final : public MailTransport {
 public:
  Status send(const OutgoingMail& m) override {
    if (fail) return Error{ErrorCode::kInternal, "smtp: Failed to connect to 127.0.0.1 port 1", {}};
    sent.push_back(m);
    return ok_status();
  }
  bool fail = false;
  std::vector<OutgoingMail> sent;
};

class MailerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("bb_mailer_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    store_ = open_store((dir_ / "t.db").string(), clock_);
    render::Messages messages(std::string(BB_SOURCE_DIR) + "/messages");
    auto transport = std::make_unique<FakeTransport>();
    transport_ = transport.get();
    mailer_ = std::make_unique<Mailer>(*store_, clock_, std::move(transport), "https://brobygger.testrup.dk",
                                       load_digest_texts(messages), 7);
    anne_ = AddUser("anne@testrup.dk", "Anne Rådgiver", Role::kAdvisor);
    bo_ = AddUser("bo@testrup.dk", "Bo Juul", Role::kAdvisor);
    sara_ = AddUser("sara@testrup.dk", "Sara Sekretær", Role::kAssistant);
  }
  void TearDown() override {
    mailer_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  int64_t AddUser(const std::string& email, const std::string& name, Role role) {
    User u;
    u.email = email;
    u.name = name;
    u.role = role;
    u.password_hash = "x";
    return store_->users().create(u, Actor::system()).value().id;
  }

  // A case received on `received`; its first response is due 10 working days later.
  Case AddCase(const std::string& received, std::optional<int64_t> assignee, const std::string& name) {
    CaseDraft d;
    d.received = received;
    d.channel = "telefon";
    d.reasons = {"klage"};
    d.departments = {"Jobcenter"};
    d.summary = "Borgeren har fået afslag på ressourceforløb.";
    d.citizen.name = name;
    d.citizen.cpr = "0707614285";
    d.assignee_id = assignee;
    Case c = validate_new_case(d, default_settings("Testrup"), kToday).value();
    return store_->cases().create(c, Actor::system()).value();
  }

  std::vector<OutgoingMail> Outbox() { return store_->outbox().list(100); }

  const Date kToday{2026, 11, 26};
  FixedClock clock_{*parse_utc("2026-11-26T06:30:00Z")};  // 07:30 in Copenhagen
  fs::path dir_;
  std::unique_ptr<Store> store_;
  FakeTransport* transport_ = nullptr;
  std::unique_ptr<Mailer> mailer_;
  int64_t anne_ = 0, bo_ = 0, sara_ = 0;
  static inline int counter_ = 0;
};

TEST_F(MailerTest, OneDigestPerAdvisorWithSomethingDueAndIdempotentPerDay) {
  const Case overdue = AddCase("2026-11-02", anne_, "Jens Ærbø");  // due 16 Nov
  AddCase("2026-11-25", anne_, "Ulla Nielsen");                    // due 9 Dec: not yet
  AddCase("2026-11-02", sara_, "Per Hansen");                      // not an advisor's

  auto run = mailer_->enqueue_digests(kToday);
  EXPECT_EQ(run.advisors, 2);
  EXPECT_EQ(run.queued, 1);
  run = mailer_->enqueue_digests(kToday);
  EXPECT_EQ(run.queued, 1);
  auto outbox = Outbox();
  ASSERT_EQ(outbox.size(), 1u);
  const OutgoingMail& m = outbox[0];
  EXPECT_EQ(m.dedupe_key, "digest:" + std::to_string(anne_) + ":2026-11-26");
  EXPECT_EQ(m.to, "anne@testrup.dk");
  EXPECT_EQ(m.subject, "Brobygger: dine påmindelser for 26. november 2026");
  EXPECT_NE(m.body.find(overdue.number), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("https://brobygger.testrup.dk/"), std::string::npos);
  for (const char* secret : {"Jens", "Ærbø", "0707614285", "Ulla", "Per Hansen", "ressourceforløb"}) {
    EXPECT_EQ(m.body.find(secret), std::string::npos) << secret;
  }
  // The next day is a new digest.
  mailer_->enqueue_digests(kToday.plus_days(1));
  EXPECT_EQ(Outbox().size(), 2u);
}

TEST_F(MailerTest, OfficeRecommendationsGoToEveryAdvisor) {
  auto add = [&](const std::string& title, const std::string& issued, const std::string& response_due,
                 const std::string& follow_up) {
    RecommendationInput in;
    in.title = title;
    in.text = "Forvaltningen bør partshøre borgeren Karen Sørensen.";
    in.departments = {"Jobcenter"};
    in.issued = issued;
    in.response_due = response_due;
    in.follow_up_date = follow_up;
    auto r = validate_recommendation(in, default_settings("Testrup"), kToday);
    return store_->recommendations().create(r.value(), Actor::system()).value();
  };
  const auto overdue = add("Partshøring", "2026-10-01", "2026-11-20", "");
  const auto soon = add("Begrundelse", "2026-10-01", "2026-12-02", "");
  add("Senere", "2026-10-01", "2026-12-31", "");
  const auto follow = add("Opfølgning", "2026-10-01", "2026-12-31", "2026-11-25");

  EXPECT_EQ(mailer_->enqueue_digests(kToday).queued, 2);  // Anne and Bo; not Sara
  const auto outbox = Outbox();
  ASSERT_EQ(outbox.size(), 2u);
  for (const auto& m : outbox) {
    EXPECT_NE(m.body.find("Henstilling " + overdue.number + ", svarfrist 20. november 2026"), std::string::npos)
        << m.body;
    EXPECT_NE(m.body.find("Henstilling " + soon.number + ", svarfrist 2. december 2026"), std::string::npos);
    EXPECT_NE(m.body.find("Henstilling " + follow.number + ", opfølgning 25. november 2026"), std::string::npos);
    EXPECT_EQ(m.body.find("31. december"), std::string::npos);
    for (const char* secret : {"Partshøring", "Begrundelse", "Karen", "Sørensen"}) {
      EXPECT_EQ(m.body.find(secret), std::string::npos) << secret;
    }
  }
}

TEST_F(MailerTest, InactiveAdvisorsGetNothing) {
  AddCase("2026-11-02", bo_, "Jens Ærbø");
  User bo = store_->users().get(bo_).value();
  bo.active = false;
  ASSERT_TRUE(store_->users().update(bo, Actor::system()));
  EXPECT_EQ(mailer_->enqueue_digests(kToday).queued, 0);
  EXPECT_TRUE(Outbox().empty());
}

TEST_F(MailerTest, SendsDueMailAndMarksItSent) {
  AddCase("2026-11-02", anne_, "Jens Ærbø");
  mailer_->enqueue_digests(kToday);
  auto run = mailer_->send_due();
  EXPECT_EQ(run.sent, 1);
  EXPECT_EQ(run.failed, 0);
  ASSERT_EQ(transport_->sent.size(), 1u);
  EXPECT_EQ(transport_->sent[0].to, "anne@testrup.dk");
  auto outbox = Outbox();
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(outbox[0].sent_at, format_utc(clock_.now()));
  EXPECT_EQ(mailer_->send_due().sent, 0);  // sent once only
  // Enqueueing the same day again neither adds nor resends.
  mailer_->enqueue_digests(kToday);
  EXPECT_EQ(mailer_->send_due().sent, 0);
  EXPECT_EQ(transport_->sent.size(), 1u);
}

TEST_F(MailerTest, FailuresAreRetriedWithBackoffThenGivenUp) {
  AddCase("2026-11-02", anne_, "Jens Ærbø");
  mailer_->enqueue_digests(kToday);
  transport_->fail = true;
  auto run = mailer_->send_due();
  EXPECT_EQ(run.failed, 1);
  auto m = Outbox().at(0);
  EXPECT_EQ(m.attempts, 1);
  EXPECT_EQ(m.last_error, "smtp: Failed to connect to 127.0.0.1 port 1");
  EXPECT_EQ(m.next_attempt_at, format_utc(clock_.now() + minutes(1)));
  EXPECT_TRUE(m.sent_at.empty());
  EXPECT_EQ(mailer_->send_due().failed, 0);  // not due yet
  clock_.advance(minutes(1));
  EXPECT_EQ(mailer_->send_due().failed, 1);
  m = Outbox().at(0);
  EXPECT_EQ(m.attempts, 2);
  EXPECT_EQ(m.next_attempt_at, format_utc(clock_.now() + minutes(2)));

  for (int attempt = 3; attempt <= kMaxAttempts; ++attempt) {
    clock_.advance(hours(6));
    run = mailer_->send_due();
    EXPECT_EQ(run.failed, 1) << attempt;
    EXPECT_EQ(run.gave_up, attempt == kMaxAttempts ? 1 : 0);
  }
  m = Outbox().at(0);
  EXPECT_EQ(m.attempts, kMaxAttempts);
  EXPECT_EQ(m.next_attempt_at, kGaveUpAt);
  EXPECT_FALSE(m.last_error.empty());
  clock_.advance(hours(24 * 365));
  transport_->fail = false;
  EXPECT_EQ(mailer_->send_due().sent, 0);  // given up stays given up
}

TEST_F(MailerTest, TickEnqueuesFromTheDigestHourInCopenhagen) {
  AddCase("2026-11-02", anne_, "Jens Ærbø");
  clock_.set(*parse_utc("2026-11-26T05:59:00Z"));  // 06:59 in Copenhagen
  mailer_->tick();
  EXPECT_TRUE(Outbox().empty());
  clock_.set(*parse_utc("2026-11-26T06:00:00Z"));  // 07:00
  mailer_->tick();
  ASSERT_EQ(Outbox().size(), 1u);
  EXPECT_EQ(transport_->sent.size(), 1u);  // and sent in the same pass
  clock_.advance(hours(1));
  mailer_->tick();
  EXPECT_EQ(Outbox().size(), 1u);
}

TEST_F(MailerTest, StopReturnsPromptly) {
  mailer_->start();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const auto t0 = std::chrono::steady_clock::now();
  mailer_->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, seconds(2));
  mailer_->start();  // and starts again
  mailer_->stop();
}

}  // namespace
}  // namespace bb::mail
