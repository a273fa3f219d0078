#include "mail/smtp.h"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <random>
#include <stdexcept>

namespace bb::mail {
namespace {

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const uint32_t n = (uint32_t(uint8_t(in[i])) << 16) | (uint32_t(uint8_t(in[i + 1])) << 8) | uint8_t(in[i + 2]);
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += kBase64[(n >> 6) & 63];
    out += kBase64[n & 63];
  }
  if (i + 1 == in.size()) {
    const uint32_t n = uint32_t(uint8_t(in[i])) << 16;
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    const uint32_t n = (uint32_t(uint8_t(in[i])) << 16) | (uint32_t(uint8_t(in[i + 1])) << 8);
    out += kBase64[(n >> 18) & 63];
    out += kBase64[(n >> 12) & 63];
    out += kBase64[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

// Printable ASCII that may stand unencoded in a header phrase or unstructured text.
bool plain_header_text(std::string_view s) {
  if (s.size() > 60) return false;  // long text is folded as encoded words
  return std::all_of(s.begin(), s.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c >= 32 && c < 127 && !std::strchr("\"(),:;<>@[\\]=?_", c);
  });
}

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("curl_global_init failed");
  });
}

struct Upload {
  std::string data;
  size_t pos = 0;
};

size_t read_upload(char* buffer, size_t size, size_t nitems, void* userp) {
  auto* u = static_cast<Upload*>(userp);
  const size_t n = std::min(size * nitems, u->data.size() - u->pos);
  std::memcpy(buffer, u->data.data() + u->pos, n);
  u->pos += n;
  return n;
}

int on_progress(void* cancelled, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<std::atomic<bool>*>(cancelled)->load() ? 1 : 0;  // non-zero aborts
}

std::string from_header(const std::string& from) {
  const std::string addr = bare_address(from);
  const auto lt = from.find('<');
  if (lt == std::string::npos) return addr;
  std::string name = from.substr(0, lt);
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
  while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.erase(name.begin());
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
  if (name.empty() || name.find_first_of("\r\n") != std::string::npos) return addr;
  return encode_header_words(name) + " <" + addr + ">";
}

std::string domain_of(const std::string& address) {
  const auto at = address.rfind('@');
  return at == std::string::npos ? "brobygger.invalid" : address.substr(at + 1);
}

std::string message_id(const OutgoingMail& mail, const std::string& from) {
  std::string local = "brobygger";
  if (mail.id > 0) {
    // Stable across retries, so a mail the server took although we saw an error is recognised
    // as the same one by mail clients.
    local += "." + std::to_string(mail.id) + ".";
    for (char c : mail.created_at) {
      if (c >= '0' && c <= '9') local += c;
    }
  } else {
    std::random_device rd;
    char hex[17];
    std::snprintf(hex, sizeof hex, "%08x%08x", rd(), rd());
    local += ".";
    local += hex;
  }
  return "<" + local + "@" + domain_of(bare_address(from)) + ">";
}

}  // namespace

std::string bare_address(std::string_view text) {
  std::string_view a = text;
  if (const auto lt = text.find('<'); lt != std::string_view::npos) {
    const auto gt = text.find('>', lt);
    if (gt == std::string_view::npos) return "";
    a = text.substr(lt + 1, gt - lt - 1);
  }
  while (!a.empty() && a.front() == ' ') a.remove_prefix(1);
  while (!a.empty() && a.back() == ' ') a.remove_suffix(1);
  const auto at = a.find('@');
  if (a.empty() || at == std::string_view::npos || at == 0 || at + 1 == a.size() || a.size() > 254) return "";
  for (char ch : a) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 32 || c >= 127 || std::strchr("<>()[]\\,;:\"", c)) return "";
  }
  return std::string(a);
}

std::string encode_header_words(std::string_view text) {
  if (plain_header_text(text)) return std::string(text);
  // 39 bytes → 52 base64 characters → a word of 64 characters: a folded line stays within 76
  // even after "Subject: ".
  constexpr size_t kChunk = 39;
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = std::min(text.size(), pos + kChunk);
    // Never split a UTF-8 sequence: back off while the next byte is a continuation byte.
    while (end < text.size() && end > pos + 1 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(text.substr(pos, end - pos)) + "?=";
    pos = end;
  }
  return out;
}

std::string quoted_printable(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    const bool last = nl == std::string_view::npos;
    std::string_view line = text.substr(start, last ? std::string_view::npos : nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (last && line.empty()) break;  // no empty line after a final line end
    size_t width = 0;
    for (size_t i = 0; i < line.size(); ++i) {
      const auto c = static_cast<unsigned char>(line[i]);
      const bool at_end = i + 1 == line.size();
      std::string piece;
      if ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !at_end)) {
        piece = static_cast<char>(c);
      } else {
        piece = {'=', kHex[c >> 4], kHex[c & 15]};
      }
      // A soft line break ("=") needs one column; keep lines within 76 characters.
      const size_t limit = at_end ? 76 : 75;
      if (width + piece.size() > limit) {
        out += "=\r\n";
        width = 0;
      }
      out += piece;
      width += piece.size();
    }
    out += "\r\n";
    if (last) break;
    start = nl + 1;
  }
  return out;
}

std::string rfc5322_date(Instant t) {
  static constexpr const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto offset = copenhagen_offset(t);
  const auto local = t + offset;
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::hh_mm_ss hms{local - day};
  const Date d{day};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %u %s %d %02d:%02d:%02d +%02d00", kDays[d.iso_weekday() - 1], d.day(),
                kMonths[d.month() - 1], d.year(), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()),
                static_cast<int>(offset.count()));
  return buf;
}

std::string format_message(const OutgoingMail& mail, const std::string& from, Instant now,
                           const std::string& message_id) {
  std::string m;
  m += "Date: " + rfc5322_date(now) + "\r\n";
  m += "From: " + from_header(from) + "\r\n";
  m += "To: " + bare_address(mail.to) + "\r\n";
  m += "Subject: " + encode_header_words(mail.subject) + "\r\n";
  m += "Message-ID: " + message_id + "\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: text/plain; charset=UTF-8\r\n";
  m += "Content-Transfer-Encoding: quoted-printable\r\n";
  m += "Auto-Submitted: auto-generated\r\n";  // RFC 3834: no auto-replies, please
  m += "\r\n";
  m += quoted_printable(mail.body);
  return m;
}

// ---------------------------------------------------------------------------------------------

SmtpSender::SmtpSender(Config config, const Clock& clock) : config_(std::move(config)), clock_(clock) {
  init_curl_once();
}

Status SmtpSender::check(const Config& config) {
  std::string scheme = config.url.substr(0, config.url.find("://"));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](unsigned char c) { return std::tolower(c); });
  if (config.url.find("://") == std::string::npos || (scheme != "smtp" && scheme != "smtps") ||
      config.url.find_first_of("\r\n ") != std::string::npos) {
    return Error::field(ErrorCode::kInvalid, "smtp_url", "mail.smtp_url");
  }
  if (bare_address(config.from).empty() || config.from.find_first_of("\r\n") != std::string::npos) {
    return Error::field(ErrorCode::kInvalid, "smtp_from", "mail.smtp_from");
  }
  if (config.timeout_seconds < 1) return Error::field(ErrorCode::kInvalid, "smtp_timeout", "mail.smtp_timeout");
  return ok_status();
}

Status SmtpSender::send(const OutgoingMail& mail) {
  if (auto st = check(config_); !st) return st;
  if (cancelled_) return Error{ErrorCode::kInternal, "smtp: cancelled", {}};
  const std::string to = bare_address(mail.to);
  if (to.empty()) return Error::field(ErrorCode::kInvalid, "to", "mail.bad_recipient");
  if (mail.subject.find_first_of("\r\n") != std::string::npos) {
    return Error::field(ErrorCode::kInvalid, "subject", "mail.bad_subject");
  }
  const std::string from = bare_address(config_.from);

  Upload upload{format_message(mail, config_.from, clock_.now(), message_id(mail, config_.from)), 0};
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> h(curl_easy_init(), &curl_easy_cleanup);
  if (!h) return Error{ErrorCode::kInternal, "smtp: curl_easy_init failed", {}};
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> rcpt(
      curl_slist_append(nullptr, ("<" + to + ">").c_str()), &curl_slist_free_all);
  if (!rcpt) return Error{ErrorCode::kInternal, "smtp: out of memory", {}};
  std::array<char, CURL_ERROR_SIZE> errbuf{};
  const std::string mail_from = "<" + from + ">";

  CURL* c = h.get();
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf.data());
  curl_easy_setopt(c, CURLOPT_URL, config_.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, config_.timeout_seconds);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, std::min(config_.timeout_seconds, 15L));
  // A password never goes over an unencrypted connection: with a user, TLS is required.
  const bool tls = config_.require_tls || !config_.user.empty();
  curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(tls ? CURLUSESSL_ALL : CURLUSESSL_TRY));
  if (!config_.user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, config_.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, config_.password.c_str());
  }
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, &read_upload);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, &on_progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &cancelled_);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);

  const CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    // libcurl's messages name the host, the step and the server's reply code, not the mail.
    std::string text = errbuf[0] ? std::string(errbuf.data()) : std::string(curl_easy_strerror(rc));
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return Error{ErrorCode::kInternal, "smtp: " + text, {}};
  }
  return ok_status();
}

}  // namespace bb::mail
