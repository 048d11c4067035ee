#include "front_matter.h"

#include <cctype>

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

}  // namespace

bool FrontMatter::Parse(const std::string& file, std::string_view text,
                        std::vector<Problem>* problems) {
  file_ = file;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // BOM
  size_t pos = 0;
  std::string_view first = NextLine(text, &pos);
  while (!first.empty() && (first.back() == ' ' || first.back() == '\t'))
    first.remove_suffix(1);
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
  body_ = std::string(text.substr(pos));
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

bool FrontMatter::Has(const char* field) const {
  return root_[field].IsDefined() && !root_[field].IsNull();
}

int FrontMatter::LineOf(const char* field) const {
  auto it = key_lines_.find(field);
  return it == key_lines_.end() ? 1 : it->second;
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
        problems->push_back({file_, item.Mark().line + kFirstYamlLine, field,
                             "each item must be a single value"});
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
