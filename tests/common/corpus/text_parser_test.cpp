// Tests for corpus::parse_text (headline rule, cleaning, rejections), first_sentence and shorten.
#include "corpus/text_parser.hpp"

#include <doctest/doctest.h>

#include "text/normalize.hpp"

namespace newsdex::corpus {
namespace {

Article accepted(const ParseResult& result) {
  REQUIRE_FALSE(result.rejected());
  return *result.article;
}

bool has_error_containing(const ParseResult& result, std::string_view needle) {
  for (const Diagnostic& d : result.diagnostics) {
    if (d.severity == Severity::kError && d.message.find(needle) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("parse_text takes a first line followed by a blank line as the headline") {
  struct Case {
    std::string content;
    std::string title;
    std::string body;
  };
  const Case cases[] = {
      {"Zelensky meets Trump\n\nThe two leaders met.\n\nSecond paragraph.\n",
       "Zelensky meets Trump", "The two leaders met.\n\nSecond paragraph."},
      {"\n\n  Leading blank lines  \n\nBody text.", "Leading blank lines", "Body text."},
      {"Headline\n   \t\nBody after a blank line of white space.", "Headline",
       "Body after a blank line of white space."},
      // CRLF and lone CR line ends are read as LF; no '\r' survives.
      {"Windows headline\r\n\r\nLine one.\r\nLine two.\r\n", "Windows headline",
       "Line one.\nLine two."},
      {"Old Mac headline\r\rBody.\r", "Old Mac headline", "Body."},
      // A UTF-8 byte order mark is dropped.
      {"\xEF\xBB\xBFK\xC3\xB6ln floods\n\nRiver rises.", "K\xC3\xB6ln floods", "River rises."},
  };
  for (const Case& c : cases) {
    CAPTURE(c.content);
    const ParseResult result = parse_text(c.content, "in/a.txt", "a.txt");
    const Article article = accepted(result);
    CHECK(article.title == c.title);
    CHECK(article.body == c.body);
    CHECK(article.id == "a.txt");
    CHECK(article.path == "in/a.txt");
    CHECK(result.diagnostics.empty());
  }
}

TEST_CASE("parse_text derives the title from the first sentence when there is no headline") {
  SUBCASE("no blank line after the first line") {
    const std::string content = "Markets fell sharply on Monday. Investors sold bonds too.";
    const Article article = accepted(parse_text(content, "p.txt", "p.txt"));
    CHECK(article.title == "Markets fell sharply on Monday.");
    CHECK(article.body == content);
  }
  SUBCASE("hard-wrapped text: the sentence goes on past the line break") {
    const std::string content =
        "Officials in Geneva said on Tuesday that the\ntalks would resume next week. More "
        "later.\n\nSecond paragraph.";
    const Article article = accepted(parse_text(content, "p.txt", "p.txt"));
    CHECK(article.title ==
          "Officials in Geneva said on Tuesday that the talks would resume next week.");
    CHECK(article.body == content);
  }
  SUBCASE("a first line too long for a headline, even with a blank line after it") {
    std::string first =
        "U.S. President Donald Trump met Russian President Vladimir Putin in Alaska on Friday. "
        "The talks, which lasted almost three hours, ended without an agreement on Ukraine.";
    REQUIRE(first.size() > kMaxHeadlineLineBytes);
    const std::string content = first + "\n\nSecond paragraph.";
    const Article article = accepted(parse_text(content, "p.txt", "p.txt"));
    // "U.S." is an abbreviation, not the end of the first sentence.
    CHECK(article.title ==
          "U.S. President Donald Trump met Russian President Vladimir Putin in Alaska on Friday.");
    CHECK(article.body == content);
  }
  SUBCASE("a headline of exactly the limit is still a headline, one byte more is not") {
    const std::string at_limit(kMaxHeadlineLineBytes, 'h');
    CHECK(accepted(parse_text(at_limit + "\n\nBody.", "p.txt", "p")).title == at_limit);
    const std::string over = at_limit + "h";
    const Article article = accepted(parse_text(over + "\n\nBody.", "p.txt", "p"));
    CHECK(article.title != over);
    CHECK(article.title.ends_with("\xE2\x80\xA6"));
    CHECK(article.body == over + "\n\nBody.");
  }
  SUBCASE("a long first sentence is shortened at a word with an ellipsis") {
    std::string sentence;
    while (sentence.size() < 2 * kMaxDerivedTitleBytes) sentence += "words without an end ";
    sentence += "here.";
    const Article article = accepted(parse_text(sentence, "p.txt", "p"));
    REQUIRE(article.title.ends_with("\xE2\x80\xA6"));
    const std::string cut = article.title.substr(0, article.title.size() - 3);
    CHECK(cut.size() <= kMaxDerivedTitleBytes);
    CHECK(sentence.starts_with(cut));
    CHECK(sentence[cut.size()] == ' ');  // cut at a word boundary
  }
}

TEST_CASE("first_sentence ends at a sentence break but not after abbreviations") {
  struct Case {
    std::string text;
    std::string expected;
  };
  const Case cases[] = {
      {"First one. Second one.", "First one."},
      {"U.S. President Joe Biden spoke. Then he left.", "U.S. President Joe Biden spoke."},
      {"Mr. Smith went to Washington. He stayed.", "Mr. Smith went to Washington."},
      {"The U.N. Security Council met on Friday. Russia vetoed.",
       "The U.N. Security Council met on Friday."},
      {"Did it work? Nobody knows.", "Did it work?"},
      {"  No break at all  ", "No break at all"},
      {"Across a\nline break. Next.", "Across a line break."},
      {"Paragraph one without a stop\n\nParagraph two.", "Paragraph one without a stop"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(first_sentence(c.text) == c.expected);
  }
}

TEST_CASE("shorten cuts at a word boundary and appends an ellipsis only when it cuts") {
  struct Case {
    std::string text;
    std::size_t max_bytes;
    std::string expected;
  };
  const Case cases[] = {
      {"short enough", 20, "short enough"},
      {"exactly twelve", 14, "exactly twelve"},
      {"alpha beta gamma delta", 12, "alpha beta\xE2\x80\xA6"},
      {"alpha beta gamma delta", 16, "alpha beta gamma\xE2\x80\xA6"},
      {"one two, three four", 9, "one two\xE2\x80\xA6"},  // no dangling comma
      {"one two; three four", 9, "one two\xE2\x80\xA6"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CAPTURE(c.max_bytes);
    CHECK(shorten(c.text, c.max_bytes) == c.expected);
  }
}

TEST_CASE("shorten never splits a UTF-8 sequence") {
  // Five two-byte letters and no spaces: a cut at byte 5 would split the third letter.
  const std::string text = "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9";
  for (std::size_t max = 1; max < text.size(); ++max) {
    CAPTURE(max);
    const std::string out = shorten(text, max);
    CHECK(text::is_valid_utf8(out));
    CHECK(out.ends_with("\xE2\x80\xA6"));
    CHECK(out.size() - 3 <= max);
  }
}

TEST_CASE("parse_text replaces invalid UTF-8 with U+FFFD and warns") {
  const ParseResult result = parse_text("Caf\xE9 news\n\nBody \xFF\xFE end.", "latin1.txt", "l");
  const Article article = accepted(result);
  CHECK(article.title == "Caf\xEF\xBF\xBD news");
  CHECK(article.body == "Body \xEF\xBF\xBD\xEF\xBF\xBD end.");
  CHECK(text::is_valid_utf8(article.title + article.body));
  REQUIRE(result.diagnostics.size() == 1);
  const Diagnostic& warning = result.diagnostics[0];
  CHECK(warning.severity == Severity::kWarning);
  CHECK(warning.file == "latin1.txt");
  CHECK(warning.message.find("U+FFFD") != std::string::npos);
  CHECK(warning.message.find('3') != std::string::npos);  // three bad sequences
}

TEST_CASE("parse_text rejects empty, blank and binary files") {
  struct Case {
    std::string content;
    std::string_view message_part;
  };
  const Case cases[] = {
      {"", "empty"},
      {" \n\t\r\n  \n", "empty"},
      {"\xEF\xBB\xBF", "empty"},
      {std::string("Head\0line\n\nbody", 16), "NUL"},
      {std::string("\0\0\0\0", 4), "NUL"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.content);
    const ParseResult result = parse_text(c.content, "bad.txt", "bad.txt");
    CHECK(result.rejected());
    CHECK(has_error_containing(result, c.message_part));
    REQUIRE_FALSE(result.diagnostics.empty());
    CHECK(result.diagnostics[0].file == "bad.txt");
    CHECK(result.diagnostics[0].line == 0);
  }
}

}  // namespace newsdex::corpus
