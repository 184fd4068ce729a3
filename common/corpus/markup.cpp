// Shared libxml2 tree helpers; see markup.hpp.
#include "corpus/markup.hpp"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <mutex>

namespace newsdex::corpus::markup {
namespace {

void ignore_error(void*, const char*, ...) {}
void ignore_structured_error(void*, xmlErrorPtr) {}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_block(std::string_view name) {
  // <br> is a line break inside a paragraph, handled on its own.
  static constexpr std::array<std::string_view, 29> kBlocks = {
      "p",     "div",  "li",      "ul",         "ol",     "h1",      "h2",      "h3",
      "h4",    "h5",   "h6",      "blockquote", "pre",    "section", "article", "main",
      "table", "tr",   "td",      "th",         "dd",     "dt",      "dl",      "figcaption",
      "hr",    "body", "address", "summary",    "details"};
  return std::find(kBlocks.begin(), kBlocks.end(), name) != kBlocks.end();
}

// Gathers text into paragraphs, collapsing whitespace as a browser would.
class Paragraphs {
 public:
  void text(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      const bool nbsp =
          c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0;
      if (std::isspace(c) || nbsp) {
        if (nbsp) ++i;
        space_ = !current_.empty();
        continue;
      }
      if (space_) current_.push_back(' ');
      space_ = false;
      current_.push_back(static_cast<char>(c));
    }
  }
  void line_break() {
    if (!current_.empty()) current_.push_back('\n');
    space_ = false;
  }
  void paragraph_break() {
    while (!current_.empty() && current_.back() == '\n') current_.pop_back();
    if (!current_.empty()) paragraphs_.push_back(std::move(current_));
    current_.clear();
    space_ = false;
  }
  std::string joined() {
    paragraph_break();
    std::string out;
    for (const std::string& paragraph : paragraphs_) {
      if (!out.empty()) out += "\n\n";
      out += paragraph;
    }
    return out;
  }

 private:
  std::vector<std::string> paragraphs_;
  std::string current_;
  bool space_ = false;
};

void gather(xmlNode* root, Paragraphs& out) {
  walk(
      root,
      [&out, root](xmlNode* node) {
        if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
          if (node->content != nullptr) out.text(reinterpret_cast<const char*>(node->content));
          return false;
        }
        if (node->type != XML_ELEMENT_NODE) return false;
        if (node != root && is_boilerplate(node)) return false;
        const std::string name = name_of(node);
        if (name == "br") {
          out.line_break();
        } else if (is_block(name)) {
          out.paragraph_break();
        }
        return true;
      },
      [&out](xmlNode* node) {
        if (node->type == XML_ELEMENT_NODE && is_block(name_of(node))) out.paragraph_break();
      });
}

}  // namespace

void init_libxml() {
  static std::once_flag once;
  std::call_once(once, [] {
    xmlInitParser();
    xmlSetGenericErrorFunc(nullptr, ignore_error);
    xmlSetStructuredErrorFunc(nullptr, ignore_structured_error);
  });
}

std::string name_of(const xmlNode* node) {
  if (node == nullptr || node->type != XML_ELEMENT_NODE || node->name == nullptr) return {};
  return lower(reinterpret_cast<const char*>(node->name));
}

std::string attribute(const xmlNode* node, std::string_view name) {
  if (node == nullptr || node->type != XML_ELEMENT_NODE) return {};
  for (const xmlAttr* attr = node->properties; attr != nullptr; attr = attr->next) {
    if (attr->name == nullptr || lower(reinterpret_cast<const char*>(attr->name)) != name) continue;
    std::string value;
    // Attribute children are text nodes (entity references are not followed; see walk).
    for (const xmlNode* child = attr->children; child != nullptr; child = child->next) {
      if (child->type == XML_TEXT_NODE && child->content != nullptr) {
        value += reinterpret_cast<const char*>(child->content);
      }
    }
    return value;
  }
  return {};
}

void walk(xmlNode* root, const std::function<bool(xmlNode*)>& enter,
          const std::function<void(xmlNode*)>& leave) {
  if (root == nullptr) return;
  xmlNode* node = root;
  while (true) {
    const bool element = node->type == XML_ELEMENT_NODE;
    if (enter(node) && element && node->children != nullptr) {
      node = node->children;
      continue;
    }
    leave(node);
    while (node != root && node->next == nullptr) {
      node = node->parent;
      leave(node);
    }
    if (node == root) return;
    node = node->next;
  }
}

std::string collapse_spaces(std::string_view text) {
  Paragraphs paragraphs;
  paragraphs.text(text);
  return paragraphs.joined();
}

std::string inline_text(xmlNode* root) {
  Paragraphs paragraphs;
  walk(
      root,
      [&paragraphs](xmlNode* node) {
        if ((node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) &&
            node->content != nullptr) {
          paragraphs.text(reinterpret_cast<const char*>(node->content));
        }
        return node->type == XML_ELEMENT_NODE;
      },
      [](xmlNode*) {});
  return paragraphs.joined();
}

bool is_boilerplate(const xmlNode* element) {
  static constexpr std::array<std::string_view, 18> kElements = {
      "script", "style", "nav",    "header", "footer", "aside", "noscript", "template", "form",
      "iframe", "svg",   "button", "select", "object", "embed", "canvas",   "menu",     "head"};
  const std::string name = name_of(element);
  if (std::find(kElements.begin(), kElements.end(), name) != kElements.end()) return true;
  if (xmlHasProp(const_cast<xmlNode*>(element), BAD_CAST "hidden") != nullptr) return true;
  if (lower(attribute(element, "aria-hidden")) == "true") return true;
  static constexpr std::array<std::string_view, 5> kRoles = {"navigation", "banner", "contentinfo",
                                                             "complementary", "search"};
  const std::string role = lower(attribute(element, "role"));
  if (std::find(kRoles.begin(), kRoles.end(), role) != kRoles.end()) return true;
  // Class names sites commonly give to sharing bars, related links, adverts and notices.
  static constexpr std::array<std::string_view, 17> kClasses = {
      "ad",      "ads",        "advert",      "advertisement", "related", "share",
      "sharing", "social",     "newsletter",  "cookie-banner", "cookies", "promo",
      "sidebar", "breadcrumb", "breadcrumbs", "comments",      "byline"};
  const std::string classes = lower(attribute(element, "class"));
  std::size_t pos = 0;
  while (pos < classes.size()) {
    const std::size_t end = std::min(classes.find(' ', pos), classes.size());
    const std::string_view token = std::string_view(classes).substr(pos, end - pos);
    if (std::find(kClasses.begin(), kClasses.end(), token) != kClasses.end()) return true;
    pos = end + 1;
  }
  return false;
}

std::string block_text(xmlNode* root) {
  Paragraphs paragraphs;
  gather(root, paragraphs);
  return paragraphs.joined();
}

std::string paragraph_text(xmlNode* root) {
  std::string out;
  walk(
      root,
      [&out, root](xmlNode* node) {
        if (node->type != XML_ELEMENT_NODE) return false;
        if (node != root && is_boilerplate(node)) return false;
        const std::string name = name_of(node);
        if (name == "p" ||
            (name.size() == 2 && name[0] == 'h' && name[1] >= '2' && name[1] <= '6')) {
          const std::string text = block_text(node);
          if (!text.empty()) {
            if (!out.empty()) out += "\n\n";
            out += text;
          }
          return false;
        }
        return true;
      },
      [](xmlNode*) {});
  return out;
}

}  // namespace newsdex::corpus::markup
