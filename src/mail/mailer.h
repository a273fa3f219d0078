// The reminder-mail worker: puts each advisor's daily digest in the outbox and sends what is
// due from the outbox, retrying failures with exponential backoff.
//
// enqueue_digests(today) collects, for every active advisor with an e-mail address, their own
// open cases whose first response is overdue or due soon, plus the office's recommendations
// whose response is overdue or due soon and follow-ups that have come (domain/digest.h), and
// enqueues one mail with dedupe key "digest:<user id>:<ISO date>", so running it again on the
// same day adds nothing. send_due() sends due mail through the MailTransport and records the
// outcome. start() runs both in a background thread once a minute: digests once the
// Copenhagen hour is at or past digest_hour, sending always.
//
// Store calls are made as Actor::system() (case reads are audited as such). Logs carry counts,
// outbox ids and transport errors only: never bodies, subjects or addresses.
//
// Thread safety: enqueue_digests() and send_due() may be called from any thread, but two
// send_due() at once may send a mail twice; the background thread is the only caller while it
// runs. start()/stop() from one owning thread; the destructor stops the thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "domain/clock.h"
#include "domain/digest.h"
#include "mail/smtp.h"
#include "store/store.h"

namespace bb::render {
class Messages;
}

namespace bb::mail {

// After this many failed attempts a mail is given up (see next_attempt_after()).
inline constexpr int kMaxAttempts = 10;
// next_attempt_at of a mail that was given up: far in the future, so due() never returns it.
inline constexpr const char* kGaveUpAt = "9999-12-31T23:59:59Z";

// The wait after the `attempts`-th failed attempt (1-based): 1 min, 2, 4, … doubling, capped at
// 6 hours.
std::chrono::seconds retry_delay(int attempts);
// next_attempt_at after the `attempts`-th failure at `now`: now + retry_delay(attempts), or
// kGaveUpAt from the kMaxAttempts-th failure on.
std::string next_attempt_after(int attempts, Instant now);

// The "digest" texts of the catalogue in `lang`; throws std::runtime_error naming the first
// key the catalogue lacks.
DigestTexts load_digest_texts(const render::Messages& messages, const std::string& lang = "da");

class Mailer {
 public:
  Mailer(Store& store, const Clock& clock, SmtpSender::Config smtp, std::string base_url, DigestTexts texts,
         int digest_hour = 7);
  // With another transport (tests).
  Mailer(Store& store, const Clock& clock, std::unique_ptr<MailTransport> transport, std::string base_url,
         DigestTexts texts, int digest_hour = 7);
  ~Mailer();
  Mailer(const Mailer&) = delete;
  Mailer& operator=(const Mailer&) = delete;

  struct DigestRun {
    int advisors = 0;  // active advisors with an e-mail address
    int queued = 0;    // of them, with something to remind of (mail in the outbox, new or not)
  };
  // Faults (store exceptions) propagate.
  DigestRun enqueue_digests(const Date& today);

  struct SendRun {
    int sent = 0;
    int failed = 0;   // failed attempts (each rescheduled, or given up)
    int gave_up = 0;  // of the failed, given up now after kMaxAttempts attempts
  };
  // Sends up to `limit` due mails, oldest first.
  SendRun send_due(int limit = 100);

  // Starts the background thread (no-op when it runs).
  void start();
  // Stops it and waits for it: within about a second, as a send in progress is cancelled (the
  // mail stays due, without counting as an attempt).
  void stop();

  // One pass of the background loop at the clock's now (exposed for tests).
  void tick();

 private:
  void run();

  Store& store_;
  const Clock& clock_;
  std::unique_ptr<MailTransport> transport_;
  std::string base_url_;
  DigestTexts texts_;
  int digest_hour_;
  std::optional<Date> digests_done_;  // the day whose digests this process has enqueued

  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace bb::mail
