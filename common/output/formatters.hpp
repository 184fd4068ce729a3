// Search result formatters: text for people at a terminal; JSON, JSON Lines, ids, TSV and a
// count for scripts.
#pragma once

#include <array>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "search/searcher.hpp"

namespace newsdex::output {

// The "version" of the JSON output. Bumped when a field is removed or changes meaning (not when
// one is added).
inline constexpr int kJsonVersion = 1;

// The fields of a hit in JSON, JSON Lines and TSV output, in output order.
inline constexpr std::array<std::string_view, 12> kHitFields = {
    "rank",    "id",     "score",  "title",   "date",       "url",
    "section", "source", "author", "snippet", "highlights", "similar"};

// TSV columns unless --fields says otherwise.
inline constexpr std::array<std::string_view, 5> kDefaultTsvFields = {"rank", "id", "score", "date",
                                                                      "title"};

// Returns the fields named in `list` (comma-separated, from kHitFields), in kHitFields order
// and once each. Throws std::invalid_argument naming an unknown or missing field.
std::vector<std::string> parse_fields(std::string_view list);

// Writes `results` for a person: a header line (matches, time), a "Did you mean: ..." line
// when there is a suggestion, then per hit its rank and
// title, its date and id, the snippet and "+N similar" when collapsing hid N duplicates of it,
// then one line per entity type with its facets
// ("person: Donald Trump 2 · Vladimir Putin 2"). With `color`, titles and highlights are bold;
// without, no escape codes at all. Article text is stripped of control characters, so no
// escape sequence from an article reaches the terminal.
void write_text(const search::SearchResults& results, std::ostream& out, bool color);

// Writes `results` as one JSON object and a newline:
// {"version" (kJsonVersion), "query", "total", "total_exact", "collapsed", "seconds" (time to
// answer, database opening excluded), "hits": [{"rank", "id", "score", "title", "date", "url",
// "section", "source", "author", "snippet", "highlights": [[start, end], ...], "similar":
// [ids]}], "facets": {"person": [{"name", "count"}], "org": [...], "place": [...], "other":
// [...]}, "facets_count": "articles"}, where highlights are byte offsets into the snippet.
// Empty date, url, section, source and author are null; "facets" and "facets_count" are
// absent when facets were not counted. "suggestion" (the corrected query, "did you mean") is
// present only when there is one, and "related" (the id) only for --related. `fields` (from
// parse_fields; empty: all) picks the fields of each hit.
void write_json(const search::SearchResults& results, std::ostream& out,
                const std::vector<std::string>& fields = {});

// Writes each hit as a JSON object (the hit objects of write_json) on a line of its own.
void write_jsonl(const search::SearchResults& results, std::ostream& out,
                 const std::vector<std::string>& fields = {});

// Writes the id of each hit on a line of its own.
void write_ids(const search::SearchResults& results, std::ostream& out);

// Writes a header line of field names (when `header`), then a line per hit, fields separated by
// tabs: `fields` (empty: kDefaultTsvFields), list fields joined with ',' (highlights as
// start-end), missing values empty, and tabs, line breaks and control characters in values
// turned into spaces or dropped.
void write_tsv(const search::SearchResults& results, std::ostream& out,
               const std::vector<std::string>& fields = {}, bool header = true);

// Writes the number of results (SearchResults::total) and a newline.
void write_count(const search::SearchResults& results, std::ostream& out);

// Writes an entity listing for a person: a header line, then per type its entities with counts,
// one per line ("  2  Donald Trump").
void write_text(const search::EntityListing& listing, std::ostream& out);

// Writes an entity listing as one JSON object and a newline: {"query" (null for the whole
// corpus), "total", "entities": {"person": [{"name", "count"}], ...}}.
void write_json(const search::EntityListing& listing, std::ostream& out);

}  // namespace newsdex::output
