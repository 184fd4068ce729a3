// The extractor's lookup tables: known entities with aliases, titles, demonyms and word lists.
//
// Entity dictionary format (corpus/data/entities/known.tsv and the user's dictionary, e.g.
// ~/.config/newsdex/entities.tsv). UTF-8, one entity per line, fields separated by a TAB:
//
//   canonical name <TAB> type <TAB> aliases separated by '|' (the third field may be omitted)
//
//   Volodymyr Zelensky	person	Zelensky|Zelenskyy|Volodymyr Zelenskyy|Zelenskiy
//   United States	place	U.S.|US|USA|America|United States of America
//   Tomahawk	other	Tomahawk missile
//   Apple	-	Apples
//
// `type` is person, org, place or other; `-` suppresses the name and its aliases: they are
// never reported as entities. Blank lines and lines starting with '#' are ignored. Names are
// compared after text::normalize with periods dropped and hyphens read as spaces, so "U.S.",
// "US" and "u.s." are one key. Files are merged in order (iso-codes gazetteers, known.tsv,
// then the user's dictionary): when the canonical name or an alias of a line is already known,
// that entry takes the line's canonical name and type and gains its aliases, so a user line
// can rename, retype or extend a built-in entity.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "entities/entity.hpp"

namespace newsdex::entities {

// Hash for string-keyed tables that can be probed with a string_view without allocating.
struct KeyHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using KeySet = std::unordered_set<std::string, KeyHash, std::equal_to<>>;
template <typename V>
using KeyMap = std::unordered_map<std::string, V, KeyHash, std::equal_to<>>;

// Returns the lookup key of a name: text::normalize, then '.' removed, '-' and whitespace runs
// made one space, outer spaces trimmed ("U.S.-Russia" -> "us russia"). Throws what normalize
// throws.
std::string entity_key(std::string_view name);

// A known entity: its display name and type.
struct KnownEntity {
  std::string name;
  std::string key;  // entity_key(name)
  EntityType type = EntityType::kOther;
  bool country = false;  // from ISO 3166-1: a name's leading country is a mention of its own
};

// Classes a single word (by key) belongs to, looked up once per token (see word_flags).
enum WordFlag : std::uint32_t {
  kWordStop = 1u << 0,
  kWordCommon = 1u << 1,
  kWordProper = 1u << 2,
  kWordGiven = 1u << 3,
  kWordOrgSuffix = 1u << 4,
  kWordPlaceSuffix = 1u << 5,
  kWordDemonym = 1u << 6,
  kWordConnector = 1u << 7,
  kWordAbbreviation = 1u << 8,
  kWordAliasStart = 1u << 9,
  kWordTitleStart = 1u << 10,
};

// All tables, loaded once; immutable (and so safe to share between threads) after loading.
class Dictionary {
 public:
  // Loads every table from `data_dir` (the directory holding entities/), the iso-codes JSON
  // files from /usr/share/iso-codes/json, the time-zone cities of /usr/share/zoneinfo/zone.tab
  // and the word list /usr/share/dict/words, then
  // `user_dictionary` when it is not empty and exists. Throws std::runtime_error naming the
  // file (and line) that is missing or malformed.
  Dictionary(const std::filesystem::path& data_dir, const std::filesystem::path& user_dictionary);

  // Returns the WordFlag bits of a one-word key (0 for an unknown word): one hash lookup
  // answers every is_* question below for that word.
  // A lower-case word only needs the flags that matter between names (connector, title,
  // abbreviation, stop word), which live in a small cache-friendly table.
  std::uint32_t word_flags(std::string_view key, bool capitalised) const {
    const KeyMap<std::uint32_t>& table = capitalised ? word_flags_ : lower_word_flags_;
    auto it = table.find(key);
    return it == table.end() ? 0 : it->second;
  }

  // Returns every alias key with the entry index it maps to.
  const KeyMap<int>& keys() const { return by_key_; }

  // Returns the entry index for an alias key, or -1.
  int find(std::string_view key) const;
  const KnownEntity& entry(int index) const { return entries_[static_cast<std::size_t>(index)]; }
  // Returns true when the key was suppressed by a `-` line.
  bool suppressed(std::string_view key) const { return suppressed_.contains(key); }
  // Longest alias, in tokens; bounds the extractor's longest-match search.
  std::size_t max_alias_tokens() const { return max_alias_tokens_; }
  // Returns true when some alias starts with this token key (cheap pre-check before matching).
  bool starts_alias(std::string_view key) const { return alias_first_tokens_.contains(key); }
  // Longest title phrase, in tokens.
  std::size_t max_title_tokens() const { return max_title_tokens_; }

  bool is_title(std::string_view key) const { return titles_.contains(key); }
  bool is_demonym(std::string_view key) const { return demonyms_.contains(key); }
  bool is_stopword(std::string_view key) const { return stopwords_.contains(key); }
  bool is_org_suffix(std::string_view key) const { return org_suffixes_.contains(key); }
  bool is_place_suffix(std::string_view key) const { return place_suffixes_.contains(key); }
  bool is_given_name(std::string_view key) const { return given_names_.contains(key); }
  bool is_connector(std::string_view key) const { return connectors_.contains(key); }
  // Returns true when the lower-case word is an ordinary English word (the system word list).
  bool is_common_word(std::string_view lower) const { return common_words_.contains(lower); }
  // Returns true when the word list also spells the word capitalised (a possible proper noun).
  bool is_proper_word(std::string_view lower) const { return proper_words_.contains(lower); }
  // Returns true when a period after this (key of a) word does not end a sentence ("Mr", "Inc").
  bool is_abbreviation(std::string_view key) const { return abbreviations_.contains(key); }

 private:
  // Merges one entity dictionary file (format above). Throws std::runtime_error naming the
  // file and line of a malformed line, or the file when it cannot be read.
  void load_entity_file(const std::filesystem::path& path);
  void build_word_flags();
  void add(std::string_view canonical, EntityType type, const std::vector<std::string>& aliases,
           bool country = false);
  void suppress(const std::vector<std::string>& names);
  void load_iso_codes(const std::filesystem::path& dir);
  void load_word_list(const std::filesystem::path& path);
  void load_zone_cities(const std::filesystem::path& path);

  std::vector<KnownEntity> entries_;
  KeyMap<int> by_key_;
  KeySet suppressed_;
  KeySet titles_, demonyms_, stopwords_, org_suffixes_, place_suffixes_, given_names_, connectors_,
      common_words_, proper_words_, abbreviations_;
  KeySet alias_first_tokens_;
  KeyMap<std::uint32_t> word_flags_;
  KeyMap<std::uint32_t> lower_word_flags_;
  std::size_t max_alias_tokens_ = 1;
  std::size_t max_title_tokens_ = 1;
};

}  // namespace newsdex::entities
