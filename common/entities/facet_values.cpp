// Entity id construction and varint encoding.
#include "entities/facet_values.hpp"

namespace newsdex::entities {

std::string encode_entity_ids(const std::vector<EntityId>& ids) {
  std::string out;
  for (EntityId id : ids) {
    while (id >= 0x80) {
      out.push_back(static_cast<char>((id & 0x7F) | 0x80));
      id >>= 7;
    }
    out.push_back(static_cast<char>(id));
  }
  return out;
}

std::vector<EntityId> decode_entity_ids(std::string_view encoded) {
  std::vector<EntityId> ids;
  for_each_entity_id(encoded, [&ids](EntityId id) { ids.push_back(id); });
  return ids;
}

}  // namespace newsdex::entities
