// Tests for index/incremental.hpp: content hashes, the add/update/skip decision and pruning.
#include "index/incremental.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <set>

#include "../temp_dir.hpp"
#include "index/document_builder.hpp"
#include "schema.hpp"

namespace newsdex::index {
namespace {

Article sample() {
  Article article;
  article.id = "news/a.txt";
  article.title = "Council passes budget";
  article.body = "The council passed the budget on Tuesday.";
  article.date = "2025-10-21";
  article.path = "archive/news/a.txt";
  return article;
}

// Writes `article` as the indexer does: built document plus content hash.
void put(Xapian::WritableDatabase& db, const Article& article, const std::string& hash) {
  DocumentBuilder builder;
  Xapian::Document doc = builder.build(article, {});
  doc.add_value(schema::kSlotContentHash, hash);
  db.replace_document(id_term(article.id), doc);
}

}  // namespace

TEST_CASE("fnv1a64 matches the published FNV-1a test vectors") {
  CHECK(fnv1a64("") == 0xcbf29ce484222325ULL);
  CHECK(fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
  CHECK(fnv1a64("foobar") == 0x85944171f73967e8ULL);
  CHECK(fnv1a64("bar", fnv1a64("foo")) == fnv1a64("foobar"));  // seeds chain
}

TEST_CASE("content_hash is 16 hex digits, stable, and changes with every field and the config") {
  const Article article = sample();
  const std::string hash = content_hash(article, "cfg");
  CHECK(hash.size() == 16);
  CHECK(hash.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(content_hash(sample(), "cfg") == hash);
  CHECK(content_hash(article, "other cfg") != hash);
  for (std::string Article::*field :
       {&Article::id, &Article::title, &Article::body, &Article::date, &Article::url,
        &Article::section, &Article::source, &Article::author, &Article::path}) {
    Article changed = article;
    changed.*field += "x";
    CHECK(content_hash(changed, "cfg") != hash);
  }
  // Text moved from one field to the next is a change, thanks to the length prefixes.
  Article a = article;
  Article b = article;
  a.section = "ab";
  a.source = "c";
  b.section = "a";
  b.source = "bc";
  CHECK(content_hash(a, "cfg") != content_hash(b, "cfg"));
}

TEST_CASE("indexing_fingerprint covers extraction on/off and the user dictionary's contents") {
  testing::TempDir dir;
  const std::string dictionary = (dir.path() / "entities.tsv").string();
  const std::string none = indexing_fingerprint(true, dictionary);  // file missing
  CHECK(none == indexing_fingerprint(true, ""));
  CHECK(indexing_fingerprint(false, dictionary) != none);
  std::ofstream(dictionary) << "Acme Widgets\torg\tAcme\n";
  const std::string one = indexing_fingerprint(true, dictionary);
  CHECK(one != none);
  std::ofstream(dictionary) << "Acme Widgets\torg\tAcme|AW\n";
  CHECK(indexing_fingerprint(true, dictionary) != one);
  CHECK(indexing_fingerprint(false, dictionary) == indexing_fingerprint(false, ""));
}

TEST_CASE("classify: new ids are added, same hash unchanged, other or missing hash updated") {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  const Article article = sample();
  const std::string hash = content_hash(article, "cfg");
  CHECK(classify(db, id_term(article.id), hash) == Change::kAdded);
  put(db, article, hash);
  CHECK(classify(db, id_term(article.id), hash) == Change::kUnchanged);
  Article edited = article;
  edited.body += " It was late.";
  CHECK(classify(db, id_term(edited.id), content_hash(edited, "cfg")) == Change::kUpdated);
  CHECK(classify(db, id_term(article.id), content_hash(article, "new extractor")) ==
        Change::kUpdated);
  put(db, article, "");  // a document from before hashes were stored
  CHECK(classify(db, id_term(article.id), hash) == Change::kUpdated);
}

TEST_CASE("the builder records the source file under the XFILE prefix") {
  DocumentBuilder builder;
  const Xapian::Document doc = builder.build(sample(), {});
  bool found = false;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    found = found || *it == std::string(schema::kPrefixFile) + "archive/news/a.txt";
  }
  CHECK(found);
  CHECK(file_term(std::string(300, 'x')).size() == schema::kMaxTermBytes);
}

TEST_CASE("prune_candidates: unseen articles of files under existing roots, nothing else") {
  testing::TempDir dir;
  const std::string root = (dir.path() / "news").string();
  std::filesystem::create_directories(root);
  std::filesystem::create_directories(dir.path() / "news2");
  std::ofstream(dir.path() / "one.jsonl") << "{}\n";
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  auto add = [&](const std::string& id, const std::string& path) {
    Article article = sample();
    article.id = id;
    article.path = path;
    put(db, article, "h");
  };
  add("kept.txt", root + "/kept.txt");
  add("gone.txt", root + "/gone.txt");
  add("sub/gone.txt", root + "/sub/gone.txt");
  add("other.txt", (dir.path() / "news2" / "other.txt").string());  // shares a prefix only
  add("j1", (dir.path() / "one.jsonl").string());
  add("j2", (dir.path() / "one.jsonl").string());
  const std::unordered_set<std::string> seen = {id_term("kept.txt"), id_term("j1")};

  auto ids = [&](const std::vector<std::string>& roots,
                 const std::vector<std::string>& rejected = {}) {
    std::set<std::string> out;
    for (Xapian::docid docid : prune_candidates(db, roots, seen, rejected)) {
      out.insert(parse_data(db.get_document(docid).get_data()).id);
    }
    return out;
  };
  CHECK(ids({root}) == std::set<std::string>{"gone.txt", "sub/gone.txt"});
  CHECK(ids({root + "/"}) == std::set<std::string>{"gone.txt", "sub/gone.txt"});
  CHECK(ids({(dir.path() / "one.jsonl").string()}) == std::set<std::string>{"j2"});
  CHECK(ids({root, root}).size() == 2);  // no duplicates
  CHECK(ids({(dir.path() / "missing").string()}).empty());
  // Files rejected in this run (and whatever lies under a rejected directory) are spared.
  CHECK(ids({root}, {root + "/gone.txt"}) == std::set<std::string>{"sub/gone.txt"});
  CHECK(ids({root}, {root + "/sub"}) == std::set<std::string>{"gone.txt"});
  CHECK(ids({root}, {root + "/su"}).size() == 2);  // a missing root prunes nothing
}

}  // namespace newsdex::index
