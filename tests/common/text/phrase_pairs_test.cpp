// Tests for phrase pairs: the terms the indexer adds, the query rewrite, and that a rewritten
// phrase matches and weighs exactly as Xapian's phrase did.
#include "text/phrase_pairs.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "../temp_dir.hpp"
#include "index/document_builder.hpp"
#include "schema.hpp"

namespace newsdex::text {
namespace {

using Q = Xapian::Query;

// The pair terms (without the prefix) of the document built for `title` and `body`.
std::set<std::string> pairs_of(const std::string& title, const std::string& body) {
  index::DocumentBuilder builder;
  const Xapian::Document doc = builder.build({"id", title, body, {}, {}, {}, {}, {}, {}}, {});
  std::set<std::string> pairs;
  const std::string prefix(schema::kPrefixPhrasePair);
  for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term) {
    const std::string text = *term;
    if (!text.starts_with(prefix)) continue;
    CHECK(term.get_wdf() == 0);  // boolean: document lengths stay as they were
    pairs.insert(text.substr(prefix.size()));
  }
  return pairs;
}

TEST_CASE("phrase pairs: the list holds common stems only") {
  for (const char* stem : {"the", "of", "year", "last", "share", "market", "said"}) {
    CHECK_MESSAGE(is_common_stem(stem), stem);
  }
  for (const char* stem : {"zebra", "shares", "The", "", "xbthe"}) {
    CHECK_MESSAGE(!is_common_stem(stem), stem);
  }
  CHECK(pair_term("last", "year") == std::string(schema::kPrefixPhrasePair) + "last year");
}

TEST_CASE("phrase pairs: which pairs are indexed") {
  struct Case {
    const char* first;
    const char* second;
    bool indexed;
  };
  const Case cases[] = {
      {"last", "year", true},      // both common
      {"the", "zebra", true},      // one most common
      {"zebra", "of", true},       // one most common, second
      {"the", "the", true},        //
      {"last", "zebra", false},    // one common only
      {"zebra", "market", false},  //
      {"zebra", "zebra", false},   //
      {"The", "zebra", false},     // not a stem as indexed
  };
  for (const Case& c : cases) {
    CAPTURE(c.first);
    CAPTURE(c.second);
    CHECK(indexes_pair(c.first, c.second) == c.indexed);
  }
}

TEST_CASE("phrase pairs: every two adjacent stems whose pair is indexed, in title and body") {
  struct Case {
    const char* title;
    const char* body;
    std::set<std::string> pairs;
  };
  const Case cases[] = {
      {"Last year", "", {"last year"}},
      {"Zebra", "The share of the market", {"the share", "share of", "of the", "the market"}},
      {"Zebra", "Shares of the zebra market", {"share of", "of the", "the zebra"}},  // stems
      {"Zebra", "last zebra year", {}},                                              // not adjacent
      {"Zebra", "Zebras of Kenya", {"zebra of", "of kenya"}},  // beside a most common stem
      {"Zebra", "zebra market zebra", {}},
      {"Zebra", "the the", {"the the"}},
      {"Zebra", "Last year. The market", {"last year", "year the", "the market"}},
      // Title and body are apart (TermGenerator's gap), so no pair spans the two.
      {"In the", "year", {"in the"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.body);
    CHECK(pairs_of(c.title, c.body) == c.pairs);
  }
}

TEST_CASE("phrase pairs: the rewrite of phrases") {
  const Q last("last", 1, 1);
  const Q year("year", 1, 2);
  const Q zebra("zebra", 1, 2);
  const Q pair(pair_term("last", "year"));
  const std::string two = with_phrase_pairs(Q(Q::OP_PHRASE, last, year)).get_description();
  CHECK(two == Q(Q::OP_AND_MAYBE, pair, Q(Q::OP_AND, last, year)).get_description());

  const std::vector<Q> three_words = {last, year, Q("of", 1, 3)};
  const Q three(Q::OP_PHRASE, three_words.begin(), three_words.end(), 3);
  CHECK(with_phrase_pairs(three).get_description() ==
        Q(Q::OP_FILTER, three, Q(Q::OP_AND, pair, Q(pair_term("year", "of")))).get_description());

  // A rare word beside one of the most common stems.
  const Q the("the", 1, 1);
  CHECK(
      with_phrase_pairs(Q(Q::OP_PHRASE, the, zebra)).get_description() ==
      Q(Q::OP_AND_MAYBE, Q(pair_term("the", "zebra")), Q(Q::OP_AND, the, zebra)).get_description());

  // Unchanged: a pair that is not indexed, title terms, NEAR, and under a scale.
  const Q rare(Q::OP_PHRASE, last, zebra);
  CHECK(with_phrase_pairs(rare).get_description() == rare.get_description());
  const std::vector<Q> three_rare = {the, zebra, Q("market", 1, 3)};
  const Q partly(Q::OP_PHRASE, three_rare.begin(), three_rare.end(), 3);
  CHECK(with_phrase_pairs(partly).get_description() == partly.get_description());
  const Q title(Q::OP_PHRASE, Q("Slast"), Q("Syear"));
  CHECK(with_phrase_pairs(title).get_description() == title.get_description());
  const Q near(Q::OP_NEAR, last, year);
  CHECK(with_phrase_pairs(near).get_description() == near.get_description());
  const Q scaled(Q::OP_SCALE_WEIGHT, Q(Q::OP_PHRASE, last, year), 2.0);
  CHECK(with_phrase_pairs(scaled).get_description() == scaled.get_description());

  // Found under the operators that rebuild from their parts.
  const Q nested(Q::OP_AND_NOT, Q(Q::OP_OR, Q(Q::OP_PHRASE, last, year), zebra), Q("XSECworld"));
  CHECK(with_phrase_pairs(nested).get_description() ==
        Q(Q::OP_AND_NOT, Q(Q::OP_OR, Q(Q::OP_AND_MAYBE, pair, Q(Q::OP_AND, last, year)), zebra),
          Q("XSECworld"))
            .get_description());
}

struct Ranked {
  std::vector<Xapian::docid> ids;
  std::vector<double> weights;
  Xapian::doccount total = 0;
};

Ranked rank(const Xapian::Database& db, const Q& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount(), db.get_doccount());
  Ranked out;
  out.total = mset.get_matches_estimated();
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    out.ids.push_back(*it);
    out.weights.push_back(it.get_weight());
  }
  return out;
}

TEST_CASE("phrase pairs: a rewritten phrase matches and weighs as Xapian's phrase") {
  testing::TempDir dir;
  Xapian::WritableDatabase db((dir.path() / "db").string(), Xapian::DB_CREATE);
  // 400 articles of common words in shifting orders, so that each phrase below is present in
  // some, has its words apart in others, and reversed in others; varied lengths.
  const char* words[] = {"the", "share", "of", "last", "year", "market", "said", "zebra"};
  index::DocumentBuilder builder;
  for (unsigned i = 1; i <= 400; ++i) {
    std::string body;
    for (unsigned n = 0; n < 6 + i % 17; ++n) {
      body += words[(i * 7 + n * (i % 5 + 1) + n * n) % 8];
      body += ' ';
    }
    const std::string title = std::string(words[i % 8]) + " " + words[(i / 8) % 8];
    db.add_document(
        builder.build({"a" + std::to_string(i), title, body, {}, {}, {}, {}, {}, {}}, {}));
  }
  db.commit();
  const std::vector<std::vector<const char*>> phrases = {{"last", "year"},
                                                         {"share", "of"},
                                                         {"of", "the"},
                                                         {"the", "the"},
                                                         {"year", "last"},
                                                         {"share", "of", "the"},
                                                         {"said", "the", "market"},
                                                         {"market", "zebra"},
                                                         {"the", "zebra"},
                                                         {"zebra", "of", "the"}};
  for (const auto& words_of_phrase : phrases) {
    std::vector<Q> terms;
    std::string text;
    for (const char* word : words_of_phrase) {
      terms.emplace_back(word, 1, static_cast<Xapian::termpos>(terms.size() + 1));
      text += std::string(word) + " ";
    }
    CAPTURE(text);
    const Q phrase(Q::OP_PHRASE, terms.begin(), terms.end(), terms.size());
    for (const Q& query :
         {phrase, Q(Q::OP_OR, phrase, Q("market")), Q(Q::OP_AND_MAYBE, Q("share"), phrase)}) {
      const Ranked expected = rank(db, query);
      const Ranked got = rank(db, with_phrase_pairs(query));
      REQUIRE(got.ids == expected.ids);
      CHECK(got.total == expected.total);
      for (std::size_t i = 0; i < got.weights.size(); ++i) {
        CHECK(std::abs(got.weights[i] - expected.weights[i]) <= 1e-12 * expected.weights[i]);
      }
    }
    if (words_of_phrase.size() == 2 && std::string(words_of_phrase[0]) != "market") {
      CHECK(!rank(db, phrase).ids.empty());  // the case is not vacuous
    }
  }
}

}  // namespace
}  // namespace newsdex::text
