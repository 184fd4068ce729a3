// Tests for cli::run: the exit status and the message for what the program's body throws.
#include "cli.hpp"

#include <doctest/doctest.h>
#include <xapian.h>

#include <functional>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace newsdex::cli {
namespace {

struct Outcome {
  int code;
  std::string err;
};

// Runs `body` through cli::run as a program named "prog" with no arguments, capturing stderr.
Outcome run_body(const std::function<int()>& body) {
  CLI::App app{"test", "prog"};
  std::ostringstream err;
  std::streambuf* const saved = std::cerr.rdbuf(err.rdbuf());
  char name[] = "prog";
  char* argv[] = {name, nullptr};
  const int code = run(app, 1, argv, body);
  std::cerr.rdbuf(saved);
  return {code, err.str()};
}

}  // namespace

TEST_CASE("run turns what the body returns or throws into an exit status and one message") {
  struct Case {
    const char* what;
    std::function<int()> body;
    int code;
    const char* message;  // what stderr holds ("" for nothing)
  };
  const Case cases[] = {
      {"returns 0", [] { return kExitSuccess; }, kExitSuccess, ""},
      {"returns 3", [] { return kExitRejected; }, kExitRejected, ""},
      {"usage error", []() -> int { throw UsageError("bad --since"); }, kExitUsage,
       "prog: error: bad --since\nRun 'prog --help' for usage.\n"},
      {"runtime error", []() -> int { throw std::runtime_error("disk full"); }, kExitRuntimeError,
       "prog: error: disk full\n"},
      {"Xapian error", []() -> int { throw Xapian::DatabaseCorruptError("bad block"); },
       kExitRuntimeError, "prog: error: DatabaseCorruptError: bad block\n"},
      {"not a std::exception", []() -> int { throw 42; }, kExitRuntimeError,
       "prog: error: unexpected exception\n"},
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.what));
    const Outcome outcome = run_body(c.body);
    CHECK(outcome.code == c.code);
    CHECK(outcome.err == c.message);
  }
}

}  // namespace newsdex::cli
