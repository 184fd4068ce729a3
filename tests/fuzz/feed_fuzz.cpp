// libFuzzer target: RSS and Atom feeds (corpus::looks_like_feed, parse_feed).
#include <cstddef>
#include <cstdint>
#include <string>

#include "corpus/feed_parser.hpp"
#include "text/normalize.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string xml =
      newsdex::text::repair_utf8(std::string_view(reinterpret_cast<const char*>(data), size));
  (void)newsdex::corpus::looks_like_feed(xml);
  newsdex::corpus::parse_feed(
      xml, "fuzz.rss", "fuzz.rss", [](newsdex::corpus::ParseResult&& result) {
        if (result.article &&
            (!newsdex::text::is_valid_utf8(result.article->title) ||
             !newsdex::text::is_valid_utf8(result.article->body) || result.article->id.empty())) {
          __builtin_trap();
        }
      });
  return 0;
}
