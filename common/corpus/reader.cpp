// The input walk: stable order, per-file error isolation, bounded reads, format dispatch.
#include "corpus/reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <fstream>
#include <sstream>
#include <system_error>

#include "corpus/encoding.hpp"
#include "corpus/feed_parser.hpp"
#include "corpus/html_parser.hpp"
#include "corpus/text_parser.hpp"
#include "text/normalize.hpp"

namespace newsdex::corpus {
namespace fs = std::filesystem;
namespace {

std::string lower_extension(const fs::path& file) {
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

// What reading a file gave: its bytes, or why there are none.
struct FileBytes {
  std::string bytes;
  std::string error;    // set when the file could not be read (a rejection)
  std::string warning;  // set when it was deliberately not read (not a regular file)
  bool too_large = false;
};

// Reads at most `limit` + 1 bytes of the regular file `path` (only its first `limit` bytes,
// without complaint, when `prefix` is set). Opening with O_NONBLOCK keeps a FIFO from blocking
// the walk; fstat on the open descriptor decides (no race with the name).
FileBytes read_bounded(const fs::path& path, std::size_t limit, bool prefix = false) {
  FileBytes out;
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    out.error = std::string("cannot open: ") + std::strerror(errno);
    return out;
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    out.warning = "not a regular file; skipped";
    ::close(fd);
    return out;
  }
  if (!prefix && static_cast<std::uintmax_t>(info.st_size) > limit) {
    out.too_large = true;
    out.error = "file of " + std::to_string(info.st_size) + " bytes exceeds the limit of " +
                std::to_string(limit) + " (--max-file-size); skipped";
    ::close(fd);
    return out;
  }
  out.bytes.resize(std::min<std::size_t>(static_cast<std::size_t>(info.st_size), limit) + 1);
  std::size_t filled = 0;
  while (true) {
    if (filled == out.bytes.size()) {
      // The file grew while being read: it may not exceed the limit either.
      if (filled > limit || (prefix && filled == limit)) break;
      out.bytes.resize(std::min(out.bytes.size() * 2, limit + 1));
    }
    const ssize_t got = ::read(fd, out.bytes.data() + filled, out.bytes.size() - filled);
    if (got < 0) {
      if (errno == EINTR) continue;
      out.error = std::string("read error: ") + std::strerror(errno);
      break;
    }
    if (got == 0) break;
    filled += static_cast<std::size_t>(got);
  }
  ::close(fd);
  out.bytes.resize(prefix ? std::min(filled, limit) : filled);
  if (!prefix && out.error.empty() && filled > limit) {
    out.too_large = true;
    out.error = "file grew past the limit of " + std::to_string(limit) +
                " bytes (--max-file-size) while being read; skipped";
  }
  return out;
}

// Puts `diagnostic` first in `result` (a file-level note travelling with its first article).
void prepend(ParseResult& result, Diagnostic diagnostic) {
  result.diagnostics.insert(result.diagnostics.begin(), std::move(diagnostic));
}

class Walker {
 public:
  Walker(const ReadOptions& options, const ResultSink& sink) : options_(options), sink_(sink) {}

  void root(const std::string& root) {
    std::error_code error;
    const fs::file_status status = fs::status(root, error);
    if (error || !fs::exists(status)) {
      sink_(reject(root, 0,
                   error && error != std::errc::no_such_file_or_directory
                       ? "cannot access: " + error.message()
                       : "no such file or directory"));
      return;
    }
    if (fs::is_directory(status)) {
      directory(fs::path(root), fs::path());
    } else {
      file(fs::path(root), fs::path(root).filename().string(), /*explicit_file=*/true);
    }
  }

  const ReadStats& stats() const { return stats_; }

 private:
  void directory(const fs::path& dir, const fs::path& relative) {
    std::error_code error;
    std::vector<fs::directory_entry> entries;
    for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
      entries.push_back(*it);
    }
    if (error) {
      sink_(reject(dir.string(), 0, "cannot read directory: " + error.message()));
      return;
    }
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
      return a.path().filename() < b.path().filename();
    });
    for (const fs::directory_entry& entry : entries) {
      const fs::path name = entry.path().filename();
      if (name.string().starts_with(".")) continue;
      std::error_code link_error;
      const bool is_link = entry.is_symlink(link_error);
      std::error_code status_error;
      const fs::file_status status = fs::status(entry.path(), status_error);
      if (status_error) {
        if (is_link && format_of(name) == Format::kUnknown) {
          ++stats_.skipped_files;
          continue;
        }
        // A dangling symlink, a symlink loop (ELOOP) or a path that cannot be examined.
        sink_(reject(
            entry.path().string(), 0,
            (is_link ? "cannot follow symlink: " : "cannot access: ") + status_error.message()));
        continue;
      }
      if (fs::is_directory(status)) {
        if (!is_link) directory(entry.path(), relative / name);
      } else if (format_of(name) != Format::kUnknown) {
        file(entry.path(), (relative / name).generic_string(), /*explicit_file=*/false);
      } else {
        ++stats_.skipped_files;
      }
    }
  }

  void file(const fs::path& file_path, std::string id, bool explicit_file) {
    const std::string display = file_path.string();
    const Format format = format_of(file_path);
    if (format == Format::kUnknown) {
      if (explicit_file) {
        sink_(reject(display, 0,
                     "unknown input format (expected .txt, .md, .html, .htm, .json, .jsonl, .rss, "
                     ".atom or .xml)"));
      }
      return;
    }
    if (format == Format::kJsonLines) {
      json_lines(file_path, display);
      return;
    }
    FileBytes read = read_bounded(file_path, options_.max_file_bytes);
    if (!read.warning.empty()) {
      ++stats_.skipped_files;
      sink_(note(display, 0, read.warning));
      return;
    }
    if (!read.error.empty()) {
      sink_(reject(display, 0, read.error));
      return;
    }
    if (format == Format::kXml && !looks_like_feed(read.bytes)) {
      if (explicit_file) {
        sink_(reject(display, 0, "not an RSS or Atom feed; skipped"));
      } else {
        ++stats_.skipped_files;
      }
      return;
    }
    ++stats_.files;
    if (read.bytes.empty()) {
      sink_(reject(display, 0, "empty file; nothing to index"));
      return;
    }
    if (looks_binary(read.bytes)) {
      sink_(reject(display, 0, "binary file (it contains NUL bytes); skipped"));
      return;
    }
    std::vector<Diagnostic> notes;
    std::size_t bad_name = 0;
    std::string repaired_id = text::repair_utf8(id, &bad_name);
    if (bad_name > 0) {
      notes.push_back({Severity::kWarning, display, 0,
                       "file name is not valid UTF-8; its id shows U+FFFD in place of the bad "
                       "bytes"});
    }
    const bool markup =
        format == Format::kHtml || format == Format::kFeed || format == Format::kXml;
    DecodedText decoded = decode_to_utf8(read.bytes, markup);
    read.bytes.clear();
    read.bytes.shrink_to_fit();
    if (decoded.converted) {
      notes.push_back({Severity::kWarning, display, 0,
                       "not UTF-8: read as " + decoded.encoding + " and converted"});
    }
    if (decoded.replaced > 0) {
      notes.push_back({Severity::kWarning, display, 0,
                       "invalid " + decoded.encoding + " (" + std::to_string(decoded.replaced) +
                           " sequences) replaced with U+FFFD"});
    }
    // File-level notes travel with the file's first result.
    bool first = true;
    const ResultSink with_notes = [&](ParseResult&& result) {
      if (first) {
        for (auto it = notes.rbegin(); it != notes.rend(); ++it) prepend(result, *it);
        first = false;
      }
      sink_(std::move(result));
    };
    switch (format) {
      case Format::kHtml:
        with_notes(parse_html(decoded.text, display, std::move(repaired_id)));
        break;
      case Format::kFeed:
      case Format::kXml:
        parse_feed(decoded.text, display, repaired_id, with_notes);
        break;
      case Format::kJson:
        parse_json_document(decoded.text, display, repaired_id, with_notes, options_.fields);
        break;
      default:
        with_notes(parse_text(decoded.text, display, std::move(repaired_id)));
        break;
    }
  }

  void json_lines(const fs::path& file_path, const std::string& display) {
    // JSON Lines files may be large: read as a stream, bounded per line. A UTF-16 one (with a
    // byte order mark) is small enough in practice to be converted whole.
    FileBytes head = read_bounded(file_path, 2, /*prefix=*/true);
    if (!head.warning.empty()) {
      ++stats_.skipped_files;
      sink_(note(display, 0, head.warning));
      return;
    }
    if (!head.error.empty()) {
      sink_(reject(display, 0, head.error));
      return;
    }
    ++stats_.files;
    if (head.bytes.empty()) {
      sink_(reject(display, 0, "empty file; nothing to index"));
      return;
    }
    // What the sink throws (the indexer's own failures: a full disk, a shard's error) is not
    // this file's fault: it leaves as thrown, past the catch below that rejects the file for
    // its own read errors.
    struct SinkFailure {
      std::exception_ptr error;
    };
    const ResultSink guarded_sink = [this](ParseResult&& result) {
      try {
        sink_(std::move(result));
      } catch (...) {
        throw SinkFailure{std::current_exception()};
      }
    };
    try {
      if (head.bytes.starts_with("\xFF\xFE") || head.bytes.starts_with("\xFE\xFF")) {
        FileBytes whole = read_bounded(file_path, options_.max_file_bytes);
        if (!whole.error.empty()) {
          guarded_sink(reject(display, 0, whole.error));
          return;
        }
        DecodedText decoded = decode_to_utf8(whole.bytes);
        std::istringstream input(decoded.text);
        bool first = true;
        parse_jsonl(
            input, display, options_.max_file_bytes,
            [&](ParseResult&& result) {
              if (first) {
                prepend(result, {Severity::kWarning, display, 0,
                                 "not UTF-8: read as " + decoded.encoding + " and converted"});
                first = false;
              }
              guarded_sink(std::move(result));
            },
            options_.fields);
        return;
      }
      std::ifstream input(file_path, std::ios::binary);
      if (!input) {
        guarded_sink(reject(display, 0, "cannot open file"));
        return;
      }
      parse_jsonl(input, display, options_.max_file_bytes, guarded_sink, options_.fields);
    } catch (const SinkFailure& failure) {
      std::rethrow_exception(failure.error);
    } catch (const std::runtime_error& error) {
      sink_(reject(display, 0, error.what()));  // the sink itself: its errors are its own
    }
  }

  const ReadOptions& options_;
  const ResultSink& sink_;
  ReadStats stats_;
};

}  // namespace

Format format_of(const fs::path& file) {
  const std::string ext = lower_extension(file);
  if (ext == ".txt" || ext == ".md") return Format::kText;
  if (ext == ".jsonl") return Format::kJsonLines;
  if (ext == ".json") return Format::kJson;
  if (ext == ".html" || ext == ".htm") return Format::kHtml;
  if (ext == ".rss" || ext == ".atom") return Format::kFeed;
  if (ext == ".xml") return Format::kXml;
  return Format::kUnknown;
}

ReadStats read_inputs(const std::vector<std::string>& roots, const ReadOptions& options,
                      const ResultSink& sink) {
  Walker walker(options, sink);
  for (const std::string& root : roots) walker.root(root);
  return walker.stats();
}

}  // namespace newsdex::corpus
