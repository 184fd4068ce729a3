// HTML article extraction with libxml2's HTML parser; see html_parser.hpp for the rules.
#include "corpus/html_parser.hpp"

#include <libxml/HTMLparser.h>

#include <climits>
#include <memory>
#include <optional>

#include "corpus/date.hpp"
#include "corpus/markup.hpp"
#include "corpus/text_parser.hpp"

namespace newsdex::corpus {
namespace {

using markup::attribute;
using markup::name_of;

using DocPtr = std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)>;

DocPtr read_html(std::string_view html) {
  markup::init_libxml();
  // libxml2 takes an int size; inputs are bounded by --max-file-size well below that.
  const int size = static_cast<int>(std::min<std::size_t>(html.size(), INT_MAX));
  // No HTML_PARSE_HUGE: libxml2 keeps its limits on nesting depth and text node sizes.
  return DocPtr(htmlReadMemory(html.data(), size, nullptr, "UTF-8",
                               HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                   HTML_PARSE_NONET),
                xmlFreeDoc);
}

bool one_of(const std::string& value, std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    if (value == name) return true;
  }
  return false;
}

// What a page says about itself, gathered in one pass.
struct PageFacts {
  std::string og_title, title, h1;
  std::vector<std::string> dates;  // candidates, best first within each kind
  std::vector<std::string> time_dates;
  std::string canonical, og_url;
  std::string author, section, site_name;
  xmlNode* article_body = nullptr;  // itemprop="articleBody"
  xmlNode* article = nullptr;
  xmlNode* main = nullptr;
  xmlNode* body = nullptr;
};

std::string lower_copy(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

void read_meta(xmlNode* node, PageFacts& facts) {
  std::string key = lower_copy(attribute(node, "property"));
  if (key.empty()) key = lower_copy(attribute(node, "name"));
  if (key.empty()) key = lower_copy(attribute(node, "itemprop"));
  if (key.empty()) return;
  const std::string content = markup::collapse_spaces(attribute(node, "content"));
  if (content.empty()) return;
  if (one_of(key, {"og:title", "twitter:title"})) {
    if (facts.og_title.empty()) facts.og_title = content;
  } else if (one_of(key, {"article:published_time", "og:article:published_time", "datepublished",
                          "pubdate", "publishdate", "publish-date", "article.published", "dc.date",
                          "dc.date.issued", "dcterms.created", "dcterms.date", "sailthru.date",
                          "parsely-pub-date", "date"})) {
    facts.dates.push_back(content);
  } else if (one_of(key, {"og:url"})) {
    if (facts.og_url.empty()) facts.og_url = content;
  } else if (one_of(key, {"author", "article:author", "dc.creator", "byl"})) {
    // article:author is often a profile URL, not a name.
    if (facts.author.empty() && !content.starts_with("http")) facts.author = content;
  } else if (one_of(key, {"article:section"})) {
    if (facts.section.empty()) facts.section = content;
  } else if (one_of(key, {"og:site_name"})) {
    if (facts.site_name.empty()) facts.site_name = content;
  }
}

PageFacts gather_facts(xmlNode* root) {
  PageFacts facts;
  markup::walk(
      root,
      [&facts](xmlNode* node) {
        if (node->type != XML_ELEMENT_NODE) return false;
        const std::string name = name_of(node);
        if (name == "meta") {
          read_meta(node, facts);
        } else if (name == "title") {
          if (facts.title.empty()) facts.title = markup::inline_text(node);
          return false;
        } else if (name == "link") {
          if (facts.canonical.empty() && lower_copy(attribute(node, "rel")) == "canonical") {
            facts.canonical = markup::collapse_spaces(attribute(node, "href"));
          }
        } else if (name == "script" || name == "style") {
          return false;
        } else if (name == "h1") {
          if (facts.h1.empty()) facts.h1 = markup::inline_text(node);
        } else if (name == "time") {
          const std::string datetime = attribute(node, "datetime");
          if (!datetime.empty()) {
            // <time pubdate> and itemprop="datePublished" mark the publication date.
            const bool published = xmlHasProp(node, BAD_CAST "pubdate") != nullptr ||
                                   lower_copy(attribute(node, "itemprop")) == "datepublished";
            auto& list = facts.time_dates;
            list.insert(published ? list.begin() : list.end(), datetime);
          }
        } else if (name == "article") {
          if (facts.article == nullptr) facts.article = node;
        } else if (name == "main") {
          if (facts.main == nullptr) facts.main = node;
        } else if (name == "body") {
          if (facts.body == nullptr) facts.body = node;
        }
        if (facts.article_body == nullptr &&
            lower_copy(attribute(node, "itemprop")) == "articlebody") {
          facts.article_body = node;
        }
        if (facts.main == nullptr && lower_copy(attribute(node, "role")) == "main") {
          facts.main = node;
        }
        return true;
      },
      [](xmlNode*) {});
  return facts;
}

}  // namespace

ParseResult parse_html(std::string_view html, const std::string& path, std::string id) {
  const DocPtr doc = read_html(html);
  xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (root == nullptr) return reject(path, 0, "no HTML content; nothing to index");
  PageFacts facts = gather_facts(root);

  ParseResult result;
  Article article;
  article.id = std::move(id);
  article.path = path;
  article.title = !facts.og_title.empty() ? facts.og_title
                  : !facts.title.empty()  ? facts.title
                                          : facts.h1;
  xmlNode* container = facts.article_body != nullptr ? facts.article_body
                       : facts.article != nullptr    ? facts.article
                       : facts.main != nullptr       ? facts.main
                       : facts.body != nullptr       ? facts.body
                                                     : root;
  article.body = markup::paragraph_text(container);
  if (article.body.empty()) article.body = markup::block_text(container);
  if (article.title.empty() && article.body.empty()) {
    return reject(path, 0, "no headline or article text found in the page; nothing to index");
  }
  if (article.title.empty()) {
    article.title = shorten(first_sentence(article.body), kMaxDerivedTitleBytes);
  }
  article.title = shorten(article.title, 4 * kMaxHeadlineLineBytes);
  std::string rejected_date;
  for (const auto* list : {&facts.dates, &facts.time_dates}) {
    for (const std::string& candidate : *list) {
      if (!article.date.empty()) break;
      if (auto date = normalize_date(candidate)) {
        article.date = *date;
      } else if (rejected_date.empty()) {
        rejected_date = candidate;
      }
    }
  }
  if (article.date.empty() && !rejected_date.empty()) {
    result.diagnostics.push_back(
        {Severity::kWarning, path, 0,
         "date \"" + shorten(rejected_date, 64) + "\" is neither ISO 8601 nor RFC 822; ignored"});
  }
  article.url = !facts.canonical.empty() ? facts.canonical : facts.og_url;
  article.author = facts.author;
  article.section = facts.section;
  article.source = facts.site_name;
  result.article = std::move(article);
  return result;
}

std::string html_to_text(std::string_view html) {
  if (html.find('<') == std::string_view::npos && html.find('&') == std::string_view::npos) {
    return markup::collapse_spaces(html);
  }
  const DocPtr doc = read_html(html);
  xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  return root == nullptr ? std::string() : markup::block_text(root);
}

}  // namespace newsdex::corpus
