// Character encodings of input files: byte order marks, ICU charset detection, conversion.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace newsdex::corpus {

// A file's text converted to UTF-8.
struct DecodedText {
  std::string text;          // valid UTF-8, without a byte order mark
  std::string encoding;      // the source encoding ("UTF-8", "UTF-16LE", "windows-1252", ...)
  bool converted = false;    // the source was not UTF-8 (a warning should name the file)
  std::size_t replaced = 0;  // invalid sequences replaced by U+FFFD
};

// Returns `bytes` as UTF-8. A UTF-8 byte order mark is dropped; a UTF-16 one (LE or BE) selects
// UTF-16. Well-formed UTF-8 is taken as it is, and so is text holding at least as many
// well-formed multi-byte UTF-8 sequences as ill-formed bytes (UTF-8 with a few stray bytes,
// repaired with U+FFFD). Otherwise ICU's charset detector picks among
// single-byte legacy encodings (ISO-8859-*, windows-125*, KOI8-R; ISO-8859-1 is read as its
// superset windows-1252) and ICU converts; when it names none of them, ranks UTF-8 above them
// (mostly UTF-8 with stray bytes) or is unsure, the text is repaired as UTF-8 with U+FFFD. `markup`
// tells the detector to ignore <tags>. Never throws except std::bad_alloc.
DecodedText decode_to_utf8(std::string_view bytes, bool markup = false);

// Returns true when `bytes` hold a NUL byte outside UTF-16 text (a binary file).
bool looks_binary(std::string_view bytes);

}  // namespace newsdex::corpus
