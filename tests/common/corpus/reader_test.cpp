// Tests for corpus::format_of and corpus::read_inputs over a temporary directory tree.
#include "corpus/reader.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "../temp_dir.hpp"

namespace newsdex::corpus {
namespace fs = std::filesystem;
namespace {

using testing::TempDir;

struct Collected {
  std::vector<std::string> ids;    // of accepted articles, in order
  std::vector<std::string> paths;  // of accepted articles, in order
  std::vector<Diagnostic> errors;  // of rejected results, in order
  ReadStats stats;
};

Collected read(const std::vector<std::string>& roots, ReadOptions options = {}) {
  Collected collected;
  collected.stats = read_inputs(roots, options, [&collected](ParseResult&& result) {
    if (result.article) {
      collected.ids.push_back(result.article->id);
      collected.paths.push_back(result.article->path);
    } else {
      REQUIRE_FALSE(result.diagnostics.empty());
      collected.errors.push_back(result.diagnostics.front());
    }
  });
  return collected;
}

std::string text_article(const std::string& title) { return title + "\n\nBody of " + title + "."; }

// Returns ASCII `text` in UTF-16LE after a byte order mark.
std::string utf16le(std::string_view text) {
  std::string encoded = "\xFF\xFE";
  for (const char c : text) encoded += {c, '\0'};
  return encoded;
}

}  // namespace

TEST_CASE("format_of goes by the extension, ignoring case") {
  struct Case {
    const char* file;
    Format format;
  };
  const Case cases[] = {
      {"a.txt", Format::kText},
      {"dir/b.md", Format::kText},
      {"C.TXT", Format::kText},
      {"d.Md", Format::kText},
      {"feed.jsonl", Format::kJsonLines},
      {"FEED.JSONL", Format::kJsonLines},
      {"feed.json", Format::kJson},
      {"page.html", Format::kHtml},
      {"PAGE.HTM", Format::kHtml},
      {"news.rss", Format::kFeed},
      {"news.Atom", Format::kFeed},
      {"feed.xml", Format::kXml},
      {"report.pdf", Format::kUnknown},
      {"txt", Format::kUnknown},
      {"archive.txt.gz", Format::kUnknown},
      {"noext", Format::kUnknown},
      {".txt", Format::kUnknown},  // a hidden file, no extension
  };
  for (const Case& c : cases) {
    CAPTURE(c.file);
    CHECK(format_of(c.file) == c.format);
  }
}

TEST_CASE("read_inputs walks a directory in a stable, sorted, depth-first order") {
  TempDir tmp;
  tmp.write("b.txt", text_article("B"));
  tmp.write("a.md", text_article("A"));
  tmp.write("UPPER.TXT", text_article("Upper"));
  tmp.write("sub/c.jsonl", "{\"id\":\"j1\",\"title\":\"J1\"}\n{\"id\":\"j2\",\"title\":\"J2\"}\n");
  tmp.write("sub/deeper/d.txt", text_article("D"));
  tmp.write("z.txt", text_article("Z"));
  // Skipped: hidden entries, unknown formats.
  tmp.write(".hidden.txt", text_article("Hidden"));
  tmp.write(".git/config.txt", text_article("Git"));
  tmp.write("notes.pdf", "%PDF-1.4");
  tmp.write("sub/image.PNG", "\x89PNG");
  tmp.write("README", "no extension");

  const std::string root = tmp.path().string();
  const Collected collected = read({root});
  const std::vector<std::string> expected = {"UPPER.TXT",        "a.md", "b.txt", "j1", "j2",
                                             "sub/deeper/d.txt", "z.txt"};
  CHECK(collected.ids == expected);
  CHECK(collected.errors.empty());
  CHECK(collected.stats.files == 6);
  CHECK(collected.stats.skipped_files == 3);  // notes.pdf, sub/image.PNG, README
  // Paths are where the files are, as reached from the root given.
  REQUIRE(collected.paths.size() == expected.size());
  CHECK(fs::path(collected.paths[5]) == tmp.path() / "sub" / "deeper" / "d.txt");
  CHECK(fs::path(collected.paths[3]) == tmp.path() / "sub" / "c.jsonl");

  // The same tree read again gives the same order.
  CHECK(read({root}).ids == expected);
}

TEST_CASE("read_inputs reads an explicit file whatever its name and names it by its file name") {
  TempDir tmp;
  tmp.write("nested/dir/story.txt", text_article("Story"));
  tmp.write(".hidden.md", text_article("Hidden"));
  const Collected collected =
      read({(tmp.path() / "nested/dir/story.txt").string(), (tmp.path() / ".hidden.md").string()});
  CHECK(collected.ids == std::vector<std::string>{"story.txt", ".hidden.md"});
  CHECK(collected.errors.empty());
  CHECK(collected.stats.files == 2);
}

TEST_CASE("read_inputs rejects an explicit file of unknown format") {
  TempDir tmp;
  tmp.write("report.pdf", "%PDF-1.4");
  const std::string file = (tmp.path() / "report.pdf").string();
  const Collected collected = read({file});
  CHECK(collected.ids.empty());
  REQUIRE(collected.errors.size() == 1);
  CHECK(collected.errors[0].severity == Severity::kError);
  CHECK(collected.errors[0].file == file);
  CHECK(collected.errors[0].message.find("unknown input format") != std::string::npos);
  CHECK(collected.stats.files == 0);
}

TEST_CASE("read_inputs reports a missing root and goes on with the others, in order") {
  TempDir tmp;
  tmp.write("one.txt", text_article("One"));
  tmp.write("dir/two.txt", text_article("Two"));
  const std::string missing = (tmp.path() / "no-such-dir").string();
  const Collected collected =
      read({(tmp.path() / "dir").string(), missing, (tmp.path() / "one.txt").string()});
  CHECK(collected.ids == std::vector<std::string>{"two.txt", "one.txt"});
  REQUIRE(collected.errors.size() == 1);
  CHECK(collected.errors[0].file == missing);
  CHECK(collected.errors[0].line == 0);
  CHECK(collected.errors[0].message.find("no such file") != std::string::npos);
}

TEST_CASE("read_inputs passes parse errors on and keeps walking") {
  TempDir tmp;
  tmp.write("a-empty.txt", "   \n");
  tmp.write("b-good.txt", text_article("Good"));
  tmp.write("c.jsonl", "{\"id\":\"ok\",\"title\":\"t\"}\n[1]\n");
  const Collected collected = read({tmp.path().string()});
  CHECK(collected.ids == std::vector<std::string>{"b-good.txt", "ok"});
  REQUIRE(collected.errors.size() == 2);
  CHECK(fs::path(collected.errors[0].file) == tmp.path() / "a-empty.txt");
  CHECK(fs::path(collected.errors[1].file) == tmp.path() / "c.jsonl");
  CHECK(collected.errors[1].line == 2);
  CHECK(collected.stats.files == 3);
}

TEST_CASE("read_inputs lets what the sink throws leave as thrown, for every format") {
  // The indexer's failures (a full disk, a shard thread's error) come out of the sink: they end
  // the run, and are not the input file's fault. UTF-16 JSON Lines take a path of their own.
  struct Input {
    const char* file;
    std::string content;
  };
  const Input inputs[] = {
      {"a.jsonl", "{\"id\":\"one\",\"title\":\"t\"}\n{\"id\":\"two\",\"title\":\"t\"}\n"},
      {"b.jsonl", utf16le("{\"id\":\"u\",\"title\":\"t\"}\n")},
      {"c.txt", text_article("Text")},
      {"d.json", R"([{"id":"j","title":"J"}])"},
      {"e.html", "<html><head><title>Page</title></head><body><p>Text.</p></body></html>"},
      {"f.rss", "<rss><channel><item><title>One</title><guid>g1</guid></item></channel></rss>"},
  };
  for (const Input& input : inputs) {
    CAPTURE(std::string(input.file));
    TempDir tmp;
    tmp.write(input.file, input.content);
    std::vector<Diagnostic> rejected;
    const auto failing = [&rejected](ParseResult&& result) {
      if (result.article) throw std::runtime_error("disk full");
      rejected.push_back(result.diagnostics.front());
    };
    CHECK_THROWS_WITH_AS(read_inputs({tmp.path().string()}, {}, failing), "disk full",
                         std::runtime_error);
    CHECK(rejected.empty());
  }
}

TEST_CASE("read_inputs rejects a text file over the size limit unread") {
  TempDir tmp;
  tmp.write("big.txt", text_article(std::string(200, 'x')));
  tmp.write("small.txt", text_article("S"));
  ReadOptions options;
  options.max_file_bytes = 100;
  const Collected collected = read({tmp.path().string()}, options);
  CHECK(collected.ids == std::vector<std::string>{"small.txt"});
  REQUIRE(collected.errors.size() == 1);
  CHECK(collected.errors[0].message.find("exceeds") != std::string::npos);
}

TEST_CASE("read_inputs does not follow directory symlinks") {
  TempDir tmp;
  tmp.write("root/a.txt", text_article("A"));
  tmp.write("elsewhere/outside.txt", text_article("Outside"));
  std::error_code error;
  fs::create_directory_symlink(tmp.path() / "root", tmp.path() / "root" / "loop", error);
  REQUIRE_FALSE(error);
  fs::create_directory_symlink(tmp.path() / "elsewhere", tmp.path() / "root" / "out", error);
  REQUIRE_FALSE(error);
  const Collected collected = read({(tmp.path() / "root").string()});
  CHECK(collected.ids == std::vector<std::string>{"a.txt"});
  CHECK(collected.errors.empty());
  CHECK(collected.stats.files == 1);
}

TEST_CASE("read_inputs reads every format, converts encodings and notes it on the first article") {
  TempDir tmp;
  tmp.write("a.html", "<html><head><title>Page</title></head><body><p>Text.</p></body></html>");
  tmp.write("b.rss",
            "<rss><channel><item><title>One</title><guid>g1</guid></item>"
            "<item><title>Two</title><link>https://x/2</link></item></channel></rss>");
  tmp.write("c.json", R"([{"id":"j","title":"J"},{"title":"No id","url":"https://x/u"}])");
  tmp.write("d.txt", "Caf\xE9 au lait\n\nR\xF6sti und K\xE4se aus Z\xFCrich, sagt der Koch.\n");
  tmp.write("e.txt", std::string("\xFF\xFEH\0i\0\n\0\n\0b\0o\0d\0y\0", 18));
  tmp.write("f.xml", "<?xml version=\"1.0\"?><urlset><url/></urlset>");  // not a feed: skipped
  tmp.write("g.xml", "<?xml version=\"1.0\"?><feed><entry><title>E</title></entry></feed>");
  std::vector<ParseResult> results;
  const ReadStats stats = read_inputs({tmp.path().string()}, {}, [&](ParseResult&& result) {
    results.push_back(std::move(result));
  });
  std::vector<std::string> ids;
  for (const ParseResult& result : results) {
    REQUIRE(result.article);
    ids.push_back(result.article->id);
  }
  CHECK(ids == std::vector<std::string>{"a.html", "g1", "https://x/2", "j", "https://x/u", "d.txt",
                                        "e.txt", "g.xml#1"});
  CHECK(stats.skipped_files == 1);
  REQUIRE(results[5].diagnostics.size() == 1);
  CHECK(results[5].diagnostics[0].message.find("not UTF-8: read as ISO-8859-1") == 0);
  CHECK(results[5].article->title == "Caf\xC3\xA9 au lait");
  REQUIRE(results[6].diagnostics.size() == 1);
  CHECK(results[6].diagnostics[0].message.find("UTF-16LE") != std::string::npos);
  CHECK(results[6].article->title == "Hi");
  CHECK(results[6].article->body == "body");
}

TEST_CASE("read_inputs reports symlink loops, dangling links and FIFOs, and goes on") {
  TempDir tmp;
  tmp.write("good.txt", text_article("Good"));
  fs::create_symlink("b.txt", tmp.path() / "a.txt");
  fs::create_symlink("a.txt", tmp.path() / "b.txt");
  fs::create_symlink("missing.txt", tmp.path() / "c.txt");
  fs::create_symlink("missing.pdf", tmp.path() / "d.pdf");  // unknown format: skipped
  REQUIRE(mkfifo((tmp.path() / "e.txt").c_str(), 0600) == 0);
  std::vector<ParseResult> results;
  read_inputs({tmp.path().string()}, {},
              [&](ParseResult&& result) { results.push_back(std::move(result)); });
  REQUIRE(results.size() == 5);
  for (int i = 0; i < 3; ++i) {
    CAPTURE(i);
    CHECK(results[i].rejected());
    CHECK(results[i].diagnostics[0].message.find("cannot follow symlink") == 0);
  }
  CHECK_FALSE(results[3].rejected());  // the FIFO: a warning, not a rejection
  CHECK_FALSE(results[3].article);
  CHECK(results[3].diagnostics[0].message == "not a regular file; skipped");
  CHECK(results[4].article->id == "good.txt");
}

TEST_CASE("read_inputs gives a file name that is not UTF-8 a repaired id and a warning") {
  TempDir tmp;
  tmp.write("caf\xE9.txt", text_article("Name"));
  std::vector<ParseResult> results;
  read_inputs({tmp.path().string()}, {},
              [&](ParseResult&& result) { results.push_back(std::move(result)); });
  REQUIRE(results.size() == 1);
  REQUIRE(results[0].article);
  CHECK(results[0].article->id == "caf\xEF\xBF\xBD.txt");
  CHECK(results[0].article->path == (tmp.path() / "caf\xE9.txt").string());
  REQUIRE(results[0].diagnostics.size() == 1);
  CHECK(results[0].diagnostics[0].message.find("file name is not valid UTF-8") == 0);
}

}  // namespace newsdex::corpus
