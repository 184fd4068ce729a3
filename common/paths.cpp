// Resolution of newsdex's file locations from flags, environment and install layout.
#include "paths.hpp"

#include <cstdlib>
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
