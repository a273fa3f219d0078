#include "domain/privacy.h"

#include <gtest/gtest.h>

namespace bb {
namespace {

Date D(const char* iso) { return *Date::parse_iso(iso); }

CaseHoldings closed_on(const char* day) {
  CaseHoldings h;
  h.status = CaseStatus::kAfsluttet;
  h.outcome = Outcome::kVejledning;
  h.closed_on = D(day);
  return h;
}

TEST(Retention, CutoffIsTheSameDayYearsBefore) {
  EXPECT_EQ(retention_cutoff(D("2026-11-27"), 5), D("2021-11-27"));
  EXPECT_EQ(retention_cutoff(D("2028-02-29"), 5), D("2023-02-28"));
  EXPECT_EQ(retention_cutoff(D("2028-02-29"), 4), D("2024-02-29"));
}

TEST(Retention, OnlyClosedCasesClosedBeforeTheCutoffAreDue) {
  const Date cutoff = D("2021-11-27");
  EXPECT_TRUE(retention_due(CaseStatus::kAfsluttet, D("2021-11-26"), cutoff));
  EXPECT_FALSE(retention_due(CaseStatus::kAfsluttet, D("2021-11-27"), cutoff));
  EXPECT_FALSE(retention_due(CaseStatus::kAfsluttet, std::nullopt, cutoff));
  // A case reopened long ago and still open is never due, whatever its old closing day.
  EXPECT_FALSE(retention_due(CaseStatus::kIGang, D("2010-01-01"), cutoff));
}

TEST(Erasure, AnUntouchedInquiryMayBeErased) {
  CaseHoldings h;  // status ny: registered, nothing done yet
  const auto d = decide_erasure(h, D("2026-11-27"), 5);
  EXPECT_TRUE(d.allowed);
  EXPECT_TRUE(d.holds.empty());
}

TEST(Erasure, EveryReasonThatHoldsIsNamed) {
  CaseHoldings h = closed_on("2025-03-10");
  h.documents = 2;
  h.notes = 1;
  h.complaints = 1;
  const auto d = decide_erasure(h, D("2026-11-27"), 5);
  EXPECT_FALSE(d.allowed);
  ASSERT_EQ(d.holds.size(), 4u);
  EXPECT_EQ(hold_code(d.holds[0]), "documents");
  EXPECT_EQ(hold_code(d.holds[1]), "notes");
  EXPECT_EQ(hold_code(d.holds[2]), "handled");
  EXPECT_EQ(hold_code(d.holds[3]), "linked");
  ASSERT_TRUE(d.kept_until);
  EXPECT_EQ(*d.kept_until, D("2030-03-10"));
}

TEST(Erasure, NotesAloneHoldAnOpenCaseWithoutEndDate) {
  CaseHoldings h;
  h.status = CaseStatus::kIGang;
  h.notes = 1;
  const auto d = decide_erasure(h, D("2026-11-27"), 5);
  EXPECT_FALSE(d.allowed);
  ASSERT_EQ(d.holds.size(), 1u);
  EXPECT_EQ(d.holds[0], ErasureHold::kNotes);
  EXPECT_FALSE(d.kept_until);
}

TEST(Erasure, SystemicLinksHold) {
  CaseHoldings h;
  h.systemic_links = 1;
  const auto d = decide_erasure(h, D("2026-11-27"), 5);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.holds, std::vector<ErasureHold>{ErasureHold::kLinked});
}

TEST(Erasure, AllowedOnceTheRetentionPeriodHasRun) {
  CaseHoldings h = closed_on("2021-11-26");
  h.documents = 3;
  EXPECT_TRUE(decide_erasure(h, D("2026-11-27"), 5).allowed);
  EXPECT_FALSE(decide_erasure(h, D("2026-11-27"), 6).allowed);
  h = closed_on("2025-01-01");
  h.notes = 4;
  h.anonymised = true;
  EXPECT_TRUE(decide_erasure(h, D("2026-11-27"), 5).allowed);
}

TEST(Person, NamesCompareWithoutCaseAndExtraSpaces) {
  EXPECT_EQ(fold_name("  ÅSE   Østergård  Æbelø "), "åse østergård æbelø");
  EXPECT_EQ(fold_name("Åse Østergård Æbelø"), fold_name("åse østergård æbelø"));
  EXPECT_EQ(fold_name("RENÉ MÜLLER"), "rené müller");
  EXPECT_EQ(fold_name("2×3"), "2×3");  // the multiplication sign is no letter
  EXPECT_NE(fold_name("Anne Hansen"), fold_name("Anne Hansén"));
}

TEST(Person, NameSpellingsCoverTheUsualWays) {
  EXPECT_EQ(name_spellings("  søren ærø ÅBERG "),
            (std::vector<std::string>{"søren ærø ÅBERG", "søren ærø åberg", "Søren Ærø Åberg", "SØREN ÆRØ ÅBERG"}));
  EXPECT_EQ(name_spellings("Ib Lund"), (std::vector<std::string>{"Ib Lund", "ib lund", "IB LUND"}));
  EXPECT_TRUE(name_spellings("   ").empty());
}

}  // namespace
}  // namespace bb
