// Hugo's TOML and JSON front matter (front_matter.h): read into the same
// YAML tree as YAML front matter, with each top-level key's file line.

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string>

#include "front_matter.h"
#include "toml_ascii.h"
#include "toml_parser.h"

namespace levelpress {

// What toml++ 3.3 must not see (front_matter.h): a non-ASCII byte outside
// a string ("...", '...', their triple forms) or comment, and a table
// header whose key starts with a character no key starts with ("[>x]":
// toml++ assumes it cannot, found by the hugo_config fuzz target).
size_t TomlUnsafeAt(std::string_view t, std::string* what) {
  size_t i = 0;
  int value_depth = 0;     // open [ and { of values (arrays, inline tables)
  bool line_start = true;  // only white space so far on this line
  auto key_start = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
           c == '-' || c == '"' || c == '\'' || c == ']';
  };
  while (i < t.size()) {
    const char c = t[i];
    if (c == '#') {
      i = t.find('\n', i);
      if (i == std::string_view::npos) return i;
      continue;
    } else if (c == '"' || c == '\'') {
      const bool triple = t.substr(i, 3) == std::string(3, c);
      const std::string close = triple ? std::string(3, c) : std::string(1, c);
      size_t j = i + close.size();
      while (j < t.size() && t.substr(j, close.size()) != close) {
        if (c == '"' && t[j] == '\\') ++j;  // an escape: skip its next byte
        if (j >= t.size() || (!triple && t[j] == '\n')) break;
        ++j;
      }
      i = j + close.size();
      line_start = false;
      continue;
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      *what = "a non-ASCII character outside a quoted string";
      return i;
    } else if (c == '[' && value_depth == 0 && line_start) {
      size_t k = i + 1;
      if (k < t.size() && t[k] == '[') ++k;
      while (k < t.size() && (t[k] == ' ' || t[k] == '\t')) ++k;
      if (k < t.size() && !key_start(t[k])) {
        *what =
            "a table header's key starts with '" + std::string(1, t[k]) + "'";
        return k;
      }
      i = k;
      line_start = false;
      continue;
    } else if (c == '[' || c == '{') {
      ++value_depth;
    } else if ((c == ']' || c == '}') && value_depth > 0) {
      --value_depth;
    }
    if (c == '\n') {
      line_start = true;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      line_start = false;
    }
    ++i;
  }
  return std::string_view::npos;
}

namespace {

constexpr int kFirstTomlLine = 2;  // after "+++"
constexpr size_t kMaxDepth = 64;   // of nested arrays and tables

std::string_view Line(std::string_view text, size_t* pos) {
  size_t end = text.find('\n', *pos);
  if (end == std::string_view::npos) end = text.size();
  std::string_view line = text.substr(*pos, end - *pos);
  *pos = end < text.size() ? end + 1 : end;
  while (!line.empty() &&
         (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
    line.remove_suffix(1);
  return line;
}

std::string DateText(const toml::date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::string TimeText(const toml::time& t) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", t.hour, t.minute, t.second);
  return buf;
}

// A TOML value as the YAML node ParseDate and the accessors read: dates
// as ISO 8601 text ("2023-01-02T10:00:00+02:00").
bool ToYaml(const toml::node& node, size_t depth, YAML::Node* out) {
  if (depth > kMaxDepth) return false;
  if (const auto* table = node.as_table()) {
    *out = YAML::Node(YAML::NodeType::Map);
    for (const auto& [key, value] : *table) {
      YAML::Node child;
      if (!ToYaml(value, depth + 1, &child)) return false;
      (*out)[TomlStringFromAscii(key.str())] = child;
    }
  } else if (const auto* array = node.as_array()) {
    *out = YAML::Node(YAML::NodeType::Sequence);
    for (const auto& value : *array) {
      YAML::Node child;
      if (!ToYaml(value, depth + 1, &child)) return false;
      out->push_back(child);
    }
  } else if (const auto* s = node.as_string()) {
    *out = YAML::Node(TomlStringFromAscii(s->get()));
  } else if (const auto* i = node.as_integer()) {
    *out = YAML::Node(std::to_string(i->get()));
  } else if (const auto* f = node.as_floating_point()) {
    *out = YAML::Node(std::to_string(f->get()));
  } else if (const auto* b = node.as_boolean()) {
    *out = YAML::Node(b->get() ? "true" : "false");
  } else if (const auto* d = node.as_date()) {
    *out = YAML::Node(DateText(d->get()));
  } else if (const auto* t = node.as_time()) {
    *out = YAML::Node(TimeText(t->get()));
  } else if (const auto* dt = node.as_date_time()) {
    const toml::date_time& v = dt->get();
    std::string text = DateText(v.date) + "T" + TimeText(v.time);
    if (v.offset) {
      int minutes = v.offset->minutes;
      char buf[16];
      std::snprintf(buf, sizeof buf, "%c%02d:%02d", minutes < 0 ? '-' : '+',
                    std::abs(minutes) / 60, std::abs(minutes) % 60);
      text += buf;
    }
    *out = YAML::Node(text);
  }
  return true;
}

}  // namespace

bool FrontMatter::ParseToml(std::string_view text, size_t toml_start,
                            std::vector<Problem>* problems) {
  size_t pos = toml_start, toml_end = std::string_view::npos;
  while (pos < text.size()) {
    size_t line_start = pos;
    if (Line(text, &pos) == "+++") {
      toml_end = line_start;
      break;
    }
  }
  if (toml_end == std::string_view::npos) {
    problems->push_back(
        {file_, 1, "", "the front matter has no closing '+++' line"});
    return false;
  }
  const std::string_view toml_text =
      text.substr(toml_start, toml_end - toml_start);
  size_t before = problems->size();
  CheckUtf8(toml_text, kFirstTomlLine, problems);
  if (problems->size() > before) return false;
  // toml++ 3.3 (Debian 12) reaches undefined behaviour (a shift by 64,
  // an "unreachable" switch default) when it asks whether a non-ASCII
  // character outside a string or comment is whitespace (found by the
  // front_matter fuzz target). TOML allows none there, so such front
  // matter is refused here with its line and never reaches the library.
  std::string unsafe;
  if (size_t at = TomlUnsafeAt(toml_text, &unsafe);
      at != std::string_view::npos) {
    const int line =
        kFirstTomlLine + static_cast<int>(std::count(
                             toml_text.begin(), toml_text.begin() + at, '\n'));
    problems->push_back(
        {file_, line, "front matter", "not valid TOML: " + unsafe});
    return false;
  }
  body_ = std::string(text.substr(pos));
  body_line_ =
      1 + static_cast<int>(std::count(text.begin(), text.begin() + pos, '\n'));
  // toml++ sees the text in ASCII (toml_ascii.h); strings and keys are
  // decoded back.
  toml::parse_result parsed = toml::parse(TomlToAscii(toml_text));
  if (!parsed) {
    const toml::parse_error& e = parsed.error();
    problems->push_back(
        {file_, static_cast<int>(e.source().begin.line) + kFirstTomlLine - 1,
         "front matter", "not valid TOML: " + std::string(e.description())});
    return false;
  }
  const toml::table& table = parsed.table();
  if (!ToYaml(table, 0, &root_)) {
    problems->push_back({file_, kFirstTomlLine, "front matter",
                         "nested more than 64 levels deep"});
    return false;
  }
  for (const auto& [key, value] : table) {
    key_lines_[TomlStringFromAscii(key.str())] =
        static_cast<int>(key.source().begin.line) + kFirstTomlLine - 1;
  }
  return true;
}

bool FrontMatter::ParseJson(std::string_view text,
                            std::vector<Problem>* problems) {
  // The object ends at its closing brace (strings and escapes skipped).
  size_t depth = 0, end = std::string_view::npos;
  bool in_string = false;
  for (size_t i = 0; i < text.size() && end == std::string_view::npos; ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxDepth) break;
    } else if ((c == '}' || c == ']') && depth > 0 && --depth == 0) {
      end = i + 1;
    }
  }
  if (end == std::string_view::npos) {
    problems->push_back({file_, 1, "front matter",
                         "the JSON front matter has no closing '}' (or is "
                         "nested more than 64 levels deep)"});
    return false;
  }
  const std::string_view json = text.substr(0, end);
  size_t before = problems->size();
  CheckUtf8(json, 1, problems);
  if (problems->size() > before) return false;
  size_t pos = end;
  Line(text, &pos);  // the rest of the closing brace's line
  body_ = std::string(text.substr(pos));
  body_line_ =
      1 + static_cast<int>(std::count(text.begin(), text.begin() + pos, '\n'));
  try {
    root_ = YAML::Load(std::string(json));  // JSON is YAML
  } catch (const YAML::Exception& e) {
    problems->push_back(
        {file_, e.mark.line + 1, "front matter", "not valid JSON: " + e.msg});
    return false;
  }
  if (!root_.IsMap()) {
    problems->push_back(
        {file_, 1, "front matter", "must be a JSON object of fields"});
    return false;
  }
  for (const auto& kv : root_) {
    if (kv.first.IsScalar())
      key_lines_[kv.first.Scalar()] = kv.first.Mark().line + 1;
  }
  return true;
}

}  // namespace levelpress
