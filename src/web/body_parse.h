// The request parsing the server does before a handler runs, apart from the connection: the
// query string and the body as an urlencoded form or multipart/form-data (fields and files).
// web/server.cc calls these for every request; fuzz/ drives them directly. Uses RESTinio's
// header-only parsers (no server, no I/O). Pure; thread-safe.
#pragma once

#include <string_view>

#include "web/http.h"

namespace bb::web {

// Adds the pairs of a query string ("a=1&b=%C3%A6") to `out` (relaxed: a name without "=" is
// kept with an empty value); false, with `out` unchanged, when it is malformed.
bool parse_query_string(std::string_view text, Params& out);

// Fills r.form, or r.form and r.files, from r.body when r's content-type header says
// application/x-www-form-urlencoded or multipart/form-data; sets r.body_parse_failed when the
// body is malformed (a part without a form-data Content-Disposition ends the reading).
void parse_form_body(HttpRequest& r);

}  // namespace bb::web
