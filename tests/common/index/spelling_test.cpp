// Tests for the spelling words of a document and for the writer keeping the spelling table.
#include "index/spelling.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../temp_dir.hpp"
#include "index/document_builder.hpp"
#include "index/index_writer.hpp"
#include "index_fixtures.hpp"

namespace newsdex::index {
namespace {

using fixtures::spelling_frequency;

Article article(const std::string& id, const std::string& body) {
  Article a;
  a.id = id;
  a.title = "Harbour news";
  a.body = body;
  return a;
}

// Builds `a` and writes it with its spelling words.
void write(IndexWriter& writer, DocumentBuilder& builder, const Article& a, bool replacing) {
  const Xapian::Document doc = builder.build(a, {});
  writer.write(id_term(a.id), doc, builder.spelling_words(), replacing);
}

}  // namespace

TEST_CASE("is_spelling_word keeps plain words of 3 to 32 bytes without digits") {
  for (const char* word : {"ferry", "zelensky's", "koln", "u.s", "abc"}) {
    CAPTURE(word);
    CHECK(is_spelling_word(word));
  }
  for (const char* word : {"", "ab", "Zferri", "XPvolodymyr zelensky", "Qid", "2025", "g7",
                           "abcdefghijklmnopqrstuvwxyzabcdefg"}) {
    CAPTURE(word);
    CHECK_FALSE(is_spelling_word(word));
  }
}

TEST_CASE("spelling_words lists each distinct word of title and body once, as written") {
  DocumentBuilder builder;
  const Article a = article("a", "The ferry, the FERRY and 42 ferries sailed.");
  builder.build(a, {});
  const std::vector<std::string> words = builder.spelling_words();
  CHECK(words ==
        std::vector<std::string>{"and", "ferries", "ferry", "harbour", "news", "sailed", "the"});
  // The words of a stored article, as the writer takes them out again, are the same.
  CHECK(builder.spelling_words_of(a) == words);
  CHECK(builder.spelling_words_of(article("b", "")) == std::vector<std::string>{"harbour", "news"});
}

TEST_CASE("the writer counts a word once per article and follows updates and deletions") {
  testing::TempDir dir;
  IndexWriter writer(dir.path() / "db");
  DocumentBuilder builder;
  write(writer, builder, article("a", "The ferry ferry sailed."), false);
  write(writer, builder, article("b", "A ferry and a bridge."), false);
  writer.commit();
  CHECK(spelling_frequency(writer.database(), "ferry") == 2);
  CHECK(spelling_frequency(writer.database(), "bridge") == 1);
  CHECK(writer.database().get_spelling_suggestion("ferri") == "ferry");

  // Replacing b takes its words away before adding the new ones.
  write(writer, builder, article("b", "A tunnel opened."), true);
  writer.commit();
  CHECK(spelling_frequency(writer.database(), "ferry") == 1);
  CHECK(spelling_frequency(writer.database(), "bridge") == 0);
  CHECK(spelling_frequency(writer.database(), "tunnel") == 1);

  CHECK(writer.remove(id_term("a")));
  CHECK_FALSE(writer.remove(id_term("a")));
  writer.commit();
  CHECK(spelling_frequency(writer.database(), "ferry") == 0);
  CHECK(writer.database().get_spelling_suggestion("ferri").empty());
  CHECK(spelling_frequency(writer.database(), "harbour") == 1);  // b's title

  const Xapian::docid b = *writer.database().postlist_begin(id_term("b"));
  writer.remove(b);
  writer.commit();
  CHECK(spelling_frequency(writer.database(), "harbour") == 0);
  CHECK(writer.database().get_doccount() == 0);
}

}  // namespace newsdex::index
