// Tests for paths::database (flag, NEWSDEX_DB, XDG_DATA_HOME, HOME) and the other locations.
#include "paths.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include "temp_dir.hpp"

namespace newsdex::paths {
namespace {

// Saves environment variables and restores them when it goes out of scope.
class EnvGuard {
 public:
  explicit EnvGuard(std::vector<std::string> names) {
    for (std::string& name : names) {
      const char* value = std::getenv(name.c_str());
      saved_.emplace_back(std::move(name),
                          value ? std::optional<std::string>(value) : std::nullopt);
    }
  }
  ~EnvGuard() {
    for (const auto& [name, value] : saved_) {
      if (value) {
        setenv(name.c_str(), value->c_str(), 1);
      } else {
        unsetenv(name.c_str());
      }
    }
  }
  EnvGuard(const EnvGuard&) = delete;
  EnvGuard& operator=(const EnvGuard&) = delete;

  static void set(const char* name, const char* value) {
    if (value) {
      setenv(name, value, 1);
    } else {
      unsetenv(name);
    }
  }

 private:
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

}  // namespace

TEST_CASE("database: the flag beats NEWSDEX_DB beats XDG_DATA_HOME beats HOME") {
  EnvGuard guard({"NEWSDEX_DB", "XDG_DATA_HOME", "HOME"});
  struct Case {
    const char* flag;
    const char* newsdex_db;
    const char* xdg_data_home;
    const char* home;
    std::filesystem::path expected;
  };
  const Case cases[] = {
      {"/flag/db", "/env/db", "/xdg", "/home/u", "/flag/db"},
      {"relative/db", nullptr, nullptr, nullptr, "relative/db"},
      {"", "/env/db", "/xdg", "/home/u", "/env/db"},
      {"", "", "/xdg", "/home/u", "/xdg/newsdex/db"},  // empty NEWSDEX_DB is unset
      {"", nullptr, "/xdg", "/home/u", "/xdg/newsdex/db"},
      {"", nullptr, "", "/home/u", "/home/u/.local/share/newsdex/db"},
      {"", nullptr, nullptr, "/home/u", "/home/u/.local/share/newsdex/db"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.expected);
    EnvGuard::set("NEWSDEX_DB", c.newsdex_db);
    EnvGuard::set("XDG_DATA_HOME", c.xdg_data_home);
    EnvGuard::set("HOME", c.home);
    CHECK(database(c.flag) == c.expected);
  }
}

TEST_CASE("database throws when no location can be determined") {
  EnvGuard guard({"NEWSDEX_DB", "XDG_DATA_HOME", "HOME"});
  unsetenv("NEWSDEX_DB");
  unsetenv("XDG_DATA_HOME");
  unsetenv("HOME");
  CHECK_THROWS_AS(database(""), std::runtime_error);
  setenv("HOME", "", 1);
  CHECK_THROWS_AS(database(""), std::runtime_error);
  CHECK(database("/still/fine") == "/still/fine");
}

TEST_CASE("user_dictionary: NEWSDEX_DICTIONARY beats XDG_CONFIG_HOME beats HOME") {
  EnvGuard guard({"NEWSDEX_DICTIONARY", "XDG_CONFIG_HOME", "HOME"});
  setenv("NEWSDEX_DICTIONARY", "/d/entities.tsv", 1);
  setenv("XDG_CONFIG_HOME", "/cfg", 1);
  setenv("HOME", "/home/u", 1);
  CHECK(user_dictionary() == "/d/entities.tsv");
  unsetenv("NEWSDEX_DICTIONARY");
  CHECK(user_dictionary() == "/cfg/newsdex/entities.tsv");
  unsetenv("XDG_CONFIG_HOME");
  CHECK(user_dictionary() == "/home/u/.config/newsdex/entities.tsv");
  unsetenv("HOME");
  CHECK(user_dictionary().empty());
}

TEST_CASE("data_dir honours NEWSDEX_DATA_DIR and version is the project's") {
  EnvGuard guard({"NEWSDEX_DATA_DIR"});
  setenv("NEWSDEX_DATA_DIR", "/opt/newsdex-data", 1);
  CHECK(data_dir() == "/opt/newsdex-data");
  unsetenv("NEWSDEX_DATA_DIR");
  CHECK_FALSE(data_dir().empty());
  CHECK(version() == "0.1.0");
}

TEST_CASE("user_synonyms: NEWSDEX_SYNONYMS beats XDG_CONFIG_HOME beats HOME") {
  EnvGuard guard({"NEWSDEX_SYNONYMS", "XDG_CONFIG_HOME", "HOME"});
  setenv("NEWSDEX_SYNONYMS", "/s/synonyms.tsv", 1);
  setenv("XDG_CONFIG_HOME", "/cfg", 1);
  setenv("HOME", "/home/u", 1);
  CHECK(user_synonyms() == "/s/synonyms.tsv");
  unsetenv("NEWSDEX_SYNONYMS");
  CHECK(user_synonyms() == "/cfg/newsdex/synonyms.tsv");
  unsetenv("XDG_CONFIG_HOME");
  CHECK(user_synonyms() == "/home/u/.config/newsdex/synonyms.tsv");
  unsetenv("HOME");
  CHECK(user_synonyms().empty());
}

TEST_CASE("resolve_stub follows a stub naming one database and leaves anything else alone") {
  testing::TempDir tmp;
  const std::filesystem::path generation = tmp.path() / "db.generations" / "g1";
  std::filesystem::create_directories(generation);
  const std::filesystem::path stub = tmp.path() / "db";
  const auto write = [](const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path) << text;
  };
  write(stub, "# the live generation\n\nauto db.generations/g1  \n");
  CHECK(resolve_stub(stub) == generation);  // relative to the stub's directory
  write(stub, "glass " + generation.string() + "\n");
  CHECK(resolve_stub(stub) == generation);
  const std::filesystem::path outer = tmp.path() / "outer";
  write(outer, "auto db\n");  // a stub naming a stub
  CHECK(resolve_stub(outer) == generation);
  CHECK(resolve_stub(generation) == generation);  // a directory
  CHECK(resolve_stub(tmp.path() / "missing") == tmp.path() / "missing");
  write(stub, "auto a\nauto b\n");  // two databases: no one directory
  CHECK(resolve_stub(stub) == stub);
  write(stub, "remote tcp host 1234\n");
  CHECK(resolve_stub(stub) == stub);
}

}  // namespace newsdex::paths
