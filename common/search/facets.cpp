// Facet counting over the entity value slot.
#include "search/facets.hpp"

#include <algorithm>

#include "entities/facet_values.hpp"
#include "schema.hpp"

namespace newsdex::search {

void EntityFacetSpy::operator()(const Xapian::Document& doc, double /*weight*/) {
  ++documents_;
  const std::string encoded = doc.get_value(schema::kSlotEntities);
  entities::for_each_facet_record(encoded, [this](std::string_view record) {
    if (auto it = counts_.find(record); it != counts_.end()) {
      ++it->second;
    } else {
      counts_.emplace(record, 1);
    }
  });
}

std::vector<FacetCount> EntityFacetSpy::top(entities::EntityType type, std::size_t limit) const {
  const char letter = entities::type_letter(type);
  std::vector<FacetCount> result;
  for (const auto& [record, count] : counts_) {
    if (record[0] == letter) result.push_back({record.substr(1), count});
  }
  const auto order = [](const FacetCount& a, const FacetCount& b) {
    return a.count != b.count ? a.count > b.count : a.name < b.name;
  };
  if (result.size() > limit) {
    std::partial_sort(result.begin(), result.begin() + static_cast<std::ptrdiff_t>(limit),
                      result.end(), order);
    result.resize(limit);
  } else {
    std::sort(result.begin(), result.end(), order);
  }
  return result;
}

}  // namespace newsdex::search
