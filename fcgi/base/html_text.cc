#include "html_text.h"

#include <cctype>
#include <cstdint>
#include <cstdlib>

namespace levelpress {
namespace {

constexpr size_t kWordsPerMinute = 230;

bool IsSpace(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Decodes the entity at html[i] ('&') into *out; returns its length, or 0
// when it is not one we know (the '&' is then kept as text).
size_t DecodeEntity(std::string_view html, size_t i, std::string* out) {
  size_t semi = html.find(';', i);
  if (semi == std::string_view::npos || semi - i > 10) return 0;
  std::string_view name = html.substr(i + 1, semi - i - 1);
  if (name == "amp") {
    out->push_back('&');
  } else if (name == "lt") {
    out->push_back('<');
  } else if (name == "gt") {
    out->push_back('>');
  } else if (name == "quot") {
    out->push_back('"');
  } else if (name == "apos") {
    out->push_back('\'');
  } else if (name.size() > 1 && name[0] == '#') {
    const bool hex = name[1] == 'x' || name[1] == 'X';
    std::string digits(name.substr(hex ? 2 : 1));
    if (digits.empty()) return 0;
    char* end = nullptr;
    unsigned long cp = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
    if (*end != '\0') return 0;
    AppendUtf8(static_cast<uint32_t>(cp), out);
  } else {
    return 0;
  }
  return semi - i + 1;
}

// Whether the tag at html[i] ('<') separates words: a block ("<p>a</p><p>b"
// is two words) or a line break, not inline markup ("<em>un</em>done").
bool SeparatesWords(std::string_view html, size_t i) {
  size_t start = i + 1;
  if (start < html.size() && html[start] == '/') ++start;
  size_t end = start;
  while (end < html.size() &&
         std::isalnum(static_cast<unsigned char>(html[end])))
    ++end;
  // No copy on the heap: highlighted code has a <span> every few bytes.
  constexpr size_t kLongest = 10;  // "figcaption"
  if (end == start || end - start > kLongest) return false;
  char lower[kLongest];
  for (size_t k = start; k < end; ++k) {
    lower[k - start] =
        static_cast<char>(std::tolower(static_cast<unsigned char>(html[k])));
  }
  const std::string_view name(lower, end - start);
  static constexpr std::string_view kBlocks[] = {
      "p",  "div", "br", "li",      "ul",      "ol",         "h1",
      "h2", "h3",  "h4", "h5",      "h6",      "pre",        "blockquote",
      "tr", "td",  "th", "table",   "figure",  "figcaption", "hr",
      "dd", "dt",  "dl", "section", "details", "summary"};
  for (std::string_view block : kBlocks) {
    if (name == block) return true;
  }
  return false;
}

}  // namespace

std::string HtmlToText(std::string_view html) {
  std::string out;
  out.reserve(html.size());  // the text is no longer than the HTML
  bool space = false;
  for (size_t i = 0; i < html.size();) {
    char c = html[i];
    if (c == '<') {
      size_t end = html.find('>', i);
      if (end == std::string_view::npos) break;
      if (SeparatesWords(html, i)) space = true;
      i = end + 1;
      continue;
    }
    if (IsSpace(c)) {
      space = true;
      ++i;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    size_t used = c == '&' ? DecodeEntity(html, i, &out) : 0;
    if (used == 0) {
      out.push_back(c);
      used = 1;
    }
    i += used;
  }
  return out;
}

size_t CountWords(std::string_view text) {
  size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    if (IsSpace(c)) {
      in_word = false;
    } else if (!in_word) {
      in_word = true;
      ++words;
    }
  }
  return words;
}

int ReadingMinutes(size_t words) {
  size_t minutes = (words + kWordsPerMinute / 2) / kWordsPerMinute;
  return minutes < 1 ? 1 : static_cast<int>(minutes);
}

void AppendEscapedHtml(std::string_view text, std::string* out) {
  for (char c : text) {
    switch (c) {
      case '&':
        *out += "&amp;";
        break;
      case '<':
        *out += "&lt;";
        break;
      case '>':
        *out += "&gt;";
        break;
      case '"':
        *out += "&quot;";
        break;
      case '\'':
        *out += "&#39;";
        break;
      default:
        *out += c;
    }
  }
}

}  // namespace levelpress
