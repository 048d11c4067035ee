// FrontMatter: a content file split into its YAML front matter (or Hugo's
// TOML or JSON) and its Markdown body, with accessors that report problems at
// the line of the field. The front matter must be valid UTF-8, and the values
// read must not hold characters that XML cannot carry (feed.xml and sitemap.xml
// show them): both are problems at the field's line. Used by the importer for
// posts and authors. Not thread-safe per object; separate objects are
// independent.
#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "problem.h"
#include "utf8_text.h"  // InvalidUtf8At: what front matter text must be

namespace levelpress {

class FrontMatter {
 public:
  // Splits and parses `text` (the whole file); problems name `file`.
  // Returns false (with a problem added) when there is no usable front matter.
  // Hugo reads front matter after blank lines (`skip_blank_lines`);
  // Jekyll does not.
  bool Parse(const std::string& file, std::string_view text,
             std::vector<Problem>* problems, bool skip_blank_lines = false);

  const std::string& body() const { return body_; }
  int body_line() const { return body_line_; }  // file line where body starts
  bool Has(const char* field) const;
  bool IsList(const char* field) const;  // a sequence ([a, b])
  int LineOf(const char* field) const;   // line of the field, or of "---"

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

  // Hugo reads front matter keys in any case (`Title:`, `ExpiryDate:`):
  // a key that is one of `fields` but for its case is read as that field.
  // When the field is written as well, the other key is not read (a
  // warning at its line).
  void MatchFieldsInAnyCase(const std::vector<const char*>& fields,
                            std::vector<Problem>* problems);

 private:
  // Hugo's other front matters (front_matter_hugo.cc): TOML between "+++"
  // lines, and a JSON object at the file's start. Read into root_ as if
  // they were YAML, so every accessor works the same.
  bool ParseFromTop(std::string_view text, std::vector<Problem>* problems);
  bool ParseToml(std::string_view text, size_t toml_start,
                 std::vector<Problem>* problems);
  bool ParseJson(std::string_view text, std::vector<Problem>* problems);
  // Adds a problem for each front matter line with bytes that are not
  // UTF-8; `first_line` is the file line of the text's first line.
  void CheckUtf8(std::string_view yaml, int first_line,
                 std::vector<Problem>* problems) const;
  // A problem if a value read holds a character XML 1.0 forbids.
  bool CheckXmlChars(const char* field, int line, const std::string& value,
                     std::vector<Problem>* problems) const;

  std::string file_;
  YAML::Node root_;
  std::map<std::string, int> key_lines_;  // file line of each `key:`
  std::string body_;
  int body_line_ = 1;
  int skipped_lines_ = 0;  // blank lines before the front matter
};

// Where TOML text has what toml++ 3.3 reaches undefined behaviour on
// (npos if nowhere), *what saying what: a non-ASCII character outside a
// string or comment, or a table header whose key starts with a character
// no key starts with ("[>x]"). TOML allows neither, so such text is
// refused before the library sees it (front_matter_hugo.cc,
// hugo_config.cc).
size_t TomlUnsafeAt(std::string_view text, std::string* what);

}  // namespace levelpress
