// JSON articles: JSON Lines (.jsonl, one object per line) and JSON documents (.json, an array).
#pragma once

#include <functional>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/diagnostic.hpp"

namespace newsdex::corpus {

using ResultSink = std::function<void(ParseResult&&)>;

// One `--field NAME=SOURCE` mapping: the article field `field` is read from the input's `source`
// key (a dotted path such as "meta.published" reaches into nested objects).
struct FieldMapping {
  std::string field;
  std::string source;
};
using FieldMap = std::vector<FieldMapping>;

// The article fields a mapping may name: id, title, body, date, url, section, source, author.
inline constexpr const char* kMappableFields[] = {"id",  "title",   "body",   "date",
                                                  "url", "section", "source", "author"};

// Returns the mapping written as "NAME=SOURCE". Throws std::invalid_argument (saying what is
// wrong) when there is no '=', NAME is not a mappable field, or SOURCE is empty.
FieldMapping parse_field_mapping(std::string_view text);

// Returns the article of one JSON object `line` (line number `line_number` of `path`).
// Fields, each looked up first under the sources `fields` maps to it, then under its usual
// names: "id" (string or integer, required), "title" or "headline", "body" or "text" or
// "content" (at least one of title and body), "date" or "published" or "published_at" or
// "pubDate" (ISO 8601 or RFC 822; anything else is dropped with a warning), "url" or "link",
// "section", "source", "author". Unknown fields are ignored. Invalid UTF-8 is replaced by U+FFFD
// with a warning. Rejects (as a value) malformed JSON, non-objects and missing required fields.
ParseResult parse_json_line(std::string_view line, const std::string& path, std::size_t line_number,
                            const FieldMap& fields = {});

// Reads `input` line by line and passes one result per non-blank line to `sink`. A line longer
// than `max_line_bytes` is rejected without being parsed. Throws std::runtime_error when
// reading fails part way.
void parse_jsonl(std::istream& input, const std::string& path, std::size_t max_line_bytes,
                 const ResultSink& sink, const FieldMap& fields = {});

// Parses the JSON document `text` (UTF-8) and passes one result per article to `sink`: the
// elements of a top-level array, or of the first array among an object's "articles", "items",
// "data" or "results" keys, or the object itself when it has none. Elements are read like JSON
// lines (line 0, messages naming the element as "article [N]", N from 1), except that an
// element without "id" takes its url, else `file_id` + "#" + N. A document that does not
// parse (truncated, say) is rejected whole with the parser's position. Never throws except
// what `sink` throws.
void parse_json_document(std::string_view text, const std::string& path, const std::string& file_id,
                         const ResultSink& sink, const FieldMap& fields = {});

}  // namespace newsdex::corpus
