// Renders pages from Mustache templates (kainjow; HTML-escaped by default) and looks up user
// text in the message catalogue (messages/<lang>.json, nested objects addressed by dotted
// keys such as "case.close_needs_outcome").
//
// Templates are read and compiled once, at construction. Every template named "_x" is also
// available as the partial {{> _x}}. Page data is passed as JSON; the catalogue is available
// to every template as {{t.some.key}}. Thread-safe after construction (const use only).
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "domain/themes.h"
#include "domain/utf8.h"

namespace bb::render {

class Messages {
 public:
  // Loads <dir>/<lang>.json for every language file present; throws on malformed JSON.
  explicit Messages(const std::string& dir);
  // The text for a dotted key, in `lang` (falls back to Danish, then to the key itself).
  std::string text(const std::string& lang, const std::string& key) const;
  const nlohmann::json& catalogue(const std::string& lang) const;
  std::vector<std::string> languages() const;

 private:
  std::map<std::string, nlohmann::json> catalogues_;
};

// A theme's label in `lang`: the catalogue's ("theme.<code>") while the office keeps the seeded
// Danish label, the office's own (Danish) label once it has renamed or added the theme.
std::string theme_label(const ThemeDef& theme, const Messages& m, const std::string& lang);

class Renderer {
 public:
  explicit Renderer(const std::string& share_dir);  // reads share_dir/templates, /messages
  ~Renderer();

  // Renders template `name` with `data` (plus t = catalogue of `lang`).
  std::string render(const std::string& name, const nlohmann::json& data,
                     const std::string& lang) const;
  const Messages& messages() const { return messages_; }

 private:
  struct Impl;
  Messages messages_;
  std::unique_ptr<Impl> impl_;
};

// JSON text that survives invalid UTF-8 in stored data (replaced by U+FFFD) instead of throwing.
std::string dump_json(const nlohmann::json& j);


}  // namespace bb::render
