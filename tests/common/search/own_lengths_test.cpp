// Tests for search::LengthBm25Source and with_own_lengths: the same matches and weights as
// Xapian's own BM25, from the facet file's lengths.
#include "search/own_lengths.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "../temp_dir.hpp"

namespace newsdex::search {
namespace {

using Q = Xapian::Query;

// 300 documents of varied lengths (a filler word's wdf), with words of varied wdf, title terms,
// a filter term and positions for phrases; a few deleted, so that docids have gaps.
void fill(Xapian::WritableDatabase& db) {
  const char* words[] = {"peac", "talk", "summit", "ukrain", "minist"};
  for (unsigned i = 1; i <= 300; ++i) {
    Xapian::Document doc;
    Xapian::termpos pos = 1;
    for (unsigned w = 0; w < 5; ++w) {
      const unsigned wdf = (i * (w + 3)) % 7 == 0 ? 0 : (i * (w + 5)) % 4;
      for (unsigned n = 0; n < wdf; ++n) doc.add_posting(words[w], pos++);
    }
    doc.add_term("filler", (i * 37) % 400);  // lengths from a handful to several hundred
    if (i % 3 == 0) doc.add_posting("Speac", 1);
    if (i % 5 == 0) doc.add_boolean_term("XSECworld");
    db.add_document(doc);
  }
  for (Xapian::docid did : {7u, 8u, 150u, 300u}) db.delete_document(did);
  db.commit();
}

struct Ranked {
  std::vector<Xapian::docid> ids;
  std::vector<double> weights;
};

Ranked rank(const Xapian::Database& db, const Q& query, double k1, double b) {
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BM25Weight(k1, 0, 1, b, 0.5));
  enquire.set_query(query);
  Ranked out;
  const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    out.ids.push_back(*it);
    out.weights.push_back(it.get_weight());
  }
  return out;
}

void check_same(const Ranked& expected, const Ranked& got) {
  REQUIRE(got.ids == expected.ids);
  for (std::size_t i = 0; i < got.weights.size(); ++i) {
    CHECK(std::abs(got.weights[i] - expected.weights[i]) <= 1e-12 * expected.weights[i] + 1e-15);
  }
}

}  // namespace

TEST_CASE("with_own_lengths ranks every query shape as Xapian's BM25 does") {
  testing::TempDir tmp;
  const std::filesystem::path path = tmp.path() / "db";
  Xapian::WritableDatabase writable(path.string(), Xapian::DB_CREATE);
  fill(writable);
  entities::write_facet_file(writable, path);
  const Xapian::Database db(path.string());
  const auto file = entities::FacetFile::open(db, path);
  REQUIRE(file != nullptr);

  const Q peace("peac"), talk("talk"), summit("summit"), title("Speac"), world("XSECworld");
  const Q bonus((new Xapian::FixedWeightPostingSource(1.5))->release());
  struct Case {
    const char* name;
    Q query;
  };
  const Case cases[] = {
      {"a word", peace},
      {"a title word", title},
      {"OR", Q(Q::OP_OR, peace, talk)},
      {"AND", Q(Q::OP_AND, peace, summit)},
      {"AND_MAYBE", Q(Q::OP_AND_MAYBE, peace, Q(Q::OP_OR, talk, title))},
      {"FILTER by a filter term", Q(Q::OP_FILTER, Q(Q::OP_OR, peace, talk), world)},
      {"FILTER by words", Q(Q::OP_FILTER, peace, Q(Q::OP_AND, talk, summit))},
      {"AND_NOT", Q(Q::OP_AND_NOT, Q(Q::OP_OR, peace, summit), talk)},
      {"XOR", Q(Q::OP_XOR, peace, talk)},
      {"MAX", Q(Q::OP_MAX, peace, talk)},
      {"a phrase, kept", Q(Q::OP_OR, Q(Q::OP_PHRASE, peace, talk), summit)},
      {"a synonym, kept", Q(Q::OP_SYNONYM, peace, talk)},
      {"scaled, kept", Q(Q::OP_OR, Q(Q::OP_SCALE_WEIGHT, talk, 0.5), summit)},
      {"a bonus source",
       Q(Q::OP_OR, Q(Q::OP_FILTER, bonus, Q(Q::OP_AND, peace, talk)), Q(Q::OP_OR, peace, talk))},
      {"a word no document has", Q(Q::OP_OR, peace, Q("absent"))},
  };
  for (const double k1 : {1.2, 2.0}) {
    for (const double b : {0.75, 0.3}) {
      for (const Case& c : cases) {
        CAPTURE(c.name);
        CAPTURE(k1);
        CAPTURE(b);
        const Q rewritten = with_own_lengths(c.query, *file, {k1, b, 0.5});
        check_same(rank(db, c.query, k1, b), rank(db, rewritten, k1, b));
      }
    }
  }

  SUBCASE("text terms weighed by BM25 become sources; filters, phrases and scaled ones stay") {
    const std::string description = with_own_lengths(cases[5].query, *file, {}).get_description();
    CHECK(description.find("LengthBm25Source(peac)") != std::string::npos);
    CHECK(description.find("LengthBm25Source(talk)") != std::string::npos);
    CHECK(description.find("XSECworld") != std::string::npos);
    for (const Case& c : {cases[10], cases[11], cases[12]}) {
      CAPTURE(c.name);
      const std::string kept = with_own_lengths(c.query, *file, {}).get_description();
      CHECK(kept.find("LengthBm25Source(talk)") == std::string::npos);
    }
  }

  SUBCASE("a rewritten query survives serialisation through a registry") {
    const Q rewritten = with_own_lengths(cases[4].query, *file, {1.2, 0.75, 0.5});
    Xapian::Registry registry;
    register_length_sources(registry, file.get());
    const Q copy = Q::unserialise(rewritten.serialise(), registry);
    check_same(rank(db, cases[4].query, 1.2, 0.75), rank(db, copy, 1.2, 0.75));
  }
}

}  // namespace newsdex::search
