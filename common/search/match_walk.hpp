// Every document a boolean query matches, by merging posting lists, without Xapian's matcher.
#pragma once

#include <xapian.h>

#include <functional>
#include <memory>

namespace newsdex::search {

class WalkNode;  // a node of the walk's tree of posting lists (match_walk.cpp)

// Walks the matches of a boolean query a docid range at a time, so that threads can share one
// walk out in ranges (each thread with its own MatchWalk, on its own Database). The tree of
// posting lists is built once and only moves forward: ranges must come in increasing order.
class MatchWalk {
 public:
  // Builds the walk of `query` over `db`; both must outlive it. Throws Xapian::Error on
  // database errors.
  MatchWalk(const Xapian::Database& db, const Xapian::Query& query);
  ~MatchWalk();
  MatchWalk(const MatchWalk&) = delete;
  MatchWalk& operator=(const MatchWalk&) = delete;

  // Returns false when `query` holds an operator the walk does not evaluate (see walk_matches),
  // in which case walk() visits nothing.
  bool valid() const { return valid_; }

  // Calls `visit(docid)` for each match from `first` to `last` (both included) in increasing
  // order and returns how many there were. `first` must be greater than the previous call's
  // `last`. Throws Xapian::Error on database errors.
  Xapian::doccount walk(Xapian::docid first, Xapian::docid last,
                        const std::function<void(Xapian::docid)>& visit);

 private:
  std::unique_ptr<WalkNode> root_;
  bool valid_ = false;
  Xapian::docid at_ = 0;  // the root's current match (0: not started)
};

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
