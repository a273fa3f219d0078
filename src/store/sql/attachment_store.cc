// Attachments: bytes content-addressed by SHA-256 (where the backend keeps them), metadata and
// audit in the database.
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <array>

#include "domain/attachment.h"
#include "store/sql/sql_store.h"

namespace bb::sql {
namespace {

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> d{};
  crypto_hash_sha256(d.data(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), d.data(), d.size());
  return std::string(hex.data());
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

Result<Attachment> SqlAttachmentStore::add(int64_t case_id, std::string_view filename,
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
    s_.put_blob(a.sha256, bytes);
  } catch (const std::exception& e) {
    spdlog::error("store: attachment write failed: {}", e.what());
    return Error{ErrorCode::kInternal, "attachment.write_failed", {}};
  }
  Status st = s_.write([&](WriteTx& tx) -> Status {
    auto& db = tx.db();
    // An erasure may have removed the same bytes after put_blob (it removes bytes no row names,
    // in a job of its own): never write a row whose bytes are gone.
    if (!s_.blob_present(db, a.sha256)) return Error{ErrorCode::kInternal, "attachment.write_failed", {}};
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

Result<std::vector<Attachment>> SqlAttachmentStore::for_case(int64_t case_id) {
  return s_.read([&](Connection& db) { return load_attachments(db, case_id); });
}

Result<std::pair<Attachment, std::string>> SqlAttachmentStore::read(int64_t case_id,
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
  std::optional<std::string> bytes = s_.get_blob(found->sha256);
  if (!bytes) {
    spdlog::error("store: the bytes of attachment {} are missing", attachment_id);
    return Error{ErrorCode::kInternal, "attachment.missing", {}};
  }
  Status st = s_.write([&](WriteTx& tx) -> Status {
    tx.audit("attachment.read", case_id, "attachment:" + std::to_string(attachment_id), actor);
    return ok_status();
  });
  if (!st) return st.error();
  return std::make_pair(*found, std::move(*bytes));
}

}  // namespace bb::sql
