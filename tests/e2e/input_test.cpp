// End-to-end tests of real-world input: a folder mixing every format and encoding, a folder of
// hostile files, and terminal safety of what article text can carry.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "e2e.hpp"

namespace {

using namespace newsdex::e2e;
using nlohmann::json;

const fs::path kMixed = fs::path(NEWSDEX_TEST_DATA_DIR) / "mixed";
const fs::path kHostile = fs::path(NEWSDEX_TEST_DATA_DIR) / "hostile";

void write(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  REQUIRE(out.good());
}

// Returns the hit with `id` among the JSON results for `query`, or null.
json find_hit(const TempDir& dir, const std::string& query, const std::string& id) {
  const Run search = run(dir, kSearch, {"--db", dir.db(), "--format", "json", "-n", "50", query});
  REQUIRE(search.code == 0);
  const json results = json::parse(search.out);
  for (const json& hit : results.at("hits")) {
    if (hit.at("id") == id) return hit;
  }
  return nullptr;
}

// The lines of `text` that contain `needle`.
std::vector<std::string> lines_with(const std::string& text, const std::string& needle) {
  std::vector<std::string> found;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (contains(line, needle)) found.push_back(line);
  }
  return found;
}

}  // namespace

TEST_CASE("a folder mixing text, HTML, RSS, Atom, JSON, Latin-1 and UTF-16 indexes in one run") {
  TempDir dir;
  const Run index = run(dir, kIndex, {"--db", dir.db(), kMixed.string()});
  CHECK(index.code == 0);
  CHECK(contains(index.err, "12 added, 0 updated, 0 unchanged, 0 deleted, 0 rejected"));
  // A warning names each file that was not UTF-8, and nothing else warns.
  CHECK(contains(index.err, "zurich-latin1.txt: warning: not UTF-8: read as ISO-8859-1"));
  CHECK(contains(index.err, "alesund-utf16.txt: warning: not UTF-8: read as UTF-16LE"));
  CHECK(contains(index.err, " 2 warnings"));

  struct Expected {
    const char* word;  // from the body only
    const char* id;
    const char* title;
    const char* date;  // "" for formats without one
  };
  const Expected expected[] = {
      {"legitimacy", "000_02bce612197ac3c6.txt",
       "The White House has confirmed that the long-awaited meeting between Donald Trump and "
       "Vladimir Putin will not take place\xE2\x80\xA6",
       ""},
      {"Budapest", "004_b52a8ff61ebb412c.txt", nullptr, ""},
      {"skipper", "alesund-utf16.txt", "Fishermen mend nets before the herring season", ""},
      {"rosti", "zurich-latin1.txt",
       "Caf\xC3\xA9 owners in Z\xC3\xBCrich protest new terrace rules", ""},
      {"catamaran", "harbour-ferry.html", "Electric harbour ferry returns to service after refit",
       "2025-09-14T07:45:00+01:00"},
      {"braziers", "orchard-frost.htm", "Late frost threatens apple orchards", "2025-04-22"},
      {"drones", "wire-science-0001", "Volcanologists record a rare lava lake on the summit",
       "2025-10-21T09:30:00Z"},
      {"sediment", "https://wire.example/science/seagrass",
       "Seagrass meadows store more carbon than thought", "2025-10-20T16:05:00+02:00"},
      {"campus", "tag:bulletin.example,2025:tram-extension",
       "Tram line extension opens to the university", "2025-11-01T08:00:00Z"},
      {"walnut", "tag:bulletin.example,2025:reading-room",
       "Library reopens its restored reading room", "2025-10-30T12:00:00Z"},
      {"moors", "export-101", "Beekeepers report a record heather honey harvest",
       "2025-08-30T18:00:00Z"},
      {"couchettes", "export-102", "Night trains return between the two capitals",
       "2025-09-05T06:00:00Z"},
  };
  for (const Expected& e : expected) {
    CAPTURE(e.word);
    const json hit = find_hit(dir, e.word, e.id);
    REQUIRE_FALSE(hit.is_null());
    if (e.title != nullptr) CHECK(hit.at("title") == e.title);
    if (*e.date == '\0') {
      CHECK(hit.at("date").is_null());
    } else {
      CHECK(hit.at("date") == e.date);
    }
  }
  // The canonical link is the page's url; boilerplate (scripts, asides, navigation,
  // newsletter boxes, scripts inside feed content) is not indexed.
  CHECK(find_hit(dir, "catamaran", "harbour-ferry.html").at("url") ==
        "https://gazette.example/transport/harbour-ferry-returns");
  for (const char* boilerplate : {"lighthouse", "newsletter", "cookie", "alert", "sport"}) {
    CAPTURE(boilerplate);
    const Run search = run(dir, kSearch, {"--db", dir.db(), "--format", "json", boilerplate});
    CHECK(json::parse(search.out).at("total") == 0);
  }
}

TEST_CASE("a folder of hostile files indexes the good ones, reports each bad one and exits 3") {
  TempDir dir;
  const fs::path in = dir.path() / "in";
  fs::create_directories(in);
  fs::copy(kHostile, in, fs::copy_options::recursive);
  write(in / "good.txt", "Pelicans return\n\nA colony of pelicans nested on the lake.\n");
  write(in / "name with spaces.txt", "Sandpipers\n\nSandpipers ran along the shore.\n");
  write(in / std::string("caf\xE9-name.txt"), "Latin-1 name\n\nA wagtail sang here.\n");
  write(in / "empty.txt", "");
  write(in / "blank.md", "  \n\n \t\n");
  write(in / "binary.txt", std::string("PK\x03\x04\0\0\x14\0binary", 14));
  write(in / std::string("bad\nname\x1b[31m.txt"), std::string("x\0y", 3));
  write(in / "big.txt", "Big\n\n" + std::string(2100000, 'x') + "\n");
  // Words far beyond Xapian's term limit, in the title and the body, ASCII and multi-byte.
  std::string long_word(300000, 'a');
  std::string long_accented;
  for (int i = 0; i < 2000; ++i) long_accented += "\xC3\xA9";
  write(in / "long-words.txt", "Heron " + long_word + "\n\nThe heron stood still. " + long_word +
                                   " " + long_accented + " end.\n");
  write(in / "long-words.jsonl", "{\"id\":\"" + std::string(1000, 'i') +
                                     "\",\"title\":\"Egret\",\"section\":\"" + long_word +
                                     "\",\"author\":\"" + long_accented + "\",\"body\":\"" +
                                     long_word + " egret\"}\n");
  // Nesting far deeper than any page, closed and unclosed.
  std::string deep = "<html><body><article><p>The kingfisher dived.</p>";
  for (int i = 0; i < 50000; ++i) deep += "<div><span>";
  deep += "deep";
  write(in / "deep-unclosed.html", deep);
  for (int i = 0; i < 50000; ++i) deep += "</span></div>";
  write(in / "deep-closed.html", deep + "</article></body></html>");
  write(in / "deep.json", std::string(100000, '[') + std::string(100000, ']'));
  fs::create_symlink("loop-b.txt", in / "loop-a.txt");
  fs::create_symlink("loop-a.txt", in / "loop-b.txt");
  fs::create_symlink("nowhere.txt", in / "dangling.txt");
  fs::create_directory_symlink(".", in / "self");
  REQUIRE(mkfifo((in / "fifo.txt").c_str(), 0600) == 0);
  write(in / "unreadable.txt", "Locked\n\nNobody can read this.\n");
  fs::permissions(in / "unreadable.txt", fs::perms::none);
  fs::create_directory(in / "locked");
  write(in / "locked" / "inside.txt", "Inside\n\nA locked directory.\n");
  fs::permissions(in / "locked", fs::perms::none);
  const bool root = geteuid() == 0;  // root reads through chmod 000

  const Run index = run(dir, kIndex, {"--db", dir.db(), "--max-file-size", "2000000", in.string()});
  INFO(index.err);
  CHECK(index.code == 3);
  // Every diagnostic is one line: file[:line]: warning|error: message, nothing raw.
  CHECK_FALSE(contains(index.err, "\x1b"));
  std::istringstream lines(index.err);
  for (std::string line; std::getline(lines, line);) {
    CAPTURE(line);
    CHECK((contains(line, ": error: ") || contains(line, ": warning: ") ||
           line.starts_with("newsdex-index: ")));
  }
  const auto reported = [&](const std::string& file, const std::string& what) {
    const std::vector<std::string> found = lines_with(index.err, file);
    for (const std::string& line : found) {
      if (contains(line, what)) return true;
    }
    return false;
  };
  CHECK(reported("empty.txt: error:", "empty file"));
  CHECK(reported("blank.md: error:", "empty file"));
  CHECK(reported("binary.txt: error:", "binary file"));
  CHECK(reported("bad?name[31m.txt: error:", "binary file"));
  CHECK(reported("big.txt: error:", "exceeds the limit of 2000000"));
  CHECK(reported("truncated.json: error:", "invalid JSON"));
  CHECK(reported("truncated.jsonl:2: error:", "invalid JSON"));
  CHECK(reported("deep.json: error:", "nested deeper"));
  CHECK(reported("billion-laughs.rss", "error:"));
  CHECK(reported("loop-a.txt: error:", "cannot follow symlink"));
  CHECK(reported("loop-b.txt: error:", "cannot follow symlink"));
  CHECK(reported("dangling.txt: error:", "cannot follow symlink"));
  CHECK(reported("fifo.txt: warning:", "not a regular file"));
  CHECK(reported("-name.txt: warning:", "file name is not valid UTF-8"));
  if (!root) {
    CHECK(reported("unreadable.txt: error:", "Permission denied"));
    CHECK(reported("locked: error:", "Permission denied"));
  }

  // The good files went in: plain, awkward names, long words, deep and unclosed markup, the
  // good line of a truncated JSON Lines file and the items before a feed's fault.
  const auto found = [&](const std::string& query) {
    const Run search = run(dir, kSearch, {"--db", dir.db(), "--format", "json", query});
    REQUIRE(search.code == 0);
    return json::parse(search.out).at("total").get<int>();
  };
  CHECK(found("pelicans") == 1);
  CHECK(found("sandpipers") == 1);
  CHECK(found("wagtail") == 1);
  CHECK(found("heron") == 1);
  CHECK(found("egret") == 1);
  CHECK(found("kingfisher") == 2);
  CHECK(found("cormorant") == 1);  // truncated.jsonl line 1
  CHECK(found("puffin") == 1);     // the item before the fault in truncated.rss
  CHECK(found("inside") == (root ? 1 : 0));
  CHECK(Xapian::Database(dir.db()).get_doccount() == (root ? 12U : 10U));
}

TEST_CASE("control characters and escape sequences in article text never reach the terminal") {
  TempDir dir;
  const std::string evil = "\x1b]0;pwned\x07 \x1b[2J \x1b[31m\xC2\x9b \xE2\x80\xAE";
  write(dir.path() / "evil.jsonl",
        json{{"id", "evil\x1b[2J-id"},
             {"title", "Evil title " + evil},
             {"body", "Kestrel sighting " + evil + " near Angela Merkel in Berlin."},
             {"url", "https://x.example/\x1b]8;;evil\x07"}}
                .dump() +
            "\n");
  write(dir.path() / "evil.html",
        "<html><head><title>Page \x1b]0;pwned\x07 title</title></head><body><p>Kestrel page "
        "\x1b[2J text.</p></body></html>");
  const Run index = run(dir, kIndex, {"--db", dir.db(), "-v", dir.path().string()});
  CHECK(index.code == 0);
  CHECK_FALSE(contains(index.err, "\x1b"));
  for (const char* color : {"never", "always"}) {
    const Run search = run(dir, kSearch, {"--db", dir.db(), "--color", color, "kestrel"});
    CHECK(search.code == 0);
    CHECK(contains(search.out, "Evil title"));
    CHECK(contains(search.out, "Page"));
    CHECK_FALSE(contains(search.out, "\x1b]"));
    CHECK_FALSE(contains(search.out, "\x1b[2J"));
    CHECK_FALSE(contains(search.out, "\x1b[31m"));
    CHECK_FALSE(contains(search.out, "\x07"));
    CHECK_FALSE(contains(search.out, "\xC2\x9B"));      // C1 CSI
    CHECK_FALSE(contains(search.out, "\xE2\x80\xAE"));  // right-to-left override
  }
  const Run entities = run(dir, kSearch, {"--db", dir.db(), "--entities"});
  CHECK_FALSE(contains(entities.out, "\x1b"));
  // JSON output escapes them instead (the text is kept, as data).
  const Run as_json = run(dir, kSearch, {"--db", dir.db(), "--format", "json", "kestrel"});
  CHECK_FALSE(contains(as_json.out, "\x1b"));
  CHECK(contains(as_json.out, "\\u001b"));
}

TEST_CASE("--field maps input keys to article fields, and a bad mapping exits 2") {
  TempDir dir;
  write(dir.path() / "custom.json",
        R"({"articles": [{"key": "c1", "heading": "Otters return to the river",
            "meta": {"when": "2025-03-01"}, "story": "Otters were seen below the weir."}]})");
  const Run index =
      run(dir, kIndex,
          {"--db", dir.db(), "--field", "id=key", "--field", "title=heading", "--field",
           "body=story", "--field", "date=meta.when", (dir.path() / "custom.json").string()});
  CHECK(index.code == 0);
  const json hit = find_hit(dir, "weir", "c1");
  REQUIRE_FALSE(hit.is_null());
  CHECK(hit.at("title") == "Otters return to the river");
  CHECK(hit.at("date") == "2025-03-01");
  const Run bad = run(dir, kIndex, {"--db", dir.db(), "--field", "headline=x", "y.json"});
  CHECK(bad.code == 2);
  CHECK(contains(bad.err, "unknown field \"headline\""));
  CHECK(run(dir, kIndex, {"--db", dir.db(), "--field", "title", "y.json"}).code == 2);
}
