// Snippet selection and highlighting over the original (unnormalised) article text.
#include "search/snippet.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <optional>

#include "schema.hpp"
#include "text/normalize.hpp"

namespace newsdex::search {
namespace {

struct Span {
  std::size_t start;
  std::size_t end;
};

struct Match {
  Span span;
  std::size_t key;  // what makes two matches the same query word: an index into keys_
};

bool is_word_char(UChar32 c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return u_isalnum(c) || u_charType(c) == U_NON_SPACING_MARK ||
         u_charType(c) == U_COMBINING_SPACING_MARK;
}

// Decodes the code point at `pos` (valid UTF-8 assumed; bad bytes read as U+FFFD).
UChar32 code_point_at(std::string_view text, std::size_t pos, std::size_t& next) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  auto i = static_cast<int32_t>(pos);
  UChar32 c;
  U8_NEXT(s, i, static_cast<int32_t>(text.size()), c);
  next = static_cast<std::size_t>(i);
  return c < 0 ? 0xFFFD : c;
}

// Byte classes for for_each_word: most news text is ASCII, whose letters and digits are word
// characters; bytes above 0x7F start multi-byte characters that must be decoded.
enum ByteClass : unsigned char { kOtherByte, kWordByte, kHighByte };
constexpr std::array<ByteClass, 256> kByteClass = [] {
  std::array<ByteClass, 256> table{};
  for (int c = 0; c < 256; ++c) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    table[c] = c >= 0x80 ? kHighByte : alnum ? kWordByte : kOtherByte;
  }
  return table;
}();

// Calls visit(span, ascii) for each word of `text`: a run of letters and digits, joined
// across single inner apostrophes (' or U+2019); `ascii` is true when the word has no byte
// above 0x7F. Runs of ASCII bytes are stepped over by table, without decoding.
template <typename Visit>
void for_each_word(std::string_view text, Visit&& visit) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t pos = 0;
  std::size_t next;
  std::size_t after;
  while (pos < size) {
    while (pos < size && kByteClass[bytes[pos]] == kOtherByte) ++pos;
    if (pos == size) break;
    if (bytes[pos] >= 0x80 && !is_word_char(code_point_at(text, pos, next))) {
      pos = next;
      continue;
    }
    const std::size_t start = pos;
    bool ascii = true;
    for (;;) {
      while (pos < size && kByteClass[bytes[pos]] == kWordByte) ++pos;
      if (pos == size) break;
      const bool high = bytes[pos] >= 0x80;
      const UChar32 c = high ? code_point_at(text, pos, next) : (next = pos + 1, bytes[pos]);
      const bool joins = (c == '\'' || c == 0x2019) && next < size &&
                         is_word_char(code_point_at(text, next, after));
      if (!joins && !(high && is_word_char(c))) break;
      ascii = ascii && !high;
      pos = next;
    }
    visit(Span{start, pos}, ascii);
  }
}

bool is_space_or_control(unsigned char c) { return c <= 0x20 || c == 0x7F; }

// Returns the byte length of a white-space or control character at `pos` that is not ASCII
// (C1 controls, NEL, NBSP, line and paragraph separators, other spaces), or 0.
std::size_t wide_space_at(std::string_view text, std::size_t pos) {
  if (static_cast<unsigned char>(text[pos]) < 0x80) return 0;
  std::size_t next;
  const UChar32 c = code_point_at(text, pos, next);
  return u_isspace(c) || u_iscntrl(c) || c == 0xA0 ? next - pos : 0;
}

// Adds the patterns of the trailing wildcards in `query` to `wildcards`.
void collect_wildcards(const Xapian::Query& query, std::vector<std::string>& wildcards) {
  if (query.get_type() == Xapian::Query::OP_WILDCARD) {
    // Xapian 1.4 has no accessor for a wildcard's pattern; its description ends with it:
    // "Query(WILDCARD SYNONYM presid)".
    const std::string description = query.get_description();
    const std::size_t space = description.rfind(' ');
    if (space != std::string::npos && description.size() > space + 2) {
      wildcards.push_back(description.substr(space + 1, description.size() - space - 2));
    }
    return;
  }
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    collect_wildcards(query.get_subquery(i), wildcards);
  }
}

// Returns true when a sentence (or paragraph) starts at `pos`.
bool opens_sentence(std::string_view text, std::size_t pos) {
  if (pos == 0 || text[pos - 1] == '\n') return true;
  if (text[pos - 1] != ' ' || pos < 2) return false;
  const char end = text[pos - 2];
  return end == '.' || end == '?' || end == '!' || end == '"';
}

// Returns where the sentence holding `pos` starts, looking back at most `limit` bytes;
// npos when no sentence start is that close.
std::size_t sentence_start(std::string_view text, std::size_t pos, std::size_t limit) {
  const std::size_t floor = pos > limit ? pos - limit : 0;
  for (std::size_t i = pos; i >= floor; --i) {
    if (opens_sentence(text, i)) return i;
    if (i == 0) break;
  }
  return std::string_view::npos;
}

// Moves `pos` back to the start of a UTF-8 sequence.
std::size_t char_boundary(std::string_view text, std::size_t pos) {
  while (pos > 0 && pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) {
    --pos;
  }
  return pos;
}

}  // namespace

Highlighter::Highlighter(const Xapian::Query& query, const std::vector<std::string>& extra_words)
    : stemmer_(schema::kStemLanguage) {
  for (const std::string& word : extra_words) {
    if (word.empty()) continue;
    words_.insert(word);
    stems_.insert(stemmer_(word));
  }
  // Text terms are stems (schema.hpp), the words of phrases too.
  for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
    const std::string term = *it;  // the view below must not outlive it
    if (const std::string_view stem = schema::text_stem(term); !stem.empty()) stems_.emplace(stem);
  }
  std::vector<std::string> wildcards;
  collect_wildcards(query, wildcards);
  for (const std::string& pattern : wildcards) {
    if (const std::string_view prefix = schema::text_stem(pattern); !prefix.empty()) {
      wildcards_.emplace_back(prefix);
    }
  }
  const auto add_opening = [this](const std::string& term) {
    first_bytes_.set(static_cast<unsigned char>(term[0]));
    if (term.size() < 2) {
      whole_bytes_.set(static_cast<unsigned char>(term[0]));
      return;
    }
    openings_.set(opening(term[0], term[1]));
    // Xapian's English stemmer (Porter2) keeps a word's first two letters, but for three
    // words of its exception list: "dying", "lying" and "tying" stem to "die", "lie", "tie".
    if (term[1] == 'i' && (term[0] == 'd' || term[0] == 'l' || term[0] == 't')) {
      openings_.set(opening(term[0], 'y'));
    }
  };
  for (const auto* set : {&words_, &stems_}) {
    for (const std::string& term : *set) add_opening(term);
  }
  for (const std::string& prefix : wildcards_) add_opening(prefix);
}

std::size_t Highlighter::opening(char first, char second) {
  return static_cast<std::size_t>(static_cast<unsigned char>(first)) << 8 |
         static_cast<unsigned char>(second);
}

inline bool Highlighter::screened_out(std::string_view word) const {
  const auto lower = [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  };
  const char first = lower(word[0]);
  // A match of a word, a stem or a wildcard prefix of two or more letters opens with the same
  // two letters (see the constructor); shorter ones are looked at whole.
  return !whole_bytes_.test(static_cast<unsigned char>(first)) &&
         (word.size() < 2 || !openings_.test(opening(first, lower(word[1]))));
}

int Highlighter::match_id(std::string_view word) const {
  if (word.empty()) return kNoMatch;
  // Bodies repeat their words ("the", "said", names), and normalising and stemming are the dear
  // part; the answer for each distinct word, as written, is kept over every text this
  // highlighter marks, up to a bound.
  if (const auto known = known_words_.find(word); known != known_words_.end()) {
    return known->second;
  }
  if (known_words_.size() >= kMaxKnownWords) known_words_.clear();
  int& id = known_words_[std::string(word)];
  id = kNoMatch;
  const std::string normalised = text::normalize(word);
  if (normalised.empty() || !first_bytes_.test(static_cast<unsigned char>(normalised[0]))) {
    return id;
  }
  std::string key;
  for (const std::string& prefix : wildcards_) {
    if (normalised.starts_with(prefix)) {
      key = prefix + "*";
      break;
    }
  }
  if (key.empty()) {
    std::string stem = stemmer_(normalised);
    if (!words_.contains(normalised) && !stems_.contains(stem)) return id;
    key = std::move(stem);
  }
  // Keys are the query's stems and wildcards, so this list stays as short as the query.
  const auto same = std::find(keys_.begin(), keys_.end(), key);
  id = static_cast<int>(same - keys_.begin());
  if (same == keys_.end()) keys_.push_back(std::move(key));
  return id;
}

bool Highlighter::matches(std::string_view word) const {
  const bool ascii = std::all_of(word.begin(), word.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  return !(ascii && screened_out(word)) && match_id(word) != kNoMatch;
}

Snippet Highlighter::make(std::string_view text, std::size_t max_bytes) const {
  std::vector<Match> matches;
  if (!words_.empty() || !stems_.empty() || !wildcards_.empty()) {
    for_each_word(text, [&](Span word, bool ascii) {
      const std::string_view written = text.substr(word.start, word.end - word.start);
      if (ascii && screened_out(written)) return;  // most words: decided before any call
      const int id = match_id(written);
      if (id != kNoMatch) matches.push_back({word, static_cast<std::size_t>(id)});
    });
  }

  // Choose the window: the most distinct query words, then the most matches, then a window
  // that opens a sentence, then the earliest.
  std::size_t best_start = 0;
  long best_score = -1;
  // counted_in[k] == i + 1 once key k was counted for the window of match i.
  std::vector<std::size_t> counted_in(keys_.size(), 0);
  for (std::size_t i = 0; i < matches.size(); ++i) {
    const std::size_t context = std::min<std::size_t>(max_bytes / 4, 60);
    std::size_t start = sentence_start(text, matches[i].span.start, max_bytes / 3);
    const bool opens_sentence = start != std::string_view::npos;
    if (!opens_sentence) {
      start = matches[i].span.start > context ? matches[i].span.start - context : 0;
      start = char_boundary(text, start);
    }
    long distinct = 0;
    long count = 0;
    for (std::size_t j = i; j < matches.size() && matches[j].span.end <= start + max_bytes; ++j) {
      if (counted_in[matches[j].key] != i + 1) {
        counted_in[matches[j].key] = i + 1;
        ++distinct;
      }
      ++count;
    }
    const long score = distinct * 10000 + count * 10 + (opens_sentence ? 1 : 0);
    if (score > best_score) {
      best_score = score;
      best_start = start;
    }
  }

  // Advance to a word start when the window opens mid-word.
  while (best_start > 0 && best_start < text.size() &&
         !is_space_or_control(static_cast<unsigned char>(text[best_start - 1])) &&
         !is_space_or_control(static_cast<unsigned char>(text[best_start]))) {
    ++best_start;
  }
  best_start = char_boundary(text, best_start);
  std::size_t end = std::min(text.size(), best_start + max_bytes);
  if (end < text.size()) {
    const std::size_t space = text.rfind(' ', end);
    end = space != std::string_view::npos && space > best_start ? space : char_boundary(text, end);
  }

  Snippet snippet;
  while (best_start < end && is_space_or_control(static_cast<unsigned char>(text[best_start]))) {
    ++best_start;
  }
  if (!opens_sentence(text, best_start)) snippet.text = "\xE2\x80\xA6";
  auto next_match =
      std::lower_bound(matches.begin(), matches.end(), best_start,
                       [](const Match& m, std::size_t pos) { return m.span.start < pos; });
  bool in_space = false;
  for (std::size_t pos = best_start; pos < end; ++pos) {
    if (next_match != matches.end() && next_match->span.start == pos &&
        next_match->span.end <= end) {
      const std::size_t at = snippet.text.size();
      snippet.text.append(text.substr(pos, next_match->span.end - pos));
      snippet.highlights.push_back({at, snippet.text.size()});
      pos = next_match->span.end - 1;
      ++next_match;
      in_space = false;
      continue;
    }
    const auto c = static_cast<unsigned char>(text[pos]);
    if (const std::size_t wide = wide_space_at(text, pos); wide > 0) {
      if (!in_space) snippet.text.push_back(' ');
      in_space = true;
      pos += wide - 1;
      continue;
    }
    if (is_space_or_control(c)) {
      if (!in_space) snippet.text.push_back(' ');
      in_space = true;
    } else {
      snippet.text.push_back(static_cast<char>(c));
      in_space = false;
    }
  }
  while (!snippet.text.empty() && snippet.text.back() == ' ') snippet.text.pop_back();
  if (end < text.size()) snippet.text += "\xE2\x80\xA6";
  return snippet;
}

}  // namespace newsdex::search
