// Incremental indexing: hashing articles, deciding add/update/skip, and finding what to prune.
#include "index/incremental.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "entities/extractor.hpp"
#include "schema.hpp"

namespace newsdex::index {
namespace {

// Hashes the length first so that ("ab", "c") and ("a", "bc") differ.
std::uint64_t add_field(std::uint64_t hash, std::string_view field) {
  const std::string length = std::to_string(field.size()) + ':';
  return fnv1a64(field, fnv1a64(length, hash));
}

std::string to_hex(std::uint64_t value) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
  return buffer;
}

}  // namespace

std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t seed) {
  std::uint64_t hash = seed;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::string content_hash(const Article& article, std::string_view config) {
  std::uint64_t hash = fnv1a64("newsdex-content");
  for (std::string_view part : {schema::kSchemaVersion, config}) hash = add_field(hash, part);
  for (const std::string* field :
       {&article.id, &article.title, &article.body, &article.date, &article.url, &article.section,
        &article.source, &article.author, &article.path}) {
    hash = add_field(hash, *field);
  }
  return to_hex(hash);
}

std::string indexing_fingerprint(bool entities, const std::string& user_dictionary) {
  std::string fingerprint = "extractor ";
  fingerprint += entities ? std::string(entities::Extractor::kVersion) : std::string("off");
  if (entities && !user_dictionary.empty()) {
    // The dictionary changes what is extracted, so its bytes are part of the fingerprint.
    std::ifstream in(user_dictionary, std::ios::binary);
    if (in) {
      const std::string content{std::istreambuf_iterator<char>(in),
                                std::istreambuf_iterator<char>()};
      fingerprint += "; dictionary " + to_hex(fnv1a64(content));
    }
  }
  return fingerprint;
}

Change classify(const Xapian::Database& db, const std::string& id_term, const std::string& hash) {
  const Xapian::PostingIterator it = db.postlist_begin(id_term);
  if (it == db.postlist_end(id_term)) return Change::kAdded;
  return db.get_document(*it).get_value(schema::kSlotContentHash) == hash ? Change::kUnchanged
                                                                          : Change::kUpdated;
}

std::string file_term(std::string_view path) {
  std::string term(schema::kPrefixFile);
  term += path;
  if (term.size() > schema::kMaxTermBytes) term.resize(schema::kMaxTermBytes);
  return term;
}

std::vector<Xapian::docid> prune_candidates(const Xapian::Database& db,
                                            const std::vector<std::string>& roots,
                                            const std::unordered_set<std::string>& seen_id_terms,
                                            const std::vector<std::string>& rejected_paths) {
  auto rejected = [&rejected_paths](std::string_view term) {
    const std::string_view path = term.substr(schema::kPrefixFile.size());
    for (std::string_view bad : rejected_paths) {
      if (path == bad || (path.starts_with(bad) && path.size() > bad.size() &&
                          (bad.ends_with('/') || path[bad.size()] == '/'))) {
        return true;
      }
    }
    return false;
  };
  std::vector<Xapian::docid> out;
  for (const std::string& root : roots) {
    std::error_code error;
    const auto status = std::filesystem::status(root, error);
    if (error || !std::filesystem::exists(status)) continue;
    std::string prefix = file_term(root);
    const bool directory = std::filesystem::is_directory(status);
    // Paths below a directory root are root + '/' + relative path (reader.hpp); the separator
    // keeps root "news" from matching "news2/...".
    if (directory && !prefix.ends_with('/')) prefix += '/';
    for (auto term = db.allterms_begin(prefix); term != db.allterms_end(prefix); ++term) {
      if ((!directory && *term != prefix) || rejected(*term)) continue;
      for (auto post = db.postlist_begin(*term); post != db.postlist_end(*term); ++post) {
        const Xapian::Document doc = db.get_document(*post);
        auto id = doc.termlist_begin();
        id.skip_to(std::string(schema::kPrefixId));
        const bool seen = id != doc.termlist_end() && (*id).starts_with(schema::kPrefixId) &&
                          seen_id_terms.count(*id) > 0;
        if (!seen) out.push_back(*post);
      }
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace newsdex::index
