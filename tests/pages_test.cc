// Page tests through the in-memory adapter: a Store on LevelDB's in-memory
// Env, a Site over it, and Request -> Response with an explicit `now`.
#define BOOST_TEST_MODULE pages
#define BOOST_TEST_DYN_LINK
#include "pages.h"

#include <leveldb/db.h>
#include <leveldb/helpers/memenv.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <ctime>
#include <exception>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "dates.h"
#include "importer.h"
#include "log.h"
#include "preview.h"
#include "records.h"
#include "request.h"
#include "settings.h"
#include "site.h"
#include "store.h"
#include "test_util.h"
#include "urls.h"

using namespace levelpress;
using levelpress::testing::Contains;
using levelpress::testing::TempDir;
using levelpress::testing::WriteFile;

namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t k0800Z = 1695801600;  // 2023-09-27T08:00:00Z
// Writes happen "later" than the templates' mtime, so that Last-Modified is
// decided by the content and not by the theme files.
constexpr int64_t kWrite = 2100000000;  // 2036-07-19
constexpr int64_t kNow = kWrite + kDay;

// "/2023/09/27/slug/", computed here rather than by the code under test.
std::string PostUrl(int64_t date, const std::string& slug) {
  std::time_t t = static_cast<std::time_t>(date);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::snprintf(buf, sizeof buf, "/%04d/%02d/%02d/", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday);
  return buf + slug + "/";
}

Post MakePost(const std::string& slug, int64_t date,
              std::vector<std::string> tags = {},
              const std::string& author = "ana") {
  Post p;
  p.slug = slug;
  p.source_path = "posts/" + slug + ".md";
  p.title = "Title of " + slug;
  p.date = date;
  p.author_ids = {author};
  p.tags = std::move(tags);
  p.body_markdown = "Body of " + slug + ".\n";
  p.body_html = "<p>Body of " + slug + ".</p>\n";
  p.excerpt_html = "<p>Excerpt of " + slug + ".</p>\n";
  return p;
}

Author MakeAuthor(const std::string& id, const std::string& name) {
  Author a;
  a.id = id;
  a.name = name;
  a.avatar = id + ".png";
  a.avatar_url = "authors/" + id + ".png";
  a.bio_markdown = "Bio of " + name + ".\n";
  a.bio_html = "<p>Bio of " + name + ".</p>\n";
  a.source_path = "authors/" + id + ".md";
  return a;
}

// Text of HTML: tags removed, whitespace collapsed and trimmed.
std::string StripTags(const std::string& html) {
  std::string out;
  bool in_tag = false, space = false;
  for (char c : html) {
    if (c == '<') {
      in_tag = true;
    } else if (c == '>') {
      in_tag = false;
    } else if (!in_tag) {
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
        space = true;
      } else {
        if (space && !out.empty()) out += ' ';
        space = false;
        out += c;
      }
    }
  }
  return out;
}

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

// The inner HTML of the first byline in html (post page: <p class="byline">,
// listing entry: <footer class="byline">); "" when there is none.
std::string Byline(const std::string& html) {
  size_t start = html.find("class=\"byline\"");
  if (start == std::string::npos) return "";
  start = html.find('>', start);
  if (start == std::string::npos) return "";
  ++start;
  size_t end_p = html.find("</p>", start),
         end_f = html.find("</footer>", start);
  size_t end = std::min(end_p, end_f);
  if (end == std::string::npos) return "";
  return html.substr(start, end - start);
}

// The <article class="entry"> of a listing that links to url; "" if none.
std::string EntryFor(const std::string& html, const std::string& url) {
  for (size_t pos = html.find("<article class=\"entry\">");
       pos != std::string::npos;
       pos = html.find("<article class=\"entry\">", pos + 1)) {
    size_t end = html.find("</article>", pos);
    if (end == std::string::npos) return "";
    std::string article = html.substr(pos, end - pos);
    if (Contains(article, "href=\"" + url + "\"")) return article;
  }
  return "";
}

// The last second for which nginx may serve its cached copy, from
// X-Accel-Expires: "@T" (absolute, kept while second T is not past) or "N"
// (relative, N seconds from now). -1 for "0" (not cached) or no header.
int64_t CachedUntil(const Response& r, int64_t now) {
  std::string v = r.Header("X-Accel-Expires");
  if (v.empty() || v == "0") return -1;
  try {
    if (v[0] == '@') return std::stoll(v.substr(1));
    return now + std::stoll(v) - 1;
  } catch (const std::exception&) {
    BOOST_ERROR("X-Accel-Expires is not a number: '" + v + "'");
    return -1;
  }
}

int64_t HttpDate(const std::string& text) {
  int64_t t = -1;
  BOOST_REQUIRE_MESSAGE(ParseHttpDate(text, &t),
                        "not an HTTP date: '" + text + "'");
  return t;
}

// A blog: in-memory store, settings, site.
struct Blog {
  std::unique_ptr<leveldb::Env> env{
      leveldb::NewMemEnv(leveldb::Env::Default())};
  std::unique_ptr<Store> store;
  Settings settings;
  std::shared_ptr<const SiteConfig> config;
  std::unique_ptr<Site> site;

  explicit Blog(int page_size = 3,
                const std::function<void(Settings*)>& tweak = nullptr) {
    BOOST_REQUIRE(SetTimeZone("UTC").ok());
    OpenOptions o;
    o.env = env.get();
    Status s = Store::Open("/mem/store", o, &store);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
    settings.templates_dir = SOURCE_DIR "/templates";
    settings.time_zone = "UTC";
    settings.page_size = page_size;
    settings.title = "Test Blog";
    if (tweak) tweak(&settings);
    s = LoadSiteConfig(settings, &config);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
    BOOST_REQUIRE_MESSAGE(
        config->theme_mtime < kWrite,
        "the templates' mtime is after the test's write time");
    site = std::make_unique<Site>(store.get(), config);
  }

  void Put(std::vector<Post> posts, int64_t at = kWrite) {
    StoreWriter w(store.get(), at);
    for (auto& p : posts) {
      Status s = w.PutPost(std::move(p));
      BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
    }
    Status s = w.Commit(false);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  }
  void PutAuthor(Author a, int64_t at = kWrite) {
    StoreWriter w(store.get(), at);
    BOOST_REQUIRE(w.PutAuthor(std::move(a)).ok());
    BOOST_REQUIRE(w.Commit(false).ok());
  }
  void Remove(const std::string& slug, int64_t at) {
    StoreWriter w(store.get(), at);
    Status s = w.RemovePost(slug);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
    BOOST_REQUIRE(w.Commit(false).ok());
  }
  Post GetPost(const std::string& slug) {
    Post p;
    Status s = store->View().GetPost(slug, &p);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
    return p;
  }

  Response Get(const std::string& target, int64_t now = kNow,
               std::map<std::string, std::string> headers = {},
               const std::string& method = "GET") const {
    Request r;
    r.method = method;
    r.target = target;
    r.headers = std::move(headers);
    Response resp = site->Handle(r, now);
    BOOST_CHECK_MESSAGE(resp.status != 500,
                        method + " " + target + " gave 500");
    BOOST_CHECK_MESSAGE(resp.Header("Set-Cookie").empty(),
                        method + " " + target + " sets a cookie");
    return resp;
  }
};

// Four posts a day apart, newest first: d (tag Gamma), c, b, a.
// a: [Alpha], b: [Alpha, Beta], c: [Beta], d: [Gamma]; authors ana and bo.
struct FourPosts : Blog {
  explicit FourPosts(int page_size = 3) : Blog(page_size) {
    PutAuthor(MakeAuthor("ana", "Ana Lima"));
    PutAuthor(MakeAuthor("bo", "Bo Berg"));
    Put({MakePost("a", k0800Z, {"Alpha"}),
         MakePost("b", k0800Z + kDay, {"Alpha", "Beta"}),
         MakePost("c", k0800Z + 2 * kDay, {"Beta"}, "bo"),
         MakePost("d", k0800Z + 3 * kDay, {"Gamma"})});
  }
};

#define CHECK_STATUS(resp, want)               \
  BOOST_CHECK_MESSAGE((resp).status == (want), \
                      "status " << (resp).status << ", want " << (want))

#define CHECK_REDIRECT(resp, to)                    \
  do {                                              \
    const Response& r_ = (resp);                    \
    CHECK_STATUS(r_, 301);                          \
    BOOST_CHECK_EQUAL(r_.Header("Location"), (to)); \
  } while (0)

}  // namespace

// ------------------------------------------------------------------ bylines

BOOST_AUTO_TEST_SUITE(byline)

BOOST_AUTO_TEST_CASE(tags_read_as_an_english_list_on_post_and_index) {
  Blog blog(10);
  blog.PutAuthor(MakeAuthor("ana", "Ana Lima"));
  struct Case {
    std::string slug;
    std::vector<std::string> tags;
    std::string text;  // the byline's text
    std::vector<std::string> links;
  };
  const std::vector<Case> cases = {
      {"none", {}, "Ana Lima", {}},
      {"one",
       {"Meta"},
       "Ana Lima on Meta",
       {"<a href=\"/tag/meta/\">Meta</a>"}},
      {"two",
       {"Technology", "Testing"},
       "Ana Lima on Technology and Testing",
       {"<a href=\"/tag/technology/\">Technology</a>",
        "<a href=\"/tag/testing/\">Testing</a>"}},
      {"three",
       {"Technology", "PostgreSQL", "Django"},
       "Ana Lima on Technology, PostgreSQL, and Django",
       {"<a href=\"/tag/technology/\">Technology</a>",
        "<a href=\"/tag/postgresql/\">PostgreSQL</a>",
        "<a href=\"/tag/django/\">Django</a>"}},
      {"four",
       {"A", "B", "C", "D"},
       "Ana Lima on A, B, C, and D",
       {"<a href=\"/tag/a/\">A</a>", "<a href=\"/tag/b/\">B</a>",
        "<a href=\"/tag/c/\">C</a>", "<a href=\"/tag/d/\">D</a>"}},
  };
  std::vector<Post> posts;
  for (size_t i = 0; i < cases.size(); ++i) {
    posts.push_back(MakePost(
        cases[i].slug, k0800Z + static_cast<int64_t>(i) * kDay, cases[i].tags));
  }
  blog.Put(posts);

  Response index = blog.Get("/");
  BOOST_REQUIRE_EQUAL(index.status, 200);
  const std::string avatar =
      "<img class=\"avatar\" src=\"/media/authors/ana.png\" "
      "alt=\"Author&#39;s profile picture\"";
  for (size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    BOOST_TEST_CONTEXT("post " << c.slug) {
      std::string url =
          PostUrl(k0800Z + static_cast<int64_t>(i) * kDay, c.slug);
      Response post = blog.Get(url);
      BOOST_REQUIRE_EQUAL(post.status, 200);
      std::string entry = EntryFor(index.body, url);
      BOOST_REQUIRE_MESSAGE(!entry.empty(),
                            "no entry for " + url + " on the index");
      for (const std::string* html : {&post.body, &entry}) {
        std::string byline = Byline(*html);
        BOOST_CHECK_EQUAL(StripTags(byline), c.text);
        for (const auto& link : c.links) {
          BOOST_CHECK_MESSAGE(Contains(byline, link),
                              "byline lacks " + link + ": " + byline);
        }
        BOOST_CHECK_EQUAL(Count(byline, "<a href=\"/tag/"), c.tags.size());
        BOOST_CHECK_MESSAGE(Contains(byline, avatar), byline);
        BOOST_CHECK_MESSAGE(
            Contains(byline, "<a href=\"/author/ana/\">Ana Lima</a>"), byline);
      }
      // The entry: "»" links to the post, the excerpt is shown, not the body.
      BOOST_CHECK_MESSAGE(
          Contains(entry, "<a class=\"more\" href=\"" + url + "\""), entry);
      BOOST_CHECK_MESSAGE(Contains(entry, "»</a>"), entry);
      BOOST_CHECK(Contains(entry, "<p>Excerpt of " + c.slug + ".</p>"));
      BOOST_CHECK(!Contains(entry, "Body of " + c.slug));
    }
  }
}

BOOST_AUTO_TEST_CASE(tag_separator) {
  Blog blog;  // English: the serial comma
  const Translation& words = *blog.config->translation;
  BOOST_CHECK_EQUAL(words.ListSeparator(0, 1), "");
  BOOST_CHECK_EQUAL(words.ListSeparator(0, 2), "");
  BOOST_CHECK_EQUAL(words.ListSeparator(1, 2), " and ");
  BOOST_CHECK_EQUAL(words.ListSeparator(1, 3), ", ");
  BOOST_CHECK_EQUAL(words.ListSeparator(2, 3), ", and ");
  BOOST_CHECK_EQUAL(words.ListSeparator(2, 4), ", ");
  BOOST_CHECK_EQUAL(words.ListSeparator(3, 4), ", and ");
}

BOOST_AUTO_TEST_CASE(author_without_record_or_avatar_falls_back) {
  Blog blog(10);
  Author plain = MakeAuthor("cy", "Cy Plain");
  plain.avatar.clear();
  plain.avatar_url.clear();
  blog.PutAuthor(plain);
  blog.Put({MakePost("by-cy", k0800Z, {"Meta"}, "cy"),
            MakePost("by-ghost", k0800Z + kDay, {"Meta"}, "ghost")});
  std::string cy = Byline(blog.Get(PostUrl(k0800Z, "by-cy")).body);
  BOOST_CHECK_MESSAGE(Contains(cy, "src=\"/theme/avatar.svg\""), cy);
  BOOST_CHECK_EQUAL(StripTags(cy), "Cy Plain on Meta");
  // No author record: the id stands in for the name.
  std::string ghost = Byline(blog.Get(PostUrl(k0800Z + kDay, "by-ghost")).body);
  BOOST_CHECK_MESSAGE(Contains(ghost, "<a href=\"/author/ghost/\">ghost</a>"),
                      ghost);
}

// The default avatar (layout.cc AvatarUrl -> theme_url + "avatar.svg") and
// everything else a page links under /theme/ must be a file nginx can serve.
BOOST_AUTO_TEST_CASE(theme_files_that_pages_link_to_exist) {
  Blog blog(10);
  Author plain = MakeAuthor("cy", "Cy Plain");
  plain.avatar_url.clear();
  blog.PutAuthor(plain);
  blog.Put({MakePost("x", k0800Z, {}, "cy")});
  std::string body = blog.Get(PostUrl(k0800Z, "x")).body;
  size_t checked = 0;
  for (size_t pos = body.find("\"/theme/"); pos != std::string::npos;
       pos = body.find("\"/theme/", pos + 1)) {
    size_t end = body.find('"', pos + 1);
    std::string file = body.substr(pos + 8, end - pos - 8);
    ++checked;
    BOOST_CHECK_MESSAGE(
        std::filesystem::exists(SOURCE_DIR "/templates/theme/" + file),
        "page links to /theme/" + file + ", not in templates/theme/");
  }
  BOOST_CHECK_GE(checked, 3u);  // favicon.svg, style.css, avatar.svg
}

BOOST_AUTO_TEST_CASE(imported_content_renders_its_byline_and_excerpt) {
  TempDir dir("levelpress-pages");
  WriteFile(dir.path() / "content/authors/jonas.md",
            "---\nname: Jonas Brandt\navatar: jonas.svg\n---\nJonas writes.\n");
  WriteFile(dir.path() / "content/authors/jonas.svg", "<svg/>");
  WriteFile(
      dir.path() / "content/posts/bigint.md",
      "---\ntitle: \"Migrating to BIGINT\"\ndate: 2023-09-27T10:00:00+02:00\n"
      "author: jonas\ntags: [Technology, PostgreSQL, Django]\n"
      "aliases: [\"/blog/bigint.html\"]\n---\n"
      "First paragraph.\n\n<!--more-->\n\nSecond paragraph.\n");
  Blog blog(3, [&](Settings* s) { s->media_dir = dir / "media"; });
  ImportOptions options;
  options.dir = dir / "content";
  options.threads = 1;
  ImportReport report;
  Status s = Import(blog.settings, blog.store.get(), options, &report);
  std::string problems;
  for (const auto& p : report.problems) problems += p.ToString() + "\n";
  BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString() + "\n" + problems);

  const std::string url = "/2023/09/27/bigint/";
  // Import stamps the writes with the real clock; ask at a later `now`.
  Response index = blog.Get("/", kNow);
  BOOST_REQUIRE_EQUAL(index.status, 200);
  std::string entry = EntryFor(index.body, url);
  BOOST_REQUIRE(!entry.empty());
  BOOST_CHECK_EQUAL(StripTags(Byline(entry)),
                    "Jonas Brandt on Technology, PostgreSQL, and Django");
  BOOST_CHECK(Contains(entry, "First paragraph."));
  BOOST_CHECK(!Contains(entry, "Second paragraph."));
  BOOST_CHECK(Contains(Byline(entry), "src=\"/media/authors/jonas.svg\""));
  Response post = blog.Get(url, kNow);
  BOOST_REQUIRE_EQUAL(post.status, 200);
  BOOST_CHECK(Contains(post.body, "First paragraph."));
  BOOST_CHECK(Contains(post.body, "Second paragraph."));
  CHECK_REDIRECT(blog.Get("/blog/bigint.html", kNow), url);
}

BOOST_AUTO_TEST_SUITE_END()

// ------------------------------------------------------------------ listings

BOOST_AUTO_TEST_SUITE(listings)

BOOST_AUTO_TEST_CASE(index_is_newest_first) {
  FourPosts blog(10);
  Response r = blog.Get("/");
  BOOST_REQUIRE_EQUAL(r.status, 200);
  size_t d = r.body.find("Title of d"), c = r.body.find("Title of c"),
         b = r.body.find("Title of b"), a = r.body.find("Title of a");
  BOOST_REQUIRE(a != std::string::npos && b != std::string::npos &&
                c != std::string::npos && d != std::string::npos);
  BOOST_CHECK_LT(d, c);
  BOOST_CHECK_LT(c, b);
  BOOST_CHECK_LT(b, a);
  BOOST_CHECK(Contains(r.body,
                       "<time datetime=\"2023-09-27T08:00:00+00:00\">September "
                       "27, 2023</time>"));
}

BOOST_AUTO_TEST_CASE(exactly_page_size_posts_is_one_page) {
  Blog blog(3);
  blog.Put({MakePost("a", k0800Z), MakePost("b", k0800Z + kDay),
            MakePost("c", k0800Z + 2 * kDay)});
  Response r = blog.Get("/");
  BOOST_REQUIRE_EQUAL(r.status, 200);
  BOOST_CHECK_EQUAL(Count(r.body, "<article class=\"entry\">"), 3u);
  BOOST_CHECK(!Contains(r.body, "rel=\"next\""));
  BOOST_CHECK(!Contains(r.body, "rel=\"prev\""));
  BOOST_CHECK(Contains(r.body, "Page 1 of 1"));
  CHECK_STATUS(blog.Get("/page/2/"), 404);
}

BOOST_AUTO_TEST_CASE(one_more_than_page_size_is_two_pages) {
  FourPosts blog(3);
  Response p1 = blog.Get("/");
  BOOST_REQUIRE_EQUAL(p1.status, 200);
  BOOST_CHECK_EQUAL(Count(p1.body, "<article class=\"entry\">"), 3u);
  BOOST_CHECK(Contains(p1.body, "<link rel=\"next\" href=\"/page/2/\">"));
  BOOST_CHECK(Contains(p1.body, "<a rel=\"next\" href=\"/page/2/\">"));
  BOOST_CHECK(!Contains(p1.body, "rel=\"prev\""));
  BOOST_CHECK(Contains(p1.body, "Page 1 of 2"));
  BOOST_CHECK(!Contains(p1.body, "Title of a<"));

  Response p2 = blog.Get("/page/2/");
  BOOST_REQUIRE_EQUAL(p2.status, 200);
  BOOST_CHECK_EQUAL(Count(p2.body, "<article class=\"entry\">"), 1u);
  BOOST_CHECK(Contains(p2.body, "Title of a<"));
  BOOST_CHECK(Contains(p2.body, "<link rel=\"prev\" href=\"/\">"));
  BOOST_CHECK(Contains(p2.body, "<a rel=\"prev\" href=\"/\">"));
  BOOST_CHECK(!Contains(p2.body, "rel=\"next\""));
  BOOST_CHECK(Contains(p2.body, "Page 2 of 2"));
  BOOST_CHECK(Contains(
      p2.body,
      "<link rel=\"canonical\" href=\"http://127.0.0.1:8080/page/2/\">"));

  CHECK_REDIRECT(blog.Get("/page/1/"), "/");
  CHECK_STATUS(blog.Get("/page/3/"), 404);
  CHECK_STATUS(blog.Get("/page/999999999/"), 404);
  CHECK_STATUS(blog.Get("/page/99999999999999999999/"), 404);
  for (const char* bad :
       {"/page/0/", "/page/abc/", "/page/02/", "/page/-1/", "/page/2x/",
        "/page/+2/", "/page/ 2/", "/page/%32/x/"}) {
    BOOST_TEST_CONTEXT(bad) { CHECK_STATUS(blog.Get(bad), 404); }
  }
}

BOOST_AUTO_TEST_CASE(tag_pages_and_their_pagination) {
  Blog blog(2);
  blog.PutAuthor(MakeAuthor("ana", "Ana Lima"));
  // Three posts tagged "Web Dev" (slug web-dev), one with another tag.
  blog.Put({MakePost("w1", k0800Z, {"Web Dev"}),
            MakePost("w2", k0800Z + kDay, {"web dev"}),
            MakePost("w3", k0800Z + 2 * kDay, {"Web Dev", "Other"}),
            MakePost("o1", k0800Z + 3 * kDay, {"Other"})});
  Response p1 = blog.Get("/tag/web-dev/");
  BOOST_REQUIRE_EQUAL(p1.status, 200);
  BOOST_CHECK(
      Contains(p1.body, "<h1 class=\"page-heading\">Posts on Web Dev</h1>"));
  BOOST_CHECK_EQUAL(Count(p1.body, "<article class=\"entry\">"), 2u);
  BOOST_CHECK_LT(p1.body.find("Title of w3"), p1.body.find("Title of w2"));
  BOOST_CHECK(!Contains(p1.body, "Title of o1"));
  BOOST_CHECK(
      Contains(p1.body, "<a rel=\"next\" href=\"/tag/web-dev/page/2/\">"));
  BOOST_CHECK(!Contains(p1.body, "rel=\"prev\""));
  Response p2 = blog.Get("/tag/web-dev/page/2/");
  BOOST_REQUIRE_EQUAL(p2.status, 200);
  BOOST_CHECK(Contains(p2.body, "Title of w1"));
  BOOST_CHECK_EQUAL(Count(p2.body, "<article class=\"entry\">"), 1u);
  BOOST_CHECK(Contains(p2.body, "<a rel=\"prev\" href=\"/tag/web-dev/\">"));
  BOOST_CHECK(!Contains(p2.body, "rel=\"next\""));
  CHECK_REDIRECT(blog.Get("/tag/web-dev/page/1/"), "/tag/web-dev/");
  // Regression: redirects were built from the decoded path, so "%3F%23"
  // came back as "?#" (another URL) and raw bytes reached the header.
  CHECK_REDIRECT(blog.Get("/tag/%3F%23x/page/1/"), "/tag/%3F%23x/");
  CHECK_REDIRECT(blog.Get("/tag/%FF%20x/page/1/"), "/tag/%FF%20x/");
  for (const char* bad : {"/tag/web-dev/page/3/", "/tag/web-dev/page/0/",
                          "/tag/web-dev/page/abc/", "/tag/web-dev/page/02/",
                          "/tag/nope/", "/tag/Web-Dev/", "/tag/nope/page/2/"}) {
    BOOST_TEST_CONTEXT(bad) { CHECK_STATUS(blog.Get(bad), 404); }
  }
  // Exactly page_size posts: one page.
  Response other = blog.Get("/tag/other/");
  BOOST_REQUIRE_EQUAL(other.status, 200);
  BOOST_CHECK_EQUAL(Count(other.body, "<article class=\"entry\">"), 2u);
  BOOST_CHECK(!Contains(other.body, "rel=\"next\""));
  CHECK_STATUS(blog.Get("/tag/other/page/2/"), 404);
}

BOOST_AUTO_TEST_CASE(author_pages_and_their_pagination) {
  FourPosts blog(2);  // ana: a, b, d; bo: c
  Response p1 = blog.Get("/author/ana/");
  BOOST_REQUIRE_EQUAL(p1.status, 200);
  BOOST_CHECK(Contains(p1.body, "<h2>Ana Lima</h2>"));
  BOOST_CHECK(Contains(p1.body, "<p>Bio of Ana Lima.</p>"));  // raw HTML
  BOOST_CHECK(Contains(
      p1.body,
      "src=\"/media/authors/ana.png\" alt=\"Author&#39;s profile picture\""));
  BOOST_CHECK_EQUAL(Count(p1.body, "<article class=\"entry\">"), 2u);
  BOOST_CHECK_LT(p1.body.find("Title of d"), p1.body.find("Title of b"));
  BOOST_CHECK(!Contains(p1.body, "Title of c"));
  BOOST_CHECK(
      Contains(p1.body, "<a rel=\"next\" href=\"/author/ana/page/2/\">"));
  Response p2 = blog.Get("/author/ana/page/2/");
  BOOST_REQUIRE_EQUAL(p2.status, 200);
  BOOST_CHECK(Contains(p2.body, "Title of a"));
  BOOST_CHECK(Contains(p2.body, "<a rel=\"prev\" href=\"/author/ana/\">"));
  BOOST_CHECK(!Contains(p2.body, "rel=\"next\""));
  CHECK_REDIRECT(blog.Get("/author/ana/page/1/"), "/author/ana/");
  Response bo = blog.Get("/author/bo/");
  BOOST_REQUIRE_EQUAL(bo.status, 200);
  BOOST_CHECK(!Contains(bo.body, "rel=\"next\""));
  for (const char* bad :
       {"/author/ana/page/3/", "/author/ana/page/0/", "/author/ana/page/abc/",
        "/author/ana/page/02/", "/author/bo/page/2/", "/author/nobody/"}) {
    BOOST_TEST_CONTEXT(bad) { CHECK_STATUS(blog.Get(bad), 404); }
  }
}

BOOST_AUTO_TEST_CASE(tags_and_authors_directories) {
  FourPosts blog;
  Response tags = blog.Get("/tags/");
  BOOST_REQUIRE_EQUAL(tags.status, 200);
  BOOST_CHECK(Contains(tags.body, "<a href=\"/tag/alpha/\">Alpha"));
  BOOST_CHECK(Contains(tags.body, "<a href=\"/tag/gamma/\">Gamma"));
  Response authors = blog.Get("/authors/");
  BOOST_REQUIRE_EQUAL(authors.status, 200);
  BOOST_CHECK(Contains(authors.body, "href=\"/author/ana/\""));
  BOOST_CHECK(Contains(authors.body, "Posts: 3"));
  BOOST_CHECK(Contains(authors.body, "Posts: 1"));
}

// Regression: an author named only by a draft or a scheduled post (or with
// an authors/ file and no post at all) had a public page: /author/ID/
// answered 200 "No posts yet".
BOOST_AUTO_TEST_CASE(authors_without_visible_posts_are_not_found) {
  FourPosts blog;
  blog.PutAuthor(MakeAuthor("dee", "Dee Draft"));
  blog.PutAuthor(MakeAuthor("sam", "Sam Scheduled"));
  blog.PutAuthor(MakeAuthor("nia", "Nia Nothing"));
  Post draft = MakePost("dd", k0800Z, {"Alpha"}, "dee");
  draft.draft = true;
  const int64_t live = kNow + 3600;
  blog.Put({draft, MakePost("ss", live, {"Alpha"}, "sam")});
  for (const char* id : {"dee", "sam", "nia"}) {
    BOOST_TEST_CONTEXT(id) {
      std::string url = std::string("/author/") + id + "/";
      Response r = blog.Get(url);
      CHECK_STATUS(r, 404);
      BOOST_CHECK(!Contains(r.body, "No posts yet"));
      CHECK_STATUS(blog.Get(url + "page/2/"), 404);
    }
  }
  Response authors = blog.Get("/authors/");
  BOOST_REQUIRE_EQUAL(authors.status, 200);
  for (const char* name : {"Dee Draft", "Sam Scheduled", "Nia Nothing"}) {
    BOOST_CHECK_MESSAGE(!Contains(authors.body, name), name);
  }
  // The scheduled author's 404 is not kept past the post's go-live.
  Response early = blog.Get("/author/sam/", live - 100);
  CHECK_STATUS(early, 404);
  BOOST_CHECK_GE(CachedUntil(early, live - 100), live - 100);
  BOOST_CHECK_LT(CachedUntil(early, live - 100), live);
  // The drafts' author's 404 is kept like a page (cache_seconds, here 1),
  // no longer: a publish must replace it as fast as it changes a page.
  BOOST_CHECK_EQUAL(blog.Get("/author/dee/").Header("X-Accel-Expires"),
                    "@" + std::to_string(kNow));
  // Then the author is public, and listed.
  Response after = blog.Get("/author/sam/", live);
  CHECK_STATUS(after, 200);
  BOOST_CHECK(Contains(after.body, "Title of ss"));
  BOOST_CHECK(Contains(blog.Get("/authors/", live).body, "Sam Scheduled"));
  std::vector<std::string> paths;
  BOOST_REQUIRE(blog.site->AllPaths(kNow, &paths).ok());
  for (const auto& p : paths) {
    BOOST_CHECK_MESSAGE(!Contains(p, "/author/dee") &&
                            !Contains(p, "/author/sam") &&
                            !Contains(p, "/author/nia"),
                        p);
  }
}

// A tag, or a post, that only a scheduled post makes: its 404 must not be
// cached into the second the post goes live (nginx keeps a 404 that says
// nothing for up to two seconds).
BOOST_AUTO_TEST_CASE(scheduled_404s_expire_at_go_live) {
  FourPosts blog;
  const int64_t live = kNow + 1;
  blog.Put({MakePost("soon", live, {"Later"})});
  for (const std::string& url :
       {std::string("/tag/later/"), PostUrl(live, "soon")}) {
    BOOST_TEST_CONTEXT(url) {
      Response r = blog.Get(url, kNow);
      CHECK_STATUS(r, 404);
      BOOST_CHECK_EQUAL(r.Header("X-Accel-Expires"),
                        "@" + std::to_string(kNow));
      CHECK_STATUS(blog.Get(url, live), 200);
    }
  }
  // Regression: an ordinary 404 said nothing, and nginx kept it for up to
  // two seconds after a publish made the page.
  BOOST_CHECK_EQUAL(blog.Get("/tag/never/").Header("X-Accel-Expires"),
                    "@" + std::to_string(kNow));
}

BOOST_AUTO_TEST_SUITE_END()

// ------------------------------------------------------------------ posts

BOOST_AUTO_TEST_SUITE(posts)

BOOST_AUTO_TEST_CASE(post_page_has_title_body_date_and_neighbours) {
  FourPosts blog;
  const std::string a = PostUrl(k0800Z, "a"), b = PostUrl(k0800Z + kDay, "b"),
                    c = PostUrl(k0800Z + 2 * kDay, "c"),
                    d = PostUrl(k0800Z + 3 * kDay, "d");
  BOOST_CHECK_EQUAL(b, "/2023/09/28/b/");
  Response r = blog.Get(b);
  BOOST_REQUIRE_EQUAL(r.status, 200);
  BOOST_CHECK_EQUAL(r.Header("Content-Type"), "text/html; charset=utf-8");
  BOOST_CHECK(Contains(r.body, "<h1 class=\"post-title\">Title of b</h1>"));
  BOOST_CHECK(Contains(r.body, "<title>Title of b – Test Blog</title>"));
  BOOST_CHECK(Contains(r.body, "<p>Body of b.</p>"));
  BOOST_CHECK(Contains(r.body,
                       "<time datetime=\"2023-09-28T08:00:00+00:00\">September "
                       "28, 2023</time>"));
  BOOST_CHECK(Contains(
      r.body,
      "<link rel=\"canonical\" href=\"http://127.0.0.1:8080" + b + "\">"));
  // Older is "prev", newer is "next".
  BOOST_CHECK(
      Contains(r.body, "<a rel=\"prev\" href=\"" + a + "\">← Title of a</a>"));
  BOOST_CHECK(
      Contains(r.body, "<a rel=\"next\" href=\"" + c + "\">Title of c →</a>"));
  // The oldest has no older, the newest no newer.
  Response oldest = blog.Get(a);
  BOOST_REQUIRE_EQUAL(oldest.status, 200);
  BOOST_CHECK(!Contains(oldest.body, "rel=\"prev\""));
  BOOST_CHECK(Contains(oldest.body, "<a rel=\"next\" href=\"" + b + "\">"));
  Response newest = blog.Get(d);
  BOOST_REQUIRE_EQUAL(newest.status, 200);
  BOOST_CHECK(Contains(newest.body, "<a rel=\"prev\" href=\"" + c + "\">"));
  BOOST_CHECK(!Contains(newest.body, "rel=\"next\""));
}

BOOST_AUTO_TEST_CASE(draft_is_not_found_anywhere) {
  FourPosts blog;
  Post draft = MakePost("secret", k0800Z + 10 * kDay, {"Alpha"});
  draft.draft = true;
  draft.aliases = {"/old/secret/"};
  blog.Put({draft});
  const std::string url = PostUrl(k0800Z + 10 * kDay, "secret");
  CHECK_STATUS(blog.Get(url), 404);
  CHECK_STATUS(blog.Get(url.substr(0, url.size() - 1)),
               404);  // no slash redirect
  CHECK_STATUS(blog.Get("/old/secret/"), 404);
  CHECK_STATUS(blog.Get("/2023/01/01/secret/"), 404);  // no date redirect
  BOOST_CHECK(!Contains(blog.Get("/").body, "Title of secret"));
  BOOST_CHECK(!Contains(blog.Get("/tag/alpha/").body, "Title of secret"));
  // The newest published post does not link to it.
  BOOST_CHECK(
      !Contains(blog.Get(PostUrl(k0800Z + 3 * kDay, "d")).body, "secret"));
}

BOOST_AUTO_TEST_CASE(scheduled_post_appears_when_its_time_comes) {
  FourPosts blog;
  const int64_t due = kNow + 3600;
  Post future = MakePost("soon", due, {"Alpha", "Fresh"}, "bo");
  future.aliases = {"/old/soon/"};
  blog.Put({future});
  const std::string url = PostUrl(due, "soon");
  const std::string d = PostUrl(k0800Z + 3 * kDay, "d");

  for (int64_t now : {kNow, due - 1}) {
    BOOST_TEST_CONTEXT("now = due - " << due - now) {
      CHECK_STATUS(blog.Get(url, now), 404);
      CHECK_STATUS(blog.Get("/old/soon/", now), 404);
      CHECK_STATUS(blog.Get("/tag/fresh/", now),
                   404);  // its only post is not out
      for (const char* listing :
           {"/", "/tag/alpha/", "/author/bo/", "/tags/", "/authors/"}) {
        Response r = blog.Get(listing, now);
        BOOST_CHECK_EQUAL(r.status, 200);
        BOOST_CHECK_MESSAGE(!Contains(r.body, "Title of soon"), listing);
        BOOST_CHECK_MESSAGE(!Contains(r.body, "/tag/fresh/"), listing);
      }
      BOOST_CHECK(!Contains(blog.Get(d, now).body, "rel=\"next\""));
    }
  }
  for (int64_t now : {due, due + 1}) {
    BOOST_TEST_CONTEXT("now = due + " << now - due) {
      Response post = blog.Get(url, now);
      CHECK_STATUS(post, 200);
      BOOST_CHECK(Contains(post.body, "<p>Body of soon.</p>"));
      CHECK_REDIRECT(blog.Get("/old/soon/", now), url);
      CHECK_STATUS(blog.Get("/tag/fresh/", now), 200);
      for (const char* listing : {"/", "/tag/alpha/", "/author/bo/"}) {
        BOOST_CHECK_MESSAGE(
            Contains(blog.Get(listing, now).body, "Title of soon"), listing);
      }
      BOOST_CHECK(Contains(blog.Get("/tags/", now).body, "/tag/fresh/"));
      BOOST_CHECK(Contains(blog.Get(d, now).body,
                           "<a rel=\"next\" href=\"" + url + "\">"));
    }
  }
}

BOOST_AUTO_TEST_CASE(wrong_date_redirects_to_the_canonical_url) {
  FourPosts blog;
  const std::string b = PostUrl(k0800Z + kDay, "b");  // /2023/09/28/b/
  CHECK_REDIRECT(blog.Get("/2023/09/27/b/"), b);
  CHECK_REDIRECT(blog.Get("/2022/09/28/b/"), b);
  CHECK_REDIRECT(blog.Get("/2023/9/28/b/"), b);
  CHECK_REDIRECT(blog.Get("/2023/09/27/b/?ref=x"), b);
  CHECK_STATUS(blog.Get("/2023/09/28/b/?ref=x"),
               200);  // canonical, with a query
  CHECK_STATUS(blog.Get("/2023/09/28/no-such-post/"), 404);
}

BOOST_AUTO_TEST_CASE(aliases_redirect_to_the_post) {
  FourPosts blog;
  Post b = blog.GetPost("b");
  b.aliases = {"/old/b/", "/blog/b.html"};
  blog.Put({b}, kWrite + 10);
  const std::string url = PostUrl(k0800Z + kDay, "b");
  CHECK_REDIRECT(blog.Get("/old/b/"), url);
  CHECK_REDIRECT(blog.Get("/old/b"), url);  // with or without the slash
  CHECK_REDIRECT(blog.Get("/blog/b.html"), url);
  CHECK_REDIRECT(blog.Get("/blog/b.html?x=1"), url);
  CHECK_STATUS(blog.Get("/blog/b.htm"), 404);
}

BOOST_AUTO_TEST_SUITE_END()

// ------------------------------------------------------------------ errors

BOOST_AUTO_TEST_SUITE(errors)

BOOST_AUTO_TEST_CASE(unknown_path_is_the_themes_404_with_the_path_escaped) {
  FourPosts blog;
  Response r = blog.Get("/%3Cscript%3Ealert(1)%3C/script%3E");
  CHECK_STATUS(r, 404);
  BOOST_CHECK_EQUAL(r.Header("Content-Type"), "text/html; charset=utf-8");
  BOOST_CHECK(
      Contains(r.body, "<h1 class=\"page-heading\">Page not found</h1>"));
  BOOST_CHECK(Contains(r.body, "<title>Not found – Test Blog</title>"));
  BOOST_CHECK(
      Contains(r.body, "<code>/&lt;script&gt;alert(1)&lt;/script&gt;</code>"));
  BOOST_CHECK(!Contains(r.body, "<script>"));
  BOOST_CHECK(r.Header("ETag").empty());

  Response plain = blog.Get("/no/such/page/");
  CHECK_STATUS(plain, 404);
  BOOST_CHECK(Contains(plain.body, "<code>/no/such/page/</code>"));
  BOOST_CHECK(Contains(plain.body, "<a href=\"/\">"));
}

BOOST_AUTO_TEST_CASE(other_methods_get_405_with_allow) {
  FourPosts blog;
  for (const char* method :
       {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "get"}) {
    BOOST_TEST_CONTEXT(method) {
      for (const std::string& target :
           std::vector<std::string>{"/", PostUrl(k0800Z, "a"), "/nope"}) {
        Response r = blog.Get(target, kNow, {}, method);
        CHECK_STATUS(r, 405);
        BOOST_CHECK_EQUAL(r.Header("Allow"), "GET, HEAD");
        BOOST_CHECK_EQUAL(r.Header("Content-Type"), "text/html; charset=utf-8");
        BOOST_CHECK(r.Header("ETag").empty());
        BOOST_CHECK(Contains(r.body, "Method Not Allowed"));
      }
    }
  }
  BOOST_CHECK(blog.Get("/").Header("Allow").empty());
}

BOOST_AUTO_TEST_CASE(missing_trailing_slash_redirects_only_to_pages) {
  FourPosts blog;
  const std::string b = PostUrl(k0800Z + kDay, "b");
  CHECK_REDIRECT(blog.Get("/tags"), "/tags/");
  CHECK_REDIRECT(blog.Get("/authors"), "/authors/");
  CHECK_REDIRECT(blog.Get("/tag/alpha"), "/tag/alpha/");
  CHECK_REDIRECT(blog.Get("/author/ana"), "/author/ana/");
  CHECK_REDIRECT(blog.Get("/page/2"), "/page/2/");
  CHECK_REDIRECT(blog.Get(b.substr(0, b.size() - 1)), b);
  CHECK_REDIRECT(blog.Get("/2023/09/28/b?x=1"), b);
  Response r = blog.Get("/tags");
  BOOST_CHECK_EQUAL(r.Header("Content-Type"), "text/plain; charset=utf-8");
  for (const char* not_a_page :
       {"/nope", "/tag/nope", "/author/nobody", "/page/3", "/page/0",
        "/2023/09/28/nope", "/tags/x"}) {
    BOOST_TEST_CONTEXT(not_a_page) {
      Response nf = blog.Get(not_a_page);
      CHECK_STATUS(nf, 404);
      BOOST_CHECK(nf.Header("Location").empty());
    }
  }
}

// Regression: the "/tags" -> "/tags/" redirect was decided by routing a
// copy of the request, conditional headers included, and redirected only
// when that said 200; with If-None-Match/If-Modified-Since matching the
// target it said 304, and "/tags" became a 404.
BOOST_AUTO_TEST_CASE(slash_redirect_does_not_depend_on_conditional_headers) {
  FourPosts blog;
  Response tags = blog.Get("/tags/");
  BOOST_REQUIRE_EQUAL(tags.status, 200);
  CHECK_REDIRECT(
      blog.Get("/tags", kNow, {{"if-none-match", tags.Header("ETag")}}),
      "/tags/");
  CHECK_REDIRECT(blog.Get("/tags", kNow, {{"if-none-match", "*"}}), "/tags/");
  CHECK_REDIRECT(
      blog.Get("/tags", kNow,
               {{"if-modified-since", tags.Header("Last-Modified")}}),
      "/tags/");
}

BOOST_AUTO_TEST_CASE(malformed_paths_are_400_and_long_ones_414) {
  FourPosts blog;
  for (const char* bad :
       {"/%zz", "/%", "/%4", "/a%00b", "/a%0ab", "/../etc/passwd", "/a/./b",
        "/a/..", "/%2e%2e/etc/passwd", "/a/%2E/b", "", "nope", "?x=1",
        "/a\x01"
        "b"}) {
    BOOST_TEST_CONTEXT("'" << bad << "'") {
      Response r = blog.Get(bad);
      CHECK_STATUS(r, 400);
      BOOST_CHECK_EQUAL(r.Header("Content-Type"), "text/html; charset=utf-8");
      BOOST_CHECK(Contains(r.body, "Bad Request"));
    }
  }
  // Dots inside a segment are fine.
  CHECK_STATUS(blog.Get("/a.b/..c/"), 404);

  const size_t max = blog.config->settings.max_path_bytes;
  std::string at_limit = "/" + std::string(max - 1, 'x');
  CHECK_STATUS(blog.Get(at_limit), 404);
  Response too_long = blog.Get("/" + std::string(max, 'x'));
  CHECK_STATUS(too_long, 414);
  BOOST_CHECK_EQUAL(too_long.Header("Content-Type"),
                    "text/html; charset=utf-8");
  // The query does not count, and the check comes before decoding.
  CHECK_STATUS(blog.Get("/?" + std::string(max * 2, 'q')), 200);
  CHECK_STATUS(blog.Get("/" + std::string(max, '%')), 414);
}

BOOST_AUTO_TEST_CASE(no_target_gives_a_500) {
  FourPosts blog;
  // Blog::Get checks every response for 500 and for Set-Cookie.
  const std::vector<std::string> targets = {"/",
                                            "//",
                                            "///",
                                            "/page/",
                                            "/page//",
                                            "/tag/",
                                            "/tag//",
                                            "/author/",
                                            "/author//",
                                            "/tag//page/2/",
                                            "/author//page/2/",
                                            "/2023/09/28//",
                                            "////",
                                            "/%2F",
                                            "/%2f%2f",
                                            "/tag/%2F/",
                                            "/tag/a%2Fb/",
                                            "/author/%FF/",
                                            "/page/%FF/",
                                            "/page/%80/",
                                            "/%C3%A9/",
                                            "/tag/%C3%A9/",
                                            "/tag/alpha/page/1",
                                            "/page/1",
                                            "/?",
                                            "/#x",
                                            "/page/2/?",
                                            "/tags/?a",
                                            "/tag/alpha/page/2/x/",
                                            "/2023/09/28/b/x/",
                                            "/x/y/z/w/v/u/",
                                            "/..a/",
                                            "/.well-known/x"};
  for (const auto& t : targets) {
    for (const char* m : {"GET", "HEAD"}) {
      BOOST_TEST_CONTEXT(m << " " << t) {
        Response r = blog.Get(t, kNow, {}, m);
        BOOST_CHECK_LT(r.status, 500);
        BOOST_CHECK(!r.Header("Content-Type").empty());
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

// ------------------------------------------------------------------ validators

BOOST_AUTO_TEST_SUITE(validators)

BOOST_AUTO_TEST_CASE(if_none_match) {
  FourPosts blog;
  for (const std::string& target : std::vector<std::string>{
           "/", PostUrl(k0800Z, "a"), "/tag/alpha/", "/tags/"}) {
    BOOST_TEST_CONTEXT(target) {
      Response first = blog.Get(target);
      BOOST_REQUIRE_EQUAL(first.status, 200);
      const std::string etag = first.Header("ETag");
      BOOST_REQUIRE(etag.size() > 2 && etag.front() == '"' &&
                    etag.back() == '"');
      Response same = blog.Get(target, kNow, {{"if-none-match", etag}});
      CHECK_STATUS(same, 304);
      BOOST_CHECK(same.body.empty());
      BOOST_CHECK_EQUAL(same.Header("ETag"), etag);
      BOOST_CHECK_EQUAL(same.Header("Last-Modified"),
                        first.Header("Last-Modified"));
      BOOST_CHECK_EQUAL(same.Header("X-Accel-Expires"),
                        first.Header("X-Accel-Expires"));
      std::string wire = SerializeResponse(Request{"GET", target, {}}, same);
      BOOST_CHECK(Contains(wire, "Status: 304"));
      BOOST_CHECK(wire.size() >= 4 &&
                  wire.substr(wire.size() - 4) == "\r\n\r\n");

      Response other =
          blog.Get(target, kNow, {{"if-none-match", "\"0123456789abcdef\""}});
      CHECK_STATUS(other, 200);
      BOOST_CHECK_EQUAL(other.body, first.body);
      CHECK_STATUS(blog.Get(target, kNow, {{"if-none-match", "*"}}), 304);
      // A list that has it.
      CHECK_STATUS(
          blog.Get(target, kNow, {{"if-none-match", "\"x\", " + etag}}), 304);
      CHECK_STATUS(blog.Get(target, kNow, {{"if-none-match", "W/" + etag}}),
                   304);
    }
  }
}

// Regression: any '*' anywhere in If-None-Match was taken as the wildcard,
// so an entity tag that merely contained '*' matched every page.
BOOST_AUTO_TEST_CASE(star_inside_an_entity_tag_is_no_wildcard) {
  FourPosts blog;
  CHECK_STATUS(blog.Get("/", kNow, {{"if-none-match", "\"a*b\""}}), 200);
}

BOOST_AUTO_TEST_CASE(if_modified_since) {
  FourPosts blog;
  for (const std::string& target : std::vector<std::string>{
           "/", PostUrl(k0800Z, "a"), "/author/ana/", "/authors/"}) {
    BOOST_TEST_CONTEXT(target) {
      Response first = blog.Get(target);
      BOOST_REQUIRE_EQUAL(first.status, 200);
      const std::string lm = first.Header("Last-Modified");
      BOOST_REQUIRE(!lm.empty());
      const int64_t t = HttpDate(lm);
      Response equal = blog.Get(target, kNow, {{"if-modified-since", lm}});
      CHECK_STATUS(equal, 304);
      BOOST_CHECK(equal.body.empty());
      BOOST_CHECK_EQUAL(equal.Header("ETag"), first.Header("ETag"));
      CHECK_STATUS(blog.Get(target, kNow,
                            {{"if-modified-since", FormatHttpDate(t + 60)}}),
                   304);
      Response earlier = blog.Get(
          target, kNow, {{"if-modified-since", FormatHttpDate(t - 1)}});
      CHECK_STATUS(earlier, 200);
      BOOST_CHECK_EQUAL(earlier.body, first.body);
      CHECK_STATUS(blog.Get(target, kNow, {{"if-modified-since", "garbage"}}),
                   200);
      // If-None-Match wins over If-Modified-Since.
      CHECK_STATUS(blog.Get(target, kNow,
                            {{"if-none-match", "\"0123456789abcdef\""},
                             {"if-modified-since", lm}}),
                   200);
      CHECK_STATUS(blog.Get(target, kNow,
                            {{"if-none-match", first.Header("ETag")},
                             {"if-modified-since", FormatHttpDate(t - 100)}}),
                   304);
    }
  }
}

BOOST_AUTO_TEST_CASE(last_modified_is_when_the_content_was_written) {
  FourPosts blog;
  // Everything was written at kWrite (after the templates' mtime).
  BOOST_CHECK_EQUAL(HttpDate(blog.Get("/").Header("Last-Modified")), kWrite);
  BOOST_CHECK_EQUAL(
      HttpDate(blog.Get(PostUrl(k0800Z, "a")).Header("Last-Modified")), kWrite);
  Post a = blog.GetPost("a");
  a.body_html = "<p>New body.</p>\n";
  blog.Put({a}, kWrite + 500);
  BOOST_CHECK_EQUAL(
      HttpDate(blog.Get(PostUrl(k0800Z, "a")).Header("Last-Modified")),
      kWrite + 500);
  // The index's first page (d, c, b) shows nothing of a: unchanged.
  BOOST_CHECK_EQUAL(HttpDate(blog.Get("/").Header("Last-Modified")), kWrite);
}

BOOST_AUTO_TEST_CASE(etag_changes_when_and_only_when_the_content_changes) {
  FourPosts blog(10);
  const std::string b = PostUrl(k0800Z + kDay, "b"),
                    c = PostUrl(k0800Z + 2 * kDay, "c");
  const std::vector<std::string> targets = {
      "/",      b,          c, "/tag/alpha/", "/tag/gamma/", "/author/ana/",
      "/tags/", "/authors/"};
  std::map<std::string, Response> before;
  for (const auto& t : targets) {
    before[t] = blog.Get(t);
    BOOST_REQUIRE_EQUAL(before[t].status, 200);
    BOOST_CHECK_EQUAL(blog.Get(t).Header("ETag"), before[t].Header("ETag"));
    BOOST_CHECK_EQUAL(blog.Get(t, kNow + 5 * kDay).Header("ETag"),
                      before[t].Header("ETag"));
  }
  // Writing a post unchanged changes nothing.
  blog.Put({blog.GetPost("b")}, kWrite + 50);
  for (const auto& t : targets) {
    BOOST_CHECK_EQUAL(blog.Get(t).Header("ETag"), before[t].Header("ETag"));
    BOOST_CHECK_EQUAL(blog.Get(t).Header("Last-Modified"),
                      before[t].Header("Last-Modified"));
  }

  // New title for b (tags Alpha, Beta): shown on the index, b's own page,
  // c's page (b is its older neighbour), Alpha's page, ana's page.
  Post edited = blog.GetPost("b");
  edited.title = "A brand new title";
  blog.Put({edited}, kWrite + 100);
  std::map<std::string, bool> changes = {{"/", true},
                                         {b, true},
                                         {c, true},
                                         {"/tag/alpha/", true},
                                         {"/tag/gamma/", false},
                                         {"/author/ana/", true},
                                         {"/tags/", false},
                                         {"/authors/", false}};
  for (const auto& t : targets) {
    BOOST_TEST_CONTEXT(t) {
      Response now = blog.Get(t);
      BOOST_REQUIRE_EQUAL(now.status, 200);
      BOOST_CHECK_EQUAL(Contains(now.body, "A brand new title"), changes[t]);
      BOOST_CHECK_EQUAL(now.Header("ETag") != before[t].Header("ETag"),
                        changes[t]);
      BOOST_CHECK_EQUAL(now.body != before[t].body, changes[t]);
      // Last-Modified never goes backwards, and moves with the content.
      int64_t lm0 = HttpDate(before[t].Header("Last-Modified")),
              lm1 = HttpDate(now.Header("Last-Modified"));
      BOOST_CHECK_GE(lm1, lm0);
      if (changes[t]) {
        BOOST_CHECK_GT(lm1, lm0);
        // A client holding the old copy gets the new one either way.
        CHECK_STATUS(
            blog.Get(t, kNow, {{"if-none-match", before[t].Header("ETag")}}),
            200);
        CHECK_STATUS(blog.Get(t, kNow,
                              {{"if-modified-since",
                                before[t].Header("Last-Modified")}}),
                     200);
      } else {
        CHECK_STATUS(
            blog.Get(t, kNow, {{"if-none-match", before[t].Header("ETag")}}),
            304);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(unrelated_change_leaves_a_tag_page_alone) {
  FourPosts blog;
  Response gamma = blog.Get("/tag/gamma/");
  Response alpha = blog.Get("/tag/alpha/");
  BOOST_REQUIRE_EQUAL(gamma.status, 200);
  // c is on Beta only.
  Post c = blog.GetPost("c");
  c.title = "Changed c";
  c.body_html = "<p>Changed.</p>\n";
  blog.Put({c}, kWrite + 100);
  // A new post on Beta.
  blog.Put({MakePost("e", k0800Z - kDay, {"Beta"})}, kWrite + 200);
  Response gamma2 = blog.Get("/tag/gamma/");
  BOOST_CHECK_EQUAL(gamma2.Header("ETag"), gamma.Header("ETag"));
  BOOST_CHECK_EQUAL(gamma2.Header("Last-Modified"),
                    gamma.Header("Last-Modified"));
  CHECK_STATUS(
      blog.Get("/tag/gamma/", kNow, {{"if-none-match", gamma.Header("ETag")}}),
      304);
  BOOST_CHECK_EQUAL(blog.Get("/tag/alpha/").Header("ETag"),
                    alpha.Header("ETag"));
  // While Beta's page did change.
  BOOST_CHECK(Contains(blog.Get("/tag/beta/").body, "Changed c"));
}

BOOST_AUTO_TEST_CASE(listing_last_modified_follows_membership) {
  FourPosts blog(3);
  Response p2 = blog.Get("/page/2/");
  BOOST_REQUIRE_EQUAL(p2.status, 200);
  // A new newest post pushes c onto page 2.
  blog.Put({MakePost("e", k0800Z + 9 * kDay)}, kWrite + 300);
  Response p2b = blog.Get("/page/2/");
  BOOST_CHECK(Contains(p2b.body, "Title of b"));
  BOOST_CHECK(p2b.Header("ETag") != p2.Header("ETag"));
  BOOST_CHECK_EQUAL(HttpDate(p2b.Header("Last-Modified")), kWrite + 300);
  CHECK_STATUS(blog.Get("/page/2/", kNow,
                        {{"if-modified-since", p2.Header("Last-Modified")}}),
               200);
  // Removing it moves c back: later still.
  blog.Remove("e", kWrite + 400);
  Response p2c = blog.Get("/page/2/");
  BOOST_CHECK_EQUAL(p2c.body, p2.body);
  BOOST_CHECK_EQUAL(HttpDate(p2c.Header("Last-Modified")), kWrite + 400);
}

// Regression: a post page took Last-Modified from the post, its author and
// its neighbours only; when a neighbour was removed the page showed another
// one, yet Last-Modified could go back in time, and a client with
// If-Modified-Since (no If-None-Match) was told 304 for a changed page.
BOOST_AUTO_TEST_CASE(
    removing_a_neighbour_moves_the_post_pages_last_modified_forward) {
  FourPosts blog;
  const std::string b = PostUrl(k0800Z + kDay, "b");
  // c, b's newer neighbour, is edited late; then removed.
  Post c = blog.GetPost("c");
  c.title = "Edited c";
  blog.Put({c}, kWrite + 1000);
  Response before = blog.Get(b);
  BOOST_REQUIRE(Contains(before.body, "Edited c"));
  blog.Remove("c", kWrite + 2000);
  Response after = blog.Get(b);
  BOOST_REQUIRE_EQUAL(after.status, 200);
  BOOST_CHECK(!Contains(after.body, "Edited c"));
  BOOST_CHECK(Contains(
      after.body,
      "<a rel=\"next\" href=\"" + PostUrl(k0800Z + 3 * kDay, "d") + "\">"));
  BOOST_CHECK(after.Header("ETag") != before.Header("ETag"));
  BOOST_CHECK_GE(HttpDate(after.Header("Last-Modified")),
                 HttpDate(before.Header("Last-Modified")));
  CHECK_STATUS(
      blog.Get(b, kNow,
               {{"if-modified-since", before.Header("Last-Modified")}}),
      200);
}

// Regression: a tag's display name is its newest post's spelling, but
// re-spelling it there ("Alpha" -> "ALPHA", same slug, so no index key
// changed) left /tags/ and the tag's later pages with their old
// Last-Modified while their text changed; with If-Modified-Since alone they
// answered 304 with the old name.
BOOST_AUTO_TEST_CASE(
    respelling_a_tag_moves_last_modified_of_pages_that_show_it) {
  FourPosts blog(1);  // Alpha: b (newest), a
  Response tags = blog.Get("/tags/");
  Response alpha2 = blog.Get("/tag/alpha/page/2/");
  BOOST_REQUIRE_EQUAL(alpha2.status, 200);
  BOOST_REQUIRE(Contains(alpha2.body, "Posts on Alpha<"));
  Post b = blog.GetPost("b");
  b.tags = {"ALPHA", "Beta"};
  blog.Put({b}, kWrite + 700);
  Response tags2 = blog.Get("/tags/");
  Response alpha2b = blog.Get("/tag/alpha/page/2/");
  BOOST_CHECK(Contains(tags2.body, ">ALPHA <"));
  BOOST_CHECK(Contains(alpha2b.body, "Posts on ALPHA<"));
  CHECK_STATUS(blog.Get("/tags/", kNow,
                        {{"if-modified-since", tags.Header("Last-Modified")}}),
               200);
  CHECK_STATUS(
      blog.Get("/tag/alpha/page/2/", kNow,
               {{"if-modified-since", alpha2.Header("Last-Modified")}}),
      200);
}

BOOST_AUTO_TEST_CASE(head_has_the_headers_of_get_and_no_body) {
  FourPosts blog;
  for (const std::string& target :
       std::vector<std::string>{"/", PostUrl(k0800Z, "a"), "/tag/alpha/",
                                "/authors/", "/nope/", "/tags", "/%zz"}) {
    BOOST_TEST_CONTEXT(target) {
      Request get{"GET", target, {}};
      Request head{"HEAD", target, {}};
      Response g = blog.site->Handle(get, kNow);
      Response h = blog.site->Handle(head, kNow);
      BOOST_CHECK_EQUAL(h.status, g.status);
      BOOST_CHECK(h.headers == g.headers);
      for (const char* name :
           {"Content-Type", "ETag", "Last-Modified", "X-Accel-Expires"}) {
        BOOST_CHECK_EQUAL(h.Header(name), g.Header(name));
      }
      std::string wire = SerializeResponse(head, h);
      size_t blank = wire.find("\r\n\r\n");
      BOOST_REQUIRE(blank != std::string::npos);
      BOOST_CHECK_EQUAL(wire.size(),
                        blank + 4);  // nothing after the blank line
      BOOST_CHECK(Contains(
          wire.substr(0, blank + 2),
          "\r\nContent-Length: " + std::to_string(g.body.size()) + "\r\n"));
      BOOST_CHECK_GT(g.body.size(), 0u);
      std::string get_wire = SerializeResponse(get, g);
      BOOST_CHECK_EQUAL(get_wire.substr(get_wire.find("\r\n\r\n") + 4), g.body);
    }
  }
  BOOST_CHECK(!blog.Get("/").Header("ETag").empty());
}

BOOST_AUTO_TEST_CASE(query_string_is_ignored) {
  FourPosts blog;
  for (const std::string& path :
       std::vector<std::string>{"/", PostUrl(k0800Z, "a"), "/tag/beta/"}) {
    Response plain = blog.Get(path);
    for (const std::string& q : std::vector<std::string>{
             "?utm_source=x", "?", "?page=2&a=%zz", "?/../../etc"}) {
      BOOST_TEST_CONTEXT(path + q) {
        Response r = blog.Get(path + q);
        CHECK_STATUS(r, 200);
        BOOST_CHECK_EQUAL(r.Header("ETag"), plain.Header("ETag"));
        BOOST_CHECK(r.body == plain.body);
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

// ------------------------------------------------------------------ headers

BOOST_AUTO_TEST_SUITE(headers)

BOOST_AUTO_TEST_CASE(html_is_utf8_and_nothing_sets_a_cookie) {
  FourPosts blog;
  const std::string a = PostUrl(k0800Z, "a");
  const std::vector<std::pair<std::string, int>> cases = {{"/", 200},
                                                          {"/page/2/", 200},
                                                          {a, 200},
                                                          {"/tag/alpha/", 200},
                                                          {"/tags/", 200},
                                                          {"/authors/", 200},
                                                          {"/author/ana/", 200},
                                                          {"/nope/", 404},
                                                          {"/%zz", 400},
                                                          {"/page/9/", 404}};
  for (const auto& [target, status] : cases) {
    BOOST_TEST_CONTEXT(target) {
      Response r = blog.Get(target);  // checks for Set-Cookie
      CHECK_STATUS(r, status);
      BOOST_CHECK_EQUAL(r.Header("Content-Type"), "text/html; charset=utf-8");
      BOOST_CHECK(Contains(r.body, "<meta charset=\"utf-8\">"));
      for (const auto& [name, value] : r.headers) {
        BOOST_CHECK_MESSAGE(name != "Set-Cookie" && name != "set-cookie", name);
      }
    }
  }
  Response not_modified = blog.Get("/", kNow, {{"if-none-match", "*"}});
  CHECK_STATUS(not_modified, 304);
  BOOST_CHECK(not_modified.Header("Set-Cookie").empty());
}

BOOST_AUTO_TEST_CASE(every_page_has_x_accel_expires) {
  FourPosts blog;
  for (const std::string& target : std::vector<std::string>{
           "/", "/page/2/", PostUrl(k0800Z, "a"), "/tag/alpha/", "/tags/",
           "/authors/", "/author/ana/"}) {
    BOOST_TEST_CONTEXT(target) {
      Response r = blog.Get(target);
      CHECK_STATUS(r, 200);
      BOOST_CHECK_EQUAL(CachedUntil(r, kNow), kNow);  // cache_seconds = 1
      BOOST_CHECK_EQUAL(CachedUntil(blog.Get(target, kNow + 77), kNow + 77),
                        kNow + 77);
      BOOST_CHECK_EQUAL(r.Header("Cache-Control"), "public, no-cache");
    }
  }
}

BOOST_AUTO_TEST_CASE(x_accel_expires_stops_at_the_next_scheduled_post) {
  Blog blog(3, [](Settings* s) { s->cache_seconds = 3600; });
  blog.PutAuthor(MakeAuthor("ana", "Ana Lima"));
  blog.Put({MakePost("old", k0800Z, {"Alpha"}),
            MakePost("older", k0800Z - kDay, {"Beta"})});
  const int64_t due = kNow + 30;
  blog.Put({MakePost("soon", due, {"Alpha"}),
            MakePost("later", due + 3 * kDay, {"Alpha"})});
  const std::string newest = PostUrl(k0800Z, "old"),
                    older = PostUrl(k0800Z - kDay, "older");
  for (const std::string& target : std::vector<std::string>{
           "/", "/tag/alpha/", "/author/ana/", "/tags/", "/authors/", newest}) {
    BOOST_TEST_CONTEXT(target) {
      for (int64_t now : {kNow, due - 10, due - 1}) {
        Response r = blog.Get(target, now);
        CHECK_STATUS(r, 200);
        // Cached for 0..30 s: never past the second before `due`.
        int64_t until = CachedUntil(r, now);
        BOOST_CHECK_GE(until - now, 0);
        BOOST_CHECK_LE(until - now, 30);
        BOOST_CHECK_EQUAL(until, due - 1);
      }
      // Once it is out, the next one (3 days on) is far: cache_seconds.
      Response after = blog.Get(target, due);
      CHECK_STATUS(after, 200);
      BOOST_CHECK_EQUAL(CachedUntil(after, due), due + 3599);
    }
  }
  // Pages that no scheduled post changes keep the full time.
  BOOST_CHECK_EQUAL(CachedUntil(blog.Get("/tag/beta/"), kNow), kNow + 3599);
  BOOST_CHECK_EQUAL(CachedUntil(blog.Get(older), kNow), kNow + 3599);
}

// An expiring post (Post::expires) is on every page that shows it until its
// second, each of those pages is cached (by nginx, and by the render cache)
// at most until the second before, and from then on it is nowhere: no
// import, no write in between.
BOOST_AUTO_TEST_CASE(expiring_posts_leave_every_page_at_their_time) {
  Blog blog(3, [](Settings* s) { s->cache_seconds = 3600; });
  blog.PutAuthor(MakeAuthor("ana", "Ana Lima"));
  blog.PutAuthor(MakeAuthor("bo", "Bo Berg"));
  const int64_t gone = kNow + 30;
  Post brief = MakePost("brief", k0800Z + kDay, {"Alpha", "Solo"}, "bo");
  brief.title = "Brief news";
  brief.expires = gone;
  blog.Put({MakePost("old", k0800Z, {"Alpha"}), brief,
            MakePost("new", k0800Z + 2 * kDay, {"Alpha"})});
  const std::string url = PostUrl(k0800Z + kDay, "brief"),
                    old_url = PostUrl(k0800Z, "old"),
                    new_url = PostUrl(k0800Z + 2 * kDay, "new");
  const std::vector<std::string> listing = {"/",
                                            "/tag/alpha/",
                                            "/tag/solo/",
                                            "/author/bo/",
                                            "/feed.xml",
                                            "/feed.json",
                                            old_url,
                                            new_url,
                                            "/sitemap.xml",
                                            "/tag/alpha/feed.xml"};
  for (int64_t now : {kNow, gone - 1}) {
    for (const std::string& target : listing) {
      BOOST_TEST_CONTEXT(target << " at " << now - kNow) {
        Response r = blog.Get(target, now);
        CHECK_STATUS(r, 200);
        BOOST_CHECK(Contains(r.body, url));
        BOOST_CHECK_EQUAL(CachedUntil(r, now), gone - 1);
      }
    }
    Response page = blog.Get(url, now);
    CHECK_STATUS(page, 200);
    BOOST_CHECK_EQUAL(CachedUntil(page, now), gone - 1);
    BOOST_CHECK(Contains(blog.Get("/tags/", now).body, "/tag/solo/"));
    BOOST_CHECK(Contains(blog.Get("/authors/", now).body, "/author/bo/"));
    BOOST_CHECK_EQUAL(CachedUntil(blog.Get("/tags/", now), now), gone - 1);
  }
  for (int64_t now : {gone, gone + 1, gone + 5000}) {
    BOOST_TEST_CONTEXT("at " << now - kNow) {
      CHECK_STATUS(blog.Get(url, now), 404);
      CHECK_STATUS(blog.Get("/tag/solo/", now), 404);
      CHECK_STATUS(blog.Get("/author/bo/", now), 404);
      for (const std::string& target :
           {std::string("/"), std::string("/tag/alpha/"),
            std::string("/feed.xml"), std::string("/feed.json"),
            std::string("/sitemap.xml"), std::string("/tag/alpha/feed.xml"),
            std::string("/tags/"), std::string("/authors/"), old_url,
            new_url}) {
        Response r = blog.Get(target, now);
        CHECK_STATUS(r, 200);
        BOOST_CHECK_MESSAGE(!Contains(r.body, url), target);
        BOOST_CHECK_MESSAGE(!Contains(r.body, "Brief news"), target);
        BOOST_CHECK_MESSAGE(!Contains(r.body, "/tag/solo/"), target);
        BOOST_CHECK_MESSAGE(!Contains(r.body, "/author/bo/"), target);
        // Nothing else changes by itself: the full time.
        BOOST_CHECK_EQUAL(CachedUntil(r, now), now + 3599);
      }
      // The neighbours close up over it.
      BOOST_CHECK(Contains(blog.Get(old_url, now).body, new_url));
      BOOST_CHECK(Contains(blog.Get(new_url, now).body, old_url));
    }
  }
  // Its secret preview still shows it, marked as expired.
  std::string key;
  BOOST_REQUIRE(NewPreviewKey(&key).ok());
  {
    StoreWriter w(blog.store.get(), kWrite);
    w.PutMeta(kPreviewKeyName, key);
    BOOST_REQUIRE(w.Commit(false).ok());
  }
  Response preview =
      blog.Get(PreviewPath(key, "brief", gone + 3600), gone + 10);
  CHECK_STATUS(preview, 200);
  BOOST_CHECK(Contains(preview.body, "Brief news"));
  BOOST_CHECK(Contains(preview.body, "Expired: no longer public"));
  // A writer's preview (serve --watch) lists it, as it lists scheduled
  // posts, and its page says it has expired.
  Site watch(blog.store.get(), blog.config, /*writer_preview=*/true);
  Request request;
  request.method = "GET";
  request.target = "/";
  BOOST_CHECK(Contains(watch.Handle(request, gone + 10).body, url));
  request.target = url;
  Response watched = watch.Handle(request, gone + 10);
  CHECK_STATUS(watched, 200);
  BOOST_CHECK(Contains(watched.body, "Expired: no longer public"));
}

BOOST_AUTO_TEST_SUITE_END()

// ------------------------------------------------------------------ escaping

BOOST_AUTO_TEST_SUITE(escaping)

BOOST_AUTO_TEST_CASE(titles_are_escaped_and_bodies_are_raw) {
  Blog blog(3);
  Author odd = MakeAuthor("ana", "Ana <i>Lima</i>");
  blog.PutAuthor(odd);
  Post p = MakePost("fish", k0800Z, {"Q&A"});
  p.title = "Fish <b>&\"chips\"";
  p.body_html = "<p>Raw <em>body</em> &amp; <script>ok()</script></p>\n";
  p.excerpt_html = "<p>Raw <strong>excerpt</strong></p>\n";
  blog.Put({p});
  const std::string escaped = "Fish &lt;b&gt;&amp;&quot;chips&quot;";
  const std::string url = PostUrl(k0800Z, "fish");

  Response index = blog.Get("/");
  BOOST_REQUIRE_EQUAL(index.status, 200);
  BOOST_CHECK(
      Contains(index.body, "<a href=\"" + url + "\">" + escaped + "</a>"));
  BOOST_CHECK(!Contains(index.body, "<b>&"));
  BOOST_CHECK(Contains(index.body, "<p>Raw <strong>excerpt</strong></p>"));
  BOOST_CHECK(Contains(index.body, "Ana &lt;i&gt;Lima&lt;/i&gt;"));
  BOOST_CHECK(Contains(index.body, ">Q&amp;A</a>"));

  Response post = blog.Get(url);
  BOOST_REQUIRE_EQUAL(post.status, 200);
  BOOST_CHECK(
      Contains(post.body, "<h1 class=\"post-title\">" + escaped + "</h1>"));
  BOOST_CHECK(
      Contains(post.body, "<title>" + escaped + " – Test Blog</title>"));
  BOOST_CHECK(!Contains(post.body, "<b>&"));
  BOOST_CHECK(Contains(post.body,
                       "<p>Raw <em>body</em> &amp; <script>ok()</script></p>"));
  BOOST_CHECK(!Contains(post.body, "Ana <i>"));
}

BOOST_AUTO_TEST_SUITE_END()

// ------------------------------------------------------------- hardening

BOOST_AUTO_TEST_SUITE(hardening)

// Regression: a tag whose URL was longer than max_path_bytes was listed on
// /tags/, in the sitemap and by `urls`, and answered 414. Slugs are now
// capped (slug.h kMaxSlugBytes), so every listed URL can be fetched.
BOOST_AUTO_TEST_CASE(long_tags_are_listed_and_answer) {
  Blog blog(3, [](Settings* s) { s->max_path_bytes = 1024; });
  blog.PutAuthor(MakeAuthor("ana", "Ana Lima"));
  std::string huge;
  for (int i = 0; i < 1500; ++i) huge += "\xc3\xa9";  // "é" x 1500
  blog.Put({MakePost("p", k0800Z, {huge, std::string(5000, 'k')})});
  std::vector<std::string> paths;
  BOOST_REQUIRE(blog.site->AllPaths(kNow, &paths).ok());
  size_t tags = 0;
  for (const auto& p : paths) {
    if (p.rfind("/tag/", 0) != 0) continue;
    ++tags;
    std::string encoded = PercentEncodePath(p);
    BOOST_TEST_CONTEXT(encoded.substr(0, 40)) {
      BOOST_CHECK_LE(encoded.size(), 1024u);
      Response r = blog.Get(encoded);
      CHECK_STATUS(r, 200);
    }
  }
  BOOST_CHECK_EQUAL(tags, 2u);
  Response tags_page = blog.Get("/tags/");
  BOOST_CHECK_EQUAL(Count(tags_page.body, "<a href=\"/tag/"), 2u);
}

// Regression: sitemap <loc> (and feed links) held raw non-ASCII bytes;
// URLs there must be percent-encoded (RFC 3986).
BOOST_AUTO_TEST_CASE(sitemap_and_feed_urls_are_percent_encoded) {
  Blog blog;
  blog.PutAuthor(MakeAuthor("ana", "Ana Lima"));
  blog.Put(
      {MakePost("caf\xc3\xa9", k0800Z, {"Cr\xc3\xa8me Br\xc3\xbbl\xc3\xa9"})});
  Response sitemap = blog.Get("/sitemap.xml");
  BOOST_REQUIRE_EQUAL(sitemap.status, 200);
  BOOST_CHECK(Contains(sitemap.body, "/tag/cr%C3%A8me-br%C3%BBl%C3%A9/</loc>"));
  BOOST_CHECK(Contains(sitemap.body, "/caf%C3%A9/</loc>"));
  Response feed = blog.Get("/feed.xml");
  BOOST_REQUIRE_EQUAL(feed.status, 200);
  BOOST_CHECK(Contains(feed.body, "/caf%C3%A9/"));
  for (const std::string* body : {&sitemap.body, &feed.body}) {
    size_t loc = 0;
    while ((loc = body->find("<loc>", loc)) != std::string::npos) {
      size_t end = body->find("</loc>", loc);
      std::string url = body->substr(loc + 5, end - loc - 5);
      for (unsigned char c : url) BOOST_CHECK_LT(c, 0x80);
      loc = end;
    }
  }
  BOOST_CHECK_EQUAL(PercentEncodePath("/a b/\"<%>/\xff/x-y_z~.!$&'()*+,;=:@/"),
                    "/a%20b/%22%3C%25%3E/%FF/x-y_z~.!$&'()*+,;=:@/");
}

// Regression: errors while serving went to stderr even with log_file set;
// they go to the process's Log now.
BOOST_AUTO_TEST_CASE(request_errors_go_to_the_log) {
  TempDir tmp;
  const std::string log_path = tmp / "levelpress.log";
  std::unique_ptr<leveldb::Env> env(
      leveldb::NewMemEnv(leveldb::Env::Default()));
  {
    // A store whose one listing entry does not decode: "/" is a 500.
    leveldb::Options o;
    o.env = env.get();
    o.create_if_missing = true;
    leveldb::DB* db = nullptr;
    BOOST_REQUIRE(leveldb::DB::Open(o, "/mem/store", &db).ok());
    BOOST_REQUIRE(db->Put(leveldb::WriteOptions(),
                          "l:all:" + InvertedDate(k0800Z) + "x", "")
                      .ok());
    BOOST_REQUIRE(db->Put(leveldb::WriteOptions(), "e:x", "not an entry").ok());
    delete db;
  }
  {
    Log log;
    BOOST_REQUIRE(log.Open(log_path));
    OpenOptions o;
    o.env = env.get();
    std::unique_ptr<Store> store;
    BOOST_REQUIRE(Store::Open("/mem/store", o, &store).ok());
    Settings settings;
    settings.templates_dir = SOURCE_DIR "/templates";
    std::shared_ptr<const SiteConfig> config;
    BOOST_REQUIRE(LoadSiteConfig(settings, &config).ok());
    Site site(store.get(), config);
    Request r;
    r.method = "GET";
    r.target = "/";
    BOOST_CHECK_EQUAL(site.Handle(r, kNow).status, 500);
  }
  std::string logged = levelpress::testing::ReadFile(log_path);
  BOOST_CHECK_MESSAGE(Contains(logged, " error GET /: "), logged);
}

// The stored parameters of a pattern are read without throwing: a route
// without the placeholder a page expects answers 404, never 500.
BOOST_AUTO_TEST_CASE(pages_never_throw_on_missing_parameters) {
  Blog blog(3, [](Settings* s) { s->tag_url = "/topic/:name/"; });
  CHECK_STATUS(blog.Get("/topic/alpha/"), 404);
}

// Regression: the render cache knew a configuration by its address, and a
// SIGHUP reload can allocate the new one where the freed old one was: the
// old configuration's pages were then served as the new one's.
BOOST_AUTO_TEST_CASE(reload_never_serves_the_old_configuration) {
  Blog blog;
  blog.PutAuthor(MakeAuthor("ana", "Ana Lima"));
  blog.Put({MakePost("a", k0800Z)});
  auto load = [&](const std::string& title, size_t cache_bytes) {
    Settings s = blog.settings;
    s.title = title;
    s.render_cache_bytes = cache_bytes;
    std::shared_ptr<const SiteConfig> config;
    Status st = LoadSiteConfig(s, &config);
    BOOST_REQUIRE_MESSAGE(st.ok(), st.ToString());
    return config;
  };
  std::set<uint64_t> ids;
  bool address_reused = false;
  const void* old_address = nullptr;
  for (int round = 0; round < 20; ++round) {
    std::string title = "Title " + std::to_string(round);
    std::shared_ptr<const SiteConfig> next = load(title, 1 << 20);
    address_reused |= next.get() == old_address;
    old_address = next.get();
    BOOST_CHECK(ids.insert(next->id).second);  // never the same id twice
    blog.site->Reload(std::move(next));        // frees the previous one
    blog.config.reset();
    Response r = blog.Get("/");
    BOOST_CHECK_MESSAGE(Contains(r.body, title), "round " << round);
    BOOST_CHECK(Contains(blog.Get("/").body, title));  // from the cache
  }
  BOOST_TEST_MESSAGE("an address was reused: " << address_reused);
}

// Regression: render_cache_bytes was read once at start; a reload now
// applies it.
BOOST_AUTO_TEST_CASE(reload_applies_render_cache_bytes) {
  Blog blog;
  BOOST_CHECK_EQUAL(blog.site->render_cache_max_bytes(),
                    blog.settings.render_cache_bytes);
  Settings s = blog.settings;
  s.render_cache_bytes = 12345;
  std::shared_ptr<const SiteConfig> config;
  BOOST_REQUIRE(LoadSiteConfig(s, &config).ok());
  blog.site->Reload(config);
  BOOST_CHECK_EQUAL(blog.site->render_cache_max_bytes(), 12345u);
}

BOOST_AUTO_TEST_SUITE_END()
