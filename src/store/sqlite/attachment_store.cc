// Attachments: bytes in content-addressed files, metadata and audit in the database.
#include <fcntl.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "domain/attachment.h"
#include "store/sqlite/sqlite_store.h"

namespace bb::sqlite {
namespace {

namespace fs = std::filesystem;

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> d{};
  crypto_hash_sha256(d.data(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), d.data(), d.size());
  return std::string(hex.data());
}

fs::path blob_path(const std::string& dir, const std::string& hash) {
  return fs::path(dir) / hash.substr(0, 2) / hash;
}

void fsync_path(const fs::path& p, int flags) {
  const int fd = ::open(p.c_str(), flags);
  if (fd < 0) throw std::runtime_error("open for fsync failed: " + p.string());
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw std::runtime_error("fsync failed: " + p.string());
}

// Writes the bytes durably: temp file, fsync, rename, fsync of the folder.
void write_blob(const fs::path& target, std::string_view bytes) {
  if (fs::exists(target)) return;  // same content already stored
  fs::create_directories(target.parent_path());
  const fs::path tmp = target.string() + ".tmp" + std::to_string(::getpid()) + "_" +
                       std::to_string(reinterpret_cast<uintptr_t>(&bytes));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      std::error_code ec;
      fs::remove(tmp, ec);
      throw std::runtime_error("write failed: " + tmp.string());
    }
  }
  fsync_path(tmp, O_RDONLY);
  fs::rename(tmp, target);
  fsync_path(target.parent_path(), O_RDONLY | O_DIRECTORY);
}

Attachment attachment_from_row(const Statement& st) {
  Attachment a;
  a.id = st.int64(0);
  a.case_id = st.int64(1);
  a.filename = st.text(2);
  a.mime = st.text(3);
  a.size = st.int64(4);
  a.sha256 = st.text(5);
  a.created_at = st.text(6);
  a.uploaded_by = st.text(7);
  return a;
}

constexpr const char* kColumns =
    "SELECT id, case_id, filename, mime, size, sha256, created_at, uploaded_by FROM attachments ";

}  // namespace

Result<Attachment> SqliteAttachmentStore::add(int64_t case_id, std::string_view filename,
                                              std::string_view bytes, const Actor& actor) {
  if (!s_.cases().exists(case_id)) return Error::not_found("case.not_found");
  if (bytes.size() > kMaxAttachmentBytes) {
    return Error::field(ErrorCode::kTooLarge, "file", "attachment.too_large");
  }
  auto kind = sniff_attachment(bytes);
  if (!kind) return Error::field(ErrorCode::kUnprocessable, "file", "attachment.type");

  Attachment a;
  a.case_id = case_id;
  a.filename = safe_filename(filename);
  a.mime = kind->mime;
  a.size = static_cast<int64_t>(bytes.size());
  a.sha256 = sha256_hex(bytes);
  a.uploaded_by = actor.name;
  try {
    write_blob(blob_path(s_.blob_dir(), a.sha256), bytes);
  } catch (const std::exception& e) {
    spdlog::error("store: attachment write failed: {}", e.what());
    return Error{ErrorCode::kInternal, "attachment.write_failed", {}};
  }
  Status st = s_.writer().run([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    a.created_at = tx.now();
    db.prepare("INSERT INTO attachments(case_id, filename, mime, size, sha256, created_at, "
               "uploaded_by) VALUES (?,?,?,?,?,?,?)")
        .bind(1, case_id)
        .bind(2, a.filename)
        .bind(3, a.mime)
        .bind(4, a.size)
        .bind(5, a.sha256)
        .bind(6, a.created_at)
        .bind(7, a.uploaded_by)
        .run();
    a.id = db.last_insert_id();
    tx.audit("attachment.add", case_id, "attachment:" + std::to_string(a.id), actor);
    return ok_status();
  });
  if (!st) return st.error();
  return a;
}

std::vector<Attachment> load_attachments(Connection& db, int64_t case_id) {
  std::vector<Attachment> out;
  auto& st = db.prepare(std::string(kColumns) + "WHERE case_id = ? ORDER BY id");
  st.bind(1, case_id);
  while (st.step()) out.push_back(attachment_from_row(st));
  st.reset();
  return out;
}

Result<std::vector<Attachment>> SqliteAttachmentStore::for_case(int64_t case_id) {
  return s_.read([&](Connection& db) { return load_attachments(db, case_id); });
}

Result<std::pair<Attachment, std::string>> SqliteAttachmentStore::read(int64_t case_id,
                                                                       int64_t attachment_id,
                                                                       const Actor& actor) {
  auto found = s_.read([&](Connection& db) {
    std::optional<Attachment> a;
    auto& st = db.prepare(std::string(kColumns) + "WHERE id = ? AND case_id = ?");
    st.bind(1, attachment_id).bind(2, case_id);
    if (st.step()) a = attachment_from_row(st);
    st.reset();
    return a;
  });
  if (!found) return Error::not_found("attachment.not_found");
  std::ifstream in(blob_path(s_.blob_dir(), found->sha256), std::ios::binary);
  if (!in) {
    spdlog::error("store: attachment {} missing on disk", attachment_id);
    return Error{ErrorCode::kInternal, "attachment.missing", {}};
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  Status st = s_.writer().run([&](WriteTx& tx) -> Status {
    tx.audit("attachment.read", case_id, "attachment:" + std::to_string(attachment_id), actor);
    return ok_status();
  });
  if (!st) return st.error();
  return std::make_pair(*found, bytes.str());
}

}  // namespace bb::sqlite
