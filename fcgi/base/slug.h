// Slugs: the URL-safe identity of posts, tags and authors. A tag's identity
// is its slug, so "Django" and "django" are one tag. Pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace levelpress {

// The longest slug, in bytes. With it every URL the blog makes (a pattern
// of at most 256 bytes, a slug percent-encoded to at most 3 * 200 bytes,
// "page/N/") stays under the smallest max_path_bytes (1024): a tag or post
// that is listed is never answered 414.
constexpr size_t kMaxSlugBytes = 200;

// Lower-case ASCII letters and digits, words joined by '-'. Non-ASCII UTF-8
// is kept as is (lower-casing only ASCII). "C++" -> "cpp", "C#" -> "csharp",
// apostrophes vanish: "Don't" -> "dont". At most kMaxSlugBytes: a longer
// text is cut at a character, never in the middle of one.
std::string Slugify(std::string_view text);

// slug + "-" + suffix ("2", "page": another post's slug was taken), the
// slug cut at a character so that the whole is at most kMaxSlugBytes.
std::string SlugWithSuffix(std::string_view slug, std::string_view suffix);

// text with ASCII letters lower-cased; every other byte as it is (for
// names compared without case: config keys, languages, author names).
std::string AsciiLower(std::string_view text);

// True when text is already a slug that Slugify would return unchanged.
bool IsValidSlug(std::string_view text);

// Slug from a post's file name: "2023-09-27-migrating.md" -> "migrating";
// "index.md" in a folder takes the folder's name. Also returns the Jekyll
// date prefix ("2023-09-27"), if any, in *date_prefix.
std::string SlugFromPath(std::string_view relative_path,
                         std::string* date_prefix);

}  // namespace levelpress
