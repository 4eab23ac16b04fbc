#pragma once
// Plan → a Markdown comment for a pull request (GitHub / GitLab flavour):
// counts by safety class, blocked and skipped steps called out, data
// problems, one row per table, a Mermaid diagram of the tables it touches,
// the SQL folded in <details>. Pure. Holds
// nothing that differs between runs of the same plan (no URL, no timings),
// so the comment can be compared and updated in place.
#include <string>

#include "plan/format.hpp"

namespace schemactl {

std::string format_markdown(const Plan& plan, const FormatOptions& opts);

// Text made safe for a Markdown paragraph or table cell: punctuation that
// Markdown or inline HTML would act on is backslash-escaped, newlines
// become <br>.
std::string markdown_text(const std::string& s);

}  // namespace schemactl
