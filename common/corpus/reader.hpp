// Walking input paths and dispatching each file to the parser of its format.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "corpus/json_parser.hpp"

namespace newsdex::corpus {

enum class Format { kUnknown, kText, kJsonLines };

// Returns the format of a file by its extension (case-insensitive): .txt and .md are text,
// .jsonl is JSON Lines, anything else unknown.
Format format_of(const std::filesystem::path& file);

struct ReadOptions {
  // Text files larger than this are rejected unread; for JSON Lines it bounds each line.
  std::size_t max_file_bytes = std::size_t{64} << 20;
};

struct ReadStats {
  std::size_t files = 0;          // files parsed
  std::size_t skipped_files = 0;  // files of unknown format met while walking a directory
};

// Reads every article under `roots` and passes each parse result to `sink`, in a stable order:
// roots in the order given, directory entries sorted by name, depth first. A root that is a
// file is read whatever its name; its id is its file name. Under a directory root, ids are paths
// relative to the root with '/' separators; hidden entries (".name") and files of unknown
// format are skipped, and directory symlinks are not followed (no loops). A missing or
// unreadable path becomes a rejected result and the walk goes on. Returns what was read.
// Throws only what `sink` throws.
ReadStats read_inputs(const std::vector<std::string>& roots, const ReadOptions& options,
                      const ResultSink& sink);

}  // namespace newsdex::corpus
