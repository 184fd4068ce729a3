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

int run_search(const SearchOptions& options, std::ostream& out) {
  const Xapian::Database db = open_database(paths::database(options.db));
  SearchRequest request;
  for (const std::string& word : options.words) {
    if (!request.query.empty()) request.query.push_back(' ');
    request.query += word;
  }
  request.limit = options.limit;
  request.offset = options.offset;
  request.snippet_bytes = options.snippet_bytes;
  const SearchResults results = search(db, request);
  if (options.format == OutputFormat::kJson) {
    output::write_json(results, out);
  } else {
    output::write_text(results, out, use_color(options.color));
  }
  out.flush();
  if (!out) throw std::runtime_error("cannot write the results to standard output");
  return cli::kExitSuccess;
}

}  // namespace newsdex::search
