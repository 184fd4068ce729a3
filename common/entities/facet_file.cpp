// Writing and mapping the facet file; see facet_file.hpp for why it exists.
#include "entities/facet_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "schema.hpp"

namespace newsdex::entities {
namespace {

constexpr char kMagic[8] = {'N', 'D', 'X', 'F', 'C', 'T', '6', '\0'};

// Layout: Header, doc_offsets[doc_slots + 1], groups[doc_slots], lengths[doc_slots],
// ids[entity_count], frequencies[entity_count], name_offsets[entity_count + 1], ranks[rank_count]
// (each rank_width bytes, then padding to a multiple of 4 bytes), names[name_bytes]; all integers
// in the machine's byte order (the file is a local cache, never copied elsewhere).
struct Header {
  char magic[8];
  std::uint64_t revision;
  std::uint32_t doc_slots;
  std::uint32_t rank_count;
  std::uint32_t entity_count;
  std::uint32_t name_bytes;
  std::uint32_t rank_width;  // 2 or 4
  std::uint32_t group_count;
};

std::size_t padded_rank_bytes(const Header& h) {
  return (std::size_t{h.rank_count} * h.rank_width + 3) / 4 * 4;
}

std::size_t file_bytes(const Header& h) {
  return sizeof(Header) + (std::size_t{h.doc_slots} + 1) * 4 + std::size_t{h.doc_slots} * 4 * 2 +
         std::size_t{h.entity_count} * 4 * 2 + (std::size_t{h.entity_count} + 1) * 4 +
         padded_rank_bytes(h) + h.name_bytes;
}

// Writes a stream through a buffer of 2 MiB, so that every write but the last covers one whole
// 2 MiB-aligned stretch of the file. The kernel then caches the file in 2 MiB folios (on file
// systems with large folios, ext4 among them), and a searcher's mapping takes each in one page
// fault and one TLB entry rather than a fault per 16 pages: on the 100k archive, a fresh
// process touched the whole file in 0.05 ms instead of 0.13 to 0.17 ms, and over the bench's
// whole-command queries a query's own time fell by about 0.06 ms at p50. (Writing each section
// as it came began and ended writes anywhere, and left much of the file in small folios.)
class ChunkedWriter {
 public:
  explicit ChunkedWriter(std::ofstream& out) : out_(out) { buffer_.reserve(kChunk); }

  template <typename T>
  void put(const std::vector<T>& values) {
    put(values.data(), values.size() * sizeof(T));
  }

  void put(const void* data, std::size_t bytes) {
    const char* next = static_cast<const char*>(data);
    while (bytes > 0) {
      const std::size_t taken = std::min(bytes, kChunk - buffer_.size());
      buffer_.append(next, taken);
      next += taken;
      bytes -= taken;
      if (buffer_.size() == kChunk) flush();
    }
  }

  // Writes what is buffered; the stream's own buffer is empty after every call, so the next
  // chunk goes out in one write of its own.
  void flush() {
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    out_.flush();
    buffer_.clear();
  }

 private:
  static constexpr std::size_t kChunk = std::size_t{2} << 20;
  std::ofstream& out_;
  std::string buffer_;
};

}  // namespace

void write_facet_file(const Xapian::Database& db, const std::filesystem::path& db_dir) {
  Header header{};
  std::memcpy(header.magic, kMagic, sizeof kMagic);
  header.revision = db.get_revision();
  header.doc_slots = db.get_lastdocid() + 1;

  // First pass: every document's ids, and how many documents mention each id.
  std::vector<std::uint32_t> doc_offsets;
  doc_offsets.reserve(header.doc_slots + 1);
  std::vector<EntityId> mentions;  // every document's ids, one after the other
  struct Seen {
    std::uint32_t frequency = 0;
    Xapian::docid first = 0;  // the first document that mentions it
  };
  std::unordered_map<EntityId, Seen> seen;
  const auto end = db.valuestream_end(schema::kSlotEntities);
  for (auto it = db.valuestream_begin(schema::kSlotEntities); it != end; ++it) {
    while (doc_offsets.size() <= it.get_docid()) {
      doc_offsets.push_back(static_cast<std::uint32_t>(mentions.size()));
    }
    for_each_entity_id(*it, [&](EntityId id) {
      mentions.push_back(id);
      Seen& entity = seen[id];
      if (entity.frequency++ == 0) entity.first = it.get_docid();  // docids come in order
    });
  }
  while (doc_offsets.size() < header.doc_slots + 1) {
    doc_offsets.push_back(static_cast<std::uint32_t>(mentions.size()));
  }

  // Duplicate groups: those of two or more documents, numbered in order of first appearance. A
  // key that only one document holds gets no number: such a document collapses with nothing,
  // and the searcher can tell so without reading its key or the group's size from the database.
  std::vector<std::uint32_t> groups(header.doc_slots, 0);
  {
    std::unordered_map<std::string, std::uint32_t> number_of;  // numbering every key first
    std::vector<std::uint32_t> members;                        // by that number - 1
    const auto groups_end = db.valuestream_end(schema::kSlotDuplicateGroup);
    for (auto it = db.valuestream_begin(schema::kSlotDuplicateGroup); it != groups_end; ++it) {
      if (it.get_docid() >= groups.size() || (*it).empty()) continue;
      const auto [entry, added] =
          number_of.emplace(*it, static_cast<std::uint32_t>(number_of.size() + 1));
      if (added) members.push_back(0);
      ++members[entry->second - 1];
      groups[it.get_docid()] = entry->second;
    }
    std::vector<std::uint32_t> shared_number(members.size(), 0);
    std::uint32_t shared = 0;
    for (std::size_t i = 0; i < members.size(); ++i) {
      if (members[i] >= 2) shared_number[i] = ++shared;
    }
    for (std::uint32_t& group : groups) {
      if (group != 0) group = shared_number[group - 1];
    }
    header.group_count = shared;
  }

  // Document lengths (Xapian's, the sum of the text terms' wdf), for search::LengthBm25Source.
  std::vector<std::uint32_t> lengths(header.doc_slots, 0);
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    if (*it < lengths.size()) lengths[*it] = it.get_doclength();
  }

  // Ranks: most mentioned first; among equals, the one the earlier document mentions first, then
  // by name and type. Not by id: a build on several shards gives ids in the order its threads
  // happen to meet the entities, while the merged database's docids follow the articles' fixed
  // dealing to shards, and names are those of the earliest article; so this order (and with it
  // which of equal counts a facet shows) is the same on every rebuild.
  struct Entry {
    EntityId id;
    Seen seen;
    std::string name;
  };
  std::vector<Entry> ranked;
  ranked.reserve(seen.size());
  const std::string name_prefix(schema::kMetaEntityName);
  for (const auto& [id, entity] : seen) {
    ranked.push_back({id, entity, db.get_metadata(name_prefix + std::to_string(id))});
  }
  seen = {};  // freed before rank_of is built: a million articles mention a lot of entities
  std::sort(ranked.begin(), ranked.end(), [](const Entry& a, const Entry& b) {
    if (a.seen.frequency != b.seen.frequency) return a.seen.frequency > b.seen.frequency;
    if (a.seen.first != b.seen.first) return a.seen.first < b.seen.first;
    if (a.name != b.name) return a.name < b.name;
    return (a.id & 3) != (b.id & 3) ? (a.id & 3) < (b.id & 3) : a.id < b.id;
  });
  header.entity_count = static_cast<std::uint32_t>(ranked.size());
  std::vector<EntityId> ids;
  std::vector<std::uint32_t> frequencies;
  std::vector<std::uint32_t> name_offsets;
  std::string names;
  ids.reserve(ranked.size());
  frequencies.reserve(ranked.size());
  name_offsets.reserve(ranked.size() + 1);
  std::unordered_map<EntityId, std::uint32_t> rank_of;
  rank_of.reserve(ranked.size());
  for (std::uint32_t rank = 0; rank < ranked.size(); ++rank) {
    ids.push_back(ranked[rank].id);
    frequencies.push_back(ranked[rank].seen.frequency);
    name_offsets.push_back(static_cast<std::uint32_t>(names.size()));
    names += ranked[rank].name;
    rank_of.emplace(ranked[rank].id, rank);
  }
  name_offsets.push_back(static_cast<std::uint32_t>(names.size()));
  header.name_bytes = static_cast<std::uint32_t>(names.size());
  ranked = {};
  for (std::uint32_t& id : mentions) id = rank_of.at(id);  // renumbered: now ranks
  if (mentions.size() > UINT32_MAX) throw std::runtime_error("too many entity mentions");
  header.rank_count = static_cast<std::uint32_t>(mentions.size());
  header.rank_width = ids.size() <= 0x10000 ? 2 : 4;
  std::string ranks;
  if (header.rank_width == 2) {
    const std::vector<std::uint16_t> narrow(mentions.begin(), mentions.end());
    ranks.assign(reinterpret_cast<const char*>(narrow.data()), narrow.size() * 2);
  } else {
    ranks.assign(reinterpret_cast<const char*>(mentions.data()), mentions.size() * 4);
  }
  ranks.resize(padded_rank_bytes(header), '\0');

  const std::filesystem::path final_path = db_dir / kFacetFileName;
  std::filesystem::path temporary = final_path;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    ChunkedWriter writer(out);
    writer.put(&header, sizeof header);
    writer.put(doc_offsets);
    writer.put(groups);
    writer.put(lengths);
    writer.put(ids);
    writer.put(frequencies);
    writer.put(name_offsets);
    writer.put(ranks.data(), ranks.size());
    writer.put(names.data(), names.size());
    writer.flush();
    if (!out) throw std::runtime_error("cannot write " + temporary.string());
  }
  std::filesystem::rename(temporary, final_path);
}

std::unique_ptr<FacetFile> FacetFile::open(const Xapian::Database& db,
                                           const std::filesystem::path& db_dir) {
  const std::string path = (db_dir / kFacetFileName).string();
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  struct stat status {};
  void* map = MAP_FAILED;
  if (fstat(fd, &status) == 0 && static_cast<std::size_t>(status.st_size) >= sizeof(Header)) {
    map = mmap(nullptr, static_cast<std::size_t>(status.st_size), PROT_READ, MAP_SHARED, fd, 0);
    // The indexer writes the file in aligned 2 MiB pieces, which the page cache keeps as 2 MiB
    // folios; once evicted, the file came back from the first search that read it in small
    // ones, and every search paid for it (whole commands p50 5.06 against about 4.2 ms) until
    // the next indexing run. With this hint a search reads it back in 2 MiB folios. A hint
    // only: a kernel without it, or without transparent huge pages, just ignores it.
    if (map != MAP_FAILED) madvise(map, static_cast<std::size_t>(status.st_size), MADV_HUGEPAGE);
  }
  ::close(fd);
  if (map == MAP_FAILED) return nullptr;
  std::unique_ptr<FacetFile> file(new FacetFile());
  file->map_ = map;
  file->map_bytes_ = static_cast<std::size_t>(status.st_size);

  Header header;
  std::memcpy(&header, map, sizeof header);
  bool valid = std::memcmp(header.magic, kMagic, sizeof kMagic) == 0 &&
               (header.rank_width == 2 || header.rank_width == 4) &&
               file_bytes(header) == file->map_bytes_;
  try {
    valid = valid && header.revision == db.get_revision();
  } catch (const Xapian::Error&) {
    valid = false;  // e.g. a database that has no single revision
  }
  if (!valid) return nullptr;
  const char* base = static_cast<const char*>(map) + sizeof(Header);
  const auto take = [&base](std::size_t count) {
    const auto* section = reinterpret_cast<const std::uint32_t*>(base);
    base += count * 4;
    return section;
  };
  file->doc_offsets_ = take(std::size_t{header.doc_slots} + 1);
  file->groups_ = take(header.doc_slots);
  file->lengths_ = take(header.doc_slots);
  file->ids_ = take(header.entity_count);
  file->frequencies_ = take(header.entity_count);
  file->name_offsets_ = take(std::size_t{header.entity_count} + 1);
  if (header.rank_width == 2) {
    file->narrow_ranks_ = reinterpret_cast<const std::uint16_t*>(base);
  } else {
    file->wide_ranks_ = reinterpret_cast<const std::uint32_t*>(base);
  }
  base += padded_rank_bytes(header);
  file->names_ = base;
  file->doc_slots_ = header.doc_slots;
  file->rank_count_ = header.rank_count;
  file->group_count_ = header.group_count;
  file->entity_count_ = header.entity_count;
  file->name_bytes_ = header.name_bytes;
  return file;
}

FacetFile::~FacetFile() {
  if (map_ != nullptr) munmap(map_, map_bytes_);
}

std::vector<std::uint32_t> FacetFile::ranks(Xapian::docid did) const {
  std::vector<std::uint32_t> ranks;
  for_each_rank(did, [&ranks](std::uint32_t rank) { ranks.push_back(rank); });
  return ranks;
}

std::string_view FacetFile::name(std::uint32_t rank) const {
  if (rank >= entity_count_) return {};
  const std::uint32_t begin = name_offsets_[rank];
  const std::uint32_t end = name_offsets_[rank + 1];
  if (begin > end || end > name_bytes_) return {};
  return {names_ + begin, end - begin};
}

}  // namespace newsdex::entities
