#include "domain/placeholders.h"

#include <gtest/gtest.h>

namespace bb {
namespace {

// Regression: the published-report note names the threshold twice; only the first was filled.
TEST(Placeholders, FillsEveryOccurrenceAndNotTheValue) {
  EXPECT_EQ(fill("under {{n}} vises som \"< {{n}}\"", "n", "5"), "under 5 vises som \"< 5\"");
  EXPECT_EQ(fill("{{a}}", "a", "{{a}}"), "{{a}}");
  EXPECT_EQ(fill("ingen", "a", "x"), "ingen");
}

}  // namespace
}  // namespace bb
