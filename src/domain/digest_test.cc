#include "domain/digest.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace bb {
namespace {

// Thursday 26 November 2026: +2 working days = Monday 30 November, +5 = Thursday 3 December.
const Date kToday(2026, 11, 26);

// The real catalogue texts (messages/da.json), looked up by dotted key.
const DigestTexts& Texts() {
  static const DigestTexts texts = [] {
    std::ifstream in(std::string(BB_SOURCE_DIR) + "/messages/da.json");
    const auto catalogue = nlohmann::json::parse(in);
    return make_digest_texts([&](const std::string& key) {
      const nlohmann::json* node = &catalogue;
      std::istringstream parts(key);
      for (std::string part; std::getline(parts, part, '.');) {
        if (!node->is_object() || !node->contains(part)) return key;
        node = &(*node)[part];
      }
      return node->is_string() ? node->get<std::string>() : key;
    });
  }();
  return texts;
}

Case OpenCase(const std::string& number, Date due, const std::string& name, const std::string& cpr) {
  Case c;
  c.id = std::stoll(number.substr(5));
  c.number = number;
  c.received = due.plus_days(-7);
  c.first_response_due = due;
  c.status = CaseStatus::kIGang;
  c.summary = "Borgeren " + name + " har fået afslag på ressourceforløb og klager over sagsbehandlingen.";
  c.citizen.name = name;
  c.citizen.cpr = cpr;
  c.citizen.address = "Kirkevej 12, 4700 Holmstrup";
  c.citizen.phone = "20 30 40 50";
  c.citizen.email = "borger@example.dk";
  return c;
}

Recommendation Rec(int64_t id, const std::string& number, Date response_due) {
  Recommendation r;
  r.id = id;
  r.number = number;
  r.title = "Partshøring i sager om " + number;
  r.text = "Jobcentret bør partshøre borgeren Karen Sørensen, før der træffes afgørelse.";
  r.departments = {"Jobcenter"};
  r.issued = response_due.plus_days(-28);
  r.response_due = response_due;
  return r;
}

std::vector<DigestItem> Of(const std::vector<DigestItem>& items, DigestKind kind) {
  std::vector<DigestItem> out;
  for (const auto& i : items) {
    if (i.kind == kind) out.push_back(i);
  }
  return out;
}

TEST(DigestTest, CatalogueHasEveryText) {
  std::ifstream in(std::string(BB_SOURCE_DIR) + "/messages/da.json");
  const auto catalogue = nlohmann::json::parse(in);
  for (const auto& key : digest_text_keys()) {
    nlohmann::json::json_pointer ptr("/" + [&] {
      std::string p = key;
      for (auto& ch : p) {
        if (ch == '.') ch = '/';
      }
      return p;
    }());
    ASSERT_TRUE(catalogue.contains(ptr)) << key;
    EXPECT_TRUE(catalogue.at(ptr).is_string()) << key;
  }
}

TEST(DigestTest, FirstResponseItemsAreOverdueOrDueWithinTwoWorkingDays) {
  std::vector<Case> cases = {
      OpenCase("2026-0001", Date(2026, 11, 20), "A", ""),  // overdue
      OpenCase("2026-0002", kToday, "B", ""),              // due today: not overdue yet
      OpenCase("2026-0003", Date(2026, 11, 30), "C", ""),  // Monday: 2 working days ahead
      OpenCase("2026-0004", Date(2026, 12, 1), "D", ""),   // 3 working days: not yet
  };
  Case answered = OpenCase("2026-0005", Date(2026, 11, 20), "E", "");
  answered.first_response_on = Date(2026, 11, 19);
  Case closed = OpenCase("2026-0006", Date(2026, 11, 20), "F", "");
  closed.status = CaseStatus::kAfsluttet;
  cases.push_back(answered);
  cases.push_back(closed);

  const auto items = first_response_items(cases, kToday);
  EXPECT_EQ(Of(items, DigestKind::kFirstResponseOverdue),
            (std::vector<DigestItem>{{DigestKind::kFirstResponseOverdue, "2026-0001", Date(2026, 11, 20)}}));
  EXPECT_EQ(Of(items, DigestKind::kFirstResponseDue),
            (std::vector<DigestItem>{{DigestKind::kFirstResponseDue, "2026-0002", kToday},
                                     {DigestKind::kFirstResponseDue, "2026-0003", Date(2026, 11, 30)}}));
  EXPECT_EQ(items.size(), 3u);
}

TEST(DigestTest, HorizonsCountWorkingDaysOverWeekendsAndHolidays) {
  EXPECT_EQ(first_response_horizon(Date(2026, 11, 27)), Date(2026, 12, 1));   // Fri → Tue
  EXPECT_EQ(recommendation_horizon(kToday), Date(2026, 12, 3));                // Thu → Thu
  EXPECT_EQ(first_response_horizon(Date(2026, 12, 23)), Date(2026, 12, 29));  // 24-27 Dec closed
}

TEST(DigestTest, RecommendationItems) {
  Recommendation overdue = Rec(1, "H-2026-01", Date(2026, 11, 25));
  Recommendation soon = Rec(2, "H-2026-02", Date(2026, 12, 3));
  Recommendation later = Rec(3, "H-2026-03", Date(2026, 12, 4));
  Recommendation answered = Rec(4, "H-2026-04", Date(2026, 11, 1));
  answered.status = RecommendationStatus::kFulgt;
  answered.follow_up_date = kToday;
  Recommendation lapsed = Rec(5, "H-2026-05", Date(2026, 11, 1));
  lapsed.status = RecommendationStatus::kBortfaldet;
  lapsed.follow_up_date = Date(2026, 11, 2);
  Recommendation not_yet = Rec(6, "H-2026-06", Date(2026, 10, 1));
  not_yet.status = RecommendationStatus::kIkkeFulgt;
  not_yet.follow_up_date = Date(2026, 11, 27);

  // The store's two lists (awaiting a response; follow-ups due) may both hold a recommendation.
  const auto items = recommendation_items({overdue, soon, later, answered, lapsed, not_yet, overdue}, kToday);
  EXPECT_EQ(Of(items, DigestKind::kRecommendationOverdue),
            (std::vector<DigestItem>{{DigestKind::kRecommendationOverdue, "H-2026-01", Date(2026, 11, 25)}}));
  EXPECT_EQ(Of(items, DigestKind::kRecommendationDue),
            (std::vector<DigestItem>{{DigestKind::kRecommendationDue, "H-2026-02", Date(2026, 12, 3)}}));
  EXPECT_EQ(Of(items, DigestKind::kFollowUpDue),
            (std::vector<DigestItem>{{DigestKind::kFollowUpDue, "H-2026-04", kToday}}));
  EXPECT_EQ(items.size(), 3u);
}

TEST(DigestTest, NoItemsNoMail) {
  EXPECT_FALSE(compose_digest("Anne Rådgiver", kToday, {}, "https://brobygger.example.dk", Texts()));
}

TEST(DigestTest, SubjectIsFixedDanishTextWithTheDate) {
  EXPECT_EQ(digest_subject(kToday, Texts()), "Brobygger: dine påmindelser for 26. november 2026");
  const auto one = compose_digest("Anne Rådgiver", kToday,
                                  {{DigestKind::kFirstResponseOverdue, "2026-0042", Date(2026, 11, 20)}}, "", Texts());
  const auto many = compose_digest("Bo Juul", kToday,
                                   {{DigestKind::kFirstResponseOverdue, "2026-0042", Date(2026, 11, 20)},
                                    {DigestKind::kRecommendationDue, "H-2026-03", Date(2026, 12, 1)},
                                    {DigestKind::kFollowUpDue, "H-2026-01", kToday}},
                                   "", Texts());
  ASSERT_TRUE(one && many);
  // The same for every advisor and any number of items: no name, no count.
  EXPECT_EQ(one->subject, "Brobygger: dine påmindelser for 26. november 2026");
  EXPECT_EQ(many->subject, one->subject);
}

// Regression guard for the rule: nothing personal in the mail. The items are built from
// cases and recommendations full of personal data, through the same functions the Mailer uses.
TEST(DigestTest, NoCitizenDataInSubjectOrBody) {
  const std::vector<Case> cases = {OpenCase("2026-0042", Date(2026, 11, 20), "Jens Ærbø", "0707614285"),
                                   OpenCase("2026-0043", Date(2026, 11, 27), "Fatima El-Khatib", "2512894321")};
  auto items = first_response_items(cases, kToday);
  auto recs = recommendation_items({Rec(3, "H-2026-03", Date(2026, 11, 2))}, kToday);
  items.insert(items.end(), recs.begin(), recs.end());
  ASSERT_EQ(items.size(), 3u);
  const auto mail = compose_digest("Anne Rådgiver", kToday, items, "https://brobygger.holmstrup.dk", Texts());
  ASSERT_TRUE(mail);
  const std::string all = mail->subject + "\n" + mail->body;
  for (const char* secret : {"Jens", "Ærbø", "Fatima", "Khatib", "0707614285", "070761-4285", "070761", "2512894321",
                             "251289", "Kirkevej", "20 30 40 50", "borger@example.dk", "ressourceforløb",
                             "Partshøring", "Karen", "Sørensen"}) {
    EXPECT_EQ(all.find(secret), std::string::npos) << secret;
  }
  EXPECT_EQ(mail->subject.find("Anne"), std::string::npos);
  // What it does say: the numbers and the dates.
  for (const char* want : {"2026-0042", "20. november 2026", "2026-0043", "27. november 2026", "H-2026-03",
                           "2. november 2026", "Hej Anne Rådgiver"}) {
    EXPECT_NE(mail->body.find(want), std::string::npos) << want;
  }
}

TEST(DigestTest, BodyGroupsByKindInOrderAndSortsByDate) {
  const auto mail = compose_digest("Anne", kToday,
                                   {{DigestKind::kFollowUpDue, "H-2026-01", kToday},
                                    {DigestKind::kFirstResponseOverdue, "2026-0050", Date(2026, 11, 24)},
                                    {DigestKind::kRecommendationOverdue, "H-2026-02", Date(2026, 11, 10)},
                                    {DigestKind::kFirstResponseOverdue, "2026-0042", Date(2026, 11, 20)},
                                    {DigestKind::kFirstResponseDue, "2026-0060", Date(2026, 11, 30)},
                                    {DigestKind::kRecommendationDue, "H-2026-03", Date(2026, 12, 2)}},
                                   "", Texts());
  ASSERT_TRUE(mail);
  const std::string& b = mail->body;
  const std::vector<std::string> in_order = {
      "Første svar til borgeren er overskredet (2):", "Sag 2026-0042, frist 20. november 2026",
      "Sag 2026-0050, frist 24. november 2026",
      "Første svar til borgeren skal gives inden for 2 arbejdsdage (1):", "Sag 2026-0060, frist 30. november 2026",
      "Svar på henstillinger er overskredet (1):", "Henstilling H-2026-02, svarfrist 10. november 2026",
      "Svar på henstillinger forfalder inden for 5 arbejdsdage (1):", "Henstilling H-2026-03, svarfrist 2. december 2026",
      "Henstillinger, der skal følges op (1):", "Henstilling H-2026-01, opfølgning 26. november 2026"};
  size_t pos = 0;
  for (const auto& want : in_order) {
    const auto at = b.find(want, pos);
    ASSERT_NE(at, std::string::npos) << want << "\n---\n" << b;
    pos = at + want.size();
  }
  EXPECT_EQ(b.find("{{"), std::string::npos) << b;
}

TEST(DigestTest, KindsWithoutItemsHaveNoHeading) {
  const auto mail = compose_digest("Anne", kToday, {{DigestKind::kRecommendationDue, "H-2026-03", Date(2026, 12, 2)}},
                                   "", Texts());
  ASSERT_TRUE(mail);
  EXPECT_EQ(mail->body.find("Første svar"), std::string::npos);
  EXPECT_EQ(mail->body.find("følges op"), std::string::npos);
}

TEST(DigestTest, LinkToBaseUrlOnlyWhenGiven) {
  const std::vector<DigestItem> items = {{DigestKind::kFirstResponseOverdue, "2026-0042", Date(2026, 11, 20)}};
  auto with = compose_digest("Anne", kToday, items, "https://brobygger.holmstrup.dk", Texts());
  ASSERT_TRUE(with);
  EXPECT_NE(with->body.find("Åbn Brobygger: https://brobygger.holmstrup.dk/\n"), std::string::npos) << with->body;
  auto slash = compose_digest("Anne", kToday, items, "https://brobygger.holmstrup.dk/", Texts());
  ASSERT_TRUE(slash);
  EXPECT_EQ(slash->body, with->body);  // no double slash
  auto without = compose_digest("Anne", kToday, items, "", Texts());
  ASSERT_TRUE(without);
  EXPECT_EQ(without->body.find("Åbn Brobygger"), std::string::npos);
  EXPECT_EQ(without->body.find("http"), std::string::npos);
}

}  // namespace
}  // namespace bb
