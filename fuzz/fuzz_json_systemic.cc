// libFuzzer entry for the json_systemic target (fuzz/targets.h); built with -DBROBYGGER_FUZZ=ON.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  bb::fuzz::json_systemic(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
