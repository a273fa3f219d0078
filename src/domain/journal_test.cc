#include "domain/journal.h"

#include <gtest/gtest.h>

namespace bb {
namespace {

TEST(JournalTest, AcceptsNoteAndCall) {
  auto e = validate_journal({"call", "Ringet til borgeren, aftalt møde.", std::nullopt});
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, JournalKind::kCall);
}

TEST(JournalTest, StatusEntriesAreOnlyAutomatic) {
  auto e = validate_journal({"status", "status:ny:afsluttet", std::nullopt});
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().fields.at("kind"), "journal.status_is_automatic");
}

TEST(JournalTest, BlankTextAndUnknownKindAreNamed) {
  auto e = validate_journal({"fax", "  \n ", std::nullopt});
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().fields.at("kind"), "field.unknown_code");
  EXPECT_EQ(e.error().fields.at("text"), "field.required");
}

}  // namespace
}  // namespace bb
