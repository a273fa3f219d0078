#include "mail/smtp.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sstream>

namespace bb::mail {
namespace {

std::string Base64Decode(const std::string& in) {
  static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  uint32_t buf = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') break;
    const auto v = kAlphabet.find(c);
    if (v == std::string::npos) ADD_FAILURE() << "not base64: " << c;
    buf = (buf << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buf >> bits) & 0xFF);
    }
  }
  return out;
}

// The encoded words of a header value, each checked for form and length.
std::vector<std::string> Words(const std::string& encoded) {
  std::vector<std::string> words;
  size_t pos = 0;
  while (pos < encoded.size()) {
    size_t end = encoded.find("\r\n ", pos);
    if (end == std::string::npos) end = encoded.size();
    words.push_back(encoded.substr(pos, end - pos));
    pos = end == encoded.size() ? end : end + 3;
  }
  return words;
}

std::string DecodeWords(const std::string& encoded) {
  std::string out;
  for (const auto& w : Words(encoded)) {
    EXPECT_LE(w.size(), 75u) << w;
    EXPECT_EQ(w.rfind("=?UTF-8?B?", 0), 0u) << w;
    EXPECT_EQ(w.substr(w.size() - 2), "?=") << w;
    const std::string part = Base64Decode(w.substr(10, w.size() - 12));
    // Each word holds whole UTF-8 characters.
    EXPECT_FALSE(!part.empty() && (static_cast<unsigned char>(part[0]) & 0xC0) == 0x80) << w;
    out += part;
  }
  return out;
}

OutgoingMail Mail() {
  OutgoingMail m;
  m.id = 7;
  m.dedupe_key = "digest:3:2026-11-26";
  m.to = "anne@holmstrup.dk";
  m.subject = "Brobygger: dine påmindelser for 26. november 2026";
  m.body = "Hej Anne Rådgiver\n\nFørste svar til borgeren er overskredet (1):\n  - Sag 2026-0042, frist 20. november 2026\n";
  m.created_at = "2026-11-26T06:00:00Z";
  return m;
}

const Instant kNow = parse_utc("2026-11-26T06:00:05Z").value();

TEST(SmtpMessageTest, BareAddress) {
  EXPECT_EQ(bare_address("brobygger@holmstrup.dk"), "brobygger@holmstrup.dk");
  EXPECT_EQ(bare_address("Brobygger <brobygger@holmstrup.dk>"), "brobygger@holmstrup.dk");
  EXPECT_EQ(bare_address("\"Holmstrup, Borgerrådgiver\" <br@holmstrup.dk>"), "br@holmstrup.dk");
  EXPECT_EQ(bare_address(""), "");
  EXPECT_EQ(bare_address("no-at-sign"), "");
  EXPECT_EQ(bare_address("Brobygger <broken@x"), "");
  // Header or envelope injection.
  EXPECT_EQ(bare_address("a@b.dk\r\nBcc: c@d.dk"), "");
  EXPECT_EQ(bare_address("a@b.dk> NOTIFY=NEVER"), "");
  EXPECT_EQ(bare_address("a b@c.dk"), "");
}

TEST(SmtpMessageTest, SubjectIsRfc2047Utf8Base64) {
  const std::string subject = "Brobygger: dine påmindelser for 26. november 2026";
  const std::string enc = encode_header_words(subject);
  EXPECT_EQ(enc.rfind("=?UTF-8?B?", 0), 0u) << enc;
  EXPECT_EQ(DecodeWords(enc), subject);
  EXPECT_EQ(enc.find_first_of("æøåÆØÅ"), std::string::npos);
  for (unsigned char c : enc) EXPECT_LT(c, 128);
}

TEST(SmtpMessageTest, LongHeaderIsFoldedBetweenCharacters) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "æøå ";  // 2-byte characters: a split inside one would show
  const std::string enc = encode_header_words(text);
  EXPECT_GT(Words(enc).size(), 3u);
  EXPECT_EQ(DecodeWords(enc), text);
}

TEST(SmtpMessageTest, PlainAsciiStaysReadable) {
  EXPECT_EQ(encode_header_words("Brobygger"), "Brobygger");
  // Specials (":" here) are encoded rather than risking a malformed phrase.
  EXPECT_EQ(DecodeWords(encode_header_words("Re: test")), "Re: test");
}

TEST(SmtpMessageTest, QuotedPrintable) {
  EXPECT_EQ(quoted_printable("Hej Åse\n"), "Hej =C3=85se\r\n");
  EXPECT_EQ(quoted_printable("a=b\r\nc"), "a=3Db\r\nc\r\n");
  EXPECT_EQ(quoted_printable("trailing space \n"), "trailing space=20\r\n");
  EXPECT_EQ(quoted_printable("one\n\ntwo\n"), "one\r\n\r\ntwo\r\n");
  EXPECT_EQ(quoted_printable(".\n"), ".\r\n");  // dot-stuffing is libcurl's job
  // Long lines get soft breaks; no line over 76 characters; an =XX triplet is never split.
  std::string long_line;
  for (int i = 0; i < 100; ++i) long_line += "æ";
  const std::string qp = quoted_printable(long_line + "\n");
  std::istringstream lines(qp);
  std::string decoded;
  for (std::string line; std::getline(lines, line);) {
    ASSERT_FALSE(line.empty());
    ASSERT_EQ(line.back(), '\r');
    line.pop_back();
    EXPECT_LE(line.size(), 76u) << line;
    if (!line.empty() && line.back() == '=') line.pop_back();
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '=') {
        ASSERT_LE(i + 3, line.size()) << "split escape in " << line;
        decoded += static_cast<char>(std::stoi(line.substr(i + 1, 2), nullptr, 16));
        i += 2;
      } else {
        decoded += line[i];
      }
    }
  }
  EXPECT_EQ(decoded, long_line);
}

TEST(SmtpMessageTest, DateInCopenhagenTime) {
  EXPECT_EQ(rfc5322_date(kNow), "Thu, 26 Nov 2026 07:00:05 +0100");
  EXPECT_EQ(rfc5322_date(parse_utc("2024-07-01T10:04:00Z").value()), "Mon, 1 Jul 2024 12:04:00 +0200");
}

TEST(SmtpMessageTest, MessageHasHeadersAndCrlfLineEnds) {
  const std::string msg = format_message(Mail(), "Brobygger Holmstrup <brobygger@holmstrup.dk>", kNow,
                                         "<brobygger.7@holmstrup.dk>");
  const auto split = msg.find("\r\n\r\n");
  ASSERT_NE(split, std::string::npos);
  const std::string headers = msg.substr(0, split + 2);
  for (const char* want : {"Date: Thu, 26 Nov 2026 07:00:05 +0100\r\n",
                           "From: Brobygger Holmstrup <brobygger@holmstrup.dk>\r\n", "To: anne@holmstrup.dk\r\n",
                           "Subject: =?UTF-8?B?", "Message-ID: <brobygger.7@holmstrup.dk>\r\n", "MIME-Version: 1.0\r\n",
                           "Content-Type: text/plain; charset=UTF-8\r\n",
                           "Content-Transfer-Encoding: quoted-printable\r\n"}) {
    EXPECT_NE(headers.find(want), std::string::npos) << want << "\n" << headers;
  }
  // Every line ends in CRLF; nothing but ASCII on the wire.
  for (size_t i = 0; i < msg.size(); ++i) {
    if (msg[i] == '\n') {
      EXPECT_TRUE(i > 0 && msg[i - 1] == '\r') << "bare LF at " << i;
    }
    if (msg[i] == '\r') {
      EXPECT_TRUE(i + 1 < msg.size() && msg[i + 1] == '\n') << "bare CR at " << i;
    }
    EXPECT_LT(static_cast<unsigned char>(msg[i]), 128) << "8-bit byte at " << i;
  }
  // The subject decodes back.
  const auto s = headers.find("Subject: ") + 9;
  std::string value = headers.substr(s);
  value = value.substr(0, value.find("\r\nMessage-ID:"));
  EXPECT_EQ(DecodeWords(value), Mail().subject);
  EXPECT_NE(msg.find("Hej Anne R=C3=A5dgiver\r\n"), std::string::npos);
}

TEST(SmtpMessageTest, NonAsciiSenderNameIsEncoded) {
  const std::string msg = format_message(Mail(), "Borgerrådgiveren <br@holmstrup.dk>", kNow, "<x@holmstrup.dk>");
  const auto from = msg.find("From: ");
  const std::string line = msg.substr(from + 6, msg.find("\r\n", from) - from - 6);
  EXPECT_EQ(line.rfind("=?UTF-8?B?", 0), 0u) << line;
  EXPECT_NE(line.find(" <br@holmstrup.dk>"), std::string::npos) << line;
}

TEST(SmtpSenderTest, ConfigCheck) {
  SmtpSender::Config c;
  c.url = "smtp://127.0.0.1:2525";
  c.from = "brobygger@holmstrup.dk";
  EXPECT_TRUE(SmtpSender::check(c));
  c.url = "SMTPS://mail.holmstrup.dk";
  EXPECT_TRUE(SmtpSender::check(c));
  c.url = "http://mail.holmstrup.dk";
  EXPECT_EQ(SmtpSender::check(c).error().fields.count("smtp_url"), 1u);
  c.url = "file:///etc/passwd";
  EXPECT_FALSE(SmtpSender::check(c));
  c.url = "smtp://x";
  c.from = "not an address";
  EXPECT_EQ(SmtpSender::check(c).error().fields.count("smtp_from"), 1u);
}

// A port nobody listens on: bound and closed again.
int ClosedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

TEST(SmtpSenderTest, UnreachableServerIsAnErrorWithoutMailContent) {
  FixedClock clock(kNow);
  SmtpSender::Config c;
  c.url = "smtp://127.0.0.1:" + std::to_string(ClosedPort());
  c.from = "brobygger@holmstrup.dk";
  c.timeout_seconds = 5;
  SmtpSender sender(c, clock);
  const auto st = sender.send(Mail());
  ASSERT_FALSE(st);
  const std::string& e = st.error().message;
  EXPECT_EQ(e.rfind("smtp: ", 0), 0u) << e;
  EXPECT_GT(e.size(), 6u);
  for (const char* secret : {"anne", "Anne", "2026-0042", "påmindelser", "digest:3"}) {
    EXPECT_EQ(e.find(secret), std::string::npos) << e;
  }
}

TEST(SmtpSenderTest, RefusesARecipientThatCouldInjectHeaders) {
  FixedClock clock(kNow);
  SmtpSender sender({"smtp://127.0.0.1:1", "brobygger@holmstrup.dk", "", "", false, 5}, clock);
  OutgoingMail m = Mail();
  m.to = "anne@holmstrup.dk\r\nBcc: everyone@example.dk";
  const auto st = sender.send(m);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().fields.count("to"), 1u);
}

TEST(SmtpSenderTest, CancelledSenderGivesUpAtOnce) {
  FixedClock clock(kNow);
  SmtpSender sender({"smtp://127.0.0.1:1", "brobygger@holmstrup.dk", "", "", false, 5}, clock);
  sender.cancel(true);
  EXPECT_FALSE(sender.send(Mail()));
}

}  // namespace
}  // namespace bb::mail
