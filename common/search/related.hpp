// "More like this": the query that finds the articles most like a given one.
#pragma once

#include <xapian.h>

#include <string>

#include "search/query_builder.hpp"

namespace newsdex::search {

// How much of an article --related goes by: its best words (stemmed terms) and its rarest
// entities shared with other articles.
inline constexpr Xapian::termcount kRelatedWords = 30;
inline constexpr std::size_t kRelatedEntities = 20;

// Returns the query for the articles most like the article whose id is `id`, never matching
// that article itself: relevance feedback with the article as the only relevant document.
// Its kRelatedWords best words by Xapian's expand weight (stop words, numbers and words under
// three letters left out) are ORed, each weighted by its share of the best word's expand
// weight, together with its kRelatedEntities rarest entities, each adding kEntityWeight times
// its idf (as entity-aware ranking does). BuiltQuery::entities lists those entities.
// Throws std::runtime_error when no article has that id, Xapian::Error on database errors.
BuiltQuery related_query(const Xapian::Database& db, const std::string& id);

}  // namespace newsdex::search
