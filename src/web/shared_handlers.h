// Pieces the JSON API and the HTML pages share.
#pragma once

#include <cstdint>

#include "store/store.h"
#include "web/app.h"
#include "web/query_filters.h"  // filter_from_query

namespace bb::web {

// Sends an attachment as a download (Content-Disposition: attachment; audited read).
HttpResponse send_attachment(App& app, RequestContext& ctx, int64_t case_id, int64_t attachment_id);

}  // namespace bb::web
