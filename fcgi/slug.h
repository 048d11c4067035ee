// Slugs: the URL-safe identity of posts, tags and authors. A tag's identity
// is its slug, so "Django" and "django" are one tag. Pure functions.
#pragma once

#include <string>
#include <string_view>

namespace levelpress {

// Lower-case ASCII letters and digits, words joined by '-'. Non-ASCII UTF-8
// is kept as is (lower-casing only ASCII). "C++" -> "cpp", "C#" -> "csharp",
// apostrophes vanish: "Don't" -> "dont".
std::string Slugify(std::string_view text);

// True when text is already a slug that Slugify would return unchanged.
bool IsValidSlug(std::string_view text);

// Slug from a post's file name: "2023-09-27-migrating.md" -> "migrating";
// "index.md" in a folder takes the folder's name. Also returns the Jekyll
// date prefix ("2023-09-27"), if any, in *date_prefix.
std::string SlugFromPath(std::string_view relative_path,
                         std::string* date_prefix);

}  // namespace levelpress
