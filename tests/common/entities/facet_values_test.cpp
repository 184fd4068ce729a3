// Tests for entity ids and their varint encoding in the facet value slot.
#include "entities/facet_values.hpp"

#include <doctest/doctest.h>

namespace newsdex::entities {

TEST_CASE("an entity id carries its type and keeps serials apart") {
  for (EntityType type : kAllEntityTypes) {
    CAPTURE(type_name(type));
    for (std::uint32_t serial : {1u, 2u, 127u, 128u, 1000000u}) {
      CHECK(type_of(make_entity_id(serial, type)) == type);
    }
  }
  CHECK(make_entity_id(1, EntityType::kPerson) != make_entity_id(1, EntityType::kOther));
  CHECK(make_entity_id(1, EntityType::kPlace) != make_entity_id(2, EntityType::kPlace));
}

TEST_CASE("ids round-trip through the varint encoding, in order") {
  const std::vector<EntityId> ids = {4, 127, 128, 16383, 16384, 0xFFFFFFFFu, 0};
  const std::string encoded = encode_entity_ids(ids);
  CHECK(encoded.size() == 1 + 1 + 2 + 2 + 3 + 5 + 1);
  CHECK(decode_entity_ids(encoded) == ids);
  CHECK(encode_entity_ids({}).empty());
  CHECK(decode_entity_ids("").empty());
}

TEST_CASE("a truncated last varint is ignored") {
  std::string encoded = encode_entity_ids({5, 300});
  encoded.pop_back();  // leaves 300's continuation byte dangling
  CHECK(decode_entity_ids(encoded) == std::vector<EntityId>{5});
}

}  // namespace newsdex::entities
