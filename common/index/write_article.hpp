// One article's way into a database: extraction, document building, duplicate group, write.
#pragma once

#include <cstdint>
#include <string>

#include "article.hpp"
#include "entities/extractor.hpp"
#include "index/document_builder.hpp"
#include "index/index_writer.hpp"

namespace newsdex::index {

// How an article finds its duplicate group.
enum class Grouping {
  kLookUp,  // among the articles already in the writer's database (assign_group)
  kOwn,     // its own key; the caller regroups later (shard builds: index/shard_build.hpp)
};

// Indexes `article` (unique term `id_term`, content hash `hash`) through `writer`: extracts its
// entities when `extractor` is not null (not owned), builds its document with `builder`, gives
// it its duplicate group, writes it (replacing the stored version when `replacing`) and records
// its entities' aliases. `order` is the article's place in a shard build (see
// IndexWriter::entity_id). Returns the seconds spent in the extractor. Throws Xapian::Error on
// database errors, std::runtime_error when normalisation fails.
double write_article(IndexWriter& writer, DocumentBuilder& builder,
                     const entities::Extractor* extractor, const Article& article,
                     const std::string& id_term, const std::string& hash, bool replacing,
                     Grouping grouping, std::uint64_t order = 0);

}  // namespace newsdex::index
