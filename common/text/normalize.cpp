// ICU-based normalisation with an ASCII fast path; see normalize.hpp for the contract.
#include "text/normalize.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <stdexcept>

namespace newsdex::text {
namespace {

const icu::Normalizer2& instance(const icu::Normalizer2* (*getter)(UErrorCode&), const char* name) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = getter(status);
  if (U_FAILURE(status) || normalizer == nullptr) {
    throw std::runtime_error(std::string("ICU: cannot load normaliser ") + name + ": " +
                             u_errorName(status));
  }
  return *normalizer;
}

const icu::Normalizer2& nfkc_casefold() {
  static const icu::Normalizer2& n =
      instance(&icu::Normalizer2::getNFKCCasefoldInstance, "NFKC_CF");
  return n;
}

const icu::Normalizer2& nfd() {
  static const icu::Normalizer2& n = instance(&icu::Normalizer2::getNFDInstance, "NFD");
  return n;
}

const icu::Normalizer2& nfc() {
  static const icu::Normalizer2& n = instance(&icu::Normalizer2::getNFCInstance, "NFC");
  return n;
}

// Spellings for characters that survive NFD + mark removal; nullptr keeps the character.
const char* ascii_spelling(UChar32 c) {
  switch (c) {
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
    case 0x02BC:
    case 0x0060:
    case 0x00B4:
      return "'";
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x00AB:
    case 0x00BB:
    case 0x2033:
      return "\"";
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
      return "-";
    case 0x00F8:
      return "o";  // ø
    case 0x0142:
      return "l";  // ł
    case 0x0111:
      return "d";  // đ
    case 0x0127:
      return "h";  // ħ
    case 0x0131:
      return "i";  // dotless i
    case 0x00E6:
      return "ae";  // æ
    case 0x0153:
      return "oe";  // œ
    case 0x00F0:
      return "d";  // ð
    case 0x00FE:
      return "th";  // þ
    default:
      return nullptr;
  }
}

void check(UErrorCode status, const char* what) {
  if (U_FAILURE(status)) {
    throw std::runtime_error(std::string("ICU: ") + what + ": " + u_errorName(status));
  }
}

// Full normalisation of one run that holds non-ASCII characters.
void normalize_unicode(std::string_view run, std::string& out) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString source =
      icu::UnicodeString::fromUTF8(icu::StringPiece(run.data(), static_cast<int32_t>(run.size())));
  icu::UnicodeString folded = nfkc_casefold().normalize(source, status);
  check(status, "NFKC_CF");
  icu::UnicodeString decomposed = nfd().normalize(folded, status);
  check(status, "NFD");
  icu::UnicodeString stripped;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    if (const char* spelling = ascii_spelling(c)) {
      stripped.append(icu::UnicodeString(spelling, -1, icu::UnicodeString::kInvariant));
    } else {
      stripped.append(c);
    }
  }
  icu::UnicodeString composed = nfc().normalize(stripped, status);
  check(status, "NFC");
  composed.toUTF8String(out);
}

bool is_ascii_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

}  // namespace

bool is_valid_utf8(std::string_view input) {
  const auto* s = reinterpret_cast<const uint8_t*>(input.data());
  const auto length = static_cast<int32_t>(input.size());
  for (int32_t i = 0; i < length;) {
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) return false;
  }
  return true;
}

std::string repair_utf8(std::string_view input, std::size_t* replaced) {
  std::string out;
  out.reserve(input.size());
  const auto* s = reinterpret_cast<const uint8_t*>(input.data());
  const auto length = static_cast<int32_t>(input.size());
  std::size_t count = 0;
  for (int32_t i = 0; i < length;) {
    if (s[i] < 0x80) {
      out.push_back(static_cast<char>(s[i++]));
      continue;
    }
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) {
      ++count;
      out += "\xEF\xBF\xBD";  // U+FFFD
    } else {
      out.append(
          input.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
    }
  }
  if (replaced != nullptr) *replaced += count;
  return out;
}

std::string normalize(std::string_view input) {
  std::string out;
  out.reserve(input.size());
  std::size_t i = 0;
  while (i < input.size()) {
    // Runs end at ASCII white space: no composition or combining mark crosses one.
    std::size_t end = i;
    bool ascii = true;
    while (end < input.size() && !is_ascii_space(input[end])) {
      if (static_cast<unsigned char>(input[end]) >= 0x80) ascii = false;
      ++end;
    }
    if (ascii) {
      for (std::size_t k = i; k < end; ++k) {
        char c = input[k];
        out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
      }
    } else {
      normalize_unicode(input.substr(i, end - i), out);
    }
    while (end < input.size() && is_ascii_space(input[end])) out.push_back(input[end++]);
    i = end;
  }
  return out;
}

std::string strip_controls(std::string_view input) {
  std::string out;
  out.reserve(input.size());
  for (std::size_t i = 0; i < input.size(); ++i) {
    const auto c = static_cast<unsigned char>(input[i]);
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) continue;
    // C1 controls U+0080..U+009F are encoded as C2 80..C2 9F.
    if (c == 0xC2 && i + 1 < input.size()) {
      const auto next = static_cast<unsigned char>(input[i + 1]);
      if (next >= 0x80 && next <= 0x9F) {
        ++i;
        continue;
      }
    }
    // Bidirectional embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069) reorder
    // what a terminal shows, so a line could display other than it reads.
    if (c == 0xE2 && i + 2 < input.size()) {
      const auto b1 = static_cast<unsigned char>(input[i + 1]);
      const auto b2 = static_cast<unsigned char>(input[i + 2]);
      if ((b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE) || (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9)) {
        i += 2;
        continue;
      }
    }
    out.push_back(static_cast<char>(c));
  }
  return out;
}

}  // namespace newsdex::text
