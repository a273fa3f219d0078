// JSON forms of cases, journal entries, attachments and audit entries for the API, and the
// parsing of API bodies into domain drafts and patches (type errors named by field).
#pragma once

#include <nlohmann/json.hpp>

#include <vector>

#include "domain/case.h"
#include "domain/journal.h"
#include "domain/result.h"
#include "store/store.h"

namespace bb::web {

enum class CprView { kMasked, kFull };

nlohmann::json case_to_json(const Case& c, CprView cpr);
nlohmann::json journal_to_json(const JournalEntry& e);
nlohmann::json attachment_to_json(const Attachment& a);
nlohmann::json audit_to_json(const AuditEntry& e);

Result<CaseDraft> case_draft_from_json(const nlohmann::json& body);
// `base` is the case's current citizen: members absent from body.citizen keep their value.
Result<CasePatch> case_patch_from_json(const nlohmann::json& body, const Citizen& base);
Result<JournalDraft> journal_draft_from_json(const nlohmann::json& body);

// Parses a request body as a JSON object; kInvalid naming "body" otherwise.
Result<nlohmann::json> parse_json_object(const std::string& body);

}  // namespace bb::web
