// Content files: turns one post or author file (Markdown with YAML front
// matter, the format of docs/content-format.md) into a store record, and
// back. Reports every problem with file, line and field. Pure functions of
// their inputs; safe to call from several threads at once.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "problem.h"
#include "records.h"
#include "settings.h"
#include "urls.h"

namespace levelpress {

// Authors by id, and ids by lower-cased display name.
struct AuthorIndex {
  std::map<std::string, Author> by_id;
  std::map<std::string, std::string> id_by_name;
  void Add(const Author& author);
  // An id or a display name; an unknown name gets an id from its slug.
  std::string Resolve(const std::string& id_or_name) const;
};

// `relative_path` is relative to the content folder ("authors/ana.md").
bool ParseAuthorFile(const std::string& relative_path, std::string_view text,
                     Author* author, std::vector<Problem>* problems);

// Where a post's fields are in its file, for problems found across posts.
struct FieldLines {
  int slug = 1;  // the `slug:` line, or the first line when the name gives it
  int aliases = 1;
};

// Parses and renders one post. Returns false if it has errors (added to
// *problems); warnings may be added either way. author_value is what the
// front matter said, for creating authors that have no file.
bool ParsePostFile(const std::string& relative_path, std::string_view text,
                   const Settings& settings, const AuthorIndex& authors,
                   Post* post, std::string* author_value, FieldLines* lines,
                   std::vector<Problem>* problems);

// The file text that ParsePostFile reads back into the same post.
std::string FormatPostFile(const Post& post, const AuthorIndex& authors);
std::string FormatAuthorFile(const Author& author);

}  // namespace levelpress
