// The indexing run behind newsdex-index: read inputs, build documents, write, report.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

#include "corpus/json_parser.hpp"

namespace newsdex::index {

struct IndexOptions {
  std::string db;                   // empty: paths::database's default
  std::vector<std::string> inputs;  // files and directories
  // Articles per commit. 2000 rather than 10000: Xapian's buffered postings are ordered maps,
  // which stay in cache when small. With one writer (README, "Batches of one writer") 20,000
  // articles into a new database took 25.3 and 26.5 s at a peak of 101 MiB against 29.0 and
  // 31.3 s and 304 MiB, and into the 1M database 41.8 s and 270 MiB against 43.8 s and 397 MiB.
  std::size_t batch_size = 2000;
  // Threads: a new database is built in this many shards (index/shard_build.hpp); an existing
  // one, or a new one too small for shards, has its writer and this many less one threads
  // preparing articles (index/build_pool.hpp). 0: one per core.
  unsigned jobs = 0;
  std::size_t max_file_bytes = std::size_t{64} << 20;
  bool quiet = false;     // no summary line
  bool verbose = false;   // one line per article
  bool entities = true;   // extract entities (facets, entity filters)
  bool prune = false;     // delete articles of files under `inputs` that this run did not see
  bool dry_run = false;   // count what would change; write (or create) nothing
  bool progress = false;  // show a progress line on `err` once a run takes long (a terminal)
  bool wait = false;      // wait for the writer lock (index/writer_lock.hpp) instead of failing
  std::vector<std::string> delete_ids;  // article ids to delete
  corpus::FieldMap fields;              // --field mappings for JSON inputs
};

struct IndexSummary {
  std::size_t added = 0;
  std::size_t updated = 0;    // changed since last indexed, rebuilt and replaced
  std::size_t unchanged = 0;  // same content hash: skipped without extraction or building
  std::size_t deleted = 0;    // by --delete or --prune
  std::size_t rejected = 0;
  std::size_t warnings = 0;
  double seconds = 0;
  double extraction_seconds = 0;  // of `seconds`, spent in the entity extractor

  // Returns 0 when nothing was rejected, else 3 (the documented exit codes).
  int exit_code() const { return rejected > 0 ? 3 : 0; }
};

// Indexes `options.inputs` into the database incrementally: an article whose content hash
// (index/incremental.hpp) matches the stored one is skipped before extraction, a changed one is
// rebuilt and replaced, a new one added. Then deletes `delete_ids` (an id not found is a
// warning) and, with `prune`, the articles of files under `inputs` not seen in this run.
// Commits every `batch_size` writes and at the end, then rewrites the facet file. A database
// that does not exist yet is built in `jobs` shards at once (index/shard_build.hpp). With
// `dry_run` nothing is written: an existing database is opened read-only and a missing one is
// not created. An existing database is written by one writer, the articles extracted and built
// beside it by `jobs` - 1 threads (index/build_pool.hpp) and written in input order. Diagnostics
// (`file:line: warning|error: ...`) and the summary line go to `err`. A real run first takes the
// writer lock (WriterLock; waits with `wait`); `db` may be a stub database file naming one
// database, which is then written (facet file included) in its place. Returns the counts. Throws
// std::runtime_error or Xapian::Error on a fatal problem (the database is locked, stale
// (check_current), cannot be opened or written), BuildPool::Failure when a helper thread could
// not prepare an article; bad inputs are counted, not thrown.
IndexSummary run_index(const IndexOptions& options, std::ostream& err);

// Rewrites the facet file of the existing database `options.db` (through a stub) under the
// writer lock, reading no inputs: for a database that was compacted or copied, whose revision
// no longer matches its facet file. Says what it did on `err` unless `quiet`. Throws
// std::runtime_error when the database is missing, locked or stale, Xapian::Error on database
// errors.
void rewrite_facets(const IndexOptions& options, std::ostream& err);

// Reads `options.inputs` like run_index but touches no database: writes one JSON line per
// article to `out`, {"id", "entities": [{"type", "name", "mentions": [{"field": "title|body",
// "start", "end"}]}]}, with UTF-8 byte offsets into that field's text. Diagnostics go to `err`.
// Returns the counts (every article counts as added). Throws std::runtime_error when the
// extractor's data files cannot be loaded.
IndexSummary run_extract_only(const IndexOptions& options, std::ostream& out, std::ostream& err);

}  // namespace newsdex::index
