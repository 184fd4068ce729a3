// Facet counting over entity ranks from the facet file, or entity ids from values without it.
#include "search/facets.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <span>
#include <utility>

#include "schema.hpp"

namespace newsdex::search {
namespace {

// Orders selections: higher counts first, then the smaller index into the counters. With a facet
// file that is the rank (more articles of the whole database first, then the earlier article,
// then the name: the same on every rebuild); without, the serial (the order first indexed).
bool better(std::uint32_t count_a, std::uint32_t index_a, std::uint32_t count_b,
            std::uint32_t index_b) {
  return count_a != count_b ? count_a > count_b : index_a < index_b;
}

// Counters handed from one query's spy to the next, all zero: a fresh array per query cost
// more than the counting on a query that matches a few hundred articles (glibc maps an array
// of this size anew, and every page faults in again).
thread_local std::vector<std::uint32_t, ZeroedAllocator<std::uint32_t>> spare_counts;
// The buffer of tally, kept likewise: the gathered documents' ranks in window order (low bytes).
thread_local std::vector<std::uint8_t> spare_sorted;

// Maps every whole page of [data, data + bytes) writable at once, in one call: fresh counters
// are read before they are written, so each page would otherwise fault twice (the read maps
// the zero page, the write copies it). Only a hint: an older kernel just faults them in.
void populate_writable(void* data, std::size_t bytes) {
  const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
  const auto begin = (reinterpret_cast<std::uintptr_t>(data) + page - 1) / page * page;
  const auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) / page * page;
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
}

// Calls `visit(did)` for each of `documents` in order, the facet file data of the documents
// ahead asked for meanwhile: each document's offsets 2 * kAhead documents before it is visited,
// its ranks (which reading its offsets locates) kAhead before. In a fresh process the facet file
// is in no CPU cache, and one miss after another per document was most of the counting's time.
// Asking a whole batch at a time, then reading it, waited for the batch's slowest twice per
// batch: the first pass of a median query's tally took 38 us that way, 23 us with kAhead 8 (24
// with 16, 26 with 32).
template <typename Visit>
void visit_prefetched(const entities::FacetFile& file, std::span<const Xapian::docid> documents,
                      Visit&& visit) {
  constexpr std::size_t kAhead = 8;
  const std::size_t count = documents.size();
  for (std::size_t i = 0; i < std::min(count, 2 * kAhead); ++i) {
    file.prefetch_offsets(documents[i]);
  }
  for (std::size_t i = 0; i < std::min(count, kAhead); ++i) file.prefetch_ranks(documents[i]);
  for (std::size_t i = 0; i < count; ++i) {
    if (i + 2 * kAhead < count) file.prefetch_offsets(documents[i + 2 * kAhead]);
    if (i + kAhead < count) file.prefetch_ranks(documents[i + kAhead]);
    visit(documents[i]);
  }
}

}  // namespace

EntityFacetSpy::EntityFacetSpy(const Xapian::Database& db, const entities::FacetFile* file)
    : db_(db), file_(file) {
  if (file_ != nullptr) {
    if (spare_counts.size() >= file_->entity_count()) {
      use_counters();
    } else {
      gathering_ = true;
    }
  } else if (const std::string next = db.get_metadata(std::string(schema::kMetaEntityNextSerial));
             !next.empty()) {
    counts_.resize(std::stoul(next) + 1);
    types_.assign(counts_.size(), 0);
  }
}

EntityFacetSpy::~EntityFacetSpy() {
  if (file_ == nullptr || gathering_) return;  // gathering: the spare counters were not taken
  if (tracking_) {
    for (const std::uint32_t rank : touched_) counts_[rank] = 0;
  } else {
    std::fill(counts_.begin(), counts_.end(), 0);
  }
  counts_.swap(spare_counts);
}

void EntityFacetSpy::use_counters() {
  counts_.swap(spare_counts);
  const bool fresh = counts_.capacity() < file_->entity_count();
  counts_.resize(file_->entity_count());  // zero: fresh from calloc, or zeroed by the last
  if (fresh) populate_writable(counts_.data(), counts_.size() * sizeof(std::uint32_t));
  touched_limit_ = counts_.size() / 8;
  tracking_ = true;
  gathering_ = false;
  count_documents(gathered_);
  gathered_ = {};
}

void EntityFacetSpy::count(Xapian::docid did) {
  ++documents_;
  pending_[pending_count_++] = did;
  if (pending_count_ == kBatch) settle();
}

void EntityFacetSpy::settle() {
  const std::size_t pending = std::exchange(pending_count_, 0);
  if (gathering_) {
    gathered_.insert(gathered_.end(), pending_.begin(), pending_.begin() + pending);
    if (gathered_.size() > kGatherLimit) use_counters();
  } else {
    count_documents({pending_.data(), pending});
  }
}

void EntityFacetSpy::count_documents(std::span<const Xapian::docid> documents) {
  const std::size_t size = counts_.size();
  std::uint32_t* counts = counts_.data();
  visit_prefetched(*file_, documents, [&](Xapian::docid did) {
    if (tracking_) {
      file_->for_each_rank(did, [this, counts, size](std::uint32_t rank) {
        if (rank < size && counts[rank]++ == 0) touched_.push_back(rank);
      });
      tracking_ = touched_.size() <= touched_limit_;
    } else {
      file_->for_each_rank(did, [counts, size](std::uint32_t rank) {
        if (rank < size) ++counts[rank];  // a damaged file may hold anything
      });
    }
  });
}

template <typename Visit>
void EntityFacetSpy::tally(Visit&& visit) const {
  // The ranks are read twice: once to count them per window of 256 ranks (from the facet file,
  // the documents ahead prefetched meanwhile), then to deal them out by window (from the
  // cache, by then). Each window is then counted in an array that stays in the L1 cache, and
  // its counts handed to `visit` from there. Nothing holds the ranks in the order read, nor the
  // counts: in a fresh process each page of a buffer costs a page fault, about 2 us here.
  constexpr std::uint32_t kWindowBits = 8;
  const std::size_t size = file_->entity_count();
  const std::size_t windows = (size >> kWindowBits) + 1;
  std::vector<std::uint32_t> starts(windows + 1, 0);
  visit_prefetched(*file_, gathered_, [&](Xapian::docid did) {
    file_->for_each_rank(did, [&starts, size](std::uint32_t rank) {
      if (rank < size) ++starts[(rank >> kWindowBits) + 1];  // a damaged file may hold anything
    });
  });
  for (std::size_t w = 0; w < windows; ++w) starts[w + 1] += starts[w];
  // Each rank dealt out keeps only its low byte: its window is where it lies. Moved out of, and
  // back into, its thread-local spare, so that the loop keeps it in registers.
  std::vector<std::uint8_t> sorted = std::move(spare_sorted);
  sorted.resize(starts[windows]);
  std::vector<std::uint32_t> next(starts.begin(), starts.end() - 1);
  for (const Xapian::docid did : gathered_) {
    file_->for_each_rank(did, [&sorted, &next, size](std::uint32_t rank) {
      if (rank < size) sorted[next[rank >> kWindowBits]++] = static_cast<std::uint8_t>(rank);
    });
  }
  std::array<std::uint32_t, std::size_t{1} << kWindowBits> window{};
  std::array<std::uint8_t, std::size_t{1} << kWindowBits> distinct;  // a window's, as first met
  const std::uint8_t* const low = sorted.data();
  for (std::size_t w = 0; w < windows; ++w) {
    std::size_t distinct_count = 0;
    const std::uint32_t end = starts[w + 1];
    for (std::uint32_t i = starts[w]; i < end; ++i) {
      if (window[low[i]]++ == 0) distinct[distinct_count++] = low[i];
    }
    const auto base = static_cast<std::uint32_t>(w << kWindowBits);
    for (std::size_t t = 0; t < distinct_count; ++t) {
      visit(base | distinct[t], std::exchange(window[distinct[t]], 0));
    }
  }
  spare_sorted = std::move(sorted);
}

void EntityFacetSpy::merge(EntityFacetSpy& other) {
  settle();
  other.settle();
  documents_ += other.documents_;
  if (other.gathering_) {
    if (gathering_) {
      gathered_.insert(gathered_.end(), other.gathered_.begin(), other.gathered_.end());
      if (gathered_.size() > kGatherLimit) use_counters();
    } else {
      count_documents(other.gathered_);
    }
    selected_limit_.reset();
    return;
  }
  if (gathering_) use_counters();
  const std::size_t size = std::min(counts_.size(), other.counts_.size());
  const auto add_other = [&](std::uint32_t rank) {
    if (rank >= size || other.counts_[rank] == 0) return;
    if (tracking_ && counts_[rank] == 0) touched_.push_back(rank);
    counts_[rank] += other.counts_[rank];
  };
  if (other.tracking_) {
    for (const std::uint32_t rank : other.touched_) add_other(rank);
  } else {
    for (std::uint32_t rank = 0; rank < size; ++rank) add_other(rank);
  }
  tracking_ = tracking_ && touched_.size() <= touched_limit_;
  selected_limit_.reset();
}

void EntityFacetSpy::operator()(const Xapian::Document& doc, double /*weight*/) {
  if (file_ != nullptr) {
    count(doc.get_docid());
    return;
  }
  ++documents_;
  entities::for_each_entity_id(doc.get_value(schema::kSlotEntities), [this](entities::EntityId id) {
    const std::size_t serial = id >> 2;
    if (serial >= counts_.size()) {  // an entity newer than the metadata read at the start
      counts_.resize(serial + 1);
      types_.resize(serial + 1, 0);
    }
    ++counts_[serial];
    types_[serial] = static_cast<std::uint8_t>(id & 3);
  });
}

void EntityFacetSpy::select(std::size_t limit) const {
  for (auto& best : best_) best.clear();
  if (limit == 0) return;
  // Each type keeps a heap of its best `limit` so far, the worst on top.
  const auto worse_first = [](const Counted& a, const Counted& b) {
    return better(a.count, a.index, b.count, b.index);
  };
  // Ranks come in order of falling document frequency, which bounds every later count: once
  // every type has `limit` entities and no later entity can beat the worst of any of them, the
  // selection is final. `settled_above` is the least of those worst counts (0: not yet).
  std::uint32_t settled_above = 0;
  const auto consider = [&](std::uint32_t index, entities::EntityId id, std::uint32_t count) {
    auto& best = best_[id & 3];
    if (best.size() == limit) {
      if (!better(count, index, best.front().count, best.front().index)) return;
      std::pop_heap(best.begin(), best.end(), worse_first);
      best.back() = {count, id, index};
    } else {
      best.push_back({count, id, index});
    }
    std::push_heap(best.begin(), best.end(), worse_first);
    if (file_ != nullptr && best.size() == limit) {
      settled_above = UINT32_MAX;
      for (const auto& kept : best_) {
        settled_above = kept.size() == limit ? std::min(settled_above, kept.front().count) : 0;
        if (settled_above == 0) break;
      }
    }
  };
  // Most entities of a query are mentioned once; only the heap's worst can be displaced.
  if (gathering_) {
    tally([&](std::uint32_t rank, std::uint32_t count) {
      if (count >= settled_above) consider(rank, file_->id(rank), count);
    });
  } else if (tracking_) {
    for (const std::uint32_t rank : touched_) {
      if (counts_[rank] >= settled_above) consider(rank, file_->id(rank), counts_[rank]);
    }
  } else {
    for (std::uint32_t index = 0; index < counts_.size(); ++index) {
      if (settled_above > 0 && file_->frequency(index) < settled_above) break;
      if (counts_[index] == 0) continue;
      consider(index, file_ != nullptr ? file_->id(index) : (index << 2 | types_[index]),
               counts_[index]);
    }
  }
  for (auto& best : best_) std::sort_heap(best.begin(), best.end(), worse_first);
  selected_limit_ = limit;
}

std::vector<FacetCount> EntityFacetSpy::top(entities::EntityType type, std::size_t limit) {
  if (pending_count_ > 0) {
    settle();
    selected_limit_.reset();
  }
  if (selected_limit_ != limit) select(limit);
  std::vector<FacetCount> result;
  for (const Counted& counted : best_[static_cast<std::size_t>(type)]) {
    std::string name =
        file_ != nullptr
            ? std::string(file_->name(counted.index))
            : db_.get_metadata(std::string(schema::kMetaEntityName) + std::to_string(counted.id));
    result.push_back(
        {name.empty() ? "#" + std::to_string(counted.id) : std::move(name), counted.count});
  }
  std::stable_sort(result.begin(), result.end(), [](const FacetCount& a, const FacetCount& b) {
    return a.count != b.count ? a.count > b.count : a.name < b.name;
  });
  return result;
}

}  // namespace newsdex::search
