// newsdex-search: wires command-line options to search::run_search.
#include <iostream>
#include <map>

#include "cli.hpp"
#include "paths.hpp"
#include "search/search_command.hpp"

int main(int argc, char** argv) {
  using newsdex::search::ColorMode;
  using newsdex::search::OutputFormat;
  CLI::App app{
      "Search a newsdex database of news articles. The query takes Xapian's syntax:\n"
      "\"phrases\", AND, OR, NOT, +word, -word, title:word, prefix*.",
      "newsdex-search"};
  newsdex::search::SearchOptions options;
  app.add_option("query", options.words,
                 "Query words (with --entities: optional, the articles to count over)");
  app.add_option("--db", options.db,
                 "Database path (default: $NEWSDEX_DB, else $XDG_DATA_HOME/newsdex/db, else "
                 "~/.local/share/newsdex/db)");
  app.add_option("-n,--limit", options.limit, "Hits to show")->capture_default_str();
  app.add_option("--offset", options.offset, "Hits to skip (for paging)")->capture_default_str();
  app.add_option("--snippet-length", options.snippet_bytes, "Longest snippet, in bytes")
      ->capture_default_str()
      ->check(CLI::Range(20, 100000));
  const std::map<std::string, OutputFormat> formats{{"text", OutputFormat::kText},
                                                    {"json", OutputFormat::kJson}};
  app.add_option("--format", options.format, "Output format: text or json")
      ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case))
      ->option_text("text|json");
  const std::map<std::string, ColorMode> colors{
      {"auto", ColorMode::kAuto}, {"always", ColorMode::kAlways}, {"never", ColorMode::kNever}};
  app.add_option("--color", options.color,
                 "Bold titles and matches: auto (a terminal without NO_COLOR), always, never")
      ->transform(CLI::CheckedTransformer(colors, CLI::ignore_case))
      ->option_text("auto|always|never");
  app.add_flag_callback(
      "--no-facets", [&options] { options.facets = false; },
      "Do not count the entities of the matching articles");
  app.add_option("--facet-limit", options.facet_limit, "Entities shown per type under the hits")
      ->capture_default_str();
  app.add_flag("--entities", options.list_entities,
               "List the most mentioned entities of the corpus, or of the query's matches");
  app.add_option("--type", options.types,
                 "With --entities: only these types (person, org, "
                 "place, other); repeatable")
      ->type_name("TYPE");
  app.add_option("--entity-limit", options.entity_limit, "With --entities: entities per type")
      ->capture_default_str();
  app.add_option("--batch", options.batch,
                 "Run each line of FILE ('-': standard input) as a query against one open "
                 "database; with --format json, one JSON line per query")
      ->type_name("FILE");
  app.set_version_flag("--version", "newsdex-search " + newsdex::paths::version());
  app.footer(newsdex::cli::kExitStatusHelp);
  return newsdex::cli::run(app, argc, argv,
                           [&] { return newsdex::search::run_search(options, std::cout); });
}
