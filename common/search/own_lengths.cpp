// LengthBm25Source and the rewrite of a ranked query's text terms into them.
#include "search/own_lengths.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "schema.hpp"

namespace newsdex::search {
namespace {

void append_double(std::string& out, double value) {
  char bytes[sizeof value];
  std::memcpy(bytes, &value, sizeof value);
  out.append(bytes, sizeof value);
}

double read_double(const std::string& in, std::size_t at) {
  double value = 0;
  if (in.size() >= at + sizeof value) std::memcpy(&value, in.data() + at, sizeof value);
  return value;
}

}  // namespace

LengthBm25Source::LengthBm25Source(std::string term, const entities::FacetFile* file,
                                   Bm25Params params)
    : term_(std::move(term)), file_(file), params_(params) {}

void LengthBm25Source::init(const Xapian::Database& db) {
  it_ = db.postlist_begin(term_);
  end_ = db.postlist_end(term_);
  started_ = false;
  termfreq_ = db.get_termfreq(term_);
  // Xapian::BM25Weight::init without relevance data, wqf 1 and k3 1.
  const double documents = db.get_doccount();
  double ratio = (documents - termfreq_ + 0.5) / (termfreq_ + 0.5);
  if (ratio < 2) ratio = ratio * 0.5 + 1;  // Xapian's floor for terms in most documents
  termweight_ = std::log(ratio);
  const double average = db.get_avlength();
  length_factor_ = average != 0 ? 1 / average : 0;
  // Weights grow with wdf and fall with length, so this bounds them all.
  set_maxweight(
      termfreq_ == 0 ? 0 : weight(db.get_wdf_upper_bound(term_), db.get_doclength_lower_bound()));
}

double LengthBm25Source::weight(double wdf, double length) const {
  // Xapian::BM25Weight::get_sumpart, operation for operation, so the weights are the same.
  const double normlen = std::max(length * length_factor_, params_.min_normlen);
  const double denom = params_.k1 * (normlen * params_.b + (1 - params_.b)) + wdf;
  return termweight_ * (wdf / denom) * (params_.k1 + 1);
}

void LengthBm25Source::next(double /*min_wt*/) {
  if (started_) {
    ++it_;
  } else {
    started_ = true;
  }
}

void LengthBm25Source::skip_to(Xapian::docid did, double /*min_wt*/) {
  started_ = true;
  it_.skip_to(did);
}

double LengthBm25Source::get_weight() const {
  // Only a damaged facet file (a length of 0) could exceed the bound Xapian prunes by.
  return std::min(weight(it_.get_wdf(), file_->length(*it_)), get_maxweight());
}

LengthBm25Source* LengthBm25Source::clone() const {
  return new LengthBm25Source(term_, file_, params_);
}

std::string LengthBm25Source::serialise() const {
  std::string out;
  append_double(out, params_.k1);
  append_double(out, params_.b);
  append_double(out, params_.min_normlen);
  return out + term_;
}

LengthBm25Source* LengthBm25Source::unserialise(const std::string& serialised) const {
  const std::size_t header = 3 * sizeof(double);
  Bm25Params params{read_double(serialised, 0), read_double(serialised, sizeof(double)),
                    read_double(serialised, 2 * sizeof(double))};
  return new LengthBm25Source(serialised.size() > header ? serialised.substr(header) : "", file_,
                              params);
}

std::string LengthBm25Source::get_description() const {
  return "newsdex.LengthBm25Source(" + term_ + ")";
}

Xapian::Query with_own_lengths(const Xapian::Query& query, const entities::FacetFile& file,
                               const Bm25Params& params) {
  const auto type = query.get_type();
  if (type == Xapian::Query::LEAF_TERM) {
    const std::string term = *query.get_terms_begin();
    if (schema::text_stem(term).empty()) return query;  // a filter, entity or id term
    return Xapian::Query((new LengthBm25Source(term, &file, params))->release());
  }
  std::size_t weighed = 0;  // how many leading subqueries carry weight
  switch (type) {
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_MAX:
    case Xapian::Query::OP_AND_MAYBE:
      weighed = query.get_num_subqueries();
      break;
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_AND_NOT:
      weighed = 1;
      break;
    default:
      return query;
  }
  std::vector<Xapian::Query> parts;
  parts.reserve(query.get_num_subqueries());
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
    const Xapian::Query part = query.get_subquery(i);
    parts.push_back(i < weighed ? with_own_lengths(part, file, params) : part);
  }
  return Xapian::Query(static_cast<Xapian::Query::op>(type), parts.begin(), parts.end());
}

void register_length_sources(Xapian::Registry& registry, const entities::FacetFile* file) {
  const LengthBm25Source prototype("", file, Bm25Params{});
  registry.register_posting_source(prototype);
}

}  // namespace newsdex::search
