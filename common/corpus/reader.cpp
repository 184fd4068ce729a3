// The input walk: stable order, per-file error isolation, format dispatch.
#include "corpus/reader.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

#include "corpus/text_parser.hpp"

namespace newsdex::corpus {
namespace fs = std::filesystem;
namespace {

std::string lower_extension(const fs::path& file) {
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
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
      file(fs::path(root), fs::path(root).filename().generic_string(), /*explicit_file=*/true);
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
      std::error_code status_error;
      const bool is_link = entry.is_symlink(status_error);
      if (entry.is_directory(status_error)) {
        if (!is_link) directory(entry.path(), relative / name);
      } else if (format_of(name) != Format::kUnknown) {
        file(entry.path(), (relative / name).generic_string(), /*explicit_file=*/false);
      } else {
        ++stats_.skipped_files;
      }
    }
  }

  void file(const fs::path& file_path, const std::string& id, bool explicit_file) {
    const std::string display = file_path.string();
    const Format format = format_of(file_path);
    if (format == Format::kUnknown) {
      if (explicit_file) {
        sink_(reject(display, 0, "unknown input format (expected .txt, .md or .jsonl)"));
      }
      return;
    }
    std::ifstream input(file_path, std::ios::binary);
    if (!input) {
      sink_(reject(display, 0, "cannot open file"));
      return;
    }
    ++stats_.files;
    if (format == Format::kJsonLines) {
      try {
        parse_jsonl(input, display, options_.max_file_bytes, sink_);
      } catch (const std::runtime_error& error) {
        sink_(reject(display, 0, error.what()));
      }
      return;
    }
    std::error_code error;
    const auto size = fs::file_size(file_path, error);
    if (!error && size > options_.max_file_bytes) {
      sink_(reject(display, 0,
                   "file of " + std::to_string(size) + " bytes exceeds the limit of " +
                       std::to_string(options_.max_file_bytes) + "; skipped"));
      return;
    }
    std::ostringstream content;
    content << input.rdbuf();
    if (input.bad()) {
      sink_(reject(display, 0, "read error"));
      return;
    }
    sink_(parse_text(content.view(), display, id));
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
  return Format::kUnknown;
}

ReadStats read_inputs(const std::vector<std::string>& roots, const ReadOptions& options,
                      const ResultSink& sink) {
  Walker walker(options, sink);
  for (const std::string& root : roots) walker.root(root);
  return walker.stats();
}

}  // namespace newsdex::corpus
