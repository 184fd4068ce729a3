// Date bounds, the date: field, date sort keys and the recency weight.
#include "search/dates.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

#include "corpus/date.hpp"
#include "schema.hpp"

namespace newsdex::search {
namespace {

bool all_digits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

int to_int(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

std::string format_day(int year, int month, int day) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d%02d%02d", year, month, day);
  return buffer;
}

// Returns `count` and `unit` of a relative form such as "7d"; false when `text` is not one.
// Counts are capped so that day arithmetic cannot overflow.
bool parse_relative(std::string_view text, int& count, char& unit) {
  if (text.size() < 2 || text.size() > 7) return false;
  unit = text.back();
  if (unit != 'd' && unit != 'w' && unit != 'm' && unit != 'y') return false;
  const std::string_view digits = text.substr(0, text.size() - 1);
  if (!all_digits(digits)) return false;
  count = to_int(digits);
  return true;
}

}  // namespace

std::string day_of(std::int64_t now) {
  const std::int64_t days = now >= 0 ? now / 86400 : -((-now + 86399) / 86400);
  const corpus::Date date = corpus::civil_from_days(days);
  return format_day(date.year, date.month, date.day);
}

std::string parse_day(std::string_view text, Bound bound, std::string_view today) {
  const std::string shown(text);
  int count = 0;
  char unit = 0;
  if (parse_relative(text, count, unit)) {
    if (today.size() != 8 || !all_digits(today)) throw std::invalid_argument("bad today");
    int year = to_int(today.substr(0, 4));
    int month = to_int(today.substr(4, 2));
    int day = to_int(today.substr(6, 2));
    if (unit == 'd' || unit == 'w') {
      const std::int64_t days =
          corpus::days_from_civil(year, month, day) - count * (unit == 'w' ? 7 : 1);
      const corpus::Date date = corpus::civil_from_days(days);
      return format_day(date.year, date.month, date.day);
    }
    const int months = year * 12 + (month - 1) - count * (unit == 'y' ? 12 : 1);
    year = months / 12;
    month = months % 12 + 1;
    if (year < 1) throw std::invalid_argument("'" + shown + "' reaches before year 1");
    day = std::min(day, corpus::days_in_month(year, month));
    return format_day(year, month, day);
  }
  if (text.size() == 4 && all_digits(text)) {
    return std::string(text) + (bound == Bound::kFirst ? "0101" : "1231");
  }
  if (text.size() == 7 && text[4] == '-' && all_digits(text.substr(0, 4)) &&
      all_digits(text.substr(5, 2))) {
    const int year = to_int(text.substr(0, 4));
    const int month = to_int(text.substr(5, 2));
    if (month >= 1 && month <= 12) {
      return format_day(year, month,
                        bound == Bound::kFirst ? 1 : corpus::days_in_month(year, month));
    }
  }
  if (text.size() == 10) {
    if (const auto date = corpus::parse_iso8601(text)) return date->yyyymmdd();
  }
  throw std::invalid_argument("'" + shown +
                              "' is not a date (YYYY-MM-DD, YYYY-MM, YYYY, or N days, weeks, "
                              "months or years ago: 7d, 2w, 1m, 1y)");
}

Xapian::Query date_filter(const std::string& first, const std::string& last) {
  if (!first.empty() && !last.empty()) {
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotDate, first, last);
  }
  if (!first.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotDate, first);
  if (!last.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kSlotDate, last);
  return Xapian::Query();
}

Xapian::Query DateFieldProcessor::operator()(const std::string& value) {
  try {
    const std::size_t dots = value.find("..");
    if (dots == std::string::npos) {
      return date_filter(parse_day(value, Bound::kFirst, today_),
                         parse_day(value, Bound::kLast, today_));
    }
    const std::string_view from = std::string_view(value).substr(0, dots);
    const std::string_view to = std::string_view(value).substr(dots + 2);
    if (from.empty() && to.empty()) throw std::invalid_argument("'..' needs a date on one side");
    return date_filter(from.empty() ? std::string() : parse_day(from, Bound::kFirst, today_),
                       to.empty() ? std::string() : parse_day(to, Bound::kLast, today_));
  } catch (const std::invalid_argument& error) {
    throw Xapian::QueryParserError(std::string("date: ") + error.what());
  }
}

std::string DateKeyMaker::operator()(const Xapian::Document& doc) const {
  const std::string value = doc.get_value(schema::kSlotTimestamp);
  if (value.empty()) return "1";  // after every "0..."
  const double seconds = Xapian::sortable_unserialise(value);
  // Biased into an unsigned range so that hex digits sort like the instants.
  std::uint64_t key =
      static_cast<std::uint64_t>(static_cast<std::int64_t>(seconds)) ^ (std::uint64_t{1} << 63);
  if (newest_first_) key = std::numeric_limits<std::uint64_t>::max() - key;
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "0%016llx", static_cast<unsigned long long>(key));
  return buffer;
}

double parse_half_life(std::string_view text) {
  int count = 0;
  char unit = 0;
  if (!parse_relative(text, count, unit) || count == 0) {
    throw std::invalid_argument("a half-life is N days, weeks, months or years: 30d, 2w, 1m, 1y");
  }
  const double day = 86400;
  const double unit_seconds = unit == 'd'   ? day
                              : unit == 'w' ? 7 * day
                              : unit == 'm' ? 30 * day
                                            : 365 * day;
  return count * unit_seconds;
}

RecencySource::RecencySource(std::int64_t now, double half_life_seconds)
    : Xapian::ValuePostingSource(schema::kSlotTimestamp),
      now_(now),
      half_life_(half_life_seconds) {}

double RecencySource::get_weight() const {
  const double age = static_cast<double>(now_) - Xapian::sortable_unserialise(get_value());
  return age <= 0 ? 1.0 : std::exp2(-age / half_life_);
}

RecencySource* RecencySource::clone() const { return new RecencySource(now_, half_life_); }

void RecencySource::init(const Xapian::Database& database) {
  Xapian::ValuePostingSource::init(database);
  set_maxweight(1.0);
}

}  // namespace newsdex::search
