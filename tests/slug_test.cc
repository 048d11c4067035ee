#define BOOST_TEST_MODULE slug
#define BOOST_TEST_DYN_LINK
#include "slug.h"

#include <boost/test/unit_test.hpp>
#include <string>

using namespace levelpress;

namespace {

std::string FromPath(const std::string& path, std::string* prefix) {
  *prefix = "unset";
  return SlugFromPath(path, prefix);
}

}  // namespace

BOOST_AUTO_TEST_CASE(slugify) {
  BOOST_CHECK_EQUAL(Slugify("Hello World"), "hello-world");
  BOOST_CHECK_EQUAL(Slugify("Django"), "django");
  BOOST_CHECK_EQUAL(Slugify("django"), "django");
  BOOST_CHECK_EQUAL(Slugify("  Leading and trailing  "),
                    "leading-and-trailing");
  BOOST_CHECK_EQUAL(Slugify("a -- b__c..d"), "a-b-c-d");
  BOOST_CHECK_EQUAL(Slugify("Migrating to BIGINT: a story!"),
                    "migrating-to-bigint-a-story");
  BOOST_CHECK_EQUAL(Slugify("C++"), "cpp");
  BOOST_CHECK_EQUAL(Slugify("C#"), "csharp");
  BOOST_CHECK_EQUAL(Slugify("F# and C++"), "fsharp-and-cpp");
  BOOST_CHECK_EQUAL(Slugify("Version 2.0"), "version-2-0");
  BOOST_CHECK_EQUAL(Slugify("already-a-slug"), "already-a-slug");
  BOOST_CHECK_EQUAL(Slugify("!!!"), "");
  BOOST_CHECK_EQUAL(Slugify(""), "");
  BOOST_CHECK_EQUAL(Slugify("tab\tnew\nline"), "tab-new-line");
  // Non-ASCII UTF-8 is kept byte for byte; ASCII around it is lower-cased.
  BOOST_CHECK_EQUAL(Slugify("Café Crème"), "café-crème");
  BOOST_CHECK_EQUAL(Slugify("日本語 Text"), "日本語-text");
}

BOOST_AUTO_TEST_CASE(slugify_is_idempotent) {
  for (const char* s :
       {"Hello World", "C++ / C#", "  x  y  ", "Café", "a-b-c"}) {
    std::string once = Slugify(s);
    BOOST_CHECK_EQUAL(Slugify(once), once);
    BOOST_CHECK(once.empty() || IsValidSlug(once));
  }
}

BOOST_AUTO_TEST_CASE(is_valid_slug) {
  BOOST_CHECK(IsValidSlug("hello-world"));
  BOOST_CHECK(IsValidSlug("a"));
  BOOST_CHECK(IsValidSlug("2023-review"));
  BOOST_CHECK(IsValidSlug("café"));
  BOOST_CHECK(!IsValidSlug(""));
  BOOST_CHECK(!IsValidSlug("Hello"));
  BOOST_CHECK(!IsValidSlug("hello world"));
  BOOST_CHECK(!IsValidSlug("-hello"));
  BOOST_CHECK(!IsValidSlug("hello-"));
  BOOST_CHECK(!IsValidSlug("hello--world"));
  BOOST_CHECK(!IsValidSlug("hello_world"));
  BOOST_CHECK(!IsValidSlug("a/b"));
  BOOST_CHECK(!IsValidSlug(".."));
  BOOST_CHECK(!IsValidSlug("c++"));
}

BOOST_AUTO_TEST_CASE(slug_from_plain_file_name) {
  std::string prefix;
  BOOST_CHECK_EQUAL(FromPath("posts/hello-world.md", &prefix), "hello-world");
  BOOST_CHECK_EQUAL(prefix, "");
  BOOST_CHECK_EQUAL(FromPath("posts/2023/Hello World.md", &prefix),
                    "hello-world");
  BOOST_CHECK_EQUAL(prefix, "");
  BOOST_CHECK_EQUAL(FromPath("posts/notes.markdown", &prefix), "notes");
  BOOST_CHECK_EQUAL(FromPath("posts/v1.2-release.md", &prefix), "v1-2-release");
}

BOOST_AUTO_TEST_CASE(jekyll_date_prefix_is_stripped_and_returned) {
  std::string prefix;
  BOOST_CHECK_EQUAL(FromPath("_posts/2023-09-27-migrating.md", &prefix),
                    "migrating");
  BOOST_CHECK_EQUAL(prefix, "2023-09-27");
  BOOST_CHECK_EQUAL(
      FromPath("posts/2024-03-05-the-night-our-certificates-expired.md",
               &prefix),
      "the-night-our-certificates-expired");
  BOOST_CHECK_EQUAL(prefix, "2024-03-05");
  BOOST_CHECK_EQUAL(FromPath("2024-03-05-x.md", &prefix), "x");
  BOOST_CHECK_EQUAL(prefix, "2024-03-05");
  // The prefix is not checked here; the importer parses it as a date.
  BOOST_CHECK_EQUAL(FromPath("_posts/2024-13-45-odd.md", &prefix), "odd");
  BOOST_CHECK_EQUAL(prefix, "2024-13-45");
}

BOOST_AUTO_TEST_CASE(things_that_are_not_a_date_prefix) {
  std::string prefix;
  BOOST_CHECK_EQUAL(FromPath("posts/00001-foo.md", &prefix), "00001-foo");
  BOOST_CHECK_EQUAL(prefix, "");
  BOOST_CHECK_EQUAL(FromPath("posts/2023-9-27-foo.md", &prefix),
                    "2023-9-27-foo");
  BOOST_CHECK_EQUAL(prefix, "");
  BOOST_CHECK_EQUAL(FromPath("posts/20230927-foo.md", &prefix), "20230927-foo");
  BOOST_CHECK_EQUAL(prefix, "");
  BOOST_CHECK_EQUAL(FromPath("posts/2023-09-27_foo.md", &prefix),
                    "2023-09-27-foo");
  BOOST_CHECK_EQUAL(prefix, "");
  BOOST_CHECK_EQUAL(FromPath("posts/abcd-ef-gh-foo.md", &prefix),
                    "abcd-ef-gh-foo");
  BOOST_CHECK_EQUAL(prefix, "");
}

BOOST_AUTO_TEST_CASE(index_md_takes_the_folder_name) {
  std::string prefix;
  BOOST_CHECK_EQUAL(FromPath("posts/2023/bigint/index.md", &prefix), "bigint");
  BOOST_CHECK_EQUAL(prefix, "");
  BOOST_CHECK_EQUAL(FromPath("posts/My Trip/index.md", &prefix), "my-trip");
  BOOST_CHECK_EQUAL(FromPath("posts/2022-01-02-trip/index.md", &prefix),
                    "trip");
  BOOST_CHECK_EQUAL(prefix, "2022-01-02");
  BOOST_CHECK_EQUAL(FromPath("posts/bundle/_index.md", &prefix), "bundle");
  BOOST_CHECK_EQUAL(FromPath("posts/indexes.md", &prefix), "indexes");
}

// Regression: a tag (or post) slug had no length limit, so a long tag's
// URL was listed by `urls` and the sitemap but answered 414. Slugs stop at
// kMaxSlugBytes, at a whole character.
BOOST_AUTO_TEST_CASE(slugs_are_capped_at_a_character) {
  BOOST_CHECK_EQUAL(Slugify(std::string(5000, 'a')),
                    std::string(kMaxSlugBytes, 'a'));
  std::string words;
  for (int i = 0; i < 200; ++i) words += "ab ";
  std::string slug = Slugify(words);
  BOOST_CHECK_LE(slug.size(), kMaxSlugBytes);
  BOOST_CHECK(slug.back() != '-');
  BOOST_CHECK(IsValidSlug(slug));
  for (const std::string& ch : {std::string("\xc3\xa9"),             // 2 bytes
                                std::string("\xe2\x82\xac"),         // 3 bytes
                                std::string("\xf0\x9f\x98\x80")}) {  // 4
    std::string text;
    for (int i = 0; i < 300; ++i) text += ch;
    for (const std::string& prefix :
         {std::string(), std::string("x"), std::string("xy")}) {
      std::string s = Slugify(prefix + text);
      BOOST_CHECK_LE(s.size(), kMaxSlugBytes);
      BOOST_CHECK_GT(s.size(), kMaxSlugBytes - 4);
      BOOST_CHECK_EQUAL((s.size() - prefix.size()) % ch.size(), 0u);
      BOOST_CHECK(IsValidSlug(s));
    }
  }
}

// A converter renaming a clash appended "-2" to a slug of kMaxSlugBytes: the
// result was no slug, and the converted folder did not import.
BOOST_AUTO_TEST_CASE(a_suffix_keeps_a_slug_within_the_cap) {
  BOOST_CHECK_EQUAL(SlugWithSuffix("post", "2"), "post-2");
  const std::string longest(kMaxSlugBytes, 'a');
  BOOST_CHECK_EQUAL(SlugWithSuffix(longest, "12"),
                    std::string(kMaxSlugBytes - 3, 'a') + "-12");
  // Cut at a character, and not after a '-'.
  std::string euros;
  for (int i = 0; i < 100; ++i) euros += "\xe2\x82\xac";
  for (const std::string& slug :
       {euros, "x" + euros, std::string(196, 'a') + "-bcd"}) {
    const std::string s = SlugWithSuffix(Slugify(slug), "page");
    BOOST_CHECK_LE(s.size(), kMaxSlugBytes);
    BOOST_CHECK_MESSAGE(IsValidSlug(s), s);
    BOOST_CHECK(s.size() >= 5 && s.compare(s.size() - 5, 5, "-page") == 0);
  }
}
