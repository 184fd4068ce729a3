// The writable side of a newsdex database: open or create, replace by id, commit with metadata.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "entities/entity.hpp"
#include "entities/facet_values.hpp"

namespace newsdex::index {

// Throws std::runtime_error, saying to rebuild, when `db` (at `path`) holds documents of another
// schema version than this program writes. Shared by the writer and the read-only dry run.
void check_schema_version(const Xapian::Database& db, const std::filesystem::path& path);

class IndexWriter {
 public:
  // Opens the database at `path`, creating it (and missing parent directories) when absent.
  // Throws std::runtime_error when another writer holds the lock, when the database has
  // another schema version (it must be rebuilt), or when it cannot be opened or created.
  explicit IndexWriter(const std::filesystem::path& path);

  // Adds `doc` under the unique term `id_term`, replacing the document that has it when
  // `replacing` (the caller already knows, from index::classify), and adds its words to the
  // spelling table once each (index/spelling.hpp), taking the replaced document's away. Throws
  // Xapian::Error on I/O failure.
  void write(const std::string& id_term, const Xapian::Document& doc, bool replacing);

  // Deletes the document that has the unique term `id_term`, and its words from the spelling
  // table; returns false when there is none. Throws Xapian::Error on I/O failure.
  bool remove(const std::string& id_term);

  // Deletes document `docid` (one of prune_candidates) and its words from the spelling table.
  // Throws Xapian::Error on I/O failure.
  void remove(Xapian::docid docid);

  // Returns the id of the entity of `type` named `name` (its canonical display name), assigning
  // the next one and recording both directions in the metadata when it is new. Throws
  // Xapian::Error on I/O failure.
  entities::EntityId entity_id(entities::EntityType type, const std::string& name);

  // Maps each of `aliases` to `canonical` in the synonym table (schema.hpp), once per pair and
  // writer. Throws Xapian::Error on I/O failure.
  void add_aliases(const std::string& canonical, const std::vector<std::string>& aliases);

  // Records the schema and program versions and commits everything written so far. Throws
  // Xapian::Error on I/O failure.
  void commit();

  // Returns the database, for reading back what was committed.
  const Xapian::WritableDatabase& database() const { return db_; }

  // Returns the number of documents in the database as last committed or written.
  Xapian::doccount document_count() const { return db_.get_doccount(); }

 private:
  // Takes the words of stored document `docid` out of the spelling table.
  void remove_spelling(Xapian::docid docid);

  Xapian::WritableDatabase db_;
  std::unordered_set<std::string> aliases_written_;                 // alias + '\n' + canonical
  std::unordered_map<std::string, entities::EntityId> entity_ids_;  // metadata id key -> id
  std::uint32_t next_serial_ = 1;
};

}  // namespace newsdex::index
