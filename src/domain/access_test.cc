#include "domain/access.h"

#include <gtest/gtest.h>

namespace bb {
namespace {

TEST(AccessTest, ManagerAndAdminNeverSeeCaseContent) {
  for (Role r : {Role::kManager, Role::kAdmin}) {
    EXPECT_FALSE(has_permission(r, Permission::kReadCases));
    EXPECT_FALSE(has_permission(r, Permission::kWriteCases));
    EXPECT_FALSE(has_permission(r, Permission::kViewAudit));
  }
  EXPECT_TRUE(has_permission(Role::kManager, Permission::kViewStatistics));
  EXPECT_TRUE(has_permission(Role::kAdmin, Permission::kAdminUsers));
}

TEST(AccessTest, AssistantRegistersButDoesNotCriticiseOrDelete) {
  EXPECT_TRUE(has_permission(Role::kAssistant, Permission::kWriteCases));
  EXPECT_FALSE(has_permission(Role::kAssistant, Permission::kCriticise));
  EXPECT_FALSE(has_permission(Role::kAssistant, Permission::kDeleteCaseData));
  EXPECT_FALSE(has_permission(Role::kAssistant, Permission::kAdminUsers));
}

TEST(AccessTest, AdvisorRunsCasesButNotUsers) {
  EXPECT_TRUE(has_permission(Role::kAdvisor, Permission::kCriticise));
  EXPECT_TRUE(has_permission(Role::kAdvisor, Permission::kViewAudit));
  EXPECT_FALSE(has_permission(Role::kAdvisor, Permission::kAdminUsers));
}

}  // namespace
}  // namespace bb
