// Formatting of diagnostics.
#include "corpus/diagnostic.hpp"

#include "text/normalize.hpp"

namespace newsdex::corpus {

std::string Diagnostic::format() const {
  std::string out = text::strip_controls(text::repair_utf8(file));
  // strip_controls keeps tab and newline; in a file name they would break the one-line format.
  for (char& c : out) {
    if (c == '\n' || c == '\t') c = '?';
  }
  if (line > 0) out += ":" + std::to_string(line);
  out += severity == Severity::kError ? ": error: " : ": warning: ";
  // Messages quote input (ids, dates): keep them on the one line too.
  std::string text = text::strip_controls(message);
  for (char& c : text) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  return out + text;
}

bool ParseResult::rejected() const {
  if (article.has_value()) return false;
  for (const Diagnostic& diagnostic : diagnostics) {
    if (diagnostic.severity == Severity::kError) return true;
  }
  return false;
}

ParseResult note(std::string file, std::size_t line, std::string message) {
  ParseResult result;
  result.diagnostics.push_back({Severity::kWarning, std::move(file), line, std::move(message)});
  return result;
}

ParseResult reject(std::string file, std::size_t line, std::string message) {
  ParseResult result;
  result.diagnostics.push_back({Severity::kError, std::move(file), line, std::move(message)});
  return result;
}

}  // namespace newsdex::corpus
