#include "domain/attachment.h"

#include "domain/utf8.h"

namespace bb {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

// Valid UTF-8 without control characters other than tab, CR, LF and form feed.
bool is_plain_text(std::string_view s) {
  for (unsigned char c : s) {
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7f) return false;
  }
  return valid_utf8(s);
}

// The length of the well-formed UTF-8 sequence `s` starts with, or 0.
size_t utf8_sequence_length(std::string_view s) {
  const auto c = static_cast<unsigned char>(s.front());
  const size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
  return len != 0 && len <= s.size() && valid_utf8(s.substr(0, len)) ? len : 0;
}

}  // namespace

std::optional<AttachmentKind> sniff_attachment(std::string_view b) {
  if (b.empty()) return std::nullopt;
  if (starts_with(b, "%PDF-")) return AttachmentKind{AttachmentType::kPdf, "application/pdf", "pdf"};
  if (starts_with(b, std::string_view("\x89PNG\r\n\x1a\n", 8))) {
    return AttachmentKind{AttachmentType::kPng, "image/png", "png"};
  }
  if (starts_with(b, "\xFF\xD8\xFF")) return AttachmentKind{AttachmentType::kJpeg, "image/jpeg", "jpg"};
  if (starts_with(b, std::string_view("PK\x03\x04", 4))) {
    // An OOXML word-processing document is a ZIP that names [Content_Types].xml and word/ parts.
    const std::string_view head = b.substr(0, std::min<size_t>(b.size(), 64 * 1024));
    const bool content_types = b.find("[Content_Types].xml") != std::string_view::npos;
    const bool word = head.find("word/") != std::string_view::npos ||
                      b.find("word/document.xml") != std::string_view::npos;
    if (content_types && word) {
      return AttachmentKind{AttachmentType::kDocx,
                            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                            "docx"};
    }
    return std::nullopt;
  }
  std::string_view text = b;
  if (starts_with(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
  if (is_plain_text(text)) return AttachmentKind{AttachmentType::kText, "text/plain; charset=utf-8", "txt"};
  return std::nullopt;
}

std::string safe_filename(std::string_view name) {
  const auto slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string out;
  for (size_t i = 0; i < name.size();) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c >= 0x80) {
      // A byte that does not start well-formed UTF-8 (a Latin-1 name, say) becomes "_": the
      // name is shown on pages and stored as text, which PostgreSQL refuses when malformed.
      const size_t len = utf8_sequence_length(name.substr(i));
      if (len == 0) {
        out.push_back('_');
        ++i;
      } else {
        out.append(name.substr(i, len));
        i += len;
      }
      continue;
    }
    ++i;
    if (c < 0x20 || c == 0x7f || c == '"' || c == ';') continue;
    out.push_back(static_cast<char>(c));
  }
  while (!out.empty() && (out.front() == '.' || out.front() == ' ')) out.erase(out.begin());
  if (out.size() > 120) {
    size_t cut = 120;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) >> 6) == 0x2) --cut;
    out.resize(cut);
  }
  return out.empty() ? "bilag" : out;
}

}  // namespace bb
