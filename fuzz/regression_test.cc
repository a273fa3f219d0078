// Replays every seed (fuzz/corpus/<target>/) and every input that once crashed a target
// (fuzz/regressions/<target>/, named after what broke) through the fuzz targets, in the normal
// and the sanitizer build of brobygger_test. docs/FUZZING.md says how the inputs were found.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "targets.h"

namespace bb::fuzz {
namespace {

namespace fs = std::filesystem;

const fs::path kFuzzDir = fs::path(BB_SOURCE_DIR) / "fuzz";

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.is_regular_file()) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const Target& target(const std::string& name) {
  for (const auto& t : all_targets()) {
    if (name == t.name) return t;
  }
  throw std::logic_error("no fuzz target " + name);
}

// Runs each file; an exception out of a target (a broken invariant, or what the server would
// turn into a 500) fails the test and names the file. A sanitizer report stops the binary.
size_t replay(const Target& t, const fs::path& dir) {
  const auto files = files_in(dir);
  for (const auto& f : files) {
    const std::string data = read_bytes(f);
    try {
      t.run(data);
    } catch (const std::exception& e) {
      ADD_FAILURE() << t.name << " on " << f << ": " << e.what();
    }
  }
  return files.size();
}

void replay_target(const std::string& name) {
  const Target& t = target(name);
  EXPECT_GE(replay(t, kFuzzDir / "corpus" / name), 3u) << "fuzz/corpus/" << name << " holds too few seeds";
  replay(t, kFuzzDir / "regressions" / name);
}

TEST(FuzzRegression, EveryTargetHasSeedsAndTheKeptCrashesAreFound) {
  ASSERT_EQ(all_targets().size(), 8u);
  for (const auto& t : all_targets()) {
    EXPECT_FALSE(files_in(kFuzzDir / "corpus" / t.name).empty()) << "fuzz/corpus/" << t.name << " is missing";
  }
  size_t kept = 0;
  for (const auto& t : all_targets()) kept += files_in(kFuzzDir / "regressions" / t.name).size();
  EXPECT_GT(kept, 0u) << "fuzz/regressions/ is missing or empty";
}

TEST(FuzzRegression, Form) {
  replay_target("form");
}
TEST(FuzzRegression, Multipart) {
  replay_target("multipart");
}
TEST(FuzzRegression, JsonCase) {
  replay_target("json_case");
}
TEST(FuzzRegression, JsonSystemic) {
  replay_target("json_systemic");
}
TEST(FuzzRegression, SurveyCsv) {
  replay_target("survey_csv");
}
TEST(FuzzRegression, LetterText) {
  replay_target("letter_text");
}
TEST(FuzzRegression, LetterPdf) {
  replay_target("letter_pdf");
}
TEST(FuzzRegression, QueryFilters) {
  replay_target("query_filters");
}

}  // namespace
}  // namespace bb::fuzz
