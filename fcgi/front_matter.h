// FrontMatter: a content file split into its YAML front matter and its
// Markdown body, with accessors that report problems at the line of the
// field. Used by the importer for posts and authors. Not thread-safe per
// object; separate objects are independent.
#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "problem.h"

namespace levelpress {

class FrontMatter {
 public:
  // Splits and parses `text` (the whole file); problems name `file`.
  // Returns false (with a problem added) when there is no usable front matter.
  bool Parse(const std::string& file, std::string_view text,
             std::vector<Problem>* problems);

  const std::string& body() const { return body_; }
  bool Has(const char* field) const;
  int LineOf(const char* field) const;  // line of the field, or of "---"

  // Each returns nullopt when the field is absent; a field of the wrong
  // type adds a problem and also returns nullopt.
  std::optional<std::string> String(const char* field,
                                    std::vector<Problem>* problems) const;
  std::optional<bool> Bool(const char* field,
                           std::vector<Problem>* problems) const;
  // A sequence of strings, or one string split at commas (or spaces when
  // there is no comma, as Jekyll does).
  std::optional<std::vector<std::string>> Strings(
      const char* field, std::vector<Problem>* problems) const;

  Problem At(const char* field, std::string message,
             bool warning = false) const;

 private:
  std::string file_;
  YAML::Node root_;
  std::map<std::string, int> key_lines_;  // file line of each `key:`
  std::string body_;
};

}  // namespace levelpress
