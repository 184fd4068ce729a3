// Entity facets: exact counts, over a whole match set, of the entities its articles mention.
#pragma once

#include <xapian.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "entities/entity.hpp"
#include "entities/facet_file.hpp"
#include "entities/facet_values.hpp"

namespace newsdex::search {

struct FacetCount {
  std::string name;   // the entity's display name
  std::size_t count;  // articles of the match set that mention it
};

// Allocates zeroed memory with calloc, and leaves value-initialised elements alone: a large
// block then comes from fresh zero pages, not from a memset of the whole array.
template <typename T>
struct ZeroedAllocator {
  using value_type = T;
  ZeroedAllocator() = default;
  template <typename U>
  explicit ZeroedAllocator(const ZeroedAllocator<U>&) {}
  T* allocate(std::size_t n) {
    void* p = std::calloc(n, sizeof(T));
    if (p == nullptr) throw std::bad_alloc();
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t) { std::free(p); }
  template <typename U>
  void construct(U*) {}  // the memory is already zero
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
  bool operator==(const ZeroedAllocator&) const { return true; }
};

// A MatchSpy that counts, for every matching document, the entities it mentions; names are
// looked up only for the entities reported. Attach it to an Enquire whose get_mset checks at
// least every document (check_at_least = doccount), so the counts are exact over the whole
// match set and not just the page shown.
class EntityFacetSpy : public Xapian::MatchSpy {
 public:
  // Reads entities and names from `file` when it is not null, else from `db`'s values
  // (schema::kSlotEntities) and metadata. Both must outlive the spy.
  EntityFacetSpy(const Xapian::Database& db, const entities::FacetFile* file);
  ~EntityFacetSpy() override;
  EntityFacetSpy(const EntityFacetSpy&) = delete;
  EntityFacetSpy& operator=(const EntityFacetSpy&) = delete;

  void operator()(const Xapian::Document& doc, double weight) override;
  std::string name() const override { return "newsdex.EntityFacetSpy"; }

  // Counts document `did` as operator() does; only for a spy with a facet file (it reads
  // nothing else), for walks that visit docids without documents (walk_matches). Documents
  // are counted a batch at a time (see settle); top and merge count those still waiting.
  void count(Xapian::docid did);

  // Returns the `limit` entities of `type` mentioned by most matching articles, most first,
  // and shown by name among equal counts. When equal counts do not all fit, those kept are those
  // first in the facet file's rank order: mentioned by more articles of the whole database, then
  // by an earlier article, then by name (without a facet file: those first indexed). Throws
  // Xapian::Error when the names cannot be read.
  std::vector<FacetCount> top(entities::EntityType type, std::size_t limit);

  // Adds what `other` counted: the counts of two spies over parts of one match set become
  // those of the whole. Both must count from the same facet file (not null).
  void merge(EntityFacetSpy& other);

  // Returns the number of documents seen.
  std::size_t documents_seen() const { return documents_; }

  // A spy with a facet file and no counters handed on by an earlier spy of its thread gathers up
  // to this many documents before it takes an array of counters (see gathering_ below).
  static constexpr std::size_t kGatherLimit = 1024;

 private:
  struct Counted {
    std::uint32_t count;
    entities::EntityId id;
    std::uint32_t index;  // into counts_
  };
  // Selects the best `limit` entities of every type in one pass over the counts (counts_, or
  // the gathered documents' tally).
  void select(std::size_t limit) const;

  // Counts the documents waiting in pending_ (count_documents), or gathers them.
  void settle();

  // Leaves gathering: counts the gathered documents into counts_ (the spare counters or a fresh
  // array), where the spy counts from then on.
  void use_counters();

  // Counts `documents` into counts_, the facet file data of the documents ahead prefetched
  // meanwhile.
  void count_documents(std::span<const Xapian::docid> documents);

  // Calls `visit(rank, count)` for every rank the gathered documents mention, with how many of
  // them mention it, in windows of 256 ranks in rank order (in no order within a window).
  template <typename Visit>
  void tally(Visit&& visit) const;

  const Xapian::Database& db_;
  const entities::FacetFile* file_;
  // Counts indexed by the facet file's rank or, without a file, by serial (id >> 2), the type
  // of each counted serial then kept in types_. With a file, the array is handed on to the
  // next query's spy and zeroed where it was touched; ranks put the most counted at its start.
  std::vector<std::uint32_t, ZeroedAllocator<std::uint32_t>> counts_;
  std::vector<std::uint8_t> types_;
  std::size_t documents_ = 0;
  static constexpr std::size_t kBatch = 32;
  std::array<Xapian::docid, kBatch> pending_{};
  std::size_t pending_count_ = 0;
  // With a file and no spare counters (a process's first query, as in a command-line search),
  // the spy starts by gathering the documents it is given, and counts their ranks only when
  // asked (tally: gathered, dealt out by window of ranks, counted). A fresh array of counters
  // costs about two page faults per page in a fresh process (a read maps the zero page, the
  // write then copies it), and even a query of a few articles reaches nearly every page, since
  // rarely mentioned entities can have any rank. Past kGatherLimit documents the spy counts
  // into counters, as does every spy given spare ones.
  bool gathering_ = false;
  std::vector<Xapian::docid> gathered_;
  // The ranks counted so far, each once, while there are few enough that reading them costs
  // less than scanning every counter: most queries match a few hundred articles.
  std::vector<std::uint32_t> touched_;
  std::size_t touched_limit_ = 0;
  bool tracking_ = false;
  // The selection made by the last select(), per type code, best first.
  mutable std::vector<Counted> best_[4];
  mutable std::optional<std::size_t> selected_limit_;
};

}  // namespace newsdex::search
