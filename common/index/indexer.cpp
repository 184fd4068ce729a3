// The indexing run: the pipeline reader -> builder -> writer with reporting.
#include "index/indexer.hpp"

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <ostream>
#include <stdexcept>

#include "corpus/reader.hpp"
#include "entities/extractor.hpp"
#include "entities/facet_file.hpp"
#include "index/document_builder.hpp"
#include "index/index_writer.hpp"
#include "paths.hpp"

namespace newsdex::index {
namespace {

std::string format_seconds(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", seconds);
  return buffer;
}

// Prints an article's diagnostics; returns false when the article was rejected.
bool report(const corpus::ParseResult& result, IndexSummary& summary, std::ostream& err) {
  for (const corpus::Diagnostic& diagnostic : result.diagnostics) {
    err << diagnostic.format() << '\n';
    if (diagnostic.severity == corpus::Severity::kWarning) ++summary.warnings;
  }
  if (result.rejected()) ++summary.rejected;
  return !result.rejected();
}

corpus::ReadOptions read_options(const IndexOptions& options) {
  corpus::ReadOptions read;
  read.max_file_bytes = options.max_file_bytes;
  return read;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

IndexSummary run_index(const IndexOptions& options, std::ostream& err) {
  const auto start = std::chrono::steady_clock::now();
  const std::filesystem::path db_path = paths::database(options.db);
  const entities::Extractor extractor(paths::data_dir(), paths::user_dictionary());
  IndexWriter writer(db_path);
  DocumentBuilder builder;
  IndexSummary summary;
  std::size_t pending = 0;

  corpus::read_inputs(options.inputs, read_options(options), [&](corpus::ParseResult&& result) {
    if (!report(result, summary, err)) return;
    const Article& article = *result.article;
    std::vector<entities::Entity> found;
    if (options.entities) {
      const auto extraction_start = std::chrono::steady_clock::now();
      found = extractor.extract(article.title, article.body);
      summary.extraction_seconds += seconds_since(extraction_start);
    }
    std::vector<entities::EntityId> ids;
    for (const entities::Entity& entity : found)
      ids.push_back(writer.entity_id(entity.type, entity.name));
    const Xapian::Document doc = builder.build(article, found, ids);
    const auto outcome = writer.write(id_term(article.id), doc);
    for (const entities::Entity& entity : found) {
      writer.add_aliases(entity_term(entity.type, entity.name),
                         alias_terms(article, entity, extractor.aliases(entity)));
    }
    ++(outcome == IndexWriter::Outcome::kAdded ? summary.added : summary.replaced);
    if (options.verbose) {
      err << "newsdex-index: " << (outcome == IndexWriter::Outcome::kAdded ? "added " : "replaced ")
          << article.id << '\n';
    }
    if (++pending >= options.batch_size) {
      writer.commit();
      pending = 0;
    }
  });
  writer.commit();
  entities::write_facet_file(writer.database(), db_path);

  summary.seconds = seconds_since(start);
  if (!options.quiet) {
    const std::size_t indexed = summary.added + summary.replaced;
    err << "newsdex-index: " << indexed << " articles indexed (" << summary.added << " added, "
        << summary.replaced << " replaced), " << summary.rejected << " rejected, "
        << summary.warnings << " warnings, in " << format_seconds(summary.seconds)
        << " s (entity extraction " << format_seconds(summary.extraction_seconds) << " s); "
        << writer.document_count() << " articles in " << db_path.string() << '\n';
  }
  return summary;
}

IndexSummary run_extract_only(const IndexOptions& options, std::ostream& out, std::ostream& err) {
  using json = nlohmann::ordered_json;
  const auto start = std::chrono::steady_clock::now();
  const entities::Extractor extractor(paths::data_dir(), paths::user_dictionary());
  IndexSummary summary;
  corpus::read_inputs(options.inputs, read_options(options), [&](corpus::ParseResult&& result) {
    if (!report(result, summary, err)) return;
    const Article& article = *result.article;
    json list = json::array();
    for (const entities::Entity& entity : extractor.extract(article.title, article.body)) {
      json mentions = json::array();
      for (const entities::Mention& mention : entity.mentions) {
        mentions.push_back(
            {{"field", mention.field == entities::TextField::kTitle ? "title" : "body"},
             {"start", mention.start},
             {"end", mention.end}});
      }
      list.push_back({{"type", entities::type_name(entity.type)},
                      {"name", entity.name},
                      {"mentions", std::move(mentions)}});
    }
    out << json{{"id", article.id}, {"entities", std::move(list)}}.dump(
               -1, ' ', false, json::error_handler_t::replace)
        << '\n';
    ++summary.added;
  });
  out.flush();
  if (!out) throw std::runtime_error("cannot write to standard output");
  summary.seconds = seconds_since(start);
  if (!options.quiet) {
    err << "newsdex-index: extracted the entities of " << summary.added << " articles, "
        << summary.rejected << " rejected, in " << format_seconds(summary.seconds) << " s\n";
  }
  return summary;
}

}  // namespace newsdex::index
