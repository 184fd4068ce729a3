// Tests for index::IndexWriter: what a writer let go without committing leaves behind, and what
// a shard's commits hold back.
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
using fixtures::spellings;

// Builds an article with id `id` and `body` and writes it, as new unless `replacing`.
void write_new(IndexWriter& writer, DocumentBuilder& builder, const std::string& id,
               const std::string& body = "The ferry sailed at dawn.", bool replacing = false) {
  Article a;
  a.id = id;
  a.title = "Harbour news " + id;
  a.body = body;
  writer.write(id_term(a.id), builder.build(a, {}), builder.spelling_words(), replacing);
}

// Returns `count` (at most 26^4) distinct words of letters only ("waaaa", "wbaaa", ...), as
// is_spelling_word takes them.
std::string distinct_words(std::size_t count) {
  std::string text;
  for (std::size_t n = 0; n < count; ++n) {
    std::string word = "w";
    for (std::size_t rest = n, digit = 0; digit < 4; rest /= 26, ++digit) {
      word += static_cast<char>('a' + rest % 26);
    }
    text += word + ' ';
  }
  return text;
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

TEST_CASE("a shard's commits hold its spelling counts back until its last commit") {
  // The same writes committed by commit() each time, and by a shard writer that holds its
  // spelling back: a replacement and a deletion take words away from counts still held.
  testing::TempDir dir;
  const auto plain_path = dir.path() / "plain";
  const auto shard_path = dir.path() / "shard";
  SharedEntityIds ids;
  IndexWriter plain(plain_path);
  IndexWriter shard(shard_path, &ids);
  DocumentBuilder builder;
  const auto both = [&](auto&& step) {
    step(plain);
    step(shard);
  };
  both([&](IndexWriter& w) { write_new(w, builder, "a"); });
  both([&](IndexWriter& w) { write_new(w, builder, "b", "A ferry ran aground at the harbour."); });
  plain.commit();
  shard.commit_holding_spelling();
  {
    const Xapian::Database db(shard_path.string());
    CHECK(db.get_doccount() == 2);
    CHECK(spellings(db).empty());  // held back
  }
  CHECK(spelling_frequency(Xapian::Database(plain_path.string()), "ferry") == 2);
  both([&](IndexWriter& w) { write_new(w, builder, "a", "The tug sailed at noon.", true); });
  both([&](IndexWriter& w) { CHECK(w.remove(id_term("b"))); });
  both([&](IndexWriter& w) { write_new(w, builder, "c", "Harbour pilots sailed out."); });
  plain.commit();
  shard.commit_holding_spelling();
  CHECK(spellings(Xapian::Database(shard_path.string())).empty());
  shard.commit();
  const Xapian::Database held(shard_path.string());
  const Xapian::Database applied(plain_path.string());
  CHECK(spelling_frequency(held, "sailed") == 2);
  CHECK(spelling_frequency(held, "ferry") == 0);
  CHECK(spelling_frequency(held, "harbour") == 2);  // the titles of a and c
  CHECK(spellings(held) == spellings(applied));
}

TEST_CASE("commit_holding_spelling() holds nothing back for a writer that is not a shard's") {
  // Such a writer's table is read as soon as it commits, and must be right if no commit follows.
  testing::TempDir dir;
  const auto path = dir.path() / "db";
  IndexWriter writer(path);
  DocumentBuilder builder;
  write_new(writer, builder, "a");
  writer.commit_holding_spelling();
  CHECK(spelling_frequency(Xapian::Database(path.string()), "ferry") == 1);
}

TEST_CASE("a shard's commit applies the held spelling counts once they hold enough words") {
  testing::TempDir dir;
  const auto path = dir.path() / "shard";
  SharedEntityIds ids;
  IndexWriter shard(path, &ids);
  DocumentBuilder builder;
  write_new(shard, builder, "a", distinct_words(IndexWriter::kHeldSpellingWords - 10));
  shard.commit_holding_spelling();  // fewer words than the limit: the title's few and these
  CHECK(spellings(Xapian::Database(path.string())).empty());
  write_new(shard, builder, "b", distinct_words(IndexWriter::kHeldSpellingWords + 10));
  shard.commit_holding_spelling();
  const Xapian::Database db(path.string());
  CHECK(spelling_frequency(db, "waaaa") == 2);
  CHECK(spelling_frequency(db, "harbour") == 2);
}

}  // namespace newsdex::index
