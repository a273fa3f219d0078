#include "render/renderer.h"

#include <kainjow/mustache.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace bb::render {

namespace fs = std::filesystem;
namespace mu = kainjow::mustache;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("kan ikke læse " + p.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

mu::data to_data(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      mu::data d{mu::data::type::object};
      for (auto it = j.begin(); it != j.end(); ++it) d.set(it.key(), to_data(it.value()));
      return d;
    }
    case nlohmann::json::value_t::array: {
      mu::data d{mu::data::type::list};
      for (const auto& item : j) d.push_back(to_data(item));
      return d;
    }
    case nlohmann::json::value_t::string: return mu::data{j.get<std::string>()};
    case nlohmann::json::value_t::boolean: return mu::data{j.get<bool>()};
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float: return mu::data{j.dump()};
    default: return mu::data{false};
  }
}

}  // namespace

std::string dump_json(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Messages::Messages(const std::string& dir) {
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    auto j = nlohmann::json::parse(read_file(entry.path()), nullptr, false);
    if (j.is_discarded()) throw std::runtime_error("ugyldig JSON i " + entry.path().string());
    catalogues_[entry.path().stem().string()] = std::move(j);
  }
  if (!catalogues_.count("da")) throw std::runtime_error("mangler messages/da.json i " + dir);
}

const nlohmann::json& Messages::catalogue(const std::string& lang) const {
  auto it = catalogues_.find(lang);
  return it == catalogues_.end() ? catalogues_.at("da") : it->second;
}

std::vector<std::string> Messages::languages() const {
  std::vector<std::string> out;
  for (const auto& [lang, _] : catalogues_) out.push_back(lang);
  return out;
}

std::string Messages::text(const std::string& lang, const std::string& key) const {
  for (const std::string& l : {lang, std::string("da")}) {
    const nlohmann::json* node = &catalogue(l);
    size_t start = 0;
    bool found = true;
    while (start <= key.size()) {
      const size_t dot = key.find('.', start);
      const std::string part = key.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      if (!node->is_object() || !node->contains(part)) {
        found = false;
        break;
      }
      node = &(*node)[part];
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    if (found && node->is_string()) return node->get<std::string>();
  }
  return key;
}

struct Renderer::Impl {
  std::map<std::string, std::unique_ptr<mu::mustache>> templates;
  std::map<std::string, std::string> partial_sources;  // templates named "_x"
  std::map<std::string, mu::data> catalogues;          // per language, converted once
};

Renderer::Renderer(const std::string& share_dir)
    : messages_(share_dir + "/messages"), impl_(std::make_unique<Impl>()) {
  for (const auto& entry : fs::directory_iterator(share_dir + "/templates")) {
    if (entry.path().extension() != ".mustache") continue;
    const std::string name = entry.path().stem().string();
    const std::string text = read_file(entry.path());
    auto tmpl = std::make_unique<mu::mustache>(text);
    if (!tmpl->is_valid()) {
      throw std::runtime_error("skabelonfejl i " + entry.path().string() + ": " +
                               tmpl->error_message());
    }
    if (name[0] == '_') impl_->partial_sources[name] = text;
    impl_->templates[name] = std::move(tmpl);
  }
  for (const auto& lang : messages_.languages()) {
    impl_->catalogues.emplace(lang, to_data(messages_.catalogue(lang)));
  }
}

Renderer::~Renderer() = default;

std::string Renderer::render(const std::string& name, const nlohmann::json& data,
                             const std::string& lang) const {
  auto it = impl_->templates.find(name);
  if (it == impl_->templates.end()) throw std::runtime_error("ukendt skabelon " + name);
  mu::data d = to_data(data);
  auto cat = impl_->catalogues.find(lang);
  d.set("t", cat != impl_->catalogues.end() ? cat->second : impl_->catalogues.at("da"));
  for (const auto& [pname, source] : impl_->partial_sources) {
    const std::string* text = &source;
    d.set(pname, mu::partial{[text]() { return *text; }});
  }
  return it->second->render(d);
}

std::string theme_label(const ThemeDef& theme, const Messages& m, const std::string& lang) {
  const std::string key = "theme." + theme.code;
  if (lang == "da" || theme.label != m.text("da", key)) return theme.label;
  return m.text(lang, key);
}

}  // namespace bb::render
