// Rule- and gazetteer-based named-entity extraction over one tokenised article.
//
// Per field: tokenize, join capitalised words (and inner connectors like "of") into spans,
// split spans at title phrases ("U.S. President Donald Trump") and at hyphens between known
// names ("U.S.-Russia"), then look each segment up in the dictionary or type it by its shape
// (org suffix, place suffix, given name, the title before it). Per article: mentions of one
// name are grouped, short forms are resolved to a full name of the same article ("Trump" ->
// "Donald Trump") and each group keeps the type with the strongest evidence.
#include "entities/extractor.hpp"

#include <algorithm>
#include <cstdint>
#include <string>

#include "entities/dictionary.hpp"
#include "entities/tokenizer.hpp"

namespace newsdex::entities {
namespace {

// How sure we are of a candidate's type; a group keeps the type of its strongest mention.
// kShortForm: an ordinary word ("Player") kept only if it turns out to be a surname.
enum Strength : int { kShortForm = -1, kGuess = 0, kWeak = 1, kStrong = 2, kKnown = 3 };

struct Candidate {
  TextField field = TextField::kBody;
  std::uint32_t start = 0;
  std::uint32_t end = 0;
  std::string key;  // entity_key of the mention, or of the canonical name for known entities
  int entry = -1;   // dictionary entry, -1 when unknown
  EntityType type = EntityType::kOther;
  Strength strength = kGuess;
};

// Lowercase words that, right before a name, say where it is ("in Budapest").
bool is_place_preposition(std::string_view key) { return key == "in" || key == "near"; }

// Words that open a place name ("Lake Victoria", "Mount Everest", "Gulf of Mexico").
bool is_place_prefix(std::string_view key) {
  return key == "lake" || key == "mount" || key == "mt" || key == "fort" || key == "cape" ||
         key == "gulf" || key == "port" || key == "isle" || key == "sierra";
}

// Company forms end a name: "Matsushita Electric Industrial Co Ltd of Japan" is two names.
bool is_legal_form(std::string_view key) {
  return key == "inc" || key == "corp" || key == "co" || key == "ltd" || key == "llc" ||
         key == "plc" || key == "ag" || key == "gmbh" || key == "sa" || key == "nv" ||
         key == "limited" || key == "incorporated" || key == "corporation" || key == "company" ||
         key == "group" || key == "holdings";
}

// Words that make a region of a known place ("North Yemen", "Southern Africa").
bool is_compass(std::string_view key) {
  return key == "north" || key == "south" || key == "east" || key == "west" || key == "northern" ||
         key == "southern" || key == "eastern" || key == "western" || key == "central" ||
         key == "upper" || key == "lower";
}

enum class Mode { kNormal, kHeadline, kAllCaps };

// Processes one field; holds the state the per-token rules share.
class FieldPass {
 public:
  FieldPass(const Dictionary& dictionary, std::string_view text, TextField field,
            const KeySet& capitalised_inside, const KeySet* body_names, const KeySet* body_keys,
            std::vector<Candidate>& out)
      : dict_(dictionary),
        text_(text),
        field_(field),
        capitalised_inside_(capitalised_inside),
        body_names_(body_names),
        body_keys_(body_keys),
        out_(out) {}

  void run(const std::vector<Token>& tokens, Mode mode) {
    tokens_ = &tokens;
    mode_ = mode;
    const std::size_t n = tokens.size();
    std::size_t i = 0;
    while (i < n) {
      if (!namey(i)) {
        ++i;
        continue;
      }
      // A known name may hold a word that is not name-like alone ("Theresa May").
      std::size_t e = i + std::max<std::size_t>(1, longest_known(i, n, nullptr));
      while (e < n && !tok(e - 1).possessive && !tok(e).break_before) {
        if (namey(e)) {
          ++e;
          continue;
        }
        // "Bank of England", "Secretary of State", "University of the West".
        std::size_t c = e;
        while (c < n && c < e + 2 && !tok(c).cap && has(c, kWordConnector) && !tok(c).possessive &&
               (c + 1 >= n || !tok(c + 1).break_before)) {
          ++c;
        }
        if (c > e && c < n && namey(c)) {
          e = c + 1;
          continue;
        }
        break;
      }
      span(i, e);
      i = e;
    }
  }

 private:
  const Token& tok(std::size_t i) const { return (*tokens_)[i]; }
  bool has(std::size_t i, std::uint32_t flag) const { return (tok(i).flags & flag) != 0; }

  // Tokens [a, b) that continue an alias starting at a: the longest match length, or 0.
  std::size_t longest_known(std::size_t a, std::size_t b, int* entry) const {
    if (!has(a, kWordAliasStart)) return 0;
    std::string key;
    std::size_t best = 0;
    const std::size_t limit = std::min(b, a + dict_.max_alias_tokens());
    for (std::size_t j = a; j < limit; ++j) {
      // Names never cross punctuation or a possessive ("Washington. Post-war" is no paper).
      if (j > a && (tok(j).break_before || tok(j - 1).possessive)) break;
      if (j > a) key.push_back(' ');
      key += tok(j).key;
      if (int found = dict_.find(key); found >= 0) {
        best = j + 1 - a;
        if (entry != nullptr) *entry = found;
      }
    }
    return best;
  }

  std::size_t longest_title(std::size_t a, std::size_t b) const {
    if (a >= b || !has(a, kWordTitleStart)) return 0;
    std::string key;
    std::size_t best = 0;
    const std::size_t limit = std::min(b, a + dict_.max_title_tokens());
    for (std::size_t j = a; j < limit; ++j) {
      if (j > a && (tok(j).break_before || tok(j - 1).possessive)) break;
      if (j > a) key.push_back(' ');
      key += tok(j).key;
      if (dict_.is_title(key)) best = j + 1 - a;
    }
    return best;
  }

  // A stop word ("The", "However"). "U.S." and "US" have the key "us", also a pronoun, so
  // abbreviations and capitals are never stop words.
  bool is_stop(std::size_t i) const {
    const Token& t = tok(i);
    return !t.all_caps && text_[t.end - 1] != '.' && has(i, kWordStop);
  }

  // Whether token i may be (part of) a name, from its casing and position.
  bool namey(std::size_t i) const {
    const Token& t = tok(i);
    if (!t.cap) return false;
    if (mode_ != Mode::kNormal) {
      if (has(i, kWordAliasStart) || (body_names_ != nullptr && body_names_->contains(t.key))) {
        return true;
      }
      return mode_ == Mode::kHeadline && !has(i, kWordCommon) && !has(i, kWordStop);
    }
    // A shouted ordinary word ("MONEY SUPPLY ROSE") is not a name; acronyms are rarely words.
    if (t.all_caps && t.key.size() >= 3 && has(i, kWordCommon) && !has(i, kWordAliasStart)) {
      return false;
    }
    if (is_stop(i)) {
      return has(i, kWordAliasStart) && longest_known(i, tokens_->size(), nullptr) > 1;
    }
    if (!t.sentence_start) return true;
    // A capitalised first word is a name only with some evidence: it is known, it is
    // capitalised inside a sentence elsewhere, it opens a title, or it is no ordinary word.
    if (longest_known(i, tokens_->size(), nullptr) > 0) return true;
    if (longest_title(i, tokens_->size()) > 0) return true;
    if (!has(i, kWordCommon)) return true;
    if (capitalised_inside_.contains(t.key)) return true;
    return has(i, kWordProper) && i + 1 < tokens_->size() && tok(i + 1).cap &&
           !tok(i + 1).break_before;
  }

  // Whether only a comma (and spaces) separates token i from the one before it.
  bool is_comma_gap(std::size_t i) const {
    if (i == 0) return false;
    const std::string_view gap = text_.substr(tok(i - 1).end, tok(i).start - tok(i - 1).end);
    return gap.find(',') != std::string_view::npos &&
           gap.find_first_not_of(", ") == std::string_view::npos && !tok(i - 1).possessive;
  }

  // Whether the words [a, b) after a title make an organisation or place of which the
  // "title" is part ("Major League Baseball", "General Electric Company").
  bool title_opens_org(std::size_t a, std::size_t b) const {
    if (a >= b || has(a, kWordGiven)) return false;
    for (std::size_t j = a; j < b; ++j) {
      if (has(j, kWordOrgSuffix) || has(j, kWordPlaceSuffix)) return true;
    }
    return false;
  }

  // Splits the span [a, b) at title phrases and at hyphens between known names.
  void span(std::size_t a, std::size_t b) {
    // A lower-case title right before the span ("president Vladimir Putin").
    bool person = a > 0 && !tok(a).break_before && !tok(a - 1).cap && longest_title(a - 1, a) == 1;
    std::size_t start = a;
    std::size_t pos = a;
    while (pos < b) {
      int entry = -1;
      const std::size_t known = longest_known(pos, b, &entry);
      const std::size_t title = longest_title(pos, b);
      if (title > 0 && title >= known && !title_opens_org(pos + title, b)) {
        segment(start, pos, person);
        person = pos + title < b;
        pos += title;
        start = pos;
        continue;
      }
      // "of" and "the" join only names that need them ("Bank of England", "Gulf of Mexico");
      // otherwise they separate two names ("Ingrid Haldorsen of Norway").
      if (!tok(pos).cap && known == 0 && pos > start &&
          (tok(pos).key == "of" || tok(pos).key == "the")) {
        const std::string& left = tok(pos - 1).key;
        if ((!has(pos - 1, kWordOrgSuffix) || is_legal_form(left)) &&
            !has(pos - 1, kWordPlaceSuffix) && !is_place_prefix(left) &&
            !(pos >= start + 2 && has(start, kWordOrgSuffix))) {
          segment(start, pos, person);
          person = false;
          while (pos < b && !tok(pos).cap) ++pos;
          start = pos;
          continue;
        }
      }
      if (pos > start && tok(pos).hyphen_before && known > 0 &&
          longest_known(start, pos, nullptr) == pos - start) {
        segment(start, pos, person);
        person = false;
        start = pos;
      }
      pos += std::max<std::size_t>(known, 1);
    }
    // A capitalised word glued to a lower-case one ("Russian-backed", "U.S.-led") is a
    // modifier: kept only when it is a known name.
    if (b < tokens_->size() && tok(b).hyphen_before && !tok(b).cap &&
        !(text_[tok(b).start] >= '0' && text_[tok(b).start] <= '9')) {
      int entry = -1;
      if (start < b && longest_known(start, b, &entry) == b - start) segment(start, b, person);
      return;
    }
    segment(start, b, person);
  }

  std::string join_keys(std::size_t a, std::size_t b) const {
    std::string key = tok(a).key;
    for (std::size_t j = a + 1; j < b; ++j) {
      key.push_back(' ');
      key += tok(j).key;
    }
    return key;
  }

  void emit(std::size_t a, std::size_t b, std::string key, int entry, EntityType type,
            Strength strength) {
    if (dict_.suppressed(key)) return;
    out_.push_back(
        Candidate{field_, tok(a).start, tok(b - 1).end, std::move(key), entry, type, strength});
  }

  void emit_known(std::size_t a, std::size_t b, int entry) {
    const KnownEntity& known = dict_.entry(entry);
    if (dict_.suppressed(join_keys(a, b))) return;
    // "U.S. Treasury" is also a mention of the United States.
    if (known.type != EntityType::kPlace && b - a >= 2) {
      int head = -1;
      const std::size_t len = longest_known(a, b - 1, &head);
      if (len > 0 && dict_.entry(head).country) emit_known(a, a + len, head);
    }
    emit(a, b, known.key, entry, known.type, kKnown);
  }

  // One name candidate [a, b): known, a run of known names, or typed by its shape.
  void segment(std::size_t a, std::size_t b, bool after_person_title) {
    // Trailing connectors cannot end a name.
    while (b > a && !tok(b - 1).cap) --b;
    if (a >= b) return;
    int entry = -1;
    if (longest_known(a, b, &entry) == b - a) return emit_known(a, b, entry);
    const bool org_tail = b - a >= 2 && has(b - 1, kWordOrgSuffix);
    while (a < b && (is_stop(a) || (!org_tail && has(a, kWordDemonym)) || !tok(a).cap)) {
      ++a;
    }
    if (a >= b) return;
    if (longest_known(a, b, &entry) == b - a) return emit_known(a, b, entry);
    // Entirely covered by known names ("Trump Putin" in a headline)?
    {
      std::vector<std::pair<std::size_t, int>> parts;
      std::size_t pos = a;
      while (pos < b) {
        int part = -1;
        const std::size_t len = longest_known(pos, b, &part);
        if (len == 0 || dict_.entry(part).type == EntityType::kOther) break;
        parts.emplace_back(len, part);
        pos += len;
      }
      if (pos == b) {
        for (const auto& [len, part] : parts) {
          emit_known(a, a + len, part);
          a += len;
        }
        return;
      }
    }
    // A name's leading known place ("U.S. Agriculture Department", "U.S. M-1") is also a
    // mention of the place; the rest is a name of its own unless it needs the place (an org).
    {
      int part = -1;
      const std::size_t len = longest_known(a, b, &part);
      if (len > 0 && dict_.entry(part).country && !has(b - 1, kWordPlaceSuffix)) {
        emit_known(a, a + len, part);
        if (!has(b - 1, kWordOrgSuffix)) return segment(a + len, b, after_person_title);
      }
    }
    std::string key = join_keys(a, b);
    // In a headline in capitals (or Title Case) an unknown name must also occur in the body.
    if (mode_ == Mode::kAllCaps && (body_keys_ == nullptr || !body_keys_->contains(key))) return;
    const std::size_t n = b - a;
    // Not names: "West German", "Latin American" (adjectives), "Co Inc", "Central Bank" (bare
    // suffixes), "P" (a letter).
    if (dict_.is_demonym(key)) return;
    // Plural demonyms ("Israelis", "Russians") name peoples, not entities.
    if (n == 1 && key.size() > 3 && key.back() == 's' &&
        dict_.is_demonym(std::string_view(key).substr(0, key.size() - 1))) {
      return;
    }
    {
      bool generic = true;
      for (std::size_t j = a; j < b && generic; ++j) {
        generic = has(j, kWordOrgSuffix) || is_compass(tok(j).key) || has(j, kWordDemonym);
      }
      if (generic) return;
    }
    if (n == 1 && tok(a).key.size() == 1) return;
    const std::string& first = tok(a).key;
    const std::string& last = tok(b - 1).key;
    if (after_person_title) return emit(a, b, std::move(key), -1, EntityType::kPerson, kStrong);
    if (n >= 2 && has(b - 1, kWordOrgSuffix)) {
      return emit(a, b, std::move(key), -1, EntityType::kOrg, kStrong);
    }
    if (n >= 3 && has(a, kWordOrgSuffix) && has(a + 1, kWordConnector)) {
      return emit(a, b, std::move(key), -1, EntityType::kOrg, kStrong);
    }
    if (n >= 2 && is_compass(first) && longest_known(a + 1, b, &entry) == n - 1 &&
        dict_.entry(entry).type == EntityType::kPlace) {
      return emit(a, b, std::move(key), -1, EntityType::kPlace, kStrong);
    }
    if (n >= 2 && (has(b - 1, kWordPlaceSuffix) || is_place_prefix(first))) {
      return emit(a, b, std::move(key), -1, EntityType::kPlace, kStrong);
    }
    // A known place or organisation opening a longer name: "Montreal Victorias", "Perth
    // Glory"-style clubs end in a plural; "CBS Cable" continues an organisation.
    {
      int head = -1;
      const std::size_t len = longest_known(a, b, &head);
      if (len > 0 && len < n) {
        const EntityType head_type = dict_.entry(head).type;
        if (head_type == EntityType::kOrg ||
            (head_type == EntityType::kPlace && last.size() > 3 && last.back() == 's' &&
             !has(b - 1, kWordPlaceSuffix))) {
          return emit(a, b, std::move(key), -1, EntityType::kOrg, kWeak);
        }
      }
    }
    bool initial = false;
    for (std::size_t j = a + 1; j + 1 < b; ++j) {
      if (tok(j).key.size() == 1 && tok(j).cap) initial = true;
    }
    if (n >= 2 && n <= 4 && (has(a, kWordGiven) || initial) &&
        longest_known(a, a + 1, nullptr) == 0) {
      return emit(a, b, std::move(key), -1, EntityType::kPerson, kStrong);
    }
    // "Paxton, Massachusetts": a name followed by a comma and a known place is a place.
    if (n <= 3 && b < tokens_->size() && is_comma_gap(b)) {
      int next = -1;
      if (longest_known(b, tokens_->size(), &next) > 0 &&
          dict_.entry(next).type == EntityType::kPlace) {
        return emit(a, b, std::move(key), -1, EntityType::kPlace, kStrong);
      }
    }
    if (n == 1) {
      const Token& t = tok(a);
      if (t.all_caps && t.end - t.start <= 6) {
        return emit(a, b, std::move(key), -1, EntityType::kOrg, kWeak);
      }
      if (has(a, kWordGiven)) {
        return emit(a, b, std::move(key), -1, EntityType::kPerson, kWeak);
      }
      // A lone ordinary word capitalised for emphasis or style ("the Budget") survives only
      // as the surname of a person of the article ("Gary Player ... Player").
      if (has(a, kWordCommon) && !has(a, kWordProper)) {
        return emit(a, b, std::move(key), -1, EntityType::kOther, kShortForm);
      }
      if (a > 0 && !t.break_before && is_place_preposition(tok(a - 1).key)) {
        return emit(a, b, std::move(key), -1, EntityType::kPlace, kWeak);
      }
      return emit(a, b, std::move(key), -1, EntityType::kOther, kGuess);
    }
    if (n <= 3 && a > 0 && !tok(a).break_before && is_place_preposition(tok(a - 1).key)) {
      return emit(a, b, std::move(key), -1, EntityType::kPlace, kWeak);
    }
    // Two or three unknown, unusual words read as a person's name, unless they are joined by
    // hyphens only ("Allis-Chalmers", "Rhone-Poulenc": companies and places more often).
    bool spaced = false;
    bool particle = false;  // "Jeroen van der Veer", "Osama bin Laden"
    for (std::size_t j = a + 1; j < b; ++j) {
      spaced = spaced || !tok(j).hyphen_before;
      particle = particle || (!tok(j).cap && tok(j).key != "of" && tok(j).key != "the" &&
                              tok(j).key != "for" && tok(j).key != "on");
    }
    if (n >= 3 && n <= 5 && particle && longest_known(a, a + 1, nullptr) == 0) {
      return emit(a, b, std::move(key), -1, EntityType::kPerson, kWeak);
    }
    if (longest_known(a, a + 1, nullptr) > 0) spaced = false;  // "Sydney Olympic"
    if (n <= 3 && spaced && !has(a, kWordCommon) && !has(b - 1, kWordCommon)) {
      return emit(a, b, std::move(key), -1, EntityType::kPerson, kWeak);
    }
    emit(a, b, std::move(key), -1, EntityType::kOther, kGuess);
  }

  const Dictionary& dict_;
  std::string_view text_;
  TextField field_;
  const KeySet& capitalised_inside_;
  const KeySet* body_names_;
  const KeySet* body_keys_;
  std::vector<Candidate>& out_;
  const std::vector<Token>* tokens_ = nullptr;
  Mode mode_ = Mode::kNormal;
};

// Headlines in Title Case or capitals cannot tell names from words by casing alone.
Mode field_mode(const std::vector<Token>& tokens) {
  std::size_t words = 0;
  std::size_t caps = 0;
  std::size_t all_caps = 0;
  for (const Token& t : tokens) {
    if (t.key.size() <= 3 && ((t.flags & kWordStop) != 0)) continue;  // "of", "a", "to"
    ++words;
    caps += t.cap ? 1 : 0;
    all_caps += t.all_caps ? 1 : 0;
  }
  if (words < 3) return Mode::kNormal;
  if (all_caps * 10 >= words * 7) return Mode::kAllCaps;
  if (caps * 10 >= words * 8) return Mode::kHeadline;
  return Mode::kNormal;
}

// Returns `text` with each run of white space made one space (names wrapped across lines).
std::string collapse_spaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (!space) {
      out.push_back(c);
    } else if (!out.empty() && out.back() != ' ') {
      out.push_back(' ');
    }
  }
  return out;
}

std::string_view last_word(std::string_view key) {
  const std::size_t space = key.rfind(' ');
  return space == std::string_view::npos ? key : key.substr(space + 1);
}

}  // namespace

struct Extractor::Impl {
  Dictionary dictionary;
  std::vector<std::vector<std::string>> keys_by_entry;  // the reverse of dictionary.keys()

  Impl(const std::filesystem::path& data_dir, const std::filesystem::path& user)
      : dictionary(data_dir, user) {
    for (const auto& [key, index] : dictionary.keys()) {
      const auto entry = static_cast<std::size_t>(index);
      if (keys_by_entry.size() <= entry) keys_by_entry.resize(entry + 1);
      keys_by_entry[entry].push_back(key);
    }
    for (auto& keys : keys_by_entry) std::sort(keys.begin(), keys.end());
  }
};

std::vector<std::string> Extractor::aliases(const Entity& entity) const {
  const int index = impl_->dictionary.find(entity_key(entity.name));
  if (index < 0 || impl_->dictionary.entry(index).type != entity.type) return {};
  const auto entry = static_cast<std::size_t>(index);
  return entry < impl_->keys_by_entry.size() ? impl_->keys_by_entry[entry]
                                             : std::vector<std::string>();
}

Extractor::Extractor(const std::filesystem::path& data_dir,
                     const std::filesystem::path& user_dictionary)
    : impl_(std::make_unique<Impl>(data_dir, user_dictionary)) {}

Extractor::~Extractor() = default;

std::vector<Entity> Extractor::extract(std::string_view title, std::string_view body) const {
  const Dictionary& dict = impl_->dictionary;
  const std::vector<Token> title_tokens = tokenize(title, dict);
  const std::vector<Token> body_tokens = tokenize(body, dict);
  const Mode title_mode = field_mode(title_tokens);
  const Mode body_mode = field_mode(body_tokens) == Mode::kAllCaps ? Mode::kAllCaps : Mode::kNormal;

  // Words capitalised inside a sentence somewhere in the article: evidence that the same word
  // opening a sentence is a name too.
  KeySet capitalised_inside;
  for (const Token& t : body_tokens) {
    if (t.cap && !t.sentence_start) capitalised_inside.insert(t.key);
  }
  if (title_mode == Mode::kNormal) {
    for (const Token& t : title_tokens) {
      if (t.cap && !t.sentence_start) capitalised_inside.insert(t.key);
    }
  }

  std::vector<Candidate> candidates;
  FieldPass(dict, body, TextField::kBody, capitalised_inside, nullptr, nullptr, candidates)
      .run(body_tokens, body_mode);
  KeySet body_names;
  KeySet body_keys;
  for (const Candidate& c : candidates) {
    body_keys.insert(c.key);
    for (std::size_t start = 0; start < c.key.size();) {
      std::size_t space = c.key.find(' ', start);
      if (space == std::string::npos) space = c.key.size();
      body_names.insert(c.key.substr(start, space - start));
      start = space + 1;
    }
  }
  const std::size_t body_count = candidates.size();
  FieldPass(dict, title, TextField::kTitle, capitalised_inside, &body_names, &body_keys, candidates)
      .run(title_tokens, title_mode);
  // Title first, then body, each in text order.
  std::rotate(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(body_count),
              candidates.end());

  // Group mentions: known entries by entry, the rest by key.
  struct Group {
    std::string key;
    std::string name;
    int entry = -1;
    EntityType type = EntityType::kOther;
    Strength strength = kGuess;
    std::vector<std::size_t> members;
    int merged_into = -1;
  };
  std::vector<Group> groups;
  KeyMap<std::size_t> group_of;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const Candidate& c = candidates[i];
    auto [it, inserted] = group_of.try_emplace(c.key, groups.size());
    if (inserted) {
      const std::string_view text = c.field == TextField::kTitle ? title : body;
      Group group;
      group.key = c.key;
      group.entry = c.entry;
      group.name = c.entry >= 0 ? dict.entry(c.entry).name
                                : collapse_spaces(text.substr(c.start, c.end - c.start));
      group.type = c.type;
      group.strength = c.strength;
      groups.push_back(std::move(group));
    }
    Group& group = groups[it->second];
    if (c.strength > group.strength) {
      group.strength = c.strength;
      group.type = c.type;
    }
    group.members.push_back(i);
  }

  // Short forms: an unknown one-word name that is the surname of exactly one person of the
  // article ("Rubio" after "Marco Rubio") joins that person; one that is the surname of
  // several ("Bobick" with "Duane Bobick" and "Rodney Bobick") or a first name of one is at
  // least a person.
  KeyMap<int> surname_owner;
  KeySet person_words;       // words of well-attested persons' names
  KeySet weak_person_words;  // words of names only guessed to be persons
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const Group& group = groups[g];
    if (group.type != EntityType::kPerson || group.key.find(' ') == std::string::npos) continue;
    auto [it, inserted] =
        surname_owner.try_emplace(std::string(last_word(group.key)), static_cast<int>(g));
    if (!inserted && it->second != static_cast<int>(g)) it->second = -1;  // ambiguous
    KeySet& words = group.strength >= kStrong ? person_words : weak_person_words;
    words.insert(group.key.substr(0, group.key.find(' ')));
    words.insert(std::string(last_word(group.key)));
  }
  // Likewise a one-word name that starts or ends exactly one organisation's name ("Bruins"
  // after "Boston Bruins") is a short form of it.
  KeyMap<int> org_word_owner;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const Group& group = groups[g];
    if (group.type != EntityType::kOrg || group.key.find(' ') == std::string::npos) continue;
    for (std::string_view word :
         {std::string_view(group.key).substr(0, group.key.find(' ')), last_word(group.key)}) {
      if (dict.is_org_suffix(word)) continue;
      auto [it, inserted] = org_word_owner.try_emplace(std::string(word), static_cast<int>(g));
      if (!inserted && it->second != static_cast<int>(g)) it->second = -1;
    }
  }
  for (Group& group : groups) {
    if (group.entry >= 0 || group.key.find(' ') != std::string::npos) continue;
    if (group.strength <= kWeak && group.strength != kShortForm &&
        group.type != EntityType::kPerson) {
      auto owner = org_word_owner.find(group.key);
      if (owner != org_word_owner.end() && owner->second >= 0) {
        group.merged_into = owner->second;
        continue;
      }
    }
    if (group.strength == kStrong && group.type != EntityType::kPerson) continue;
    auto it = surname_owner.find(group.key);
    // An ordinary word joins only a person whose name is well attested.
    const bool sure_owner = it != surname_owner.end() && it->second >= 0 &&
                            (group.strength != kShortForm ||
                             groups[static_cast<std::size_t>(it->second)].strength >= kStrong);
    if (sure_owner) {
      group.merged_into = it->second;
    } else if (group.strength < kStrong &&
               (person_words.contains(group.key) ||
                (group.strength == kGuess && weak_person_words.contains(group.key)))) {
      group.type = EntityType::kPerson;
      group.strength = kWeak;
    }
  }

  std::vector<Entity> entities;
  std::vector<int> entity_of(groups.size(), -1);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (groups[g].merged_into < 0 && groups[g].strength == kShortForm) continue;
    const std::size_t owner =
        groups[g].merged_into >= 0 ? static_cast<std::size_t>(groups[g].merged_into) : g;
    if (entity_of[owner] < 0) {
      entity_of[owner] = static_cast<int>(entities.size());
      entities.push_back(Entity{groups[owner].type, groups[owner].name, {}});
    }
    entity_of[g] = entity_of[owner];
  }
  // Mentions in candidate order, which is title then body, each in text order; entities come
  // out in order of first mention because groups were created in that order.
  std::vector<std::pair<std::size_t, std::size_t>> order;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (entity_of[g] < 0) continue;
    for (std::size_t member : groups[g].members) order.emplace_back(member, g);
  }
  std::sort(order.begin(), order.end());
  for (const auto& [member, g] : order) {
    const Candidate& c = candidates[member];
    entities[static_cast<std::size_t>(entity_of[g])].mentions.push_back(
        Mention{c.field, c.start, c.end});
  }
  // A merged short form may precede its owner's first mention; keep first-mention order.
  std::stable_sort(entities.begin(), entities.end(), [](const Entity& x, const Entity& y) {
    const Mention& a = x.mentions.front();
    const Mention& b = y.mentions.front();
    if (a.field != b.field) return a.field == TextField::kTitle;
    return a.start < b.start;
  });
  return entities;
}

}  // namespace newsdex::entities
