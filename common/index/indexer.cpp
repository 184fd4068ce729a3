// The indexing run: the pipeline reader -> builder -> writer with reporting.
#include "index/indexer.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "corpus/reader.hpp"
#include "entities/extractor.hpp"
#include "entities/facet_file.hpp"
#include "index/build_pool.hpp"
#include "index/document_builder.hpp"
#include "index/duplicates.hpp"
#include "index/incremental.hpp"
#include "index/index_writer.hpp"
#include "index/shard_build.hpp"
#include "index/write_article.hpp"
#include "index/writer_lock.hpp"
#include "paths.hpp"
#include "schema.hpp"
#include "text/normalize.hpp"

namespace newsdex::index {
namespace {

std::string format_seconds(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", seconds);
  return buffer;
}

// Prints a result's diagnostics; returns true when it holds an article to index.
bool report(const corpus::ParseResult& result, IndexSummary& summary, std::ostream& err) {
  for (const corpus::Diagnostic& diagnostic : result.diagnostics) {
    err << diagnostic.format() << '\n';
    if (diagnostic.severity == corpus::Severity::kWarning) ++summary.warnings;
  }
  if (result.rejected()) ++summary.rejected;
  return result.article.has_value();
}

corpus::ReadOptions read_options(const IndexOptions& options) {
  corpus::ReadOptions read;
  read.max_file_bytes = options.max_file_bytes;
  read.fields = options.fields;
  return read;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string format_rate(std::size_t articles, double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.0f", seconds > 0 ? articles / seconds : 0.0);
  return buffer;
}

// A one-line counter on a terminal, shown only once a run has taken kDelay, so short runs
// (and pipes, logs and tests, where `enabled` is false) never see it.
class Progress {
 public:
  Progress(bool enabled, std::chrono::steady_clock::time_point start, std::ostream& err)
      : enabled_(enabled), start_(start), err_(err) {}

  void tick(const IndexSummary& summary) {
    if (!enabled_ || ++calls_ % 64 != 0) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - start_ < kDelay || now - last_ < std::chrono::milliseconds(250)) return;
    last_ = now;
    shown_ = true;
    err_ << "\rnewsdex-index: " << summary.added + summary.updated + summary.unchanged
         << " articles read (" << summary.added << " added, " << summary.updated << " updated, "
         << summary.unchanged << " unchanged)..." << std::flush;
  }

  // Erases the line, so that a diagnostic or the summary replaces it; the next tick redraws it.
  void clear() {
    if (shown_) err_ << "\r\x1b[K" << std::flush;
    shown_ = false;
  }

 private:
  static constexpr std::chrono::seconds kDelay{2};
  bool enabled_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_{};
  std::ostream& err_;
  std::size_t calls_ = 0;
  bool shown_ = false;
};

}  // namespace

IndexSummary run_index(const IndexOptions& options, std::ostream& err) {
  const std::filesystem::path db_path = paths::database(options.db);
  // A dry run writes nothing and so needs no lock; it may read a database being written.
  std::optional<WriterLock> lock;
  if (!options.dry_run) lock.emplace(db_path, options.wait, err);
  const auto start = std::chrono::steady_clock::now();  // time spent waiting is not the run's
  // Resolved once, under the lock (a nightly rebuild switches the stub only while holding it).
  const std::filesystem::path db_dir = paths::resolve_stub(db_path);
  std::error_code error;
  if (db_dir != db_path && !std::filesystem::exists(db_dir, error)) {
    // Creating it would build a database nobody meant where the stub points.
    throw std::runtime_error("the stub database file " + db_path.string() + " names " +
                             db_dir.string() + ", which does not exist");
  }
  const std::string user_dictionary = paths::user_dictionary().string();
  const std::string fingerprint = indexing_fingerprint(options.entities, user_dictionary);
  // A dry run reads an existing database and never creates one; a real run writes through
  // `writer`, whose database answers the lookups.
  std::optional<IndexWriter> writer;
  std::optional<Xapian::Database> reader;
  // A new database is built in shards on every core; an existing one is written in place.
  const unsigned jobs =
      options.jobs > 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  const bool in_shards = !options.dry_run && jobs > 1 && !std::filesystem::exists(db_dir, error);
  if (!options.dry_run && !in_shards) {
    // A shard build killed after moving its database into place left its directory behind.
    std::filesystem::remove_all(db_dir.string() + ".build", error);
    writer.emplace(db_dir);
  } else if (options.dry_run && std::filesystem::exists(db_path)) {
    reader.emplace(db_dir.string());
    check_current(*reader, db_path);
  }
  const Xapian::Database* db = writer ? &writer->database() : reader ? &*reader : nullptr;
  // Loaded on the first changed article: a run where nothing changed never pays for it.
  std::optional<entities::Extractor> extractor;
  auto load_extractor = [&]() -> const entities::Extractor* {
    if (!options.entities) return nullptr;
    if (!extractor) extractor.emplace(paths::data_dir(), user_dictionary);
    return &*extractor;
  };
  std::optional<ShardBuild> shards;
  // As many shards as open files allow: more, and a shard's tables failed to open.
  if (in_shards) shards.emplace(db_dir, shard_limit(jobs), options.batch_size, load_extractor());
  DocumentBuilder builder;
  // The one writer of an existing database leaves extraction and document building to the other
  // cores (index/build_pool.hpp); started on the first changed article, like the extractor.
  std::optional<BuildPool> pool;
  // Id terms of the articles handed to the pool and not yet written -> (content hash, how many
  // of them): an id met again before its first version is written compares with that version,
  // as it would with the database if one thread did everything.
  std::unordered_map<std::string, std::pair<std::string, std::size_t>> in_pool;
  IndexSummary summary;
  std::unordered_set<std::string> seen;     // id terms of the articles read in this run
  std::vector<std::string> rejected_paths;  // files (or directories) that --prune must spare
  std::size_t pending = 0;
  auto written = [&] {
    if (writer && ++pending >= options.batch_size) {
      writer->commit();
      pending = 0;
    }
  };
  auto write_built = [&](BuildPool::Built&& built) {
    const BuildPool::Job& job = built.job;
    summary.extraction_seconds += built.prepared.extraction_seconds;
    write_prepared(*writer, built.prepared, job.article.id, job.id_term, job.hash, job.replacing,
                   Grouping::kLookUp);
    const auto it = in_pool.find(job.id_term);
    if (--it->second.second == 0) in_pool.erase(it);
    written();
  };
  // Verbose lines would break up the progress line, and they show progress anyway.
  Progress progress(options.progress && !options.quiet && !options.verbose, start, err);

  corpus::read_inputs(options.inputs, read_options(options), [&](corpus::ParseResult&& result) {
    progress.tick(summary);
    if (!result.diagnostics.empty()) progress.clear();  // a diagnostic starts a line of its own
    if (!report(result, summary, err)) {
      if (!result.rejected()) return;
      for (const corpus::Diagnostic& diagnostic : result.diagnostics) {
        if (diagnostic.severity == corpus::Severity::kError)
          rejected_paths.push_back(diagnostic.file);
      }
      return;
    }
    Article& article = *result.article;
    std::string term = id_term(article.id);
    std::string hash = content_hash(article, fingerprint);
    Change change = Change::kAdded;
    // A new database holds only this run's articles, so every article is in `seen` and
    // --prune has nothing to find: the shard build keeps its own record of the ids.
    const std::string shown_id = options.verbose ? text::strip_controls(article.id) : "";
    if (shards) {
      change = shards->add(std::move(article), std::move(term), std::move(hash));
    } else {
      // In a dry run an id met twice would be added twice; the second time it is an update.
      if (const auto it = in_pool.find(term); it != in_pool.end()) {
        change = it->second.first == hash ? Change::kUnchanged : Change::kUpdated;
      } else {
        change = db ? classify(*db, term, hash) : Change::kAdded;
      }
      const bool repeated = !seen.insert(term).second;
      if (options.dry_run && repeated && change == Change::kAdded) change = Change::kUpdated;
    }
    if (options.verbose) {
      static constexpr const char* kDone[] = {"added ", "updated ", "unchanged "};
      static constexpr const char* kWould[] = {"would add ", "would update ", "unchanged "};
      err << "newsdex-index: " << (options.dry_run ? kWould : kDone)[static_cast<int>(change)]
          << shown_id << '\n';
    }
    if (change == Change::kUnchanged) {
      ++summary.unchanged;
      return;
    }
    ++(change == Change::kAdded ? summary.added : summary.updated);
    if (!writer) return;
    if (jobs > 1) {
      if (!pool) pool.emplace(jobs - 1, load_extractor());
      while (pool->full()) write_built(pool->take());
      auto& [pooled_hash, pooled] = in_pool[term];
      pooled_hash = hash;
      ++pooled;
      pool->submit(
          {std::move(article), std::move(term), std::move(hash), change == Change::kUpdated});
      return;
    }
    summary.extraction_seconds +=
        write_article(*writer, builder, load_extractor(), article, term, hash,
                      change == Change::kUpdated, Grouping::kLookUp);
    written();
  });
  if (pool) {
    while (!pool->empty()) write_built(pool->take());
    pool.reset();
  }
  progress.clear();
  if (shards) {
    summary.extraction_seconds += shards->finish();
    shards.reset();
    writer.emplace(db_dir);
    db = &writer->database();
  }

  for (const std::string& id : options.delete_ids) {
    const std::string term = id_term(id);
    const bool found = writer ? writer->remove(term) : db && db->term_exists(term);
    if (found) {
      ++summary.deleted;
      if (options.verbose) {
        err << "newsdex-index: " << (options.dry_run ? "would delete " : "deleted ") << id << '\n';
      }
      written();
    } else {
      err << "newsdex-index: warning: no article with id \"" << text::strip_controls(id)
          << "\" to delete\n";
      ++summary.warnings;
    }
  }
  if (options.prune && db && !in_shards) {
    for (const Xapian::docid docid : prune_candidates(*db, options.inputs, seen, rejected_paths)) {
      if (options.verbose) {
        err << "newsdex-index: " << (options.dry_run ? "would prune " : "pruned ")
            << text::strip_controls(parse_data_id(db->get_document(docid).get_data())) << '\n';
      }
      if (writer) writer->remove(docid);
      ++summary.deleted;
    }
  }

  Xapian::doccount total = 0;
  if (writer) {
    writer->commit();
    entities::write_facet_file(writer->database(), db_dir);
    total = writer->document_count();
  } else {
    // What the database would hold after the run.
    total = static_cast<Xapian::doccount>((db ? db->get_doccount() : 0) + summary.added -
                                          summary.deleted);
  }

  summary.seconds = seconds_since(start);
  if (!options.quiet) {
    const std::size_t read = summary.added + summary.updated + summary.unchanged;
    err << "newsdex-index: " << (options.dry_run ? "dry run: " : "") << summary.added << " added, "
        << summary.updated << " updated, " << summary.unchanged << " unchanged, " << summary.deleted
        << " deleted, " << summary.rejected << " rejected, " << summary.warnings << " warnings, in "
        << format_seconds(summary.seconds) << " s (" << format_rate(read, summary.seconds)
        << " articles/s; entity extraction " << format_seconds(summary.extraction_seconds)
        << " s); " << total << " articles in " << db_path.string() << '\n';
  }
  return summary;
}

void rewrite_facets(const IndexOptions& options, std::ostream& err) {
  const std::filesystem::path db_path = paths::database(options.db);
  const WriterLock lock(db_path, options.wait, err);
  const std::filesystem::path db_dir = paths::resolve_stub(db_path);
  std::error_code error;
  if (!std::filesystem::exists(db_dir, error)) {
    throw std::runtime_error("no database at " + db_path.string());
  }
  Xapian::Database db;
  try {
    db = Xapian::Database(db_dir.string());
  } catch (const Xapian::DatabaseOpeningError& e) {
    throw std::runtime_error("cannot open database " + db_path.string() + ": " + e.get_msg());
  }
  check_current(db, db_path);
  entities::write_facet_file(db, db_dir);
  if (!options.quiet) {
    err << "newsdex-index: facet file of " << db.get_doccount() << " articles written in "
        << db_dir.string() << '\n';
  }
}

IndexSummary run_extract_only(const IndexOptions& options, std::ostream& out, std::ostream& err) {
  using json = nlohmann::ordered_json;
  const auto start = std::chrono::steady_clock::now();
  const entities::Extractor extractor(paths::data_dir(), paths::user_dictionary());
  IndexSummary summary;
  corpus::read_inputs(options.inputs, read_options(options), [&](corpus::ParseResult&& result) {
    if (!report(result, summary, err)) return;
    const Article& article = *result.article;
    json list = json::array();
    for (const entities::Entity& entity : extractor.extract(article.title, article.body)) {
      json mentions = json::array();
      for (const entities::Mention& mention : entity.mentions) {
        mentions.push_back(
            {{"field", mention.field == entities::TextField::kTitle ? "title" : "body"},
             {"start", mention.start},
             {"end", mention.end}});
      }
      list.push_back({{"type", entities::type_name(entity.type)},
                      {"name", entity.name},
                      {"mentions", std::move(mentions)}});
    }
    out << json{{"id", article.id}, {"entities", std::move(list)}}.dump(
               -1, ' ', false, json::error_handler_t::replace)
        << '\n';
    ++summary.added;
  });
  out.flush();
  if (!out) throw std::runtime_error("cannot write to standard output");
  summary.seconds = seconds_since(start);
  if (!options.quiet) {
    err << "newsdex-index: extracted the entities of " << summary.added << " articles, "
        << summary.rejected << " rejected, in " << format_seconds(summary.seconds) << " s\n";
  }
  return summary;
}

}  // namespace newsdex::index
