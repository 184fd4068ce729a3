// One writer per database: an exclusive lock on a file beside the database path.
#pragma once

#include <filesystem>
#include <iosfwd>

namespace newsdex::index {

// Returns the lock file of the database at `db`: the path with ".lock" appended ("DB.lock"
// beside a database directory or stub file "DB"). scripts/nightly-reindex locks the same file
// with flock(1) for a whole rebuild, so an incremental run and a rebuild never overlap.
std::filesystem::path lock_path(const std::filesystem::path& db);

// Holds an exclusive flock(2) on lock_path(db) for its lifetime. The kernel drops the lock when
// the process dies, so a killed indexer never leaves a stale lock behind.
class WriterLock {
 public:
  // Takes the lock, creating the lock file and missing parent directories. When another process
  // holds it: with `wait`, says so on `err` and blocks until it is free; without, throws
  // std::runtime_error ("database DB is locked by another indexer (use --wait to wait)").
  // Also throws std::runtime_error when the lock file cannot be created or locked.
  WriterLock(const std::filesystem::path& db, bool wait, std::ostream& err);
  ~WriterLock();
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace newsdex::index
