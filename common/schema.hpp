// The database schema: every term prefix, value slot, metadata key and the document data format.
//
// A newsdex database is a Xapian (glass) database. Nothing outside this header spells a prefix,
// a slot number or a metadata key; indexing and query parsing are both driven by the tables here.
//
// Terms (all term text is produced by text::normalize, so it is NFKC, case- and accent-folded):
//   (none)  words of title and body as their English stems (Xapian's STEM_ALL: "talks" and
//           "talked" are both "talk"), with positions; phrases match stems too.
//   S       the title's stems again, with positions, so `title:` can search the headline alone.
//   Q       the article id, one per document (the unique key used to replace a document).
//   XSEC    section, whole normalised value (boolean filter `section:`).
//   XSRC    source, whole normalised value (boolean filter `source:`).
//   A       author, whole normalised value (boolean filter `author:`).
//   D, M, Y date as YYYYMMDD, YYYYMM and YYYY (boolean filters on days, months and years).
//   XP, XO, XL, XE
//           named entities, one term per entity: person, organisation, place, other (boolean
//           filters `person:`, `org:`, `place:`, `other:`; `entity:` searches all four). The
//           value is entities::entity_key of the canonical name ("XPvolodymyr zelensky",
//           "XLunited states").
//   XFILE   the file the article came from, as given on the command line (Article::path: the
//           root joined with the path below it), cut to the term length limit. Not a query
//           field: `newsdex-index --prune` finds the articles of a root by this prefix.
//   XDB     near-duplicate lookup: one term per MinHash band of the article's signature, "XDB" +
//           two hex digits of the band number + 16 hex digits of the band's hash
//           (index/duplicates.hpp). Articles sharing a band term are candidate duplicates.
//   XDG     the article's duplicate group ("XDG" + the group key of slot 5), so the searcher
//           can list the other members of a group that match a query.
//   XB      phrase pairs: "XB" + stem + ' ' + stem for every two adjacent words of title or body
//           that are both common stems, or of which one is among the most common
//           (text/phrase_pairs.hpp), as boolean terms, so a phrase of common words matches by
//           these instead of by positions ("XBlast year", "XBthe european").
//
// Synonyms (Xapian's synonym table): for every entity indexed, each alias key maps to the
// canonical term ("XPzelenskyy" -> "XPvolodymyr zelensky", "XLus" -> "XLunited states"), so
// filters by an alias find the entity without the searcher loading any dictionary. The query
// builder looks plain query words up the same way (search/query_builder.hpp).
//
// Spelling (Xapian's spelling table): every word of an article's title and body
// (index/spelling.hpp), counted once per article and taken out again when the article is
// replaced or deleted, for "did you mean" suggestions.
//
// Value slots:
//   0  date as YYYYMMDD (string, for date ranges); absent when the article has no date.
//   1  publication time as Xapian::sortable_serialise(seconds since 1970 UTC), for sorting.
//   2  content hash (16 hex digits, index/incremental.hpp) of the article as parsed, the schema
//      version and the extraction settings, to skip unchanged articles on reindex. Documents
//      without it (written before it existed) count as changed.
//   3  entities: the article's entity ids as varints (entities/facet_values.hpp), counted by the
//      facet MatchSpy. An id carries the entity's type in its low two bits.
//   4  near-duplicate signature: kMinHashCount MinHash values of the body's word 3-shingles,
//      each 4 bytes big-endian (index/duplicates.hpp); absent for bodies too short to compare.
//   5  duplicate group key (16 hex digits): the key of the group of the most similar article
//      already indexed, else a key of the article's own (a hash of its id and signature). The
//      searcher collapses results on it. Every document written by schema 3 has one.
//
// Document data: a binary record of the article's fields as parsed (index::serialise_data,
//   whose header gives the exact layout): the format byte kDataFormat, then id, title, body,
//   date, url, section, source, author and path, each as its length (unsigned LEB128 varint)
//   and its bytes; or, when shorter (nearly always), kDataFormatZstd and that record less its
//   format byte as one zstd frame. The body is kept so that snippets can be cut from it at
//   search time.
//   Schemas up to 5 stored one JSON object instead; index::parse_data still reads it, so the
//   searcher can answer from such a stale database until it is rebuilt.
//
// Metadata keys (Xapian::Database::get_metadata): see kMeta* below. Entities are numbered as
// the indexer first meets them: kMetaEntityId + entity term (index::entity_term) -> id (decimal),
// and kMetaEntityName + id (decimal) -> display name; kMetaEntityNextSerial holds the next serial.
// A database whose kMetaSchemaVersion differs from kSchemaVersion, or kMetaExtractorVersion from
// the extractor's, is stale (index::stale_reason): incremental runs refuse it, the searcher
// answers with a warning.
#pragma once

#include <array>
#include <string_view>

namespace newsdex::schema {

// Bumped whenever a prefix, slot or the data format changes meaning.
// 4: the spelling table, which incremental runs keep exact (an article's words are taken out
// when it is replaced), so a database without it must be rebuilt.
// 5: entity metadata keys hold the entity's term; the type letter they held before was the
// same for persons and places ('p') and for organisations and others ('o'), so that such two
// entities with one name shared an id.
// 6: document data is a binary record (kDataFormat) instead of a JSON object (issue #7).
// 7: words are indexed as stems only, unprefixed (they were words, plus stems under "Z").
// 8: phrase pair terms (kPrefixPhrasePair) for adjacent common stems; the list of common stems
// (text/phrase_pairs.cpp) is part of the schema, and changing it needs a new version.
// 9: phrase pairs also for any stem next to one of the few most common stems ("the european",
// "able to"), whose phrases were the slowest left.
// 10: document data compressed by newsdex with zstd (kDataFormatZstd) when that is shorter, so
// that reading a hit's record skips zlib (README, "Stored records in zstd"). Records of schemas
// 6 to 9 still read; the bump keeps older programs, which cannot read the new ones, off.
inline constexpr std::string_view kSchemaVersion = "10";

// The language of the stems that text terms are (Xapian::Stem's name): the indexer, the query
// parser, the highlighter and the synonym table must all stem alike.
inline constexpr const char* kStemLanguage = "english";

// The first byte of every document data record. A UTF-8 continuation byte, so no text (and no
// JSON, which the data was up to schema 5) starts with it; another format would take another.
inline constexpr char kDataFormat = '\xA1';
// The first byte of document data that is a kDataFormat record compressed: one zstd frame of
// the record without its format byte follows (index/document_builder.hpp).
inline constexpr char kDataFormatZstd = '\xA2';

inline constexpr std::string_view kPrefixId = "Q";
inline constexpr std::string_view kPrefixTitle = "S";
inline constexpr std::string_view kPrefixSection = "XSEC";
inline constexpr std::string_view kPrefixSource = "XSRC";
inline constexpr std::string_view kPrefixAuthor = "A";
inline constexpr std::string_view kPrefixDay = "D";
inline constexpr std::string_view kPrefixMonth = "M";
inline constexpr std::string_view kPrefixYear = "Y";
inline constexpr std::string_view kPrefixPerson = "XP";
inline constexpr std::string_view kPrefixOrg = "XO";
inline constexpr std::string_view kPrefixPlace = "XL";
inline constexpr std::string_view kPrefixOther = "XE";
inline constexpr std::string_view kPrefixFile = "XFILE";
inline constexpr std::string_view kPrefixDuplicateBand = "XDB";
inline constexpr std::string_view kPrefixDuplicateGroup = "XDG";
// Adjacent stems of which both are common or one is most common, "XB" + stem + ' ' + stem
// (text/phrase_pairs.hpp); boolean terms.
inline constexpr std::string_view kPrefixPhrasePair = "XB";

// Returns true when `term` is a word's stem: unprefixed. Every prefix starts with an upper-case
// ASCII letter, and text terms are normalised to lower case. Never throws.
constexpr bool is_word_term(std::string_view term) {
  return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z');
}

// Returns the stem a text term holds: a word term itself, a title term without kPrefixTitle;
// empty for every other term. Never throws.
constexpr std::string_view text_stem(std::string_view term) {
  if (term.starts_with(kPrefixTitle)) term.remove_prefix(kPrefixTitle.size());
  return is_word_term(term) ? term : std::string_view();
}

inline constexpr unsigned kSlotDate = 0;
inline constexpr unsigned kSlotTimestamp = 1;
inline constexpr unsigned kSlotContentHash = 2;
inline constexpr unsigned kSlotEntities = 3;
inline constexpr unsigned kSlotSignature = 4;
inline constexpr unsigned kSlotDuplicateGroup = 5;

// The near-duplicate signature: kMinHashCount values in kMinHashBands bands (the rest rows each).
inline constexpr unsigned kMinHashCount = 64;
inline constexpr unsigned kMinHashBands = 16;

inline constexpr std::string_view kMetaSchemaVersion = "newsdex.schema_version";
inline constexpr std::string_view kMetaNewsdexVersion = "newsdex.version";
inline constexpr std::string_view kMetaExtractorVersion = "newsdex.extractor_version";
inline constexpr std::string_view kMetaEntityNextSerial = "newsdex.entity.next";
inline constexpr std::string_view kMetaEntityId = "newsdex.entity.id:";
inline constexpr std::string_view kMetaEntityName = "newsdex.entity.name:";

// Xapian refuses terms longer than 245 bytes; longer ids are stored by hash (see id_term).
inline constexpr std::size_t kMaxTermBytes = 240;

enum class FieldKind {
  kText,    // free text: `title:word` searches the headline's words
  kFilter,  // boolean filter on a whole normalised value: `section:business`
  kEntity,  // boolean filter on an entity, by canonical name or alias: `person:"marco rubio"`
  kDate,    // filter on the date slot (no prefix): `date:2025-10-01..2025-10-31`, `date:2025-10`
};

// A query field: the name users type before ':', the term prefix it maps to, and its kind. A
// name listed more than once (entity) searches all of its prefixes.
struct Field {
  std::string_view name;
  std::string_view prefix;
  FieldKind kind;
};

inline constexpr std::array kFields = {
    Field{"title", kPrefixTitle, FieldKind::kText},
    Field{"section", kPrefixSection, FieldKind::kFilter},
    Field{"source", kPrefixSource, FieldKind::kFilter},
    Field{"author", kPrefixAuthor, FieldKind::kFilter},
    Field{"person", kPrefixPerson, FieldKind::kEntity},
    Field{"org", kPrefixOrg, FieldKind::kEntity},
    Field{"place", kPrefixPlace, FieldKind::kEntity},
    Field{"other", kPrefixOther, FieldKind::kEntity},
    Field{"entity", kPrefixPerson, FieldKind::kEntity},
    Field{"entity", kPrefixOrg, FieldKind::kEntity},
    Field{"entity", kPrefixPlace, FieldKind::kEntity},
    Field{"entity", kPrefixOther, FieldKind::kEntity},
    Field{"date", "", FieldKind::kDate},
};

}  // namespace newsdex::schema
