// Plain-text article parsing; see text_parser.hpp for the headline rule.
#include "corpus/text_parser.hpp"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <memory>
#include <stdexcept>

#include "text/normalize.hpp"

namespace newsdex::corpus {
namespace {

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

std::string_view trim(std::string_view s) {
  const std::size_t begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  const std::size_t end = s.find_last_not_of(" \t\r\n");
  return s.substr(begin, end - begin + 1);
}

// Splits off the next line (without its '\n') from `rest`.
std::string_view next_line(std::string_view& rest) {
  const std::size_t newline = rest.find('\n');
  std::string_view line = rest.substr(0, newline);
  rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
  return line;
}

// Returns `text` with "\r\n" and lone '\r' turned into '\n'.
std::string unix_newlines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out.push_back('\n');
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

// Returns true when the text before `end` (a sentence break) ends in an abbreviation: initials
// with dots ("U.S.", "U.N.") or a common title or suffix ("Mr.", "Gen.", "Inc.").
bool ends_with_abbreviation(const icu::UnicodeString& text, int32_t end) {
  int32_t stop = end;
  while (stop > 0 && u_isspace(text.charAt(stop - 1))) --stop;
  if (stop == 0 || text.charAt(stop - 1) != u'.') return false;
  int32_t start = stop - 1;
  while (start > 0 && !u_isspace(text.charAt(start - 1))) --start;
  std::string word;
  text.tempSubStringBetween(start, stop).toUTF8String(word);
  // Initials: letters each followed by a dot, e.g. "U.S." or "D.C.".
  bool initials = word.size() >= 4;
  for (std::size_t i = 0; initials && i < word.size(); ++i) {
    initials = (i % 2 == 1) == (word[i] == '.');
  }
  if (initials) return true;
  static constexpr std::string_view kAbbreviations[] = {
      "Mr.",  "Mrs.", "Ms.",   "Dr.",   "Prof.", "St.",  "Gen.",  "Sen.",    "Rep.", "Gov.", "Lt.",
      "Col.", "Sgt.", "Capt.", "Jr.",   "Sr.",   "Inc.", "Corp.", "Co.",     "Ltd.", "No.",  "vs.",
      "Jan.", "Feb.", "Aug.",  "Sept.", "Oct.",  "Nov.", "Dec.",  "approx.", "e.g.", "i.e."};
  for (std::string_view abbreviation : kAbbreviations) {
    if (word == abbreviation) return true;
  }
  return false;
}

std::unique_ptr<icu::BreakIterator> make_sentence_iterator() {
  UErrorCode status = U_ZERO_ERROR;
  // "ss=standard" suppresses breaks after abbreviations such as "U.S." and "Mr.".
  std::unique_ptr<icu::BreakIterator> it(
      icu::BreakIterator::createSentenceInstance(icu::Locale("en@ss=standard"), status));
  if (U_FAILURE(status) || !it) {
    throw std::runtime_error(std::string("ICU: cannot create a sentence iterator: ") +
                             u_errorName(status));
  }
  return it;
}

}  // namespace

std::string first_sentence(std::string_view text) {
  // Only the opening part matters; bounding it keeps a huge one-line file cheap. ICU ends a
  // sentence at every line break, but hard-wrapped text breaks lines mid-sentence: keep the
  // first paragraph only, its lines joined by spaces.
  std::string head;
  std::string_view lines = text.substr(0, 4 * kMaxDerivedTitleBytes);
  while (!lines.empty()) {
    const std::string_view line = next_line(lines);
    if (is_blank(line)) {
      if (!head.empty()) break;
      continue;
    }
    if (!head.empty()) head.push_back(' ');
    head.append(trim(line));
  }
  thread_local std::unique_ptr<icu::BreakIterator> iterator = make_sentence_iterator();
  icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(
      icu::StringPiece(head.data(), static_cast<int32_t>(head.size())));
  iterator->setText(unicode);
  iterator->first();
  int32_t end = iterator->next();
  // ICU's own suppressions miss abbreviations such as "U.S." before a capitalised word.
  while (end != icu::BreakIterator::DONE && ends_with_abbreviation(unicode, end)) {
    end = iterator->next();
  }
  std::string sentence;
  unicode.tempSubStringBetween(0, end == icu::BreakIterator::DONE ? unicode.length() : end)
      .toUTF8String(sentence);
  // A sentence never spans a paragraph break.
  if (std::size_t para = sentence.find("\n\n"); para != std::string::npos) sentence.resize(para);
  std::string flat;
  for (char c : trim(sentence)) flat.push_back(c == '\n' || c == '\t' ? ' ' : c);
  return flat;
}

std::string shorten(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  // Never cut inside a UTF-8 sequence; prefer the last space before the limit.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  const std::size_t space = text.rfind(' ', cut);
  if (space != std::string_view::npos && space > max_bytes / 2) cut = space;
  std::string out(trim(text.substr(0, cut)));
  while (!out.empty() && (out.back() == ',' || out.back() == ';' || out.back() == ':')) {
    out.pop_back();
  }
  return out + "\xE2\x80\xA6";
}

ParseResult parse_text(std::string_view content, const std::string& path, std::string id) {
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  if (content.find('\0') != std::string_view::npos) {
    return reject(path, 0, "binary file (it contains NUL bytes); skipped");
  }
  ParseResult result;
  std::size_t replaced = 0;
  std::string text = unix_newlines(text::repair_utf8(content, &replaced));
  if (replaced > 0) {
    result.diagnostics.push_back(
        {Severity::kWarning, path, 0,
         "invalid UTF-8 (" + std::to_string(replaced) + " sequences) replaced with U+FFFD"});
  }
  std::string_view rest = trim(text);
  if (rest.empty()) return reject(path, 0, "empty file; nothing to index");

  Article article;
  article.id = std::move(id);
  article.path = path;
  std::string_view after_first = rest;
  const std::string_view first = trim(next_line(after_first));
  std::string_view probe = after_first;
  const bool blank_follows = !after_first.empty() && is_blank(next_line(probe));
  if (blank_follows && first.size() <= kMaxHeadlineLineBytes) {
    article.title = std::string(first);
    article.body = std::string(trim(after_first));
  } else {
    article.title = shorten(first_sentence(rest), kMaxDerivedTitleBytes);
    article.body = std::string(rest);
  }
  result.article = std::move(article);
  return result;
}

}  // namespace newsdex::corpus
