// Tests for corpus::parse_json_line (fields, aliases, rejections, repairs) and parse_jsonl.
#include "corpus/json_parser.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <stdexcept>
#include <vector>

namespace newsdex::corpus {
namespace {

Article accepted(const ParseResult& result) {
  REQUIRE_FALSE(result.rejected());
  return *result.article;
}

// Returns the message of the single error of a rejected result.
std::string rejection(const ParseResult& result) {
  REQUIRE(result.rejected());
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].severity == Severity::kError);
  return result.diagnostics[0].message;
}

std::vector<ParseResult> parse_all(const std::string& input, std::size_t max_line_bytes) {
  std::istringstream stream(input);
  std::vector<ParseResult> results;
  parse_jsonl(stream, "feed.jsonl", max_line_bytes,
              [&results](ParseResult&& result) { results.push_back(std::move(result)); });
  return results;
}

}  // namespace

TEST_CASE("parse_json_line reads every documented field") {
  const ParseResult result = parse_json_line(
      R"({"id":"w-1","title":"Talks in Geneva","body":"Leaders met.","date":"2025-10-21T09:30:00+02:00",)"
      R"("url":"https://example.org/w-1","section":"World","source":"Reuters","author":"Jane Doe",)"
      R"("unknown":{"nested":[1,2]}})",
      "feed.jsonl", 4);
  const Article article = accepted(result);
  CHECK(result.diagnostics.empty());
  CHECK(article.id == "w-1");
  CHECK(article.title == "Talks in Geneva");
  CHECK(article.body == "Leaders met.");
  CHECK(article.date == "2025-10-21T09:30:00+02:00");  // kept as given
  CHECK(article.url == "https://example.org/w-1");
  CHECK(article.section == "World");
  CHECK(article.source == "Reuters");
  CHECK(article.author == "Jane Doe");
  CHECK(article.path == "feed.jsonl");
}

TEST_CASE("parse_json_line accepts the field aliases") {
  struct Case {
    std::string line;
    std::string title;
    std::string body;
    std::string date;
    std::string url;
  };
  const Case cases[] = {
      {R"({"id":"1","headline":"H","text":"T"})", "H", "T", "", ""},
      {R"({"id":"1","title":"H","content":"C","link":"L"})", "H", "C", "", "L"},
      {R"({"id":"1","title":"H","published":"2025-10-21"})", "H", "", "2025-10-21", ""},
      {R"({"id":"1","title":"H","published_at":"2025-10-22T10:00Z"})", "H", "", "2025-10-22T10:00Z",
       ""},
      {R"({"id":"1","title":"H","pubDate":"2025-10-23"})", "H", "", "2025-10-23", ""},
      // The first name of each list wins when several are present.
      {R"({"id":"1","headline":"second","title":"first","content":"c","body":"b"})", "first", "b",
       "", ""},
      // null counts as absent.
      {R"({"id":"1","title":null,"headline":"H","body":"B","url":null,"link":"L"})", "H", "B", "",
       "L"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.line);
    const Article article = accepted(parse_json_line(c.line, "f.jsonl", 1));
    CHECK(article.title == c.title);
    CHECK(article.body == c.body);
    CHECK(article.date == c.date);
    CHECK(article.url == c.url);
  }
}

TEST_CASE("parse_json_line takes string and integer ids") {
  CHECK(accepted(parse_json_line(R"({"id":"abc/def","title":"t"})", "f", 1)).id == "abc/def");
  CHECK(accepted(parse_json_line(R"({"id":42,"title":"t"})", "f", 1)).id == "42");
  CHECK(accepted(parse_json_line(R"({"id":-7,"title":"t"})", "f", 1)).id == "-7");
  CHECK(accepted(parse_json_line(R"({"id":18446744073709551615,"title":"t"})", "f", 1)).id ==
        "18446744073709551615");
}

TEST_CASE("parse_json_line derives a missing title from the body's first sentence") {
  const Article article =
      accepted(parse_json_line(R"({"id":"b","body":"U.S. stocks rose. Bonds fell."})", "f", 1));
  CHECK(article.title == "U.S. stocks rose.");
  CHECK(article.body == "U.S. stocks rose. Bonds fell.");
}

TEST_CASE("parse_json_line rejects missing or unusable required fields") {
  struct Case {
    std::string line;
    std::string message_part;
  };
  const Case cases[] = {
      {R"({"title":"no id"})", "\"id\""},
      {R"({"id":null,"title":"null id"})", "\"id\""},
      {R"({"id":"","title":"empty id"})", "\"id\""},
      {R"({"id":1.5,"title":"t"})", "\"id\""},
      {R"({"id":true,"title":"t"})", "\"id\""},
      {R"({"id":["a"],"title":"t"})", "\"id\""},
      {R"({"id":"x"})", "neither title nor body"},
      {R"({"id":"x","title":"","body":""})", "neither title nor body"},
      {R"({"id":"x","url":"u"})", "neither title nor body"},
      {R"({"id":"x","title":5})", "field \"title\" must be a string"},
      {R"({"id":"x","title":"t","body":{"p":1}})", "field \"body\" must be a string"},
      {R"({"id":"x","title":"t","section":["World"]})", "field \"section\" must be a string"},
      {R"({"id":"x","title":"t","date":20251021})", "field \"date\" must be a string"},
      {R"({"id":"x","title":"t","author":false})", "field \"author\" must be a string"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.line);
    const ParseResult result = parse_json_line(c.line, "f.jsonl", 9);
    CHECK(rejection(result).find(c.message_part) != std::string::npos);
    CHECK(result.diagnostics[0].file == "f.jsonl");
    CHECK(result.diagnostics[0].line == 9);
  }
}

TEST_CASE("parse_json_line reports malformed JSON without nlohmann's exception tag") {
  const std::string lines[] = {
      R"({"id": )",      R"({"id":"x","title":"t",})",         R"({"id":"x" "title":"t"})",
      "not json at all", R"({"id":"x","title":"t"} trailing)",
  };
  for (const std::string& line : lines) {
    CAPTURE(line);
    const std::string message = rejection(parse_json_line(line, "f.jsonl", 2));
    CHECK(message.starts_with("invalid JSON: "));
    CHECK(message.size() > std::string("invalid JSON: ").size());
    CHECK(message.find("[json.exception") == std::string::npos);
  }
}

TEST_CASE("parse_json_line rejects JSON that is not an object") {
  for (const char* line : {"[1,2,3]", "\"a string\"", "42", "null", "true"}) {
    CAPTURE(line);
    CHECK(rejection(parse_json_line(line, "f", 1)) == "expected a JSON object");
  }
}

TEST_CASE("parse_json_line drops a date that is not ISO 8601 with a warning") {
  for (const char* date : {"yesterday", "2025-02-29", "21/10/2025", "Tue, 21 Foo 2025"}) {
    CAPTURE(date);
    const std::string line = std::string(R"({"id":"d","title":"t","date":")") + date + "\"}";
    const ParseResult result = parse_json_line(line, "f.jsonl", 3);
    const Article article = accepted(result);
    CHECK(article.date.empty());
    REQUIRE(result.diagnostics.size() == 1);
    CHECK(result.diagnostics[0].severity == Severity::kWarning);
    CHECK(result.diagnostics[0].line == 3);
    CHECK(result.diagnostics[0].message.find(date) != std::string::npos);
  }
}

TEST_CASE("parse_json_line repairs invalid UTF-8 with a warning") {
  const ParseResult result =
      parse_json_line("{\"id\":\"u\",\"title\":\"Caf\xE9 au lait\"}", "latin1.jsonl", 5);
  const Article article = accepted(result);
  CHECK(article.title == "Caf\xEF\xBF\xBD au lait");
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].severity == Severity::kWarning);
  CHECK(result.diagnostics[0].line == 5);
  CHECK(result.diagnostics[0].message.find("U+FFFD") != std::string::npos);
}

TEST_CASE("parse_jsonl skips blank lines and numbers lines from 1") {
  const std::string input =
      "\xEF\xBB\xBF{\"id\":\"a\",\"title\":\"A\"}\n"  // BOM on the first line
      "\n"
      "   \t\n"
      "{\"id\":\"b\",\"title\":\"B\"}\r\n"
      "{broken\n"
      "\n"
      "{\"id\":\"c\",\"body\":\"C.\"}";  // no final newline
  const std::vector<ParseResult> results = parse_all(input, 1024);
  REQUIRE(results.size() == 4);
  CHECK(accepted(results[0]).id == "a");
  CHECK(accepted(results[1]).id == "b");
  CHECK(results[2].rejected());
  REQUIRE_FALSE(results[2].diagnostics.empty());
  CHECK(results[2].diagnostics[0].line == 5);
  CHECK(results[2].diagnostics[0].file == "feed.jsonl");
  CHECK(accepted(results[3]).id == "c");
  CHECK(results[2].diagnostics[0].format().starts_with("feed.jsonl:5: error: invalid JSON"));
}

TEST_CASE("parse_jsonl rejects an over-long line unparsed and goes on") {
  const std::string long_line = R"({"id":"long","title":")" + std::string(100, 'x') + "\"}";
  const std::string input =
      "{\"id\":\"a\",\"title\":\"A\"}\n" + long_line + "\n{\"id\":\"b\",\"title\":\"B\"}\n";
  const std::vector<ParseResult> results = parse_all(input, 64);
  REQUIRE(results.size() == 3);
  CHECK(accepted(results[0]).id == "a");
  const std::string message = rejection(results[1]);
  CHECK(message.find("exceeds") != std::string::npos);
  CHECK(message.find("64") != std::string::npos);
  CHECK(results[1].diagnostics[0].line == 2);
  CHECK(accepted(results[2]).id == "b");

  // A line of exactly the limit is parsed.
  const std::string exact = R"({"id":"e","title":"t"})";
  const std::vector<ParseResult> at_limit = parse_all(exact, exact.size());
  REQUIRE(at_limit.size() == 1);
  CHECK(accepted(at_limit[0]).id == "e");
}

TEST_CASE("parse_json_line converts an RFC 822 date") {
  const Article article = accepted(parse_json_line(
      R"({"id":"r","title":"t","pubDate":"Tue, 21 Oct 2025 09:30:00 GMT"})", "f", 1));
  CHECK(article.date == "2025-10-21T09:30:00Z");
}

TEST_CASE("--field mappings are read before the usual names, dotted paths reach inside") {
  const FieldMap fields = {parse_field_mapping("title=heading"),
                           parse_field_mapping("date=meta.when"), parse_field_mapping("id=key")};
  const Article article = accepted(parse_json_line(
      R"({"key":"k","title":"usual","heading":"mapped","meta":{"when":"2025-01-02"}})", "f", 1,
      fields));
  CHECK(article.id == "k");
  CHECK(article.title == "mapped");
  CHECK(article.date == "2025-01-02");
  CHECK_THROWS_AS(parse_field_mapping("title"), std::invalid_argument);
  CHECK_THROWS_AS(parse_field_mapping("headline=x"), std::invalid_argument);
  CHECK_THROWS_AS(parse_field_mapping("title="), std::invalid_argument);
}

TEST_CASE("parse_json_document reads arrays, wrapped arrays and single objects") {
  const auto parse = [](const std::string& text) {
    std::vector<ParseResult> results;
    parse_json_document(text, "a.json", "a.json",
                        [&](ParseResult&& r) { results.push_back(std::move(r)); });
    return results;
  };
  const auto list = parse(R"([{"id":"1","title":"One"},{"title":"Two","url":"https://x/2"},
                              {"body":"Three."},{"id":[1]},"text"])");
  REQUIRE(list.size() == 5);
  CHECK(list[0].article->id == "1");
  CHECK(list[1].article->id == "https://x/2");
  CHECK(list[2].article->id == "a.json#3");
  CHECK(list[3].rejected());
  CHECK(list[3].diagnostics[0].message.find("article [4]: ") == 0);
  CHECK(list[4].rejected());
  const auto wrapped = parse(R"({"status":"ok","articles":[{"id":"w","title":"W"}]})");
  REQUIRE(wrapped.size() == 1);
  CHECK(wrapped[0].article->id == "w");
  const auto single = parse(R"({"title":"Alone"})");
  REQUIRE(single.size() == 1);
  CHECK(single[0].article->id == "a.json");
  for (const char* bad : {"[{\"id\":\"t\",\"title\":\"cut", "", "[]", "[[[[[[", "42"}) {
    CAPTURE(bad);
    const auto results = parse(bad);
    REQUIRE(results.size() == 1);
    CHECK(results[0].rejected());
  }
  const auto deep = parse(std::string(10000, '[') + std::string(10000, ']'));
  REQUIRE(deep.size() == 1);
  CHECK(deep[0].diagnostics[0].message.find("JSON nested deeper") == 0);
}

TEST_CASE("a number too large for a double is a rejection, not an exception (fuzz regression)") {
  // Found by tests/fuzz/json_fuzz: nlohmann throws out_of_range, not parse_error, for it, and
  // the indexer died with the whole batch.
  const std::string line = R"({"id": 888888888880e8888887550956297025341212, "title": "t"})";
  ParseResult result;
  REQUIRE_NOTHROW(result = parse_json_line(line, "f.jsonl", 4));
  CHECK(result.rejected());
  CHECK(result.diagnostics[0].message.find("number overflow") != std::string::npos);
  std::vector<ParseResult> results;
  REQUIRE_NOTHROW(parse_json_document(
      R"([{"i.": 888888888880e8888887550956297025341212le": hiniisHhd", "body cut off)", "f.json",
      "f.json", [&](ParseResult&& r) { results.push_back(std::move(r)); }));
  REQUIRE(results.size() == 1);
  CHECK(results[0].rejected());
}

}  // namespace newsdex::corpus
