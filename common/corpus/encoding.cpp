// Encoding detection and conversion with ICU (ucsdet, ucnv); see encoding.hpp for the rules.
#include "corpus/encoding.hpp"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include <cstdint>
#include <memory>

#include "text/normalize.hpp"

namespace newsdex::corpus {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kUtf16LeBom = "\xFF\xFE";
constexpr std::string_view kUtf16BeBom = "\xFE\xFF";
// Below this ICU confidence (0-100) a detection is a guess: the text is repaired as UTF-8.
constexpr int32_t kMinConfidence = 10;

// Returns `bytes` converted from `charset` to UTF-8 by ICU (malformed input becomes U+FFFD),
// returning false when ICU cannot.
bool convert(std::string_view bytes, const char* charset, std::string& out) {
  if (bytes.size() > INT32_MAX / 4) return false;
  UErrorCode status = U_ZERO_ERROR;
  UConverter* raw = ucnv_open(charset, &status);
  if (U_FAILURE(status)) return false;
  std::unique_ptr<UConverter, decltype(&ucnv_close)> converter(raw, ucnv_close);
  // Worst case: each input byte (or pair) becomes 3 bytes of UTF-8 (U+FFFD or a BMP letter).
  out.assign(bytes.size() * 3 + 4, '\0');
  status = U_ZERO_ERROR;
  const int32_t length =
      ucnv_toAlgorithmic(UCNV_UTF8, converter.get(), out.data(), static_cast<int32_t>(out.size()),
                         bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  if (U_FAILURE(status)) return false;
  out.resize(static_cast<std::size_t>(length));
  return true;
}

bool is_legacy_single_byte(std::string_view name) {
  return name.starts_with("ISO-8859-") || name.starts_with("windows-125") || name == "KOI8-R";
}

// Returns the legacy encoding ICU detects in `bytes`, or "" when none is likely (or UTF-8
// ranks above it). Multi-byte legacy charsets (Shift_JIS, GB18030, ...) are passed over.
std::string detect_legacy(std::string_view bytes, bool markup) {
  UErrorCode status = U_ZERO_ERROR;
  UCharsetDetector* raw = ucsdet_open(&status);
  if (U_FAILURE(status)) return {};
  std::unique_ptr<UCharsetDetector, decltype(&ucsdet_close)> detector(raw, ucsdet_close);
  ucsdet_enableInputFilter(detector.get(), markup);
  // The detector reads a prefix anyway; a bounded sample keeps huge files cheap.
  const std::string_view sample = bytes.substr(0, 64 * 1024);
  ucsdet_setText(detector.get(), sample.data(), static_cast<int32_t>(sample.size()), &status);
  int32_t count = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(detector.get(), &count, &status);
  if (U_FAILURE(status)) return {};
  for (int32_t i = 0; i < count; ++i) {
    UErrorCode match_status = U_ZERO_ERROR;
    const char* name = ucsdet_getName(matches[i], &match_status);
    const int32_t confidence = ucsdet_getConfidence(matches[i], &match_status);
    if (U_FAILURE(match_status) || name == nullptr || confidence < kMinConfidence) break;
    // Mostly UTF-8 with a few stray bytes ranks UTF-8 first: repair rather than reinterpret.
    if (std::string_view(name) == "UTF-8") return {};
    if (is_legacy_single_byte(name)) return name;
  }
  return {};
}

// Returns true when `bytes` (not valid UTF-8) still look like UTF-8 with stray bytes: at least
// as many well-formed multi-byte sequences as ill-formed ones. Legacy 8-bit text rarely forms
// a well-formed multi-byte sequence by chance ("Ã©" in Latin-1), and ICU's detector would read
// such a file as Latin-1, garbling every correct character to save one stray byte.
bool mostly_utf8(std::string_view bytes) {
  std::size_t good = 0;
  std::size_t bad = 0;
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    const std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (length > 0 && i + length <= bytes.size() && text::is_valid_utf8(bytes.substr(i, length))) {
      ++good;
      i += length;
    } else {
      ++bad;
      ++i;
    }
  }
  return good > 0 && good >= bad;
}

}  // namespace

bool looks_binary(std::string_view bytes) {
  if (bytes.starts_with(kUtf16LeBom) || bytes.starts_with(kUtf16BeBom)) return false;
  return bytes.find('\0') != std::string_view::npos;
}

DecodedText decode_to_utf8(std::string_view bytes, bool markup) {
  DecodedText decoded;
  if (bytes.starts_with(kUtf8Bom)) bytes.remove_prefix(kUtf8Bom.size());
  const bool le = bytes.starts_with(kUtf16LeBom);
  if (le || bytes.starts_with(kUtf16BeBom)) {
    decoded.encoding = le ? "UTF-16LE" : "UTF-16BE";
    decoded.converted = true;
    std::string utf8;
    if (convert(bytes.substr(2), decoded.encoding.c_str(), utf8)) {
      // ICU writes U+FFFD for unpaired surrogates; an odd trailing byte is dropped with one.
      decoded.text = text::repair_utf8(utf8, &decoded.replaced);
      if (decoded.text.starts_with(kUtf8Bom)) decoded.text.erase(0, kUtf8Bom.size());
      return decoded;
    }
  }
  if (text::is_valid_utf8(bytes)) {
    decoded.text = std::string(bytes);
    decoded.encoding = "UTF-8";
    return decoded;
  }
  const std::string legacy = mostly_utf8(bytes) ? std::string() : detect_legacy(bytes, markup);
  std::string utf8;
  // ISO-8859-1 text never means C1 controls: windows-1252 reads the same letters and gives
  // 0x80-0x9F their usual punctuation.
  const char* converter = legacy == "ISO-8859-1" ? "windows-1252" : legacy.c_str();
  if (!legacy.empty() && convert(bytes, converter, utf8)) {
    decoded.encoding = legacy;
    decoded.converted = true;
    decoded.text = text::repair_utf8(utf8, &decoded.replaced);
    return decoded;
  }
  decoded.encoding = "UTF-8";
  decoded.text = text::repair_utf8(bytes, &decoded.replaced);
  return decoded;
}

}  // namespace newsdex::corpus
