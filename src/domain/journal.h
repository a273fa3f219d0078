// Journal entries: the case's log. Never edited in place; a correction is a new entry that
// refers to the one it corrects. Status entries are written by the system on status changes,
// with language-neutral text ("status:ny:i_gang", "consent:given:oral:2024-03-14",
// "outcome:kritik") that the pages translate.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/codes.h"
#include "domain/result.h"

namespace bb {

struct JournalEntry {
  int64_t id = 0;
  int64_t case_id = 0;
  JournalKind kind = JournalKind::kNote;
  std::string text;
  int64_t author_id = 0;
  std::string author;
  std::string created_at;  // UTC ISO 8601
  std::optional<int64_t> corrects;
};

struct JournalDraft {
  std::string kind;
  std::string text;
  std::optional<int64_t> corrects;
};

// Checks a user-written entry: kind known and not `status`, text present and within limits.
Result<JournalEntry> validate_journal(const JournalDraft& draft);

}  // namespace bb
