// End-to-end tests of what the searcher understands: spelling suggestions, aliases and
// synonyms, entity-aware ranking, related articles and highlighted snippets.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "e2e.hpp"

namespace {

namespace fs = std::filesystem;
using namespace newsdex::e2e;
using nlohmann::json;

// Returns the search's JSON, requiring exit code 0.
json search_json(const TempDir& dir, std::vector<std::string> args,
                 const std::vector<std::string>& env = {}) {
  args.insert(args.begin(), {"--db", dir.db(), "--format", "json"});
  const Run r = run(dir, kSearch, args, env);
  REQUIRE(r.code == 0);
  return json::parse(r.out);
}

// Returns the highlighted pieces of every hit's snippet.
std::vector<std::string> highlighted(const json& results) {
  std::vector<std::string> pieces;
  for (const json& hit : results.at("hits")) {
    const std::string snippet = hit.at("snippet");
    for (const json& range : hit.at("highlights")) {
      const std::size_t start = range[0];
      const std::size_t end = range[1];
      pieces.push_back(snippet.substr(start, end - start));
    }
  }
  return pieces;
}

}  // namespace

TEST_CASE("a misspelt name gets a suggestion, in text and JSON, and words of the index none") {
  TempDir dir;
  REQUIRE(run(dir, kIndex, {"--db", dir.db(), kCorpus.string()}).code == 0);
  const json misspelt = search_json(dir, {"Zelenksy"});
  CHECK(misspelt.at("total") == 0);
  CHECK(misspelt.at("suggestion") == "zelensky");
  const Run text = run(dir, kSearch, {"--db", dir.db(), "Zelenksy"});
  CHECK(text.code == 0);
  CHECK(contains(text.out, "Did you mean: zelensky\n"));

  const json right = search_json(dir, {"Tomahawk Zelensky"});
  CHECK(right.at("total") == 2);
  CHECK_FALSE(right.contains("suggestion"));
  // A known word next to a misspelt one: only the misspelt one changes. The query matches both
  // articles by "Tomahawk", but none has both words, which the suggestion finds.
  const json half = search_json(dir, {"Tomahawk Zelenksy"});
  CHECK(half.at("total") == 2);
  CHECK(half.at("suggestion") == "tomahawk zelensky");
  CHECK(search_json(dir, {"Tomahavk Zelenksy"}).at("suggestion") == "tomahawk zelensky");

  const json off = search_json(dir, {"--no-spelling", "Zelenksy"});
  CHECK_FALSE(off.contains("suggestion"));
  CHECK_FALSE(contains(run(dir, kSearch, {"--db", dir.db(), "--no-spelling", "Zelenksy"}).out,
                       "Did you mean"));
}

TEST_CASE("spelling data follows deletions: a word only a deleted article had is not suggested") {
  TempDir dir;
  const std::string file = (kData / "three.jsonl").string();
  REQUIRE(run(dir, kIndex, {"--db", dir.db(), file}).code == 0);
  CHECK(search_json(dir, {"fery"}).at("suggestion") == "ferry");
  REQUIRE(run(dir, kIndex, {"--db", dir.db(), "--delete", "3"}).code == 0);
  CHECK_FALSE(search_json(dir, {"fery"}).contains("suggestion"));
}

TEST_CASE("aliases, plurals and capitals: Zelenskyy, Tomahawks, US Russia find both seeds") {
  TempDir dir;
  REQUIRE(run(dir, kIndex, {"--db", dir.db(), kCorpus.string()}).code == 0);
  for (const char* query : {"Zelenskyy", "Tomahawks", "US Russia", "U.S.", "US", "zelenskiy",
                            "United States of America", "TOMAHAWKS"}) {
    CAPTURE(query);
    const auto ids = hit_ids(search_json(dir, {query}));
    CHECK(ids.size() == 2);
    CHECK(has(ids, kSeedA));
    CHECK(has(ids, kSeedB));
  }
  // Highlights cover the stemmed and the aliased forms.
  const auto tomahawks = highlighted(search_json(dir, {"Tomahawks"}));
  CHECK(std::find(tomahawks.begin(), tomahawks.end(), "Tomahawk") != tomahawks.end());
  const auto zelenskyy = highlighted(search_json(dir, {"Zelenskyy"}));
  CHECK(std::find(zelenskyy.begin(), zelenskyy.end(), "Zelensky") != zelenskyy.end());
}

TEST_CASE("the user's synonym file (NEWSDEX_SYNONYMS) expands ordinary words at query time") {
  TempDir dir;
  REQUIRE(run(dir, kIndex, {"--db", dir.db(), kCorpus.string()}).code == 0);
  CHECK(search_json(dir, {"rocket"}).at("total") == 0);
  const fs::path synonyms = dir.path() / "synonyms.tsv";
  std::ofstream(synonyms) << "# ordinary words\nrocket\tmissile\n";
  const json expanded = search_json(dir, {"rocket"}, {"NEWSDEX_SYNONYMS=" + synonyms.string()});
  CHECK(expanded.at("total") == 2);
  const auto pieces = highlighted(expanded);
  CHECK(std::find_if(pieces.begin(), pieces.end(), [](const std::string& piece) {
          return piece.starts_with("missile");
        }) != pieces.end());
  std::ofstream(synonyms) << "rocket missile\n";  // no tab
  const Run bad =
      run(dir, kSearch, {"--db", dir.db(), "rocket"}, {"NEWSDEX_SYNONYMS=" + synonyms.string()});
  CHECK(bad.code == 1);
  CHECK(contains(bad.err, "synonyms.tsv:1: expected WORDS<TAB>SYNONYM"));
}

TEST_CASE("articles about the entity a name means rank above a namesake's passing mention") {
  TempDir dir;
  REQUIRE(run(dir, kIndex, {"--db", dir.db(), (kData / "zelensky.jsonl").string()}).code == 0);
  const auto ids = hit_ids(search_json(dir, {"Zelensky"}));
  REQUIRE(ids.size() == 4);
  CHECK(ids.back() == "sport-1");  // Oleksandr Zelensky, the footballer
  // The footballer is still found by his full name, first.
  CHECK(hit_ids(search_json(dir, {"Oleksandr Zelensky"})).front() == "sport-1");
}

TEST_CASE("--related lists the articles most like the given one, never itself") {
  TempDir dir;
  REQUIRE(run(dir, kIndex, {"--db", dir.db(), (kData / "related.jsonl").string()}).code == 0);
  const json related = search_json(dir, {"--related", "oil-1"});
  CHECK(related.at("related") == "oil-1");
  const auto ids = hit_ids(related);
  REQUIRE(ids.size() >= 2);
  CHECK(std::set<std::string>(ids.begin(), ids.begin() + 2) ==
        std::set<std::string>{"oil-2", "oil-3"});
  CHECK_FALSE(has(ids, "oil-1"));
  const Run text = run(dir, kSearch, {"--db", dir.db(), "--related", "oil-1"});
  CHECK(contains(text.out, "related to \"oil-1\""));

  const Run unknown = run(dir, kSearch, {"--db", dir.db(), "--related", "nope"});
  CHECK(unknown.code == 1);
  CHECK(contains(unknown.err, "no article with id \"nope\""));
  CHECK(run(dir, kSearch, {"--db", dir.db(), "--related", "oil-1", "words"}).code == 2);
}

TEST_CASE("--snippet-length bounds the snippet, which shows the passage with the query's words") {
  TempDir dir;
  REQUIRE(run(dir, kIndex, {"--db", dir.db(), kCorpus.string()}).code == 0);
  const json results = search_json(dir, {"--snippet-length", "80", "Rutte"});
  REQUIRE(results.at("hits").size() >= 1);
  for (const json& hit : results.at("hits")) {
    const std::string snippet = hit.at("snippet");
    CHECK(snippet.size() <= 80 + 6);  // plus the two ellipses
    CHECK(contains(snippet, "Rutte"));
  }
}
