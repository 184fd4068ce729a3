// Tests for EntityFacetSpy with a facet file: gathered, counted in counters, or both, and merged.
#include "search/facets.hpp"

#include <doctest/doctest.h>

#include <map>
#include <thread>

#include "../temp_dir.hpp"
#include "schema.hpp"

namespace newsdex::search {
namespace {

constexpr std::size_t kEntities = 700;  // more than one window of 256 ranks
const Xapian::docid kDocuments = 3 * EntityFacetSpy::kGatherLimit;

entities::EntityId entity(std::uint32_t serial) {
  return entities::make_entity_id(serial, static_cast<entities::EntityType>(serial % 4));
}

// The entities document `did` mentions: a few frequent ones and a spread of rare ones.
std::vector<entities::EntityId> mentioned_by(Xapian::docid did) {
  std::vector<entities::EntityId> ids;
  for (std::uint32_t serial = 1; serial <= kEntities; ++serial) {
    if (serial <= 6 ? did % serial == 0 : (did * 31 + serial * 17) % 97 == 0) {
      ids.push_back(entity(serial));
    }
  }
  return ids;
}

// Counts documents [first, last] by their values, as names to counts.
std::map<std::string, std::size_t> expected(Xapian::docid first, Xapian::docid last) {
  std::map<std::string, std::size_t> counts;
  for (Xapian::docid did = first; did <= last; ++did) {
    for (const entities::EntityId id : mentioned_by(did)) {
      ++counts["Entity " + std::to_string(id >> 2)];
    }
  }
  return counts;
}

// Every count `spy` reports, as names to counts.
std::map<std::string, std::size_t> reported(EntityFacetSpy& spy) {
  std::map<std::string, std::size_t> counts;
  for (int type = 0; type < 4; ++type) {
    for (const FacetCount& value : spy.top(static_cast<entities::EntityType>(type), kEntities)) {
      counts[value.name] = value.count;
    }
  }
  return counts;
}

// Runs `body` on a thread of its own, which has no counters handed on by earlier spies.
template <typename Body>
void on_fresh_thread(Body&& body) {
  std::thread thread(std::forward<Body>(body));
  thread.join();
}

}  // namespace

TEST_CASE("the spy counts the same whether it gathers, counts in counters, or both, and merged") {
  newsdex::testing::TempDir tmp;
  const std::filesystem::path path = tmp.path() / "db";
  Xapian::WritableDatabase db(path.string(), Xapian::DB_CREATE);
  for (std::uint32_t serial = 1; serial <= kEntities; ++serial) {
    db.set_metadata(std::string(schema::kMetaEntityName) + std::to_string(entity(serial)),
                    "Entity " + std::to_string(serial));
  }
  for (Xapian::docid did = 1; did <= kDocuments; ++did) {
    Xapian::Document doc;
    doc.add_term("x");
    doc.add_value(schema::kSlotEntities, entities::encode_entity_ids(mentioned_by(did)));
    db.add_document(doc);
  }
  db.commit();
  entities::write_facet_file(db, path);
  const auto file = entities::FacetFile::open(db, path);
  REQUIRE(file != nullptr);
  const auto count = [&](EntityFacetSpy& spy, Xapian::docid first, Xapian::docid last) {
    for (Xapian::docid did = first; did <= last; ++did) spy.count(did);
  };

  // (first, last) of the documents counted: under the limit (gathered throughout), just at it,
  // just past it, and far past it (counted in counters from then on).
  const Xapian::docid limit = EntityFacetSpy::kGatherLimit;
  for (const auto& [first, last] : {std::pair<Xapian::docid, Xapian::docid>{1, 40},
                                    {1, limit},
                                    {1, limit + 1},
                                    {7, kDocuments}}) {
    CAPTURE(first);
    CAPTURE(last);
    on_fresh_thread([&, first = first, last = last] {
      EntityFacetSpy fresh(db, file.get());
      count(fresh, first, last);
      CHECK(fresh.documents_seen() == last - first + 1);
      CHECK(reported(fresh) == expected(first, last));
      CHECK(reported(fresh) == expected(first, last));  // asking again changes nothing
    });
  }

  on_fresh_thread([&] {
    {
      EntityFacetSpy spills(db, file.get());
      count(spills, 1, kDocuments);
    }
    // Its counters were handed on: the next spy of this thread counts in them at once, and
    // finds them zero.
    EntityFacetSpy handed_on(db, file.get());
    count(handed_on, 100, 160);
    CHECK(reported(handed_on) == expected(100, 160));
  });

  // Merges of every pair of ways: gathered into gathered (under the limit and past it), counted
  // into gathered, gathered into counted, counted into counted.
  for (const auto& [split, last] : {std::pair<Xapian::docid, Xapian::docid>{30, 90},
                                    {limit / 2 + 10, limit + 40},
                                    {20, kDocuments},
                                    {kDocuments - 30, kDocuments},
                                    {limit + 5, kDocuments}}) {
    CAPTURE(split);
    CAPTURE(last);
    for (const bool into_lower : {true, false}) {
      CAPTURE(into_lower);
      on_fresh_thread([&, split = split, last = last, into_lower] {
        EntityFacetSpy lower(db, file.get());
        EntityFacetSpy upper(db, file.get());
        count(lower, 1, split);
        count(upper, split + 1, last);
        EntityFacetSpy& merged = into_lower ? lower : upper;
        merged.merge(into_lower ? upper : lower);
        CHECK(merged.documents_seen() == last);
        CHECK(reported(merged) == expected(1, last));
      });
    }
  }
}

}  // namespace newsdex::search
