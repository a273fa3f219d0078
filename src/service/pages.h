// The public guidance pages and the accessibility statement: the shipped texts
// (data/guidance.json) and the office's own versions (PageTextStore), per language.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/store.h"

namespace bb {

struct PublicPage {
  std::string slug;
  std::string title, title_en;
  std::string summary, summary_en;
  std::string body, body_en;  // render/markup.h
};

inline constexpr const char* kAccessibilitySlug = "tilgaengelighed";

// data/guidance.json in `data_dir`; throws std::runtime_error naming the problem.
std::vector<PublicPage> load_public_pages(const std::string& data_dir);

struct PageView {
  std::string slug;
  std::string lang;
  std::string title, summary, body;
  bool edited = false;  // the office's own text
};

// The page in `lang` ("da" or "en"): the office's text when there is one, else the shipped one
// (English falls back to the shipped Danish when there is no English). nullopt for an unknown slug.
std::optional<PageView> public_page(Store& store, const std::vector<PublicPage>& shipped, const std::string& slug,
                                    const std::string& lang);

}  // namespace bb
