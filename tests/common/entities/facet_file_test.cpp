// Tests for the facet file: written from a database, read back, and ignored once stale.
#include "entities/facet_file.hpp"

#include <doctest/doctest.h>

#include <fstream>

#include "../temp_dir.hpp"
#include "schema.hpp"

namespace newsdex::entities {

namespace {

void add(Xapian::WritableDatabase& db, const std::vector<EntityId>& ids) {
  Xapian::Document doc;
  doc.add_term("x");
  if (!ids.empty()) doc.add_value(schema::kSlotEntities, encode_entity_ids(ids));
  db.add_document(doc);
}

}  // namespace

// Returns the ids of the entities `file` holds for `did`, in the document's order.
std::vector<EntityId> ids_of(const FacetFile& file, Xapian::docid did) {
  std::vector<EntityId> ids;
  for (std::uint32_t rank : file.ranks(did)) ids.push_back(file.id(rank));
  return ids;
}

TEST_CASE("the facet file holds each document's entities, ranked by how many mention them") {
  newsdex::testing::TempDir tmp;
  const std::filesystem::path path = tmp.path() / "db";
  const EntityId putin = make_entity_id(1, EntityType::kPerson);
  const EntityId kyiv = make_entity_id(2, EntityType::kPlace);
  const EntityId nato = make_entity_id(3, EntityType::kOrg);
  Xapian::WritableDatabase db(path.string(), Xapian::DB_CREATE);
  add(db, {putin, kyiv});
  add(db, {});
  add(db, {kyiv, nato});
  db.set_metadata(std::string(schema::kMetaEntityName) + std::to_string(putin), "Vladimir Putin");
  db.set_metadata(std::string(schema::kMetaEntityName) + std::to_string(kyiv), "Kyiv");
  db.commit();
  write_facet_file(db, path);

  const auto file = FacetFile::open(db, path);
  REQUIRE(file != nullptr);
  CHECK(ids_of(*file, 1) == std::vector<EntityId>{putin, kyiv});
  CHECK(file->ranks(2).empty());
  CHECK(ids_of(*file, 3) == std::vector<EntityId>{kyiv, nato});
  CHECK(file->ranks(4).empty());
  CHECK(file->ranks(999).empty());
  // Kyiv (two documents) first; then Putin and NATO (one each) in the order of the first
  // document that mentions them.
  REQUIRE(file->entity_count() == 3);
  CHECK(file->id(0) == kyiv);
  CHECK(file->id(1) == putin);
  CHECK(file->id(2) == nato);
  CHECK(file->id(3) == 0);
  CHECK(file->frequency(0) == 2);
  CHECK(file->frequency(1) == 1);
  CHECK(file->frequency(3) == 0);
  CHECK(file->name(0) == "Kyiv");
  CHECK(file->name(1) == "Vladimir Putin");
  CHECK(file->name(2).empty());  // no name recorded
  CHECK(file->name(77).empty());
  // Each document's length, as Xapian gives it: one term "x" of wdf 1 each.
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    CHECK(file->length(*it) == 1);
  }
  CHECK(file->length(999) == 0);

  SUBCASE("duplicate groups are numbered by key") {
    Xapian::Document copy;
    copy.add_term("x");
    copy.add_value(schema::kSlotDuplicateGroup, "key-a");
    db.replace_document(1, copy);
    copy.add_value(schema::kSlotEntities, encode_entity_ids({kyiv}));
    db.replace_document(3, copy);
    Xapian::Document other;
    other.add_term("x");
    other.add_value(schema::kSlotDuplicateGroup, "key-b");
    db.add_document(other);  // 4
    db.add_document(other);  // 5
    Xapian::Document alone;
    alone.add_term("x");
    alone.add_value(schema::kSlotDuplicateGroup, "key-c");
    db.add_document(alone);  // 6
    db.commit();
    write_facet_file(db, path);
    const auto grouped = FacetFile::open(db, path);
    REQUIRE(grouped != nullptr);
    CHECK(grouped->group_count() == 2);
    CHECK(grouped->group(1) == 1);  // numbered in order of first appearance
    CHECK(grouped->group(1) == grouped->group(3));
    CHECK(grouped->group(2) == 0);  // no key
    CHECK(grouped->group(4) == 2);
    CHECK(grouped->group(5) == 2);
    CHECK(grouped->group(6) == 0);  // a key no other document has
    CHECK(grouped->group(999) == 0);
  }
  SUBCASE("a commit after the file was written makes it stale") {
    add(db, {putin});
    db.commit();
    CHECK(FacetFile::open(db, path) == nullptr);
  }
  SUBCASE("a damaged file is not used") {
    std::filesystem::resize_file(path / kFacetFileName, 40);
    CHECK(FacetFile::open(db, path) == nullptr);
  }
  SUBCASE("no file, no facet file") {
    std::filesystem::remove(path / kFacetFileName);
    CHECK(FacetFile::open(db, path) == nullptr);
  }
}

TEST_CASE("the facet file orders equally mentioned entities by document, whatever their ids") {
  // A build on two shards gives ids in the order its threads meet the entities, so ids can run
  // against the documents' order; ties must follow the documents, which every rebuild keeps.
  newsdex::testing::TempDir tmp;
  const std::filesystem::path path = tmp.path() / "db";
  const EntityId late = make_entity_id(9, EntityType::kPerson);
  const EntityId early = make_entity_id(2, EntityType::kPerson);
  const EntityId middle = make_entity_id(5, EntityType::kOrg);
  Xapian::WritableDatabase db(path.string(), Xapian::DB_CREATE);
  add(db, {late});
  add(db, {middle, early});
  add(db, {early, late, middle});
  add(db, {early});
  db.commit();
  write_facet_file(db, path);
  const auto file = FacetFile::open(db, path);
  REQUIRE(file != nullptr);
  REQUIRE(file->entity_count() == 3);
  CHECK(file->id(0) == early);   // three documents
  CHECK(file->id(1) == late);    // two, the first in document 1
  CHECK(file->id(2) == middle);  // two, the first in document 2
}

TEST_CASE("a facet file larger than one 2 MiB write reads back whole") {
  // Written in 2 MiB pieces; every document's entities must come back across their seams.
  newsdex::testing::TempDir tmp;
  const std::filesystem::path path = tmp.path() / "db";
  const auto mentioned_by = [](Xapian::docid did) {
    std::vector<EntityId> ids;
    for (std::uint32_t serial = 1; serial <= 120; ++serial) {
      if ((did + serial) % 5 != 0) {
        ids.push_back(make_entity_id(serial, static_cast<EntityType>(serial % 4)));
      }
    }
    return ids;
  };
  constexpr Xapian::docid kDocuments = 12'000;  // 96 mentions each: 2.3 MB of ranks
  Xapian::WritableDatabase db(path.string(), Xapian::DB_CREATE);
  for (Xapian::docid did = 1; did <= kDocuments; ++did) add(db, mentioned_by(did));
  db.commit();
  write_facet_file(db, path);
  REQUIRE(std::filesystem::file_size(path / kFacetFileName) > std::size_t{2} << 20);
  const auto file = FacetFile::open(db, path);
  REQUIRE(file != nullptr);
  std::size_t wrong = 0;
  for (Xapian::docid did = 1; did <= kDocuments; ++did) {
    if (ids_of(*file, did) != mentioned_by(did)) ++wrong;
  }
  CHECK(wrong == 0);
  CHECK(file->entity_count() == 120);
}

}  // namespace newsdex::entities
