// Parallel shard builds of a new database: queues, writer threads, merge and regrouping.
#include "index/shard_build.hpp"

#include <sys/resource.h>
#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <system_error>

#include "index/build_pool.hpp"
#include "index/document_builder.hpp"
#include "index/duplicates.hpp"
#include "index/write_article.hpp"
#include "schema.hpp"

namespace newsdex::index {
namespace {

// Builds smaller than this are written by one writer: threads and a merge would not pay, and
// Xapian 1.4.22 was seen to misread a postlist after a later update of a database merged from
// shards of two or three articles (see the issue notes), never with shards of thousands.
constexpr std::size_t kShardFrom = 2000;
constexpr std::size_t kShardFromBytes = std::size_t{256} << 20;

// A shard's queue holds at most this many articles or bytes of text: enough to keep its
// thread busy while the reader parses, little enough to bound memory whatever the input.
constexpr std::size_t kQueueArticles = 64;
constexpr std::size_t kQueueBytes = std::size_t{16} << 20;

// File descriptors a shard holds (7 while written, measured in /proc/PID/fd; a merge opens
// about as many per shard), and those left for everything else: standard streams, the lock,
// the input file, the merged database.
constexpr std::uint64_t kFilesPerShard = 8;
constexpr std::uint64_t kReservedFiles = 32;

}  // namespace

unsigned shards_within(unsigned jobs, std::uint64_t open_files) noexcept {
  const std::uint64_t room = open_files > kReservedFiles ? open_files - kReservedFiles : 0;
  return static_cast<unsigned>(
      std::clamp<std::uint64_t>(room / kFilesPerShard, 1, std::max(1u, jobs)));
}

unsigned shard_limit(unsigned jobs) noexcept {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) {
    return std::max(1u, jobs);
  }
  const rlim_t needed = kReservedFiles + rlim_t{jobs} * kFilesPerShard;
  if (limit.rlim_cur < needed) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max == RLIM_INFINITY ? needed : std::min(needed, limit.rlim_max);
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return shards_within(jobs, limit.rlim_cur);
}

std::size_t shard_commit_interval(std::size_t batch_size, unsigned jobs) noexcept {
  const std::size_t shards = std::max(1u, jobs);
  return std::clamp<std::size_t>((batch_size + shards - 1) / shards, 1, kMaxShardBatch);
}

ShardBuild::ShardBuild(const std::filesystem::path& db_dir, unsigned jobs, std::size_t batch_size,
                       const entities::Extractor* extractor)
    : db_dir_(db_dir),
      build_dir_(db_dir.string() + ".build"),
      jobs_(std::max(1u, jobs)),
      batch_size_(std::max<std::size_t>(1, batch_size)),
      commit_every_(shard_commit_interval(batch_size, jobs_)),
      extractor_(extractor) {
  std::error_code error;
  if (std::filesystem::exists(db_dir_, error)) {
    throw std::runtime_error("cannot build " + db_dir_.string() + " in shards: it exists");
  }
  // Left by a killed build; we hold the writer lock, so nobody else is using it.
  std::filesystem::remove_all(build_dir_, error);
  if (error) {
    throw std::runtime_error("cannot remove the old build directory " + build_dir_.string() + ": " +
                             error.message());
  }
}

void ShardBuild::start() {
  std::error_code error;
  std::filesystem::create_directories(build_dir_, error);
  if (error) {
    throw std::runtime_error("cannot create " + build_dir_.string() + ": " + error.message());
  }
  for (unsigned i = 0; i < jobs_; ++i) {
    auto shard = std::make_unique<Shard>();
    shard->dir = build_dir_ / ("shard-" + std::to_string(i));
    shards_.push_back(std::move(shard));
  }
  for (auto& shard : shards_) {
    Shard& s = *shard;
    s.thread = std::thread([this, &s] { run_shard(s); });
  }
  started_ = true;
  for (Job& job : held_) dispatch(std::move(job));
  held_.clear();
  held_.shrink_to_fit();
}

ShardBuild::~ShardBuild() {
  stop_threads();
  if (!finished_) {
    std::error_code ignored;
    std::filesystem::remove_all(build_dir_, ignored);
  }
}

void ShardBuild::stop_threads() {
  for (auto& shard : shards_) {
    {
      const std::lock_guard<std::mutex> guard(shard->mutex);
      shard->closed = true;
    }
    shard->changed.notify_all();
  }
  for (auto& shard : shards_) {
    if (shard->thread.joinable()) shard->thread.join();
  }
}

void ShardBuild::rethrow_failure() {
  const std::lock_guard<std::mutex> guard(failure_mutex_);
  if (failure_) std::rethrow_exception(failure_);
}

Change ShardBuild::add(Article&& article, std::string id_term, std::string hash) {
  rethrow_failure();
  const std::uint64_t hash_value = fnv1a64(hash);
  const auto [it, added] = routed_.try_emplace(fnv1a64(id_term), next_, hash_value);
  Change change = Change::kAdded;
  if (added) {
    next_ = (next_ + 1) % jobs_;
  } else if (it->second.second == hash_value) {
    return Change::kUnchanged;
  } else {
    it->second.second = hash_value;
    change = Change::kUpdated;
  }
  Job job{std::move(article),         std::move(id_term), std::move(hash),
          change == Change::kUpdated, added_++,           it->second.first};
  if (started_) {
    dispatch(std::move(job));
  } else {
    held_bytes_ += held_bytes(job.article);
    held_.push_back(std::move(job));
    if (jobs_ > 1 && (held_.size() >= kShardFrom || held_bytes_ >= kShardFromBytes)) start();
  }
  return change;
}

void ShardBuild::dispatch(Job&& job) {
  Shard& shard = *shards_[job.shard];
  const std::size_t bytes = held_bytes(job.article);
  {
    std::unique_lock<std::mutex> lock(shard.mutex);
    shard.changed.wait(lock, [&] {
      return shard.closed || shard.queue.empty() ||
             (shard.queue.size() < kQueueArticles && shard.queued_bytes + bytes <= kQueueBytes);
    });
    if (shard.closed) {
      lock.unlock();
      rethrow_failure();
      throw std::logic_error("ShardBuild::dispatch after the shard was closed");
    }
    shard.queue.push_back(std::move(job));
    shard.queued_bytes += bytes;
  }
  shard.changed.notify_all();
}

void ShardBuild::run_shard(Shard& shard) {
  try {
    IndexWriter writer(shard.dir, &entity_ids_);
    DocumentBuilder builder;
    std::size_t pending = 0;
    while (true) {
      Job job;
      {
        std::unique_lock<std::mutex> lock(shard.mutex);
        shard.changed.wait(lock, [&] { return shard.closed || !shard.queue.empty(); });
        if (shard.queue.empty()) break;  // closed and drained
        job = std::move(shard.queue.front());
        shard.queue.pop_front();
        shard.queued_bytes -= held_bytes(job.article);
      }
      shard.changed.notify_all();
      shard.extraction_seconds +=
          write_article(writer, builder, extractor_, job.article, job.id_term, job.hash,
                        job.replacing, Grouping::kOwn, job.order);
      if (++pending >= commit_every_) {
        writer.commit_holding_spelling();
        pending = 0;
      }
    }
    writer.commit();
  } catch (...) {
    {
      const std::lock_guard<std::mutex> guard(failure_mutex_);
      if (!failure_) failure_ = std::current_exception();
    }
    // Wake a reader waiting for room in this queue; it then sees the failure.
    const std::lock_guard<std::mutex> guard(shard.mutex);
    shard.closed = true;
    shard.queue.clear();
    shard.changed.notify_all();
  }
}

double ShardBuild::finish() {
  if (!started_) return write_held();
  stop_threads();
  rethrow_failure();
  merge();
  finished_ = true;
  std::error_code ignored;
  std::filesystem::remove_all(build_dir_, ignored);
  double seconds = 0;
  for (const auto& shard : shards_) seconds += shard->extraction_seconds;
  return seconds;
}

double ShardBuild::write_held() {
  IndexWriter writer(db_dir_);
  double seconds = 0;
  std::size_t pending = 0;
  auto committed = [&] {
    if (++pending >= batch_size_) {
      writer.commit();
      pending = 0;
    }
  };
  if (jobs_ > 1) {
    // Too few articles for shards, but the other cores can still prepare them for the writer.
    BuildPool pool(jobs_ - 1, extractor_);
    auto write_built = [&](BuildPool::Built&& built) {
      const BuildPool::Job& job = built.job;
      seconds += built.prepared.extraction_seconds;
      write_prepared(writer, built.prepared, job.article.id, job.id_term, job.hash, job.replacing,
                     Grouping::kLookUp);
      committed();
    };
    for (Job& job : held_) {
      while (pool.full()) write_built(pool.take());
      pool.submit(
          {std::move(job.article), std::move(job.id_term), std::move(job.hash), job.replacing});
    }
    while (!pool.empty()) write_built(pool.take());
  } else {
    DocumentBuilder builder;
    for (const Job& job : held_) {
      seconds += write_article(writer, builder, extractor_, job.article, job.id_term, job.hash,
                               job.replacing, Grouping::kLookUp);
      committed();
    }
  }
  writer.commit();
  held_.clear();
  finished_ = true;
  return seconds;
}

void ShardBuild::merge() {
  Xapian::Database all;
  std::vector<Xapian::docid> offsets;  // compaction numbers shard i's documents from offsets[i]
  Xapian::docid offset = 0;
  for (const auto& shard : shards_) {
    const Xapian::Database part(shard->dir.string());
    all.add_database(part);
    offsets.push_back(offset);
    offset += part.get_lastdocid();
  }
  const std::filesystem::path merged = build_dir_ / "merged";
  all.compact(merged.string());
  all.close();

  // The order the articles were dealt out in: the k-th article of every shard in turn.
  auto position = [&](Xapian::docid docid) {
    std::size_t shard = offsets.size() - 1;
    while (shard > 0 && docid <= offsets[shard]) --shard;
    return std::make_pair(docid - offsets[shard], shard);
  };
  Xapian::WritableDatabase db(merged.string(), Xapian::DB_OPEN);
  const auto changes =
      regroup(db, [&](Xapian::docid a, Xapian::docid b) { return position(a) < position(b); });
  for (const auto& [docid, key] : changes) {
    Xapian::Document doc = db.get_document(docid);
    set_group(doc, key);
    db.replace_document(docid, doc);
  }
  // The shards record no entities (their writers number them through entity_ids_), and each
  // recorded the serial that was next when it last committed, merging keeping the first's.
  for (const auto& [key, entry] : entity_ids_.entries()) {
    db.set_metadata(key, std::to_string(entry.id));
    db.set_metadata(std::string(schema::kMetaEntityName) + std::to_string(entry.id), entry.name);
  }
  db.set_metadata(std::string(schema::kMetaEntityNextSerial),
                  std::to_string(entity_ids_.next_serial()));
  db.commit();
  db.close();

  std::error_code error;
  std::filesystem::rename(merged, db_dir_, error);
  if (error) {
    throw std::runtime_error("cannot move the built database " + merged.string() + " to " +
                             db_dir_.string() + ": " + error.message());
  }
}

}  // namespace newsdex::index
