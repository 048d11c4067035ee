// TOML text made ASCII before toml++ reads it, and its strings back.
//
// toml++ 3.3 (Debian 12's libtomlplusplus-dev) reaches undefined
// behaviour (a shift by 64, an "unreachable" switch default) when its
// lexer asks whether some non-ASCII characters are whitespace, which it
// does at places that are hard to predict from outside (the front_matter
// and hugo_config fuzz targets kept finding new ones). TOML allows
// non-ASCII characters only inside strings, quoted keys and comments, and
// any printable ASCII is allowed there too. So the library is given the
// text with every byte >= 0x80 written as "^XX" (two hex digits) and '^'
// as "^^": lines and everything ASCII stay where they were (errors keep
// their lines), the library never sees a non-ASCII byte, and every string
// and key it returns is decoded with TomlStringFromAscii. A non-ASCII
// character outside a string is then an ordinary TOML error at its line.
//
// One loss: a '^' that the TOML text writes as an escape ("\u005E") is
// decoded as the start of "^XX". Nobody writes that; it cannot make
// anything invalid (the decoded bytes are checked as UTF-8 by the caller
// like any other value).
#pragma once

#include <string>
#include <string_view>

namespace levelpress {

std::string TomlToAscii(std::string_view text);
std::string TomlStringFromAscii(std::string_view ascii);

}  // namespace levelpress
