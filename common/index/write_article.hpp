// One article's way into a database: extraction, document building, duplicate group, write.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "article.hpp"
#include "entities/entity.hpp"
#include "entities/extractor.hpp"
#include "index/document_builder.hpp"
#include "index/index_writer.hpp"

namespace newsdex::index {

// How an article finds its duplicate group.
enum class Grouping {
  kLookUp,  // among the articles already in the writer's database (assign_group)
  kOwn,     // its own key; the caller regroups later (shard builds: index/shard_build.hpp)
};

// What extraction and document building make of one article: the part of indexing that reads
// no database, so that it can run on another thread than the writer's (index/build_pool.hpp).
struct PreparedArticle {
  Xapian::Document doc;  // without entity ids, content hash and duplicate group
  std::vector<entities::Entity> entities;
  std::vector<std::string> spelling_words;  // DocumentBuilder::spelling_words
  // Each entity's filter term with the alias terms the writer maps to it (alias_terms).
  std::vector<std::pair<std::string, std::vector<std::string>>> aliases;
  double extraction_seconds = 0;  // spent in the extractor
};

// Extracts the entities of `article` when `extractor` is not null (not owned) and builds its
// document with `builder`, which then holds no reference to it: the result may move to another
// thread. Throws std::runtime_error when normalisation (ICU) fails.
PreparedArticle prepare_article(DocumentBuilder& builder, const entities::Extractor* extractor,
                                const Article& article);

// Writes `prepared` (of the article with id `article_id`, unique term `id_term` and content
// hash `hash`) through `writer`: gives its entities the writer's ids, stores the hash, gives it
// its duplicate group, writes it (replacing the stored version when `replacing`) and records
// its entities' aliases. `order` is the article's place in a shard build (see
// IndexWriter::entity_id). Leaves `prepared.doc` written and its other parts as they were.
// Throws Xapian::Error on database errors.
void write_prepared(IndexWriter& writer, PreparedArticle& prepared, std::string_view article_id,
                    const std::string& id_term, const std::string& hash, bool replacing,
                    Grouping grouping, std::uint64_t order = 0);

// prepare_article then write_prepared, on one thread. Returns the seconds spent in the
// extractor. Throws what either throws.
double write_article(IndexWriter& writer, DocumentBuilder& builder,
                     const entities::Extractor* extractor, const Article& article,
                     const std::string& id_term, const std::string& hash, bool replacing,
                     Grouping grouping, std::uint64_t order = 0);

}  // namespace newsdex::index
