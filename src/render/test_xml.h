// Test helper: a small XML well-formedness check for the SVG charts. Test code only.
#pragma once

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

namespace bb::render::test_xml {

// A small XML well-formedness check: tags balance, attribute values are quoted, text and
// attribute values hold no raw '<' and every '&' starts an entity.
inline ::testing::AssertionResult well_formed(const std::string& xml) {
  std::vector<std::string> open;
  size_t roots = 0;
  auto entity_ok = [&](size_t at) {
    static const std::regex entity("^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);");
    return std::regex_search(xml.substr(at, 12), entity);
  };
  for (size_t i = 0; i < xml.size();) {
    if (xml[i] == '&') {
      if (!entity_ok(i)) return ::testing::AssertionFailure() << "bare & at " << i;
      ++i;
      continue;
    }
    if (xml[i] == '>') return ::testing::AssertionFailure() << "bare > at " << i;
    if (xml[i] != '<') {
      ++i;
      continue;
    }
    size_t j = i + 1;
    char quote = 0;
    for (; j < xml.size(); ++j) {
      const char c = xml[j];
      if (quote) {
        if (c == quote) {
          quote = 0;
        } else if (c == '<') {
          return ::testing::AssertionFailure() << "< in attribute at " << j;
        } else if (c == '&' && !entity_ok(j)) {
          return ::testing::AssertionFailure() << "bare & in attribute at " << j;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '<') {
        return ::testing::AssertionFailure() << "< inside tag at " << j;
      } else if (c == '>') {
        break;
      }
    }
    if (j >= xml.size()) return ::testing::AssertionFailure() << "unterminated tag at " << i;
    std::string tag = xml.substr(i + 1, j - i - 1);
    const bool closing = !tag.empty() && tag[0] == '/';
    const bool self = !tag.empty() && tag.back() == '/';
    std::string name = tag.substr(closing ? 1 : 0);
    name = name.substr(0, name.find_first_of(" /"));
    if (closing) {
      if (open.empty() || open.back() != name) {
        return ::testing::AssertionFailure() << "mismatched </" << name << ">";
      }
      open.pop_back();
    } else if (!self) {
      if (open.empty()) ++roots;
      open.push_back(name);
    } else if (open.empty()) {
      ++roots;
    }
    i = j + 1;
  }
  if (!open.empty()) return ::testing::AssertionFailure() << "unclosed <" << open.back() << ">";
  if (roots != 1) return ::testing::AssertionFailure() << roots << " root elements";
  return ::testing::AssertionSuccess();
}

}  // namespace bb::render::test_xml
