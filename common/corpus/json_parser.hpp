// JSON Lines articles (.jsonl): one JSON object per line.
#pragma once

#include <functional>
#include <istream>
#include <string>
#include <string_view>

#include "corpus/diagnostic.hpp"

namespace newsdex::corpus {

using ResultSink = std::function<void(ParseResult&&)>;

// Returns the article of one JSON object `line` (line number `line_number` of `path`).
// Fields: "id" (string or integer, required), "title" or "headline", "body" or "text" or
// "content" (at least one of title and body), "date" or "published" or "published_at" or
// "pubDate" (ISO 8601; anything else is dropped with a warning), "url" or "link", "section",
// "source", "author". Unknown fields are ignored. Invalid UTF-8 is replaced by U+FFFD with a
// warning. Rejects (as a value) malformed JSON, non-objects and missing required fields.
ParseResult parse_json_line(std::string_view line, const std::string& path,
                            std::size_t line_number);

// Reads `input` line by line and passes one result per non-blank line to `sink`. A line longer
// than `max_line_bytes` is rejected without being parsed. Throws std::runtime_error when
// reading fails part way.
void parse_jsonl(std::istream& input, const std::string& path, std::size_t max_line_bytes,
                 const ResultSink& sink);

}  // namespace newsdex::corpus
