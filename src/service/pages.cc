#include "service/pages.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace bb {

std::vector<PublicPage> load_public_pages(const std::string& data_dir) {
  const std::string path = data_dir + "/guidance.json";
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot be read");
  std::ostringstream s;
  s << in.rdbuf();
  const auto j = nlohmann::json::parse(s.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("pages") || !j["pages"].is_array()) {
    throw std::runtime_error(path + ": expected an object with a \"pages\" array");
  }
  std::vector<PublicPage> out;
  for (const auto& p : j["pages"]) {
    PublicPage page{p.value("slug", ""),    p.value("title", ""), p.value("title_en", ""), p.value("summary", ""),
                    p.value("summary_en", ""), p.value("body", ""),  p.value("body_en", "")};
    if (page.slug.empty() || page.title.empty() || page.body.empty()) {
      throw std::runtime_error(path + ": every page needs slug, title and body");
    }
    out.push_back(std::move(page));
  }
  return out;
}

std::optional<PageView> public_page(Store& store, const std::vector<PublicPage>& shipped, const std::string& slug,
                                    const std::string& lang) {
  const PublicPage* base = nullptr;
  for (const auto& p : shipped) {
    if (p.slug == slug) base = &p;
  }
  if (!base) return std::nullopt;
  if (auto own = store.pages().get(slug, lang)) {
    return PageView{slug, lang, own->title, own->summary, own->body, true};
  }
  const bool en = lang == "en" && !base->body_en.empty();
  return PageView{slug, en ? "en" : "da", en ? base->title_en : base->title, en ? base->summary_en : base->summary,
                  en ? base->body_en : base->body, false};
}

}  // namespace bb
