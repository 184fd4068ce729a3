// Tests for search::walk_matches and MatchWalk: the same documents as Xapian's matcher, or a
// refusal.
#include "search/match_walk.hpp"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

namespace newsdex::search {
namespace {

using Q = Xapian::Query;

// A database of 400 documents holding random subsets of a few terms (with positions), some
// deleted, so that postings have gaps and the all-documents list skips.
Xapian::WritableDatabase random_database() {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  std::mt19937 random(7);
  const std::vector<std::string> terms = {"a", "b", "c", "d", "XLx", "XLy"};
  for (int i = 0; i < 400; ++i) {
    Xapian::Document doc;
    Xapian::termpos pos = 1;
    for (const std::string& term : terms) {
      if (random() % 3 == 0) doc.add_posting(term, pos++);
    }
    if (random() % 5 == 0) doc.add_posting("rare", pos++);
    doc.add_value(0, Xapian::sortable_serialise(i));
    db.add_document(doc);
  }
  for (Xapian::docid did = 3; did <= 400; did += 17) db.delete_document(did);
  db.commit();
  return db;
}

std::vector<Xapian::docid> matcher_docids(const Xapian::Database& db, const Q& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  std::vector<Xapian::docid> out;
  const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
  for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back(*it);
  return out;
}

Q any_of(const std::vector<Q>& parts, Q::op op = Q::OP_OR) {
  return Q(op, parts.begin(), parts.end());
}

Q boost(const std::string& term) {
  auto* source = new Xapian::FixedWeightPostingSource(2.5);
  return Q(Q::OP_FILTER, Q(source->release()), Q(term));
}

}  // namespace

TEST_CASE(
    "walk_matches visits exactly the matcher's documents, in docid order, and walkable says so") {
  const Xapian::WritableDatabase db = random_database();
  const Q a("a"), b("b"), c("c"), d("d");
  const std::vector<std::pair<const char*, Q>> cases = {
      {"a term", a},
      {"an absent term", Q("absent")},
      {"OR", Q(Q::OP_OR, a, b)},
      {"AND", Q(Q::OP_AND, a, b)},
      {"AND of three", any_of({a, b, c}, Q::OP_AND)},
      {"AND_NOT", Q(Q::OP_AND_NOT, a, Q(Q::OP_OR, b, c))},
      {"FILTER", Q(Q::OP_FILTER, Q(Q::OP_OR, a, d), Q("XLx"))},
      {"AND_MAYBE", Q(Q::OP_AND_MAYBE, Q("rare"), a)},
      {"SYNONYM", Q(Q::OP_SYNONYM, Q("rare"), d)},
      {"MAX", Q(Q::OP_MAX, c, Q("rare"))},
      {"SCALE_WEIGHT 0", Q(Q::OP_SCALE_WEIGHT, Q(Q::OP_AND, c, d), 0.0)},
      {"match-all", Q::MatchAll},
      {"match-nothing", Q::MatchNothing},
      {"AND with match-all", Q(Q::OP_AND, Q::MatchAll, b)},
      {"entity boosts under OR", any_of({Q(Q::OP_OR, a, b), boost("XLx"), boost("XLy")})},
      {"the all-words tier",
       Q(Q::OP_OR, Q(Q::OP_OR, a, b),
         Q(Q::OP_FILTER, Q((new Xapian::FixedWeightPostingSource(1e6))->release()),
           Q(Q::OP_AND, a, b)))},
      {"a lone fixed-weight source", Q((new Xapian::FixedWeightPostingSource(1))->release())},
      {"nested", Q(Q::OP_AND_NOT, Q(Q::OP_AND, Q(Q::OP_OR, a, Q("rare")), Q(Q::OP_OR, c, d)),
                   Q(Q::OP_AND, b, Q("XLy")))},
  };
  for (const auto& [name, query] : cases) {
    CAPTURE(name);
    std::vector<Xapian::docid> walked;
    CHECK(walkable(query));
    REQUIRE(walk_matches(db, query, [&](Xapian::docid did) { walked.push_back(did); }));
    CHECK(walked == matcher_docids(db, query));
  }
}

TEST_CASE("walk_matches refuses what it cannot evaluate, visiting nothing, as walkable foretells") {
  const Xapian::WritableDatabase db = random_database();
  const std::vector<std::pair<const char*, Q>> cases = {
      {"a phrase", Q(Q::OP_PHRASE, Q("a"), Q("b"))},
      {"NEAR", Q(Q::OP_NEAR, Q("a"), Q("b"))},
      {"a value range",
       Q(Q::OP_VALUE_RANGE, 0, Xapian::sortable_serialise(10), Xapian::sortable_serialise(20))},
      {"XOR", Q(Q::OP_XOR, Q("a"), Q("b"))},
      {"a wildcard", Q(Q::OP_WILDCARD, "X")},
      {"a phrase inside OR", Q(Q::OP_OR, Q("c"), Q(Q::OP_PHRASE, Q("a"), Q("b")))},
      {"a value range as a filter",
       Q(Q::OP_FILTER, Q("a"),
         Q(Q::OP_VALUE_RANGE, 0, Xapian::sortable_serialise(10), Xapian::sortable_serialise(20)))},
      {"another posting source", Q((new Xapian::ValueWeightPostingSource(0))->release())},
  };
  for (const auto& [name, query] : cases) {
    CAPTURE(name);
    bool visited = false;
    CHECK_FALSE(walkable(query));
    CHECK_FALSE(walk_matches(db, query, [&](Xapian::docid) { visited = true; }));
    CHECK_FALSE(visited);
  }
}

TEST_CASE("walk_matches visits nothing for an empty query") {
  const Xapian::WritableDatabase db = random_database();
  bool visited = false;
  CHECK(walk_matches(db, Q(), [&](Xapian::docid) { visited = true; }));
  CHECK_FALSE(visited);
}

TEST_CASE("MatchWalk visits the matches of each docid range it is given, and only those") {
  const Xapian::WritableDatabase db = random_database();
  const Q a("a"), b("b"), c("c");
  struct Range {
    Xapian::docid first;
    Xapian::docid last;
  };
  // Ranges in increasing order as the walk needs them: single docids, gaps, and past the end.
  const std::vector<std::vector<Range>> shares = {
      {{1, 400}},
      {{1, 3}, {4, 4}, {5, 120}, {121, 399}, {400, 1000}},
      {{2, 2}, {10, 25}, {26, 26}, {300, 310}},
      {{390, 4000000000U}},
  };
  for (const Q& query : {Q(Q::OP_OR, a, b), Q(Q::OP_AND, a, Q(Q::OP_OR, b, c)),
                         Q(Q::OP_AND_NOT, Q::MatchAll, a), Q("rare")}) {
    CAPTURE(query.get_description());
    const std::vector<Xapian::docid> all = matcher_docids(db, query);
    for (const std::vector<Range>& ranges : shares) {
      MatchWalk walk(db, query);
      REQUIRE(walk.valid());
      std::vector<Xapian::docid> walked;
      std::vector<Xapian::docid> expected;
      for (const Range& range : ranges) {
        CAPTURE(range.first);
        const std::size_t before = walked.size();
        const Xapian::doccount counted =
            walk.walk(range.first, range.last, [&](Xapian::docid did) { walked.push_back(did); });
        CHECK(counted == walked.size() - before);
        for (const Xapian::docid did : all) {
          if (did >= range.first && did <= range.last) expected.push_back(did);
        }
      }
      CHECK(walked == expected);
    }
  }
  const MatchWalk phrase(db, Q(Q::OP_PHRASE, a, b));
  CHECK_FALSE(phrase.valid());
}

}  // namespace newsdex::search
