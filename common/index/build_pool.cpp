// Worker threads preparing articles for the one writer, and the in-order hand-back.
#include "index/build_pool.hpp"

#include <algorithm>
#include <utility>

#include "text/normalize.hpp"

namespace newsdex::index {

BuildPool::BuildPool(unsigned threads, const entities::Extractor* extractor, std::size_t max_bytes)
    : extractor_(extractor), max_bytes_(max_bytes) {
  threads = std::max(1u, threads);
  builders_.resize(threads);
  threads_.reserve(threads);
  try {
    for (DocumentBuilder& builder : builders_) {
      threads_.emplace_back([this, &builder] { run(builder); });
    }
  } catch (...) {
    stop();  // the threads already started
    throw;
  }
}

BuildPool::~BuildPool() { stop(); }

void BuildPool::stop() {
  {
    const std::lock_guard<std::mutex> guard(mutex_);
    stopping_ = true;
  }
  work_.notify_all();
  for (std::thread& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

bool BuildPool::full() const {
  return !slots_.empty() &&
         (slots_.size() >= kJobsPerThread * threads_.size() || bytes_ >= max_bytes_);
}

void BuildPool::submit(Job&& job) {
  auto slot = std::make_unique<Slot>();
  slot->bytes = held_bytes(job.article);
  slot->job = std::move(job);
  Slot* queued = slot.get();
  slots_.push_back(std::move(slot));
  try {
    const std::lock_guard<std::mutex> guard(mutex_);
    todo_.push_back(queued);
  } catch (...) {
    slots_.pop_back();  // no thread has seen it
    throw;
  }
  bytes_ += queued->bytes;
  work_.notify_one();
}

BuildPool::Built BuildPool::take() {
  Slot& oldest = *slots_.front();
  {
    std::unique_lock<std::mutex> lock(mutex_);
    finished_.wait(lock, [&] { return oldest.done; });
  }
  const std::unique_ptr<Slot> slot = std::move(slots_.front());
  slots_.pop_front();
  bytes_ -= slot->bytes;
  if (slot->error) {
    try {
      std::rethrow_exception(slot->error);
    } catch (const std::exception& error) {
      throw Failure("cannot index article \"" + text::strip_controls(slot->job.article.id) +
                    "\" of " + text::strip_controls(slot->job.article.path) + ": " + error.what());
    }
  }
  return Built{std::move(slot->job), std::move(slot->prepared)};
}

void BuildPool::run(DocumentBuilder& builder) {
  while (true) {
    Slot* slot = nullptr;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      work_.wait(lock, [&] { return stopping_ || !todo_.empty(); });
      if (stopping_) return;
      slot = todo_.front();
      todo_.pop_front();
    }
    try {
      slot->prepared = prepare_article(builder, extractor_, slot->job.article);
    } catch (...) {
      slot->error = std::current_exception();
    }
    {
      const std::lock_guard<std::mutex> guard(mutex_);
      slot->done = true;
    }
    finished_.notify_all();
  }
}

}  // namespace newsdex::index
