#define BOOST_TEST_MODULE jekyll
#define BOOST_TEST_DYN_LINK
#include "jekyll.h"

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

// A Jekyll site as it is (tests/jekyll-site, in Jekyll's own format, its
// posts taken from Jekyll's test/source/_posts) imported and served:
// every old URL answers 200 or one 301 to its post, drafts are not public.

using namespace levelpress;
using levelpress::testing::Contains;
using levelpress::testing::TempDir;
using levelpress::testing::WriteFile;
namespace fs = std::filesystem;

namespace {

const std::string kSite = SOURCE_DIR "/tests/jekyll-site";
constexpr int64_t kLater = 4102444800;  // 2100-01-01

struct Blog {
  TempDir tmp{"levelpress-jekyll"};
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
  Response Get(const std::string& path) {
    std::shared_ptr<const SiteConfig> config;
    BOOST_REQUIRE(LoadSiteConfig(settings, &config).ok());
    Site site(store.get(), config);
    Request r;
    r.method = "GET";
    r.target = path;
    return site.Handle(r, kLater);
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
  // Jekyll takes a missing title from the file name: a note, not an error.
  BOOST_CHECK(b.HasProblem(
      "_posts/2016-03-01-liquid-tags.md:1: warning: title: missing; the "
      "title 'Liquid Tags' is taken from the file name"));
  BOOST_CHECK_EQUAL(b.GetPost("liquid-tags").title, "Liquid Tags");
  // Posts that name no author are _config.yml's author's.
  BOOST_CHECK(b.GetPost("liquid-tags").author_ids ==
              std::vector<std::string>{"jekyll-writer"});
  BOOST_CHECK(b.GetPost("permalinked-post").author_ids ==
              std::vector<std::string>{"ann-other"});
  // published: false and _drafts/ are drafts.
  BOOST_CHECK(b.GetPost("not-published").draft);
  BOOST_CHECK(b.GetPost("an-unfinished-idea").draft);
  BOOST_CHECK(!b.GetPost("array-categories").draft);
  // Categories are tags too (categories_as_tags), after the tags.
  BOOST_CHECK(b.GetPost("liquid-tags").tags ==
              (std::vector<std::string>{"ruby", "code", "notes"}));
  BOOST_CHECK(b.GetPost("array-categories").tags ==
              (std::vector<std::string>{"foo", "bar", "baz"}));
  // slug: is slugified as Jekyll does.
  BOOST_CHECK_EQUAL(b.GetPost("custom-slug-here").title, "Custom slug");
  // Files Jekyll does not read as posts are skipped with a note; one-digit
  // dates in a file name are read as Jekyll reads them.
  BOOST_CHECK(b.HasProblem(
      "_posts/2009-06-22-no-yaml.markdown:1: warning: no front matter: a "
      "post starts with a line '---', then YAML fields, then '---'; Jekyll "
      "does not read it as a post: skipped"));
  BOOST_CHECK(b.HasProblem(
      "_posts/2013-03-19-not-a-post/dubious.markdown: warning: not named "
      "YYYY-MM-DD-title.md and no `date:`: Jekyll does not read it as a "
      "post; skipped"));
  BOOST_CHECK_EQUAL(b.GetPost("i-dont-like-zeroes").date, 1486252800);
  // paginate_path is served, so the settings must say it.
  BOOST_CHECK(Contains(b.Problems(),
                       "_config.yml:8: warning: paginate_path: Jekyll's "
                       "listing pages (/page:num/) are not redirected"));
}

BOOST_AUTO_TEST_CASE(liquid_tags_are_converted_or_reported) {
  Blog b;
  b.MustImport();
  Post p = b.GetPost("liquid-tags");
  // {% highlight ruby linenos %}: a highlighted block with line numbers.
  BOOST_CHECK_MESSAGE(Contains(p.body_html, "language-ruby"), p.body_html);
  BOOST_CHECK_MESSAGE(Contains(p.body_html, "hl-"), p.body_html);
  BOOST_CHECK(!Contains(p.body_html, "highlight"));
  // {% raw %}: its text, Liquid and all.
  BOOST_CHECK_MESSAGE(
      Contains(p.body_html, "Templates say {{ page.title }} and {% if x %}."),
      p.body_html);
  // {% post_url %} and {% link %}: the posts' URLs here.
  BOOST_CHECK_MESSAGE(
      Contains(p.body_html, "href=\"/2009/01/27/array-categories/\""),
      p.body_html);
  BOOST_CHECK(
      Contains(p.body_html, "href=\"/2015/01/08/post-excerpt-separator/\""));
  BOOST_CHECK(!Contains(p.body_html, "_levelpress_post_ref"));
  // {{ site.baseurl }}/assets/logo.svg: the file is published.
  BOOST_CHECK_MESSAGE(
      Contains(p.body_html, "src=\"/media/content/assets/logo.svg\""),
      p.body_html);
  BOOST_CHECK(fs::exists(b.settings.media_dir + "/content/assets/logo.svg"));
  // {{ site.x }}: _config.yml's value.
  BOOST_CHECK_MESSAGE(
      Contains(p.body_html, "href=\"https://github.com/example/blog/issues\""),
      p.body_html);
  // Any other tag stays as text, with a warning at its line.
  BOOST_CHECK(Contains(p.body_html, "{% include sig.markdown %}"));
  BOOST_CHECK_MESSAGE(
      b.HasProblem("_posts/2016-03-01-liquid-tags.md:20: warning: Liquid tag "
                   "{% include sig.markdown %} is not supported"),
      b.Problems());
  // The Markdown is kept as written (export writes it back).
  BOOST_CHECK(Contains(p.body_markdown, "{% highlight ruby linenos %}"));
}

BOOST_AUTO_TEST_CASE(excerpt_separator_ends_the_excerpt) {
  Blog b;
  b.MustImport();
  Post p = b.GetPost("post-excerpt-separator");
  BOOST_CHECK(Contains(p.excerpt_html, "Second paragraph"));
  BOOST_CHECK(!Contains(p.excerpt_html, "Third paragraph"));
  BOOST_CHECK(Contains(p.body_html, "<hr />"));  // the separator stays
  // The setting (or _config.yml's excerpt_separator) does it for all.
  TempDir dir("levelpress-jekyll-sep");
  WriteFile(dir / "_posts/2020-01-01-x.md",
            "---\ntitle: X\nauthor: A\n---\nOne.\n\nTwo.\n\n<!-- cut -->\n\n"
            "Three.\n");
  Blog c;
  c.settings.excerpt_separator = "<!-- cut -->";
  c.MustImport(dir.str());
  Post x = c.GetPost("x");
  BOOST_CHECK(Contains(x.excerpt_html, "Two."));
  BOOST_CHECK(!Contains(x.excerpt_html, "Three."));
}

BOOST_AUTO_TEST_CASE(every_old_url_answers) {
  Blog b;
  b.settings.jekyll_pagination = true;
  b.settings.page_size = 2;  // as _config.yml's paginate
  b.MustImport();
  BOOST_CHECK(!Contains(b.Problems(), "paginate_path"));
  struct Old {
    const char* jekyll;
    const char* here;
  };
  // permalink: date is /:categories/:year/:month/:day/:title:output_ext.
  for (const Old& o : std::vector<Old>{
           {"/foo/bar/baz/2009/01/27/array-categories.html",
            "/2009/01/27/array-categories/"},
           {"/2015/01/08/post-excerpt-separator.html",
            "/2015/01/08/post-excerpt-separator/"},
           {"/code/notes/2016/03/01/liquid-tags.html",
            "/2016/03/01/liquid-tags/"},
           {"/custom/permalinked/", "/2018/05/01/permalinked-post/"},
           {"/2019/06/15/Custom-Slug-Here.html",
            "/2019/06/15/custom-slug-here/"},
           {"/2017/02/05/i-dont-like-zeroes.html",
            "/2017/02/05/i-dont-like-zeroes/"},
           {"/page2/", "/page/2/"},
       }) {
    Response r = b.Get(o.jekyll);
    BOOST_CHECK_MESSAGE(r.status == 301, o.jekyll << ": " << r.status);
    BOOST_CHECK_EQUAL(r.Header("Location"), o.here);
    BOOST_CHECK_EQUAL(b.Get(o.here).status, 200);
  }
  // Drafts are not public, at any URL.
  for (const char* draft : {"/2008/02/02/not-published/",
                            "/publish_test/2008/02/02/not-published.html",
                            "/1970/01/01/an-unfinished-idea/"}) {
    BOOST_CHECK_EQUAL(b.Get(draft).status, 404);
  }
  BOOST_CHECK(!Contains(b.Get("/").body, "Not published"));
}

BOOST_AUTO_TEST_CASE(permalink_styles) {
  JekyllPostInfo p;
  p.year = 2009;
  p.month = 3;
  p.day = 4;
  p.year_day = 63;
  p.title = "Hello World";
  p.categories = {"Tech", "Deep Dive"};
  std::string unknown;
  BOOST_CHECK_EQUAL(JekyllPostUrl("date", p, &unknown),
                    "/tech/deep dive/2009/03/04/Hello-World.html");
  BOOST_CHECK_EQUAL(JekyllPostUrl("pretty", p, &unknown),
                    "/tech/deep dive/2009/03/04/Hello-World/");
  BOOST_CHECK_EQUAL(JekyllPostUrl("ordinal", p, &unknown),
                    "/tech/deep dive/2009/063/Hello-World.html");
  BOOST_CHECK_EQUAL(JekyllPostUrl("none", p, &unknown),
                    "/tech/deep dive/Hello-World.html");
  BOOST_CHECK_EQUAL(
      JekyllPostUrl("/:slugified_categories/:i_month/:slug/", p, &unknown),
      "/tech/deep-dive/3/hello-world/");
  p.categories.clear();
  BOOST_CHECK_EQUAL(JekyllPostUrl("/blog/:categories/:title/", p, &unknown),
                    "/blog/Hello-World/");
  BOOST_CHECK_EQUAL(JekyllPostUrl("/:year/W:week/:title/", p, &unknown), "");
  BOOST_CHECK_EQUAL(unknown, ":week");
}

BOOST_AUTO_TEST_CASE(hostile_liquid_is_text) {
  std::vector<PostRef> refs;
  std::vector<Problem> problems;
  // Unclosed tags and blocks, and many tags: kept, warned, linear.
  std::string many;
  for (int i = 0; i < 20000; ++i) many += "{% include x %}\n";
  std::string out =
      ConvertLiquid(many + "{% raw %}never closed {{ x", "_posts/x.md", 5,
                    "_posts", {}, &refs, &problems);
  BOOST_CHECK(Contains(out, "never closed {{ x"));
  BOOST_CHECK_EQUAL(problems.size(), 20001u);  // + the unclosed raw
  problems.clear();
  out = ConvertLiquid("{% highlight", "_posts/x.md", 1, "_posts", {}, &refs,
                      &problems);
  BOOST_CHECK_EQUAL(out, "{% highlight");
  out = ConvertLiquid("{{ site.url }}", "_posts/x.md", 1, "_posts", {}, &refs,
                      &problems);
  BOOST_CHECK_EQUAL(out, "");
}

BOOST_AUTO_TEST_CASE(the_summary_counts_warnings_and_strict_refuses_them) {
  Blog b;
  b.MustImport();
  BOOST_CHECK_MESSAGE(Contains(b.report.Summary(), "warnings (listed above)"),
                      b.report.Summary());
  Blog c;
  c.strict = true;
  Status s = c.Import();
  BOOST_CHECK(s.IsInvalidArgument());
  BOOST_CHECK_MESSAGE(
      c.HasProblem("_posts/2016-03-01-liquid-tags.md:20: Liquid tag {% "
                   "include sig.markdown %} is not supported (an error with "
                   "--strict)"),
      c.Problems());
  std::vector<std::string> slugs;
  BOOST_REQUIRE(c.store->View().ListPostSlugs(&slugs).ok());
  BOOST_CHECK(slugs.empty());  // nothing written
}

BOOST_AUTO_TEST_CASE(settings_for_authors_and_categories) {
  TempDir dir("levelpress-jekyll-settings");
  WriteFile(dir / "posts/x.md",
            "---\ntitle: X\ndate: 2020-01-01\ncategories: [Ops, Go]\n"
            "tags: [go]\n---\nBody.\n");
  // Without an author and without default_author: an error, as before.
  Blog a;
  BOOST_CHECK(a.Import(dir.str()).IsInvalidArgument());
  BOOST_CHECK(
      a.HasProblem("posts/x.md:1: author: missing (an author id from "
                   "authors/, or a display name)"));
  Blog b;
  b.settings.default_author = "Dana Default";
  b.MustImport(dir.str());
  BOOST_CHECK(b.GetPost("x").author_ids ==
              std::vector<std::string>{"dana-default"});
  // A category spelled like a tag is that tag.
  BOOST_CHECK(b.GetPost("x").tags == (std::vector<std::string>{"go", "Ops"}));
  Blog c;
  c.settings.default_author = "Dana Default";
  c.settings.categories_as_tags = false;
  c.MustImport(dir.str());
  BOOST_CHECK(c.GetPost("x").tags == std::vector<std::string>{"go"});
}

// The Jekyll URL a post's own permalink: or its categories give became an
// alias unchecked: '/a?b#c/../d/' and '/../c#d/...' were stored and
// exported as written, and the exported folder did not import. Now a
// warning, and no redirect.
BOOST_AUTO_TEST_CASE(a_jekyll_url_that_no_request_can_be_is_no_alias) {
  TempDir dir("levelpress-jekyll-odd-url");
  WriteFile(dir / "_posts/2023-01-01-a.md",
            "---\ntitle: A\nauthor: x\npermalink: \"/a?b#c/../d/\"\n---\nB\n");
  WriteFile(
      dir / "_posts/2023-01-02-b.md",
      "---\ntitle: B\nauthor: x\ncategories: [\"..\", \"c#d\"]\n---\nB\n");
  Blog b;
  b.MustImport(dir.str());
  BOOST_CHECK(b.GetPost("a").aliases.empty());
  BOOST_CHECK(b.GetPost("b").aliases.empty());
  BOOST_CHECK_MESSAGE(Contains(b.Problems(),
                               "_posts/2023-01-01-a.md:4: warning: permalink: "
                               "the post's Jekyll URL /a?b#c/../d/ has"),
                      b.Problems());
  TempDir out("levelpress-jekyll-odd-url-export");
  size_t written = 0;
  BOOST_REQUIRE(Export(b.settings, b.store->View(), out.str(), &written).ok());
  Blog again;
  again.MustImport(out.str());
}
