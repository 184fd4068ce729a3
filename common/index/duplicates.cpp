// Near-duplicate signatures and groups; see duplicates.hpp for the scheme.
#include "index/duplicates.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdio>
#include <functional>
#include <limits>
#include <unordered_map>
#include <utility>

#include "index/incremental.hpp"
#include "schema.hpp"
#include "text/normalize.hpp"

namespace newsdex::index {
namespace {

constexpr std::size_t kRows = schema::kMinHashCount / schema::kMinHashBands;
static_assert(kRows * schema::kMinHashBands == schema::kMinHashCount);

// Candidates compared per article at most, those sharing most bands first: a story syndicated
// a thousand times must not make each new copy read a thousand signatures.
constexpr std::size_t kMaxCandidates = 32;

// SplitMix64's finaliser: spreads a hash's bits so that the linear hash family below is fair.
std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// The MinHash family: value i of shingle hash s is the top 32 bits of a[i] * s + b[i] (a[i]
// odd). The constants are fixed, since stored signatures must stay comparable across runs.
struct Family {
  std::array<std::uint64_t, schema::kMinHashCount> a{};
  std::array<std::uint64_t, schema::kMinHashCount> b{};
  constexpr Family() {
    std::uint64_t state = 0x6e65777364657831ULL;  // "newsdex1"
    for (std::size_t i = 0; i < schema::kMinHashCount; ++i) {
      state += 0x9e3779b97f4a7c15ULL;
      std::uint64_t z = state;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      a[i] = (z ^ (z >> 31)) | 1;
      state += 0x9e3779b97f4a7c15ULL;
      z = state;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      b[i] = z ^ (z >> 31);
    }
  }
};
constexpr Family kFamily;

bool is_word_byte(unsigned char c) {
  return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Returns the hashes of the words of normalised `text`, in order.
std::vector<std::uint64_t> word_hashes(std::string_view text) {
  std::vector<std::uint64_t> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !is_word_byte(static_cast<unsigned char>(text[i]))) ++i;
    const std::size_t start = i;
    while (i < text.size() && is_word_byte(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) words.push_back(fnv1a64(text.substr(start, i - start)));
  }
  return words;
}

std::string hex16(std::uint64_t value) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
  return buffer;
}

}  // namespace

Signature signature(const Article& article) {
  return signature_of_normalized(
      text::normalize(article.body.empty() ? article.title : article.body));
}

Signature signature_of_normalized(std::string_view text) {
  const std::vector<std::uint64_t> words = word_hashes(text);
  if (words.size() < kMinShingles + 2) return {};
  Signature mins(schema::kMinHashCount, std::numeric_limits<std::uint32_t>::max());
  for (std::size_t w = 0; w + 2 < words.size(); ++w) {
    // Order matters in a shingle: rotate each word's hash by its place.
    const std::uint64_t shingle =
        mix(words[w] ^ std::rotl(words[w + 1], 21) ^ std::rotl(words[w + 2], 42));
    for (std::size_t i = 0; i < schema::kMinHashCount; ++i) {
      const auto value = static_cast<std::uint32_t>((kFamily.a[i] * shingle + kFamily.b[i]) >> 32);
      mins[i] = std::min(mins[i], value);
    }
  }
  return mins;
}

std::string encode_signature(const Signature& signature) {
  std::string value;
  value.reserve(signature.size() * 4);
  for (std::uint32_t v : signature) {
    for (int shift = 24; shift >= 0; shift -= 8) value.push_back(static_cast<char>(v >> shift));
  }
  return value;
}

Signature decode_signature(std::string_view value) {
  if (value.size() != schema::kMinHashCount * 4) return {};
  Signature signature(schema::kMinHashCount);
  for (std::size_t i = 0; i < signature.size(); ++i) {
    std::uint32_t v = 0;
    for (std::size_t j = 0; j < 4; ++j) v = v << 8 | static_cast<unsigned char>(value[i * 4 + j]);
    signature[i] = v;
  }
  return signature;
}

double similarity(const Signature& a, const Signature& b) {
  if (a.empty() || a.size() != b.size()) return 0;
  std::size_t same = 0;
  for (std::size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
  return static_cast<double>(same) / static_cast<double>(a.size());
}

std::vector<std::string> band_terms(const Signature& signature) {
  std::vector<std::string> terms;
  if (signature.size() != schema::kMinHashCount) return terms;
  const std::string encoded = encode_signature(signature);
  for (std::size_t band = 0; band < schema::kMinHashBands; ++band) {
    const std::string_view bytes = std::string_view(encoded).substr(band * kRows * 4, kRows * 4);
    char number[8];
    std::snprintf(number, sizeof number, "%02zx", band);
    terms.push_back(std::string(schema::kPrefixDuplicateBand) + number + hex16(fnv1a64(bytes)));
  }
  return terms;
}

std::string own_group_key(std::string_view article_id, const Signature& signature) {
  // The id is length-prefixed so that no id and signature pair hashes like another.
  const std::string length = std::to_string(article_id.size()) + ':';
  return hex16(fnv1a64(encode_signature(signature), fnv1a64(article_id, fnv1a64(length))));
}

Xapian::docid best_match(const Xapian::Database& db, const Signature& signature,
                         const std::unordered_map<Xapian::docid, unsigned>& shared,
                         const std::function<bool(Xapian::docid, Xapian::docid)>& before) {
  std::vector<std::pair<Xapian::docid, unsigned>> candidates(shared.begin(), shared.end());
  std::sort(candidates.begin(), candidates.end(), [&](const auto& x, const auto& y) {
    return x.second != y.second ? x.second > y.second : before(x.first, y.first);
  });
  if (candidates.size() > kMaxCandidates) candidates.resize(kMaxCandidates);
  double best = 0;
  Xapian::docid best_docid = 0;
  for (const auto& [docid, bands] : candidates) {
    const Xapian::Document doc = db.get_document(docid);
    const double s = similarity(signature, decode_signature(doc.get_value(schema::kSlotSignature)));
    if (s < kMinSimilarity) continue;
    if (s > best || (s == best && before(docid, best_docid))) {
      best = s;
      best_docid = docid;
    }
  }
  return best_docid;
}

namespace {

// Returns the articles of `db` that `eligible` accepts and share a band with `signature`, with
// how many bands each shares.
std::unordered_map<Xapian::docid, unsigned> sharing_bands(
    const Xapian::Database& db, const Signature& signature,
    const std::function<bool(Xapian::docid)>& eligible) {
  std::unordered_map<Xapian::docid, unsigned> shared;
  for (const std::string& term : band_terms(signature)) {
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
      if (eligible(*it)) ++shared[*it];
    }
  }
  return shared;
}

}  // namespace

std::string find_group(const Xapian::Database& db, const Signature& signature, Xapian::docid self) {
  const auto shared =
      sharing_bands(db, signature, [self](Xapian::docid docid) { return docid != self; });
  if (shared.empty()) return {};
  const Xapian::docid best = best_match(db, signature, shared, std::less<Xapian::docid>());
  if (best == 0) return {};
  return db.get_document(best).get_value(schema::kSlotDuplicateGroup);
}

std::vector<std::pair<Xapian::docid, std::string>> regroup(
    const Xapian::Database& db, const std::function<bool(Xapian::docid, Xapian::docid)>& before) {
  // Only articles that share a band with another can join a group, and most bands are an
  // article's own: walking the band terms finds those articles without a lookup per article.
  std::vector<Xapian::docid> order;
  const std::string prefix(schema::kPrefixDuplicateBand);
  for (auto term = db.allterms_begin(prefix); term != db.allterms_end(prefix); ++term) {
    if (term.get_termfreq() < 2) continue;
    order.insert(order.end(), db.postlist_begin(*term), db.postlist_end(*term));
  }
  std::sort(order.begin(), order.end());
  order.erase(std::unique(order.begin(), order.end()), order.end());
  std::sort(order.begin(), order.end(), before);
  std::unordered_map<Xapian::docid, std::string> changed;
  std::vector<std::pair<Xapian::docid, std::string>> changes;
  for (const Xapian::docid docid : order) {
    const Xapian::Document doc = db.get_document(docid);
    const Signature own = decode_signature(doc.get_value(schema::kSlotSignature));
    const auto shared =
        sharing_bands(db, own, [&](Xapian::docid other) { return before(other, docid); });
    if (shared.empty()) continue;
    const Xapian::docid best = best_match(db, own, shared, before);
    if (best == 0) continue;
    // Earlier articles come first in `order`, so `best`'s key is already settled.
    const auto it = changed.find(best);
    const std::string key = it != changed.end()
                                ? it->second
                                : db.get_document(best).get_value(schema::kSlotDuplicateGroup);
    if (key == doc.get_value(schema::kSlotDuplicateGroup)) continue;
    changed.emplace(docid, key);
    changes.emplace_back(docid, key);
  }
  return changes;
}

void set_group(Xapian::Document& doc, const std::string& key) {
  const std::string old = doc.get_value(schema::kSlotDuplicateGroup);
  if (!old.empty()) {
    try {
      doc.remove_term(std::string(schema::kPrefixDuplicateGroup) + old);
    } catch (const Xapian::InvalidArgumentError&) {
      // Not there: nothing to take away.
    }
  }
  doc.add_value(schema::kSlotDuplicateGroup, key);
  doc.add_boolean_term(std::string(schema::kPrefixDuplicateGroup) + key);
}

void assign_group(const Xapian::Database& db, Xapian::Document& doc, std::string_view article_id,
                  const std::string& id_term) {
  const Signature own = decode_signature(doc.get_value(schema::kSlotSignature));
  std::string key;
  if (!own.empty()) {
    Xapian::docid self = 0;
    if (auto it = db.postlist_begin(id_term); it != db.postlist_end(id_term)) self = *it;
    key = find_group(db, own, self);
  }
  if (key.empty()) key = own_group_key(article_id, own);
  set_group(doc, key);
}

void assign_own_group(Xapian::Document& doc, std::string_view article_id) {
  set_group(doc,
            own_group_key(article_id, decode_signature(doc.get_value(schema::kSlotSignature))));
}

}  // namespace newsdex::index
