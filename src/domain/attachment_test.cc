#include "domain/attachment.h"

#include <gtest/gtest.h>

#include <string>

namespace bb {
namespace {

TEST(SniffTest, RecognisesAcceptedTypesByContent) {
  EXPECT_EQ(sniff_attachment("%PDF-1.7\n...")->type, AttachmentType::kPdf);
  EXPECT_EQ(sniff_attachment(std::string("\x89PNG\r\n\x1a\n\0\0", 10))->type, AttachmentType::kPng);
  EXPECT_EQ(sniff_attachment("\xFF\xD8\xFF\xE0rest")->type, AttachmentType::kJpeg);
  EXPECT_EQ(sniff_attachment("Kære borgerrådgiver,\nJeg har fået et brev.\n")->type,
            AttachmentType::kText);
  std::string docx = std::string("PK\x03\x04", 4) + "....[Content_Types].xml....word/document.xml";
  EXPECT_EQ(sniff_attachment(docx)->type, AttachmentType::kDocx);
}

TEST(SniffTest, RefusesWhatLiesAboutItsType) {
  EXPECT_FALSE(sniff_attachment(""));
  EXPECT_FALSE(sniff_attachment(std::string("MZ\x90\0\x03\0\0\0", 8)));       // Windows executable
  EXPECT_FALSE(sniff_attachment(std::string("PK\x03\x04plainzip", 12)));      // ZIP, not DOCX
  EXPECT_FALSE(sniff_attachment("\x7f" "ELF"));                               // ELF binary
  EXPECT_FALSE(sniff_attachment("text with a \xff\xfe broken byte"));        // not UTF-8
  EXPECT_FALSE(sniff_attachment(std::string("nul\0byte", 8)));
}

TEST(SafeFilenameTest, StripsPathsAndControls) {
  EXPECT_EQ(safe_filename("../../etc/passwd"), "passwd");
  EXPECT_EQ(safe_filename("C:\\Users\\x\\brev.pdf"), "brev.pdf");
  EXPECT_EQ(safe_filename("a\"b;c\r\n.pdf"), "abc.pdf");
  EXPECT_EQ(safe_filename(""), "bilag");
  EXPECT_EQ(safe_filename("..."), "bilag");
  std::string long_name(200, 'x');
  EXPECT_EQ(safe_filename(long_name).size(), 120u);
  std::string danish(119, 'a');
  danish += "æ";  // two bytes across the cut
  EXPECT_EQ(safe_filename(danish).size(), 119u);
}

// Found by fuzzing: a Latin-1 file name in a multipart upload was kept byte for byte, so the
// stored name was not UTF-8 (pages showed it broken; PostgreSQL refused the row).
TEST(SafeFilenameTest, ReplacesBytesThatAreNotUtf8) {
  EXPECT_EQ(safe_filename("sva\xC1r.csv"), "sva_r.csv");
  EXPECT_EQ(safe_filename("\xE6" "bler.pdf"), "_bler.pdf");                  // Latin-1 æ
  EXPECT_EQ(safe_filename("\xC3\xA6" "bler.pdf"), "\xC3\xA6" "bler.pdf");  // UTF-8 æ kept
  EXPECT_EQ(safe_filename("x\xED\xA0\x80.txt"), "x___.txt");       // a surrogate
  EXPECT_EQ(safe_filename("brev\xC3"), "brev_");                    // cut short
}

}  // namespace
}  // namespace bb
