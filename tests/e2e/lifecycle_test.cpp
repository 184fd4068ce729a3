// End-to-end tests of the index lifecycle: crashes, the writer lock, searches during commits,
// stale databases and scripts/nightly-reindex.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "e2e.hpp"
#include "entities/facet_file.hpp"
#include "index/document_builder.hpp"
#include "paths.hpp"
#include "schema.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using namespace newsdex::e2e;
using nlohmann::json;

const std::string kNightly = std::string(NEWSDEX_SCRIPTS_DIR) + "/nightly-reindex";
// Entity extraction is slow to start under the sanitizers; tests not about facets skip it.
const std::string kNoEntities = "--index-arg=--no-entities";

// A program running in the background, its output going to files in a scratch directory. A
// program still running when this goes out of scope is killed.
class Background {
 public:
  Background(const TempDir& dir, const std::string& name, const std::string& program,
             const std::vector<std::string>& args, const std::vector<std::string>& env = {})
      : out_(dir.path() / (name + ".out")), err_(dir.path() / (name + ".err")) {
    // exec: the shell becomes env, which becomes the program, so pid_ is the program's.
    std::string command = "exec env -u NEWSDEX_DB -u NO_COLOR";
    for (const std::string& assignment : env) command += " " + quote(assignment);
    command += " " + quote(program);
    for (const std::string& arg : args) command += " " + quote(arg);
    command += " >" + quote(out_.string()) + " 2>" + quote(err_.string()) + " </dev/null";
    std::string shell = "/bin/sh", dash_c = "-c";
    char* argv[] = {shell.data(), dash_c.data(), command.data(), nullptr};
    REQUIRE(posix_spawn(&pid_, "/bin/sh", nullptr, nullptr, argv, environ) == 0);
  }
  ~Background() {
    if (!done_) {
      ::kill(pid_, SIGKILL);
      wait();
    }
  }
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;

  // Returns whether the program has not exited yet.
  bool running() {
    if (done_) return false;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) != pid_) return true;
    finish(status);
    return false;
  }

  void kill_now() {
    if (!done_) ::kill(pid_, SIGKILL);
  }

  // Waits for the program; returns its exit code, -1 when a signal ended it.
  int wait() {
    if (!done_) {
      int status = 0;
      while (waitpid(pid_, &status, 0) != pid_) {
      }
      finish(status);
    }
    return code_;
  }

  std::string err() const { return slurp(err_); }

 private:
  void finish(int status) {
    done_ = true;
    code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  fs::path out_;
  fs::path err_;
  pid_t pid_ = 0;
  bool done_ = false;
  int code_ = -1;
};

void pause_briefly() { std::this_thread::sleep_for(std::chrono::milliseconds(2)); }

// Writes `count` JSON Lines articles with ids "a<first>"... into `path`; each mentions "zebra"
// and its own number, and `variant` changes every text (an update of the same ids).
void write_corpus(const fs::path& path, int count, int first = 0, const std::string& variant = "") {
  std::ofstream out(path);
  for (int i = first; i < first + count; ++i) {
    out << json{{"id", "a" + std::to_string(i)},
                {"title", "Zebra report " + std::to_string(i) + variant},
                {"body", "The zebra herd number " + std::to_string(i) +
                             " crossed the river at dawn, rangers said. " + variant +
                             " Counting went on through the afternoon while the herd grazed "
                             "on the far bank and the rangers watched from the ridge."},
                {"date", "2025-10-01"}}
               .dump()
        << '\n';
  }
}

std::set<std::string> expected_ids(int count) {
  std::set<std::string> ids;
  for (int i = 0; i < count; ++i) ids.insert("a" + std::to_string(i));
  return ids;
}

// Returns the ids of the articles in the database at `db`, and fails the test on duplicates.
std::set<std::string> ids_in(const std::string& db) {
  const Xapian::Database opened(db);
  std::set<std::string> ids;
  for (auto it = opened.postlist_begin(""); it != opened.postlist_end(""); ++it) {
    CHECK(ids.insert(newsdex::index::parse_data(opened.get_document(*it).get_data()).id).second);
  }
  return ids;
}

bool xapian_check(const std::string& db) {
  return std::system(("xapian-check " + quote(db) + " >/dev/null 2>&1").c_str()) == 0;
}

// Returns the committed revision of the database at `db`, 0 when it cannot be opened (yet).
Xapian::rev revision(const std::string& db) {
  try {
    return Xapian::Database(db).get_revision();
  } catch (const Xapian::Error&) {
    return 0;
  }
}

std::vector<std::string> nightly_env() {
  return {"NEWSDEX_INDEX=" + kIndex, "NEWSDEX_SEARCH=" + kSearch};
}

// Returns the names under DB.generations, sorted.
std::vector<std::string> generation_entries(const TempDir& dir) {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir.db() + ".generations", error)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string stub_for(const std::string& generation) {
  return "auto db.generations/" + generation + "\n";
}

json search_json(const TempDir& dir, const std::vector<std::string>& args) {
  std::vector<std::string> all = {"--db", dir.db(), "--format", "json"};
  all.insert(all.end(), args.begin(), args.end());
  const Run search = run(dir, kSearch, all);
  REQUIRE(search.code == 0);
  return json::parse(search.out);
}

}  // namespace

TEST_CASE("SIGKILL at any point leaves a database that passes xapian-check and a rerun fills") {
  TempDir dir;
  constexpr int kArticles = 120;
  constexpr int kBatch = 8;
  const fs::path corpus = dir.path() / "corpus.jsonl";
  write_corpus(corpus, kArticles);
  // The first batch in an earlier version, from another file: the killed run replaces these
  // articles, in its first batch.
  const std::string earlier = " (earlier version)";
  const fs::path first = dir.path() / "first.jsonl";
  write_corpus(first, kBatch, 0, earlier);
  // Returns, for the first batch's articles in the database at `db`, whether each is the new
  // version: {} when none is there, {true} or {false} when all agree.
  const auto first_batch_is_new = [&](const std::string& db) {
    const std::set<std::string> first_batch = expected_ids(kBatch);
    const Xapian::Database opened(db);
    std::set<bool> is_new;
    for (auto it = opened.postlist_begin(""); it != opened.postlist_end(""); ++it) {
      const newsdex::Article stored =
          newsdex::index::parse_data(opened.get_document(*it).get_data());
      if (first_batch.count(stored.id) > 0) is_new.insert(!stored.title.ends_with(earlier));
    }
    return is_new;
  };
  // One writer, committing in batches: into a new database with --jobs 1 (it is otherwise built
  // in shards: below), and into an existing one with --jobs 2, where another thread prepares
  // the articles for the writer (index/build_pool.hpp).
  for (const bool existing : {false, true}) {
    CAPTURE(existing);
    const std::vector<std::string> args = {"--jobs",        existing ? "2" : "1",
                                           "--batch-size",  std::to_string(kBatch),
                                           "--no-entities", corpus.string()};
    // Each run is killed once the database has reached this revision (0: at once); the last
    // points may come after the run ended, which must be just as fine.
    for (const Xapian::rev kill_at : {0u, 1u, 3u, 7u, 12u, 17u}) {
      CAPTURE(kill_at);
      const std::string db =
          (dir.path() / ((existing ? "existing" : "db") + std::to_string(kill_at))).string();
      if (existing) {
        REQUIRE(
            run(dir, kIndex, {"--db", db, "--jobs", "1", "--no-entities", first.string()}).code ==
            0);
      }
      std::vector<std::string> with_db = {"--db", db};
      with_db.insert(with_db.end(), args.begin(), args.end());
      {
        Background indexer(dir, "indexer", kIndex, with_db);
        while (kill_at > 0 && indexer.running() && revision(db) < kill_at) pause_briefly();
        indexer.kill_now();
        indexer.wait();
      }
      if (fs::exists(fs::path(db) / "iamglass")) {
        CHECK(xapian_check(db));
        // A crash loses at most the batch in flight: what is there came in whole batches, in
        // input order, and the replaced batch is all old or all new.
        const Xapian::doccount count = Xapian::Database(db).get_doccount();
        CHECK(count % kBatch == 0);
        CHECK(ids_in(db) == expected_ids(static_cast<int>(count)));
        // The replaced batch comes first: committed whole before any new article.
        const std::set<bool> is_new = first_batch_is_new(db);
        CHECK(is_new.size() == (count > 0 ? 1U : 0U));
        if (existing && count > kBatch) CHECK(is_new == std::set<bool>{true});
      }
      const Run rerun = run(dir, kIndex, with_db);
      CHECK(rerun.code == 0);
      CHECK(contains(rerun.err, std::to_string(kArticles) + " articles in " + db));
      CHECK(xapian_check(db));
      CHECK(ids_in(db) == expected_ids(kArticles));
      CHECK(first_batch_is_new(db) == std::set<bool>{true});
    }
  }
}

TEST_CASE("a shard build takes as many shards as the open-file limit allows") {
  // Eight shards need more than 50 file descriptors (7 each, and the process's own): asked for
  // eight under that limit, the build failed to open a shard's tables. Now it builds in two.
  TempDir dir;
  constexpr int kArticles = 2400;  // shards start from 2000 (index/shard_build.cpp)
  const fs::path corpus = dir.path() / "corpus.jsonl";
  write_corpus(corpus, kArticles);
  const Run index = run(dir, "sh",
                        {"-c", "ulimit -n 50 && exec \"$0\" \"$@\"", kIndex, "--db", dir.db(),
                         "--jobs", "8", "--no-entities", corpus.string()});
  CHECK(index.code == 0);
  CHECK(index.err.find("error") == std::string::npos);
  CHECK(ids_in(dir.db()) == expected_ids(kArticles));
  CHECK(xapian_check(dir.db()));
}

TEST_CASE("SIGKILL during a shard build leaves no database, and the next build completes") {
  TempDir dir;
  constexpr int kArticles = 2400;  // shards start from 2000 (index/shard_build.cpp)
  const fs::path corpus = dir.path() / "corpus.jsonl";
  write_corpus(corpus, kArticles);
  const std::vector<std::string> args = {"--jobs",       "2", "--batch-size", "8", "--no-entities",
                                         corpus.string()};
  // Killed at once, and once the first shard has committed this many times.
  for (const Xapian::rev kill_at : {0u, 3u}) {
    CAPTURE(kill_at);
    const std::string db = (dir.path() / ("db" + std::to_string(kill_at))).string();
    const std::string shard = db + ".build/shard-0";
    std::vector<std::string> with_db = {"--db", db};
    with_db.insert(with_db.end(), args.begin(), args.end());
    bool killed_in_time = false;
    {
      Background indexer(dir, "indexer", kIndex, with_db);
      while (kill_at > 0 && indexer.running() && revision(shard) < kill_at) pause_briefly();
      killed_in_time = indexer.running();
      indexer.kill_now();
      indexer.wait();
    }
    // The database appears whole or not at all.
    if (killed_in_time && kill_at > 0) CHECK_FALSE(fs::exists(fs::path(db) / "iamglass"));
    if (fs::exists(fs::path(db) / "iamglass")) CHECK(ids_in(db) == expected_ids(kArticles));
    const Run rerun = run(dir, kIndex, with_db);
    CHECK(rerun.code == 0);
    CHECK(contains(rerun.err, std::to_string(kArticles) + " articles in " + db));
    CHECK(xapian_check(db));
    CHECK(ids_in(db) == expected_ids(kArticles));
    CHECK_FALSE(fs::exists(db + ".build"));
  }
}

TEST_CASE("a second indexer fails at once with exit 1, and waits for the lock with --wait") {
  TempDir dir;
  // The test holds the lock as a running indexer or nightly rebuild would.
  const int lock = ::open((dir.db() + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  REQUIRE(lock >= 0);
  REQUIRE(flock(lock, LOCK_EX | LOCK_NB) == 0);

  const Run refused = run(dir, kIndex, {"--db", dir.db(), "--no-entities", kCorpus.string()});
  CHECK(refused.code == 1);
  CHECK(contains(refused.err, "newsdex-index: error: database " + dir.db() +
                                  " is locked by another indexer or a nightly rebuild (use "
                                  "--wait to wait)"));
  CHECK_FALSE(fs::exists(dir.db()));
  const Run nightly = run(
      dir, kNightly, {"--db", dir.db(), "--lock-timeout", "0", kCorpus.string()}, nightly_env());
  CHECK(nightly.code == 1);
  CHECK(contains(nightly.err, "is locked by another indexer or rebuild"));

  Background waiting(dir, "waiting", kIndex,
                     {"--wait", "--db", dir.db(), "--no-entities", kCorpus.string()});
  // It says it waits only once it found the lock taken. A minute, not seconds: under the
  // sanitizers on a loaded machine a process can take several seconds to start.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline &&
         !contains(waiting.err(), "waiting for the lock")) {
    pause_briefly();
  }
  CHECK(contains(waiting.err(), "newsdex-index: waiting for the lock on " + dir.db()));
  CHECK(waiting.running());
  CHECK_FALSE(fs::exists(dir.db()));
  ::close(lock);
  CHECK(waiting.wait() == 0);
  CHECK(Xapian::Database(dir.db()).get_doccount() == 2);
}

TEST_CASE("an incremental run during a nightly rebuild is refused: the two share the lock") {
  TempDir dir;
  REQUIRE(
      run(dir, kNightly, {"--db", dir.db(), kNoEntities, kCorpus.string()}, nightly_env()).code ==
      0);
  // Stands in for newsdex-index inside the rebuild: first tries an incremental run on the live
  // database (which the rebuild has locked), then does what the rebuild asked.
  const fs::path probe = dir.path() / "probe";
  const fs::path wrapper = dir.path() / "index-wrapper";
  {
    std::ofstream out(wrapper);
    out << "#!/bin/sh\n"
        << quote(kIndex) << " --db " << quote(dir.db()) << " " << quote(kData / "three.jsonl")
        << " 2>>" << quote(probe.string()) << "\necho \"exit $?\" >>" << quote(probe.string())
        << "\nexec " << quote(kIndex) << " \"$@\"\n";
  }
  fs::permissions(wrapper, fs::perms::owner_all);
  const Run rebuild = run(dir, kNightly, {"--db", dir.db(), kNoEntities, kCorpus.string()},
                          {"NEWSDEX_INDEX=" + wrapper.string(), "NEWSDEX_SEARCH=" + kSearch});
  CHECK(rebuild.code == 0);
  const std::string probed = slurp(probe);
  CHECK(contains(probed, "is locked by another indexer"));
  CHECK(contains(probed, "exit 1"));
  CHECK_FALSE(contains(probed, "exit 0"));
  CHECK(search_json(dir, {"--entities"}).at("total") == 2);  // three.jsonl never went in
}

TEST_CASE("searches running while an indexer commits one article at a time all succeed") {
  TempDir dir;
  const fs::path first = dir.path() / "first.jsonl";
  const fs::path second = dir.path() / "second.jsonl";
  write_corpus(first, 100);
  write_corpus(second, 150, 0, "revised");  // 100 updates, 50 additions
  REQUIRE(run(dir, kIndex, {"--db", dir.db(), "--no-entities", first.string()}).code == 0);
  // A batch keeps one database open across many queries, the case where commits pull the
  // revision being read from under a reader.
  const fs::path queries = dir.path() / "queries";
  {
    std::ofstream out(queries);
    for (int i = 0; i < 30; ++i) out << (i % 2 ? "zebra river\n" : "herd rangers ridge\n");
  }
  Background indexer(dir, "indexer", kIndex,
                     {"--db", dir.db(), "--no-entities", "--batch-size", "1", second.string()});
  int searches = 0;
  while (indexer.running() || searches < 3) {
    const Run search =
        run(dir, kSearch,
            {"--db", dir.db(), "--format", "json", "--no-collapse", "--batch", queries.string()});
    CHECK(search.code == 0);
    CHECK(search.err.empty());
    std::istringstream lines(search.out);
    int answers = 0;
    for (std::string line; std::getline(lines, line); ++answers) {
      CHECK(json::parse(line).at("total").get<int>() >= 100);
    }
    CHECK(answers == 30);
    ++searches;
  }
  CHECK(indexer.wait() == 0);
  CHECK(ids_in(dir.db()) == expected_ids(150));
}

TEST_CASE("a stale database: incremental runs refuse and say to rebuild, the searcher warns") {
  const std::pair<std::string_view, std::string> stale[] = {
      {newsdex::schema::kMetaSchemaVersion, "1"}, {newsdex::schema::kMetaExtractorVersion, "0"}};
  for (const auto& [key, value] : stale) {
    CAPTURE(key);
    TempDir dir;
    REQUIRE(run(dir, kIndex, {"--db", dir.db(), "--no-entities", kCorpus.string()}).code == 0);
    {
      Xapian::WritableDatabase db(dir.db(), Xapian::DB_OPEN);
      db.set_metadata(std::string(key), value);
      db.commit();
    }
    for (const char* mode : {"--verbose", "--dry-run"}) {
      const Run again =
          run(dir, kIndex, {mode, "--db", dir.db(), "--no-entities", kCorpus.string()});
      CHECK(again.code == 1);
      CHECK(contains(again.err, "version " + value + ", this newsdex has "));
      CHECK(contains(again.err, "rebuild it"));
    }
    const Run search = run(dir, kSearch, {"--db", dir.db(), "--format", "json", "Tomahawk"});
    CHECK(search.code == 0);
    CHECK(json::parse(search.out).at("total") == 2);
    CHECK(contains(search.err, "newsdex-search: warning: database " + dir.db()));
    CHECK(contains(search.err, "until it is rebuilt"));
    const Run listing = run(dir, kSearch, {"--db", dir.db(), "--entities"});
    CHECK(listing.code == 0);
    CHECK(contains(listing.err, "warning"));
  }
}

TEST_CASE("nightly-reindex twice: two generations, the stub names the newer, searches answered") {
  TempDir dir;
  const fs::path corpus = dir.path() / "corpus";
  fs::create_directories(corpus);
  for (const auto& entry : fs::directory_iterator(kCorpus)) {
    if (entry.path().extension() == ".txt") fs::copy(entry.path(), corpus);
  }
  constexpr int kArticles = 60;
  write_corpus(corpus / "zebras.jsonl", kArticles);
  // Small batches: a half-built generation, were it ever visible, would have fewer articles.
  const std::vector<std::string> args = {
      "--db", dir.db(), "--query", "Tomahawk", "--index-arg=--batch-size=7", corpus.string()};

  const Run first = run(dir, kNightly, args, nightly_env());
  REQUIRE(first.code == 0);
  CHECK(contains(first.err, "nightly-reindex: switched: " + dir.db() + " now names "));
  const std::vector<std::string> one = generation_entries(dir);
  REQUIRE(one.size() == 1);  // no build directories or lock files left behind
  CHECK(slurp(dir.db()) == stub_for(one[0]));

  // The facet file lives in the generation and is current there.
  const fs::path live = dir.path() / "db.generations" / one[0];
  CHECK(newsdex::paths::resolve_stub(dir.db()) == live);
  CHECK(fs::exists(live / newsdex::entities::kFacetFileName));
  CHECK(newsdex::entities::FacetFile::open(Xapian::Database(live.string()), live) != nullptr);
  const json entities = search_json(dir, {"--entities", "--type", "person"});
  CHECK(entities.at("total") == kArticles + 2);
  CHECK(contains(entities.at("entities").dump(), "Vladimir Putin"));

  std::vector<std::string> later = args;
  later.push_back(kNoEntities);
  Background second(dir, "nightly", kNightly, later, nightly_env());
  int answered = 0;
  while (second.running() || answered < 3) {
    // The zebra articles differ by a number only: near-duplicates, counted one by one here.
    const Run search =
        run(dir, kSearch, {"--db", dir.db(), "--format", "json", "--no-collapse", "zebra"});
    CHECK(search.code == 0);
    CHECK(json::parse(search.out).at("total") == kArticles);
    ++answered;
  }
  CHECK(second.wait() == 0);
  const std::vector<std::string> two = generation_entries(dir);
  REQUIRE(two.size() == 2);
  CHECK(two[0] == one[0]);
  CHECK(slurp(dir.db()) == stub_for(two[1]));

  // An incremental run through the stub updates the live generation and its facet file.
  const Run more =
      run(dir, kIndex, {"--db", dir.db(), "--no-entities", (kData / "three.jsonl").string()});
  CHECK(more.code == 0);
  const fs::path newer = dir.path() / "db.generations" / two[1];
  CHECK(newsdex::entities::FacetFile::open(Xapian::Database(dir.db()), newer) != nullptr);
  CHECK(search_json(dir, {"--entities"}).at("total") == kArticles + 5);

  // --keep 2 drops the oldest; --rollback goes back one.
  const Run third = run(dir, kNightly,
                        {"--db", dir.db(), "--keep", "2", "--index-arg=--batch-size=7", kNoEntities,
                         corpus.string(), (kData / "three.jsonl").string()},
                        nightly_env());
  CHECK(third.code == 0);
  const std::vector<std::string> kept = generation_entries(dir);
  REQUIRE(kept.size() == 2);
  CHECK(kept[0] == two[1]);
  CHECK(slurp(dir.db()) == stub_for(kept[1]));
  const Run back = run(dir, kNightly, {"--db", dir.db(), "--rollback"}, nightly_env());
  CHECK(back.code == 0);
  CHECK(slurp(dir.db()) == stub_for(kept[0]));
  CHECK(search_json(dir, {"--no-collapse", "zebra"}).at("total") == kArticles);
}

TEST_CASE("a nightly rebuild that fails half way leaves the old generation live and searchable") {
  TempDir dir;
  const std::string three = (kData / "three.jsonl").string();
  REQUIRE(
      run(dir, kNightly, {"--db", dir.db(), kNoEntities, kCorpus.string(), three}, nightly_env())
          .code == 0);
  const std::vector<std::string> before = generation_entries(dir);
  REQUIRE(before.size() == 1);
  const std::string stub = slurp(dir.db());

  const auto still_live = [&](const Run& failed) {
    CHECK(failed.code == 1);
    CHECK(contains(failed.err, "generation " + before[0] + " stays live"));
    CHECK(slurp(dir.db()) == stub);
    CHECK(generation_entries(dir) == before);
    CHECK(search_json(dir, {"Tomahawk"}).at("total") == 2);
    CHECK(search_json(dir, {"--entities"}).at("total") == 5);
  };
  for (const char* step : {"check", "compact", "switch"}) {
    CAPTURE(step);
    still_live(run(dir, kNightly, {"--db", dir.db(), kNoEntities, kCorpus.string(), three},
                   {"NEWSDEX_INDEX=" + kIndex, "NEWSDEX_SEARCH=" + kSearch,
                    std::string("NEWSDEX_NIGHTLY_FAIL_AT=") + step}));
  }
  // The indexer failing (here on a bad option) fails the rebuild.
  still_live(
      run(dir, kNightly,
          {"--db", dir.db(), kNoEntities, "--index-arg=--batch-size=0", kCorpus.string(), three},
          nightly_env()));
  // Far fewer articles than the live generation: refused unless forced.
  const Run shrunk =
      run(dir, kNightly, {"--db", dir.db(), kNoEntities, kCorpus.string()}, nightly_env());
  still_live(shrunk);
  CHECK(contains(shrunk.err, "holds 2 articles, fewer than 0.9 of the live generation's 5"));
  const Run forced = run(
      dir, kNightly, {"--db", dir.db(), kNoEntities, "--force", kCorpus.string()}, nightly_env());
  CHECK(forced.code == 0);
  CHECK(search_json(dir, {"--entities"}).at("total") == 2);
}

TEST_CASE("nightly-reindex refuses a plain database directory, and --migrate moves it in") {
  TempDir dir;
  REQUIRE(run(dir, kIndex, {"--db", dir.db(), "--no-entities", kCorpus.string()}).code == 0);
  const Run refused = run(dir, kNightly, {"--db", dir.db(), kCorpus.string()}, nightly_env());
  CHECK(refused.code == 1);
  CHECK(contains(refused.err, "is a plain database directory, not a stub; run with --migrate"));
  CHECK(Xapian::Database(dir.db()).get_doccount() == 2);

  const std::string three = (kData / "three.jsonl").string();
  const Run migrated =
      run(dir, kNightly, {"--db", dir.db(), "--migrate", kNoEntities, kCorpus.string(), three},
          nightly_env());
  CHECK(migrated.code == 0);
  CHECK(contains(migrated.err, "migrated the plain database " + dir.db() + " into generation "));
  const std::vector<std::string> generations = generation_entries(dir);
  REQUIRE(generations.size() == 2);  // the old database, then the rebuild
  CHECK(slurp(dir.db()) == stub_for(generations[1]));
  CHECK(search_json(dir, {"--entities"}).at("total") == 5);
  const Run back = run(dir, kNightly, {"--db", dir.db(), "--rollback"}, nightly_env());
  CHECK(back.code == 0);
  CHECK(search_json(dir, {"--entities"}).at("total") == 2);  // the migrated database itself
}

TEST_CASE("a damaged database is an error at once, not retried as if an indexer changed it") {
  TempDir dir;
  REQUIRE(run(dir, kIndex, {"--db", dir.db(), "--no-entities", kCorpus.string()}).code == 0);
  // The version file's root information overwritten: the database no longer opens.
  {
    std::fstream version(dir.db() + "/iamglass", std::ios::in | std::ios::out | std::ios::binary);
    version.seekp(20);
    version << "garbage-garbage-garbage";
  }
  // A change would be retried for 30 seconds; `timeout` stops one that spins that long.
  const Run search = run(dir, "timeout", {"15", kSearch, "--db", dir.db(), "Tomahawk"});
  CHECK(search.code == 1);
  CHECK(search.out.empty());
  CHECK(contains(search.err, "newsdex-search: error: DatabaseCorruptError"));
}

TEST_CASE("a stub naming a missing database is an error for both programs, never a new database") {
  TempDir dir;
  std::ofstream(dir.db()) << "auto db.generations/gone\n";
  const Run index = run(dir, kIndex, {"--db", dir.db(), "--no-entities", kCorpus.string()});
  CHECK(index.code == 1);
  CHECK(contains(index.err, "names " + dir.db() + ".generations/gone, which does not exist"));
  CHECK_FALSE(fs::exists(dir.db() + ".generations"));
  const Run search = run(dir, kSearch, {"--db", dir.db(), "Tomahawk"});
  CHECK(search.code == 1);
  CHECK(contains(search.err, "no database at"));
}
