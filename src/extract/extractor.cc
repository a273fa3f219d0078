#include "extract/extractor.h"

#include <leptonica/allheaders.h>
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>
#include <tesseract/baseapi.h>

#include <algorithm>
#include <cstdint>
#include <cctype>
#include <memory>
#include <mutex>

#include "domain/attachment.h"

namespace bb::extract {
namespace {

// 60 megapixels: an A4 page scanned at 600 dpi is 35, a phone photo 12 to 50.
constexpr int64_t kMaxImagePixels = 60'000'000;

bool blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

// Counts letters and digits, to tell a real text layer from a few stray glyphs.
size_t meaningful_chars(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (std::isalnum(c) || c >= 0x80) ? 1 : 0;
  return n;
}

void quiet_poppler() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });
}

struct TessDeleter {
  void operator()(tesseract::TessBaseAPI* api) const {
    api->End();
    delete api;
  }
};
using Tess = std::unique_ptr<tesseract::TessBaseAPI, TessDeleter>;

Result<Tess> start_ocr(const std::string& language) {
  Tess api(new tesseract::TessBaseAPI());
  if (api->Init(nullptr, language.c_str()) != 0) {
    return Error{ErrorCode::kInternal, "letter.ocr_unavailable", {}};
  }
  api->SetVariable("debug_file", "/dev/null");
  api->SetPageSegMode(tesseract::PSM_AUTO);
  return api;
}

std::string take_text(tesseract::TessBaseAPI& api) {
  std::unique_ptr<char[]> text(api.GetUTF8Text());
  return text ? std::string(text.get()) : std::string();
}

}  // namespace

const char* source_code(Source s) {
  switch (s) {
    case Source::kText: return "text";
    case Source::kPdfText: return "pdf_text";
    case Source::kPdfOcr: return "pdf_ocr";
    case Source::kImageOcr: return "image_ocr";
  }
  return "text";
}

Result<Extracted> DocumentExtractor::extract(std::string_view bytes) const {
  if (bytes.empty() || blank(std::string(bytes))) return Error::field(ErrorCode::kUnprocessable, "file", "letter.empty");
  auto kind = sniff_attachment(bytes);
  if (!kind) return Error::field(ErrorCode::kUnprocessable, "file", "letter.unsupported_type");
  switch (kind->type) {
    case AttachmentType::kText: {
      std::string_view text = bytes;
      if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
      return Extracted{std::string(text), Source::kText, 1};
    }
    case AttachmentType::kPdf: return from_pdf(bytes);
    case AttachmentType::kPng:
    case AttachmentType::kJpeg: return from_image(bytes);
    case AttachmentType::kDocx: return Error::field(ErrorCode::kUnprocessable, "file", "letter.docx_unsupported");
  }
  return Error::field(ErrorCode::kUnprocessable, "file", "letter.unsupported_type");
}

Result<Extracted> DocumentExtractor::from_pdf(std::string_view bytes) const {
  quiet_poppler();
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) {
    // poppler gives no reason; an encrypted file it cannot open without a password is the
    // common case worth naming.
    if (std::string_view(bytes).find("/Encrypt") != std::string_view::npos) {
      return Error::field(ErrorCode::kUnprocessable, "file", "letter.encrypted");
    }
    return Error::field(ErrorCode::kUnprocessable, "file", "letter.broken_pdf");
  }
  if (doc->is_locked()) return Error::field(ErrorCode::kUnprocessable, "file", "letter.encrypted");
  const int pages = doc->pages();
  if (pages <= 0) return Error::field(ErrorCode::kUnprocessable, "file", "letter.empty");
  if (pages > options_.max_pages) return Error::field(ErrorCode::kTooLarge, "file", "letter.too_many_pages");

  std::string text;
  for (int i = 0; i < pages; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) continue;
    auto bytes_utf8 = page->text(poppler::rectf(), poppler::page::physical_layout).to_utf8();
    text.append(bytes_utf8.begin(), bytes_utf8.end());
    text += "\n\n";
  }
  // A real text layer has some substance per page; otherwise treat it as a scan.
  if (meaningful_chars(text) >= static_cast<size_t>(20 * pages)) return Extracted{text, Source::kPdfText, pages};

  auto api = start_ocr(options_.language);
  if (!api) return api.error();
  poppler::page_renderer renderer;
  renderer.set_image_format(poppler::image::format_gray8);
  renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
  renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
  std::string ocr;
  for (int i = 0; i < pages; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) continue;
    poppler::image img = renderer.render_page(page.get(), options_.ocr_dpi, options_.ocr_dpi);
    if (!img.is_valid()) continue;
    (*api)->SetImage(reinterpret_cast<const unsigned char*>(img.const_data()), img.width(), img.height(), 1,
                     img.bytes_per_row());
    (*api)->SetSourceResolution(options_.ocr_dpi);
    ocr += take_text(**api);
    ocr += "\n\n";
  }
  if (meaningful_chars(ocr) == 0) return Error::field(ErrorCode::kUnprocessable, "file", "letter.empty");
  return Extracted{ocr, Source::kPdfOcr, pages};
}

Result<Extracted> DocumentExtractor::from_image(std::string_view bytes) const {
  // The size from the header first: a few kilobytes of PNG can declare billions of pixels,
  // and decoding them before looking took half a minute and gigabytes (a decompression bomb).
  l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, iscmap = 0;
  if (pixReadHeaderMem(reinterpret_cast<const l_uint8*>(bytes.data()), bytes.size(), &format, &w, &h, &bps, &spp,
                       &iscmap) != 0 || w <= 0 || h <= 0) {
    return Error::field(ErrorCode::kUnprocessable, "file", "letter.image_unreadable");
  }
  if (w > 12000 || h > 12000 || static_cast<int64_t>(w) * h > kMaxImagePixels) {
    return Error::field(ErrorCode::kTooLarge, "file", "letter.image_too_large");
  }
  Pix* pix = pixReadMem(reinterpret_cast<const l_uint8*>(bytes.data()), bytes.size());
  if (!pix) return Error::field(ErrorCode::kUnprocessable, "file", "letter.image_unreadable");
  std::unique_ptr<Pix, void (*)(Pix*)> owned(pix, [](Pix* p) { pixDestroy(&p); });
  if (pixGetWidth(pix) > 12000 || pixGetHeight(pix) > 12000) {
    return Error::field(ErrorCode::kTooLarge, "file", "letter.image_too_large");
  }
  auto api = start_ocr(options_.language);
  if (!api) return api.error();
  (*api)->SetImage(pix);
  if (pixGetXRes(pix) < 70) (*api)->SetSourceResolution(options_.ocr_dpi);
  std::string text = take_text(**api);
  if (meaningful_chars(text) == 0) return Error::field(ErrorCode::kUnprocessable, "file", "letter.empty");
  return Extracted{text, Source::kImageOcr, 1};
}

}  // namespace bb::extract
