// Diagnostics and parse results: a bad article is a value the indexer reports and moves past.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "article.hpp"

namespace newsdex::corpus {

enum class Severity { kWarning, kError };

// One message about an input: `file:line: severity: message` (line 0 means the whole file).
struct Diagnostic {
  Severity severity = Severity::kError;
  std::string file;
  std::size_t line = 0;
  std::string message;

  // Returns the message as printed on stderr, without a trailing newline. File names are made
  // printable (invalid UTF-8 and control characters replaced).
  std::string format() const;
};

// What parsing one article (or failing to) produced. A result without an article was
// rejected and holds at least one error, or is a note: warnings only, about an input
// deliberately left out (a FIFO met in a walk). Warnings may accompany an article.
struct ParseResult {
  std::optional<Article> article;
  std::vector<Diagnostic> diagnostics;

  // Returns true when there is no article and some diagnostic is an error.
  bool rejected() const;
};

// Returns a rejected result holding one error.
ParseResult reject(std::string file, std::size_t line, std::string message);

// Returns a result with no article holding one warning (not a rejection).
ParseResult note(std::string file, std::size_t line, std::string message);

}  // namespace newsdex::corpus
