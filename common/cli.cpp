// The shared main: CLI11 parsing and the single place where fatal errors are caught.
#include "cli.hpp"

#include <xapian.h>

#include <iostream>

#include "paths.hpp"
#include "text/normalize.hpp"

namespace newsdex::cli {

void add_common_options(CLI::App& app, std::string& db) {
  app.add_option("--db", db,
                 "Database path (default: $NEWSDEX_DB, else $XDG_DATA_HOME/newsdex/db, else "
                 "~/.local/share/newsdex/db)");
  app.set_version_flag("--version", app.get_name() + " " + paths::version());
  app.footer(kExitStatusHelp);
}

CLI::Validator at_least_one() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        const bool whole =
            !value.empty() && value.find_first_not_of("0123456789") == std::string::npos;
        if (whole && value.find_first_not_of('0') != std::string::npos) return {};
        return "takes a whole number of at least 1, not " + value;
      },
      "POSITIVE");
}

int run(CLI::App& app, int argc, char** argv, const std::function<int()>& body) {
  const std::string program = app.get_name();
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return kExitSuccess;
  } catch (const CLI::CallForVersion&) {
    std::cout << app.version() << '\n';
    return kExitSuccess;
  } catch (const CLI::ParseError& e) {
    std::cerr << program << ": error: " << e.what() << "\nRun '" << program
              << " --help' for usage.\n";
    return kExitUsage;
  }
  try {
    return body();
  } catch (const UsageError& e) {
    std::cerr << program << ": error: " << text::strip_controls(e.what()) << "\nRun '" << program
              << " --help' for usage.\n";
    return kExitUsage;
  } catch (const Xapian::Error& e) {
    std::cerr << program << ": error: " << text::strip_controls(e.get_description()) << '\n';
  } catch (const std::exception& e) {
    std::cerr << program << ": error: " << text::strip_controls(e.what()) << '\n';
  } catch (...) {
    // Nothing newsdex throws lands here; a library's own type would otherwise end the program
    // through std::terminate, without a message or exit status 1.
    std::cerr << program << ": error: unexpected exception\n";
  }
  return kExitRuntimeError;
}

}  // namespace newsdex::cli
