#include "cli/demo.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "domain/cpr.h"

namespace bb::cli {
namespace {

const Date kToday(2024, 11, 15);

DemoOptions Options(uint32_t seed, int count = 300) {
  DemoOptions o;
  o.seed = seed;
  o.count = count;
  o.today = kToday;
  return o;
}

std::vector<DemoCase> Make(uint32_t seed, int count = 300) {
  return make_demo_cases(Options(seed, count), default_settings("Holmstrup Kommune"));
}

Date Received(const DemoCase& c) { return Date::parse_iso(c.draft.received).value(); }

std::string Fingerprint(const DemoCase& c) {
  std::string out = c.draft.received + "|" + c.draft.summary + "|" + c.draft.citizen.name + "|" +
                    c.final_patch.status.value_or("") + "|" + c.final_patch.outcome.value_or("") +
                    "|" + std::to_string(c.close_day_offset) + "|" +
                    std::to_string(c.assignee_index);
  for (const auto& j : c.journal) out += "|" + std::to_string(j.day_offset) + ":" + j.text;
  return out;
}

TEST(DemoCasesTest, SameSeedGivesSameCasesAndAnotherSeedOthers) {
  const auto a = Make(7), b = Make(7), c = Make(8);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(Fingerprint(a[i]), Fingerprint(b[i]));
  int same = 0;
  for (size_t i = 0; i < a.size(); ++i) same += a[i].draft.summary == c[i].draft.summary;
  EXPECT_LT(same, 10);
}

TEST(DemoCasesTest, MakesTheRequestedNumberAndNoJournalWhenAskedNot) {
  EXPECT_EQ(Make(1, 0).size(), 0u);
  EXPECT_EQ(Make(1, 17).size(), 17u);
  DemoOptions o = Options(3, 50);
  o.with_journal = false;
  const auto cases = make_demo_cases(o, default_settings("Holmstrup Kommune"));
  ASSERT_EQ(cases.size(), 50u);
  for (const auto& c : cases) EXPECT_TRUE(c.journal.empty());
}

TEST(DemoCasesTest, DatesStayWithinTheYearsBeforeToday) {
  for (uint32_t seed = 1; seed <= 5; ++seed) {
    const auto cases = Make(seed);
    for (const auto& c : cases) {
      const Date received = Received(c);
      EXPECT_LE(received, kToday);
      EXPECT_GT(received, kToday.plus_days(-2 * 366));
      EXPECT_GE(c.close_day_offset, 0);
      EXPECT_LE(received.plus_days(c.close_day_offset), kToday);
      int previous = 0;
      for (const auto& j : c.journal) {
        EXPECT_NE(j.kind, JournalKind::kStatus);
        EXPECT_FALSE(j.text.empty());
        EXPECT_EQ(j.text.find('{'), std::string::npos) << j.text;
        EXPECT_GE(j.day_offset, previous);
        EXPECT_LE(j.day_offset, c.close_day_offset);
        previous = j.day_offset;
      }
      EXPECT_LE(c.journal.size(), 5u);
    }
    EXPECT_TRUE(std::is_sorted(cases.begin(), cases.end(), [](const auto& a, const auto& b) {
      return a.draft.received < b.draft.received;
    }));
  }
}

// The property load_demo_cases relies on: every draft validates and every final patch applies.
TEST(DemoCasesTest, EveryDraftValidatesAndEveryFinalPatchApplies) {
  const auto settings = default_settings("Holmstrup Kommune");
  for (uint32_t seed = 1; seed <= 5; ++seed) {
    for (const auto& c : Make(seed)) {
      auto valid = validate_new_case(c.draft, settings, kToday);
      ASSERT_TRUE(valid) << "seed " << seed << ": " << valid.error().message;
      EXPECT_EQ(c.draft.summary.find('{'), std::string::npos) << c.draft.summary;
      const Date closed = Received(c).plus_days(c.close_day_offset);
      auto up = apply_patch(*valid, c.final_patch, settings, closed, true);
      ASSERT_TRUE(up) << "seed " << seed << ": " << up.error().message << " "
                      << (up.error().fields.empty() ? "" : up.error().fields.begin()->first);
      const Case& after = up->updated;
      if (after.status == CaseStatus::kAfsluttet) {
        ASSERT_TRUE(after.outcome);
        EXPECT_EQ(after.closed_on, closed);
      }
      if (after.outcome == Outcome::kAfvist) {
        EXPECT_FALSE(after.referral.empty());
        EXPECT_FALSE(after.rejection_reason.empty());
      }
      if (after.status != CaseStatus::kNy) {
        ASSERT_TRUE(after.first_response_on);
        EXPECT_LE(*after.first_response_on, closed);
        EXPECT_GE(*after.first_response_on, after.received);
      }
      const bool contact =
          after.status == CaseStatus::kAfventerForvaltning ||
          after.outcome == Outcome::kFormidling || after.outcome == Outcome::kMaegling ||
          after.outcome == Outcome::kKritik || after.outcome == Outcome::kIngenKritik;
      if (contact) {
        EXPECT_EQ(after.consent.state, ConsentState::kGiven);
      }
    }
  }
}

TEST(DemoCasesTest, DistributionLooksLikeARealOffice) {
  const auto cases = Make(2);
  std::map<std::string, int> channels, reasons, departments, outcomes, statuses;
  int working_days = 0, with_cpr = 0, old = 0, old_closed = 0;
  std::set<std::string> summaries;
  for (const auto& c : cases) {
    ++channels[c.draft.channel];
    for (const auto& r : c.draft.reasons) ++reasons[r];
    for (const auto& d : c.draft.departments) ++departments[d];
    ++outcomes[c.final_patch.outcome.value_or("")];
    ++statuses[c.final_patch.status.value_or("ny")];
    const Date received = Received(c);
    working_days += is_working_day(received);
    if (received.days_until(kToday) > 60) {
      ++old;
      old_closed += c.final_patch.status == std::optional<std::string>("afsluttet");
    }
    if (!c.draft.citizen.cpr.empty()) {
      ++with_cpr;
      auto cpr = Cpr::parse(c.draft.citizen.cpr);
      ASSERT_TRUE(cpr) << "invalid demo CPR";
      // Made-up numbers fail modulus 11, so they cannot be a number issued before 2007.
      EXPECT_FALSE(cpr->passes_modulus11());
    }
    summaries.insert(c.draft.summary);
  }
  for (Channel ch : all_codes<Channel>()) EXPECT_GT(channels[to_code(ch)], 0) << to_code(ch);
  for (Reason r : all_codes<Reason>()) EXPECT_GT(reasons[to_code(r)], 0) << to_code(r);
  for (Outcome o : all_codes<Outcome>()) EXPECT_GT(outcomes[to_code(o)], 0) << to_code(o);
  for (CaseStatus s : all_codes<CaseStatus>()) EXPECT_GT(statuses[to_code(s)], 0) << to_code(s);
  EXPECT_GT(channels["telefon"], channels["email"]);
  EXPECT_GT(channels["email"], channels["brev"]);
  for (const char* top : {"klage", "forstaa"}) {
    for (const char* other : {"kontakt", "hjaelp", "hoert", "andet"}) {
      EXPECT_GT(reasons[top], reasons[other]) << top << " vs " << other;
    }
  }
  for (const char* big : {"Jobcenter", "Ydelser", "Voksen og Handicap", "Børn og Familie"}) {
    for (const char* small : {"Borgerservice", "Teknik og Miljø", "Kultur og Fritid", "Andet"}) {
      EXPECT_GT(departments[big], departments[small]) << big << " vs " << small;
    }
  }
  EXPECT_GT(outcomes["vejledning"], outcomes["vejvisning"]);
  EXPECT_GE(outcomes["afvist"], 12);
  EXPECT_LE(outcomes["afvist"], 50);
  EXPECT_GT(working_days, 270);
  EXPECT_GT(with_cpr, 30);
  EXPECT_LT(with_cpr, 100);
  EXPECT_GT(old_closed * 100, old * 85);
  EXPECT_GT(summaries.size(), 280u);
}

TEST(DemoCasesTest, DepartmentsComeFromTheSettings) {
  MunicipalitySettings settings = default_settings("Lilleby Kommune");
  settings.departments = {"Social", "Teknik"};
  DemoOptions o = Options(4, 100);
  for (const auto& c : make_demo_cases(o, settings)) {
    ASSERT_FALSE(c.draft.departments.empty());
    for (const auto& d : c.draft.departments) EXPECT_TRUE(settings.has_department(d)) << d;
    EXPECT_TRUE(validate_new_case(c.draft, settings, kToday));
  }
}

// ---------------------------------------------------------------------------------------------

class DemoLoadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("bb_demo_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store_ = open_store((dir_ / "demo.db").string(), clock_);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  User Advisor(const std::string& name, const std::string& email) {
    User u;
    u.name = name;
    u.email = email;
    u.role = Role::kAdvisor;
    u.password_hash = "x";
    return store_->users().create(u, Actor::system()).value();
  }

  const Instant start_ = Instant{kToday.days()} + std::chrono::hours(15);
  FixedClock clock_{start_};
  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(DemoLoadTest, LoadsThroughTheStoreWithJournalAndAudit) {
  const auto settings = default_settings("Holmstrup Kommune");
  const std::vector<User> advisors = {Advisor("Anne Rådgiver", "anne@example.com"),
                                      Advisor("Bo Jurist", "bo@example.com")};
  const auto cases = make_demo_cases(Options(5, 60), settings);

  EXPECT_EQ(load_demo_cases(*store_, clock_, cases, settings, advisors), 60);
  EXPECT_EQ(clock_.now(), start_);

  const Actor reader{advisors[0].id, advisors[0].name, Role::kAdvisor, "127.0.0.1"};
  CaseFilter all;
  all.limit = 200;
  auto listed = store_->cases().list(all, reader);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->items.size(), 60u);

  int expected_closed = 0;
  for (const auto& c : cases) {
    expected_closed += c.final_patch.status == std::optional<std::string>("afsluttet");
  }
  CaseFilter closed;
  closed.limit = 200;
  closed.status = CaseStatus::kAfsluttet;
  auto closed_page = store_->cases().list(closed, reader);
  ASSERT_TRUE(closed_page);
  EXPECT_EQ(static_cast<int>(closed_page->items.size()), expected_closed);
  EXPECT_GT(expected_closed, 30);
  for (const auto& c : closed_page->items) {
    ASSERT_TRUE(c.outcome) << c.number;
    ASSERT_TRUE(c.closed_on) << c.number;
    EXPECT_LE(*c.closed_on, kToday);
    if (*c.outcome == Outcome::kAfvist) {
      EXPECT_FALSE(c.referral.empty());
    }
  }

  // Numbers run in order of receipt within a year.
  std::vector<Case> by_number = listed->items;
  std::sort(by_number.begin(), by_number.end(),
            [](const Case& a, const Case& b) { return a.number < b.number; });
  for (size_t i = 1; i < by_number.size(); ++i) {
    EXPECT_LE(by_number[i - 1].received, by_number[i].received);
  }

  CaseFilter mine;
  mine.limit = 200;
  mine.assignee_id = advisors[1].id;
  auto mine_page = store_->cases().list(mine, reader);
  ASSERT_TRUE(mine_page);
  EXPECT_GT(mine_page->items.size(), 0u);

  size_t journal_entries = 0;
  for (const auto& c : cases) journal_entries += c.journal.size();
  size_t stored_entries = 0;
  for (const auto& c : listed->items) {
    auto journal = store_->journal().for_case(c.id, reader);
    ASSERT_TRUE(journal);
    for (const auto& j : *journal) stored_entries += j.kind != JournalKind::kStatus;
  }
  EXPECT_EQ(stored_entries, journal_entries);

  int64_t total = 0;
  for (const auto& [status, n] : store_->cases().count_by_status()) total += n;
  EXPECT_EQ(total, 60);
  EXPECT_TRUE(store_->audit().verify().ok);
}

}  // namespace
}  // namespace bb::cli
