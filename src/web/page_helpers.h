// Small pieces the staff pages share: option lists, case links, the theme labels of the
// office's list, and mapping domain errors onto form fields.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

#include "web/app.h"
#include "web/forms.h"

namespace bb::web {

// The departments of the settings as form options.
std::vector<FormView::Option> department_options(App& app);
// The office's active themes as form options (label from the list).
std::vector<FormView::Option> theme_options(App& app, const RequestContext& ctx);
// The label of a theme code from the office's list (the code itself when unknown).
std::string theme_label(App& app, const RequestContext& ctx, const std::string& code);

// Whether setting `next` (or removing the theme, when `next` is nullopt) on the case would
// change criticism the advisor has voiced or add new criticism: only the advisor may do that.
bool changes_criticism(App& app, int64_t case_id, const std::string& theme, const std::string& department,
                       const std::optional<CaseTheme>& next);

// The theme as tagged on the case for that department, if it is.
std::optional<CaseTheme> theme_on_case(App& app, int64_t case_id, const std::string& theme,
                                       const std::string& department);
// "2024Q3: Jobcenter · Partshøring" for a signal key ("2024Q3:theme:Jobcenter:partshoering").
std::string signal_label(App& app, const RequestContext& ctx, const std::string& key);

// "2024-0012, 2024-0042" for the ids (unknown ids left out).
std::string case_numbers_text(App& app, const std::vector<int64_t>& ids);
// [{id, number}] for links to the cases.
nlohmann::json case_links(App& app, const std::vector<int64_t>& ids);
// Case numbers typed by the user ("2024-0012, 2024-42") → ids as strings; kInvalid with
// message "link.case_number_unknown" naming nothing else when a number is not a case.
Result<std::vector<std::string>> resolve_case_numbers(App& app, const std::string& text);

// Adds the error's field messages to `errors` (renaming fields by `rename`); an error without
// fields goes to `fallback`.
void merge_errors(std::map<std::string, std::string>& errors, const Error& e, const std::string& fallback,
                  const std::map<std::string, std::string>& rename = {});
// The HTTP status a form page answers with for a failed save.
int status_for(const Error& e);
// "14. marts 2024 kl. 10.15" for a UTC ISO time (the text itself when it does not parse).
std::string danish_when(const std::string& utc);
// A query value for a link: everything but [A-Za-z0-9-_.:] percent-encoded, so a department
// name or signal key with "&", "#", "+" or spaces survives the link.
std::string query_value(const std::string& v);
// A file to download: 200 with the type and Content-Disposition: attachment.
HttpResponse download(std::string body, const std::string& type, const std::string& filename);

}  // namespace bb::web
