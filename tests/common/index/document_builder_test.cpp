// Tests for index::id_term, the document data (serialise_record, serialise_data, parse_data,
// parse_data_id) and DocumentBuilder::build (schema.hpp).
#include "index/document_builder.hpp"

#include <doctest/doctest.h>
#include <zstd.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

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

namespace {

void check_same(const Article& parsed, const Article& original) {
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

// Returns `n` as serialise_data writes a length.
std::string varint(std::uint64_t n) {
  std::string out;
  for (; n >= 0x80; n >>= 7) out.push_back(static_cast<char>((n & 0x7F) | 0x80));
  out.push_back(static_cast<char>(n));
  return out;
}

// Returns a record of nine fields built by hand, independently of serialise_data.
std::string record(const std::vector<std::string>& fields) {
  std::string out(1, schema::kDataFormat);
  for (const std::string& field : fields) out += varint(field.size()) + field;
  return out;
}

// Returns `bytes` as one zstd frame, made by zstd's own API rather than serialise_data; the
// frame states its content size unless `sized` is false.
std::string zstd_frame(const std::string& bytes, bool sized = true) {
  ZSTD_CCtx* context = ZSTD_createCCtx();
  REQUIRE(context != nullptr);
  ZSTD_CCtx_setParameter(context, ZSTD_c_contentSizeFlag, sized ? 1 : 0);
  std::string frame(ZSTD_compressBound(bytes.size()), '\0');
  const std::size_t size =
      ZSTD_compress2(context, frame.data(), frame.size(), bytes.data(), bytes.size());
  ZSTD_freeCCtx(context);
  REQUIRE(!ZSTD_isError(size));
  frame.resize(size);
  return frame;
}

// An article whose record zstd shrinks: its body repeats.
Article long_article() {
  Article a = full_article();
  for (int i = 0; i < 20; ++i) a.body += " The ceasefire held on Tuesday, leaders said.";
  return a;
}

}  // namespace

TEST_CASE("serialise_data and parse_data round-trip every field") {
  SUBCASE("a full article") {
    check_same(parse_data(serialise_data(full_article())), full_article());
  }
  SUBCASE("all fields empty") {
    const Article empty;
    const std::string data = serialise_data(empty);
    CHECK(data == std::string(1, schema::kDataFormat) + std::string(9, '\0'));
    check_same(parse_data(data), empty);
  }
  SUBCASE("some fields empty, in every position") {
    for (int skip = 0; skip < 9; ++skip) {
      CAPTURE(skip);
      Article a = full_article();
      std::string* fields[] = {&a.id,      &a.title,  &a.body,   &a.date, &a.url,
                               &a.section, &a.source, &a.author, &a.path};
      fields[skip]->clear();
      check_same(parse_data(serialise_data(a)), a);
    }
  }
  SUBCASE("non-ASCII, embedded NUL bytes, JSON and record-looking bytes") {
    Article a;
    a.id = std::string("nul\0in\0id", 9);
    a.title = "K\xC3\xB6ln \xE2\x80\x9Cquoted\xE2\x80\x9D \xF0\x9F\x93\xB0 \"\\\n\t";
    a.body = std::string("\0\0\0", 3) + "\xA1\x80\xFF" + "{\"id\":\"x\"}";
    a.date = "\xA1";
    a.url = std::string(1, '\0');
    a.section = "\xD0\x9C\xD0\xB8\xD1\x80";
    a.source = "\xE6\x9D\xB1\xE4\xBA\xAC";
    a.author = "Jane Do\xC3\xA9";
    a.path = std::string("dir\0/f", 6);
    check_same(parse_data(serialise_data(a)), a);
  }
  SUBCASE("a large body, lengths of one, two and three varint bytes") {
    Article a = full_article();
    a.title = std::string(127, 't');      // one byte
    a.url = std::string(128, 'u');        // two bytes
    a.section = std::string(16383, 's');  // two bytes
    a.source = std::string(16384, 'r');   // three bytes
    // Over 2^21 bytes, so its length takes four varint bytes.
    while (a.body.size() <= (std::size_t{1} << 21)) a.body += "word K\xC3\xB6ln \xE2\x80\x9C ";
    const std::string data = serialise_data(a);
    check_same(parse_data(data), a);
    CHECK(parse_data_id(data) == a.id);
  }
}

TEST_CASE("serialise_record writes the documented layout") {
  Article a;
  a.id = "x";
  a.title = std::string(200, 't');
  a.path = "p";
  const std::string expected =
      std::string(1, '\xA1') + "\x01x" + "\xC8\x01" + a.title + std::string(6, '\0') + "\x01p";
  CHECK(serialise_record(a) == expected);
  CHECK(record({"x", a.title, "", "", "", "", "", "", "p"}) == expected);
}

TEST_CASE("serialise_data stores the record as one zstd frame when that is shorter") {
  const Article a = long_article();
  const std::string plain = serialise_record(a);
  const std::string data = serialise_data(a);
  REQUIRE(data[0] == schema::kDataFormatZstd);
  CHECK(data.size() < plain.size() / 2);
  // What zstd itself reads from the frame is the record without its format byte.
  std::string inner(plain.size() - 1, '\0');
  CHECK(ZSTD_decompress(inner.data(), inner.size(), data.data() + 1, data.size() - 1) ==
        inner.size());
  CHECK(inner == plain.substr(1));
  check_same(parse_data(data), a);
  CHECK(parse_data_id(data) == a.id);
  // A record read back from a frame made by zstd's own API.
  CHECK(parse_data("\xA2" + zstd_frame(plain.substr(1))).body == a.body);

  SUBCASE("a record that would not shrink stays plain") {
    Article tiny;
    tiny.id = "x";
    CHECK(serialise_data(tiny) == serialise_record(tiny));
    CHECK(serialise_data(Article()) == serialise_record(Article()));
  }
}

TEST_CASE("parse_data and parse_data_id reject data that is not a record, saying why") {
  const std::string good = record({"id", "title", "body", "", "", "", "", "", "path"});
  REQUIRE(parse_data(good).body == "body");
  const std::string huge = varint(std::uint64_t{1} << 62);
  struct Case {
    const char* name;
    std::string data;
    const char* message;
  };
  const Case cases[] = {
      {"empty", "", "it is empty"},
      {"wrong format byte", "\xA3" + good.substr(1),
       "starts with byte 0xa3, not a format byte (0xa1 or 0xa2)"},
      {"the compressed format byte alone", "\xA2", "its zstd frame header is not valid"},
      {"the compressed format byte before a plain record", "\xA2" + good.substr(1),
       "its zstd frame header is not valid"},
      {"a zstd frame that does not state its size", "\xA2" + zstd_frame(good.substr(1), false),
       "its zstd frame does not state its size"},
      {"a zstd frame cut short",
       "\xA2" + zstd_frame(good.substr(1)).substr(0, zstd_frame(good.substr(1)).size() - 1),
       "its zstd frame is not whole"},
      {"a byte after the zstd frame", "\xA2" + zstd_frame(good.substr(1)) + "x",
       "it has 1 byte(s) after its zstd frame"},
      {"a zstd frame stating 2^40 bytes",
       std::string("\xA2\x28\xB5\x2F\xFD\xE0", 6) + std::string("\0\0\0\0\0\x01\0\0", 8),
       "its zstd frame holds 1099511627776 bytes, more than the 536870912 a record may have"},
      {"a zstd frame of a record cut short", "\xA2" + zstd_frame(good.substr(1, good.size() - 2)),
       "field \"path\" is 4 bytes, but only 3"},
      {"text", "not a record", "starts with byte 0x6e"},
      {"format byte alone", "\xA1", "ends inside the length of field \"id\""},
      {"fewer than nine fields", good.substr(0, good.size() - 5), "field \"path\""},
      {"truncated inside a varint", record({"id", std::string(300, 't')}).substr(0, 5),
       "ends inside the length of field \"title\""},
      {"a length past the end", record({"id"}) + varint(10) + "short", "is 10 bytes, but only 5"},
      {"last field cut short", good.substr(0, good.size() - 1),
       "field \"path\" is 4 bytes, but only 3"},
      {"a length near 2^62", std::string(1, '\xA1') + huge + "x", "bytes, but only 1 are left"},
      {"a varint over 64 bits", std::string(1, '\xA1') + std::string(9, '\xFF') + "\x02",
       "the length of field \"id\" is not a valid varint"},
      {"an over-long varint", std::string(1, '\xA1') + std::string("\x82\x00", 2) + "ab",
       "the length of field \"id\" is not a valid varint"},
      {"an endless varint", std::string(1, '\xA1') + std::string(40, '\x80'),
       "the length of field \"id\" is not a valid varint"},
      {"one trailing byte", good + "x", "it has 1 byte(s) after the last field"},
      {"a second record after the first", good + good, "byte(s) after the last field"},
      {"legacy JSON that is not an object", "{\"id\":", "not a JSON object"},
      {"legacy JSON with a non-string field", "{\"id\":5}", "JSON field \"id\" is not a string"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    for (int id_only = 0; id_only < 2; ++id_only) {
      CAPTURE(id_only);
      std::string what;
      try {
        if (id_only) {
          (void)parse_data_id(c.data);
        } else {
          (void)parse_data(c.data);
        }
      } catch (const std::runtime_error& e) {
        what = e.what();
      }
      CAPTURE(what);
      CHECK(what.starts_with("document data is not a valid newsdex record: "));
      CHECK(what.find(c.message) != std::string::npos);
    }
  }
}

TEST_CASE("parse_data rejects every proper prefix and every extension of a record") {
  const std::string compressed = serialise_data(long_article());
  REQUIRE(compressed[0] == schema::kDataFormatZstd);
  for (const std::string& data : {serialise_record(full_article()), compressed}) {
    CAPTURE(data.size());
    for (std::size_t n = 0; n < data.size(); ++n) {
      CAPTURE(n);
      CHECK_THROWS_AS(parse_data(data.substr(0, n)), std::runtime_error);
      CHECK_THROWS_AS(parse_data_id(data.substr(0, n)), std::runtime_error);
    }
    CHECK_THROWS_AS(parse_data(data + '\0'), std::runtime_error);
    CHECK_THROWS_AS(parse_data_id(data + '\0'), std::runtime_error);
  }
}

TEST_CASE("parse_data_id returns what parse_data returns as the id") {
  Article a = full_article();
  const std::string ids[] = {"", "x", std::string("a\0b", 3), std::string(300, 'i'),
                             "K\xC3\xB6ln/\xE6\x9D\xB1.txt"};
  for (const std::string& id : ids) {
    CAPTURE(id);
    a.id = id;
    const std::string data = serialise_data(a);
    CHECK(parse_data_id(data) == id);
    CHECK(parse_data_id(data) == parse_data(data).id);
  }
  const std::string legacy = R"({"id":"old","title":"T"})";
  CHECK(parse_data_id(legacy) == "old");
  CHECK(parse_data_id(legacy) == parse_data(legacy).id);
}

TEST_CASE("parse_data reads the JSON data of schema 5 and before") {
  // What serialise_data wrote up to schema 5: one object, empty fields left out.
  const Article a = full_article();
  nlohmann::json object = {{"id", a.id},         {"title", a.title},   {"body", a.body},
                           {"date", a.date},     {"url", a.url},       {"section", a.section},
                           {"source", a.source}, {"author", a.author}, {"path", a.path}};
  check_same(parse_data(object.dump()), a);
  const Article parsed = parse_data(R"({"id":"x","title":"Quote \" and \\"})");
  CHECK(parsed.id == "x");
  CHECK(parsed.title == "Quote \" and \\");
  CHECK(parsed.body.empty());
  CHECK(parsed.path.empty());
}

TEST_CASE("DocumentBuilder::build indexes text, title, id, filters and dates") {
  DocumentBuilder builder;
  const Article article = full_article();
  const Xapian::Document doc = builder.build(article, {});
  const std::set<std::string> terms = terms_of(doc);
  CAPTURE(std::vector<std::string>(terms.begin(), terms.end()));

  // The unique id term.
  CHECK(terms_with_prefix(doc, "Q") == std::set<std::string>{"Qworld/geneva.txt"});
  // Title words, normalised and stemmed, under S with positions and unprefixed.
  for (const char* term : {"Szelenski", "Stalk", "Sgenev", "zelenski", "talk", "genev"}) {
    CAPTURE(term);
    CHECK(terms.contains(term));
    CHECK(positions_of(doc, term) >= 1);
  }
  CHECK_FALSE(terms.contains("Sleader"));  // body words are not title words
  // Body words, normalised (typographic quotes folded) and stemmed, with positions.
  for (const char* term : {"leader", "meet", "ceasefir"}) {
    CAPTURE(term);
    CHECK(terms.contains(term));
  }
  CHECK(positions_of(doc, "meet") == 1);
  // Only stems: no word as written, no second copy under Xapian's "Z".
  for (const char* term : {"leaders", "meeting", "talks", "Zleader", "Ztalk", "Zelensky's"}) {
    CAPTURE(term);
    CHECK_FALSE(terms.contains(term));
  }

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
