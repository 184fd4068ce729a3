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
  // A plain record has one encoding only (shortest varints, nothing after the last field), so
  // any record read back is written again byte for byte.
  const std::string record = newsdex::index::serialise_record(article);
  if (!input.empty() && input[0] == newsdex::schema::kDataFormat && record != input) {
    std::abort();
  }
  // Compressed data has many encodings; whatever was read is written and read back the same.
  const std::string again = newsdex::index::serialise_data(article);
  if (newsdex::index::serialise_record(newsdex::index::parse_data(again)) != record) {
    std::abort();
  }
  return 0;
}
