// TOML text made ASCII before toml++ reads it (fcgi/content/toml_ascii.h):
// every byte round-trips, lines stay lines, toml++ reads strings, keys and
// comments with any UTF-8 in them, and input that reached undefined
// behaviour in toml++ 3.3 is an ordinary parse error (the sanitizer build
// of this test catches the undefined behaviour if it comes back).
#define BOOST_TEST_MODULE toml_ascii
#define BOOST_TEST_DYN_LINK
#include "toml_ascii.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <string>

#include "toml_parser.h"  // toml++ as LevelPress includes it

using namespace levelpress;

BOOST_AUTO_TEST_CASE(every_byte_round_trips_and_the_text_is_ascii) {
  std::string all;
  for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
  all += "^^^ ^41 ^";
  const std::string ascii = TomlToAscii(all);
  BOOST_CHECK(std::all_of(ascii.begin(), ascii.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x80;
  }));
  BOOST_CHECK_EQUAL(std::count(ascii.begin(), ascii.end(), '\n'),
                    std::count(all.begin(), all.end(), '\n'));
  BOOST_CHECK(TomlStringFromAscii(ascii) == all);
  BOOST_CHECK_EQUAL(TomlToAscii("caf\xC3\xA9 ^"), "caf^C3^A9 ^^");
}

BOOST_AUTO_TEST_CASE(toml_reads_utf8_in_strings_keys_and_comments) {
  const std::string text =
      "# K\xC3\xB6ln \xE2\x80\x94 a comment\n"
      "title = \"Gr\xC3\xBC\xC3\x9F"
      "e ^_^\"\n"
      "literal = 'd\xC3\xA9j\xC3\xA0 vu'\n"
      "\"cl\xC3\xA9\" = \"\"\"multi\n\xF0\x9F\x98\x80 line\"\"\"\n";
  toml::parse_result r = toml::parse(TomlToAscii(text));
  BOOST_REQUIRE(r);
  const toml::table& t = r.table();
  BOOST_CHECK_EQUAL(TomlStringFromAscii(*t["title"].value<std::string>()),
                    "Gr\xC3\xBC\xC3\x9F"
                    "e ^_^");
  BOOST_CHECK_EQUAL(TomlStringFromAscii(*t["literal"].value<std::string>()),
                    "d\xC3\xA9j\xC3\xA0 vu");
  bool found = false;
  for (const auto& [key, value] : t) {
    if (TomlStringFromAscii(key.str()) == "cl\xC3\xA9") {
      found = true;
      BOOST_CHECK_EQUAL(TomlStringFromAscii(*value.value<std::string>()),
                        "multi\n\xF0\x9F\x98\x80 line");
    }
  }
  BOOST_CHECK(found);
}

BOOST_AUTO_TEST_CASE(non_ascii_outside_strings_is_an_error_at_its_line) {
  // U+00A0 and U+FEFF outside strings: what reached toml++ 3.3's undefined
  // behaviour, and the fuzz target's reproducer with a run of quotes.
  for (const std::string& text :
       {std::string("a = 1\nb =\xC2\xA0"
                    "2\n"),
        std::string("a = 1\nb = 2\xEF\xBB\xBF\n"),
        std::string(
            "a = 1\nIIIIi6666=6666\"\"\"\"\"\"\"\"6666\"\"\"\"\"2\"\"\"&"
            "\"\"\"\"\"\"6666:\xCA\xAB"
            "III \n")}) {
    toml::parse_result r = toml::parse(TomlToAscii(text));
    BOOST_CHECK(!r);
    if (!r) BOOST_CHECK_EQUAL(r.error().source().begin.line, 2u);
  }
}
