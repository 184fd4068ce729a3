// Tests for entities::Extractor on the seed articles and on small table-driven cases.
#include "entities/extractor.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "../temp_dir.hpp"

namespace newsdex::entities {
namespace {

namespace fs = std::filesystem;

// tests/data/.. is tests/, whose parent is the project root holding corpus/.
const fs::path kCorpusDir = fs::path(NEWSDEX_TEST_DATA_DIR).parent_path().parent_path() / "corpus";
const fs::path kDataDir = kCorpusDir / "data";

const Extractor& shared_extractor() {
  static const Extractor extractor(kDataDir, "");
  return extractor;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Returns the entities named `name` (normally zero or one).
std::vector<const Entity*> named(const std::vector<Entity>& entities, std::string_view name) {
  std::vector<const Entity*> found;
  for (const Entity& entity : entities) {
    if (entity.name == name) found.push_back(&entity);
  }
  return found;
}

std::string describe(const std::vector<Entity>& entities) {
  std::string out;
  for (const Entity& entity : entities) {
    out += std::string(type_name(entity.type)) + ":" + entity.name + "; ";
  }
  return out;
}

struct Expected {
  const char* name;
  EntityType type;
};

}  // namespace

TEST_CASE("seed articles: every expected entity exactly once, typed, and no fragments") {
  const Expected expected[] = {
      {"Donald Trump", EntityType::kPerson},
      {"Vladimir Putin", EntityType::kPerson},
      {"Volodymyr Zelensky", EntityType::kPerson},
      {"Marco Rubio", EntityType::kPerson},
      {"Sergei Lavrov", EntityType::kPerson},
      {"Keir Starmer", EntityType::kPerson},
      {"Mark Rutte", EntityType::kPerson},
      {"Budapest", EntityType::kPlace},
      {"Ukraine", EntityType::kPlace},
      {"Russia", EntityType::kPlace},
      {"United States", EntityType::kPlace},
      {"Moscow", EntityType::kPlace},
      {"Washington", EntityType::kPlace},
      {"Anchorage", EntityType::kPlace},
      {"Alaska", EntityType::kPlace},
      {"Kremlin", EntityType::kOrg},
      {"White House", EntityType::kOrg},
      {"NATO", EntityType::kOrg},
      {"Bloomberg", EntityType::kOrg},
      {"Tomahawk", EntityType::kOther},
  };
  const char* const fragments[] = {"President Volodymyr",
                                   "State Marco",
                                   "Trump's",
                                   "Trump’s",
                                   "Russian President",
                                   "U.S.-Russia",
                                   "US-Russia",
                                   "However",
                                   "Such",
                                   "The",
                                   "Russian",
                                   "Ukrainian",
                                   "President"};
  std::vector<std::vector<Entity>> per_article;
  std::vector<std::string> bodies;
  for (const auto& file : fs::directory_iterator(kCorpusDir)) {
    if (file.path().extension() != ".txt") continue;
    const std::string body = read_file(file.path());
    const std::string title = body.substr(0, body.find('\n'));
    per_article.push_back(shared_extractor().extract(title, body));
    bodies.push_back(body);
  }
  REQUIRE(per_article.size() == 2);

  // Union over the two articles: each name appears in each article at most once, and in at
  // least one of them, with the right type.
  for (const Expected& e : expected) {
    CAPTURE(e.name);
    std::size_t seen = 0;
    for (const auto& entities : per_article) {
      CAPTURE(describe(entities));
      const auto found = named(entities, e.name);
      CHECK(found.size() <= 1);
      for (const Entity* entity : found) {
        CHECK(entity->type == e.type);
        ++seen;
      }
    }
    CHECK(seen >= 1);
  }
  for (std::size_t i = 0; i < per_article.size(); ++i) {
    const auto& entities = per_article[i];
    CAPTURE(describe(entities));
    for (const char* fragment : fragments) {
      CAPTURE(fragment);
      CHECK(named(entities, fragment).empty());
    }
    // Mentions are byte ranges of the body (or title) that spell a variant of the name.
    for (const Entity& entity : entities) {
      for (const Mention& m : entity.mentions) {
        REQUIRE(m.start < m.end);
        REQUIRE(m.end <= bodies[i].size());
        const std::string text = bodies[i].substr(m.start, m.end - m.start);
        CAPTURE(text);
        CHECK(text.find("'s") == std::string::npos);
        CHECK(text.find("’s") == std::string::npos);
      }
    }
  }
  // The names that recur in the articles are all resolved to their full forms.
  for (const auto& entities : per_article) {
    for (const char* name : {"Trump", "Putin", "Zelensky", "Lavrov", "Rubio", "U.S.", "US"}) {
      CHECK(named(entities, name).empty());
    }
  }
}

TEST_CASE("roles, possessives, pairs, variants and sentence openers") {
  struct Case {
    const char* body;
    std::vector<Expected> expected;  // the whole output, in order of first mention
  };
  const Case cases[] = {
      {"U.S. President Donald Trump spoke.",
       {{"United States", EntityType::kPlace}, {"Donald Trump", EntityType::kPerson}}},
      {"NATO Secretary General Mark Rutte said so.",
       {{"NATO", EntityType::kOrg}, {"Mark Rutte", EntityType::kPerson}}},
      {"Russian President Vladimir Putin called.", {{"Vladimir Putin", EntityType::kPerson}}},
      {"He met Secretary of State Marco Rubio.", {{"Marco Rubio", EntityType::kPerson}}},
      {"the Russian president Vladimir Putin called.", {{"Vladimir Putin", EntityType::kPerson}}},
      {"It was Trump's plan.", {{"Donald Trump", EntityType::kPerson}}},
      {"It was Trump’s plan.", {{"Donald Trump", EntityType::kPerson}}},
      {"Talks on U.S.-Russia relations.",
       {{"United States", EntityType::kPlace}, {"Russia", EntityType::kPlace}}},
      {"Talks on US–Russia relations.",
       {{"United States", EntityType::kPlace}, {"Russia", EntityType::kPlace}}},
      {"Zelenskyy met Zelensky in the USA and the United States.",
       {{"Volodymyr Zelensky", EntityType::kPerson}, {"United States", EntityType::kPlace}}},
      {"However, such talks fail. Such is life. The end. However it goes.", {}},
      {"Prime Minister Ingrid Haldorsen of Norway arrived. Haldorsen said no.",
       {{"Ingrid Haldorsen", EntityType::kPerson}, {"Norway", EntityType::kPlace}}},
      {"Shares of Brixworth Holdings rose.", {{"Brixworth Holdings", EntityType::kOrg}}},
      {"The Tomahawk missiles were not sent.", {{"Tomahawk", EntityType::kOther}}},
      {"ZELENSKYY and Zelenskyý are one man.", {{"Volodymyr Zelensky", EntityType::kPerson}}},
      {"He flew to the Bank of England on Tuesday.", {{"Bank of England", EntityType::kOrg}}},
      // Cues for unknown names: a place after a comma, a club after a city, a short form.
      {"They moved to Paxwick, Massachusetts.",
       {{"Paxwick", EntityType::kPlace}, {"Massachusetts", EntityType::kPlace}}},
      {"The Montreal Victorias won. The Victorias lost later.",
       {{"Montreal Victorias", EntityType::kOrg}}},
      {"Commander John A. Corder and Andrew J. Evans Jr. met.",
       {{"John A. Corder", EntityType::kPerson}, {"Andrew J. Evans Jr.", EntityType::kPerson}}},
      {"Shares of Matsushita Electric Industrial Co Ltd of Japan fell.",
       {{"Matsushita Electric Industrial Co Ltd", EntityType::kOrg},
        {"Japan", EntityType::kPlace}}},
      {"The U.S. Agriculture Department said.",
       {{"United States", EntityType::kPlace},
        {"U.S. Department of Agriculture", EntityType::kOrg}}},
      {"West German and Latin American firms, Co Inc and P said.", {}},
      {"Flights from Reykjavik resumed.", {{"Reykjavik", EntityType::kPlace}}},
      {"Chancellor of the Exchequer Nigel Lawson spoke. Lawson said no.",
       {{"Nigel Lawson", EntityType::kPerson}}},
      {"The KO came early on the DVD.", {}},
      {"Jeroen van der Veer left Shell.",
       {{"Jeroen van der Veer", EntityType::kPerson}, {"Shell", EntityType::kOrg}}},
      {"Israelis and Palestinians met.", {}},
      {"He stayed in Washington. Post offices closed.", {{"Washington", EntityType::kPlace}}},
      {"Tory MP Patrick Mercer spoke.", {{"Patrick Mercer", EntityType::kPerson}}},
      {"Talks on U.S.-led efforts.", {{"United States", EntityType::kPlace}}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.body);
    const std::vector<Entity> entities = shared_extractor().extract("", c.body);
    CAPTURE(describe(entities));
    REQUIRE(entities.size() == c.expected.size());
    for (std::size_t i = 0; i < entities.size(); ++i) {
      CHECK(entities[i].name == c.expected[i].name);
      CHECK(entities[i].type == c.expected[i].type);
    }
  }
}

TEST_CASE("headline casing: Title Case words are not names unless known or in the body") {
  const std::string title = "Putin Says Summit With Trump Is Off After Budapest Talks";
  const std::string body = "Vladimir Putin told Donald Trump that the meeting is off.";
  const std::vector<Entity> entities = shared_extractor().extract(title, body);
  CAPTURE(describe(entities));
  REQUIRE(entities.size() == 3);
  CHECK(entities[0].name == "Vladimir Putin");
  CHECK(entities[1].name == "Donald Trump");
  CHECK(entities[2].name == "Budapest");
  CHECK(entities[0].mentions.front().field == TextField::kTitle);
  CHECK(entities[0].mentions.size() == 2);
}

TEST_CASE("headlines in capitals keep only names the body confirms") {
  const std::string title = "U.S. WHEAT EXPORTS RISE, JAPAN BUYS MORE";
  const std::string body =
      "U.S. wheat exports rose as Japan bought more, the Agriculture "
      "Department said.";
  const std::vector<Entity> entities = shared_extractor().extract(title, body);
  CAPTURE(describe(entities));
  REQUIRE(entities.size() == 3);
  CHECK(entities[0].name == "United States");
  CHECK(entities[0].mentions.size() == 2);
  CHECK(entities[1].name == "Japan");
  CHECK(entities[1].mentions.front().field == TextField::kTitle);
  CHECK(entities[2].name == "Agriculture Department");
  CHECK(entities[2].type == EntityType::kOrg);
}

TEST_CASE("mention offsets are UTF-8 byte ranges of the original text") {
  // "Café" is 5 bytes; the possessive and the title are outside the mention.
  const std::string body = "Café talk: President Zelenskyý’s aide met Ms. Olga Brennan-Kovač.";
  const std::vector<Entity> entities = shared_extractor().extract("", body);
  CAPTURE(describe(entities));
  REQUIRE(entities.size() == 2);
  CHECK(entities[0].name == "Volodymyr Zelensky");
  REQUIRE(entities[0].mentions.size() == 1);
  const Mention& m = entities[0].mentions[0];
  CHECK(m.field == TextField::kBody);
  CHECK(body.substr(m.start, m.end - m.start) == "Zelenskyý");
  CHECK(m.start == body.find("Zelensk"));
  CHECK(entities[1].name == "Olga Brennan-Kovač");
  CHECK(entities[1].type == EntityType::kPerson);
  const Mention& o = entities[1].mentions[0];
  CHECK(body.substr(o.start, o.end - o.start) == "Olga Brennan-Kovač");
}

TEST_CASE("user dictionary adds, retypes, extends and suppresses") {
  // A directory of its own: the tests of other checkouts may run at the same time.
  const newsdex::testing::TempDir tmp;
  const fs::path path = tmp.path() / "newsdex_extractor_test_dictionary.tsv";
  {
    std::ofstream out(path);
    out << "# test dictionary\n"
        << "Quillfeather Labs\torg\tQuill|QFL\n"
        << "Tomahawk\tplace\n"
        << "Bloomberg\t-\n"
        << "Volodymyr Zelensky\tperson\tZe\n"
        << "\n";
  }
  const Extractor extractor(kDataDir, path);
  struct Case {
    const char* body;
    std::vector<Expected> expected;
  };
  const Case cases[] = {
      {"Analysts at QFL and Quill agree.", {{"Quillfeather Labs", EntityType::kOrg}}},
      {"The Tomahawk was mentioned.", {{"Tomahawk", EntityType::kPlace}}},
      {"A Bloomberg report said Ze was in Kyiv.",
       {{"Volodymyr Zelensky", EntityType::kPerson}, {"Kyiv", EntityType::kPlace}}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.body);
    const std::vector<Entity> entities = extractor.extract("", c.body);
    CAPTURE(describe(entities));
    REQUIRE(entities.size() == c.expected.size());
    for (std::size_t i = 0; i < entities.size(); ++i) {
      CHECK(entities[i].name == c.expected[i].name);
      CHECK(entities[i].type == c.expected[i].type);
    }
  }
  // The shared extractor (no user dictionary) is unaffected.
  CHECK(named(shared_extractor().extract("", "A Bloomberg report."), "Bloomberg").size() == 1);
  fs::remove(path);
}

TEST_CASE("malformed or missing data files throw with the file and line") {
  // A directory of its own: the tests of other checkouts may run at the same time.
  const newsdex::testing::TempDir tmp;
  const fs::path path = tmp.path() / "newsdex_extractor_test_bad.tsv";
  {
    std::ofstream out(path);
    out << "Good Name\tperson\nBad Name\tplanet\n";
  }
  try {
    Extractor extractor(kDataDir, path);
    FAIL("expected an exception");
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    CHECK(what.find(path.string() + ":2") != std::string::npos);
  }
  fs::remove(path);
  CHECK_THROWS_AS(Extractor(kDataDir / "nonexistent", ""), std::runtime_error);
  // A user dictionary that does not exist is simply absent.
  CHECK_NOTHROW(Extractor(kDataDir, kDataDir / "no-such-dictionary.tsv"));
}

TEST_CASE("extract is const and gives the same answer from many threads") {
  const std::string body = read_file(kCorpusDir / "004_b52a8ff61ebb412c.txt");
  const std::vector<Entity> reference = shared_extractor().extract("", body);
  std::vector<std::size_t> differences(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < differences.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) {
        const std::vector<Entity> got = shared_extractor().extract("", body);
        if (got.size() != reference.size()) ++differences[t];
        for (std::size_t i = 0; i < got.size() && i < reference.size(); ++i) {
          if (got[i].name != reference[i].name ||
              got[i].mentions.size() != reference[i].mentions.size()) {
            ++differences[t];
          }
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (std::size_t d : differences) CHECK(d == 0);
}

}  // namespace newsdex::entities
