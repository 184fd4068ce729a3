// What both programs' main functions share: exit codes, argument parsing, the one try/catch.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <stdexcept>
#include <string>

namespace newsdex::cli {

inline constexpr int kExitSuccess = 0;
inline constexpr int kExitRuntimeError = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitRejected = 3;

// The exit status paragraph shown at the end of both programs' --help.
inline constexpr const char* kExitStatusHelp =
    "Exit status: 0 success (also a search with no matches), 1 runtime error (missing,\n"
    "unreadable, locked or, for the indexer, stale database; I/O), 2 usage error, 3 the indexer\n"
    "finished but rejected some inputs.";

// Thrown by a program's body for a usage problem CLI11 cannot see (exit status 2).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Adds what both programs offer alike to `app`: --db (stored in `db`), --version (the app's
// name and newsdex's version) and the exit-status footer.
void add_common_options(CLI::App& app, std::string& db);

// Returns a CLI11 check for a count option: a whole number of at least 1 (CLI::PositiveNumber
// said "Value 0 not in range 0.000000 to" the largest double, in 300 digits). Shown in --help as
// POSITIVE. Never throws but std::bad_alloc.
CLI::Validator at_least_one();

// Parses `argv` into `app`, then runs `body` and returns its exit code. --help and --version
// print to stdout and return 0; a usage error prints `program: error: ...` to stderr and
// returns 2, as does a UsageError from `body`; any other exception from `body` prints `program:
// error: ...` and returns 1. Never throws but std::bad_alloc while parsing.
int run(CLI::App& app, int argc, char** argv, const std::function<int()>& body);

}  // namespace newsdex::cli
