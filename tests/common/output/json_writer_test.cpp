// Tests for JsonWriter: escapes, numbers, nesting, and ill-formed UTF-8.
#include "output/json_writer.hpp"

#include <doctest/doctest.h>

#include <limits>
#include <nlohmann/json.hpp>

namespace newsdex::output {
namespace {

std::string string_json(std::string_view text) {
  std::string out;
  JsonWriter(out).string(text);
  return out;
}

std::string number_json(double value) {
  std::string out;
  JsonWriter(out).number(value);
  return out;
}

}  // namespace

TEST_CASE("JsonWriter escapes strings as nlohmann::json::dump does") {
  struct Case {
    std::string text;
    std::string json;
  };
  const Case cases[] = {
      {"", R"("")"},
      {"plain", R"("plain")"},
      {"say \"hi\"", R"("say \"hi\"")"},
      {"back\\slash", R"("back\\slash")"},
      {"a\nb\tc\rd\be\ff", R"("a\nb\tc\rd\be\ff")"},
      {std::string("nul\0!", 5), R"("nul\u0000!")"},
      {"\x1b[2J\x07\x1f", R"("\u001b[2J\u0007\u001f")"},
      {"\x7f/", "\"\x7f/\""},                                        // DEL and '/' as they are
      {"caf\xC3\xA9 \xE2\x80\xA6", "\"caf\xC3\xA9 \xE2\x80\xA6\""},  // UTF-8 as it is
      {"Bad \xFF byte", "\"Bad \xEF\xBF\xBD byte\""},                // ill-formed: U+FFFD
      {"cut \xE2\x80", "\"cut \xEF\xBF\xBD\""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(string_json(c.text) == c.json);
    const std::string expected =
        nlohmann::json(c.text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    CHECK(string_json(c.text) == expected);
  }
  // Every control character, one at a time, reads back as itself.
  for (int byte = 0; byte < 0x20; ++byte) {
    const std::string text(1, static_cast<char>(byte));
    CAPTURE(byte);
    CHECK(nlohmann::json::parse(string_json(text)).get<std::string>() == text);
  }
}

TEST_CASE("JsonWriter writes numbers that read back the same") {
  CHECK(number_json(3.25) == "3.25");
  CHECK(number_json(2.0) == "2.0");  // still a floating-point number to a reader
  CHECK(number_json(0.0) == "0.0");
  CHECK(number_json(-1.5) == "-1.5");
  CHECK(number_json(1e-05) == "1e-05");
  CHECK(number_json(std::numeric_limits<double>::quiet_NaN()) == "null");
  CHECK(number_json(std::numeric_limits<double>::infinity()) == "null");
  // Shortest forms: nlohmann writes this one with a 17th digit; both read back the same.
  CHECK(number_json(6.4084073274455164) == "6.408407327445516");
  for (const double value : {0.1, 1.0 / 3, 6.4084073274455164, 10.3532323078926, 1e300, 5e-324,
                             0.0015150680000000001, 123456789.0}) {
    CAPTURE(value);
    CHECK(nlohmann::json::parse(number_json(value)).get<double>() == value);
  }
  std::string integers;
  JsonWriter(integers).begin_array().number(0).number(-7).number(
      std::size_t{18446744073709551615u});
  CHECK(integers == "[0,-7,18446744073709551615");
}

TEST_CASE("JsonWriter puts commas and colons where JSON needs them") {
  std::string out;
  JsonWriter json(out);
  json.begin_object();
  json.key("a").number(1);
  json.key("b").begin_array().end_array();
  json.key("c").begin_array().begin_object().end_object().begin_object().key("d").null();
  json.end_object().end_array();
  json.key("e").boolean(true).key("f").boolean(false).key("g").string_or_null("");
  json.key("h").string_or_null("x").key("i").begin_object().end_object();
  json.end_object();
  CHECK(out == R"({"a":1,"b":[],"c":[{},{"d":null}],"e":true,"f":false,"g":null,"h":"x","i":{}})");
  CHECK(nlohmann::json::parse(out).size() == 8);
}

}  // namespace newsdex::output
