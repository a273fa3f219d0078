#include "cli/mail_cmd.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "mail/mailer.h"
#include "render/renderer.h"
#include "store/store.h"

namespace bb::cli {

struct MailCommands::Impl {
  const std::string& db;
  const std::string& format;
  ShareDir share_dir;

  // Shared by `serve` and `mail send` (only one of them runs).
  std::string smtp_url, smtp_from, smtp_user, smtp_password_file;
  bool smtp_require_tls = false;
  long smtp_timeout = 30;
  int digest_hour = 7;
  std::string base_url;
  // `mail digest` / `mail outbox`
  std::string date, share;
  int limit = 50;

  CLI::App* digest = nullptr;
  CLI::App* send = nullptr;
  CLI::App* outbox = nullptr;

  Impl(const std::string& d, const std::string& f, ShareDir s) : db(d), format(f), share_dir(s) {}

  void add_smtp_options(CLI::App& cmd, bool required) {
    const CLI::Validator smtp_url_check(
        [](std::string& v) -> std::string {
          mail::SmtpSender::Config c;
          c.url = v;
          c.from = "brobygger@example.invalid";  // only the URL is checked here
          return mail::SmtpSender::check(c) ? std::string()
                                            : std::string("skal begynde med smtp:// eller smtps://, fx smtp://mail.kommune.dk:587");
        },
        "URL");
    const CLI::Validator address_check(
        [](std::string& v) -> std::string {
          return mail::bare_address(v).empty() ? std::string("skal være en e-mailadresse, fx brobygger@kommune.dk")
                                               : std::string();
        },
        "ADRESSE");
    auto* url = cmd.add_option("--smtp-url", smtp_url, "SMTP-server: smtp://vært:port (STARTTLS) eller smtps://vært:port")
                    ->check(smtp_url_check);
    auto* from = cmd.add_option("--smtp-from", smtp_from, "Afsender, fx \"Brobygger <brobygger@kommune.dk>\"")
                     ->check(address_check);
    auto* user = cmd.add_option("--smtp-user", smtp_user, "Brugernavn på SMTP-serveren (kræver TLS)");
    auto* password = cmd.add_option("--smtp-password-file", smtp_password_file,
                                    "Fil med adgangskoden til SMTP-serveren (aldrig på kommandolinjen)")
                         ->check(CLI::ExistingFile);
    cmd.add_flag("--smtp-require-tls", smtp_require_tls, "Send kun over TLS (STARTTLS skal lykkes)");
    cmd.add_option("--smtp-timeout", smtp_timeout, "Sekunder pr. mail, før forsøget opgives")
        ->check(CLI::Range(1L, 600L));
    user->needs(password);
    password->needs(user);
    if (required) {
      url->required();
      from->required();
    } else {
      url->needs(from);
      from->needs(url);
    }
  }

  mail::SmtpSender::Config smtp_config() const {
    mail::SmtpSender::Config c;
    c.url = smtp_url;
    c.from = smtp_from;
    c.user = smtp_user;
    c.require_tls = smtp_require_tls;
    c.timeout_seconds = smtp_timeout;
    if (!smtp_password_file.empty()) {
      std::ifstream in(smtp_password_file, std::ios::binary);
      std::ostringstream s;
      if (!in || !(s << in.rdbuf())) {
        throw std::runtime_error("Filen med SMTP-adgangskoden kan ikke læses: " + smtp_password_file);
      }
      c.password = s.str();
      while (!c.password.empty() && (c.password.back() == '\n' || c.password.back() == '\r')) c.password.pop_back();
    }
    return c;
  }

  DigestTexts texts(const std::string& share_option) const {
    render::Messages messages(share_dir(share_option) + "/messages");
    return mail::load_digest_texts(messages);
  }

  int run_digest() {
    SystemClock clock;
    Date day = copenhagen_date(clock.now());
    if (!date.empty()) {
      auto d = Date::parse_iso(date);
      if (!d) {
        std::cerr << "--date skal være en dato som ÅÅÅÅ-MM-DD, fx 2024-03-14\n";
        return 2;
      }
      day = *d;
    }
    auto store = open_store(db, clock);
    mail::Mailer mailer(*store, clock, mail::SmtpSender::Config{}, base_url, texts(share));
    const auto r = mailer.enqueue_digests(day);
    if (format == "json") {
      std::cout << nlohmann::json{{"date", day.iso()}, {"advisors", r.advisors}, {"queued", r.queued}}.dump() << "\n";
    } else {
      std::cout << "Påmindelser for " << day.danish() << ": " << r.queued << " af " << r.advisors
                << " rådgivere har en mail i udbakken.\n";
    }
    return 0;
  }

  int run_send() {
    SystemClock clock;
    auto store = open_store(db, clock);
    mail::Mailer mailer(*store, clock, smtp_config(), base_url, DigestTexts{});
    const auto r = mailer.send_due();
    if (format == "json") {
      std::cout << nlohmann::json{{"sent", r.sent}, {"failed", r.failed}, {"gave_up", r.gave_up}}.dump() << "\n";
    } else {
      std::cout << "Sendt: " << r.sent << ". Fejlet: " << r.failed << " (prøves igen senere";
      if (r.gave_up) std::cout << "; " << r.gave_up << " opgivet efter " << mail::kMaxAttempts << " forsøg";
      std::cout << ").\n";
    }
    return r.failed ? 1 : 0;
  }

  int run_outbox() {
    SystemClock clock;
    auto store = open_store(db, clock);
    const auto mails = store->outbox().list(limit);
    auto state = [](const OutgoingMail& m) {
      if (!m.sent_at.empty()) return "sent";
      if (m.next_attempt_at == mail::kGaveUpAt) return "given_up";
      return "pending";
    };
    if (format == "json") {
      auto out = nlohmann::json::array();
      for (const auto& m : mails) {
        out.push_back({{"id", m.id},
                       {"state", state(m)},
                       {"dedupe_key", m.dedupe_key},
                       {"to", m.to},
                       {"subject", m.subject},
                       {"created_at", m.created_at},
                       {"attempts", m.attempts},
                       {"next_attempt_at", m.next_attempt_at},
                       {"sent_at", m.sent_at},
                       {"last_error", m.last_error}});
      }
      std::cout << render::dump_json(out) << "\n";
      return 0;
    }
    if (mails.empty()) {
      std::cout << "Udbakken er tom.\n";
      return 0;
    }
    for (const auto& m : mails) {
      const std::string s = state(m);
      std::cout << m.id << "\t" << m.to << "\t"
                << (s == "sent"       ? "sendt " + m.sent_at
                    : s == "given_up" ? std::string("opgivet")
                                      : "venter (næste forsøg " + m.next_attempt_at + ")")
                << "\t" << m.attempts << " forsøg";
      if (!m.last_error.empty()) std::cout << "\tsidste fejl: " << m.last_error;
      std::cout << "\n";
    }
    return 0;
  }
};

MailCommands::MailCommands(CLI::App& app, CLI::App& serve, const std::string& db, const std::string& format,
                           ShareDir share_dir)
    : impl_(std::make_unique<Impl>(db, format, share_dir)) {
  Impl& m = *impl_;
  m.add_smtp_options(serve, false);
  serve.add_option("--digest-hour", m.digest_hour, "Time (dansk tid), hvorfra dagens påmindelsesmails sendes")
      ->check(CLI::Range(0, 23));
  serve.add_option("--base-url", m.base_url, "Brobyggers adresse til linket i mails, fx https://brobygger.kommune.dk");

  auto* cmd = app.add_subcommand("mail", "Påmindelsesmails (udbakke og afsendelse)");
  cmd->require_subcommand(1);
  m.digest = cmd->add_subcommand("digest", "Læg dagens påmindelsesmails til rådgiverne i udbakken");
  m.digest->add_option("--date", m.date, "Dagen (ÅÅÅÅ-MM-DD); standard: i dag");
  m.digest->add_option("--base-url", m.base_url, "Brobyggers adresse til linket i mailen");
  m.digest->add_option("--share", m.share, "Mappe med messages/");
  m.send = cmd->add_subcommand("send", "Send de mails i udbakken, der venter");
  m.add_smtp_options(*m.send, true);
  m.outbox = cmd->add_subcommand("outbox", "Vis udbakken (uden indhold)");
  m.outbox->add_option("--limit", m.limit, "Højst så mange, nyeste først")->check(CLI::Range(1, 1000));
}

MailCommands::~MailCommands() = default;

std::optional<int> MailCommands::run() {
  if (!*impl_->digest && !*impl_->send && !*impl_->outbox) return std::nullopt;
  // Results go to standard output (JSON with --format json), diagnostics to standard error.
  auto logger = spdlog::stderr_color_mt("mail");
  logger->set_level(spdlog::default_logger()->level());
  spdlog::set_default_logger(logger);
  if (*impl_->digest) return impl_->run_digest();
  if (*impl_->send) return impl_->run_send();
  if (*impl_->outbox) return impl_->run_outbox();
  return std::nullopt;
}

std::unique_ptr<mail::Mailer> MailCommands::start_for_serve(Store& store, const Clock& clock,
                                                            const std::string& share_dir) {
  if (impl_->smtp_url.empty()) return nullptr;
  render::Messages messages(share_dir + "/messages");
  auto mailer = std::make_unique<mail::Mailer>(store, clock, impl_->smtp_config(), impl_->base_url,
                                               mail::load_digest_texts(messages), impl_->digest_hour);
  mailer->start();
  return mailer;
}

}  // namespace bb::cli
