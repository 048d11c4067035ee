// URL history: the URLs a source file's post (or page) was served at before,
// so that a link to any of them keeps working. When an import finds a post
// at another URL than last time (its slug, its date or the post_url
// pattern changed), the old URL becomes a 301 to the new one.
//
// Keys (a family of their own, so the Post record is unchanged):
//   h:<source-path>   UrlHistory of the post read from that file
//   r:<old-path>      the source path whose post used to be there
// A chain A -> B -> C needs no chain of redirects: the history of the file
// lists A and B, both point at the file, and the file's post is at C now.
// An old URL that a post, a page or an alias takes over is dropped from
// every history (the newer owner wins). The history follows a file that is
// renamed while its slug stays; a file renamed to another slug as well is
// a new post. StoreWriter (store.h) writes it, url_history.cc; StoreView
// reads it. Plain values; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "status.h"

namespace levelpress {

struct UrlHistory {
  std::string slug;                   // of the file's post now
  std::string url;                    // its URL path now
  std::vector<std::string> old_urls;  // earlier URL paths, oldest first

  std::string Encode() const;
  Status Decode(const std::string& bytes);
  bool operator==(const UrlHistory&) const = default;
};

inline constexpr char kUrlHistoryPrefix[] = "h:";
inline constexpr char kOldUrlPrefix[] = "r:";

}  // namespace levelpress
