#include "domain/case.h"

#include <gtest/gtest.h>

namespace bb {
namespace {

const Date kToday(2024, 3, 20);

MunicipalitySettings Settings() { return default_settings("Holmstrup Kommune"); }

CaseDraft PhoneDraft() {
  CaseDraft d;
  d.received = "2024-03-14";
  d.channel = "telefon";
  d.reasons = {"klage"};
  d.departments = {"Jobcenter"};
  d.summary = "Borgeren forstår ikke afslaget på ressourceforløb.";
  d.citizen.name = "Jens Hansen";
  d.citizen.cpr = "070761-4285";
  return d;
}

Case NewCase() { return validate_new_case(PhoneDraft(), Settings(), kToday).value(); }

TEST(NewCaseTest, ValidDraftBecomesNewCase) {
  Case c = NewCase();
  EXPECT_EQ(c.status, CaseStatus::kNy);
  EXPECT_EQ(c.channel, Channel::kTelefon);
  EXPECT_EQ(c.citizen.cpr, "0707614285");  // normalised to digits
  // 14 March 2024 + 10 working days runs over Easter to 2 April.
  EXPECT_EQ(c.first_response_due.iso(), "2024-04-02");
}

TEST(NewCaseTest, EmptyReceivedMeansToday) {
  CaseDraft d = PhoneDraft();
  d.received.clear();
  EXPECT_EQ(validate_new_case(d, Settings(), kToday)->received, kToday);
}

TEST(NewCaseTest, EveryBadFieldIsNamed) {
  CaseDraft d;
  d.received = "2024-02-30";
  d.channel = "fax";
  d.reasons = {"klage", "snak"};
  d.departments = {"Skattestyrelsen"};
  d.citizen.email = "ikke-en-adresse";
  d.citizen.cpr = "310280-1234";
  auto r = validate_new_case(d, Settings(), kToday);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
  const auto& f = r.error().fields;
  EXPECT_EQ(f.at("received"), "field.date");
  EXPECT_EQ(f.at("channel"), "field.unknown_code");
  EXPECT_EQ(f.at("reasons"), "field.unknown_code");
  EXPECT_EQ(f.at("departments"), "case.department_unknown");
  EXPECT_EQ(f.at("summary"), "field.required");
  EXPECT_EQ(f.at("citizen.email"), "field.email");
  EXPECT_EQ(f.at("citizen.cpr"), "cpr.date");
}

TEST(NewCaseTest, ReasonsRequiredAndReceivedNotInFuture) {
  CaseDraft d = PhoneDraft();
  d.reasons.clear();
  d.received = "2024-03-21";
  auto r = validate_new_case(d, Settings(), kToday);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields.at("reasons"), "case.reasons_required");
  EXPECT_EQ(r.error().fields.at("received"), "case.received_future");
}

TEST(CaseRulesTest, ClosingNeedsOutcome) {
  CasePatch p;
  p.status = "afsluttet";
  auto r = apply_patch(NewCase(), p, Settings(), kToday, true);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnprocessable);
  EXPECT_EQ(r.error().fields.at("outcome"), "case.close_needs_outcome");

  p.outcome = "vejledning";
  auto ok = apply_patch(NewCase(), p, Settings(), kToday, true);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->updated.status, CaseStatus::kAfsluttet);
  EXPECT_EQ(ok->updated.closed_on, kToday);
}

TEST(CaseRulesTest, AfvistNeedsReasonAndReferral) {
  CasePatch p;
  p.status = "afsluttet";
  p.outcome = "afvist";
  auto r = apply_patch(NewCase(), p, Settings(), kToday, true);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields.count("rejection_reason"), 1u);
  EXPECT_EQ(r.error().fields.count("referral"), 1u);

  p.rejection_reason = "Sagen verserer ved Ankestyrelsen.";
  p.referral = "Ankestyrelsen, tlf. 33 41 12 00";
  EXPECT_TRUE(apply_patch(NewCase(), p, Settings(), kToday, true));
}

TEST(CaseRulesTest, ContactingDepartmentNeedsConsent) {
  CasePatch p;
  p.status = "afventer_forvaltning";
  auto r = apply_patch(NewCase(), p, Settings(), kToday, true);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields.at("consent"), "case.contact_needs_consent");

  p.consent = "given";
  p.consent_form = "written";
  auto ok = apply_patch(NewCase(), p, Settings(), kToday, true);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->updated.consent.state, ConsentState::kGiven);
  EXPECT_EQ(ok->updated.consent.form, ConsentForm::kWritten);
  EXPECT_EQ(ok->updated.consent.date, kToday);
}

TEST(CaseRulesTest, WithdrawnConsentBlocksContact) {
  Case c = NewCase();
  c.consent = {ConsentState::kWithdrawn, Date(2024, 3, 15), ConsentForm::kOral};
  CasePatch p;
  p.status = "afventer_forvaltning";
  EXPECT_FALSE(apply_patch(c, p, Settings(), kToday, true));
}

TEST(CaseRulesTest, ReopenNeedsJournalNote) {
  Case c = NewCase();
  c.status = CaseStatus::kAfsluttet;
  c.outcome = Outcome::kVejledning;
  c.closed_on = Date(2024, 3, 18);
  CasePatch p;
  p.status = "i_gang";
  auto r = apply_patch(c, p, Settings(), kToday, true);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields.at("reopen_note"), "case.reopen_needs_note");

  p.reopen_note = "Borgeren har fået et nyt brev og henvender sig igen.";
  auto ok = apply_patch(c, p, Settings(), kToday, true);
  ASSERT_TRUE(ok);
  EXPECT_FALSE(ok->updated.closed_on.has_value());
  ASSERT_EQ(ok->journal.size(), 2u);
  EXPECT_EQ(ok->journal[0].kind, JournalKind::kNote);
  EXPECT_EQ(ok->journal[1].text, "status:afsluttet:i_gang");
}

TEST(CaseRulesTest, StatusChangeWritesStatusEntryAndMeetsFirstResponse) {
  CasePatch p;
  p.status = "i_gang";
  auto ok = apply_patch(NewCase(), p, Settings(), kToday, true);
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->journal.size(), 1u);
  EXPECT_EQ(ok->journal[0].kind, JournalKind::kStatus);
  EXPECT_EQ(ok->journal[0].text, "status:ny:i_gang");
  EXPECT_EQ(ok->updated.first_response_on, kToday);
  EXPECT_TRUE(ok->changed);
}

TEST(CaseRulesTest, AssistantMayNotCriticise) {
  CasePatch p;
  p.outcome = "kritik";
  auto r = apply_patch(NewCase(), p, Settings(), kToday, /*may_criticise=*/false);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(r.error().fields.at("outcome"), "case.criticism_not_allowed");
}

TEST(CaseRulesTest, EmptyPatchChangesNothing) {
  auto ok = apply_patch(NewCase(), CasePatch{}, Settings(), kToday, true);
  ASSERT_TRUE(ok);
  EXPECT_FALSE(ok->changed);
  EXPECT_TRUE(ok->journal.empty());
}

TEST(CaseRulesTest, MinutesAccumulateWithinRange) {
  CasePatch p;
  p.add_minutes = 30;
  Case c = apply_patch(NewCase(), p, Settings(), kToday, true)->updated;
  c = apply_patch(c, p, Settings(), kToday, true)->updated;
  EXPECT_EQ(c.minutes_spent, 60);
  p.add_minutes = -5;
  EXPECT_FALSE(apply_patch(c, p, Settings(), kToday, true));
}

TEST(EmailTest, PlausibleShapes) {
  EXPECT_TRUE(plausible_email("borger@example.dk"));
  EXPECT_FALSE(plausible_email("borger@example"));
  EXPECT_FALSE(plausible_email("@example.dk"));
  EXPECT_FALSE(plausible_email("a@b@c.dk"));
  EXPECT_FALSE(plausible_email("bo rger@example.dk"));
}

}  // namespace
}  // namespace bb
