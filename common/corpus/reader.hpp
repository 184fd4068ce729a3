// Walking input paths and dispatching each file to the parser of its format.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "corpus/json_parser.hpp"

namespace newsdex::corpus {

enum class Format { kUnknown, kText, kJsonLines, kJson, kHtml, kFeed, kXml };

// Returns the format of a file by its extension (case-insensitive): .txt and .md are text,
// .jsonl is JSON Lines, .json a JSON document, .html and .htm web pages, .rss and .atom feeds,
// .xml XML that is read when it holds a feed; anything else unknown.
Format format_of(const std::filesystem::path& file);

struct ReadOptions {
  // Files larger than this are skipped unread with an error; for JSON Lines, which is read a
  // line at a time, it bounds each line instead.
  std::size_t max_file_bytes = std::size_t{64} << 20;
  FieldMap fields;  // --field mappings for JSON inputs
};

struct ReadStats {
  std::size_t files = 0;          // files parsed
  std::size_t skipped_files = 0;  // files of unknown format (or .xml not holding a feed) met
                                  // while walking a directory
};

// Reads every article under `roots` and passes each parse result to `sink`, in a stable order:
// roots in the order given, directory entries sorted by name, depth first. A root that is a
// file is read even when hidden (an unknown extension is rejected); its id is its file name.
// Under a directory root, ids are paths relative to the root with '/' separators (invalid UTF-8
// in a name becomes U+FFFD in the id, with a warning); hidden entries (".name") and files of
// unknown format are skipped, and directory symlinks are not followed (no loops). Files are
// decoded to UTF-8 first (encoding.hpp; a warning names a file that was not UTF-8). Only
// regular files are read (a FIFO or device is skipped with a warning), at most
// `max_file_bytes` + 1 bytes. A missing, unreadable or looping path, a binary file (NUL bytes),
// an empty file and an oversized one become rejected results and the walk goes on. Returns what
// was read. Throws only what `sink` throws.
ReadStats read_inputs(const std::vector<std::string>& roots, const ReadOptions& options,
                      const ResultSink& sink);

}  // namespace newsdex::corpus
