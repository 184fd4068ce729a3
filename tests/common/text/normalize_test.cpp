// Tests for text::normalize, repair_utf8 and strip_controls.
#include "text/normalize.hpp"

#include <doctest/doctest.h>

namespace newsdex::text {

TEST_CASE("normalize folds case, accents, compatibility forms and quotes") {
  struct Case {
    std::string input;
    std::string expected;
  };
  const Case cases[] = {
      {"Köln", "koln"},
      {"KÖLN", "koln"},
      {"koln", "koln"},
      {"Zelenskyy’s", "zelenskyy's"},
      {"“Tomahawk”", "\"tomahawk\""},
      {"ﬁnance", "finance"},          // ligature (NFKC)
      {"Straße", "strasse"},          // full case folding
      {"Søren Łódź", "soren lodz"},   // letters without decompositions
      {"e\xCC\x81t\xC3\xA9", "ete"},  // combining accent and precomposed
      {"U.S.-Russia", "u.s.-russia"},
      {"U.S.\xE2\x80\x93Russia", "u.s.-russia"},  // en dash
      {"Mixed ASCII and café\n\tline", "mixed ascii and cafe\n\tline"},
      {"", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.input);
    CHECK(normalize(c.input) == c.expected);
  }
}

TEST_CASE("repair_utf8 replaces each ill-formed sequence and counts them") {
  std::size_t replaced = 0;
  CHECK(repair_utf8("plain", &replaced) == "plain");
  CHECK(replaced == 0);
  CHECK(repair_utf8("caf\xE9 ok", &replaced) == "caf\xEF\xBF\xBD ok");
  CHECK(replaced == 1);
  CHECK(repair_utf8("\xC0\xAF", &replaced) == "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong
  CHECK(replaced == 3);
  CHECK(repair_utf8("K\xC3\xB6ln") == "K\xC3\xB6ln");
  CHECK(is_valid_utf8("K\xC3\xB6ln"));
  CHECK_FALSE(is_valid_utf8("K\xF6ln"));
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));  // surrogate
}

TEST_CASE("strip_controls removes escape sequences' introducers and C1 controls") {
  CHECK(strip_controls("a\x1b]0;pwned\x07z") == "a]0;pwnedz");
  CHECK(strip_controls("a\x1b[2Jb") == "a[2Jb");
  CHECK(strip_controls("tab\tnew\nline") == "tab\tnew\nline");
  CHECK(strip_controls("c1\xC2\x9B"
                       "31m") == "c131m");
  CHECK(strip_controls("K\xC3\xB6ln") == "K\xC3\xB6ln");
}

}  // namespace newsdex::text
