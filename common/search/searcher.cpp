// Query execution: builds the query, runs Enquire, reads hits and cuts snippets.
#include "search/searcher.hpp"

#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <chrono>
#include <ctime>
#include <exception>
#include <filesystem>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <unordered_set>
#include <vector>

#include "index/document_builder.hpp"
#include "schema.hpp"
#include "search/dates.hpp"
#include "search/docid_sources.hpp"
#include "search/match_walk.hpp"
#include "search/own_lengths.hpp"
#include "search/query_builder.hpp"
#include "search/related.hpp"
#include "search/stopwords.hpp"

namespace newsdex::search {
namespace {

// Databases of up to this many articles are always counted exactly. In larger ones a query
// without facets or --count stops once it has its page, and the total is Xapian's estimate
// (marked inexact), as quest gives it: counting to 10,000 had made the slowest tenth of
// queries several times slower than quest on a 100k archive.
constexpr Xapian::doccount kExactCountUpTo = 10000;

// Hits fetched beyond the page when collapsing, so that a pair of copies among the best hits
// needs no second walk. Every extra hit costs every query a little: the more hits Xapian must
// keep, the lower the weight a candidate needs to enter, and the fewer it can skip (a phrase of
// common words took a fifth longer for 20 hits than for 10). On the benchmark's queries over
// the 100k synthetic archive, slacks of 1 to 4 gave a p99 of 2.5 ms, 10 gave 2.65 ms, and 0
// (a second walk whenever the page held a copy) 2.8 ms.
constexpr Xapian::doccount kCollapseSlack = 2;

// The docid ranges a walk shared by two threads is cut into: enough that neither waits long
// for the other's last range, few enough that moving every posting list to each range's start
// costs little.
constexpr Xapian::docid kWalkRanges = 32;

// Relevance feedback: the top kFeedbackDocs articles of the first ranking are taken as
// relevant, and the kFeedbackTerms words that best tell them from the rest (Xapian's ESet with
// its default expand weight) join the query. Each added word weighs kFeedbackWeight times its
// share of the best word's expand weight, so the user's own words keep the lead. These are the
// usual settings from the literature; on CISI and MED the neighbours tried (5 or 15 articles,
// 10 or 30 words, weight 0.3 or 0.8; measured with OR) moved MAP by at most 0.006 and 0.012.
// Until schema 7 the index held each word twice, as written and as a stem, and the 20 words at
// 0.5 were mostly such pairs: 10 stems at 1.0 are the same feedback over stems alone (MAP
// 0.2261 and 0.5775 against 0.2257 and 0.5789 before; the 20 stems at 0.5 that a plain switch
// to schema 7 gave: 0.2235 and 0.5753).
constexpr Xapian::doccount kFeedbackDocs = 10;
constexpr Xapian::termcount kFeedbackTerms = 10;
constexpr double kFeedbackWeight = 1.0;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::vector<Facet> collect_facets(EntityFacetSpy& spy,
                                  const std::vector<entities::EntityType>& types,
                                  std::size_t limit) {
  std::vector<Facet> facets;
  for (entities::EntityType type : entities::kAllEntityTypes) {
    if (!types.empty() && std::find(types.begin(), types.end(), type) == types.end()) continue;
    facets.push_back({type, spy.top(type, limit)});
  }
  return facets;
}

// Accepts words for expansion: words (unprefixed terms: stems) of three or more characters
// that are not stop words or numbers. Prefixed terms (title copies, filters, entities, ids)
// would add nothing the words do not, or select instead of rank.
class FeedbackDecider : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override {
    if (term.size() < 3 || !schema::is_word_term(term)) return false;
    if (term.find_first_not_of("0123456789") == std::string::npos) return false;
    return !english_stopper()(term);
  }
};

// Returns `query` with feedback words added, or `query` itself when the first ranking has
// fewer than kFeedbackDocs matches: too few to say what the matches have in common. The words
// only add weight to articles that match `query` (AND_MAYBE): filters and NOT keep holding,
// the match count and facets stay those of the user's words, and every hit has a word to
// highlight. Letting them match too
// (OR) would gain 0.004 MAP on MED and 0.0003 on CISI: small, if consistent (p < 0.03).
Xapian::Query with_feedback(Xapian::Enquire& enquire, const Xapian::Query& query) {
  enquire.set_query(query);
  const Xapian::MSet first = enquire.get_mset(0, kFeedbackDocs);
  if (first.size() < kFeedbackDocs) return query;
  Xapian::RSet top;
  for (auto it = first.begin(); it != first.end(); ++it) top.add_document(*it);
  const FeedbackDecider decider;
  const Xapian::ESet eset = enquire.get_eset(kFeedbackTerms, top, &decider);
  if (eset.empty()) return query;
  const double best = eset.begin().get_weight();
  std::vector<Xapian::Query> added;
  for (auto it = eset.begin(); it != eset.end(); ++it) {
    added.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it),
                       kFeedbackWeight * it.get_weight() / best);
  }
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                       Xapian::Query(Xapian::Query::OP_OR, added.begin(), added.end()));
}

// Returns how many articles `built` finds, counting at most `up_to`: for a short query those
// with every word, which is what its user asked for; else all its matches.
Xapian::doccount count_found(const Xapian::Database& db, const BuiltQuery& built,
                             Xapian::doccount up_to) {
  if (built.query.empty()) return 0;
  Xapian::Enquire enquire(db);
  enquire.set_query(built.short_query ? built.every_word : built.query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  return enquire.get_mset(0, 0, up_to).get_matches_lower_bound();
}

// Returns the spelling suggestion for `request.query` when the query finds fewer than
// kSuggestBelow articles (count_found) and the suggestion finds more, else an empty string.
std::string suggest(const Xapian::Database& db, QueryBuilder& builder, const SearchRequest& request,
                    const BuiltQuery& built) {
  std::string suggestion = builder.spelling_suggestion(request.query);
  if (suggestion.empty()) return suggestion;
  const Xapian::doccount found = count_found(db, built, kSuggestBelow);
  if (found >= kSuggestBelow) return {};
  const BuiltQuery corrected = builder.build(suggestion, request.ranking.max_tiered_words);
  return count_found(db, corrected, found + 1) > found ? suggestion : std::string();
}

// Returns `query` with the recency weight of SearchRequest::recent_half_life added: each match
// gains top * 2^(-age / half_life), top being the best match's score (all-words bonus
// excluded) without it, so that recency and relevance weigh alike at age 0.
Xapian::Query with_recency(Xapian::Enquire& enquire, const Xapian::Query& query, std::int64_t now,
                           double half_life) {
  enquire.set_query(query);
  const Xapian::MSet best = enquire.get_mset(0, 1);
  if (best.empty()) return query;
  double top = best.begin().get_weight();
  if (top >= kAllWordsBonus) top -= kAllWordsBonus;
  if (top <= 0) top = 1;  // a pure filter: recency alone orders
  auto* source = new RecencySource(now, half_life);
  return Xapian::Query(
      Xapian::Query::OP_AND_MAYBE, query,
      Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(source->release()), top));
}

// Returns how many postings `query`'s terms have: a bound on the work of counting its matches.
std::uint64_t postings_of(const Xapian::Database& db, const Xapian::Query& query) {
  std::uint64_t postings = 0;
  for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
    postings += db.get_termfreq(*it);
  }
  return postings;
}

// A second thread's own view of the database and query: Xapian objects must not be used by two
// threads at once, so the helper gets a Database opened anew and a deep copy of the query.
struct Helper {
  Xapian::Database db;
  Xapian::Query query;
};

// What a helper thread needs to open its own Helper, taken in the thread that owns `db` so that
// the opening itself (some files opened and blocks read: about 0.1 ms) runs on the helper's core.
struct HelperPlan {
  std::string path;
  std::string query;  // serialised
  Xapian::rev revision = 0;
  const entities::FacetFile* file = nullptr;
};

// Returns the plan of a helper for `query` over the database at `path`, at `db`'s revision.
// Never throws Xapian errors: a database with no one revision gives a plan that never opens.
HelperPlan plan_helper(const Xapian::Database& db, const std::filesystem::path& path,
                       const Xapian::Query& query, const entities::FacetFile* file) {
  HelperPlan plan{path.string(), {}, 0, file};
  try {
    plan.query = query.serialise();
    plan.revision = db.get_revision();
  } catch (const Xapian::Error&) {
    plan.path.clear();  // e.g. a stub of several databases, which has no one revision
  }
  return plan;
}

// Returns the Helper `plan` describes when its database opens at the planned revision, else
// nothing. Never throws Xapian errors.
std::optional<Helper> open_helper(const HelperPlan& plan) {
  if (plan.path.empty()) return std::nullopt;
  try {
    Xapian::Registry registry;
    register_length_sources(registry, plan.file);
    Helper helper{Xapian::Database(plan.path), Xapian::Query::unserialise(plan.query, registry)};
    if (helper.db.get_revision() != plan.revision) return std::nullopt;
    return helper;
  } catch (const Xapian::Error&) {
    return std::nullopt;
  }
}

// Returns a Helper for `query` over the database at `path` when it opens at `db`'s revision
// (an indexer may have committed since), else nothing. `file` (may be null) is the facet file
// that the query's LengthBm25Sources read. Never throws Xapian errors: a helper is optional.
std::optional<Helper> make_helper(const Xapian::Database& db, const std::filesystem::path& path,
                                  const Xapian::Query& query, const entities::FacetFile* file) {
  return open_helper(plan_helper(db, path, query, file));
}

// Returns the number of cores, read once (std::thread::hardware_concurrency reads a file).
unsigned cores() {
  static const unsigned count = std::thread::hardware_concurrency();
  return count;
}

// Moves `thread` off the CPU this thread runs on, when another is allowed: a new thread starts
// beside its creator, and for a match of a few milliseconds the scheduler may not spread them
// before the creator's half is done (seen as the helper starting 2 ms late). Best effort.
void run_beside(std::jthread& thread) {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0 || CPU_COUNT(&allowed) < 2) return;
  const int here = sched_getcpu();
  if (here < 0 || !CPU_ISSET(here, &allowed)) return;
  CPU_CLR(here, &allowed);
  pthread_setaffinity_np(thread.native_handle(), sizeof allowed, &allowed);
}

struct Member {
  Xapian::docid docid;
  double weight;
  Xapian::Document doc;
};

// Returns the articles of the duplicate group `key` that match `query`, weighted by `weight`, in
// docid (indexing) order; empty when the group has one article.
std::vector<Member> group_members(const Xapian::Database& db, const Xapian::Weight& weight,
                                  const Xapian::Query& query, const std::string& key) {
  if (key.empty()) return {};
  const std::string group = std::string(schema::kPrefixDuplicateGroup) + key;
  const Xapian::doccount size = db.get_termfreq(group);
  if (size < 2) return {};
  Xapian::Enquire members(db);
  members.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(group)));
  members.set_weighting_scheme(weight);
  const Xapian::MSet mset = members.get_mset(0, size);
  std::vector<Member> found;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    found.push_back({*it, it.get_weight(), it.get_document()});
  }
  std::sort(found.begin(), found.end(),
            [](const Member& a, const Member& b) { return a.docid < b.docid; });
  return found;
}

// Returns the member that stands for its group in relevance order: the original, that is the
// earliest published (undated ones last), the first indexed among equals.
const Member& original_of(const std::vector<Member>& members) {
  const Member* best = &members.front();
  auto published = [](const Member& m) {
    const std::string value = m.doc.get_value(schema::kSlotTimestamp);
    return value.empty() ? std::numeric_limits<double>::infinity()
                         : Xapian::sortable_unserialise(value);
  };
  for (const Member& m : members) {
    if (published(m) < published(*best)) best = &m;
  }
  return *best;
}

// Counts, over every match it sees, the distinct duplicate groups: the exact total under
// collapsing, which Xapian only estimates. Reads group numbers from `file` when it is not null
// (an array lookup per match), else group keys from values.
class GroupCountSpy : public Xapian::MatchSpy {
 public:
  explicit GroupCountSpy(const entities::FacetFile* file) : file_(file) {
    if (file_ != nullptr) seen_.assign(file_->group_count() / 64 + 1, 0);
  }
  // Counts document `did`; only with a facet file (see EntityFacetSpy::count). Its group
  // number is asked for at once and read kPending documents later: a walk's documents are
  // spread over the file, and each read would otherwise wait for memory in turn.
  void count(Xapian::docid did) {
    file_->prefetch_group(did);
    if (pending_count_ == kPending) settle();
    pending_[pending_count_++] = did;
  }
  void operator()(const Xapian::Document& doc, double) override {
    if (file_ != nullptr) {
      count(doc.get_docid());
      return;
    }
    ++seen_articles_;
    const std::string key = doc.get_value(schema::kSlotDuplicateGroup);
    if (key.empty()) {
      ++ungrouped_;  // never collapsed
    } else {
      keys_.insert(key);
    }
  }
  // Adds what `other` saw: two spies over parts of one match set then count the whole.
  void merge(GroupCountSpy& other) {
    settle();
    other.settle();
    for (std::size_t i = 0; i < seen_.size() && i < other.seen_.size(); ++i) {
      grouped_ += static_cast<std::size_t>(std::popcount(other.seen_[i] & ~seen_[i]));
      seen_[i] |= other.seen_[i];
    }
    keys_.insert(other.keys_.begin(), other.keys_.end());
    ungrouped_ += other.ungrouped_;
    seen_articles_ += other.seen_articles_;
  }
  Xapian::doccount groups() {
    settle();
    return static_cast<Xapian::doccount>(grouped_ + keys_.size() + ungrouped_);
  }
  // Returns how many matches the spy saw: the group count is exact when that is all of them.
  Xapian::doccount articles() {
    settle();
    return static_cast<Xapian::doccount>(seen_articles_);
  }

 private:
  static constexpr std::size_t kPending = 16;

  void settle() {
    for (std::size_t i = 0; i < pending_count_; ++i) count_now(pending_[i]);
    pending_count_ = 0;
  }
  void count_now(Xapian::docid did) {
    ++seen_articles_;
    const std::uint32_t group = file_->group(did);
    if (group == 0) {
      ++ungrouped_;
    } else if (const std::uint64_t bit = std::uint64_t{1} << (group % 64);
               (seen_[group / 64] & bit) == 0) {
      seen_[group / 64] |= bit;
      ++grouped_;
    }
  }

  const entities::FacetFile* file_;
  std::array<Xapian::docid, kPending> pending_{};
  std::size_t pending_count_ = 0;
  std::vector<std::uint64_t> seen_;  // a bit per group number, with file_
  std::size_t grouped_ = 0;          // groups seen, with file_
  std::unordered_set<std::string> keys_;
  std::size_t ungrouped_ = 0;
  std::size_t seen_articles_ = 0;
};

// Returns the duplicate group key of `it`'s document, or empty when it collapses with nothing.
// With `file`, a document whose key no other document shares is known without reading the key
// (a value-table lookup per hit).
std::string group_key(const Xapian::MSetIterator& it, const entities::FacetFile* file) {
  if (file != nullptr && file->group(*it) == 0) return {};
  return it.get_document().get_value(schema::kSlotDuplicateGroup);
}

// Returns the hits of page [offset, offset + limit) of `mset` once each duplicate group is cut
// to its first hit (articles without a group key stand alone); fewer when `mset` runs out.
std::vector<Xapian::MSetIterator> collapsed_page(const Xapian::MSet& mset, Xapian::doccount offset,
                                                 Xapian::doccount limit,
                                                 const entities::FacetFile* file) {
  std::vector<Xapian::MSetIterator> page;
  std::unordered_set<std::string> keys;
  Xapian::doccount groups = 0;
  for (auto it = mset.begin(); it != mset.end() && page.size() < limit; ++it) {
    const std::string key = group_key(it, file);
    if (!key.empty() && !keys.insert(key).second) continue;  // a copy of a group above
    if (groups++ >= offset) page.push_back(it);
  }
  return page;
}

// How many documents a ranked match found: Xapian's estimate and bounds, exact when they meet;
// two halves of one match add up.
struct MatchCount {
  Xapian::doccount estimated = 0;
  Xapian::doccount lower = 0;
  Xapian::doccount upper = 0;
  static MatchCount of(const Xapian::MSet& mset) {
    return {mset.get_matches_estimated(), mset.get_matches_lower_bound(),
            mset.get_matches_upper_bound()};
  }
  MatchCount operator+(const MatchCount& other) const {
    return {estimated + other.estimated, lower + other.lower, upper + other.upper};
  }
  bool exact() const { return lower == upper; }
};

// The page of hits that a query's ranking shows, and what counting its matches found.
struct RankedPage {
  std::vector<Xapian::MSetIterator> hits;  // best first; each keeps its MSet alive
  Xapian::doccount total = 0;              // matches, or duplicate groups when collapsing
  bool total_exact = false;
  std::vector<Facet> facets;  // with request.facets and see_all
};

// Returns the page `request` asks for of `query`, which `enquire` ranks by `weight`, duplicates
// collapsed when asked. With `see_all`, every match of `counted_query` (the same matches as
// `query`, its ranking aside) is counted: facets, and a total exact but for collapsing without
// a group for every article; else the total is Xapian's estimate. May use a second thread (see
// SearchRequest::database). Leaves `enquire` set to `query`. Throws Xapian::Error.
RankedPage rank_page(const Xapian::Database& db, const SearchRequest& request,
                     Xapian::Enquire& enquire, const Xapian::Query& query,
                     const Xapian::Query& counted_query, const Xapian::Weight& weight,
                     bool see_all) {
  RankedPage found;
  // Facets and exact totals see every match, where they can in a walk of their own without
  // weights: one ranked walk that must also visit every match cannot skip the documents that
  // could not reach the page (Xapian's max-weight pruning), and computes BM25 for each.
  std::optional<EntityFacetSpy> spy;  // built only when asked for: as large as the entities
  GroupCountSpy groups(request.facet_file);
  if (see_all && request.facets) spy.emplace(db, request.facet_file);
  // Feedback and recency only reweight (AND_MAYBE), and the tier's bonus only ranks.
  // With the facet file, the counters need docids only, and a boolean walk over the posting
  // lists finds them several times faster than Xapian's matcher (phrases and value ranges
  // still take the matcher).
  const bool walks = walkable(counted_query);
  const bool walk = see_all && request.facet_file != nullptr && walks;
  const bool two_cores = (walk || !walks) && !request.database.empty() && cores() > 1 &&
                         postings_of(db, counted_query) >= request.parallel_from;
  Xapian::doccount walked = 0;  // the matches, when walk
  // With a helper, the walk is shared out in docid ranges: the helper starts on them at once and
  // this thread joins in when its ranking is done, so the two finish together whichever of
  // ranking and counting is the longer (the helper alone walking every match left this thread
  // waiting for it on queries of many matches). Each thread counts into its own spies, which
  // are added up after the join.
  const Xapian::docid last_docid = db.get_lastdocid();
  std::atomic<Xapian::docid> next_range{0};
  Xapian::docid ranges = 1;
  const auto walk_ranges = [&](const Xapian::Database& on, const Xapian::Query& what,
                               EntityFacetSpy* facets, GroupCountSpy& group_counter) {
    std::optional<MatchWalk> matches;  // opened once there is a range to walk
    // In 64 bits: a database may hold docids up to the 32-bit limit.
    const std::uint64_t width = std::uint64_t{last_docid} / ranges + 1;
    Xapian::doccount visited = 0;
    for (Xapian::docid range = next_range++; range < ranges; range = next_range++) {
      const std::uint64_t first = range * width + 1;
      if (first > last_docid) continue;  // the last ranges of a small database are empty
      const auto last =
          static_cast<Xapian::docid>(std::min<std::uint64_t>((range + 1) * width, last_docid));
      if (!matches) matches.emplace(on, what);
      visited += matches->walk(static_cast<Xapian::docid>(first), last, [&](Xapian::docid did) {
        if (facets != nullptr) facets->count(did);
        if (request.collapse) group_counter.count(did);
        request.facet_file->prefetch_length(did);
      });
    }
    return visited;
  };
  // Declared after what they count into, so that the helper is joined before they go.
  std::optional<EntityFacetSpy> helper_spy;
  GroupCountSpy helper_groups(request.facet_file);
  Xapian::doccount helper_walked = 0;
  std::exception_ptr helper_error;
  std::jthread counter;
  if (walk) {
    if (two_cores) {
      ranges = kWalkRanges;
      if (spy) helper_spy.emplace(db, request.facet_file);
      // Nothing below touches helper_spy, helper_groups or helper_walked before the join.
      counter = std::jthread(
          [&, plan = plan_helper(db, request.database, counted_query, request.facet_file)] {
            try {
              // A helper that cannot open leaves every range to this thread.
              const std::optional<Helper> helper = open_helper(plan);
              if (!helper) return;
              helper_walked = walk_ranges(helper->db, helper->query,
                                          helper_spy ? &*helper_spy : nullptr, helper_groups);
            } catch (...) {
              helper_error = std::current_exception();
            }
          });
      run_beside(counter);
    } else {
      walked = walk_ranges(db, counted_query, spy ? &*spy : nullptr, groups);
    }
  }
  // Else the ranked match counts too, in its first round: checking every match (as the
  // counters need) costs it its pruning, but a phrase's positions are then read once, not in
  // a counting pass and again in a ranked one. Over the 300 phrases of the bench queries on
  // the 100k archive, one pass was faster for 295, and 29% faster on the mean.
  const bool count_in_ranking = see_all && !walk;
  // A large query the walk does not take (a phrase, whose candidates' positions Xapian checks
  // one by one) is ranked, and counted, by two threads over half the docids each. Recency's
  // source cannot be copied to another thread; spies without the facet file cannot merge.
  const bool split = two_cores && !walks && request.recent_half_life <= 0 &&
                     (!count_in_ranking || request.facet_file != nullptr);
  bool first_round = true;
  // The first round's count (every match, when it counts) and the last round's (an estimate,
  // else). A round ranked in halves counts their sum: its mset holds just their best.
  MatchCount first_count;
  MatchCount last_count;
  // Read here: a helper thread must not use `db`.
  const Xapian::doccount all = db.get_doccount();
  const auto rank_with = [&](Xapian::Enquire& on, bool counting, EntityFacetSpy* facets,
                             GroupCountSpy& group_counter, Xapian::doccount first,
                             Xapian::doccount maxitems) {
    if (!counting) return on.get_mset(first, maxitems);
    if (facets != nullptr) on.add_matchspy(facets);
    // Seeing every match makes the group total exact; else the articles' count estimates it.
    if (request.collapse) on.add_matchspy(&group_counter);
    Xapian::MSet mset = on.get_mset(first, maxitems, all);
    on.clear_matchspies();
    return mset;
  };
  const auto ranked = [&](Xapian::doccount first, Xapian::doccount maxitems) {
    const bool counting = first_round && count_in_ranking;
    std::optional<Helper> helper =
        split ? make_helper(db, request.database, query, request.facet_file) : std::nullopt;
    const auto counted = [&](const MatchCount& count) {
      if (first_round) first_count = count;
      last_count = count;
      first_round = false;  // a wider collapsing window ranks again, but counts nothing
    };
    if (!helper) {
      Xapian::MSet mset =
          rank_with(enquire, counting, spy ? &*spy : nullptr, groups, first, maxitems);
      counted(MatchCount::of(mset));
      return mset;
    }
    // Each thread ranks (and counts) half the docids; the best `first + maxitems` overall
    // are among the two halves' best, which are then ranked again together.
    const Xapian::docid middle = db.get_lastdocid() / 2;
    std::optional<EntityFacetSpy> upper_spy;
    if (counting && spy) upper_spy.emplace(db, request.facet_file);
    GroupCountSpy upper_groups(request.facet_file);
    std::vector<Xapian::docid> best;
    Xapian::MSet upper;
    Xapian::MSet lower;
    {
      std::jthread other([&, helper = std::move(*helper)]() mutable {
        try {
          Xapian::Enquire half(helper.db);
          half.set_weighting_scheme(weight);
          const Xapian::Query range(
              (new DocidRange(middle + 1, std::numeric_limits<Xapian::docid>::max()))->release());
          half.set_query(Xapian::Query(Xapian::Query::OP_FILTER, helper.query, range));
          const DateKeyMaker keys(request.sort == SortOrder::kDateNewest);
          if (request.sort != SortOrder::kRelevance) {
            half.set_sort_by_key_then_relevance(const_cast<DateKeyMaker*>(&keys), false);
          }
          upper = rank_with(half, counting, upper_spy ? &*upper_spy : nullptr, upper_groups, 0,
                            first + maxitems);
          for (auto it = upper.begin(); it != upper.end(); ++it) best.push_back(*it);
        } catch (...) {
          helper_error = std::current_exception();
        }
      });
      run_beside(other);
      enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query,
                                      Xapian::Query((new DocidRange(1, middle))->release())));
      lower = rank_with(enquire, counting, spy ? &*spy : nullptr, groups, 0, first + maxitems);
    }
    if (helper_error) std::rethrow_exception(helper_error);
    if (counting) {
      if (spy) spy->merge(*upper_spy);
      groups.merge(upper_groups);
    }
    counted(MatchCount::of(lower) + MatchCount::of(upper));
    for (auto it = lower.begin(); it != lower.end(); ++it) best.push_back(*it);
    std::sort(best.begin(), best.end());
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query,
                                    Xapian::Query((new DocidList(std::move(best)))->release())));
    Xapian::MSet mset = enquire.get_mset(first, maxitems);
    enquire.set_query(query);  // a wider collapsing window ranks the whole match again
    return mset;
  };
  // Past the 32-bit counts Xapian takes, no page has hits: clamped, not wrapped round (an offset
  // of 2^32 + 5 showed the hits from the sixth on).
  constexpr Xapian::doccount kMaxCount = std::numeric_limits<Xapian::doccount>::max();
  const auto clamped = [](std::uint64_t count) {
    return static_cast<Xapian::doccount>(std::min<std::uint64_t>(count, kMaxCount));
  };
  const Xapian::doccount offset = clamped(request.offset);
  const auto limit =
      static_cast<Xapian::doccount>(std::min<std::uint64_t>(request.limit, kMaxCount - offset));
  // Collapsing happens here, on a window of the best hits, not through Xapian's collapse key:
  // that reads every candidate's key from the value table (a B-tree lookup and a chunk decode
  // per match), which more than doubled the median query on a 100k-article archive. The
  // window doubles while copies leave the page short (kCollapseSlack).
  Xapian::MSet mset;
  std::vector<Xapian::MSetIterator> page;
  if (!request.collapse) {
    mset = ranked(offset, limit);
    for (auto it = mset.begin(); it != mset.end(); ++it) page.push_back(it);
  } else {
    for (Xapian::doccount window = clamped(std::uint64_t{offset} + limit + kCollapseSlack);;
         window = clamped(std::uint64_t{window} * 2)) {
      mset = ranked(0, window);
      page = collapsed_page(mset, offset, limit, request.facet_file);
      if (page.size() >= limit || mset.size() < window || window == kMaxCount) break;
    }
  }
  // Asks the kernel for the hits' records now (Xapian reads ahead the block below the root on
  // the way to each), so that where the host has paged them out they arrive while the walk
  // finishes: with the records' table evicted, the median command took 5.07 instead of 5.60 ms.
  // A hint only, and only for the first page: a later one's collapsing window holds every hit
  // before it, and Xapian 1.4's MSet::fetch() reads past its items for an MSet that starts
  // after the first match (get_mset with an offset, as a page without collapsing is fetched).
  if (offset == 0) mset.fetch();
  if (counter.joinable()) {
    walked = walk_ranges(db, counted_query, spy ? &*spy : nullptr, groups);
    counter.join();
    walked += helper_walked;
    if (spy) spy->merge(*helper_spy);
    groups.merge(helper_groups);
  }
  if (helper_error) std::rethrow_exception(helper_error);
  if (spy) found.facets = collect_facets(*spy, {}, request.facet_limit);
  if (walk) {
    found.total = walked;
    found.total_exact = true;
  } else {
    const MatchCount& count = see_all ? first_count : last_count;
    found.total = count.estimated;
    found.total_exact = count.exact();
  }
  if (request.collapse) {
    found.total_exact = see_all && found.total_exact && groups.articles() == found.total;
    if (found.total_exact) found.total = groups.groups();
  }
  found.hits = std::move(page);
  return found;
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
  return db;
}

SearchResults search(const Xapian::Database& db, const SearchRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  const std::int64_t now = request.now != 0 ? request.now : std::time(nullptr);
  SearchResults results;
  results.query = request.query;
  results.related = request.related;
  ExpansionOptions expansion;
  expansion.synonyms = request.synonyms;
  expansion.entity_ranking = request.ranking.entity_ranking;
  QueryBuilder builder(db, day_of(now), expansion);
  const BuiltQuery built = request.related.empty()
                               ? builder.build(request.query, request.ranking.max_tiered_words)
                               : related_query(db, request.related);
  results.fell_back = built.fell_back;
  if (!built.query.empty()) {
    Xapian::Enquire enquire(db);
    // k2 = 0 and k3 = 1 and min_normlen = 0.5 are Xapian's defaults.
    const Xapian::BM25Weight bm25(request.ranking.bm25_k1, 0, 1, request.ranking.bm25_b, 0.5);
    enquire.set_weighting_scheme(bm25);
    Xapian::Query matched = built.query;
    Xapian::Query counted_query = built.matching;
    if (const Xapian::Query dates = date_filter(request.first_day, request.last_day);
        !dates.empty()) {
      matched = Xapian::Query(Xapian::Query::OP_FILTER, matched, dates);
      counted_query = Xapian::Query(Xapian::Query::OP_FILTER, counted_query, dates);
    }
    // Short queries are names and keywords: taken literally, never expanded.
    Xapian::Query query =
        request.ranking.feedback && !built.short_query ? with_feedback(enquire, matched) : matched;
    if (request.recent_half_life > 0 && request.sort == SortOrder::kRelevance) {
      query = with_recency(enquire, query, now, request.recent_half_life);
    }
    if (request.facet_file != nullptr) {
      // The same weights, without Xapian's scans of its document-length list.
      query = with_own_lengths(query, *request.facet_file,
                               {request.ranking.bm25_k1, request.ranking.bm25_b, 0.5});
    }
    enquire.set_query(query);
    const DateKeyMaker date_keys(request.sort == SortOrder::kDateNewest);
    if (request.sort != SortOrder::kRelevance) {
      enquire.set_sort_by_key_then_relevance(const_cast<DateKeyMaker*>(&date_keys), false);
    }
    results.collapsed = request.collapse;
    const bool see_all =
        request.facets || request.exact_total || db.get_doccount() <= kExactCountUpTo;
    const RankedPage ranked = rank_page(db, request, enquire, query, counted_query, bm25, see_all);
    results.facets = ranked.facets;
    results.total = ranked.total;
    results.total_exact = ranked.total_exact;
    const std::vector<Xapian::MSetIterator>& page = ranked.hits;
    if (request.spelling && request.related.empty()) {
      results.suggestion = suggest(db, builder, request, built);
    }
    // Snippets mark the user's words, not the feedback words.
    const Highlighter highlighter(built.query, built.highlight_words);
    for (std::size_t i = 0; i < page.size(); ++i) {
      const Xapian::MSetIterator& it = page[i];
      Hit hit;
      hit.rank = request.offset + i + 1;
      const double weight = it.get_weight();
      hit.score = weight >= kAllWordsBonus ? weight - kAllWordsBonus : weight;
      Xapian::Document doc = it.get_document();
      if (request.collapse) {
        const std::vector<Member> members =
            group_members(db, bm25, query, group_key(it, request.facet_file));
        Xapian::docid shown = *it;
        if (!members.empty() && request.sort == SortOrder::kRelevance) {
          // The group keeps its best match's rank but is shown by its original.
          const Member& original = original_of(members);
          if (original.docid != shown) {
            shown = original.docid;
            doc = original.doc;
            hit.score = original.weight >= kAllWordsBonus ? original.weight - kAllWordsBonus
                                                          : original.weight;
          }
        }
        for (const Member& member : members) {
          if (member.docid != shown) {
            hit.similar.push_back(index::parse_data_id(member.doc.get_data()));
          }
        }
      }
      hit.article = index::parse_data(doc.get_data());
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
  if (!match.empty() && (facet_file == nullptr ||
                         !walk_matches(db, match, [&spy](Xapian::docid did) { spy.count(did); }))) {
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
