// libFuzzer target: encoding detection and conversion (corpus::decode_to_utf8).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "corpus/encoding.hpp"
#include "text/normalize.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)newsdex::corpus::looks_binary(bytes);
  for (const bool markup : {false, true}) {
    const newsdex::corpus::DecodedText decoded = newsdex::corpus::decode_to_utf8(bytes, markup);
    // The promise: valid UTF-8 out, whatever came in.
    if (!newsdex::text::is_valid_utf8(decoded.text)) __builtin_trap();
    if (!decoded.text.empty()) (void)newsdex::text::normalize(decoded.text);
  }
  return 0;
}
