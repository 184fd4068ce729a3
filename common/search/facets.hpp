// Entity facets: exact counts, over a whole match set, of the entities its articles mention.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "entities/entity.hpp"
#include "entities/facet_file.hpp"
#include "entities/facet_values.hpp"

namespace newsdex::search {

struct FacetCount {
  std::string name;   // the entity's display name
  std::size_t count;  // articles of the match set that mention it
};

// A MatchSpy that reads schema::kSlotEntities of every matching document and counts entity
// ids; names are looked up only for the entities reported. Attach it to an Enquire whose
// get_mset checks at least every document (check_at_least = doccount), so the counts are exact
// over the whole match set and not just the page shown.
class EntityFacetSpy : public Xapian::MatchSpy {
 public:
  // Reads ids and names from `file` when it is not null, else from `db`'s values and metadata.
  // Both must outlive the spy.
  EntityFacetSpy(const Xapian::Database& db, const entities::FacetFile* file);

  void operator()(const Xapian::Document& doc, double weight) override;
  std::string name() const override { return "newsdex.EntityFacetSpy"; }

  // Returns the `limit` entities of `type` mentioned by most matching articles, most first;
  // among equal counts, those first indexed, then shown by name. Throws Xapian::Error when
  // the names cannot be read.
  std::vector<FacetCount> top(entities::EntityType type, std::size_t limit) const;

  // Returns the number of documents seen.
  std::size_t documents_seen() const { return documents_; }

 private:
  // Counts the ids of one document.
  void count(entities::EntityId id);

  const Xapian::Database& db_;
  const entities::FacetFile* file_;
  // An open-addressing table of (id, count), sized by what a query meets rather than by every
  // entity of the corpus: zeroing an array of all ids per query cost more than the counting.
  // Ids are never 0 (serials start at 1), so 0 marks a free slot.
  std::vector<entities::EntityId> keys_ = std::vector<entities::EntityId>(4096, 0);
  std::vector<std::uint32_t> counts_ = std::vector<std::uint32_t>(4096, 0);
  std::size_t used_ = 0;
  // Once a query has met many distinct entities, a dense array indexed by id (as large as every
  // id handed out) is cheaper than the growing table; counting moves there.
  std::vector<std::uint32_t> dense_;
  std::size_t id_limit_ = 0;  // ids known to the database; 0: unknown, never go dense
  // (id, count) per entity type, gathered from the table on the first call to top().
  mutable std::vector<std::pair<entities::EntityId, std::uint32_t>> by_type_[4];
  mutable bool gathered_ = false;

  // Returns the slot holding `id`, or the free slot where it belongs.
  std::size_t slot_of(entities::EntityId id) const;
  // Doubles the table, keeping every count, or moves the counts to dense_.
  void grow();
  std::size_t documents_ = 0;
};

}  // namespace newsdex::search
