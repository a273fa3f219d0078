// Attachment types are decided by content, never by the file name or the client's claim.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bb {

inline constexpr size_t kMaxAttachmentBytes = 25u * 1024u * 1024u;

enum class AttachmentType { kPdf, kPng, kJpeg, kText, kDocx };

struct AttachmentKind {
  AttachmentType type;
  const char* mime;
  const char* extension;
};

// nullopt when the bytes are none of the accepted types (PDF, PNG, JPEG, UTF-8 text, DOCX).
std::optional<AttachmentKind> sniff_attachment(std::string_view bytes);

// A file name safe to show and to put in Content-Disposition: no path, no control characters,
// at most 120 bytes (cut on a UTF-8 boundary); empty input gives "bilag".
std::string safe_filename(std::string_view name);

}  // namespace bb
