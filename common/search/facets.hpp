// Entity facets: exact counts, over a whole match set, of the entities its articles mention.
#pragma once

#include <xapian.h>

#include <array>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "entities/entity.hpp"

namespace newsdex::search {

struct FacetCount {
  std::string name;   // the entity's display name
  std::size_t count;  // articles of the match set that mention it
};

// A MatchSpy that reads schema::kSlotEntities of every matching document. Attach it to an
// Enquire whose get_mset checks at least every document (check_at_least = doccount), so the
// counts are exact over the whole match set and not just the page shown.
class EntityFacetSpy : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double weight) override;
  std::string name() const override { return "newsdex.EntityFacetSpy"; }

  // Returns the `limit` entities of `type` mentioned by most matching articles, most first,
  // ties by name. Never throws except std::bad_alloc.
  std::vector<FacetCount> top(entities::EntityType type, std::size_t limit) const;

  // Returns the number of documents seen.
  std::size_t documents_seen() const { return documents_; }

 private:
  // Keyed by the encoded record (type letter + name), which is unique per entity.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::size_t, Hash, std::equal_to<>> counts_;
  std::size_t documents_ = 0;
};

}  // namespace newsdex::search
