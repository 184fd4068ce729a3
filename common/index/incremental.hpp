// Incremental indexing: content hashes, the add/update/skip decision and finding pruned articles.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "article.hpp"

namespace newsdex::index {

// Returns the 64-bit FNV-1a hash of `bytes`, continuing from `seed` (pass a previous result to
// hash several pieces). Not cryptographic: it only tells changed articles from unchanged ones.
// Never throws.
std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t seed = 0xcbf29ce484222325ULL);

// Returns the content hash stored in schema::kSlotContentHash: 16 lower-case hex digits over
// every field of `article`, the schema version and `config` (whatever else shapes the document,
// such as the extractor version and whether entities are extracted; see
// indexing_fingerprint). Fields are length-prefixed, so moving text between fields changes
// the hash. Never throws except std::bad_alloc.
std::string content_hash(const Article& article, std::string_view config);

// Returns the part of the content hash that comes from the run rather than the article: the
// extractor version, whether entities are extracted and the contents of the user dictionary
// at `user_dictionary` (an empty path or a missing file counts as no dictionary), so changing
// any of them reindexes everything. Never throws except std::bad_alloc.
std::string indexing_fingerprint(bool entities, const std::string& user_dictionary);

enum class Change { kAdded, kUpdated, kUnchanged };

// Returns what indexing an article whose id term is `id_term` and whose content hash is `hash`
// would do to `db`: kAdded when no document has the term, kUnchanged when the one that has it
// stores `hash`, else kUpdated (also for documents written before hashes were stored). Throws
// Xapian::Error on I/O failure.
Change classify(const Xapian::Database& db, const std::string& id_term, const std::string& hash);

// Returns the filter term that records which file an article came from (schema::kPrefixFile +
// the path as given on the command line, cut to Xapian's term length limit). Never throws
// except std::bad_alloc.
std::string file_term(std::string_view path);

// Returns the documents of `db` that came from a file under one of `roots` (a root that names
// a file matches that file; a directory matches every path below it) and whose id term is not
// in `seen_id_terms`: what --prune deletes. Roots that do not exist are skipped, so a mistyped
// root prunes nothing, and so are files at or below `rejected_paths` (inputs rejected in this
// run: an unreadable file or a malformed line must not delete what was indexed from it). The
// result is sorted and without duplicates. Throws Xapian::Error on I/O failure.
std::vector<Xapian::docid> prune_candidates(const Xapian::Database& db,
                                            const std::vector<std::string>& roots,
                                            const std::unordered_set<std::string>& seen_id_terms,
                                            const std::vector<std::string>& rejected_paths = {});

}  // namespace newsdex::index
