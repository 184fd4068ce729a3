// Running a query against a newsdex database: matching, ranking, paging and snippets.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "article.hpp"
#include "entities/entity.hpp"
#include "search/dates.hpp"
#include "search/facets.hpp"
#include "search/query_builder.hpp"
#include "search/snippet.hpp"

namespace newsdex::search {

// Returns the database at `path` (a database directory or a stub file) opened for reading. It
// does not judge the database's versions: see index::stale_reason. Throws std::runtime_error
// when there is no database there (the message says how to build one) or when it cannot be
// opened.
Xapian::Database open_database(const std::filesystem::path& path);

// How matches are weighted. The defaults are measured by scripts/eval-ranking (CISI, MED).
struct RankingOptions {
  // BM25 (Xapian::BM25Weight): k1 is term-frequency saturation, b document-length
  // normalisation. Robertson's usual 1.2 and 0.75 beat Xapian's defaults (1, 0.5) on both
  // collections.
  double bm25_k1 = 1.2;
  double bm25_b = 0.75;
  // Pseudo-relevance feedback for long queries (those above max_tiered_words): the words that
  // mark the first ranking's top articles are added with reduced weight and the query runs
  // again. Short queries are never expanded.
  bool feedback = true;
  std::size_t max_tiered_words = kMaxTieredWords;  // see QueryBuilder::build
  // Words naming an entity also weigh by the entity (ExpansionOptions::entity_ranking).
  bool entity_ranking = true;
};

// A query finding fewer articles than this may get a spelling suggestion; a short (tiered)
// query counts the articles with every word, a long one all its matches.
inline constexpr Xapian::doccount kSuggestBelow = 5;

struct SearchRequest {
  std::string query;
  std::size_t offset = 0;
  std::size_t limit = 10;
  std::size_t snippet_bytes = 240;
  bool facets = true;            // count the entities of the whole match set
  std::size_t facet_limit = 10;  // entities shown per type
  // The database's facet file when it is current (faster counting); null: read values.
  const entities::FacetFile* facet_file = nullptr;
  RankingOptions ranking;
  // Suggest a spelling when the query finds fewer than kSuggestBelow articles, if the
  // suggestion finds more (QueryBuilder::spelling_suggestion).
  bool spelling = true;
  const Synonyms* synonyms = nullptr;  // the user's synonyms (not owned); null: none
  // Not empty: instead of `query`, list the articles most like the one with this id
  // (related_query); `query` must then be empty.
  std::string related;
  // Dates (search/dates.hpp). first_day and last_day ("YYYYMMDD", empty: open) keep only
  // articles dated within them (undated articles never pass a date filter).
  std::string first_day;
  std::string last_day;
  SortOrder sort = SortOrder::kRelevance;
  // With a half-life (seconds, > 0), each match gains top * 2^(-age / half-life), where top is
  // the best match's score without it: a match published now gains as much as the best match
  // scores. Undated articles gain nothing. Only with SortOrder::kRelevance.
  double recent_half_life = 0;
  std::int64_t now = 0;  // seconds since 1970 for "today", relative dates and ages; 0: the clock
  // Collapse each duplicate group (schema::kSlotDuplicateGroup) to one hit, at the rank of its
  // best match; in relevance order it shows the group's original (its earliest published
  // matching article, undated last, the first indexed among equals), in date orders the first
  // in that order. Hit::similar lists the group's other matching articles.
  bool collapse = true;
  bool exact_total = false;  // count every match even without facets (--count)
  // Where the database was opened from (empty: unknown). Given, on two cores, a query whose
  // terms have at least `parallel_from` postings in all gets a second thread, which opens the
  // database there again (at the same revision, or not at all): with the facet file it walks
  // and counts the matches while this thread ranks, this thread taking its share of the walk's
  // docid ranges once it has ranked (all of them when the helper's database did not open; the
  // helper opens it itself, on its own core, while this thread ranks), or, for a query
  // walk_matches does not take (a phrase), each thread ranks (and counts) half the docids.
  // Below about 30,000 postings a second thread (starting it, opening the database, and the
  // process's cost of being multi-threaded) costs more than it saves on the 100k bench archive.
  // The answers are the same but for the estimated total of a phrase ranked in halves without
  // counting (the sum of the halves' estimates).
  std::filesystem::path database;
  std::uint64_t parallel_from = 30000;
};

// The top entities of one type among a match set.
struct Facet {
  entities::EntityType type;
  std::vector<FacetCount> values;
};

struct Hit {
  std::size_t rank = 0;  // 1-based over the whole result list
  double score = 0;      // BM25 weight, feedback words and --recent included (all-words bonus not)
  Article article;       // as stored; body emptied once the snippet is cut
  Snippet snippet;
  std::vector<std::string> similar;  // ids of the group's other matches, hidden by collapsing
};

struct SearchResults {
  std::string query;
  // Results (an estimate when !total_exact): matching articles, or, when collapsed, matching
  // duplicate groups (what paging walks through).
  Xapian::doccount total = 0;
  bool total_exact = true;
  bool collapsed = false;  // duplicate groups were collapsed (SearchRequest::collapse)
  bool fell_back = false;  // the query's syntax was rejected; its plain words were used
  std::string suggestion;  // "did you mean": the corrected query, or empty
  std::string related;     // SearchRequest::related
  double seconds = 0;      // time spent answering, excluding opening the database
  std::vector<Hit> hits;
  // One per entity type, in kAllEntityTypes order, when requested. Counts are of articles,
  // collapsed duplicates included.
  std::vector<Facet> facets;
};

// Returns the page [offset, offset + limit) of the ranked matches of `request.query` (or of
// the articles related to `request.related`). Throws Xapian::Error on database errors and
// std::runtime_error on corrupt document data or an unknown related id.
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
