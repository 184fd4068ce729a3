// Entity value types shared by the extractor, the document builder and the facets.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex::entities {

// The values are stored in the index (entity ids, facet_values.hpp): never renumber them.
enum class EntityType { kPerson = 0, kOrg = 1, kPlace = 2, kOther = 3 };

inline constexpr EntityType kAllEntityTypes[] = {EntityType::kPerson, EntityType::kOrg,
                                                 EntityType::kPlace, EntityType::kOther};

// Returns "person", "org", "place" or "other".
std::string_view type_name(EntityType type);

// Returns the type named by `name` (as type_name spells it), or nullopt.
std::optional<EntityType> parse_type(std::string_view name);

enum class TextField { kTitle, kBody };

// One occurrence of an entity: UTF-8 byte offsets [start, end) into the field's text.
struct Mention {
  TextField field = TextField::kBody;
  std::size_t start = 0;
  std::size_t end = 0;
};

// A named entity of one article: its canonical display name ("Volodymyr Zelensky") and every
// mention of it (of any variant: "Zelensky", "Zelenskyy", "President Volodymyr Zelensky's").
struct Entity {
  EntityType type = EntityType::kOther;
  std::string name;
  std::vector<Mention> mentions;
};

}  // namespace newsdex::entities
