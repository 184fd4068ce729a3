// Tests for index::IndexWriter: what a writer let go without committing leaves behind.
#include "index/index_writer.hpp"

#include <doctest/doctest.h>

#include <string>

#include "../temp_dir.hpp"
#include "entities/entity.hpp"
#include "index/document_builder.hpp"
#include "index_fixtures.hpp"
#include "schema.hpp"

namespace newsdex::index {
namespace {

using fixtures::spelling_frequency;

// Builds an article with id `id` and writes it as new.
void write_new(IndexWriter& writer, DocumentBuilder& builder, const std::string& id) {
  Article a;
  a.id = id;
  a.title = "Harbour news " + id;
  a.body = "The ferry sailed at dawn.";
  writer.write(id_term(a.id), builder.build(a, {}), builder.spelling_words(), false);
}

}  // namespace

TEST_CASE("a writer let go without commit() leaves a new database empty") {
  // As when a run fails before its first batch is done: the documents must not be committed
  // without the schema version that commit() records, or the database would pass for stale.
  testing::TempDir dir;
  const auto path = dir.path() / "db";
  {
    IndexWriter writer(path);
    DocumentBuilder builder;
    write_new(writer, builder, "a");
    write_new(writer, builder, "b");
    writer.entity_id(entities::EntityType::kPerson, "Ada Lovelace");
  }
  const Xapian::Database db(path.string());
  CHECK(db.get_doccount() == 0);
  CHECK(stale_reason(db).empty());
  CHECK(db.get_metadata(std::string(schema::kMetaEntityNextSerial)).empty());
  CHECK(db.metadata_keys_begin() == db.metadata_keys_end());
}

TEST_CASE("a writer let go without commit() keeps what it committed and drops the rest") {
  testing::TempDir dir;
  const auto path = dir.path() / "db";
  entities::EntityId first = 0;
  entities::EntityId dropped = 0;
  {
    IndexWriter writer(path);
    DocumentBuilder builder;
    write_new(writer, builder, "a");
    first = writer.entity_id(entities::EntityType::kPerson, "Ada Lovelace");
    writer.commit();
    // After the commit: a document, a new entity (its serial taken) and a synonym, all dropped.
    write_new(writer, builder, "b");
    dropped = writer.entity_id(entities::EntityType::kPerson, "Charles Babbage");
    writer.add_aliases("babbage", {"charles"});
    CHECK(writer.document_count() == 2);
  }
  {
    const Xapian::Database db(path.string());
    CHECK(db.get_doccount() == 1);
    CHECK(db.term_exists(id_term("a")));
    CHECK_FALSE(db.term_exists(id_term("b")));
    CHECK(spelling_frequency(db, "ferry") == 1);
    CHECK(db.synonyms_begin("charles") == db.synonyms_end("charles"));
    CHECK(stale_reason(db).empty());
  }
  // The next writer gives the next entity the serial the dropped one had taken, which is now
  // that entity's alone: the dropped one left no metadata behind (had it been committed without
  // the next serial, both names would map to one id and the name of that id be overwritten).
  IndexWriter writer(path);
  CHECK(writer.entity_id(entities::EntityType::kPerson, "Ada Lovelace") == first);
  const entities::EntityId next = writer.entity_id(entities::EntityType::kPerson, "Grace Hopper");
  CHECK(next == dropped);
  writer.commit();
  const Xapian::Database db(path.string());
  CHECK(db.get_metadata(std::string(schema::kMetaEntityName) + std::to_string(next)) ==
        "Grace Hopper");
  int holders = 0;  // entities recorded with the id `next`
  for (auto it = db.metadata_keys_begin(std::string(schema::kMetaEntityId));
       it != db.metadata_keys_end(std::string(schema::kMetaEntityId)); ++it) {
    if (db.get_metadata(*it) == std::to_string(next)) ++holders;
  }
  CHECK(holders == 1);
}

}  // namespace newsdex::index
