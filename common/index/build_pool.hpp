// Extraction and document building on worker threads for the one writer, handed back in order.
//
// A database that exists, or a new one too small for shards (index/shard_build.hpp), is written by
// one writer, as Xapian writes a database from one thread. Extracting an article's entities and
// building its document read no database, so the pool does them on other threads while the writer
// writes, and hands the results back in the order the articles came: entity ids, duplicate groups
// and everything else are then what one thread doing all of it writes. Memory stays bounded: the
// caller takes results once full().
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "article.hpp"
#include "entities/extractor.hpp"
#include "index/document_builder.hpp"
#include "index/write_article.hpp"

namespace newsdex::index {

class BuildPool {
 public:
  // An article to index, with what the writer needs to write it.
  struct Job {
    Article article;
    std::string id_term;
    std::string hash;
    bool replacing = false;
  };
  // A job with its article prepared (prepare_article).
  struct Built {
    Job job;
    PreparedArticle prepared;
  };

  static constexpr std::size_t kJobsPerThread = 8;
  // As much as the largest article newsdex-index reads by default (--max-file-size).
  static constexpr std::size_t kMaxBytes = std::size_t{64} << 20;

  // Starts `threads` (at least 1) threads, each with a DocumentBuilder of its own, extracting with
  // `extractor` when it is not null (not owned; must outlive the pool); full() once the articles
  // waiting hold `max_bytes`. Throws std::system_error when a thread cannot be started.
  BuildPool(unsigned threads, const entities::Extractor* extractor,
            std::size_t max_bytes = kMaxBytes);

  // Stops the threads; jobs not taken are dropped.
  ~BuildPool();

  BuildPool(const BuildPool&) = delete;
  BuildPool& operator=(const BuildPool&) = delete;

  // Returns true when the caller should take() before it submits again: enough jobs wait to keep
  // every thread busy (kJobsPerThread each), or their articles hold `max_bytes` of text. Never
  // true when empty(). Never throws.
  bool full() const;

  // Returns true when every job submitted was taken. Never throws.
  bool empty() const { return slots_.empty(); }

  // Queues `job` behind those submitted before. Never blocks. Throws std::bad_alloc.
  void submit(Job&& job);

  // What take() throws when a job's preparation failed: fatal for the run. It names the article,
  // since the failure surfaces while a later article (perhaps another file's) is being read.
  class Failure : public std::exception {
   public:
    explicit Failure(std::string message) : message_(std::move(message)) {}
    const char* what() const noexcept override { return message_.c_str(); }

   private:
    std::string message_;
  };

  // Returns the oldest job not yet taken once it is prepared, waiting for it. Throws Failure,
  // naming the article and saying what its preparation threw, when that failed (the job is then
  // dropped); rethrows other exceptions as they are. Must not be called when empty().
  Built take();

 private:
  struct Slot {
    Job job;
    std::size_t bytes = 0;
    PreparedArticle prepared;
    std::exception_ptr error;
    bool done = false;  // guarded by mutex_; prepared and error are the worker's until then
  };

  void run(DocumentBuilder& builder);
  void stop();  // stops and joins the threads

  const entities::Extractor* extractor_;
  std::size_t max_bytes_;
  std::vector<DocumentBuilder> builders_;  // one per thread
  std::vector<std::thread> threads_;
  // The jobs submitted and not taken, oldest first; touched only by the submitting thread.
  std::deque<std::unique_ptr<Slot>> slots_;
  std::size_t bytes_ = 0;  // of the articles in slots_
  std::mutex mutex_;
  std::condition_variable work_;      // todo_ grew, or stopping_
  std::condition_variable finished_;  // a slot is done
  std::deque<Slot*> todo_;            // slots no thread has started, oldest first
  bool stopping_ = false;
};

}  // namespace newsdex::index
