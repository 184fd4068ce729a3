// The search run behind newsdex-search: open, search, format.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "search/searcher.hpp"

namespace newsdex::search {

enum class OutputFormat { kText, kJson, kJsonl, kIds, kTsv };
enum class ColorMode { kAuto, kAlways, kNever };

struct SearchOptions {
  std::string db;                  // empty: paths::database's default
  std::vector<std::string> words;  // the query, joined with spaces
  std::size_t limit = 10;
  std::size_t offset = 0;
  std::size_t snippet_bytes = 240;
  OutputFormat format = OutputFormat::kText;
  ColorMode color = ColorMode::kAuto;
  bool facets = true;
  std::size_t facet_limit = 10;
  bool list_entities = false;      // --entities: top entities instead of hits
  std::vector<std::string> types;  // --type: entity types to list (person, org, place, other)
  std::size_t entity_limit = 20;   // entities listed per type
  std::string batch;               // --batch FILE ("-": stdin): one query per line
  RankingOptions ranking;          // --bm25 k1,b and --no-feedback
  bool spelling = true;            // --no-spelling: no "did you mean"
  std::string related;             // --related ID: articles like this one instead of a query
  // Dates, duplicates and output for scripts.
  std::string since;  // --since: ISO date or relative form (search/dates.hpp)
  std::string until;  // --until
  SortOrder sort = SortOrder::kRelevance;
  std::string recent;    // --recent HALF_LIFE, e.g. "30d"; empty: off
  bool collapse = true;  // --no-collapse turns it off
  bool count = false;    // --count: print only the number of results
  std::string fields;    // --fields: comma-separated hit fields; empty: all
  std::string today;     // --today YYYY-MM-DD: "now" for relative dates and ages
};

// Returns whether text output should be bold: kAuto means stdout is a terminal and NO_COLOR
// is unset or empty.
bool use_color(ColorMode mode);

// Runs one search (or, with list_entities, one entity listing; or, with batch, one search per
// line of the batch file against one open database, results one after another) and writes its
// results to `out` in the chosen format. A stale database (index::stale_reason) still answers,
// with a warning on `err`; a search the database changed under (an indexer committing, a
// nightly switch) is run again on the database reopened. The user's synonym file
// (paths::user_synonyms) applies to every query. Returns the exit code (0, also when nothing
// matched). Throws cli::UsageError for a missing query, an unknown type or --related with
// query words, std::runtime_error or Xapian::Error on fatal problems (no database, I/O, a bad
// synonym file, an unknown --related id).
int run_search(const SearchOptions& options, std::ostream& out, std::ostream& err);

}  // namespace newsdex::search
