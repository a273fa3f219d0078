// Sending one e-mail over SMTP with libcurl, and the RFC 5322 message it sends.
//
// MailTransport is what the Mailer sends through (SmtpSender in production, a fake in tests).
// SmtpSender opens one connection per mail (digests are few: one per advisor per day), with
// STARTTLS when the server offers it (required with Config::require_tls and whenever a user
// and password are configured; smtps:// is TLS from the start). Errors carry libcurl's message, never the mail's content or addresses.
//
// The message is plain text in UTF-8: the subject as RFC 2047 encoded words, the body
// quoted-printable, CRLF line ends. libcurl does the SMTP dot-stuffing.
//
// Thread safety: send() may be called from several threads at once (each call has its own
// curl handle); libcurl is initialised once per process, on the first SmtpSender.
#pragma once

#include <atomic>
#include <string>
#include <string_view>

#include "domain/clock.h"
#include "domain/result.h"
#include "store/store.h"

namespace bb::mail {

class MailTransport {
 public:
  virtual ~MailTransport() = default;
  // Delivers `mail` (to, subject, body) to the server; ok once the server accepted it.
  virtual Status send(const OutgoingMail& mail) = 0;
  // While on, a send in progress (and any new one) gives up within about a second with an
  // error; used to stop a worker promptly. Callable from any thread.
  virtual void cancel(bool on) { (void)on; }
};

class SmtpSender final : public MailTransport {
 public:
  struct Config {
    std::string url;       // smtp://host:port or smtps://host:port
    std::string from;      // "noreply@kommune.dk" or "Brobygger <noreply@kommune.dk>"
    std::string user;      // empty = no authentication; with a user, TLS is required
    std::string password;
    bool require_tls = false;  // refuse to send without STARTTLS (smtp://)
    long timeout_seconds = 30;
  };

  SmtpSender(Config config, const Clock& clock);
  Status send(const OutgoingMail& mail) override;
  void cancel(bool on) override { cancelled_ = on; }

  // kInvalid naming the field ("smtp_url", "smtp_from") when the configuration cannot work.
  static Status check(const Config& config);

 private:
  Config config_;
  const Clock& clock_;
  std::atomic<bool> cancelled_{false};
};

// --- the message, exposed for tests -----------------------------------------------------------

// The address in "Name <a@b.dk>" or "a@b.dk"; empty when there is none or it holds characters
// that do not belong in an SMTP envelope (spaces, control characters, <, >, quotes …).
std::string bare_address(std::string_view from_or_to);

// "=?UTF-8?B?…?=" words of at most 75 characters, joined by CRLF SP (header folding), split
// between UTF-8 characters; plain ASCII without specials is returned as it is.
std::string encode_header_words(std::string_view text);

// Quoted-printable (RFC 2045) of text with "\n" or "\r\n" line ends; CRLF line ends, lines of
// at most 76 characters.
std::string quoted_printable(std::string_view text);

// "Thu, 26 Nov 2026 07:00:00 +0100" in Copenhagen time.
std::string rfc5322_date(Instant t);

// The whole message: Date, From, To, Subject, Message-ID, MIME headers, blank line, body.
std::string format_message(const OutgoingMail& mail, const std::string& from, Instant now,
                           const std::string& message_id);

}  // namespace bb::mail
