// libFuzzer target: JSON Lines and JSON documents (corpus::parse_jsonl, parse_json_document),
// with and without --field mappings.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "corpus/json_parser.hpp"
#include "text/normalize.hpp"

namespace {

void check(newsdex::corpus::ParseResult&& result) {
  if (result.article && (!newsdex::text::is_valid_utf8(result.article->title) ||
                         !newsdex::text::is_valid_utf8(result.article->body))) {
    __builtin_trap();
  }
  for (const auto& diagnostic : result.diagnostics) (void)diagnostic.format();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  static const newsdex::corpus::FieldMap kFields = {{"title", "meta.headline"}, {"date", "when"}};
  std::istringstream lines(bytes);
  newsdex::corpus::parse_jsonl(lines, "fuzz.jsonl", 1 << 20, check, kFields);
  newsdex::corpus::parse_json_document(newsdex::text::repair_utf8(bytes), "fuzz.json", "fuzz.json",
                                       check);
  return 0;
}
