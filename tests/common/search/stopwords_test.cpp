// Tests for the stop-word list: what it holds, and that it answers as a Xapian::Stopper.
#include "search/stopwords.hpp"

#include <doctest/doctest.h>

#include <string>

namespace newsdex::search {

TEST_CASE("english_stopper holds function words, from the first of the list to the last") {
  for (const char* word : {"a", "about", "and", "the", "of", "itself", "yourselves", "you"}) {
    CAPTURE(word);
    CHECK(english_stopper()(word));
  }
}

TEST_CASE("english_stopper holds no topic words, prefixes or capitalised forms") {
  for (const char* word :
       {"", "aa", "abou", "government", "theirself", "us", "zebra", "The", "AND", "the ", "Zthe"}) {
    CAPTURE(word);
    CHECK_FALSE(english_stopper()(word));
  }
}

TEST_CASE("english_stopper drops stop words from a parsed query, not from its phrases") {
  Xapian::QueryParser parser;
  parser.set_stopper(&english_stopper());
  parser.set_default_op(Xapian::Query::OP_AND);
  CHECK(parser.parse_query("the zebra of africa").get_description() ==
        "Query((zebra@2 AND africa@4))");
  CHECK(parser.parse_query("\"the zebra\"").get_description() == "Query((the@1 PHRASE 2 zebra@2))");
}

}  // namespace newsdex::search
