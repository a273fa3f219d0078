// Letter analysis and OCR benchmarks (Google Benchmark). Aims from the issue: analysis of a
// 10-page letter well under 5 ms; OCR of one A4 page at 300 dpi under 5 s. References in the
// same run: a plain word count over the same text (the floor any analysis pays to read the
// text once), and tesseract driven directly through its API (what our extractor adds to OCR).
#include <benchmark/benchmark.h>
#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>

#include <cctype>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "extract/extractor.h"
#include "extract/letter_check.h"

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::string kSource = BB_SOURCE_DIR;

// About ten pages: three letters of the corpus (a decision, a decision without complaint
// guidance, an invitation) repeated to ~30,000 characters.
const std::string& ten_pages() {
  static const std::string text = [] {
    const std::string dir = kSource + "/tests/letters/";
    const std::string one = read(dir + "01_merudgifter_delvis_afslag.txt") +
                            read(dir + "07_sygedagpenge_ophoer_uden_klagevejledning.txt") +
                            read(dir + "22_moedeindkaldelse_jobcenter.txt");
    std::string out;
    while (out.size() < 30000) out += one + "\n\n";
    return out;
  }();
  return text;
}

const bb::extract::LetterData& data() {
  static const bb::extract::LetterData d = bb::extract::load_letter_data(kSource + "/data");
  return d;
}

void BM_AnalyseTenPages(benchmark::State& state) {
  const auto& text = ten_pages();
  for (auto _ : state) {
    auto a = bb::letter::analyse(text, data().glossary, data().rules);
    benchmark::DoNotOptimize(a);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["chars"] = static_cast<double>(text.size());
}
BENCHMARK(BM_AnalyseTenPages)->Unit(benchmark::kMillisecond);

void BM_Reference_WordCountTenPages(benchmark::State& state) {
  const auto& text = ten_pages();
  for (auto _ : state) {
    size_t words = 0;
    bool in_word = false;
    for (unsigned char c : text) {
      const bool w = std::isalnum(c) || c >= 0x80;
      words += (w && !in_word) ? 1 : 0;
      in_word = w;
    }
    benchmark::DoNotOptimize(words);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_Reference_WordCountTenPages)->Unit(benchmark::kMillisecond);

const char* kPage = "/tests/letters/02_hjaelpemiddel_delvis.png";

void BM_OcrA4Page(benchmark::State& state) {
  const std::string png = read(kSource + kPage);
  if (png.empty()) {
    state.SkipWithError("fixture missing");
    return;
  }
  bb::extract::DocumentExtractor extractor;
  for (auto _ : state) {
    auto r = extractor.extract(png);
    if (!r) state.SkipWithError("OCR failed");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_OcrA4Page)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_Reference_TesseractApiA4Page(benchmark::State& state) {
  const std::string png = read(kSource + kPage);
  for (auto _ : state) {
    tesseract::TessBaseAPI api;
    api.Init(nullptr, "dan");
    api.SetVariable("debug_file", "/dev/null");
    Pix* pix = pixReadMem(reinterpret_cast<const l_uint8*>(png.data()), png.size());
    api.SetImage(pix);
    std::unique_ptr<char[]> text(api.GetUTF8Text());
    benchmark::DoNotOptimize(text);
    pixDestroy(&pix);
    api.End();
  }
}
BENCHMARK(BM_Reference_TesseractApiA4Page)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
