// Query execution: builds the query, runs Enquire, reads hits and cuts snippets.
#include "search/searcher.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "index/document_builder.hpp"
#include "schema.hpp"
#include "search/query_builder.hpp"

namespace newsdex::search {
namespace {

// Counting matches exactly up to this many keeps the header honest for ordinary queries
// without walking huge result sets.
constexpr Xapian::doccount kExactCountUpTo = 10000;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::vector<Facet> collect_facets(const EntityFacetSpy& spy,
                                  const std::vector<entities::EntityType>& types,
                                  std::size_t limit) {
  std::vector<Facet> facets;
  for (entities::EntityType type : entities::kAllEntityTypes) {
    if (!types.empty() && std::find(types.begin(), types.end(), type) == types.end()) continue;
    facets.push_back({type, spy.top(type, limit)});
  }
  return facets;
}

}  // namespace

Xapian::Database open_database(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    throw std::runtime_error("no database at " + path.string() +
                             "; build one with: newsdex-index --db " + path.string() +
                             " FILE_OR_DIRECTORY...");
  }
  Xapian::Database db;
  try {
    db = Xapian::Database(path.string());
  } catch (const Xapian::DatabaseOpeningError& e) {
    throw std::runtime_error("cannot open database " + path.string() + ": " + e.get_msg());
  }
  const std::string version = db.get_metadata(std::string(schema::kMetaSchemaVersion));
  if (version != schema::kSchemaVersion && !(version.empty() && db.get_doccount() == 0)) {
    throw std::runtime_error("database " + path.string() + " has schema version " +
                             (version.empty() ? std::string("(none)") : version) +
                             " but this newsdex reads version " +
                             std::string(schema::kSchemaVersion) +
                             "; rebuild it with newsdex-index into a new location");
  }
  return db;
}

SearchResults search(const Xapian::Database& db, const SearchRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  SearchResults results;
  results.query = request.query;
  QueryBuilder builder(db);
  const BuiltQuery built = builder.build(request.query);
  results.fell_back = built.fell_back;
  if (!built.query.empty()) {
    Xapian::Enquire enquire(db);
    enquire.set_query(built.query);
    EntityFacetSpy spy(db, request.facet_file);
    Xapian::doccount check_at_least = kExactCountUpTo;
    if (request.facets) {
      enquire.add_matchspy(&spy);
      check_at_least = db.get_doccount();
    }
    const auto offset = static_cast<Xapian::doccount>(request.offset);
    const auto limit = static_cast<Xapian::doccount>(request.limit);
    const Xapian::MSet mset =
        enquire.get_mset(offset, limit, std::max(check_at_least, offset + limit));
    if (request.facets) results.facets = collect_facets(spy, {}, request.facet_limit);
    results.total = mset.get_matches_estimated();
    results.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    const Highlighter highlighter(built.query);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      Hit hit;
      hit.rank = it.get_rank() + 1;
      const double weight = it.get_weight();
      hit.score = weight >= kAllWordsBonus ? weight - kAllWordsBonus : weight;
      hit.article = index::parse_data(it.get_document().get_data());
      hit.snippet = highlighter.make(hit.article.body, request.snippet_bytes);
      hit.article.body.clear();
      results.hits.push_back(std::move(hit));
    }
  }
  results.seconds = seconds_since(start);
  return results;
}

EntityListing list_entities(const Xapian::Database& db, const std::string& query,
                            const std::vector<entities::EntityType>& types, std::size_t limit,
                            const entities::FacetFile* facet_file) {
  const auto start = std::chrono::steady_clock::now();
  EntityListing listing;
  listing.query = query;
  Xapian::Query match = Xapian::Query::MatchAll;
  if (!query.empty()) {
    QueryBuilder builder(db);
    match = builder.build(query).query;
  }
  EntityFacetSpy spy(db, facet_file);
  if (!match.empty()) {
    Xapian::Enquire enquire(db);
    enquire.set_query(match);
    // Ranking is irrelevant to counting; skipping weights is cheaper.
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, db.get_doccount());
  }
  listing.total = static_cast<Xapian::doccount>(spy.documents_seen());
  listing.facets = collect_facets(spy, types, limit);
  listing.seconds = seconds_since(start);
  return listing;
}

}  // namespace newsdex::search
