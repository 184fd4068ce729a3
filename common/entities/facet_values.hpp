// Entity ids and their value-slot encoding, written at index time and counted by the facets.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "entities/entity.hpp"

namespace newsdex::entities {

// An entity id carries its type in the low two bits, so counting needs no name lookups:
// id = serial << 2 | type code (person 0, org 1, place 2, other 3), serial >= 1.
using EntityId = std::uint32_t;

// Returns the id of the `serial`-th entity of `type`.
inline EntityId make_entity_id(std::uint32_t serial, EntityType type) {
  return serial << 2 | static_cast<EntityId>(type);
}

// Returns the type carried by `id`.
inline EntityType type_of(EntityId id) { return static_cast<EntityType>(id & 3); }

// Returns `ids` encoded for schema::kSlotEntities: each id as an unsigned LEB128 varint.
std::string encode_entity_ids(const std::vector<EntityId>& ids);

// Calls `visit(id)` for each id encoded by encode_entity_ids; a truncated last varint is
// ignored. Never throws itself.
template <typename Visitor>
void for_each_entity_id(std::string_view encoded, Visitor&& visit) {
  EntityId id = 0;
  unsigned shift = 0;
  for (char c : encoded) {
    const auto byte = static_cast<unsigned char>(c);
    if (shift < 32) id |= static_cast<EntityId>(byte & 0x7F) << shift;
    if (byte & 0x80) {
      shift += 7;
    } else {
      visit(id);
      id = 0;
      shift = 0;
    }
  }
}

// Returns the ids encoded in `encoded`, in order.
std::vector<EntityId> decode_entity_ids(std::string_view encoded);

}  // namespace newsdex::entities
