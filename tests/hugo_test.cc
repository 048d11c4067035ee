#define BOOST_TEST_MODULE hugo
#define BOOST_TEST_DYN_LINK
#include "hugo.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "dates.h"
#include "importer.h"
#include "settings.h"
#include "site.h"
#include "store.h"
#include "test_util.h"

// A Hugo site as it is (tests/hugo-site, in Hugo's own format: TOML, JSON
// and YAML front matter, a page bundle, shortcodes) imported and served:
// every old URL answers 200 or one 301 to its post, drafts are not public.

using namespace levelpress;
using levelpress::testing::Contains;
using levelpress::testing::TempDir;
using levelpress::testing::WriteFile;
namespace fs = std::filesystem;

namespace {

const std::string kSite = SOURCE_DIR "/tests/hugo-site";
constexpr int64_t kLater = 4102444800;  // 2100-01-01

struct Blog {
  TempDir tmp{"levelpress-hugo"};
  Settings settings;
  std::unique_ptr<Store> store;
  ImportReport report;
  bool strict = false;

  Blog() {
    BOOST_REQUIRE(SetTimeZone("UTC").ok());
    settings.time_zone = "UTC";
    settings.templates_dir = SOURCE_DIR "/templates";
    settings.store_path = tmp / "store";
    settings.media_dir = tmp / "media";
    Status s = Store::Open(settings.store_path, OpenOptions(), &store);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  }
  Status Import(const std::string& dir = kSite) {
    ImportOptions o;
    o.dir = dir;
    o.threads = 2;
    o.strict = strict;
    return levelpress::Import(settings, store.get(), o, &report);
  }
  void MustImport(const std::string& dir = kSite) {
    Status s = Import(dir);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString() + "\n" + Problems());
  }
  std::string Problems() const {
    std::string out;
    for (const auto& p : report.problems) out += p.ToString() + "\n";
    return out;
  }
  bool HasProblem(const std::string& line) const {
    return Contains(Problems(), line + "\n");
  }
  Response Get(const std::string& path, int64_t now = kLater) {
    std::shared_ptr<const SiteConfig> config;
    BOOST_REQUIRE(LoadSiteConfig(settings, &config).ok());
    Site site(store.get(), config);
    Request r;
    r.method = "GET";
    r.target = path;
    return site.Handle(r, now);
  }
  Post GetPost(const std::string& slug) {
    Post p;
    Status s = store->View().GetPost(slug, &p);
    BOOST_REQUIRE_MESSAGE(s.ok(), slug + ": " + s.ToString());
    return p;
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(the_site_imports_as_it_is) {
  Blog b;
  b.MustImport();
  BOOST_TEST_MESSAGE(b.Problems());
  Post toml = b.GetPost("toml-front-matter");
  BOOST_CHECK_EQUAL(toml.title, "A post in TOML");
  BOOST_CHECK_EQUAL(toml.date, 1680681600);     // 2023-04-05T10:00:00+02:00
  BOOST_CHECK_EQUAL(toml.updated, 1682899200);  // lastmod 2023-05-01
  BOOST_CHECK(toml.tags ==
              (std::vector<std::string>{"Go", "Static", "Engineering"}));
  BOOST_CHECK(Contains(toml.excerpt_html, "<strong>TOML</strong>"));
  Post json = b.GetPost("json-post");
  BOOST_CHECK_EQUAL(json.title, "A post in JSON");
  BOOST_CHECK_EQUAL(json.description, "JSON front matter, as Hugo reads it.");
  BOOST_CHECK(Contains(json.body_html, "with braces { in it }"));
  BOOST_CHECK(b.GetPost("draft-post").draft);
  // expiryDate: a post, not a draft, invisible from that time on (see
  // expiry_dates_hide_posts_at_their_time); no warning.
  Post expired = b.GetPost("expired");
  BOOST_CHECK(!expired.draft);
  BOOST_CHECK_EQUAL(expired.expires, 1609459200);  // 2021-01-01
  BOOST_CHECK_EQUAL(b.GetPost("expires-later").expires,
                    4133980800);  // expirydate 2101-01-01
  BOOST_CHECK_MESSAGE(!Contains(b.Problems(), "xpiry"), b.Problems());
  // Section pages and pages outside a section are skipped with a note.
  BOOST_CHECK(
      b.HasProblem("content/posts/_index.md: warning: a section page "
                   "(Hugo's _index.md), not a post: skipped"));
  BOOST_CHECK(
      b.HasProblem("content/about.md: warning: a page outside a "
                   "section, not a post: skipped (move it to pages/ "
                   "with its `url:`)"));
  std::vector<std::string> slugs;
  BOOST_REQUIRE(b.store->View().ListPostSlugs(&slugs).ok());
  BOOST_CHECK_EQUAL(slugs.size(), 8u);
}

BOOST_AUTO_TEST_CASE(expiry_dates_hide_posts_at_their_time) {
  Blog b;
  b.MustImport();
  const int64_t gone = 4133980800;  // expires-later's expirydate
  // Expired before the import: not on the home page, its page a 404.
  Response home = b.Get("/");
  BOOST_CHECK(!Contains(home.body, "Old news"));
  BOOST_CHECK_EQUAL(b.Get("/2020/01/01/expired/").status, 404);
  // Expiring later: public until its second, then gone everywhere, with
  // no import in between.
  BOOST_CHECK(Contains(home.body, "Until the next century"));
  const char* page = "/2023/03/03/expires-later/";
  BOOST_CHECK_EQUAL(b.Get(page, gone - 1).status, 200);
  BOOST_CHECK_EQUAL(b.Get(page, gone).status, 404);
  BOOST_CHECK(Contains(b.Get("/", gone - 1).body, "Until the next century"));
  BOOST_CHECK(!Contains(b.Get("/", gone).body, "Until the next century"));
  BOOST_CHECK(Contains(b.Get("/feed.xml", gone - 1).body, page));
  BOOST_CHECK(!Contains(b.Get("/feed.xml", gone).body, page));
  BOOST_CHECK(Contains(b.Get("/sitemap.xml", gone - 1).body, page));
  BOOST_CHECK(!Contains(b.Get("/sitemap.xml", gone).body, page));
  // Hugo's own URL of it (an alias) answers while the post does.
  BOOST_CHECK_EQUAL(b.Get("/2023/03/until-the-next-century/", gone - 1).status,
                    301);
  BOOST_CHECK_EQUAL(b.Get("/2023/03/until-the-next-century/", gone).status,
                    404);
}

BOOST_AUTO_TEST_CASE(shortcodes_are_converted_or_reported) {
  Blog b;
  b.MustImport();
  Post bundle = b.GetPost("a-bundle");
  // figure: the bundle's image, copied, as a figure with its caption.
  BOOST_CHECK_MESSAGE(
      Contains(bundle.body_html,
               "src=\"/media/content/content/posts/a-bundle/photo.svg\""),
      bundle.body_html);
  BOOST_CHECK_MESSAGE(
      Contains(bundle.body_html,
               "<figcaption>The bundle's own photo</figcaption>"),
      bundle.body_html);
  Post p = b.GetPost("shortcodes");
  BOOST_CHECK_MESSAGE(Contains(p.body_html, "language-go"), p.body_html);
  BOOST_CHECK(Contains(p.body_html, "hl-"));
  BOOST_CHECK(!Contains(p.body_html, "highlight go"));
  BOOST_CHECK(Contains(p.body_html, "href=\"/2023/04/05/toml-front-matter/\""));
  BOOST_CHECK(Contains(p.body_html, "href=\"/2023/07/01/a-bundle/\""));
  BOOST_CHECK(Contains(p.body_html, "{{&lt; youtube w7Ft2ymGmfc &gt;}}"));
  BOOST_CHECK_MESSAGE(
      b.HasProblem("content/posts/shortcodes.md:19: warning: Hugo shortcode "
                   "{{< youtube w7Ft2ymGmfc >}} is not supported"),
      b.Problems());
  BOOST_CHECK_MESSAGE(
      Contains(p.body_html,
               "To show a shortcode: {{&lt; figure src=“x.png” &gt;}}"),
      p.body_html);
}

BOOST_AUTO_TEST_CASE(every_old_url_answers) {
  Blog b;
  b.MustImport();
  struct Old {
    const char* hugo;
    const char* here;
  };
  for (const Old& o : std::vector<Old>{
           {"/2023/04/toml-front-matter/", "/2023/04/05/toml-front-matter/"},
           {"/old/toml-post/", "/2023/04/05/toml-front-matter/"},
           {"/2023/06/a-post-in-json/", "/2023/06/07/json-post/"},
           {"/2023/07/a-page-bundle/", "/2023/07/01/a-bundle/"},
           {"/special/shortcodes-page/", "/2023/08/01/shortcodes/"},
           {"/blog/from-another-section/", "/2022/02/02/from-another-section/"},
       }) {
    Response r = b.Get(o.hugo);
    BOOST_CHECK_MESSAGE(r.status == 301, o.hugo << ": " << r.status);
    BOOST_CHECK_EQUAL(r.Header("Location"), o.here);
    BOOST_CHECK_EQUAL(b.Get(o.here).status, 200);
  }
  for (const char* hidden : {"/2023/09/01/draft-post/", "/2023/09/not-yet/",
                             "/2020/01/01/expired/", "/2020/01/old-news/"}) {
    BOOST_CHECK_MESSAGE(b.Get(hidden).status == 404, hidden);
  }
}

// A post's `url:` became an alias unchecked: '/x?y#z' or '/../etc/' was
// stored, exported as written, and the exported folder then failed to
// import ("must be a path starting with '/'"); '/a%20b/' was stored with
// its escape and never matched (the router matches decoded paths).
BOOST_AUTO_TEST_CASE(a_posts_url_is_checked_as_an_alias) {
  TempDir dir("levelpress-hugo-url");
  WriteFile(dir / "hugo.toml", "title = \"x\"\n");
  const std::vector<std::string> bad = {"/x?y=1", "/x#top",     "/../etc/",
                                        "/%zz/",  "/%2e%2e/x/", "/a%0ab/"};
  for (size_t i = 0; i < bad.size(); ++i) {
    WriteFile(dir / ("content/posts/p" + std::to_string(i) + ".md"),
              "---\ntitle: P\ndate: 2023-01-02T00:00:00Z\nauthor: A\n"
              "url: \"" +
                  bad[i] + "\"\n---\nB.\n");
  }
  // The same for the Hugo URL a written slug gives (through [permalinks]).
  WriteFile(dir / "content/posts/slugged.md",
            "---\ntitle: S\ndate: 2023-01-04T00:00:00Z\nauthor: A\n"
            "slug: \"x..y #1\"\n---\nB.\n");
  WriteFile(dir / "content/posts/good.md",
            "---\ntitle: G\ndate: 2023-01-03T00:00:00Z\nauthor: A\n"
            "url: \"/a%20b/\"\n---\nB.\n");
  Blog b;
  b.MustImport(dir.str());
  for (size_t i = 0; i < bad.size(); ++i) {
    const std::string file = "content/posts/p" + std::to_string(i) + ".md";
    BOOST_CHECK_MESSAGE(
        Contains(b.Problems(), file + ":5: warning: url: '" + bad[i] + "' "),
        b.Problems());
    for (const auto& alias : b.GetPost("p" + std::to_string(i)).aliases)
      BOOST_CHECK_MESSAGE(alias.rfind("/posts/", 0) == 0, alias);
  }
  BOOST_CHECK_MESSAGE(
      Contains(b.Problems(),
               "content/posts/slugged.md: warning: the post's Hugo URL "
               "/posts/x..y-#1/ has a '#', '..'"),
      b.Problems());
  BOOST_CHECK(b.GetPost("x-y-sharp1").aliases.empty());
  Response r = b.Get("/a%20b/");
  BOOST_CHECK_EQUAL(r.status, 301);
  BOOST_CHECK_EQUAL(r.Header("Location"), "/2023/01/03/good/");
  // The export (with the site's config beside it) imports again.
  TempDir out("levelpress-hugo-url-export");
  size_t written = 0;
  BOOST_REQUIRE(Export(b.settings, b.store->View(), out.str(), &written).ok());
  WriteFile(out / "hugo.toml", "title = \"x\"\n");
  Blog again;
  again.MustImport(out.str());
  BOOST_CHECK(again.GetPost("good").aliases == b.GetPost("good").aliases);
}

// Hugo reads front matter keys in any case. `Title:`/`Date:` made a post
// "no date: a page, skipped", and `ExpiryDate:` was not read at all: the
// post never expired.
BOOST_AUTO_TEST_CASE(front_matter_keys_in_any_case) {
  TempDir dir("levelpress-hugo-case");
  WriteFile(dir / "hugo.toml", "title = \"x\"\n");
  WriteFile(dir / "content/posts/a.md",
            "---\nTitle: Capital\nDate: 2023-01-02T00:00:00Z\nAuthor: A\n"
            "Tags: [Go]\nExpiryDate: 2024-01-01T00:00:00Z\n---\nB.\n");
  WriteFile(dir / "content/posts/b.md",
            "+++\nTITLE = \"Loud\"\nPublishDate = 2023-01-03T00:00:00Z\n"
            "author = \"A\"\n+++\nB.\n");
  // Both spellings: the exact one is read, the other named.
  WriteFile(dir / "content/posts/c.md",
            "---\ntitle: Exact\nTitle: Other\ndate: 2023-01-04T00:00:00Z\n"
            "author: A\n---\nB.\n");
  Blog b;
  b.MustImport(dir.str());
  Post a = b.GetPost("a");
  BOOST_CHECK_EQUAL(a.title, "Capital");
  BOOST_CHECK_EQUAL(a.expires, 1704067200);
  BOOST_REQUIRE_EQUAL(a.tags.size(), 1u);
  BOOST_CHECK_EQUAL(b.GetPost("b").title, "Loud");
  BOOST_CHECK_EQUAL(b.GetPost("c").title, "Exact");
  BOOST_CHECK_MESSAGE(
      Contains(b.Problems(), "content/posts/c.md:3: warning: Title: "),
      b.Problems());
}

// `expires:` and Hugo's `expiryDate:` in one post: one of them was
// dropped without a word.
BOOST_AUTO_TEST_CASE(two_expiry_fields_are_a_warning) {
  TempDir dir("levelpress-hugo-two-expiries");
  WriteFile(dir / "hugo.toml", "title = \"x\"\n");
  WriteFile(dir / "content/posts/a.md",
            "---\ntitle: A\ndate: 2023-01-02T00:00:00Z\nauthor: A\n"
            "expires: 2030-01-01T00:00:00Z\nexpiryDate: 2024-01-01\n---\nB.\n");
  Blog b;
  b.MustImport(dir.str());
  BOOST_CHECK_EQUAL(b.GetPost("a").expires, 1893456000);  // expires:
  BOOST_CHECK_MESSAGE(
      Contains(b.Problems(),
               "content/posts/a.md:6: warning: expiryDate: 'expires' is "
               "written too; this one is not read"),
      b.Problems());
}

// A config/_default that is a file (a careless copy) was left out without
// a word, and with it the site's permalinks and author.
BOOST_AUTO_TEST_CASE(a_config_folder_that_is_a_file_is_a_warning) {
  TempDir dir("levelpress-hugo-config-file");
  WriteFile(dir / "hugo.toml", "title = \"x\"\n");
  WriteFile(dir / "config/_default", "[permalinks]\nposts = \"/p/:slug/\"\n");
  WriteFile(dir / "content/posts/a.md",
            "---\ntitle: A\ndate: 2023-01-02T00:00:00Z\nauthor: A\n---\nB.\n");
  Blog b;
  b.MustImport(dir.str());
  BOOST_CHECK_MESSAGE(
      Contains(b.Problems(),
               "config/_default: warning: is not a folder: Hugo's config "
               "files in it are not read"),
      b.Problems());
}

BOOST_AUTO_TEST_CASE(hostile_front_matter_and_shortcodes) {
  TempDir dir("levelpress-hugo-bad");
  WriteFile(dir / "hugo.toml", "title = \"x\"\n");
  WriteFile(dir / "content/posts/bad-toml.md",
            "+++\ntitle = \"x\"\ndate = \n+++\nBody.\n");
  WriteFile(dir / "content/posts/unclosed.md", "+++\ntitle = \"x\"\n");
  WriteFile(dir / "content/posts/bad-json.md", "{\"title\": \"x\",\n");
  WriteFile(dir / "content/posts/deep.md",
            "+++\nx = " + std::string(100, '[') + "\n+++\n");
  Blog b;
  Status s = b.Import(dir.str());
  BOOST_CHECK(s.IsInvalidArgument());
  BOOST_CHECK_MESSAGE(Contains(b.Problems(),
                               "content/posts/bad-toml.md:3: front matter: "
                               "not valid TOML"),
                      b.Problems());
  BOOST_CHECK(Contains(b.Problems(),
                       "content/posts/unclosed.md:1: the front matter has no "
                       "closing '+++' line"));
  BOOST_CHECK(Contains(b.Problems(),
                       "content/posts/bad-json.md:1: front matter: the JSON "
                       "front matter has no closing"));
  BOOST_CHECK(Contains(b.Problems(), "content/posts/deep.md"));
  // Many shortcodes, unclosed ones: text, warned, in linear time.
  std::vector<PostRef> refs;
  std::vector<Problem> problems;
  std::string many;
  for (int i = 0; i < 20000; ++i) many += "{{< x >}}{{< highlight go >}}\n";
  std::string out = ConvertShortcodes(many + "{{< never", "content/posts/x.md",
                                      5, &refs, &problems);
  BOOST_CHECK(Contains(out, "{{< never"));
  BOOST_CHECK_EQUAL(problems.size(), 40000u);
}

BOOST_AUTO_TEST_CASE(a_kept_shortcode_is_one_warning) {
  std::vector<PostRef> refs;
  std::vector<Problem> problems;
  std::string out = ConvertShortcodes(
      "{{< code-toggle file=hugo >}}\nx = 1\n{{< /code-toggle >}}\n"
      "{{</ code-toggle >}}\n",
      "content/posts/x.md", 5, &refs, &problems);
  BOOST_CHECK_EQUAL(out,
                    "{{< code-toggle file=hugo >}}\nx = 1\n{{< /code-toggle "
                    ">}}\n{{</ code-toggle >}}\n");
  BOOST_REQUIRE_EQUAL(problems.size(), 1u);
  BOOST_CHECK_EQUAL(problems[0].ToString(),
                    "content/posts/x.md:5: warning: Hugo shortcode {{< "
                    "code-toggle file=hugo >}} is not supported");
}

BOOST_AUTO_TEST_CASE(toml_with_bytes_that_are_not_utf8) {
  TempDir dir("levelpress-hugo-utf8");
  WriteFile(dir / "hugo.toml", "");
  WriteFile(dir / "content/posts/x.md",
            "+++\ndate = 2020-01-01\ntitle = \"caf\xE9\"\n+++\nBody.\n");
  Blog b;
  BOOST_CHECK(b.Import(dir.str()).IsInvalidArgument());
  BOOST_CHECK_MESSAGE(Contains(b.Problems(), "content/posts/x.md:3: "),
                      b.Problems());
  BOOST_CHECK(Contains(b.Problems(), "not valid UTF-8"));
}

// A site configured as theme demos are (tests/hugo-site-multilingual): a
// top-level config.toml, then config/_default/ (YAML, TOML, JSON with
// tabs, split files, keys in any case) and config/production/ over it;
// two languages, of which the default one is imported.
BOOST_AUTO_TEST_CASE(a_config_folder_and_a_second_language) {
  const std::string site = SOURCE_DIR "/tests/hugo-site-multilingual";
  Blog b;
  b.MustImport(site);
  BOOST_TEST_MESSAGE(b.Problems());
  std::vector<std::string> slugs;
  BOOST_REQUIRE(b.store->View().ListPostSlugs(&slugs).ok());
  std::sort(slugs.begin(), slugs.end());
  BOOST_CHECK(slugs == (std::vector<std::string>{"bundle", "first", "release",
                                                 "second"}));
  // params.json's Author: {name: ...} is the default author.
  Post first = b.GetPost("first");
  BOOST_REQUIRE_EQUAL(first.author_ids.size(), 1u);
  BOOST_CHECK_EQUAL(first.author_ids[0], "zoë-config");
  // second.en.md: the default language's file; dated by publishDate;
  // `author: [A, B]` is two authors.
  Post second = b.GetPost("second");
  BOOST_CHECK_EQUAL(second.date, 1685696400);  // 2023-06-02T09:00:00Z
  BOOST_CHECK(second.author_ids ==
              (std::vector<std::string>{"ada-one", "bob-two"}));
  for (const char* note : {
           "content/posts/first.fr.md: warning: a translation (language "
           "'fr'), not imported: LevelPress serves one language, the site's "
           "defaultContentLanguage 'en'",
           "content/posts/bundle/index.fr.md: warning: a translation "
           "(language 'fr')",
           "content/posts/search.md: warning: no date: a page, not a post: "
           "skipped (move it to pages/ with its `url:`)",
       }) {
    BOOST_CHECK_MESSAGE(Contains(b.Problems(), note), note);
  }
  // Permalinks: production's over _default's over the top file's, and
  // Hugo's page-relative aliases beside the post's Hugo URL.
  struct Old {
    const char* hugo;
    const char* here;
  };
  for (const Old& o : std::vector<Old>{
           {"/2023/05/first/", "/2023/05/01/first/"},
           {"/2023/05/old-first/", "/2023/05/01/first/"},
           {"/2023/legacy/first/", "/2023/05/01/first/"},
           {"/absolute-first/", "/2023/05/01/first/"},
           {"/2023/06/second/", "/2023/06/02/second/"},
           {"/2023/07/bundle/", "/2023/07/03/bundle/"},
           {"/news/2024/02/a-release/",
            "/2024/02/10/release/"},  // :slug: the title
       }) {
    Response r = b.Get(o.hugo);
    BOOST_CHECK_MESSAGE(r.status == 301, o.hugo << ": " << r.status);
    BOOST_CHECK_EQUAL(r.Header("Location"), o.here);
  }
  for (const char* lost : {"/wrong/first/", "/2023/first/"}) {
    BOOST_CHECK_MESSAGE(b.Get(lost).status == 404, lost);
  }
}

BOOST_AUTO_TEST_CASE(config_files_in_each_format_and_where_hugo_looks) {
  auto import =
      [](const std::vector<std::pair<std::string, std::string>>& files) {
        TempDir dir("levelpress-hugo-config");
        for (const auto& [path, text] : files) WriteFile(dir / path, text);
        WriteFile(dir / "content/posts/x.md",
                  "---\ntitle: X\ndate: 2023-01-02T00:00:00Z\n---\nBody.\n");
        auto b = std::make_unique<Blog>();
        b->settings.default_author = "Someone";
        static_cast<void>(b->Import(dir.str()));  // problems are checked
        return b;
      };
  // Each format at the top, keys in any case.
  for (const auto& [file, text] :
       std::vector<std::pair<std::string, std::string>>{
           {"hugo.toml", "[Permalinks]\nPosts = \"/t/:slug/\"\n"},
           {"hugo.yaml", "PermaLinks:\n  posts: /t/:slug/\n"},
           {"hugo.yml", "permalinks: {posts: /t/:slug/}\n"},
           {"hugo.json",
            "{\n\t\"permalinks\": {\"posts\": \"/t/:slug/\"}\n}\n"},
           {"config.yaml", "permalinks:\n  posts: /t/:slug/\n"},
           {"config.json", "{\"permalinks\": {\"posts\": \"/t/:slug/\"}}"},
           {"config/_default/permalinks.toml", "posts = \"/t/:slug/\"\n"},
           {"config/_default/permalinks.json",
            "{\"permalinks\": {\"posts\": \"/t/:slug/\"}}"},
       }) {
    auto b = import({{file, text}});
    BOOST_CHECK_MESSAGE(b->Get("/t/x/").status == 301,
                        file << ": " << b->Problems());
  }
  // hugo.* is read, config.* beside it is not (Hugo stops at the first).
  auto b = import({{"hugo.toml", "[permalinks]\nposts = \"/a/:slug/\"\n"},
                   {"config.yaml", "permalinks: {posts: /b/:slug/}\n"}});
  BOOST_CHECK_EQUAL(b->Get("/a/x/").status, 301);
  BOOST_CHECK_EQUAL(b->Get("/b/x/").status, 404);
  // A language's own content folder: its posts' URLs do not hold it.
  b = import({{"hugo.toml",
               "defaultContentLanguage = \"en\"\n[languages.en]\n"
               "contentDir = \"content/en\"\n[languages.fr]\n"
               "contentDir = \"content/fr\"\n"},
              {"content/en/posts/y.md",
               "---\ntitle: Y\ndate: 2023-01-03T00:00:00Z\n---\nBody.\n"},
              {"content/fr/posts/z.md",
               "---\ntitle: Z\ndate: 2023-01-04T00:00:00Z\n---\nCorps.\n"}});
  BOOST_CHECK_MESSAGE(b->Get("/posts/y/").status == 301, b->Problems());
  BOOST_CHECK(b->HasProblem(
      "content/fr: warning: the content in language 'fr' is not imported: "
      "LevelPress serves one language, the site's defaultContentLanguage "
      "'en'"));
  Post y = b->GetPost("y");
  Post p;
  BOOST_CHECK(!b->store->View().GetPost("z", &p).ok());
}

BOOST_AUTO_TEST_CASE(config_errors_name_the_file_and_line) {
  struct Case {
    std::string file, text, problem;
  };
  for (const Case& c : std::vector<Case>{
           {"hugo.yaml", "title: x\npermalinks: [\n",
            "hugo.yaml:3: not valid YAML"},
           {"hugo.json", "{\"title\": \"x\",\n\"permalinks\": ]\n",
            "hugo.json:2: not valid JSON"},
           {"hugo.toml", "title = \"x\"\nbaseURL = \n",
            "hugo.toml:2: not valid TOML"},
           {"hugo.toml", "title = \"x\"\ncafé = 1\n",
            "hugo.toml:2: not valid TOML: a non-ASCII character outside a "
            "quoted string"},
           // toml++ 3.3 assumes a table header's key starts as a key does
           // (undefined behaviour; the hugo_config fuzz target's finding).
           {"config/_default/params.toml", "author = \"B\"\n[>arams]\n",
            "config/_default/params.toml:2: not valid TOML: a table header's "
            "key starts with '>'"},
           // The parser's own error, not its assumption (toml_parser.h).
           {"hugo.toml", "title = \"x\"\nauthor = [}\n",
            "hugo.toml:2: not valid TOML: Error while parsing value: could "
            "not determine value type"},
           {"hugo.toml", "[[ #x]]\n",
            "hugo.toml:1: not valid TOML: a table header's key starts with "
            "'#'"},
           {"config/_default/params.yaml", "author: \"caf\xE9\"\n",
            "config/_default/params.yaml:1: not valid UTF-8"},
           {"hugo.yaml", "title: x\n- a list\n", "hugo.yaml:2: not valid YAML"},
           {"hugo.yaml", "- a\n- b\n", "hugo.yaml:1: not a map of settings"},
           {"hugo.toml", "x = " + std::string(100, '[') + std::string(100, ']'),
            "hugo.toml:1: nested more than 64 levels deep, or too large"},
           // "\u005E" is a '^', which toml_ascii.h then decoded with the
           // next two characters as a byte: params.author "Bob\xFF" went
           // into the store and made the feeds invalid XML.
           {"hugo.toml", "title = \"x\"\n[params]\nauthor = \"Bob\\u005EFF\"\n",
            "hugo.toml:3: not valid UTF-8 after escapes"},
           // yaml-cpp read a NUL in a plain scalar as the byte 0xA0 (the
           // hugo_config fuzz target's finding): a permalink not UTF-8.
           {"hugo.yaml", std::string("permalinks:\n posts:\n  \0_\n", 25),
            "hugo.yaml:3: not valid UTF-8 after escapes"},
           {"config/_default/permalinks.toml",
            "\n\"p\\u005EC3\" = \"/:slug/\"\n",
            "config/_default/permalinks.toml:2: not valid UTF-8 after escapes"},
       }) {
    TempDir dir("levelpress-hugo-config-bad");
    WriteFile(dir / c.file, c.text);
    WriteFile(
        dir / "content/posts/x.md",
        "---\ntitle: X\ndate: 2023-01-02T00:00:00Z\nauthor: A\n---\nB.\n");
    Blog b;
    BOOST_CHECK_MESSAGE(b.Import(dir.str()).IsInvalidArgument(), c.file);
    BOOST_CHECK_MESSAGE(Contains(b.Problems(), c.problem), c.problem
                                                               << "\n"
                                                               << b.Problems());
  }
  // Arrays of arrays over lines are no table headers: read as they are.
  {
    TempDir dir("levelpress-hugo-config-arrays");
    WriteFile(dir / "hugo.toml",
              "x = [\n  [1, 2],\n  [{a = 1}],\n  [ \"s\" ],\n]\n"
              "[params]\nauthor = \"Quinn\"\n");
    WriteFile(dir / "content/posts/x.md",
              "---\ntitle: X\ndate: 2023-01-02T00:00:00Z\n---\nB.\n");
    Blog b;
    b.MustImport(dir.str());
    BOOST_CHECK_EQUAL(b.GetPost("x").author_ids.at(0), "quinn");
  }
  // A front matter's table header the same way.
  {
    TempDir dir("levelpress-hugo-fm-header");
    WriteFile(dir / "hugo.toml", "");
    WriteFile(dir / "content/posts/x.md",
              "+++\ntitle = \"X\"\n[>x]\n+++\nB.\n");
    Blog b;
    BOOST_CHECK(b.Import(dir.str()).IsInvalidArgument());
    BOOST_CHECK_MESSAGE(
        b.HasProblem("content/posts/x.md:3: front matter: not valid TOML: a "
                     "table header's key starts with '>'"),
        b.Problems());
  }
  // A value of the wrong kind is a warning at its line, and not read.
  TempDir dir("levelpress-hugo-config-kind");
  WriteFile(dir / "hugo.yaml",
            "title: x\npermalinks:\n  posts: [1, 2]\ntimeZone: {a: b}\n");
  WriteFile(dir / "content/posts/x.md",
            "---\ntitle: X\ndate: 2023-01-02T00:00:00Z\nauthor: A\n---\nB.\n");
  Blog b;
  b.MustImport(dir.str());
  BOOST_CHECK_MESSAGE(b.HasProblem("hugo.yaml:3: warning: permalinks.posts: "
                                   "expected a pattern such as "
                                   "\"/:year/:month/:slug/\"; not read"),
                      b.Problems());
  BOOST_CHECK(b.HasProblem(
      "hugo.yaml:4: warning: timeZone: expected a text; not read"));
  // An author name that cannot be one, a contentDir outside content/:
  // warned about at their lines, and not used.
  TempDir odd("levelpress-hugo-config-odd");
  WriteFile(odd / "hugo.yaml",
            "contentDir: ../../etc\nparams:\n  author: \"\\x01!\"\n");
  WriteFile(odd / "content/posts/x.md",
            "---\ntitle: X\ndate: 2023-01-02T00:00:00Z\n---\nB.\n");
  Blog o;
  BOOST_CHECK(o.Import(odd.str()).IsInvalidArgument());
  for (const char* line : {
           "hugo.yaml:1: warning: contentDir: '../../etc' is not read: "
           "LevelPress reads a Hugo site's content/ and the folders in it; "
           "content/ is read instead",
           "hugo.yaml:3: warning: params.author: ",
           "content/posts/x.md:1: author: missing",
       }) {
    BOOST_CHECK_MESSAGE(Contains(o.Problems(), line), line << "\n"
                                                           << o.Problems());
  }
  // YAML aliases that would multiply a small file: refused, not expanded.
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'k'; ++c) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i)
      bomb += std::string(i ? ", *" : "*") + (char)(c - 1);
    bomb += "]\n";
  }
  TempDir bombed("levelpress-hugo-config-bomb");
  WriteFile(bombed / "hugo.yaml", bomb);
  WriteFile(bombed / "content/posts/x.md",
            "---\ntitle: X\ndate: 2023-01-02T00:00:00Z\nauthor: A\n---\nB.\n");
  Blog bb;
  BOOST_CHECK(bb.Import(bombed.str()).IsInvalidArgument());
  BOOST_CHECK_MESSAGE(Contains(bb.Problems(), "or too large"), bb.Problems());
}

// Hugo reads front matter after blank lines (137 of the 174 news posts of
// Hugo's own site start with one); lines named in problems stay the file's.
BOOST_AUTO_TEST_CASE(front_matter_after_blank_lines) {
  TempDir dir("levelpress-hugo-blank");
  WriteFile(dir / "hugo.toml", "");
  WriteFile(dir / "content/posts/yaml.md",
            "\n---\ntitle: Y\ndate: 2023-01-02T00:00:00Z\nauthor: A\n---\n"
            "Body {{< gh\n\"@someone\" >}}.\n");
  WriteFile(dir / "content/posts/toml.md",
            "\n \n+++\ntitle = \"T\"\ndate = 2023-01-03T00:00:00Z\n"
            "author = \"A\"\n+++\nBody.\n");
  WriteFile(dir / "content/posts/bad.md",
            "\n\n---\ntitle: B\ndate: 2023-13-01\nauthor: A\n---\nBody.\n");
  Blog b;
  BOOST_CHECK(b.Import(dir.str()).IsInvalidArgument());
  BOOST_CHECK_MESSAGE(Contains(b.Problems(), "content/posts/bad.md:5: date: "),
                      b.Problems());
  BOOST_CHECK(!Contains(b.Problems(), "yaml.md:1"));
  BOOST_CHECK(!Contains(b.Problems(), "toml.md:1"));
  // A shortcode written over two lines is warned about on one line.
  BOOST_CHECK_MESSAGE(
      b.HasProblem("content/posts/yaml.md:7: warning: Hugo shortcode {{< gh "
                   "\"@someone\" >}} is not supported"),
      b.Problems());
  fs::remove(dir / "content/posts/bad.md");
  Blog ok;
  ok.MustImport(dir.str());
  BOOST_CHECK_EQUAL(ok.GetPost("yaml").title, "Y");
  BOOST_CHECK_EQUAL(ok.GetPost("toml").title, "T");
}

// What the Hugo site said otherwise than LevelPress's settings: a warning
// each at the config's line, naming the setting to give.
BOOST_AUTO_TEST_CASE(config_values_that_need_a_setting) {
  TempDir dir("levelpress-hugo-settings");
  WriteFile(dir / "hugo.yaml",
            "baseURL: https://someone.github.io/blog/\nlanguageCode: fr-fr\n"
            "title: Mon blog\ntimeZone: Europe/Paris\n"
            "defaultContentLanguageInSubdir: true\n");
  WriteFile(dir / "content/posts/x.md",
            "---\ntitle: X\ndate: 2023-01-02T00:00:00Z\nauthor: A\n---\nB.\n");
  Blog b;
  b.MustImport(dir.str());
  for (const char* line : {
           "hugo.yaml:1: warning: baseURL: Hugo served the site under /blog/; "
           "the old URLs redirected here are without it",
           "hugo.yaml:2: warning: languageCode: the site was in fr-fr, "
           "LevelPress's pages say en (setting language); set `language: "
           "fr-fr`",
           "hugo.yaml:3: warning: title: the blog is called LevelPress here "
           "(setting title); set `title: \"Mon blog\"`",
           "hugo.yaml:4: warning: timeZone: Hugo used Europe/Paris, LevelPress "
           "uses UTC (setting time_zone)",
           "hugo.yaml:5: warning: defaultContentLanguageInSubdir: Hugo served "
           "the posts under /en/; the old URLs redirected here are without it",
       }) {
    BOOST_CHECK_MESSAGE(Contains(b.Problems(), line), line << "\n"
                                                           << b.Problems());
  }
  // Settings that agree: no warning.
  Blog agreed;
  agreed.settings.title = "Mon blog";
  agreed.settings.language = "fr";
  agreed.settings.time_zone = "Europe/Paris";
  agreed.MustImport(dir.str());
  for (const char* key : {"languageCode", "title:", "timeZone"}) {
    BOOST_CHECK_MESSAGE(!Contains(agreed.Problems(), key), key);
  }
}

// Front matter Hugo reads and LevelPress used to refuse: `published` as a
// date (Hugo's alias of publishDate), a `slug` with capitals or spaces
// (Hugo keeps it in its URL), and an undated page is skipped without a
// title warning.
BOOST_AUTO_TEST_CASE(front_matter_as_hugo_reads_it) {
  TempDir dir("levelpress-hugo-fm");
  WriteFile(dir / "hugo.toml", "[params]\nauthor = \"A\"\n");
  WriteFile(dir / "content/posts/pub.md",
            "---\ntitle: P\npublished: 2023-03-04T05:06:07Z\n---\nB.\n");
  WriteFile(
      dir / "content/posts/caps.md",
      "---\ntitle: C\ndate: 2023-03-05\nslug: My Capital Slug\n---\nB.\n");
  WriteFile(dir / "content/posts/index-like/index.md", "---\nweight: 2\n---\n");
  Blog b;
  b.MustImport(dir.str());
  BOOST_CHECK_EQUAL(b.GetPost("pub").date, 1677906367);  // 2023-03-04T05:06:07Z
  BOOST_CHECK_EQUAL(b.GetPost("my-capital-slug").title, "C");
  // Hugo's URL: its path sanitized (spaces to '-', lower case).
  Response r = b.Get("/posts/my-capital-slug/");
  BOOST_CHECK_MESSAGE(r.status == 301, r.status);
  BOOST_CHECK_EQUAL(r.Header("Location"), "/2023/03/05/my-capital-slug/");
  BOOST_CHECK(
      b.HasProblem("content/posts/index-like/index.md: warning: no "
                   "date: a page, not a post: skipped (move it to "
                   "pages/ with its `url:`)"));
  BOOST_CHECK_MESSAGE(!Contains(b.Problems(), "index-like/index.md:1"),
                      b.Problems());
  // disablePathToLower keeps the case.
  WriteFile(dir / "hugo.toml",
            "disablePathToLower = true\n[params]\nauthor = \"A\"\n");
  Blog kept;
  kept.MustImport(dir.str());
  BOOST_CHECK_EQUAL(kept.Get("/posts/My-Capital-Slug/").status, 301);
  BOOST_CHECK_EQUAL(kept.Get("/posts/my-capital-slug/").status, 404);
}

// config.json and config/ are common names: without content/ beside them
// they are no Hugo site's, and are not read (a LevelPress folder may hold
// another tool's config.json).
BOOST_AUTO_TEST_CASE(config_names_without_content_are_not_hugo) {
  TempDir dir("levelpress-not-hugo");
  WriteFile(dir / "config.json", "{\"not\": json at all");
  WriteFile(dir / "config/_default/x.yaml", "[unclosed");
  WriteFile(dir / "posts/x.md",
            "---\ntitle: X\ndate: 2023-01-02T00:00:00Z\nauthor: A\n---\nB.\n");
  Blog b;
  b.MustImport(dir.str());
  BOOST_CHECK_MESSAGE(b.Problems().empty(), b.Problems());
}

// toml++ reads TOML made ASCII (toml_ascii.h): UTF-8 and '^' in strings,
// quoted keys and comments come back as written, in front matter and in
// the config.
BOOST_AUTO_TEST_CASE(utf8_and_carets_in_toml_come_back_as_written) {
  TempDir dir("levelpress-hugo-toml-utf8");
  WriteFile(dir / "hugo.toml",
            "# Café config ^^\n[params]\nauthor = \"Zoë ^ Üx\"\n");
  WriteFile(dir / "content/posts/x.md",
            "+++\ntitle = \"Caret ^ and café ^C3\"\ndate = 2023-01-02\n"
            "\"clé\" = \"valeur\" # commentaire à\n+++\nB.\n");
  Blog b;
  b.MustImport(dir.str());
  Post x = b.GetPost("x");
  BOOST_CHECK_EQUAL(x.title, "Caret ^ and café ^C3");
  BOOST_REQUIRE_EQUAL(x.author_ids.size(), 1u);
  BOOST_CHECK(Contains(b.GetPost("x").author_ids[0], "zo"));
}
