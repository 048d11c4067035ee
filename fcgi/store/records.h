// Records: what the store keeps. A Post is everything about one post (its
// Markdown for export, its rendered HTML for the post page); an Entry is the
// small part of it that a listing shows, stored apart so that a listing
// never reads bodies; an Author is a person with a name, avatar and bio.
// Each record encodes with a schema version first, so a store written by a
// future version is recognised and refused; records of version 1 (one
// author per post, no page or cover fields), 2 (no cover size), 3 (no
// content dates) and 4 (no expiry) still decode. A standalone page
// (pages/about.md) is a Post with `page` set: it shares the posts' slugs
// (so a clash is found like any other) but has no entry and no listing
// keys. Plain values; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "status.h"

namespace levelpress {

constexpr uint64_t kSchemaVersion = 5;
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
  // Schema 4: when the content last changed, by the content itself
  // (Post::ContentDate), never by the import's clock: feed <updated> and
  // sitemap <lastmod>. A record of schema 1..3 decodes it as its date.
  int64_t modified = 0;

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
  // Schema 4: when the store saw the text change (SourceOf differs) in a
  // post without `updated:` (0: never, or `updated:` is given). Like
  // written_at it is not content: a fresh store that imports the post's
  // export gets it back as `updated:`.
  int64_t content_changed = 0;
  // Schema 5: when the post disappears (front matter `expires:`, Hugo's
  // `expiryDate`), 0 for never; always after `date`. Content, like the
  // date: it lives in the record, which the post page and export read, and
  // the store keeps a y: key for each post that has one (store.h), so that
  // listings learn of every expiry without reading any record. Not in the
  // Entry: a listing decides by the y: keys before it reads entries.
  int64_t expires = 0;
  // The schema of the record it was decoded from (not stored): a record
  // older than kSchemaVersion is written again by an import.
  uint64_t decoded_schema = kSchemaVersion;

  // The content, without written_at and content_changed: equal bytes mean
  // an unchanged post.
  std::string EncodeContent() const;
  // What the author wrote that a reader sees (title, text, summary,
  // description, cover, tags, authors): a change of it is an update. Not
  // the rendered HTML (a new LevelPress that renders differently updates
  // nothing), nor the dates, draft flag, slug, aliases or URL.
  std::string SourceOf() const;
  // The date of the content's last change: `updated:`, else when the store
  // saw it change, never before the post's date.
  int64_t ContentDate() const;
  std::string Encode() const;
  Status Decode(const std::string& bytes);
  Entry ToEntry() const;
  // Whether an expiry has made the post invisible at `now`.
  bool ExpiredAt(int64_t now) const { return expires != 0 && expires <= now; }
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
