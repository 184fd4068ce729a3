// A strict, allocation-free ISO 8601 subset parser.
#include "corpus/date.hpp"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>

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

namespace {

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Splits `s` at spaces (and a comma after the weekday) into at most `max` words.
std::size_t split_words(std::string_view s, std::string_view* words, std::size_t max) {
  std::size_t count = 0;
  std::size_t pos = 0;
  while (pos < s.size() && count < max + 1) {
    while (pos < s.size() && (s[pos] == ' ' || s[pos] == ',' || s[pos] == '\t')) ++pos;
    if (pos >= s.size()) break;
    const std::size_t start = pos;
    while (pos < s.size() && s[pos] != ' ' && s[pos] != ',' && s[pos] != '\t') ++pos;
    if (count == max) return max + 1;  // too many words
    words[count++] = s.substr(start, pos - start);
  }
  return count;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Returns the zone's offset in minutes east of UTC, or false when it is not one RFC 822 knows.
bool zone_offset(std::string_view zone, int& minutes) {
  static constexpr std::pair<const char*, int> kZones[] = {
      {"GMT", 0},       {"UT", 0},        {"UTC", 0},       {"Z", 0},
      {"EST", -5 * 60}, {"EDT", -4 * 60}, {"CST", -6 * 60}, {"CDT", -5 * 60},
      {"MST", -7 * 60}, {"MDT", -6 * 60}, {"PST", -8 * 60}, {"PDT", -7 * 60}};
  for (const auto& [name, offset] : kZones) {
    if (equals_ignoring_case(zone, name)) {
      minutes = offset;
      return true;
    }
  }
  if (zone.size() == 5 && (zone[0] == '+' || zone[0] == '-') && all_digits(zone.substr(1))) {
    const int hours = (zone[1] - '0') * 10 + (zone[2] - '0');
    const int mins = (zone[3] - '0') * 10 + (zone[4] - '0');
    if (hours > 14 || mins > 59) return false;
    minutes = (zone[0] == '+' ? 1 : -1) * (hours * 60 + mins);
    return true;
  }
  return false;
}

std::optional<std::string> parse_rfc822(std::string_view text) {
  std::string_view words[6];
  const std::size_t count = split_words(text, words, 6);
  if (count < 3 || count > 6) return std::nullopt;
  std::size_t i = 0;
  // An optional weekday name ("Tue").
  if (!all_digits(words[0])) ++i;
  if (count - i < 3) return std::nullopt;
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int day = 0, month = 0, year = 0;
  if (!all_digits(words[i]) || words[i].size() > 2) return std::nullopt;
  day = std::atoi(std::string(words[i]).c_str());
  const std::string_view month_word = words[i + 1].substr(0, 3);
  for (int m = 0; m < 12; ++m) {
    if (equals_ignoring_case(month_word, kMonths[m])) month = m + 1;
  }
  if (month == 0 || !all_digits(words[i + 2])) return std::nullopt;
  if (words[i + 2].size() == 4) {
    year = std::atoi(std::string(words[i + 2]).c_str());
  } else if (words[i + 2].size() == 2) {  // RFC 822's two-digit years
    const int yy = std::atoi(std::string(words[i + 2]).c_str());
    year = yy < 50 ? 2000 + yy : 1900 + yy;
  } else {
    return std::nullopt;
  }
  i += 3;
  char buffer[48];
  if (i == count) {
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  } else {
    const std::string_view time = words[i++];
    int hour = 0, minute = 0, second = 0;
    std::size_t pos = 0;
    if (!read_number(time, pos, 2, hour) || !consume(time, pos, ':') ||
        !read_number(time, pos, 2, minute))
      return std::nullopt;
    if (consume(time, pos, ':') && !read_number(time, pos, 2, second)) return std::nullopt;
    if (pos != time.size()) return std::nullopt;
    int offset = 0;
    if (i < count && !zone_offset(words[i++], offset)) return std::nullopt;
    if (i != count) return std::nullopt;
    if (offset == 0) {
      std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, hour,
                    minute, second);
    } else {
      const int magnitude = offset < 0 ? -offset : offset;
      std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", year, month,
                    day, hour, minute, second, offset < 0 ? '-' : '+', magnitude / 60,
                    magnitude % 60);
    }
  }
  std::string iso = buffer;
  if (!parse_iso8601(iso)) return std::nullopt;
  return iso;
}

}  // namespace

std::optional<std::string> normalize_date(std::string_view text) {
  text = trim_spaces(text);
  if (text.empty() || text.size() > 64) return std::nullopt;
  if (parse_iso8601(text)) return std::string(text);
  return parse_rfc822(text);
}

}  // namespace newsdex::corpus
