#define BOOST_TEST_MODULE hugo
#define BOOST_TEST_DYN_LINK
#include "hugo.h"

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
