#include "web/server.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <restinio/all.hpp>
#include <restinio/router/pcre2_regex_engine.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <csignal>

#include "web/body_parse.h"

namespace bb::web {
namespace {

// See concurrent_accepts_count below.
constexpr size_t kConcurrentAccepts = 64;

using router_t = restinio::router::express_router_t<restinio::router::pcre2_regex_engine_t<>>;

class Handler;

struct Traits : public restinio::traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t, Handler> {
  static constexpr bool use_connection_count_limiter = true;
};


Method method_of(const restinio::http_method_id_t& m) {
  if (m == restinio::http_method_get()) return Method::kGet;
  if (m == restinio::http_method_head()) return Method::kHead;
  if (m == restinio::http_method_post()) return Method::kPost;
  if (m == restinio::http_method_patch()) return Method::kPatch;
  if (m == restinio::http_method_put()) return Method::kPut;
  if (m == restinio::http_method_delete()) return Method::kDelete;
  return Method::kOther;
}

restinio::http_method_id_t restinio_method(Method m) {
  switch (m) {
    case Method::kGet: return restinio::http_method_get();
    case Method::kHead: return restinio::http_method_head();
    case Method::kPost: return restinio::http_method_post();
    case Method::kPatch: return restinio::http_method_patch();
    case Method::kPut: return restinio::http_method_put();
    case Method::kDelete: return restinio::http_method_delete();
    case Method::kOther: break;
  }
  return restinio::http_method_get();
}

// The parameter names of an express pattern ("/cases/:id(\\d+)/x/:aid" -> id, aid).
std::vector<std::string> param_names(const std::string& pattern) {
  std::vector<std::string> names;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != ':') continue;
    size_t j = i + 1;
    while (j < pattern.size() && (std::isalnum(static_cast<unsigned char>(pattern[j])) || pattern[j] == '_')) ++j;
    if (j > i + 1) names.push_back(pattern.substr(i + 1, j - i - 1));
    i = j;
  }
  return names;
}

HttpRequest convert(const restinio::request_handle_t& req, const restinio::router::route_params_t* params,
                    const std::vector<std::string>& names) {
  HttpRequest r;
  const auto& h = req->header();
  r.method = method_of(h.method());
  r.path = std::string(h.path());
  if (!parse_query_string(h.query(), r.query)) r.body_parse_failed = true;
  h.for_each_field([&](const restinio::http_header_field_t& f) {
    std::string name = f.name();
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers.emplace(std::move(name), f.value());
  });
  r.remote_ip = req->remote_endpoint().address().to_string();
  if (params) {
    for (const auto& name : names) {
      if (auto v = params->get_param(name)) r.path_params.emplace(name, std::string(*v));
    }
  }
  r.body = req->body();
  parse_form_body(r);
  return r;
}

restinio::request_handling_status_t respond(const restinio::request_handle_t& req, const HttpResponse& res) {
  auto resp = req->create_response(
      restinio::http_status_line_t{restinio::http_status_code_t{static_cast<std::uint16_t>(res.status)},
                                   reason_phrase(res.status)});
  for (const auto& [k, v] : res.headers) resp.append_header(k, v);
  resp.append_header_date_field();
  if (req->header().method() == restinio::http_method_head()) {
    resp.header().content_length(res.body.size());
  } else {
    resp.set_body(res.body);
  }
  return resp.done();
}

// True when the router can read the target path: RESTinio's router decodes the path's
// percent-encoding of unreserved characters and throws when an escape is broken ("%zz") or the
// decoded bytes are not UTF-8 (an overlong "%c0%ae").
bool router_can_read(restinio::string_view_t path) {
  try {
    static_cast<void>(restinio::utils::uri_normalization::unreserved_chars::estimate_required_capacity(path));
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

// The request handler: the router, behind the one check it would otherwise answer by throwing
// (which makes RESTinio close the connection without a word). A path it cannot read gets the
// application's own 400 page, with the usual headers, instead.
class Handler {
 public:
  Handler(App& app, std::unique_ptr<router_t> router) : app_(app), router_(std::move(router)) {}

  restinio::request_handling_status_t operator()(restinio::request_handle_t req) const {
    if (!router_can_read(req->header().path())) {
      HttpRequest r = convert(req, nullptr, {});
      r.body_parse_failed = true;
      return respond(req, app_.handle_not_found(r));
    }
    return (*router_)(std::move(req));
  }

 private:
  App& app_;
  std::unique_ptr<router_t> router_;
};

}  // namespace

void serve(App& app, const ServerOptions& options) {
  auto router = std::make_unique<router_t>();
  for (const auto& route : app.routes()) {
    const App::Route* rp = &route;
    const auto names = std::make_shared<std::vector<std::string>>(param_names(route.pattern));
    router->add_handler(restinio_method(route.method), route.pattern,
                        [&app, rp, names](const restinio::request_handle_t& req, restinio::router::route_params_t params) {
                          HttpRequest r = convert(req, &params, *names);
                          return respond(req, app.handle(*rp, r));
                        });
    if (route.method == Method::kGet) {
      router->add_handler(restinio::http_method_head(), route.pattern,
                          [&app, rp, names](const restinio::request_handle_t& req, restinio::router::route_params_t params) {
                            HttpRequest r = convert(req, &params, *names);
                            return respond(req, app.handle(*rp, r));
                          });
    }
  }
  router->non_matched_request_handler([&app](const restinio::request_handle_t& req) {
    HttpRequest r = convert(req, nullptr, {});
    return respond(req, app.handle_not_found(r));
  });

  // Block the stop signals in every thread; this one waits for them below.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  std::atomic<uint16_t> bound_port{0};
  auto settings = restinio::server_settings_t<Traits>{};
  settings.address(options.host)
      .port(options.port)
      .request_handler(std::make_unique<Handler>(app, std::move(router)))
      .read_next_http_message_timelimit(std::chrono::seconds(10))
      .write_http_response_timelimit(std::chrono::seconds(60))
      .handle_request_timeout(std::chrono::seconds(60))
      .max_parallel_connections(options.max_connections)
      // Every accept waits its turn in the same queue as the requests. One accept at a time
      // (RESTinio's default) let a burst of new connections under load wait seconds for their
      // first answer (the soak's 256 connections: up to 10 s, while open connections were
      // answered in under 1 s); this many are accepted per turn instead.
      .concurrent_accepts_count(std::min(kConcurrentAccepts, std::max<size_t>(1, options.max_connections)))
      .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                    .max_url_size(8 * 1024)
                                    .max_field_name_size(1024)
                                    .max_field_value_size(16 * 1024)
                                    .max_field_count(100)
                                    .max_body_size(kHardBodyLimit))
      .acceptor_post_bind_hook([&bound_port](asio::ip::tcp::acceptor& acceptor) {
        bound_port = acceptor.local_endpoint().port();
      });
  // run_async returns once the acceptor listens, so the announcement below is true.
  auto server = restinio::run_async(restinio::own_io_context(), std::move(settings), options.threads);
  if (options.on_listening) options.on_listening(bound_port.load());
  int sig = 0;
  sigwait(&stop_signals, &sig);
  spdlog::info("server: stopping on signal {}", sig);
  server->stop();
  server->wait();
}

}  // namespace bb::web
