// Parameters of the query string (or of a search form) read into typed filters, shared by the
// JSON API and the staff pages; each bad parameter is a field error naming it. Pure (no store,
// no App), so fuzz/ can drive it; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "domain/result.h"
#include "store/store.h"
#include "web/http.h"

namespace bb::web {

// Parses a decimal id from a path parameter; nullopt when it is not a positive integer.
std::optional<int64_t> parse_id(std::string_view text);

// Case-list filters from query or form parameters (q, status, department, reason, channel,
// from, to, assignee, limit, cursor); "status=aaben" means every open status.
Result<CaseFilter> filter_from_query(const Params& q);

}  // namespace bb::web
