// User query text -> Xapian::Query, driven by the schema's field tables.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "schema.hpp"
#include "search/synonyms.hpp"

namespace newsdex::search {

// Returns the query text the parser sees: each word normalised by text::normalize, except
// that the operators AND, OR, NOT, XOR, NEAR and ADJ keep their case when the query also holds
// lower-case letters. A query typed entirely in capitals thus means what it means in lower
// case. Throws std::runtime_error when ICU fails.
std::string prepare_query_text(std::string_view query);

// One white-space separated piece of a query.
struct QueryToken {
  std::string prepared;        // as prepare_query_text makes it
  std::string word;            // `prepared` without enclosing ( ) and trailing , ; ! ? .
  std::size_t word_start = 0;  // where `word` starts in `prepared`
  bool plain = false;          // an ordinary word: no operator, field, wildcard, +/-, phrase
  bool wildcard = false;       // letters or digits then '*', maybe after + or -; no phrase
  bool capitalised = false;    // typed with an upper-case letter
};

// Returns the tokens of `query`; joined by single spaces their `prepared` texts give
// prepare_query_text(query). Throws std::runtime_error when ICU fails.
std::vector<QueryToken> tokenize_query(std::string_view query);

// Returns the canonical entity terms (schema.hpp) that the entity key `key` names in `db`: the
// entity's own term when indexed, and those the synonym table maps `key` to under each entity
// prefix (aliases such as "zelenskyy" or "us"). Throws Xapian::Error on database errors.
std::vector<std::string> entity_targets(const Xapian::Database& db, const std::string& key);

// Turns the value of an entity filter (`person:"Zelenskyy"`) into the entity's term: the
// canonical term when the value's key is indexed, plus whatever canonical terms the database's
// synonym table maps it to (aliases). Values that name nothing match nothing.
class EntityFieldProcessor : public Xapian::FieldProcessor {
 public:
  // Searches the given term prefixes of `db`, which must outlive this object.
  EntityFieldProcessor(const Xapian::Database& db, std::vector<std::string> prefixes);

  // Returns a weightless OR of the matching terms. Throws Xapian::Error on database errors.
  Xapian::Query operator()(const std::string& value) override;

 private:
  const Xapian::Database& db_;
  std::vector<std::string> prefixes_;
};

// The weight added to articles that match every word, larger than any BM25 sum.
inline constexpr double kAllWordsBonus = 1e6;

// Queries of up to this many distinct words get the all-words tier. Names and keywords are
// short, and there an article missing one is usually about something else. In a long
// natural-language query (a question, a description) every word is rarely needed and seldom
// all present, so the tier is left out and BM25 alone ranks; that also lets relevance feedback
// (searcher.cpp) reorder freely. On CISI and MED, whose queries are long, the tier made no
// measurable difference either way (scripts/eval-ranking).
inline constexpr std::size_t kMaxTieredWords = 5;

// Entity-aware ranking: an article tagged with an entity that query words name gains this many
// times the entity term's BM25 idf (ln(1 + (N - n + 0.5) / (n + 0.5))), shared among the
// entities the words may name by how many articles each is in. 2.2 is k1 + 1 at k1 = 1.2: the
// most one word can weigh in BM25, as if the entity were a word the article uses often. People,
// organisations and places only: "other" is where the extractor puts capitalised words it
// cannot place, so those entities match but add no weight.
inline constexpr double kEntityWeight = 2.2;

// Query words are looked up as entity names of up to this many words ("united states of
// america").
inline constexpr std::size_t kMaxEntityWords = 4;

struct BuiltQuery {
  Xapian::Query query;         // what to match and rank
  Xapian::Query matching;      // the same matches as `query`, without the tier's bonus: cheaper
                               // to walk when only the matches count, not their order
  std::size_t word_count = 0;  // distinct ranked words (stop words and filters excluded)
  bool short_query = false;    // at most max_tiered_words words: a name or keywords
  bool tiered = false;         // `query` ranks articles with every word first
  Xapian::Query every_word;    // when short: the articles with every word, unranked
  bool fell_back = false;      // the parser rejected the syntax; plain words were used
  std::string parser_error;    // the parser's message when fell_back
  // Normalised words of the entities the query's words name (their canonical names), so that
  // snippets highlight "Zelensky" for the query "Zelenskyy".
  std::vector<std::string> highlight_words;
  std::vector<std::string> entities;  // canonical terms of those entities
};

// How a query's words are expanded.
struct ExpansionOptions {
  const Synonyms* synonyms = nullptr;  // the user's synonyms (not owned); null: none
  // Words naming an entity also match the entity's articles; with entity_ranking those
  // articles also gain weight (kEntityWeight). Without, they match at no weight.
  bool aliases = true;
  bool entity_ranking = true;
};

// Builds queries against one database (for wildcard expansion and stop-word statistics).
// Not thread-safe; the database must outlive it.
class QueryBuilder {
 public:
  // `today` ("YYYYMMDD") anchors relative dates in `date:` (search/dates.hpp); empty: the
  // current day in UTC.
  explicit QueryBuilder(const Xapian::Database& db, std::string today = {},
                        ExpansionOptions expansion = {});
  QueryBuilder(const QueryBuilder&) = delete;  // the parser's field processor points into it
  QueryBuilder& operator=(const QueryBuilder&) = delete;

  // Returns the query for `text`: Xapian's syntax (phrases, AND/OR/NOT, +/-, title:, filter
  // fields such as person:"marco rubio", trailing wildcards) over normalised, stemmed words.
  // For queries of at most `max_tiered_words` distinct words, articles that match every word
  // rank above those that match only some, which still follow; longer queries (questions,
  // descriptions) are ranked by BM25 alone. Syntax the parser rejects falls back to the plain
  // words. Returns an empty query for text without words. Throws std::runtime_error when ICU
  // fails.
  //
  // Plain words (outside phrases and fields) that name an entity of the database, alone or
  // as a run of up to kMaxEntityWords words, or that have user synonyms, are expanded: the
  // run matches its own words, or any of its synonyms, or (with aliases) articles tagged with
  // the entity, which then rank higher (entity_ranking; in queries of at most
  // `max_tiered_words` words only, as the all-words tier). A stop word (or "us") names an entity
  // only when typed with a capital ("US", not "us").
  BuiltQuery build(std::string_view text, std::size_t max_tiered_words = kMaxTieredWords);

  // Returns `text` as prepare_query_text gives it with each misspelt plain word replaced by the
  // database's spelling suggestion, or an empty string when there is nothing to correct. A word
  // is corrected only when the database has no such word, entity or alias and the synonyms
  // have no such entry: words of the index are never "corrected". Throws Xapian::Error on
  // database errors and std::runtime_error when ICU fails.
  std::string spelling_suggestion(std::string_view text) const;

  // What a run of query words expands to (see build).
  struct Expansion {
    std::string words;                                     // normalised, for word_parser_
    std::vector<std::string> alternatives;                 // the user's synonyms
    std::vector<std::pair<std::string, double>> entities;  // canonical term, weight
  };

 private:
  Xapian::Query parse(const std::string& prepared, Xapian::Query::op default_op, unsigned flags);
  // Returns `tokens` joined, with each expanded run replaced by a reference to expansions_.
  std::string expand(const std::vector<QueryToken>& tokens);
  bool is_known(const std::string& word) const;

  const Xapian::Database& db_;
  ExpansionOptions expansion_;
  Xapian::QueryParser parser_;
  // Parses the words of an expanded run the way parser_ would (no fields or syntax).
  Xapian::QueryParser word_parser_;
  Xapian::Stem stemmer_{schema::kStemLanguage};
  std::vector<Expansion> expansions_;
  Xapian::Query::op default_op_ = Xapian::Query::OP_OR;  // of the parse in progress
  std::vector<std::string> highlight_words_;
  bool boost_entities_ = true;  // of the parse in progress: entity_ranking, short queries only
  bool phrase_pairs_;           // the database has phrase pair terms (text/phrase_pairs.hpp)
};

}  // namespace newsdex::search
