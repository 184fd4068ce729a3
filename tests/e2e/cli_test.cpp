// End-to-end tests: the real newsdex-index and newsdex-search programs on small fixtures.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <xapian.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "e2e.hpp"
#include "schema.hpp"

namespace {

namespace fs = std::filesystem;
using namespace newsdex::e2e;
using nlohmann::json;

bool entities_type_ok(const std::string& type) {
  return type == "person" || type == "org" || type == "place" || type == "other";
}

Xapian::doccount doc_count(const TempDir& dir) { return Xapian::Database(dir.db()).get_doccount(); }

}  // namespace

TEST_CASE(
    "the seed corpus answers 'Tomahawk Zelensky' with both articles, both words highlighted") {
  TempDir dir;
  const Run index = run(dir, kIndex, {"--db", dir.db(), kCorpus.string()});
  REQUIRE(index.code == 0);
  CHECK(index.out.empty());  // stdout carries results only; the indexer has none
  CHECK(contains(index.err, "2 added, 0 updated, 0 unchanged, 0 deleted, 0 rejected"));
  CHECK(contains(index.err, "2 articles in " + dir.db()));

  const Run search =
      run(dir, kSearch, {"--db", dir.db(), "--color", "always", "Tomahawk Zelensky"});
  REQUIRE(search.code == 0);
  CHECK(contains(search.out, "2 matches"));
  CHECK(contains(search.out, kSeedA));
  CHECK(contains(search.out, kSeedB));
  // Every hit's snippet shows both words in bold.
  std::istringstream lines(search.out);
  int snippets_with_both = 0;
  for (std::string line; std::getline(lines, line);) {
    if (contains(line, "\x1b[1mTomahawk\x1b[0m") && contains(line, "\x1b[1mZelensky")) {
      ++snippets_with_both;
    }
  }
  CHECK(snippets_with_both == 2);

  const Run plain = run(dir, kSearch, {"--db", dir.db(), "Tomahawk Zelensky"});
  CHECK(plain.code == 0);
  CHECK_FALSE(contains(plain.out, "\x1b"));  // not a terminal: no escape codes
  const Run no_color =
      run(dir, kSearch, {"--db", dir.db(), "--color", "auto", "Tomahawk"}, {"NO_COLOR=1"});
  CHECK_FALSE(contains(no_color.out, "\x1b"));
}

TEST_CASE("--format json is valid JSON holding both seed ids, scores and snippets") {
  TempDir dir;
  REQUIRE(run(dir, kIndex, {"--db", dir.db(), kCorpus.string()}).code == 0);
  const Run search = run(dir, kSearch, {"--db", dir.db(), "--format", "json", "Tomahawk Zelensky"});
  REQUIRE(search.code == 0);
  const json results = json::parse(search.out);
  CHECK(results.at("query") == "Tomahawk Zelensky");
  CHECK(results.at("total") == 2);
  const auto ids = hit_ids(results);
  CHECK(has(ids, kSeedA));
  CHECK(has(ids, kSeedB));
  for (const json& hit : results.at("hits")) {
    CHECK(hit.at("score").get<double>() > 0);
    CHECK(hit.at("rank").get<int>() >= 1);
    CHECK(contains(hit.at("snippet").get<std::string>(), "Tomahawk"));
    CHECK(hit.at("date").is_null());
    CHECK_FALSE(hit.at("title").get<std::string>().empty());
  }
}

TEST_CASE("a JSON Lines file indexes, and indexing it again skips it instead of duplicating") {
  TempDir dir;
  const std::string file = (kData / "three.jsonl").string();
  const Run first = run(dir, kIndex, {"--db", dir.db(), file});
  REQUIRE(first.code == 0);
  CHECK(contains(first.err, "3 added, 0 updated, 0 unchanged"));
  CHECK(doc_count(dir) == 3);
  const Run second = run(dir, kIndex, {"--db", dir.db(), file});
  REQUIRE(second.code == 0);
  CHECK(contains(second.err, "0 added, 0 updated, 3 unchanged"));
  CHECK(doc_count(dir) == 3);

  const Run search = run(dir, kSearch, {"--db", dir.db(), "--format", "json", "ferry"});
  const json results = json::parse(search.out);
  REQUIRE(results.at("hits").size() == 1);
  const json& hit = results.at("hits")[0];
  CHECK(hit.at("id") == "3");  // integer ids are accepted and kept as text
  CHECK(hit.at("title") == "Ferry strike ends");
  CHECK(hit.at("date") == "2025-10-03");
}

TEST_CASE(
    "indexing a directory twice leaves it unchanged, then --prune sees edits, deletions, "
    "additions") {
  TempDir dir;
  const fs::path news = dir.path() / "news";
  fs::create_directories(news);
  std::ofstream(news / "a.txt") << "Council passes budget\n\nThe council passed the budget.\n";
  std::ofstream(news / "b.txt") << "Ferry strike ends\n\nFerries run again on Monday.\n";
  const Run first = run(dir, kIndex, {"--db", dir.db(), news.string()});
  REQUIRE(first.code == 0);
  CHECK(contains(first.err, "2 added, 0 updated, 0 unchanged, 0 deleted"));
  const Run second = run(dir, kIndex, {"--db", dir.db(), news.string()});
  REQUIRE(second.code == 0);
  CHECK(contains(second.err, "0 added, 0 updated, 2 unchanged, 0 deleted"));
  CHECK(contains(second.err, "entity extraction 0.00 s"));  // skipped before extraction
  CHECK(contains(second.err, "articles/s"));
  CHECK(fs::exists(dir.path() / "db" / "newsdex-facets"));

  std::ofstream(news / "a.txt")
      << "Council passes budget\n\nThe council passed a smaller budget.\n";
  fs::remove(news / "b.txt");
  std::ofstream(news / "c.txt") << "Library reopens\n\nThe library reopened after repairs.\n";
  // Without --prune the deleted file's article stays.
  const Run no_prune = run(dir, kIndex, {"--db", dir.db(), "--dry-run", news.string()});
  CHECK(contains(no_prune.err, "dry run: 1 added, 1 updated, 0 unchanged, 0 deleted"));
  const Run third = run(dir, kIndex, {"--db", dir.db(), "--prune", "-v", news.string()});
  REQUIRE(third.code == 0);
  CHECK(contains(third.err, "1 added, 1 updated, 0 unchanged, 1 deleted"));
  CHECK(contains(third.err, "pruned b.txt"));
  CHECK(doc_count(dir) == 2);
  const json ferry =
      json::parse(run(dir, kSearch, {"--db", dir.db(), "--format", "json", "ferry"}).out);
  CHECK(ferry.at("total") == 0);
  const json smaller =
      json::parse(run(dir, kSearch, {"--db", dir.db(), "--format", "json", "smaller"}).out);
  CHECK(hit_ids(smaller) == std::vector<std::string>{"a.txt"});
  // Facets follow the database after an incremental run.
  CHECK(run(dir, kSearch, {"--db", dir.db(), "library"}).code == 0);
}

TEST_CASE("--prune drops an article that disappeared from a JSON Lines file still present") {
  TempDir dir;
  const fs::path file = dir.path() / "feed.jsonl";
  std::ofstream(file) << R"({"id": "1", "title": "One", "body": "first"})" << '\n'
                      << R"({"id": "2", "title": "Two", "body": "second"})" << '\n';
  REQUIRE(run(dir, kIndex, {"--db", dir.db(), file.string()}).code == 0);
  std::ofstream(file) << R"({"id": "1", "title": "One", "body": "first"})" << '\n';
  const Run again = run(dir, kIndex, {"--db", dir.db(), "--prune", file.string()});
  REQUIRE(again.code == 0);
  CHECK(contains(again.err, "0 added, 0 updated, 1 unchanged, 1 deleted"));
  CHECK(doc_count(dir) == 1);
  // A file with a rejected line is spared: the line may be the article, broken for now.
  std::ofstream(file) << R"({"id": "1", "title": "One", "body": "first"})" << '\n'
                      << R"({"id": "2", "title": "Two", "body": "second"})" << '\n';
  REQUIRE(run(dir, kIndex, {"--db", dir.db(), file.string()}).code == 0);
  std::ofstream(file) << R"({"id": "1", "title": "One", "body": "first"})" << '\n'
                      << R"({"id": "2", "title": "Two", "body": )" << '\n';
  const Run broken = run(dir, kIndex, {"--db", dir.db(), "--prune", file.string()});
  CHECK(broken.code == 3);
  CHECK(contains(broken.err, "1 unchanged, 0 deleted, 1 rejected"));
  CHECK(doc_count(dir) == 2);
  // An unrelated root prunes nothing of this file.
  const fs::path other = dir.path() / "other";
  fs::create_directories(other);
  const Run unrelated = run(dir, kIndex, {"--db", dir.db(), "--prune", other.string()});
  CHECK(contains(unrelated.err, "0 deleted"));
  CHECK(doc_count(dir) == 2);
}

TEST_CASE("--delete removes articles by id, an unknown id is a warning, still exit 0") {
  TempDir dir;
  REQUIRE(run(dir, kIndex, {"--db", dir.db(), (kData / "three.jsonl").string()}).code == 0);
  const Run del = run(dir, kIndex, {"--db", dir.db(), "--delete", "3", "no-such-id"});
  CHECK(del.code == 0);
  CHECK(del.out.empty());
  CHECK(contains(del.err, "warning: no article with id \"no-such-id\""));
  CHECK(contains(del.err, "1 deleted, 0 rejected, 1 warnings"));
  CHECK(doc_count(dir) == 2);
  const json ferry =
      json::parse(run(dir, kSearch, {"--db", dir.db(), "--format", "json", "ferry"}).out);
  CHECK(ferry.at("total") == 0);
  CHECK(run(dir, kIndex, {"--db", dir.db()}).code == 2);  // neither inputs nor --delete
}

TEST_CASE("--dry-run reports what would change and writes nothing") {
  TempDir dir;
  const std::string file = (kData / "three.jsonl").string();
  const Run fresh = run(dir, kIndex, {"--db", dir.db(), "--dry-run", file});
  CHECK(fresh.code == 0);
  CHECK(contains(fresh.err, "dry run: 3 added, 0 updated, 0 unchanged"));
  CHECK_FALSE(fs::exists(dir.db()));  // not even created

  REQUIRE(run(dir, kIndex, {"--db", dir.db(), file}).code == 0);
  const auto revision = Xapian::Database(dir.db()).get_revision();
  const Run again = run(dir, kIndex, {"--db", dir.db(), "-n", "--delete", "wire-1", "--", file});
  CHECK(again.code == 0);
  CHECK(contains(again.err, "dry run: 0 added, 0 updated, 3 unchanged, 1 deleted"));
  CHECK(Xapian::Database(dir.db()).get_revision() == revision);
  CHECK(doc_count(dir) == 3);
}

TEST_CASE("a malformed JSON line is reported with file and line, the others are indexed, exit 3") {
  TempDir dir;
  const std::string file = (kData / "broken.jsonl").string();
  const Run index = run(dir, kIndex, {"--db", dir.db(), file});
  CHECK(index.code == 3);
  CHECK(contains(index.err, file + ":2: error: invalid JSON"));
  CHECK(contains(index.err, "1 rejected"));
  CHECK(doc_count(dir) == 2);
}

TEST_CASE("a Latin-1 file is converted with a warning naming it") {
  TempDir dir;
  const std::string file = (kData / "latin1_bytes.txt").string();
  const Run index = run(dir, kIndex, {"--db", dir.db(), file});
  CHECK(index.code == 0);
  CHECK(contains(index.err, file + ": warning: not UTF-8: read as ISO-8859-1 and converted"));
  const Run search = run(dir, kSearch, {"--db", dir.db(), "--format", "json", "rent protest"});
  const json results = json::parse(search.out);
  REQUIRE(results.at("hits").size() == 1);
  CHECK(results.at("hits")[0].at("title") == "Caf\xC3\xA9 owners protest rent rise");
}

TEST_CASE("invalid UTF-8 in a JSON line is indexed with replacement characters and a warning") {
  TempDir dir;
  const fs::path file = dir.path() / "bad.jsonl";
  {
    std::ofstream out(file, std::ios::binary);
    out << "{\"id\":\"b\",\"title\":\"Caf\xE9 owners protest rent rise\"}\n";
  }
  const Run index = run(dir, kIndex, {"--db", dir.db(), file.string()});
  CHECK(index.code == 0);
  CHECK(contains(index.err, file.string() + ":1: warning: invalid UTF-8"));
  const Run search = run(dir, kSearch, {"--db", dir.db(), "--format", "json", "rent protest"});
  const json results = json::parse(search.out);
  REQUIRE(results.at("hits").size() == 1);
  CHECK(results.at("hits")[0].at("title") == "Caf\xEF\xBF\xBD owners protest rent rise");
}

TEST_CASE("a path that does not exist is reported and the rest is still indexed") {
  TempDir dir;
  const std::string missing = (dir.path() / "no-such-dir").string();
  const Run index = run(dir, kIndex, {"--db", dir.db(), missing, kCorpus.string()});
  CHECK(index.code == 3);
  CHECK(contains(index.err, missing + ": error: no such file or directory"));
  CHECK(doc_count(dir) == 2);
}

TEST_CASE("searching without a database exits 1 and says how to build one") {
  TempDir dir;
  const Run search = run(dir, kSearch, {"--db", dir.db(), "anything"});
  CHECK(search.code == 1);
  CHECK(search.out.empty());
  CHECK(contains(search.err, "newsdex-search: error: no database at " + dir.db()));
  CHECK(contains(search.err, "newsdex-index --db " + dir.db()));
}

TEST_CASE("usage errors exit 2 with one clear message and --help and --version exit 0") {
  TempDir dir;
  for (const std::string& program : {kIndex, kSearch}) {
    CAPTURE(program);
    const Run bad = run(dir, program, {"--no-such-flag", "x"});
    CHECK(bad.code == 2);
    CHECK(contains(bad.err, ": error: "));
    const Run missing_argument = run(dir, program, {});
    CHECK(missing_argument.code == 2);
    const Run help = run(dir, program, {"--help"});
    CHECK(help.code == 0);
    CHECK(contains(help.out, "Exit status"));
    CHECK(run(dir, program, {"--version"}).code == 0);
  }
  CHECK(run(dir, kSearch, {"--format", "xml", "x"}).code == 2);
  CHECK(run(dir, kSearch, {"--limit", "many", "x"}).code == 2);
  for (const char* count : {"0", "-3", "abc", ""}) {
    CAPTURE(count);
    const Run zero = run(dir, kIndex, {"--batch-size", count, "x"});
    CHECK(zero.code == 2);
    CHECK(contains(zero.err, std::string("newsdex-index: error: --batch-size: takes a whole "
                                         "number of at least 1, not ") +
                                 count + "\n"));
  }
}

TEST_CASE("a search without matches exits 0") {
  TempDir dir;
  REQUIRE(run(dir, kIndex, {"--db", dir.db(), kCorpus.string()}).code == 0);
  const Run search = run(dir, kSearch, {"--db", dir.db(), "xylophone"});
  CHECK(search.code == 0);
  CHECK(contains(search.out, "0 matches"));
}

TEST_CASE("NEWSDEX_DB chooses the database when --db is absent") {
  TempDir dir;
  REQUIRE(run(dir, kIndex, {kCorpus.string()}, {"NEWSDEX_DB=" + dir.db()}).code == 0);
  CHECK(doc_count(dir) == 2);
  const Run search =
      run(dir, kSearch, {"--format", "json", "Budapest"}, {"NEWSDEX_DB=" + dir.db()});
  CHECK(search.code == 0);
  CHECK(json::parse(search.out).at("total") == 2);
}

TEST_CASE("escape sequences in article text never reach the terminal") {
  TempDir dir;
  REQUIRE(run(dir, kIndex, {"--db", dir.db(), (kData / "escapes.txt").string()}).code == 0);
  for (const char* color : {"never", "always"}) {
    const Run search = run(dir, kSearch, {"--db", dir.db(), "--color", color, "quiz screen"});
    CHECK(search.code == 0);
    CHECK(contains(search.out, "Terminal trick"));
    CHECK_FALSE(contains(search.out, "\x1b]"));
    CHECK_FALSE(contains(search.out, "\x1b[2J"));
    CHECK_FALSE(contains(search.out, "\x07"));
  }
}

TEST_CASE("--limit and --offset page through the ranking") {
  TempDir dir;
  REQUIRE(run(dir, kIndex, {"--db", dir.db(), (kData / "three.jsonl").string(), kCorpus.string()})
              .code == 0);
  const auto page = [&](const std::string& offset) {
    const Run r = run(dir, kSearch,
                      {"--db", dir.db(), "--format", "json", "--limit", "1", "--offset", offset,
                       "council bridge Trump"});
    REQUIRE(r.code == 0);
    return json::parse(r.out);
  };
  const json all = json::parse(
      run(dir, kSearch, {"--db", dir.db(), "--format", "json", "council bridge Trump"}).out);
  REQUIRE(all.at("hits").size() == 4);
  for (int i = 0; i < 4; ++i) {
    const json one = page(std::to_string(i));
    REQUIRE(one.at("hits").size() == 1);
    CHECK(one.at("hits")[0].at("id") == all.at("hits")[i].at("id"));
    CHECK(one.at("hits")[0].at("rank") == i + 1);
  }
  CHECK(page("4").at("hits").empty());
}

namespace {

// Returns the names of `type` in the "facets" (or "entities") object, with their counts.
std::map<std::string, int> facet_values(const json& facets, const std::string& type) {
  std::map<std::string, int> values;
  for (const json& value : facets.at(type)) {
    values[value.at("name").get<std::string>()] = value.at("count").get<int>();
  }
  return values;
}

}  // namespace

TEST_CASE("seed facets hold each entity once, typed, with counts over both articles") {
  TempDir dir;
  REQUIRE(run(dir, kIndex, {"--db", dir.db(), kCorpus.string()}).code == 0);
  const Run search =
      run(dir, kSearch,
          {"--db", dir.db(), "--format", "json", "--facet-limit", "100", "Tomahawk Zelensky"});
  REQUIRE(search.code == 0);
  const json facets = json::parse(search.out).at("facets");
  const std::map<std::string, std::map<std::string, int>> expected = {
      {"person",
       {{"Donald Trump", 2},
        {"Vladimir Putin", 2},
        {"Volodymyr Zelensky", 2},
        {"Marco Rubio", 2},
        {"Sergei Lavrov", 2},
        {"Keir Starmer", 1},
        {"Mark Rutte", 1}}},
      {"place",
       {{"Budapest", 2},
        {"Ukraine", 2},
        {"Russia", 2},
        {"United States", 2},
        {"Moscow", 1},
        {"Washington", 1},
        {"Anchorage", 1},
        {"Alaska", 1}}},
      {"org", {{"Kremlin", 2}, {"White House", 1}, {"NATO", 1}, {"Bloomberg", 1}}},
      {"other", {{"Tomahawk", 2}}},
  };
  std::set<std::string> all_names;
  for (const auto& [type, names] : expected) {
    CAPTURE(type);
    const auto values = facet_values(facets, type);
    for (const auto& [name, count] : names) {
      CAPTURE(name);
      REQUIRE(values.contains(name));
      CHECK(values.at(name) == count);
    }
    for (const auto& [name, count] : values) {
      CHECK(all_names.insert(name).second);  // one value per entity, across types too
    }
  }
  for (const char* fragment :
       {"President Volodymyr", "State Marco", "Trump's", "Trump’s", "Russian President",
        "U.S.-Russia", "However", "Such", "Trump", "Zelensky", "U.S."}) {
    CAPTURE(fragment);
    CHECK_FALSE(all_names.contains(fragment));
  }

  const Run text = run(dir, kSearch, {"--db", dir.db(), "Tomahawk Zelensky"});
  CHECK(contains(text.out, "other:  Tomahawk 2"));
  const Run without = run(dir, kSearch, {"--db", dir.db(), "--format", "json", "--no-facets", "x"});
  CHECK_FALSE(json::parse(without.out).contains("facets"));
}

TEST_CASE("entity filters take canonical names, aliases and variants, case-insensitively") {
  TempDir dir;
  REQUIRE(run(dir, kIndex, {"--db", dir.db(), kCorpus.string()}).code == 0);
  const auto ids = [&](const std::string& query) {
    const Run r = run(dir, kSearch, {"--db", dir.db(), "--format", "json", query});
    REQUIRE(r.code == 0);
    return hit_ids(json::parse(r.out));
  };
  for (const char* query :
       {"person:\"volodymyr zelensky\"", "person:\"Zelenskyy\"", "person:Zelensky", "place:US",
        "place:\"U.S.\"", "entity:\"Marco Rubio\"", "other:tomahawk"}) {
    CAPTURE(query);
    const auto found = ids(query);
    CHECK(found.size() == 2);
    CHECK(has(found, kSeedA));
    CHECK(has(found, kSeedB));
  }
  CHECK(ids("person:\"Keir Starmer\"") == std::vector<std::string>{kSeedB});
  CHECK(ids("person:\"Marco Rubio\" budapest").size() == 2);
  CHECK(ids("person:\"Marco Rubio\" place:anchorage") == std::vector<std::string>{kSeedA});
  CHECK(ids("person:Budapest").empty());  // a place is not a person
  CHECK(ids("person:\"Nobody Known\"").empty());
}

TEST_CASE("--entities lists the most mentioned entities of the corpus or of a query") {
  TempDir dir;
  REQUIRE(run(dir, kIndex, {"--db", dir.db(), kCorpus.string(), (kData / "three.jsonl").string()})
              .code == 0);
  const Run people =
      run(dir, kSearch, {"--db", dir.db(), "--format", "json", "--entities", "--type", "person"});
  REQUIRE(people.code == 0);
  const json listing = json::parse(people.out);
  CHECK(listing.at("query").is_null());
  CHECK(listing.at("total") == 5);
  CHECK(listing.at("entities").size() == 1);
  CHECK(facet_values(listing.at("entities"), "person").at("Donald Trump") == 2);

  const Run missiles =
      run(dir, kSearch, {"--db", dir.db(), "--format", "json", "--entities", "missiles"});
  const json of_query = json::parse(missiles.out);
  CHECK(of_query.at("total") == 2);
  CHECK(facet_values(of_query.at("entities"), "other").at("Tomahawk") == 2);

  const Run text = run(dir, kSearch, {"--db", dir.db(), "--entities", "--type", "place"});
  CHECK(text.code == 0);
  CHECK(contains(text.out, "  2  Budapest"));
  CHECK(run(dir, kSearch, {"--db", dir.db(), "--entities", "--type", "planet"}).code == 2);
}

TEST_CASE("--extract-only prints entities with byte offsets and touches no database") {
  TempDir dir;
  const Run extract =
      run(dir, kIndex,
          {"--extract-only", "--format", "json", "--db", dir.db(), (kCorpus / kSeedB).string()});
  REQUIRE(extract.code == 0);
  CHECK_FALSE(fs::exists(dir.db()));
  const std::string text = slurp(kCorpus / kSeedB);
  std::istringstream lines(extract.out);
  std::string line;
  REQUIRE(std::getline(lines, line));
  const json article = json::parse(line);
  CHECK(article.at("id") == kSeedB);
  bool saw_rutte = false;
  for (const json& entity : article.at("entities")) {
    CHECK(entities_type_ok(entity.at("type").get<std::string>()));
    for (const json& mention : entity.at("mentions")) {
      if (mention.at("field") != "body") continue;
      const auto start = mention.at("start").get<std::size_t>();
      const auto end = mention.at("end").get<std::size_t>();
      REQUIRE(end <= text.size());
      REQUIRE(start < end);
      if (entity.at("name") == "Mark Rutte") {
        saw_rutte = true;
        CHECK(text.substr(start, end - start) == "Mark Rutte");
      }
    }
  }
  CHECK(saw_rutte);
  CHECK_FALSE(std::getline(lines, line));  // one line per article
}

TEST_CASE("--bm25 and --no-feedback change the ranking's weights and a bad --bm25 exits 2") {
  TempDir dir;
  REQUIRE(run(dir, kIndex, {"--db", dir.db(), kCorpus.string()}).code == 0);
  auto search = [&](std::vector<std::string> options) {
    std::vector<std::string> args = {"--db", dir.db(), "--format", "json", "--no-facets"};
    args.insert(args.end(), options.begin(), options.end());
    args.push_back("Budapest summit");
    const Run result = run(dir, kSearch, args);
    REQUIRE(result.code == 0);
    return json::parse(result.out);
  };
  const json standard = search({});
  const json flat = search({"--bm25", "0,0"});
  CHECK(hit_ids(flat).size() == hit_ids(standard).size());
  CHECK(flat.at("hits").at(0).at("score") != standard.at("hits").at(0).at("score"));
  CHECK(hit_ids(search({"--no-feedback"})) == hit_ids(standard));
  for (const char* bad : {"1", "1,2", "-1,0.5", "x,0.5", "1.2,0.75,3", "nan,0.5"}) {
    CAPTURE(bad);
    const Run result = run(dir, kSearch, {"--db", dir.db(), "--bm25", bad, "Budapest"});
    CHECK(result.code == 2);
    CHECK(contains(result.err, "--bm25"));
  }
}

namespace {

// Ids printed one per line by --format ids.
std::vector<std::string> lines_of(const std::string& out) {
  std::vector<std::string> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("date filters and sorts give the right order on a JSON Lines fixture with known dates") {
  TempDir dir;
  REQUIRE(run(dir, kIndex, {"--db", dir.db(), (kData / "dated.jsonl").string()}).code == 0);
  auto ids = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", dir.db(), "--format", "ids", "--today", "2025-11-03"});
    const Run r = run(dir, kSearch, args);
    CHECK(r.code == 0);
    CHECK(r.err.empty());
    return lines_of(r.out);
  };
  // Sorted: date is oldest first, -date newest first; the undated article comes last in both.
  CHECK(ids({"--sort", "date", "harbour"}) == Ids{"d1", "d2", "d3", "d4", "d5", "u1"});
  CHECK(ids({"--sort", "-date", "harbour"}) == Ids{"d5", "d4", "d3", "d2", "d1", "u1"});
  // Ranges in the query, closed, open and whole months; undated articles never pass.
  CHECK(ids({"--sort", "date", "harbour date:2025-10-01..2025-10-31"}) == Ids{"d2", "d3", "d4"});
  CHECK(ids({"--sort", "date", "harbour date:2025-10"}) == Ids{"d2", "d3", "d4"});
  CHECK(ids({"--sort", "-date", "harbour date:2025-10-15.."}) == Ids{"d5", "d4", "d3"});
  CHECK(ids({"--sort", "date", "harbour date:..2025-10-01"}) == Ids{"d1", "d2"});
  // --since and --until, ISO and relative to --today (2025-11-03).
  CHECK(ids({"--sort", "date", "--since", "2025-10-15", "--until", "2025-10-31", "harbour"}) ==
        Ids{"d3", "d4"});
  CHECK(ids({"--sort", "date", "--since", "7d", "harbour"}) == Ids{"d4", "d5"});
  CHECK(ids({"--sort", "date", "--since", "1m", "harbour"}) == Ids{"d3", "d4", "d5"});
  CHECK(ids({"--sort", "date", "--until", "2025-09", "harbour"}) == Ids{"d1"});
  // Relevance: d1 says "harbour" most; --recent 7d lifts the newest above it.
  CHECK(ids({"harbour"}).front() == "d1");
  const Ids recent = ids({"--recent", "7d", "harbour"});
  REQUIRE(recent.size() == 6);
  CHECK(recent[0] == "d5");
  CHECK(recent[1] == "d4");

  const Run bad_date = run(dir, kSearch, {"--db", dir.db(), "--since", "last week", "harbour"});
  CHECK(bad_date.code == 2);
  CHECK(contains(bad_date.err, "not a date"));
  CHECK(run(dir, kSearch, {"--db", dir.db(), "--recent", "7d", "--sort", "date", "x"}).code == 2);
  CHECK(run(dir, kSearch, {"--db", dir.db(), "--recent", "soon", "x"}).code == 2);
  CHECK(run(dir, kSearch, {"--db", dir.db(), "--sort", "newest", "x"}).code == 2);
  CHECK(run(dir, kSearch, {"--db", dir.db(), "--today", "3 Nov", "x"}).code == 2);
  // Usage errors come before the database is opened.
  CHECK(run(dir, kSearch, {"--db", (dir.path() / "none").string(), "--until", "x", "y"}).code == 2);
}

TEST_CASE("a copy of a seed article with one sentence changed collapses under the original") {
  TempDir dir;
  const fs::path input = dir.path() / "in";
  fs::create_directories(input);
  fs::copy(kCorpus / kSeedA, input / kSeedA);
  fs::copy(kCorpus / kSeedB, input / kSeedB);
  std::string text = slurp(kCorpus / kSeedA);
  const std::string sentence = "The news came Tuesday, following a statement from the Kremlin";
  const std::size_t at = text.find(sentence);
  REQUIRE(at != std::string::npos);
  text.replace(at, sentence.size(), "On Wednesday the Kremlin said in a statement");
  std::ofstream(input / "zz_copy.txt") << text;
  REQUIRE(run(dir, kIndex, {"--db", dir.db(), input.string()}).code == 0);

  const Run text_run = run(dir, kSearch, {"--db", dir.db(), "Tomahawk Zelensky"});
  REQUIRE(text_run.code == 0);
  CHECK(contains(text_run.out, "2 matches"));
  CHECK(contains(text_run.out, kSeedA));
  CHECK_FALSE(contains(text_run.out, "zz_copy.txt"));
  CHECK(contains(text_run.out, "   +1 similar\n"));

  const json collapsed = json::parse(
      run(dir, kSearch, {"--db", dir.db(), "--format", "json", "Tomahawk Zelensky"}).out);
  CHECK(collapsed.at("collapsed") == true);
  CHECK(collapsed.at("total") == 2);
  CHECK((hit_ids(collapsed) == Ids{kSeedA, kSeedB} || hit_ids(collapsed) == Ids{kSeedB, kSeedA}));
  for (const json& hit : collapsed.at("hits")) {
    const Ids similar = hit.at("similar").get<Ids>();
    CHECK(similar == (hit.at("id") == kSeedA ? Ids{"zz_copy.txt"} : Ids{}));
  }
  // Facet counts count articles, the hidden copy too.
  CHECK(collapsed.at("facets_count") == "articles");
  CHECK(collapsed.at("facets").at("other").at(0) ==
        json::parse(R"({"name":"Tomahawk","count":3})"));

  const json all =
      json::parse(run(dir, kSearch,
                      {"--db", dir.db(), "--format", "json", "--no-collapse", "Tomahawk Zelensky"})
                      .out);
  CHECK(all.at("collapsed") == false);
  CHECK(all.at("total") == 3);
  CHECK(has(hit_ids(all), "zz_copy.txt"));
  CHECK(run(dir, kSearch, {"--db", dir.db(), "--count", "Tomahawk Zelensky"}).out == "2\n");
  CHECK(
      run(dir, kSearch, {"--db", dir.db(), "--count", "--no-collapse", "Tomahawk Zelensky"}).out ==
      "3\n");

  // Deleting the original leaves the copy findable; indexing the original again regroups them.
  REQUIRE(run(dir, kIndex, {"--db", dir.db(), "--delete", kSeedA}).code == 0);
  const json after_delete = json::parse(
      run(dir, kSearch, {"--db", dir.db(), "--format", "json", "Tomahawk Zelensky"}).out);
  CHECK(has(hit_ids(after_delete), "zz_copy.txt"));
  CHECK(after_delete.at("total") == 2);
  REQUIRE(run(dir, kIndex, {"--db", dir.db(), input.string()}).code == 0);
  CHECK(run(dir, kSearch, {"--db", dir.db(), "--count", "Tomahawk Zelensky"}).out == "2\n");
  // --prune of the copy's file leaves the original alone in its group.
  fs::remove(input / "zz_copy.txt");
  REQUIRE(run(dir, kIndex, {"--db", dir.db(), "--prune", input.string()}).code == 0);
  const json after_prune = json::parse(
      run(dir, kSearch, {"--db", dir.db(), "--format", "json", "Tomahawk Zelensky"}).out);
  CHECK(after_prune.at("total") == 2);
  for (const json& hit : after_prune.at("hits")) CHECK(hit.at("similar") == json::array());
}

TEST_CASE("output for scripts: jsonl, ids, tsv, --count, --fields and the JSON version") {
  TempDir dir;
  REQUIRE(run(dir, kIndex, {"--db", dir.db(), (kData / "dated.jsonl").string()}).code == 0);
  const std::vector<std::string> base = {"--db", dir.db(), "--sort", "date"};
  auto search = [&](std::vector<std::string> args) {
    args.insert(args.begin(), base.begin(), base.end());
    const Run r = run(dir, kSearch, args);
    CHECK(r.code == 0);
    return r.out;
  };
  const json document = json::parse(search({"--format", "json", "harbour"}));
  CHECK(document.at("version") == 1);
  CHECK(lines_of(search({"--format", "ids", "harbour"})) ==
        Ids{"d1", "d2", "d3", "d4", "d5", "u1"});
  const Ids jsonl = lines_of(search({"--format", "jsonl", "--fields", "id,date", "harbour"}));
  REQUIRE(jsonl.size() == 6);
  CHECK(json::parse(jsonl[0]) == json::parse(R"({"id": "d1", "date": "2025-09-15"})"));
  CHECK(json::parse(jsonl[5]) == json::parse(R"({"id": "u1", "date": null})"));
  const Ids tsv = lines_of(search({"--format", "tsv", "--limit", "2", "harbour"}));
  REQUIRE(tsv.size() == 3);
  CHECK(tsv[0] == "rank\tid\tscore\tdate\ttitle");
  CHECK(tsv[1].starts_with("1\td1\t"));
  CHECK(tsv[1].ends_with("\t2025-09-15\tHarbour fees rise"));
  CHECK(search({"--format", "tsv", "--fields", "id", "--limit", "1", "harbour"}) == "id\nd1\n");
  CHECK(search({"--count", "harbour"}) == "6\n");
  CHECK(search({"--count", "ferry"}) == "2\n");  // ferry and ferries
  CHECK(search({"--count", "crane"}) == "1\n");
  CHECK(search({"--count", "nothingmatchesthis"}) == "0\n");
  const json picked = json::parse(search({"--format", "json", "--fields", "id,title", "crane"}));
  CHECK(picked.at("hits") == json::parse(R"([{"id": "d5", "title": "New crane installed"}])"));
  const Run bad_field =
      run(dir, kSearch, {"--db", dir.db(), "--format", "json", "--fields", "body", "x"});
  CHECK(bad_field.code == 2);
  CHECK(contains(bad_field.err, "unknown field 'body'"));
  CHECK(run(dir, kSearch, {"--db", dir.db(), "--fields", "id", "x"}).code == 2);  // text
  const Run help = run(dir, kSearch, {"--help"});
  CHECK(contains(help.out, "text|json|jsonl|ids|tsv"));
  CHECK(contains(help.out, "facet counts always count articles"));
}
