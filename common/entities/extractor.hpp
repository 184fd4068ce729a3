// Named-entity extraction: text of one article -> typed, canonical entities with their mentions.
#pragma once

#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

#include "entities/entity.hpp"

namespace newsdex::entities {

class Extractor {
 public:
  // Recorded in the database metadata; bump whenever the output for some input changes.
  static constexpr std::string_view kVersion = "1";

  // Loads the gazetteers and curated lists from `data_dir` (the project's corpus/data/ or its
  // installed copy) and, when `user_dictionary` is not empty and the file exists, the user's
  // entity dictionary. Throws std::runtime_error naming the file and line of a missing or
  // malformed data file.
  Extractor(const std::filesystem::path& data_dir, const std::filesystem::path& user_dictionary);
  ~Extractor();
  Extractor(const Extractor&) = delete;
  Extractor& operator=(const Extractor&) = delete;

  // Returns the entities of one article, each once, in order of first mention. `title` and
  // `body` must be valid UTF-8. Const and thread-safe: one Extractor serves many threads.
  std::vector<Entity> extract(std::string_view title, std::string_view body) const;

  // Returns the other names the dictionaries know for `entity` (e.g. "Zelenskyy" and "Zelensky"
  // for Volodymyr Zelensky; "US" and "U.S." for United States), as lookup keys
  // (entity_key form). Empty for entities the dictionaries do not know. Thread-safe.
  std::vector<std::string> aliases(const Entity& entity) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsdex::entities
