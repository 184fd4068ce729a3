// Posting-list merging for walk_matches: a tree of nodes that each skip to their next match.
#include "search/match_walk.hpp"

#include <algorithm>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace newsdex::search {

// A matcher over docids: skip_to(did) moves to the first match at or after `did` and returns
// it, or kEnd when there is none. Calls come with non-decreasing arguments.
class WalkNode {
 public:
  virtual ~WalkNode() = default;
  virtual Xapian::docid skip_to(Xapian::docid did) = 0;
};

namespace {

using Node = WalkNode;

constexpr Xapian::docid kEnd = std::numeric_limits<Xapian::docid>::max();

class TermNode : public Node {
 public:
  TermNode(const Xapian::Database& db, const std::string& term)
      : it_(db.postlist_begin(term)), end_(db.postlist_end(term)) {}
  Xapian::docid skip_to(Xapian::docid did) override {
    if (it_ != end_ && *it_ < did) {
      // Mostly the walk asks for the posting after the one it just took: a plain step.
      if (*it_ + 1 == did) {
        ++it_;
      } else {
        it_.skip_to(did);
      }
    }
    return it_ == end_ ? kEnd : *it_;
  }

 private:
  Xapian::PostingIterator it_;
  Xapian::PostingIterator end_;
};

class OrNode : public Node {
 public:
  explicit OrNode(std::vector<std::unique_ptr<Node>> children)
      : children_(std::move(children)), at_(children_.size(), 0) {}
  Xapian::docid skip_to(Xapian::docid did) override {
    Xapian::docid least = kEnd;
    for (std::size_t i = 0; i < children_.size(); ++i) {
      if (at_[i] < did) at_[i] = children_[i]->skip_to(did);
      least = std::min(least, at_[i]);
    }
    return least;
  }

 private:
  std::vector<std::unique_ptr<Node>> children_;
  std::vector<Xapian::docid> at_;  // each child's position (0: not started)
};

class AndNode : public Node {
 public:
  explicit AndNode(std::vector<std::unique_ptr<Node>> children) : children_(std::move(children)) {}
  Xapian::docid skip_to(Xapian::docid did) override {
    Xapian::docid target = did;
    std::size_t agreeing = 0;  // children known to be at `target`
    for (std::size_t i = 0; agreeing < children_.size(); i = (i + 1) % children_.size()) {
      const Xapian::docid at = children_[i]->skip_to(target);
      if (at == kEnd) return kEnd;
      if (at == target) {
        ++agreeing;
      } else {
        target = at;
        agreeing = 1;
      }
    }
    return target;
  }

 private:
  std::vector<std::unique_ptr<Node>> children_;
};

class AndNotNode : public Node {
 public:
  AndNotNode(std::unique_ptr<Node> kept, std::unique_ptr<Node> removed)
      : kept_(std::move(kept)), removed_(std::move(removed)) {}
  Xapian::docid skip_to(Xapian::docid did) override {
    for (Xapian::docid target = did;; ++target) {
      target = kept_->skip_to(target);
      if (target == kEnd || removed_->skip_to(target) != target) return target;
    }
  }

 private:
  std::unique_ptr<Node> kept_;
  std::unique_ptr<Node> removed_;
};

// Returns true when `query` matches every document: match-all, or a fixed-weight source.
bool matches_all(const Xapian::Query& query) {
  if (query.get_type() == Xapian::Query::LEAF_MATCH_ALL) return true;
  // Xapian 1.4 has no accessor for a query's source; its description names the class. A
  // FixedWeightPostingSource (entity boosts, the all-words bonus) matches every document.
  return query.get_type() == Xapian::Query::LEAF_POSTING_SOURCE &&
         query.get_description().starts_with(
             "Query(PostingSource(Xapian::FixedWeightPostingSource(");
}

// Returns the node of `term`'s posting list ("" lists every document) or, without a database,
// a node that matches nothing: enough for walkable() to judge a query's shape.
std::unique_ptr<Node> leaf(const Xapian::Database* db, const std::string& term) {
  if (db == nullptr) return std::make_unique<OrNode>(std::vector<std::unique_ptr<Node>>{});
  return std::make_unique<TermNode>(*db, term);
}

// Returns the node for `query`, or null when it holds an operator walk_matches does not take.
std::unique_ptr<Node> node_for(const Xapian::Database* db, const Xapian::Query& query) {
  const auto children = [&](std::size_t from) {
    std::vector<std::unique_ptr<Node>> nodes;
    for (std::size_t i = from; i < query.get_num_subqueries(); ++i) {
      auto node = node_for(db, query.get_subquery(i));
      if (!node) return std::vector<std::unique_ptr<Node>>{};
      nodes.push_back(std::move(node));
    }
    return nodes;
  };
  switch (query.get_type()) {
    case Xapian::Query::LEAF_TERM:
      return leaf(db, *query.get_terms_begin());
    case Xapian::Query::LEAF_MATCH_ALL:
    case Xapian::Query::LEAF_POSTING_SOURCE:
      if (!matches_all(query)) return nullptr;
      return leaf(db, std::string());
    case Xapian::Query::LEAF_MATCH_NOTHING:
      return std::make_unique<OrNode>(std::vector<std::unique_ptr<Node>>{});
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX: {
      auto nodes = children(0);
      if (nodes.size() != query.get_num_subqueries()) return nullptr;
      return std::make_unique<OrNode>(std::move(nodes));
    }
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_FILTER: {
      // A side that matches everything narrows nothing (an entity boost filtered by its term).
      std::vector<std::unique_ptr<Node>> nodes;
      for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
        const Xapian::Query side = query.get_subquery(i);
        if (matches_all(side)) continue;
        auto node = node_for(db, side);
        if (!node) return nullptr;
        nodes.push_back(std::move(node));
      }
      if (nodes.empty()) return leaf(db, std::string());
      if (nodes.size() == 1) return std::move(nodes.front());
      return std::make_unique<AndNode>(std::move(nodes));
    }
    case Xapian::Query::OP_AND_NOT: {
      if (query.get_num_subqueries() < 2) return nullptr;
      auto kept = node_for(db, query.get_subquery(0));
      auto removed = children(1);
      if (!kept || removed.size() != query.get_num_subqueries() - 1) return nullptr;
      return std::make_unique<AndNotNode>(std::move(kept),
                                          std::make_unique<OrNode>(std::move(removed)));
    }
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_SCALE_WEIGHT:
      if (query.get_num_subqueries() < 1) return nullptr;
      return node_for(db, query.get_subquery(0));
    default:
      return nullptr;
  }
}

}  // namespace

MatchWalk::MatchWalk(const Xapian::Database& db, const Xapian::Query& query) {
  if (query.empty()) {  // matches nothing
    valid_ = true;
    at_ = kEnd;
    return;
  }
  root_ = node_for(&db, query);
  valid_ = root_ != nullptr;
}

MatchWalk::~MatchWalk() = default;

Xapian::doccount MatchWalk::walk(Xapian::docid first, Xapian::docid last,
                                 const std::function<void(Xapian::docid)>& visit) {
  if (!root_ || first == 0 || first > last) return 0;
  if (at_ < first) at_ = root_->skip_to(first);
  Xapian::doccount visited = 0;
  while (at_ <= last && at_ != kEnd) {
    visit(at_);
    ++visited;
    at_ = root_->skip_to(at_ + 1);
  }
  return visited;
}

bool walk_matches(const Xapian::Database& db, const Xapian::Query& query,
                  const std::function<void(Xapian::docid)>& visit) {
  MatchWalk walk(db, query);
  if (!walk.valid()) return false;
  walk.walk(1, kEnd - 1, visit);
  return true;
}

bool walkable(const Xapian::Query& query) {
  return query.empty() || node_for(nullptr, query) != nullptr;
}

}  // namespace newsdex::search
