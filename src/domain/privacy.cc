#include "domain/privacy.h"

#include <algorithm>

namespace bb {

namespace {

Date years_before(const Date& d, int years) {
  Date back(d.year() - years, d.month(), d.day());
  if (!back.valid()) back = Date(d.year() - years, d.month(), d.day() - 1);  // 29 February
  return back;
}

Date years_after(const Date& d, int years) {
  Date ahead(d.year() + years, d.month(), d.day());
  if (!ahead.valid()) ahead = Date(d.year() + years, d.month(), d.day() - 1);
  return ahead;
}

}  // namespace

std::string fold_name(std::string_view name) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c + ('a' - 'A')));
    } else if (c == 0xC3 && i + 1 < name.size()) {
      // U+00C0..U+00DE (but not U+00D7, the multiplication sign) are the Latin-1 capitals;
      // their lower case is 0x20 further on, i.e. the second UTF-8 byte 0x80..0x9E + 0x20.
      auto next = static_cast<unsigned char>(name[i + 1]);
      if (next >= 0x80 && next <= 0x9E && next != 0x97) next = static_cast<unsigned char>(next + 0x20);
      out.push_back(static_cast<char>(c));
      out.push_back(static_cast<char>(next));
      ++i;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

namespace {

// Upper case of one letter at name[i] (ASCII or a two-byte Latin-1 letter); appends it and
// returns the bytes consumed.
size_t append_upper(std::string_view name, size_t i, std::string& out) {
  const auto c = static_cast<unsigned char>(name[i]);
  if (c >= 'a' && c <= 'z') {
    out.push_back(static_cast<char>(c - ('a' - 'A')));
    return 1;
  }
  if (c == 0xC3 && i + 1 < name.size()) {
    auto next = static_cast<unsigned char>(name[i + 1]);
    if (next >= 0xA0 && next <= 0xBE && next != 0xB7) next = static_cast<unsigned char>(next - 0x20);
    out.push_back(static_cast<char>(c));
    out.push_back(static_cast<char>(next));
    return 2;
  }
  out.push_back(static_cast<char>(c));
  return 1;
}

}  // namespace

std::vector<std::string> name_spellings(std::string_view name) {
  const std::string lower = fold_name(name);
  if (lower.empty()) return {};
  const size_t first = name.find_first_not_of(" \t\r\n");
  const std::string typed(name.substr(first, name.find_last_not_of(" \t\r\n") - first + 1));
  std::string title, upper;
  for (size_t i = 0; i < lower.size();) {
    const bool word_start = i == 0 || lower[i - 1] == ' ';
    if (word_start) {
      i += append_upper(lower, i, title);
    } else {
      title.push_back(lower[i]);
      ++i;
    }
  }
  for (size_t i = 0; i < lower.size();) i += append_upper(lower, i, upper);
  std::vector<std::string> out;
  for (const auto& s : {typed, lower, title, upper}) {
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  }
  return out;
}

Date retention_cutoff(const Date& today, int years) { return years_before(today, years); }

bool retention_due(CaseStatus status, const std::optional<Date>& closed_on, const Date& cutoff) {
  return status == CaseStatus::kAfsluttet && closed_on && *closed_on < cutoff;
}

std::string hold_code(ErasureHold hold) {
  switch (hold) {
    case ErasureHold::kDocuments: return "documents";
    case ErasureHold::kNotes: return "notes";
    case ErasureHold::kHandled: return "handled";
    case ErasureHold::kLinked: return "linked";
  }
  return "linked";
}

ErasureDecision decide_erasure(const CaseHoldings& h, const Date& today, int retention_years) {
  ErasureDecision d;
  if (h.anonymised || retention_due(h.status, h.closed_on, retention_cutoff(today, retention_years))) {
    d.allowed = true;
    return d;
  }
  if (h.documents > 0) d.holds.push_back(ErasureHold::kDocuments);
  if (h.notes > 0) d.holds.push_back(ErasureHold::kNotes);
  if (h.outcome) d.holds.push_back(ErasureHold::kHandled);
  if (h.complaints > 0 || h.systemic_links > 0) d.holds.push_back(ErasureHold::kLinked);
  d.allowed = d.holds.empty();
  if (!d.allowed && h.status == CaseStatus::kAfsluttet && h.closed_on) {
    d.kept_until = years_after(*h.closed_on, retention_years);
  }
  return d;
}

}  // namespace bb
