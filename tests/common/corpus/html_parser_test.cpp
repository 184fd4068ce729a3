// Tests for corpus::parse_html and html_to_text: metadata, article text, boilerplate, damage.
#include "corpus/html_parser.hpp"

#include <doctest/doctest.h>

#include <string>

namespace newsdex::corpus {
namespace {

Article accepted(const ParseResult& result) {
  REQUIRE(result.article);
  return *result.article;
}

}  // namespace

TEST_CASE("parse_html prefers og:title, meta dates and the canonical link") {
  const Article a = accepted(parse_html(
      R"(<html><head><title>Site | Headline</title>
         <meta property="og:title" content="  The  headline ">
         <meta property="article:published_time" content="2025-10-21T09:30:00Z">
         <meta name="author" content="A. Writer"><meta property="og:site_name" content="Site">
         <link rel="canonical" href="https://example.com/a"></head>
         <body><h1>Other</h1><p>Body.</p></body></html>)",
      "a.html", "a"));
  CHECK(a.title == "The headline");
  CHECK(a.date == "2025-10-21T09:30:00Z");
  CHECK(a.url == "https://example.com/a");
  CHECK(a.author == "A. Writer");
  CHECK(a.source == "Site");
  CHECK(a.body == "Body.");
  CHECK(a.id == "a");
}

TEST_CASE("parse_html falls back to <title>, then the first <h1>, and to <time datetime>") {
  CHECK(accepted(parse_html("<title>T</title><h1>H</h1><p>x</p>", "f", "i")).title == "T");
  const Article a = accepted(parse_html(
      "<body><h1>First <em>heading</em></h1><time datetime=\"2024-02-29\">then</time><p>x</p>", "f",
      "i"));
  CHECK(a.title == "First heading");
  CHECK(a.date == "2024-02-29");
  // RFC 822 in metadata is converted; nonsense is dropped with a warning.
  CHECK(accepted(parse_html(R"(<meta name="pubdate" content="Tue, 21 Oct 2025 09:30:00 GMT">
                               <title>T</title><p>x</p>)",
                            "f", "i"))
            .date == "2025-10-21T09:30:00Z");
  const ParseResult bad =
      parse_html(R"(<meta name="date" content="last week"><title>T</title><p>x</p>)", "f", "i");
  CHECK(accepted(bad).date.empty());
  REQUIRE(bad.diagnostics.size() == 1);
  CHECK(bad.diagnostics[0].message.find("last week") != std::string::npos);
}

TEST_CASE("parse_html takes the article's paragraphs and leaves the boilerplate") {
  const Article a = accepted(parse_html(
      R"(<html><head><style>p{}</style><script>var x = "script words";</script></head><body>
         <header>Masthead words</header><nav>Menu words</nav>
         <article><h1>T</h1><p>First   paragraph
           spans lines.</p><aside><p>Aside words</p></aside>
           <div class="share social">Share words</div><p hidden>Hidden words</p>
           <h2>Sub heading</h2><p>Second &amp; last.</article>
         <div role="complementary"><p>Related words</p></div>
         <footer><p>Footer words</p></footer></body></html>)",
      "f", "i"));
  CHECK(a.body == "First paragraph spans lines.\n\nSub heading\n\nSecond & last.");
}

TEST_CASE("parse_html reads pages without paragraphs, and broken or deeply nested markup") {
  CHECK(
      accepted(parse_html("<body><div>Line one<br>line two</div><div>Next</div></body>", "f", "i"))
          .body == "Line one\nline two\n\nNext");
  std::string deep = "<p>start</p>";
  for (int i = 0; i < 20000; ++i) deep += "<div><b>";
  const Article a = accepted(parse_html(deep + "end", "f", "i"));
  CHECK(a.body.find("start") == 0);
  const Article unclosed = accepted(parse_html("<title>T<p>one<p>two<table><tr><td>x", "f", "i"));
  CHECK_FALSE(unclosed.title.empty());
}

TEST_CASE("parse_html rejects a page without a headline or text") {
  for (const char* page : {"", "<html></html>", "<script>only()</script>", "<nav>menu</nav>"}) {
    CAPTURE(page);
    const ParseResult result = parse_html(page, "f.html", "i");
    CHECK(result.rejected());
  }
}

TEST_CASE("html_to_text removes tags, decodes entities and keeps paragraphs") {
  CHECK(html_to_text("<p>One &amp; <b>two</b></p><p>Three</p><script>x()</script>") ==
        "One & two\n\nThree");
  CHECK(html_to_text("plain   text") == "plain text");
  CHECK(html_to_text("") == "");
}

}  // namespace newsdex::corpus
