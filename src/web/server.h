// The HTTP server: RESTinio on a thread pool, routing every App route through RESTinio's
// express router (PCRE2 engine). The only file that includes RESTinio's server (web/body_parse.cc
// uses its header-only query and multipart parsers).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "web/app.h"

namespace bb::web {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;             // 0 = any free port (reported through on_listening)
  size_t threads = 24;              // handlers block on the database; group commit needs several
  size_t max_connections = 2048;
  std::function<void(uint16_t port)> on_listening;
};

// Serves until SIGINT or SIGTERM. Throws std::runtime_error when the address cannot be bound.
void serve(App& app, const ServerOptions& options);

}  // namespace bb::web
