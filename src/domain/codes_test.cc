#include "domain/codes.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace bb {
namespace {

template <typename E>
void ExpectRoundTripAndUnique() {
  std::set<std::string> seen;
  for (E e : all_codes<E>()) {
    std::string code = to_code(e);
    EXPECT_FALSE(code.empty());
    EXPECT_TRUE(seen.insert(code).second) << "duplicate code " << code;
    EXPECT_EQ(parse_code<E>(code), e);
  }
  EXPECT_FALSE(parse_code<E>("no_such_code").has_value());
  EXPECT_FALSE(parse_code<E>("").has_value());
}

TEST(CodesTest, EveryVocabularyRoundTrips) {
  ExpectRoundTripAndUnique<Channel>();
  ExpectRoundTripAndUnique<Reason>();
  ExpectRoundTripAndUnique<CaseStatus>();
  ExpectRoundTripAndUnique<Outcome>();
  ExpectRoundTripAndUnique<JournalKind>();
  ExpectRoundTripAndUnique<Role>();
  ExpectRoundTripAndUnique<ConsentState>();
  ExpectRoundTripAndUnique<ConsentForm>();
}

TEST(CodesTest, GlossaryCodesAreExact) {
  EXPECT_EQ(all_codes<Reason>().size(), 6u);
  EXPECT_STREQ(to_code(Reason::kHjaelp), "hjaelp");
  EXPECT_STREQ(to_code(CaseStatus::kAfventerForvaltning), "afventer_forvaltning");
  EXPECT_STREQ(to_code(Outcome::kIngenKritik), "ingen_kritik");
  EXPECT_STREQ(to_code(Channel::kDigitalPost), "digital_post");
}

}  // namespace
}  // namespace bb
