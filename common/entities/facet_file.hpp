// The facet file: a memory-mapped copy of every document's entities, duplicate group and length,
// and every entity's name.
//
// Counting facets through Xapian values costs a value-stream read per matching document; this
// file, written beside the database when the indexer finishes, turns that into an array
// lookup by docid, and the names into another. It is a cache: the database (value slot
// schema::kSlotEntities and the kMetaEntityName metadata) stays the source of truth. The file
// records the database revision it was built from and is ignored unless that matches, so an
// interrupted or concurrent indexer can never make facets wrong, only slower.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

#include "entities/facet_values.hpp"

namespace newsdex::entities {

// The file's name inside the database directory.
inline constexpr std::string_view kFacetFileName = "newsdex-facets";

// Writes the facet file of `db` (committed, at its current revision) into `db_dir` (the
// database's own directory: paths::resolve_stub of a stub database file), replacing
// any older one atomically (write, then rename). Throws std::runtime_error on I/O errors and
// Xapian::Error on database errors.
void write_facet_file(const Xapian::Database& db, const std::filesystem::path& db_dir);

// The file numbers the entities that some document mentions 0, 1, 2, ... in order of how many
// documents mention them, most first ("ranks"), and stores each document's entities as ranks.
// Counting into an array indexed by rank keeps the often-counted entities together in a few
// cache lines (an array indexed by entity id spread them over a megabyte on a 100k-article
// corpus, and most increments missed the cache), and since a rank's document frequency bounds
// its count, a top-N selection can stop early.
class FacetFile {
 public:
  // Returns the facet file in `db_dir` when it exists, is well-formed and was built from
  // `db`'s current revision; nullptr otherwise. Never throws (a bad file is just not used).
  static std::unique_ptr<FacetFile> open(const Xapian::Database& db,
                                         const std::filesystem::path& db_dir);
  ~FacetFile();
  FacetFile(const FacetFile&) = delete;
  FacetFile& operator=(const FacetFile&) = delete;

  // Calls `visit(rank)` for each entity document `did` mentions (none when it has none or is
  // out of range). A damaged file may hold ranks >= entity_count(): callers check.
  template <typename Visitor>
  void for_each_rank(Xapian::docid did, Visitor&& visit) const {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    if (!ranks_of(did, begin, end)) return;
    if (narrow_ranks_ != nullptr) {
      for (std::uint32_t i = begin; i < end; ++i) visit(std::uint32_t{narrow_ranks_[i]});
    } else {
      for (std::uint32_t i = begin; i < end; ++i) visit(wide_ranks_[i]);
    }
  }

  // Asks the CPU to fetch document `did`'s offsets into the ranks; with prefetch_ranks, lets a
  // caller that counts many documents overlap their cache misses (see search/facets.cpp).
  // Reads nothing and never fails. Always inlined: GCC 12 takes a function that only prefetches
  // for one without side effects and deletes calls to it whose result is unused (all of them),
  // which left no prefetch instruction in the program.
  [[gnu::always_inline]] void prefetch_offsets(Xapian::docid did) const {
    if (did < doc_slots_) __builtin_prefetch(doc_offsets_ + did);
  }

  // Asks the CPU to fetch the ranks of document `did` (reading its offsets). Never fails.
  // Always inlined, as prefetch_offsets.
  [[gnu::always_inline]] void prefetch_ranks(Xapian::docid did) const {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    if (!ranks_of(did, begin, end) || begin == end) return;
    if (narrow_ranks_ != nullptr) {
      __builtin_prefetch(narrow_ranks_ + begin);
      __builtin_prefetch(narrow_ranks_ + end - 1);
    } else {
      __builtin_prefetch(wide_ranks_ + begin);
      __builtin_prefetch(wide_ranks_ + end - 1);
    }
  }

  // Returns the ranks of document `did` as for_each_rank sees them, in order.
  std::vector<std::uint32_t> ranks(Xapian::docid did) const;

  // Returns the number of entities some document mentions (one more than the largest rank).
  std::size_t entity_count() const { return entity_count_; }

  // Returns the id of the entity at `rank`, or 0 when out of range.
  EntityId id(std::uint32_t rank) const { return rank < entity_count_ ? ids_[rank] : 0; }

  // Returns how many documents mention the entity at `rank` (never increasing with the rank),
  // or 0 when out of range.
  std::uint32_t frequency(std::uint32_t rank) const {
    return rank < entity_count_ ? frequencies_[rank] : 0;
  }

  // Returns the display name of the entity at `rank`, or empty when unknown.
  std::string_view name(std::uint32_t rank) const;

  // Returns the number of document `did`'s duplicate group (schema::kSlotDuplicateGroup) when
  // other documents share its key: equal numbers for equal group keys, from 1 to group_count();
  // 0 when no other document has its key, when it has none, or when `did` is out of range.
  // Counting groups by number spares a value read and a string per match, and a 0 spares
  // collapsing its group lookups. (Files written before this rule numbered groups of one too;
  // those are still right to read, only slower to collapse.)
  std::uint32_t group(Xapian::docid did) const {
    return did < doc_slots_ && groups_[did] <= group_count_ ? groups_[did] : 0;
  }

  // Asks the CPU to fetch document `did`'s group number, for a caller that looks up many (see
  // prefetch_offsets, also for why it is always inlined). Reads nothing and never fails.
  [[gnu::always_inline]] void prefetch_group(Xapian::docid did) const {
    if (did < doc_slots_) __builtin_prefetch(groups_ + did);
  }

  // Asks the CPU to fetch document `did`'s length (as prefetch_group). Never fails.
  [[gnu::always_inline]] void prefetch_length(Xapian::docid did) const {
    if (did < doc_slots_) __builtin_prefetch(lengths_ + did);
  }

  // Returns document `did`'s length as Xapian::Database::get_doclength gives it (the sum of its
  // text terms' wdf), or 0 when `did` is out of range. Reading it here costs an array lookup;
  // Xapian reads it by scanning its length list (search/own_lengths.hpp).
  Xapian::termcount length(Xapian::docid did) const { return did < doc_slots_ ? lengths_[did] : 0; }

  // Returns the number of duplicate groups of two or more documents.
  std::uint32_t group_count() const { return group_count_; }

 private:
  FacetFile() = default;

  // Sets [begin, end) to document `did`'s slice of the ranks and returns true, or returns false
  // when `did` is out of range or its offsets are not a slice of the ranks: checked on every use
  // rather than trusted, so a damaged file cannot read out of bounds.
  bool ranks_of(Xapian::docid did, std::uint32_t& begin, std::uint32_t& end) const {
    if (did >= doc_slots_) return false;
    begin = doc_offsets_[did];
    end = doc_offsets_[did + 1];
    return begin <= end && end <= rank_count_;
  }

  void* map_ = nullptr;
  std::size_t map_bytes_ = 0;
  const std::uint32_t* doc_offsets_ = nullptr;  // doc_slots_ + 1 entries into the ranks
  const std::uint32_t* groups_ = nullptr;       // doc_slots_ entries
  const std::uint32_t* lengths_ = nullptr;      // doc_slots_ entries
  // Each mention's rank, in two bytes while every rank fits (then the ranks counted most per
  // query take half the cache); one of these is null.
  const std::uint16_t* narrow_ranks_ = nullptr;
  const std::uint32_t* wide_ranks_ = nullptr;
  const EntityId* ids_ = nullptr;                // entity_count_ entries
  const std::uint32_t* frequencies_ = nullptr;   // entity_count_ entries
  const std::uint32_t* name_offsets_ = nullptr;  // entity_count_ + 1 entries into names_
  const char* names_ = nullptr;
  std::uint32_t doc_slots_ = 0;
  std::uint32_t rank_count_ = 0;
  std::uint32_t group_count_ = 0;
  std::uint32_t entity_count_ = 0;
  std::uint32_t name_bytes_ = 0;
};

}  // namespace newsdex::entities
