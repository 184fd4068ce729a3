// Document construction: the one place that turns articles into terms, values and data.
#include "index/document_builder.hpp"

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "corpus/date.hpp"
#include "entities/dictionary.hpp"
#include "entities/facet_values.hpp"
#include "index/duplicates.hpp"
#include "index/incremental.hpp"
#include "schema.hpp"
#include "text/normalize.hpp"

namespace newsdex::index {
namespace {

using nlohmann::json;

// Keeps a boolean term under Xapian's length limit by cutting the value.
void add_filter_term(Xapian::Document& doc, std::string_view prefix, std::string_view value) {
  if (value.empty()) return;
  std::string term(prefix);
  term += text::normalize(value);
  if (term.size() > schema::kMaxTermBytes) term.resize(schema::kMaxTermBytes);
  doc.add_boolean_term(term);
}

std::string_view mention_text(const Article& article, const entities::Mention& mention) {
  const std::string& field =
      mention.field == entities::TextField::kTitle ? article.title : article.body;
  if (mention.start >= mention.end || mention.end > field.size()) return {};
  std::string_view text =
      std::string_view(field).substr(mention.start, mention.end - mention.start);
  for (std::string_view suffix : {"'s", "\xE2\x80\x99s", "'", "\xE2\x80\x99"}) {
    if (text.size() > suffix.size() && text.ends_with(suffix)) {
      text.remove_suffix(suffix.size());
      break;
    }
  }
  return text;
}

std::string_view entity_prefix(entities::EntityType type) {
  switch (type) {
    case entities::EntityType::kPerson:
      return schema::kPrefixPerson;
    case entities::EntityType::kOrg:
      return schema::kPrefixOrg;
    case entities::EntityType::kPlace:
      return schema::kPrefixPlace;
    case entities::EntityType::kOther:
      return schema::kPrefixOther;
  }
  return schema::kPrefixOther;
}

}  // namespace

std::string entity_term(entities::EntityType type, std::string_view name) {
  std::string term(entity_prefix(type));
  term += entities::entity_key(name);
  if (term.size() > schema::kMaxTermBytes) term.resize(schema::kMaxTermBytes);
  return term;
}

std::vector<std::string> alias_terms(const Article& article, const entities::Entity& entity,
                                     const std::vector<std::string>& known_aliases) {
  const std::string canonical = entity_term(entity.type, entity.name);
  std::vector<std::string> terms;
  auto add = [&](std::string_view alias) {
    if (alias.empty()) return;
    std::string term = entity_term(entity.type, alias);
    if (term.size() > entity_prefix(entity.type).size() && term != canonical &&
        std::find(terms.begin(), terms.end(), term) == terms.end()) {
      terms.push_back(std::move(term));
    }
  };
  for (const entities::Mention& mention : entity.mentions) add(mention_text(article, mention));
  for (const std::string& alias : known_aliases) add(alias);
  return terms;
}

std::string id_term(std::string_view id) {
  std::string term(schema::kPrefixId);
  if (term.size() + id.size() <= schema::kMaxTermBytes) return term.append(id);
  char hash[24];
  std::snprintf(hash, sizeof hash, "#%016zx", std::hash<std::string_view>{}(id));
  term.append(id.substr(0, schema::kMaxTermBytes - term.size() - 17));
  return term.append(hash);
}

std::string serialise_data(const Article& article) {
  json data = json::object();
  auto put = [&data](const char* key, const std::string& value) {
    if (!value.empty()) data[key] = value;
  };
  put("id", article.id);
  put("title", article.title);
  put("body", article.body);
  put("date", article.date);
  put("url", article.url);
  put("section", article.section);
  put("source", article.source);
  put("author", article.author);
  put("path", article.path);
  return data.dump(-1, ' ', false, json::error_handler_t::replace);
}

Article parse_data(const std::string& data) {
  json object = json::parse(data, nullptr, /*allow_exceptions=*/false);
  if (!object.is_object()) throw std::runtime_error("document data is not a newsdex record");
  auto get = [&object](const char* key) {
    const auto it = object.find(key);
    if (it == object.end()) return std::string();
    if (!it->is_string()) {
      throw std::runtime_error(std::string("document data field \"") + key + "\" is not a string");
    }
    return it->get<std::string>();
  };
  Article article;
  article.id = get("id");
  article.title = get("title");
  article.body = get("body");
  article.date = get("date");
  article.url = get("url");
  article.section = get("section");
  article.source = get("source");
  article.author = get("author");
  article.path = get("path");
  return article;
}

DocumentBuilder::DocumentBuilder() {
  generator_.set_stemmer(Xapian::Stem("english"));
  generator_.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
}

Xapian::Document DocumentBuilder::build(const Article& article,
                                        const std::vector<entities::Entity>& entities,
                                        const std::vector<entities::EntityId>& entity_ids) {
  Xapian::Document doc;
  generator_.set_document(doc);
  const std::string title = text::normalize(article.title);
  generator_.index_text(title, 1, std::string(schema::kPrefixTitle));
  generator_.index_text(title);
  // A gap keeps phrases from matching across the title/body seam.
  generator_.increase_termpos(100);
  const std::string body = text::normalize(article.body);
  generator_.index_text(body);

  doc.add_boolean_term(id_term(article.id));
  if (!article.path.empty()) doc.add_boolean_term(file_term(article.path));
  add_filter_term(doc, schema::kPrefixSection, article.section);
  add_filter_term(doc, schema::kPrefixSource, article.source);
  add_filter_term(doc, schema::kPrefixAuthor, article.author);
  if (auto date = corpus::parse_iso8601(article.date)) {
    const std::string day = date->yyyymmdd();
    doc.add_boolean_term(std::string(schema::kPrefixDay) + day);
    doc.add_boolean_term(std::string(schema::kPrefixMonth) + day.substr(0, 6));
    doc.add_boolean_term(std::string(schema::kPrefixYear) + day.substr(0, 4));
    doc.add_value(schema::kSlotDate, day);
    doc.add_value(schema::kSlotTimestamp,
                  Xapian::sortable_serialise(static_cast<double>(date->epoch_seconds)));
  }
  for (const entities::Entity& entity : entities) {
    doc.add_boolean_term(entity_term(entity.type, entity.name));
  }
  if (!entity_ids.empty()) {
    doc.add_value(schema::kSlotEntities, entities::encode_entity_ids(entity_ids));
  }
  const Signature own = signature_of_normalized(article.body.empty() ? title : body);
  if (!own.empty()) {
    doc.add_value(schema::kSlotSignature, encode_signature(own));
    for (const std::string& term : band_terms(own)) doc.add_boolean_term(term);
  }
  doc.set_data(serialise_data(article));
  return doc;
}

}  // namespace newsdex::index
