// Records: what the store keeps. A Post is everything about one post (its
// Markdown for export, its rendered HTML for the post page); an Entry is the
// small part of it that a listing shows, stored apart so that a listing
// never reads bodies; an Author is a person with a name, avatar and bio.
// Each record encodes with a schema version first, so a store written by a
// future version is recognised and refused; records of version 1 (one
// author per post, no page or cover fields) still decode. A standalone page
// (pages/about.md) is a Post with `page` set: it shares the posts' slugs
// (so a clash is found like any other) but has no entry and no listing
// keys. Plain values; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "status.h"

namespace levelpress {

constexpr uint64_t kSchemaVersion = 3;
// The oldest record and store layout this version still reads.
constexpr uint64_t kOldestReadableSchema = 1;

struct Entry {
  std::string slug;
  std::string title;
  int64_t date = 0;                     // Unix seconds
  std::vector<std::string> author_ids;  // in byline order, at least one
  std::vector<std::string> tags;        // as the author spelled them
  std::string excerpt_html;
  int64_t visible_since = 0;  // max(written, date): for Last-Modified

  std::string Encode() const;
  Status Decode(const std::string& bytes);
};

struct Post {
  std::string slug;
  std::string source_path;  // relative to the content folder
  std::string title;
  int64_t date = 0;                     // 0 for a page
  std::vector<std::string> author_ids;  // in byline order; none for a page
  std::vector<std::string> tags;
  std::string summary;  // front matter `summary`, Markdown
  bool draft = false;
  // Schema 2:
  std::string description;  // plain text, for <meta name="description">
  std::string image;        // cover image, content-relative ("" for none)
  int64_t updated = 0;      // front matter `updated`, 0 if not given
  int reading_minutes = 0;  // of the body text, at ~230 words a minute
  bool page = false;        // a standalone page (pages/), not a post
  std::string url;          // a page's URL path ("/about/"); "" for posts
  // Schema 3: the cover's size in pixels, read at import (0: unknown), so
  // its <img> and the link preview can say it without reading the file.
  int cover_width = 0;
  int cover_height = 0;
  std::vector<std::string> aliases;  // old URL paths, answered with 301
  std::vector<std::string> assets;   // files beside the post, content-relative
  std::string body_markdown;         // as written, after the front matter
  std::string body_html;
  std::string excerpt_html;
  int64_t written_at = 0;  // when this content was first stored

  // The content, without written_at: equal bytes mean an unchanged post.
  std::string EncodeContent() const;
  std::string Encode() const;
  Status Decode(const std::string& bytes);
  Entry ToEntry() const;
  // The content-relative path of the cover image (`image` is written
  // relative to the post's folder); "" when there is none.
  std::string CoverAsset() const;
  std::vector<std::string> TagSlugs() const;  // unique, in order
};

struct Author {
  std::string id;
  std::string name;
  std::string avatar;      // file name beside the author file
  std::string avatar_url;  // path under media_url, "" if none
  std::string bio_markdown;
  std::string bio_html;
  std::string source_path;
  int64_t written_at = 0;

  std::string EncodeContent() const;
  std::string Encode() const;
  Status Decode(const std::string& bytes);
};

}  // namespace levelpress
