// Feeds (Atom and JSON Feed of the blog, each tag and each author), the
// absolute URLs inside them, content dates (store schema 4: feeds and
// sitemaps the same in any store that imported the same content), and the
// sitemap index of a large blog. Atom feeds are checked against RFC 4287's
// RELAX NG schema (tests/schemas/atom.rnc) with the real jing.
#define BOOST_TEST_MODULE feeds
#define BOOST_TEST_DYN_LINK
#include <leveldb/db.h>
#include <leveldb/helpers/memenv.h>
#include <leveldb/write_batch.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absolute_urls.h"
#include "codec.h"
#include "dates.h"
#include "importer.h"
#include "pages.h"
#include "records.h"
#include "request.h"
#include "settings.h"
#include "site.h"
#include "store.h"
#include "test_util.h"
#include "urls.h"

using namespace levelpress;
using levelpress::testing::Contains;
using levelpress::testing::ReadFile;
using levelpress::testing::TempDir;
using levelpress::testing::WriteFile;

namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t k0800Z = 1695801600;  // 2023-09-27T08:00:00Z
constexpr int64_t kWrite = 2100000000;  // after the templates' mtime
constexpr int64_t kNow = kWrite + kDay;
const std::string kRoot = "https://blog.example";
const std::string kSchema = SOURCE_DIR "/tests/schemas/atom.rnc";

Post MakePost(const std::string& slug, int64_t date,
              std::vector<std::string> tags = {},
              std::vector<std::string> authors = {"ana"}) {
  Post p;
  p.slug = slug;
  p.source_path = "posts/" + slug + ".md";
  p.title = "Title of " + slug;
  p.date = date;
  p.author_ids = std::move(authors);
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
  a.source_path = "authors/" + id + ".md";
  return a;
}

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

// A blog on an in-memory store.
struct Blog {
  std::unique_ptr<leveldb::Env> env{
      leveldb::NewMemEnv(leveldb::Env::Default())};
  std::unique_ptr<Store> store;
  Settings settings;
  std::shared_ptr<const SiteConfig> config;
  std::unique_ptr<Site> site;

  explicit Blog(const std::function<void(Settings*)>& tweak = nullptr) {
    BOOST_REQUIRE(SetTimeZone("UTC").ok());
    OpenOptions o;
    o.env = env.get();
    BOOST_REQUIRE(Store::Open("/mem/store", o, &store).ok());
    settings.templates_dir = SOURCE_DIR "/templates";
    settings.time_zone = "UTC";
    settings.page_size = 3;
    settings.title = "Test Blog";
    settings.base_url = kRoot;
    if (tweak) tweak(&settings);
    Status s = LoadSiteConfig(settings, &config);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
    site = std::make_unique<Site>(store.get(), config);
  }
  void Put(std::vector<Post> posts, int64_t at = kWrite) {
    StoreWriter w(store.get(), at);
    for (auto& p : posts) {
      Status s = w.PutPost(std::move(p));
      BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
    }
    BOOST_REQUIRE(w.Commit(false).ok());
  }
  void PutAuthor(Author a, int64_t at = kWrite) {
    StoreWriter w(store.get(), at);
    BOOST_REQUIRE(w.PutAuthor(std::move(a)).ok());
    BOOST_REQUIRE(w.Commit(false).ok());
  }
  void Remove(const std::string& slug, int64_t at) {
    StoreWriter w(store.get(), at);
    BOOST_REQUIRE(w.RemovePost(slug).ok());
    BOOST_REQUIRE(w.Commit(false).ok());
  }
  Post GetPost(const std::string& slug) {
    Post p;
    BOOST_REQUIRE(store->View().GetPost(slug, &p).ok());
    return p;
  }
  Response Get(const std::string& target, int64_t now = kNow,
               std::map<std::string, std::string> headers = {}) const {
    Request r;
    r.method = "GET";
    r.target = target;
    r.headers = std::move(headers);
    Response resp = site->Handle(r, now);
    BOOST_CHECK_MESSAGE(resp.status != 500, target + " gave 500");
    return resp;
  }
};

// Three posts: a [Alpha] by ana, b [Alpha, Beta] by ana and bo, c [Beta]
// by bo, a day apart; and a scheduled one, s [Alpha].
struct ThreePosts : Blog {
  explicit ThreePosts(const std::function<void(Settings*)>& tweak = nullptr)
      : Blog(tweak) {
    PutAuthor(MakeAuthor("ana", "Ana Lima"));
    PutAuthor(MakeAuthor("bo", "Bo Berg"));
    Put({MakePost("a", k0800Z, {"Alpha"}),
         MakePost("b", k0800Z + kDay, {"Alpha", "Beta"}, {"ana", "bo"}),
         MakePost("c", k0800Z + 2 * kDay, {"Beta"}, {"bo"}),
         MakePost("s", kNow + 10 * kDay, {"Alpha"})});
  }
};

// Runs jing on the files; "" if they all validate, else what jing said.
std::string Jing(const std::vector<std::string>& files) {
  std::string cmd = "jing -c '" + kSchema + "'";
  for (const auto& f : files) cmd += " '" + f + "'";
  TempDir tmp("levelpress-jing");
  cmd += " >'" + tmp / "out" + "' 2>/dev/null";
  int rc = std::system(cmd.c_str());
  if (rc == 0) return "";
  std::string out = ReadFile(tmp / "out");
  return out.empty() ? "jing exit " + std::to_string(rc) : out;
}

}  // namespace

// ------------------------------------------------------------- the feeds

BOOST_AUTO_TEST_SUITE(feeds)

BOOST_AUTO_TEST_CASE(each_kind_of_atom_feed_validates_against_rfc_4287) {
  ThreePosts blog([](Settings* s) { s->language = "de-AT"; });
  TempDir tmp("levelpress-feeds");
  std::vector<std::string> files;
  for (const char* path :
       {"/feed.xml", "/tag/alpha/feed.xml", "/author/bo/feed.xml"}) {
    Response r = blog.Get(path);
    BOOST_REQUIRE_MESSAGE(r.status == 200, path);
    BOOST_CHECK_EQUAL(r.Header("Content-Type"),
                      "application/atom+xml; charset=utf-8");
    std::string file = tmp / ("feed" + std::to_string(files.size()) + ".xml");
    WriteFile(file, r.body);
    files.push_back(file);
  }
  // The language of the feed is the site's.
  BOOST_CHECK(Contains(ReadFile(files[0]), "xml:lang=\"de-AT\""));
  BOOST_CHECK(Contains(blog.Get("/feed.json").body, "\"language\":\"de-AT\""));
  std::string problems = Jing(files);
  BOOST_CHECK_MESSAGE(problems.empty(), problems);
  // The check can fail: a feed without its <id> does not validate.
  std::string broken = ReadFile(files[0]);
  size_t id = broken.find("<id>");
  broken.erase(id, broken.find("</id>", id) + 5 - id);
  WriteFile(tmp / "broken.xml", broken);
  BOOST_CHECK(!Jing({tmp / "broken.xml"}).empty());
}

BOOST_AUTO_TEST_CASE(tag_and_author_feeds_hold_their_posts_only) {
  ThreePosts blog;
  std::string all = blog.Get("/feed.xml").body;
  std::string alpha = blog.Get("/tag/alpha/feed.xml").body;
  std::string bo = blog.Get("/author/bo/feed.xml").body;
  BOOST_CHECK_EQUAL(Count(all, "<entry>"), 3u);  // not the scheduled one
  BOOST_CHECK_EQUAL(Count(alpha, "<entry>"), 2u);
  BOOST_CHECK(Contains(alpha, "/2023/09/27/a/") &&
              Contains(alpha, "/2023/09/28/b/") &&
              !Contains(alpha, "/2023/09/29/c/"));
  BOOST_CHECK_EQUAL(Count(bo, "<entry>"), 2u);
  BOOST_CHECK(!Contains(bo, "/2023/09/27/a/"));
  // Titles, self links and ids are the listing's.
  BOOST_CHECK(Contains(alpha, "<title>Alpha – Test Blog</title>"));
  BOOST_CHECK(Contains(alpha,
                       "<link rel=\"self\" type=\"application/atom+xml\" "
                       "href=\"" +
                           kRoot + "/tag/alpha/feed.xml\"/>"));
  BOOST_CHECK(Contains(alpha, "<id>" + kRoot + "/tag/alpha/</id>"));
  BOOST_CHECK(Contains(bo, "<title>Bo Berg – Test Blog</title>"));
  BOOST_CHECK(Contains(bo, "<author><name>Bo Berg</name><uri>" + kRoot +
                               "/author/bo/</uri></author>"));
  // Every author of a co-written post, each with a link; tags as categories.
  BOOST_CHECK(Contains(all, "<author><name>Ana Lima</name><uri>" + kRoot +
                                "/author/ana/</uri></author>\n<author><name>"
                                "Bo Berg</name>"));
  BOOST_CHECK(Contains(all, "<category term=\"beta\" scheme=\"" + kRoot +
                                "/tags/\" label=\"Beta\"/>"));
  BOOST_CHECK(Contains(all, "xml:lang=\"en\""));
  // No such tag or author, or only scheduled posts: 404, as their pages.
  BOOST_CHECK_EQUAL(blog.Get("/tag/nothing/feed.xml").status, 404);
  BOOST_CHECK_EQUAL(blog.Get("/author/nobody/feed.json").status, 404);
  blog.Put({MakePost("later", kNow + kDay, {"Future"})});
  BOOST_CHECK_EQUAL(blog.Get("/tag/future/feed.xml").status, 404);
  BOOST_CHECK_EQUAL(blog.Get("/tag/future/feed.xml", kNow + kDay).status, 200);
}

BOOST_AUTO_TEST_CASE(full_content_by_default_excerpt_on_request) {
  ThreePosts full;
  std::string body = full.Get("/feed.xml").body;
  BOOST_CHECK_EQUAL(Count(body, "<content type=\"html\">"), 3u);
  BOOST_CHECK(Contains(body, "&lt;p&gt;Body of a.&lt;/p&gt;"));
  BOOST_CHECK(Contains(body, "<summary type=\"html\">&lt;p&gt;Excerpt of a."));
  std::string json = full.Get("/feed.json").body;
  BOOST_CHECK(Contains(json, "\"content_html\":\"<p>Body of a.</p>\\n\""));

  ThreePosts excerpt(
      [](Settings* s) { s->feed_content = FeedContent::kExcerpt; });
  body = excerpt.Get("/feed.xml").body;
  BOOST_CHECK_EQUAL(Count(body, "<content"), 0u);
  BOOST_CHECK(!Contains(body, "Body of a."));
  BOOST_CHECK(Contains(body, "Excerpt of a."));
  json = excerpt.Get("/author/ana/feed.json").body;
  BOOST_CHECK(Contains(json, "\"content_html\":\"<p>Excerpt of a.</p>\\n\""));
  BOOST_CHECK(!Contains(json, "Body of a."));
}

BOOST_AUTO_TEST_CASE(urls_inside_feed_content_are_absolute) {
  Blog blog;
  blog.PutAuthor(MakeAuthor("ana", "Ana Lima"));
  Post p = MakePost("pics", k0800Z);
  p.body_html =
      "<p><img src=\"/media/posts/x.png\" srcset=\"/media/posts/x-480.png "
      "480w, /media/posts/x.png 960w\" alt=\"\"> <a href=\"other/\">o</a> "
      "<a href=\"#fn1\">1</a> <a href=\"https://elsewhere.example/\">e</a> "
      "<video poster=\"/media/p.jpg\" src=\"v.mp4\"></video></p>\n";
  p.excerpt_html = "<p><a href=\"/about/\">About</a></p>\n";
  blog.Put({p});
  std::string atom = blog.Get("/feed.xml").body;
  const std::string post = kRoot + "/2023/09/27/pics/";
  for (const std::string& want : std::vector<std::string>{
           "src=&quot;" + kRoot + "/media/posts/x.png&quot;",
           "srcset=&quot;" + kRoot + "/media/posts/x-480.png 480w, " + kRoot +
               "/media/posts/x.png 960w&quot;",
           "href=&quot;" + post + "other/&quot;",
           "href=&quot;" + post + "#fn1&quot;",
           "href=&quot;https://elsewhere.example/&quot;",
           "poster=&quot;" + kRoot + "/media/p.jpg&quot;",
           "src=&quot;" + post + "v.mp4&quot;",
           "href=&quot;" + kRoot + "/about/&quot;"}) {
    BOOST_CHECK_MESSAGE(Contains(atom, want), "no " << want << " in\n" << atom);
  }
  std::string json = blog.Get("/feed.json").body;
  BOOST_CHECK(Contains(json, "src=\\\"" + kRoot + "/media/posts/x.png\\\""));
  BOOST_CHECK(!Contains(json, "\\\"/media/"));
}

BOOST_AUTO_TEST_CASE(json_feed_has_the_required_fields_and_escapes) {
  ThreePosts blog;
  Post hostile = MakePost("hostile", k0800Z + 5 * kDay, {"Quote\"Tag"});
  hostile.title = std::string("A \"quoted\" \\ title\x01 with \xff bytes");
  blog.Put({hostile});
  Response r = blog.Get("/feed.json");
  BOOST_REQUIRE_EQUAL(r.status, 200);
  BOOST_CHECK_EQUAL(r.Header("Content-Type"),
                    "application/feed+json; charset=utf-8");
  for (
      const std::string& want : std::vector<std::string>{
          std::string("{\"version\":\"https://jsonfeed.org/version/1.1\""),
          "\"title\":\"Test Blog\"", "\"feed_url\":\"" + kRoot + "/feed.json\"",
          "\"home_page_url\":\"" + kRoot + "/\"", "\"language\":\"en\"",
          "\"id\":\"" + kRoot + "/2023/09/27/a/\"",
          "\"date_published\":\"2023-09-27T08:00:00",
          "\"title\":\"A \\\"quoted\\\" \\\\ title\\u0001 with \\ufffd bytes\"",
          "\"tags\":[\"Quote\\\"Tag\"]",
          "\"authors\":[{\"name\":\"Ana Lima\",\"url\":\"" + kRoot +
              "/author/ana/\"},{\"name\":\"Bo Berg\""}) {
    BOOST_CHECK_MESSAGE(Contains(r.body, want), "no " << want << " in\n"
                                                      << r.body);
  }
  BOOST_CHECK_EQUAL(Count(r.body, "\"content_html\""), 4u);
}

BOOST_AUTO_TEST_CASE(feeds_answer_conditional_gets_and_never_hide_a_change) {
  ThreePosts blog;
  for (const char* path : {"/feed.xml", "/tag/beta/feed.json",
                           "/author/ana/feed.xml", "/sitemap.xml"}) {
    Response first = blog.Get(path);
    BOOST_REQUIRE_EQUAL(first.status, 200);
    std::string etag = first.Header("ETag");
    std::string lm = first.Header("Last-Modified");
    BOOST_CHECK(!etag.empty() && !lm.empty());
    BOOST_CHECK_EQUAL(blog.Get(path, kNow, {{"if-none-match", etag}}).status,
                      304);
    BOOST_CHECK_EQUAL(blog.Get(path, kNow, {{"if-modified-since", lm}}).status,
                      304);
  }
  // Deleting a post changes the feeds and sitemap without changing any
  // remaining post's date: neither validator may say "not modified".
  Response feed = blog.Get("/tag/beta/feed.json");
  Response sitemap = blog.Get("/sitemap.xml");
  blog.Remove("c", kWrite + 100);
  for (const auto& [path, before] :
       std::vector<std::pair<std::string, Response>>{
           {"/tag/beta/feed.json", feed}, {"/sitemap.xml", sitemap}}) {
    Response r = blog.Get(
        path, kNow, {{"if-modified-since", before.Header("Last-Modified")}});
    BOOST_CHECK_MESSAGE(r.status == 200, path << ": " << r.status);
    BOOST_CHECK(r.body != before.body);
    BOOST_CHECK_EQUAL(
        blog.Get(path, kNow, {{"if-none-match", before.Header("ETag")}}).status,
        200);
  }
  // A back-dated post added later: the same.
  Response all = blog.Get("/feed.xml");
  blog.Put({MakePost("old", k0800Z - 100 * kDay)}, kWrite + 200);
  BOOST_CHECK_EQUAL(
      blog.Get("/feed.xml", kNow,
               {{"if-modified-since", all.Header("Last-Modified")}})
          .status,
      200);
}

BOOST_AUTO_TEST_CASE(pages_link_their_feeds) {
  ThreePosts blog;
  std::string home = blog.Get("/").body;
  BOOST_CHECK(Contains(home,
                       "<link rel=\"alternate\" type=\"application/"
                       "atom+xml\" href=\"/feed.xml\""));
  BOOST_CHECK(Contains(home,
                       "<link rel=\"alternate\" type=\"application/"
                       "feed+json\" href=\"/feed.json\""));
  BOOST_CHECK(!Contains(home, "/tag/alpha/feed.xml"));
  std::string tag = blog.Get("/tag/alpha/").body;
  BOOST_CHECK(Contains(tag,
                       "href=\"/tag/alpha/feed.xml\" title=\"Alpha – "
                       "Test Blog\""));
  BOOST_CHECK(Contains(tag,
                       "type=\"application/feed+json\" "
                       "href=\"/tag/alpha/feed.json\""));
  BOOST_CHECK(Contains(tag, "href=\"/feed.xml\""));  // and the blog's
  std::string author = blog.Get("/author/bo/").body;
  BOOST_CHECK(Contains(author, "href=\"/author/bo/feed.xml\""));
  BOOST_CHECK(Contains(author, "href=\"/author/bo/feed.json\""));
}

BOOST_AUTO_TEST_CASE(feed_routes_follow_the_url_settings) {
  ThreePosts blog([](Settings* s) {
    s->tag_url = "/topics/:tag/";
    s->author_url = "/people/:author/";
  });
  BOOST_CHECK_EQUAL(blog.Get("/topics/alpha/feed.xml").status, 200);
  BOOST_CHECK_EQUAL(blog.Get("/people/ana/feed.json").status, 200);
  BOOST_CHECK_EQUAL(blog.Get("/tag/alpha/feed.xml").status, 404);
  BOOST_CHECK(Contains(blog.Get("/topics/alpha/").body,
                       "href=\"/topics/alpha/feed.xml\""));
  BOOST_CHECK(Contains(blog.Get("/people/ana/feed.xml").body,
                       "<id>" + kRoot + "/people/ana/</id>"));
  // No alias or page may take a feed's URL.
  std::string what;
  BOOST_CHECK(IsSitePath(blog.settings, "/topics/x/feed.json", &what));
  BOOST_CHECK(IsSitePath(blog.settings, "/people/x/feed.xml", &what));
  BOOST_CHECK(IsSitePath(blog.settings, "/feed.json", &what));
  BOOST_CHECK(IsSitePath(blog.settings, "/sitemap-3.xml", &what));
  BOOST_CHECK(!IsSitePath(blog.settings, "/sitemap-03.xml", &what));
}

BOOST_AUTO_TEST_CASE(feed_urls_take_part_in_the_collision_checks) {
  // A tag's feed would be served from the theme folder: said once per
  // pattern, not once more per feed.
  Settings s;
  Status st = ParseSettings("theme_url: /tag/x/\n", "/tmp/x.conf", &s);
  BOOST_REQUIRE(st.IsInvalidArgument());
  BOOST_CHECK_MESSAGE(Contains(st.message(),
                               "tag_url /tag/:tag/ lies under "
                               "theme_url /tag/x/"),
                      st.message());
  BOOST_CHECK_MESSAGE(!Contains(st.message(), "feed"), st.message());
  // The defaults, and listings with feeds beside posts, are fine.
  Settings ok;
  BOOST_CHECK(ParseSettings("post_url: /:year/:slug/\ntag_url: /t/:tag/\n",
                            "/tmp/x.conf", &ok)
                  .ok());
}

BOOST_AUTO_TEST_CASE(feed_content_setting_is_validated) {
  Settings s;
  BOOST_CHECK(ParseSettings("feed_content: excerpt\n", "/tmp/x.conf", &s).ok());
  BOOST_CHECK(s.feed_content == FeedContent::kExcerpt);
  Settings bad;
  Status st = ParseSettings("feed_content: some\n", "/tmp/x.conf", &bad);
  BOOST_CHECK(st.IsInvalidArgument());
  BOOST_CHECK_MESSAGE(Contains(st.message(),
                               "x.conf:1: feed_content: 'some' "
                               "must be full or excerpt"),
                      st.message());
}

BOOST_AUTO_TEST_SUITE_END()

// ------------------------------------------------------ absolute URLs

BOOST_AUTO_TEST_SUITE(absolute_urls)

BOOST_AUTO_TEST_CASE(resolve_url_cases) {
  const std::string doc = "https://b.example/blog/2023/09/27/post/";
  const std::string root = "https://b.example/blog";
  const std::map<std::string, std::string> cases = {
      {"/media/x.png", root + "/media/x.png"},
      {"x.png", doc + "x.png"},
      {"./x.png", doc + "x.png"},
      {"../x/", "https://b.example/blog/2023/09/27/x/"},
      {"../../../../../../../../x", "https://b.example/x"},
      {"#fn1", doc + "#fn1"},
      {"?q=1", doc + "?q=1"},
      {"", doc},
      {"  /pad  ", root + "/pad"},
      {"//cdn.example/x.png", "https://cdn.example/x.png"},
      {"https://other.example/a", "https://other.example/a"},
      {"mailto:a@b.example", "mailto:a@b.example"},
      {"HTTP://UPPER.example/", "HTTP://UPPER.example/"},
      {"a/b/../c?x=../y#z", doc + "a/c?x=../y#z"},
      // Not a scheme: an encoded colon, a digit first. Made harmless paths.
      {"&#106;avascript:alert(1)", doc + "&#106;avascript:alert(1)"},
      {"1http://x", doc + "1http://x"},
  };
  for (const auto& [ref, want] : cases) {
    BOOST_CHECK_MESSAGE(ResolveUrl(ref, root, doc) == want,
                        "'" << ref << "' -> '" << ResolveUrl(ref, root, doc)
                            << "', want '" << want << "'");
  }
}

BOOST_AUTO_TEST_CASE(only_url_attributes_of_tags_are_rewritten) {
  const std::string doc = "https://b.example/p/";
  const std::string root = "https://b.example";
  const std::map<std::string, std::string> cases = {
      {"<a href=\"/x\">/x</a>", "<a href=\"https://b.example/x\">/x</a>"},
      {"<A HREF='/x'>", "<A HREF='https://b.example/x'>"},
      {"<a href=/x>", "<a href=\"https://b.example/x\">"},
      {"<a href = \"/x\" >", "<a href = \"https://b.example/x\" >"},
      {"<a data-href=\"/x\" title=\"/x\">",
       "<a data-href=\"/x\" title=\"/x\">"},
      {"<p>href=\"/x\"</p>", "<p>href=\"/x\"</p>"},
      {"<!-- <a href=\"/x\"> -->", "<!-- <a href=\"/x\"> -->"},
      {"<script>var s = '<a href=\"/x\">';</script><a href=\"/y\">",
       "<script>var s = '<a href=\"/x\">';</script><a href=\"https://b."
       "example/y\">"},
      {"<img src=\"a.png\" srcset=\"a.png 1x,b.png 2x\">",
       "<img src=\"https://b.example/p/a.png\" srcset=\"https://b.example/p/"
       "a.png 1x,https://b.example/p/b.png 2x\">"},
      {"<img srcset=\"a.png, b.png\">",
       "<img srcset=\"https://b.example/p/a.png, https://b.example/p/b.png\">"},
      {"<input disabled href=/x>",
       "<input disabled href=\"https://b.example/x\">"},
      {"<a href=a\"b>", "<a href=\"https://b.example/p/a&quot;b\">"},
      {"a < b and <3 </a>", "a < b and <3 </a>"},
      {"<a title=\"a>b\" href=\"/x\">",
       "<a title=\"a>b\" href=\"https://b.example/x\">"},
      {"<img src=\"/x\"/>", "<img src=\"https://b.example/x\"/>"},
      {"<base href=\"/\"><a href=\"javascript:void(0)\">",
       "<base href=\"https://b.example/\"><a href=\"javascript:void(0)\">"},
      {"<STYLE>a{background:url(/x)}</style><a href=/y>",
       "<STYLE>a{background:url(/x)}</style><a href=\"https://b.example/y\">"},
      {"<a href=\"&#x2F;&#x2F;evil.example\">",
       "<a href=\"https://b.example/p/&#x2F;&#x2F;evil.example\">"},
      // Malformed: copied from the broken point on.
      {"<a href=\"/x", "<a href=\"/x"},
      {"<a href=", "<a href="},
      {"<a href", "<a href"},
      {"<", "<"},
      {"<img src=\"\xff\xfe\">", "<img src=\"https://b.example/p/\xff\xfe\">"},
  };
  for (const auto& [html, want] : cases) {
    std::string got = AbsoluteUrls(html, root, doc);
    BOOST_CHECK_MESSAGE(got == want, "'" << html << "' -> '" << got
                                         << "', want '" << want << "'");
  }
}

BOOST_AUTO_TEST_CASE(huge_and_many_inputs_are_linear) {
  const std::string doc = "https://b.example/p/";
  std::string html;
  for (int i = 0; i < 200000; ++i) html += "<a href=\"/x\" class=c>t</a>";
  std::string many_attrs = "<a";
  for (int i = 0; i < 200000; ++i) many_attrs += " href=x";
  many_attrs += ">";
  std::string unclosed(1 << 20, '<');
  std::string comments;
  for (int i = 0; i < 100000; ++i) comments += "<!--";
  auto start = std::chrono::steady_clock::now();
  std::string out = AbsoluteUrls(html, "https://b.example", doc);
  BOOST_CHECK_EQUAL(Count(out, "https://b.example/x"), 200000u);
  out = AbsoluteUrls(many_attrs, "https://b.example", doc);
  BOOST_CHECK_EQUAL(Count(out, "https://b.example/p/x"), 200000u);
  BOOST_CHECK(AbsoluteUrls(unclosed, "https://b.example", doc) == unclosed);
  BOOST_CHECK(AbsoluteUrls(comments, "https://b.example", doc) == comments);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  // ~0.1 s; a quadratic scan would take minutes.
  BOOST_CHECK_MESSAGE(seconds < 15, seconds << " s");
}

BOOST_AUTO_TEST_SUITE_END()

// ----------------------------------------------------------- content dates

BOOST_AUTO_TEST_SUITE(content_dates)

BOOST_AUTO_TEST_CASE(an_edit_without_updated_is_recorded_and_dates_the_entry) {
  ThreePosts blog;
  BOOST_CHECK_EQUAL(blog.GetPost("a").content_changed, 0);
  std::string feed = blog.Get("/feed.xml").body;
  BOOST_CHECK(Contains(feed, "<updated>2023-09-27T08:00:00"));
  // The same content again: nothing recorded.
  blog.Put({MakePost("a", k0800Z, {"Alpha"})}, kWrite + 50);
  BOOST_CHECK_EQUAL(blog.GetPost("a").content_changed, 0);
  // Only the rendering changed (a new LevelPress): no update either.
  Post rendered = MakePost("a", k0800Z, {"Alpha"});
  rendered.body_html = "<p>Body of a.</p>";
  blog.Put({rendered}, kWrite + 60);
  BOOST_CHECK_EQUAL(blog.GetPost("a").content_changed, 0);
  // The text changed: recorded, and the entry's date in feed and sitemap.
  Post edited = MakePost("a", k0800Z, {"Alpha"});
  edited.body_markdown = "Body of a, corrected.\n";
  blog.Put({edited}, kWrite + 100);
  BOOST_CHECK_EQUAL(blog.GetPost("a").content_changed, kWrite + 100);
  const std::string when = FormatIso8601(kWrite + 100);
  BOOST_CHECK(Contains(blog.Get("/feed.xml").body,
                       "<published>2023-09-27T08:00:00+00:00</published>\n"
                       "<updated>" +
                           when + "</updated>"));
  BOOST_CHECK(Contains(blog.Get("/sitemap.xml").body,
                       "/2023/09/27/a/</loc><lastmod>" + when + "</lastmod>"));
  BOOST_CHECK(Contains(
      blog.Get("/2023/09/27/a/").body,
      "<meta property=\"article:modified_time\" content=\"" + when + "\">"));
  // An `updated:` given is the author's word.
  edited.updated = k0800Z + 7 * kDay;
  edited.body_markdown = "Body of a, corrected twice.\n";
  blog.Put({edited}, kWrite + 200);
  BOOST_CHECK_EQUAL(blog.GetPost("a").content_changed, 0);
  BOOST_CHECK(Contains(
      blog.Get("/feed.json").body,
      "\"date_modified\":\"" + FormatIso8601(k0800Z + 7 * kDay) + "\""));
}

BOOST_AUTO_TEST_CASE(content_changed_round_trips_and_is_no_content) {
  Post p = MakePost("x", k0800Z);
  p.content_changed = k0800Z + 77;
  p.written_at = 42;
  Post q;
  BOOST_REQUIRE(q.Decode(p.Encode()).ok());
  BOOST_CHECK_EQUAL(q.content_changed, k0800Z + 77);
  BOOST_CHECK_EQUAL(q.written_at, 42);
  BOOST_CHECK_EQUAL(q.ContentDate(), k0800Z + 77);
  BOOST_CHECK_EQUAL(q.ToEntry().modified, k0800Z + 77);
  q.content_changed = 0;
  BOOST_CHECK(q.EncodeContent() == p.EncodeContent());
  BOOST_CHECK_EQUAL(q.ContentDate(), k0800Z);
  // `updated:` wins over a recorded change, and no date is before the
  // post's own.
  q.updated = k0800Z + 5;
  q.content_changed = k0800Z + 99;
  BOOST_CHECK_EQUAL(q.ContentDate(), k0800Z + 5);
  q.updated = 0;
  q.content_changed = k0800Z - 99;
  BOOST_CHECK_EQUAL(q.ContentDate(), k0800Z);
}

BOOST_AUTO_TEST_CASE(a_drafts_edits_are_no_update) {
  Blog blog;
  blog.PutAuthor(MakeAuthor("ana", "Ana Lima"));
  Post draft = MakePost("d", k0800Z);
  draft.draft = true;
  blog.Put({draft});
  draft.body_markdown = "More.\n";
  blog.Put({draft}, kWrite + 10);
  draft.draft = false;
  blog.Put({draft}, kWrite + 20);
  BOOST_CHECK_EQUAL(blog.GetPost("d").content_changed, 0);
}

BOOST_AUTO_TEST_CASE(a_schema_3_record_decodes_and_is_rewritten_by_an_import) {
  Blog blog;
  blog.PutAuthor(MakeAuthor("ana", "Ana Lima"));
  Post p = MakePost("old", k0800Z, {"Alpha"});
  p.updated = k0800Z + kDay;
  blog.Put({p});
  // The same post as schema 3 wrote it: no content_changed, and an entry
  // without the content date.
  Post stored = blog.GetPost("old");
  std::string bytes = stored.EncodeContent();
  std::string v3;
  AppendBigEndian64(&v3, 3);
  bytes.replace(0, 8, v3);
  bytes.resize(bytes.size() - 8);  // schema 5's expiry, last of the content
  AppendBigEndian64(&bytes, static_cast<uint64_t>(stored.written_at));
  Post decoded;
  BOOST_REQUIRE(decoded.Decode(bytes).ok());
  BOOST_CHECK_EQUAL(decoded.decoded_schema, 3u);
  BOOST_CHECK_EQUAL(decoded.content_changed, 0);
  BOOST_CHECK(decoded.EncodeContent() == stored.EncodeContent());
  Encoder e3;
  Entry entry = stored.ToEntry();
  e3.PutU64(3);
  e3.PutString(entry.slug);
  e3.PutString(entry.title);
  e3.PutI64(entry.date);
  e3.PutStrings(entry.author_ids);
  e3.PutStrings(entry.tags);
  e3.PutString(entry.excerpt_html);
  e3.PutI64(entry.visible_since);
  Entry old_entry;
  BOOST_REQUIRE(old_entry.Decode(e3.Release()).ok());
  BOOST_CHECK_EQUAL(old_entry.modified, k0800Z);  // its date
  // A truncated record of this schema is corruption, not a schema 3 one.
  std::string v4 = stored.Encode();
  BOOST_CHECK(Post().Decode(v4.substr(0, v4.size() - 8)).IsCorruption());

  // Written as schema 3 (its index keys as they are), then imported again
  // unchanged: rewritten as 4, the entry with its content date, written_at
  // kept.
  blog.store.reset();
  {
    leveldb::Options o;
    o.env = blog.env.get();
    leveldb::DB* raw = nullptr;
    BOOST_REQUIRE(leveldb::DB::Open(o, "/mem/store", &raw).ok());
    std::unique_ptr<leveldb::DB> db(raw);
    leveldb::WriteBatch b;
    b.Put("p:old", bytes);
    Encoder again;
    again.PutU64(3);
    again.PutString(entry.slug);
    again.PutString(entry.title);
    again.PutI64(entry.date);
    again.PutStrings(entry.author_ids);
    again.PutStrings(entry.tags);
    again.PutString(entry.excerpt_html);
    again.PutI64(entry.visible_since);
    b.Put("e:old", again.Release());
    b.Put("m:schema", "3");
    BOOST_REQUIRE(db->Write(leveldb::WriteOptions(), &b).ok());
  }
  OpenOptions oo;
  oo.env = blog.env.get();
  BOOST_REQUIRE(Store::Open("/mem/store", oo, &blog.store).ok());
  blog.site = std::make_unique<Site>(blog.store.get(), blog.config);
  BOOST_CHECK_EQUAL(blog.GetPost("old").decoded_schema, 3u);
  // Read as it is: the feed dates the entry by its date until rewritten.
  BOOST_CHECK(Contains(blog.Get("/feed.xml").body,
                       "<updated>2023-09-27T08:00:00+00:00</updated>\n"));
  blog.Put({p}, kWrite + 500);
  Post now = blog.GetPost("old");
  BOOST_CHECK_EQUAL(now.decoded_schema, kSchemaVersion);
  BOOST_CHECK_EQUAL(now.written_at, stored.written_at);
  BOOST_CHECK(Contains(blog.Get("/feed.xml").body,
                       "<updated>2023-09-28T08:00:00+00:00</updated>\n"));
  std::vector<std::string> problems;
  BOOST_CHECK(blog.store->Check(&problems).ok());
  BOOST_CHECK_MESSAGE(problems.empty(), problems.front());
}

BOOST_AUTO_TEST_SUITE_END()

// ------------------------------------- the same content, the same bytes

namespace {

// A blog on disk that imports with the real clock.
struct DiskBlog {
  TempDir tmp{"levelpress-feeds-disk"};
  Settings settings;
  std::unique_ptr<Store> store;
  std::shared_ptr<const SiteConfig> config;
  std::unique_ptr<Site> site;

  DiskBlog() {
    BOOST_REQUIRE(SetTimeZone("UTC").ok());
    settings.time_zone = "UTC";
    settings.base_url = kRoot;
    settings.store_path = tmp / "store";
    settings.media_dir = tmp / "media";
    settings.templates_dir = SOURCE_DIR "/templates";
    BOOST_REQUIRE(Store::Open(settings.store_path, OpenOptions(), &store).ok());
    BOOST_REQUIRE(LoadSiteConfig(settings, &config).ok());
    site = std::make_unique<Site>(store.get(), config);
  }
  void Import(const std::string& dir) {
    ImportOptions o;
    o.dir = dir;
    o.threads = 2;
    o.prune = true;
    ImportReport r;
    Status s = levelpress::Import(settings, store.get(), o, &r);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  }
  // Every feed and sitemap the blog has, by path.
  std::map<std::string, std::string> Machine(int64_t now) {
    std::vector<std::string> paths;
    BOOST_REQUIRE(site->AllPaths(now, &paths).ok());
    std::vector<std::string> wanted = {"/feed.xml", "/feed.json",
                                       "/sitemap.xml"};
    for (const auto& p : paths) {
      if (p.rfind("/tag/", 0) == 0 || p.rfind("/author/", 0) == 0) {
        if (p.find("/page/") != std::string::npos) continue;
        wanted.push_back(p + "feed.xml");
        wanted.push_back(p + "feed.json");
      }
    }
    std::map<std::string, std::string> out;
    for (const auto& p : wanted) {
      Request r;
      r.method = "GET";
      r.target = p;
      Response resp = site->Handle(r, now);
      BOOST_CHECK_MESSAGE(resp.status == 200, p << ": " << resp.status);
      out[p] = resp.body;
    }
    return out;
  }
};

void CheckSame(const std::map<std::string, std::string>& a,
               const std::map<std::string, std::string>& b) {
  BOOST_REQUIRE_EQUAL(a.size(), b.size());
  for (const auto& [path, body] : a) {
    auto it = b.find(path);
    BOOST_REQUIRE(it != b.end());
    BOOST_CHECK_MESSAGE(it->second == body, path << " differs");
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(same_content_same_bytes)

BOOST_AUTO_TEST_CASE(the_sample_imported_into_two_fresh_stores) {
  const int64_t now = static_cast<int64_t>(std::time(nullptr)) + 10;
  DiskBlog first;
  first.Import(SOURCE_DIR "/data/content");
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  DiskBlog second;
  second.Import(SOURCE_DIR "/data/content");
  auto a = first.Machine(now), b = second.Machine(now);
  BOOST_CHECK_GT(a.size(), 10u);  // the blog's, tags' and authors' feeds
  CheckSame(a, b);
  // Not the import time: no feed says the day it was imported.
  const std::string today = FormatIso8601(now).substr(0, 10);
  for (const auto& [path, body] : a) {
    BOOST_CHECK_MESSAGE(!Contains(body, today), path << " holds " << today);
  }
}

BOOST_AUTO_TEST_CASE(an_edit_survives_export_and_import_into_a_fresh_store) {
  DiskBlog blog;
  TempDir content("levelpress-feeds-content");
  std::filesystem::copy(SOURCE_DIR "/data/content", content.path(),
                        std::filesystem::copy_options::recursive);
  blog.Import(content.str());
  // Edit a post without `updated:`: the store records when.
  std::string post = content / "posts/2024/autovacuum-tuning.md";
  std::string text = ReadFile(post);
  BOOST_REQUIRE(!Contains(text, "\nupdated:"));
  WriteFile(post, text + "\nOne more paragraph.\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  const int64_t before = static_cast<int64_t>(std::time(nullptr));
  blog.Import(content.str());
  const int64_t now = before + 100;
  auto edited = blog.Machine(now);
  BOOST_CHECK(
      Contains(edited["/feed.xml"], FormatIso8601(before).substr(0, 10)));
  // Export writes it as `updated:`; a fresh store imports the same dates.
  TempDir out("levelpress-feeds-export");
  size_t written = 0;
  BOOST_REQUIRE(
      Export(blog.settings, blog.store->View(), out.str(), &written).ok());
  BOOST_CHECK(Contains(ReadFile(out / "posts/2024/autovacuum-tuning.md"),
                       "\nupdated: "));
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  DiskBlog restored;
  restored.Import(out.str());
  CheckSame(edited, restored.Machine(now));
  // And importing the export back into the first store changes no date.
  blog.Import(out.str());
  CheckSame(edited, blog.Machine(now));
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------- sitemap index

BOOST_AUTO_TEST_SUITE(sitemap)

BOOST_AUTO_TEST_CASE(a_small_blog_has_a_plain_sitemap) {
  ThreePosts blog;
  Response r = blog.Get("/sitemap.xml");
  BOOST_CHECK(Contains(r.body, "<urlset "));
  BOOST_CHECK(!Contains(r.body, "<sitemapindex"));
  BOOST_CHECK_EQUAL(blog.Get("/sitemap-1.xml").status, 404);
  BOOST_CHECK(Contains(blog.Get("/robots.txt").body,
                       "Sitemap: " + kRoot + "/sitemap.xml\n"));
}

BOOST_AUTO_TEST_CASE(a_blog_of_more_than_50000_urls_has_a_sitemap_index) {
  Blog blog([](Settings* s) { s->page_size = 1000; });
  blog.PutAuthor(MakeAuthor("ana", "Ana Lima"));
  // Records written directly, one batch: 50,010 posts, no tags.
  const size_t kPosts = kSitemapUrls + 10;
  {
    StoreWriter w(blog.store.get(), kWrite);
    for (size_t i = 0; i < kPosts; ++i) {
      Post p;
      p.slug = "p" + std::to_string(i);
      p.source_path = "posts/" + p.slug + ".md";
      p.title = p.slug;
      p.date = k0800Z + static_cast<int64_t>(i) * 600;
      p.author_ids = {"ana"};
      BOOST_REQUIRE(w.PutPost(std::move(p)).ok());
    }
    BOOST_REQUIRE(w.Commit(false).ok());
  }
  std::vector<std::string> paths;
  BOOST_REQUIRE(blog.site->AllPaths(kNow, &paths).ok());
  // Posts, 51 home pages, 51 author pages, /authors/, /tags/.
  BOOST_REQUIRE_EQUAL(paths.size(), kPosts + 51 + 51 + 2);
  Response index = blog.Get("/sitemap.xml");
  BOOST_REQUIRE_EQUAL(index.status, 200);
  BOOST_CHECK(Contains(index.body,
                       "<sitemapindex xmlns=\"http://www.sitemaps."
                       "org/schemas/sitemap/0.9\">"));
  BOOST_CHECK_EQUAL(Count(index.body, "<sitemap>"), 2u);
  BOOST_CHECK(Contains(index.body, "<loc>" + kRoot + "/sitemap-2.xml</loc>"));
  BOOST_CHECK(!Contains(index.body, "<url>"));
  Response one = blog.Get("/sitemap-1.xml");
  Response two = blog.Get("/sitemap-2.xml");
  BOOST_REQUIRE_EQUAL(one.status, 200);
  BOOST_REQUIRE_EQUAL(two.status, 200);
  BOOST_CHECK_EQUAL(Count(one.body, "<url>"), kSitemapUrls);
  BOOST_CHECK_EQUAL(Count(two.body, "<url>"), paths.size() - kSitemapUrls);
  BOOST_CHECK(Contains(two.body, "<loc>" + kRoot + paths.back() + "</loc>"));
  BOOST_CHECK_EQUAL(blog.Get("/sitemap-3.xml").status, 404);
  BOOST_CHECK_EQUAL(blog.Get("/sitemap-0.xml").status, 404);
  BOOST_CHECK_EQUAL(blog.Get("/sitemap-01.xml").status, 404);
  // Conditional requests as for every page.
  BOOST_CHECK_EQUAL(
      blog.Get("/sitemap-2.xml", kNow, {{"if-none-match", two.Header("ETag")}})
          .status,
      304);
  BOOST_CHECK(Contains(blog.Get("/robots.txt").body,
                       "Sitemap: " + kRoot + "/sitemap.xml\n"));
}

BOOST_AUTO_TEST_SUITE_END()
