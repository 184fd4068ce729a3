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

}  // namespace newsdex::corpus
