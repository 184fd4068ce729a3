// newsdex-index: wires command-line options to index::run_index.
#include <unistd.h>

#include <iostream>
#include <stdexcept>
#include <string>

#include "cli.hpp"
#include "index/indexer.hpp"
#include "index/shard_build.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "Index news articles (.txt, .md, .html, .htm, .json, .jsonl, .rss, .atom and feed .xml "
      "files and directories) into a newsdex database.",
      "newsdex-index"};
  newsdex::index::IndexOptions options;
  app.add_option("inputs", options.inputs,
                 "Files and directories to index (walked recursively); an unchanged article "
                 "is skipped");
  newsdex::cli::add_common_options(app, options.db);
  app.add_option("--batch-size", options.batch_size,
                 "Articles per commit (building a new database, each shard commits at most "
                 "every " +
                     std::to_string(newsdex::index::kMaxShardBatch) + ")")
      ->capture_default_str()
      ->check(newsdex::cli::at_least_one());
  app.add_option("-j,--jobs", options.jobs,
                 "Threads (0: one per core): shards of a new database, or into an existing "
                 "one the writer and jobs-1 threads preparing its articles")
      ->capture_default_str();
  app.add_option("--max-file-size", options.max_file_bytes,
                 "Largest input file (for .jsonl: line) read, in bytes; larger ones are skipped")
      ->capture_default_str()
      ->check(newsdex::cli::at_least_one());
  std::vector<std::string> field_mappings;
  app.add_option("--field", field_mappings,
                 "Read article field NAME (id, title, body, date, url, section, source, author) "
                 "from the JSON key SOURCE (a dotted path reaches into objects), before the "
                 "usual names; repeatable")
      ->type_name("NAME=SOURCE")
      ->allow_extra_args(false)
      ->check([](const std::string& value) {
        try {
          newsdex::corpus::parse_field_mapping(value);
          return std::string();
        } catch (const std::invalid_argument& error) {
          return std::string(error.what());
        }
      });
  auto* quiet = app.add_flag("-q,--quiet", options.quiet, "No summary line");
  app.add_flag("-v,--verbose", options.verbose, "Report every article")->excludes(quiet);
  app.add_flag_callback(
      "--no-entities", [&options] { options.entities = false; },
      "Skip entity extraction (no facets or entity filters for these articles)");
  app.add_flag("--prune", options.prune,
               "Delete the articles of files under the inputs that this run did not see "
               "(deleted files, lines gone from a .jsonl file)");
  app.add_option("--delete", options.delete_ids,
                 "Delete the articles with these ids (an id not found is a warning)");
  app.add_flag("-n,--dry-run", options.dry_run,
               "Report what would change; write nothing (not even a new database)");
  app.add_flag("--wait", options.wait,
               "When another indexer or a nightly rebuild holds the database, wait for it "
               "instead of failing");
  bool facets_only = false;
  app.add_flag("--rewrite-facets", facets_only,
               "Only rewrite the database's facet file (after xapian-compact or a copy); no "
               "inputs");
  bool extract_only = false;
  app.add_flag("--extract-only", extract_only,
               "Touch no database: print each article's entities as one JSON line");
  std::string format = "json";
  app.add_option("--format", format, "Output format of --extract-only")
      ->check(CLI::IsMember({"json"}))
      ->capture_default_str();
  return newsdex::cli::run(app, argc, argv, [&] {
    if (facets_only) {
      if (!options.inputs.empty() || !options.delete_ids.empty() || extract_only) {
        throw newsdex::cli::UsageError("--rewrite-facets takes no inputs and no other action");
      }
      newsdex::index::rewrite_facets(options, std::cerr);
      return 0;
    }
    if (options.inputs.empty() && (extract_only || options.delete_ids.empty())) {
      throw newsdex::cli::UsageError("no inputs given (and nothing to --delete)");
    }
    for (const std::string& mapping : field_mappings) {
      options.fields.push_back(newsdex::corpus::parse_field_mapping(mapping));
    }
    options.progress = isatty(STDERR_FILENO) != 0;
    if (extract_only) {
      return newsdex::index::run_extract_only(options, std::cout, std::cerr).exit_code();
    }
    return newsdex::index::run_index(options, std::cerr).exit_code();
  });
}
