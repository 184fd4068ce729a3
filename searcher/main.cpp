// newsdex-search: wires command-line options to search::run_search.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>

#include "cli.hpp"
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
  newsdex::cli::add_common_options(app, options.db);
  // Defaults for --help by std::to_string: CLI11's capture_default_str formats them through a
  // std::stringstream, about 3,400 instructions an option in every search.
  app.add_option("-n,--limit", options.limit, "Hits to show")
      ->default_str(std::to_string(options.limit));
  app.add_option("--offset", options.offset, "Hits to skip (for paging)")
      ->default_str(std::to_string(options.offset));
  app.add_option("--snippet-length", options.snippet_bytes, "Longest snippet, in bytes")
      ->default_str(std::to_string(options.snippet_bytes))
      ->check(CLI::Range(20, 100000));
  const std::map<std::string, OutputFormat> formats{{"text", OutputFormat::kText},
                                                    {"json", OutputFormat::kJson},
                                                    {"jsonl", OutputFormat::kJsonl},
                                                    {"ids", OutputFormat::kIds},
                                                    {"tsv", OutputFormat::kTsv}};
  app.add_option("--format", options.format,
                 "Output format: text; json (one object, see README); jsonl (one hit per line); "
                 "ids (one id per line); tsv (a header line, then a hit per line)")
      ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case))
      ->option_text("text|json|jsonl|ids|tsv");
  const std::map<std::string, ColorMode> colors{
      {"auto", ColorMode::kAuto}, {"always", ColorMode::kAlways}, {"never", ColorMode::kNever}};
  app.add_option("--color", options.color,
                 "Bold titles and matches: auto (a terminal without NO_COLOR), always, never")
      ->transform(CLI::CheckedTransformer(colors, CLI::ignore_case))
      ->option_text("auto|always|never");
  app.add_flag_callback(
      "--no-facets", [&options] { options.facets = false; },
      "Do not count the entities of the matching articles");
  app.add_option("--facet-limit", options.facet_limit,
                 "Entities shown per type under the hits (counts are of articles, duplicates "
                 "hidden by collapsing included)")
      ->default_str(std::to_string(options.facet_limit));
  app.add_option_function<std::string>(
      "--bm25",
      [&options](const std::string& k1_b) {
        // One "k1,b" argument: a two-value option would also swallow the query's first word.
        double k1 = -1, b = -1;
        const char* end = k1_b.data() + k1_b.size();
        const auto [comma, k1_error] = std::from_chars(k1_b.data(), end, k1);
        if (k1_error == std::errc() && comma != end && *comma == ',') {
          const auto [last, b_error] = std::from_chars(comma + 1, end, b);
          if (b_error != std::errc() || last != end) b = -1;
        }
        if (!std::isfinite(k1) || k1 < 0 || !(b >= 0 && b <= 1)) {
          throw CLI::ValidationError("--bm25", "takes k1,b with k1 >= 0 and 0 <= b <= 1");
        }
        options.ranking.bm25_k1 = k1;
        options.ranking.bm25_b = b;
      },
      "BM25 parameters k1,b (default 1.2,0.75)");
  app.add_flag("--no-feedback{false}", options.ranking.feedback,
               "Do not expand long queries with words of their best matches");
  app.add_flag("--entities", options.list_entities,
               "List the most mentioned entities of the corpus, or of the query's matches");
  app.add_option("--type", options.types,
                 "With --entities: only these types (person, org, "
                 "place, other); repeatable")
      ->type_name("TYPE");
  app.add_option("--entity-limit", options.entity_limit, "With --entities: entities per type")
      ->default_str(std::to_string(options.entity_limit));
  app.add_flag_callback(
      "--no-spelling", [&options] { options.spelling = false; },
      "Never suggest a spelling (\"did you mean\") for queries that find few articles");
  app.add_option("--related", options.related,
                 "List the articles most like the one with this id (its words and entities), "
                 "instead of a query")
      ->type_name("ID");
  app.add_option("--batch", options.batch,
                 "Run each line of FILE ('-': standard input) as a query against one open "
                 "database; with --format json, one JSON line per query")
      ->type_name("FILE");
  // Dates, duplicates and output for scripts.
  app.add_option("--since", options.since,
                 "Only articles dated on or after DATE: YYYY-MM-DD, YYYY-MM, YYYY, or Nd, Nw, "
                 "Nm, Ny (days, weeks, months, years before today, UTC); undated articles never "
                 "pass")
      ->type_name("DATE");
  app.add_option("--until", options.until,
                 "Only articles dated on or before DATE (forms as --since; YYYY-MM and YYYY "
                 "mean their last day)")
      ->type_name("DATE");
  const std::map<std::string, newsdex::search::SortOrder> sorts{
      {"relevance", newsdex::search::SortOrder::kRelevance},
      {"date", newsdex::search::SortOrder::kDate},
      {"-date", newsdex::search::SortOrder::kDateNewest}};
  app.add_option("--sort", options.sort,
                 "Order: relevance; date (oldest first); -date (newest first). Undated "
                 "articles come last in both date orders")
      ->transform(CLI::CheckedTransformer(sorts, CLI::ignore_case))
      ->option_text("relevance|date|-date");
  app.add_option("--recent", options.recent,
                 "Blend relevance with recency: each match gains top * 2^(-age/HALF_LIFE), top "
                 "being the best match's score (e.g. 30d, 2w, 1m, 1y; undated articles gain "
                 "nothing)")
      ->type_name("HALF_LIFE");
  app.add_option("--today", options.today,
                 "Take YYYY-MM-DD (midnight UTC) as now, for relative dates and --recent")
      ->type_name("DATE");
  app.add_flag("--no-collapse{false}", options.collapse,
               "Show every near-duplicate (copies, corrections) instead of the best of each "
               "group with '+N similar'. Totals count groups when collapsing, articles when "
               "not; facet counts always count articles");
  app.add_flag("--count", options.count,
               "Print only the number of results (duplicate groups unless --no-collapse)");
  app.add_option("--fields", options.fields,
                 "Hit fields for json, jsonl and tsv, comma-separated: rank, id, score, title, "
                 "date, url, section, source, author, snippet, highlights, similar")
      ->type_name("LIST");
  const int code = newsdex::cli::run(
      app, argc, argv, [&] { return newsdex::search::run_search(options, std::cout, std::cerr); });
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  return code;  // the sanitizers check for leaks and races at exit
#else
  // Everything is written and the database closed; the rest of a normal exit (the options' and
  // libraries' destructors, freeing what the kernel frees anyway) cost a command about 0.05 ms.
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  std::_Exit(code);
#endif
}
