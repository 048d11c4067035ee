// Issue 9, "Authoring": several authors per post, standalone pages with
// header and footer menus, and the per-post fields description, image,
// updated and reading time. Content goes through the real import (a temp
// content folder, a store on disk) and is read back through a Site, as a
// reader would see it.
#define BOOST_TEST_MODULE authoring
#define BOOST_TEST_DYN_LINK

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "content.h"
#include "dates.h"
#include "html_text.h"
#include "importer.h"
#include "pages.h"
#include "preview.h"
#include "records.h"
#include "settings.h"
#include "site.h"
#include "store.h"
#include "test_util.h"

using namespace levelpress;
using levelpress::testing::Contains;
using levelpress::testing::ReadTree;
using levelpress::testing::TempDir;
using levelpress::testing::WriteFile;
namespace fs = std::filesystem;

namespace {

constexpr int64_t kNow = 2000000000;  // 2033: every test post is older
constexpr char kSvg[] =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 4 3\"></svg>";

std::string All(const std::vector<Problem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.ToString() + "\n";
  return out;
}

std::vector<std::string> Errors(const std::vector<Problem>& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems) {
    if (!p.warning) out.push_back(p.ToString());
  }
  return out;
}

bool HasLine(const std::vector<std::string>& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

// The text of the first byline (post page or listing entry).
std::string BylineText(const std::string& html) {
  size_t start = html.find("class=\"byline\"");
  if (start == std::string::npos) return "";
  start = html.find('>', start) + 1;
  size_t end =
      std::min(html.find("</p>", start), html.find("</footer>", start));
  return HtmlToText(html.substr(start, end - start));
}

// A blog on disk: a content folder, a store, a site over it (UTC).
struct Blog {
  TempDir tmp{"levelpress-authoring"};
  Settings settings;
  std::unique_ptr<Store> store;
  std::shared_ptr<const SiteConfig> config;
  std::unique_ptr<Site> site;

  explicit Blog(const std::function<void(Settings*)>& tweak = nullptr) {
    BOOST_REQUIRE(SetTimeZone("UTC").ok());
    settings.time_zone = "UTC";
    settings.store_path = tmp / "store";
    settings.media_dir = tmp / "media";
    settings.templates_dir = SOURCE_DIR "/templates";
    settings.title = "Test Blog";
    settings.description = "The site's own description.";
    if (tweak) tweak(&settings);
    Status s = Store::Open(settings.store_path, OpenOptions(), &store);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
    s = LoadSiteConfig(settings, &config);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
    site = std::make_unique<Site>(store.get(), config);
  }
  std::string content() const { return tmp / "content"; }
  ImportMemo* memo = nullptr;  // set: imports as a running server does
  void Write(const std::string& rel, const std::string& text) const {
    WriteFile(content() + "/" + rel, text);
  }
  Status Import(ImportReport* report, const std::string& dir = "") {
    ImportOptions o;
    o.dir = dir.empty() ? content() : dir;
    o.threads = 2;
    o.compact = false;
    o.memo = memo;
    return levelpress::Import(settings, store.get(), o, report);
  }
  ImportReport MustImport(const std::string& dir = "") {
    ImportReport r;
    Status s = Import(&r, dir);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString() << "\n" << All(r.problems));
    return r;
  }
  std::vector<std::string> MustFail() {
    ImportReport r;
    Status s = Import(&r);
    BOOST_CHECK(s.IsInvalidArgument());
    return Errors(r.problems);
  }
  Response Get(const std::string& target) const {
    Request r;
    r.method = "GET";
    r.target = target;
    Response resp = site->Handle(r, kNow);
    BOOST_CHECK_MESSAGE(resp.status != 500, target + " gave 500");
    return resp;
  }
  std::string Html(const std::string& target) const {
    Response r = Get(target);
    BOOST_CHECK_MESSAGE(r.status == 200,
                        target << " gave " << r.status << ", want 200");
    return r.body;
  }
  std::vector<std::string> CheckProblems() const {
    std::vector<std::string> problems;
    BOOST_REQUIRE(store->Check(&problems).ok());
    return problems;
  }
};

void WriteAuthors(const Blog& b) {
  b.Write("authors/anna.md",
          "---\nname: Anna Keller\navatar: anna.svg\n---\nAnna writes.\n");
  b.Write("authors/anna.svg", "<svg/>");
  b.Write("authors/jonas.md", "---\nname: Jonas Brandt\n---\nJonas too.\n");
  b.Write("authors/priya.md", "---\nname: Priya Raman\n---\nAnd Priya.\n");
}

// A post dated 2023-01-<day> 10:00 UTC.
std::string PostText(const std::string& title, const std::string& fields,
                     const std::string& body = "Body text.\n",
                     const std::string& day = "02") {
  return "---\ntitle: \"" + title + "\"\ndate: 2023-01-" + day +
         "T10:00:00Z\n" + fields + "---\n" + body;
}

void WritePagesBlog(const Blog& b) {
  WriteAuthors(b);
  b.Write("posts/post.md", PostText("A post", "author: anna\n"));
  b.Write("pages/about.md",
          "---\ntitle: About \"us\"\ndescription: Who we are.\n---\n"
          "We write *software*.\n");
  b.Write("pages/imprint.md",
          "---\ntitle: Imprint\nurl: /legal/imprint/\n---\nExample GmbH.\n");
}

ParsedPost Parse(const std::string& rel, const std::string& text) {
  Settings settings;
  settings.time_zone = "UTC";
  AuthorIndex authors;
  Author anna;
  anna.id = "anna";
  anna.name = "Anna Keller";
  anna.source_path = "authors/anna.md";
  authors.Add(anna);
  return ParsePostFile(rel, text, settings, authors);
}

}  // namespace

// ---------------------------------------------------------- front matter

BOOST_AUTO_TEST_SUITE(front_matter_fields)

BOOST_AUTO_TEST_CASE(authors_resolve_each_id_or_display_name_in_order) {
  ParsedPost p = Parse("posts/x.md",
                       PostText("X", "authors: [Someone Else, Anna Keller]\n"));
  BOOST_REQUIRE_MESSAGE(p.ok, All(p.problems));
  BOOST_CHECK(
      (p.post.author_ids == std::vector<std::string>{"someone-else", "anna"}));
  BOOST_CHECK((p.author_values ==
               std::vector<std::string>{"Someone Else", "Anna Keller"}));
  // The comma form, as for tags.
  p = Parse("posts/x.md", PostText("X", "authors: \"anna, jonas\"\n"));
  BOOST_CHECK((p.post.author_ids == std::vector<std::string>{"anna", "jonas"}));
}

BOOST_AUTO_TEST_CASE(author_errors_name_file_line_and_field) {
  struct Case {
    std::string fields, error;
  };
  const std::vector<Case> cases = {
      {"author: anna\nauthors: [jonas]\n",
       "posts/x.md:5: authors: give `author:` (one) or `authors:` (a list), "
       "not both"},
      {"authors: [anna, Anna Keller]\n",
       "posts/x.md:4: authors: 'Anna Keller' is named twice (author id "
       "anna); name each author once"},
      {"authors: []\n",
       "posts/x.md:4: authors: missing (an author id from authors/, or a "
       "display name)"},
      {"tags: [a]\n",
       "posts/x.md:1: author: missing (an author id from authors/, or a "
       "display name)"},
      {"authors: [anna, '---']\n",
       "posts/x.md:4: authors: '---' gives no author id"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.fields) {
      ParsedPost p = Parse("posts/x.md", PostText("X", c.fields));
      BOOST_CHECK(!p.ok);
      auto errors = Errors(p.problems);
      BOOST_CHECK_MESSAGE(HasLine(errors, c.error), All(p.problems));
    }
  }
}

BOOST_AUTO_TEST_CASE(description_is_plain_smart_text) {
  ParsedPost p =
      Parse("posts/x.md",
            PostText("X",
                     "author: anna\ndescription: \"It's *not* \\\"Markdown\\\" "
                     "-- really...\"\n"));
  BOOST_REQUIRE_MESSAGE(p.ok, All(p.problems));
  BOOST_CHECK_EQUAL(p.post.description, "It’s *not* “Markdown” – really…");
  p = Parse("posts/x.md", PostText("X", "author: anna\ndescription: [a]\n"));
  BOOST_CHECK(!p.ok);
  BOOST_CHECK_MESSAGE(Contains(All(p.problems), "posts/x.md:5: description: "),
                      All(p.problems));
}

BOOST_AUTO_TEST_CASE(updated_is_a_date) {
  ParsedPost p =
      Parse("posts/x.md", PostText("X", "author: anna\nupdated: 2023-03-04\n"));
  BOOST_REQUIRE_MESSAGE(p.ok, All(p.problems));
  int64_t want = 0;
  std::string why;
  BOOST_REQUIRE(ParseDate("2023-03-04", &want, &why));
  BOOST_CHECK_EQUAL(p.post.updated, want);
  p = Parse("posts/x.md", PostText("X", "author: anna\nupdated: 2023-13-40\n"));
  BOOST_CHECK(!p.ok);
  BOOST_CHECK_MESSAGE(Contains(All(p.problems), "posts/x.md:5: updated: "),
                      All(p.problems));
}

BOOST_AUTO_TEST_CASE(image_is_a_media_file_beside_the_post) {
  ParsedPost p = Parse("posts/2023/x/index.md",
                       PostText("X", "author: anna\nimage: cover.jpg\n"));
  BOOST_REQUIRE_MESSAGE(p.ok, All(p.problems));
  BOOST_CHECK_EQUAL(p.post.image, "cover.jpg");
  BOOST_CHECK_EQUAL(p.post.CoverAsset(), "posts/2023/x/cover.jpg");
  // The cover is copied like the body's images, and its line is known.
  BOOST_CHECK(std::find(p.post.assets.begin(), p.post.assets.end(),
                        "posts/2023/x/cover.jpg") != p.post.assets.end());
  BOOST_CHECK_EQUAL(p.lines.assets["posts/2023/x/cover.jpg"], 5);
  for (const std::string bad :
       {"../cover.jpg", "/etc/cover.jpg", "notes.md", ".hidden.png"}) {
    BOOST_TEST_CONTEXT(bad) {
      p = Parse("posts/x.md",
                PostText("X", "author: anna\nimage: \"" + bad + "\"\n"));
      BOOST_CHECK(!p.ok);
      BOOST_CHECK_MESSAGE(Contains(All(p.problems), "posts/x.md:5: image: '"),
                          All(p.problems));
    }
  }
}

BOOST_AUTO_TEST_CASE(reading_time_counts_the_body_text) {
  std::string words;
  for (int i = 0; i < 1380; ++i) words += "word ";  // 6 minutes at 230/min
  ParsedPost p =
      Parse("posts/x.md", PostText("X", "author: anna\n", words + "\n"));
  BOOST_REQUIRE_MESSAGE(p.ok, All(p.problems));
  BOOST_CHECK_EQUAL(p.post.reading_minutes, 6);
  p = Parse("posts/x.md", PostText("X", "author: anna\n", "Short.\n"));
  BOOST_CHECK_EQUAL(p.post.reading_minutes, 1);  // never "0 min read"
  BOOST_CHECK_EQUAL(CountWords(HtmlToText("<p>a <em>b</em>c</p><p>d</p>")), 3u);
}

BOOST_AUTO_TEST_CASE(a_page_needs_a_title_but_no_date_or_author) {
  ParsedPost p = Parse("pages/about.md", "---\ntitle: About\n---\nHi.\n");
  BOOST_REQUIRE_MESSAGE(p.ok, All(p.problems));
  BOOST_CHECK(p.post.page);
  BOOST_CHECK_EQUAL(p.post.url, "/about/");
  BOOST_CHECK(p.post.author_ids.empty());
  p = Parse("pages/about.md", "---\nurl: /company/about/\n---\nHi.\n");
  BOOST_CHECK(!p.ok);
  BOOST_CHECK(HasLine(Errors(p.problems),
                      "pages/about.md:1: title: missing (every post needs a "
                      "title)"));
  p = Parse("pages/about.md",
            "---\ntitle: About\nurl: /company/about/\n---\nHi.\n");
  BOOST_REQUIRE_MESSAGE(p.ok, All(p.problems));
  BOOST_CHECK_EQUAL(p.post.url, "/company/about/");
  for (const std::string bad :
       {"about", "/about", "/a b/", "/a?b/", "/x/../y/"}) {
    BOOST_TEST_CONTEXT(bad) {
      p = Parse("pages/about.md",
                "---\ntitle: About\nurl: \"" + bad + "\"\n---\nHi.\n");
      BOOST_CHECK(!p.ok);
      BOOST_CHECK_MESSAGE(
          Contains(All(p.problems), "pages/about.md:3: url: '" + bad + "'"),
          All(p.problems));
    }
  }
  // A post has no url: field.
  p = Parse("posts/x.md", PostText("X", "author: anna\nurl: /x/\n"));
  BOOST_CHECK(HasLine(Errors(p.problems),
                      "posts/x.md:5: url: only a page (pages/) takes a "
                      "`url:`; a post's URL comes from the setting post_url"));
}

BOOST_AUTO_TEST_CASE(a_page_at_a_path_the_site_answers_is_an_error) {
  struct Case {
    std::string text, error;
  };
  const std::vector<Case> cases = {
      {"---\ntitle: T\nurl: /tags/\n---\n",
       "pages/p.md:3: url: the page's URL /tags/ is the tags page, which the "
       "site answers itself; give the page another `url:`"},
      {"---\ntitle: T\nslug: authors\n---\n",
       "pages/p.md:3: slug: the page's URL /authors/ is the authors page, "
       "which the site answers itself; give the page another `slug:`"},
      {"---\ntitle: T\nurl: /tag/x/\n---\n",
       "pages/p.md:3: url: the page's "
       "URL /tag/x/ is a tag page"},
      {"---\ntitle: T\nurl: /author/anna/\n---\n",
       "pages/p.md:3: url: the page's URL /author/anna/ is an author page"},
      {"---\ntitle: T\nurl: /media/x/\n---\n",
       "pages/p.md:3: url: the page's URL /media/x/ is "},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.text) {
      ParsedPost p = Parse("pages/p.md", c.text);
      BOOST_CHECK(!p.ok);
      BOOST_CHECK_MESSAGE(Contains(All(p.problems), c.error), All(p.problems));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------- bylines

BOOST_AUTO_TEST_SUITE(co_authors)

BOOST_AUTO_TEST_CASE(bylines_list_every_author_in_order_with_avatar_and_link) {
  Blog b;
  WriteAuthors(b);
  b.Write("posts/two.md",
          PostText("Two", "authors: [anna, Jonas Brandt]\ntags: [A, B, C]\n"));
  b.Write("posts/three.md",
          PostText("Three", "authors: [priya, anna, jonas]\ntags: [A]\n",
                   "Body text.\n", "03"));
  b.Write("posts/solo.md",
          PostText("Solo", "author: jonas\n", "Body text.\n", "04"));
  ImportReport r = b.MustImport();
  BOOST_CHECK_MESSAGE(r.problems.empty(), All(r.problems));

  const std::string two = b.Html("/2023/01/02/two/");
  BOOST_CHECK_EQUAL(BylineText(two),
                    "Anna Keller and Jonas Brandt on A, B, and C");
  BOOST_CHECK(Contains(two, "<a href=\"/author/anna/\">Anna Keller</a>"));
  BOOST_CHECK(Contains(two, "<a href=\"/author/jonas/\">Jonas Brandt</a>"));
  BOOST_CHECK(Contains(two, "src=\"/media/authors/anna.svg\""));
  BOOST_CHECK(Contains(two, "src=\"/theme/avatar.svg\""));  // Jonas: none
  const std::string three = b.Html("/2023/01/03/three/");
  BOOST_CHECK_EQUAL(BylineText(three),
                    "Priya Raman, Anna Keller, and Jonas Brandt on A");
  size_t byline_start = three.find("class=\"byline\"");
  BOOST_CHECK_EQUAL(
      Count(three.substr(byline_start,
                         three.find("</p>", byline_start) - byline_start),
            "class=\"avatar\""),
      3u);
  BOOST_CHECK_EQUAL(BylineText(b.Html("/2023/01/04/solo/")), "Jonas Brandt");
  // The index shows the same bylines.
  const std::string index = b.Html("/");
  BOOST_CHECK(Contains(HtmlToText(index),
                       "Priya Raman, Anna Keller, and Jonas Brandt on A"));
  // The feed names each author, with a link to the author's page.
  const std::string feed = b.Html("/feed.xml");
  BOOST_CHECK(Contains(feed, "<author><name>Anna Keller</name><uri>"));
  BOOST_CHECK(Contains(feed,
                       "/author/anna/</uri></author>\n"
                       "<author><name>Jonas Brandt</name><uri>"));
}

BOOST_AUTO_TEST_CASE(every_authors_page_lists_the_post_and_counts_it) {
  Blog b;
  WriteAuthors(b);
  b.Write("posts/joint.md", PostText("Joint", "authors: [anna, jonas]\n"));
  b.Write("posts/solo.md",
          PostText("Solo", "author: anna\n", "Body text.\n", "05"));
  b.MustImport();
  BOOST_CHECK(b.CheckProblems().empty());
  const std::string anna = b.Html("/author/anna/");
  const std::string jonas = b.Html("/author/jonas/");
  BOOST_CHECK(Contains(anna, "href=\"/2023/01/02/joint/\""));
  BOOST_CHECK(Contains(anna, "href=\"/2023/01/05/solo/\""));
  BOOST_CHECK(Contains(jonas, "href=\"/2023/01/02/joint/\""));
  BOOST_CHECK(!Contains(jonas, "href=\"/2023/01/05/solo/\""));
  BOOST_CHECK(Contains(b.Get("/author/priya/").body, "No posts yet.") ||
              b.Get("/author/priya/").status == 404);
  const std::string authors = HtmlToText(b.Html("/authors/"));
  BOOST_CHECK_MESSAGE(Contains(authors, "Anna Keller Posts: 2"), authors);
  BOOST_CHECK_MESSAGE(Contains(authors, "Jonas Brandt Posts: 1"), authors);
}

BOOST_AUTO_TEST_CASE(co_authors_named_by_display_name_get_author_pages) {
  Blog b;
  WriteAuthors(b);
  b.Write("posts/guest.md",
          PostText("Guest", "authors: [anna, Guest Writer]\n"));
  b.MustImport();
  Author guest;
  BOOST_REQUIRE(b.store->View().GetAuthor("guest-writer", &guest).ok());
  BOOST_CHECK_EQUAL(guest.name, "Guest Writer");
  BOOST_CHECK(
      Contains(b.Html("/author/guest-writer/"), "href=\"/2023/01/02/guest/\""));
}

// A running server's import memo keeps parsed posts while the author files
// are the same; a new author file that takes a co-author's display name
// must make the post name that author.
BOOST_AUTO_TEST_CASE(the_import_memo_sees_a_new_author_file_of_a_co_author) {
  Blog b;
  ImportMemo memo;
  b.memo = &memo;
  WriteAuthors(b);
  b.Write("posts/guest.md",
          PostText("Guest", "authors: [anna, Guest Writer]\n"));
  b.MustImport();
  Post p;
  BOOST_REQUIRE(b.store->View().GetPost("guest", &p).ok());
  BOOST_CHECK(
      (p.author_ids == std::vector<std::string>{"anna", "guest-writer"}));
  b.Write("authors/gw.md", "---\nname: Guest Writer\n---\nNow with a file.\n");
  ImportReport r = b.MustImport();
  BOOST_CHECK_EQUAL(r.counts.changed, 1u);
  BOOST_REQUIRE(b.store->View().GetPost("guest", &p).ok());
  BOOST_CHECK((p.author_ids == std::vector<std::string>{"anna", "gw"}));
  BOOST_CHECK(Contains(b.Html("/author/gw/"), "href=\"/2023/01/02/guest/\""));
  // Unchanged files again: nothing is parsed or written.
  r = b.MustImport();
  BOOST_CHECK_EQUAL(r.counts.unchanged, 1u);
  BOOST_CHECK_EQUAL(r.counts.changed, 0u);
}

BOOST_AUTO_TEST_SUITE_END()

// ------------------------------------------------------------------ pages

BOOST_AUTO_TEST_SUITE(standalone_pages)

BOOST_AUTO_TEST_CASE(a_page_is_served_at_its_url_without_date_or_byline) {
  Blog b;
  WritePagesBlog(b);
  ImportReport r = b.MustImport();
  BOOST_CHECK_MESSAGE(r.problems.empty(), All(r.problems));
  BOOST_CHECK(b.CheckProblems().empty());
  const std::string about = b.Html("/about/");
  BOOST_CHECK(Contains(about, "<h1 class=\"post-title\">About “us”</h1>"));
  BOOST_CHECK(Contains(about, "<p>We write <em>software</em>.</p>"));
  BOOST_CHECK(Contains(about,
                       "<meta name=\"description\" content=\"Who we "
                       "are.\">"));
  BOOST_CHECK(Contains(about,
                       "<link rel=\"canonical\" "
                       "href=\"http://127.0.0.1:8080/about/\">"));
  BOOST_CHECK(!Contains(about, "class=\"byline\""));
  BOOST_CHECK(!Contains(about, "<time"));
  BOOST_CHECK(!Contains(about, "post-nav"));
  BOOST_CHECK(Contains(b.Html("/legal/imprint/"), "Example GmbH."));
  // Without the final '/', a redirect, as for every page.
  Response bare = b.Get("/about");
  BOOST_CHECK_EQUAL(bare.status, 301);
  BOOST_CHECK_EQUAL(bare.Header("Location"), "/about/");
  BOOST_CHECK_EQUAL(b.Get("/imprint/").status, 404);  // it has its url:
}

BOOST_AUTO_TEST_CASE(a_draft_page_is_not_served_but_has_a_preview) {
  Blog b;
  WritePagesBlog(b);
  b.Write("pages/soon.md", "---\ntitle: Soon\ndraft: true\n---\nNot yet.\n");
  b.MustImport();
  BOOST_CHECK_EQUAL(b.Get("/soon/").status, 404);
  BOOST_CHECK(!Contains(b.Html("/sitemap.xml"), "/soon/"));
  std::string key;
  BOOST_REQUIRE(NewPreviewKey(&key).ok());
  {
    StoreWriter w(b.store.get(), kNow);
    w.PutMeta(kPreviewKeyName, key);
    BOOST_REQUIRE(w.Commit(false).ok());
  }
  const std::string preview = b.Html(PreviewPath(key, "soon", kNow + 3600));
  BOOST_CHECK(Contains(preview, "<h1 class=\"post-title\">Soon</h1>"));
  BOOST_CHECK(Contains(preview, "Draft: not published"));
  BOOST_CHECK(Contains(preview, "noindex"));
  BOOST_CHECK(!Contains(preview, "class=\"byline\""));
}

BOOST_AUTO_TEST_CASE(pages_are_in_the_sitemap_and_in_no_listing_or_feed) {
  Blog b;
  WritePagesBlog(b);
  b.MustImport();
  const std::string sitemap = b.Html("/sitemap.xml");
  BOOST_CHECK(Contains(sitemap, "<loc>http://127.0.0.1:8080/about/</loc>"));
  BOOST_CHECK(
      Contains(sitemap, "<loc>http://127.0.0.1:8080/legal/imprint/</loc>"));
  for (const std::string listing :
       {"/", "/feed.xml", "/author/anna/", "/tags/", "/authors/"}) {
    BOOST_TEST_CONTEXT(listing) {
      const std::string html = b.Html(listing);
      BOOST_CHECK(!Contains(html, "/about/"));
      BOOST_CHECK(!Contains(html, "Example GmbH"));
      BOOST_CHECK(!Contains(html, "Imprint"));
    }
  }
  BOOST_CHECK_EQUAL(b.store->View().CountVisible(Listing::All(), kNow), 1u);
}

BOOST_AUTO_TEST_CASE(url_collisions_are_errors_naming_file_and_line) {
  Blog b;
  WriteAuthors(b);
  b.Write("posts/about.md", PostText("About post", "author: anna\n"));
  b.Write("posts/other.md",
          PostText("Other", "author: anna\naliases: [/team/]\n"));
  b.Write("pages/about.md", "---\ntitle: About\n---\n");
  b.Write("pages/team.md", "---\ntitle: Team\n---\n");
  b.Write("pages/one.md", "---\ntitle: One\nurl: /same/\n---\n");
  b.Write("pages/two.md", "---\ntitle: Two\nurl: /same/\n---\n");
  b.Write("pages/at-post.md",
          "---\ntitle: At a post\nurl: /2023/01/02/other/\n---\n");
  auto errors = b.MustFail();
  const std::string all = [&] {
    std::string s;
    for (const auto& e : errors) s += e + "\n";
    return s;
  }();
  // A page shares the posts' slugs.
  BOOST_CHECK_MESSAGE(Contains(all,
                               "pages/about.md:1: slug: 'about' is also "
                               "the slug of posts/about.md"),
                      all);
  BOOST_CHECK_MESSAGE(
      Contains(all,
               "pages/team.md:1: slug: the page's URL /team/ is an "
               "alias of posts/other.md"),
      all);
  BOOST_CHECK_MESSAGE(
      Contains(all,
               "pages/two.md:3: url: the page's URL /same/ is also the "
               "URL of pages/one.md"),
      all);
  BOOST_CHECK_MESSAGE(
      Contains(all,
               "pages/at-post.md:3: url: the page's URL "
               "/2023/01/02/other/ is also the URL of posts/other.md"),
      all);
  BOOST_CHECK_EQUAL(b.store->generation(), 0u);  // nothing written
}

BOOST_AUTO_TEST_CASE(menus_render_in_header_and_footer) {
  Blog b([](Settings* s) {
    s->menu = {{"About", "/about/"}, {"Jobs & more", "https://example.com/j"}};
    s->footer_menu = {{"Imprint", "/legal/imprint/"}, {"Privacy", "/privacy/"}};
  });
  WritePagesBlog(b);
  b.MustImport();
  for (const std::string path : {"/", "/2023/01/02/post/"}) {
    BOOST_TEST_CONTEXT(path) {
      const std::string html = b.Html(path);
      BOOST_CHECK(Contains(html,
                           "<ul>\n<li><a href=\"/about/\">About</a></li>\n"
                           "<li><a href=\"https://example.com/j\">Jobs &amp; "
                           "more</a></li>\n<li><a href=\"/authors/\">"));
      BOOST_CHECK(Contains(
          html,
          "<p class=\"footer-links\"><a href=\"/legal/imprint/\">Imprint</a> "
          "· <a href=\"/privacy/\">Privacy</a></p>"));
    }
  }
  // The page being shown is marked in the menu.
  BOOST_CHECK(Contains(b.Html("/about/"),
                       "<li><a href=\"/about/\" aria-current=\"page\">About"
                       "</a></li>"));
  BOOST_CHECK(Contains(b.Html("/legal/imprint/"),
                       "<a href=\"/legal/imprint/\" aria-current=\"page\">"
                       "Imprint</a>"));
  Blog plain;
  WritePagesBlog(plain);
  plain.MustImport();
  BOOST_CHECK(!Contains(plain.Html("/"), "footer-links"));
}

BOOST_AUTO_TEST_CASE(menu_settings_are_validated_with_their_lines) {
  Settings s;
  Status st = ParseSettings(
      "title: x\nmenu:\n  - {title: About, url: /about/}\n"
      "footer_menu:\n  - {title: Imprint, url: /imprint/}\n",
      "/tmp/levelpress.conf", &s);
  BOOST_REQUIRE_MESSAGE(st.ok(), st.ToString());
  BOOST_CHECK((s.menu == std::vector<MenuLink>{{"About", "/about/"}}));
  BOOST_CHECK(
      (s.footer_menu == std::vector<MenuLink>{{"Imprint", "/imprint/"}}));
  struct Case {
    std::string text, error;
  };
  const std::vector<Case> cases = {
      {"menu: /about/\n", "levelpress.conf:1: menu: must be a list of links"},
      {"title: x\nmenu:\n  - {title: About}\n",
       "levelpress.conf:3: menu: link 1 (line 3) must be a list of links"},
      {"menu:\n  - {title: About, url: /a/}\n  - {title: X, url: 'java"
       "script:alert(1)'}\n",
       "levelpress.conf:2: menu: link 2 (line 3): 'javascript:alert(1)' must "
       "be a path of this site"},
      {"footer_menu:\n  - {title: '', url: /a/}\n",
       "levelpress.conf:2: footer_menu: link 1 (line 2): the title must be "
       "non-empty"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.text) {
      Settings t;
      Status e = ParseSettings(c.text, "/tmp/levelpress.conf", &t);
      BOOST_CHECK(e.IsInvalidArgument());
      BOOST_CHECK_MESSAGE(Contains(e.message(), c.error), e.message());
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

// ------------------------------------------------------ post page fields

BOOST_AUTO_TEST_SUITE(post_page_fields)

BOOST_AUTO_TEST_CASE(description_cover_updated_and_reading_time) {
  Blog b;
  WriteAuthors(b);
  std::string words;
  for (int i = 0; i < 1380; ++i) words += "word ";
  b.Write("posts/full/index.md",
          PostText("Full",
                   "author: anna\ndescription: \"A \\\"plain\\\" "
                   "<summary>\"\nimage: cover.svg\n"
                   "updated: 2023-02-10T08:00:00Z\n",
                   words + "\n"));
  b.Write("posts/full/cover.svg", kSvg);
  b.Write("posts/bare.md",
          PostText("Bare", "author: anna\nupdated: 2023-01-02T18:00:00Z\n",
                   "First *paragraph* & more.\n\nSecond.\n", "06"));
  ImportReport r = b.MustImport();
  BOOST_CHECK_MESSAGE(r.problems.empty(), All(r.problems));

  const std::string full = b.Html("/2023/01/02/full/");
  BOOST_CHECK(Contains(full,
                       "<meta name=\"description\" content=\"A "
                       "“plain” &lt;summary&gt;\">"));
  BOOST_CHECK(Contains(full,
                       "<figure class=\"post-cover\"><img "
                       "src=\"/media/content/posts/full/cover.svg\" "
                       "alt=\"Full\" width=\"4\" height=\"3\"></figure>"));
  // The link preview names the cover with the size read at import.
  BOOST_CHECK(
      Contains(full, "<meta property=\"og:image:width\" content=\"4\">"));
  BOOST_CHECK(
      Contains(full, "<meta property=\"og:image:height\" content=\"3\">"));
  BOOST_CHECK(
      Contains(full,
               " · Updated <time datetime=\"2023-02-10T08:00:00+00:00\">"
               "February 10, 2023</time>"));
  BOOST_CHECK(Contains(full, "<span class=\"reading-time\">6 min read</span>"));
  BOOST_CHECK(
      fs::exists(b.settings.media_dir + "/content/posts/full/cover.svg"));

  // No description: the excerpt as text. Updated the same day: not shown.
  const std::string bare = b.Html("/2023/01/06/bare/");
  BOOST_CHECK_MESSAGE(
      Contains(bare,
               "<meta name=\"description\" content=\"First paragraph "
               "&amp; more.\">"),
      bare);
  BOOST_CHECK(!Contains(bare, "Updated"));
  BOOST_CHECK(!Contains(bare, "post-cover"));
  BOOST_CHECK(Contains(bare, "1 min read"));
  // Other pages keep the site's description.
  BOOST_CHECK(Contains(b.Html("/"),
                       "<meta name=\"description\" "
                       "content=\"The site&#39;s own "
                       "description.\">"));
}

BOOST_AUTO_TEST_CASE(a_missing_cover_is_a_warning_and_not_shown) {
  Blog b;
  WriteAuthors(b);
  b.Write("posts/x.md", PostText("X", "author: anna\nimage: gone.png\n"));
  ImportReport r = b.MustImport();
  BOOST_CHECK_MESSAGE(
      Contains(All(r.problems),
               "posts/x.md:5: warning: references 'posts/gone.png', which is "
               "not in the content folder"),
      All(r.problems));
  BOOST_CHECK(!Contains(b.Html("/2023/01/02/x/"), "post-cover"));
}

BOOST_AUTO_TEST_CASE(renders_are_deterministic) {
  Blog a, b;
  for (Blog* blog : {&a, &b}) {
    WritePagesBlog(*blog);
    blog->Write("posts/joint.md",
                PostText("Joint", "authors: [anna, jonas, priya]\n",
                         "Body text.\n", "07"));
    blog->MustImport();
  }
  for (const std::string path :
       {"/", "/about/", "/2023/01/07/joint/", "/author/jonas/", "/feed.xml"}) {
    BOOST_CHECK_MESSAGE(a.Html(path) == b.Html(path), path);
  }
}

BOOST_AUTO_TEST_SUITE_END()

// -------------------------------------------------------------- round trip

BOOST_AUTO_TEST_SUITE(round_trip)

BOOST_AUTO_TEST_CASE(export_writes_authors_pages_and_new_fields_back) {
  Blog a;
  WritePagesBlog(a);
  a.Write("posts/joint/index.md",
          PostText("Joint",
                   "authors: [anna, Guest Writer]\n"
                   "description: \"It's plain\"\nimage: c.svg\n"
                   "updated: 2023-03-01T00:00:00Z\n"));
  a.Write("posts/joint/c.svg", kSvg);
  a.MustImport();
  TempDir out("levelpress-authoring-export");
  size_t written = 0;
  Status s = Export(a.settings, a.store->View(), out / "b", &written);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  BOOST_CHECK_EQUAL(written, 4u);  // two posts, two pages
  const std::string joint = testing::ReadFile(out / "b/posts/joint/index.md");
  BOOST_CHECK_MESSAGE(Contains(joint, "authors: [anna, Guest Writer]\n"),
                      joint);
  BOOST_CHECK(!Contains(joint, "\nauthor:"));
  const std::string imprint = testing::ReadFile(out / "b/pages/imprint.md");
  BOOST_CHECK_MESSAGE(Contains(imprint, "url: \"/legal/imprint/\""), imprint);
  BOOST_CHECK(!Contains(imprint, "date:"));
  BOOST_CHECK(fs::exists(out / "b/posts/joint/c.svg"));

  Blog b;
  ImportReport rb = b.MustImport(out / "b");
  BOOST_CHECK_MESSAGE(rb.problems.empty(), All(rb.problems));
  for (const char* slug : {"post", "joint", "about", "imprint"}) {
    BOOST_TEST_CONTEXT(slug) {
      Post pa, pb;
      BOOST_REQUIRE(a.store->View().GetPost(slug, &pa).ok());
      BOOST_REQUIRE(b.store->View().GetPost(slug, &pb).ok());
      BOOST_CHECK(pa.EncodeContent() == pb.EncodeContent());
    }
  }
  BOOST_REQUIRE(Export(b.settings, b.store->View(), out / "c", &written).ok());
  BOOST_CHECK(ReadTree(out / "b") == ReadTree(out / "c"));
}

BOOST_AUTO_TEST_SUITE_END()
