// Text and JSON renderings of search results.
#include "output/formatters.hpp"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <ostream>
#include <stdexcept>

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

nlohmann::ordered_json or_null(const std::string& value) {
  return value.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(value);
}

// Returns the value of one hit field (a name of kHitFields) as JSON.
nlohmann::ordered_json field_json(const search::Hit& hit, std::string_view field) {
  using json = nlohmann::ordered_json;
  const Article& a = hit.article;
  if (field == "rank") return hit.rank;
  if (field == "id") return a.id;
  if (field == "score") return hit.score;
  if (field == "title") return a.title;
  if (field == "date") return or_null(a.date);
  if (field == "url") return or_null(a.url);
  if (field == "section") return or_null(a.section);
  if (field == "source") return or_null(a.source);
  if (field == "author") return or_null(a.author);
  if (field == "snippet") return hit.snippet.text;
  if (field == "highlights") {
    json highlights = json::array();
    for (const search::Highlight& h : hit.snippet.highlights)
      highlights.push_back({h.start, h.end});
    return highlights;
  }
  if (field == "similar") return hit.similar;
  return nullptr;
}

nlohmann::ordered_json hit_json(const search::Hit& hit, const std::vector<std::string>& fields) {
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  if (fields.empty()) {
    for (std::string_view field : kHitFields) object[std::string(field)] = field_json(hit, field);
  } else {
    for (const std::string& field : fields) object[field] = field_json(hit, field);
  }
  return object;
}

// A TSV cell: text made safe for one line, with tabs and line breaks turned into spaces.
std::string tsv_cell(const nlohmann::ordered_json& value) {
  if (value.is_null()) return {};
  if (value.is_string()) return safe(value.get<std::string>());
  if (value.is_array()) {
    std::string joined;
    for (const auto& element : value) {
      if (!joined.empty()) joined.push_back(',');
      if (element.is_array() && element.size() == 2) {
        joined += element[0].dump() + "-" + element[1].dump();
      } else {
        joined += tsv_cell(element);
      }
    }
    return joined;
  }
  return value.dump();
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
    if (!hit.similar.empty()) out << "   +" << hit.similar.size() << " similar\n";
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

std::vector<std::string> parse_fields(std::string_view list) {
  std::vector<bool> wanted(kHitFields.size(), false);
  bool any = false;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t end = std::min(list.find(',', start), list.size());
    const std::string_view name = list.substr(start, end - start);
    if (!name.empty()) {
      const auto it = std::find(kHitFields.begin(), kHitFields.end(), name);
      if (it == kHitFields.end()) {
        std::string known;
        for (std::string_view field : kHitFields)
          known += (known.empty() ? "" : ", ") + std::string(field);
        throw std::invalid_argument("unknown field '" + std::string(name) + "' (" + known + ")");
      }
      wanted[static_cast<std::size_t>(it - kHitFields.begin())] = true;
      any = true;
    }
    start = end + 1;
  }
  if (!any) throw std::invalid_argument("no fields named");
  std::vector<std::string> fields;
  for (std::size_t i = 0; i < kHitFields.size(); ++i) {
    if (wanted[i]) fields.emplace_back(kHitFields[i]);
  }
  return fields;
}

void write_json(const search::SearchResults& results, std::ostream& out,
                const std::vector<std::string>& fields) {
  using json = nlohmann::ordered_json;
  json hits = json::array();
  for (const search::Hit& hit : results.hits) hits.push_back(hit_json(hit, fields));
  json document = {{"version", kJsonVersion},        {"query", results.query},
                   {"total", results.total},         {"total_exact", results.total_exact},
                   {"collapsed", results.collapsed}, {"seconds", results.seconds},
                   {"hits", std::move(hits)}};
  if (!results.facets.empty()) {
    document["facets"] = facets_json(results.facets);
    document["facets_count"] = "articles";
  }
  if (!results.suggestion.empty()) document["suggestion"] = results.suggestion;
  if (!results.related.empty()) document["related"] = results.related;
  dump(document, out);
}

void write_jsonl(const search::SearchResults& results, std::ostream& out,
                 const std::vector<std::string>& fields) {
  for (const search::Hit& hit : results.hits) dump(hit_json(hit, fields), out);
}

void write_ids(const search::SearchResults& results, std::ostream& out) {
  for (const search::Hit& hit : results.hits) out << safe(hit.article.id) << '\n';
}

void write_tsv(const search::SearchResults& results, std::ostream& out,
               const std::vector<std::string>& fields, bool header) {
  std::vector<std::string> columns = fields;
  if (columns.empty()) columns.assign(kDefaultTsvFields.begin(), kDefaultTsvFields.end());
  if (header) {
    for (std::size_t i = 0; i < columns.size(); ++i) out << (i ? "\t" : "") << columns[i];
    out << '\n';
  }
  for (const search::Hit& hit : results.hits) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      out << (i ? "\t" : "") << tsv_cell(field_json(hit, columns[i]));
    }
    out << '\n';
  }
}

void write_count(const search::SearchResults& results, std::ostream& out) {
  out << results.total << '\n';
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
