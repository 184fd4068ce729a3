// The facet file: a memory-mapped copy of every document's entity ids and every entity's name.
//
// Counting facets through Xapian values costs a value-stream read per matching document; this
// file, written beside the database when the indexer finishes, turns that into an array
// lookup by docid, and the names into another. It is a cache: the database (value slot
// schema::kSlotEntities and the kMetaEntityName metadata) stays the source of truth. The file
// records the database revision it was built from and is ignored unless that matches, so an
// interrupted or concurrent indexer can never make facets wrong, only slower.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string_view>

#include "entities/facet_values.hpp"

namespace newsdex::entities {

// The file's name inside the database directory.
inline constexpr std::string_view kFacetFileName = "newsdex-facets";

// Writes the facet file of `db` (committed, at its current revision) into `db_dir` (the
// database's own directory: paths::resolve_stub of a stub database file), replacing
// any older one atomically (write, then rename). Throws std::runtime_error on I/O errors and
// Xapian::Error on database errors.
void write_facet_file(const Xapian::Database& db, const std::filesystem::path& db_dir);

class FacetFile {
 public:
  // Returns the facet file in `db_dir` when it exists, is well-formed and was built from
  // `db`'s current revision; nullptr otherwise. Never throws (a bad file is just not used).
  static std::unique_ptr<FacetFile> open(const Xapian::Database& db,
                                         const std::filesystem::path& db_dir);
  ~FacetFile();
  FacetFile(const FacetFile&) = delete;
  FacetFile& operator=(const FacetFile&) = delete;

  // Returns the entity ids of document `did` (empty when it has none or is out of range).
  std::span<const EntityId> ids(Xapian::docid did) const;

  // Returns the display name of entity `id`, or empty when unknown.
  std::string_view name(EntityId id) const;

  // Returns one more than the largest entity id the file knows (a size for count arrays).
  std::size_t id_limit() const { return static_cast<std::size_t>(name_slots_) << 2; }

 private:
  FacetFile() = default;

  void* map_ = nullptr;
  std::size_t map_bytes_ = 0;
  const std::uint32_t* doc_offsets_ = nullptr;  // doc_slots_ + 1 entries
  const EntityId* ids_ = nullptr;
  const std::uint32_t* name_offsets_ = nullptr;  // name_slots_ + 1 entries
  const char* names_ = nullptr;
  std::uint32_t doc_slots_ = 0;
  std::uint32_t id_count_ = 0;
  std::uint32_t name_slots_ = 0;
  std::uint32_t name_bytes_ = 0;
};

}  // namespace newsdex::entities
