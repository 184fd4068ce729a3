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

TEST_CASE("the facet file holds each document's ids and each entity's name") {
  newsdex::testing::TempDir tmp;
  const std::filesystem::path path = tmp.path() / "db";
  const EntityId putin = make_entity_id(1, EntityType::kPerson);
  const EntityId kyiv = make_entity_id(2, EntityType::kPlace);
  Xapian::WritableDatabase db(path.string(), Xapian::DB_CREATE);
  add(db, {putin, kyiv});
  add(db, {});
  add(db, {kyiv});
  db.set_metadata(std::string(schema::kMetaEntityName) + std::to_string(putin), "Vladimir Putin");
  db.set_metadata(std::string(schema::kMetaEntityName) + std::to_string(kyiv), "Kyiv");
  db.commit();
  write_facet_file(db, path);

  const auto file = FacetFile::open(db, path);
  REQUIRE(file != nullptr);
  CHECK(std::vector<EntityId>(file->ids(1).begin(), file->ids(1).end()) ==
        std::vector<EntityId>{putin, kyiv});
  CHECK(file->ids(2).empty());
  CHECK(std::vector<EntityId>(file->ids(3).begin(), file->ids(3).end()) ==
        std::vector<EntityId>{kyiv});
  CHECK(file->ids(4).empty());
  CHECK(file->ids(999).empty());
  CHECK(file->name(putin) == "Vladimir Putin");
  CHECK(file->name(kyiv) == "Kyiv");
  CHECK(file->name(make_entity_id(77, EntityType::kOrg)).empty());
  CHECK(file->id_limit() > kyiv);

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

}  // namespace newsdex::entities
