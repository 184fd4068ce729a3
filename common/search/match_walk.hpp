// Every document a boolean query matches, by merging posting lists, without Xapian's matcher.
#pragma once

#include <xapian.h>

#include <functional>

namespace newsdex::search {

// Calls `visit(docid)` for each document of `db` that `query` matches, in increasing docid
// order, and returns true; or returns false, having called nothing, when `query` holds an
// operator this walk does not evaluate (phrases, NEAR, value ranges, wildcards, XOR, elite sets,
// and posting sources but Xapian::FixedWeightPostingSource, which matches every document).
// It evaluates terms, match-all and match-nothing, OR, SYNONYM, MAX, AND, FILTER, AND_NOT,
// AND_MAYBE (its left side) and SCALE_WEIGHT: the shapes of QueryBuilder's queries of plain
// words, names and filters. Counting with it visits the same documents as an Enquire walk with
// BoolWeight, at a few posting-list steps per match instead of the matcher's bookkeeping (about
// 600 instructions per match for a two-word OR). Throws Xapian::Error on database errors.
bool walk_matches(const Xapian::Database& db, const Xapian::Query& query,
                  const std::function<void(Xapian::docid)>& visit);

// Returns true when walk_matches takes `query` (would not return false), judging its shape
// alone. Never throws.
bool walkable(const Xapian::Query& query);

}  // namespace newsdex::search
