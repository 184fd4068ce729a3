// Search result formatters: text for people at a terminal, JSON for scripts.
#pragma once

#include <iosfwd>

#include "search/searcher.hpp"

namespace newsdex::output {

// Writes `results` for a person: a header line (matches, time), a "Did you mean: ..." line
// when there is a suggestion, then per hit its rank and
// title, its date and id, and the snippet, then one line per entity type with its facets
// ("person: Donald Trump 2 · Vladimir Putin 2"). With `color`, titles and highlights are bold;
// without, no escape codes at all. Article text is stripped of control characters, so no
// escape sequence from an article reaches the terminal.
void write_text(const search::SearchResults& results, std::ostream& out, bool color);

// Writes `results` as one JSON object and a newline:
// {"query", "total", "total_exact", "seconds" (time to answer, database opening excluded), "hits":
// [{"rank", "id", "score", "title", "date", "url", "snippet", "highlights": [[start, end], ...]}],
// "facets": {"person": [{"name", "count"}], "org": [...], "place": [...], "other": [...]}}, where
// highlights are byte offsets into the snippet. Empty date and url are null; "facets" is absent
// when facets were not counted. "suggestion" (the corrected query, "did you mean") is present
// only when there is one, and "related" (the id) only for --related.
void write_json(const search::SearchResults& results, std::ostream& out);

// Writes an entity listing for a person: a header line, then per type its entities with counts,
// one per line ("  2  Donald Trump").
void write_text(const search::EntityListing& listing, std::ostream& out);

// Writes an entity listing as one JSON object and a newline: {"query" (null for the whole
// corpus), "total", "entities": {"person": [{"name", "count"}], ...}}.
void write_json(const search::EntityListing& listing, std::ostream& out);

}  // namespace newsdex::output
