// Facet counting over entity ids, from the facet file when it is current, else from values.
#include "search/facets.hpp"

#include <algorithm>

#include "schema.hpp"

namespace newsdex::search {

EntityFacetSpy::EntityFacetSpy(const Xapian::Database& db, const entities::FacetFile* file)
    : db_(db), file_(file) {
  // Sized once for every id handed out so far, so counting rarely reallocates.
  if (file_ != nullptr) {
    counts_.resize(file_->id_limit());
  } else if (const std::string next = db.get_metadata(std::string(schema::kMetaEntityNextSerial));
             !next.empty()) {
    counts_.resize(std::size_t{std::stoul(next)} << 2);
  }
}

void EntityFacetSpy::count(entities::EntityId id) {
  if (id >= counts_.size()) counts_.resize(std::max<std::size_t>(id + 1, counts_.size() * 2));
  if (counts_[id]++ == 0) seen_.push_back(id);
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
  std::vector<std::pair<entities::EntityId, std::uint32_t>> selected;
  for (entities::EntityId id : seen_) {
    if (entities::type_of(id) == type) selected.emplace_back(id, counts_[id]);
  }
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
