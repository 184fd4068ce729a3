// Text and JSON renderings of search results.
#include "output/formatters.hpp"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <ostream>

#include "text/normalize.hpp"

namespace newsdex::output {
namespace {

constexpr const char* kBold = "\x1b[1m";
constexpr const char* kReset = "\x1b[0m";

// Article text made safe for one line of a terminal: no control characters, and line breaks
// and tabs (which could forge further result lines) turned into spaces.
std::string safe(const std::string& s) {
  std::string out = text::strip_controls(s);
  std::replace_if(
      out.begin(), out.end(), [](char c) { return c == '\n' || c == '\t'; }, ' ');
  return out;
}

std::string format_time(double seconds) {
  char buffer[32];
  if (seconds < 1) {
    std::snprintf(buffer, sizeof buffer, "%.1f ms", seconds * 1000);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.2f s", seconds);
  }
  return buffer;
}

std::string highlighted(const search::Snippet& snippet, bool color) {
  if (!color) return safe(snippet.text);
  std::string out;
  std::size_t pos = 0;
  for (const search::Highlight& h : snippet.highlights) {
    out += safe(snippet.text.substr(pos, h.start - pos));
    out += kBold + safe(snippet.text.substr(h.start, h.end - h.start)) + kReset;
    pos = h.end;
  }
  return out + safe(snippet.text.substr(pos));
}

nlohmann::ordered_json facets_json(const std::vector<search::Facet>& facets) {
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  for (const search::Facet& facet : facets) {
    nlohmann::ordered_json values = nlohmann::ordered_json::array();
    for (const search::FacetCount& value : facet.values) {
      values.push_back({{"name", value.name}, {"count", value.count}});
    }
    object[std::string(entities::type_name(facet.type))] = std::move(values);
  }
  return object;
}

void dump(const nlohmann::ordered_json& document, std::ostream& out) {
  out << document.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace

void write_text(const search::SearchResults& results, std::ostream& out, bool color) {
  out << (results.total_exact ? "" : "about ") << results.total;
  if (results.related.empty()) {
    out << (results.total == 1 ? " match" : " matches") << " for \"" << safe(results.query);
  } else {
    out << (results.total == 1 ? " article" : " articles") << " related to \""
        << safe(results.related);
  }
  out << "\" (" << format_time(results.seconds) << ")";
  if (results.fell_back) out << "; the query's syntax was not understood, so its words were used";
  out << '\n';
  if (!results.suggestion.empty()) out << "Did you mean: " << safe(results.suggestion) << '\n';
  for (const search::Hit& hit : results.hits) {
    const Article& a = hit.article;
    out << '\n'
        << hit.rank << ". " << (color ? kBold : "") << safe(a.title) << (color ? kReset : "")
        << '\n';
    out << "   ";
    if (!a.date.empty()) out << safe(a.date) << " · ";
    out << safe(a.id) << '\n';
    if (!hit.snippet.text.empty()) out << "   " << highlighted(hit.snippet, color) << '\n';
  }
  bool first = true;
  for (const search::Facet& facet : results.facets) {
    if (facet.values.empty()) continue;
    if (first) out << '\n';
    first = false;
    const std::string label = std::string(entities::type_name(facet.type)) + ":";
    out << label << std::string(label.size() < 8 ? 8 - label.size() : 1, ' ');
    for (std::size_t i = 0; i < facet.values.size(); ++i) {
      if (i > 0) out << " · ";
      out << safe(facet.values[i].name) << ' ' << facet.values[i].count;
    }
    out << '\n';
  }
}

void write_json(const search::SearchResults& results, std::ostream& out) {
  using json = nlohmann::ordered_json;
  json hits = json::array();
  for (const search::Hit& hit : results.hits) {
    json highlights = json::array();
    for (const search::Highlight& h : hit.snippet.highlights)
      highlights.push_back({h.start, h.end});
    const Article& a = hit.article;
    hits.push_back({{"rank", hit.rank},
                    {"id", a.id},
                    {"score", hit.score},
                    {"title", a.title},
                    {"date", a.date.empty() ? json(nullptr) : json(a.date)},
                    {"url", a.url.empty() ? json(nullptr) : json(a.url)},
                    {"snippet", hit.snippet.text},
                    {"highlights", std::move(highlights)}});
  }
  json document = {{"query", results.query},
                   {"total", results.total},
                   {"total_exact", results.total_exact},
                   {"seconds", results.seconds},
                   {"hits", std::move(hits)}};
  if (!results.facets.empty()) document["facets"] = facets_json(results.facets);
  if (!results.suggestion.empty()) document["suggestion"] = results.suggestion;
  if (!results.related.empty()) document["related"] = results.related;
  dump(document, out);
}

void write_text(const search::EntityListing& listing, std::ostream& out) {
  out << "entities of " << listing.total << (listing.total == 1 ? " article" : " articles");
  if (!listing.query.empty()) out << " matching \"" << safe(listing.query) << '"';
  out << " (" << format_time(listing.seconds) << ")\n";
  for (const search::Facet& facet : listing.facets) {
    out << '\n' << entities::type_name(facet.type) << '\n';
    for (const search::FacetCount& value : facet.values) {
      out << "  " << value.count << "  " << safe(value.name) << '\n';
    }
  }
}

void write_json(const search::EntityListing& listing, std::ostream& out) {
  using json = nlohmann::ordered_json;
  dump({{"query", listing.query.empty() ? json(nullptr) : json(listing.query)},
        {"total", listing.total},
        {"entities", facets_json(listing.facets)}},
       out);
}

}  // namespace newsdex::output
