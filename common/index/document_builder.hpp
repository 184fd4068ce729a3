// Article (+ its entities) -> Xapian::Document, following schema.hpp.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "article.hpp"
#include "entities/entity.hpp"
#include "entities/facet_values.hpp"

namespace newsdex::index {

// Returns the unique id term of an article id: "Q" + id, or, when that would exceed Xapian's
// term length limit, "Q" + a prefix of the id + "#" + a hash of the whole id. Never throws.
std::string id_term(std::string_view id);

// Returns the filter term of an entity: its type's prefix + entities::entity_key(name), cut to
// Xapian's term length limit. Throws what entity_key throws (ICU failure).
std::string entity_term(entities::EntityType type, std::string_view name);

// Returns the alias terms of `entity` in `article`: the term of each distinct way the article
// spells it (mentions, possessives stripped) and of each of `known_aliases`, other than the
// canonical term. The writer maps each to the canonical term in the synonym table.
std::vector<std::string> alias_terms(const Article& article, const entities::Entity& entity,
                                     const std::vector<std::string>& known_aliases);

// Stores `entity_ids` (a writer's ids of a document's entities, in any order) in the facet slot
// of `doc` (schema::kSlotEntities); stores nothing when there are none. Never throws except
// std::bad_alloc.
void set_entity_ids(Xapian::Document& doc, const std::vector<entities::EntityId>& entity_ids);

// Document data (schema.hpp) is a binary record:
//   byte 0   schema::kDataFormat (0xA1)
//   then, for each field of Article in this fixed order: id, title, body, date, url, section,
//   source, author, path (all nine, empty ones too):
//     length  the field's size in bytes as an unsigned LEB128 varint (7 bits a byte, lowest
//             first, high bit set on all but the last byte; shortest form, at most 10 bytes)
//     bytes   the field's bytes as they are (no terminator; NUL and any other byte allowed)
//   and nothing after the last field.
// or that record compressed:
//   byte 0   schema::kDataFormatZstd (0xA2)
//   then     one zstd frame that states its content size, holding the record without its
//            format byte, and nothing after it.
// Reading a record is a walk over nine lengths, with no parsing of the text; a new field or
// order means a new format byte and schema version. Xapian would compress the record with zlib
// itself; compressed by zstd first, it no longer shrinks under zlib, so Xapian stores it as it
// is and reading a hit's record costs a zstd decompression instead of a zlib one (README,
// "Stored records in zstd").

// Returns the plain record (kDataFormat) of `article`, all its fields byte for byte. Never
// throws except std::bad_alloc.
std::string serialise_record(const Article& article);

// Returns the document data of `article`: serialise_record compressed (kDataFormatZstd) when
// that is shorter, else the plain record. Never throws except std::bad_alloc.
std::string serialise_data(const Article& article);

// Returns the article stored in `data` by serialise_data; the caller owns the copy. Data of
// schema 5 and before (a JSON object, recognised by its leading '{') is read as well, so the
// searcher still answers from a stale database. Throws std::runtime_error, saying what is
// wrong, when `data` is empty, starts with another byte, is truncated (a length or a field runs
// past the end), has a length that is not a valid varint or has bytes after the last field,
// when compressed data is not exactly one valid zstd frame stating a content size of at most
// kMaxRecordBytes, and when legacy JSON data is malformed.
Article parse_data(const std::string& data);

// The largest record that compressed data may hold: a Xapian tag of 8 KiB blocks holds at most
// 65,535 items of under 8 KiB. A frame stating more is refused before anything is allocated.
inline constexpr std::size_t kMaxRecordBytes = std::size_t{1} << 29;

// Returns the id of the article stored in `data`, the same as parse_data(data).id, without
// copying the other fields. It checks the whole record as parse_data does and throws
// std::runtime_error for the same data (legacy JSON data is fully parsed, so it is not cheap).
std::string parse_data_id(const std::string& data);

// Xapian's stemmer for a language, remembering each word's stem: stemming was 6% of indexing's
// instructions (callgrind, 1,500 synthetic articles), and news repeats its words. Returns exactly
// what Xapian::Stem(language) does. Not thread-safe; Xapian::Stem takes ownership of it. Throws
// Xapian::InvalidArgumentError for an unknown language.
class CachingStemmer : public Xapian::StemImplementation {
 public:
  explicit CachingStemmer(const std::string& language);
  std::string operator()(const std::string& word) override;
  std::string get_description() const override;

  // Returns the words stemmed so far that index::is_spelling_word accepts, in order, repeats
  // included; its user clears it. The term generator stems every word it indexes (STEM_ALL), so
  // this lists an article's words without reading its text twice.
  std::vector<std::string>& words() { return words_; }
  const std::vector<std::string>& words() const { return words_; }

 private:
  // Bounds the cache (cleared when full), as a corpus's vocabulary grows without end: 20,000
  // words, a few MB per writer thread, hold nearly every word a news text repeats, and the
  // 1M-article build must stay under 512 MB.
  static constexpr std::size_t kMaxCachedStems = 20000;
  Xapian::Stem stemmer_;
  std::unordered_map<std::string, std::string> stems_;
  std::vector<std::string> words_;
};

// Builds documents. Not thread-safe (it owns a TermGenerator); use one per thread.
class DocumentBuilder {
 public:
  DocumentBuilder();
  // Not copyable: a copy would share the stemmer, and with it the words it lists.
  DocumentBuilder(const DocumentBuilder&) = delete;
  DocumentBuilder& operator=(const DocumentBuilder&) = delete;
  DocumentBuilder(DocumentBuilder&&) = default;
  DocumentBuilder& operator=(DocumentBuilder&&) = default;

  // Returns the document for `article` and its `entities`: text terms of title and body (the
  // English stems of their words, normalised by text::normalize, with positions), title terms
  // again under the title prefix, phrase pair terms (text::add_phrase_pairs), filter terms (also
  // the source file's, for --prune), value slots (but the content hash, which depends on the run
  // and is the indexer's, and the duplicate group, which depends on the database:
  // index::assign_group), the near-duplicate signature with its band terms, and data.
  // `entity_ids` (the writer's ids of `entities`, in any order) fill the facet slot (see
  // set_entity_ids). The builder keeps no reference to the document, so the caller may hand it
  // to another thread. Throws std::runtime_error when ICU fails.
  Xapian::Document build(const Article& article, const std::vector<entities::Entity>& entities,
                         const std::vector<entities::EntityId>& entity_ids = {});

  // Returns the distinct words of the title and body of the article last built, sorted: those
  // index::is_spelling_word accepts, as normalised and indexed (before stemming), for the
  // spelling table. Valid until the next call to build or spelling_words_of.
  const std::vector<std::string>& spelling_words() const { return stemmer_->words(); }

  // Returns spelling_words(), moved out: spelling_words() is then empty until the next build.
  std::vector<std::string> take_spelling_words() { return std::exchange(stemmer_->words(), {}); }

  // Returns what spelling_words() would after build(article), indexing only the text (for an
  // article being replaced or deleted, whose words leave the spelling table). Throws like build.
  std::vector<std::string> spelling_words_of(const Article& article);

 private:
  // Indexes the text terms of `article` into the generator's document, leaves its spelling words
  // in stemmer_->words(), and returns the normalised body (or title, when the body is empty) for
  // the signature.
  std::string index_text(const Article& article);

  Xapian::TermGenerator generator_;
  CachingStemmer* stemmer_;  // owned by generator_'s Xapian::Stem
};

}  // namespace newsdex::index
