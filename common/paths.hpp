// Where newsdex keeps things: the default database, the data files, the user's dictionary.
#pragma once

#include <filesystem>
#include <string>

namespace newsdex::paths {

// Returns the database path: `flag_value` when not empty, else $NEWSDEX_DB when set and not
// empty, else $XDG_DATA_HOME/newsdex/db, else $HOME/.local/share/newsdex/db. Throws
// std::runtime_error when none of these can be determined (no HOME).
std::filesystem::path database(const std::string& flag_value);

// Returns the database that `db` stands for: `db` itself, unless it is a Xapian stub database
// file (a regular file of lines "auto PATH", "glass PATH" or "chert PATH", '#' comments and
// blank lines skipped, a relative PATH taken from the stub's directory) naming exactly one
// database, then that database's path, itself resolved again when it is a stub (up to 8 deep).
// Used so that files newsdex keeps inside the database directory (the facet file) are found
// through a stub, and so that a program reads one generation for a whole run even when the
// stub is switched meanwhile. Never throws; a stub it cannot use is returned as it is (opening
// it then reports the problem).
std::filesystem::path resolve_stub(const std::filesystem::path& db);

// Returns the directory of newsdex's data files: $NEWSDEX_DATA_DIR when set, else the
// installed share/newsdex beside the running program's bin/ when it exists, else the source
// tree's corpus/data. Never throws.
std::filesystem::path data_dir();

// Returns the user's entity dictionary: $NEWSDEX_DICTIONARY when set, else
// $XDG_CONFIG_HOME/newsdex/entities.tsv, else $HOME/.config/newsdex/entities.tsv (the file may
// not exist). Never throws; returns an empty path when no HOME is set.
std::filesystem::path user_dictionary();

// Returns the user's synonym file for ordinary words, read by the searcher at query time (see
// search/synonyms.hpp): $NEWSDEX_SYNONYMS when set, else $XDG_CONFIG_HOME/newsdex/synonyms.tsv,
// else $HOME/.config/newsdex/synonyms.tsv (the file may not exist). Never throws; returns an
// empty path when no HOME is set.
std::filesystem::path user_synonyms();

// Returns the program's version, "0.1.0".
std::string version();

}  // namespace newsdex::paths
