// The head's tags for search engines and link previews (page_meta.h):
// description, canonical URL, Open Graph, Twitter card, article:* and
// JSON-LD on each kind of page; their escaping with hostile titles; and
// /robots.txt and X-Robots-Tag with the robots setting.
#define BOOST_TEST_MODULE meta
#define BOOST_TEST_DYN_LINK
#include <leveldb/helpers/memenv.h>

#include <boost/test/unit_test.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "dates.h"
#include "page_meta.h"
#include "records.h"
#include "request.h"
#include "settings.h"
#include "site.h"
#include "store.h"
#include "test_util.h"

using namespace levelpress;
using levelpress::testing::Contains;

namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t k0800Z = 1695801600;  // 2023-09-27T08:00:00Z
constexpr int64_t kWrite = 2100000000;  // after the templates' mtime
constexpr int64_t kNow = kWrite + kDay;
const char kBase[] = "https://blog.example.com";

Post MakePost(const std::string& slug, int64_t date,
              std::vector<std::string> tags = {}) {
  Post p;
  p.slug = slug;
  p.source_path = "posts/" + slug + ".md";
  p.title = "Title of " + slug;
  p.date = date;
  p.author_ids = {"ana"};
  p.tags = std::move(tags);
  p.body_markdown = "Body.\n";
  p.body_html = "<p>Body of " + slug + ".</p>\n";
  p.excerpt_html = "<p>Excerpt of " + slug + ".</p>\n";
  return p;
}

struct Blog {
  std::unique_ptr<leveldb::Env> env{
      leveldb::NewMemEnv(leveldb::Env::Default())};
  std::unique_ptr<Store> store;
  std::shared_ptr<const SiteConfig> config;
  std::unique_ptr<Site> site;

  explicit Blog(const std::function<void(Settings*)>& tweak = nullptr) {
    BOOST_REQUIRE(SetTimeZone("UTC").ok());
    OpenOptions o;
    o.env = env.get();
    BOOST_REQUIRE(Store::Open("/mem/store", o, &store).ok());
    Settings settings;
    settings.templates_dir = SOURCE_DIR "/templates";
    settings.time_zone = "UTC";
    settings.title = "Test Blog";
    settings.description = "Notes on databases.";
    settings.base_url = kBase;
    if (tweak) tweak(&settings);
    Status s = LoadSiteConfig(settings, &config);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
    site = std::make_unique<Site>(store.get(), config);
  }
  void Put(std::vector<Post> posts, std::vector<Author> authors = {}) {
    StoreWriter w(store.get(), kWrite);
    for (auto& a : authors) BOOST_REQUIRE(w.PutAuthor(std::move(a)).ok());
    for (auto& p : posts) {
      Status s = w.PutPost(std::move(p));
      BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
    }
    BOOST_REQUIRE(w.Commit(false).ok());
  }
  Response Get(const std::string& target) const {
    Request r;
    r.target = target;
    return site->Handle(r, kNow);
  }
};

Author Ana(const std::string& bio_html = "") {
  Author a;
  a.id = "ana";
  a.name = "Anna Keller";
  a.bio_html = bio_html;
  a.source_path = "authors/ana.md";
  return a;
}

// The content of <meta property|name="key" content="...">; "" if absent.
std::string Meta(const std::string& html, const std::string& key) {
  for (const char* attr : {"property", "name"}) {
    std::string start =
        "<meta " + std::string(attr) + "=\"" + key + "\" content=\"";
    size_t pos = html.find(start);
    if (pos == std::string::npos) continue;
    pos += start.size();
    return html.substr(pos, html.find('"', pos) - pos);
  }
  return "";
}

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t p = haystack.find(needle); p != std::string::npos;
       p = haystack.find(needle, p + 1)) {
    ++n;
  }
  return n;
}

// The text of the JSON-LD script; "" if there is none.
std::string JsonLd(const std::string& html) {
  const std::string start = "<script type=\"application/ld+json\">";
  size_t pos = html.find(start);
  if (pos == std::string::npos) return "";
  pos += start.size();
  return html.substr(pos, html.find("</script>", pos) - pos);
}

// A small strict JSON reader: checks the syntax and collects every string
// (keys and values), decoded, so that tests compare what a consumer reads.
class JsonChecker {
 public:
  explicit JsonChecker(const std::string& text) : s_(text) {}
  bool Valid() {
    Space();
    if (!Value()) return false;
    Space();
    return i_ == s_.size();
  }
  std::vector<std::string> strings;

 private:
  void Space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' ||
                              s_[i_] == '\t' || s_[i_] == '\r')) {
      ++i_;
    }
  }
  bool Eat(char c) {
    Space();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool Value() {
    Space();
    if (i_ >= s_.size()) return false;
    char c = s_[i_];
    if (c == '"') return String();
    if (c == '{') return Container('}', true);
    if (c == '[') return Container(']', false);
    for (const char* word : {"true", "false", "null"}) {
      if (s_.compare(i_, strlen(word), word) == 0) {
        i_ += strlen(word);
        return true;
      }
    }
    size_t start = i_;
    while (i_ < s_.size() && strchr("-+.eE0123456789", s_[i_])) ++i_;
    return i_ > start;
  }
  bool Container(char close, bool object) {
    ++i_;
    if (Eat(close)) return true;
    do {
      if (object) {
        Space();
        if (i_ >= s_.size() || s_[i_] != '"' || !String() || !Eat(':')) {
          return false;
        }
      }
      if (!Value()) return false;
    } while (Eat(','));
    return Eat(close);
  }
  static void Put(uint32_t c, std::string* out) {
    if (c < 0x80) {
      *out += static_cast<char>(c);
    } else if (c < 0x800) {
      *out += static_cast<char>(0xC0 | (c >> 6));
      *out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      *out += static_cast<char>(0xE0 | (c >> 12));
      *out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      *out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      *out += static_cast<char>(0xF0 | (c >> 18));
      *out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      *out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      *out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  bool Hex4(uint32_t* v) {
    if (i_ + 4 > s_.size()) return false;
    *v = 0;
    for (int k = 0; k < 4; ++k) {
      char c = s_[i_++];
      int d = isdigit(c)               ? c - '0'
              : (c >= 'a' && c <= 'f') ? c - 'a' + 10
              : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                       : -1;
      if (d < 0) return false;
      *v = *v * 16 + d;
    }
    return true;
  }
  bool String() {
    ++i_;  // the opening quote
    std::string out;
    while (i_ < s_.size()) {
      unsigned char c = s_[i_++];
      if (c == '"') {
        strings.push_back(out);
        return true;
      }
      if (c < 0x20) return false;  // raw control characters are invalid
      if (c != '\\') {
        out += static_cast<char>(c);
        continue;
      }
      if (i_ >= s_.size()) return false;
      char e = s_[i_++];
      const char* simple = strchr("\"\\/bfnrt", e);
      if (e == 'u') {
        uint32_t v;
        if (!Hex4(&v)) return false;
        if (v >= 0xD800 && v < 0xDC00) {
          uint32_t low;
          if (s_.compare(i_, 2, "\\u") != 0) return false;
          i_ += 2;
          if (!Hex4(&low) || low < 0xDC00 || low > 0xDFFF) return false;
          v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00);
        }
        Put(v, &out);
      } else if (simple != nullptr && e != '\0') {
        out += "\"\\/\b\f\n\r\t"[simple - "\"\\/bfnrt"];
      } else {
        return false;
      }
    }
    return false;
  }
  const std::string s_;
  size_t i_ = 0;
};

bool HasString(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

BOOST_AUTO_TEST_CASE(post_page_has_description_og_twitter_article_json_ld) {
  Blog blog;
  Post p = MakePost("pool", k0800Z, {"PostgreSQL", "Go"});
  p.description = "How to size a pool.";
  p.updated = k0800Z + 2 * kDay;
  p.body_html =
      "<p>x</p><p><img src=\"/media/content/posts/pool/a%20b.png\" alt=\"\" "
      "width=\"800\" height=\"600\" /></p>";
  blog.Put({p}, {Ana()});
  Response r = blog.Get("/2023/09/27/pool/");
  BOOST_REQUIRE_EQUAL(r.status, 200);
  const std::string& h = r.body;
  const std::string url = std::string(kBase) + "/2023/09/27/pool/";
  BOOST_CHECK(Contains(h, "<link rel=\"canonical\" href=\"" + url + "\">"));
  BOOST_CHECK_EQUAL(Meta(h, "description"), "How to size a pool.");
  BOOST_CHECK_EQUAL(Meta(h, "og:description"), "How to size a pool.");
  BOOST_CHECK_EQUAL(Meta(h, "twitter:description"), "How to size a pool.");
  BOOST_CHECK_EQUAL(Meta(h, "og:site_name"), "Test Blog");
  BOOST_CHECK_EQUAL(Meta(h, "og:title"), "Title of pool");
  BOOST_CHECK_EQUAL(Meta(h, "og:url"), url);
  BOOST_CHECK_EQUAL(Meta(h, "og:type"), "article");
  // The first image of the body, absolute, with its size.
  const std::string image =
      std::string(kBase) + "/media/content/posts/pool/a%20b.png";
  BOOST_CHECK_EQUAL(Meta(h, "og:image"), image);
  BOOST_CHECK_EQUAL(Meta(h, "og:image:width"), "800");
  BOOST_CHECK_EQUAL(Meta(h, "og:image:height"), "600");
  BOOST_CHECK_EQUAL(Meta(h, "twitter:card"), "summary_large_image");
  BOOST_CHECK_EQUAL(Meta(h, "twitter:image"), image);
  BOOST_CHECK_EQUAL(Meta(h, "article:published_time"),
                    "2023-09-27T08:00:00+00:00");
  BOOST_CHECK_EQUAL(Meta(h, "article:modified_time"),
                    "2023-09-29T08:00:00+00:00");
  BOOST_CHECK_EQUAL(Count(h, "<meta property=\"article:tag\""), 2u);
  BOOST_CHECK(Contains(h, "content=\"PostgreSQL\""));
  BOOST_CHECK(!Contains(h, "<meta name=\"robots\""));

  std::string json = JsonLd(h);
  JsonChecker checker(json);
  BOOST_REQUIRE_MESSAGE(checker.Valid(), "invalid JSON-LD: " + json);
  for (const std::string& want :
       {std::string("BlogPosting"), std::string("Title of pool"), url,
        std::string("2023-09-27T08:00:00+00:00"),
        std::string("2023-09-29T08:00:00+00:00"), std::string("Person"),
        std::string("Anna Keller"), std::string(kBase) + "/author/ana/", image,
        std::string("How to size a pool."), std::string("mainEntityOfPage")}) {
    BOOST_CHECK_MESSAGE(HasString(checker.strings, want),
                        "JSON-LD lacks " + want + ": " + json);
  }
}

BOOST_AUTO_TEST_CASE(post_without_image_uses_default_image_or_none) {
  {
    Blog blog;
    blog.Put({MakePost("a", k0800Z)}, {Ana()});
    std::string h = blog.Get("/2023/09/27/a/").body;
    BOOST_CHECK_EQUAL(Meta(h, "og:image"), "");
    BOOST_CHECK_EQUAL(Meta(h, "twitter:card"), "summary");
    // No description: the excerpt as text.
    BOOST_CHECK_EQUAL(Meta(h, "description"), "Excerpt of a.");
    BOOST_CHECK_EQUAL(Meta(h, "article:modified_time"),
                      "2023-09-27T08:00:00+00:00");
  }
  Blog blog([](Settings* s) {
    s->default_image = "/theme/card.png";
    s->default_image_width = 1200;
    s->default_image_height = 630;
  });
  blog.Put({MakePost("a", k0800Z)}, {Ana()});
  for (const char* path : {"/2023/09/27/a/", "/", "/tag/x/", "/tags/"}) {
    Response r = blog.Get(path);
    if (r.status != 200) continue;  // /tag/x/: no such tag
    BOOST_CHECK_EQUAL(Meta(r.body, "og:image"),
                      std::string(kBase) + "/theme/card.png");
    BOOST_CHECK_EQUAL(Meta(r.body, "og:image:width"), "1200");
    BOOST_CHECK_EQUAL(Meta(r.body, "og:image:height"), "630");
    BOOST_CHECK_EQUAL(Meta(r.body, "twitter:card"), "summary_large_image");
  }
}

BOOST_AUTO_TEST_CASE(cover_image_comes_first) {
  Blog blog;
  Post p = MakePost("c", k0800Z);
  p.image = "cover.jpg";
  p.source_path = "posts/c/index.md";
  p.assets = {p.CoverAsset()};
  p.body_html = "<p><img src=\"/media/other.png\" width=\"1\" height=\"1\"/>";
  blog.Put({p}, {Ana()});
  std::string h = blog.Get("/2023/09/27/c/").body;
  BOOST_CHECK_EQUAL(Meta(h, "og:image"),
                    std::string(kBase) + "/media/content/" + p.CoverAsset());
  BOOST_CHECK_EQUAL(Meta(h, "og:image:width"), "");  // size unknown

  // With the size the import read (schema 3), after a store round trip.
  p.cover_width = 1600;
  p.cover_height = 900;
  blog.Put({p}, {Ana()});
  h = blog.Get("/2023/09/27/c/").body;
  BOOST_CHECK_EQUAL(Meta(h, "og:image:width"), "1600");
  BOOST_CHECK_EQUAL(Meta(h, "og:image:height"), "900");
  BOOST_CHECK(Contains(h, "width=\"1600\" height=\"900\">"));  // <img>
  Post back;
  BOOST_REQUIRE(back.Decode(p.Encode()).ok());
  BOOST_CHECK_EQUAL(back.cover_width, 1600);
  BOOST_CHECK_EQUAL(back.cover_height, 900);
}

BOOST_AUTO_TEST_CASE(index_tag_and_author_pages) {
  Blog blog;
  blog.Put({MakePost("a", k0800Z, {"PostgreSQL"}),
            MakePost("b", k0800Z + kDay, {"PostgreSQL"})},
           {Ana()});
  std::string home = blog.Get("/").body;
  BOOST_CHECK_EQUAL(Meta(home, "description"), "Notes on databases.");
  BOOST_CHECK_EQUAL(Meta(home, "og:type"), "website");
  BOOST_CHECK_EQUAL(Meta(home, "og:url"), std::string(kBase) + "/");
  BOOST_CHECK_EQUAL(Meta(home, "og:title"), "Test Blog");
  BOOST_CHECK_EQUAL(Meta(home, "twitter:card"), "summary");
  BOOST_CHECK_EQUAL(Meta(home, "article:published_time"), "");
  JsonChecker blog_json(JsonLd(home));
  BOOST_REQUIRE_MESSAGE(blog_json.Valid(), "invalid JSON-LD: " + JsonLd(home));
  BOOST_CHECK(HasString(blog_json.strings, "Blog"));
  BOOST_CHECK(HasString(blog_json.strings, "Notes on databases."));
  BOOST_CHECK(HasString(blog_json.strings, std::string(kBase) + "/"));

  std::string tag = blog.Get("/tag/postgresql/").body;
  BOOST_CHECK_EQUAL(Meta(tag, "description"),
                    "Posts tagged PostgreSQL on Test Blog: 2 posts.");
  BOOST_CHECK_EQUAL(Meta(tag, "og:type"), "website");
  BOOST_CHECK_EQUAL(Meta(tag, "og:url"),
                    std::string(kBase) + "/tag/postgresql/");
  BOOST_CHECK_EQUAL(JsonLd(tag), "");

  std::string author = blog.Get("/author/ana/").body;
  BOOST_CHECK_EQUAL(Meta(author, "description"),
                    "Posts by Anna Keller on Test Blog.");
  BOOST_CHECK_EQUAL(Meta(author, "og:title"), "Anna Keller");
  BOOST_CHECK(Contains(author, "<link rel=\"canonical\" href=\"" +
                                   std::string(kBase) + "/author/ana/\">"));

  Blog with_bio;
  with_bio.Put({MakePost("a", k0800Z)},
               {Ana("<p>Writes about <em>indexes</em> &amp; pools.</p>")});
  BOOST_CHECK_EQUAL(Meta(with_bio.Get("/author/ana/").body, "description"),
                    "Writes about indexes &amp; pools.");
}

// Only the blog's front page is the Blog; later pages and errors have
// their own URL and no JSON-LD.
BOOST_AUTO_TEST_CASE(later_pages_and_errors) {
  Blog blog([](Settings* s) { s->page_size = 1; });
  blog.Put({MakePost("a", k0800Z), MakePost("b", k0800Z + kDay)}, {Ana()});
  std::string second = blog.Get("/page/2/").body;
  BOOST_CHECK_EQUAL(Meta(second, "og:url"), std::string(kBase) + "/page/2/");
  BOOST_CHECK_EQUAL(Meta(second, "og:title"), "page 2");
  BOOST_CHECK_EQUAL(JsonLd(second), "");
  Response missing = blog.Get("/no/such/");
  BOOST_CHECK_EQUAL(missing.status, 404);
  BOOST_CHECK_EQUAL(Meta(missing.body, "og:type"), "website");
  BOOST_CHECK_EQUAL(Meta(missing.body, "description"), "Notes on databases.");
  BOOST_CHECK_EQUAL(JsonLd(missing.body), "");
}

BOOST_AUTO_TEST_CASE(standalone_page_is_a_website) {
  Blog blog;
  Post page = MakePost("about", 0);
  page.page = true;
  page.url = "/about/";
  page.author_ids.clear();
  page.description = "About us.";
  blog.Put({page});
  Response r = blog.Get("/about/");
  BOOST_REQUIRE_EQUAL(r.status, 200);
  BOOST_CHECK_EQUAL(Meta(r.body, "og:type"), "website");
  BOOST_CHECK_EQUAL(Meta(r.body, "description"), "About us.");
  BOOST_CHECK_EQUAL(Meta(r.body, "og:url"), std::string(kBase) + "/about/");
  BOOST_CHECK_EQUAL(JsonLd(r.body), "");
}

BOOST_AUTO_TEST_CASE(hostile_titles_are_escaped_in_attributes_and_json_ld) {
  const std::string hostile =
      "Say \"hi\" <b> & </script><script>alert(1)</script> \\ \xE2\x80\xA8"
      "\xE2\x80\xA9 \x01 bad:\xFF\xC3(";
  Blog blog([&](Settings* s) { s->title = hostile; });
  Post p = MakePost("h", k0800Z, {"</script><script>alert(2)</script>"});
  p.title = hostile;
  p.description = hostile;
  Author ana = Ana();
  ana.name = hostile;
  blog.Put({p}, {ana});
  for (const char* path : {"/2023/09/27/h/", "/"}) {
    std::string h = blog.Get(path).body;
    // One script element only: the JSON-LD, whose end is its own.
    BOOST_CHECK_EQUAL(Count(h, "<script"), 1u);
    BOOST_CHECK_EQUAL(Count(h, "</script"), 1u);
    BOOST_CHECK(!Contains(h, "<b>"));
    BOOST_CHECK(!Contains(h, "alert(1)</script>"));
    // Attribute values cannot end early.
    std::string og_title = Meta(h, "og:title");
    BOOST_CHECK(!og_title.empty());
    BOOST_CHECK(!Contains(og_title, "<"));
    std::string json = JsonLd(h);
    BOOST_CHECK(!Contains(json, "<"));
    BOOST_CHECK(!Contains(json, ">"));
    BOOST_CHECK(!Contains(json, "&"));
    BOOST_CHECK(!Contains(json, "\xE2\x80\xA8"));
    BOOST_CHECK(!Contains(json, "\xE2\x80\xA9"));
    JsonChecker checker(json);
    BOOST_REQUIRE_MESSAGE(checker.Valid(), "invalid JSON-LD: " + json);
    // A reader gets the text back, with U+FFFD for the invalid bytes.
    const std::string decoded =
        "Say \"hi\" <b> & </script><script>alert(1)</script> \\ \xE2\x80\xA8"
        "\xE2\x80\xA9 \x01 bad:\xEF\xBF\xBD\xEF\xBF\xBD(";
    BOOST_CHECK_MESSAGE(HasString(checker.strings, decoded), json);
  }
}

BOOST_AUTO_TEST_CASE(json_script_string_escapes) {
  BOOST_CHECK_EQUAL(JsonScriptString("a\"b\\c"), "\"a\\\"b\\\\c\"");
  BOOST_CHECK_EQUAL(JsonScriptString("</script>&"),
                    "\"\\u003c/script\\u003e\\u0026\"");
  BOOST_CHECK_EQUAL(JsonScriptString("\n\x1f"), "\"\\u000a\\u001f\"");
  BOOST_CHECK_EQUAL(JsonScriptString("\xE2\x80\xA8\xE2\x80\xA9"),
                    "\"\\u2028\\u2029\"");
  BOOST_CHECK_EQUAL(JsonScriptString("\xC3\xA9\xF0\x9F\x98\x80"),
                    "\"\xC3\xA9\xF0\x9F\x98\x80\"");
  // Overlong, surrogate and truncated sequences are not UTF-8.
  BOOST_CHECK_EQUAL(JsonScriptString("\xC0\xAF"), "\"\\ufffd\\ufffd\"");
  BOOST_CHECK_EQUAL(JsonScriptString("\xED\xA0\x80"),
                    "\"\\ufffd\\ufffd\\ufffd\"");
  BOOST_CHECK_EQUAL(JsonScriptString("\xE2\x80"), "\"\\ufffd\\ufffd\"");
}

BOOST_AUTO_TEST_CASE(robots_txt_in_both_modes) {
  Blog index;
  Response r = index.Get("/robots.txt");
  BOOST_REQUIRE_EQUAL(r.status, 200);
  BOOST_CHECK_EQUAL(r.Header("Content-Type"), "text/plain; charset=utf-8");
  BOOST_CHECK(Contains(r.body, "User-agent: *\n"));
  BOOST_CHECK(
      Contains(r.body, "Sitemap: " + std::string(kBase) + "/sitemap.xml\n"));
  BOOST_CHECK(!Contains(r.body, "Disallow: /"));
  BOOST_CHECK(!r.Header("ETag").empty());  // cached and revalidated
  BOOST_CHECK(!r.Header("X-Accel-Expires").empty());
  BOOST_CHECK_EQUAL(r.Header("X-Robots-Tag"), "");

  Blog staging([](Settings* s) { s->robots = Robots::kNoindex; });
  r = staging.Get("/robots.txt");
  BOOST_CHECK_EQUAL(r.body, "User-agent: *\nDisallow: /\n");
  BOOST_CHECK_EQUAL(r.Header("X-Robots-Tag"), "noindex, nofollow");
}

BOOST_AUTO_TEST_CASE(noindex_marks_every_response) {
  Blog staging([](Settings* s) { s->robots = Robots::kNoindex; });
  staging.Put({MakePost("a", k0800Z)}, {Ana()});
  for (const char* path : {"/", "/2023/09/27/a/", "/feed.xml", "/sitemap.xml",
                           "/no/such/page/", "/%zz", "/tags"}) {
    Response r = staging.Get(path);
    BOOST_CHECK_MESSAGE(r.Header("X-Robots-Tag") == "noindex, nofollow",
                        path << " (" << r.status << ") lacks X-Robots-Tag");
  }
  Response missing = staging.Get("/no/such/page/");
  BOOST_CHECK_EQUAL(missing.status, 404);
  std::string home = staging.Get("/").body;
  BOOST_CHECK(
      Contains(home, "<meta name=\"robots\" content=\"noindex, nofollow\">"));

  Blog index;
  BOOST_CHECK_EQUAL(index.Get("/no/such/page/").Header("X-Robots-Tag"), "");
}

BOOST_AUTO_TEST_CASE(first_image_of_stored_html) {
  Settings s;
  s.base_url = kBase;
  Urls urls(s);
  PreviewImage i = FirstImage(
      urls,
      "<p>x</p><picture><source srcset=\"/m/a.webp\"><img "
      "src=\"/m/a.png?x=1&amp;y=2\" width=\"640\" height=\"480\" /></p>");
  BOOST_CHECK_EQUAL(i.url, std::string(kBase) + "/m/a.png?x=1&y=2");
  BOOST_CHECK_EQUAL(i.width, 640);
  BOOST_CHECK_EQUAL(i.height, 480);
  i = FirstImage(urls, "<img src=\"https://cdn.example.com/b.png\" />");
  BOOST_CHECK_EQUAL(i.url, "https://cdn.example.com/b.png");
  BOOST_CHECK_EQUAL(i.width, 0);  // no size given: none claimed
  BOOST_CHECK_EQUAL(i.height, 0);
  // Nothing a crawler could fetch: no image.
  for (const char* html :
       {"<p>no image</p>", "<img src=\"data:image/png;base64,AAAA\">",
        "<img src=\"relative.png\">", "<img src=\"//host/x.png\">",
        "<img src='/single.png'>", "<img src=\"/unterminated"}) {
    BOOST_CHECK_MESSAGE(FirstImage(urls, html).url.empty(), html);
  }
  // A half-given or absurd size is dropped.
  i = FirstImage(urls, "<img src=\"/c.png\" width=\"10\" height=\"x\">");
  BOOST_CHECK_EQUAL(i.width, 0);
  BOOST_CHECK_EQUAL(i.height, 0);
  i = FirstImage(urls, "<img src=\"/c.png\" width=\"999999\" height=\"10\">");
  BOOST_CHECK_EQUAL(i.width, 0);
}
