// Relevance feedback from one article: its distinctive words and entities as a query.
#include "search/related.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>
#include <vector>

#include "index/document_builder.hpp"
#include "schema.hpp"
#include "search/stopwords.hpp"

namespace newsdex::search {
namespace {

// Accepts words (unprefixed terms: stems) of three or more characters that are neither stop
// words nor numbers.
class RelatedDecider : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override {
    if (term.size() < 3 || !schema::is_word_term(term)) return false;
    if (term.find_first_not_of("0123456789.,") == std::string::npos) return false;
    return !english_stopper()(term);
  }
};

bool is_entity_term(const std::string& term) {
  for (std::string_view prefix :
       {schema::kPrefixPerson, schema::kPrefixOrg, schema::kPrefixPlace, schema::kPrefixOther}) {
    if (term.size() > prefix.size() && term.starts_with(prefix) &&
        !(term[prefix.size()] >= 'A' && term[prefix.size()] <= 'Z')) {
      return true;
    }
  }
  return false;
}

}  // namespace

BuiltQuery related_query(const Xapian::Database& db, const std::string& id) {
  const std::string id_term = index::id_term(id);
  const Xapian::PostingIterator found = db.postlist_begin(id_term);
  if (found == db.postlist_end(id_term)) {
    throw std::runtime_error("no article with id \"" + id + "\" in the database");
  }
  const Xapian::docid docid = *found;
  BuiltQuery built;
  std::vector<Xapian::Query> parts;

  Xapian::Enquire enquire(db);
  Xapian::RSet article;
  article.add_document(docid);
  const RelatedDecider decider;
  const Xapian::ESet eset = enquire.get_eset(kRelatedWords, article, &decider);
  const double best = eset.empty() ? 1 : eset.begin().get_weight();
  for (auto it = eset.begin(); it != eset.end(); ++it) {
    parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it), it.get_weight() / best);
  }
  built.word_count = parts.size();

  // The rarest entities say most about what the story is about.
  std::vector<std::pair<double, std::string>> entities;
  const Xapian::Document doc = db.get_document(docid);
  const double total = db.get_doccount();
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    if (!is_entity_term(*it)) continue;
    const double n = it.get_termfreq();
    if (n <= 1) continue;  // in no other article
    entities.emplace_back(std::log(1 + (total - n + 0.5) / (n + 0.5)), *it);
  }
  std::sort(entities.begin(), entities.end(), std::greater<>());
  if (entities.size() > kRelatedEntities) entities.resize(kRelatedEntities);
  for (const auto& [idf, term] : entities) {
    auto* source = new Xapian::FixedWeightPostingSource(kEntityWeight * idf);
    parts.emplace_back(Xapian::Query::OP_FILTER, Xapian::Query(source->release()),
                       Xapian::Query(term));
    built.entities.push_back(term);
  }
  if (parts.empty()) return built;  // nothing to go by: no related articles
  built.query = Xapian::Query(Xapian::Query::OP_AND_NOT,
                              Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()),
                              Xapian::Query(id_term));
  built.matching = built.query;
  return built;
}

}  // namespace newsdex::search
