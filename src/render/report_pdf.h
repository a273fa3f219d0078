// The annual report (årsberetning) as a PDF for the city council: A4 portrait, a cover, a
// table of contents with page numbers (clickable, and as the PDF outline), the advisor's
// foreword, one section per figure (vector bar chart, then a table of the current and the
// previous year and the change), the systemic work, the case stories, and "Side N af M" in the
// footer of every page after the cover. Text is set with pango (DejaVu Sans, embedded), so
// Danish letters and long texts wrap and flow across pages. The PDF is tagged (headings,
// paragraphs, tables with header cells, figures) so screen readers get the reading order, and
// every chart is followed by a table of its numbers. Pages are laid out twice: the first pass
// finds the page of every section, the second draws the contents and "af M" with them.
//
// The Report is rendered as given: pass published(r) for anything that leaves the office;
// suppressed counts print as "< 5" and their percentages are withheld. Fixed headings come
// from the "report_render" object of the message catalogue; labels and table titles are
// already in the Report.
//
// Output size depends on the number of table rows and texts, not on the number of cases.
// Thread-safe (no shared state); throws std::runtime_error if cairo fails.
#pragma once

#include <string>

#include "domain/report.h"
#include "render/renderer.h"

namespace bb::render {

// The PDF file's bytes.
std::string report_pdf(const Report& r, const Messages& m);

}  // namespace bb::render
