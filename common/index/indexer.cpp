// The indexing run: the pipeline reader -> builder -> writer with reporting.
#include "index/indexer.hpp"

#include <chrono>
#include <cstdio>
#include <ostream>

#include "corpus/reader.hpp"
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

}  // namespace

IndexSummary run_index(const IndexOptions& options, std::ostream& err) {
  const auto start = std::chrono::steady_clock::now();
  const std::filesystem::path db_path = paths::database(options.db);
  IndexWriter writer(db_path);
  DocumentBuilder builder;
  IndexSummary summary;
  std::size_t pending = 0;

  corpus::ReadOptions read_options;
  read_options.max_file_bytes = options.max_file_bytes;
  corpus::read_inputs(options.inputs, read_options, [&](corpus::ParseResult&& result) {
    for (const corpus::Diagnostic& diagnostic : result.diagnostics) {
      err << diagnostic.format() << '\n';
      if (diagnostic.severity == corpus::Severity::kWarning) ++summary.warnings;
    }
    if (result.rejected()) {
      ++summary.rejected;
      return;
    }
    const Article& article = *result.article;
    const Xapian::Document doc = builder.build(article, {});
    const auto outcome = writer.write(id_term(article.id), doc);
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

  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!options.quiet) {
    const std::size_t indexed = summary.added + summary.replaced;
    err << "newsdex-index: " << indexed << " articles indexed (" << summary.added << " added, "
        << summary.replaced << " replaced), " << summary.rejected << " rejected, "
        << summary.warnings << " warnings, in " << format_seconds(summary.seconds) << " s; "
        << writer.document_count() << " articles in " << db_path.string() << '\n';
  }
  return summary;
}

}  // namespace newsdex::index
