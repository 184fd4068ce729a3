// Tests for corpus::parse_iso8601 and Date::yyyymmdd: accepted forms, UTC instants, rejections.
#include "corpus/date.hpp"

#include <doctest/doctest.h>

namespace newsdex::corpus {

TEST_CASE("parse_iso8601 accepts dates and times and computes the UTC instant") {
  struct Case {
    std::string input;
    std::string yyyymmdd;
    std::int64_t epoch_seconds;
  };
  // 2025-10-21T00:00:00Z is 1761004800.
  const Case cases[] = {
      {"1970-01-01", "19700101", 0},
      {"2025-10-21", "20251021", 1761004800},
      {"2025-10-21T09:30:00Z", "20251021", 1761004800 + 9 * 3600 + 30 * 60},
      {"2025-10-21T09:30Z", "20251021", 1761004800 + 9 * 3600 + 30 * 60},
      {"2025-10-21 09:30", "20251021", 1761004800 + 9 * 3600 + 30 * 60},
      {"2025-10-21T09:30:15", "20251021", 1761004800 + 9 * 3600 + 30 * 60 + 15},
      {"2025-10-21T09:30:15.123456Z", "20251021", 1761004800 + 9 * 3600 + 30 * 60 + 15},
      {"2025-10-21T09:30:15,5Z", "20251021", 1761004800 + 9 * 3600 + 30 * 60 + 15},
      // Offsets: local time minus the offset is UTC.
      {"2025-10-21T09:30:00+02:00", "20251021", 1761004800 + 7 * 3600 + 30 * 60},
      {"2025-10-21T09:30:00+0200", "20251021", 1761004800 + 7 * 3600 + 30 * 60},
      {"2025-10-21T09:30:00-05:30", "20251021", 1761004800 + 15 * 3600},
      // The day is the day as written, even when the instant falls on another UTC day.
      {"2025-10-21T23:30:00-05:00", "20251021", 1761004800 + 86400 + 4 * 3600 + 30 * 60},
      {"2025-10-21T01:00:00+03:00", "20251021", 1761004800 - 2 * 3600},
      {"1969-12-31T23:00:00Z", "19691231", -3600},
      // Leap days that exist.
      {"2024-02-29T12:00:00Z", "20240229", 1709208000},
      {"2000-02-29", "20000229", 951782400},
      {"2025-12-31", "20251231", 1767139200},
  };
  for (const Case& c : cases) {
    CAPTURE(c.input);
    const std::optional<Date> date = parse_iso8601(c.input);
    REQUIRE(date.has_value());
    CHECK(date->yyyymmdd() == c.yyyymmdd);
    CHECK(date->epoch_seconds == c.epoch_seconds);
  }
}

TEST_CASE("parse_iso8601 fills year, month and day") {
  const std::optional<Date> date = parse_iso8601("2025-03-07T10:00:00+01:00");
  REQUIRE(date.has_value());
  CHECK(date->year == 2025);
  CHECK(date->month == 3);
  CHECK(date->day == 7);
  CHECK(date->yyyymmdd() == "20250307");
}

TEST_CASE("parse_iso8601 rejects impossible days and times") {
  const char* const cases[] = {
      "2025-02-29",                 // not a leap year
      "1900-02-29",                 // century, not a leap year
      "2025-04-31",                 // April has 30 days
      "2025-13-01",                 // month 13
      "2025-00-10",                 // month 0
      "2025-10-00",                 // day 0
      "2025-10-32",                 // day 32
      "2025-10-21T24:00",           // hour 24
      "2025-10-21T12:60",           // minute 60
      "2025-10-21T12:00:61",        // second 61
      "2025-10-21T12:00:00+15:00",  // offset beyond 14 hours
      "2025-10-21T12:00:00+02:60",  // offset minutes 60
  };
  for (const char* input : cases) {
    CAPTURE(input);
    CHECK_FALSE(parse_iso8601(input).has_value());
  }
}

TEST_CASE("parse_iso8601 rejects garbage and partial forms") {
  const std::string cases[] = {
      "",
      "garbage",
      "yesterday",
      "2025",
      "2025-10",
      "2025-1-01",
      "2025/10/21",
      "21-10-2025",
      "2025-10-21x",
      "2025-10-21T",
      "2025-10-21T09",
      "2025-10-21T9:30",
      "2025-10-21T09:30:",
      "2025-10-21T09:30:00.",
      "2025-10-21T09:30:00.Z",
      "2025-10-21T09:30:00+02",
      "2025-10-21T09:30:00+02:",
      "2025-10-21T09:30:00Zjunk",
      "2025-10-21T09:30:00 ",
      " 2025-10-21",
      "Tue, 21 Oct 2025 09:30:00 GMT",
      std::string("2025-10-21\0", 11),
  };
  for (const std::string& input : cases) {
    CAPTURE(input);
    CHECK_FALSE(parse_iso8601(input).has_value());
  }
}

TEST_CASE("normalize_date keeps ISO 8601 and converts RFC 822 dates") {
  struct Case {
    const char* input;
    const char* iso;
  };
  const Case cases[] = {
      {"2025-10-21", "2025-10-21"},
      {" 2025-10-21T09:30:00+0100 ", "2025-10-21T09:30:00+0100"},
      {"Tue, 21 Oct 2025 09:30:00 GMT", "2025-10-21T09:30:00Z"},
      {"21 Oct 2025 09:30 +0100", "2025-10-21T09:30:00+01:00"},
      {"Tue, 21 Oct 2025 09:30:00 -0530", "2025-10-21T09:30:00-05:30"},
      {"Mon, 20 Oct 2025 23:05:01 EDT", "2025-10-20T23:05:01-04:00"},
      {"Tue, 21 Oct 2025", "2025-10-21"},
      {"1 January 25 10:00 UT", "2025-01-01T10:00:00Z"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.input);
    const auto iso = normalize_date(c.input);
    REQUIRE(iso);
    CHECK(*iso == c.iso);
  }
  for (const char* bad :
       {"", "yesterday", "Tue, 30 Feb 2025 10:00:00 GMT", "21 Foo 2025", "21 Oct 2025 25:00:00 GMT",
        "21 Oct 2025 09:30 Mars", "21/10/2025", "Tue, 21 Oct 2025 09:30:00 GMT extra words"}) {
    CAPTURE(bad);
    CHECK_FALSE(normalize_date(bad));
  }
}

}  // namespace newsdex::corpus
