// Opening, schema checking and committing of the writable database.
#include "index/index_writer.hpp"

#include <stdexcept>
#include <system_error>

#include "entities/dictionary.hpp"
#include "entities/extractor.hpp"
#include "index/document_builder.hpp"
#include "paths.hpp"
#include "schema.hpp"

namespace newsdex::index {
namespace {

Xapian::WritableDatabase open_writable(const std::filesystem::path& path, int flags) {
  std::error_code error;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), error);
  if (error) {
    throw std::runtime_error("cannot create " + path.parent_path().string() + ": " +
                             error.message());
  }
  try {
    return Xapian::WritableDatabase(path.string(), Xapian::DB_CREATE_OR_OPEN | flags);
  } catch (const Xapian::DatabaseLockError&) {
    throw std::runtime_error("database " + path.string() +
                             " is locked: another newsdex-index is writing to it");
  } catch (const Xapian::DatabaseError& e) {
    throw std::runtime_error("cannot open database " + path.string() + ": " + e.get_msg());
  }
}

// Xapian limits metadata keys like terms; entity keys past this are cut (and may then share
// an id, which only merges two entities whose first 200-odd bytes agree).
constexpr std::size_t kMaxMetadataKeyBytes = 240;

}  // namespace

std::string stale_reason(const Xapian::Database& db) {
  if (db.get_doccount() == 0) return {};
  const auto differs = [&db](std::string_view key, std::string_view current,
                             const char* what) -> std::string {
    const std::string recorded = db.get_metadata(std::string(key));
    if (recorded == current) return {};
    return std::string(what) + " " + (recorded.empty() ? std::string("(none)") : recorded) +
           ", this newsdex has " + std::string(current);
  };
  std::string reason =
      differs(schema::kMetaSchemaVersion, schema::kSchemaVersion, "schema version");
  const std::string extractor = differs(schema::kMetaExtractorVersion,
                                        entities::Extractor::kVersion, "entity extractor version");
  if (!reason.empty() && !extractor.empty()) reason += "; ";
  return reason + extractor;
}

void check_current(const Xapian::Database& db, const std::filesystem::path& path) {
  if (const std::string reason = stale_reason(db); !reason.empty()) {
    throw std::runtime_error("database " + path.string() + " was built by another newsdex (" +
                             reason +
                             "); an incremental run would mix old and new articles: rebuild it "
                             "(scripts/nightly-reindex, or newsdex-index into a new location)");
  }
}

entities::EntityId SharedEntityIds::get(const std::string& key, entities::EntityType type,
                                        const std::string& name, std::uint64_t order) {
  const std::lock_guard<std::mutex> guard(mutex_);
  const auto [it, added] = entries_.try_emplace(key);
  Entry& entry = it->second;
  if (added) {
    entry = {entities::make_entity_id(next_serial_++, type), name, order};
  } else if (order < entry.order) {
    entry.name = name;
    entry.order = order;
  }
  return entry.id;
}

std::uint32_t SharedEntityIds::next_serial() const {
  const std::lock_guard<std::mutex> guard(mutex_);
  return next_serial_;
}

IndexWriter::IndexWriter(const std::filesystem::path& path, SharedEntityIds* shared)
    // A shard is scratch until the merge, which writes (and syncs) the database that counts: a
    // crash loses the whole build either way, so the shards' commits need not wait for the disk.
    : db_(open_writable(path, shared != nullptr ? Xapian::DB_NO_SYNC : 0)), shared_(shared) {
  const std::string next = db_.get_metadata(std::string(schema::kMetaEntityNextSerial));
  if (!next.empty()) next_serial_ = static_cast<std::uint32_t>(std::stoul(next));
  check_current(db_, path);
  // Everything between commits is one transaction: a WritableDatabase let go with changes
  // pending commits them, so a run that fails would otherwise leave its last batch committed
  // without what commit() adds (spelling counts, versions, the next entity serial, which a later
  // run would then give a second entity). Let go inside a transaction, it drops them.
  db_.begin_transaction(false);
}

void IndexWriter::write(const std::string& id_term, const Xapian::Document& doc,
                        const std::vector<std::string>& words, bool replacing) {
  if (replacing) {
    if (auto it = db_.postlist_begin(id_term); it != db_.postlist_end(id_term)) {
      remove_spelling(*it);
    }
    db_.replace_document(id_term, doc);
  } else {
    // replace_document(term) looks the term up first, and on a writable glass database every
    // lookup flushes the buffered position lists: add_document made a fresh build 17% faster.
    db_.add_document(doc);
  }
  for (const std::string& word : words) ++spelling_changes_[word];
}

void IndexWriter::remove_spelling(Xapian::docid docid) {
  Article stored;
  try {
    stored = parse_data(db_.get_document(docid).get_data());
  } catch (const std::runtime_error&) {
    // Damaged data cannot say which words it added; its article is going anyway, and the worst
    // left behind is a spelling suggestion too many.
    return;
  }
  for (std::string& word : words_of_removed_.spelling_words_of(stored)) {
    --spelling_changes_[std::move(word)];
  }
}

void IndexWriter::flush_spelling() {
  for (const auto& [word, change] : spelling_changes_) {
    if (change > 0) {
      db_.add_spelling(word, static_cast<Xapian::termcount>(change));
    } else if (change < 0) {
      db_.remove_spelling(word, static_cast<Xapian::termcount>(-change));
    }
  }
  spelling_changes_.clear();
}

bool IndexWriter::remove(const std::string& id_term) {
  const auto it = db_.postlist_begin(id_term);
  if (it == db_.postlist_end(id_term)) return false;
  remove(*it);
  return true;
}

void IndexWriter::remove(Xapian::docid docid) {
  remove_spelling(docid);
  db_.delete_document(docid);
}

entities::EntityId IndexWriter::entity_id(entities::EntityType type, const std::string& name,
                                          std::uint64_t order) {
  std::string key(schema::kMetaEntityId);
  key += entity_term(type, name);
  if (key.size() > kMaxMetadataKeyBytes) key.resize(kMaxMetadataKeyBytes);
  // Shared: every mention counts, since an earlier article may bring the name to keep.
  if (shared_ != nullptr) return shared_->get(key, type, name, order);
  if (auto it = entity_ids_.find(key); it != entity_ids_.end()) return it->second;
  entities::EntityId id = 0;
  if (const std::string stored = db_.get_metadata(key); !stored.empty()) {
    id = static_cast<entities::EntityId>(std::stoul(stored));
  } else {
    id = entities::make_entity_id(next_serial_++, type);
    db_.set_metadata(key, std::to_string(id));
    db_.set_metadata(std::string(schema::kMetaEntityName) + std::to_string(id), name);
  }
  entity_ids_.emplace(std::move(key), id);
  return id;
}

void IndexWriter::add_aliases(const std::string& canonical,
                              const std::vector<std::string>& aliases) {
  for (const std::string& alias : aliases) {
    if (aliases_written_.insert(alias + '\n' + canonical).second) {
      db_.add_synonym(alias, canonical);
    }
  }
}

void IndexWriter::commit() {
  flush_spelling();
  commit_versions();
}

void IndexWriter::commit_holding_spelling() {
  // Only a shard's table is never read before its last commit.
  if (shared_ == nullptr || spelling_changes_.size() >= kHeldSpellingWords) flush_spelling();
  commit_versions();
}

void IndexWriter::commit_versions() {
  db_.set_metadata(std::string(schema::kMetaSchemaVersion), std::string(schema::kSchemaVersion));
  db_.set_metadata(std::string(schema::kMetaNewsdexVersion), paths::version());
  db_.set_metadata(std::string(schema::kMetaEntityNextSerial),
                   std::to_string(shared_ != nullptr ? shared_->next_serial() : next_serial_));
  db_.set_metadata(std::string(schema::kMetaExtractorVersion),
                   std::string(entities::Extractor::kVersion));
  db_.commit_transaction();  // unflushed: its changes are now pending, and commit() writes them
  try {
    db_.commit();
  } catch (...) {
    db_.begin_transaction(false);  // so that what failed to commit is dropped, not retried
    throw;
  }
  db_.begin_transaction(false);
}

}  // namespace newsdex::index
