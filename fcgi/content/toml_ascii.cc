#include "toml_ascii.h"

namespace levelpress {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string TomlToAscii(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b == '^') {
      out += "^^";
    } else if (b >= 0x80) {
      out += '^';
      out += kHex[b >> 4];
      out += kHex[b & 15];
    } else {
      out += c;
    }
  }
  return out;
}

std::string TomlStringFromAscii(std::string_view ascii) {
  std::string out;
  out.reserve(ascii.size());
  for (size_t i = 0; i < ascii.size(); ++i) {
    if (ascii[i] != '^' || i + 1 >= ascii.size()) {
      out += ascii[i];
    } else if (ascii[i + 1] == '^') {
      out += '^';
      ++i;
    } else if (i + 2 < ascii.size() && HexValue(ascii[i + 1]) >= 0 &&
               HexValue(ascii[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(ascii[i + 1]) * 16 +
                               HexValue(ascii[i + 2]));
      i += 2;
    } else {
      out += ascii[i];  // not ours (written as an escape): kept
    }
  }
  return out;
}

}  // namespace levelpress
