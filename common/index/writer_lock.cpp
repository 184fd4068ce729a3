// The writer lock: flock(2) on DB.lock.
#include "index/writer_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ostream>
#include <stdexcept>
#include <system_error>

namespace newsdex::index {

std::filesystem::path lock_path(const std::filesystem::path& db) {
  // "db/" names the directory "db": its lock is "db.lock", not "db/.lock".
  std::filesystem::path path = db.filename().empty() ? db.parent_path() : db;
  path += ".lock";
  return path;
}

WriterLock::WriterLock(const std::filesystem::path& db, bool wait, std::ostream& err) {
  const std::filesystem::path path = lock_path(db);
  std::error_code error;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), error);
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    throw std::runtime_error("cannot create the lock file " + path.string() + ": " +
                             std::strerror(errno));
  }
  int result = ::flock(fd_, LOCK_EX | LOCK_NB);
  if (result != 0 && errno == EWOULDBLOCK) {
    if (!wait) {
      ::close(fd_);
      throw std::runtime_error("database " + db.string() +
                               " is locked by another indexer or a nightly rebuild (use --wait "
                               "to wait)");
    }
    err << "newsdex-index: waiting for the lock on " << db.string() << " (" << path.string()
        << ")...\n"
        << std::flush;
    do {
      result = ::flock(fd_, LOCK_EX);
    } while (result != 0 && errno == EINTR);
  }
  if (result != 0) {
    const int saved = errno;
    ::close(fd_);
    throw std::runtime_error("cannot lock " + path.string() + ": " + std::strerror(saved));
  }
}

WriterLock::~WriterLock() { ::close(fd_); }

}  // namespace newsdex::index
