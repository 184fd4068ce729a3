// Tests for search/dates: date bounds, the date: field, date sort keys and the recency weight.
#include "search/dates.hpp"

#include <doctest/doctest.h>

#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "schema.hpp"

namespace newsdex::search {

TEST_CASE("day_of gives the UTC day of an instant") {
  CHECK(day_of(0) == "19700101");
  CHECK(day_of(1761955199) == "20251031");  // 2025-10-31T23:59:59Z
  CHECK(day_of(1761955200) == "20251101");
  CHECK(day_of(-1) == "19691231");
}

TEST_CASE("parse_day reads days, months and years as first or last days") {
  CHECK(parse_day("2025-10-07", Bound::kFirst, "20251103") == "20251007");
  CHECK(parse_day("2025-10-07", Bound::kLast, "20251103") == "20251007");
  CHECK(parse_day("2025-10", Bound::kFirst, "") == "20251001");
  CHECK(parse_day("2025-10", Bound::kLast, "") == "20251031");
  CHECK(parse_day("2024-02", Bound::kLast, "") == "20240229");
  CHECK(parse_day("2025", Bound::kFirst, "") == "20250101");
  CHECK(parse_day("2025", Bound::kLast, "") == "20251231");
}

TEST_CASE("parse_day counts relative forms back from today") {
  CHECK(parse_day("7d", Bound::kFirst, "20251103") == "20251027");
  CHECK(parse_day("0d", Bound::kFirst, "20251103") == "20251103");
  CHECK(parse_day("2w", Bound::kFirst, "20251103") == "20251020");
  CHECK(parse_day("1m", Bound::kFirst, "20251031") == "20250930");  // clamped to the month
  CHECK(parse_day("1m", Bound::kFirst, "20250115") == "20241215");
  CHECK(parse_day("1y", Bound::kFirst, "20240229") == "20230228");
  CHECK(parse_day("30d", Bound::kLast, "20250310") == "20250208");
}

TEST_CASE("parse_day refuses what is not a date") {
  for (const char* bad : {"", "yesterday", "2025-13", "2025-02-30", "25-10-01", "7x", "d", "-7d",
                          "2025-10-01T10:00", "99999999d"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_day(bad, Bound::kFirst, "20251103"), std::invalid_argument);
  }
}

TEST_CASE("date_filter builds closed and open value ranges on the date slot") {
  CHECK(date_filter("", "").empty());
  const Xapian::Query closed = date_filter("20251001", "20251031");
  CHECK(closed.get_type() == Xapian::Query::OP_VALUE_RANGE);
  CHECK(date_filter("20251001", "").get_type() == Xapian::Query::OP_VALUE_GE);
  CHECK(date_filter("", "20251031").get_type() == Xapian::Query::OP_VALUE_LE);
}

namespace {

// Returns the ids ("d1".."d4", "u") of `db`'s documents matching `query`, in docid order.
std::vector<std::string> matching(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  std::vector<std::string> ids;
  const Xapian::MSet mset = enquire.get_mset(0, 100);
  for (auto it = mset.begin(); it != mset.end(); ++it) ids.push_back(it.get_document().get_data());
  return ids;
}

Xapian::WritableDatabase dated() {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  const std::pair<const char*, const char*> days[] = {
      {"d1", "20250930"}, {"d2", "20251001"}, {"d3", "20251031"}, {"d4", "20251101"}, {"u", ""}};
  for (const auto& [id, day] : days) {
    Xapian::Document doc;
    doc.set_data(id);
    doc.add_term("news");
    if (*day) doc.add_value(schema::kSlotDate, day);
    db.add_document(doc);
  }
  return db;
}

}  // namespace

TEST_CASE("DateFieldProcessor: ranges, open ranges, whole periods, and undated never match") {
  const Xapian::WritableDatabase db = dated();
  DateFieldProcessor field("20251103");
  using Ids = std::vector<std::string>;
  CHECK(matching(db, field("2025-10-01..2025-10-31")) == Ids{"d2", "d3"});
  CHECK(matching(db, field("2025-10")) == Ids{"d2", "d3"});
  CHECK(matching(db, field("2025-10-31")) == Ids{"d3"});
  CHECK(matching(db, field("2025-10-31..")) == Ids{"d3", "d4"});
  CHECK(matching(db, field("..2025-10-01")) == Ids{"d1", "d2"});
  CHECK(matching(db, field("2025")) == Ids{"d1", "d2", "d3", "d4"});
  CHECK(matching(db, field("3d..")) == Ids{"d3", "d4"});  // from 2025-10-31
  CHECK(matching(db, field("2025-11-01..2025-10-01")).empty());
  CHECK_THROWS_AS(field(".."), Xapian::QueryParserError);
  CHECK_THROWS_AS(field("soon.."), Xapian::QueryParserError);
  CHECK_THROWS_AS(field("2025-10-01..later"), Xapian::QueryParserError);
}

TEST_CASE("DateKeyMaker orders by instant either way, undated last in both") {
  auto doc_at = [](double seconds) {
    Xapian::Document doc;
    doc.add_value(schema::kSlotTimestamp, Xapian::sortable_serialise(seconds));
    return doc;
  };
  const Xapian::Document old_doc = doc_at(-86400.0 * 400);  // before 1970 too
  const Xapian::Document mid_doc = doc_at(1761955200);
  const Xapian::Document new_doc = doc_at(1761955260);
  const Xapian::Document undated;
  const DateKeyMaker oldest_first(false);
  CHECK(oldest_first(old_doc) < oldest_first(mid_doc));
  CHECK(oldest_first(mid_doc) < oldest_first(new_doc));
  CHECK(oldest_first(new_doc) < oldest_first(undated));
  const DateKeyMaker newest_first(true);
  CHECK(newest_first(new_doc) < newest_first(mid_doc));
  CHECK(newest_first(mid_doc) < newest_first(old_doc));
  CHECK(newest_first(old_doc) < newest_first(undated));
}

TEST_CASE("parse_half_life reads N days, weeks, months or years") {
  CHECK(parse_half_life("30d") == 30 * 86400.0);
  CHECK(parse_half_life("2w") == 14 * 86400.0);
  CHECK(parse_half_life("1m") == 30 * 86400.0);
  CHECK(parse_half_life("1y") == 365 * 86400.0);
  CHECK_THROWS_AS(parse_half_life("0d"), std::invalid_argument);
  CHECK_THROWS_AS(parse_half_life("30"), std::invalid_argument);
  CHECK_THROWS_AS(parse_half_life("soon"), std::invalid_argument);
}

TEST_CASE("RecencySource halves its weight every half-life and skips undated documents") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  const std::int64_t now = 1761955200;
  for (double age_days : {0.0, 10.0, 20.0, -5.0}) {
    Xapian::Document doc;
    doc.add_value(schema::kSlotTimestamp,
                  Xapian::sortable_serialise(static_cast<double>(now) - age_days * 86400));
    db.add_document(doc);
  }
  db.add_document(Xapian::Document());  // undated
  RecencySource source(now, 10 * 86400.0);
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(&source));
  const Xapian::MSet mset = enquire.get_mset(0, 10);
  REQUIRE(mset.size() == 4);
  std::map<Xapian::docid, double> weights;
  for (auto it = mset.begin(); it != mset.end(); ++it) weights[*it] = it.get_weight();
  CHECK(weights[1] == doctest::Approx(1.0));
  CHECK(weights[2] == doctest::Approx(0.5));
  CHECK(weights[3] == doctest::Approx(0.25));
  CHECK(weights[4] == doctest::Approx(1.0));  // dated in the future
}

}  // namespace newsdex::search
