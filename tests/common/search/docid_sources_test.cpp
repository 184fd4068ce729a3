// Tests for search::DocidRange and search::DocidList: as filters, they keep exactly their docids.
#include "search/docid_sources.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace newsdex::search {
namespace {

using Q = Xapian::Query;

// 60 documents, "even" in those with an even docid, "all" in every one; docids 10 to 14 and 60
// deleted, so that ranges meet gaps and the database's last docid is not its count.
Xapian::WritableDatabase gappy_database() {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (Xapian::docid did = 1; did <= 60; ++did) {
    Xapian::Document doc;
    doc.add_term("all");
    if (did % 2 == 0) doc.add_term("even");
    db.add_document(doc);
  }
  for (Xapian::docid did = 10; did <= 14; ++did) db.delete_document(did);
  db.delete_document(60);
  db.commit();
  return db;
}

std::vector<Xapian::docid> docids(const Xapian::Database& db, const Q& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  std::vector<Xapian::docid> out;
  const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
  for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back(*it);
  return out;
}

// The documents of `term` between first and last, by brute force.
std::vector<Xapian::docid> expected(const Xapian::Database& db, const std::string& term,
                                    Xapian::docid first, Xapian::docid last) {
  std::vector<Xapian::docid> out;
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
    if (*it >= first && *it <= last) out.push_back(*it);
  }
  return out;
}

}  // namespace

TEST_CASE("DocidRange keeps a filter's documents within its docids, gaps and ends included") {
  const Xapian::WritableDatabase db = gappy_database();
  struct Case {
    Xapian::docid first;
    Xapian::docid last;
  };
  const Case cases[] = {{1, 59},  {1, 1},  {2, 2},   {9, 15},   {10, 14}, {15, 15},
                        {30, 29}, {0, 30}, {31, 90}, {59, 100}, {61, 70}, {1, 0xFFFFFFFF}};
  for (const auto& [first, last] : cases) {
    CAPTURE(first);
    CAPTURE(last);
    for (const char* term : {"all", "even"}) {
      CAPTURE(term);
      const Q range((new DocidRange(first, last))->release());
      // docid 0 does not exist: a range from 0 is empty, as documented.
      const auto want = first == 0 ? std::vector<Xapian::docid>{} : expected(db, term, first, last);
      CHECK(docids(db, Q(Q::OP_FILTER, Q(term), range)) == want);
    }
  }
}

TEST_CASE("DocidList keeps a filter's documents among its docids") {
  const Xapian::WritableDatabase db = gappy_database();
  const std::vector<std::vector<Xapian::docid>> cases = {
      {}, {1}, {2}, {1, 2, 3, 4}, {9, 10, 11, 15, 16}, {58, 59, 60, 61}, {2, 40, 59}};
  for (const auto& list : cases) {
    CAPTURE(list.size());
    for (const char* term : {"all", "even"}) {
      CAPTURE(term);
      std::vector<Xapian::docid> want;
      for (const Xapian::docid did : expected(db, term, 1, 0xFFFFFFFF)) {
        if (std::binary_search(list.begin(), list.end(), did)) want.push_back(did);
      }
      const Q filter((new DocidList(list))->release());
      CHECK(docids(db, Q(Q::OP_FILTER, Q(term), filter)) == want);
    }
  }
}

}  // namespace newsdex::search
