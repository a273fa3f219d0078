#include "domain/placeholders.h"

namespace bb {

std::string fill(std::string text, const std::string& key, const std::string& value) {
  const std::string placeholder = "{{" + key + "}}";
  for (auto pos = text.find(placeholder); pos != std::string::npos; pos = text.find(placeholder, pos + value.size())) {
    text.replace(pos, placeholder.size(), value);
  }
  return text;
}

}  // namespace bb
