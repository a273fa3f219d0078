#include "web/body_parse.h"

#include <restinio/helpers/http_field_parsers/content-disposition.hpp>
#include <restinio/helpers/http_field_parsers/content-type.hpp>
#include <restinio/helpers/multipart_body.hpp>
#include <restinio/uri_helpers.hpp>

namespace bb::web {
namespace {

namespace mb = restinio::multipart_body;
namespace hfp = restinio::http_field_parsers;

template <typename ParseTraits>
bool parse_pairs(std::string_view text, Params& out) {
  if (text.empty()) return true;
  auto parsed = restinio::try_parse_query<ParseTraits>(text);
  if (!parsed) return false;
  for (const auto& [k, v] : *parsed) out.add(std::string(k), std::string(v));
  return true;
}

// "--" + the boundary parameter of a multipart Content-Type, as RESTinio's enumerate_parts()
// finds it for a request.
std::optional<std::string> multipart_boundary(std::string_view content_type) {
  const auto ct = hfp::content_type_value_t::try_parse(content_type);
  if (!ct || !restinio::impl::is_equal_caseless("multipart", ct->media_type.type)) return std::nullopt;
  const auto boundary = hfp::find_first(ct->media_type.parameters, "boundary");
  if (!boundary || mb::check_boundary_value(*boundary)) return std::nullopt;
  return "--" + std::string(boundary->data(), boundary->size());
}

mb::handling_result_t add_part(mb::parsed_part_t part, HttpRequest& out) {
  auto disposition = part.fields.opt_value_of(restinio::http_field::content_disposition);
  if (!disposition) return mb::handling_result_t::terminate_enumeration;
  auto cd = hfp::content_disposition_value_t::try_parse(*disposition);
  if (!cd || cd->value != "form-data") return mb::handling_result_t::terminate_enumeration;
  std::string name, filename;
  bool has_filename = false;
  for (const auto& [k, v] : cd->parameters) {
    if (k == "name") name = v;
    if (k == "filename" || k == "filename*") {
      has_filename = true;
      if (filename.empty() || k == "filename*") filename = v;
    }
  }
  if (has_filename) {
    out.files.push_back({name, filename, std::string(part.body)});
  } else {
    out.form.add(name, std::string(part.body));
  }
  return mb::handling_result_t::continue_enumeration;
}

void parse_multipart(HttpRequest& r) {
  const auto boundary = multipart_boundary(r.header("content-type"));
  if (!boundary) {
    r.body_parse_failed = true;
    return;
  }
  const auto parts = mb::split_multipart_body(r.body, *boundary);
  if (parts.empty()) {
    r.body_parse_failed = true;
    return;
  }
  const auto result = mb::impl::enumerate_parts_of_request_body(
      parts, [&r](mb::parsed_part_t part) { return add_part(std::move(part), r); });
  if (!result) r.body_parse_failed = true;
}

}  // namespace

bool parse_query_string(std::string_view text, Params& out) {
  return parse_pairs<restinio::parse_query_traits::relaxed>(text, out);
}

void parse_form_body(HttpRequest& r) {
  const std::string ct = r.header("content-type");
  if (ct.rfind("application/x-www-form-urlencoded", 0) == 0) {
    if (!parse_pairs<restinio::parse_query_traits::x_www_form_urlencoded>(r.body, r.form)) {
      r.body_parse_failed = true;
    }
  } else if (ct.rfind("multipart/form-data", 0) == 0) {
    parse_multipart(r);
  }
}

}  // namespace bb::web
