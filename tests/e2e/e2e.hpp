// What the end-to-end tests share: the programs' paths, a scratch directory, running a program.
#pragma once

#include <doctest/doctest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace newsdex::e2e {

namespace fs = std::filesystem;

// Returns the program named by the environment variable `variable` when it is set and not empty,
// else `built`, the one this build made. scripts/test sets them to run these tests a second time
// against the optimised programs that users run, which the sanitizer build does not make (the
// indexer links jemalloc only without sanitizers). Throws only std::bad_alloc.
inline std::string program(const char* variable, const char* built) {
  const char* chosen = std::getenv(variable);
  return chosen != nullptr && *chosen != '\0' ? chosen : built;
}

inline const std::string kIndex = program("NEWSDEX_TEST_INDEX", NEWSDEX_INDEX_BIN);
inline const std::string kSearch = program("NEWSDEX_TEST_SEARCH", NEWSDEX_SEARCH_BIN);
inline const fs::path kData = fs::path(NEWSDEX_TEST_DATA_DIR) / "e2e";
inline const fs::path kCorpus = NEWSDEX_CORPUS_DIR;

// The seed articles' ids, as indexed from kCorpus.
inline const std::string kSeedA = "000_02bce612197ac3c6.txt";
inline const std::string kSeedB = "004_b52a8ff61ebb412c.txt";

// What a program run did: its exit code (-1 when killed by a signal) and its output.
struct Run {
  int code = -1;
  std::string out;
  std::string err;
};

// Returns `s` quoted for the shell.
inline std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Returns the contents of the file at `path` (empty when it cannot be read).
inline std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A scratch directory removed at the end of the test case (what a test made unreadable is made
// readable again first).
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "newsdex-e2e-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    for (auto it = fs::recursive_directory_iterator(
             path_, fs::directory_options::skip_permission_denied, ignored);
         it != fs::recursive_directory_iterator(); it.increment(ignored)) {
      if (!it->is_symlink(ignored)) {
        fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ignored);
      }
    }
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }
  std::string db() const { return (path_ / "db").string(); }

 private:
  fs::path path_;
};

// Runs `program` with `args` (and `env` assignments such as "NO_COLOR=1") through the shell,
// capturing stdout, stderr and the exit code.
inline Run run(const TempDir& dir, const std::string& program, const std::vector<std::string>& args,
               const std::vector<std::string>& env = {}) {
  std::string command = "env -u NEWSDEX_DB -u NO_COLOR";
  for (const std::string& assignment : env) command += " " + quote(assignment);
  command += " " + quote(program);
  for (const std::string& arg : args) command += " " + quote(arg);
  const fs::path out = dir.path() / "stdout";
  const fs::path err = dir.path() / "stderr";
  command += " >" + quote(out.string()) + " 2>" + quote(err.string()) + " </dev/null";
  const int status = std::system(command.c_str());
  Run result;
  result.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = slurp(out);
  result.err = slurp(err);
  return result;
}

// Returns whether `needle` occurs in `haystack`.
inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Returns the ids of the hits of a search's JSON output, in rank order.
inline std::vector<std::string> hit_ids(const nlohmann::json& results) {
  std::vector<std::string> ids;
  for (const nlohmann::json& hit : results.at("hits")) {
    ids.push_back(hit.at("id").get<std::string>());
  }
  return ids;
}

// Returns whether `ids` holds `id`.
inline bool has(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace newsdex::e2e
