#define BOOST_TEST_MODULE url_history
#define BOOST_TEST_DYN_LINK
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
#include "urls.h"

// The URL history (fcgi/store/url_history.h): a post whose slug, date or
// URL pattern changed between imports of one file answers its old URLs
// with a 301 to the new one, through the real importer, store and router.

using namespace levelpress;
using levelpress::testing::Contains;
using levelpress::testing::ReadFile;
using levelpress::testing::TempDir;
using levelpress::testing::WriteFile;
namespace fs = std::filesystem;

namespace {

constexpr int64_t kLater = 4102444800;  // 2100-01-01: every post is visible

std::string PostText(const std::string& extra,
                     const std::string& date = "2023-01-01T10:00:00Z") {
  return "---\ntitle: \"A post\"\ndate: " + date + "\nauthor: Ann\n" + extra +
         "---\nBody.\n";
}

// A content folder, a store on disk and a site over it.
struct Blog {
  TempDir tmp{"levelpress-urls"};
  Settings settings;
  std::unique_ptr<Store> store;

  Blog() {
    BOOST_REQUIRE(SetTimeZone("UTC").ok());
    settings.time_zone = "UTC";
    settings.templates_dir = SOURCE_DIR "/templates";
    settings.store_path = tmp / "store";
    settings.media_dir = tmp / "media";
    Status s = Store::Open(settings.store_path, OpenOptions(), &store);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  }
  std::string content() const { return tmp / "content"; }
  void Write(const std::string& rel, const std::string& text) {
    WriteFile(content() + "/" + rel, text);
  }
  ImportReport Import(bool prune = false, const std::string& dir = "") {
    ImportOptions o;
    o.dir = dir.empty() ? content() : dir;
    o.prune = prune;
    o.threads = 1;
    ImportReport r;
    Status s = levelpress::Import(settings, store.get(), o, &r);
    std::string problems;
    for (const auto& p : r.problems) problems += p.ToString() + "\n";
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString() + "\n" + problems);
    std::vector<std::string> check;
    BOOST_REQUIRE(store->Check(&check).ok());
    for (const auto& c : check) BOOST_ERROR("store check: " + c);
    return r;
  }
  Response Get(const std::string& path) {
    std::shared_ptr<const SiteConfig> config;
    Status s = LoadSiteConfig(settings, &config);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
    Site site(store.get(), config);
    Request r;
    r.method = "GET";
    r.target = path;
    return site.Handle(r, kLater);
  }
  size_t PostCount() {
    std::vector<std::string> slugs;
    BOOST_REQUIRE(store->View().ListPostSlugs(&slugs).ok());
    return slugs.size();
  }
};

#define CHECK_STATUS(resp, code) BOOST_CHECK_EQUAL((resp).status, code)
#define CHECK_REDIRECT(blog, from, to)              \
  do {                                              \
    Response r_ = (blog).Get(from);                 \
    BOOST_CHECK_EQUAL(r_.status, 301);              \
    BOOST_CHECK_EQUAL(r_.Header("Location"), (to)); \
  } while (0)

}  // namespace

BOOST_AUTO_TEST_CASE(a_changed_slug_redirects_from_the_old_url) {
  Blog b;
  b.Write("posts/x.md", PostText("slug: old-name\n"));
  b.Import();
  CHECK_STATUS(b.Get("/2023/01/01/old-name/"), 200);
  b.Write("posts/x.md", PostText("slug: new-name\n"));
  b.Import();  // no prune: the file is the same post, not a new one
  BOOST_CHECK_EQUAL(b.PostCount(), 1u);
  CHECK_STATUS(b.Get("/2023/01/01/new-name/"), 200);
  CHECK_REDIRECT(b, "/2023/01/01/old-name/", "/2023/01/01/new-name/");
  CHECK_REDIRECT(b, "/2023/01/01/old-name", "/2023/01/01/new-name/");
}

BOOST_AUTO_TEST_CASE(a_changed_date_redirects_too) {
  Blog b;
  b.Write("_posts/2023-01-01-hello.md", PostText(""));
  b.Import();
  b.Write("_posts/2023-01-01-hello.md", PostText("", "2023-02-03T10:00:00Z"));
  b.Import();
  CHECK_REDIRECT(b, "/2023/01/01/hello/", "/2023/02/03/hello/");
}

BOOST_AUTO_TEST_CASE(a_chain_is_one_redirect_and_a_return_is_served) {
  Blog b;
  for (const char* slug : {"a", "b", "c"}) {
    b.Write("posts/x.md", PostText(std::string("slug: ") + slug + "\n"));
    b.Import();
  }
  CHECK_REDIRECT(b, "/2023/01/01/a/", "/2023/01/01/c/");
  CHECK_REDIRECT(b, "/2023/01/01/b/", "/2023/01/01/c/");
  CHECK_STATUS(b.Get("/2023/01/01/c/"), 200);
  // Back to a: a is the post's again, b and c lead to it.
  b.Write("posts/x.md", PostText("slug: a\n"));
  b.Import();
  CHECK_STATUS(b.Get("/2023/01/01/a/"), 200);
  CHECK_REDIRECT(b, "/2023/01/01/b/", "/2023/01/01/a/");
  CHECK_REDIRECT(b, "/2023/01/01/c/", "/2023/01/01/a/");
  UrlHistory h;
  BOOST_REQUIRE(b.store->View().GetUrlHistory("posts/x.md", &h).ok());
  BOOST_CHECK_EQUAL(h.url, "/2023/01/01/a/");
  BOOST_CHECK_EQUAL(h.old_urls.size(), 2u);
}

BOOST_AUTO_TEST_CASE(an_unchanged_reimport_writes_nothing) {
  Blog b;
  b.Write("posts/x.md", PostText("slug: a\n"));
  b.Import();
  b.Write("posts/x.md", PostText("slug: b\n"));
  b.Import();
  uint64_t generation = b.store->generation();
  ImportReport r = b.Import();
  BOOST_CHECK_EQUAL(b.store->generation(), generation);
  BOOST_CHECK_EQUAL(r.counts.unchanged, 1u);
}

BOOST_AUTO_TEST_CASE(a_new_post_at_an_old_url_wins) {
  Blog b;
  b.Write("posts/x.md", PostText("slug: a\n"));
  b.Import();
  b.Write("posts/x.md", PostText("slug: b\n"));
  b.Import();
  CHECK_REDIRECT(b, "/2023/01/01/a/", "/2023/01/01/b/");
  b.Write("posts/y.md", PostText("slug: a\n"));
  b.Import();
  CHECK_STATUS(b.Get("/2023/01/01/a/"), 200);
  UrlHistory h;
  BOOST_REQUIRE(b.store->View().GetUrlHistory("posts/x.md", &h).ok());
  BOOST_CHECK(h.old_urls.empty());
  // Its export does not claim a's URL, so the folder imports again.
  const std::string out = b.tmp / "export";
  size_t written = 0;
  BOOST_REQUIRE(Export(b.settings, b.store->View(), out, &written).ok());
  BOOST_CHECK(!Contains(ReadFile(out + "/posts/x.md"), "aliases"));
  // An alias takes an old URL over the same way.
  b.Write("posts/x.md", PostText("slug: c\n"));
  b.Import();
  CHECK_REDIRECT(b, "/2023/01/01/b/", "/2023/01/01/c/");
  b.Write("posts/z.md",
          PostText("slug: z\naliases: [/2023/01/01/b/]\n", "2024-01-01"));
  b.Import();
  CHECK_REDIRECT(b, "/2023/01/01/b/", "/2024/01/01/z/");
}

BOOST_AUTO_TEST_CASE(export_writes_the_history_as_aliases) {
  Blog b;
  b.Write("posts/x.md", PostText("slug: a\naliases: [/old/x.html]\n"));
  b.Import();
  b.Write("posts/x.md", PostText("slug: b\naliases: [/old/x.html]\n"));
  b.Import();
  const std::string out = b.tmp / "export";
  size_t written = 0;
  BOOST_REQUIRE(Export(b.settings, b.store->View(), out, &written).ok());
  std::string text = ReadFile(out + "/posts/x.md");
  BOOST_CHECK_MESSAGE(
      Contains(text, "aliases: [\"/old/x.html\", \"/2023/01/01/a/\"]"), text);
  // A fresh store from the export answers the old URL the same way.
  Blog fresh;
  fresh.Import(false, out);
  CHECK_REDIRECT(fresh, "/2023/01/01/a/", "/2023/01/01/b/");
  CHECK_REDIRECT(fresh, "/old/x.html", "/2023/01/01/b/");
  // And the export imported into the first store changes nothing it serves.
  b.Import(false, out);
  CHECK_REDIRECT(b, "/2023/01/01/a/", "/2023/01/01/b/");
}

BOOST_AUTO_TEST_CASE(a_renamed_file_keeps_its_history_when_its_slug_stays) {
  Blog b;
  b.Write("posts/x.md", PostText("slug: a\n"));
  b.Import();
  b.Write("posts/x.md", PostText("slug: b\n"));
  b.Import();
  fs::rename(b.content() + "/posts/x.md", b.content() + "/posts/y.md");
  b.Import(/*prune=*/true);
  CHECK_STATUS(b.Get("/2023/01/01/b/"), 200);
  CHECK_REDIRECT(b, "/2023/01/01/a/", "/2023/01/01/b/");
  std::vector<std::string> sources;
  BOOST_REQUIRE(b.store->View().ListUrlHistorySources(&sources).ok());
  BOOST_CHECK_EQUAL(sources.size(), 1u);
  BOOST_CHECK_EQUAL(sources.at(0), "posts/y.md");
}

BOOST_AUTO_TEST_CASE(a_removed_post_takes_its_old_urls_with_it) {
  Blog b;
  b.Write("posts/x.md", PostText("slug: a\n"));
  b.Write("posts/keep.md", PostText("slug: keep\n"));
  b.Import();
  b.Write("posts/x.md", PostText("slug: b\n"));
  b.Import();
  fs::remove(b.content() + "/posts/x.md");
  b.Import(/*prune=*/true);
  CHECK_STATUS(b.Get("/2023/01/01/a/"), 404);
  CHECK_STATUS(b.Get("/2023/01/01/b/"), 404);
  std::vector<std::string> sources;
  BOOST_REQUIRE(b.store->View().ListUrlHistorySources(&sources).ok());
  BOOST_CHECK_EQUAL(sources.size(), 1u);
}

BOOST_AUTO_TEST_CASE(a_new_post_url_pattern_redirects_the_old_pattern) {
  Blog b;
  b.Write("posts/x.md", PostText("slug: a\n"));
  b.Import();
  b.settings.post_url = "/blog/:year/:slug/";
  b.Import();
  CHECK_STATUS(b.Get("/blog/2023/a/"), 200);
  CHECK_REDIRECT(b, "/2023/01/01/a/", "/blog/2023/a/");
}

BOOST_AUTO_TEST_CASE(a_draft_or_a_page_moves_too) {
  Blog b;
  b.Write("posts/x.md", PostText("slug: a\n"));
  b.Write("pages/about.md", "---\ntitle: About\nurl: /about/\n---\nUs.\n");
  b.Import();
  b.Write("pages/about.md", "---\ntitle: About\nurl: /company/about/\n---\n");
  b.Write("posts/x.md", PostText("slug: b\ndraft: true\n"));
  b.Import();
  CHECK_REDIRECT(b, "/about/", "/company/about/");
  // A draft is not public, at its old URL neither.
  CHECK_STATUS(b.Get("/2023/01/01/a/"), 404);
  CHECK_STATUS(b.Get("/2023/01/01/b/"), 404);
}

BOOST_AUTO_TEST_CASE(many_moves_keep_one_redirect_each) {
  Blog b;
  for (int i = 0; i < 60; ++i) {
    b.Write("posts/x.md", PostText("slug: s" + std::to_string(i) + "\n"));
    b.Import();
  }
  for (int i = 0; i < 59; i += 7) {
    CHECK_REDIRECT(b, "/2023/01/01/s" + std::to_string(i) + "/",
                   "/2023/01/01/s59/");
  }
  BOOST_CHECK_EQUAL(b.PostCount(), 1u);
}

BOOST_AUTO_TEST_CASE(jekyll_pagination_redirects_page2_to_page_2) {
  Blog b;
  b.settings.page_size = 1;
  for (const char* slug : {"a", "b", "c"}) {
    b.Write(std::string("posts/") + slug + ".md",
            PostText(std::string("slug: ") + slug + "\n"));
  }
  b.Import();
  CHECK_STATUS(b.Get("/page2/"), 404);  // off by default
  b.settings.jekyll_pagination = true;
  CHECK_REDIRECT(b, "/page2/", "/page/2/");
  CHECK_REDIRECT(b, "/page3", "/page/3/");
  CHECK_REDIRECT(b, "/page1/", "/");
  CHECK_STATUS(b.Get("/page/2/"), 200);
  for (const char* not_a_page :
       {"/page/", "/page02/", "/pagex/", "/page2x/", "/page99999999999/",
        "/blog/page2/", "/page-2/"}) {
    CHECK_STATUS(b.Get(not_a_page), 404);
  }
  b.settings.paginate_path = "/blog/page:num";
  CHECK_REDIRECT(b, "/blog/page4/", "/page/4/");
  CHECK_STATUS(b.Get("/page2/"), 404);
}

BOOST_AUTO_TEST_CASE(paginate_path_is_checked) {
  for (const char* bad : {"page:num/", "/page/", "/:num/:num/", "/p?:num/"}) {
    BOOST_CHECK_MESSAGE(!IsJekyllPaginatePath(bad), bad);
    Settings s;
    Status st = ParseSettings(std::string("paginate_path: \"") + bad + "\"\n",
                              "t.conf", &s);
    BOOST_CHECK_MESSAGE(
        !st.ok() && Contains(st.message(), "t.conf:1: paginate_path:"),
        st.ToString());
  }
  Settings s;
  BOOST_CHECK(ParseSettings("jekyll_pagination: yes\n", "t.conf", &s)
                  .message()
                  .find("must be true or false") != std::string::npos);
  BOOST_CHECK(ParseSettings("jekyll_pagination: true\n", "t.conf", &s).ok());
  BOOST_CHECK(s.jekyll_pagination);
}
