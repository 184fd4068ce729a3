// Query construction; see query_builder.hpp for the ranking contract.
#include "search/query_builder.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <ctime>
#include <map>
#include <set>
#include <vector>

#include "entities/dictionary.hpp"
#include "index/spelling.hpp"
#include "schema.hpp"
#include "search/dates.hpp"
#include "search/stopwords.hpp"
#include "text/normalize.hpp"
#include "text/phrase_pairs.hpp"

namespace newsdex::search {
namespace {

constexpr std::array<std::string_view, 6> kOperators = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};

bool is_operator(std::string_view word) {
  // NEAR/3 and ADJ/2 carry a window size.
  const std::string_view head = word.substr(0, word.find('/'));
  for (std::string_view op : kOperators) {
    if (head == op && (head.size() == word.size() || head == "NEAR" || head == "ADJ")) return true;
  }
  return false;
}

// Returns true when `text` holds a lower-case letter of any script.
bool has_lower_case(std::string_view text) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c >= 0 && u_islower(c)) return true;
  }
  return false;
}

// Returns true when `text` holds an upper-case letter of any script.
bool has_upper_case(std::string_view text) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c >= 0 && (u_isupper(c) || u_istitle(c))) return true;
  }
  return false;
}

constexpr unsigned kFlags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                            Xapian::QueryParser::FLAG_LOVEHATE |
                            Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_PURE_NOT;

// Returns the number of distinct words `query` ranks by: its unprefixed terms (stems). Filter
// and entity terms (upper-case prefixes) carry no weight and do not count.
std::size_t count_words(const Xapian::Query& query) {
  std::set<std::string> words;
  for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
    if (schema::is_word_term(*it)) words.insert(*it);
  }
  return words.size();
}

// The field name under which expanded runs reach ExpansionProcessor. Users never type it; if
// one does, the value is read as plain words.
constexpr std::string_view kExpansionField = "newsdexexpansion";

// The field name under which trailing wildcards reach WordPrefixProcessor, as
// "newsdexwildcard:presid" for "presid*".
constexpr std::string_view kWildcardField = "newsdexwildcard";

// Expands a trailing wildcard over words, not only over the stems that the index holds: the
// stem of a word may be shorter than the prefix typed ("delegations" is "deleg", which
// "delegation*" does not start), so the prefix also finds the words that the spelling table
// (every word of 3 to 32 bytes as written, index/spelling.hpp) holds, by their stems.
class WordPrefixProcessor : public Xapian::FieldProcessor {
 public:
  explicit WordPrefixProcessor(const Xapian::Database& db) : db_(db) {}

  Xapian::Query operator()(const std::string& prefix) override {
    std::vector<Xapian::Query> parts;
    parts.emplace_back(Xapian::Query::OP_WILDCARD, prefix);  // the stems the prefix opens
    std::set<std::string> stems;
    Xapian::TermIterator word = db_.spellings_begin();
    word.skip_to(prefix);
    for (; word != db_.spellings_end() && (*word).starts_with(prefix); ++word) {
      if (std::string stem = stemmer_(*word); !stem.starts_with(prefix)) {
        stems.insert(std::move(stem));
      }
    }
    for (const std::string& stem : stems) parts.emplace_back(stem);
    return Xapian::Query(Xapian::Query::OP_SYNONYM, parts.begin(), parts.end());
  }

 private:
  const Xapian::Database& db_;
  Xapian::Stem stemmer_{schema::kStemLanguage};
};

// Turns a reference to an expanded run ("newsdexexpansion:3") into its query: the run's words
// (parsed with the builder's default operator of the moment) or its synonyms, or its entities.
class ExpansionProcessor : public Xapian::FieldProcessor {
 public:
  ExpansionProcessor(const std::vector<QueryBuilder::Expansion>& expansions,
                     const Xapian::Query::op& default_op, Xapian::QueryParser& word_parser,
                     const bool& entity_ranking)
      : expansions_(expansions),
        default_op_(default_op),
        word_parser_(word_parser),
        entity_ranking_(entity_ranking) {}

  Xapian::Query operator()(const std::string& value) override {
    std::size_t index = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), index);
    word_parser_.set_default_op(default_op_);
    if (error != std::errc() || end != value.data() + value.size() || index >= expansions_.size()) {
      return word_parser_.parse_query(value, 0);
    }
    const QueryBuilder::Expansion& expansion = expansions_[index];
    std::vector<Xapian::Query> same;  // the words and their synonyms: one concept
    if (Xapian::Query words = word_parser_.parse_query(expansion.words, 0); !words.empty()) {
      same.push_back(words);
    }
    for (const std::string& alternative : expansion.alternatives) {
      if (Xapian::Query words = word_parser_.parse_query(alternative, 0); !words.empty()) {
        same.push_back(words);
      }
    }
    std::vector<Xapian::Query> parts;
    if (same.size() == 1) {
      parts.push_back(same.front());
    } else if (!same.empty()) {
      parts.emplace_back(Xapian::Query::OP_SYNONYM, same.begin(), same.end());
    }
    for (const auto& [term, weight] : expansion.entities) {
      if (entity_ranking_ && weight > 0) {
        auto* source = new Xapian::FixedWeightPostingSource(weight);
        parts.emplace_back(Xapian::Query::OP_FILTER, Xapian::Query(source->release()),
                           Xapian::Query(term));
      } else {
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), 0.0);
      }
    }
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
  }

 private:
  const std::vector<QueryBuilder::Expansion>& expansions_;
  const Xapian::Query::op& default_op_;
  Xapian::QueryParser& word_parser_;
  const bool& entity_ranking_;  // of the parse in progress
};

bool is_word_byte(unsigned char c) {
  return c >= 0x80 || std::isalnum(c) || c == '.' || c == '\'' || c == '-';
}

std::string join_prepared(const std::vector<QueryToken>& tokens) {
  std::string out;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (i > 0) out.push_back(' ');
    out += tokens[i].prepared;
  }
  return out;
}

// Returns the idf BM25 gives a term in `n` of `total` articles, kept positive (Lucene's form).
double idf(double total, double n) { return std::log(1 + (total - n + 0.5) / (n + 0.5)); }

}  // namespace

std::vector<QueryToken> tokenize_query(std::string_view query) {
  const bool keep_operators = has_lower_case(query);
  std::vector<QueryToken> tokens;
  bool in_phrase = false;
  std::size_t i = query.find_first_not_of(" \t\r\n");
  while (i != std::string_view::npos) {
    const std::size_t end = std::min(query.find_first_of(" \t\r\n", i), query.size());
    const std::string_view raw = query.substr(i, end - i);
    QueryToken token;
    const bool op = keep_operators && is_operator(raw);
    token.prepared = op ? std::string(raw) : text::normalize(raw);
    token.capitalised = has_upper_case(raw);
    const std::size_t quotes = std::count(raw.begin(), raw.end(), '"');
    const bool was_in_phrase = in_phrase;
    if (quotes % 2 == 1) in_phrase = !in_phrase;
    std::string_view word = token.prepared;
    while (!word.empty() && word.front() == '(') word.remove_prefix(1);
    while (!word.empty() &&
           std::string_view(");,!?.").find(word.back()) != std::string_view::npos) {
      word.remove_suffix(1);
    }
    token.word = std::string(word);
    token.word_start =
        word.empty() ? 0 : static_cast<std::size_t>(word.data() - token.prepared.data());
    token.plain = !op && !was_in_phrase && quotes == 0 && !word.empty() && word.front() != '+' &&
                  word.front() != '-' && std::all_of(word.begin(), word.end(), [](char c) {
                    return is_word_byte(static_cast<unsigned char>(c));
                  });
    const std::string_view pattern =
        word.empty() || (word.front() != '+' && word.front() != '-') ? word : word.substr(1);
    token.wildcard = !op && !was_in_phrase && quotes == 0 && pattern.size() > 1 &&
                     pattern.back() == '*' &&
                     std::all_of(pattern.begin(), pattern.end() - 1, [](char c) {
                       return static_cast<unsigned char>(c) >= 0x80 ||
                              std::isalnum(static_cast<unsigned char>(c));
                     });
    tokens.push_back(std::move(token));
    i = query.find_first_not_of(" \t\r\n", end);
  }
  return tokens;
}

std::vector<std::string> entity_targets(const Xapian::Database& db, const std::string& key) {
  std::vector<std::string> targets;
  if (key.empty()) return targets;
  auto add = [&targets](std::string term) {
    if (std::find(targets.begin(), targets.end(), term) == targets.end()) {
      targets.push_back(std::move(term));
    }
  };
  std::vector<std::string_view> prefixes;
  for (const schema::Field& field : schema::kFields) {
    if (field.kind != schema::FieldKind::kEntity ||
        std::find(prefixes.begin(), prefixes.end(), field.prefix) != prefixes.end()) {
      continue;
    }
    prefixes.push_back(field.prefix);
    std::string term(field.prefix);
    term += key;
    if (term.size() > schema::kMaxTermBytes) continue;
    if (db.term_exists(term)) add(term);
    for (auto it = db.synonyms_begin(term); it != db.synonyms_end(term); ++it) add(*it);
  }
  return targets;
}

EntityFieldProcessor::EntityFieldProcessor(const Xapian::Database& db,
                                           std::vector<std::string> prefixes)
    : db_(db), prefixes_(std::move(prefixes)) {}

Xapian::Query EntityFieldProcessor::operator()(const std::string& value) {
  const std::string key = entities::entity_key(value);
  std::vector<Xapian::Query> terms;
  for (const std::string& prefix : prefixes_) {
    const std::string term = prefix + key;
    if (db_.term_exists(term)) terms.emplace_back(term);
    for (auto it = db_.synonyms_begin(term); it != db_.synonyms_end(term); ++it) {
      terms.emplace_back(*it);
    }
  }
  if (terms.empty()) terms.emplace_back(prefixes_.front() + key);  // matches nothing
  // A filter selects; it must not add weight.
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                       Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()), 0.0);
}

std::string prepare_query_text(std::string_view query) {
  return join_prepared(tokenize_query(query));
}

QueryBuilder::QueryBuilder(const Xapian::Database& db, std::string today,
                           ExpansionOptions expansion)
    : db_(db),
      expansion_(expansion),
      // A database of an older schema (stale, still answered) has no phrase pair terms.
      phrase_pairs_(db.get_metadata(std::string(schema::kMetaSchemaVersion)) ==
                    schema::kSchemaVersion) {
  if (today.empty()) today = day_of(std::time(nullptr));
  for (Xapian::QueryParser* parser : {&parser_, &word_parser_}) {
    parser->set_database(db);
    parser->set_stemmer(Xapian::Stem(schema::kStemLanguage));
    parser->set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
    parser->set_stopper(&english_stopper());
  }
  auto* expansion_processor =
      new ExpansionProcessor(expansions_, default_op_, word_parser_, boost_entities_);
  parser_.add_prefix(std::string(kExpansionField), expansion_processor->release());
  parser_.add_prefix(std::string(kWildcardField), (new WordPrefixProcessor(db))->release());
  std::map<std::string_view, std::vector<std::string>> entity_fields;
  for (const schema::Field& field : schema::kFields) {
    const std::string name(field.name);
    switch (field.kind) {
      case schema::FieldKind::kText:
        parser_.add_prefix(name, std::string(field.prefix));
        break;
      case schema::FieldKind::kFilter:
        // Filters of one field OR together; different fields AND.
        parser_.add_boolean_prefix(name, std::string(field.prefix), &name);
        break;
      case schema::FieldKind::kEntity:
        entity_fields[field.name].emplace_back(field.prefix);
        break;
      case schema::FieldKind::kDate:
        parser_.add_boolean_prefix(name, (new DateFieldProcessor(today))->release(), &name);
        break;
    }
  }
  for (auto& [name, prefixes] : entity_fields) {
    const std::string field(name);
    auto* processor = new EntityFieldProcessor(db, std::move(prefixes));
    parser_.add_boolean_prefix(field, processor->release(), &field);
  }
}

Xapian::Query QueryBuilder::parse(const std::string& prepared, Xapian::Query::op default_op,
                                  unsigned flags) {
  parser_.set_default_op(default_op);
  default_op_ = default_op;
  const Xapian::Query query = parser_.parse_query(prepared, flags);
  // ADJ gives a phrase a wider window, which Xapian 1.4 does not show in the query it returns:
  // text that may hold it keeps its phrases as they are.
  if (!phrase_pairs_ || prepared.find("ADJ") != std::string::npos) return query;
  return text::with_phrase_pairs(query);
}

bool QueryBuilder::is_known(const std::string& word) const {
  return db_.term_exists(stemmer_(word)) ||
         !entity_targets(db_, entities::entity_key(word)).empty() ||
         (expansion_.synonyms != nullptr && expansion_.synonyms->find(word) != nullptr);
}

std::string QueryBuilder::expand(const std::vector<QueryToken>& tokens) {
  expansions_.clear();
  highlight_words_.clear();
  // NEAR and ADJ want words with positions; an expanded run has none to offer.
  for (const QueryToken& token : tokens) {
    if (!token.plain && (token.prepared.starts_with("NEAR") || token.prepared.starts_with("ADJ"))) {
      return join_prepared(tokens);
    }
  }
  const std::size_t longest =
      std::max(expansion_.aliases ? kMaxEntityWords : 1,
               expansion_.synonyms != nullptr ? expansion_.synonyms->longest() : 1);
  std::string out;
  auto append = [&out](std::string_view piece) {
    if (!out.empty()) out.push_back(' ');
    out += piece;
  };
  for (std::size_t i = 0; i < tokens.size();) {
    if (tokens[i].wildcard) {  // "(+presid*)" -> "(+newsdexwildcard:presid)"
      const QueryToken& token = tokens[i];
      const std::size_t sign = token.word.front() == '+' || token.word.front() == '-' ? 1 : 0;
      std::string piece = token.prepared.substr(0, token.word_start + sign);
      piece += kWildcardField;
      piece += ':';
      piece += token.word.substr(sign, token.word.size() - sign - 1);
      piece += token.prepared.substr(token.word_start + token.word.size());
      append(piece);
      ++i;
      continue;
    }
    if (!tokens[i].plain) {
      append(tokens[i].prepared);
      ++i;
      continue;
    }
    // The longest run of plain words from i that names an entity or has synonyms.
    std::size_t run = 0;
    Expansion expansion;
    std::string words;
    for (std::size_t n = 1; n <= longest && i + n <= tokens.size() && tokens[i + n - 1].plain;
         ++n) {
      const QueryToken& last = tokens[i + n - 1];
      // Punctuation inside a run ends it: "Trump, Putin" are two names.
      if (n > 1 && tokens[i + n - 2].word.size() !=
                       tokens[i + n - 2].prepared.size() - tokens[i + n - 2].word_start) {
        break;
      }
      if (n > 1 && last.word_start != 0) break;
      if (!words.empty()) words.push_back(' ');
      words += last.word;
      Expansion candidate;
      candidate.words = words;
      if (expansion_.synonyms != nullptr) {
        if (const auto* found = expansion_.synonyms->find(words)) candidate.alternatives = *found;
      }
      // A lone stop word typed in lower case is the word, not a name. "us" is left out of the
      // stop list so that "US" can be searched, but in lower case it is the pronoun.
      const bool stop_word = n == 1 && (english_stopper()(last.word) || last.word == "us");
      if (expansion_.aliases && n <= kMaxEntityWords && (!stop_word || last.capitalised)) {
        const std::vector<std::string> targets = entity_targets(db_, entities::entity_key(words));
        double total = 0;
        for (const std::string& term : targets) total += db_.get_termfreq(term);
        for (const std::string& term : targets) {
          const double n_docs = db_.get_termfreq(term);
          if (n_docs == 0) continue;
          // "Other" entities match but weigh nothing: that type is where the extractor puts
          // capitalised words it cannot place ("Harbour" from a headline).
          const double weight =
              term.starts_with(schema::kPrefixOther)
                  ? 0.0
                  : kEntityWeight * idf(db_.get_doccount(), n_docs) * n_docs / total;
          candidate.entities.emplace_back(term, weight);
        }
      }
      if (!candidate.alternatives.empty() || !candidate.entities.empty()) {
        run = n;
        expansion = std::move(candidate);
      }
    }
    if (run == 0) {
      append(tokens[i].prepared);
      ++i;
      continue;
    }
    for (const auto& [term, weight] : expansion.entities) {
      const std::size_t prefix = term.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
      if (prefix == std::string::npos) continue;
      std::string_view name = std::string_view(term).substr(prefix);
      while (!name.empty()) {
        const std::size_t space = std::min(name.find(' '), name.size());
        highlight_words_.emplace_back(name.substr(0, space));
        name.remove_prefix(std::min(space + 1, name.size()));
      }
    }
    // Keep what encloses the run: "(Zelenskyy)" -> "(newsdexexpansion:0)".
    const QueryToken& first = tokens[i];
    const QueryToken& last = tokens[i + run - 1];
    std::string piece = first.prepared.substr(0, first.word_start);
    piece += kExpansionField;
    piece += ':';
    piece += std::to_string(expansions_.size());
    piece += last.prepared.substr(last.word_start + last.word.size());
    append(piece);
    expansions_.push_back(std::move(expansion));
    i += run;
  }
  return out;
}

std::string QueryBuilder::spelling_suggestion(std::string_view text) const {
  std::vector<QueryToken> tokens = tokenize_query(text);
  bool changed = false;
  for (QueryToken& token : tokens) {
    if (!token.plain || !index::is_spelling_word(token.word)) continue;
    if (english_stopper()(token.word) || is_known(token.word)) continue;
    const std::string suggestion = db_.get_spelling_suggestion(token.word);
    if (suggestion.empty() || suggestion == token.word) continue;
    token.prepared.replace(token.word_start, token.word.size(), suggestion);
    token.word = suggestion;
    changed = true;
  }
  return changed ? join_prepared(tokens) : std::string();
}

BuiltQuery QueryBuilder::build(std::string_view text, std::size_t max_tiered_words) {
  const std::vector<QueryToken> tokens = tokenize_query(text);
  const std::string prepared = join_prepared(tokens);
  const std::string expanded = expand(tokens);
  // Long queries (descriptions, questions) are ranked by their words: a name in one is one
  // word among many, and boosting its entity cost MAP on CISI (scripts/eval-ranking).
  boost_entities_ = expansion_.entity_ranking;
  if (boost_entities_ && !expansions_.empty()) {
    try {
      boost_entities_ =
          count_words(parse(prepared, Xapian::Query::OP_OR, kFlags)) <= max_tiered_words;
    } catch (const Xapian::QueryParserError&) {
      // Judged below, on the expanded text.
    }
  }
  BuiltQuery built;
  Xapian::Query any_word;
  Xapian::Query every_word;
  try {
    try {
      any_word = parse(expanded, Xapian::Query::OP_OR, kFlags);
      every_word = parse(expanded, Xapian::Query::OP_AND, kFlags);
    } catch (const Xapian::QueryParserError&) {
      if (expanded == prepared) throw;
      // Syntax the expansions do not fit (NEAR around an expanded run): the words as typed.
      expansions_.clear();
      highlight_words_.clear();
      any_word = parse(prepared, Xapian::Query::OP_OR, kFlags);
      every_word = parse(prepared, Xapian::Query::OP_AND, kFlags);
    }
  } catch (const Xapian::QueryParserError& error) {
    expansions_.clear();
    highlight_words_.clear();
    built.fell_back = true;
    built.parser_error = error.get_msg();
    // Plain words: every character that is not a letter, digit or space becomes a space.
    std::string plain;
    for (char c : prepared) {
      const auto u = static_cast<unsigned char>(c);
      plain.push_back(u >= 0x80 || std::isalnum(u) ? c : ' ');
    }
    any_word = parse(plain, Xapian::Query::OP_OR, 0);
    every_word = parse(plain, Xapian::Query::OP_AND, 0);
  }
  if (any_word.empty()) return built;
  built.matching = any_word;
  built.highlight_words = highlight_words_;
  for (const Expansion& expansion : expansions_) {
    for (const auto& entity : expansion.entities) built.entities.push_back(entity.first);
  }
  built.word_count = count_words(any_word);
  // A phrase, or a single word, matches only with all its words: a tier would add one constant
  // to every match while making Xapian check each candidate's phrase twice (p99 on the 100k
  // archive was mostly such queries).
  if (built.word_count > max_tiered_words) {
    built.query = any_word;
    return built;
  }
  built.short_query = true;
  built.every_word = every_word;
  if (any_word.get_description() == every_word.get_description()) {
    built.query = any_word;
    return built;
  }
  // Articles with every word get a constant bonus on top of their BM25 weight, so they form a
  // first tier ranked by BM25, followed by the partial matches ranked by BM25.
  auto* bonus_source = new Xapian::FixedWeightPostingSource(kAllWordsBonus);
  const Xapian::Query bonus(Xapian::Query::OP_FILTER, Xapian::Query(bonus_source->release()),
                            every_word);
  built.query = Xapian::Query(Xapian::Query::OP_OR, any_word, bonus);
  built.tiered = true;
  return built;
}

}  // namespace newsdex::search
