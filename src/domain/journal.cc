#include "domain/journal.h"

#include <algorithm>
#include <cctype>

#include "domain/case.h"

namespace bb {

Result<JournalEntry> validate_journal(const JournalDraft& draft) {
  FieldErrors errors;
  JournalEntry e;
  auto kind = parse_code<JournalKind>(draft.kind);
  if (!kind) {
    errors.add("kind", draft.kind.empty() ? "field.required" : "field.unknown_code");
  } else if (*kind == JournalKind::kStatus) {
    errors.add("kind", "journal.status_is_automatic");
  } else {
    e.kind = *kind;
  }
  const bool blank = std::all_of(draft.text.begin(), draft.text.end(),
                                 [](unsigned char c) { return std::isspace(c); });
  if (blank) errors.add("text", "field.required");
  if (draft.text.size() > kMaxJournalText) errors.add("text", "field.too_long");
  if (!errors.empty()) return errors.to_error();
  e.text = draft.text;
  e.corrects = draft.corrects;
  return e;
}

}  // namespace bb
