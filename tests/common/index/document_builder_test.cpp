// Tests for index::id_term, serialise_data/parse_data and DocumentBuilder::build (schema.hpp).
#include "index/document_builder.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <utility>

#include "entities/facet_values.hpp"
#include "schema.hpp"

namespace newsdex::index {
namespace {

std::set<std::string> terms_of(const Xapian::Document& doc) {
  std::set<std::string> terms;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) terms.insert(*it);
  return terms;
}

std::set<std::string> terms_with_prefix(const Xapian::Document& doc, std::string_view prefix) {
  std::set<std::string> out;
  for (const std::string& term : terms_of(doc)) {
    if (term.starts_with(prefix)) out.insert(term);
  }
  return out;
}

Xapian::termcount positions_of(const Xapian::Document& doc, const std::string& term) {
  Xapian::TermIterator it = doc.termlist_begin();
  it.skip_to(term);
  if (it == doc.termlist_end() || *it != term) return 0;
  return it.positionlist_count();
}

Article full_article() {
  Article a;
  a.id = "world/geneva.txt";
  a.title = "Zelensky's Talks in Genève";
  a.body =
      "Leaders were meeting on Tuesday.\n\nThe \xE2\x80\x9C"
      "ceasefire\xE2\x80\x9D held.";
  a.date = "2025-10-21T23:30:00-05:00";
  a.url = "https://example.org/geneva";
  a.section = "World News";
  a.source = "REUTERS";
  a.author = "Jane Doé";
  a.path = "corpus/world/geneva.txt";
  return a;
}

}  // namespace

TEST_CASE("id_term is Q plus the id when it fits") {
  CHECK(id_term("a.txt") == "Qa.txt");
  CHECK(id_term("world/K\xC3\xB6ln.txt") == "Qworld/K\xC3\xB6ln.txt");
  const std::string fits(schema::kMaxTermBytes - 1, 'a');
  CHECK(id_term(fits) == "Q" + fits);
}

TEST_CASE("id_term keeps over-long ids under the limit and distinct") {
  const std::string base(schema::kMaxTermBytes, 'a');
  const std::string ids[] = {
      base,
      base + "b",
      base + "c",
      std::string(1000, 'a'),
      std::string(1000, 'a') + "z",
      "b" + std::string(999, 'a'),
  };
  std::set<std::string> seen;
  for (const std::string& id : ids) {
    CAPTURE(id.size());
    const std::string term = id_term(id);
    CHECK(term.size() <= schema::kMaxTermBytes);
    CHECK(term.starts_with("Q"));
    CHECK(term == id_term(id));  // deterministic
    seen.insert(term);
  }
  CHECK(seen.size() == std::size(ids));
}

TEST_CASE("serialise_data and parse_data round-trip an article") {
  const Article original = full_article();
  const Article parsed = parse_data(serialise_data(original));
  CHECK(parsed.id == original.id);
  CHECK(parsed.title == original.title);
  CHECK(parsed.body == original.body);
  CHECK(parsed.date == original.date);
  CHECK(parsed.url == original.url);
  CHECK(parsed.section == original.section);
  CHECK(parsed.source == original.source);
  CHECK(parsed.author == original.author);
  CHECK(parsed.path == original.path);
}

TEST_CASE("serialise_data writes one JSON object and omits empty fields") {
  Article a;
  a.id = "x";
  a.title = "Quote \" and backslash \\ and newline\n";
  const std::string data = serialise_data(a);
  const nlohmann::json object = nlohmann::json::parse(data);
  REQUIRE(object.is_object());
  CHECK(object.size() == 2);
  CHECK(object["id"] == "x");
  CHECK(object["title"] == a.title);
  CHECK_FALSE(object.contains("body"));
  CHECK_FALSE(object.contains("date"));
  const Article parsed = parse_data(data);
  CHECK(parsed.title == a.title);
  CHECK(parsed.body.empty());
}

TEST_CASE("parse_data throws std::runtime_error for data that is not a newsdex record") {
  const std::string bad[] = {"",
                             "not json",
                             "[1,2]",
                             "\"text\"",
                             "{\"id\":",
                             "{\"id\":5}",
                             "{\"id\":\"x\",\"title\":[\"t\"]}"};
  for (const std::string& data : bad) {
    CAPTURE(data);
    CHECK_THROWS_AS(parse_data(data), std::runtime_error);
  }
}

TEST_CASE("DocumentBuilder::build indexes text, title, id, filters and dates") {
  DocumentBuilder builder;
  const Article article = full_article();
  const Xapian::Document doc = builder.build(article, {});
  const std::set<std::string> terms = terms_of(doc);
  CAPTURE(std::vector<std::string>(terms.begin(), terms.end()));

  // The unique id term.
  CHECK(terms_with_prefix(doc, "Q") == std::set<std::string>{"Qworld/geneva.txt"});
  // Title words, normalised, under S with positions and unprefixed.
  for (const char* term : {"Szelensky's", "Stalks", "Sgeneve", "zelensky's", "talks", "geneve"}) {
    CAPTURE(term);
    CHECK(terms.contains(term));
    CHECK(positions_of(doc, term) >= 1);
  }
  CHECK_FALSE(terms.contains("Sleaders"));  // body words are not title words
  // Body words, normalised (typographic quotes folded), and stemmed forms under Z.
  for (const char* term : {"leaders", "meeting", "ceasefire", "Zleader", "Zmeet", "Ztalk",
                           "Zzelenski", "ZSzelenski", "ZStalk"}) {
    CAPTURE(term);
    CHECK(terms.contains(term));
  }
  CHECK(positions_of(doc, "meeting") == 1);
  CHECK_FALSE(terms.contains("Zelensky's"));  // nothing keeps its original case

  // Filters: whole normalised values.
  CHECK(terms.contains("XSECworld news"));
  CHECK(terms.contains("XSRCreuters"));
  CHECK(terms.contains("Ajane doe"));
  // The day as written (not shifted to UTC), its month and year.
  CHECK(terms.contains("D20251021"));
  CHECK(terms.contains("M202510"));
  CHECK(terms.contains("Y2025"));
  CHECK(terms_with_prefix(doc, "D").size() == 1);

  CHECK(doc.get_value(schema::kSlotDate) == "20251021");
  // 2025-10-21T23:30-05:00 is 2025-10-22T04:30Z.
  CHECK(Xapian::sortable_unserialise(doc.get_value(schema::kSlotTimestamp)) ==
        doctest::Approx(1761004800.0 + 86400 + 4 * 3600 + 30 * 60));
  CHECK(doc.get_value(schema::kSlotEntities).empty());

  const Article stored = parse_data(doc.get_data());
  CHECK(stored.id == article.id);
  CHECK(stored.body == article.body);
  CHECK(stored.path == article.path);
}

TEST_CASE("DocumentBuilder::build leaves out date terms and slots for undated articles") {
  DocumentBuilder builder;
  for (const char* date : {"", "not a date", "2025-02-29"}) {
    CAPTURE(date);
    Article article;
    article.id = "u";
    article.title = "Undated";
    article.date = date;
    const Xapian::Document doc = builder.build(article, {});
    CHECK(terms_with_prefix(doc, "D").empty());
    CHECK(terms_with_prefix(doc, "M").empty());
    CHECK(terms_with_prefix(doc, "Y").empty());
    CHECK(doc.get_value(schema::kSlotDate).empty());
    CHECK(doc.get_value(schema::kSlotTimestamp).empty());
    CHECK(terms_with_prefix(doc, "XSEC").empty());
    CHECK(terms_with_prefix(doc, "A").empty());
  }
}

TEST_CASE("DocumentBuilder::build keeps filter terms under the term length limit") {
  DocumentBuilder builder;
  Article article;
  article.id = std::string(500, 'i');
  article.title = "Long values";
  article.section = std::string(400, 's');
  article.author = std::string(400, 'a');
  const Xapian::Document doc = builder.build(article, {});
  for (const std::string& term : terms_of(doc)) {
    CAPTURE(term);
    CHECK(term.size() <= schema::kMaxTermBytes);
  }
  CHECK(terms_with_prefix(doc, "Q").size() == 1);
  CHECK(terms_with_prefix(doc, "XSECsss").size() == 1);
  // A Xapian database accepts the document.
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  CHECK_NOTHROW(db.add_document(doc));
}

TEST_CASE("DocumentBuilder::build adds entity terms and a decodable entities value") {
  using entities::Entity;
  using entities::EntityType;
  DocumentBuilder builder;
  Article article;
  article.id = "e";
  article.title = "Rubio in K\xC3\xB6ln";
  const std::vector<Entity> found = {
      {EntityType::kPerson, "Marco Rubio", {}},
      {EntityType::kOrg, "NATO", {}},
      {EntityType::kPlace, "K\xC3\xB6ln", {}},
      {EntityType::kOther, "Operation\nSunrise", {}},
  };
  const Xapian::Document doc = builder.build(article, found);
  const std::set<std::string> terms = terms_of(doc);
  CAPTURE(std::vector<std::string>(terms.begin(), terms.end()));
  CHECK(terms.contains(std::string(schema::kPrefixPerson) + "marco rubio"));
  CHECK(terms.contains(std::string(schema::kPrefixOrg) + "nato"));
  CHECK(terms.contains(std::string(schema::kPrefixPlace) + "koln"));
  CHECK(terms_with_prefix(doc, schema::kPrefixOther).size() == 1);

  CHECK(doc.get_value(schema::kSlotEntities).empty());  // no ids given: no facet value

  const std::vector<entities::EntityId> ids = {entities::make_entity_id(1, EntityType::kPerson),
                                               entities::make_entity_id(2, EntityType::kOrg),
                                               entities::make_entity_id(3, EntityType::kPlace),
                                               entities::make_entity_id(4, EntityType::kOther)};
  const Xapian::Document with_ids = builder.build(article, found, ids);
  CHECK(entities::decode_entity_ids(with_ids.get_value(schema::kSlotEntities)) == ids);
}

}  // namespace newsdex::index

namespace newsdex::index {

TEST_CASE("build keeps every term under Xapian's limit, whatever the word lengths") {
  const std::string long_word(300000, 'w');
  std::string long_accented;
  for (int i = 0; i < 5000; ++i) long_accented += "\xC3\xA9";
  Article a;
  a.id = long_word;
  a.title = long_word + " short";
  a.body = "start " + long_word + " " + long_accented + " end";
  a.section = long_word;
  a.source = long_accented;
  a.author = long_word;
  a.path = "dir/" + long_word + ".txt";
  a.date = "2025-10-21";
  DocumentBuilder builder;
  Xapian::Document doc;
  REQUIRE_NOTHROW(doc = builder.build(a, {}, {}));
  for (const std::string& term : terms_of(doc)) {
    CAPTURE(term.substr(0, 20));
    CHECK(term.size() <= schema::kMaxTermBytes);
  }
  CHECK(terms_of(doc).count("short") == 1);
  CHECK(terms_of(doc).count("end") == 1);
  // And Xapian takes the document (its own check runs on add).
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  CHECK_NOTHROW(db.add_document(doc));
}

}  // namespace newsdex::index
