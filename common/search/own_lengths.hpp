// BM25 over document lengths read from the facet file instead of Xapian's length list.
//
// Xapian reads a candidate's length by scanning its document-length list entry by entry, and
// over the bench queries that scan is most of a ranked match's time (README, "Document lengths
// are most of a ranked query's cost"). Xapian 1.4's Weight is not told the docid, so a weight
// cannot look a length up itself; a PostingSource is, so the text terms of a ranked query are
// turned into LengthBm25Sources that give exactly Xapian's BM25 weights from the facet file's
// array of lengths.
#pragma once

#include <xapian.h>

#include <string>

#include "entities/facet_file.hpp"

namespace newsdex::search {

// BM25's parameters, as Xapian::BM25Weight takes them (with k2 = 0 and k3 = 1).
struct Bm25Params {
  double k1 = 1.2;
  double b = 0.75;
  double min_normlen = 0.5;
};

// The posting list of one term, weighted as Xapian::BM25Weight(k1, 0, 1, b, min_normlen) weighs
// it for a query term of wqf 1 (as the query parser makes them), with lengths from `file`.
// `file` is not owned and must outlive the source and its clones; it must be the facet file of
// the database the source is used on (FacetFile::open checks the revision). Serialisable, so a
// query holding it can be copied to another thread through a Xapian::Registry that holds
// a prototype (register_length_sources).
class LengthBm25Source : public Xapian::PostingSource {
 public:
  LengthBm25Source(std::string term, const entities::FacetFile* file, Bm25Params params);

  Xapian::doccount get_termfreq_min() const override { return termfreq_; }
  Xapian::doccount get_termfreq_est() const override { return termfreq_; }
  Xapian::doccount get_termfreq_max() const override { return termfreq_; }
  void init(const Xapian::Database& db) override;
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return started_ && it_ == end_; }
  Xapian::docid get_docid() const override { return *it_; }
  double get_weight() const override;
  LengthBm25Source* clone() const override;
  std::string name() const override { return "newsdex.LengthBm25Source"; }
  std::string serialise() const override;
  LengthBm25Source* unserialise(const std::string& serialised) const override;
  std::string get_description() const override;

 private:
  // Returns the weight of a document with `wdf` occurrences and length `length`.
  double weight(double wdf, double length) const;

  std::string term_;
  const entities::FacetFile* file_;
  Bm25Params params_;
  Xapian::PostingIterator it_;
  Xapian::PostingIterator end_;
  bool started_ = false;
  Xapian::doccount termfreq_ = 0;
  double termweight_ = 0;
  double length_factor_ = 0;
};

// Returns `query` with the text terms (schema.hpp: unprefixed and title terms) that it weighs
// with plain BM25 (under OR, AND, XOR, MAX, both sides of AND_MAYBE and the left side of FILTER
// and AND_NOT) replaced by LengthBm25Sources over `file`. Everything else is kept as it is:
// phrases and NEAR (they need positions), synonyms (their words are weighed together), scaled
// subqueries (Xapian 1.4 does not tell the scale), wildcards, filters and other sources. The
// query matches the same documents with the same weights. Never throws except std::bad_alloc.
Xapian::Query with_own_lengths(const Xapian::Query& query, const entities::FacetFile& file,
                               const Bm25Params& params);

// Adds a prototype LengthBm25Source over `file` to `registry`, so that Query::unserialise can
// rebuild the sources of a serialised query. `file` must outlive the registry's use.
void register_length_sources(Xapian::Registry& registry, const entities::FacetFile* file);

}  // namespace newsdex::search
