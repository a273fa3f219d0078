#include "mail/mailer.h"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <csignal>
#include <stdexcept>

#include "render/renderer.h"

namespace bb::mail {
namespace {

constexpr auto kTickInterval = std::chrono::minutes(1);

int copenhagen_hour(Instant t) {
  const auto local = t + copenhagen_offset(t);
  return static_cast<int>(std::chrono::floor<std::chrono::hours>(local - std::chrono::floor<std::chrono::days>(local))
                              .count());
}

// Every page of the advisor's open cases with a first response due by the horizon.
std::vector<Case> response_cases(Store& store, int64_t user_id, const Date& today) {
  CaseFilter f;
  f.open_only = true;
  f.assignee_id = user_id;
  f.response_due_by = first_response_horizon(today);
  f.limit = 200;
  std::vector<Case> out;
  for (;;) {
    auto page = store.cases().list(f, Actor::system());
    if (!page) throw std::runtime_error("mail: listing cases failed: " + page.error().message);
    out.insert(out.end(), page->items.begin(), page->items.end());
    if (page->next.empty()) break;
    f.cursor = page->next;
  }
  return out;
}

std::vector<Recommendation> reminder_recommendations(Store& store, const Date& today) {
  RecommendationFilter awaiting;
  awaiting.status = RecommendationStatus::kAfventerSvar;
  awaiting.today = today;
  auto out = store.recommendations().list(awaiting);
  RecommendationFilter follow_ups;
  follow_ups.follow_up_due = true;
  follow_ups.today = today;
  auto more = store.recommendations().list(follow_ups);
  out.insert(out.end(), more.begin(), more.end());  // recommendation_items() counts each id once
  return out;
}

}  // namespace

std::chrono::seconds retry_delay(int attempts) {
  constexpr std::chrono::seconds kCap = std::chrono::hours(6);
  std::chrono::seconds d = std::chrono::minutes(1);
  for (int i = 1; i < attempts && d < kCap; ++i) d *= 2;
  return std::min(d, kCap);
}

std::string next_attempt_after(int attempts, Instant now) {
  // Given up: the mail stays in the outbox with its last error, and a next attempt so far in
  // the future that due() never returns it again. An operator can see it with
  // `brobygger mail outbox`.
  if (attempts >= kMaxAttempts) return kGaveUpAt;
  return format_utc(now + retry_delay(attempts));
}

DigestTexts load_digest_texts(const render::Messages& messages, const std::string& lang) {
  for (const auto& key : digest_text_keys()) {
    if (messages.text(lang, key) == key) throw std::runtime_error("message catalogue lacks " + key);
  }
  return make_digest_texts([&](const std::string& key) { return messages.text(lang, key); });
}

Mailer::Mailer(Store& store, const Clock& clock, SmtpSender::Config smtp, std::string base_url, DigestTexts texts,
               int digest_hour)
    : Mailer(store, clock, std::make_unique<SmtpSender>(std::move(smtp), clock), std::move(base_url),
             std::move(texts), digest_hour) {}

Mailer::Mailer(Store& store, const Clock& clock, std::unique_ptr<MailTransport> transport, std::string base_url,
               DigestTexts texts, int digest_hour)
    : store_(store),
      clock_(clock),
      transport_(std::move(transport)),
      base_url_(std::move(base_url)),
      texts_(std::move(texts)),
      digest_hour_(digest_hour) {}

Mailer::~Mailer() { stop(); }

Mailer::DigestRun Mailer::enqueue_digests(const Date& today) {
  DigestRun run;
  std::vector<DigestItem> office;  // the recommendations: the same for every advisor
  bool office_loaded = false;
  for (const auto& u : store_.users().list()) {
    if (!u.active || u.role != Role::kAdvisor || u.email.empty()) continue;
    ++run.advisors;
    if (!office_loaded) {
      office = recommendation_items(reminder_recommendations(store_, today), today);
      office_loaded = true;
    }
    auto items = first_response_items(response_cases(store_, u.id, today), today);
    items.insert(items.end(), office.begin(), office.end());
    auto digest = compose_digest(u.name, today, std::move(items), base_url_, texts_);
    if (!digest) continue;
    OutgoingMail m;
    m.dedupe_key = "digest:" + std::to_string(u.id) + ":" + today.iso();
    m.to = u.email;
    m.subject = std::move(digest->subject);
    m.body = std::move(digest->body);
    m.next_attempt_at = format_utc(clock_.now());
    auto stored = store_.outbox().enqueue(m);
    if (!stored) {
      spdlog::warn("mail: could not queue the digest of user {}: {}", u.id, stored.error().message);
      continue;
    }
    ++run.queued;
  }
  spdlog::info("mail: {} digests in the outbox for {} ({} advisors)", run.queued, today.iso(), run.advisors);
  return run;
}

Mailer::SendRun Mailer::send_due(int limit) {
  SendRun run;
  for (const auto& m : store_.outbox().due(format_utc(clock_.now()), limit)) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) break;
    }
    auto st = transport_->send(m);
    if (st) {
      if (auto marked = store_.outbox().mark_sent(m.id, format_utc(clock_.now())); !marked) {
        spdlog::error("mail: outbox mail {} was sent but not marked sent: {}", m.id, marked.error().message);
      }
      ++run.sent;
      continue;
    }
    {
      std::lock_guard lock(mu_);
      if (stopping_) break;  // cancelled by stop(): not a failure of the mail; it stays due
    }
    const int attempts = m.attempts + 1;  // mark_failed counts this attempt
    const std::string next = next_attempt_after(attempts, clock_.now());
    if (auto marked = store_.outbox().mark_failed(m.id, st.error().message, next); !marked) {
      spdlog::error("mail: outbox mail {} failed and was not marked: {}", m.id, marked.error().message);
    }
    ++run.failed;
    if (attempts >= kMaxAttempts) {
      ++run.gave_up;
      spdlog::error("mail: giving up outbox mail {} after {} attempts: {}", m.id, attempts, st.error().message);
    } else {
      spdlog::warn("mail: outbox mail {} failed (attempt {}), next at {}: {}", m.id, attempts, next,
                   st.error().message);
    }
  }
  if (run.sent || run.failed) spdlog::info("mail: {} sent, {} failed", run.sent, run.failed);
  return run;
}

void Mailer::tick() {
  const Instant now = clock_.now();
  const Date today = copenhagen_date(now);
  if (copenhagen_hour(now) >= digest_hour_ && digests_done_ != today) {
    enqueue_digests(today);
    digests_done_ = today;
  }
  send_due();
}

void Mailer::start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  // The worker takes no signals: `serve` waits for SIGINT/SIGTERM in its main thread, and a
  // thread that did not block them could receive one and end the process on the spot.
  sigset_t all, previous;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &previous);
  thread_ = std::thread([this] { run(); });
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

void Mailer::stop() {
  {
    std::lock_guard lock(mu_);
    if (!thread_.joinable()) return;
    stopping_ = true;
  }
  transport_->cancel(true);
  cv_.notify_all();
  thread_.join();
  transport_->cancel(false);
  std::lock_guard lock(mu_);
  stopping_ = false;
}

void Mailer::run() {
  spdlog::info("mail: reminder worker started (digests from {:02}:00 Copenhagen time)", digest_hour_);
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    try {
      tick();
    } catch (const std::exception& e) {
      // A store fault (e.g. the disk is full): try again at the next tick.
      spdlog::error("mail: reminder worker: {}", e.what());
    }
    lock.lock();
    cv_.wait_for(lock, kTickInterval, [this] { return stopping_; });
  }
  spdlog::info("mail: reminder worker stopped");
}

}  // namespace bb::mail
