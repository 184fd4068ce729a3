// Fresh builds on every core: articles dealt out to shard databases written at once, then merged.
//
// Xapian writes one database from one thread, and writing is most of indexing, so a new
// database is built as one shard per thread, each with its own writer thread doing extraction,
// document building and writing, and the shards are then merged by Xapian's compaction into the
// database. Articles are dealt out in turn (an id met again goes where it went first), and after
// the merge near-duplicates are grouped across shards in that order (index/duplicates.hpp), so
// the result holds what a one-writer run would have written. The shards live in
// `<database>.build/` and the merged database is moved into place only once it is complete: a
// killed build leaves no database, and the next one starts afresh. A build of fewer than a few
// thousand articles is held back and written by one writer at the end instead, the other threads
// preparing its articles (index/build_pool.hpp).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "article.hpp"
#include "entities/extractor.hpp"
#include "index/incremental.hpp"
#include "index/index_writer.hpp"

namespace newsdex::index {

// The most articles a shard's writer buffers before it commits. Xapian buffers a batch's
// postings in ordered maps (one per term, keyed by document), and a batch small enough for them
// to stay in cache is worth the extra commits: on the 100k synthetic archive with two shards, a
// build committing every 1,000 articles per shard took 74.5 s at a peak of 127 MB against 83.7 s
// and 364 MB for every 5,000 (README, "Shard batches").
inline constexpr std::size_t kMaxShardBatch = 1000;

// Returns how many articles each of `jobs` shards writes between commits for a run of
// `batch_size` articles per commit: their share of the batch, rounded up, at least 1 and at most
// kMaxShardBatch. A `jobs` of 0 counts as 1. Throws nothing.
std::size_t shard_commit_interval(std::size_t batch_size, unsigned jobs) noexcept;

// Returns how many of `jobs` shards a build can hold open within `open_files` file descriptors:
// each shard holds 7 while it is written (its tables and lock) and about as many while they are
// merged, and 32 stay for everything else. At least 1 (then one writer, no shards). Throws
// nothing.
unsigned shards_within(unsigned jobs, std::uint64_t open_files) noexcept;

// Returns shards_within(jobs, this process's limit on open files), having first raised that
// limit towards its hard limit when `jobs` shards need more (a soft limit of 1,024, the usual
// default, holds 124). Throws nothing.
unsigned shard_limit(unsigned jobs) noexcept;

class ShardBuild {
 public:
  // Prepares a build of the new database `db_dir` (which must not exist) on `jobs` (at least 1)
  // threads, each committing every shard_commit_interval(batch_size, jobs) articles, extracting
  // entities with `extractor` when it is not null (not owned; must outlive this). Removes a build
  // directory left by a killed run; the shards start once enough articles came (see above). Throws
  // std::runtime_error when `db_dir` exists or the old build directory cannot be removed.
  ShardBuild(const std::filesystem::path& db_dir, unsigned jobs, std::size_t batch_size,
             const entities::Extractor* extractor);

  // Stops the threads; removes the build directory unless finish() completed.
  ~ShardBuild();

  ShardBuild(const ShardBuild&) = delete;
  ShardBuild& operator=(const ShardBuild&) = delete;

  // Classifies `article` (unique term `id_term`, content hash `hash`) against the articles
  // added before (a new database holds nothing else) and queues it unless it is unchanged: an
  // id met again goes to the shard it went to first, to replace that version. Returns the
  // classification. Blocks while the shard's queue is full. Rethrows the first error of a
  // writer thread.
  Change add(Article&& article, std::string id_term, std::string hash);

  // Waits for the shards, merges them, groups near-duplicates across them and moves the
  // database into place at `db_dir`. Returns the seconds the threads spent in the extractor, in
  // total. Rethrows a writer thread's error; throws Xapian::Error on database errors and
  // std::runtime_error when the database cannot be moved into place.
  double finish();

 private:
  struct Job {
    Article article;
    std::string id_term;
    std::string hash;
    bool replacing = false;
    std::uint64_t order = 0;  // place in the build
    unsigned shard = 0;
  };

  // One shard: its queue, its writer thread and what the thread measured.
  struct Shard {
    std::filesystem::path dir;
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<Job> queue;
    std::size_t queued_bytes = 0;
    bool closed = false;  // no more jobs: the thread commits and ends
    double extraction_seconds = 0;
    std::thread thread;
  };

  void start();
  void dispatch(Job&& job);
  double write_held();
  void run_shard(Shard& shard);
  void stop_threads();
  void rethrow_failure();
  void merge();

  std::filesystem::path db_dir_;
  std::filesystem::path build_dir_;
  unsigned jobs_;
  std::size_t batch_size_;
  std::size_t commit_every_;
  const entities::Extractor* extractor_;
  SharedEntityIds entity_ids_;
  std::vector<std::unique_ptr<Shard>> shards_;
  // Where each id went and with what content, for ids met again: a 64-bit hash of the id term
  // -> (shard, hash of the content hash). Hashes, not strings, halve what a million ids take
  // (the build must stay under 512 MB on a million articles); two ids of a million share a
  // hash with odds of about 1 in 36 million, and would then count as one added and one
  // updated, both still written.
  std::unordered_map<std::uint64_t, std::pair<unsigned, std::uint64_t>> routed_;
  unsigned next_ = 0;        // the shard of the next new id
  std::uint64_t added_ = 0;  // articles queued so far
  std::mutex failure_mutex_;
  std::exception_ptr failure_;
  bool finished_ = false;
  bool started_ = false;   // the shards and their threads exist
  std::vector<Job> held_;  // articles added before the build was big enough for shards
  std::size_t held_bytes_ = 0;
};

}  // namespace newsdex::index
