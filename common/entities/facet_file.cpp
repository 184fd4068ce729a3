// Writing and mapping the facet file; see facet_file.hpp for why it exists.
#include "entities/facet_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "schema.hpp"

namespace newsdex::entities {
namespace {

constexpr char kMagic[8] = {'N', 'D', 'X', 'F', 'C', 'T', '1', '\0'};

// Layout: Header, doc_offsets[doc_slots + 1], ids[id_count], name_offsets[name_slots + 1],
// names[name_bytes]; all integers in the machine's byte order (the file is a local cache).
struct Header {
  char magic[8];
  std::uint64_t revision;
  std::uint32_t doc_slots;
  std::uint32_t id_count;
  std::uint32_t name_slots;
  std::uint32_t name_bytes;
};

std::size_t file_bytes(const Header& h) {
  return sizeof(Header) + (std::size_t{h.doc_slots} + 1) * 4 + std::size_t{h.id_count} * 4 +
         (std::size_t{h.name_slots} + 1) * 4 + h.name_bytes;
}

template <typename T>
void put(std::ofstream& out, const std::vector<T>& values) {
  out.write(reinterpret_cast<const char*>(values.data()),
            static_cast<std::streamsize>(values.size() * sizeof(T)));
}

}  // namespace

void write_facet_file(const Xapian::Database& db, const std::filesystem::path& db_dir) {
  Header header{};
  std::memcpy(header.magic, kMagic, sizeof kMagic);
  header.revision = db.get_revision();
  header.doc_slots = db.get_lastdocid() + 1;

  std::vector<std::uint32_t> doc_offsets;
  doc_offsets.reserve(header.doc_slots + 1);
  std::vector<EntityId> ids;
  const auto end = db.valuestream_end(schema::kSlotEntities);
  for (auto it = db.valuestream_begin(schema::kSlotEntities); it != end; ++it) {
    while (doc_offsets.size() <= it.get_docid()) {
      doc_offsets.push_back(static_cast<std::uint32_t>(ids.size()));
    }
    for_each_entity_id(*it, [&ids](EntityId id) { ids.push_back(id); });
  }
  while (doc_offsets.size() < header.doc_slots + 1) {
    doc_offsets.push_back(static_cast<std::uint32_t>(ids.size()));
  }
  header.id_count = static_cast<std::uint32_t>(ids.size());

  std::vector<std::string> names_by_serial;
  const std::string name_prefix(schema::kMetaEntityName);
  for (auto it = db.metadata_keys_begin(name_prefix); it != db.metadata_keys_end(name_prefix);
       ++it) {
    const std::string key = *it;
    const auto serial = static_cast<std::size_t>(std::stoul(key.substr(name_prefix.size())) >> 2);
    if (serial >= names_by_serial.size()) names_by_serial.resize(serial + 1);
    names_by_serial[serial] = db.get_metadata(key);
  }
  header.name_slots = static_cast<std::uint32_t>(names_by_serial.size());
  std::vector<std::uint32_t> name_offsets;
  std::string names;
  for (const std::string& name : names_by_serial) {
    name_offsets.push_back(static_cast<std::uint32_t>(names.size()));
    names += name;
  }
  name_offsets.push_back(static_cast<std::uint32_t>(names.size()));
  header.name_bytes = static_cast<std::uint32_t>(names.size());

  const std::filesystem::path final_path = db_dir / kFacetFileName;
  std::filesystem::path temporary = final_path;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(&header), sizeof header);
    put(out, doc_offsets);
    put(out, ids);
    put(out, name_offsets);
    out.write(names.data(), static_cast<std::streamsize>(names.size()));
    if (!out.flush()) throw std::runtime_error("cannot write " + temporary.string());
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
  }
  ::close(fd);
  if (map == MAP_FAILED) return nullptr;
  std::unique_ptr<FacetFile> file(new FacetFile());
  file->map_ = map;
  file->map_bytes_ = static_cast<std::size_t>(status.st_size);

  Header header;
  std::memcpy(&header, map, sizeof header);
  bool valid = std::memcmp(header.magic, kMagic, sizeof kMagic) == 0 &&
               file_bytes(header) == file->map_bytes_;
  try {
    valid = valid && header.revision == db.get_revision();
  } catch (const Xapian::Error&) {
    valid = false;  // e.g. a database that has no single revision
  }
  if (!valid) return nullptr;
  const char* base = static_cast<const char*>(map) + sizeof(Header);
  file->doc_offsets_ = reinterpret_cast<const std::uint32_t*>(base);
  base += (std::size_t{header.doc_slots} + 1) * 4;
  file->ids_ = reinterpret_cast<const EntityId*>(base);
  base += std::size_t{header.id_count} * 4;
  file->name_offsets_ = reinterpret_cast<const std::uint32_t*>(base);
  base += (std::size_t{header.name_slots} + 1) * 4;
  file->names_ = base;
  file->doc_slots_ = header.doc_slots;
  file->id_count_ = header.id_count;
  file->name_slots_ = header.name_slots;
  file->name_bytes_ = header.name_bytes;
  return file;
}

FacetFile::~FacetFile() {
  if (map_ != nullptr) munmap(map_, map_bytes_);
}

std::span<const EntityId> FacetFile::ids(Xapian::docid did) const {
  if (did >= doc_slots_) return {};
  const std::uint32_t begin = doc_offsets_[did];
  const std::uint32_t end = doc_offsets_[did + 1];
  // Checked on every use rather than trusted, so a damaged file cannot read out of bounds.
  if (begin > end || end > id_count_) return {};
  return {ids_ + begin, end - begin};
}

std::string_view FacetFile::name(EntityId id) const {
  const std::uint32_t serial = id >> 2;
  if (serial >= name_slots_) return {};
  const std::uint32_t begin = name_offsets_[serial];
  const std::uint32_t end = name_offsets_[serial + 1];
  if (begin > end || end > name_bytes_) return {};
  return {names_ + begin, end - begin};
}

}  // namespace newsdex::entities
