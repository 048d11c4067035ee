// Content files: turns one post or author file (Markdown with YAML front
// matter, the format of docs/content-format.md) into a store record, and
// back. Reports every problem with file, line and field. Pure functions of
// their inputs; safe to call from several threads at once.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "image_info.h"
#include "jekyll.h"
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

// An author file read: the author, and where its fields are.
struct ParsedAuthor {
  Author author;
  int avatar_line = 0;            // the `avatar:` line, 0 if there is none
  bool ok = false;                // false: it has errors (see problems)
  std::vector<Problem> problems;  // errors and warnings
};

// `relative_path` is relative to the content folder ("authors/ana.md").
ParsedAuthor ParseAuthorFile(const std::string& relative_path,
                             std::string_view text);

// Where a post's fields are in its file, for problems found across posts.
struct FieldLines {
  int slug = 1;  // the `slug:` line, or the first line when the name gives it
  int aliases = 1;
  int url = 1;  // a page's `url:` line, or the slug's when the slug gives it
  // The file line of each asset's first reference (0: not known, e.g. it is
  // in the summary).
  std::map<std::string, int> assets;
};

// One post file read and rendered.
struct ParsedPost {
  Post post;
  // What the front matter said of each author (by post.author_ids' order),
  // for creating the authors that have no file.
  std::vector<std::string> author_values;
  FieldLines lines;
  bool ok = false;                // false: it has errors (see problems)
  std::vector<Problem> problems;  // errors and warnings
  // Jekyll's {% post_url %} and {% link %}: their placeholders in the HTML
  // become the posts' URLs once every post is read (the importer's).
  std::vector<PostRef> post_refs;
  std::string written_slug;  // `slug:` as written ("" if none), for Hugo
  // Hugo's page-relative aliases ("old-name"): relative to the post's
  // Hugo URL, which the importer resolves them against.
  std::vector<std::string> hugo_relative_aliases;
  // Not a post at all, as its tool sees it (a Jekyll file without front
  // matter or date): the importer leaves it out; its problems say so.
  bool skipped = false;
};

// Parses and renders one post, or a standalone page when relative_path is
// under pages/ (no date or author needed; served at its `url:` or
// /<slug>/). The checks that need other posts (unique slugs, aliases,
// URLs; the files referred to) are the importer's.
ParsedPost ParsePostFile(const std::string& relative_path,
                         std::string_view text, const Settings& settings,
                         const AuthorIndex& authors,
                         const ImageLookup& images = {});  // sizes (import)

// Whether `path` is relative, stays below its folder after lexical
// normalisation (no "..", not absolute) and is lexically normal already:
// what a stored source or asset path must be.
bool IsSafeRelativePath(const std::string& path);

// Whether a content-relative path is a standalone page's file (pages/...).
bool IsPagePath(const std::string& relative_path);

// The file text that ParsePostFile reads back into the same post.
std::string FormatPostFile(const Post& post, const AuthorIndex& authors);
std::string FormatAuthorFile(const Author& author);

}  // namespace levelpress
