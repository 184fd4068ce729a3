// libFuzzer target: reading document data (index::parse_data, parse_data_id), which comes from a
// database that may be damaged or foreign.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "index/document_builder.hpp"
#include "schema.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  newsdex::Article article;
  try {
    article = newsdex::index::parse_data(input);
  } catch (const std::runtime_error&) {
    // Not a record: parse_data_id must refuse it too.
    try {
      (void)newsdex::index::parse_data_id(input);
    } catch (const std::runtime_error&) {
      return 0;
    }
    std::abort();
  }
  if (newsdex::index::parse_data_id(input) != article.id) std::abort();
  // A binary record has one encoding only (shortest varints, nothing after the last field), so
  // any record read back is written again byte for byte.
  if (!input.empty() && input[0] == newsdex::schema::kDataFormat &&
      newsdex::index::serialise_data(article) != input) {
    std::abort();
  }
  return 0;
}
