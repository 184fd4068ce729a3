// Facet counting over entity ids, from the facet file when it is current, else from values.
#include "search/facets.hpp"

#include <algorithm>

#include "schema.hpp"

namespace newsdex::search {

EntityFacetSpy::EntityFacetSpy(const Xapian::Database& db, const entities::FacetFile* file)
    : db_(db), file_(file) {
  if (file_ != nullptr) {
    id_limit_ = file_->id_limit();
  } else if (const std::string next = db.get_metadata(std::string(schema::kMetaEntityNextSerial));
             !next.empty()) {
    id_limit_ = std::size_t{std::stoul(next)} << 2;
  }
}

std::size_t EntityFacetSpy::slot_of(entities::EntityId id) const {
  const std::size_t mask = keys_.size() - 1;
  // Fibonacci hashing spreads the consecutive ids of one type over the table.
  std::size_t slot = (static_cast<std::size_t>(id) * 0x9E3779B97F4A7C15ull >> 20) & mask;
  while (keys_[slot] != id && keys_[slot] != 0) slot = (slot + 1) & mask;
  return slot;
}

void EntityFacetSpy::count(entities::EntityId id) {
  if (!dense_.empty()) {
    if (id >= dense_.size()) dense_.resize(std::size_t{id} + 1);  // an id newer than the limit
    ++dense_[id];
    return;
  }
  std::size_t slot = slot_of(id);
  if (keys_[slot] == 0) {
    if ((used_ + 1) * 2 > keys_.size()) {
      grow();
      if (!dense_.empty()) {
        count(id);
        return;
      }
      slot = slot_of(id);
    }
    keys_[slot] = id;
    ++used_;
  }
  ++counts_[slot];
}

void EntityFacetSpy::grow() {
  // A table this full holds a sizeable share of all ids: the dense array is then no larger
  // than a few more doublings and needs no probing.
  if (id_limit_ > 0 && keys_.size() * 8 >= id_limit_) {
    dense_.assign(id_limit_, 0);
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i] == 0) continue;
      if (keys_[i] >= dense_.size()) dense_.resize(std::size_t{keys_[i]} + 1);
      dense_[keys_[i]] = counts_[i];
    }
    keys_.clear();
    counts_.clear();
    return;
  }
  std::vector<entities::EntityId> old_keys(keys_.size() * 2, 0);
  std::vector<std::uint32_t> old_counts(counts_.size() * 2, 0);
  old_keys.swap(keys_);
  old_counts.swap(counts_);
  for (std::size_t i = 0; i < old_keys.size(); ++i) {
    if (old_keys[i] == 0) continue;
    const std::size_t slot = slot_of(old_keys[i]);
    keys_[slot] = old_keys[i];
    counts_[slot] = old_counts[i];
  }
}

void EntityFacetSpy::operator()(const Xapian::Document& doc, double /*weight*/) {
  ++documents_;
  if (file_ != nullptr) {
    for (entities::EntityId id : file_->ids(doc.get_docid())) count(id);
  } else {
    entities::for_each_entity_id(doc.get_value(schema::kSlotEntities),
                                 [this](entities::EntityId id) { count(id); });
  }
}

std::vector<FacetCount> EntityFacetSpy::top(entities::EntityType type, std::size_t limit) const {
  if (!gathered_) {
    for (std::size_t id = 0; id < dense_.size(); ++id) {
      if (dense_[id] != 0) {
        by_type_[static_cast<std::size_t>(entities::type_of(static_cast<entities::EntityId>(id)))]
            .emplace_back(static_cast<entities::EntityId>(id), dense_[id]);
      }
    }
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      if (keys_[i] != 0) {
        by_type_[static_cast<std::size_t>(entities::type_of(keys_[i]))].emplace_back(keys_[i],
                                                                                     counts_[i]);
      }
    }
    gathered_ = true;
  }
  auto& selected = by_type_[static_cast<std::size_t>(type)];
  // Select by count and id (cheap), then read the few names needed.
  const auto by_count = [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  };
  const std::size_t keep = std::min(limit, selected.size());
  std::partial_sort(selected.begin(), selected.begin() + static_cast<std::ptrdiff_t>(keep),
                    selected.end(), by_count);
  std::vector<FacetCount> result;
  for (std::size_t i = 0; i < keep; ++i) {
    const auto [id, count] = selected[i];
    std::string name =
        file_ != nullptr
            ? std::string(file_->name(id))
            : db_.get_metadata(std::string(schema::kMetaEntityName) + std::to_string(id));
    result.push_back({name.empty() ? "#" + std::to_string(id) : std::move(name), count});
  }
  std::stable_sort(result.begin(), result.end(), [](const FacetCount& a, const FacetCount& b) {
    return a.count != b.count ? a.count > b.count : a.name < b.name;
  });
  return result;
}

}  // namespace newsdex::search
