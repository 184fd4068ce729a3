// Tests for corpus::decode_to_utf8 and looks_binary: BOMs, UTF-16, legacy charsets, repair.
#include "corpus/encoding.hpp"

#include <doctest/doctest.h>

#include <string>

namespace newsdex::corpus {

TEST_CASE("decode_to_utf8 takes UTF-8 as it is and drops its byte order mark") {
  const DecodedText plain = decode_to_utf8("Caf\xC3\xA9");
  CHECK(plain.text == "Caf\xC3\xA9");
  CHECK_FALSE(plain.converted);
  CHECK(plain.encoding == "UTF-8");
  const DecodedText bom = decode_to_utf8(
      "\xEF\xBB\xBF"
      "Caf\xC3\xA9");
  CHECK(bom.text == "Caf\xC3\xA9");
  CHECK_FALSE(bom.converted);
}

TEST_CASE("decode_to_utf8 converts UTF-16 with a byte order mark, either endianness") {
  const std::string le(
      "\xFF\xFE"
      "C\0a\0f\0\xE9\0",
      10);
  const std::string be("\xFE\xFF\0C\0a\0f\0\xE9", 10);
  for (const std::string& input : {le, be}) {
    const DecodedText decoded = decode_to_utf8(input);
    CHECK(decoded.text == "Caf\xC3\xA9");
    CHECK(decoded.converted);
    CHECK(decoded.replaced == 0);
  }
  CHECK(decode_to_utf8(le).encoding == "UTF-16LE");
  CHECK(decode_to_utf8(be).encoding == "UTF-16BE");
  // An unpaired surrogate and an odd trailing byte become U+FFFD, never invalid UTF-8.
  const DecodedText broken =
      decode_to_utf8(std::string("\xFF\xFE"
                                 "a\0\x00\xD8"
                                 "b\0x",
                                 9));
  CHECK(broken.text.find("\xEF\xBF\xBD") != std::string::npos);
}

TEST_CASE("decode_to_utf8 detects Latin-1 and Windows-1252 and converts them") {
  const std::string latin1 =
      "Les caf\xE9s de la place ont rouvert apr\xE8s les travaux, et le ma\xEEtre d'h\xF4tel "
      "\xE9tait ravi de revoir ses habitu\xE9s.";
  const DecodedText decoded = decode_to_utf8(latin1);
  CHECK(decoded.converted);
  CHECK(decoded.encoding == "ISO-8859-1");
  CHECK(decoded.text.find("caf\xC3\xA9s") != std::string::npos);
  CHECK(decoded.text.find("ma\xC3\xAEtre") != std::string::npos);
  // 0x92 and 0x93/0x94 are Windows-1252 quotes, never C1 controls.
  const std::string cp1252 =
      "The council\x92s plan, called \x93"
      "bold\x94 by the mayor, was approved on Tuesday after a "
      "long debate about the harbour and the caf\xE9"
      "s along it.";
  const DecodedText quotes = decode_to_utf8(cp1252);
  CHECK(quotes.converted);
  CHECK(quotes.text.find("council\xE2\x80\x99s") != std::string::npos);
  CHECK(quotes.text.find("\xE2\x80\x9C"
                         "bold\xE2\x80\x9D") != std::string::npos);
}

TEST_CASE("decode_to_utf8 repairs mostly-UTF-8 text with a stray byte instead of reinterpreting") {
  std::string text;
  for (int i = 0; i < 20; ++i)
    text +=
        "Caf\xC3\xA9 cr\xC3\xA8me br\xC3\xBBl\xC3\xA9"
        "e. ";
  text +=
      "M\xFC"
      "nchen.";
  const DecodedText decoded = decode_to_utf8(text);
  CHECK_FALSE(decoded.converted);
  CHECK(decoded.replaced == 1);
  CHECK(decoded.text.find("Caf\xC3\xA9 cr\xC3\xA8me") == 0);
  CHECK(decoded.text.find("M\xEF\xBF\xBDnchen.") != std::string::npos);
}

TEST_CASE("looks_binary finds NUL bytes but not in UTF-16") {
  CHECK(looks_binary(std::string("a\0b", 3)));
  CHECK_FALSE(looks_binary("text"));
  CHECK_FALSE(
      looks_binary(std::string("\xFF\xFE"
                               "a\0",
                               4)));
}

}  // namespace newsdex::corpus
