#define BOOST_TEST_MODULE import
#define BOOST_TEST_DYN_LINK
#include <leveldb/db.h>
#include <sys/stat.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "content.h"
#include "dates.h"
#include "importer.h"
#include "records.h"
#include "settings.h"
#include "store.h"
#include "test_util.h"
#include "urls.h"

using namespace levelpress;
using levelpress::testing::Contains;
using levelpress::testing::ReadTree;
using levelpress::testing::TempDir;
using levelpress::testing::WriteFile;
namespace fs = std::filesystem;

namespace {

const std::string kSample = SOURCE_DIR "/data/content";
constexpr int64_t kFarFuture = 4102444800;  // 2100-01-01

std::string All(const std::vector<Problem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.ToString() + "\n";
  return out;
}

std::vector<std::string> Errors(const ImportReport& r) {
  std::vector<std::string> out;
  for (const auto& p : r.problems) {
    if (!p.warning) out.push_back(p.ToString());
  }
  return out;
}

std::vector<std::string> Warnings(const ImportReport& r) {
  std::vector<std::string> out;
  for (const auto& p : r.problems) {
    if (p.warning) out.push_back(p.ToString());
  }
  return out;
}

bool Has(const std::vector<std::string>& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

// A store on disk and a media folder, both in a fresh temp folder, with the
// blog in UTC.
struct Blog {
  TempDir tmp{"levelpress-import"};
  Settings settings;
  std::unique_ptr<Store> store;

  Blog() {
    BOOST_REQUIRE(SetTimeZone("UTC").ok());
    settings.time_zone = "UTC";
    settings.store_path = tmp / "store";
    settings.media_dir = tmp / "media";
    Open();
  }
  void Open() {
    Status s = Store::Open(settings.store_path, OpenOptions(), &store);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  }
  std::string content() const { return tmp / "content"; }

  Status Import(const std::string& dir, ImportReport* report,
                bool prune = false) {
    ImportOptions o;
    o.dir = dir;
    o.prune = prune;
    o.threads = 2;
    o.memo = memo;
    o.memo_config = memo_config;
    return levelpress::Import(settings, store.get(), o, report);
  }
  // Set: imports as a running server does, remembering what they read.
  ImportMemo* memo = nullptr;
  uint64_t memo_config = 1;
  // Imports and requires success.
  ImportReport MustImport(const std::string& dir, bool prune = false) {
    ImportReport r;
    Status s = Import(dir, &r, prune);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString() << "\n" << All(r.problems));
    BOOST_CHECK_MESSAGE(Errors(r).empty(), All(r.problems));
    return r;
  }
  // Imports what must fail; returns the error lines.
  std::vector<std::string> MustFail(const std::string& dir,
                                    ImportReport* r = nullptr) {
    ImportReport local;
    if (!r) r = &local;
    Status s = Import(dir, r);
    BOOST_CHECK(s.IsInvalidArgument());
    return Errors(*r);
  }

  size_t PostCount() {
    std::vector<std::string> slugs;
    BOOST_REQUIRE(store->View().ListPostSlugs(&slugs).ok());
    return slugs.size();
  }
  // Every key and value, read with the store closed.
  std::map<std::string, std::string> Dump() {
    store.reset();
    std::map<std::string, std::string> out;
    leveldb::DB* db = nullptr;
    leveldb::Options o;
    BOOST_REQUIRE(leveldb::DB::Open(o, settings.store_path, &db).ok());
    std::unique_ptr<leveldb::Iterator> it(
        db->NewIterator(leveldb::ReadOptions()));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      out[it->key().ToString()] = it->value().ToString();
    }
    it.reset();
    delete db;
    Open();
    return out;
  }
  std::vector<std::string> CheckProblems() {
    std::vector<std::string> problems;
    BOOST_REQUIRE(store->Check(&problems).ok());
    return problems;
  }
};

std::string PostText(const std::string& title, const std::string& extra = "",
                     const std::string& body = "Body text.\n") {
  return "---\ntitle: \"" + title +
         "\"\ndate: 2023-01-01T10:00:00Z\nauthor: ann\n" + extra + "---\n" +
         body;
}

// A small valid content folder: one author with avatar, two posts, an image.
void WriteSmallBlog(const std::string& dir) {
  WriteFile(dir + "/authors/ann.md",
            "---\nname: Ann Example\navatar: ann.svg\n---\nAnn writes.\n");
  WriteFile(dir + "/authors/ann.svg", "<svg/>");
  WriteFile(dir + "/posts/first.md", PostText("First", "tags: [One, Two]\n",
                                              "Hello.\n\n![pic](first.png)\n"));
  WriteFile(dir + "/posts/first.png", "PNG1");
  WriteFile(dir + "/posts/second.md", PostText("Second", "tags: one\n"));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(sample_blog)

BOOST_AUTO_TEST_CASE(imports_with_no_errors) {
  Blog b;
  ImportReport r = b.MustImport(kSample);
  BOOST_CHECK_MESSAGE(r.problems.empty(), All(r.problems));
  BOOST_CHECK_EQUAL(r.counts.added, 18u);  // 16 posts, 2 pages
  BOOST_CHECK_EQUAL(r.counts.changed, 0u);
  BOOST_CHECK_EQUAL(r.counts.removed, 0u);
  BOOST_CHECK_EQUAL(r.authors, 3u);
  BOOST_CHECK_EQUAL(b.PostCount(), 18u);
  BOOST_CHECK_EQUAL(b.store->View().CountVisible(Listing::All(), kFarFuture),
                    15u);  // one draft
  BOOST_CHECK_EQUAL(b.store->generation(), 1u);
  std::vector<std::string> problems = b.CheckProblems();
  BOOST_CHECK_MESSAGE(problems.empty(), problems.size() << " store problems");
  std::vector<Author> authors;
  BOOST_REQUIRE(b.store->View().ListAuthors(&authors).ok());
  BOOST_CHECK_EQUAL(authors.size(), 3u);
  // "Django" and "django" in the sample are one tag.
  ListingPage page;
  BOOST_REQUIRE(b.store->View()
                    .ListPage(Listing::Tag("django"), kFarFuture, 0, 100, &page)
                    .ok());
  BOOST_CHECK_EQUAL(page.total, 3u);
}

BOOST_AUTO_TEST_CASE(reimport_changes_nothing) {
  Blog b;
  b.MustImport(kSample);
  uint64_t gen = b.store->generation();
  auto before = b.Dump();
  ImportReport r = b.MustImport(kSample);
  BOOST_CHECK_EQUAL(r.counts.unchanged, 18u);
  BOOST_CHECK_EQUAL(r.counts.added + r.counts.changed + r.counts.removed, 0u);
  BOOST_CHECK_EQUAL(b.store->generation(), gen);
  BOOST_CHECK(b.Dump() == before);
}

BOOST_AUTO_TEST_CASE(author_by_display_name_resolves_to_the_id) {
  Blog b;
  b.MustImport(kSample);
  Post p;
  BOOST_REQUIRE(b.store->View().GetPost("blameless-postmortems", &p).ok());
  BOOST_CHECK_EQUAL(p.author_ids.at(0),
                    "anna-keller");  // the file says "Anna Keller"
  ListingPage page;
  BOOST_REQUIRE(
      b.store->View()
          .ListPage(Listing::Author("anna-keller"), kFarFuture, 0, 100, &page)
          .ok());
  bool listed = false;
  for (const auto& e : page.entries)
    listed = listed || e.slug == "blameless-postmortems";
  BOOST_CHECK(listed);
}

BOOST_AUTO_TEST_CASE(images_and_avatars_are_copied_into_media) {
  Blog b;
  b.MustImport(kSample);
  const fs::path media = b.settings.media_dir;
  const fs::path sample = kSample;
  for (const char* rel : {"posts/2023/bigint/diagram.svg"}) {
    BOOST_REQUIRE(fs::exists(media / "content" / rel));
    BOOST_CHECK(levelpress::testing::ReadFile(media / "content" / rel) ==
                levelpress::testing::ReadFile(sample / rel));
  }
  for (const char* id : {"anna-keller", "jonas-brandt", "priya-raman"}) {
    std::string name = std::string(id) + ".svg";
    BOOST_REQUIRE_MESSAGE(fs::exists(media / "authors" / name), name);
    BOOST_CHECK(levelpress::testing::ReadFile(media / "authors" / name) ==
                levelpress::testing::ReadFile(sample / "authors" / name));
    Author a;
    BOOST_REQUIRE(b.store->View().GetAuthor(id, &a).ok());
    BOOST_CHECK_EQUAL(a.avatar_url, "authors/" + name);
  }
  Post p;
  BOOST_REQUIRE(b.store->View().GetPost("migrating-to-bigint", &p).ok());
  std::vector<std::string> want = {"posts/2023/bigint/diagram.svg"};
  BOOST_CHECK(p.assets == want);
  BOOST_CHECK(Contains(p.body_html,
                       "src=\"/media/content/posts/2023/bigint/diagram.svg\""));
}

BOOST_AUTO_TEST_CASE(jekyll_file_name_gives_date_and_slug) {
  Blog b;
  b.MustImport(kSample);
  Post p;
  BOOST_REQUIRE(
      b.store->View().GetPost("the-night-our-certificates-expired", &p).ok());
  BOOST_CHECK_EQUAL(p.date, 1709596800);  // 2024-03-05T00:00:00Z
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(content_rules)

BOOST_AUTO_TEST_CASE(jekyll_posts_folder) {
  Blog b;
  std::string dir = b.content();
  WriteFile(dir + "/_posts/2024-03-05-x.md",
            "---\ntitle: X\nauthor: Someone Else\n---\nBody.\n");
  ImportReport r = b.MustImport(dir);
  BOOST_CHECK_EQUAL(r.counts.added, 1u);
  Post p;
  BOOST_REQUIRE(b.store->View().GetPost("x", &p).ok());
  BOOST_CHECK_EQUAL(p.date, 1709596800);
  BOOST_CHECK_EQUAL(p.source_path, "_posts/2024-03-05-x.md");
  BOOST_CHECK_EQUAL(p.author_ids.at(0),
                    "someone-else");  // an author without a file
  Author a;
  BOOST_REQUIRE(b.store->View().GetAuthor("someone-else", &a).ok());
  BOOST_CHECK_EQUAL(a.name, "Someone Else");
}

BOOST_AUTO_TEST_CASE(explicit_date_and_slug_win_over_the_file_name) {
  Blog b;
  std::string dir = b.content();
  WriteFile(dir + "/_posts/2024-03-05-x.md",
            "---\ntitle: X\nauthor: a\ndate: 2020-01-02T00:00:00Z\nslug: "
            "other\n---\n");
  b.MustImport(dir);
  Post p;
  BOOST_REQUIRE(b.store->View().GetPost("other", &p).ok());
  BOOST_CHECK_EQUAL(p.date, 1577923200);
  BOOST_CHECK(b.store->View().GetPost("x", &p).IsNotFound());
}

// `expires:` and Hugo's expiryDate / expirydate: Post::expires, in any of
// the spellings; a post already expired at the import is a post (not a
// draft) with no warning; export writes `expires:` back.
BOOST_AUTO_TEST_CASE(expiry_in_each_spelling_and_through_export) {
  Blog a;
  std::string dir = a.content();
  WriteFile(dir + "/posts/own.md",
            PostText("Own", "expires: 2031-02-03T04:05:06Z\n"));
  WriteFile(dir + "/posts/hugo.md",
            PostText("Hugo", "expiryDate: 2030-01-01T00:00:00+01:00\n"));
  WriteFile(dir + "/posts/lower.md",
            PostText("Lower", "expirydate: 2024-06-01\n"));
  WriteFile(dir + "/posts/past.md",
            PostText("Past", "expires: 2023-01-02T00:00:00Z\n"));
  WriteFile(dir + "/posts/never.md", PostText("Never"));
  ImportReport r = a.MustImport(dir);
  BOOST_CHECK_MESSAGE(r.problems.empty(), All(r.problems));
  std::map<std::string, int64_t> want = {{"own", 1927857906},
                                         {"hugo", 1893452400},
                                         {"lower", 1717200000},
                                         {"past", 1672617600},
                                         {"never", 0}};
  for (const auto& [slug, expires] : want) {
    Post p;
    BOOST_REQUIRE(a.store->View().GetPost(slug, &p).ok());
    BOOST_CHECK_MESSAGE(p.expires == expires,
                        slug << ": " << p.expires << ", want " << expires);
    BOOST_CHECK(!p.draft);
  }
  BOOST_CHECK(a.CheckProblems().empty());

  TempDir out("levelpress-export-expiry");
  size_t written = 0;
  BOOST_REQUIRE(Export(a.settings, a.store->View(), out / "b", &written).ok());
  BOOST_CHECK_EQUAL(written, 5u);
  auto tree = ReadTree(out / "b");
  BOOST_CHECK_MESSAGE(
      Contains(tree["posts/own.md"], "\nexpires: 2031-02-03T04:05:06+00:00\n"),
      tree["posts/own.md"]);
  BOOST_CHECK(Contains(tree["posts/hugo.md"], "\nexpires: "));
  BOOST_CHECK(!Contains(tree["posts/never.md"], "expires"));
  Blog b;
  b.MustImport(out / "b");
  for (const auto& [slug, expires] : want) {
    Post pa, pb;
    BOOST_REQUIRE(a.store->View().GetPost(slug, &pa).ok());
    BOOST_REQUIRE(b.store->View().GetPost(slug, &pb).ok());
    BOOST_CHECK_EQUAL(pb.expires, expires);
    BOOST_CHECK(pa.EncodeContent() == pb.EncodeContent());
  }
}

BOOST_AUTO_TEST_CASE(missing_image_is_a_warning_naming_the_post) {
  Blog b;
  std::string dir = b.content();
  WriteFile(dir + "/posts/a.md", PostText("A", "", "![gone](missing.png)\n"));
  ImportReport r;
  Status s = b.Import(dir, &r);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString() << "\n" << All(r.problems));
  BOOST_CHECK(Errors(r).empty());
  BOOST_CHECK_MESSAGE(
      Has(Warnings(r),
          "posts/a.md:6: warning: references 'posts/missing.png', which is "
          "not in the content folder"),
      All(r.problems));
  Post p;
  BOOST_REQUIRE(b.store->View().GetPost("a", &p).ok());
  BOOST_CHECK(p.assets.empty());
}

// Code is highlighted with the language files of highlight_dir; without
// them it is plain, and the import says so once (naming the setting).
BOOST_AUTO_TEST_CASE(missing_highlighter_languages_are_a_warning) {
  Blog b;
  std::string dir = b.content();
  WriteFile(dir + "/posts/a.md",
            PostText("A", "", "```python\ndef f(): pass\n```\n"));
  WriteFile(dir + "/posts/b.md",
            PostText("B", "", "```go\nfunc f() {}\n```\n"));
  b.settings.file = b.tmp / "levelpress.conf";
  ImportReport r = b.MustImport(dir);
  BOOST_CHECK_MESSAGE(Warnings(r).empty(), All(r.problems));
  Post p;
  BOOST_REQUIRE(b.store->View().GetPost("a", &p).ok());
  BOOST_CHECK(Contains(p.body_html, "<span class=\"hl-keyword\">def</span>"));

  b.settings.highlight_dir = b.tmp / "no-languages";
  WriteFile(dir + "/posts/a.md",
            PostText("A", "", "```python\ndef g(): pass\n```\n"));
  r = b.MustImport(dir);
  std::vector<std::string> warnings = Warnings(r);
  BOOST_REQUIRE_EQUAL(warnings.size(), 1u);
  BOOST_CHECK_MESSAGE(
      Contains(warnings[0], b.settings.file +
                                ": warning: highlight_dir: no language "
                                "files in " +
                                b.settings.highlight_dir),
      warnings[0]);
  BOOST_REQUIRE(b.store->View().GetPost("a", &p).ok());
  BOOST_CHECK(Contains(p.body_html, "<code class=\"language-python\">def g()"));
}

BOOST_AUTO_TEST_CASE(missing_avatar_is_a_warning) {
  Blog b;
  std::string dir = b.content();
  WriteFile(dir + "/authors/ann.md", "---\nname: Ann\navatar: ann.png\n---\n");
  WriteFile(dir + "/posts/a.md", PostText("A"));
  ImportReport r = b.MustImport(dir);
  BOOST_CHECK_MESSAGE(Has(Warnings(r),
                          "authors/ann.md:3: warning: avatar: 'ann.png' is "
                          "not in authors/; the theme's default picture is "
                          "used"),
                      All(r.problems));
  Author a;
  BOOST_REQUIRE(b.store->View().GetAuthor("ann", &a).ok());
  BOOST_CHECK_EQUAL(a.avatar_url, "");
}

BOOST_AUTO_TEST_CASE(empty_folder_is_a_warning_and_a_file_is_refused) {
  Blog b;
  fs::create_directories(b.content());
  ImportReport r;
  BOOST_CHECK(b.Import(b.content(), &r).ok());
  BOOST_CHECK_EQUAL(Warnings(r).size(), 1u);
  BOOST_CHECK(Contains(All(r.problems), "no posts"));
  BOOST_CHECK(b.Import(b.tmp / "does-not-exist", &r).IsInvalidArgument());
}

BOOST_AUTO_TEST_CASE(prune) {
  Blog b;
  std::string dir = b.content();
  WriteSmallBlog(dir);
  b.MustImport(dir);
  BOOST_CHECK_EQUAL(b.PostCount(), 2u);
  fs::remove(dir + "/posts/second.md");

  ImportReport keep = b.MustImport(dir);  // without prune it stays
  BOOST_CHECK_EQUAL(keep.counts.removed, 0u);
  BOOST_CHECK_EQUAL(b.PostCount(), 2u);
  Post p;
  BOOST_CHECK(b.store->View().GetPost("second", &p).ok());

  uint64_t gen = b.store->generation();
  ImportReport pruned = b.MustImport(dir, /*prune=*/true);
  BOOST_CHECK_EQUAL(pruned.counts.removed, 1u);
  BOOST_CHECK_EQUAL(pruned.counts.unchanged, 1u);
  BOOST_CHECK_EQUAL(b.PostCount(), 1u);
  BOOST_CHECK(b.store->View().GetPost("second", &p).IsNotFound());
  BOOST_CHECK_GT(b.store->generation(), gen);
  BOOST_CHECK(b.CheckProblems().empty());

  ImportReport again = b.MustImport(dir, /*prune=*/true);
  BOOST_CHECK_EQUAL(again.counts.removed, 0u);
}

BOOST_AUTO_TEST_CASE(a_changed_post_is_rewritten) {
  Blog b;
  std::string dir = b.content();
  WriteSmallBlog(dir);
  b.MustImport(dir);
  uint64_t gen = b.store->generation();
  WriteFile(dir + "/posts/second.md",
            PostText("Second, retitled", "tags: one\n"));
  ImportReport r = b.MustImport(dir);
  BOOST_CHECK_EQUAL(r.counts.changed, 1u);
  BOOST_CHECK_EQUAL(r.counts.unchanged, 1u);
  BOOST_CHECK_EQUAL(b.store->generation(), gen + 1);
  Post p;
  BOOST_REQUIRE(b.store->View().GetPost("second", &p).ok());
  BOOST_CHECK_EQUAL(p.title, "Second, retitled");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(error_messages)

struct ErrorCase {
  const char* name;
  const char* file;  // content-relative
  std::string text;
  std::string expect;  // the exact problem line
};

BOOST_AUTO_TEST_CASE(each_error_in_its_exact_form) {
  const std::vector<ErrorCase> cases = {
      // A post without `title:` takes it from its file name (a warning:
      // jekyll_test); a page has none to take.
      {"missing title", "pages/a.md", "---\nurl: /a/\n---\nx\n",
       "pages/a.md:1: title: missing (every post needs a title)"},
      {"empty title", "posts/a.md",
       "---\ndate: 2023-01-01\nauthor: ann\ntitle: \"\"\n---\nx\n",
       "posts/a.md:4: title: missing (every post needs a title)"},
      {"missing date", "posts/a.md", "---\ntitle: A\nauthor: ann\n---\nx\n",
       "posts/a.md:1: date: missing (give `date: 2023-09-27T10:00:00+02:00`, "
       "or name the file YYYY-MM-DD-slug.md)"},
      {"bad date", "posts/a.md",
       "---\ntitle: A\ndate: 2023-13-01\nauthor: ann\n---\nx\n",
       "posts/a.md:3: date: '2023-13-01' is not a calendar date"},
      {"bad file name date", "_posts/2023-02-30-a.md",
       "---\ntitle: A\nauthor: ann\n---\nx\n",
       "_posts/2023-02-30-a.md: date: file name date '2023-02-30' is not a "
       "calendar date"},
      {"bad slug", "posts/a.md",
       "---\ntitle: A\ndate: 2023-01-01\nauthor: ann\nslug: Hello "
       "World\n---\nx\n",
       "posts/a.md:5: slug: 'Hello World' is not a slug: use lower-case "
       "letters, digits and '-' (e.g. hello-world)"},
      // Was "'xxx...x' is not a slug: use lower-case letters, digits and
      // '-' (e.g. xxx...x)", the same slug cut, which did not say why.
      {"slug over the cap", "posts/a.md",
       "---\ntitle: A\ndate: 2023-01-01\nauthor: ann\nslug: " +
           std::string(243, 'x') + "\n---\nx\n",
       "posts/a.md:5: slug: 243 bytes; at most 200 (URLs of a listing stay "
       "short enough to be served)"},
      {"slug at the cap", "posts/a.md",
       "---\ntitle: A\ndate: 2023-01-01\nauthor: ann\nslug: " +
           std::string(200, 'x') + "\ntags: {a: 1}\n---\nx\n",
       "posts/a.md:6: tags: must be a list like [a, b] or a single value"},
      {"missing author", "posts/a.md",
       "---\ntitle: A\ndate: 2023-01-01\n---\nx\n",
       "posts/a.md:1: author: missing (an author id from authors/, or a "
       "display name)"},
      {"tags of the wrong type", "posts/a.md",
       "---\ntitle: A\ndate: 2023-01-01\nauthor: ann\ntags: {a: 1}\n---\nx\n",
       "posts/a.md:5: tags: must be a list like [a, b] or a single value"},
      {"tag without letters", "posts/a.md",
       "---\ntitle: A\ndate: 2023-01-01\nauthor: ann\ntags: [ok, "
       "\"!!!\"]\n---\nx\n",
       "posts/a.md:5: tags: '!!!' has no letters or digits"},
      {"title of the wrong type", "posts/a.md",
       "---\ntitle: [A, B]\ndate: 2023-01-01\nauthor: ann\n---\nx\n",
       "posts/a.md:2: title: must be a single value, not a list or map"},
      {"draft of the wrong type", "posts/a.md",
       "---\ntitle: A\ndate: 2023-01-01\nauthor: ann\ndraft: perhaps\n---\nx\n",
       "posts/a.md:5: draft: must be true or false"},
      {"alias not a path", "posts/a.md",
       "---\ntitle: A\ndate: 2023-01-01\nauthor: ann\naliases: "
       "[old/url]\n---\nx\n",
       "posts/a.md:5: aliases: 'old/url' must be a path starting with '/'"},
      {"yaml syntax error", "posts/a.md",
       "---\ntitle: A\ndate: 2023-01-01\nauthor: ann: x\n---\nx\n",
       "posts/a.md:4: front matter: not valid YAML: illegal map value"},
      {"no front matter", "posts/a.md", "Just text.\n",
       "posts/a.md:1: no front matter: a post starts with a line '---', then "
       "YAML fields, then '---'"},
      {"no closing line", "posts/a.md", "---\ntitle: A\n",
       "posts/a.md:1: the front matter has no closing '---' line"},
      {"author file name", "authors/Ann Smith.md", "---\nname: Ann\n---\n",
       "authors/Ann Smith.md: the file name must be the author id: lower-case "
       "letters, digits and '-' (try ann-smith.md)"},
      {"author without name", "authors/ann.md", "---\navatar: a.png\n---\n",
       "authors/ann.md:1: name: missing (an author needs a display name)"},
      {"expires not a date", "posts/a.md",
       "---\ntitle: A\ndate: 2023-01-01\nauthor: ann\nexpires: soon\n---\nx\n",
       "posts/a.md:5: expires: 'soon' is not a date (expected YYYY-MM-DD or "
       "YYYY-MM-DDTHH:MM:SS with an optional offset like +02:00)"},
      {"expires a list", "posts/a.md",
       "---\ntitle: A\ndate: 2023-01-01\nauthor: ann\nexpires: "
       "[2024-01-01]\n---\nx\n",
       "posts/a.md:5: expires: must be a single value, not a list or map"},
      {"expires at the date", "posts/a.md",
       "---\ntitle: A\ndate: 2023-01-01\nauthor: ann\nexpires: "
       "2023-01-01\n---\nx\n",
       "posts/a.md:5: expires: '2023-01-01' is not after the post's date: the "
       "post would never be public (remove it, or make it a draft)"},
      {"expiryDate before the date", "posts/a.md",
       "---\ntitle: A\ndate: 2023-01-01T10:00:00Z\nauthor: ann\n"
       "expiryDate: 2022-12-31\n---\nx\n",
       "posts/a.md:5: expiryDate: '2022-12-31' is not after the post's date: "
       "the post would never be public (remove it, or make it a draft)"},
      {"expirydate not a calendar date", "posts/a.md",
       "---\ntitle: A\ndate: 2023-01-01\nauthor: ann\nexpirydate: "
       "2024-02-30\n---\nx\n",
       "posts/a.md:5: expirydate: '2024-02-30' is not a calendar date"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT("case " << c.name) {
      Blog b;
      std::string dir = b.content();
      WriteFile(dir + "/posts/good.md", PostText("Good"));
      WriteFile(dir + "/" + c.file, c.text);
      ImportReport r;
      std::vector<std::string> errors = b.MustFail(dir, &r);
      BOOST_CHECK_MESSAGE(errors.size() == 1 && errors[0] == c.expect,
                          "expected exactly:\n"
                              << c.expect << "\ngot:\n"
                              << All(r.problems));
      BOOST_CHECK_EQUAL(b.PostCount(), 0u);
      BOOST_CHECK_EQUAL(b.store->generation(), 0u);
    }
  }
}

// Regression: an author with `name: ""` was accepted with an empty
// display name, while a post's `title: ""` was reported as missing.
BOOST_AUTO_TEST_CASE(author_with_an_empty_name) {
  Blog b;
  std::string dir = b.content();
  WriteFile(dir + "/authors/ann.md", "---\nname: \"\"\n---\n");
  WriteFile(dir + "/posts/good.md", PostText("Good"));
  std::vector<std::string> errors = b.MustFail(dir);
  BOOST_CHECK(
      Has(errors,
          "authors/ann.md:2: name: missing (an author needs a display name)"));
}

BOOST_AUTO_TEST_CASE(duplicate_slug_names_both_files) {
  Blog b;
  std::string dir = b.content();
  WriteFile(dir + "/posts/a.md", PostText("A", "slug: same\n"));
  WriteFile(dir + "/posts/b.md", PostText("B", "slug: same\n"));
  std::vector<std::string> errors = b.MustFail(dir);
  BOOST_REQUIRE_EQUAL(errors.size(), 1u);
  BOOST_CHECK_EQUAL(errors[0],
                    "posts/b.md:5: slug: 'same' is also the slug of "
                    "posts/a.md; give one of them another `slug:`");
}

BOOST_AUTO_TEST_CASE(duplicate_slug_from_file_names) {
  Blog b;
  std::string dir = b.content();
  WriteFile(dir + "/posts/2023/note.md", PostText("A"));
  WriteFile(dir + "/_posts/2024-01-01-note.md",
            "---\ntitle: B\nauthor: ann\n---\n");
  std::vector<std::string> errors = b.MustFail(dir);
  BOOST_REQUIRE_EQUAL(errors.size(), 1u);
  // The slug comes from the file name, so the problem is on line 1.
  BOOST_CHECK_EQUAL(errors[0],
                    "_posts/2024-01-01-note.md:1: slug: 'note' is also the "
                    "slug of posts/2023/note.md; "
                    "give one of them another `slug:`");
}

BOOST_AUTO_TEST_CASE(duplicate_alias) {
  Blog b;
  std::string dir = b.content();
  WriteFile(dir + "/posts/a.md", PostText("A", "aliases: [/old/, /a-only/]\n"));
  WriteFile(dir + "/posts/b.md", PostText("B", "aliases: [/old/]\n"));
  std::vector<std::string> errors = b.MustFail(dir);
  BOOST_REQUIRE_EQUAL(errors.size(), 1u);
  BOOST_CHECK_EQUAL(
      errors[0],
      "posts/b.md:5: aliases: '/old/' is also an alias of posts/a.md");
}

BOOST_AUTO_TEST_CASE(file_over_max_post_bytes) {
  Blog b;
  b.settings.max_post_bytes = 200;
  std::string dir = b.content();
  std::string big = PostText("Big", "", std::string(300, 'x') + "\n");
  WriteFile(dir + "/posts/big.md", big);
  WriteFile(dir + "/posts/small.md", PostText("Small"));
  std::vector<std::string> errors = b.MustFail(dir);
  BOOST_REQUIRE_EQUAL(errors.size(), 1u);
  BOOST_CHECK_EQUAL(
      errors[0], "posts/big.md: the file has " + std::to_string(big.size()) +
                     " bytes, over the limit of 200 (setting max_post_bytes)");
}

BOOST_AUTO_TEST_CASE(
    one_bad_file_writes_nothing_and_all_problems_are_reported) {
  Blog b;
  std::string dir = b.content();
  WriteSmallBlog(dir);
  b.MustImport(dir);
  const uint64_t gen = b.store->generation();
  const size_t count = b.PostCount();
  const auto store_before = b.Dump();
  const auto media_before = ReadTree(b.settings.media_dir);

  // Good changes (a changed post, a new post with a new image, a removed
  // file) together with bad files: none of it may be written.
  WriteFile(dir + "/posts/second.md",
            PostText("Second, changed", "tags: one\n"));
  WriteFile(dir + "/posts/third.md",
            PostText("Third", "", "![new](third.png)\n"));
  WriteFile(dir + "/posts/third.png", "PNG3");
  WriteFile(dir + "/authors/ann.svg", "<svg changed/>");
  fs::remove(dir + "/posts/first.md");
  WriteFile(dir + "/posts/bad-date.md",
            "---\ntitle: X\ndate: 2023-02-30\nauthor: ann\n---\n");
  WriteFile(dir + "/posts/zz-no-title.md",
            "---\ntitle: \"\"\ndate: 2023-01-01\nauthor: ann\n---\n");
  WriteFile(dir + "/posts/dup.md", PostText("Dup", "slug: second\n"));

  ImportReport r;
  Status s = b.Import(dir, &r, /*prune=*/true);
  BOOST_CHECK(s.IsInvalidArgument());
  std::vector<std::string> errors = Errors(r);
  BOOST_CHECK_EQUAL(errors.size(), 3u);
  BOOST_CHECK_MESSAGE(
      Has(errors,
          "posts/bad-date.md:3: date: '2023-02-30' is not a calendar date"),
      All(r.problems));
  BOOST_CHECK_MESSAGE(
      Has(errors,
          "posts/zz-no-title.md:2: title: missing (every post needs a title)"),
      All(r.problems));
  BOOST_CHECK_MESSAGE(Has(errors,
                          "posts/second.md:1: slug: 'second' is also the slug "
                          "of posts/dup.md; give one of them another `slug:`"),
                      All(r.problems));
  // Problems come in file order.
  std::vector<std::string> files;
  for (const auto& p : r.problems) files.push_back(p.file);
  BOOST_CHECK(std::is_sorted(files.begin(), files.end()));

  BOOST_CHECK_EQUAL(b.store->generation(), gen);
  BOOST_CHECK_EQUAL(b.PostCount(), count);
  BOOST_CHECK(b.Dump() == store_before);
  BOOST_CHECK(ReadTree(b.settings.media_dir) == media_before);
  BOOST_CHECK(
      !fs::exists(fs::path(b.settings.media_dir) / "content/posts/third.png"));
}

BOOST_AUTO_TEST_CASE(a_failed_first_import_leaves_no_media) {
  Blog b;
  std::string dir = b.content();
  WriteSmallBlog(dir);
  WriteFile(dir + "/posts/bad.md",
            "---\ntitle: [x]\ndate: 2023-01-01\nauthor: ann\n---\n");
  b.MustFail(dir);
  BOOST_CHECK(ReadTree(b.settings.media_dir).empty());
  BOOST_CHECK_EQUAL(b.PostCount(), 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(export_round_trip)

BOOST_AUTO_TEST_CASE(import_export_import_gives_the_same_store) {
  Blog a;
  a.MustImport(kSample);

  TempDir out("levelpress-export");
  const std::string dir_b = out / "b";
  size_t written = 0;
  Status s = Export(a.settings, a.store->View(), dir_b, &written);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  BOOST_CHECK_EQUAL(written, 18u);  // 16 posts, 2 pages
  BOOST_CHECK(fs::exists(dir_b + "/posts/2023/bigint/diagram.svg"));
  BOOST_CHECK(fs::exists(dir_b + "/pages/about.md"));
  BOOST_CHECK(fs::exists(dir_b + "/authors/anna-keller.svg"));

  Blog b;
  ImportReport rb = b.MustImport(dir_b);
  BOOST_CHECK_MESSAGE(rb.problems.empty(), All(rb.problems));
  BOOST_CHECK_EQUAL(rb.counts.added, 18u);

  std::vector<std::string> slugs_a, slugs_b;
  BOOST_REQUIRE(a.store->View().ListPostSlugs(&slugs_a).ok());
  BOOST_REQUIRE(b.store->View().ListPostSlugs(&slugs_b).ok());
  BOOST_REQUIRE(slugs_a == slugs_b);
  for (const auto& slug : slugs_a) {
    BOOST_TEST_CONTEXT("post " << slug) {
      Post pa, pb;
      BOOST_REQUIRE(a.store->View().GetPost(slug, &pa).ok());
      BOOST_REQUIRE(b.store->View().GetPost(slug, &pb).ok());
      BOOST_CHECK(pa.EncodeContent() == pb.EncodeContent());
      BOOST_CHECK_EQUAL(pa.title, pb.title);
      BOOST_CHECK_EQUAL(pa.date, pb.date);
      BOOST_CHECK(pa.author_ids == pb.author_ids);
      BOOST_CHECK(pa.tags == pb.tags);
      BOOST_CHECK_EQUAL(pa.summary, pb.summary);
      BOOST_CHECK_EQUAL(pa.body_markdown, pb.body_markdown);
    }
  }
  std::vector<Author> authors_a, authors_b;
  BOOST_REQUIRE(a.store->View().ListAuthors(&authors_a).ok());
  BOOST_REQUIRE(b.store->View().ListAuthors(&authors_b).ok());
  BOOST_REQUIRE_EQUAL(authors_a.size(), authors_b.size());
  for (size_t i = 0; i < authors_a.size(); ++i) {
    BOOST_TEST_CONTEXT("author " << authors_a[i].id) {
      BOOST_CHECK(authors_a[i].EncodeContent() == authors_b[i].EncodeContent());
    }
  }

  // The export read back into the first store changes nothing there.
  uint64_t gen = a.store->generation();
  ImportReport ra = a.MustImport(dir_b);
  BOOST_CHECK_EQUAL(ra.counts.unchanged, 18u);
  BOOST_CHECK_EQUAL(a.store->generation(), gen);

  // Exporting the second store gives the same files, byte for byte.
  const std::string dir_c = out / "c";
  BOOST_REQUIRE(Export(b.settings, b.store->View(), dir_c, &written).ok());
  auto tree_b = ReadTree(dir_b), tree_c = ReadTree(dir_c);
  BOOST_CHECK_EQUAL(tree_b.size(), tree_c.size());
  for (const auto& [rel, bytes] : tree_b) {
    auto it = tree_c.find(rel);
    BOOST_CHECK_MESSAGE(it != tree_c.end() && it->second == bytes,
                        "differs: " << rel);
  }
  // And exporting the first store again as well.
  const std::string dir_d = out / "d";
  BOOST_REQUIRE(Export(a.settings, a.store->View(), dir_d, &written).ok());
  BOOST_CHECK(ReadTree(dir_d) == tree_b);
}

BOOST_AUTO_TEST_CASE(round_trip_of_tricky_front_matter) {
  Blog a;
  std::string dir = a.content();
  WriteFile(dir + "/authors/ann.md",
            "---\nname: \"Ann \\\"The\\\" O'Neil\"\n---\nBio with *markup*.\n");
  WriteFile(dir + "/posts/tricky.md",
            "---\n"
            "title: 'Quotes \" and '' and: colons # hash'\n"
            "date: 2023-06-01 12:00:00 +0530\n"
            "author: ann\n"
            "tags: \"C++, Django, django, yes\"\n"
            "summary: |\n  Two lines\n  of *summary*.\n"
            "aliases: [/old/tricky/, \"/with space/\"]\n"
            "draft: yes\n"
            "---\n"
            "Body with --- dashes\n---\nand a line of three dashes.\n");
  WriteFile(dir + "/posts/null.md",
            PostText("Null", "slug: \"null\"\ntags: [\"true\", \"null\"]\n"));
  WriteFile(
      dir + "/posts/by-name.md",
      "---\ntitle: By name\ndate: 2023-01-01\nauthor: Bob Builder\n---\n");
  a.MustImport(dir);

  TempDir out("levelpress-export");
  size_t written = 0;
  BOOST_REQUIRE(Export(a.settings, a.store->View(), out / "b", &written).ok());
  BOOST_CHECK_EQUAL(written, 3u);
  Blog b;
  b.MustImport(out / "b");
  for (const char* slug : {"tricky", "null", "by-name"}) {
    BOOST_TEST_CONTEXT("post " << slug) {
      Post pa, pb;
      BOOST_REQUIRE(a.store->View().GetPost(slug, &pa).ok());
      BOOST_REQUIRE(b.store->View().GetPost(slug, &pb).ok());
      BOOST_CHECK(pa.EncodeContent() == pb.EncodeContent());
      BOOST_CHECK_EQUAL(pb.title, pa.title);
      BOOST_CHECK(pb.tags == pa.tags);
      BOOST_CHECK_EQUAL(pb.summary, pa.summary);
      BOOST_CHECK_EQUAL(pb.draft, pa.draft);
    }
  }
  Author aa, ab;
  BOOST_REQUIRE(a.store->View().GetAuthor("ann", &aa).ok());
  BOOST_REQUIRE(b.store->View().GetAuthor("ann", &ab).ok());
  BOOST_CHECK(aa.EncodeContent() == ab.EncodeContent());
  BOOST_REQUIRE(b.store->View().GetAuthor("bob-builder", &ab).ok());
  BOOST_CHECK_EQUAL(ab.name, "Bob Builder");
}

BOOST_AUTO_TEST_SUITE_END()

// Issue 8, item 3: symbolic links in the content folder. Before, the walk
// and the media copy followed every link, so an avatar or image linked to
// /etc/shadow (or a folder linked to /etc) was copied into the public media
// folder and served.
BOOST_AUTO_TEST_SUITE(content_folder_boundary)

// A file outside the content folder that a link points at.
struct Outside {
  TempDir tmp{"levelpress-outside"};
  std::string secret = tmp / "secret.txt";
  Outside() { WriteFile(secret, "SECRET"); }
};

// Whether any file under dir holds the outside file's bytes.
bool Leaked(const std::string& dir) {
  for (const auto& [path, bytes] : ReadTree(dir)) {
    if (Contains(bytes, "SECRET")) return true;
  }
  return false;
}

BOOST_AUTO_TEST_CASE(avatar_linked_outside_is_an_error_at_its_line) {
  Blog b;
  Outside o;
  std::string dir = b.content();
  WriteFile(dir + "/authors/ann.md", "---\nname: Ann\navatar: ann.png\n---\n");
  fs::create_symlink(o.secret, dir + "/authors/ann.png");
  WriteFile(dir + "/posts/a.md", PostText("A"));
  std::vector<std::string> errors = b.MustFail(dir);
  BOOST_CHECK_EQUAL(errors.size(), 1u);
  BOOST_CHECK_MESSAGE(
      Has(errors,
          "authors/ann.md:3: avatar: 'authors/ann.png' leads outside "
          "the content folder (to " +
              fs::canonical(o.secret).string() +
              ") through a symbolic link; only links that stay "
              "inside it are followed"),
      (errors.empty() ? "no errors" : errors[0]));
  BOOST_CHECK(!Leaked(b.settings.media_dir));
  BOOST_CHECK_EQUAL(b.PostCount(), 0u);
}

BOOST_AUTO_TEST_CASE(image_linked_outside_is_an_error_at_its_line) {
  Blog b;
  Outside o;
  std::string dir = b.content();
  WriteFile(dir + "/authors/ann.md", "---\nname: Ann\n---\n");
  WriteFile(dir + "/posts/a.md",
            PostText("A", "", "Text.\n\nMore ![x](pic.png) text.\n"));
  fs::create_symlink(o.secret, dir + "/posts/pic.png");
  ImportReport r;
  std::vector<std::string> errors = b.MustFail(dir, &r);
  BOOST_CHECK_MESSAGE(
      Has(errors,
          "posts/a.md:8: 'posts/pic.png' leads outside the content "
          "folder (to " +
              fs::canonical(o.secret).string() +
              ") through a symbolic link; only links that stay "
              "inside it are followed"),
      All(r.problems));
  BOOST_CHECK(!Leaked(b.settings.media_dir));
}

BOOST_AUTO_TEST_CASE(image_in_a_folder_linked_outside_is_an_error) {
  Blog b;
  Outside o;
  std::string dir = b.content();
  WriteFile(dir + "/authors/ann.md", "---\nname: Ann\n---\n");
  WriteFile(dir + "/posts/a.md", PostText("A", "", "![x](etc/secret.txt)\n"));
  fs::create_directory_symlink(o.tmp.path(), dir + "/posts/etc");
  ImportReport r;
  std::vector<std::string> errors = b.MustFail(dir, &r);
  BOOST_CHECK_EQUAL(errors.size(), 2u);
  // The folder link itself, found by the walk...
  BOOST_CHECK_MESSAGE(Has(errors,
                          "posts/etc: it leads outside the content "
                          "folder (to " +
                              fs::canonical(o.tmp.path()).string() +
                              ") through a symbolic link; only links "
                              "that stay inside it are followed"),
                      All(r.problems));
  // ... and the reference through it.
  BOOST_CHECK_MESSAGE(Contains(All(r.problems),
                               "posts/a.md:6: 'posts/etc/secret.txt' leads "
                               "outside the content folder"),
                      All(r.problems));
  BOOST_CHECK(!Leaked(b.settings.media_dir));
}

BOOST_AUTO_TEST_CASE(post_file_or_folder_linked_outside_is_an_error) {
  Blog b;
  Outside o;
  std::string dir = b.content();
  WriteFile(dir + "/authors/ann.md", "---\nname: Ann\n---\n");
  WriteFile(dir + "/posts/a.md", PostText("A"));
  WriteFile(o.tmp / "posts/leak.md", PostText("Leak", "slug: leak\n"));
  fs::create_symlink(o.tmp / "posts/leak.md", dir + "/posts/leak.md");
  fs::create_directory_symlink(o.tmp / "posts", dir + "/posts/more");
  ImportReport r;
  std::vector<std::string> errors = b.MustFail(dir, &r);
  BOOST_CHECK_EQUAL(errors.size(), 2u);
  BOOST_CHECK_MESSAGE(
      Contains(All(r.problems),
               "posts/leak.md: it leads outside the content folder (to " +
                   fs::canonical(o.tmp / "posts/leak.md").string() + ")"),
      All(r.problems));
  BOOST_CHECK_MESSAGE(
      Contains(All(r.problems),
               "posts/more: it leads outside the content folder (to " +
                   fs::canonical(o.tmp / "posts").string() + ")"),
      All(r.problems));
  BOOST_CHECK_EQUAL(b.PostCount(), 0u);
}

BOOST_AUTO_TEST_CASE(links_that_stay_inside_are_followed) {
  Blog b;
  std::string dir = b.content();
  WriteFile(dir + "/authors/ann.md", "---\nname: Ann\navatar: ann.png\n---\n");
  WriteFile(dir + "/shared/ann-real.png", "AVATAR");
  fs::create_symlink("../shared/ann-real.png", dir + "/authors/ann.png");
  WriteFile(dir + "/shared/pic.png", "PIC");
  WriteFile(dir + "/library/b.md", PostText("B", "", "![p](pic.png)\n"));
  fs::create_symlink("../shared/pic.png", dir + "/library/pic.png");
  WriteFile(dir + "/posts/a.md", PostText("A"));
  fs::create_directory_symlink("../library", dir + "/posts/lib");
  // A loop of links is walked once.
  fs::create_directory_symlink(".", dir + "/library/self");
  ImportReport r = b.MustImport(dir);
  BOOST_CHECK_EQUAL(b.PostCount(), 2u);
  Post p;
  BOOST_REQUIRE(b.store->View().GetPost("b", &p).ok());
  BOOST_CHECK_EQUAL(p.source_path, "posts/lib/b.md");
  const fs::path media(b.settings.media_dir);
  // Copies are regular files with the target's bytes, not links.
  BOOST_CHECK(fs::is_regular_file(
      fs::symlink_status(media / "content/posts/lib/pic.png")));
  BOOST_CHECK_EQUAL(
      levelpress::testing::ReadFile(media / "content/posts/lib/pic.png"),
      "PIC");
  BOOST_CHECK_EQUAL(levelpress::testing::ReadFile(media / "authors/ann.png"),
                    "AVATAR");
}

BOOST_AUTO_TEST_CASE(only_regular_files_are_read) {
  Blog b;
  std::string dir = b.content();
  WriteFile(dir + "/authors/ann.md", "---\nname: Ann\navatar: ann.png\n---\n");
  WriteFile(dir + "/posts/a.md", PostText("A", "", "![p](pipe.png)\n"));
  // Reading a FIFO would wait forever for a writer.
  BOOST_REQUIRE(::mkfifo((dir + "/posts/pipe.png").c_str(), 0644) == 0);
  BOOST_REQUIRE(::mkfifo((dir + "/authors/ann.png").c_str(), 0644) == 0);
  BOOST_REQUIRE(::mkfifo((dir + "/posts/fifo.md").c_str(), 0644) == 0);
  ImportReport r = b.MustImport(dir);
  BOOST_CHECK_MESSAGE(Contains(All(r.problems),
                               "posts/a.md:6: warning: references "
                               "'posts/pipe.png', which is not in the content "
                               "folder"),
                      All(r.problems));
  BOOST_CHECK_EQUAL(b.PostCount(), 1u);
  BOOST_CHECK(ReadTree(b.settings.media_dir).empty());
}

BOOST_AUTO_TEST_CASE(media_copy_does_not_write_through_a_link) {
  Blog b;
  Outside o;
  std::string dir = b.content();
  WriteSmallBlog(dir);
  // Someone put a link into the media folder.
  fs::create_directories(b.settings.media_dir + "/content");
  fs::create_directory_symlink(o.tmp.path(),
                               b.settings.media_dir + "/content/posts");
  ImportReport r;
  Status s = b.Import(dir, &r);
  BOOST_CHECK(s.IsIOError());
  BOOST_CHECK_MESSAGE(Contains(s.message(), "is a symbolic link"),
                      s.ToString());
  BOOST_CHECK_MESSAGE(Contains(s.message(), "nothing was changed in the store"),
                      s.ToString());
  BOOST_CHECK(!fs::exists(o.tmp / "first.png"));
  BOOST_CHECK_EQUAL(b.PostCount(), 0u);
}

BOOST_AUTO_TEST_SUITE_END()

// Issue 8, item 4: export wrote to its target joined with the stored
// source path, so a source path of "../outside/leak.md" (stored by an
// import that followed a link out) or a link already in the target
// (target/posts -> /etc) made it write outside the target.
BOOST_AUTO_TEST_SUITE(export_boundary)

Post StoredPost(const std::string& slug, const std::string& source_path) {
  Post p;
  p.slug = slug;
  p.source_path = source_path;
  p.title = "T " + slug;
  p.date = 1672567200;
  p.author_ids = {"ann"};
  p.body_markdown = "Body.\n";
  p.body_html = "<p>Body.</p>\n";
  return p;
}

BOOST_AUTO_TEST_CASE(unsafe_source_paths_are_written_as_posts_slug_md) {
  Blog b;
  TempDir out("levelpress-export");
  const std::string target = out / "target";
  {
    StoreWriter w(b.store.get(), 1672567200);
    for (auto [slug, path] : std::vector<std::pair<std::string, std::string>>{
             {"up", "../outside/leak.md"},
             {"abs", out / "abs.md"},
             {"mid", "posts/../../mid.md"},
             {"fine", "posts/2023/fine.md"}}) {
      BOOST_REQUIRE(w.PutPost(StoredPost(slug, path)).ok());
    }
    Post asset = StoredPost("asset", "posts/asset.md");
    asset.assets = {"../outside.png", "/etc/passwd"};
    BOOST_REQUIRE(w.PutPost(asset).ok());
    BOOST_REQUIRE(w.Commit(true).ok());
  }
  size_t n = 0;
  Status s = Export(b.settings, b.store->View(), target, &n);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  BOOST_CHECK_EQUAL(n, 5u);
  auto tree = ReadTree(out.path());
  std::vector<std::string> files;
  for (const auto& [path, bytes] : tree) files.push_back(path);
  std::vector<std::string> want = {
      "target/posts/2023/fine.md", "target/posts/abs.md",
      "target/posts/asset.md", "target/posts/mid.md", "target/posts/up.md"};
  BOOST_CHECK_EQUAL_COLLECTIONS(files.begin(), files.end(), want.begin(),
                                want.end());
}

// The import side of the same bug: the walk made source paths with
// fs::relative, which resolves links, so a linked post got
// "../outside/leak.md". ParsePostFile now refuses such a path outright.
BOOST_AUTO_TEST_CASE(a_post_never_gets_an_unsafe_source_path) {
  Settings settings;
  AuthorIndex authors;
  for (const std::string rel :
       {"../outside/leak.md", "/etc/leak.md", "posts/../../x.md", ""}) {
    ParsedPost p = ParsePostFile(rel, PostText("A"), settings, authors);
    BOOST_CHECK_MESSAGE(!p.ok, rel);
  }
  BOOST_CHECK(ParsePostFile("posts/a.md", PostText("A"), settings, authors).ok);
  BOOST_CHECK(IsSafeRelativePath("posts/2023/a.md"));
  BOOST_CHECK(!IsSafeRelativePath("posts/./a.md"));
  BOOST_CHECK(!IsSafeRelativePath("posts//a.md"));
}

BOOST_AUTO_TEST_CASE(export_does_not_write_through_a_link_in_the_target) {
  Blog b;
  b.MustImport(kSample);
  TempDir out("levelpress-export");
  TempDir elsewhere("levelpress-elsewhere");
  const std::string target = out / "target";
  fs::create_directories(target);
  fs::create_directory_symlink(elsewhere.path(), target + "/posts");
  size_t n = 0;
  Status s = Export(b.settings, b.store->View(), target, &n);
  BOOST_CHECK(!s.ok());
  BOOST_CHECK_MESSAGE(Contains(s.message(), target + "/posts is a symbolic "
                                                     "link"),
                      s.ToString());
  BOOST_CHECK(ReadTree(elsewhere.path()).empty());

  // A link where a file goes is replaced, not written through.
  fs::remove(target + "/posts");
  WriteFile(elsewhere / "victim.md", "VICTIM");
  Post first;
  std::vector<std::string> slugs;
  BOOST_REQUIRE(b.store->View().ListPostSlugs(&slugs).ok());
  // A post under posts/ (the failed export above may have written pages/).
  for (const auto& slug : slugs) {
    BOOST_REQUIRE(b.store->View().GetPost(slug, &first).ok());
    if (!first.page) break;
  }
  fs::create_directories(
      fs::path(target + "/" + first.source_path).parent_path());
  fs::create_symlink(elsewhere / "victim.md", target + "/" + first.source_path);
  s = Export(b.settings, b.store->View(), target, &n);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  BOOST_CHECK_EQUAL(levelpress::testing::ReadFile(elsewhere / "victim.md"),
                    "VICTIM");
  BOOST_CHECK(fs::is_regular_file(
      fs::symlink_status(target + "/" + first.source_path)));
}

BOOST_AUTO_TEST_SUITE_END()

// Issue 8, item 6: front matter with bytes that are not UTF-8 was stored
// raw, and feed.xml and sitemap.xml became invalid XML.
BOOST_AUTO_TEST_SUITE(utf8)

BOOST_AUTO_TEST_CASE(every_field_with_bad_bytes_is_an_error_at_its_line) {
  Blog b;
  std::string dir = b.content();
  WriteFile(dir + "/authors/ann.md",
            "---\nname: \"Ann \xE9tienne\"\n---\nBio.\n");
  WriteFile(dir + "/posts/a.md",
            "---\ntitle: \"Caf\xE9\"\ndate: 2023-01-01T10:00:00Z\n"
            "author: ann\n---\nBody.\n");
  WriteFile(dir + "/posts/b.md",
            "---\ntitle: B\ndate: 2023-01-01T10:00:00Z\nauthor: ann\n"
            "tags:\n  - ok\n  - \"bad\xC3\"\nsummary: \"x \xED\xA0\x80\"\n"
            "---\nBody.\n");
  WriteFile(dir + "/posts/c.md",
            "---\ntitle: C\ndate: 2023-01-01T10:00:00Z\nauthor: ann\n"
            "aliases: [/old-\xC0\xAF/]\nslug: c\xFF\ndescription: \xF5x\n"
            "---\nBody.\n");
  ImportReport r;
  std::vector<std::string> errors = b.MustFail(dir, &r);
  std::vector<std::string> want = {
      "authors/ann.md:2: name: not valid UTF-8 (byte 0xE9 at column 12); "
      "save the file as UTF-8",
      "posts/a.md:2: title: not valid UTF-8 (byte 0xE9 at column 12); save "
      "the file as UTF-8",
      "posts/b.md:7: tags: not valid UTF-8 (byte 0xC3 at column 9); save the "
      "file as UTF-8",
      "posts/b.md:8: summary: not valid UTF-8 (byte 0xED at column 13); save "
      "the file as UTF-8",
      "posts/c.md:5: aliases: not valid UTF-8 (byte 0xC0 at column 16); save "
      "the file as UTF-8",
      "posts/c.md:6: slug: not valid UTF-8 (byte 0xFF at column 8); save the "
      "file as UTF-8",
      "posts/c.md:7: description: not valid UTF-8 (byte 0xF5 at column 14); "
      "save the file as UTF-8",
  };
  for (const auto& w : want) {
    BOOST_CHECK_MESSAGE(Has(errors, w), "missing: " << w << "\n"
                                                    << All(r.problems));
  }
  BOOST_CHECK_EQUAL(errors.size(), want.size());
  BOOST_CHECK_EQUAL(b.PostCount(), 0u);
}

BOOST_AUTO_TEST_CASE(characters_xml_forbids_are_errors_too) {
  Blog b;
  std::string dir = b.content();
  WriteFile(dir + "/authors/ann.md", "---\nname: Ann\n---\n");
  // Valid UTF-8, but XML 1.0 cannot carry U+0001 or U+FFFF; YAML escapes
  // make them from plain ASCII.
  WriteFile(dir + "/posts/a.md",
            "---\ntitle: \"A\\x01\"\ndate: 2023-01-01T10:00:00Z\n"
            "author: ann\ntags: [\"ok\", \"t\\uFFFF\"]\n---\nBody.\n");
  ImportReport r;
  std::vector<std::string> errors = b.MustFail(dir, &r);
  BOOST_CHECK_MESSAGE(
      Has(errors,
          "posts/a.md:2: title: holds U+0001, a control character "
          "that feeds and sitemaps cannot carry"),
      All(r.problems));
  BOOST_CHECK_MESSAGE(
      Has(errors,
          "posts/a.md:5: tags: holds U+FFFF, a control character "
          "that feeds and sitemaps cannot carry"),
      All(r.problems));
}

BOOST_AUTO_TEST_CASE(body_bad_bytes_and_controls_become_replacement_chars) {
  Blog b;
  std::string dir = b.content();
  WriteFile(dir + "/authors/ann.md", "---\nname: Ann\n---\n");
  WriteFile(dir + "/posts/a.md",
            PostText("A", "", "Caf\xE9 \x01 ok\xEF\xBF\xBE.\n"));
  b.MustImport(dir);
  Post p;
  BOOST_REQUIRE(b.store->View().GetPost("a", &p).ok());
  // The body keeps its bytes (export writes them back); the HTML is clean.
  BOOST_CHECK_EQUAL(p.body_markdown, "Caf\xE9 \x01 ok\xEF\xBF\xBE.\n");
  BOOST_CHECK_EQUAL(p.body_html,
                    "<p>Caf\xEF\xBF\xBD \xEF\xBF\xBD ok\xEF\xBF\xBD.</p>\n");
  BOOST_CHECK_EQUAL(p.excerpt_html, p.body_html);
}

BOOST_AUTO_TEST_SUITE_END()

// Issue 8, item 9: aliases that the site answers itself ("/", "/tags/",
// "/feed.xml", another post's URL) were imported and never worked.
BOOST_AUTO_TEST_SUITE(aliases)

BOOST_AUTO_TEST_CASE(aliases_the_site_answers_are_errors) {
  Blog b;
  std::string dir = b.content();
  WriteFile(dir + "/authors/ann.md", "---\nname: Ann\n---\n");
  WriteFile(dir + "/posts/other.md",
            "---\ntitle: Other\ndate: 2023-02-03T10:00:00Z\nauthor: ann\n"
            "---\nBody.\n");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/", "the home page"},
      {"/tags/", "the tags page"},
      {"/tags", "the tags page"},
      {"/authors/", "the authors page"},
      {"/_health", "the health check"},
      {"/feed.xml", "the feed"},
      {"/sitemap.xml", "the sitemap"},
      {"/page/2/", "a page of the home listing"},
      {"/tag/x/", "a tag page (tag_url /tag/:tag/)"},
      {"/tag/x/page/3/", "a tag page (tag_url /tag/:tag/)"},
      {"/author/ann/", "an author page (author_url /author/:author/)"},
      {"/theme/style.css", "under theme_url /theme/"},
      {"/media/authors/ann.png", "under media_url /media/"},
  };
  std::string list;
  for (const auto& [alias, what] : cases) {
    list += (list.empty() ? "\"" : ", \"") + alias + "\"";
  }
  WriteFile(dir + "/posts/a.md",
            "---\ntitle: A\ndate: 2023-01-01T10:00:00Z\nauthor: ann\n"
            "aliases: [" +
                list +
                ", \"/2023/01/01/a/\", \"/old/a/\"]\n"
                "---\nBody.\n");
  // Checks across posts run on posts without errors of their own.
  WriteFile(dir + "/posts/c.md",
            PostText("C", "aliases: [/2023/02/03/other]\n"));
  ImportReport r;
  std::vector<std::string> errors = b.MustFail(dir, &r);
  for (const auto& [alias, what] : cases) {
    std::string want = "posts/a.md:5: aliases: '" + alias + "' is " + what +
                       ", which the site answers itself: a redirect there "
                       "would never be used";
    BOOST_CHECK_MESSAGE(Has(errors, want), "missing: " << want);
  }
  BOOST_CHECK_MESSAGE(
      Has(errors,
          "posts/a.md:5: aliases: '/2023/01/01/a/' is the post's "
          "own URL"),
      All(r.problems));
  BOOST_CHECK_MESSAGE(
      Has(errors,
          "posts/c.md:5: aliases: '/2023/02/03/other' is the URL of "
          "posts/other.md"),
      All(r.problems));
  BOOST_CHECK_EQUAL(errors.size(), cases.size() + 2);
}

BOOST_AUTO_TEST_CASE(is_site_path_follows_the_settings) {
  Settings s;
  s.tag_url = "/topics/:tag/";
  s.media_url = "https://cdn.example.org/media/";  // not a path here
  std::string what;
  BOOST_CHECK(IsSitePath(s, "/topics/go/", &what));
  BOOST_CHECK(!IsSitePath(s, "/tag/go/", &what));
  BOOST_CHECK(!IsSitePath(s, "/media/x.png", &what));
  BOOST_CHECK(!IsSitePath(s, "/2019/01/01/old-post/", &what));
  BOOST_CHECK(!IsSitePath(s, "/feed.xml/", &what));  // the router misses it
  BOOST_CHECK(!IsSitePath(s, "/old/", &what));
}

BOOST_AUTO_TEST_SUITE_END()

// Attack report, item 1: WriteBelow opened the guessable temporary name
// ".NAME.levelpress-tmp" with O_CREAT|O_TRUNC and no O_EXCL, so a hard link
// planted at that name (in an export target, or in media_dir) to a file
// elsewhere got truncated and overwritten: a write outside the target.
BOOST_AUTO_TEST_SUITE(hard_links)

BOOST_AUTO_TEST_CASE(export_does_not_write_through_a_planted_hard_link) {
  Blog b;
  std::string dir = b.content();
  WriteSmallBlog(dir);
  b.MustImport(dir);
  TempDir out("levelpress-export");
  const std::string target = out / "target";
  const std::string victim = out / "victim";
  WriteFile(victim, "VICTIM");
  fs::create_directories(target + "/posts");
  fs::create_directories(target + "/authors");
  for (const std::string rel :
       {"posts/first.md", "posts/second.md", "posts/first.png",
        "authors/ann.md", "authors/ann.svg"}) {
    fs::path p = fs::path(target) / rel;
    fs::create_hard_link(
        victim, p.parent_path() / ("." + p.filename().string() +
                                   ".levelpress-tmp"));  // the old name
    fs::create_hard_link(victim, p);                     // the destination
  }
  size_t n = 0;
  Status s = Export(b.settings, b.store->View(), target, &n);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  BOOST_CHECK_EQUAL(levelpress::testing::ReadFile(victim), "VICTIM");
  BOOST_CHECK(Contains(
      levelpress::testing::ReadFile(target + "/posts/first.md"), "First"));
  BOOST_CHECK_EQUAL(levelpress::testing::ReadFile(target + "/posts/first.png"),
                    "PNG1");
  BOOST_CHECK_EQUAL(fs::hard_link_count(target + "/posts/first.md"), 1u);
  // No temporary file is left behind.
  for (const auto& e : fs::recursive_directory_iterator(target)) {
    BOOST_CHECK_MESSAGE(
        !Contains(e.path().filename().string(), ".levelpress-tmp-"),
        e.path().string());
  }
}

BOOST_AUTO_TEST_CASE(media_copy_does_not_write_through_a_planted_hard_link) {
  Blog b;
  std::string dir = b.content();
  WriteSmallBlog(dir);
  TempDir out("levelpress-elsewhere");
  const std::string victim = out / "victim";
  WriteFile(victim, "VICTIM");
  const std::string media = b.settings.media_dir;
  fs::create_directories(media + "/content/posts");
  fs::create_directories(media + "/authors");
  for (const std::string rel : {"content/posts/first.png", "authors/ann.svg"}) {
    fs::path p = fs::path(media) / rel;
    fs::create_hard_link(
        victim,
        p.parent_path() / ("." + p.filename().string() + ".levelpress-tmp"));
    fs::create_hard_link(victim, p);
  }
  b.MustImport(dir);
  BOOST_CHECK_EQUAL(levelpress::testing::ReadFile(victim), "VICTIM");
  BOOST_CHECK_EQUAL(
      levelpress::testing::ReadFile(media + "/content/posts/first.png"),
      "PNG1");
  BOOST_CHECK_EQUAL(levelpress::testing::ReadFile(media + "/authors/ann.svg"),
                    "<svg/>");
}

BOOST_AUTO_TEST_SUITE_END()

// Attack report, item 2: a draft's images were copied into the public
// media folder at import, and a relative link to any file (another post's
// Markdown, a dotfile) copied that file there too.
BOOST_AUTO_TEST_SUITE(what_is_published)

BOOST_AUTO_TEST_CASE(a_drafts_files_are_not_copied_a_scheduled_posts_are) {
  Blog b;
  std::string dir = b.content();
  WriteFile(dir + "/posts/d.md",
            PostText("D", "draft: true\n", "![x](draft.png)\n"));
  WriteFile(dir + "/posts/draft.png", "DRAFT");
  WriteFile(dir + "/posts/later.md",
            "---\ntitle: L\ndate: 2099-01-01T10:00:00Z\nauthor: ann\n---\n"
            "![x](later.png)\n");
  WriteFile(dir + "/posts/later.png", "LATER");
  b.MustImport(dir);
  auto media = ReadTree(b.settings.media_dir);
  BOOST_CHECK(!media.count("content/posts/draft.png"));
  BOOST_CHECK_EQUAL(media["content/posts/later.png"], "LATER");
  Post p;
  BOOST_REQUIRE(b.store->View().GetPost("d", &p).ok());
  BOOST_CHECK(p.assets.empty());

  // Published: now its image is copied.
  WriteFile(dir + "/posts/d.md", PostText("D", "", "![x](draft.png)\n"));
  b.MustImport(dir);
  BOOST_CHECK_EQUAL(ReadTree(b.settings.media_dir)["content/posts/draft.png"],
                    "DRAFT");
}

BOOST_AUTO_TEST_CASE(links_to_files_that_are_not_media_are_not_published) {
  Blog b;
  std::string dir = b.content();
  WriteFile(dir + "/.env", "SECRET=1");
  WriteFile(dir + "/posts/2024/secret-plan.md",
            PostText("Plan", "draft: true\n", "World domination.\n"));
  WriteFile(dir + "/posts/2024/.hidden/a.png", "HIDDEN");
  WriteFile(dir + "/posts/2024/a.md",
            PostText("A", "",
                     "[notes](secret-plan.md)\n\n[env](../../.env)\n\n"
                     "![h](.hidden/a.png)\n\n[data](data.csv)\n"));
  WriteFile(dir + "/posts/2024/data.csv", "a,b\n");
  ImportReport r = b.MustImport(dir);
  auto media = ReadTree(b.settings.media_dir);
  std::vector<std::string> files;
  for (const auto& [path, bytes] : media) files.push_back(path);
  std::vector<std::string> want = {"content/posts/2024/data.csv"};
  BOOST_CHECK_EQUAL_COLLECTIONS(files.begin(), files.end(), want.begin(),
                                want.end());
  auto warnings = Warnings(r);
  for (const std::string w :
       {"posts/2024/a.md:6: warning: link to 'secret-plan.md' is not a media "
        "file; it is not published",
        "posts/2024/a.md:8: warning: link to '../../.env' is not a media "
        "file; it is not published",
        "posts/2024/a.md:10: warning: link to '.hidden/a.png' is not a media "
        "file; it is not published"}) {
    BOOST_CHECK_MESSAGE(Has(warnings, w), w << "\n" << All(r.problems));
  }
  Post p;
  BOOST_REQUIRE(b.store->View().GetPost("a", &p).ok());
  BOOST_CHECK(Contains(p.body_html, "href=\"secret-plan.md\""));
  BOOST_CHECK(Contains(p.body_html, "href=\"../../.env\""));
  std::vector<std::string> want_assets = {"posts/2024/data.csv"};
  BOOST_CHECK(p.assets == want_assets);
}

BOOST_AUTO_TEST_SUITE_END()

// Attack report, item 3: an author's id is its file name, so
// authors/team1/bob.md and authors/team2/bob.md were both 'bob' and one
// silently replaced the other; and avatars went to media/authors/<file
// name>, so team1/me.svg and team2/me.svg overwrote each other (an author
// showed another's picture).
BOOST_AUTO_TEST_SUITE(author_folders)

BOOST_AUTO_TEST_CASE(a_duplicate_author_id_is_an_error_naming_both_files) {
  Blog b;
  std::string dir = b.content();
  WriteFile(dir + "/authors/team1/bob.md", "---\nname: Bob One\n---\n");
  WriteFile(dir + "/authors/team2/bob.md", "---\nname: Bob Two\n---\n");
  WriteFile(dir + "/posts/a.md", PostText("A"));
  auto errors = b.MustFail(dir);
  BOOST_CHECK_MESSAGE(
      Has(errors,
          "authors/team2/bob.md:1: author id 'bob' is also the id of "
          "authors/team1/bob.md (an author's id is its file name); rename one "
          "of them"),
      errors.size() << (errors.empty() ? "" : errors[0]));
  BOOST_CHECK_EQUAL(b.PostCount(), 0u);
}

BOOST_AUTO_TEST_CASE(avatars_of_authors_in_folders_never_share_a_file) {
  Blog b;
  std::string dir = b.content();
  WriteFile(dir + "/authors/team1/ann.md",
            "---\nname: Ann\navatar: me.svg\n---\n");
  WriteFile(dir + "/authors/team1/me.svg", "<svg>ann</svg>");
  WriteFile(dir + "/authors/team2/bob.md",
            "---\nname: Bob\navatar: me.svg\n---\n");
  WriteFile(dir + "/authors/team2/me.svg", "<svg>bob</svg>");
  WriteFile(dir + "/authors/cy.md", "---\nname: Cy\navatar: me.svg\n---\n");
  WriteFile(dir + "/authors/me.svg", "<svg>cy</svg>");
  WriteFile(dir + "/posts/a.md", PostText("A"));
  b.MustImport(dir);
  Author ann, bob, cy;
  BOOST_REQUIRE(b.store->View().GetAuthor("ann", &ann).ok());
  BOOST_REQUIRE(b.store->View().GetAuthor("bob", &bob).ok());
  BOOST_REQUIRE(b.store->View().GetAuthor("cy", &cy).ok());
  BOOST_CHECK_EQUAL(ann.avatar_url, "authors/team1/me.svg");
  BOOST_CHECK_EQUAL(bob.avatar_url, "authors/team2/me.svg");
  BOOST_CHECK_EQUAL(cy.avatar_url, "authors/me.svg");
  auto media = ReadTree(b.settings.media_dir);
  BOOST_CHECK_EQUAL(media["authors/team1/me.svg"], "<svg>ann</svg>");
  BOOST_CHECK_EQUAL(media["authors/team2/me.svg"], "<svg>bob</svg>");
  BOOST_CHECK_EQUAL(media["authors/me.svg"], "<svg>cy</svg>");

  // Export puts each back beside its author file.
  TempDir out("levelpress-export");
  size_t n = 0;
  BOOST_REQUIRE(Export(b.settings, b.store->View(), out / "x", &n).ok());
  auto tree = ReadTree(out / "x");
  BOOST_CHECK_EQUAL(tree["authors/team1/me.svg"], "<svg>ann</svg>");
  BOOST_CHECK_EQUAL(tree["authors/team2/me.svg"], "<svg>bob</svg>");
}

BOOST_AUTO_TEST_SUITE_END()

// Attack report, item 4: aliases with a query or fragment ("/?p=123",
// "/index.php?id=4", "/x#frag") imported silently but could never match:
// the router matches the (decoded) path only. An alias with %XX escapes
// never matched either, the request path being decoded; it is now stored
// decoded.
BOOST_AUTO_TEST_SUITE(alias_forms)

BOOST_AUTO_TEST_CASE(a_query_or_fragment_is_an_error) {
  Blog b;
  std::string dir = b.content();
  WriteFile(dir + "/posts/a.md",
            PostText("A",
                     "aliases: [\"/?p=123\", \"/index.php?id=4\", "
                     "\"/x#frag\", \"/ok/\"]\n"));
  WriteFile(dir + "/posts/b.md",
            PostText("B",
                     "aliases: [\"/bad%zz\", \"/bad%4\", \"/nul%00\", "
                     "\"/%2E%2E/x\", \"/%66eed.xml\"]\n"));
  ImportReport r;
  auto errors = b.MustFail(dir, &r);
  std::vector<std::string> want = {
      "posts/a.md:5: aliases: '/?p=123' has a query or fragment; aliases "
      "match the path only",
      "posts/a.md:5: aliases: '/index.php?id=4' has a query or fragment; "
      "aliases match the path only",
      "posts/a.md:5: aliases: '/x#frag' has a query or fragment; aliases "
      "match the path only",
      "posts/b.md:5: aliases: '/bad%zz' has a '%' that is not followed by two "
      "hex digits",
      "posts/b.md:5: aliases: '/bad%4' has a '%' that is not followed by two "
      "hex digits",
      "posts/b.md:5: aliases: '/nul%00' decodes to bytes that are not UTF-8 "
      "text",
      "posts/b.md:5: aliases: '/%2E%2E/x' (decoded: '/../x') must be a path "
      "starting with '/'",
      "posts/b.md:5: aliases: '/%66eed.xml' (decoded: '/feed.xml') is the "
      "feed, which the site answers itself: a redirect there would never be "
      "used",
  };
  for (const auto& w : want) {
    BOOST_CHECK_MESSAGE(Has(errors, w), "missing: " << w << "\n"
                                                    << All(r.problems));
  }
  BOOST_CHECK_EQUAL(errors.size(), want.size());
}

BOOST_AUTO_TEST_CASE(escapes_are_decoded_and_export_round_trips) {
  Blog b;
  std::string dir = b.content();
  WriteFile(dir + "/posts/a.md",
            PostText("A",
                     "aliases: [\"/caf%C3%A9/\", \"/100%25-off\", "
                     "\"/what%3F\", \"/plain/\"]\n"));
  b.MustImport(dir);
  std::string slug;
  for (const std::string path :
       {"/caf\xC3\xA9/", "/100%-off", "/what?", "/plain/"}) {
    BOOST_CHECK_MESSAGE(b.store->View().ResolveAlias(path, &slug).ok(), path);
    BOOST_CHECK_EQUAL(slug, "a");
  }
  BOOST_CHECK(b.store->View().ResolveAlias("/caf%C3%A9/", &slug).IsNotFound());
  auto before = b.Dump();
  TempDir out("levelpress-export");
  size_t n = 0;
  BOOST_REQUIRE(Export(b.settings, b.store->View(), out / "x", &n).ok());
  Blog again;
  again.MustImport(out / "x");
  auto after = again.Dump();
  size_t aliases = 0;
  for (const auto& [k, v] : before) {
    if (k[0] != 'x') continue;
    ++aliases;
    BOOST_CHECK_MESSAGE(after.count(k) && after[k] == v, k);
  }
  BOOST_CHECK_EQUAL(aliases, 4u);
}

BOOST_AUTO_TEST_SUITE_END()

// Attack report, item 5: after a post (or its image) was removed and
// `import --prune` ran, the image stayed in media_dir, public for good.
// Prune now removes the files under media_dir/content/ and
// media_dir/authors/ that no stored post or author refers to; nothing
// outside those two folders, nothing through a link; nothing without prune.
BOOST_AUTO_TEST_SUITE(prune_media)

BOOST_AUTO_TEST_CASE(prune_removes_media_nothing_refers_to) {
  Blog b;
  TempDir outside("levelpress-outside");
  std::string dir = b.content();
  WriteSmallBlog(dir);
  WriteFile(dir + "/posts/third.md",
            PostText("Third", "", "![a](third.png) ![b](keep.png)\n"));
  WriteFile(dir + "/posts/third.png", "PNG3");
  WriteFile(dir + "/posts/keep.png", "KEEP");
  WriteFile(dir + "/posts/fourth.md", PostText("Fourth", "", "![a](4.png)\n"));
  WriteFile(dir + "/posts/4.png", "PNG4");
  WriteFile(dir + "/authors/bob.md", "---\nname: Bob\navatar: bob.svg\n---\n");
  WriteFile(dir + "/authors/bob.svg", "BOB");
  b.MustImport(dir);
  const std::string media = b.settings.media_dir;
  // Files levelpress did not put there: outside the two folders, and a
  // link inside one (to a folder elsewhere).
  WriteFile(media + "/other/keep.txt", "OTHER");
  WriteFile(media + "/top.txt", "TOP");
  WriteFile(outside / "outside.png", "OUTSIDE");
  fs::create_directory_symlink(outside.path(), media + "/content/linked");
  fs::create_symlink(outside / "outside.png", media + "/content/file-link.png");

  fs::remove(dir + "/posts/second.md");  // had no image
  fs::remove(dir + "/posts/first.md");   // its image goes
  WriteFile(dir + "/posts/third.md",     // one image dropped
            PostText("Third", "", "![b](keep.png)\n"));
  WriteFile(dir + "/posts/fourth.md",  // now a draft: its image goes
            PostText("Fourth", "draft: true\n", "![a](4.png)\n"));
  fs::remove(dir + "/authors/bob.md");  // and his avatar

  b.MustImport(dir);  // without prune nothing is removed
  auto tree = ReadTree(media);
  for (const std::string f :
       {"content/posts/first.png", "content/posts/third.png",
        "content/posts/4.png", "authors/bob.svg"}) {
    BOOST_CHECK_MESSAGE(tree.count(f), f);
  }

  ImportReport r = b.MustImport(dir, /*prune=*/true);
  BOOST_CHECK_EQUAL(r.media_removed, 4u);
  BOOST_CHECK(Contains(r.Summary(), "4 unused media files removed"));
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(media)) {
    files.push_back(e.path().lexically_relative(media).generic_string());
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> want = {"authors",
                                   "authors/ann.svg",
                                   "content",
                                   "content/file-link.png",
                                   "content/linked",
                                   "content/posts",
                                   "content/posts/keep.png",
                                   "other",
                                   "other/keep.txt",
                                   "top.txt"};
  BOOST_CHECK_EQUAL_COLLECTIONS(files.begin(), files.end(), want.begin(),
                                want.end());
  BOOST_CHECK_EQUAL(levelpress::testing::ReadFile(outside / "outside.png"),
                    "OUTSIDE");
}

BOOST_AUTO_TEST_CASE(a_failed_prune_import_removes_no_media) {
  Blog b;
  std::string dir = b.content();
  WriteSmallBlog(dir);
  b.MustImport(dir);
  fs::remove(dir + "/posts/first.md");
  WriteFile(dir + "/posts/bad.md", "---\ntitle: x\n---\n");  // no date
  ImportReport r;
  BOOST_CHECK(b.Import(dir, &r, /*prune=*/true).IsInvalidArgument());
  BOOST_CHECK(ReadTree(b.settings.media_dir).count("content/posts/first.png"));
}

BOOST_AUTO_TEST_SUITE_END()

// A running server remembers what its imports read (ImportMemo): the next
// import of the same folder parses only the files that changed, and must
// still give exactly what a full import gives.
BOOST_AUTO_TEST_SUITE(import_memo)

struct MemoBlog : Blog {
  ImportMemo the_memo;
  MemoBlog() {
    memo = &the_memo;
    WriteFile(content() + "/authors/ann.md", "---\nname: Ann\n---\nBio.\n");
    WriteFile(content() + "/posts/a.md",
              PostText("A", "", "See ![pic](a.png).\n"));
    WriteFile(content() + "/posts/a.png", "PNG-1");
    WriteFile(content() + "/posts/b.md", PostText("B", "slug: b-post\n"));
  }
  std::string TitleOf(const std::string& slug) {
    Post p;
    BOOST_REQUIRE(store->View().GetPost(slug, &p).ok());
    return p.title;
  }
};

BOOST_AUTO_TEST_CASE(an_unchanged_folder_is_remembered_not_parsed) {
  MemoBlog b;
  ImportReport first = b.MustImport(b.content());
  BOOST_CHECK_EQUAL(first.counts.added, 2u);
  BOOST_CHECK_EQUAL(b.the_memo.files_.size(), 2u);
  const auto before = b.Dump();
  ImportReport second = b.MustImport(b.content());
  BOOST_CHECK_EQUAL(second.counts.unchanged, 2u);
  BOOST_CHECK_EQUAL(second.counts.added + second.counts.changed, 0u);
  BOOST_CHECK(b.Dump() == before);  // nothing written

  // One file changed: it alone is parsed, and the result is complete.
  WriteFile(b.content() + "/posts/b.md", PostText("B again", "slug: b-post\n"));
  ImportReport third = b.MustImport(b.content());
  BOOST_CHECK_EQUAL(third.counts.changed, 1u);
  BOOST_CHECK_EQUAL(third.counts.unchanged, 1u);
  BOOST_CHECK_EQUAL(b.TitleOf("b-post"), "B again");
  BOOST_CHECK_EQUAL(b.TitleOf("a"), "A");
  Post a;
  BOOST_REQUIRE(b.store->View().GetPost("a", &a).ok());
  BOOST_CHECK(a.body_html.find("a.png") != std::string::npos);
  BOOST_CHECK(b.CheckProblems().empty());
}

BOOST_AUTO_TEST_CASE(a_write_by_anyone_else_makes_the_memo_forget) {
  MemoBlog b;
  b.MustImport(b.content());
  {  // `levelpress rm a` between two imports of the same folder
    StoreWriter w(b.store.get(), 1700000000);
    BOOST_REQUIRE(w.RemovePost("a").ok());
    BOOST_REQUIRE(w.Commit(true).ok());
  }
  ImportReport r = b.MustImport(b.content());
  BOOST_CHECK_EQUAL(r.counts.added, 1u);  // a is back: the file says so
  BOOST_CHECK_EQUAL(b.TitleOf("a"), "A");
}

BOOST_AUTO_TEST_CASE(other_authors_or_settings_make_the_memo_forget) {
  MemoBlog b;
  std::string c_text = PostText("C");
  c_text.replace(c_text.find("author: ann"), std::string("author: ann").size(),
                 "author: \"Ann B.\"");
  WriteFile(b.content() + "/posts/c.md", c_text);
  b.MustImport(b.content());
  Post c;
  BOOST_REQUIRE(b.store->View().GetPost("c", &c).ok());
  BOOST_CHECK(c.author_ids !=
              std::vector<std::string>{"ann"});  // no author of that name yet
  // The author file now has that name; c.md is unchanged, but its author
  // is resolved through the authors, so it must be parsed again.
  WriteFile(b.content() + "/authors/ann.md", "---\nname: Ann B.\n---\n");
  b.MustImport(b.content());
  BOOST_REQUIRE(b.store->View().GetPost("c", &c).ok());
  BOOST_CHECK(c.author_ids == std::vector<std::string>{"ann"});
  // Another configuration (after a SIGHUP) may render the same file
  // differently: here the media URL in a's picture.
  Post a;
  BOOST_REQUIRE(b.store->View().GetPost("a", &a).ok());
  BOOST_CHECK(a.body_html.find("/media/content/posts/a.png") !=
              std::string::npos);
  b.settings.media_url = "/files/";
  b.memo_config = 2;
  b.MustImport(b.content());
  BOOST_REQUIRE(b.store->View().GetPost("a", &a).ok());
  BOOST_CHECK_MESSAGE(
      a.body_html.find("/files/content/posts/a.png") != std::string::npos,
      a.body_html);
  BOOST_CHECK(b.CheckProblems().empty());
}

BOOST_AUTO_TEST_CASE(media_and_prune_still_work_for_remembered_posts) {
  MemoBlog b;
  b.MustImport(b.content(), /*prune=*/true);
  const fs::path media(b.settings.media_dir);
  BOOST_CHECK(levelpress::testing::ReadFile(media / "content/posts/a.png") ==
              "PNG-1");
  // The picture changes, its post does not: the picture is copied again.
  WriteFile(b.content() + "/posts/a.png", "PNG-2");
  b.MustImport(b.content(), /*prune=*/true);
  BOOST_CHECK(levelpress::testing::ReadFile(media / "content/posts/a.png") ==
              "PNG-2");
  // A deleted file is a removed post; the remembered one keeps its media.
  fs::remove(b.content() + "/posts/b.md");
  ImportReport r = b.MustImport(b.content(), /*prune=*/true);
  BOOST_CHECK_EQUAL(r.counts.removed, 1u);
  BOOST_CHECK_EQUAL(r.media_removed, 0u);
  BOOST_CHECK(fs::exists(media / "content/posts/a.png"));
  BOOST_CHECK_EQUAL(b.PostCount(), 1u);
  // A slug taken twice is found also when one of them is remembered.
  WriteFile(b.content() + "/posts/dup.md", PostText("Dup", "slug: a\n"));
  ImportReport bad;
  BOOST_CHECK(b.Import(b.content(), &bad).IsInvalidArgument());
  // Nothing was written, so what the memo knows is still true.
  BOOST_CHECK_EQUAL(b.the_memo.files_.size(), 1u);
  fs::remove(b.content() + "/posts/dup.md");
  ImportReport fixed = b.MustImport(b.content());
  BOOST_CHECK_EQUAL(fixed.counts.unchanged, 1u);
  BOOST_CHECK(b.CheckProblems().empty());
}

BOOST_AUTO_TEST_SUITE_END()
