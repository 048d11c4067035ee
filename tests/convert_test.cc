// levelpress convert: WordPress (WXR) and Ghost (JSON) exports to content
// folders, on the fixtures in tests/convert/ (written in each real format),
// and on hostile exports: truncated, malformed, entity expansion, external
// entities, invalid UTF-8, deep nesting, 200 MB.
#define BOOST_TEST_MODULE convert
#define BOOST_TEST_DYN_LINK
#include "convert.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>

#include "content.h"
#include "dates.h"
#include "ghost_documents.h"
#include "html_post.h"
#include "importer.h"
#include "test_util.h"
#include "wordpress_content.h"

using namespace levelpress;
using namespace levelpress::testing;

namespace {

// Under AddressSanitizer freed memory waits in a quarantine (and the
// code runs several times slower): the memory and time guards below are
// for the plain build.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

const std::string kFixtures = std::string(SOURCE_DIR) + "/tests/convert/";
const std::string kWxr = kFixtures + "wordpress/export.xml";
const std::string kUploads = kFixtures + "wordpress/uploads";
const std::string kGhost = kFixtures + "ghost/export.json";
const std::string kImages = kFixtures + "ghost/images";

Settings SiteSettings() {
  Settings s;
  s.time_zone = "UTC";
  BOOST_REQUIRE(SetTimeZone(s.time_zone).ok());
  return s;
}

Status Wordpress(const std::string& input, const std::string& out,
                 ConvertReport* report, const std::string& uploads = kUploads) {
  ConvertOptions o{input, out, uploads};
  return ConvertWordPress(o, SiteSettings(), report);
}

Status Ghost(const std::string& input, const std::string& out,
             ConvertReport* report, const std::string& images = kImages) {
  ConvertOptions o{input, out, images};
  return ConvertGhost(o, SiteSettings(), report);
}

// Import's every check on a folder (a dry run: no store): its errors.
std::vector<std::string> ImportErrors(const std::string& dir) {
  Settings s = SiteSettings();
  ImportOptions options;
  options.dir = dir;
  options.dry_run = true;
  options.threads = 1;
  ImportReport report;
  Status st = Import(s, nullptr, options, &report);
  std::vector<std::string> errors;
  for (const auto& p : report.problems)
    if (!p.warning) errors.push_back(p.ToString());
  if (!st.ok() && errors.empty()) errors.push_back(st.ToString());
  return errors;
}

// Nothing at out, and no temporary folder beside it.
void CheckNothingWritten(const TempDir& tmp, const std::string& out) {
  BOOST_CHECK(!fs::exists(out));
  for (const auto& e : fs::directory_iterator(tmp.path())) {
    BOOST_CHECK_MESSAGE(
        e.path().filename().string().find("converting") == std::string::npos,
        "left behind: " << e.path());
  }
}

std::string Truncated(const std::string& path, size_t bytes,
                      const std::string& to) {
  std::string text = ReadFile(path).substr(0, bytes);
  WriteFile(to, text);
  return to;
}

// The peak resident memory of this process since the last reset (kB).
long PeakKb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}
void ResetPeak() { std::ofstream("/proc/self/clear_refs") << "5"; }

}  // namespace

// --- WordPress ---------------------------------------------------------------

BOOST_AUTO_TEST_CASE(wordpress_fixture_converts_every_kind_of_item) {
  TempDir tmp("convert");
  const std::string out = tmp / "site";
  ConvertReport report;
  Status s = Wordpress(kWxr, out, &report);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  auto tree = ReadTree(out);
  BOOST_CHECK_EQUAL(report.posts, 6);
  BOOST_CHECK_EQUAL(report.pages, 3);
  BOOST_CHECK_EQUAL(report.scheduled, 1);
  BOOST_CHECK_EQUAL(report.images, 2);

  // A block-editor post: blocks gone, image copied beside it (the size
  // list gone too), the cover from its attachment, UTF-8 kept.
  const std::string hafen = tree.at("posts/hafen-und-meer/index.html");
  BOOST_CHECK(Contains(hafen, "title: \"Hafen & Meer: ein Überblick\""));
  BOOST_CHECK(Contains(hafen, "date: 2019-04-05T08:00:00+00:00"));
  BOOST_CHECK(Contains(hafen, "author: \"jürgen\""));
  BOOST_CHECK(Contains(
      hafen, "tags: [\"Schifffahrt\", \"PostgreSQL\", \"Überblick\"]"));
  BOOST_CHECK(Contains(hafen, "summary: \"Ein Überblick über den Hafen.\""));
  BOOST_CHECK(Contains(hafen, "image: \"harbour.png\""));
  BOOST_CHECK(Contains(hafen, "aliases: [\"/2019/04/hafen-und-meer/\"]"));
  BOOST_CHECK(Contains(hafen, "<img src=\"harbour.png\""));
  BOOST_CHECK(!Contains(hafen, "wp:"));
  BOOST_CHECK(!Contains(hafen, "srcset"));
  BOOST_CHECK(Contains(hafen, "<!--more-->"));
  BOOST_CHECK(Contains(hafen, "<a href=\"/?p=102\">"));  // own site: relative
  BOOST_CHECK(tree.count("posts/hafen-und-meer/harbour.png"));

  // A classic post: paragraphs, [caption] and [code] converted, an unknown
  // shortcode kept with a warning, the percent-encoded slug decoded.
  const std::string klassik = tree.at("posts/klassik-übersicht/index.html");
  BOOST_CHECK(
      Contains(klassik, "<p>Erster Absatz mit einer<br>\nzweiten Zeile.</p>"));
  BOOST_CHECK(
      Contains(klassik, "<figcaption>Die Speisekarte im Café</figcaption>"));
  BOOST_CHECK(Contains(klassik,
                       "<pre><code class=\"language-python\">def grüße(name):\n"
                       "    return f\"&lt;b&gt;{name}&lt;/b&gt; &amp; mehr\""));
  BOOST_CHECK(Contains(klassik, "[gallery ids=\"150,151\"]"));
  BOOST_CHECK(!Contains(klassik, "Uncategorized"));
  BOOST_CHECK(Contains(klassik,
                       "<p>Erster Absatz mit einer<br>\nzweiten "
                       "Zeile.</p>\n<!--more-->\n"));
  BOOST_CHECK(Contains(
      klassik, "description: \"Code & Bilder im klassischen Editor.\""));
  BOOST_CHECK(tree.count("posts/klassik-übersicht/café-menu.png"));
  bool gallery_warned = false;
  for (const auto& w : report.warnings)
    gallery_warned |= Contains(w, "shortcode [gallery]");
  BOOST_CHECK(gallery_warned);

  // Statuses: draft, private and password-protected are drafts; future is
  // dated ahead; trash and menu items are skipped.
  BOOST_CHECK(Contains(tree.at("posts/entwurf-geheime-pläne/index.html"),
                       "draft: true"));
  BOOST_CHECK(Contains(tree.at("posts/nur-fuer-uns/index.html"),
                       "draft: true  # private in WordPress"));
  BOOST_CHECK(Contains(tree.at("posts/geschuetzt/index.html"), "draft: true"));
  BOOST_CHECK(Contains(tree.at("posts/zukunft/index.html"),
                       "date: 2099-01-01T09:00:00+00:00"));
  BOOST_CHECK(!Contains(tree.at("posts/zukunft/index.html"), "draft"));
  for (const auto& [path, text] : tree) {
    BOOST_CHECK_MESSAGE(!Contains(text, "geloescht-text"), path);
    BOOST_CHECK_MESSAGE(!Contains(path, "hauptmenue"), path);
  }

  // Pages keep their old URL; a draft page stays a draft.
  BOOST_CHECK(
      Contains(tree.at("pages/team/index.html"), "url: \"/ueber-uns/team/\""));
  BOOST_CHECK(!Contains(tree.at("pages/ueber-uns/index.html"), "url:"));
  BOOST_CHECK(Contains(tree.at("pages/impressum/index.html"), "draft: true"));

  // Authors with their display names; /?p= and /?page_id= in the nginx map,
  // public items only.
  BOOST_CHECK(Contains(tree.at("authors/jürgen.md"), "name: \"Jürgen Ström\""));
  BOOST_CHECK(Contains(tree.at("authors/ana.md"), "name: \"Ana & Co\""));
  const std::string map = tree.at("nginx/wordpress-ids-http.conf");
  BOOST_CHECK(Contains(map, "\"101\" \"/2019/04/05/hafen-und-meer/\";"));
  BOOST_CHECK(Contains(map, "\"105\" \"/2099/01/01/zukunft/\";"));
  BOOST_CHECK(Contains(map, "\"3\" \"/ueber-uns/team/\";"));
  BOOST_CHECK(!Contains(map, "\"103\""));  // a draft
  BOOST_CHECK(!Contains(map, "\"104\""));  // private
  BOOST_CHECK(!Contains(map, "\"4\""));    // a draft page
  BOOST_CHECK(Contains(tree.at("nginx/wordpress-ids-server.conf"),
                       "return 301 $levelpress_wordpress_p;"));
}

BOOST_AUTO_TEST_CASE(wordpress_folder_imports_without_errors) {
  TempDir tmp("convert");
  ConvertReport report;
  BOOST_REQUIRE(Wordpress(kWxr, tmp / "site", &report).ok());
  auto errors = ImportErrors(tmp / "site");
  for (const auto& e : errors) BOOST_ERROR(e);
}

BOOST_AUTO_TEST_CASE(wordpress_conversion_is_byte_identical_when_repeated) {
  TempDir tmp("convert");
  ConvertReport a, b;
  BOOST_REQUIRE(Wordpress(kWxr, tmp / "one", &a).ok());
  BOOST_REQUIRE(Wordpress(kWxr, tmp / "two", &b).ok());
  auto one = ReadTree(tmp / "one"), two = ReadTree(tmp / "two");
  BOOST_CHECK(!one.empty());
  BOOST_CHECK(one == two);
}

BOOST_AUTO_TEST_CASE(wordpress_without_uploads_keeps_image_urls) {
  TempDir tmp("convert");
  ConvertReport report;
  BOOST_REQUIRE(Wordpress(kWxr, tmp / "site", &report, "").ok());
  auto tree = ReadTree(tmp / "site");
  BOOST_CHECK(Contains(tree.at("posts/hafen-und-meer/index.html"),
                       "src=\"https://old.example.com/wp-content/uploads/2019/"
                       "04/harbour.png\""));
  BOOST_CHECK(!tree.count("posts/hafen-und-meer/harbour.png"));
}

BOOST_AUTO_TEST_CASE(wordpress_uploads_never_leave_their_folder) {
  // An uploads folder whose image is a link to a file elsewhere (and one
  // whose year folder is): neither is copied, the URL is kept.
  TempDir tmp("convert");
  WriteFile(tmp / "secret/04/harbour.png", "SECRET-BYTES");
  fs::create_directories(tmp / "uploads/2019/04");
  fs::create_symlink(tmp / "secret/04/harbour.png",
                     tmp / "uploads/2019/04/harbour.png");
  fs::create_directories(tmp / "uploads2");
  fs::create_directory_symlink(tmp / "secret", tmp / "uploads2/2019");
  for (const char* uploads : {"uploads", "uploads2"}) {
    ConvertReport report;
    const std::string out = tmp / (std::string("site-") + uploads);
    BOOST_REQUIRE(Wordpress(kWxr, out, &report, tmp / uploads).ok());
    auto tree = ReadTree(out);
    BOOST_CHECK(!tree.count("posts/hafen-und-meer/harbour.png"));
    for (const auto& [path, text] : tree)
      BOOST_CHECK(!Contains(text, "SECRET-BYTES"));
    BOOST_CHECK(Contains(
        tree.at("posts/hafen-und-meer/index.html"),
        "https://old.example.com/wp-content/uploads/2019/04/harbour.png"));
  }
}

BOOST_AUTO_TEST_CASE(
    wordpress_truncated_export_names_the_place_and_writes_nothing) {
  TempDir tmp("convert");
  const std::string cut =
      Truncated(kWxr, ReadFile(kWxr).size() / 2, tmp / "cut.xml");
  ConvertReport report;
  Status s = Wordpress(cut, tmp / "site", &report);
  BOOST_REQUIRE(!s.ok());
  BOOST_TEST_MESSAGE(s.ToString());
  BOOST_CHECK(Contains(s.message(), tmp / "cut.xml:"));  // FILE:LINE:COL
  CheckNothingWritten(tmp, tmp / "site");
}

BOOST_AUTO_TEST_CASE(wordpress_malformed_xml_names_line_and_column) {
  TempDir tmp("convert");
  std::string text = ReadFile(kWxr);
  // Line 3 of the file: a mismatched end tag.
  text.replace(text.find("<title>Hafenblog"), 7, "<titel>");
  WriteFile(tmp / "bad.xml", text);
  ConvertReport report;
  Status s = Wordpress(tmp / "bad.xml", tmp / "site", &report);
  BOOST_REQUIRE(!s.ok());
  size_t line =
      1 + std::count(text.begin(), text.begin() + text.find("<titel>"), '\n');
  BOOST_CHECK_MESSAGE(
      Contains(s.message(), "bad.xml:" + std::to_string(line) + ":"),
      s.message());
  CheckNothingWritten(tmp, tmp / "site");
}

BOOST_AUTO_TEST_CASE(wordpress_invalid_utf8_and_empty_files_fail) {
  TempDir tmp("convert");
  std::string text = ReadFile(kWxr);
  text.replace(text.find("Überblick]]></title>"), 2, "\xDC");  // Latin-1 Ü
  WriteFile(tmp / "latin1.xml", text);
  ConvertReport report;
  Status s = Wordpress(tmp / "latin1.xml", tmp / "site", &report);
  BOOST_REQUIRE(!s.ok());
  size_t line =
      1 + std::count(text.begin(), text.begin() + text.find("\xDC"), '\n');
  BOOST_CHECK_MESSAGE(
      Contains(s.message(), "latin1.xml:" + std::to_string(line) + ":"),
      s.message());
  CheckNothingWritten(tmp, tmp / "site");
  WriteFile(tmp / "empty.xml", "");
  s = Wordpress(tmp / "empty.xml", tmp / "site", &report);
  BOOST_CHECK_MESSAGE(Contains(s.message(), "empty.xml: the file is empty"),
                      s.message());
  CheckNothingWritten(tmp, tmp / "site");
}

BOOST_AUTO_TEST_CASE(wordpress_billion_laughs_fails_fast) {
  TempDir tmp("convert");
  std::string doc =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n";
  for (int i = 1; i <= 9; ++i) {
    std::string prev = i == 1 ? "lol" : "lol" + std::to_string(i - 1);
    doc += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) doc += "&" + prev + ";";
    doc += "\">\n";
  }
  doc +=
      "]>\n<rss xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel>"
      "<wp:wxr_version>1.2</wp:wxr_version><item><title>&lol9;</title>"
      "</item></channel></rss>\n";
  WriteFile(tmp / "lol.xml", doc);
  ConvertReport report;
  auto start = std::chrono::steady_clock::now();
  Status s = Wordpress(tmp / "lol.xml", tmp / "site", &report);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  BOOST_REQUIRE(!s.ok());
  // libxml2 stops it in the DTD (its guard against entity amplification),
  // or the converter at the DOCTYPE: either way at a place in the file.
  BOOST_CHECK_MESSAGE(Contains(s.message(), "lol.xml:") &&
                          (Contains(s.message(), "document type declaration") ||
                           Contains(s.message(), "entity")),
                      s.message());
  BOOST_CHECK_LT(seconds, 1.0);
  CheckNothingWritten(tmp, tmp / "site");
}

BOOST_AUTO_TEST_CASE(wordpress_external_entity_is_never_read) {
  TempDir tmp("convert");
  WriteFile(tmp / "secret.txt", "TOP-SECRET-CONTENT");
  std::string doc =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY xxe SYSTEM "
      "\"file://" +
      (tmp / "secret.txt") +
      "\">\n]>\n<rss xmlns:wp=\"http://wordpress.org/export/1.2/\" "
      "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>"
      "<wp:wxr_version>1.2</wp:wxr_version><item><title>x</title>"
      "<content:encoded>&xxe;</content:encoded><wp:post_type>post"
      "</wp:post_type><wp:status>publish</wp:status><wp:post_date>"
      "2020-01-01 00:00:00</wp:post_date></item></channel></rss>\n";
  WriteFile(tmp / "xxe.xml", doc);
  ConvertReport report;
  Status s = Wordpress(tmp / "xxe.xml", tmp / "site", &report);
  BOOST_REQUIRE(!s.ok());
  BOOST_CHECK(!Contains(s.message(), "TOP-SECRET"));
  CheckNothingWritten(tmp, tmp / "site");
  // Without the DOCTYPE, the reference is an undeclared entity: an error
  // too, never a file read.
  std::string bare = doc.substr(doc.find("<rss"));
  WriteFile(tmp / "bare.xml", bare);
  s = Wordpress(tmp / "bare.xml", tmp / "site", &report);
  BOOST_REQUIRE(!s.ok());
  BOOST_CHECK_MESSAGE(Contains(s.message(), "bare.xml:1:"), s.message());
  CheckNothingWritten(tmp, tmp / "site");
}

BOOST_AUTO_TEST_CASE(wordpress_rejects_other_xml_and_existing_folders) {
  TempDir tmp("convert");
  WriteFile(tmp / "feed.xml", "<rss><channel><title>x</title></channel></rss>");
  ConvertReport report;
  Status s = Wordpress(tmp / "feed.xml", tmp / "site", &report);
  BOOST_CHECK(Contains(s.message(), "not a WordPress export"));
  WriteFile(tmp / "site/keep.txt", "mine");
  s = Wordpress(kWxr, tmp / "site", &report);
  BOOST_CHECK(Contains(s.message(), "not an empty folder"));
  BOOST_CHECK_EQUAL(ReadTree(tmp / "site").size(), 1u);
  s = Wordpress(tmp / "missing.xml", tmp / "other", &report);
  BOOST_CHECK(!s.ok());
}

BOOST_AUTO_TEST_CASE(wordpress_content_helpers) {
  bool blocks = false;
  BOOST_CHECK_EQUAL(
      RemoveBlockComments("<!-- wp:paragraph -->\n<p>x</p>\n"
                          "<!-- /wp:paragraph -->\n<!-- wp:separator /-->\n"
                          "<!-- keep -->",
                          &blocks),
      "<p>x</p>\n<!-- keep -->");
  BOOST_CHECK(blocks);
  std::vector<std::string> unknown;
  BOOST_CHECK_EQUAL(
      ConvertWordPressShortcodes(
          "[caption caption=\"Hi\"]<img src=\"a.png\">[/caption]", &unknown),
      "<figure><img src=\"a.png\"><figcaption>Hi</figcaption></figure>");
  BOOST_CHECK_EQUAL(ConvertWordPressShortcodes("[code]a<b[/code]", &unknown),
                    "<pre><code>a&lt;b</code></pre>");
  BOOST_CHECK_EQUAL(ConvertWordPressShortcodes("see [1] and [x]", &unknown),
                    "see [1] and [x]");
  BOOST_CHECK(unknown.empty());
  BOOST_CHECK_EQUAL(
      ConvertWordPressShortcodes("[audio src=\"a.mp3\"]", &unknown),
      "[audio src=\"a.mp3\"]");
  BOOST_CHECK_EQUAL(unknown.size(), 1u);
  BOOST_CHECK_EQUAL(
      AddParagraphs("a\nb\n\n<h2>T</h2>\nc\n\n<pre>x\n\ny</pre>"),
      "<p>a<br>\nb</p>\n<h2>T</h2>\n<p>c</p>\n<pre>x\n\ny</pre>\n");
  BOOST_CHECK_EQUAL(AddParagraphs("One <!--more--> two\n\n<!-- x -->"),
                    "<p>One</p>\n<!--more-->\n<p>two</p>\n<!-- x -->\n");
  BOOST_CHECK_EQUAL(DecodeEntities("A &amp; B &#8217;s &#x41; &bogus;"),
                    "A & B \xE2\x80\x99s A &bogus;");
}

// --- HTML posts (the importer side)
// -------------------------------------------

BOOST_AUTO_TEST_CASE(html_post_files_keep_their_markup) {
  Settings s = SiteSettings();
  AuthorIndex authors;
  const std::string text =
      "---\ntitle: \"T\"\ndate: 2020-01-02T00:00:00Z\nauthor: ana\n---\n"
      "<p>One <em>x</em></p>\n<!--more-->\n<div class=\"k\"><img "
      "src=\"caf%C3%A9.png\"></div>\n";
  ParsedPost p = ParsePostFile("posts/t/index.html", text, s, authors);
  BOOST_REQUIRE(p.ok);
  BOOST_CHECK(Contains(
      p.post.body_html,
      "<div class=\"k\"><img src=\"/media/content/posts/t/café.png\"></div>"));
  BOOST_CHECK(!Contains(p.post.body_html, "<!--more-->"));
  BOOST_CHECK_EQUAL(p.post.excerpt_html, "<p>One <em>x</em></p>\n");
  BOOST_REQUIRE_EQUAL(p.post.assets.size(), 1u);
  BOOST_CHECK_EQUAL(p.post.assets[0], "posts/t/café.png");
  // Without <!--more-->: the first paragraph.
  p = ParsePostFile("posts/u.html",
                    "---\ntitle: U\ndate: 2020-01-02\nauthor: ana\n---\n"
                    "<h2>H</h2><p>First</p><p>Second</p>",
                    s, authors);
  BOOST_REQUIRE(p.ok);
  BOOST_CHECK_EQUAL(p.post.excerpt_html, "<p>First</p>");
  // An HTML post is its markup: raw_html other than keep is an error.
  s.raw_html = RawHtml::kDrop;
  p = ParsePostFile(
      "posts/u.html",
      "---\ntitle: U\ndate: 2020-01-02\nauthor: ana\n---\n<p>x</p>", s,
      authors);
  BOOST_CHECK(!p.ok);
}

// --- Ghost -------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(ghost_fixture_converts) {
  TempDir tmp("convert");
  ConvertReport report;
  Status s = Ghost(kGhost, tmp / "site", &report);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  auto tree = ReadTree(tmp / "site");
  BOOST_CHECK_EQUAL(report.posts, 5);
  BOOST_CHECK_EQUAL(report.pages, 1);
  const std::string post = tree.at("posts/leuchttuerme-und-nebel/index.html");
  BOOST_CHECK(Contains(post, "title: \"Leuchttürme & Nebel: Ein Überblick\""));
  BOOST_CHECK(Contains(post, "date: 2023-01-12T10:30:00+00:00"));
  BOOST_CHECK(Contains(
      post,
      "tags: [\"Küste\", \"Leuchttürme\"]"));  // sort_order; #internal dropped
  BOOST_CHECK(Contains(post, "summary: \"Nebel, Licht und Küste.\""));
  BOOST_CHECK(Contains(post, "description: \"Leuchttürme im Nebel\""));
  BOOST_CHECK(Contains(post, "image: \"lighthouse.png\""));
  BOOST_CHECK(Contains(post, "aliases: [\"/leuchttuerme-und-nebel/\"]"));
  BOOST_CHECK(Contains(post, "<img src=\"lighthouse.png\""));
  BOOST_CHECK(Contains(post, "<a href=\"/kuestenwetter/\">"));
  BOOST_CHECK(tree.count("posts/leuchttuerme-und-nebel/lighthouse.png"));
  BOOST_CHECK(Contains(tree.at("posts/kuestenwetter/index.html"),
                       "authors: [\"juergen\", \"asa\"]"));
  BOOST_CHECK(
      Contains(tree.at("posts/entwurf-bojen/index.html"), "draft: true"));
  BOOST_CHECK(
      Contains(tree.at("posts/nur-fuer-mitglieder/index.html"), "draft: true"));
  BOOST_CHECK(Contains(tree.at("posts/geplant/index.html"),
                       "date: 2099-06-01T08:00:00+00:00"));
  BOOST_CHECK(tree.count("pages/ueber/index.html"));
  BOOST_CHECK(
      Contains(tree.at("authors/juergen.md"), "avatar: \"juergen.png\""));
  BOOST_CHECK(Contains(tree.at("authors/juergen.md"),
                       "Schreibt über Leuchttürme & Wetter."));
  BOOST_CHECK(tree.count("authors/juergen.png"));
  BOOST_CHECK(!tree.count("authors/staff.md"));  // no posts: not published
  for (const auto& [path, text] : tree) {
    BOOST_CHECK_MESSAGE(!Contains(text, "$2a$10$"), path);  // password hashes
    BOOST_CHECK_MESSAGE(!Contains(text, "__GHOST_URL__"), path);
    BOOST_CHECK_MESSAGE(!Contains(text, "@example.com"), path);  // emails
  }
  for (const auto& e : ImportErrors(tmp / "site")) BOOST_ERROR(e);
}

// Posts whose export has no `html` (found trying real exports: Ghost 0.x
// test exports with only `markdown`, exports written by migration tools with
// only `mobiledoc` or `lexical`): the body is rebuilt, as Markdown, and
// imports. Posts with no author (no posts_authors row) go to Ghost's owner;
// before, they stopped the whole import.
BOOST_AUTO_TEST_CASE(ghost_posts_without_html_or_author_keep_their_body) {
  TempDir tmp("convert");
  ConvertReport report;
  Status s = Ghost(kFixtures + "ghost/no-html.json", tmp / "site", &report);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  auto tree = ReadTree(tmp / "site");
  for (const char* slug : {"alte-zeiten", "gezeiten", "wetter"}) {
    BOOST_CHECK_MESSAGE(tree.count(std::string("posts/") + slug + "/index.md"),
                        slug);
  }
  BOOST_CHECK(tree.count("posts/verpasst/index.html"));  // has HTML
  BOOST_CHECK(
      Contains(tree.at("posts/alte-zeiten/index.md"), "author: \"juergen\""));
  BOOST_CHECK(Contains(tree.at("posts/gezeiten/index.md"),
                       "author: \"asa-owner\""));  // the owner, not user 1
  BOOST_CHECK(
      Contains(tree.at("posts/wetter/index.md"), "author: \"asa-owner\""));
  BOOST_CHECK(tree.count("authors/asa-owner.md"));
  for (const auto& e : ImportErrors(tmp / "site")) BOOST_ERROR(e);

  // The bodies as the import renders them.
  Settings settings = SiteSettings();
  AuthorIndex authors;
  auto body = [&](const std::string& slug) {
    const std::string path = "posts/" + slug + "/index.md";
    ParsedPost p = ParsePostFile(path, tree.at(path), settings, authors);
    BOOST_CHECK_MESSAGE(p.ok, path);
    return p.post.body_html;
  };
  const std::string old = body("alte-zeiten");
  BOOST_CHECK(Contains(old, "<em>Ghost 0.x</em>"));
  BOOST_CHECK(Contains(old, "/media/content/posts/alte-zeiten/lighthouse.png"));
  BOOST_CHECK(tree.count("posts/alte-zeiten/lighthouse.png"));

  const std::string mobiledoc = body("gezeiten");
  BOOST_CHECK(Contains(mobiledoc, "<h2>Gezeiten &amp; Flut</h2>"));
  BOOST_CHECK(Contains(mobiledoc,
                       "Siehe <a href=\"/ebbe/\"><strong>die Ebbe</strong></a>."
                       "<br>Zweite Zeile"));
  BOOST_CHECK(Contains(mobiledoc, "<strong>Markdown</strong>-Absatz"));
  BOOST_CHECK(Contains(mobiledoc, "<ol><li>eins</li><li>zwei</li></ol>"));
  BOOST_CHECK(Contains(mobiledoc,
                       "src=\"/media/content/posts/gezeiten/lighthouse.png\" "
                       "alt=\"Leuchtturm\""));
  BOOST_CHECK(Contains(mobiledoc, "<figcaption>Der Turm</figcaption>"));
  // The code card keeps its blank line and stays one block; so does the
  // HTML card.
  BOOST_CHECK(Contains(mobiledoc,
                       "<pre><code class=\"language-cpp\">if (a &lt; "
                       "b) {\n\n  return;\n}</code></pre>"));
  BOOST_CHECK(Contains(mobiledoc, "<div class=\"karte\">"));
  BOOST_CHECK(Contains(mobiledoc, "<p>Kiel</p>\n</div>"));
  // Ghost's script-driven toggle, as HTML that needs no script.
  BOOST_CHECK(
      Contains(mobiledoc, "<details><summary>Mehr</summary><p>Versteckt</p>"));
  BOOST_CHECK(!Contains(mobiledoc, "Abonnieren"));  // the signup card
  // A captioned code card is a figure; its blank line does not end it.
  BOOST_CHECK(Contains(mobiledoc,
                       "<figure><pre><code class=\"language-python\">"
                       "a = 1\n<!---->\nb = 2</code></pre>"
                       "<figcaption>Zwei <em>Zeilen</em></figcaption>"
                       "</figure>"));
  BOOST_CHECK(Contains(mobiledoc,
                       "<a href=\"https://example.org/gezeiten\">"
                       "Gezeitentafel</a><br>Hoch- &amp; "
                       "Niedrigwasser"));

  const std::string lexical = body("wetter");
  BOOST_CHECK(Contains(lexical, "<h3>Wind &amp; Wetter</h3>"));
  BOOST_CHECK(
      Contains(lexical,
               "<p>Heute <strong>stürmisch</strong><br><a href=\""
               "https://example.org/wetter\"><em>Bericht</em></a></p>"));
  BOOST_CHECK(Contains(lexical,
                       "<ul><li>Nord</li><li>Süd<ol><li>tief</li>"
                       "</ol></li></ul>"));
  BOOST_CHECK(Contains(lexical, "<blockquote>"));
  BOOST_CHECK(Contains(lexical, "<em>Markdown</em>"));
  BOOST_CHECK(
      Contains(lexical, "<blockquote>💡 <b>Tipp</b>: Jacke</blockquote>"));
  BOOST_CHECK(Contains(lexical,
                       "<a href=\"https://example.org/mehr\">Mehr &amp; "
                       "mehr</a>"));
  BOOST_CHECK(Contains(lexical,
                       "src=\"/media/content/posts/wetter/lighthouse.png\" "
                       "alt=\"Turm\""));

  // What a person must look at is said.
  auto warned = [&](const std::string& what) {
    return std::any_of(report.warnings.begin(), report.warnings.end(),
                       [&](const std::string& w) { return Contains(w, what); });
  };
  BOOST_CHECK(warned("'Gezeiten': its mobiledoc card 'signup' is left out"));
  BOOST_CHECK(!warned("card 'toggle'"));
  BOOST_CHECK(warned("'Wetter': its lexical card 'product' is left out"));
  BOOST_CHECK(warned("'Kaputt': no HTML, and its lexical cannot be read"));
  BOOST_CHECK(warned("'Gezeiten': no author in the export; given to Åsa"));
  BOOST_CHECK(
      warned("'Verpasst': scheduled for 2017-08-24T10:41:00+00:00, "
             "which has passed"));
  BOOST_CHECK(!warned("'Alte Zeiten': no author"));
}

// An export with posts but no users (Ghost's products_export.json fixture
// is one): said at conversion, and the import takes default_author.
BOOST_AUTO_TEST_CASE(ghost_export_without_users_names_default_author) {
  TempDir tmp("convert");
  WriteFile(tmp / "e.json",
            R"({"db":[{"meta":{"version":"4.1.0"},"data":{"posts":[{
"id":"p","title":"Test newsletter","slug":"test-newsletter","html":"<p>Hi</p>",
"type":"post","status":"published","visibility":"public",
"published_at":"2022-06-08T07:15:28.000Z"}],"newsletters":[]}}]})");
  ConvertReport report;
  Status s = Ghost(tmp / "e.json", tmp / "site", &report);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  BOOST_REQUIRE_EQUAL(report.warnings.size(), 1u);
  BOOST_CHECK(Contains(report.warnings[0], "set `default_author`"));
  BOOST_CHECK(!ImportErrors(tmp / "site").empty());
}

// Ghost themes have "tags" and "authors" pages (a list of them); here those
// paths are the site's own pages: the page gets another slug and a warning,
// instead of the import refusing the whole folder.
BOOST_AUTO_TEST_CASE(ghost_page_at_a_site_path_gets_another_slug) {
  TempDir tmp("convert");
  WriteFile(tmp / "e.json",
            R"({"db":[{"meta":{"version":"4.1.0"},"data":{"posts":[
{"id":"a","title":"Tags","slug":"tags","html":"<p>All tags</p>","type":"page",
"status":"published","published_at":"2021-01-01T00:00:00.000Z"},
{"id":"b","title":"About","slug":"about","html":"<p>Us</p>","type":"page",
"status":"published","published_at":"2021-01-01T00:00:00.000Z"}],
"users":[{"id":"u","name":"U","slug":"u"}],
"posts_authors":[{"post_id":"a","author_id":"u"},{"post_id":"b","author_id":"u"}]}}]})");
  ConvertReport report;
  Status s = Ghost(tmp / "e.json", tmp / "site", &report);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  auto tree = ReadTree(tmp / "site");
  BOOST_CHECK(tree.count("pages/tags-page/index.html"));
  BOOST_CHECK(tree.count("pages/about/index.html"));
  BOOST_REQUIRE_EQUAL(report.warnings.size(), 1u);
  BOOST_CHECK(Contains(report.warnings[0], "written as /tags-page/"));
  for (const auto& e : ImportErrors(tmp / "site")) BOOST_ERROR(e);
}

// Two posts with one slug (Ghost's own export-authors.json test export has
// them): the second is renamed, said, and does not claim the first's URL.
BOOST_AUTO_TEST_CASE(ghost_slug_clash_is_a_warning) {
  TempDir tmp("convert");
  WriteFile(tmp / "e.json",
            R"({"db":[{"meta":{"version":"1.8.1"},"data":{"posts":[
{"id":"a","title":"A","slug":"tips","html":"<p>A</p>","status":"published",
"published_at":"2017-09-01T13:22:06.000Z","author_id":"u"},
{"id":"b","title":"B","slug":"tips","html":"<p>B</p>","status":"published",
"published_at":"2017-09-01T13:22:07.000Z","author_id":"u"}],
"users":[{"id":"u","name":"U","slug":"u"}]}}]})");
  ConvertReport report;
  Status s = Ghost(tmp / "e.json", tmp / "site", &report);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  auto tree = ReadTree(tmp / "site");
  BOOST_CHECK(
      Contains(tree.at("posts/tips/index.html"), "aliases: [\"/tips/\"]"));
  BOOST_CHECK(!Contains(tree.at("posts/tips-2/index.html"), "aliases"));
  BOOST_REQUIRE_EQUAL(report.warnings.size(), 1u);
  BOOST_CHECK(Contains(report.warnings[0], "slug 'tips' is another post's"));
  for (const auto& e : ImportErrors(tmp / "site")) BOOST_ERROR(e);
}

BOOST_AUTO_TEST_CASE(ghost_conversion_is_byte_identical_when_repeated) {
  TempDir tmp("convert");
  ConvertReport a, b;
  BOOST_REQUIRE(Ghost(kGhost, tmp / "one", &a).ok());
  BOOST_REQUIRE(Ghost(kGhost, tmp / "two", &b).ok());
  BOOST_CHECK(ReadTree(tmp / "one") == ReadTree(tmp / "two"));
}

BOOST_AUTO_TEST_CASE(ghost_truncated_or_malformed_json_names_the_place) {
  TempDir tmp("convert");
  const std::string text = ReadFile(kGhost);
  const std::string cut =
      Truncated(kGhost, text.size() * 2 / 3, tmp / "cut.json");
  ConvertReport report;
  Status s = Ghost(cut, tmp / "site", &report);
  BOOST_REQUIRE(!s.ok());
  BOOST_CHECK_MESSAGE(
      Contains(s.message(), "cut.json:") && Contains(s.message(), "(byte "),
      s.message());
  CheckNothingWritten(tmp, tmp / "site");

  std::string bad = text;
  bad.replace(bad.find("\"slug\": \"kuestenwetter\""), 23,
              "\"slug\" \"kuestenwetter\"");
  WriteFile(tmp / "bad.json", bad);
  s = Ghost(tmp / "bad.json", tmp / "site", &report);
  BOOST_REQUIRE(!s.ok());
  // The error's line is the line of the broken pair.
  size_t line =
      1 + std::count(bad.begin(),
                     bad.begin() + bad.find("\"slug\" \"kuestenwetter\""),
                     '\n');
  BOOST_CHECK_MESSAGE(
      Contains(s.message(), "bad.json:" + std::to_string(line) + ":"),
      s.message());
  CheckNothingWritten(tmp, tmp / "site");

  std::string latin1 = text;
  latin1.replace(latin1.find("Küstenwetter"), 12, "K\xFCstenwetter");
  WriteFile(tmp / "latin1.json", latin1);
  s = Ghost(tmp / "latin1.json", tmp / "site", &report);
  BOOST_CHECK_MESSAGE(Contains(s.message(), "Invalid encoding"), s.message());
  CheckNothingWritten(tmp, tmp / "site");

  WriteFile(tmp / "deep.json", std::string(1000000, '['));
  s = Ghost(tmp / "deep.json", tmp / "site", &report);
  BOOST_CHECK_MESSAGE(Contains(s.message(), "nested deeper"), s.message());
  WriteFile(tmp / "other.json", "{\"hello\": [1, 2]}");
  s = Ghost(tmp / "other.json", tmp / "site", &report);
  BOOST_CHECK_MESSAGE(Contains(s.message(), "not a Ghost export"), s.message());
  CheckNothingWritten(tmp, tmp / "site");
}

// --- Large exports: streamed, not held in memory
// --------------------------------

namespace {

// Writes ~`megabytes` MB: `posts` posts of ~10 KB, the rest in comments
// (WordPress) or members (Ghost), which the converters skip.
void WriteBigWxr(const std::string& path, int posts, int megabytes) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "wb"),
                                          &std::fclose);
  std::fputs(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" "
      "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
      "xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel>\n"
      "<wp:wxr_version>1.2</wp:wxr_version>\n",
      f.get());
  const std::string para = "<p>" + std::string(1000, 'x') + " ünïcødé</p>\n";
  std::string body;
  for (int i = 0; i < 10; ++i) body += para;
  const std::string comment = "<wp:comment><wp:comment_content><![CDATA[" +
                              std::string(4000, 'c') +
                              "]]></wp:comment_content></wp:comment>\n";
  const long per_post = (static_cast<long>(megabytes) << 20) / posts;
  for (int i = 0; i < posts; ++i) {
    std::fprintf(
        f.get(),
        "<item><title>Post %d</title><dc:creator>a</dc:creator>"
        "<content:encoded><![CDATA[%s]]></content:encoded>"
        "<wp:post_id>%d</wp:post_id><wp:post_date_gmt>2020-01-01 "
        "00:00:00</wp:post_date_gmt><wp:post_name>post-%d</wp:post_name>"
        "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>\n",
        i, body.c_str(), i + 1, i);
    for (long written = body.size(); written < per_post;
         written += comment.size())
      std::fputs(comment.c_str(), f.get());
    std::fputs("</item>\n", f.get());
  }
  std::fputs("</channel></rss>\n", f.get());
}

void WriteBigGhost(const std::string& path, int posts, int megabytes) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "wb"),
                                          &std::fclose);
  std::fputs(
      "{\"db\":[{\"meta\":{\"version\":\"5.75.0\"},\"data\":{\"members\":[",
      f.get());
  const std::string member =
      "{\"id\":\"m\",\"email\":\"m@example.com\",\"note\":\"" +
      std::string(4000, 'n') + "\"}";
  long members = ((static_cast<long>(megabytes) << 20) - posts * 10500L) /
                 static_cast<long>(member.size() + 1);
  for (long i = 0; i < members; ++i) {
    if (i) std::fputc(',', f.get());
    std::fputs(member.c_str(), f.get());
  }
  std::fputs("],\"posts\":[", f.get());
  const std::string html = "<p>" + std::string(10000, 'y') + " ünïcødé</p>";
  for (int i = 0; i < posts; ++i) {
    std::fprintf(f.get(),
                 "%s{\"id\":\"p%d\",\"title\":\"Post %d\",\"slug\":\"post-%d\","
                 "\"html\":\"%s\",\"type\":\"post\",\"status\":\"published\","
                 "\"visibility\":\"public\",\"published_at\":\"2020-01-01T00:"
                 "00:00.000Z\"}",
                 i ? "," : "", i, i, i, html.c_str());
  }
  std::fputs(
      "],\"users\":[{\"id\":\"1\",\"name\":\"A\",\"slug\":\"a\"}],"
      "\"posts_authors\":[]}}]}",
      f.get());
}

}  // namespace

BOOST_AUTO_TEST_CASE(large_exports_stream_in_little_memory) {
  // In memory (tmpfs) where there is one: 400 MB written to a busy disk
  // would time the disk, not the converter.
  std::string shm = "/dev/shm/levelpress-convert-XXXXXX";
  const bool in_memory = fs::is_directory("/dev/shm") && ::mkdtemp(shm.data());
  TempDir disk("convert");
  const fs::path base = in_memory ? fs::path(shm) : disk.path();
  struct Cleanup {
    std::string dir;
    ~Cleanup() {
      std::error_code ec;
      if (!dir.empty()) fs::remove_all(dir, ec);
    }
  } cleanup{in_memory ? shm : ""};
  auto at = [&](const char* name) { return (base / name).string(); };
  const int kPosts = 2000, kMegabytes = kSanitized ? 50 : 200;
  for (const bool wordpress : {true, false}) {
    const std::string input = at(wordpress ? "big.xml" : "big.json");
    if (wordpress) {
      WriteBigWxr(input, kPosts, kMegabytes);
    } else {
      WriteBigGhost(input, kPosts, kMegabytes);
    }
    const long file_kb = static_cast<long>(fs::file_size(input) / 1024);
    BOOST_CHECK_GE(file_kb, (kMegabytes - 5) * 1024L);
    ConvertReport report;
    ResetPeak();
    const long before = PeakKb();
    auto start = std::chrono::steady_clock::now();
    const std::string out = at(wordpress ? "wp" : "ghost");
    Status s = wordpress ? Wordpress(input, out, &report, "")
                         : Ghost(input, out, &report, "");
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    const long peak = PeakKb();
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
    BOOST_CHECK_EQUAL(report.posts, kPosts);
    BOOST_TEST_MESSAGE((wordpress ? "WXR " : "Ghost ")
                       << file_kb / 1024 << " MB: " << seconds
                       << " s, peak RSS " << peak / 1024 << " MB (before "
                       << before / 1024 << " MB)");
    // Far below the file's size: a few rows at a time.
    if (!kSanitized) BOOST_CHECK_LT(peak, 64 * 1024L);
    fs::remove(input);
    fs::remove_all(out);
  }
}

// Ghost before 1.0: {"meta", "data"} at the top, dates in milliseconds,
// `page: 0`, `image` for the cover and the avatar, `author_id` on the post.
BOOST_AUTO_TEST_CASE(ghost_0x_export_converts) {
  TempDir tmp("convert");
  WriteFile(tmp / "old.json",
            R"({"meta":{"exported_on":1426263451924,"version":"003"},"data":{
"posts":[{"id":1,"title":"Welcome","slug":"welcome","markdown":"Hi",
"html":"<p>Hi</p>","image":null,"featured":0,"page":0,"status":"published",
"author_id":1,"created_at":1426078349135,"published_at":1426078349156},
{"id":2,"title":"About","slug":"about","html":"<p>Us</p>","page":1,
"status":"published","author_id":1,"published_at":1426078349156}],
"users":[{"id":1,"name":"Cozy","slug":"cozy","image":"","bio":null}],
"tags":[{"id":1,"name":"Getting Started","slug":"getting-started"}],
"posts_tags":[{"id":1,"post_id":1,"tag_id":1}]}})");
  ConvertReport report;
  Status s = Ghost(tmp / "old.json", tmp / "site", &report);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  auto tree = ReadTree(tmp / "site");
  const std::string post = tree.at("posts/welcome/index.html");
  BOOST_CHECK(Contains(post, "date: 2015-03-11T12:52:29+00:00"));
  BOOST_CHECK(Contains(post, "author: \"cozy\""));
  BOOST_CHECK(Contains(post, "tags: [\"Getting Started\"]"));
  BOOST_CHECK(tree.count("pages/about/index.html"));
  for (const auto& e : ImportErrors(tmp / "site")) BOOST_ERROR(e);
}

// A date in milliseconds after the year 9999 (253402300800000 is
// 10000-01-01) was written as "10000-01-01T..."; the converted folder then
// failed to import ("is not a date"). Such a post is skipped with a
// warning, as one whose date cannot be read.
BOOST_AUTO_TEST_CASE(ghost_dates_after_the_year_9999_are_skipped) {
  TempDir tmp("convert");
  WriteFile(tmp / "far.json",
            R"({"meta":{"version":"003"},"data":{
"posts":[{"id":1,"title":"Far","slug":"far","html":"<p>x</p>","page":0,
"status":"published","author_id":1,"published_at":253402300800000},
{"id":2,"title":"Farther","slug":"farther","html":"<p>x</p>","page":0,
"status":"published","author_id":1,"published_at":"10000-01-01T00:00:00.000Z"},
{"id":3,"title":"Near","slug":"near","html":"<p>x</p>","page":0,
"status":"published","author_id":1,"published_at":253402214400000}],
"users":[{"id":1,"name":"Cozy","slug":"cozy"}]}})");
  ConvertReport report;
  Status s = Ghost(tmp / "far.json", tmp / "site", &report);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  auto tree = ReadTree(tmp / "site");
  BOOST_CHECK(!tree.count("posts/far/index.html"));
  BOOST_CHECK(!tree.count("posts/farther/index.html"));
  BOOST_CHECK(Contains(tree.at("posts/near/index.html"),
                       "date: 9999-12-31T00:00:00+00:00"));
  BOOST_CHECK_EQUAL(report.skipped, 2);
  for (const auto& e : ImportErrors(tmp / "site")) BOOST_ERROR(e);
}

// Two posts with one slug of 200 bytes (Slugify's cap): the second was
// written as "<slug>-2", 202 bytes, which the import refused ("is not a
// slug"); a page at a site path as "<slug>-page" likewise.
BOOST_AUTO_TEST_CASE(ghost_renamed_slugs_stay_slugs) {
  TempDir tmp("convert");
  const std::string slug(300, 'x');
  WriteFile(tmp / "long.json",
            R"({"meta":{"version":"003"},"data":{"posts":[
{"id":1,"title":"A","slug":")" +
                slug + R"(","html":"<p>x</p>","page":0,
"status":"published","author_id":1,"published_at":1426078349156},
{"id":2,"title":"B","slug":")" +
                slug + R"(","html":"<p>x</p>","page":0,
"status":"published","author_id":1,"published_at":1426078349156}],
"users":[{"id":1,"name":"Cozy","slug":"cozy"}]}})");
  ConvertReport report;
  Status s = Ghost(tmp / "long.json", tmp / "site", &report);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  BOOST_CHECK_EQUAL(report.posts, 2);
  for (const auto& e : ImportErrors(tmp / "site")) BOOST_ERROR(e);
}

// A Ghost title with a control character ("\u0007", "\u001b", as
// copied from a terminal) was written into the front matter, and the import
// then refused the whole folder ("holds U+0007, a control character that
// feeds and sitemaps cannot carry"). The converter drops such characters
// from every front matter value, and from author names, and says so.
BOOST_AUTO_TEST_CASE(ghost_control_characters_are_dropped_from_front_matter) {
  TempDir tmp("convert");
  WriteFile(tmp / "c.json",
            R"({"db":[{"meta":{"version":"5.0.0"},"data":{"posts":[
{"id":"p","title":"Bell\u0007 and \u001b[31mred","slug":"bell",
"html":"<p>Hi</p>","custom_excerpt":"Short\u0001 one","type":"post",
"status":"published","published_at":"2022-06-08T07:15:28.000Z"},
{"id":"q","title":"\u0007","slug":"only-a-bell","html":"<p>Hi</p>",
"type":"post","status":"published","published_at":"2022-06-09T07:15:28.000Z"},
{"id":"r","title":"Clean","slug":"clean","html":"<p>Hi</p>",
"type":"post","status":"published","published_at":"2022-06-10T07:15:28.000Z"}],
"tags":[{"id":"t","name":"Ke\u0008ys","slug":"keys"}],
"posts_tags":[{"post_id":"p","tag_id":"t"}],
"users":[{"id":"u","name":"Ana\u001f","slug":"ana"}],
"posts_authors":[{"post_id":"p","author_id":"u"},
{"post_id":"q","author_id":"u"},{"post_id":"r","author_id":"u"}]}}]})");
  ConvertReport report;
  Status s = Ghost(tmp / "c.json", tmp / "site", &report);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  auto tree = ReadTree(tmp / "site");
  const std::string& post = tree.at("posts/bell/index.html");
  BOOST_CHECK(Contains(post, "title: \"Bell and [31mred\""));
  BOOST_CHECK(Contains(post, "tags: [\"Keys\"]"));
  BOOST_CHECK(Contains(post, "summary: \"Short one\""));
  BOOST_CHECK(
      Contains(tree.at("posts/only-a-bell/index.html"), "title: \"Untitled\""));
  BOOST_CHECK(Contains(tree.at("authors/ana.md"), "name: \"Ana\""));
  std::vector<std::string> expected = {
      "post p 'Bell and [31mred': characters that feeds cannot carry "
      "(control characters, U+FFFE, U+FFFF) removed from its title, summary, "
      "tags",
      "post q '': characters that feeds cannot carry (control characters, "
      "U+FFFE, U+FFFF) removed from its title",
      "user u: characters that feeds cannot carry (control characters, "
      "U+FFFE, U+FFFF) removed from its name"};
  BOOST_REQUIRE_EQUAL(report.warnings.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    BOOST_CHECK_MESSAGE(Contains(report.warnings[i], expected[i]),
                        report.warnings[i]);
  }
  for (const auto& e : ImportErrors(tmp / "site")) BOOST_ERROR(e);
}

// A post's old permalink (<link>) with '..', a fragment or a broken
// escape was written as an alias that the import then refused: the
// converted folder did not import. It gets no redirect, with a warning.
// So does one whose escapes decode to bytes that are not UTF-8 (a Latin-1
// "%E9", a cut or overlong sequence), which the import refused the same way.
BOOST_AUTO_TEST_CASE(wordpress_links_no_request_can_be_are_no_aliases) {
  const std::string wxr = ReadTree(kFixtures + "wordpress").at("export.xml");
  const std::string link =
      "<link>https://old.example.com/2019/04/hafen-und-meer/</link>";
  BOOST_REQUIRE(Contains(wxr, link));
  for (const std::string bad :
       {"/2019/../04/x/", "/a#frag", "/a%zz/", "/a%0a/", "/caf%E9/", "/caf%C3/",
        "/%C0%AF/", "/%ED%A0%80/"}) {
    TempDir tmp("convert");
    std::string edited = wxr;
    edited.replace(edited.find(link), link.size(),
                   "<link>https://old.example.com" + bad + "</link>");
    WriteFile(tmp / "wl.xml", edited);
    ConvertReport report;
    Status s = Wordpress(tmp / "wl.xml", tmp / "site", &report);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
    BOOST_TEST_CONTEXT(bad) {
      bool warned = false;
      for (const auto& w : report.warnings)
        warned |= Contains(w, "old URL " + bad + " cannot be an alias");
      BOOST_CHECK(warned);
      for (const auto& e : ImportErrors(tmp / "site")) BOOST_ERROR(e);
    }
  }
}

// Content built to make a careless scan quadratic (every search for a
// closing ']', '>', ';', '-->' or quote starting again from each opening
// one): each helper and both converters stay linear. 1 MB each; a
// quadratic scan would take minutes, a linear one milliseconds.
BOOST_AUTO_TEST_CASE(hostile_content_is_converted_in_linear_time) {
  auto repeat = [](const std::string& unit) {
    std::string s;
    while (s.size() < (1u << 20)) s += unit;
    return s;
  };
  const std::vector<std::string> inputs = {
      repeat("["),
      repeat("[a "),
      repeat("[caption]"),
      repeat("[code x]"),
      repeat("<p "),
      repeat("<div\n"),
      repeat("a\n"),
      repeat("&"),
      repeat("&#"),
      repeat("<!--"),
      repeat("<!--more-->"),
      repeat(" srcset=\"x\""),
      repeat("href=\"https://old.example.com/"),
      repeat("/wp-content/uploads/"),
      repeat("__GHOST_URL__"),
      repeat("<img src=\"a"),
      repeat("<p>x</p>\n\n")};
  auto start = std::chrono::steady_clock::now();
  for (const auto& input : inputs) {
    bool blocks;
    std::vector<std::string> unknown;
    (void)RemoveBlockComments(input, &blocks);
    (void)ConvertWordPressShortcodes(input, &unknown);
    (void)AddParagraphs(input);
    BOOST_CHECK_LE(DecodeEntities(input).size(), input.size());
    Settings s = SiteSettings();
    AuthorIndex authors;
    (void)ParsePostFile(
        "posts/h/index.html",
        "---\ntitle: H\ndate: 2020-01-01\nauthor: a\n---\n" + input, s,
        authors);
  }
  // Through both converters: one post each with every pattern.
  TempDir tmp("convert");
  std::string body;
  for (const auto& input : inputs) body += input.substr(0, 200000) + "\n\n";
  std::string wxr =
      "<?xml version=\"1.0\"?><rss "
      "xmlns:wp=\"http://wordpress.org/export/1.2/\" "
      "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>"
      "<link>https://old.example.com</link><wp:wxr_version>1.2</wp:wxr_version>"
      "<item><title>H</title><content:encoded><![CDATA[" +
      body +
      "]]></content:encoded><wp:post_id>1</wp:post_id><wp:post_date_gmt>"
      "2020-01-01 00:00:00</wp:post_date_gmt><wp:status>publish</wp:status>"
      "<wp:post_type>post</wp:post_type></item></channel></rss>";
  WriteFile(tmp / "h.xml", wxr);
  ConvertReport report;
  Status st = Wordpress(tmp / "h.xml", tmp / "wp", &report, kUploads);
  BOOST_CHECK_MESSAGE(st.ok(), st.ToString());
  std::string escaped;
  for (char c : body) {
    if (c == '"' || c == '\\') escaped += '\\';
    escaped += c == '\n' ? std::string("\\n") : std::string(1, c);
  }
  WriteFile(tmp / "h.json",
            "{\"db\":[{\"data\":{\"posts\":[{\"id\":\"1\",\"title\":\"H\","
            "\"slug\":\"h\",\"html\":\"" +
                escaped +
                "\",\"status\":\"published\",\"published_at\":\"2020-01-01T00:"
                "00:00.000Z\"}],"
                "\"users\":[]}}]}");
  st = Ghost(tmp / "h.json", tmp / "ghost", &report, kImages);
  BOOST_CHECK_MESSAGE(st.ok(), st.ToString());
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  BOOST_TEST_MESSAGE("hostile content: " << seconds << " s");
  // Linear: about a second; quadratic: hours.
  BOOST_CHECK_LT(seconds, kSanitized ? 60.0 : 15.0);
}

// The editor documents of posts without HTML, hostile: deep nesting, a
// caption of 800,000 entities, markups opened and never closed,
// truncated JSON. No crash, linear time (decoding a caption by replacing
// entities in place would be quadratic), an error for what is not JSON.
BOOST_AUTO_TEST_CASE(ghost_documents_hostile_input) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::string> left_out;
  std::string error;
  std::string deep = "{\"root\":{\"children\":[";
  const int kDeep = 100000;
  for (int i = 0; i < kDeep; ++i)
    deep +=
        "{\"type\":\"list\",\"children\":[{\"type\":\"listitem\","
        "\"children\":[";
  deep += "{\"type\":\"text\",\"text\":\"x\"}";
  for (int i = 0; i < kDeep; ++i) deep += "]}]}";
  deep += "]}}";
  std::string body = LexicalBody(deep, &left_out, &error);
  BOOST_CHECK(error.empty());
  BOOST_CHECK_LT(body.size(), 10000u);  // cut at a depth no post has

  std::string entities;
  while (entities.size() < (1u << 22)) entities += "&amp;";
  body = LexicalBody(
      "{\"root\":{\"children\":[{\"type\":\"image\",\"src\":"
      "\"a.png\",\"caption\":\"" +
          entities + "\"}]}}",
      &left_out, &error);
  BOOST_CHECK(error.empty());
  // ![](a.png "&&&...") and a newline
  BOOST_CHECK_EQUAL(body.size(), entities.size() / 5 + 14);

  std::string markers;
  for (int i = 0; i < 200000; ++i) markers += "[0,[0],0,\"x\"],";
  markers += "[0,[],0,\"y\"]";
  body = MobiledocBody(
      "{\"markups\":[[\"em\"]],\"sections\":[[1,\"p\",[" + markers + "]]]}",
      &left_out, &error);
  BOOST_CHECK(error.empty());
  BOOST_CHECK(Contains(body, "</em></em></p>"));

  for (const std::string& bad :
       {std::string("{\"sections\":[[1,\"p\",["), std::string("[]"),
        std::string(""), std::string("{\"root\":1}")}) {
    error.clear();
    BOOST_CHECK(MobiledocBody(bad, &left_out, &error).empty());
    BOOST_CHECK(!error.empty());
    error.clear();
    BOOST_CHECK(LexicalBody(bad, &left_out, &error).empty());
    BOOST_CHECK(!error.empty());
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  BOOST_CHECK_LT(seconds, kSanitized ? 60.0 : 10.0);
}

// A Mobiledoc card's payload that is not an object (a number, a string)
// crashed the converter for bookmark cards: their metadata was looked up
// in it without checking its kind. Every card type gets every kind.
BOOST_AUTO_TEST_CASE(ghost_mobiledoc_card_payload_of_any_kind) {
  for (const char* name :
       {"markdown", "html", "image", "code", "callout", "toggle", "button",
        "paywall", "hr", "bookmark", "gallery", "unknown-card"}) {
    for (const char* payload :
         {"1e308", "-1", "\"x\"", "[]", "[{}]", "null", "true", "{}",
          "{\"metadata\":1,\"images\":[1,\"x\",null]}"}) {
      std::vector<std::string> left_out;
      std::string error;
      const std::string doc = std::string("{\"cards\":[[\"") + name + "\"," +
                              payload +
                              "]],\"sections\":[[1,\"p\",[[0,[],0,"
                              "\"before\"]]],[10,0]]}";
      const std::string body = MobiledocBody(doc, &left_out, &error);
      BOOST_TEST_CONTEXT(doc) {
        BOOST_CHECK(error.empty());
        BOOST_CHECK(Contains(body, "<p>before</p>"));
      }
    }
  }
}

// Found by the convert fuzz target: an HTML post's src with a NUL byte
// named an asset no file system call can take (it cuts the path at the
// NUL). Such a URL is left as written, like one outside the content
// folder. ("a%00.png" stays a file of that literal name.)
BOOST_AUTO_TEST_CASE(an_html_posts_url_with_a_nul_byte_is_no_asset) {
  MarkdownOptions options;
  options.page_url = "/2020/01/01/x/";
  options.asset_base_url = "/media/content/";
  options.source_dir = "posts/x";
  const std::string body = std::string("<img src=\"a") + '\0' + ".png\">";
  RenderedPost post = RenderHtmlPost(body, "", options);
  BOOST_CHECK_MESSAGE(post.assets.empty(), post.body_html);
  // A plain relative image is still an asset.
  RenderedPost plain = RenderHtmlPost("<img src=\"a.png\">", "", options);
  BOOST_REQUIRE_EQUAL(plain.assets.size(), 1u);
  BOOST_CHECK_EQUAL(plain.assets[0], "posts/x/a.png");
}
