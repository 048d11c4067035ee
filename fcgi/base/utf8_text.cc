#include "utf8_text.h"

namespace levelpress {

size_t InvalidUtf8At(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    // Table 3-7 of the Unicode standard: well-formed byte sequences.
    size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
    } else if (c == 0xE0) {
      n = 2, lo = 0xA0;
    } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
      n = 2;
    } else if (c == 0xED) {
      n = 2, hi = 0x9F;  // no surrogates
    } else if (c == 0xF0) {
      n = 3, lo = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3) {
      n = 3;
    } else if (c == 0xF4) {
      n = 3, hi = 0x8F;  // nothing past U+10FFFF
    } else {
      return i;
    }
    if (s.size() - i <= n) return i;
    for (size_t j = 1; j <= n; ++j) {
      unsigned char b = static_cast<unsigned char>(s[i + j]);
      if (b < (j == 1 ? lo : 0x80) || b > (j == 1 ? hi : 0xBF)) return i;
    }
    i += n + 1;
  }
  return std::string_view::npos;
}

namespace {

// The length of the forbidden character at s[i], or 0 if s[i] begins none.
size_t ForbiddenLength(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return 1;
  if (c == 0xEF && i + 2 < s.size() &&
      static_cast<unsigned char>(s[i + 1]) == 0xBF &&
      (static_cast<unsigned char>(s[i + 2]) & 0xFE) == 0xBE) {
    return 3;  // U+FFFE, U+FFFF
  }
  return 0;
}

}  // namespace

size_t XmlForbiddenAt(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (ForbiddenLength(text, i) > 0) return i;
  }
  return std::string_view::npos;
}

std::string WithoutXmlForbidden(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (size_t n = ForbiddenLength(text, i); n > 0) {
      i += n;
    } else {
      out.push_back(text[i++]);
    }
  }
  return out;
}

}  // namespace levelpress
