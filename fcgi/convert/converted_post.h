// ConvertedPost: one post, page or author as `levelpress convert` writes it
// into a content folder (docs/content-format.md): YAML front matter and an
// HTML body (posts/<slug>/index.html, pages/<slug>/index.html,
// authors/<id>.md), or a Markdown body (index.md) when the export has no
// HTML for it. Also the report every converter fills. Pure
// functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace levelpress {

struct ConvertedPost {
  std::string title;
  std::string date;  // ISO 8601 with the site's offset; "" for a page
  std::string slug;
  std::string url;                   // a page's `url:`; "" for /<slug>/
  std::vector<std::string> authors;  // author ids
  std::vector<std::string> tags;
  std::string summary;      // Markdown (plain text from the exports)
  std::string image;        // cover, a file beside the post
  std::string description;  // plain text
  bool draft = false;
  std::string note;  // a YAML comment (why it is a draft)
  std::vector<std::string> aliases;
  std::string body_html;
  // body_html is Markdown (with HTML blocks) instead: a Ghost post whose
  // export has no HTML. The converter writes it as index.md.
  bool body_is_markdown = false;
};

// The file's text: front matter, then the body.
std::string FormatConvertedPost(const ConvertedPost& post);
// An author file: name, avatar (a file beside it), bio (Markdown).
std::string FormatConvertedAuthor(const std::string& name,
                                  const std::string& avatar,
                                  const std::string& bio);

struct ConvertReport;

// Exports can hold characters that the import refuses in front matter
// (utf8_text.h XmlForbiddenAt: control characters such as Ghost's "\u0007"
// in a title, U+FFFE, U+FFFF), which would make the whole folder fail to
// import. These drop them from the front matter values of a post, or from
// an author's `name`, with a warning naming `where` and the fields.
void DropXmlForbidden(const std::string& where, ConvertedPost* post,
                      ConvertReport* report);
void DropXmlForbidden(const std::string& where, const char* field,
                      std::string* value, ConvertReport* report);

// What a conversion did, for its summary; warnings name the place in the
// export ("post 123 'hello'") and what a person should look at.
struct ConvertReport {
  int posts = 0, pages = 0, drafts = 0, scheduled = 0, authors = 0, images = 0,
      skipped = 0;
  std::vector<std::string> warnings;
  std::vector<std::string> notes;  // e.g. the nginx files to include
};

}  // namespace levelpress
