// One forward pass over UTF-8 bytes producing the extractor's word tokens.
#include "entities/tokenizer.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>

#include "entities/dictionary.hpp"

namespace newsdex::entities {
namespace {

// Decodes the code point at `i` (advancing `i`); ASCII takes the fast path.
UChar32 next_cp(std::string_view text, std::size_t& i) {
  const unsigned char c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) {
    ++i;
    return c;
  }
  UChar32 cp = 0;
  std::int32_t pos = static_cast<std::int32_t>(i);
  U8_NEXT(reinterpret_cast<const std::uint8_t*>(text.data()), pos,
          static_cast<std::int32_t>(text.size()), cp);
  i = static_cast<std::size_t>(pos);
  return cp;
}

UChar32 peek_cp(std::string_view text, std::size_t i) {
  return i < text.size() ? next_cp(text, i) : U_SENTINEL;
}

bool is_word_cp(UChar32 c) {
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
  if (c < 0) return false;
  return u_isalnum(c) || u_getIntPropertyValue(c, UCHAR_GENERAL_CATEGORY_MASK) & U_GC_M_MASK;
}

bool is_letter(UChar32 c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return c >= 0 && u_isalpha(c);
}

bool is_apostrophe(UChar32 c) { return c == '\'' || c == 0x2019; }

// Hyphens and en dashes join two words when written without spaces ("U.S.–Russia").
bool is_joiner(UChar32 c) { return c == '-' || c == 0x2010 || c == 0x2011 || c == 0x2013; }

}  // namespace

std::vector<Token> tokenize(std::string_view text, const Dictionary& dictionary) {
  // Offsets are 32-bit to keep tokens small; a field beyond 4 GiB is read up to that point.
  text = text.substr(0, std::min<std::size_t>(text.size(), UINT32_MAX - 1));
  std::vector<Token> tokens;
  tokens.reserve(text.size() / 6);
  bool pending_break = true;
  bool pending_sentence = true;
  bool pending_hyphen = false;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t at = i;
    const UChar32 c = next_cp(text, i);
    if (is_word_cp(c)) {
      Token token;
      token.start = static_cast<std::uint32_t>(at);
      std::size_t end = i;
      // Initialism: single letters each followed by a period ("U.S.", "U.K.", "E.U.").
      if (is_letter(c) && peek_cp(text, end) == '.' && is_letter(peek_cp(text, end + 1))) {
        std::size_t probe = end;
        std::size_t last = end;
        while (probe < text.size() && text[probe] == '.') {
          std::size_t after = probe + 1;
          if (after >= text.size() || !is_letter(peek_cp(text, after))) break;
          std::size_t after_letter = after;
          next_cp(text, after_letter);
          if (peek_cp(text, after_letter) != '.') break;
          last = after_letter + 1;
          probe = after_letter;
        }
        if (last != end) end = last;
      }
      if (end == i) {
        while (end < text.size()) {
          std::size_t probe = end;
          const UChar32 d = next_cp(text, probe);
          if (is_word_cp(d)) {
            end = probe;
            continue;
          }
          // "AT&T", "B&SR": an ampersand between capitals without spaces is part of the name.
          if (d == '&' && probe < text.size() && text[probe] >= 'A' && text[probe] <= 'Z' &&
              text[end - 1] >= 'A' && text[end - 1] <= 'Z') {
            end = probe;
            continue;
          }
          if (is_apostrophe(d)) {
            std::size_t after_s = probe;
            const UChar32 s = peek_cp(text, probe);
            if (s == 's' || s == 'S') {
              next_cp(text, after_s);
              if (!is_word_cp(peek_cp(text, after_s))) {
                token.possessive = true;
                i = after_s;
                break;
              }
            }
            if (is_letter(s)) {
              end = probe;
              continue;
            }
            // A plural's possessive ("leaders'") only after an s; otherwise a closing quote.
            token.possessive = text[end - 1] == 's';
            break;
          }
          break;
        }
      }
      // An initial keeps its period ("John A. Corder", so "A." is no article); so do "Jr." and
      // "Sr.", which end names.
      if (!token.possessive && end < text.size() && text[end] == '.' &&
          ((end - at == 1 && c >= 'A' && c <= 'Z') ||
           (end - at == 2 && (text.substr(at, 2) == "Jr" || text.substr(at, 2) == "Sr")))) {
        ++end;
      }
      token.end = static_cast<std::uint32_t>(end);
      if (!token.possessive) i = end;
      const std::string_view word = text.substr(token.start, token.end - token.start);
      token.key = entity_key(word);
      const UChar32 first = c;
      token.cap = first < 0x80 ? (first >= 'A' && first <= 'Z') : u_isupper(first);
      if (first >= '0' && first <= '9') {
        // Call signs and codes ("6PR", "3AW") are names; "1990s" and "139th" are not.
        std::size_t upper = 0;
        for (char ch : word) upper += (ch >= 'A' && ch <= 'Z') ? 1 : 0;
        token.cap = upper >= 2;
      }
      if (token.cap) {
        // Capitals: two or more letters and no lower-case one ("NATO", "U.S.", "WHEAT").
        std::size_t letters = 0;
        bool upper = true;
        std::size_t j = 0;
        while (j < word.size() && upper) {
          const UChar32 d = next_cp(word, j);
          if (!is_letter(d)) continue;
          ++letters;
          if (!(d < 0x80 ? (d >= 'A' && d <= 'Z') : u_isupper(d))) upper = false;
        }
        token.all_caps = upper && letters >= 2;
      }
      token.flags = dictionary.word_flags(token.key, token.cap);
      token.break_before = pending_break;
      token.sentence_start = pending_sentence;
      token.hyphen_before = pending_hyphen;
      pending_break = pending_sentence = pending_hyphen = false;
      tokens.push_back(std::move(token));
      continue;
    }
    if (c == ' ' || c == '\t' || c == 0xA0) {
      // Runs of spaces and tabs separate the columns of tables, not the words of a name.
      if (c == '\t' || (c == ' ' && i < text.size() && text[i] == ' ')) pending_break = true;
      continue;
    }
    if (c == '\n' || c == '\r') {
      // Hard-wrapped text breaks lines inside names ("James\nBaker"): only a blank line or an
      // indented line starts a new paragraph or heading.
      const UChar32 d = peek_cp(text, c == '\r' && peek_cp(text, i) == '\n' ? i + 1 : i);
      if (d == '\n' || d == '\r' || d == ' ' || d == '\t' || d == U_SENTINEL) {
        pending_break = pending_sentence = true;
      }
      continue;
    }
    const bool adjacent = !tokens.empty() && tokens.back().end == at && !tokens.back().possessive;
    if (is_joiner(c) && adjacent && is_word_cp(peek_cp(text, i))) {
      pending_hyphen = true;
      continue;
    }
    if (c == '.' && adjacent) {
      const Token& previous = tokens.back();
      // "Mr." and "W." (an initial) continue the name; "U.S." already holds its period.
      const bool initial = previous.end - previous.start == 1 && previous.cap;
      if (initial || (previous.flags & kWordAbbreviation) != 0 || text[previous.end - 1] == '.') {
        continue;
      }
    }
    pending_break = true;
    if (c == '.' || c == '!' || c == '?' || c == ':' || c == 0x2026) pending_sentence = true;
  }
  return tokens;
}

}  // namespace newsdex::entities
