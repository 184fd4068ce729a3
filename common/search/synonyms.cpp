// Loading and lookup of the user's synonym file.
#include "search/synonyms.hpp"

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include "text/normalize.hpp"

namespace newsdex::search {
namespace {

std::size_t count_words(const std::string& normalised) {
  return normalised.empty() ? 0 : 1 + std::count(normalised.begin(), normalised.end(), ' ');
}

}  // namespace

std::string normalize_words(std::string_view text) {
  std::string out;
  std::size_t i = text.find_first_not_of(" \t\r\n");
  while (i != std::string_view::npos) {
    const std::size_t end = std::min(text.find_first_of(" \t\r\n", i), text.size());
    const std::string word = text::normalize(text.substr(i, end - i));
    if (!word.empty()) {
      if (!out.empty()) out.push_back(' ');
      out += word;
    }
    i = text.find_first_not_of(" \t\r\n", end);
  }
  return out;
}

std::string Synonyms::key(std::string_view words) const {
  std::string out;
  while (!words.empty()) {
    const std::size_t space = std::min(words.find(' '), words.size());
    if (!out.empty()) out.push_back(' ');
    out += stemmer_(std::string(words.substr(0, space)));
    words.remove_prefix(std::min(space + 1, words.size()));
  }
  return out;
}

void Synonyms::add(std::string_view words, const std::vector<std::string>& synonyms) {
  const std::string normalised_words = normalize_words(words);
  if (normalised_words.empty()) return;
  std::vector<std::string>& list = entries_[key(normalised_words)];
  for (const std::string& synonym : synonyms) {
    std::string normalised = normalize_words(synonym);
    if (normalised.empty() || normalised == normalised_words) continue;
    if (std::find(list.begin(), list.end(), normalised) == list.end()) {
      list.push_back(std::move(normalised));
    }
  }
  longest_ = std::max(longest_, count_words(normalised_words));
}

const std::vector<std::string>* Synonyms::find(std::string_view words) const {
  const auto it = entries_.find(key(words));
  return it == entries_.end() ? nullptr : &it->second;
}

Synonyms Synonyms::load(const std::filesystem::path& path) {
  Synonyms synonyms;
  std::error_code error;
  if (path.empty() || !std::filesystem::exists(path, error)) return synonyms;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read synonym file " + path.string());
  std::size_t number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos || line.starts_with('#')) continue;
    auto fail = [&](const std::string& message) {
      return std::runtime_error(path.string() + ":" + std::to_string(number) + ": " + message);
    };
    if (!text::is_valid_utf8(line)) throw fail("not valid UTF-8");
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1) {
      fields.push_back(line.substr(start, tab - start));
    }
    fields.push_back(line.substr(start));
    if (fields.size() < 2) throw fail("expected WORDS<TAB>SYNONYM[<TAB>SYNONYM...]");
    for (const std::string& field : fields) {
      if (normalize_words(field).empty()) throw fail("empty word list");
    }
    synonyms.add(fields[0], {fields.begin() + 1, fields.end()});
  }
  if (in.bad()) throw std::runtime_error("cannot read synonym file " + path.string());
  return synonyms;
}

}  // namespace newsdex::search
