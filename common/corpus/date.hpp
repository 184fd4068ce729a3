// ISO 8601 dates as articles carry them: validation and the forms the index stores.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace newsdex::corpus {

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  std::int64_t epoch_seconds = 0;  // the instant in UTC (midnight UTC for a bare date)

  // Returns "YYYYMMDD", the day as written (not shifted to UTC).
  std::string yyyymmdd() const;
};

// Returns the date of `text` when it is "YYYY-MM-DD" optionally followed by 'T' or ' ' and
// "HH:MM[:SS[.fraction]]" and an optional "Z" or "+HH:MM"/"-HH:MM"/"+HHMM"; nullopt when it is
// not such a date or names an impossible day or time. Never throws.
std::optional<Date> parse_iso8601(std::string_view text);

// Returns the ISO 8601 form of a date as feeds and web pages write it: ISO 8601 itself (returned
// trimmed, as given) or RFC 822/1123 ("Tue, 21 Oct 2025 09:30:00 GMT", "21 Oct 2025 09:30 +0100";
// the weekday optional, zones GMT, UT, UTC, Z, EST/EDT, CST/CDT, MST/MDT, PST/PDT or +HHMM)
// given back as "2025-10-21T09:30:00Z" or "2025-10-21T09:30:00+01:00". Returns nullopt for
// anything else or an impossible date. Never throws except std::bad_alloc.
std::optional<std::string> normalize_date(std::string_view text);

// Returns whether `year` is a Gregorian leap year. Never throws.
bool is_leap(int year);

// Returns the number of days of `month` (1-12) in `year`. Never throws.
int days_in_month(int year, int month);

// Returns the days since 1970-01-01 of the proleptic Gregorian date y-m-d. Never throws.
std::int64_t days_from_civil(int y, int m, int d);

// Returns the date `days` days after 1970-01-01, with epoch_seconds at its midnight UTC. Never
// throws.
Date civil_from_days(std::int64_t days);

}  // namespace newsdex::corpus
