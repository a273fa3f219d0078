// Who may do what (DESIGN.md §2). One table, checked by every route.
#pragma once

#include "domain/codes.h"

namespace bb {

enum class Permission {
  kReadCases,       // case content, journal, attachments, citizen data
  kWriteCases,      // register inquiries, journal, attachments, status
  kCriticise,       // outcomes kritik / ingen_kritik, recommendations
  kDeleteCaseData,  // deletion (none yet besides retention)
  kViewAudit,       // audit entries of a case (they name the case)
  kViewStatistics,  // aggregated figures only
  kAdminUsers,      // users, settings
  kVerifyAudit,     // chain verification (no content)
  kPublish,         // decide what may be published: survey comments as quotes
};

constexpr bool has_permission(Role role, Permission p) {
  switch (role) {
    case Role::kAdvisor:
      return p != Permission::kAdminUsers && p != Permission::kVerifyAudit;
    case Role::kAssistant:
      return p == Permission::kReadCases || p == Permission::kWriteCases;
    case Role::kManager:
      return p == Permission::kViewStatistics;
    case Role::kAdmin:
      return p == Permission::kAdminUsers || p == Permission::kVerifyAudit ||
             p == Permission::kViewStatistics;
  }
  return false;
}

}  // namespace bb
