// The writable side of a newsdex database: open or create, replace by id, commit with metadata.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "entities/entity.hpp"
#include "entities/facet_values.hpp"
#include "index/document_builder.hpp"

namespace newsdex::index {

// Returns why `db` is stale for this program, or "" when it is current: the schema version or
// the entity extractor version recorded in its metadata differs from this program's (missing
// counts as different once the database holds documents; an empty database is current). For
// example "schema version 1, this newsdex has 2". Throws Xapian::Error on database errors.
std::string stale_reason(const Xapian::Database& db);

// Throws std::runtime_error, saying to rebuild, when `db` (at `path`) is stale (stale_reason):
// an incremental run would mix old and new documents. Shared by the writer and the dry run.
void check_current(const Xapian::Database& db, const std::filesystem::path& path);

// The entity ids of one parallel build (index/shard_build.hpp), shared by its shard writers so
// that every shard numbers an entity alike, with each entity's display name as a one-writer run
// would record it: the name in the earliest article. Thread-safe.
class SharedEntityIds {
 public:
  struct Entry {
    entities::EntityId id = 0;
    std::string name;
    std::uint64_t order = 0;  // of the article `name` came from
  };

  // Returns the id recorded for the entity metadata key `key` of an entity of `type`, assigning
  // the next serial when the key is new; keeps `name` when article `order` comes before the
  // one its name came from. Never throws except std::bad_alloc.
  entities::EntityId get(const std::string& key, entities::EntityType type, const std::string& name,
                         std::uint64_t order);

  // Returns the serial the next new entity would get.
  std::uint32_t next_serial() const;

  // Returns every entity: metadata key -> entry. Not to be called while writers run.
  const std::unordered_map<std::string, Entry>& entries() const { return entries_; }

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::uint32_t next_serial_ = 1;
};

// Writes one database. What is written after the last commit() is dropped when the writer goes
// without another (a run ending on an exception), never committed half done.
class IndexWriter {
 public:
  // Opens the database at `path` (a directory; see paths::resolve_stub for stubs), creating it
  // (and missing parent directories) when absent. With `shared` (not owned; must outlive the
  // writer) entity ids come from it instead of this database's metadata: `path` is then a new
  // shard, whose commits are not synced to disk. Throws std::runtime_error when another writer
  // holds Xapian's lock, when the database is stale (check_current: it must be rebuilt), or when it
  // cannot be opened or created.
  explicit IndexWriter(const std::filesystem::path& path, SharedEntityIds* shared = nullptr);

  // Adds `doc`, which holds the unique term `id_term`: replaces the document that has that term
  // when `replacing`, else adds it as new (the caller already knows, from index::classify, that
  // no document has the term). Counts `words` (its DocumentBuilder::spelling_words) for the
  // spelling table once each, taking the replaced document's away; the counts reach the table
  // at commit, one call per distinct word, because Xapian's per-call cost made the table a
  // quarter of indexing time. Throws Xapian::Error on I/O failure.
  void write(const std::string& id_term, const Xapian::Document& doc,
             const std::vector<std::string>& words, bool replacing);

  // Deletes the document that has the unique term `id_term`, and its words from the spelling
  // table; returns false when there is none. Throws Xapian::Error on I/O failure.
  bool remove(const std::string& id_term);

  // Deletes document `docid` (one of prune_candidates) and its words from the spelling table.
  // Throws Xapian::Error on I/O failure.
  void remove(Xapian::docid docid);

  // Returns the id of the entity of `type` named `name` (its canonical display name), assigning
  // the next one and recording both directions in the metadata when it is new. With a
  // SharedEntityIds the id comes from there and nothing is recorded here (the shard build
  // records the entities once, after merging); `order` is then the article's place in the
  // build. Throws Xapian::Error on I/O failure.
  entities::EntityId entity_id(entities::EntityType type, const std::string& name,
                               std::uint64_t order = 0);

  // Maps each of `aliases` to `canonical` in the synonym table (schema.hpp), once per pair and
  // writer. Throws Xapian::Error on I/O failure.
  void add_aliases(const std::string& canonical, const std::vector<std::string>& aliases);

  // Applies the pending spelling counts, records the schema and program versions and commits
  // everything written so far. Throws Xapian::Error on I/O failure.
  void commit();

  // For a shard's commits before its last, which must be commit(): commits as commit() does, but
  // a shard's writer (one given a SharedEntityIds) keeps the spelling counts pending until they
  // hold kHeldSpellingWords distinct words; any other writer applies them. Xapian keeps each
  // fragment of a word (head, tail, trigrams) as a zlib-compressed list of the words that have
  // it, and at every commit inflates, merges and deflates again each list a new word joined;
  // common fragments are joined in nearly every batch. Held to the end, each list is written
  // about once: over 20,000 articles Xapian called zlib's deflate 81,167 times against 145,741
  // (term lists and records included), and a 100k build took 6% less time (README, "Shard
  // spelling"). A shard is scratch until the merge, so what its commits hold back is never seen.
  // Throws Xapian::Error on I/O failure.
  void commit_holding_spelling();

  // The most distinct words whose spelling counts commit_holding_spelling() holds back. Applying
  // them at once costs memory for Xapian's changes to every list they join: a 100k build peaked
  // at 171 MB against 120, a 1M build at 290 MiB against 283.
  static constexpr std::size_t kHeldSpellingWords = 50000;

  // Returns the database, for reading back what was written, committed or not.
  const Xapian::WritableDatabase& database() const { return db_; }

  // Returns the number of documents in the database as last committed or written.
  Xapian::doccount document_count() const { return db_.get_doccount(); }

 private:
  // Counts the words of stored document `docid` out of the spelling table. The terms are
  // stems, so the words come from the stored text, indexed again.
  void remove_spelling(Xapian::docid docid);

  // Applies spelling_changes_ to the spelling table and clears them.
  void flush_spelling();

  // Records the schema and program versions and commits, leaving spelling_changes_ as they are.
  void commit_versions();

  Xapian::WritableDatabase db_;
  SharedEntityIds* shared_ = nullptr;
  DocumentBuilder words_of_removed_;                                // for remove_spelling
  std::unordered_set<std::string> aliases_written_;                 // alias + '\n' + canonical
  std::unordered_map<std::string, entities::EntityId> entity_ids_;  // metadata id key -> id
  std::uint32_t next_serial_ = 1;
  // Spelling frequency changes not yet applied: word -> articles added minus removed.
  std::unordered_map<std::string, long> spelling_changes_;
};

}  // namespace newsdex::index
