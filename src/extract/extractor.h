// Text out of what citizens bring: plain text, PDF (poppler; a PDF without a text layer is
// rendered and read by OCR), and photos or scans (tesseract with Danish). Depends on domain
// only. An encrypted, broken or empty file gives a clear error, never a crash.
// Thread-safe: each call uses its own poppler document and tesseract engine.
#pragma once

#include <string>
#include <string_view>

#include "domain/result.h"

namespace bb::extract {

enum class Source { kText, kPdfText, kPdfOcr, kImageOcr };
const char* source_code(Source s);  // "text", "pdf_text", "pdf_ocr", "image_ocr"

struct Extracted {
  std::string text;  // UTF-8
  Source source = Source::kText;
  int pages = 1;
};

// The narrow interface the web and CLI layers use; tests may pass a fake.
class TextExtractor {
 public:
  virtual ~TextExtractor() = default;
  virtual Result<Extracted> extract(std::string_view bytes) const = 0;
};

struct ExtractorOptions {
  int max_pages = 40;      // more pages than this are refused (kTooLarge)
  int ocr_dpi = 300;
  std::string language = "dan";
};

// poppler + tesseract.
class DocumentExtractor final : public TextExtractor {
 public:
  explicit DocumentExtractor(ExtractorOptions options = {}) : options_(std::move(options)) {}
  Result<Extracted> extract(std::string_view bytes) const override;

 private:
  Result<Extracted> from_pdf(std::string_view bytes) const;
  Result<Extracted> from_image(std::string_view bytes) const;
  ExtractorOptions options_;
};

}  // namespace bb::extract
