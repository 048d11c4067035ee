// What the fuzz targets assert, shared by them: a failed check traps, so
// libFuzzer keeps the input. XmlSafe is written here from the XML 1.0
// character rules, apart from the code under test, so it can catch it.
#pragma once

#include <string>
#include <string_view>

#include "front_matter.h"

namespace levelpress::fuzz {

inline void Check(bool ok) {
  if (!ok) __builtin_trap();
}

// Valid UTF-8 with no C0 control but tab, LF and CR, and no U+FFFE/FFFF:
// what feed.xml and sitemap.xml can carry.
inline bool XmlSafe(const std::string& s) {
  if (InvalidUtf8At(s) != std::string_view::npos) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return false;
    if (c == 0xEF && i + 2 < s.size() &&
        static_cast<unsigned char>(s[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(s[i + 2]) & 0xFE) == 0xBE) {
      return false;
    }
  }
  return true;
}

}  // namespace levelpress::fuzz
