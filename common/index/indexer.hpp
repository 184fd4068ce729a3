// The indexing run behind newsdex-index: read inputs, build documents, write, report.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

namespace newsdex::index {

struct IndexOptions {
  std::string db;                   // empty: paths::database's default
  std::vector<std::string> inputs;  // files and directories
  std::size_t batch_size = 10000;   // articles per commit
  std::size_t max_file_bytes = std::size_t{64} << 20;
  bool quiet = false;    // no summary line
  bool verbose = false;  // one line per article
  bool entities = true;  // extract entities (facets, entity filters)
};

struct IndexSummary {
  std::size_t added = 0;
  std::size_t replaced = 0;
  std::size_t rejected = 0;
  std::size_t warnings = 0;
  double seconds = 0;
  double extraction_seconds = 0;  // of `seconds`, spent in the entity extractor

  // Returns 0 when nothing was rejected, else 3 (the documented exit codes).
  int exit_code() const { return rejected > 0 ? 3 : 0; }
};

// Indexes `options.inputs` into the database, committing every `batch_size` articles and at
// the end. Diagnostics (`file:line: warning|error: ...`) and the summary line go to `err`.
// Returns the counts. Throws std::runtime_error or Xapian::Error on a fatal problem (the
// database cannot be opened or written); bad inputs are counted, not thrown.
IndexSummary run_index(const IndexOptions& options, std::ostream& err);

// Reads `options.inputs` like run_index but touches no database: writes one JSON line per
// article to `out`, {"id", "entities": [{"type", "name", "mentions": [{"field": "title|body",
// "start", "end"}]}]}, with UTF-8 byte offsets into that field's text. Diagnostics go to `err`.
// Returns the counts (every article counts as added). Throws std::runtime_error when the
// extractor's data files cannot be loaded.
IndexSummary run_extract_only(const IndexOptions& options, std::ostream& out, std::ostream& err);

}  // namespace newsdex::index
