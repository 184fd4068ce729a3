// Phrase pairs: terms for adjacent common stems, so that phrases of common words match fast.
//
// Xapian checks a phrase candidate by candidate, reading both words' positions in each article
// that has both. Phrases of common words ("share of", "last year") have tens of thousands of
// such candidates on a 100k archive, and a phrase with one very common word ("the european",
// "able to") as many as its rarer word has articles; these were the slowest queries by far. So
// the indexer adds, for each pair of adjacent words that are both among a fixed list of common
// stems, or of which one is among the few most common stems, one boolean term
// (schema::kPrefixPhrasePair + first stem + ' ' + second stem), in the manner of Lucene's
// CommonGrams; and a phrase whose adjacent words are all such pairs is matched by those terms
// instead of by positions. Other phrases keep Xapian's check: their rarer words bound their
// candidates. The pairs are boolean terms (no wdf), so document lengths, and with them every
// weight, stay as they were.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

namespace newsdex::text {

// Returns true when `stem` (a word term) is on the list of common stems whose adjacent pairs
// are indexed. The list belongs to the schema: changing it needs a new schema version. Never
// throws.
bool is_common_stem(std::string_view stem);

// Returns true when the pair of adjacent stems `first`, `second` (word terms) is indexed: both
// are common stems, or either is one of the most common. Never throws.
bool indexes_pair(std::string_view first, std::string_view second);

// Returns the phrase pair term for the stems `first` and `second`. Never throws except
// std::bad_alloc.
std::string pair_term(std::string_view first, std::string_view second);

// Adds to `doc` the phrase pair term of every two word terms (schema::is_word_term) at adjacent
// positions whose pair is indexed (indexes_pair), as boolean terms. `doc` holds the terms of a term
// generator (with positions). Never throws except std::bad_alloc.
void add_phrase_pairs(Xapian::Document& doc);

// Returns `query` with each exact phrase of two or more word terms whose adjacent pairs are
// all indexed (indexes_pair) matched by their pair terms: a two-word phrase becomes its pair term
// AND_MAYBE the AND of its words (the same matches, weighed as Xapian weighs the phrase: by its
// words; the pair, boolean, weighs nothing, and Xapian estimates the match count from its
// frequency), a longer one stays a phrase filtered by its pairs, so that positions are read only
// where every pair is. Phrases are found under OR, AND, XOR, MAX, AND_MAYBE, FILTER and
// AND_NOT; the rest of the query is left as it is. Only for a database whose articles were
// indexed with add_phrase_pairs, and only for queries whose OP_PHRASE nodes are exact phrases
// (window = number of words: not the parser's ADJ, which widens it). Never throws except
// std::bad_alloc.
Xapian::Query with_phrase_pairs(const Xapian::Query& query);

}  // namespace newsdex::text
