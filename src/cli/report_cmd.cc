#include "cli/report_cmd.h"

#include <iostream>

#include "cli/output.h"
#include "render/report_html.h"
#include "render/report_pdf.h"
#include "render/report_xlsx.h"
#include "service/annual_report.h"
#include "service/surveys.h"

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
  Report r = build_annual_report(*store, m, store->settings().load(), year, copenhagen_date(clock.now()),
                                 load_builtin_questionnaires(share_dir + "/data"));
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
  if (!write_output(out, body)) return 1;
  if (out.empty() || out == "-") return 0;
  std::cerr << "Årsberetningen for " << year << " er skrevet til " << out << (publish ? " (offentliggjort udgave).\n" : " (præcise tal).\n");
  return 0;
}

}  // namespace bb::cli
