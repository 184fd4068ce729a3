// Snippet selection and highlighting over the original (unnormalised) article text.
#include "search/snippet.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
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
  std::size_t key;  // what makes two matches the same query word: an index into make's keys
};

bool is_word_char(UChar32 c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return u_isalnum(c) || u_charType(c) == U_NON_SPACING_MARK ||
         u_charType(c) == U_COMBINING_SPACING_MARK;
}

bool is_apostrophe(UChar32 c) { return c == '\'' || c == 0x2019; }

// Decodes the code point at `pos` (valid UTF-8 assumed; bad bytes read as U+FFFD).
UChar32 code_point_at(std::string_view text, std::size_t pos, std::size_t& next) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  auto i = static_cast<int32_t>(pos);
  UChar32 c;
  U8_NEXT(s, i, static_cast<int32_t>(text.size()), c);
  next = static_cast<std::size_t>(i);
  return c < 0 ? 0xFFFD : c;
}

// Words of `text`: runs of letters and digits, joined across single inner apostrophes.
std::vector<Span> split_words(std::string_view text) {
  std::vector<Span> words;
  std::size_t pos = 0;
  std::size_t word_start = std::string_view::npos;
  while (pos < text.size()) {
    std::size_t next;
    const auto byte = static_cast<unsigned char>(text[pos]);
    // Most text is ASCII, which needs no decoding.
    const UChar32 c = byte < 0x80 ? (next = pos + 1, byte) : code_point_at(text, pos, next);
    if (is_word_char(c)) {
      if (word_start == std::string_view::npos) word_start = pos;
    } else if (word_start != std::string_view::npos) {
      std::size_t after;
      const bool joins =
          is_apostrophe(c) && next < text.size() && is_word_char(code_point_at(text, next, after));
      if (!joins) {
        words.push_back({word_start, pos});
        word_start = std::string_view::npos;
      }
    }
    pos = next;
  }
  if (word_start != std::string_view::npos) words.push_back({word_start, text.size()});
  return words;
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

// Adds each query word and, for words of phrases (which the parser leaves unstemmed), its
// stem too, so "Rubio's" matches the phrase "marco rubio".
void collect_terms(const Xapian::Query& query, std::vector<std::string>& wildcards) {
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
    collect_terms(query.get_subquery(i), wildcards);
  }
}

// Returns `term` without the title prefix, or empty when it has another (upper-case) prefix.
std::string text_term(std::string term) {
  if (term.starts_with(schema::kPrefixTitle)) term.erase(0, schema::kPrefixTitle.size());
  if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z')) return {};
  return term;
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
    : stemmer_("english") {
  for (const std::string& word : extra_words) {
    if (word.empty()) continue;
    words_.insert(word);
    stems_.insert(stemmer_(word));
  }
  for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
    const std::string& term = *it;
    const bool stemmed = !term.empty() && term[0] == 'Z';
    const std::string word = text_term(stemmed ? term.substr(1) : term);
    if (word.empty()) continue;
    if (stemmed) {
      stems_.insert(word);
    } else {
      words_.insert(word);
      stems_.insert(stemmer_(word));
    }
  }
  std::vector<std::string> wildcards;
  collect_terms(query, wildcards);
  for (const std::string& pattern : wildcards) {
    if (std::string prefix = text_term(pattern); !prefix.empty()) {
      wildcards_.push_back(std::move(prefix));
    }
  }
  const auto add_opening = [this](const std::string& term) {
    first_bytes_.push_back(term[0]);
    if (term.size() < 2) {
      whole_bytes_.push_back(term[0]);
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

std::optional<std::string> Highlighter::match_key(std::string_view word) const {
  // Most words of a body match nothing. An ASCII word normalises to itself in lower case
  // (text::normalize), so its first letter rules it out before the normaliser's copy is made.
  if (!word.empty() && std::all_of(word.begin(), word.end(),
                                   [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    const auto lower = [](char c) {
      return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    };
    const char first = lower(word[0]);
    // A match of a word, a stem or a wildcard prefix of two or more letters opens with the
    // same two letters (see the constructor); shorter ones are looked at whole.
    if (whole_bytes_.find(first) == std::string::npos &&
        (word.size() < 2 || !openings_.test(opening(first, lower(word[1]))))) {
      return std::nullopt;
    }
  }
  // Bodies repeat their words ("the", "said", names), and normalising and stemming are the dear
  // part; the answer for each distinct word, as written, is kept over every text this
  // highlighter marks, up to a bound.
  if (const auto known = keys_.find(word); known != keys_.end()) return known->second;
  if (keys_.size() >= kMaxKnownKeys) keys_.clear();
  std::optional<std::string>& key = keys_[std::string(word)];
  const std::string normalised = text::normalize(word);
  if (normalised.empty() || first_bytes_.find(normalised[0]) == std::string::npos) return key;
  for (const std::string& prefix : wildcards_) {
    if (normalised.starts_with(prefix)) {
      key = prefix + "*";
      break;
    }
  }
  if (!key) {
    std::string stem = stemmer_(normalised);
    if (words_.contains(normalised) || stems_.contains(stem)) key = std::move(stem);
  }
  return key;
}

bool Highlighter::matches(std::string_view word) const { return match_key(word).has_value(); }

Snippet Highlighter::make(std::string_view text, std::size_t max_bytes) const {
  std::vector<Match> matches;
  std::vector<std::string> keys;  // the distinct keys of `matches`: a query's few words
  if (!words_.empty() || !stems_.empty() || !wildcards_.empty()) {
    for (const Span& word : split_words(text)) {
      if (auto key = match_key(text.substr(word.start, word.end - word.start))) {
        const auto known = std::find(keys.begin(), keys.end(), *key);
        matches.push_back({word, static_cast<std::size_t>(known - keys.begin())});
        if (known == keys.end()) keys.push_back(std::move(*key));
      }
    }
  }

  // Choose the window: the most distinct query words, then the most matches, then a window
  // that opens a sentence, then the earliest.
  std::size_t best_start = 0;
  long best_score = -1;
  // counted_in[k] == i + 1 once key k was counted for the window of match i.
  std::vector<std::size_t> counted_in(keys.size(), 0);
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
