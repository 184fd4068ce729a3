// Loading of the extractor's tables from corpus/data/entities, iso-codes and the system word list.
#include "entities/dictionary.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "text/normalize.hpp"

namespace newsdex::entities {
namespace {

namespace fs = std::filesystem;

// Debian's iso-codes package; read at run time rather than copied into the repository.
constexpr const char* kIsoCodesDir = "/usr/share/iso-codes/json";
// Debian's tzdata: the cities that name time zones ("Europe/Budapest") are a small gazetteer.
constexpr const char* kZoneTab = "/usr/share/zoneinfo/zone.tab";
// Debian's wamerican (or any other word list) package.
constexpr const char* kWordList = "/usr/share/dict/words";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::vector<std::string> split(std::string_view s, char separator) {
  std::vector<std::string> parts;
  std::size_t begin = 0;
  while (true) {
    std::size_t end = s.find(separator, begin);
    parts.emplace_back(trim(s.substr(begin, end == std::string_view::npos ? end : end - begin)));
    if (end == std::string_view::npos) break;
    begin = end + 1;
  }
  return parts;
}

std::ifstream open_or_throw(const fs::path& path, const char* hint) {
  std::ifstream in(path);
  if (!in) {
    throw std::runtime_error("entities: cannot read " + path.string() + hint);
  }
  return in;
}

std::size_t count_tokens(std::string_view key) {
  return key.empty() ? 0 : 1 + static_cast<std::size_t>(std::count(key.begin(), key.end(), ' '));
}

// Reads a .list file (one name per line, '#' comments) into `out` as keys; returns the most
// tokens any line has.
std::size_t load_list(const fs::path& path, KeySet& out) {
  std::ifstream in = open_or_throw(path, "");
  std::size_t longest = 0;
  std::string line;
  while (std::getline(in, line)) {
    std::string_view name = trim(line);
    if (name.empty() || name.front() == '#') continue;
    std::string key = entity_key(name);
    longest = std::max(longest, count_tokens(key));
    out.insert(std::move(key));
  }
  return longest;
}

}  // namespace

std::string entity_key(std::string_view name) {
  const std::string folded = text::normalize(name);
  std::string key;
  key.reserve(folded.size());
  for (char c : folded) {
    if (c == '.') continue;
    if (c == '-' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!key.empty() && key.back() != ' ') key.push_back(' ');
      continue;
    }
    key.push_back(c);
  }
  if (!key.empty() && key.back() == ' ') key.pop_back();
  return key;
}

Dictionary::Dictionary(const fs::path& data_dir, const fs::path& user_dictionary) {
  const fs::path dir = data_dir / "entities";
  load_list(dir / "stopwords.list", stopwords_);
  load_list(dir / "org_suffixes.list", org_suffixes_);
  load_list(dir / "place_suffixes.list", place_suffixes_);
  load_list(dir / "given_names.list", given_names_);
  load_list(dir / "connectors.list", connectors_);
  load_list(dir / "abbreviations.list", abbreviations_);
  max_title_tokens_ = std::max<std::size_t>(1, load_list(dir / "titles.list", titles_));
  {
    // demonyms.tsv: "Russian<TAB>Russia"; only the adjective matters to the extractor, the
    // country column documents (and checks) the pairing.
    std::ifstream in = open_or_throw(dir / "demonyms.tsv", "");
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
      std::string_view view = trim(line);
      if (view.empty() || view.front() == '#') continue;
      const std::vector<std::string> fields = split(view, '\t');
      if (fields.size() != 2 || fields[0].empty()) {
        throw std::runtime_error("entities: " + (dir / "demonyms.tsv").string() + ":" +
                                 std::to_string(number) + ": expected demonym<TAB>place");
      }
      demonyms_.insert(entity_key(fields[0]));
    }
  }
  load_word_list(kWordList);
  load_iso_codes(kIsoCodesDir);
  load_zone_cities(kZoneTab);
  load_entity_file(dir / "known.tsv");
  if (!user_dictionary.empty() && fs::exists(user_dictionary)) {
    load_entity_file(user_dictionary);
  }
  build_word_flags();
}

void Dictionary::build_word_flags() {
  const auto mark = [this](const KeySet& set, std::uint32_t flag) {
    for (const std::string& key : set) {
      if (key.find(' ') == std::string::npos) word_flags_[key] |= flag;
    }
  };
  mark(stopwords_, kWordStop);
  mark(common_words_, kWordCommon);
  mark(proper_words_, kWordProper);
  mark(given_names_, kWordGiven);
  mark(org_suffixes_, kWordOrgSuffix);
  mark(place_suffixes_, kWordPlaceSuffix);
  mark(demonyms_, kWordDemonym);
  mark(connectors_, kWordConnector);
  mark(abbreviations_, kWordAbbreviation);
  mark(alias_first_tokens_, kWordAliasStart);
  for (const std::string& title : titles_) {
    word_flags_[title.substr(0, title.find(' '))] |= kWordTitleStart;
  }
  constexpr std::uint32_t kLowerFlags =
      kWordConnector | kWordTitleStart | kWordAbbreviation | kWordStop;
  for (const auto& [key, flags] : word_flags_) {
    if ((flags & kLowerFlags) != 0) lower_word_flags_.emplace(key, flags & kLowerFlags);
  }
}

void Dictionary::load_word_list(const fs::path& path) {
  std::ifstream in =
      open_or_throw(path, " (a system word list; install the Debian package wamerican)");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.find('\'') != std::string::npos) continue;
    const unsigned char first = static_cast<unsigned char>(line[0]);
    if (first >= 'A' && first <= 'Z') {
      proper_words_.insert(entity_key(line));
    } else {
      common_words_.insert(entity_key(line));
    }
  }
}

void Dictionary::load_iso_codes(const fs::path& dir) {
  const char* hint = " (install the Debian package iso-codes)";
  nlohmann::json countries;
  nlohmann::json subdivisions;
  try {
    countries = nlohmann::json::parse(open_or_throw(dir / "iso_3166-1.json", hint));
    subdivisions = nlohmann::json::parse(open_or_throw(dir / "iso_3166-2.json", hint));
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error("entities: malformed iso-codes JSON in " + dir.string() + ": " +
                             e.what());
  }
  for (const nlohmann::json& country : countries.value("3166-1", nlohmann::json::array())) {
    const std::string name = country.value("name", "");
    const std::string canonical = country.value("common_name", name);
    if (canonical.empty()) continue;
    std::vector<std::string> aliases{name};
    if (country.contains("official_name")) aliases.push_back(country.value("official_name", ""));
    add(canonical, EntityType::kPlace, aliases, /*country=*/true);
  }
  for (const nlohmann::json& subdivision : subdivisions.value("3166-2", nlohmann::json::array())) {
    const std::string name = subdivision.value("name", "");
    const std::string key = entity_key(name);
    // Subdivisions are many and obscure: skip those that read as ordinary words or first names
    // ("Centre", "Victoria") and never let one shadow a country.
    if (key.size() < 4 || common_words_.contains(key) || given_names_.contains(key) ||
        stopwords_.contains(key) || by_key_.contains(key) ||
        name.find_first_of("(),[]") != std::string::npos) {
      continue;
    }
    add(name, EntityType::kPlace, {});
  }
}

void Dictionary::load_zone_cities(const fs::path& path) {
  std::ifstream in = open_or_throw(path, " (install the Debian package tzdata)");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == '#') continue;
    const std::vector<std::string> fields = split(line, '\t');
    if (fields.size() < 3) continue;
    std::string city = fields[2].substr(fields[2].rfind('/') + 1);
    std::replace(city.begin(), city.end(), '_', ' ');
    const std::string key = entity_key(city);
    if (key.size() < 4 || common_words_.contains(key) || given_names_.contains(key) ||
        by_key_.contains(key)) {
      continue;
    }
    add(city, EntityType::kPlace, {});
  }
}

void Dictionary::load_entity_file(const fs::path& path) {
  std::ifstream in = open_or_throw(path, "");
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    std::string_view view = trim(line);
    if (view.empty() || view.front() == '#') continue;
    const std::vector<std::string> fields = split(view, '\t');
    const auto fail = [&](const std::string& what) {
      throw std::runtime_error("entities: " + path.string() + ":" + std::to_string(number) + ": " +
                               what);
    };
    if (fields.size() < 2 || fields.size() > 3) fail("expected name<TAB>type[<TAB>aliases]");
    if (entity_key(fields[0]).empty()) fail("empty name");
    std::vector<std::string> aliases;
    if (fields.size() == 3 && !fields[2].empty()) {
      for (std::string& alias : split(fields[2], '|')) {
        if (!alias.empty()) aliases.push_back(std::move(alias));
      }
    }
    if (fields[1] == "-") {
      aliases.push_back(fields[0]);
      suppress(aliases);
      continue;
    }
    const std::optional<EntityType> type = parse_type(fields[1]);
    if (!type) fail("unknown type '" + fields[1] + "' (person, org, place, other or -)");
    add(fields[0], *type, aliases);
  }
}

int Dictionary::find(std::string_view key) const {
  auto it = by_key_.find(key);
  return it == by_key_.end() ? -1 : it->second;
}

void Dictionary::add(std::string_view canonical, EntityType type,
                     const std::vector<std::string>& aliases, bool country) {
  std::vector<std::string> keys{entity_key(canonical)};
  for (const std::string& alias : aliases) {
    std::string key = entity_key(alias);
    if (!key.empty()) keys.push_back(std::move(key));
  }
  // An existing entry reached by any of the names is updated in place (rename, retype, extend).
  int index = -1;
  for (const std::string& key : keys) {
    if (auto it = by_key_.find(key); it != by_key_.end()) {
      index = it->second;
      break;
    }
  }
  if (index < 0) {
    index = static_cast<int>(entries_.size());
    entries_.push_back({});
  }
  KnownEntity& entry = entries_[static_cast<std::size_t>(index)];
  entry.name = std::string(trim(canonical));
  entry.key = entity_key(entry.name);
  entry.type = type;
  entry.country = (entry.country || country) && type == EntityType::kPlace;
  for (std::string& key : keys) {
    suppressed_.erase(key);
    max_alias_tokens_ = std::max(max_alias_tokens_, count_tokens(key));
    alias_first_tokens_.insert(key.substr(0, key.find(' ')));
    by_key_[std::move(key)] = index;
  }
}

void Dictionary::suppress(const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    std::string key = entity_key(name);
    if (key.empty()) continue;
    by_key_.erase(key);
    suppressed_.insert(std::move(key));
  }
}

}  // namespace newsdex::entities
