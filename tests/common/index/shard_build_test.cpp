// Tests for index/shard_build: a new database built in shards holds what one writer writes.
#include "index/shard_build.hpp"

#include <doctest/doctest.h>
#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "../temp_dir.hpp"
#include "entities/facet_values.hpp"
#include "index/indexer.hpp"
#include "index_fixtures.hpp"
#include "schema.hpp"

namespace newsdex::index {
namespace {

using namespace fixtures;

IndexSummary index(const std::string& db, const std::string& input, unsigned jobs) {
  IndexOptions options;
  options.db = db;
  options.inputs = {input};
  options.jobs = jobs;
  options.batch_size = 4;  // several commits per shard
  options.quiet = true;
  std::ostringstream err;
  const IndexSummary summary = run_index(options, err);
  CHECK(err.str().empty());
  return summary;
}

}  // namespace

TEST_CASE("shard_commit_interval shares the batch out, rounded up, within 1 and kMaxShardBatch") {
  struct Case {
    std::size_t batch_size;
    unsigned jobs;
    std::size_t interval;
  };
  const Case cases[] = {
      {10000, 2, kMaxShardBatch},
      {2000, 2, 1000},  // the default on two cores
      {1999, 2, 1000},
      {1500, 2, 750},
      {4, 2, 2},
      {4, 3, 2},
      {1, 4, 1},
      {0, 2, 1},
      {7, 0, 7},
      {1000000, 8, kMaxShardBatch},
  };
  for (const Case& c : cases) {
    CAPTURE(c.batch_size);
    CAPTURE(c.jobs);
    CHECK(shard_commit_interval(c.batch_size, c.jobs) == c.interval);
  }
}

TEST_CASE("shards_within keeps 8 file descriptors a shard and 32 spare, at least one shard") {
  struct Case {
    unsigned jobs;
    std::uint64_t open_files;
    unsigned shards;
  };
  const Case cases[] = {
      {8, 1024, 8}, {200, 1024, 124}, {125, 1024, 124}, {124, 1024, 124},
      {8, 60, 3},   {8, 48, 2},       {8, 47, 1},       {8, 32, 1},
      {8, 0, 1},    {0, 1024, 1},     {1, 1024, 1},     {4096, 1u << 20, 4096},
  };
  for (const Case& c : cases) {
    CAPTURE(c.jobs);
    CAPTURE(c.open_files);
    CHECK(shards_within(c.jobs, c.open_files) == c.shards);
  }
}

TEST_CASE("a new database built in shards holds what one writer writes") {
  testing::TempDir dir;
  dir.write("corpus.jsonl", corpus());
  const std::string input = (dir.path() / "corpus.jsonl").string();
  const std::string one = (dir.path() / "one").string();
  const IndexSummary by_one = index(one, input, 1);
  for (const unsigned jobs : {2u, 3u}) {
    CAPTURE(jobs);
    const std::string shards = (dir.path() / ("shards" + std::to_string(jobs))).string();
    const IndexSummary by_shards = index(shards, input, jobs);
    CHECK(by_shards.added == by_one.added);
    CHECK(by_shards.updated == 0);
    CHECK(by_shards.unchanged == 1);
    CHECK_FALSE(std::filesystem::exists(shards + ".build"));
    const Xapian::Database a(one);
    const Xapian::Database b(shards);
    CHECK(b.get_doccount() == a.get_doccount());
    CHECK(first_difference(snapshot(a), snapshot(b)) == "");
    CHECK(spellings(b) == spellings(a));
    CHECK(synonyms(b) == synonyms(a));
    CHECK(b.get_metadata(std::string(schema::kMetaEntityNextSerial)) ==
          a.get_metadata(std::string(schema::kMetaEntityNextSerial)));
    // The copies of the story are one group across shards.
    const auto docs = snapshot(b);
    const std::string group = docs.at("Qcopy0").values.at(schema::kSlotDuplicateGroup);
    CHECK(docs.at("Qcopy700").values.at(schema::kSlotDuplicateGroup) == group);
    CHECK(docs.at("Qcopy1400").values.at(schema::kSlotDuplicateGroup) == group);
    CHECK(docs.at("Qa0").entity_names.count("Dixons Group PLC") == 1);
  }
  CHECK(by_one.updated == 0);
  CHECK(by_one.unchanged == 1);
}

TEST_CASE("an id given twice with changed content in a shard build is replaced, once") {
  testing::TempDir dir;
  dir.write("corpus.jsonl", corpus(true));
  const std::string db_path = (dir.path() / "db").string();
  const IndexSummary summary = index(db_path, (dir.path() / "corpus.jsonl").string(), 2);
  CHECK(summary.updated == 1);
  CHECK(summary.unchanged == 1);
  const Xapian::Database db(db_path);
  CHECK(db.get_termfreq("Qa3") == 1);
  const auto docs = snapshot(db);
  CHECK(docs.at("Qa3").data.find("again") != std::string::npos);
  CHECK(db.get_doccount() == summary.added);
}

TEST_CASE("a database built in shards reads back every postlist after later deletions") {
  // Xapian 1.4.22 misread postlists of a database merged from tiny shards once an article in
  // the first shard was deleted ("Unexpected end of posting list"); boolean weighting reads
  // postlists without their wdfs, the way that failed.
  testing::TempDir dir;
  dir.write("corpus.jsonl", corpus());
  const std::string db_path = (dir.path() / "db").string();
  index(db_path, (dir.path() / "corpus.jsonl").string(), 2);
  std::set<std::string> terms;
  {
    Xapian::WritableDatabase db(db_path, Xapian::DB_OPEN);
    for (const Xapian::docid docid : {1u, 2u, 3u, 1000u, 1051u, 1052u, 2000u}) {
      const Xapian::Document doc = db.get_document(docid);
      terms.insert(doc.termlist_begin(), doc.termlist_end());
      db.delete_document(docid);
    }
    db.commit();
  }
  const Xapian::Database db(db_path);
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  for (const std::string& term : terms) {
    CAPTURE(term);
    enquire.set_query(Xapian::Query(term));
    CHECK_NOTHROW(enquire.get_mset(0, 10));
  }
}

TEST_CASE("ShardBuild refuses a database that exists and clears a killed build's leftovers") {
  testing::TempDir dir;
  const std::filesystem::path db = dir.path() / "db";
  std::filesystem::create_directories(db);
  CHECK_THROWS_AS(ShardBuild(db, 2, 10, nullptr), std::runtime_error);
  std::filesystem::remove(db);
  dir.write("db.build/shard-0/junk", "left by a killed build");
  {
    ShardBuild build(db, 2, 10, nullptr);
    CHECK_FALSE(std::filesystem::exists(dir.path() / "db.build" / "shard-0" / "junk"));
    CHECK(build.finish() == 0);
  }
  CHECK(Xapian::Database(db.string()).get_doccount() == 0);
  CHECK_FALSE(std::filesystem::exists(dir.path() / "db.build"));
}

}  // namespace newsdex::index
