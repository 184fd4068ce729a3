// Tests for index/build_pool: articles prepared on worker threads come back in order, as one
// thread prepares them, and an incremental run using the pool writes what one thread writes.
#include "index/build_pool.hpp"

#include <doctest/doctest.h>
#include <xapian.h>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "../temp_dir.hpp"
#include "entities/extractor.hpp"
#include "index/indexer.hpp"
#include "index_fixtures.hpp"
#include "paths.hpp"
#include "schema.hpp"

namespace newsdex::index {
namespace {

using namespace fixtures;

Article article(int i) {
  Article a;
  a.id = "p" + std::to_string(i);
  a.title = "Report " + std::to_string(i) + " from Geneva";
  // Lengths that vary a lot, so that the threads finish out of order.
  for (int k = 0; k <= (i * 7) % 23; ++k) {
    a.body += "Angela Merkel met Vladimir Putin in Berlin on day " + std::to_string(i + k) +
              " to discuss the budget of Dixons Group PLC. ";
  }
  return a;
}

std::set<std::pair<std::string, Xapian::termcount>> terms(const Xapian::Document& doc) {
  std::set<std::pair<std::string, Xapian::termcount>> all;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    all.emplace(*it, it.get_wdf());
  }
  return all;
}

std::map<Xapian::valueno, std::string> values(const Xapian::Document& doc) {
  std::map<Xapian::valueno, std::string> all;
  for (auto it = doc.values_begin(); it != doc.values_end(); ++it) all[it.get_valueno()] = *it;
  return all;
}

std::vector<std::string> names(const std::vector<entities::Entity>& found) {
  std::vector<std::string> all;
  for (const entities::Entity& entity : found) {
    all.push_back(std::string(entities::type_name(entity.type)) + ":" + entity.name);
  }
  return all;
}

BuildPool::Job job_of(const Article& a) { return {a, id_term(a.id), "hash-" + a.id, false}; }

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

void write_lines(const std::filesystem::path& path, const std::vector<std::string>& lines) {
  std::ofstream out(path);
  for (const std::string& line : lines) out << line << '\n';
}

IndexSummary index_into(const std::filesystem::path& db, const std::filesystem::path& input,
                        unsigned jobs) {
  IndexOptions options;
  options.db = db.string();
  options.inputs = {input.string()};
  options.jobs = jobs;
  options.batch_size = 4;  // commits while the pool holds articles
  options.quiet = true;
  std::ostringstream err;
  const IndexSummary summary = run_index(options, err);
  CHECK(err.str().empty());
  return summary;
}

std::map<std::string, std::string> metadata(const Xapian::Database& db) {
  std::map<std::string, std::string> all;
  for (auto it = db.metadata_keys_begin(); it != db.metadata_keys_end(); ++it) {
    all[*it] = db.get_metadata(*it);
  }
  return all;
}

// Id term -> the raw facet slot, whose entity ids the snapshots leave out.
std::map<std::string, std::string> entity_slots(const Xapian::Database& db) {
  std::map<std::string, std::string> all;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const Xapian::Document doc = db.get_document(*it);
    auto term = doc.termlist_begin();
    term.skip_to(std::string(schema::kPrefixId));
    all[*term] = doc.get_value(schema::kSlotEntities);
  }
  return all;
}

std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace

TEST_CASE("BuildPool hands jobs back in the order given, each prepared as on one thread") {
  const entities::Extractor extractor(paths::data_dir(), "");
  DocumentBuilder builder;
  BuildPool pool(3, &extractor);
  constexpr int kArticles = 120;
  int taken = 0;
  auto take_next = [&] {
    BuildPool::Built built = pool.take();
    const Article expected_article = article(taken++);
    CHECK(built.job.article.id == expected_article.id);
    CHECK(built.job.id_term == id_term(expected_article.id));
    CHECK(built.job.hash == "hash-" + expected_article.id);
    const PreparedArticle expected = prepare_article(builder, &extractor, expected_article);
    CHECK(terms(built.prepared.doc) == terms(expected.doc));
    CHECK(values(built.prepared.doc) == values(expected.doc));
    CHECK(built.prepared.doc.get_data() == expected.doc.get_data());
    CHECK(built.prepared.spelling_words == expected.spelling_words);
    CHECK(built.prepared.aliases == expected.aliases);
    CHECK(names(built.prepared.entities) == names(expected.entities));
  };
  for (int i = 0; i < kArticles; ++i) {
    while (pool.full()) take_next();
    pool.submit(job_of(article(i)));
  }
  while (!pool.empty()) take_next();
  CHECK(taken == kArticles);
  CHECK(names(prepare_article(builder, &extractor, article(0)).entities).size() >= 3);
}

TEST_CASE("BuildPool is full at kJobsPerThread jobs a thread or its bytes, never when empty") {
  BuildPool pool(2, nullptr, 100000);
  CHECK(pool.empty());
  CHECK_FALSE(pool.full());
  for (std::size_t i = 0; i + 1 < 2 * BuildPool::kJobsPerThread; ++i) {
    pool.submit(job_of(article(static_cast<int>(i))));
    CHECK_FALSE(pool.full());
  }
  pool.submit(job_of(article(99)));
  CHECK(pool.full());
  while (!pool.empty()) pool.take();
  CHECK_FALSE(pool.full());

  Article big = article(1);
  big.body = std::string(100000, 'x');
  pool.submit(job_of(big));
  CHECK(pool.full());  // one article past the bound still goes in
  CHECK(pool.take().job.article.body.size() == 100000);
  CHECK(pool.empty());
  CHECK_FALSE(pool.full());
}

TEST_CASE("a BuildPool destroyed with jobs not taken stops its threads") {
  BuildPool pool(2, nullptr);
  for (int i = 0; i < 12; ++i) pool.submit(job_of(article(i)));
  CHECK_FALSE(pool.empty());
}

TEST_CASE("an incremental run on several threads writes what one thread writes") {
  testing::TempDir dir;
  // A base of the corpus's first 1,000 articles; then the rest, with ids of the base given again,
  // and two ids given three times in the run itself, close together so that the first is still
  // in the pool when the others come: n1 unchanged then changed, n2 changed then unchanged.
  const std::vector<std::string> lines = lines_of(corpus(true));
  const std::vector<std::string> base(lines.begin(), lines.begin() + 1000);
  std::vector<std::string> more(lines.begin() + 1000, lines.end());
  more.push_back(lines[6]);  // a5
  more.push_back(R"({"id": "a7", "title": "Report 7", "body": "Angela Merkel in Kyiv again."})");
  more.insert(more.begin() + 10,
              {R"({"id": "n1", "title": "New", "body": "Tony Blair spoke in Paris."})",
               R"({"id": "n1", "title": "New", "body": "Tony Blair spoke in Paris."})",
               R"({"id": "n1", "title": "New", "body": "Gordon Brown spoke in Paris."})",
               R"({"id": "n2", "title": "Two", "body": "Angela Merkel spoke in Rome."})",
               R"({"id": "n2", "title": "Two", "body": "Angela Merkel spoke in Madrid."})",
               R"({"id": "n2", "title": "Two", "body": "Angela Merkel spoke in Madrid."})"});
  write_lines(dir.path() / "base.jsonl", base);
  write_lines(dir.path() / "more.jsonl", more);

  const std::filesystem::path one = dir.path() / "one";
  const std::filesystem::path pooled = dir.path() / "pooled";
  index_into(one, dir.path() / "base.jsonl", 1);
  std::filesystem::copy(one, pooled, std::filesystem::copy_options::recursive);
  const IndexSummary by_one = index_into(one, dir.path() / "more.jsonl", 1);
  const IndexSummary by_pool = index_into(pooled, dir.path() / "more.jsonl", 3);
  CHECK(by_pool.added == by_one.added);
  CHECK(by_pool.updated == by_one.updated);
  CHECK(by_pool.unchanged == by_one.unchanged);
  // a3, a4, a5 and a7 of the base (read from another file, they changed), n1 and n2 in the run.
  CHECK(by_one.updated == 6);
  CHECK(by_one.unchanged == 2);  // n1 and n2 in the run

  const Xapian::Database a(one.string());
  const Xapian::Database b(pooled.string());
  CHECK(b.get_doccount() == a.get_doccount());
  CHECK(b.get_termfreq("Qn1") == 1);
  CHECK(b.get_termfreq("Qn2") == 1);
  CHECK(first_difference(snapshot(a), snapshot(b)) == "");
  CHECK(entity_slots(b) == entity_slots(a));
  CHECK(spellings(b) == spellings(a));
  CHECK(synonyms(b) == synonyms(a));
  CHECK(metadata(b) == metadata(a));
  CHECK(file_bytes(pooled / "newsdex-facets") == file_bytes(one / "newsdex-facets"));
  CHECK(snapshot(b).at("Qn1").data.find("Gordon Brown") != std::string::npos);
  CHECK(snapshot(b).at("Qn2").data.find("Madrid") != std::string::npos);
}

TEST_CASE("a new database too small for shards is written with helper threads as by one thread") {
  testing::TempDir dir;
  // Under index/shard_build.cpp's kShardFrom: held back, then written by one writer.
  std::vector<std::string> lines = lines_of(corpus(true));
  lines.erase(lines.begin() + 300, lines.end() - 2);  // keeps the changed and unchanged repeats
  write_lines(dir.path() / "small.jsonl", lines);
  const std::filesystem::path one = dir.path() / "one";
  const std::filesystem::path pooled = dir.path() / "pooled";
  const IndexSummary by_one = index_into(one, dir.path() / "small.jsonl", 1);
  const IndexSummary by_pool = index_into(pooled, dir.path() / "small.jsonl", 3);
  CHECK(by_pool.added == by_one.added);
  CHECK(by_pool.updated == 1);
  CHECK(by_pool.unchanged == 1);
  const Xapian::Database a(one.string());
  const Xapian::Database b(pooled.string());
  CHECK(first_difference(snapshot(a), snapshot(b)) == "");
  CHECK(entity_slots(b) == entity_slots(a));
  CHECK(spellings(b) == spellings(a));
  CHECK(synonyms(b) == synonyms(a));
  CHECK(metadata(b) == metadata(a));
  // Not the facet files: they record the revision, and a held-back build commits once more.
}

}  // namespace newsdex::index
