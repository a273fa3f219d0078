#include "cli/report_cmd.h"

#include <fstream>
#include <iostream>

#include "render/report_html.h"
#include "render/report_pdf.h"
#include "render/report_xlsx.h"
#include "service/annual_report.h"

namespace bb::cli {

int cmd_report_annual(const std::string& db, const std::string& share_dir, int year, const std::string& format,
                      const std::string& out, bool publish) {
  if (year < 1900 || year > 2200) {
    std::cerr << "Ugyldigt år: " << year << "\n";
    return 2;
  }
  SystemClock clock;
  auto store = open_store(db, clock);
  render::Renderer renderer(share_dir);
  const auto& m = renderer.messages();
  Report r = build_annual_report(*store, m, store->settings().load(), year, copenhagen_date(clock.now()));
  if (publish) r = published(std::move(r));
  std::string body;
  if (format == "pdf") {
    body = render::report_pdf(r, m);
  } else if (format == "xlsx") {
    body = render::report_xlsx(r, m);
  } else if (format == "csv") {
    body = report_csv(r);
  } else if (format == "json") {
    body = report_json(r).dump(2) + "\n";
  } else {
    nlohmann::json data = render::report_view(r, m);
    data["title"] = "Årsberetning " + std::to_string(year);
    body = renderer.render("report_document", data, "da");
  }
  (void)store->audit().append("report.export", std::nullopt,
                              "year:" + std::to_string(year) + " format:" + format + (publish ? " published" : " exact"),
                              Actor::system());
  if (out.empty() || out == "-") {
    std::cout << body;
    return 0;
  }
  const std::string tmp = out + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(body.data(), static_cast<std::streamsize>(body.size()));
    if (!f) {
      std::cerr << "Kunne ikke skrive " << out << ".\n";
      return 1;
    }
  }
  if (std::rename(tmp.c_str(), out.c_str()) != 0) {
    std::cerr << "Kunne ikke skrive " << out << ".\n";
    return 1;
  }
  std::cerr << "Årsberetningen for " << year << " er skrevet til " << out << (publish ? " (offentliggjort udgave).\n" : " (præcise tal).\n");
  return 0;
}

}  // namespace bb::cli
