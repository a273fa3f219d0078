// The tiny markup of the guidance pages and the accessibility statement, which the office edits
// on the settings page: paragraphs separated by a blank line, "## " starts a subheading (h2),
// lines starting with "- " form a bulleted list, and [text](/path) is a link to a page of this
// site. Everything else is text: it is HTML-escaped, so nothing typed becomes markup, and a
// link whose target is not a site-relative path ("/…", not "//…") stays as plain text.
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace bb::render {

std::string markup_html(std::string_view text);
// The text without markup (for readability measurement and plain-text uses).
std::string markup_plain(std::string_view text);

}  // namespace bb::render
