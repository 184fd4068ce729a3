// One article's way into a database; shared by the one-writer run and the shard builds.
#include "index/write_article.hpp"

#include <chrono>
#include <vector>

#include "index/duplicates.hpp"
#include "schema.hpp"

namespace newsdex::index {

double write_article(IndexWriter& writer, DocumentBuilder& builder,
                     const entities::Extractor* extractor, const Article& article,
                     const std::string& id_term, const std::string& hash, bool replacing,
                     Grouping grouping, std::uint64_t order) {
  std::vector<entities::Entity> found;
  double extraction_seconds = 0;
  if (extractor != nullptr) {
    const auto start = std::chrono::steady_clock::now();
    found = extractor->extract(article.title, article.body);
    extraction_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  std::vector<entities::EntityId> ids;
  ids.reserve(found.size());
  for (const entities::Entity& entity : found)
    ids.push_back(writer.entity_id(entity.type, entity.name, order));
  Xapian::Document doc = builder.build(article, found, ids);
  doc.add_value(schema::kSlotContentHash, hash);
  if (grouping == Grouping::kLookUp) {
    assign_group(writer.database(), doc, article.id, id_term);
  } else {
    assign_own_group(doc, article.id);
  }
  writer.write(id_term, doc, builder.spelling_words(), replacing);
  for (const entities::Entity& entity : found) {
    writer.add_aliases(entity_term(entity.type, entity.name),
                       alias_terms(article, entity, extractor->aliases(entity)));
  }
  return extraction_seconds;
}

}  // namespace newsdex::index
