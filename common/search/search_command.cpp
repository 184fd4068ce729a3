// The search command: wiring of database, searcher and formatter.
#include "search/search_command.hpp"

#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <ostream>

#include "cli.hpp"
#include "corpus/date.hpp"
#include "output/formatters.hpp"
#include "paths.hpp"
#include "search/dates.hpp"
#include "search/searcher.hpp"

namespace newsdex::search {

bool use_color(ColorMode mode) {
  if (mode != ColorMode::kAuto) return mode == ColorMode::kAlways;
  const char* no_color = std::getenv("NO_COLOR");
  return (no_color == nullptr || *no_color == '\0') && isatty(STDOUT_FILENO) == 1;
}

namespace {

std::string join(const std::vector<std::string>& words) {
  std::string joined;
  for (const std::string& word : words) {
    if (!joined.empty()) joined.push_back(' ');
    joined += word;
  }
  return joined;
}

std::vector<entities::EntityType> parse_types(const std::vector<std::string>& names) {
  std::vector<entities::EntityType> types;
  for (const std::string& name : names) {
    const auto type = entities::parse_type(name);
    if (!type) {
      throw cli::UsageError("unknown entity type '" + name + "' (person, org, place, other)");
    }
    types.push_back(*type);
  }
  return types;
}

// Applies the date, order, duplicate and output options to `request`; returns the --fields
// list. Throws cli::UsageError for malformed values and combinations that mean nothing.
std::vector<std::string> apply_script_options(const SearchOptions& options,
                                              SearchRequest& request) {
  request.now = std::time(nullptr);
  if (!options.today.empty()) {
    const auto today = corpus::parse_iso8601(options.today);
    if (!today || options.today.size() != 10) throw cli::UsageError("--today takes YYYY-MM-DD");
    request.now = today->epoch_seconds;
  }
  const std::string today = day_of(request.now);
  try {
    if (!options.since.empty()) request.first_day = parse_day(options.since, Bound::kFirst, today);
    if (!options.until.empty()) request.last_day = parse_day(options.until, Bound::kLast, today);
  } catch (const std::invalid_argument& error) {
    throw cli::UsageError(std::string("--since/--until: ") + error.what());
  }
  request.sort = options.sort;
  if (!options.recent.empty()) {
    if (options.sort != SortOrder::kRelevance) {
      throw cli::UsageError(
          "--recent blends recency into relevance; it cannot go with --sort date");
    }
    try {
      request.recent_half_life = parse_half_life(options.recent);
    } catch (const std::invalid_argument& error) {
      throw cli::UsageError(std::string("--recent: ") + error.what());
    }
  }
  request.collapse = options.collapse;
  if (options.count) {
    request.exact_total = true;
    request.limit = 0;
    request.facets = false;
  }
  if (options.fields.empty()) return {};
  if (options.format == OutputFormat::kText || options.format == OutputFormat::kIds) {
    throw cli::UsageError("--fields goes with --format json, jsonl or tsv");
  }
  try {
    return output::parse_fields(options.fields);
  } catch (const std::invalid_argument& error) {
    throw cli::UsageError(std::string("--fields: ") + error.what());
  }
}

void finish(std::ostream& out) {
  out.flush();
  if (!out) throw std::runtime_error("cannot write the results to standard output");
}

}  // namespace

int run_search(const SearchOptions& options, std::ostream& out) {
  const std::string query = join(options.words);
  if (options.list_entities) {
    if (options.format != OutputFormat::kText && options.format != OutputFormat::kJson) {
      throw cli::UsageError("--entities prints text or json");
    }
    const std::vector<entities::EntityType> types = parse_types(options.types);
    const std::filesystem::path path = paths::database(options.db);
    const Xapian::Database db = open_database(path);
    const auto facet_file = entities::FacetFile::open(db, path);
    const EntityListing listing =
        list_entities(db, query, types, options.entity_limit, facet_file.get());
    if (options.format == OutputFormat::kJson) {
      output::write_json(listing, out);
    } else {
      output::write_text(listing, out);
    }
    finish(out);
    return cli::kExitSuccess;
  }
  const bool blank = query.find_first_not_of(" \t\r\n") == std::string::npos;
  if (options.batch.empty() && blank) {
    throw cli::UsageError("no query given (or use --entities to list entities)");
  }
  if (!options.batch.empty() && !blank) throw cli::UsageError("--batch takes no query words");
  if (!options.types.empty()) throw cli::UsageError("--type goes with --entities");
  std::ifstream batch_file;
  if (!options.batch.empty() && options.batch != "-") {
    batch_file.open(options.batch);
    if (!batch_file) throw std::runtime_error("cannot open batch file " + options.batch);
  }
  std::istream& batch = options.batch == "-" ? std::cin : batch_file;

  SearchRequest request;
  request.limit = options.limit;
  request.offset = options.offset;
  request.snippet_bytes = options.snippet_bytes;
  request.facets = options.facets;
  request.facet_limit = options.facet_limit;
  request.ranking = options.ranking;
  // Usage errors before the database: a bad option says so even where there is none.
  const std::vector<std::string> fields = apply_script_options(options, request);
  const std::filesystem::path path = paths::database(options.db);
  const Xapian::Database db = open_database(path);
  const auto facet_file = request.facets ? entities::FacetFile::open(db, path) : nullptr;
  request.facet_file = facet_file.get();
  const bool color = use_color(options.color);
  bool header = true;  // TSV: one header line, also in a batch
  auto answer = [&](const std::string& text) {
    request.query = text;
    const SearchResults results = search(db, request);
    if (options.count) {
      output::write_count(results, out);
      return;
    }
    switch (options.format) {
      case OutputFormat::kJson:
        output::write_json(results, out, fields);
        break;
      case OutputFormat::kJsonl:
        output::write_jsonl(results, out, fields);
        break;
      case OutputFormat::kIds:
        output::write_ids(results, out);
        break;
      case OutputFormat::kTsv:
        output::write_tsv(results, out, fields, header);
        header = false;
        break;
      case OutputFormat::kText:
        output::write_text(results, out, color);
        break;
    }
  };
  if (options.batch.empty()) {
    answer(query);
  } else {
    bool first = true;
    for (std::string line; std::getline(batch, line);) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      if (!first && options.format == OutputFormat::kText && !options.count) out << '\n';
      first = false;
      answer(line);
    }
    if (batch.bad()) throw std::runtime_error("cannot read batch file " + options.batch);
  }
  finish(out);
  return cli::kExitSuccess;
}

}  // namespace newsdex::search
