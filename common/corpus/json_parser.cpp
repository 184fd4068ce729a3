// JSON Lines and JSON document parsing with nlohmann::json; see json_parser.hpp for the fields.
#include "corpus/json_parser.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "corpus/date.hpp"
#include "corpus/text_parser.hpp"
#include "text/normalize.hpp"

namespace newsdex::corpus {
namespace {

using nlohmann::json;

// nlohmann recurses per nesting level; deeper input is rejected before it is parsed.
constexpr std::size_t kMaxJsonDepth = 256;

// Returns nlohmann's message without its "[json.exception.parse_error.101] " tag. Parsing throws
// other exceptions than parse_error too (out_of_range for a number too large for a double).
std::string clean_json_message(const std::string& what) {
  const std::size_t tag_end = what.find("] ");
  return tag_end == std::string::npos ? what : what.substr(tag_end + 2);
}

// Returns true when brackets outside strings nest deeper than kMaxJsonDepth.
bool too_deep(std::string_view text) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

// Returns the value at the dotted path `source` in `object`, or nullptr.
const json* find_path(const json& object, std::string_view source) {
  const json* node = &object;
  while (true) {
    if (!node->is_object()) return nullptr;
    // A key holding a dot wins over the nested reading.
    auto whole = node->find(std::string(source));
    if (whole != node->end()) return &*whole;
    const std::size_t dot = source.find('.');
    if (dot == std::string_view::npos) return nullptr;
    auto it = node->find(std::string(source.substr(0, dot)));
    if (it == node->end()) return nullptr;
    node = &*it;
    source.remove_prefix(dot + 1);
  }
}

// The sources of article field `field`: the mapped ones first, then the usual names.
std::vector<std::string> sources(const FieldMap& fields, std::string_view field,
                                 std::initializer_list<const char*> usual) {
  std::vector<std::string> out;
  for (const FieldMapping& mapping : fields) {
    if (mapping.field == field) out.push_back(mapping.source);
  }
  out.insert(out.end(), usual.begin(), usual.end());
  return out;
}

// Returns the first string-valued source; sets `*bad` to a source present with another type.
std::string string_field(const json& object, const std::vector<std::string>& names,
                         std::string* bad) {
  for (const std::string& name : names) {
    const json* value = find_path(object, name);
    if (value == nullptr || value->is_null()) continue;
    if (value->is_string()) return value->get<std::string>();
    if (bad != nullptr && bad->empty()) *bad = name;
  }
  return {};
}

// Returns the article of `object`. `where` names it in messages; `fallback_id` (when not
// empty) stands in for a missing id.
ParseResult article_from_object(const json& object, const std::string& path, std::size_t line,
                                const std::string& where, const FieldMap& fields,
                                const std::string& fallback_id) {
  if (!object.is_object()) return reject(path, line, where + "expected a JSON object");
  ParseResult result;
  Article article;
  article.path = path;
  const json* id = nullptr;
  for (const std::string& name : sources(fields, "id", {"id"})) {
    id = find_path(object, name);
    if (id != nullptr && !id->is_null()) break;
    id = nullptr;
  }
  std::string bad_field;
  if (id == nullptr) {
    if (fallback_id.empty()) return reject(path, line, where + "missing required field \"id\"");
  } else if (id->is_string()) {
    article.id = id->get<std::string>();
  } else if (id->is_number_integer()) {
    article.id = id->dump();
  } else {
    return reject(path, line, where + "field \"id\" must be a string or an integer");
  }
  article.title = string_field(object, sources(fields, "title", {"title", "headline"}), &bad_field);
  article.body =
      string_field(object, sources(fields, "body", {"body", "text", "content"}), &bad_field);
  const std::string date = string_field(
      object, sources(fields, "date", {"date", "published", "published_at", "pubDate"}),
      &bad_field);
  article.url = string_field(object, sources(fields, "url", {"url", "link"}), &bad_field);
  article.section = string_field(object, sources(fields, "section", {"section"}), &bad_field);
  article.source = string_field(object, sources(fields, "source", {"source"}), &bad_field);
  article.author = string_field(object, sources(fields, "author", {"author"}), &bad_field);
  if (!bad_field.empty()) {
    return reject(path, line, where + "field \"" + bad_field + "\" must be a string");
  }
  if (id == nullptr) article.id = !article.url.empty() ? article.url : fallback_id;
  if (article.id.empty()) return reject(path, line, where + "field \"id\" is empty");
  if (article.title.empty() && article.body.empty()) {
    return reject(path, line, where + "article \"" + article.id + "\" has neither title nor body");
  }
  if (article.title.empty()) {
    article.title = shorten(first_sentence(article.body), kMaxDerivedTitleBytes);
  }
  if (!date.empty()) {
    if (auto iso = normalize_date(date)) {
      article.date = *iso;
    } else {
      result.diagnostics.push_back(
          {Severity::kWarning, path, line,
           where + "date \"" + date + "\" is neither ISO 8601 nor RFC 822; ignored"});
    }
  }
  result.article = std::move(article);
  return result;
}

}  // namespace

FieldMapping parse_field_mapping(std::string_view text) {
  const std::size_t equals = text.find('=');
  if (equals == std::string_view::npos) {
    throw std::invalid_argument("expected NAME=SOURCE, as in date=published_on");
  }
  FieldMapping mapping{std::string(text.substr(0, equals)), std::string(text.substr(equals + 1))};
  if (std::find(std::begin(kMappableFields), std::end(kMappableFields), mapping.field) ==
      std::end(kMappableFields)) {
    throw std::invalid_argument("unknown field \"" + mapping.field +
                                "\" (id, title, body, date, url, section, source or author)");
  }
  if (mapping.source.empty()) throw std::invalid_argument("empty SOURCE in NAME=SOURCE");
  return mapping;
}

ParseResult parse_json_line(std::string_view line, const std::string& path, std::size_t line_number,
                            const FieldMap& fields) {
  std::size_t replaced = 0;
  const std::string repaired = text::repair_utf8(line, &replaced);
  if (too_deep(repaired)) {
    return reject(path, line_number,
                  "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  }
  json object;
  try {
    object = json::parse(repaired);
  } catch (const json::exception& error) {
    return reject(path, line_number, "invalid JSON: " + clean_json_message(error.what()));
  }
  ParseResult result = article_from_object(object, path, line_number, "", fields, "");
  if (replaced > 0) {
    result.diagnostics.insert(
        result.diagnostics.begin(),
        {Severity::kWarning, path, line_number,
         "invalid UTF-8 (" + std::to_string(replaced) + " sequences) replaced with U+FFFD"});
  }
  return result;
}

void parse_jsonl(std::istream& input, const std::string& path, std::size_t max_line_bytes,
                 const ResultSink& sink, const FieldMap& fields) {
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
    sink(parse_json_line(line, path, line_number, fields));
  }
  if (input.bad())
    throw std::runtime_error(path + ": read error after line " + std::to_string(line_number));
}

void parse_json_document(std::string_view text, const std::string& path, const std::string& file_id,
                         const ResultSink& sink, const FieldMap& fields) {
  if (too_deep(text)) {
    sink(reject(path, 0, "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels"));
    return;
  }
  json document;
  try {
    document = json::parse(text);
  } catch (const json::exception& error) {
    sink(reject(path, 0, "invalid JSON: " + clean_json_message(error.what())));
    return;
  }
  const json* list = &document;
  if (document.is_object()) {
    for (const char* key : {"articles", "items", "data", "results"}) {
      auto it = document.find(key);
      if (it != document.end() && it->is_array()) {
        list = &*it;
        break;
      }
    }
  }
  if (!list->is_array()) {
    sink(article_from_object(*list, path, 0, "", fields, file_id));
    return;
  }
  if (list->empty()) {
    sink(reject(path, 0, "the JSON array holds no articles; nothing to index"));
    return;
  }
  std::size_t n = 0;
  for (const json& element : *list) {
    ++n;
    const std::string number = std::to_string(n);
    sink(article_from_object(element, path, 0, "article [" + number + "]: ", fields,
                             file_id + "#" + number));
  }
}

}  // namespace newsdex::corpus
