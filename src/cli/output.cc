#include "cli/output.h"

#include <cstdio>
#include <fstream>
#include <iostream>

namespace bb::cli {

bool write_output(const std::string& out, const std::string& body) {
  if (out.empty() || out == "-") {
    std::cout << body;
    return static_cast<bool>(std::cout);
  }
  const std::string tmp = out + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(body.data(), static_cast<std::streamsize>(body.size()));
    if (!f) {
      std::cerr << "Kunne ikke skrive " << out << ".\n";
      std::remove(tmp.c_str());
      return false;
    }
  }
  if (std::rename(tmp.c_str(), out.c_str()) != 0) {
    std::cerr << "Kunne ikke skrive " << out << ".\n";
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

}  // namespace bb::cli
