// Document construction: the one place that turns articles into terms, values and data.
#include "index/document_builder.hpp"

#include <zstd.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string_view>

#include "corpus/date.hpp"
#include "entities/dictionary.hpp"
#include "entities/facet_values.hpp"
#include "index/duplicates.hpp"
#include "index/incremental.hpp"
#include "index/spelling.hpp"
#include "schema.hpp"
#include "text/normalize.hpp"
#include "text/phrase_pairs.hpp"

namespace newsdex::index {
namespace {

using nlohmann::json;

// Keeps a boolean term under Xapian's length limit by cutting the value.
void add_filter_term(Xapian::Document& doc, std::string_view prefix, std::string_view value) {
  if (value.empty()) return;
  std::string term(prefix);
  term += text::normalize(value);
  if (term.size() > schema::kMaxTermBytes) term.resize(schema::kMaxTermBytes);
  doc.add_boolean_term(term);
}

std::string_view mention_text(const Article& article, const entities::Mention& mention) {
  const std::string& field =
      mention.field == entities::TextField::kTitle ? article.title : article.body;
  if (mention.start >= mention.end || mention.end > field.size()) return {};
  std::string_view text =
      std::string_view(field).substr(mention.start, mention.end - mention.start);
  for (std::string_view suffix : {"'s", "\xE2\x80\x99s", "'", "\xE2\x80\x99"}) {
    if (text.size() > suffix.size() && text.ends_with(suffix)) {
      text.remove_suffix(suffix.size());
      break;
    }
  }
  return text;
}

std::string_view entity_prefix(entities::EntityType type) {
  switch (type) {
    case entities::EntityType::kPerson:
      return schema::kPrefixPerson;
    case entities::EntityType::kOrg:
      return schema::kPrefixOrg;
    case entities::EntityType::kPlace:
      return schema::kPrefixPlace;
    case entities::EntityType::kOther:
      return schema::kPrefixOther;
  }
  return schema::kPrefixOther;
}

// The fields of the data record, in their order (document_builder.hpp).
constexpr std::size_t kDataFieldCount = 9;
constexpr const char* kDataFieldNames[kDataFieldCount] = {
    "id", "title", "body", "date", "url", "section", "source", "author", "path"};
// A 64-bit length takes at most ten 7-bit groups.
constexpr std::size_t kMaxVarintBytes = 10;

// zstd's level for stored records: its default. Level 1 took the same time and made the same
// size over 20,000 synthetic articles (README, "Stored records in zstd").
constexpr int kZstdLevel = 3;

// One compression and one decompression context per thread, made on first use: a context is
// some hundred KiB, too much to allocate for every record.
struct ZstdContexts {
  ZSTD_CCtx* compress = nullptr;
  ZSTD_DCtx* decompress = nullptr;
  ZstdContexts() = default;
  ZstdContexts(const ZstdContexts&) = delete;
  ZstdContexts& operator=(const ZstdContexts&) = delete;
  ~ZstdContexts() {
    ZSTD_freeCCtx(compress);
    ZSTD_freeDCtx(decompress);
  }
};

ZstdContexts& zstd_contexts() {
  thread_local ZstdContexts contexts;
  return contexts;
}

template <typename A>  // Article or const Article
auto data_fields(A& a) {
  return std::array{&a.id,      &a.title,  &a.body,   &a.date, &a.url,
                    &a.section, &a.source, &a.author, &a.path};
}

[[noreturn]] void bad_data(const std::string& what) {
  throw std::runtime_error("document data is not a valid newsdex record: " + what);
}

std::string hex_byte(char c) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02x", static_cast<unsigned char>(c));
  return text;
}

// Returns the nine fields of a binary record as views into `data`, checking every length
// against what is left, so no read goes past the end whatever the bytes. Throws
// std::runtime_error (bad_data) when `data` is not exactly such a record.
std::array<std::string_view, kDataFieldCount> read_record(std::string_view data) {
  if (data.empty()) bad_data("it is empty");
  if (data[0] != schema::kDataFormat) {
    bad_data("it starts with byte " + hex_byte(data[0]) + ", not a format byte (" +
             hex_byte(schema::kDataFormat) + " or " + hex_byte(schema::kDataFormatZstd) + ")");
  }
  std::array<std::string_view, kDataFieldCount> fields;
  std::size_t at = 1;
  for (std::size_t i = 0; i < kDataFieldCount; ++i) {
    // Spelled only on the way to an error: the happy path allocates nothing.
    auto field = [i] { return std::string("field \"") + kDataFieldNames[i] + "\""; };
    std::uint64_t length = 0;
    for (unsigned shift = 0;; shift += 7) {
      if (at == data.size()) bad_data("it ends inside the length of " + field());
      const auto byte = static_cast<unsigned char>(data[at++]);
      // The tenth group holds bit 63 only; a zero last group after others is not the shortest
      // form. Either way the bytes were not written by serialise_data.
      if ((shift == 63 && byte > 1) || (shift > 0 && byte == 0)) {
        bad_data("the length of " + field() + " is not a valid varint");
      }
      length |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
      if (!(byte & 0x80)) break;
    }
    const std::size_t left = data.size() - at;
    if (length > left) {
      bad_data("the length of " + field() + " is " + std::to_string(length) + " bytes, but only " +
               std::to_string(left) + " are left");
    }
    fields[i] = data.substr(at, length);
    at += length;
  }
  if (at != data.size()) {
    bad_data("it has " + std::to_string(data.size() - at) + " byte(s) after the last field");
  }
  return fields;
}

// Returns the plain record that compressed `data` (starting with kDataFormatZstd) holds, its
// format byte included. Throws std::runtime_error (bad_data) unless the rest of `data` is
// exactly one zstd frame stating a content size of at most kMaxRecordBytes, and std::bad_alloc.
std::string decompress_record(std::string_view data) {
  const char* frame = data.data() + 1;
  const std::size_t frame_bytes = data.size() - 1;
  const unsigned long long size = ZSTD_getFrameContentSize(frame, frame_bytes);
  if (size == ZSTD_CONTENTSIZE_ERROR) bad_data("its zstd frame header is not valid");
  if (size == ZSTD_CONTENTSIZE_UNKNOWN) bad_data("its zstd frame does not state its size");
  if (size > kMaxRecordBytes) {
    bad_data("its zstd frame holds " + std::to_string(size) + " bytes, more than the " +
             std::to_string(kMaxRecordBytes) + " a record may have");
  }
  const std::size_t used = ZSTD_findFrameCompressedSize(frame, frame_bytes);
  if (ZSTD_isError(used)) {
    bad_data(std::string("its zstd frame is not whole: ") + ZSTD_getErrorName(used));
  }
  if (used != frame_bytes) {
    bad_data("it has " + std::to_string(frame_bytes - used) + " byte(s) after its zstd frame");
  }
  ZSTD_DCtx*& context = zstd_contexts().decompress;
  if (context == nullptr && (context = ZSTD_createDCtx()) == nullptr) throw std::bad_alloc();
  std::string record(1 + static_cast<std::size_t>(size), schema::kDataFormat);
  const std::size_t got =
      ZSTD_decompressDCtx(context, record.data() + 1, record.size() - 1, frame, frame_bytes);
  if (ZSTD_isError(got)) {
    bad_data(std::string("its zstd frame does not decompress: ") + ZSTD_getErrorName(got));
  }
  if (got != size) bad_data("its zstd frame holds fewer bytes than it states");
  return record;
}

// Data written by schemas up to 5 was one JSON object; no binary record starts with '{'.
bool is_legacy_json(std::string_view data) { return !data.empty() && data[0] == '{'; }

Article parse_legacy_json(const std::string& data) {
  json object = json::parse(data, nullptr, /*allow_exceptions=*/false);
  if (!object.is_object()) bad_data("it starts with '{' but is not a JSON object");
  Article article;
  std::array<std::string*, kDataFieldCount> out = data_fields(article);
  for (std::size_t i = 0; i < kDataFieldCount; ++i) {
    const auto it = object.find(kDataFieldNames[i]);
    if (it == object.end()) continue;
    if (!it->is_string()) {
      bad_data(std::string("JSON field \"") + kDataFieldNames[i] + "\" is not a string");
    }
    *out[i] = it->get<std::string>();
  }
  return article;
}

}  // namespace

std::string entity_term(entities::EntityType type, std::string_view name) {
  std::string term(entity_prefix(type));
  term += entities::entity_key(name);
  if (term.size() > schema::kMaxTermBytes) term.resize(schema::kMaxTermBytes);
  return term;
}

std::vector<std::string> alias_terms(const Article& article, const entities::Entity& entity,
                                     const std::vector<std::string>& known_aliases) {
  const std::string canonical = entity_term(entity.type, entity.name);
  std::vector<std::string> terms;
  auto add = [&](std::string_view alias) {
    if (alias.empty()) return;
    std::string term = entity_term(entity.type, alias);
    if (term.size() > entity_prefix(entity.type).size() && term != canonical &&
        std::find(terms.begin(), terms.end(), term) == terms.end()) {
      terms.push_back(std::move(term));
    }
  };
  for (const entities::Mention& mention : entity.mentions) add(mention_text(article, mention));
  for (const std::string& alias : known_aliases) add(alias);
  return terms;
}

std::string id_term(std::string_view id) {
  std::string term(schema::kPrefixId);
  if (term.size() + id.size() <= schema::kMaxTermBytes) return term.append(id);
  char hash[24];
  std::snprintf(hash, sizeof hash, "#%016zx", std::hash<std::string_view>{}(id));
  term.append(id.substr(0, schema::kMaxTermBytes - term.size() - 17));
  return term.append(hash);
}

std::string serialise_record(const Article& article) {
  std::size_t size = 1;
  for (const std::string* field : data_fields(article)) size += kMaxVarintBytes + field->size();
  std::string data;
  data.reserve(size);
  data.push_back(schema::kDataFormat);
  for (const std::string* field : data_fields(article)) {
    std::uint64_t length = field->size();
    while (length >= 0x80) {
      data.push_back(static_cast<char>((length & 0x7F) | 0x80));
      length >>= 7;
    }
    data.push_back(static_cast<char>(length));
    data.append(*field);
  }
  return data;
}

std::string serialise_data(const Article& article) {
  const std::string record = serialise_record(article);
  const std::size_t bound = ZSTD_compressBound(record.size() - 1);
  std::string data(1 + bound, schema::kDataFormatZstd);
  ZSTD_CCtx*& context = zstd_contexts().compress;
  if (context == nullptr && (context = ZSTD_createCCtx()) == nullptr) throw std::bad_alloc();
  const std::size_t size = ZSTD_compressCCtx(context, data.data() + 1, bound, record.data() + 1,
                                             record.size() - 1, kZstdLevel);
  // Only running out of memory makes zstd fail with a bound-sized output: keep the plain record.
  if (ZSTD_isError(size) || 1 + size >= record.size()) return record;
  data.resize(1 + size);
  return data;
}

Article parse_data(const std::string& data) {
  if (is_legacy_json(data)) return parse_legacy_json(data);
  if (!data.empty() && data[0] == schema::kDataFormatZstd) {
    return parse_data(decompress_record(data));
  }
  const std::array<std::string_view, kDataFieldCount> fields = read_record(data);
  Article article;
  std::array<std::string*, kDataFieldCount> out = data_fields(article);
  for (std::size_t i = 0; i < kDataFieldCount; ++i) out[i]->assign(fields[i]);
  return article;
}

std::string parse_data_id(const std::string& data) {
  if (is_legacy_json(data)) return parse_legacy_json(data).id;
  if (!data.empty() && data[0] == schema::kDataFormatZstd) {
    return parse_data_id(decompress_record(data));
  }
  return std::string(read_record(data)[0]);
}

CachingStemmer::CachingStemmer(const std::string& language) : stemmer_(language) {}

std::string CachingStemmer::operator()(const std::string& word) {
  if (is_spelling_word(word)) words_.push_back(word);
  if (const auto known = stems_.find(word); known != stems_.end()) return known->second;
  std::string stem = stemmer_(word);
  if (stems_.size() >= kMaxCachedStems) stems_.clear();
  stems_.emplace(word, stem);
  return stem;
}

std::string CachingStemmer::get_description() const {
  return "caching " + stemmer_.get_description();
}

DocumentBuilder::DocumentBuilder() {
  // The stems are Xapian's English ones, which the query parser makes too; only remembered.
  stemmer_ = new CachingStemmer(schema::kStemLanguage);
  generator_.set_stemmer(Xapian::Stem(stemmer_));
  // Stems only, with positions, as the query parser's STEM_ALL looks them up: the unstemmed
  // copies that STEM_SOME adds doubled every article's postings and were read only by phrases
  // (issue #7: a build of 30,000 articles took 22.5 s with them and 14.3-16.5 s without).
  generator_.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
}

std::string DocumentBuilder::index_text(const Article& article) {
  std::vector<std::string>& words = stemmer_->words();
  words.clear();
  const std::string title = text::normalize(article.title);
  generator_.index_text(title, 1, std::string(schema::kPrefixTitle));
  generator_.index_text(title);
  // A gap keeps phrases from matching across the title/body seam.
  generator_.increase_termpos(100);
  std::string body = text::normalize(article.body);
  generator_.index_text(body);
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  if (article.body.empty()) return title;
  return body;
}

std::vector<std::string> DocumentBuilder::spelling_words_of(const Article& article) {
  Xapian::Document scratch;
  generator_.set_document(scratch);
  index_text(article);
  return stemmer_->words();
}

void set_entity_ids(Xapian::Document& doc, const std::vector<entities::EntityId>& entity_ids) {
  if (!entity_ids.empty()) {
    doc.add_value(schema::kSlotEntities, entities::encode_entity_ids(entity_ids));
  }
}

Xapian::Document DocumentBuilder::build(const Article& article,
                                        const std::vector<entities::Entity>& entities,
                                        const std::vector<entities::EntityId>& entity_ids) {
  Xapian::Document doc;
  generator_.set_document(doc);
  const std::string signed_text = index_text(article);
  text::add_phrase_pairs(doc);  // before the other terms, which it would only skip

  doc.add_boolean_term(id_term(article.id));
  if (!article.path.empty()) doc.add_boolean_term(file_term(article.path));
  add_filter_term(doc, schema::kPrefixSection, article.section);
  add_filter_term(doc, schema::kPrefixSource, article.source);
  add_filter_term(doc, schema::kPrefixAuthor, article.author);
  if (auto date = corpus::parse_iso8601(article.date)) {
    const std::string day = date->yyyymmdd();
    doc.add_boolean_term(std::string(schema::kPrefixDay) + day);
    doc.add_boolean_term(std::string(schema::kPrefixMonth) + day.substr(0, 6));
    doc.add_boolean_term(std::string(schema::kPrefixYear) + day.substr(0, 4));
    doc.add_value(schema::kSlotDate, day);
    doc.add_value(schema::kSlotTimestamp,
                  Xapian::sortable_serialise(static_cast<double>(date->epoch_seconds)));
  }
  for (const entities::Entity& entity : entities) {
    doc.add_boolean_term(entity_term(entity.type, entity.name));
  }
  set_entity_ids(doc, entity_ids);
  const Signature own = signature_of_normalized(signed_text);
  if (!own.empty()) {
    doc.add_value(schema::kSlotSignature, encode_signature(own));
    for (const std::string& term : band_terms(own)) doc.add_boolean_term(term);
  }
  doc.set_data(serialise_data(article));
  // Xapian counts a document's handles without atomics: the generator's must not outlive this
  // call, or a document built here and written on another thread would be shared across them.
  generator_.set_document(Xapian::Document());
  return doc;
}

}  // namespace newsdex::index
