// Tests for index::lock_path and index::WriterLock.
#include "index/writer_lock.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>

#include "../temp_dir.hpp"

namespace newsdex::index {

TEST_CASE("lock_path puts DB.lock beside the database path") {
  CHECK(lock_path("/srv/newsdex/db") == "/srv/newsdex/db.lock");
  CHECK(lock_path("/srv/newsdex/db/") == "/srv/newsdex/db.lock");
  CHECK(lock_path("db") == "db.lock");
}

TEST_CASE("WriterLock excludes a second holder until released, and creates its directory") {
  testing::TempDir tmp;
  const std::filesystem::path db = tmp.path() / "nested" / "db";
  std::ostringstream err;
  std::optional<WriterLock> first;
  first.emplace(db, false, err);
  CHECK(std::filesystem::exists(tmp.path() / "nested" / "db.lock"));
  // flock(2) locks belong to the open file, so a second open in this process conflicts too.
  try {
    WriterLock second(db, false, err);
    FAIL("a second WriterLock was granted");
  } catch (const std::runtime_error& error) {
    const std::string message = error.what();
    CHECK(message.find("is locked by another indexer") != std::string::npos);
    CHECK(message.find("--wait") != std::string::npos);
  }
  first.reset();
  const WriterLock again(db, false, err);
  CHECK(err.str().empty());
}

}  // namespace newsdex::index
