// The search command: wiring of database, searcher and formatter.
#include "search/search_command.hpp"

#include <unistd.h>

#include <cstdlib>
#include <ostream>

#include "cli.hpp"
#include "output/formatters.hpp"
#include "paths.hpp"
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

void finish(std::ostream& out) {
  out.flush();
  if (!out) throw std::runtime_error("cannot write the results to standard output");
}

}  // namespace

int run_search(const SearchOptions& options, std::ostream& out) {
  const std::string query = join(options.words);
  if (options.list_entities) {
    const std::vector<entities::EntityType> types = parse_types(options.types);
    const Xapian::Database db = open_database(paths::database(options.db));
    const EntityListing listing = list_entities(db, query, types, options.entity_limit);
    if (options.format == OutputFormat::kJson) {
      output::write_json(listing, out);
    } else {
      output::write_text(listing, out);
    }
    finish(out);
    return cli::kExitSuccess;
  }
  if (query.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw cli::UsageError("no query given (or use --entities to list entities)");
  }
  if (!options.types.empty()) throw cli::UsageError("--type goes with --entities");
  const Xapian::Database db = open_database(paths::database(options.db));
  SearchRequest request;
  request.query = query;
  request.limit = options.limit;
  request.offset = options.offset;
  request.snippet_bytes = options.snippet_bytes;
  request.facets = options.facets;
  request.facet_limit = options.facet_limit;
  request.ranking = options.ranking;
  const SearchResults results = search(db, request);
  if (options.format == OutputFormat::kJson) {
    output::write_json(results, out);
  } else {
    output::write_text(results, out, use_color(options.color));
  }
  finish(out);
  return cli::kExitSuccess;
}

}  // namespace newsdex::search
