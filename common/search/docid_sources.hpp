// Weightless posting sources over docids, to split one match between threads by docid range
// and to rank a known set of candidates again.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace newsdex::search {

// Matches every docid from `first` to `last` (both included; the database's last docid at
// most), at weight 0. Meant as the right side of OP_FILTER, which keeps only the documents of
// the left side: it claims docids without checking that they exist.
class DocidRange : public Xapian::PostingSource {
 public:
  DocidRange(Xapian::docid first, Xapian::docid last) : first_(first), last_(last) {}

  void init(const Xapian::Database& db) override;
  // The number of docids in range, exact for a database without deletions.
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return size_; }
  Xapian::doccount get_termfreq_max() const override { return size_; }
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return at_ > end_; }
  Xapian::docid get_docid() const override { return at_; }
  // Returns a copy (Xapian clones a source for each match); the caller owns it.
  DocidRange* clone() const override { return new DocidRange(first_, last_); }
  std::string get_description() const override;

 private:
  Xapian::docid first_;
  Xapian::docid last_;
  Xapian::docid end_ = 0;  // last_, or the database's last docid when smaller
  Xapian::docid at_ = 0;   // 0: before the first
  Xapian::doccount size_ = 0;
};

// Matches the docids of `docids` (sorted, distinct), at weight 0: the right side of OP_FILTER
// for ranking a few known candidates again.
class DocidList : public Xapian::PostingSource {
 public:
  explicit DocidList(std::vector<Xapian::docid> docids) : docids_(std::move(docids)) {}

  void init(const Xapian::Database& db) override;
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return size(); }
  Xapian::doccount get_termfreq_max() const override { return size(); }
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return started_ && at_ >= docids_.size(); }
  Xapian::docid get_docid() const override { return docids_[at_]; }
  // Returns a copy (Xapian clones a source for each match); the caller owns it.
  DocidList* clone() const override { return new DocidList(docids_); }
  std::string get_description() const override;

 private:
  Xapian::doccount size() const { return static_cast<Xapian::doccount>(docids_.size()); }

  std::vector<Xapian::docid> docids_;
  std::size_t at_ = 0;
  bool started_ = false;
};

}  // namespace newsdex::search
