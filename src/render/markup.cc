#include "render/markup.h"

#include <vector>

#include "render/chart.h"  // xml_escape

namespace bb::render {
namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back(line);
    start = end + 1;
  }
  return out;
}

bool blank(std::string_view line) { return line.find_first_not_of(" \t") == std::string_view::npos; }

bool site_path(std::string_view target) {
  if (target.size() < 1 || target[0] != '/' || (target.size() > 1 && target[1] == '/')) return false;
  for (char c : target) {
    if (c == '"' || c == '<' || c == '>' || c == '\\' || c == ' ' || static_cast<unsigned char>(c) < 0x20) return false;
  }
  return true;
}

// Inline text: escaped, with [text](/path) links. `plain` leaves the link text only.
std::string inline_text(std::string_view s, bool plain) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '[') {
      const size_t close = s.find(']', i + 1);
      if (close != std::string_view::npos && close + 1 < s.size() && s[close + 1] == '(') {
        const size_t end = s.find(')', close + 2);
        if (end != std::string_view::npos) {
          const std::string_view label = s.substr(i + 1, close - i - 1);
          const std::string_view target = s.substr(close + 2, end - close - 2);
          if (site_path(target)) {
            if (plain) {
              out += std::string(label);
            } else {
              out += "<a href=\"" + xml_escape(target) + "\">" + xml_escape(label) + "</a>";
            }
            i = end + 1;
            continue;
          }
        }
      }
    }
    const size_t next = s.find('[', i + 1);
    const std::string_view run = s.substr(i, (next == std::string_view::npos ? s.size() : next) - i);
    out += plain ? std::string(run) : xml_escape(run);
    i += run.size();
  }
  return out;
}

std::string render(std::string_view text, bool plain) {
  std::string out;
  std::string paragraph;
  bool in_list = false;
  auto flush_paragraph = [&] {
    if (paragraph.empty()) return;
    out += plain ? paragraph + "\n\n" : "<p>" + paragraph + "</p>\n";
    paragraph.clear();
  };
  auto close_list = [&] {
    if (!in_list) return;
    if (!plain) out += "</ul>\n";
    else out += "\n";
    in_list = false;
  };
  for (std::string_view line : lines_of(text)) {
    if (blank(line)) {
      flush_paragraph();
      close_list();
      continue;
    }
    if (line.substr(0, 3) == "## ") {
      flush_paragraph();
      close_list();
      const std::string heading = inline_text(line.substr(3), plain);
      out += plain ? heading + "\n\n" : "<h2>" + heading + "</h2>\n";
      continue;
    }
    if (line.substr(0, 2) == "- ") {
      flush_paragraph();
      if (!in_list) {
        if (!plain) out += "<ul>\n";
        in_list = true;
      }
      const std::string item = inline_text(line.substr(2), plain);
      out += plain ? item + "\n" : "<li>" + item + "</li>\n";
      continue;
    }
    close_list();
    if (!paragraph.empty()) paragraph += plain ? " " : "\n";
    paragraph += inline_text(line, plain);
  }
  flush_paragraph();
  close_list();
  return out;
}

}  // namespace

std::string markup_html(std::string_view text) { return render(text, false); }
std::string markup_plain(std::string_view text) { return render(text, true); }

}  // namespace bb::render
