// Facet counting over entity ranks from the facet file, or entity ids from values without it.
#include "search/facets.hpp"

#include <algorithm>
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

}  // namespace

EntityFacetSpy::EntityFacetSpy(const Xapian::Database& db, const entities::FacetFile* file)
    : db_(db), file_(file) {
  if (file_ != nullptr) {
    counts_.swap(spare_counts);
    counts_.resize(file_->entity_count());  // zero: fresh from calloc, or zeroed by the last
    touched_limit_ = counts_.size() / 8;
    tracking_ = true;
  } else if (const std::string next = db.get_metadata(std::string(schema::kMetaEntityNextSerial));
             !next.empty()) {
    counts_.resize(std::stoul(next) + 1);
    types_.assign(counts_.size(), 0);
  }
}

EntityFacetSpy::~EntityFacetSpy() {
  if (file_ == nullptr) return;
  if (tracking_) {
    for (const std::uint32_t rank : touched_) counts_[rank] = 0;
  } else {
    std::fill(counts_.begin(), counts_.end(), 0);
  }
  counts_.swap(spare_counts);
}

void EntityFacetSpy::count(Xapian::docid did) {
  ++documents_;
  pending_[pending_count_++] = did;
  if (pending_count_ == kBatch) settle();
}

void EntityFacetSpy::settle() {
  const std::size_t pending = std::exchange(pending_count_, 0);
  for (std::size_t i = 0; i < pending; ++i) file_->prefetch_offsets(pending_[i]);
  for (std::size_t i = 0; i < pending; ++i) file_->prefetch_ranks(pending_[i]);
  const std::size_t size = counts_.size();
  std::uint32_t* counts = counts_.data();
  for (std::size_t i = 0; i < pending; ++i) {
    if (tracking_) {
      file_->for_each_rank(pending_[i], [this, counts, size](std::uint32_t rank) {
        if (rank < size && counts[rank]++ == 0) touched_.push_back(rank);
      });
      tracking_ = touched_.size() <= touched_limit_;
    } else {
      file_->for_each_rank(pending_[i], [counts, size](std::uint32_t rank) {
        if (rank < size) ++counts[rank];  // a damaged file may hold anything
      });
    }
  }
}

void EntityFacetSpy::merge(EntityFacetSpy& other) {
  settle();
  other.settle();
  documents_ += other.documents_;
  const std::size_t size = std::min(counts_.size(), other.counts_.size());
  const auto add = [&](std::uint32_t rank) {
    if (rank >= size || other.counts_[rank] == 0) return;
    if (tracking_ && counts_[rank] == 0) touched_.push_back(rank);
    counts_[rank] += other.counts_[rank];
  };
  if (other.tracking_) {
    for (const std::uint32_t rank : other.touched_) add(rank);
  } else {
    for (std::uint32_t rank = 0; rank < size; ++rank) add(rank);
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
  const auto consider = [&](std::uint32_t index, entities::EntityId id) {
    const std::uint32_t count = counts_[index];
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
  if (tracking_) {
    for (const std::uint32_t rank : touched_) {
      // Most entities of a query are mentioned once; only the heap's worst can be displaced.
      if (counts_[rank] < settled_above) continue;
      consider(rank, file_->id(rank));
    }
  } else {
    for (std::uint32_t index = 0; index < counts_.size(); ++index) {
      if (settled_above > 0 && file_->frequency(index) < settled_above) break;
      if (counts_[index] == 0) continue;
      consider(index, file_ != nullptr ? file_->id(index) : (index << 2 | types_[index]));
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
