// Tests for index/duplicates: signatures, similarity, band terms and coherent duplicate groups.
#include "index/duplicates.hpp"

#include <doctest/doctest.h>

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "../temp_dir.hpp"
#include "index/document_builder.hpp"
#include "schema.hpp"

namespace newsdex::index {
namespace {

// A story of some 150 words; `variant` changes one sentence of it.
std::string story(const std::string& variant = "The talks ended late on Tuesday evening.") {
  return "The finance ministers of the seven largest economies met in Geneva to discuss the "
         "future of the global tax agreement signed two years ago. Officials said that the "
         "negotiations had been difficult, with several countries asking for exemptions for "
         "their technology companies and for their shipping industries. " +
         variant +
         " A spokesperson for the ministry said that a joint statement would be published "
         "once every delegation had approved the final wording of the text. Critics of the "
         "agreement argue that it does little to stop profits from being moved to low tax "
         "jurisdictions, while supporters point to the billions already collected. The next "
         "meeting is planned for the spring in Rome, where the ministers hope to settle the "
         "remaining questions about digital services and the minimum rate for large firms.";
}

Article article(const std::string& id, const std::string& body) {
  Article a;
  a.id = id;
  a.title = "Title of " + id;
  a.body = body;
  return a;
}

const std::string kOther =
    "Heavy snow closed roads across the north of the country on Monday, and schools in three "
    "counties sent their pupils home early. Forecasters expect more snow overnight, with "
    "temperatures falling to minus ten degrees in the hills. The rail operator cancelled "
    "dozens of trains and advised passengers not to travel unless their journey was "
    "essential. Farmers said they were struggling to reach their animals in remote fields.";

}  // namespace

TEST_CASE("signature: a copy with one sentence changed is near, another story is far") {
  const Signature original = signature(article("a", story()));
  const Signature copy =
      signature(article("b", story("The talks went on until Wednesday morning, officials said.")));
  const Signature other = signature(article("c", kOther));
  REQUIRE(original.size() == schema::kMinHashCount);
  CHECK(similarity(original, original) == 1.0);
  CHECK(similarity(original, copy) >= kMinSimilarity);
  CHECK(similarity(original, other) < 0.2);
  // The headline plays no part: syndicated copies are retitled.
  Article retitled = article("d", story());
  retitled.title = "Completely different headline";
  CHECK(signature(retitled) == original);
}

TEST_CASE("signature: short texts get none, and the title stands in for an empty body") {
  CHECK(signature(article("a", "Too short to tell a copy from a coincidence.")).empty());
  Article title_only;
  title_only.id = "t";
  title_only.title = story();
  CHECK(signature(title_only).size() == schema::kMinHashCount);
  CHECK(similarity({}, {}) == 0);
}

TEST_CASE("encode_signature and decode_signature round-trip, and bad values decode empty") {
  const Signature original = signature(article("a", story()));
  const std::string value = encode_signature(original);
  CHECK(value.size() == schema::kMinHashCount * 4);
  CHECK(decode_signature(value) == original);
  CHECK(decode_signature("short").empty());
}

TEST_CASE("band_terms: one term per band, shared by identical bands") {
  const Signature original = signature(article("a", story()));
  const std::vector<std::string> terms = band_terms(original);
  REQUIRE(terms.size() == schema::kMinHashBands);
  for (const std::string& term : terms) {
    CHECK(term.starts_with(schema::kPrefixDuplicateBand));
    CHECK(term.size() == schema::kPrefixDuplicateBand.size() + 2 + 16);
  }
  CHECK(band_terms(signature(article("b", story()))) == terms);
  CHECK(band_terms({}).empty());
}

namespace {

// Builds and writes `a` as the indexer does; returns its group key.
std::string index_article(Xapian::WritableDatabase& db, const Article& a) {
  static DocumentBuilder builder;
  Xapian::Document doc = builder.build(a, {});
  assign_group(db, doc, a.id, id_term(a.id));
  db.replace_document(id_term(a.id), doc);
  return doc.get_value(schema::kSlotDuplicateGroup);
}

Xapian::doccount group_size(const Xapian::Database& db, const std::string& key) {
  return db.get_termfreq(std::string(schema::kPrefixDuplicateGroup) + key);
}

}  // namespace

TEST_CASE("assign_group: copies join the original's group, other stories found their own") {
  testing::TempDir dir;
  Xapian::WritableDatabase db((dir.path() / "db").string(), Xapian::DB_CREATE);
  const std::string a = index_article(db, article("a", story()));
  CHECK(a == own_group_key("a", signature(article("a", story()))));
  const std::string b = index_article(
      db, article("b", story("The talks went on until Wednesday morning, officials said.")));
  CHECK(b == a);
  const std::string c = index_article(db, article("c", kOther));
  CHECK(c == own_group_key("c", signature(article("c", kOther))));
  const std::string s = index_article(db, article("s", "Short."));
  CHECK(s == own_group_key("s", {}));
  CHECK(group_size(db, a) == 2);
}

TEST_CASE("assign_group keeps groups coherent across deletes and reindexing") {
  testing::TempDir dir;
  Xapian::WritableDatabase db((dir.path() / "db").string(), Xapian::DB_CREATE);
  const std::string key = index_article(db, article("a", story()));
  REQUIRE(index_article(db, article("b", story("Talks ended on Tuesday night."))) == key);
  db.commit();

  // Reindexing a member unchanged keeps it in its group (it does not match itself).
  CHECK(index_article(db, article("b", story("Talks ended on Tuesday night."))) == key);
  CHECK(index_article(db, article("a", story())) == key);
  CHECK(group_size(db, key) == 2);

  // Deleting the founder leaves the others' group as it was; a new copy still joins it.
  db.delete_document(id_term("a"));
  db.commit();
  CHECK(group_size(db, key) == 1);
  CHECK(index_article(db, article("c", story("Talks ended at dawn on Wednesday."))) == key);
  CHECK(group_size(db, key) == 2);

  // A member rewritten into another story leaves the group, which keeps its other members.
  CHECK(index_article(db, article("b", kOther)) ==
        own_group_key("b", signature(article("b", kOther))));
  CHECK(group_size(db, key) == 1);
  CHECK(db.get_doccount() == 2);

  // The founder's id does not hold its group: "a" back as another story founds a new one, even
  // though copies of the old "a" remain.
  const std::string third =
      "The city council approved a plan to plant ten thousand trees along its main roads over "
      "the next five years, paid for by a levy on new office buildings in the centre.";
  CHECK(index_article(db, article("a", third)) ==
        own_group_key("a", signature(article("a", third))));
  CHECK(index_article(db, article("a", third)) != key);
  CHECK(group_size(db, key) == 1);
}

TEST_CASE("regroup groups articles that founded their own groups as a one-by-one run would") {
  testing::TempDir dir;
  Xapian::WritableDatabase db((dir.path() / "db").string(), Xapian::DB_CREATE);
  DocumentBuilder builder;
  // Written in the order d, c, b, a; `before` says a, b, c, d (as a shard build's dealing would).
  const std::vector<std::pair<std::string, std::string>> articles = {
      {"d", story("The talks stopped before midnight, a delegate said.")},
      {"c", kOther},
      {"b", story("The talks went on until Wednesday morning, officials said.")},
      {"a", story()}};
  std::unordered_map<std::string, Xapian::docid> docid;
  for (const auto& [id, body] : articles) {
    Xapian::Document doc = builder.build(article(id, body), {});
    assign_own_group(doc, id);
    docid[id] = db.add_document(doc);
  }
  db.commit();
  const auto changes =
      regroup(db, [](Xapian::docid x, Xapian::docid y) { return x > y; });  // later written first
  const std::string a_key = own_group_key("a", signature(article("a", story())));
  REQUIRE(changes.size() == 2);
  CHECK(changes[0] == std::make_pair(docid["b"], a_key));
  CHECK(changes[1] == std::make_pair(docid["d"], a_key));
  // set_group moves a document's term and slot together.
  Xapian::Document d = db.get_document(docid["d"]);
  const std::string old_key = d.get_value(schema::kSlotDuplicateGroup);
  set_group(d, a_key);
  db.replace_document(docid["d"], d);
  CHECK(group_size(db, a_key) == 2);
  CHECK(group_size(db, old_key) == 0);
  CHECK(db.get_document(docid["d"]).get_value(schema::kSlotDuplicateGroup) == a_key);
}

}  // namespace newsdex::index
