// Running a query against a newsdex database: matching, ranking, paging and snippets.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "article.hpp"
#include "entities/entity.hpp"
#include "search/facets.hpp"
#include "search/snippet.hpp"

namespace newsdex::search {

// Returns the database at `path` opened for reading. Throws std::runtime_error when there is
// no database there (the message says how to build one), when it cannot be opened, or when it
// has another schema version than this program's.
Xapian::Database open_database(const std::filesystem::path& path);

struct SearchRequest {
  std::string query;
  std::size_t offset = 0;
  std::size_t limit = 10;
  std::size_t snippet_bytes = 240;
  bool facets = true;            // count the entities of the whole match set
  std::size_t facet_limit = 10;  // entities shown per type
  // The database's facet file when it is current (faster counting); null: read values.
  const entities::FacetFile* facet_file = nullptr;
};

// The top entities of one type among a match set.
struct Facet {
  entities::EntityType type;
  std::vector<FacetCount> values;
};

struct Hit {
  std::size_t rank = 0;  // 1-based over the whole result list
  double score = 0;      // BM25 weight
  Article article;       // as stored; body emptied once the snippet is cut
  Snippet snippet;
};

struct SearchResults {
  std::string query;
  Xapian::doccount total = 0;  // matching articles (an estimate when !total_exact)
  bool total_exact = true;
  bool fell_back = false;  // the query's syntax was rejected; its plain words were used
  double seconds = 0;      // time spent answering, excluding opening the database
  std::vector<Hit> hits;
  std::vector<Facet> facets;  // one per entity type, in kAllEntityTypes order, when requested
};

// Returns the page [offset, offset + limit) of the ranked matches of `request.query`. Throws
// Xapian::Error on database errors and std::runtime_error on corrupt document data.
SearchResults search(const Xapian::Database& db, const SearchRequest& request);

struct EntityListing {
  std::string query;           // empty: the whole corpus
  Xapian::doccount total = 0;  // articles counted
  double seconds = 0;
  std::vector<Facet> facets;  // the requested types, in kAllEntityTypes order
};

// Returns the `limit` most mentioned entities of each type in `types` (all types when empty)
// among the articles matching `query`, or among all articles when `query` is empty, counting
// from `facet_file` when it is not null (see SearchRequest::facet_file). Throws
// Xapian::Error on database errors.
EntityListing list_entities(const Xapian::Database& db, const std::string& query,
                            const std::vector<entities::EntityType>& types, std::size_t limit,
                            const entities::FacetFile* facet_file = nullptr);

}  // namespace newsdex::search
