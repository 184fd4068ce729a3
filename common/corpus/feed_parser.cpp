// RSS and Atom parsing with libxml2's XML reader; see feed_parser.hpp.
#include "corpus/feed_parser.hpp"

#include <libxml/SAX2.h>
#include <libxml/entities.h>
#include <libxml/parser.h>

#include <climits>
#include <memory>
#include <vector>

#include "corpus/date.hpp"
#include "corpus/html_parser.hpp"
#include "corpus/markup.hpp"
#include "corpus/text_parser.hpp"

namespace newsdex::corpus {
namespace {

using markup::attribute;
using markup::name_of;

// The prefix of an element name, "" without one ("content" of "content:encoded").
std::string prefix_of(const xmlNode* node) {
  if (node->ns == nullptr || node->ns->prefix == nullptr) return {};
  return reinterpret_cast<const char*>(node->ns->prefix);
}

// Returns the text of `node`: its text and CDATA, or for Atom's type="xhtml" its markup's
// text. Entity references are left out, never expanded.
std::string raw_text(xmlNode* node) {
  std::string out;
  for (xmlNode* child = node->children; child != nullptr; child = child->next) {
    if ((child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) &&
        child->content != nullptr) {
      out += reinterpret_cast<const char*>(child->content);
    }
  }
  return out;
}

// Returns an element's content as readable text, whatever markup it holds.
std::string readable(xmlNode* node) {
  const std::string type = attribute(node, "type");
  if (type == "xhtml" || (node->children != nullptr && xmlFirstElementChild(node) != nullptr)) {
    return markup::block_text(node);
  }
  if (type == "text") return markup::collapse_spaces(raw_text(node));
  return html_to_text(raw_text(node));
}

struct Item {
  std::string title, link, guid, date, author, content, description;
};

Item read_item(xmlNode* item) {
  Item out;
  for (xmlNode* field = item->children; field != nullptr; field = field->next) {
    if (field->type != XML_ELEMENT_NODE) continue;
    const std::string name = name_of(field);
    const std::string prefix = prefix_of(field);
    if (name == "title") {
      if (out.title.empty()) out.title = readable(field);
    } else if (name == "link") {
      const std::string href = attribute(field, "href");
      const std::string rel = attribute(field, "rel");
      if (!href.empty()) {
        if ((rel.empty() || rel == "alternate") && out.link.empty()) out.link = href;
      } else if (out.link.empty()) {
        out.link = markup::collapse_spaces(raw_text(field));
      }
    } else if (name == "guid" || name == "id") {
      if (out.guid.empty()) out.guid = markup::collapse_spaces(raw_text(field));
    } else if (name == "pubdate" || name == "published" || (name == "date" && prefix == "dc")) {
      out.date = markup::collapse_spaces(raw_text(field));
    } else if (name == "updated" || name == "issued" || name == "modified") {
      if (out.date.empty()) out.date = markup::collapse_spaces(raw_text(field));
    } else if (name == "author" || name == "creator") {
      if (!out.author.empty()) continue;
      xmlNode* author_name = nullptr;
      for (xmlNode* part = field->children; part != nullptr; part = part->next) {
        if (name_of(part) == "name") author_name = part;
      }
      out.author = markup::collapse_spaces(author_name ? raw_text(author_name) : raw_text(field));
    } else if ((name == "encoded" && prefix == "content") || name == "content") {
      if (out.content.empty()) out.content = readable(field);
    } else if (name == "description" || name == "summary") {
      if (out.description.empty()) out.description = readable(field);
    }
  }
  return out;
}

ParseResult to_result(Item item, const std::string& path, std::size_t line, std::string id) {
  ParseResult result;
  Article article;
  article.id = std::move(id);
  article.path = path;
  article.url = item.link;
  article.author = item.author;
  article.body = !item.content.empty() ? std::move(item.content) : std::move(item.description);
  article.title = shorten(markup::collapse_spaces(item.title), 4 * kMaxHeadlineLineBytes);
  if (article.title.empty() && article.body.empty()) {
    return reject(path, line, "feed item \"" + article.id + "\" has neither title nor text");
  }
  if (article.title.empty()) {
    article.title = shorten(first_sentence(article.body), kMaxDerivedTitleBytes);
  }
  if (!item.date.empty()) {
    if (auto date = normalize_date(item.date)) {
      article.date = *date;
    } else {
      result.diagnostics.push_back(
          {Severity::kWarning, path, line,
           "date \"" + shorten(item.date, 64) + "\" is neither ISO 8601 nor RFC 822; ignored"});
    }
  }
  result.article = std::move(article);
  return result;
}

// Declares each entity of the document's DTD with empty content, in place of what it declares:
// entities are not substituted anyway (no XML_PARSE_NOENT), but libxml2 still expands them to
// check an attribute's value, and its limit on entity amplification did not catch every
// nesting. A 1.3 KB variant of the billion laughs (one level's name misspelt) took 47 s to
// index. An external entity (a file read: XXE) becomes empty too. Declared, rather than dropped,
// so that their references stay well-formed: after an undefined one libxml2 drops every later
// reference, the predefined &amp; and &lt; included.
void declare_empty(void* context, const xmlChar* name, int type, const xmlChar* /*public_id*/,
                   const xmlChar* /*system_id*/, xmlChar* /*content*/) {
  const bool parameter =
      type == XML_INTERNAL_PARAMETER_ENTITY || type == XML_EXTERNAL_PARAMETER_ENTITY;
  xmlChar empty[] = "";
  xmlSAX2EntityDecl(context, name,
                    parameter ? XML_INTERNAL_PARAMETER_ENTITY : XML_INTERNAL_GENERAL_ENTITY,
                    nullptr, nullptr, empty);
}

bool is_item(const xmlNode* node) {
  const std::string name = name_of(node);
  return name == "item" || name == "entry";
}

}  // namespace

bool looks_like_feed(std::string_view xml) {
  std::size_t pos = 0;
  const std::string_view head = xml.substr(0, 64 * 1024);
  // Skip the declaration, processing instructions, comments and a DOCTYPE.
  while ((pos = head.find('<', pos)) != std::string_view::npos) {
    if (pos + 1 >= head.size()) return false;
    const char next = head[pos + 1];
    if (next == '?' || next == '!') {
      const std::size_t end = head.find('>', pos);
      if (end == std::string_view::npos) return false;
      pos = end + 1;
      continue;
    }
    std::string_view name = head.substr(pos + 1);
    name = name.substr(0, name.find_first_of(" \t\r\n/>"));
    return name == "rss" || name == "feed" || name == "rdf:RDF" || name.ends_with(":feed") ||
           name.ends_with(":rss");
  }
  return false;
}

void parse_feed(std::string_view xml, const std::string& path, const std::string& file_id,
                const ResultSink& sink) {
  markup::init_libxml();
  std::unique_ptr<xmlParserCtxt, decltype(&xmlFreeParserCtxt)> context(xmlNewParserCtxt(),
                                                                       xmlFreeParserCtxt);
  if (!context) throw std::bad_alloc();
  context->sax->entityDecl = declare_empty;
  // No XML_PARSE_NOENT (entities are not substituted), no XML_PARSE_DTDLOAD (no external DTD),
  // no XML_PARSE_HUGE (libxml2's limits on depth, text size and entity amplification stay).
  const int options = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR |
                      XML_PARSE_NOWARNING | XML_PARSE_NOCDATA | XML_PARSE_NOBLANKS;
  const int size = static_cast<int>(std::min<std::size_t>(xml.size(), INT_MAX));
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
      xmlCtxtReadMemory(context.get(), xml.data(), size, nullptr, "UTF-8", options), xmlFreeDoc);
  const xmlError* error = xmlCtxtGetLastError(context.get());
  const bool well_formed = context->wellFormed != 0;
  std::string fault;
  std::size_t fault_line = 0;
  if (!well_formed && error != nullptr) {
    fault = error->message != nullptr ? markup::collapse_spaces(error->message) : "unknown";
    fault_line = error->line > 0 ? static_cast<std::size_t>(error->line) : 0;
  }
  xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  const std::string root_name = name_of(root);
  if (root == nullptr || (root_name != "rss" && root_name != "feed" && root_name != "rdf")) {
    sink(reject(path, fault_line,
                root == nullptr
                    ? "not an XML document" + (fault.empty() ? "" : ": " + fault)
                    : "not an RSS or Atom feed (the root element is <" + root_name + ">)"));
    return;
  }
  // Items are gathered first so that a fault found later can be reported with the first one.
  std::vector<ParseResult> results;
  markup::walk(
      root,
      [&](xmlNode* node) {
        if (node->type != XML_ELEMENT_NODE) return false;
        if (!is_item(node)) return true;
        Item item = read_item(node);
        std::string id = !item.guid.empty()   ? item.guid
                         : !item.link.empty() ? item.link
                                              : file_id + "#" + std::to_string(results.size() + 1);
        const long line = xmlGetLineNo(node);
        results.push_back(to_result(std::move(item), path,
                                    line > 0 ? static_cast<std::size_t>(line) : 0, std::move(id)));
        return false;
      },
      [](xmlNode*) {});
  if (results.empty()) {
    sink(reject(path, fault_line,
                well_formed ? "the feed has no items; nothing to index"
                            : "malformed XML (" + fault + "); no items read"));
    return;
  }
  if (!well_formed) {
    results.front().diagnostics.insert(results.front().diagnostics.begin(),
                                       {Severity::kWarning, path, fault_line,
                                        "malformed XML (" + fault + "); items read up to there: " +
                                            std::to_string(results.size())});
  }
  for (ParseResult& result : results) sink(std::move(result));
}

}  // namespace newsdex::corpus
