// Plain-text articles (.txt, .md): headline detection and body extraction.
#pragma once

#include <string>
#include <string_view>

#include "corpus/diagnostic.hpp"

namespace newsdex::corpus {

// Longest first line, in bytes, still taken as a headline (longer ones are paragraphs).
inline constexpr std::size_t kMaxHeadlineLineBytes = 150;
// Longest title derived from a first sentence before it is cut at a word and given "…".
inline constexpr std::size_t kMaxDerivedTitleBytes = 120;

// Returns the article in `content` (the whole file, any bytes) with `id` and `path`.
// The headline is the first non-blank line when a blank line follows it and it is at most
// kMaxHeadlineLineBytes long; the body is then the rest. Otherwise the whole text is the body
// and the title is its first sentence (ICU sentence breaks), shortened to
// kMaxDerivedTitleBytes. Invalid UTF-8 is replaced by U+FFFD with a warning; a UTF-8 BOM is
// dropped. Rejects (as a value) empty or blank files and binary files (NUL bytes).
ParseResult parse_text(std::string_view content, const std::string& path, std::string id);

// Returns the first sentence of `text` (valid UTF-8), trimmed, or all of it when it has no
// sentence break. Throws std::runtime_error when ICU fails.
std::string first_sentence(std::string_view text);

// Returns `text` cut to at most `max_bytes` at a word boundary, with "…" appended when cut.
std::string shorten(std::string_view text, std::size_t max_bytes);

}  // namespace newsdex::corpus
