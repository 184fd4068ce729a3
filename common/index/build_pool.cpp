// Worker threads preparing articles for the one writer, and the in-order hand-back.
#include "index/build_pool.hpp"

#include <algorithm>
#include <utility>

namespace newsdex::index {
namespace {

std::size_t article_bytes(const Article& article) {
  return article.title.size() + article.body.size() + article.id.size() + article.url.size() +
         article.path.size() + 64;
}

}  // namespace

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
  slot->bytes = article_bytes(job.article);
  slot->job = std::move(job);
  Slot* started = slot.get();
  bytes_ += slot->bytes;
  slots_.push_back(std::move(slot));
  {
    const std::lock_guard<std::mutex> guard(mutex_);
    todo_.push_back(started);
  }
  work_.notify_one();
}

BuildPool::Built BuildPool::take() {
  std::unique_ptr<Slot> slot = std::move(slots_.front());
  slots_.pop_front();
  bytes_ -= slot->bytes;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    finished_.wait(lock, [&] { return slot->done; });
  }
  if (slot->error) std::rethrow_exception(slot->error);
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
