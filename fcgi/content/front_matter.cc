#include "front_matter.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "slug.h"
#include "utf8_text.h"

namespace levelpress {
namespace {

// The front matter's first line is file line 2 (after "---").
constexpr int kFirstYamlLine = 2;

std::string_view NextLine(std::string_view text, size_t* pos) {
  size_t end = text.find('\n', *pos);
  if (end == std::string_view::npos) end = text.size();
  std::string_view line = text.substr(*pos, end - *pos);
  *pos = end < text.size() ? end + 1 : end;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

std::string Trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.pop_back();
  size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}

// The key of a top-level `key: value` line, or "" for any other line
// (indented, a list item, a comment, a blank line).
std::string TopLevelKey(std::string_view line) {
  if (line.empty() || std::isspace(static_cast<unsigned char>(line[0])) ||
      line[0] == '-' || line[0] == '#') {
    return "";
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return "";
  std::string key = Trim(std::string(line.substr(0, colon)));
  if (key.size() >= 2 && (key[0] == '"' || key[0] == '\'') &&
      key.back() == key[0]) {
    key = key.substr(1, key.size() - 2);
  }
  return key;
}

std::string Hex(unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", c);
  return buf;
}

// The first code point in `s` that XML 1.0 cannot carry, as "U+XXXX", or
// "" if there is none. `s` is valid UTF-8.
std::string XmlForbidden(const std::string& s) {
  const size_t at = XmlForbiddenAt(s);
  if (at == std::string_view::npos) return "";
  const unsigned char c = static_cast<unsigned char>(s[at]);
  if (c == 0xEF) {
    return static_cast<unsigned char>(s[at + 2]) == 0xBE ? "U+FFFE" : "U+FFFF";
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", c);
  return buf;
}

}  // namespace

void FrontMatter::CheckUtf8(std::string_view yaml, int first_line,
                            std::vector<Problem>* problems) const {
  size_t pos = 0;
  std::string field;
  for (int line_no = first_line; pos < yaml.size(); ++line_no) {
    std::string_view line = NextLine(yaml, &pos);
    std::string key = TopLevelKey(line);
    if (!key.empty()) {
      field = InvalidUtf8At(key) == std::string_view::npos ? key : "";
    }
    size_t at = InvalidUtf8At(line);
    if (at == std::string_view::npos) continue;
    problems->push_back({file_, line_no, field.empty() ? "front matter" : field,
                         "not valid UTF-8 (byte " +
                             Hex(static_cast<unsigned char>(line[at])) +
                             " at column " + std::to_string(at + 1) +
                             "); save the file as UTF-8"});
  }
}

bool FrontMatter::CheckXmlChars(const char* field, int line,
                                const std::string& value,
                                std::vector<Problem>* problems) const {
  // An escape of a lone surrogate makes bytes that are not UTF-8 even
  // when the file is.
  if (size_t at = InvalidUtf8At(value); at != std::string_view::npos) {
    problems->push_back({file_, line, field,
                         "not valid UTF-8 (byte " +
                             Hex(static_cast<unsigned char>(value[at])) +
                             " after escapes)"});
    return false;
  }
  if (std::string bad = XmlForbidden(value); !bad.empty()) {
    problems->push_back(
        {file_, line, field,
         "holds " + bad +
             ", a control character that feeds and sitemaps cannot carry"});
    return false;
  }
  return true;
}

bool FrontMatter::Parse(const std::string& file, std::string_view text,
                        std::vector<Problem>* problems, bool skip_blank_lines) {
  file_ = file;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // BOM
  if (!skip_blank_lines) return ParseFromTop(text, problems);
  // Hugo reads the front matter after blank lines: the lines of what is
  // parsed below are shifted by those skipped.
  size_t pos = 0, line_start = 0;
  while (pos < text.size()) {
    line_start = pos;
    if (std::string_view line = NextLine(text, &pos);
        line.find_first_not_of(" \t\r") != std::string_view::npos) {
      pos = line_start;
      break;
    }
    ++skipped_lines_;
  }
  if (skipped_lines_ == 0) return ParseFromTop(text, problems);
  const size_t before = problems->size();
  const bool ok = ParseFromTop(text.substr(pos), problems);
  for (size_t i = before; i < problems->size(); ++i) {
    if ((*problems)[i].line > 0) (*problems)[i].line += skipped_lines_;
  }
  for (auto& [key, line] : key_lines_) line += skipped_lines_;
  body_line_ += skipped_lines_;
  return ok;
}

bool FrontMatter::ParseFromTop(std::string_view text,
                               std::vector<Problem>* problems) {
  const std::string& file = file_;
  size_t pos = 0;
  std::string_view first = NextLine(text, &pos);
  while (!first.empty() && (first.back() == ' ' || first.back() == '\t'))
    first.remove_suffix(1);
  if (first == "+++") return ParseToml(text, pos, problems);
  if (!first.empty() && first[0] == '{') return ParseJson(text, problems);
  if (first != "---") {
    problems->push_back({file, 1, "",
                         "no front matter: a post starts with a line '---', "
                         "then YAML fields, then '---'"});
    return false;
  }
  size_t yaml_start = pos;
  size_t yaml_end = std::string_view::npos;
  while (pos < text.size()) {
    size_t line_start = pos;
    std::string_view line = NextLine(text, &pos);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t'))
      line.remove_suffix(1);
    if (line == "---" || line == "...") {
      yaml_end = line_start;
      break;
    }
  }
  if (yaml_end == std::string_view::npos) {
    problems->push_back(
        {file, 1, "", "the front matter has no closing '---' line"});
    return false;
  }
  size_t before = problems->size();
  CheckUtf8(text.substr(yaml_start, yaml_end - yaml_start), kFirstYamlLine,
            problems);
  if (problems->size() > before) return false;
  body_ = std::string(text.substr(pos));
  body_line_ =
      1 + static_cast<int>(std::count(text.begin(), text.begin() + pos, '\n'));
  try {
    root_ =
        YAML::Load(std::string(text.substr(yaml_start, yaml_end - yaml_start)));
  } catch (const YAML::Exception& e) {
    problems->push_back({file, e.mark.line + kFirstYamlLine, "front matter",
                         "not valid YAML: " + e.msg});
    return false;
  }
  if (root_.IsNull()) root_ = YAML::Node(YAML::NodeType::Map);
  if (!root_.IsMap()) {
    problems->push_back({file, kFirstYamlLine, "front matter",
                         "must be `field: value` lines (a YAML map)"});
    return false;
  }
  for (const auto& kv : root_) {
    if (kv.first.IsScalar()) {
      key_lines_[kv.first.Scalar()] = kv.first.Mark().line + kFirstYamlLine;
    }
  }
  return true;
}

void FrontMatter::MatchFieldsInAnyCase(const std::vector<const char*>& fields,
                                       std::vector<Problem>* problems) {
  std::vector<std::pair<std::string, const char*>> renames;  // key, field
  for (const auto& kv : root_) {
    if (!kv.first.IsScalar()) continue;
    const std::string key = kv.first.Scalar();
    for (const char* field : fields) {
      if (key != field && AsciiLower(key) == AsciiLower(field)) {
        renames.emplace_back(key, field);
        break;
      }
    }
  }
  for (const auto& [key, field] : renames) {
    if (root_[field].IsDefined()) {
      problems->push_back(
          {file_, LineOf(key.c_str()), key,
           "'" + std::string(field) + "' is written too; this one is not read",
           /*warning=*/true});
      continue;
    }
    root_[field] = YAML::Clone(root_[key]);
    root_.remove(key);
    key_lines_[field] = key_lines_[key];
  }
}

bool FrontMatter::Has(const char* field) const {
  return root_[field].IsDefined() && !root_[field].IsNull();
}

bool FrontMatter::IsList(const char* field) const {
  return Has(field) && root_[field].IsSequence();
}

int FrontMatter::LineOf(const char* field) const {
  auto it = key_lines_.find(field);
  return it == key_lines_.end() ? 1 + skipped_lines_ : it->second;
}

Problem FrontMatter::At(const char* field, std::string message,
                        bool warning) const {
  return {file_, LineOf(field), field, std::move(message), warning};
}

std::optional<std::string> FrontMatter::String(
    const char* field, std::vector<Problem>* problems) const {
  if (!Has(field)) return std::nullopt;
  YAML::Node n = root_[field];
  if (!n.IsScalar()) {
    problems->push_back(At(field, "must be a single value, not a list or map"));
    return std::nullopt;
  }
  if (!CheckXmlChars(field, LineOf(field), n.Scalar(), problems)) {
    return std::nullopt;
  }
  return n.Scalar();
}

std::optional<bool> FrontMatter::Bool(const char* field,
                                      std::vector<Problem>* problems) const {
  if (!Has(field)) return std::nullopt;
  YAML::Node n = root_[field];
  bool value;
  if (!n.IsScalar() || !YAML::convert<bool>::decode(n, value)) {
    problems->push_back(At(field, "must be true or false"));
    return std::nullopt;
  }
  return value;
}

std::optional<std::vector<std::string>> FrontMatter::Strings(
    const char* field, std::vector<Problem>* problems) const {
  if (!Has(field)) return std::nullopt;
  YAML::Node n = root_[field];
  std::vector<std::string> out;
  if (n.IsSequence()) {
    for (const auto& item : n) {
      if (!item.IsScalar()) {
        problems->push_back({file_,
                             item.Mark().line + kFirstYamlLine + skipped_lines_,
                             field, "each item must be a single value"});
        return std::nullopt;
      }
      if (!CheckXmlChars(field,
                         item.Mark().line + kFirstYamlLine + skipped_lines_,
                         item.Scalar(), problems)) {
        return std::nullopt;
      }
      std::string s = Trim(item.Scalar());
      if (!s.empty()) out.push_back(s);
    }
    return out;
  }
  if (!n.IsScalar()) {
    problems->push_back(
        At(field, "must be a list like [a, b] or a single value"));
    return std::nullopt;
  }
  std::string s = n.Scalar();
  if (!CheckXmlChars(field, LineOf(field), s, problems)) return std::nullopt;
  char sep = s.find(',') != std::string::npos ? ',' : ' ';
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(sep, start);
    if (end == std::string::npos) end = s.size();
    std::string item = Trim(s.substr(start, end - start));
    if (!item.empty()) out.push_back(item);
    start = end + 1;
  }
  return out;
}

}  // namespace levelpress
