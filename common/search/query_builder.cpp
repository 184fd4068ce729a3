// Query construction; see query_builder.hpp for the ranking contract.
#include "search/query_builder.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <array>
#include <cstddef>
#include <ctime>
#include <map>
#include <set>
#include <vector>

#include "entities/dictionary.hpp"
#include "schema.hpp"
#include "search/dates.hpp"
#include "search/stopwords.hpp"
#include "text/normalize.hpp"

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

constexpr unsigned kFlags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                            Xapian::QueryParser::FLAG_LOVEHATE |
                            Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_PURE_NOT;

// Returns the number of distinct words `query` ranks by: unprefixed terms and their stemmed
// ("Z") forms, counted once per stem. Filter and entity terms (upper-case prefixes) carry no
// weight and do not count.
std::size_t count_words(const Xapian::Query& query) {
  std::set<std::string> words;
  for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
    const std::string& term = *it;
    if (term.empty()) continue;
    if (term[0] == 'Z') {
      if (term.size() > 1 && !(term[1] >= 'A' && term[1] <= 'Z')) words.insert(term.substr(1));
    } else if (!(term[0] >= 'A' && term[0] <= 'Z')) {
      words.insert(term);
    }
  }
  return words.size();
}

}  // namespace

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
  const bool keep_operators = has_lower_case(query);
  std::string out;
  std::size_t i = 0;
  while (i < query.size()) {
    const std::size_t end = std::min(query.find_first_of(" \t\r\n", i), query.size());
    const std::string_view word = query.substr(i, end - i);
    out += keep_operators && is_operator(word) ? std::string(word) : text::normalize(word);
    if (end < query.size()) out.push_back(' ');
    i = query.find_first_not_of(" \t\r\n", end);
    if (i == std::string_view::npos) break;
  }
  return out;
}

QueryBuilder::QueryBuilder(const Xapian::Database& db, std::string today) {
  if (today.empty()) today = day_of(std::time(nullptr));
  parser_.set_database(db);
  parser_.set_stemmer(Xapian::Stem("english"));
  parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser_.set_stopper(&english_stopper());
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
  return parser_.parse_query(prepared, flags);
}

BuiltQuery QueryBuilder::build(std::string_view text, std::size_t max_tiered_words) {
  const std::string prepared = prepare_query_text(text);
  BuiltQuery built;
  Xapian::Query any_word;
  Xapian::Query every_word;
  try {
    any_word = parse(prepared, Xapian::Query::OP_OR, kFlags);
    every_word = parse(prepared, Xapian::Query::OP_AND, kFlags);
  } catch (const Xapian::QueryParserError& error) {
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
  built.word_count = count_words(any_word);
  if (built.word_count > max_tiered_words) {
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
