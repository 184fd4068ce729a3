// Tests for the user's synonym file: format, normalisation and errors.
#include "search/synonyms.hpp"

#include <doctest/doctest.h>

#include <stdexcept>

#include "../temp_dir.hpp"

namespace newsdex::search {

TEST_CASE("normalize_words folds each word and joins them with single spaces") {
  CHECK(normalize_words("  Motion\tPICTURE ") == "motion picture");
  CHECK(normalize_words("K\xC3\xB6ln") == "koln");
  CHECK(normalize_words(" \t").empty());
}

TEST_CASE("Synonyms::load reads WORDS<TAB>SYNONYMS lines, skipping comments and blank lines") {
  testing::TempDir dir;
  dir.write("synonyms.tsv",
            "# films\n\nFilm\tmovie\tMotion Picture\r\ncar\tautomobile\tcar\nfilm\tflick\n");
  const Synonyms synonyms = Synonyms::load(dir.path() / "synonyms.tsv");
  REQUIRE(synonyms.find("film") != nullptr);
  CHECK(*synonyms.find("film") ==
        std::vector<std::string>{"movie", "motion picture", "flick"});     // lines merge
  CHECK(*synonyms.find("car") == std::vector<std::string>{"automobile"});  // not itself
  CHECK(synonyms.find("movie") == nullptr);                                // one way
  CHECK(synonyms.longest() == 1);
  CHECK_FALSE(synonyms.empty());
}

TEST_CASE("Synonyms::load: a missing file or an empty path is no synonyms") {
  testing::TempDir dir;
  CHECK(Synonyms::load(dir.path() / "absent.tsv").empty());
  CHECK(Synonyms::load("").empty());
}

TEST_CASE("Synonyms::load names the file and line of a malformed entry") {
  testing::TempDir dir;
  dir.write("a.tsv", "ok\tfine\nno tab here\n");
  CHECK_THROWS_WITH_AS(Synonyms::load(dir.path() / "a.tsv"),
                       doctest::Contains("a.tsv:2: expected WORDS<TAB>SYNONYM"),
                       std::runtime_error);
  dir.write("b.tsv", "word\t \n");
  CHECK_THROWS_WITH_AS(Synonyms::load(dir.path() / "b.tsv"),
                       doctest::Contains("b.tsv:1: empty word list"), std::runtime_error);
  dir.write("c.tsv", "word\t\xFF\n");
  CHECK_THROWS_WITH_AS(Synonyms::load(dir.path() / "c.tsv"),
                       doctest::Contains("c.tsv:1: not valid UTF-8"), std::runtime_error);
}

TEST_CASE("Synonyms::add counts the longest WORDS") {
  Synonyms synonyms;
  synonyms.add("New York City", {"NYC"});
  CHECK(synonyms.longest() == 3);
  CHECK(*synonyms.find("new york city") == std::vector<std::string>{"nyc"});
}

}  // namespace newsdex::search
