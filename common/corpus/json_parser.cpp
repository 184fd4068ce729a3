// JSON Lines parsing with nlohmann::json; see json_parser.hpp for the accepted fields.
#include "corpus/json_parser.hpp"

#include <nlohmann/json.hpp>

#include "corpus/date.hpp"
#include "corpus/text_parser.hpp"
#include "text/normalize.hpp"

namespace newsdex::corpus {
namespace {

using nlohmann::json;

// Returns nlohmann's message without its "[json.exception.parse_error.101] " tag.
std::string clean_json_message(const std::string& what) {
  const std::size_t tag_end = what.find("] ");
  return tag_end == std::string::npos ? what : what.substr(tag_end + 2);
}

// Returns the first string-valued field among `names`; sets `*bad` to a field present with
// another type.
std::string string_field(const json& object, std::initializer_list<const char*> names,
                         std::string* bad) {
  for (const char* name : names) {
    auto it = object.find(name);
    if (it == object.end() || it->is_null()) continue;
    if (it->is_string()) return it->get<std::string>();
    if (bad != nullptr && bad->empty()) *bad = name;
  }
  return {};
}

}  // namespace

ParseResult parse_json_line(std::string_view line, const std::string& path,
                            std::size_t line_number) {
  ParseResult result;
  std::size_t replaced = 0;
  const std::string repaired = text::repair_utf8(line, &replaced);
  if (replaced > 0) {
    result.diagnostics.push_back(
        {Severity::kWarning, path, line_number,
         "invalid UTF-8 (" + std::to_string(replaced) + " sequences) replaced with U+FFFD"});
  }
  json object;
  try {
    object = json::parse(repaired);
  } catch (const json::parse_error& error) {
    return reject(path, line_number, "invalid JSON: " + clean_json_message(error.what()));
  }
  if (!object.is_object()) return reject(path, line_number, "expected a JSON object");

  Article article;
  article.path = path;
  auto id = object.find("id");
  if (id == object.end() || id->is_null()) {
    return reject(path, line_number, "missing required field \"id\"");
  }
  if (id->is_string()) {
    article.id = id->get<std::string>();
  } else if (id->is_number_integer()) {
    article.id = id->dump();
  } else {
    return reject(path, line_number, "field \"id\" must be a string or an integer");
  }
  if (article.id.empty()) return reject(path, line_number, "field \"id\" is empty");

  std::string bad_field;
  article.title = string_field(object, {"title", "headline"}, &bad_field);
  article.body = string_field(object, {"body", "text", "content"}, &bad_field);
  const std::string date =
      string_field(object, {"date", "published", "published_at", "pubDate"}, &bad_field);
  article.url = string_field(object, {"url", "link"}, &bad_field);
  article.section = string_field(object, {"section"}, &bad_field);
  article.source = string_field(object, {"source"}, &bad_field);
  article.author = string_field(object, {"author"}, &bad_field);
  if (!bad_field.empty()) {
    return reject(path, line_number, "field \"" + bad_field + "\" must be a string");
  }
  if (article.title.empty() && article.body.empty()) {
    return reject(path, line_number, "article \"" + article.id + "\" has neither title nor body");
  }
  if (article.title.empty()) {
    article.title = shorten(first_sentence(article.body), kMaxDerivedTitleBytes);
  }
  if (!date.empty()) {
    if (parse_iso8601(date)) {
      article.date = date;
    } else {
      result.diagnostics.push_back({Severity::kWarning, path, line_number,
                                    "date \"" + date + "\" is not ISO 8601; ignored"});
    }
  }
  result.article = std::move(article);
  return result;
}

void parse_jsonl(std::istream& input, const std::string& path, std::size_t max_line_bytes,
                 const ResultSink& sink) {
  std::string line;
  std::size_t line_number = 0;
  while (std::getline(input, line)) {
    ++line_number;
    if (line_number == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (line.size() > max_line_bytes) {
      sink(reject(path, line_number,
                  "line of " + std::to_string(line.size()) + " bytes exceeds the limit of " +
                      std::to_string(max_line_bytes) + "; skipped"));
      continue;
    }
    sink(parse_json_line(line, path, line_number));
  }
  if (input.bad())
    throw std::runtime_error(path + ": read error after line " + std::to_string(line_number));
}

}  // namespace newsdex::corpus
