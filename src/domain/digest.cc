#include "domain/digest.h"

#include "domain/placeholders.h"

#include <algorithm>
#include <set>

namespace bb {
namespace {

int soon_days(DigestKind kind) {
  switch (kind) {
    case DigestKind::kFirstResponseOverdue:
    case DigestKind::kFirstResponseDue:
      return kFirstResponseSoonWorkingDays;
    case DigestKind::kRecommendationOverdue:
    case DigestKind::kRecommendationDue:
      return kRecommendationSoonWorkingDays;
    case DigestKind::kFollowUpDue:
      return 0;
  }
  return 0;
}

const std::string& item_text(DigestKind kind, const DigestTexts& t) {
  switch (kind) {
    case DigestKind::kFirstResponseOverdue:
    case DigestKind::kFirstResponseDue:
      return t.item_case;
    case DigestKind::kRecommendationOverdue:
    case DigestKind::kRecommendationDue:
      return t.item_response;
    case DigestKind::kFollowUpDue:
      return t.item_follow_up;
  }
  return t.item_case;
}

}  // namespace

const char* digest_kind_code(DigestKind kind) {
  switch (kind) {
    case DigestKind::kFirstResponseOverdue:
      return "first_response_overdue";
    case DigestKind::kFirstResponseDue:
      return "first_response_due";
    case DigestKind::kRecommendationOverdue:
      return "recommendation_overdue";
    case DigestKind::kRecommendationDue:
      return "recommendation_due";
    case DigestKind::kFollowUpDue:
      return "follow_up_due";
  }
  return "";
}

Date first_response_horizon(const Date& today) {
  return add_working_days(today, kFirstResponseSoonWorkingDays);
}

Date recommendation_horizon(const Date& today) {
  return add_working_days(today, kRecommendationSoonWorkingDays);
}

std::vector<DigestItem> first_response_items(const std::vector<Case>& cases, const Date& today) {
  const Date horizon = first_response_horizon(today);
  std::vector<DigestItem> out;
  for (const auto& c : cases) {
    if (!c.is_open() || c.first_response_on) continue;
    if (c.first_response_due < today) {
      out.push_back({DigestKind::kFirstResponseOverdue, c.number, c.first_response_due});
    } else if (c.first_response_due <= horizon) {
      out.push_back({DigestKind::kFirstResponseDue, c.number, c.first_response_due});
    }
  }
  return out;
}

std::vector<DigestItem> recommendation_items(const std::vector<Recommendation>& recommendations,
                                             const Date& today) {
  const Date horizon = recommendation_horizon(today);
  std::set<int64_t> seen;
  std::vector<DigestItem> out;
  for (const auto& r : recommendations) {
    if (!seen.insert(r.id).second) continue;
    if (r.overdue(today)) {
      out.push_back({DigestKind::kRecommendationOverdue, r.number, r.response_due});
    } else if (r.status == RecommendationStatus::kAfventerSvar && r.response_due <= horizon) {
      out.push_back({DigestKind::kRecommendationDue, r.number, r.response_due});
    }
    if (r.follow_up_due(today)) out.push_back({DigestKind::kFollowUpDue, r.number, *r.follow_up_date});
  }
  return out;
}

std::vector<std::string> digest_text_keys() {
  std::vector<std::string> keys = {"digest.subject", "digest.greeting", "digest.intro"};
  for (DigestKind k : kDigestKinds) keys.push_back(std::string("digest.heading.") + digest_kind_code(k));
  for (const char* k : {"digest.item.case", "digest.item.response", "digest.item.follow_up", "digest.link",
                        "digest.footer"}) {
    keys.emplace_back(k);
  }
  return keys;
}

DigestTexts make_digest_texts(const std::function<std::string(const std::string& key)>& text) {
  DigestTexts t;
  t.subject = text("digest.subject");
  t.greeting = text("digest.greeting");
  t.intro = text("digest.intro");
  for (DigestKind k : kDigestKinds) {
    t.heading[static_cast<int>(k)] = text(std::string("digest.heading.") + digest_kind_code(k));
  }
  t.item_case = text("digest.item.case");
  t.item_response = text("digest.item.response");
  t.item_follow_up = text("digest.item.follow_up");
  t.link = text("digest.link");
  t.footer = text("digest.footer");
  return t;
}

std::string digest_subject(const Date& today, const DigestTexts& texts) {
  return fill(texts.subject, "date", today.danish());
}

std::optional<DigestMail> compose_digest(const std::string& advisor_name, const Date& today,
                                         std::vector<DigestItem> items, const std::string& base_url,
                                         const DigestTexts& texts) {
  if (items.empty()) return std::nullopt;
  std::sort(items.begin(), items.end(), [](const DigestItem& a, const DigestItem& b) {
    if (a.kind != b.kind) return static_cast<int>(a.kind) < static_cast<int>(b.kind);
    if (a.due != b.due) return a.due < b.due;
    return a.reference < b.reference;
  });
  items.erase(std::unique(items.begin(), items.end()), items.end());

  DigestMail mail;
  mail.subject = digest_subject(today, texts);
  std::string& body = mail.body;
  body += fill(texts.greeting, "name", advisor_name) + "\n\n";
  body += fill(texts.intro, "date", today.danish()) + "\n";
  for (DigestKind kind : kDigestKinds) {
    const auto first = std::find_if(items.begin(), items.end(), [&](const DigestItem& i) { return i.kind == kind; });
    if (first == items.end()) continue;
    const auto last = std::find_if(first, items.end(), [&](const DigestItem& i) { return i.kind != kind; });
    std::string heading = texts.heading[static_cast<int>(kind)];
    heading = fill(fill(std::move(heading), "count", std::to_string(last - first)), "days",
                   std::to_string(soon_days(kind)));
    body += "\n" + heading + "\n";
    for (auto it = first; it != last; ++it) {
      body += "  - " + fill(fill(item_text(kind, texts), "ref", it->reference), "date", it->due.danish()) + "\n";
    }
  }
  std::string base = base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  if (!base_url.empty()) body += "\n" + fill(texts.link, "url", base + "/") + "\n";
  body += "\n" + texts.footer + "\n";
  return mail;
}

}  // namespace bb
