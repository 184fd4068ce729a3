// Tests for search::search (round trip, paging, totals, collapsing, dates) and
// search::open_database.
#include "search/searcher.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <tuple>
#include <utility>

#include "../temp_dir.hpp"
#include "entities/extractor.hpp"
#include "entities/facet_file.hpp"
#include "entities/facet_values.hpp"
#include "index/document_builder.hpp"
#include "index/duplicates.hpp"
#include "index/index_writer.hpp"
#include "schema.hpp"
#include "search/query_builder.hpp"

namespace newsdex::search {
namespace {

using testing::TempDir;

Article make_article(const std::string& id, const std::string& title, const std::string& body) {
  Article article;
  article.id = id;
  article.title = title;
  article.body = body;
  article.path = "corpus/" + id;
  return article;
}

void add(Xapian::WritableDatabase& db, const Article& article) {
  static index::DocumentBuilder builder;
  db.replace_document(index::id_term(article.id), builder.build(article, {}));
}

Xapian::WritableDatabase news() {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Article geneva = make_article(
      "world/geneva.txt", "Talks in Geneva",
      "Leaders met in Geneva on Tuesday. The talks went on for hours, officials said.");
  geneva.date = "2025-10-21";
  geneva.url = "https://example.org/geneva";
  add(db, geneva);
  std::string body;
  for (int i = 1; i <= 5; ++i) {
    body += "report ";
    add(db, make_article("report-" + std::to_string(i), "Report " + std::to_string(i),
                         body + "ends here."));
  }
  add(db, make_article("other", "Weather", "Rain is expected tomorrow."));
  return db;
}

std::vector<std::string> ids_of(const SearchResults& results) {
  std::vector<std::string> ids;
  for (const Hit& hit : results.hits) ids.push_back(hit.article.id);
  return ids;
}

// Checks that `actual` holds the facets of `expected`: the same types, names and counts, in the
// same order.
void check_same_facets(const SearchResults& actual, const SearchResults& expected) {
  REQUIRE(actual.facets.size() == expected.facets.size());
  for (std::size_t f = 0; f < expected.facets.size(); ++f) {
    CHECK(actual.facets[f].type == expected.facets[f].type);
    REQUIRE(actual.facets[f].values.size() == expected.facets[f].values.size());
    for (std::size_t v = 0; v < expected.facets[f].values.size(); ++v) {
      CHECK(actual.facets[f].values[v].name == expected.facets[f].values[v].name);
      CHECK(actual.facets[f].values[v].count == expected.facets[f].values[v].count);
    }
  }
}

SearchResults run(const Xapian::Database& db, std::string query, std::size_t offset = 0,
                  std::size_t limit = 10) {
  SearchRequest request;
  request.query = std::move(query);
  request.offset = offset;
  request.limit = limit;
  return search(db, request);
}

}  // namespace

TEST_CASE("search returns a stored article as a ranked hit with a highlighted snippet") {
  const Xapian::WritableDatabase db = news();
  const SearchResults results = run(db, "Geneva talks");
  CHECK(results.query == "Geneva talks");
  CHECK(results.total == 1);
  CHECK(results.total_exact);
  CHECK_FALSE(results.fell_back);
  REQUIRE(results.hits.size() == 1);
  const Hit& hit = results.hits[0];
  CHECK(hit.rank == 1);
  CHECK(hit.score > 0);
  CHECK(hit.score < kAllWordsBonus);  // the all-words bonus is not reported as score
  CHECK(hit.article.id == "world/geneva.txt");
  CHECK(hit.article.title == "Talks in Geneva");
  CHECK(hit.article.date == "2025-10-21");
  CHECK(hit.article.url == "https://example.org/geneva");
  CHECK(hit.article.path == "corpus/world/geneva.txt");
  CHECK(hit.article.body.empty());  // emptied once the snippet is cut
  CHECK(hit.snippet.text ==
        "Leaders met in Geneva on Tuesday. The talks went on for hours, officials said.");
  std::vector<std::string> highlighted;
  for (const Highlight& h : hit.snippet.highlights) {
    highlighted.push_back(hit.snippet.text.substr(h.start, h.end - h.start));
  }
  CHECK(highlighted == std::vector<std::string>{"Geneva", "talks"});
}

TEST_CASE("search pages through the ranked matches with offset and limit") {
  const Xapian::WritableDatabase db = news();
  const SearchResults all = run(db, "report");
  CHECK(all.total == 5);
  REQUIRE(all.hits.size() == 5);
  const std::vector<std::string> order = ids_of(all);
  for (std::size_t i = 0; i < all.hits.size(); ++i) {
    CHECK(all.hits[i].rank == i + 1);
    if (i > 0) CHECK(all.hits[i - 1].score >= all.hits[i].score);
  }

  struct Page {
    std::size_t offset;
    std::size_t limit;
    std::size_t first;  // index into `order` of the page's first hit
    std::size_t size;
  };
  // Offsets and limits past Xapian's 32-bit counts are clamped, never wrapped round.
  constexpr std::size_t k32 = std::size_t{1} << 32;
  const Page pages[] = {{0, 2, 0, 2},
                        {2, 2, 2, 2},
                        {4, 2, 4, 1},
                        {1, 3, 1, 3},
                        {5, 2, 5, 0},
                        {50, 10, 5, 0},
                        {0, 0, 0, 0},
                        {k32 + 1, 2, 5, 0},
                        {k32 - 1, 10, 5, 0},
                        {1, k32 + 1, 1, 4},
                        {0, std::numeric_limits<std::size_t>::max(), 0, 5},
                        {3, k32 - 1, 3, 2}};
  for (const bool collapse : {true, false}) {
    for (const Page& p : pages) {
      CAPTURE(collapse);
      CAPTURE(p.offset);
      CAPTURE(p.limit);
      SearchRequest request;
      request.query = "report";
      request.offset = p.offset;
      request.limit = p.limit;
      request.collapse = collapse;
      const SearchResults page = search(db, request);
      CHECK(page.total == 5);
      CHECK(page.total_exact);
      REQUIRE(page.hits.size() == p.size);
      for (std::size_t i = 0; i < p.size; ++i) {
        CHECK(page.hits[i].rank == p.offset + i + 1);
        CHECK(page.hits[i].article.id == order[p.first + i]);
      }
    }
  }
}

TEST_CASE("search: no words, no matches, and fallen-back syntax") {
  const Xapian::WritableDatabase db = news();
  for (const char* query : {"", "   ", "absentword"}) {
    CAPTURE(query);
    const SearchResults results = run(db, query);
    CHECK(results.total == 0);
    CHECK(results.hits.empty());
    CHECK_FALSE(results.fell_back);
  }
  const SearchResults fell = run(db, "geneva AND");
  CHECK(fell.fell_back);
  CHECK(ids_of(fell) == std::vector<std::string>{"world/geneva.txt"});
}

TEST_CASE("search cuts snippets to the requested length") {
  const Xapian::WritableDatabase db = news();
  SearchRequest request;
  request.query = "officials";
  request.snippet_bytes = 30;
  const SearchResults results = search(db, request);
  REQUIRE(results.hits.size() == 1);
  std::string text = results.hits[0].snippet.text;
  const std::string ellipsis = "\xE2\x80\xA6";
  if (text.starts_with(ellipsis)) text.erase(0, ellipsis.size());
  if (text.ends_with(ellipsis)) text.resize(text.size() - ellipsis.size());
  CHECK(text.size() <= 30);
  CHECK(text.find("officials") != std::string::npos);
}

TEST_CASE("open_database explains how to build a missing database") {
  TempDir tmp;
  const std::filesystem::path missing = tmp.path() / "no-db-here";
  try {
    open_database(missing);
    FAIL("open_database did not throw");
  } catch (const std::runtime_error& error) {
    const std::string message = error.what();
    CHECK(message.find("newsdex-index") != std::string::npos);
    CHECK(message.find(missing.string()) != std::string::npos);
  }
}

TEST_CASE("open_database refuses a path that is not a database with std::runtime_error") {
  TempDir tmp;
  CHECK_THROWS_AS(open_database(tmp.path()), std::runtime_error);  // an empty directory
}

TEST_CASE("open_database opens any schema version and stale_reason tells the stale ones") {
  TempDir tmp;
  const auto build = [&tmp](const std::string& name, const char* version,
                            const char* extractor = entities::Extractor::kVersion.data()) {
    const std::filesystem::path path = tmp.path() / name;
    Xapian::WritableDatabase db(path.string(), Xapian::DB_CREATE_OR_OVERWRITE);
    add(db, make_article("a", "Geneva talks", "Leaders met in Geneva."));
    if (version != nullptr) db.set_metadata(std::string(schema::kMetaSchemaVersion), version);
    if (extractor != nullptr) {
      db.set_metadata(std::string(schema::kMetaExtractorVersion), extractor);
    }
    db.commit();
    db.close();
    return path;
  };

  const std::filesystem::path current = build("current", schema::kSchemaVersion.data());
  const Xapian::Database db = open_database(current);
  CHECK(db.get_doccount() == 1);
  CHECK(index::stale_reason(db).empty());
  const SearchResults results = run(db, "geneva");
  CHECK(ids_of(results) == std::vector<std::string>{"a"});

  for (const char* version : {"0", "1", "2", "99", "1.0"}) {
    CAPTURE(version);
    // A stale database still answers; the reason names the recorded version.
    const Xapian::Database other = open_database(build(std::string("v") + version, version));
    CHECK(ids_of(run(other, "geneva")) == std::vector<std::string>{"a"});
    const std::string reason = index::stale_reason(other);
    CHECK(reason.find("schema version " + std::string(version)) != std::string::npos);
  }
  // Documents but no version at all: not a database this program wrote.
  CHECK(index::stale_reason(open_database(build("unversioned", nullptr))).find("(none)") !=
        std::string::npos);
  const std::string extractor = index::stale_reason(
      open_database(build("old-extractor", schema::kSchemaVersion.data(), "0")));
  CHECK(extractor.find("entity extractor version 0") != std::string::npos);
  // An empty database is never stale.
  Xapian::WritableDatabase empty((tmp.path() / "empty").string(), Xapian::DB_CREATE);
  empty.commit();
  CHECK(index::stale_reason(empty).empty());
}

}  // namespace newsdex::search

namespace newsdex::search {
namespace {

std::string long_story(const std::string& changed) {
  return "The harbour authority met the shipping companies on Monday to discuss the new fees "
         "for container vessels, which rise by a third next year. " +
         changed +
         " Several companies said they would move their ships to other ports if the fees were "
         "not reduced, and the unions warned that hundreds of jobs were at risk. The authority "
         "said that the money would pay for deeper channels and new cranes along the quays.";
}

bool has_hit(const SearchResults& results, const std::string& id) {
  const std::vector<std::string> ids = ids_of(results);
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// Writes `a` as the indexer does, with its duplicate group.
void add_grouped(Xapian::WritableDatabase& db, const Article& a) {
  static index::DocumentBuilder builder;
  Xapian::Document doc = builder.build(a, {});
  index::assign_group(db, doc, a.id, index::id_term(a.id));
  db.replace_document(index::id_term(a.id), doc);
}

}  // namespace

TEST_CASE("search collapses duplicate groups to their best hit and lists the others") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  add_grouped(db, make_article("original", "Harbour fees", long_story("Talks ran late.")));
  add_grouped(db, make_article("copy", "Harbour fees rise",
                               long_story("Talks ran late into the night, officials said.")));
  add_grouped(db, make_article("other", "Harbour fees", "The harbour fees are a new topic."));
  SearchRequest request;
  request.query = "harbour fees";
  request.facets = false;
  const SearchResults collapsed = search(db, request);
  CHECK(collapsed.collapsed);
  CHECK(collapsed.total == 2);
  REQUIRE(collapsed.hits.size() == 2);
  // The group shows its original (first indexed; neither is dated), the copy listed under it.
  std::vector<std::string> shown = ids_of(collapsed);
  std::sort(shown.begin(), shown.end());
  CHECK(shown == std::vector<std::string>{"original", "other"});
  for (const Hit& hit : collapsed.hits) {
    CHECK(hit.similar == (hit.article.id == "original" ? std::vector<std::string>{"copy"}
                                                       : std::vector<std::string>{}));
  }
  request.collapse = false;
  const SearchResults all = search(db, request);
  CHECK_FALSE(all.collapsed);
  CHECK(all.total == 3);
  CHECK(all.hits.size() == 3);
  for (const Hit& hit : all.hits) CHECK(hit.similar.empty());
  // Dated, the later article is no longer the original: the earliest published is.
  Article copy = make_article("copy", "Harbour fees rise",
                              long_story("Talks ran late into the night, officials said."));
  copy.date = "2025-10-01";
  add_grouped(db, copy);
  Article original = make_article("original", "Harbour fees", long_story("Talks ran late."));
  original.date = "2025-10-02";
  add_grouped(db, original);
  request.collapse = true;
  const SearchResults dated = search(db, request);
  REQUIRE(dated.total == 2);
  CHECK(has_hit(dated, "copy"));
  CHECK_FALSE(has_hit(dated, "original"));
  // A query the copy alone matches lists nothing similar: only matching articles are listed.
  request.collapse = true;
  request.query = "officials";
  const SearchResults one = search(db, request);
  REQUIRE(one.hits.size() == 1);
  CHECK(one.hits[0].similar.empty());
}

TEST_CASE("facets and totals from the facet file's walk equal those of Xapian's matcher") {
  // With a facet file, search counts through walk_matches (but for phrases); without, through
  // spies on its ranked Enquire that read values. Both must give the same facets and totals,
  // collapsed or not, and those of a count of every match.
  newsdex::testing::TempDir tmp;
  const std::filesystem::path path = tmp.path() / "db";
  Xapian::WritableDatabase db(path.string(), Xapian::DB_CREATE);
  const std::vector<std::string> words = {"harbour", "fees", "strike", "port", "union"};
  std::vector<entities::EntityId> ids;
  for (std::uint32_t serial = 1; serial <= 8; ++serial) {
    const auto type = static_cast<entities::EntityType>(serial % 4);
    ids.push_back(entities::make_entity_id(serial, type));
    db.set_metadata(std::string(schema::kMetaEntityName) + std::to_string(ids.back()),
                    "Entity " + std::to_string(serial));
  }
  for (int i = 0; i < 120; ++i) {
    std::string body;
    for (std::size_t w = 0; w < words.size(); ++w) {
      if ((i + 1) % (w + 2) == 0) body += words[w] + " ";
    }
    Article article = make_article("a" + std::to_string(i), "Story " + std::to_string(i), body);
    Xapian::Document doc = index::DocumentBuilder().build(article, {});
    std::vector<entities::EntityId> mentioned;
    for (std::size_t e = 0; e < ids.size(); ++e) {
      if ((i * 7 + e) % 5 == 0) mentioned.push_back(ids[e]);
    }
    if (!mentioned.empty()) {
      doc.add_value(schema::kSlotEntities, entities::encode_entity_ids(mentioned));
    }
    if (i % 10 < 3) doc.add_value(schema::kSlotDuplicateGroup, "group-" + std::to_string(i / 10));
    db.add_document(doc);
  }
  db.delete_document(5);
  db.commit();
  entities::write_facet_file(db, path);
  const auto file = entities::FacetFile::open(db, path);
  REQUIRE(file != nullptr);
  for (const char* query : {"harbour", "harbour fees", "strike OR port -union", "fees AND union",
                            "harbour NOT strike", "\"harbour fees\"", "nothing"}) {
    // The counting may ride on the ranked match, whatever its order and page.
    for (const auto& [collapse, sort, offset] :
         {std::tuple{true, SortOrder::kRelevance, 0}, std::tuple{false, SortOrder::kRelevance, 0},
          std::tuple{true, SortOrder::kDateNewest, 0}, std::tuple{false, SortOrder::kDate, 3},
          std::tuple{true, SortOrder::kRelevance, 2}}) {
      CAPTURE(query);
      CAPTURE(collapse);
      CAPTURE(offset);
      SearchRequest request;
      request.query = query;
      request.collapse = collapse;
      request.sort = sort;
      request.offset = static_cast<std::size_t>(offset);
      request.limit = offset == 0 ? 10 : 4;
      const SearchResults from_values = search(db, request);
      request.facet_file = file.get();
      const SearchResults from_file = search(db, request);
      CHECK(from_file.total == from_values.total);
      CHECK(from_file.total_exact);
      CHECK(from_values.total_exact);
      CHECK(ids_of(from_file) == ids_of(from_values));
      REQUIRE(from_file.facets.size() == from_values.facets.size());
      if (from_values.total > 0) {
        CHECK(std::any_of(from_values.facets.begin(), from_values.facets.end(),
                          [](const Facet& facet) { return !facet.values.empty(); }));
      }
      if (!collapse) {
        // Both ways may count in the ranked match (a phrase: the walk refuses it; no file): so
        // check them against a count of their own, every match and its entity ids.
        QueryBuilder builder(db);
        Xapian::Enquire every(db);
        every.set_query(builder.build(query).matching);
        every.set_weighting_scheme(Xapian::BoolWeight());
        const Xapian::MSet matches = every.get_mset(0, db.get_doccount());
        std::map<std::string, std::uint32_t> mentions;
        for (auto it = matches.begin(); it != matches.end(); ++it) {
          entities::for_each_entity_id(
              it.get_document().get_value(schema::kSlotEntities), [&](entities::EntityId id) {
                ++mentions["Entity " + std::to_string(id >> 2)];  // the serial
              });
        }
        CHECK(from_values.total == matches.size());
        for (const Facet& facet : from_values.facets) {
          for (const FacetCount& value : facet.values) {
            CAPTURE(value.name);
            CHECK(value.count == mentions[value.name]);
          }
        }
      }
      // Counting on a second thread (every query here, however small), with a database of its
      // own: the walk beside the ranking, or each half of the docids ranked and counted.
      request.database = path;
      request.parallel_from = 0;
      const SearchResults from_two = search(db, request);
      CHECK(from_two.total == from_file.total);
      CHECK(from_two.total_exact);
      CHECK(ids_of(from_two) == ids_of(from_file));
      check_same_facets(from_file, from_values);
      check_same_facets(from_two, from_file);
      // A helper whose database does not open (here the path holds none) leaves every docid
      // range to the ranking thread, which walks them once its ranking is done.
      request.database = path / "missing";
      const SearchResults alone = search(db, request);
      CHECK(alone.total == from_file.total);
      CHECK(ids_of(alone) == ids_of(from_file));
      check_same_facets(alone, from_file);
    }
  }
}

TEST_CASE("search ranks a phrase in two halves as it ranks it whole") {
  // Over 10,000 articles, without facets, a phrase's matches are only ranked, not counted; with
  // a second thread each half of the docids is ranked apart and the halves' best again.
  // Documents are written directly (data, phrase words with positions) to keep this quick.
  TempDir tmp;
  const std::filesystem::path path = tmp.path() / "db";
  Xapian::WritableDatabase db(path.string(), Xapian::DB_CREATE);
  for (int i = 0; i < 10100; ++i) {
    const std::string id = "n" + std::to_string(i);
    Xapian::Document doc;
    doc.set_data(index::serialise_data(make_article(id, "Story", "alpha beta")));
    doc.add_boolean_term(index::id_term(id));
    Xapian::termpos pos = 1;
    // Phrase matches ("alpha beta") in one document of three, with wdf and length varying.
    for (int k = 0; k <= i % 5; ++k) doc.add_posting(i % 3 == 0 ? "alpha" : "beta", pos++);
    doc.add_posting("alpha", pos++);
    doc.add_posting("beta", pos++);
    for (int k = 0; k < i % 7; ++k) doc.add_posting("gamma", pos++);
    db.add_document(doc);
  }
  db.commit();
  for (const char* query : {"\"alpha beta\"", "\"beta alpha\"", "\"alpha beta gamma\""}) {
    for (const auto& [collapse, offset] :
         {std::pair{true, 0}, std::pair{false, 0}, std::pair{false, 25}, std::pair{true, 7}}) {
      CAPTURE(query);
      CAPTURE(collapse);
      CAPTURE(offset);
      SearchRequest request;
      request.query = query;
      request.facets = false;
      request.spelling = false;
      request.collapse = collapse;
      request.offset = static_cast<std::size_t>(offset);
      const SearchResults whole = search(db, request);
      request.database = path;
      request.parallel_from = 0;
      const SearchResults halves = search(db, request);
      REQUIRE(halves.hits.size() == whole.hits.size());
      CHECK(ids_of(halves) == ids_of(whole));
      for (std::size_t i = 0; i < whole.hits.size(); ++i) {
        CHECK(halves.hits[i].rank == whole.hits[i].rank);
        CHECK(halves.hits[i].score == doctest::Approx(whole.hits[i].score));
      }
      // Estimates may differ; both stay near the truth.
      CHECK(halves.total > 0);
      CHECK(whole.total > 0);
    }
  }
}

TEST_CASE("search filters by date and sorts by date with undated articles last") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  const std::pair<const char*, const char*> dates[] = {
      {"b", "2025-10-15"}, {"undated", ""}, {"a", "2025-10-01T12:00:00Z"}, {"c", "2025-11-01"}};
  for (const auto& [id, date] : dates) {
    Article a = make_article(id, "Storm", "A storm hit the coast.");
    a.date = date;
    add(db, a);
  }
  SearchRequest request;
  request.query = "storm";
  request.facets = false;
  request.sort = SortOrder::kDate;
  CHECK(ids_of(search(db, request)) == std::vector<std::string>{"a", "b", "c", "undated"});
  request.sort = SortOrder::kDateNewest;
  CHECK(ids_of(search(db, request)) == std::vector<std::string>{"c", "b", "a", "undated"});
  request.first_day = "20251002";
  CHECK(ids_of(search(db, request)) == std::vector<std::string>{"c", "b"});
  request.last_day = "20251031";
  CHECK(ids_of(search(db, request)) == std::vector<std::string>{"b"});
  request.query = "storm date:2025-11";
  CHECK(search(db, request).hits.empty());  // both filters hold
}

TEST_CASE("search --recent: recency lifts newer articles by the documented blend") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Article old_article = make_article("old", "Storm", "Storm storm storm: a storm hit the coast.");
  old_article.date = "2025-01-01";
  add(db, old_article);
  Article recent = make_article("recent", "Weather", "A storm hit the coast.");
  recent.date = "2025-11-01";
  add(db, recent);
  SearchRequest request;
  request.query = "storm";
  request.facets = false;
  request.now = 1761955200;  // 2025-11-01T00:00:00Z
  const SearchResults plain = search(db, request);
  REQUIRE(ids_of(plain) == std::vector<std::string>{"old", "recent"});
  request.recent_half_life = 30 * 86400.0;
  const SearchResults blended = search(db, request);
  REQUIRE(ids_of(blended) == std::vector<std::string>{"recent", "old"});
  // recent: its own score plus the best plain score (age 0); old: ten half-lives of decay.
  CHECK(blended.hits[0].score ==
        doctest::Approx(plain.hits[1].score + plain.hits[0].score).epsilon(1e-6));
  CHECK(blended.hits[1].score ==
        doctest::Approx(plain.hits[0].score * (1 + std::exp2(-304.0 / 30))).epsilon(1e-6));
}

}  // namespace newsdex::search
