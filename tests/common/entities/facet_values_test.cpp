// Tests for the entity facet value encoding: encode_facet_values, decode_facet_values, letters.
#include "entities/facet_values.hpp"

#include <doctest/doctest.h>

#include <utility>

namespace newsdex::entities {
namespace {

using Pairs = std::vector<std::pair<EntityType, std::string>>;

Pairs decode(std::string_view encoded) {
  Pairs pairs;
  decode_facet_values(encoded, [&pairs](EntityType type, std::string_view name) {
    pairs.emplace_back(type, std::string(name));
  });
  return pairs;
}

}  // namespace

TEST_CASE("type letters round-trip and unknown letters are refused") {
  for (EntityType type : kAllEntityTypes) {
    CAPTURE(type_name(type));
    CHECK(type_of_letter(type_letter(type)) == type);
  }
  CHECK(type_letter(EntityType::kPerson) == 'p');
  CHECK(type_letter(EntityType::kOrg) == 'o');
  CHECK(type_letter(EntityType::kPlace) == 'l');
  CHECK(type_letter(EntityType::kOther) == 'e');
  for (char letter : {'x', 'P', '\n', '\0', ' '}) {
    CAPTURE(static_cast<int>(letter));
    CHECK_FALSE(type_of_letter(letter).has_value());
  }
}

TEST_CASE("encode_facet_values writes letter, name and newline per entity") {
  const std::vector<Entity> list = {{EntityType::kPerson, "Marco Rubio", {}},
                                    {EntityType::kOrg, "NATO", {}},
                                    {EntityType::kPlace, "K\xC3\xB6ln", {}},
                                    {EntityType::kOther, "G7", {}}};
  CHECK(encode_facet_values(list) == "pMarco Rubio\noNATO\nlK\xC3\xB6ln\neG7\n");
  CHECK(encode_facet_values({}).empty());
}

TEST_CASE("encode and decode round-trip, in order") {
  const std::vector<Entity> list = {{EntityType::kPerson, "Volodymyr Zelensky", {}},
                                    {EntityType::kPerson, "Donald Trump", {}},
                                    {EntityType::kPlace, "S\xC3\xA3o Paulo", {}},
                                    {EntityType::kOrg, "U.N.", {}},
                                    {EntityType::kOther, "x", {}}};
  const Pairs expected = {{EntityType::kPerson, "Volodymyr Zelensky"},
                          {EntityType::kPerson, "Donald Trump"},
                          {EntityType::kPlace, "S\xC3\xA3o Paulo"},
                          {EntityType::kOrg, "U.N."},
                          {EntityType::kOther, "x"}};
  CHECK(decode(encode_facet_values(list)) == expected);
}

TEST_CASE("a newline or carriage return in a name becomes a space and cannot split a record") {
  const std::vector<Entity> list = {{EntityType::kOrg, "Acme\nCorp", {}},
                                    {EntityType::kPerson, "pFake\r\nName", {}},
                                    {EntityType::kPlace, "Paris", {}}};
  const std::string encoded = encode_facet_values(list);
  CHECK(encoded == "oAcme Corp\nppFake  Name\nlParis\n");
  CHECK(decode(encoded) == Pairs{{EntityType::kOrg, "Acme Corp"},
                                 {EntityType::kPerson, "pFake  Name"},
                                 {EntityType::kPlace, "Paris"}});
}

TEST_CASE("entities without a name are not encoded") {
  const std::vector<Entity> list = {{EntityType::kPerson, "", {}}, {EntityType::kOrg, "EU", {}}};
  CHECK(encode_facet_values(list) == "oEU\n");
}

TEST_CASE("decode_facet_values skips malformed records") {
  CHECK(decode("").empty());
  CHECK(decode("\n\n").empty());
  CHECK(decode("p\n").empty());         // no name
  CHECK(decode("xUnknown\n").empty());  // unknown letter
  CHECK(decode("p\nxBad\n\nlBerlin\n") == Pairs{{EntityType::kPlace, "Berlin"}});
  CHECK(decode("pNo final newline") == Pairs{{EntityType::kPerson, "No final newline"}});
}

}  // namespace newsdex::entities
