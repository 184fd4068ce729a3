// One article's way into a database; shared by the one-writer run and the shard builds.
#include "index/write_article.hpp"

#include <chrono>
#include <vector>

#include "entities/facet_values.hpp"
#include "index/duplicates.hpp"
#include "schema.hpp"

namespace newsdex::index {

PreparedArticle prepare_article(DocumentBuilder& builder, const entities::Extractor* extractor,
                                const Article& article) {
  PreparedArticle prepared;
  if (extractor != nullptr) {
    const auto start = std::chrono::steady_clock::now();
    prepared.entities = extractor->extract(article.title, article.body);
    prepared.extraction_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  prepared.doc = builder.build(article, prepared.entities);
  prepared.spelling_words = builder.take_spelling_words();
  prepared.aliases.reserve(prepared.entities.size());
  for (const entities::Entity& entity : prepared.entities) {
    prepared.aliases.emplace_back(entity_term(entity.type, entity.name),
                                  alias_terms(article, entity, extractor->aliases(entity)));
  }
  return prepared;
}

void write_prepared(IndexWriter& writer, PreparedArticle& prepared, std::string_view article_id,
                    const std::string& id_term, const std::string& hash, bool replacing,
                    Grouping grouping, std::uint64_t order) {
  Xapian::Document& doc = prepared.doc;
  std::vector<entities::EntityId> ids;
  ids.reserve(prepared.entities.size());
  for (const entities::Entity& entity : prepared.entities)
    ids.push_back(writer.entity_id(entity.type, entity.name, order));
  set_entity_ids(doc, ids);
  doc.add_value(schema::kSlotContentHash, hash);
  if (grouping == Grouping::kLookUp) {
    assign_group(writer.database(), doc, article_id, id_term);
  } else {
    assign_own_group(doc, article_id);
  }
  writer.write(id_term, doc, prepared.spelling_words, replacing);
  for (const auto& [canonical, aliases] : prepared.aliases) writer.add_aliases(canonical, aliases);
}

double write_article(IndexWriter& writer, DocumentBuilder& builder,
                     const entities::Extractor* extractor, const Article& article,
                     const std::string& id_term, const std::string& hash, bool replacing,
                     Grouping grouping, std::uint64_t order) {
  PreparedArticle prepared = prepare_article(builder, extractor, article);
  write_prepared(writer, prepared, article.id, id_term, hash, replacing, grouping, order);
  return prepared.extraction_seconds;
}

}  // namespace newsdex::index
