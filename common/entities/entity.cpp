// Names of entity types.
#include "entities/entity.hpp"

namespace newsdex::entities {

std::string_view type_name(EntityType type) {
  switch (type) {
    case EntityType::kPerson:
      return "person";
    case EntityType::kOrg:
      return "org";
    case EntityType::kPlace:
      return "place";
    case EntityType::kOther:
      return "other";
  }
  return "other";
}

std::optional<EntityType> parse_type(std::string_view name) {
  for (EntityType type : kAllEntityTypes) {
    if (type_name(type) == name) return type;
  }
  return std::nullopt;
}

}  // namespace newsdex::entities
