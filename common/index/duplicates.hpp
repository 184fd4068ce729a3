// Near-duplicate detection: MinHash signatures of word shingles, band terms and duplicate groups.
//
// An article's signature is schema::kMinHashCount MinHash values over the word 3-shingles of its
// body (its title when the body is empty). The fraction of equal values estimates the Jaccard
// similarity of two articles' shingle sets. The signature is cut into schema::kMinHashBands
// bands; each band becomes a term, so articles sharing a band are found through the index
// (locality-sensitive hashing) without comparing against every article. An article joins the
// group of the most similar article already indexed whose estimated similarity is at least
// kMinSimilarity; otherwise it founds a group keyed by its own id and signature. Keys are stored,
// never recomputed, so deleting or changing any member leaves the others' groups as they were.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "article.hpp"

namespace newsdex::index {

// Estimated Jaccard similarity of shingle sets from which two articles count as one story.
// Revised versions of BBC stories measured 0.66 to 0.98, separate reports of one event 0 to
// 0.05 (README, Duplicates).
inline constexpr double kMinSimilarity = 0.6;

// Articles with fewer word 3-shingles than this get no signature: too short to tell a copy
// from a coincidence. They are never grouped with others.
inline constexpr std::size_t kMinShingles = 8;

// MinHash values; empty when the article is too short.
using Signature = std::vector<std::uint32_t>;

// Returns the signature of `article` (see above). Never throws except std::bad_alloc and what
// text::normalize throws (std::runtime_error when ICU fails).
Signature signature(const Article& article);

// Returns the signature of text already normalised by text::normalize (the body, or the title
// when the body is empty): what signature(article) computes, for callers that hold it. Never
// throws except std::bad_alloc.
Signature signature_of_normalized(std::string_view text);

// Returns `signature` as stored in schema::kSlotSignature, and back. decode_signature returns
// an empty signature for a value of the wrong length. Never throw except std::bad_alloc.
std::string encode_signature(const Signature& signature);
Signature decode_signature(std::string_view value);

// Returns the fraction of positions where `a` and `b` agree (0 when either is empty or their
// lengths differ). Never throws.
double similarity(const Signature& a, const Signature& b);

// Returns the band terms (schema::kPrefixDuplicateBand) of `signature`; none when it is empty.
// Never throws except std::bad_alloc.
std::vector<std::string> band_terms(const Signature& signature);

// Returns the group key an article founds: 16 hex digits of a hash of its id and signature. The
// signature is part of it so that an article rewritten into another story, or a new article
// under a deleted one's id, founds a new group instead of rejoining the old one's copies.
// Never throws except std::bad_alloc.
std::string own_group_key(std::string_view article_id, const Signature& signature);

// Returns the group key of the indexed article most similar to `signature` (at least
// kMinSimilarity; ties go to the earliest indexed), ignoring document `self` (the article's
// own previous version, 0 for none); empty when there is none. Throws Xapian::Error on I/O
// failure.
std::string find_group(const Xapian::Database& db, const Signature& signature, Xapian::docid self);

// Returns the candidate in `shared` (docid -> bands shared with `signature`) most similar to
// `signature`, at least kMinSimilarity, comparing the kMaxCandidates sharing most bands; ties
// go to the earliest in the order `before` (indexing order); 0 when none is similar enough.
// Throws Xapian::Error on I/O failure.
Xapian::docid best_match(const Xapian::Database& db, const Signature& signature,
                         const std::unordered_map<Xapian::docid, unsigned>& shared,
                         const std::function<bool(Xapian::docid, Xapian::docid)>& before);

// Groups the articles of `db` as if they had been indexed one by one in the order `before`
// (a strict weak order on docids) gives, for a database built in parallel shards whose
// articles each founded their own group (assign_own_group). Returns the articles whose group
// changes, with their new keys, in that order; writes nothing. Throws Xapian::Error on I/O
// failure.
std::vector<std::pair<Xapian::docid, std::string>> regroup(
    const Xapian::Database& db, const std::function<bool(Xapian::docid, Xapian::docid)>& before);

// Puts `doc` into the group `key`: the slot schema::kSlotDuplicateGroup and the term
// schema::kPrefixDuplicateGroup + key, replacing the group it had. Never throws except
// std::bad_alloc.
void set_group(Xapian::Document& doc, const std::string& key);

// Completes `doc` (built by DocumentBuilder, so holding its signature) with the group it founds
// (own_group_key), without looking for similar articles: for shard builds, which regroup
// after merging. Never throws except std::bad_alloc.
void assign_own_group(Xapian::Document& doc, std::string_view article_id);

// Completes `doc` (built by DocumentBuilder, so holding its signature) with its duplicate group
// in `db`: the slot schema::kSlotDuplicateGroup and the term schema::kPrefixDuplicateGroup + key.
// `id_term` is the article's unique term, to skip its own previous version. Throws Xapian::Error
// on I/O failure.
void assign_group(const Xapian::Database& db, Xapian::Document& doc, std::string_view article_id,
                  const std::string& id_term);

}  // namespace newsdex::index
