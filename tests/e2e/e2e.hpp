// Helpers of the end-to-end tests: running the real programs in scratch directories.
#pragma once

#include <doctest/doctest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <xapian.h>

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
using nlohmann::json;

inline const std::string kIndex = NEWSDEX_INDEX_BIN;
inline const std::string kSearch = NEWSDEX_SEARCH_BIN;
inline const fs::path kData = fs::path(NEWSDEX_TEST_DATA_DIR) / "e2e";
inline const fs::path kCorpus = NEWSDEX_CORPUS_DIR;
inline const std::string kSeedA = "000_02bce612197ac3c6.txt";
inline const std::string kSeedB = "004_b52a8ff61ebb412c.txt";

struct Run {
  int code = -1;
  std::string out;
  std::string err;
};

inline std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

inline std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A scratch directory removed at the end of the test case.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "newsdex-e2e-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
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

inline bool entities_type_ok(const std::string& type) {
  return type == "person" || type == "org" || type == "place" || type == "other";
}

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

inline std::vector<std::string> hit_ids(const json& results) {
  std::vector<std::string> ids;
  for (const json& hit : results.at("hits")) ids.push_back(hit.at("id").get<std::string>());
  return ids;
}

inline bool has(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

inline Xapian::doccount doc_count(const TempDir& dir) {
  return Xapian::Database(dir.db()).get_doccount();
}

}  // namespace newsdex::e2e
