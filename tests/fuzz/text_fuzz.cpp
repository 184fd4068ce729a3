// libFuzzer target: plain-text article parsing (corpus::parse_text) on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "corpus/text_parser.hpp"
#include "text/normalize.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const newsdex::corpus::ParseResult result = newsdex::corpus::parse_text(bytes, "fuzz.txt", "id");
  if (result.article) {
    // Every parser promises valid UTF-8 and a title for an accepted article.
    if (!newsdex::text::is_valid_utf8(result.article->title) ||
        !newsdex::text::is_valid_utf8(result.article->body) || result.article->title.empty()) {
      __builtin_trap();
    }
  }
  for (const auto& diagnostic : result.diagnostics) (void)diagnostic.format();
  return 0;
}
