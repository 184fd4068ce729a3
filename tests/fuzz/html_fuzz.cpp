// libFuzzer target: web page extraction (corpus::parse_html, html_to_text).
#include <cstddef>
#include <cstdint>
#include <string>

#include "corpus/html_parser.hpp"
#include "text/normalize.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The reader hands the parser UTF-8 (corpus/encoding.hpp); give it the same.
  const std::string html =
      newsdex::text::repair_utf8(std::string_view(reinterpret_cast<const char*>(data), size));
  const newsdex::corpus::ParseResult result = newsdex::corpus::parse_html(html, "fuzz.html", "id");
  if (result.article &&
      (!newsdex::text::is_valid_utf8(result.article->title) ||
       !newsdex::text::is_valid_utf8(result.article->body) || result.article->title.empty())) {
    __builtin_trap();
  }
  if (!newsdex::text::is_valid_utf8(newsdex::corpus::html_to_text(html))) __builtin_trap();
  return 0;
}
