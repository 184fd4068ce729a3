// Docid range and docid list posting sources (search/docid_sources.hpp).
#include "search/docid_sources.hpp"

#include <algorithm>
#include <cstddef>
#include <string>

namespace newsdex::search {

void DocidRange::init(const Xapian::Database& db) {
  end_ = std::min(last_, db.get_lastdocid());
  at_ = 0;
  size_ = end_ >= first_ && first_ > 0 ? std::min(end_ - first_ + 1, db.get_doccount()) : 0;
  if (first_ == 0) end_ = 0;  // docids start at 1: an empty range
}

void DocidRange::next(double /*min_wt*/) { at_ = at_ < first_ ? first_ : at_ + 1; }

void DocidRange::skip_to(Xapian::docid did, double /*min_wt*/) {
  // Never backwards; the first call may land anywhere from first_ on.
  at_ = std::max({at_, did, first_});
}

std::string DocidRange::get_description() const {
  return "DocidRange(" + std::to_string(first_) + ", " + std::to_string(last_) + ")";
}

void DocidList::init(const Xapian::Database& /*db*/) {
  at_ = 0;
  started_ = false;
}

void DocidList::next(double /*min_wt*/) {
  if (started_) {
    ++at_;
  } else {
    started_ = true;
  }
}

void DocidList::skip_to(Xapian::docid did, double /*min_wt*/) {
  started_ = true;
  if (at_ < docids_.size() && docids_[at_] >= did) return;
  at_ = static_cast<std::size_t>(
      std::lower_bound(docids_.begin() + static_cast<std::ptrdiff_t>(at_), docids_.end(), did) -
      docids_.begin());
}

std::string DocidList::get_description() const {
  return "DocidList(" + std::to_string(docids_.size()) + " docids)";
}

}  // namespace newsdex::search
