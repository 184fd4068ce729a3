// A JSON writer that appends values to a string as they come, for the search results' fixed
// shapes.
#pragma once

#include <charconv>
#include <concepts>
#include <string>
#include <string_view>

namespace newsdex::output {

// Appends `value` as JsonWriter::number writes it: the shortest decimal form that reads back the
// same, with ".0" after a whole number in plain notation (as nlohmann::json writes it, so that a
// reader sees a floating-point number); "null" for NaN and the infinities.
void append_json_number(std::string& out, double value);

// Appends one JSON text to a string, value after value, with commas and colons where JSON needs
// them: begin_object, key, value, ..., end_object. Nothing is built in between: a document of
// nlohmann::ordered_json built and then dumped cost a command-line search 857,000 of its 5.9
// million instructions for ten hits and their facets (callgrind). Keys are written as given
// (they are literals); strings are escaped as nlohmann::json::dump escapes them (ensure_ascii
// off) after ill-formed UTF-8 is replaced by U+FFFD. The caller keeps the calls well nested;
// the writer does not check. Never throws except std::bad_alloc.
class JsonWriter {
 public:
  // Appends to `out`, which must outlive the writer.
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }

  // Writes `name` (plain ASCII, nothing to escape) and a colon; the next value is its value.
  JsonWriter& key(std::string_view name);

  JsonWriter& string(std::string_view text);
  JsonWriter& null();
  JsonWriter& boolean(bool value);

  // Writes `value` as append_json_number does.
  JsonWriter& number(double value) {
    separate();
    append_json_number(out_, value);
    return *this;
  }

  template <std::integral Integer>
  JsonWriter& number(Integer value) {
    separate();
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out_.append(buffer, result.ptr);
    return *this;
  }

  // Writes `text` or, when it is empty, null.
  JsonWriter& string_or_null(std::string_view text) { return text.empty() ? null() : string(text); }

 private:
  // Writes the comma before a value when one came before it in the same object or array.
  void separate() {
    if (comma_) out_.push_back(',');
    comma_ = true;
  }
  JsonWriter& open(char bracket);
  JsonWriter& close(char bracket);
  // Appends `text`, which is well-formed UTF-8, escaped and quoted.
  void escaped(std::string_view text);

  std::string& out_;
  bool comma_ = false;  // a value came last, so the next needs a comma
};

}  // namespace newsdex::output
