// Text normalisation: UTF-8 repair and the one folding function used at index and query time.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace newsdex::text {

// Returns true when `input` is well-formed UTF-8 (no overlongs, surrogates or values > U+10FFFF).
bool is_valid_utf8(std::string_view input);

// Returns `input` with each ill-formed UTF-8 sequence replaced by U+FFFD (one per maximal
// ill-formed subpart, as the Unicode standard recommends). Adds the number of replacements
// to `*replaced` when it is not null. Never throws except std::bad_alloc.
std::string repair_utf8(std::string_view input, std::size_t* replaced = nullptr);

// Returns the search form of `input`, which must be valid UTF-8: NFKC, full case folding,
// accents removed ("Köln", "KÖLN" and "koln" all give "koln"), typographic quotes and
// apostrophes made ASCII (’ -> ', “ ” « » -> "), and dashes made '-'. Letters without a
// decomposition get their usual ASCII spelling (ø -> o, ł -> l, æ -> ae, ß -> ss).
// The indexer runs it over every text it indexes and the searcher over every query, so
// both sides meet. Pure ASCII runs take a fast path. Throws std::runtime_error if ICU fails.
std::string normalize(std::string_view input);

// Returns `input` with control characters (C0 other than tab and newline, DEL, C1) and
// therefore every escape sequence's introducer removed, and bidirectional overrides and
// isolates (U+202A..U+202E, U+2066..U+2069) too, so the text is safe on a terminal.
std::string strip_controls(std::string_view input);

}  // namespace newsdex::text
