// Tests for output::write_json and output::write_text (escape-free without color, bold with it).
#include "output/formatters.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace newsdex::output {
namespace {

using nlohmann::json;

// Two hits: one with every field and hostile control sequences, one without date and url.
search::SearchResults sample() {
  search::SearchResults results;
  results.query = "zelensky";
  results.total = 2;
  results.total_exact = true;
  results.seconds = 0.0125;

  search::Hit first;
  first.rank = 1;
  first.score = 3.25;
  first.article.id = "world/geneva.txt";
  first.article.title = "Zelensky \x1b]0;pwned\x07 in Geneva";
  first.article.date = "2025-10-21";
  first.article.url = "https://example.org/geneva";
  // "…Zelensky\x1b[2J met them." with "Zelensky" highlighted at bytes [3, 11).
  first.snippet.text = "\xE2\x80\xA6Zelensky\x1b[2J met them.";
  first.snippet.highlights = {{3, 11}};
  results.hits.push_back(first);

  search::Hit second;
  second.rank = 2;
  second.score = 1.5;
  second.article.id = "b.txt";
  second.article.title = "Second";
  second.snippet.text = "Talks with Zelensky and zelensky again";
  second.snippet.highlights = {{11, 19}, {24, 32}};
  results.hits.push_back(second);
  return results;
}

std::string text_of(const search::SearchResults& results, bool color) {
  std::ostringstream out;
  write_text(results, out, color);
  return out.str();
}

std::set<std::string> keys_of(const json& object) {
  std::set<std::string> keys;
  for (auto it = object.begin(); it != object.end(); ++it) keys.insert(it.key());
  return keys;
}

}  // namespace

TEST_CASE("write_json writes one line of JSON with the documented keys") {
  std::ostringstream out;
  write_json(sample(), out);
  const std::string written = out.str();
  REQUIRE(written.ends_with('\n'));
  CHECK(written.find('\n') == written.size() - 1);

  const json document = json::parse(written);
  REQUIRE(document.is_object());
  CHECK(document["version"] == kJsonVersion);
  CHECK(keys_of(document).contains("query"));
  CHECK(keys_of(document).contains("total"));
  CHECK(keys_of(document).contains("total_exact"));
  CHECK(keys_of(document).contains("hits"));
  CHECK_FALSE(keys_of(document).contains("facets"));  // not counted
  CHECK(document["query"] == "zelensky");
  CHECK(document["total"] == 2);
  CHECK(document["total_exact"] == true);
  REQUIRE(document["hits"].is_array());
  REQUIRE(document["hits"].size() == 2);

  const std::set<std::string> hit_keys = {"rank",   "id",      "score",      "title",
                                          "date",   "url",     "section",    "source",
                                          "author", "snippet", "highlights", "similar"};
  const json& first = document["hits"][0];
  CHECK(keys_of(first) == hit_keys);
  CHECK(first["rank"] == 1);
  CHECK(first["id"] == "world/geneva.txt");
  CHECK(first["score"].get<double>() == doctest::Approx(3.25));
  CHECK(first["title"] == "Zelensky \x1b]0;pwned\x07 in Geneva");  // escaped, not stripped
  CHECK(first["date"] == "2025-10-21");
  CHECK(first["url"] == "https://example.org/geneva");
  CHECK(first["snippet"] == "\xE2\x80\xA6Zelensky\x1b[2J met them.");
  CHECK(first["highlights"] == json::parse("[[3, 11]]"));
  // Control characters are escaped in the JSON text itself.
  CHECK(written.find('\x1b') == std::string::npos);
  CHECK(written.find('\x07') == std::string::npos);

  const json& second = document["hits"][1];
  CHECK(keys_of(second) == hit_keys);
  CHECK(second["date"].is_null());
  CHECK(second["url"].is_null());
  CHECK(second["highlights"] == json::parse("[[11, 19], [24, 32]]"));
}

TEST_CASE("write_json writes the keys in the documented order, with the time taken") {
  std::ostringstream out;
  write_json(sample(), out);
  const nlohmann::ordered_json document = nlohmann::ordered_json::parse(out.str());
  std::vector<std::string> keys;
  for (auto it = document.begin(); it != document.end(); ++it) keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"version", "query", "total", "total_exact", "collapsed",
                                         "seconds", "hits"});
  CHECK(document["seconds"].get<double>() == doctest::Approx(0.0125));
  std::vector<std::string> hit_keys;
  const nlohmann::ordered_json& hit = document["hits"][0];
  for (auto it = hit.begin(); it != hit.end(); ++it) hit_keys.push_back(it.key());
  CHECK(hit_keys == std::vector<std::string>(kHitFields.begin(), kHitFields.end()));
  CHECK(hit_keys == std::vector<std::string>{"rank", "id", "score", "title", "date", "url",
                                             "section", "source", "author", "snippet", "highlights",
                                             "similar"});
}

TEST_CASE("write_json stays valid JSON for invalid UTF-8 and empty results") {
  search::SearchResults results;
  results.query = "caf\xE9";
  search::Hit hit;
  hit.rank = 1;
  hit.article.id = "x";
  hit.article.title = "Bad \xFF byte";
  results.hits.push_back(hit);
  results.total = 1;
  std::ostringstream out;
  write_json(results, out);
  const json document = json::parse(out.str());
  CHECK(document["hits"][0]["title"] == "Bad \xEF\xBF\xBD byte");
  CHECK(document["hits"][0]["highlights"] == json::array());

  std::ostringstream empty_out;
  write_json(search::SearchResults{}, empty_out);
  const json empty = json::parse(empty_out.str());
  CHECK(empty["total"] == 0);
  CHECK(empty["hits"] == json::array());
}

TEST_CASE("write_text without color writes no escape codes, whatever the articles hold") {
  search::SearchResults results = sample();
  results.query = "zelensky\x1b[31m";
  results.hits[1].article.id = "evil\x1b[2J.txt";
  const std::string written = text_of(results, false);
  CAPTURE(written);
  CHECK(written.find('\x1b') == std::string::npos);
  CHECK(written.find('\x07') == std::string::npos);
  CHECK(written.starts_with("2 matches for \"zelensky[31m\""));
  CHECK(written.find("1. Zelensky ]0;pwned in Geneva\n") != std::string::npos);
  CHECK(written.find("2025-10-21 \xC2\xB7 world/geneva.txt") != std::string::npos);
  CHECK(written.find("\xE2\x80\xA6Zelensky[2J met them.") != std::string::npos);
  CHECK(written.find("2. Second\n") != std::string::npos);
  CHECK(written.find("evil[2J.txt") != std::string::npos);
  CHECK(written.find("Talks with Zelensky and zelensky again") != std::string::npos);
}

TEST_CASE("write_text with color makes titles and highlights bold and nothing else") {
  const std::string written = text_of(sample(), true);
  CAPTURE(written);
  CHECK(written.find("\x1b[1mZelensky\x1b[0m[2J met them.") != std::string::npos);
  CHECK(written.find("Talks with \x1b[1mZelensky\x1b[0m and \x1b[1mzelensky\x1b[0m again") !=
        std::string::npos);
  CHECK(written.find("\x1b[1mSecond\x1b[0m") != std::string::npos);
  // Remove the bold and reset codes: no other escape is left.
  std::string rest = written;
  for (const std::string_view code : {"\x1b[1m", "\x1b[0m"}) {
    for (std::size_t at = rest.find(code); at != std::string::npos; at = rest.find(code)) {
      rest.erase(at, code.size());
    }
  }
  CHECK(rest.find('\x1b') == std::string::npos);
  CHECK(rest.find('\x07') == std::string::npos);
}

TEST_CASE("write_text keeps each title and id on its own line") {
  search::SearchResults results;
  results.query = "q";
  results.total = 1;
  search::Hit hit;
  hit.rank = 1;
  hit.article.id = "a.jsonl\n   2025-01-01";
  hit.article.title = "Real title\n\n2. Forged";
  hit.snippet.text = "snippet";
  results.hits.push_back(hit);
  const std::string written = text_of(results, false);
  CAPTURE(written);
  CHECK(written.find("\n2. Forged") == std::string::npos);
  CHECK(written.find("\n   2025-01-01") == std::string::npos);
}

TEST_CASE("write_text header: singular, estimate and fallback") {
  search::SearchResults results;
  results.query = "q";
  results.total = 1;
  CHECK(text_of(results, false).starts_with("1 match for \"q\""));
  results.total = 12000;
  results.total_exact = false;
  CHECK(text_of(results, false).starts_with("about 12000 matches for \"q\""));
  results.fell_back = true;
  CHECK(text_of(results, false).find("not understood") != std::string::npos);
}

}  // namespace newsdex::output

namespace newsdex::output {

using nlohmann::json;

TEST_CASE("write_json: --fields picks the hit fields, in the documented order") {
  search::SearchResults results = sample();
  results.hits[0].similar = {"copy.txt"};
  std::ostringstream out;
  write_json(results, out, parse_fields("similar,id"));
  const nlohmann::ordered_json document = nlohmann::ordered_json::parse(out.str());
  const nlohmann::ordered_json& first = document["hits"][0];
  std::vector<std::string> keys;
  for (auto it = first.begin(); it != first.end(); ++it) keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"id", "similar"});
  CHECK(first["similar"] == json::parse(R"(["copy.txt"])"));
  CHECK(document["hits"][1]["similar"] == json::array());
}

TEST_CASE("write_json says what facet counts count") {
  search::SearchResults results = sample();
  results.facets.push_back({entities::EntityType::kPerson, {{"Volodymyr Zelensky", 2}}});
  std::ostringstream out;
  write_json(results, out);
  const json document = json::parse(out.str());
  CHECK(document["facets_count"] == "articles");
  CHECK(document["facets"]["person"][0]["count"] == 2);
}

TEST_CASE("parse_fields accepts known fields once each and refuses the rest") {
  CHECK(parse_fields("title,id,title") == std::vector<std::string>{"id", "title"});
  CHECK(parse_fields("id,") == std::vector<std::string>{"id"});
  CHECK_THROWS_AS(parse_fields("id,body"), std::invalid_argument);
  CHECK_THROWS_AS(parse_fields(""), std::invalid_argument);
  CHECK_THROWS_AS(parse_fields(","), std::invalid_argument);
}

TEST_CASE("write_jsonl writes one hit object per line") {
  std::ostringstream out;
  write_jsonl(sample(), out, parse_fields("rank,id"));
  std::istringstream lines(out.str());
  std::vector<json> hits;
  for (std::string line; std::getline(lines, line);) hits.push_back(json::parse(line));
  REQUIRE(hits.size() == 2);
  CHECK(hits[0] == json::parse(R"({"rank": 1, "id": "world/geneva.txt"})"));
  CHECK(hits[1] == json::parse(R"({"rank": 2, "id": "b.txt"})"));
}

TEST_CASE("write_ids writes one id per line, and write_count the total") {
  std::ostringstream ids;
  write_ids(sample(), ids);
  CHECK(ids.str() == "world/geneva.txt\nb.txt\n");
  std::ostringstream count;
  write_count(sample(), count);
  CHECK(count.str() == "2\n");
}

TEST_CASE("write_tsv writes a header and one safe line per hit") {
  search::SearchResults results = sample();
  results.hits[1].article.title = "Tab\there\nand a line";
  results.hits[1].similar = {"x", "y"};
  std::ostringstream out;
  write_tsv(results, out);
  CHECK(out.str() ==
        "rank\tid\tscore\tdate\ttitle\n"
        "1\tworld/geneva.txt\t3.25\t2025-10-21\tZelensky ]0;pwned in Geneva\n"
        "2\tb.txt\t1.5\t\tTab here and a line\n");
  std::ostringstream chosen;
  write_tsv(results, chosen, parse_fields("id,highlights,similar"), false);
  CHECK(chosen.str() == "world/geneva.txt\t3-11\t\nb.txt\t11-19,24-32\tx,y\n");
}

TEST_CASE("write_text shows how many duplicates collapsing hid") {
  search::SearchResults results = sample();
  results.hits[0].similar = {"copy.txt", "other.txt"};
  const std::string text = text_of(results, false);
  CHECK(text.find("   +2 similar\n") != std::string::npos);
  CHECK(text.find("copy.txt") == std::string::npos);
}

}  // namespace newsdex::output
