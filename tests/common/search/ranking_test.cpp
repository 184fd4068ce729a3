// Tests for ranking: the all-words tier of short queries, capitals, BM25 and relevance feedback.
#include <doctest/doctest.h>
#include <xapian.h>

#include <algorithm>
#include <string>
#include <vector>

#include "index/document_builder.hpp"
#include "search/query_builder.hpp"
#include "search/searcher.hpp"

namespace newsdex::search {
namespace {

struct Doc {
  std::string id;
  std::string title;
  std::string body;
};

Xapian::WritableDatabase make_db(const std::vector<Doc>& docs) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  index::DocumentBuilder builder;
  for (const Doc& doc : docs) {
    Article article;
    article.id = doc.id;
    article.title = doc.title;
    article.body = doc.body;
    db.add_document(builder.build(article, {}));
  }
  return db;
}

std::vector<std::string> ids(const Xapian::Database& db, const std::string& query,
                             RankingOptions ranking = {}) {
  SearchRequest request;
  request.query = query;
  request.limit = 100;
  request.facets = false;
  request.ranking = ranking;
  std::vector<std::string> out;
  for (const Hit& hit : search(db, request).hits) out.push_back(hit.article.id);
  return out;
}

// Articles on one topic (maternal and fetal blood sugar) that share a second vocabulary
// (insulin, placenta) the queries below never use; two articles that share one query word
// ("levels"), one of them in that second vocabulary; unrelated articles.
std::vector<Doc> medical_docs() {
  std::vector<Doc> docs;
  for (int i = 0; i < 12; ++i) {
    const std::string n = std::to_string(i);
    docs.push_back({"glucose-" + n, "Maternal and fetal glucose, study " + n,
                    "Plasma glucose levels of mothers and newborns correlate. Insulin crosses "
                    "the placenta; placenta insulin transfer was measured in case " +
                        n + "."});
  }
  docs.push_back({"insulin", "Placental insulin transfer",
                  "The placenta passes insulin to the newborn; insulin transfer levels vary."});
  docs.push_back({"river", "River", "River levels rose."});
  const char* const kOther[] = {"football", "election", "markets", "weather", "theatre",
                                "railways", "harvest",  "tennis",  "budget",  "museum"};
  for (const char* topic : kOther) {
    docs.push_back({topic, std::string("News about ") + topic,
                    std::string("A report on ") + topic + " and the people who follow " + topic +
                        " closely every season."});
  }
  return docs;
}

}  // namespace

TEST_CASE("a query in capitals returns the same articles as in lower case") {
  const Xapian::WritableDatabase db = make_db({
      {"a", "Trump weighs Tomahawk missiles for Ukraine",
       "The effects of Tomahawk missiles on the war are debated."},
      {"b", "What Tomahawks can do", "Cruise missiles with a long range."},
      {"c", "Side effects of a new drug", "Doctors report the effects of the drug."},
      {"d", "Markets", "Shares fell and rose again."},
  });
  const auto lower = ids(db, "what are the effects of tomahawk missiles");
  CHECK(!lower.empty());
  CHECK(ids(db, "WHAT ARE THE EFFECTS OF TOMAHAWK MISSILES") == lower);
  CHECK(ids(db, "What Are The Effects Of Tomahawk Missiles") == lower);
}

TEST_CASE("short queries rank articles with every word first, long ones do not tier") {
  const Xapian::WritableDatabase db = make_db({
      {"one-word", "Zelensky Zelensky Zelensky", "Zelensky spoke. Zelensky left. Zelensky."},
      {"both-words", "A long report", "Tomahawk deliveries were discussed; Zelensky agreed."},
  });
  CHECK(ids(db, "tomahawk zelensky") == std::vector<std::string>{"both-words", "one-word"});

  QueryBuilder builder(db);
  const BuiltQuery short_query = builder.build("Tomahawk Zelensky");
  CHECK(short_query.tiered);
  CHECK(short_query.word_count == 2);
  // Stop words and repeated stems do not count towards the limit.
  const BuiltQuery stopped = builder.build("the missile and the missiles of a war in a city");
  CHECK(stopped.word_count == 3);
  CHECK(stopped.tiered);
  const BuiltQuery long_query =
      builder.build("effects of cruise missiles on air defence systems near the front");
  CHECK(long_query.word_count > kMaxTieredWords);
  CHECK_FALSE(long_query.tiered);
  CHECK(builder.build("effects of cruise missiles on air defence", 10).tiered);
  CHECK(short_query.short_query);
  CHECK_FALSE(long_query.short_query);
}

TEST_CASE("a phrase or a single word is short but gets no tier, which could only add a constant") {
  const Xapian::WritableDatabase db = make_db({
      {"phrase", "Missile talks", "The cruise missiles were discussed at length."},
      {"apart", "Other talks", "A cruise ship carried missiles."},
  });
  QueryBuilder builder(db);
  for (const char* text : {"\"cruise missiles\"", "missiles"}) {
    CAPTURE(text);
    const BuiltQuery built = builder.build(text);
    CHECK(built.short_query);
    CHECK_FALSE(built.tiered);
  }
  CHECK(ids(db, "\"cruise missiles\"") == std::vector<std::string>{"phrase"});
  CHECK(builder.build("cruise missiles").tiered);
}

TEST_CASE("relevance feedback reorders the matches of long queries only") {
  const Xapian::WritableDatabase db = make_db(medical_docs());
  const std::string long_query =
      "correlation between maternal and fetal plasma glucose levels in mothers";
  RankingOptions without;
  without.feedback = false;
  const auto plain = ids(db, long_query, without);
  const auto expanded = ids(db, long_query);
  auto position = [](const std::vector<std::string>& ranking, const std::string& id) {
    return std::find(ranking.begin(), ranking.end(), id) - ranking.begin();
  };
  // The short river article wins on "levels" alone; feedback lifts the article that shares
  // the top matches' other words.
  CHECK(position(plain, "river") < position(plain, "insulin"));
  CHECK(position(expanded, "insulin") < position(expanded, "river"));
  // Feedback weighs; it does not match: the same articles, the query's own matches first.
  CHECK(std::is_permutation(plain.begin(), plain.end(), expanded.begin(), expanded.end()));
  CHECK(expanded.front().starts_with("glucose-"));
  CHECK(position(expanded, "football") == static_cast<long>(expanded.size()));

  // Exclusions hold in the expanded query, though the excluded article has the feedback words.
  const auto excluding = ids(db, long_query + " -vary");
  CHECK(position(excluding, "insulin") == static_cast<long>(excluding.size()));
  CHECK(excluding.size() + 1 == expanded.size());

  // A short query is taken literally.
  CHECK(ids(db, "fetal glucose") == ids(db, "fetal glucose", without));
}

TEST_CASE("BM25 parameters change the weights, not the matches") {
  const Xapian::WritableDatabase db = make_db({
      {"once", "Report", "glucose levels rose in many of the patients studied here"},
      {"often", "Report", "glucose glucose glucose levels rose in the patients here"},
      {"none", "Report", "insulin levels rose in many of the patients studied here"},
  });
  auto scores = [&](RankingOptions ranking) {
    SearchRequest request;
    request.query = "glucose";
    request.facets = false;
    request.ranking = ranking;
    const SearchResults results = search(db, request);
    REQUIRE(results.hits.size() == 2);
    return std::vector<double>{results.hits[0].score, results.hits[1].score};
  };
  CHECK(scores({}).at(0) > scores({}).at(1) * 1.1);
  RankingOptions flat;
  flat.bm25_k1 = 0.0;  // term frequency ignored
  CHECK(scores(flat).at(0) == doctest::Approx(scores(flat).at(1)));
}

}  // namespace newsdex::search
