// A strict, allocation-free ISO 8601 subset parser.
#include "corpus/date.hpp"

#include <cstdio>

namespace newsdex::corpus {
namespace {

// Reads exactly `digits` decimal digits at `pos`; advances `pos` on success.
bool read_number(std::string_view text, std::size_t& pos, int digits, int& value) {
  if (pos + static_cast<std::size_t>(digits) > text.size()) return false;
  value = 0;
  for (int i = 0; i < digits; ++i) {
    char c = text[pos + static_cast<std::size_t>(i)];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  pos += static_cast<std::size_t>(digits);
  return true;
}

bool consume(std::string_view text, std::size_t& pos, char expected) {
  if (pos < text.size() && text[pos] == expected) {
    ++pos;
    return true;
  }
  return false;
}

}  // namespace

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

// Howard Hinnant's days_from_civil.
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy =
      (153 * static_cast<unsigned>(m + (m > 2 ? -3 : 9)) + 2) / 5 + static_cast<unsigned>(d) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// Howard Hinnant's civil_from_days.
Date civil_from_days(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  Date date;
  date.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  date.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  date.year = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (date.month <= 2));
  date.epoch_seconds = (days - 719468) * 86400;
  return date;
}

std::string Date::yyyymmdd() const {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d%02d%02d", year, month, day);
  return buffer;
}

std::optional<Date> parse_iso8601(std::string_view text) {
  Date date;
  std::size_t pos = 0;
  if (!read_number(text, pos, 4, date.year) || !consume(text, pos, '-') ||
      !read_number(text, pos, 2, date.month) || !consume(text, pos, '-') ||
      !read_number(text, pos, 2, date.day)) {
    return std::nullopt;
  }
  if (date.month < 1 || date.month > 12 || date.day < 1 ||
      date.day > days_in_month(date.year, date.month)) {
    return std::nullopt;
  }
  int hour = 0, minute = 0, second = 0, offset_minutes = 0;
  if (pos < text.size()) {
    if (text[pos] != 'T' && text[pos] != ' ') return std::nullopt;
    ++pos;
    if (!read_number(text, pos, 2, hour) || !consume(text, pos, ':') ||
        !read_number(text, pos, 2, minute)) {
      return std::nullopt;
    }
    if (consume(text, pos, ':')) {
      if (!read_number(text, pos, 2, second)) return std::nullopt;
      if (consume(text, pos, '.') || consume(text, pos, ',')) {
        const std::size_t start = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
        if (pos == start) return std::nullopt;
      }
    }
    if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
    if (consume(text, pos, 'Z')) {
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
      const int sign = text[pos++] == '+' ? 1 : -1;
      int offset_hours = 0, offset_mins = 0;
      if (!read_number(text, pos, 2, offset_hours)) return std::nullopt;
      consume(text, pos, ':');
      if (!read_number(text, pos, 2, offset_mins)) return std::nullopt;
      if (offset_hours > 14 || offset_mins > 59) return std::nullopt;
      offset_minutes = sign * (offset_hours * 60 + offset_mins);
    }
    if (pos != text.size()) return std::nullopt;
  }
  date.epoch_seconds = days_from_civil(date.year, date.month, date.day) * 86400 + hour * 3600 +
                       minute * 60 + second - offset_minutes * 60;
  return date;
}

}  // namespace newsdex::corpus
