// Saved web pages (.html, .htm): headline, date, canonical url and article text via libxml2.
#pragma once

#include <string>
#include <string_view>

#include "corpus/diagnostic.hpp"

namespace newsdex::corpus {

// Returns the article of the web page `html` (UTF-8; see encoding.hpp) with `id` and `path`,
// parsed by libxml2's forgiving HTML parser (no network; broken, unclosed or deeply nested
// markup is recovered as browsers do). Title: og:title or twitter:title, else <title>, else the
// first <h1>. Date: article:published_time and similar <meta> (datePublished, pubdate, DC.date,
// ...), else the first <time datetime>; ISO 8601 or RFC 822 (a date in another form is dropped
// with a warning). Url: <link rel="canonical">, else og:url. Author, section and source (site
// name) from <meta>. Body: the <p> and <h2>-<h6> text of the article (itemprop="articleBody",
// else <article>, else <main> or role="main", else <body>), without scripts, styles,
// navigation, header, footer, asides, forms and hidden elements; when those hold no paragraph,
// all the text of the article's block elements. Rejects (as a value) a page with neither title
// nor text. Never throws except std::bad_alloc.
ParseResult parse_html(std::string_view html, const std::string& path, std::string id);

// Returns the readable text of an HTML fragment (a feed item's description, say): tags removed,
// entities decoded, scripts, styles and other boilerplate dropped, one paragraph per block
// element, paragraphs separated by blank lines. Never throws except std::bad_alloc.
std::string html_to_text(std::string_view html);

}  // namespace newsdex::corpus
