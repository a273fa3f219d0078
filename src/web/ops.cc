// Liveness, metrics and static files.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "web/app.h"

namespace bb::web {
namespace {

namespace fs = std::filesystem;

HttpResponse healthz(App& app, RequestContext&) {
  if (!app.store().healthy()) return HttpResponse::json(503, R"({"status":"database unavailable"})");
  return HttpResponse::json(200, R"({"status":"ok"})");
}

HttpResponse metrics(App& app, RequestContext&) {
  std::string extra = "# HELP brobygger_cases Cases by status.\n# TYPE brobygger_cases gauge\n";
  for (const auto& [status, n] : app.store().cases().count_by_status()) {
    extra += fmt::format("brobygger_cases{{status=\"{}\"}} {}\n", prometheus_label(status), n);
  }
  HttpResponse res{200, {}, app.metrics().exposition(extra)};
  res.header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
  return res;
}

const char* mime_for(const fs::path& p) {
  const std::string ext = p.extension().string();
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".js") return "text/javascript; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".ttf") return "font/ttf";
  if (ext == ".map") return "application/json";
  return nullptr;
}

HttpResponse static_file(App& app, RequestContext& ctx) {
  // Only plain relative names below the static folder: no "..", no absolute paths, no hidden
  // files; the resolved path must stay inside the folder.
  const std::string rel = ctx.req.path.substr(std::string("/static/").size());
  const HttpResponse not_found = HttpResponse::text(404, "Ikke fundet\n");
  if (rel.empty() || rel.find("..") != std::string::npos || rel.find('\\') != std::string::npos ||
      rel.find("/.") != std::string::npos || rel[0] == '.' || rel[0] == '/' ||
      rel.find('\0') != std::string::npos) {
    return not_found;
  }
  const fs::path root = fs::weakly_canonical(app.config().static_dir);
  std::error_code ec;
  const fs::path file = fs::weakly_canonical(root / rel, ec);
  if (ec || file.string().rfind(root.string() + "/", 0) != 0 || !fs::is_regular_file(file)) {
    return not_found;
  }
  const char* mime = mime_for(file);
  if (!mime) return not_found;
  std::ifstream in(file, std::ios::binary);
  std::ostringstream body;
  body << in.rdbuf();
  HttpResponse res{200, {}, body.str()};
  res.header("Content-Type", mime);
  res.header("Cache-Control", "public, max-age=3600");
  return res;
}

}  // namespace

void add_ops_routes(std::vector<App::Route>& r) {
  using A = App::Access;
  r.push_back({Method::kGet, "/healthz", healthz, A::kOpen, 0});
  r.push_back({Method::kGet, "/metrics", metrics, A::kOpen, 0});
  r.push_back({Method::kGet, R"(/static/:path(.+))", static_file, A::kOpen, 0});
}

}  // namespace bb::web
