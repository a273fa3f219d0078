// Pieces the JSON API and the HTML pages share.
#pragma once

#include <cstdint>

#include "store/store.h"
#include "web/app.h"

namespace bb::web {

// Case-list filters from query or form parameters (q, status, department, reason, channel,
// from, to, assignee, limit, cursor); "status=aaben" means every open status.
Result<CaseFilter> filter_from_query(const Params& q);

// Sends an attachment as a download (Content-Disposition: attachment; audited read).
HttpResponse send_attachment(App& app, RequestContext& ctx, int64_t case_id, int64_t attachment_id);

}  // namespace bb::web
