// Dates at query time: date bounds (ISO and relative), the `date:` field, date sorting and
// the recency blend of --recent.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace newsdex::search {

enum class Bound { kFirst, kLast };

// Returns today's date in UTC as "YYYYMMDD" at `now` (seconds since 1970). Never throws except
// std::bad_alloc.
std::string day_of(std::int64_t now);

// Returns the day "YYYYMMDD" that `text` names as the first or last day of a range:
// "YYYY-MM-DD"; "YYYY-MM" and "YYYY" (their first or last day, by `bound`); or a relative form
// "N" + "d" (days), "w" (weeks), "m" (calendar months) or "y" (years) before `today`
// ("YYYYMMDD"): "7d" with today 20251031 is 20251024, "1m" is 20250930 (the day clamped to the
// month's end). Throws std::invalid_argument with a message for anything else.
std::string parse_day(std::string_view text, Bound bound, std::string_view today);

// Returns a filter on schema::kSlotDate matching the articles dated from `first` to `last`
// inclusive ("YYYYMMDD"; an empty bound is open). Undated articles never match; both bounds
// empty gives an empty query (no filter). Never throws except std::bad_alloc.
Xapian::Query date_filter(const std::string& first, const std::string& last);

// The `date:` query field: "date:2025-10-01..2025-10-31", "date:2025-10-01..",
// "date:..2025-10-31", "date:2025-10" (a whole day, month or year) and relative forms
// ("date:7d.."). Throws Xapian::QueryParserError for values that are not such dates (the
// query builder then runs the plain words).
class DateFieldProcessor : public Xapian::FieldProcessor {
 public:
  explicit DateFieldProcessor(std::string today) : today_(std::move(today)) {}
  Xapian::Query operator()(const std::string& value) override;

 private:
  std::string today_;
};

enum class SortOrder {
  kRelevance,   // best match first
  kDate,        // oldest first
  kDateNewest,  // newest first ("-date")
};

// Sort keys for date orders: undated articles come after all dated ones in both orders, and
// articles of one instant follow relevance (Enquire::set_sort_by_key_then_relevance).
class DateKeyMaker : public Xapian::KeyMaker {
 public:
  explicit DateKeyMaker(bool newest_first) : newest_first_(newest_first) {}
  std::string operator()(const Xapian::Document& doc) const override;

 private:
  bool newest_first_;
};

// Parses a --recent half-life: "N" + "d", "w", "m" (30 days) or "y" (365 days), N > 0.
// Returns seconds. Throws std::invalid_argument with a message otherwise.
double parse_half_life(std::string_view text);

// The recency weight of --recent: 2^(-age / half_life) for an article published `age`
// seconds before `now` (1 for articles dated in the future). Undated articles are not in
// its posting list, so they get nothing. Combine with OP_AND_MAYBE.
class RecencySource : public Xapian::ValuePostingSource {
 public:
  RecencySource(std::int64_t now, double half_life_seconds);
  double get_weight() const override;
  RecencySource* clone() const override;
  void init(const Xapian::Database& database) override;
  std::string name() const override { return "newsdex.RecencySource"; }

 private:
  std::int64_t now_;
  double half_life_;
};

}  // namespace newsdex::search
