// Fixtures for the index tests: a corpus with entities, near-duplicates and repeated ids, and
// snapshots of databases to compare what two ways of indexing it wrote.
#pragma once

#include <xapian.h>

#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "entities/facet_values.hpp"
#include "schema.hpp"

namespace newsdex::index::fixtures {

// Returns how many articles the spelling table counts `word` in (0 when absent).
inline Xapian::termcount spelling_frequency(const Xapian::Database& db, const std::string& word) {
  for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
    if (*it == word) return it.get_termfreq();
  }
  return 0;
}

inline const std::string kStory =
    "The finance ministers of the seven largest economies met in Geneva to discuss the future "
    "of the global tax agreement signed two years ago. Officials said that the negotiations had "
    "been difficult, with several countries asking for exemptions for their technology "
    "companies and for their shipping industries. The talks ended late on Tuesday evening. A "
    "spokesperson for the ministry said that a joint statement would be published once every "
    "delegation had approved the final wording of the text.";

// Enough articles for shards (index/shard_build.cpp, kShardFrom) with people, organisations and
// places, near-duplicates that land in different shards, an id given twice unchanged, one display
// name spelt two ways ("Dixons Group PLC" first) and, with `changed_repeat`, an id given twice
// changed. That one is left out where databases are compared: an article grouped while the
// first version was there keeps that group in a one-writer run, which a shard build, grouping
// once at the end, cannot know.
inline std::string corpus(bool changed_repeat = false) {
  std::ostringstream out;
  const std::vector<std::string> people = {"Tony Blair", "Gordon Brown", "Angela Merkel",
                                           "Vladimir Putin", "Volodymyr Zelensky"};
  const std::vector<std::string> places = {"London", "Berlin", "Moscow", "Kyiv", "Paris"};
  for (int i = 0; i < 2100; ++i) {
    out << R"({"id": "a)" << i << R"(", "title": "Report )" << i << R"(", "body": ")"
        << people[i % people.size()] << " spoke in " << places[(i / 2) % places.size()]
        << " on day " << i << " about the budget of "
        << (i % 3 == 0 ? "Dixons Group PLC" : "Dixons Group Plc")
        << " and other matters of the week number " << i * 7 << R"(."})" << '\n';
    if (i % 700 == 0) {
      out << R"({"id": "copy)" << i << R"(", "title": "Copy )" << i << R"(", "body": ")" << kStory
          << " Version " << i << R"(."})" << '\n';
    }
  }
  if (changed_repeat) {
    out << R"({"id": "a3", "title": "Report 3", "body": "Tony Blair spoke in Berlin again."})"
        << '\n';
  }
  out << R"({"id": "a4", "title": "Report 4", "body": "Volodymyr Zelensky spoke in Moscow on day )"
      << R"(4 about the budget of Dixons Group Plc and other matters of the week number 28."})"
      << '\n';
  return out.str();
}

// Everything of a document but its entity ids (which depend on thread timing): its terms,
// values, data and the display names of its entities.
struct Snapshot {
  std::set<std::string> terms;
  std::map<Xapian::valueno, std::string> values;
  std::string data;
  std::set<std::string> entity_names;
  bool operator==(const Snapshot&) const = default;
};

inline std::map<std::string, Snapshot> snapshot(const Xapian::Database& db) {
  std::map<std::string, Snapshot> documents;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const Xapian::Document doc = db.get_document(*it);
    Snapshot s;
    std::string id;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      s.terms.insert(*t);
      if ((*t).starts_with(schema::kPrefixId)) id = *t;
    }
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v) {
      if (v.get_valueno() != schema::kSlotEntities) s.values[v.get_valueno()] = *v;
    }
    for (const entities::EntityId entity :
         entities::decode_entity_ids(doc.get_value(schema::kSlotEntities))) {
      s.entity_names.insert(
          db.get_metadata(std::string(schema::kMetaEntityName) + std::to_string(entity)));
    }
    s.data = doc.get_data();
    documents[id] = s;
  }
  return documents;
}

// Returns "" when `a` and `b` hold the same documents, else what first differs.
inline std::string first_difference(const std::map<std::string, Snapshot>& a,
                                    const std::map<std::string, Snapshot>& b) {
  for (const auto& [id, x] : a) {
    const auto it = b.find(id);
    if (it == b.end()) return id + " missing";
    const Snapshot& y = it->second;
    if (x.terms != y.terms) {
      std::string terms = id + ": terms";
      for (const std::string& t : x.terms) {
        if (y.terms.count(t) == 0) terms += " -" + t;
      }
      for (const std::string& t : y.terms) {
        if (x.terms.count(t) == 0) terms += " +" + t;
      }
      return terms;
    }
    if (x.values != y.values) {
      for (const auto& [slot, value] : x.values) {
        if (y.values.count(slot) == 0 || y.values.at(slot) != value) {
          return id + ": value " + std::to_string(slot);
        }
      }
      return id + ": values";
    }
    if (x.data != y.data) return id + ": data";
    if (x.entity_names != y.entity_names) {
      std::string names = id + ": entity names";
      for (const std::string& name : x.entity_names) names += " [" + name + "]";
      names += " vs";
      for (const std::string& name : y.entity_names) names += " [" + name + "]";
      return names;
    }
  }
  return a.size() == b.size() ? "" : "document counts";
}

inline std::map<std::string, Xapian::doccount> spellings(const Xapian::Database& db) {
  std::map<std::string, Xapian::doccount> words;
  for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
    words[*it] = it.get_termfreq();
  }
  return words;
}

inline std::map<std::string, std::set<std::string>> synonyms(const Xapian::Database& db) {
  std::map<std::string, std::set<std::string>> all;
  for (auto key = db.synonym_keys_begin(); key != db.synonym_keys_end(); ++key) {
    all[*key] = {db.synonyms_begin(*key), db.synonyms_end(*key)};
  }
  return all;
}

}  // namespace newsdex::index::fixtures
