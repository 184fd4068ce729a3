// Encoding of entity facet values.
#include "entities/facet_values.hpp"

namespace newsdex::entities {

char type_letter(EntityType type) {
  switch (type) {
    case EntityType::kPerson:
      return 'p';
    case EntityType::kOrg:
      return 'o';
    case EntityType::kPlace:
      return 'l';
    case EntityType::kOther:
      return 'e';
  }
  return 'e';
}

std::optional<EntityType> type_of_letter(char letter) {
  for (EntityType type : kAllEntityTypes) {
    if (type_letter(type) == letter) return type;
  }
  return std::nullopt;
}

std::string encode_facet_values(const std::vector<Entity>& entities) {
  std::string out;
  for (const Entity& entity : entities) {
    if (entity.name.empty()) continue;
    out.push_back(type_letter(entity.type));
    for (char c : entity.name) out.push_back(c == '\n' || c == '\r' ? ' ' : c);
    out.push_back('\n');
  }
  return out;
}

}  // namespace newsdex::entities
