// libFuzzer target: the searcher's query handling (search::search: query building, matching,
// snippets, facets) on a small in-memory index of two articles.
#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "index/document_builder.hpp"
#include "search/searcher.hpp"

namespace {

Xapian::WritableDatabase make_database() {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  newsdex::index::DocumentBuilder builder;
  newsdex::Article a;
  a.id = "a";
  a.title = "Zelensky asks for Tomahawk missiles";
  a.body = "Ukraine's president met the U.S. president in Washington on Friday.";
  a.date = "2025-10-17";
  a.section = "world";
  newsdex::Article b;
  b.id = "b";
  b.title = "Köln café reopens";
  b.body = "The café near the cathedral in Köln reopened after two years of work.";
  b.date = "2024-02-29T09:30:00Z";
  for (const newsdex::Article& article : {a, b}) {
    db.add_document(builder.build(article, {}, {}));
  }
  db.commit();
  return db;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Xapian::WritableDatabase db = make_database();
  newsdex::search::SearchRequest request;
  request.query.assign(reinterpret_cast<const char*>(data), size);
  try {
    (void)newsdex::search::search(db, request);
  } catch (const Xapian::Error&) {
    // A query too complex for Xapian is reported by the searcher as an error; not a crash.
  }
  return 0;
}
