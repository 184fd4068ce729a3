// The value-slot encoding of an article's entities, written at index time and read by facets.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "entities/entity.hpp"

namespace newsdex::entities {

// Returns the entities' (type, display name) pairs encoded for schema::kSlotEntities: for each
// entity one type letter ('p', 'o', 'l', 'e'), the name, and a '\n'. Names never hold '\n'
// (newlines in a name become spaces). Never throws except std::bad_alloc.
std::string encode_facet_values(const std::vector<Entity>& entities);

// Calls `visit(record)` for each encoded record (type letter + name, at least 2 bytes) of a
// value made by encode_facet_values. Never throws itself.
template <typename Visitor>
void for_each_facet_record(std::string_view encoded, Visitor&& visit) {
  while (!encoded.empty()) {
    const std::size_t end = encoded.find('\n');
    const std::string_view record = encoded.substr(0, end);
    encoded = end == std::string_view::npos ? std::string_view() : encoded.substr(end + 1);
    if (record.size() >= 2) visit(record);
  }
}

// Calls `visit(type, name)` for each pair in a value made by encode_facet_values; skips
// malformed records. `name` views into `encoded`. Never throws itself.
template <typename Visitor>
void decode_facet_values(std::string_view encoded, Visitor&& visit);

// Returns the type letter of `type` in the encoding above.
char type_letter(EntityType type);

// Returns the type of `letter`, or nullopt when it is not a type letter.
std::optional<EntityType> type_of_letter(char letter);

template <typename Visitor>
void decode_facet_values(std::string_view encoded, Visitor&& visit) {
  for_each_facet_record(encoded, [&visit](std::string_view record) {
    if (auto type = type_of_letter(record[0])) visit(*type, record.substr(1));
  });
}

}  // namespace newsdex::entities
