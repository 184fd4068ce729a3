// The Article value type: one news article as parsed from any input format.
#pragma once

#include <cstddef>
#include <string>

namespace newsdex {

// All strings are valid UTF-8 (parsers repair invalid input before building an Article).
struct Article {
  std::string id;       // unique key: a file's path relative to its root, or the JSON "id"
  std::string title;    // headline, never empty for a parsed article
  std::string body;     // article text, paragraphs separated by blank lines
  std::string date;     // ISO 8601 as given ("2025-10-21" or "2025-10-21T09:30:00Z"), or empty
  std::string url;      // optional
  std::string section;  // optional
  std::string source;   // optional
  std::string author;   // optional
  std::string path;     // the file it came from, as given on the command line
};

// Returns about how many bytes `article` holds (its long fields and some overhead): what a queue
// of articles counts against its bound. Never throws.
inline std::size_t held_bytes(const Article& article) {
  return article.title.size() + article.body.size() + article.id.size() + article.url.size() +
         article.path.size() + 64;
}

}  // namespace newsdex
