// libxml2 helpers the HTML and feed parsers share: tree walks, attributes, text gathering.
#pragma once

#include <libxml/tree.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex::corpus::markup {

// Makes libxml2 ready and silent (no messages on stderr) once per process. Never throws.
void init_libxml();

// Returns the element's local name lower-cased ("" for other nodes).
std::string name_of(const xmlNode* node);

// Returns the value of attribute `name` (case-insensitive, any namespace) or "".
std::string attribute(const xmlNode* node, std::string_view name);

// Visits the subtree of `root` depth first without recursion (so nesting depth cannot exhaust
// the stack). `enter` is called on every node reached and returns whether to descend into its
// children; only elements are descended into, never entity references (whose children belong
// to the entity declaration). `leave` is called after a node's subtree.
void walk(xmlNode* root, const std::function<bool(xmlNode*)>& enter,
          const std::function<void(xmlNode*)>& leave);

// Returns the text of a subtree's text and CDATA nodes, whitespace collapsed, trimmed.
std::string inline_text(xmlNode* root);

// Returns `text` with runs of whitespace (ASCII and no-break space) made one space, trimmed.
std::string collapse_spaces(std::string_view text);

// Returns true for elements whose content is never article text: scripts, styles,
// navigation, page header and footer, asides, forms, hidden elements and the like.
bool is_boilerplate(const xmlNode* element);

// Returns the readable text of a subtree: one paragraph per block element (p, div, li,
// headings, ...), boilerplate skipped, paragraphs separated by blank lines.
std::string block_text(xmlNode* root);

// Returns the text of `root`'s <p> and <h2>-<h6> elements outside boilerplate, as paragraphs
// separated by blank lines ("" when there are none).
std::string paragraph_text(xmlNode* root);

}  // namespace newsdex::corpus::markup
