// Text, JSON and TSV renderings of search results.
#include "output/formatters.hpp"

#include <algorithm>
#include <cstdio>
#include <ostream>
#include <stdexcept>

#include "output/json_writer.hpp"
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

void write_facets(JsonWriter& json, const std::vector<search::Facet>& facets) {
  json.begin_object();
  for (const search::Facet& facet : facets) {
    json.key(entities::type_name(facet.type)).begin_array();
    for (const search::FacetCount& value : facet.values) {
      json.begin_object().key("name").string(value.name).key("count").number(value.count);
      json.end_object();
    }
    json.end_array();
  }
  json.end_object();
}

// Returns the hit field `field` when it is text (a name of kHitFields), else null.
const std::string* text_of(const search::Hit& hit, std::string_view field) {
  const Article& a = hit.article;
  if (field == "id") return &a.id;
  if (field == "title") return &a.title;
  if (field == "date") return &a.date;
  if (field == "url") return &a.url;
  if (field == "section") return &a.section;
  if (field == "source") return &a.source;
  if (field == "author") return &a.author;
  if (field == "snippet") return &hit.snippet.text;
  return nullptr;
}

// Writes the value of one hit field (a name of kHitFields). Id, title and snippet are always
// strings; the other text fields are null when the article has none.
void write_field(JsonWriter& json, const search::Hit& hit, std::string_view field) {
  if (const std::string* text = text_of(hit, field)) {
    if (field == "id" || field == "title" || field == "snippet") {
      json.string(*text);
    } else {
      json.string_or_null(*text);
    }
  } else if (field == "rank") {
    json.number(hit.rank);
  } else if (field == "score") {
    json.number(hit.score);
  } else if (field == "highlights") {
    json.begin_array();
    for (const search::Highlight& h : hit.snippet.highlights) {
      json.begin_array().number(h.start).number(h.end).end_array();
    }
    json.end_array();
  } else if (field == "similar") {
    json.begin_array();
    for (const std::string& id : hit.similar) json.string(id);
    json.end_array();
  } else {
    json.null();
  }
}

void write_hit(JsonWriter& json, const search::Hit& hit, const std::vector<std::string>& fields) {
  json.begin_object();
  if (fields.empty()) {
    for (std::string_view field : kHitFields) write_field(json.key(field), hit, field);
  } else {
    for (const std::string& field : fields) write_field(json.key(field), hit, field);
  }
  json.end_object();
}

// Writes `text` and a newline.
void write_line(std::string& text, std::ostream& out) {
  text.push_back('\n');
  out << text;
}

// A TSV cell of one hit field: text made safe for one line, lists joined with ',' (highlights
// as start-end), missing values empty.
std::string tsv_cell(const search::Hit& hit, std::string_view field) {
  if (const std::string* text = text_of(hit, field)) return safe(*text);
  if (field == "rank") return std::to_string(hit.rank);
  if (field == "score") {
    std::string score;
    append_json_number(score, hit.score);
    return score;
  }
  std::string joined;
  if (field == "highlights") {
    for (const search::Highlight& h : hit.snippet.highlights) {
      if (!joined.empty()) joined.push_back(',');
      joined += std::to_string(h.start) + "-" + std::to_string(h.end);
    }
  } else if (field == "similar") {
    for (const std::string& id : hit.similar) {
      if (!joined.empty()) joined.push_back(',');
      joined += safe(id);
    }
  }
  return joined;
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
  std::string text;
  JsonWriter json(text);
  json.begin_object();
  json.key("version").number(kJsonVersion);
  json.key("query").string(results.query);
  json.key("total").number(results.total);
  json.key("total_exact").boolean(results.total_exact);
  json.key("collapsed").boolean(results.collapsed);
  json.key("seconds").number(results.seconds);
  json.key("hits").begin_array();
  for (const search::Hit& hit : results.hits) write_hit(json, hit, fields);
  json.end_array();
  if (!results.facets.empty()) {
    write_facets(json.key("facets"), results.facets);
    json.key("facets_count").string("articles");
  }
  if (!results.suggestion.empty()) json.key("suggestion").string(results.suggestion);
  if (!results.related.empty()) json.key("related").string(results.related);
  json.end_object();
  write_line(text, out);
}

void write_jsonl(const search::SearchResults& results, std::ostream& out,
                 const std::vector<std::string>& fields) {
  for (const search::Hit& hit : results.hits) {
    std::string text;
    JsonWriter json(text);
    write_hit(json, hit, fields);
    write_line(text, out);
  }
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
      out << (i ? "\t" : "") << tsv_cell(hit, columns[i]);
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
  std::string text;
  JsonWriter json(text);
  json.begin_object();
  json.key("query").string_or_null(listing.query);
  json.key("total").number(listing.total);
  write_facets(json.key("entities"), listing.facets);
  json.end_object();
  write_line(text, out);
}

}  // namespace newsdex::output
