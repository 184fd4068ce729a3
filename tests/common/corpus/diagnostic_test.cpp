// Tests for corpus::Diagnostic::format and corpus::reject.
#include "corpus/diagnostic.hpp"

#include <doctest/doctest.h>

namespace newsdex::corpus {

TEST_CASE("Diagnostic::format prints file:line: severity: message") {
  struct Case {
    Diagnostic diagnostic;
    std::string expected;
  };
  const Case cases[] = {
      {{Severity::kError, "news/a.jsonl", 3, "invalid JSON"},
       "news/a.jsonl:3: error: invalid JSON"},
      {{Severity::kWarning, "b.jsonl", 12, "date ignored"}, "b.jsonl:12: warning: date ignored"},
      // Line 0 means the whole file: no line number at all.
      {{Severity::kError, "c.txt", 0, "empty file"}, "c.txt: error: empty file"},
      {{Severity::kWarning, "d.txt", 0, "bad bytes"}, "d.txt: warning: bad bytes"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.expected);
    CHECK(c.diagnostic.format() == c.expected);
  }
}

TEST_CASE("Diagnostic::format makes file names printable") {
  struct Case {
    std::string file;
    std::string expected;
  };
  const Case cases[] = {
      {"evil\x1b[2J.txt", "evil[2J.txt: error: m"},
      {"title\x1b]0;pwned\x07.txt", "title]0;pwned.txt: error: m"},
      {"c1\xC2\x9B"
       "31m.txt",
       "c131m.txt: error: m"},
      {"caf\xE9.txt", "caf\xEF\xBF\xBD.txt: error: m"},  // Latin-1 byte
      {"K\xC3\xB6ln.txt", "K\xC3\xB6ln.txt: error: m"},  // valid UTF-8 kept
  };
  for (const Case& c : cases) {
    CAPTURE(c.file);
    const Diagnostic diagnostic{Severity::kError, c.file, 0, "m"};
    CHECK(diagnostic.format() == c.expected);
  }
}

TEST_CASE("Diagnostic::format keeps a diagnostic on one line whatever the file is called") {
  // A newline or tab in a file name is a control character too: left in, it would start a
  // second, forged diagnostic line on stderr.
  const Diagnostic diagnostic{Severity::kError, "a\nb.txt:1: error: forged\tx.txt", 2, "real"};
  const std::string formatted = diagnostic.format();
  CHECK(formatted.find('\n') == std::string::npos);
  CHECK(formatted.find('\t') == std::string::npos);
  CHECK(formatted.ends_with(":2: error: real"));
}

TEST_CASE("Diagnostic::format strips escape sequences from the message") {
  const Diagnostic diagnostic{Severity::kWarning, "f.txt", 1, "id \"\x1b[31mred\" ignored"};
  CHECK(diagnostic.format() == "f.txt:1: warning: id \"[31mred\" ignored");
}

TEST_CASE("Diagnostic::format keeps a message quoting input on one line") {
  // parse_json_line quotes the id: {"id":"a\nb"} without title or body.
  const Diagnostic diagnostic{Severity::kError, "f.jsonl", 3,
                              "article \"a\nf.jsonl:4: error: forged\" has neither title nor body"};
  const std::string formatted = diagnostic.format();
  CHECK(formatted ==
        "f.jsonl:3: error: article \"a f.jsonl:4: error: forged\" has neither title nor body");
}

TEST_CASE("reject returns a rejected result holding one error") {
  const ParseResult result = reject("x.jsonl", 7, "missing id");
  CHECK(result.rejected());
  CHECK_FALSE(result.article.has_value());
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].severity == Severity::kError);
  CHECK(result.diagnostics[0].file == "x.jsonl");
  CHECK(result.diagnostics[0].line == 7);
  CHECK(result.diagnostics[0].message == "missing id");
  CHECK(result.diagnostics[0].format() == "x.jsonl:7: error: missing id");

  ParseResult accepted;
  accepted.article = Article{};
  CHECK_FALSE(accepted.rejected());
}

}  // namespace newsdex::corpus
