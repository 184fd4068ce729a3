// Tests for what the query builder adds to the user's words: entity aliases and ranking, user
// synonyms and spelling suggestions, and for related_query, on a database written the way the
// indexer writes one (entities, synonym table, spelling table).
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "../temp_dir.hpp"
#include "index/document_builder.hpp"
#include "index/index_writer.hpp"
#include "search/query_builder.hpp"
#include "search/related.hpp"
#include "search/searcher.hpp"
#include "search/snippet.hpp"

namespace newsdex::search {
namespace {

using entities::EntityType;

struct Named {
  EntityType type;
  std::string name;
  std::vector<std::string> aliases;
};

// A database on disk (the in-memory backend has no synonym or spelling tables).
class Corpus {
 public:
  Corpus() : writer_(dir_.path() / "db") {}

  void add(const std::string& id, const std::string& title, const std::string& body,
           const std::vector<Named>& named = {}) {
    Article article;
    article.id = id;
    article.title = title;
    article.body = body;
    std::vector<entities::Entity> found;
    std::vector<entities::EntityId> ids;
    for (const Named& n : named) {
      found.push_back({n.type, n.name, {}});
      ids.push_back(writer_.entity_id(n.type, n.name));
    }
    const Xapian::Document doc = builder_.build(article, found, ids);
    writer_.write(index::id_term(id), doc, builder_.spelling_words(), false);
    for (const Named& n : named) {
      writer_.add_aliases(index::entity_term(n.type, n.name),
                          index::alias_terms(article, found[&n - named.data()], n.aliases));
    }
  }

  const Xapian::Database& db() {
    writer_.commit();
    return writer_.database();
  }

 private:
  testing::TempDir dir_;
  index::IndexWriter writer_;
  index::DocumentBuilder builder_;
};

const Named kZelensky{EntityType::kPerson, "Volodymyr Zelensky", {"Zelensky", "Zelenskyy"}};
const Named kOleksandr{EntityType::kPerson, "Oleksandr Zelensky", {}};
const Named kUs{EntityType::kPlace, "United States", {"US", "U.S."}};

Corpus& news() {
  static Corpus corpus;
  static const bool filled = [](Corpus& c) {
    c.add("kyiv-1", "Ukraine asks for air defence",
          "President Volodymyr Zelensky asked allies for air defence. The president said the "
          "winter would be hard and thanked the allies for earlier deliveries of equipment.",
          {kZelensky});
    c.add("kyiv-2", "Grain deal", "Zelensky and the Polish prime minister agreed a grain deal.",
          {kZelensky});
    c.add("kyiv-3", "Front visit", "Volodymyr Zelensky visited troops near Kharkiv on Friday.",
          {kZelensky});
    c.add("sport-1", "Late goal", "Oleksandr Zelensky scored late.", {kOleksandr});
    c.add("washington", "Talks in Washington",
          "The United States and Ukraine held talks; U.S. officials said the talks went well.",
          {kUs});
    c.add("pronoun", "Letters", "Write to us about the missiles and the harbour ferry.");
    return true;
  }(corpus);
  CHECK(filled);
  return corpus;
}

std::vector<std::string> ranked(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  std::vector<std::string> ids;
  const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    ids.push_back(index::parse_data(it.get_document().get_data()).id);
  }
  return ids;
}

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

TEST_CASE("tokenize_query marks plain words and keeps what prepare_query_text makes") {
  const std::vector<QueryToken> tokens =
      tokenize_query("(Zelenskyy, U.S.) title:talks \"grain deal\" +ferry AND wild* NATO");
  std::vector<std::string> words;
  std::vector<bool> plain;
  for (const QueryToken& token : tokens) {
    words.push_back(token.word);
    plain.push_back(token.plain);
  }
  CHECK(words == std::vector<std::string>{"zelenskyy", "u.s", "title:talks", "\"grain", "deal\"",
                                          "+ferry", "AND", "wild*", "nato"});
  CHECK(plain == std::vector<bool>{true, true, false, false, false, false, false, false, true});
  CHECK(tokens[0].prepared == "(zelenskyy,");
  CHECK(tokens[0].word_start == 1);
  CHECK(tokens[0].capitalised);
  CHECK_FALSE(tokenize_query("us").front().capitalised);
  CHECK(prepare_query_text("(Zelenskyy, U.S.)  NATO") == "(zelenskyy, u.s.) nato");
}

TEST_CASE("entity_targets finds canonical terms by name and by alias") {
  const Xapian::Database& db = news().db();
  CHECK(entity_targets(db, "volodymyr zelensky") ==
        std::vector<std::string>{"XPvolodymyr zelensky"});
  CHECK(entity_targets(db, "zelenskyy") == std::vector<std::string>{"XPvolodymyr zelensky"});
  CHECK(entity_targets(db, "us") == std::vector<std::string>{"XLunited states"});
  CHECK(entity_targets(db, "nobody").empty());
  CHECK(entity_targets(db, "").empty());
}

TEST_CASE("an alias finds the entity's articles and its name is highlighted") {
  const Xapian::Database& db = news().db();
  QueryBuilder builder(db);
  const BuiltQuery built = builder.build("Zelenskyy");
  const std::vector<std::string> ids = ranked(db, built.query);
  CHECK(ids.size() == 3);
  CHECK_FALSE(has(ids, "sport-1"));
  CHECK(built.entities == std::vector<std::string>{"XPvolodymyr zelensky"});
  CHECK(built.highlight_words == std::vector<std::string>{"volodymyr", "zelensky"});
  const Highlighter highlighter(built.query, built.highlight_words);
  CHECK(highlighter.matches("Zelensky's"));
  CHECK(highlighter.matches("Zelenskyy"));
  CHECK(highlighter.matches("Volodymyr"));

  // Runs of words, punctuation and field syntax.
  CHECK(ranked(db, builder.build("U.S.").query) == std::vector<std::string>{"washington"});
  CHECK(ranked(db, builder.build("United States").query) == std::vector<std::string>{"washington"});
  CHECK(ranked(db, builder.build("(Zelenskyy)").query).size() == 3);
  CHECK(ranked(db, builder.build("Zelenskyy NOT grain").query).size() == 2);
  CHECK(ranked(db, builder.build("\"Zelenskyy\"").query).empty());  // a phrase is literal
  // NEAR and ADJ take the words as typed: an expansion has no positions.
  for (const char* query : {"Zelensky NEAR troops", "Zelensky ADJ/3 visited"}) {
    CAPTURE(query);
    const BuiltQuery near = builder.build(query);
    CHECK_FALSE(near.fell_back);
    CHECK(near.entities.empty());
    CHECK(ranked(db, near.query) == std::vector<std::string>{"kyiv-3"});
  }
}

TEST_CASE("a lower-case stop word or 'us' is the word, in capitals the name") {
  const Xapian::Database& db = news().db();
  QueryBuilder builder(db);
  // The word itself still counts, below the articles about the country.
  CHECK(ranked(db, builder.build("US").query) == std::vector<std::string>{"washington", "pronoun"});
  CHECK(builder.build("US").entities == std::vector<std::string>{"XLunited states"});
  CHECK(builder.build("us").entities.empty());
  CHECK(ranked(db, builder.build("us").query) == std::vector<std::string>{"pronoun"});
}

TEST_CASE("entity-aware ranking lifts articles about the entity a word names") {
  const Xapian::Database& db = news().db();
  ExpansionOptions plain;
  plain.entity_ranking = false;
  QueryBuilder without(db, {}, plain);
  QueryBuilder with(db);
  // By its words alone the short article about the footballer ranks first.
  const std::vector<std::string> by_words = ranked(db, without.build("Zelensky").query);
  REQUIRE(by_words.size() == 4);
  CHECK(by_words.front() == "sport-1");
  const std::vector<std::string> by_entity = ranked(db, with.build("Zelensky").query);
  REQUIRE(by_entity.size() == 4);
  CHECK(by_entity.back() == "sport-1");
  // The footballer's full name names him.
  CHECK(ranked(db, with.build("Oleksandr Zelensky").query).front() == "sport-1");
  // Long queries are ranked by their words.
  const BuiltQuery long_query =
      with.build("Zelensky asked allies for air defence before the hard winter months");
  CHECK(ranked(db, long_query.query) ==
        ranked(db, without
                       .build("Zelensky asked allies for air defence before the hard winter "
                              "months")
                       .query));
}

TEST_CASE("the user's synonyms expand words and runs of words") {
  const Xapian::Database& db = news().db();
  Synonyms synonyms;
  synonyms.add("rocket", {"missile"});
  synonyms.add("boat service", {"ferry"});
  ExpansionOptions options;
  options.synonyms = &synonyms;
  QueryBuilder builder(db, {}, options);
  CHECK(ranked(db, builder.build("rockets").query) == std::vector<std::string>{"pronoun"});
  CHECK(ranked(db, builder.build("boat service").query) == std::vector<std::string>{"pronoun"});
  CHECK(ranked(db, QueryBuilder(db).build("rockets").query).empty());
}

TEST_CASE("spelling_suggestion corrects only words the index does not know") {
  const Xapian::Database& db = news().db();
  QueryBuilder builder(db);
  CHECK(builder.spelling_suggestion("Zelenksy") == "zelensky");
  CHECK(builder.spelling_suggestion("Zelenksy, grian deal") == "zelensky, grain deal");
  CHECK(builder.spelling_suggestion("Zelensky grain").empty());
  CHECK(builder.spelling_suggestion("Zelenskyy").empty());    // an alias is known
  CHECK(builder.spelling_suggestion("title:grian").empty());  // fields are left alone
  CHECK(builder.spelling_suggestion("qqqqqqq").empty());      // nothing near
  Synonyms synonyms;
  synonyms.add("frery", {"ferry"});
  ExpansionOptions options;
  options.synonyms = &synonyms;
  CHECK(QueryBuilder(db, {}, options).spelling_suggestion("frery").empty());
  CHECK(builder.spelling_suggestion("frery") == "ferry");
}

TEST_CASE("search suggests a spelling only for few matches and only when it finds more") {
  const Xapian::Database& db = news().db();
  SearchRequest request;
  request.query = "Zelenksy";
  SearchResults results = search(db, request);
  CHECK(results.total == 0);
  CHECK(results.suggestion == "zelensky");
  request.spelling = false;
  CHECK(search(db, request).suggestion.empty());
  request.spelling = true;
  request.query = "Zelensky";
  CHECK(search(db, request).suggestion.empty());
  // A short query counts the articles with every word: "grain" alone finds one article, but
  // none has both words, and one has "grain" and "zelensky".
  request.query = "grain Zelenksy";
  CHECK(search(db, request).total == 1);
  CHECK(search(db, request).suggestion == "grain zelensky");
  // A correction that finds no more than the query is not shown: this long query counts all its
  // matches, and the one article with "winter" is among them already.
  request.query = "allies winterr troops asked president defence hard";
  CHECK(QueryBuilder(db).spelling_suggestion(request.query) ==
        "allies winter troops asked president defence hard");
  CHECK(search(db, request).suggestion.empty());
}

TEST_CASE("related_query finds articles sharing words and entities, never the article itself") {
  const Xapian::Database& db = news().db();
  const BuiltQuery related = related_query(db, "kyiv-1");
  const std::vector<std::string> ids = ranked(db, related.query);
  REQUIRE(ids.size() >= 2);
  CHECK_FALSE(has(ids, "kyiv-1"));
  CHECK(std::set<std::string>(ids.begin(), ids.begin() + 2) ==
        std::set<std::string>{"kyiv-2", "kyiv-3"});
  CHECK(related.entities == std::vector<std::string>{"XPvolodymyr zelensky"});
  CHECK_THROWS_WITH_AS(related_query(db, "missing"), doctest::Contains("no article with id"),
                       std::runtime_error);

  SearchRequest request;
  request.related = "kyiv-1";
  const SearchResults results = search(db, request);
  CHECK(results.related == "kyiv-1");
  CHECK(results.hits.size() == ids.size());
}

}  // namespace newsdex::search
