// Tests for search::prepare_query_text and QueryBuilder::build against a small database.
#include "search/query_builder.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <vector>

#include "../temp_dir.hpp"
#include "entities/entity.hpp"
#include "index/document_builder.hpp"

namespace newsdex::search {
namespace {

// A database filled through index::DocumentBuilder, with its spelling words.
class Corpus {
 public:
  void add(const std::string& id, const std::string& title, const std::string& body,
           const std::vector<entities::Entity>& found = {}) {
    Article article;
    article.id = id;
    article.title = title;
    article.body = body;
    add(article, found);
  }
  void add(const Article& article, const std::vector<entities::Entity>& found = {}) {
    db_.replace_document(index::id_term(article.id), builder_.build(article, found));
    for (const std::string& word : builder_.spelling_words()) db_.add_spelling(word);
  }
  const Xapian::WritableDatabase& db() const { return db_; }
  // Marks the database as of the current schema, as the indexer does.
  void mark_current() {
    db_.set_metadata(std::string(schema::kMetaSchemaVersion), std::string(schema::kSchemaVersion));
    db_.commit();
  }

  // Returns the ids of the matches of `query`, best first.
  std::vector<std::string> ranked(const Xapian::Query& query) const {
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    std::vector<std::string> ids;
    const Xapian::MSet mset = enquire.get_mset(0, db_.get_doccount());
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      ids.push_back(index::parse_data(it.get_document().get_data()).id);
    }
    return ids;
  }
  std::set<std::string> matching(const Xapian::Query& query) const {
    const std::vector<std::string> ids = ranked(query);
    return {ids.begin(), ids.end()};
  }

 private:
  // On disk: the in-memory backend has no spelling table, which wildcards read.
  std::unique_ptr<testing::TempDir> dir_ = std::make_unique<testing::TempDir>();
  Xapian::WritableDatabase db_{(dir_->path() / "db").string(), Xapian::DB_CREATE};
  index::DocumentBuilder builder_;
};

// The shared test corpus.
Corpus& news() {
  static Corpus corpus = [] {
    Corpus built;
    std::string filler;
    for (int i = 0; i < 6; ++i) filler += " Delegations discussed trade, energy and security.";
    built.add("both", "Summit in Alaska", "Putin and Trump met on Friday." + filler);
    built.add("putin-heavy", "Putin Putin", "Putin, Putin, Putin and Putin again.");
    built.add("trump-1", "Trump news one", "Trump spoke.");
    built.add("trump-2", "Trump news two", "Trump spoke again.");
    built.add("trump-3", "Trump news three", "Trump wrote.");
    built.add("rubio-entity", "Rubio visits Kyiv", "Marco Rubio said the talks would continue.",
              {{entities::EntityType::kPerson, "Marco Rubio", {}}});
    built.add("rubio-text", "Kyiv diary", "Rubio met Marco at the station.");
    built.add("alaska-body", "Travel", "Alaska is cold in winter.");
    built.add("president", "Speech", "The president spoke at length.");
    built.add("presidency", "History", "The presidency ended in January.");
    Article us;
    us.id = "us";
    us.title = "U.S. sanctions";
    us.body = "The U.S.-Russia talks on Zelensky\xE2\x80\x99s plan went on.";
    us.section = "World News";
    us.author = "Jane Do\xC3\xA9";
    built.add(us);
    built.add("cafe", "Caf\xC3\xA9 culture", "The caf\xC3\xA9s of K\xC3\xB6ln reopened.");
    return built;
  }();
  return corpus;
}

std::set<std::string> find(std::string_view text) {
  QueryBuilder builder(news().db());
  const BuiltQuery built = builder.build(text);
  CHECK_FALSE(built.fell_back);
  return news().matching(built.query);
}

}  // namespace

TEST_CASE("prepare_query_text normalises words and keeps operators in mixed-case queries") {
  struct Case {
    std::string query;
    std::string expected;
  };
  const Case cases[] = {
      {"Trump AND Putin", "trump AND putin"},
      {"Zelensky NOT K\xC3\xB6ln", "zelensky NOT koln"},
      {"caf\xC3\xA9 OR Stra\xC3\x9F"
       "e",
       "cafe OR strasse"},
      {"Trump NEAR/3 Putin", "trump NEAR/3 putin"},
      {"Trump ADJ/2 Putin XOR Biden", "trump ADJ/2 putin XOR biden"},
      {"ORBAN wins and NEARBY", "orban wins and nearby"},  // words that only start like operators
      {"title:Zelensky", "title:zelensky"},
      {"person:\xE2\x80\x9CMarco Rubio\xE2\x80\x9D", "person:\"marco rubio\""},
      {"Zelenskyy\xE2\x80\x99s talks", "zelenskyy's talks"},
      // Entirely in capitals: operators are lowered like every other word.
      {"TRUMP AND PUTIN", "trump and putin"},
      {"TRUMP NOT PUTIN", "trump not putin"},
      {"K\xC3\x96LN OR BERLIN", "koln or berlin"},
      {"U.S. AND NATO", "u.s. and nato"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.query);
    CHECK(prepare_query_text(c.query) == c.expected);
  }
}

TEST_CASE("prepare_query_text keeps operators in mixed-case queries of any script") {
  CHECK(prepare_query_text("\xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD NOT "
                           "\xD0\xA2\xD1\x80\xD0\xB0\xD0\xBC\xD0\xBF") ==
        "\xD0\xBF\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD NOT \xD1\x82\xD1\x80\xD0\xB0\xD0\xBC\xD0\xBF");
  Corpus corpus;
  corpus.add("one", "\xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD",
             "\xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD.");
  corpus.add("both", "\xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD",
             "\xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD \xD0\xA2\xD1\x80\xD0\xB0\xD0\xBC\xD0\xBF.");
  QueryBuilder builder(corpus.db());
  const BuiltQuery built = builder.build(
      "\xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD NOT \xD0\xA2\xD1\x80\xD0\xB0\xD0\xBC\xD0\xBF");
  CHECK(corpus.matching(built.query) == std::set<std::string>{"one"});
}

TEST_CASE("QueryBuilder ranks articles with every word above partial matches") {
  Corpus& corpus = news();
  // Precondition: by BM25 alone, an article with only one of the words scores higher.
  const Xapian::Query plain_or(Xapian::Query::OP_OR, Xapian::Query("putin"),
                               Xapian::Query("trump"));
  const std::vector<std::string> by_bm25 = corpus.ranked(plain_or);
  REQUIRE(by_bm25.size() == 5);
  const auto position = [](const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) - ids.begin();
  };
  REQUIRE(position(by_bm25, "putin-heavy") < position(by_bm25, "both"));

  QueryBuilder builder(corpus.db());
  const BuiltQuery built = builder.build("putin trump");
  CHECK_FALSE(built.fell_back);
  CHECK(built.parser_error.empty());
  const std::vector<std::string> ranked = corpus.ranked(built.query);
  REQUIRE_FALSE(ranked.empty());
  CHECK(ranked.front() == "both");
  // Partial matches still follow, all of them.
  CHECK(std::set<std::string>(ranked.begin(), ranked.end()) ==
        std::set<std::string>{"both", "putin-heavy", "trump-1", "trump-2", "trump-3"});
  CHECK(ranked.size() == 5);
}

TEST_CASE("QueryBuilder supports phrases, NOT, title:, wildcards and +/-") {
  struct Case {
    std::string query;
    std::set<std::string> expected;
  };
  const Case cases[] = {
      {"marco rubio", {"rubio-entity", "rubio-text"}},
      {"\"marco rubio\"", {"rubio-entity"}},
      {"\"Marco Rubio said\"", {"rubio-entity"}},
      {"putin NOT trump", {"putin-heavy"}},
      {"putin -trump", {"putin-heavy"}},
      {"putin AND trump", {"both"}},
      {"+trump +friday", {"both"}},
      {"alaska", {"both", "alaska-body"}},
      {"title:alaska", {"both"}},
      {"title:Rubio", {"rubio-entity"}},
      {"presid*", {"president", "presidency"}},
      {"Presid*", {"president", "presidency"}},
      {"KOLN", {"cafe"}},
      {"cafe", {"cafe"}},  // accents folded on both sides; "cafés" stems to "cafe"
      {"spoke", {"trump-1", "trump-2", "president"}},
      {"U.S. sanctions", {"us"}},
      {"\"U.S.-Russia talks\"", {"us"}},
      {"zelensky\xE2\x80\x99s", {"us"}},
      {"section:\"World News\"", {"us"}},
      {"section:world", {}},  // filters match whole values
      {"author:\"jane doe\" plan", {"us"}},
      {"putin section:\"world news\"", {}},
      {"discussing", {"both"}},  // stems meet: discuss
      // Phrases match stems too (schema 7), as they do in FTS5 with porter: "the talks" has the
      // words of "the talk" in order. Wildcards expand over stems ("presid*" above).
      {"\"the talk\"", {"rubio-entity"}},
      {"\"presidents spoke\"", {"president"}},
      {"\"president speaks\"", {}},  // "spoke" is not a form of "speak" to the stemmer
      {"delegation*", {"both"}},
      {"(Delegation*)", {"both"}},
      {"trump -delegation*", {"trump-1", "trump-2", "trump-3"}},
      {"+delegation* +friday", {"both"}},
      {"delegationz*", {}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.query);
    CHECK(find(c.query) == c.expected);
  }
}

TEST_CASE(
    "QueryBuilder matches phrases of common words by their pair terms on a current database") {
  Corpus corpus;
  corpus.add("said", "Talks", "Marco Rubio said the talks would continue.");
  corpus.add("apart", "Talks", "The talks, he said, would continue.");
  corpus.add("reversed", "Continue", "Would the talks continue? The minister said so.");
  const auto pairs_in = [](const Xapian::Query& query) {
    std::size_t pairs = 0;
    for (auto term = query.get_unique_terms_begin(); term != query.get_unique_terms_end(); ++term) {
      if ((*term).starts_with(schema::kPrefixPhrasePair)) ++pairs;
    }
    return pairs;
  };
  struct Case {
    std::string query;
    std::set<std::string> expected;
    std::size_t pairs;  // pair terms the query uses on the current database
  };
  const Case cases[] = {
      {"\"said the\"", {"said"}, 1},
      {"\"would continue\"", {"said", "apart"}, 1},
      {"\"the minister said\"", {"reversed"}, 2},
      {"\"would the\"", {"reversed"}, 1},
      {"\"talks continue\"", {"reversed"}, 0},              // neither stem is common enough
      {"\"the talks\"", {"said", "apart", "reversed"}, 1},  // "the" is among the most common
      {"\"said the\" OR minister", {"said", "reversed"}, 1},
      {"title:\"the talks\"", {}, 0},  // title terms have no pairs
      {"said ADJ the", {"said"}, 0},   // ADJ keeps Xapian's phrase
  };
  for (bool current : {false, true}) {
    if (current) corpus.mark_current();
    for (const Case& c : cases) {
      CAPTURE(c.query);
      CAPTURE(current);
      QueryBuilder builder(corpus.db());
      const BuiltQuery built = builder.build(c.query);
      CHECK(corpus.matching(built.query) == c.expected);
      CHECK(pairs_in(built.query) == (current ? c.pairs : 0));
    }
  }
}

TEST_CASE("QueryBuilder filters by entity with person:, entity: and the like") {
  const std::set<std::string> rubio = {"rubio-entity"};
  CHECK(find("person:\"Marco Rubio\"") == rubio);
  CHECK(find("person:\"marco rubio\"") == rubio);
  CHECK(find("entity:\"Marco Rubio\"") == rubio);
  CHECK(find("rubio person:\"Marco Rubio\"") == rubio);
  CHECK(find("kyiv person:\"Marco Rubio\"") == rubio);
  CHECK(find("person:\"Nobody Known\"").empty());
  CHECK(find("org:\"Marco Rubio\"").empty());
  CHECK(find("station person:\"Marco Rubio\"").empty());
}

TEST_CASE("QueryBuilder falls back to the plain words when the syntax is rejected") {
  for (const char* text : {"putin AND", "putin NOT", "putin AND AND"}) {
    CAPTURE(text);
    QueryBuilder builder(news().db());
    const BuiltQuery built = builder.build(text);
    CHECK(built.fell_back);
    CHECK_FALSE(built.parser_error.empty());
    REQUIRE_FALSE(built.query.empty());
    const std::vector<std::string> ranked = news().ranked(built.query);
    CHECK(std::set<std::string>(ranked.begin(), ranked.end()) ==
          std::set<std::string>{"both", "putin-heavy"});
  }
  QueryBuilder builder(news().db());
  const BuiltQuery built = builder.build("putin AND AND trump");
  CHECK(built.fell_back);
  CHECK(news().ranked(built.query).front() == "both");
}

TEST_CASE("QueryBuilder returns an empty query for text without words") {
  for (const char* text : {"", "   ", "\"", "+ -"}) {
    CAPTURE(text);
    QueryBuilder builder(news().db());
    const BuiltQuery built = builder.build(text);
    CHECK(built.query.empty());
    CHECK_FALSE(built.fell_back);
  }
}

TEST_CASE("a query in capitals finds what it finds in lower case") {
  struct Case {
    std::string upper;
    std::string lower;
  };
  const Case cases[] = {
      {"PUTIN AND TRUMP", "putin and trump"},
      {"PUTIN NOT TRUMP", "putin not trump"},
      {"MARCO RUBIO", "marco rubio"},
      {"TITLE:ALASKA", "title:alaska"},
      {"PERSON:\"MARCO RUBIO\"", "person:\"marco rubio\""},
      {"PRESID*", "presid*"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.upper);
    QueryBuilder builder(news().db());
    const std::vector<std::string> upper = news().ranked(builder.build(c.upper).query);
    const std::vector<std::string> lower = news().ranked(builder.build(c.lower).query);
    CHECK_FALSE(lower.empty());
    CHECK(upper == lower);
  }
}

}  // namespace newsdex::search
