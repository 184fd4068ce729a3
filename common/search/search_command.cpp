// The search command: wiring of database, searcher and formatter.
#include "search/search_command.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <ostream>
#include <type_traits>
#include <utility>

#include "cli.hpp"
#include "corpus/date.hpp"
#include "index/index_writer.hpp"
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

// The database a run reads and its facet file. An indexer's commits can pull the revision a
// reader is on from under it (Xapian::DatabaseModifiedError), and a nightly rebuild can switch
// the stub and later remove the generation behind it; either way the work is done again on the
// database opened afresh, so a search never fails because the index changed.
class OpenIndex {
 public:
  // Opens the database at `path` (through a stub), with its facet file, and warns on `err` when
  // it is stale (index::stale_reason): it still answers. Throws like open_database.
  OpenIndex(std::filesystem::path path, std::ostream& err) : path_(std::move(path)) {
    const std::string reason = retry([this] { return index::stale_reason(db_); });
    if (!reason.empty()) {
      err << "newsdex-search: warning: database " << path_.string()
          << " was built by another newsdex (" << reason
          << "); answers may be incomplete until it is rebuilt\n";
    }
  }

  const Xapian::Database& db() const { return db_; }
  const entities::FacetFile* facet_file() const { return facet_file_.get(); }
  // The directory db() was opened from (a stub resolved).
  const std::filesystem::path& dir() const { return dir_; }

  // Returns body(), reopening the database and calling it again when the database changed
  // under it (opening included). Throws what body() or open_database throw when that is not
  // the cause or the database kept changing for kRetryFor.
  template <typename Body>
  std::invoke_result_t<Body&> retry(Body body) {
    const auto give_up = std::chrono::steady_clock::now() + kRetryFor;
    for (;;) {
      try {
        if (reopen_) open();
        return body();
      } catch (const Xapian::DatabaseModifiedError&) {
        if (std::chrono::steady_clock::now() > give_up) throw;
      } catch (const Xapian::DatabaseError&) {
        // A block reused by a commit can also read as corrupt; that counts only when the
        // database did change since it was opened, else the error is real.
        if (std::chrono::steady_clock::now() > give_up || !changed()) throw;
      }
      reopen_ = true;
    }
  }

 private:
  // Glass keeps one revision besides the newest, so a reader survives one commit but not two;
  // an indexer committing tiny batches can take several tries away, never half a minute.
  static constexpr std::chrono::seconds kRetryFor{30};

  void open() {
    // Resolved once per opening, so the database and its facet file are the same generation.
    dir_ = paths::resolve_stub(path_);
    db_ = open_database(dir_);
    // Opened without facets too: it also numbers the duplicate groups that totals count.
    facet_file_ = entities::FacetFile::open(db_, dir_);
    try {
      revision_ = db_.get_revision();
    } catch (const Xapian::InvalidOperationError&) {
      revision_ = 0;  // a stub naming several databases has no one revision
    }
    reopen_ = false;
  }

  // Returns whether the stub now names another database or the database has committed since
  // it was opened. A database that the stub still names and that does not open again has not
  // changed, as far as can be told: its error is real (damaged or unreadable), and taking it
  // for a change had a search retry it for kRetryFor on a full core before saying so. Never
  // throws Xapian errors.
  bool changed() const {
    const std::filesystem::path dir = paths::resolve_stub(path_);
    if (dir != dir_) return true;
    try {
      return Xapian::Database(dir.string()).get_revision() != revision_;
    } catch (const Xapian::DatabaseModifiedError&) {
      return true;  // commits kept coming while it opened
    } catch (const Xapian::Error&) {
      return false;
    }
  }

  std::filesystem::path path_;
  std::filesystem::path dir_;
  Xapian::Database db_;
  std::unique_ptr<entities::FacetFile> facet_file_;
  Xapian::rev revision_ = 0;  // the revision opened
  bool reopen_ = true;        // not open yet, or changed under the last attempt
};

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

int run_search(const SearchOptions& options, std::ostream& out, std::ostream& err) {
  const std::string query = join(options.words);
  if (options.list_entities) {
    if (options.format != OutputFormat::kText && options.format != OutputFormat::kJson) {
      throw cli::UsageError("--entities prints text or json");
    }
    const std::vector<entities::EntityType> types = parse_types(options.types);
    OpenIndex index(paths::database(options.db), err);
    const EntityListing listing = index.retry([&] {
      return list_entities(index.db(), query, types, options.entity_limit, index.facet_file());
    });
    if (options.format == OutputFormat::kJson) {
      output::write_json(listing, out);
    } else {
      output::write_text(listing, out);
    }
    finish(out);
    return cli::kExitSuccess;
  }
  const bool blank = query.find_first_not_of(" \t\r\n") == std::string::npos;
  if (!options.related.empty()) {
    if (!blank) throw cli::UsageError("--related takes no query words");
    if (!options.batch.empty()) throw cli::UsageError("--related and --batch do not go together");
  } else if (options.batch.empty() && blank) {
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
  request.spelling = options.spelling;
  request.related = options.related;
  // Usage errors before the database: a bad option says so even where there is none.
  const std::vector<std::string> fields = apply_script_options(options, request);
  const Synonyms synonyms = Synonyms::load(paths::user_synonyms());
  request.synonyms = &synonyms;
  OpenIndex index(paths::database(options.db), err);
  const bool color = use_color(options.color);
  bool header = true;  // TSV: one header line, also in a batch
  auto answer = [&](const std::string& text) {
    request.query = text;
    const SearchResults results = index.retry([&] {
      request.facet_file = index.facet_file();
      request.database = index.dir();
      return search(index.db(), request);
    });
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
