// newsdex-index: wires command-line options to index::run_index.
#include <iostream>

#include "cli.hpp"
#include "index/indexer.hpp"
#include "paths.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "Index news articles (.txt, .md, .jsonl files and directories) into a newsdex "
      "database.",
      "newsdex-index"};
  newsdex::index::IndexOptions options;
  app.add_option("inputs", options.inputs, "Files and directories to index (walked recursively)")
      ->required();
  app.add_option("--db", options.db,
                 "Database path (default: $NEWSDEX_DB, else $XDG_DATA_HOME/newsdex/db, else "
                 "~/.local/share/newsdex/db)");
  app.add_option("--batch-size", options.batch_size, "Articles per commit")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--max-file-size", options.max_file_bytes,
                 "Largest text file (or JSON line) accepted, in bytes")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  auto* quiet = app.add_flag("-q,--quiet", options.quiet, "No summary line");
  app.add_flag("-v,--verbose", options.verbose, "Report every article")->excludes(quiet);
  app.add_flag_callback(
      "--no-entities", [&options] { options.entities = false; },
      "Skip entity extraction (no facets or entity filters for these articles)");
  bool extract_only = false;
  app.add_flag("--extract-only", extract_only,
               "Touch no database: print each article's entities as one JSON line");
  std::string format = "json";
  app.add_option("--format", format, "Output format of --extract-only")
      ->check(CLI::IsMember({"json"}))
      ->capture_default_str();
  app.set_version_flag("--version", "newsdex-index " + newsdex::paths::version());
  app.footer(newsdex::cli::kExitStatusHelp);
  return newsdex::cli::run(app, argc, argv, [&] {
    if (extract_only) {
      return newsdex::index::run_extract_only(options, std::cout, std::cerr).exit_code();
    }
    return newsdex::index::run_index(options, std::cerr).exit_code();
  });
}
