// News feeds (.rss, .atom, and .xml holding one): RSS 2.0, RSS 1.0 (RDF) and Atom via libxml2.
#pragma once

#include <string>
#include <string_view>

#include "corpus/json_parser.hpp"

namespace newsdex::corpus {

// Returns true when `xml` (the start of a file will do) looks like an RSS, RDF or Atom feed:
// its first element is <rss>, <rdf:RDF> or <feed>. Never throws.
bool looks_like_feed(std::string_view xml);

// Parses the feed `xml` (UTF-8; see encoding.hpp) and passes one result per item or entry to
// `sink`, its line the item's line in the file. Title, link (Atom: rel="alternate" or none),
// date (pubDate, published, updated, dc:date; ISO 8601 or RFC 822, else dropped with a
// warning), author (author, dc:creator, Atom author/name), body (content:encoded or Atom
// content, else description or summary, HTML removed by html_to_text). The id is the guid (Atom:
// id), else the link, else `file_id` + "#" + the item's number. Items with neither title nor
// body are rejected. Network access, DTD loading and entity substitution are off, so external
// and nested entities are never fetched or expanded; libxml2's default limits stay on. A
// document that is not well formed yields the items libxml2 recovered up to the fault and a
// warning; one with no feed root or no items is rejected. Never throws except what `sink` throws.
void parse_feed(std::string_view xml, const std::string& path, const std::string& file_id,
                const ResultSink& sink);

}  // namespace newsdex::corpus
