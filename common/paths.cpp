// Resolution of newsdex's file locations from flags, environment and install layout.
#include "paths.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace newsdex::paths {
namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

// $XDG_<kind>_HOME, else $HOME/<fallback>; empty when neither is set.
std::filesystem::path xdg_dir(const char* variable, const char* fallback) {
  if (std::string xdg = env(variable); !xdg.empty()) return xdg;
  if (std::string home = env("HOME"); !home.empty()) return std::filesystem::path(home) / fallback;
  return {};
}

}  // namespace

std::filesystem::path database(const std::string& flag_value) {
  if (!flag_value.empty()) return flag_value;
  if (std::string from_env = env("NEWSDEX_DB"); !from_env.empty()) return from_env;
  std::filesystem::path base = xdg_dir("XDG_DATA_HOME", ".local/share");
  if (base.empty()) {
    throw std::runtime_error("cannot choose a database location: set --db, NEWSDEX_DB or HOME");
  }
  return base / "newsdex" / "db";
}

std::filesystem::path resolve_stub(const std::filesystem::path& db) {
  std::filesystem::path current = db;
  for (int depth = 0; depth < 8; ++depth) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(current, error)) return current;
    std::ifstream stub(current);
    std::filesystem::path target;
    int databases = 0;
    for (std::string line; std::getline(stub, line);) {
      std::istringstream words(line);
      std::string backend;
      if (!(words >> backend) || backend.starts_with('#')) continue;
      std::string rest;
      std::getline(words >> std::ws, rest);
      rest.erase(rest.find_last_not_of(" \t\r") + 1);
      if (backend != "auto" && backend != "glass" && backend != "chert") return current;
      target = rest;
      ++databases;
    }
    // Several databases have no one directory; an unreadable file is left to the opener.
    if (databases != 1 || target.empty() || stub.bad()) return current;
    current = target.is_relative() ? current.parent_path() / target : target;
  }
  return current;
}

std::filesystem::path data_dir() {
  if (std::string from_env = env("NEWSDEX_DATA_DIR"); !from_env.empty()) return from_env;
  std::error_code error;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    const std::filesystem::path installed = exe.parent_path().parent_path() / "share" / "newsdex";
    if (std::filesystem::is_directory(installed, error)) return installed;
  }
  return NEWSDEX_SOURCE_DATA_DIR;
}

std::filesystem::path user_dictionary() {
  if (std::string from_env = env("NEWSDEX_DICTIONARY"); !from_env.empty()) return from_env;
  std::filesystem::path base = xdg_dir("XDG_CONFIG_HOME", ".config");
  return base.empty() ? base : base / "newsdex" / "entities.tsv";
}

std::filesystem::path user_synonyms() {
  if (std::string from_env = env("NEWSDEX_SYNONYMS"); !from_env.empty()) return from_env;
  std::filesystem::path base = xdg_dir("XDG_CONFIG_HOME", ".config");
  return base.empty() ? base : base / "newsdex" / "synonyms.tsv";
}

std::string version() { return NEWSDEX_VERSION; }

}  // namespace newsdex::paths
