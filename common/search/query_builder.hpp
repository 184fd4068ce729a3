// User query text -> Xapian::Query, driven by the schema's field tables.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace newsdex::search {

// Returns the query text the parser sees: each word normalised by text::normalize, except
// that the operators AND, OR, NOT, XOR, NEAR and ADJ keep their case when the query also holds
// lower-case letters. A query typed entirely in capitals thus means what it means in lower
// case. Throws std::runtime_error when ICU fails.
std::string prepare_query_text(std::string_view query);

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

struct BuiltQuery {
  Xapian::Query query;       // what to match and rank
  bool fell_back = false;    // the parser rejected the syntax; plain words were used
  std::string parser_error;  // the parser's message when fell_back
};

// Builds queries against one database (for wildcard expansion and stop-word statistics).
// Not thread-safe; the database must outlive it.
class QueryBuilder {
 public:
  explicit QueryBuilder(const Xapian::Database& db);

  // Returns the query for `text`: Xapian's syntax (phrases, AND/OR/NOT, +/-, title:, filter
  // fields such as person:"marco rubio", trailing wildcards) over normalised, stemmed words.
  // Articles that match every word rank above those that match only some, which still
  // follow. Syntax the parser rejects falls back to the plain words. Returns an empty query
  // for text without words. Throws std::runtime_error when ICU fails.
  BuiltQuery build(std::string_view text);

 private:
  Xapian::Query parse(const std::string& prepared, Xapian::Query::op default_op, unsigned flags);

  Xapian::QueryParser parser_;
};

// The weight added to articles that match every word, larger than any BM25 sum.
inline constexpr double kAllWordsBonus = 1e6;

}  // namespace newsdex::search
