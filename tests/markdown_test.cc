#define BOOST_TEST_MODULE markdown
#define BOOST_TEST_DYN_LINK
#include "markdown.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <iostream>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "content.h"
#include "test_util.h"

using namespace levelpress;
using levelpress::testing::Contains;
namespace fs = std::filesystem;

namespace {

// The options every corpus case is rendered with.
MarkdownOptions CorpusOptions() {
  MarkdownOptions o;
  o.page_url = "/2023/09/27/post/";
  o.asset_base_url = "/media/content/";
  o.source_dir = "posts/2023/post";
  return o;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    if (end > pos) out.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

// True when every element opened in html is closed in order (void elements
// aside) and no tag is cut off: what "valid HTML" means for an excerpt.
bool Balanced(const std::string& html, std::string* why) {
  static const std::vector<std::string> kVoid = {"br",    "hr",   "img",
                                                 "input", "meta", "link"};
  std::vector<std::string> open;
  size_t pos = 0;
  while ((pos = html.find('<', pos)) != std::string::npos) {
    if (html.compare(pos, 4, "<!--") == 0) {
      size_t end = html.find("-->", pos);
      if (end == std::string::npos) {
        *why = "unterminated comment";
        return false;
      }
      pos = end + 3;
      continue;
    }
    size_t end = html.find('>', pos);
    if (end == std::string::npos) {
      *why = "tag cut off at " + std::to_string(pos);
      return false;
    }
    std::string tag = html.substr(pos + 1, end - pos - 1);
    pos = end + 1;
    bool closing = !tag.empty() && tag[0] == '/';
    if (closing) tag.erase(0, 1);
    bool self_closing = !tag.empty() && tag.back() == '/';
    std::string name = tag.substr(0, tag.find_first_of(" /"));
    if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0]))) {
      *why = "not a tag: <" + tag + ">";
      return false;
    }
    if (std::find(kVoid.begin(), kVoid.end(), name) != kVoid.end() ||
        self_closing)
      continue;
    if (!closing) {
      open.push_back(name);
    } else if (open.empty() || open.back() != name) {
      *why = "</" + name + "> does not close " +
             (open.empty() ? "anything" : "<" + open.back() + ">");
      return false;
    } else {
      open.pop_back();
    }
  }
  if (!open.empty()) {
    *why = "<" + open.back() + "> is never closed";
    return false;
  }
  return true;
}

std::string Repeat(const std::string& s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

// Imports a post as the importer does (ParsePostFile: front matter, guards,
// body and excerpt). A case slower than kLimit fails; one that has not
// finished after kHang ends the whole test program, so a hang is a failure
// instead of a blocked test run. A post may also be refused by a guard
// (max_post_bytes, the bracket limit), with a message that says so.
// A quadratic blow-up on these 100k-element inputs takes minutes; linear
// work takes ~0.4 s here and ~2 s under ASan on a busy 2-core machine (it
// failed CI at 2.15 s against a limit of 2 s). The limit sits far from
// both, so only the blow-up fails.
constexpr double kLimitSeconds = 15.0;
constexpr auto kHang = std::chrono::seconds(60);

void CheckRendersQuickly(const std::string& name, std::string input) {
  auto started = std::chrono::steady_clock::now();
  auto job = std::async(std::launch::async, [input = std::move(input)] {
    std::string text =
        "---\ntitle: T\ndate: 2024-01-01T00:00:00Z\nauthor: a\n---\n" + input;
    Settings settings;
    AuthorIndex authors;
    ParsedPost parsed = ParsePostFile("posts/p.md", text, settings, authors);
    std::string why =
        parsed.problems.empty() ? "" : parsed.problems[0].ToString();
    return std::make_pair(parsed.ok ? parsed.post.body_html.size() : 0, why);
  });
  if (job.wait_for(kHang) != std::future_status::ready) {
    std::cerr << "FATAL: rendering '" << name << "' did not finish within "
              << kHang.count() << " s\n";
    std::cerr.flush();
    std::quick_exit(1);
  }
  auto [bytes, why] = job.get();
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
          .count();
  BOOST_TEST_MESSAGE(name << ": " << seconds << " s, " << bytes
                          << " bytes of HTML " << why);
  BOOST_CHECK_MESSAGE(seconds < kLimitSeconds, name << " took " << seconds
                                                    << " s (limit "
                                                    << kLimitSeconds << " s)");
  BOOST_CHECK_MESSAGE(
      bytes > 0 || why.find("over the limit") != std::string::npos,
      name << ": neither rendered nor refused by a guard: " << why);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(corpus)

BOOST_AUTO_TEST_CASE(every_input_renders_to_its_expected_html) {
  const fs::path dir = fs::path(SOURCE_DIR) / "tests/corpus/markdown";
  std::vector<fs::path> inputs;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".md") inputs.push_back(e.path());
  }
  std::sort(inputs.begin(), inputs.end());
  BOOST_REQUIRE_GE(inputs.size(), 12u);
  for (const auto& in : inputs) {
    BOOST_TEST_CONTEXT("corpus case " << in.filename().string()) {
      fs::path expected_html = in, expected_assets = in;
      expected_html.replace_extension(".html");
      expected_assets.replace_extension(".assets");
      BOOST_REQUIRE_MESSAGE(fs::exists(expected_html),
                            "missing " << expected_html);
      RenderedMarkdown got =
          RenderMarkdown(levelpress::testing::ReadFile(in), CorpusOptions());
      if (std::getenv("LEVELPRESS_UPDATE_CORPUS")) {  // then review the diff
        levelpress::testing::WriteFile(expected_html, got.html);
      }
      std::string want = levelpress::testing::ReadFile(expected_html);
      BOOST_CHECK_EQUAL(got.html, want);
      std::vector<std::string> want_assets;
      if (fs::exists(expected_assets)) {
        want_assets = Lines(levelpress::testing::ReadFile(expected_assets));
      }
      BOOST_CHECK_EQUAL_COLLECTIONS(got.assets.begin(), got.assets.end(),
                                    want_assets.begin(), want_assets.end());
      std::string why;
      BOOST_CHECK_MESSAGE(Balanced(got.html, &why), why);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(safety_and_urls)

// raw_html: drop removes every raw tag; dangerous URLs of Markdown links
// are emptied in every mode.
BOOST_AUTO_TEST_CASE(no_raw_html_or_script_survives) {
  MarkdownOptions options = CorpusOptions();
  options.raw_html = RawHtml::kDrop;
  std::string md =
      "<script>alert(1)</script>\n\n"
      "<img src=x onerror=alert(2)>\n\n"
      "Para <iframe src=\"https://evil\"></iframe> end.\n\n"
      "[a](javascript:alert(3)) [b](  JAVASCRIPT:alert(4)) "
      "[c](data:text/html,<script>) ![d](vbscript:x)\n";
  std::string html = RenderMarkdown(md, options).html;
  for (const char* bad :
       {"<script", "onerror", "<iframe", "javascript:", "JAVASCRIPT:",
        "vbscript:", "data:text/html", "<img src=x"}) {
    BOOST_CHECK_MESSAGE(!Contains(html, bad), bad << " in " << html);
  }
  BOOST_CHECK(Contains(html, "Para"));
}

// Kept raw HTML passes through, but Markdown links are still checked.
BOOST_AUTO_TEST_CASE(kept_html_passes_and_links_are_still_checked) {
  RenderedMarkdown r = RenderMarkdown(
      "<details><summary>More</summary>\n\nInside *it*.\n\n</details>\n\n"
      "[a](javascript:alert(1)) <kbd>Ctrl</kbd>\n",
      CorpusOptions());
  BOOST_CHECK_EQUAL(r.html,
                    "<details><summary>More</summary>\n"
                    "<p>Inside <em>it</em>.</p>\n"
                    "</details>\n"
                    "<p><a href=\"\">a</a> <kbd>Ctrl</kbd></p>\n");
  BOOST_CHECK(r.raw_html.empty());
}

BOOST_AUTO_TEST_CASE(escape_and_drop_list_each_tag_with_its_line) {
  const std::string md =
      "Text <span class=\"x\">in</span> line.\n\n"
      "<div>\nblock\n</div>\n\n"
      "<!--more-->\n\n"
      "<iframe src=\"https://www.youtube-nocookie.com/embed/abcdefghijk\" "
      "width=\"560\"></iframe>\n";
  MarkdownOptions options = CorpusOptions();
  options.raw_html = RawHtml::kEscape;
  RenderedMarkdown e = RenderMarkdown(md, options);
  BOOST_CHECK_EQUAL(e.html,
                    "<p>Text &lt;span class=&quot;x&quot;&gt;in&lt;/span&gt; "
                    "line.</p>\n"
                    "<p>&lt;div&gt;\nblock\n&lt;/div&gt;</p>\n"
                    "<p>&lt;iframe src=&quot;https://www.youtube-nocookie.com/"
                    "embed/abcdefghijk&quot; width=&quot;560&quot;&gt;&lt;/"
                    "iframe&gt;</p>\n");
  std::vector<RawHtmlNote> want = {
      {1, "<span class=\"x\">"},
      {3, "<div>"},
      {9, "<iframe src=\"https://www.youtube-nocookie.com/embed/abcd...>"}};
  BOOST_CHECK(e.raw_html == want);
  options.raw_html = RawHtml::kDrop;
  RenderedMarkdown d = RenderMarkdown(md, options);
  BOOST_CHECK_EQUAL(d.html, "<p>Text in line.</p>\n");
  BOOST_CHECK(d.raw_html == want);
}

BOOST_AUTO_TEST_CASE(raw_h2_gets_no_heading_id) {
  BOOST_CHECK_EQUAL(
      RenderMarkdown("<h2>Raw</h2>\n\n## Real\n", CorpusOptions()).html,
      "<h2>Raw</h2>\n<h2 id=\"real\">Real</h2>\n");
}

BOOST_AUTO_TEST_CASE(footnote_ids_carry_the_post_prefix) {
  const std::string md = "One[^a], two[^a].\n\n[^a]: Note.\n";
  MarkdownOptions one = CorpusOptions(), two = CorpusOptions();
  one.id_prefix = "first-post-";
  two.page_url = "/2023/09/28/second-post/";
  two.id_prefix = "second-post-";
  std::string a = RenderMarkdown(md, one).html;
  std::string b = RenderMarkdown(md, two).html;
  // Every id is prefixed, every link goes to an id of the same post.
  for (const auto& [html, prefix, page] :
       {std::tuple{a, std::string("first-post-"), one.page_url},
        std::tuple{b, std::string("second-post-"), two.page_url}}) {
    for (const char* id : {"fn-a", "fnref-a", "fnref-a-2"}) {
      BOOST_CHECK_MESSAGE(Contains(html, "id=\"" + prefix + id + "\""),
                          id << " in " << html);
      BOOST_CHECK_MESSAGE(Contains(html, "href=\"" + page + "#" + prefix + id),
                          id << " link in " << html);
    }
    BOOST_CHECK(!Contains(html, "\"fn-") && !Contains(html, "#fn-"));
  }
  // Both on one listing page: no id twice.
  std::string page = a + b;
  std::set<std::string> ids;
  for (size_t at = 0; (at = page.find(" id=\"", at)) != std::string::npos;) {
    at += 5;
    std::string id = page.substr(at, page.find('"', at) - at);
    BOOST_CHECK_MESSAGE(ids.insert(id).second, "duplicate id " << id);
  }
}

BOOST_AUTO_TEST_CASE(smart_text_for_titles) {
  BOOST_CHECK_EQUAL(SmartText("\"Don't\" -- said 'we'"),
                    "\u201cDon\u2019t\u201d \u2013 said \u2018we\u2019");
  BOOST_CHECK_EQUAL(SmartText("Wait... --- what?"), "Wait\u2026 \u2014 what?");
  // Nothing else is Markdown: plain text comes back as written, to be
  // HTML-escaped once by the templates.
  for (const char* plain :
       {"*not* _em_ `code` [link](x) <b>&amp; # 1. 2) - x", "- a list?",
        "1. First", "    indented", "> quote", "a | b", "\\ back",
        "Ünïcödé \u2014 ok", "# Title", "C++ & Rust: a <comparison>"}) {
    BOOST_CHECK_EQUAL(SmartText(plain), plain);
  }
}

// The import reports what raw_html did not keep, at its file line, and
// smartens the title (plain text, escaped once by the templates).
BOOST_AUTO_TEST_CASE(import_reports_raw_html_and_smartens_the_title) {
  const std::string text =
      "---\ntitle: '\"Don''t\" -- said ''we'''\n"
      "date: 2024-01-01T00:00:00Z\nauthor: a\n---\n"
      "Intro.\n\n<details><summary>More</summary>\n\nText.\n\n</details>\n";
  AuthorIndex authors;
  for (auto [mode, word] :
       {std::pair{RawHtml::kKeep, ""}, std::pair{RawHtml::kEscape, "escape"},
        std::pair{RawHtml::kDrop, "drop"}}) {
    Settings settings;
    settings.raw_html = mode;
    ParsedPost p =
        ParsePostFile("posts/2024-01-01-x.md", text, settings, authors);
    BOOST_REQUIRE(p.ok);
    BOOST_CHECK_EQUAL(p.post.title,
                      "\u201cDon\u2019t\u201d \u2013 said \u2018we\u2019");
    std::vector<std::string> got;
    for (const auto& problem : p.problems) got.push_back(problem.ToString());
    if (mode == RawHtml::kKeep) {
      BOOST_CHECK(got.empty());
      BOOST_CHECK(Contains(p.post.body_html, "<details><summary>More"));
      continue;
    }
    std::string done = mode == RawHtml::kEscape ? "escaped" : "dropped";
    // (the closing </details> goes with it; only the opening is listed)
    std::vector<std::string> want = {
        "posts/2024-01-01-x.md:8: warning: raw HTML "
        "<details> " +
        done + " (raw_html: " + word + ")"};
    BOOST_CHECK_EQUAL_COLLECTIONS(got.begin(), got.end(), want.begin(),
                                  want.end());
    BOOST_CHECK(p.problems[0].warning);
    BOOST_CHECK(!Contains(p.post.body_html, "<details>"));
    BOOST_CHECK_EQUAL(Contains(p.post.body_html, "&lt;details&gt;"),
                      mode == RawHtml::kEscape);
  }
}

BOOST_AUTO_TEST_CASE(rewrites_depend_on_the_options) {
  MarkdownOptions o;
  o.page_url = "/p/x/";
  o.asset_base_url = "https://cdn.example.com/c/";
  o.source_dir = "";  // a file at the top of the content folder
  RenderedMarkdown r =
      RenderMarkdown("![a](pic.png) [b](#sec) [c](../up.png)", o);
  BOOST_CHECK(Contains(r.html, "src=\"https://cdn.example.com/c/pic.png\""));
  BOOST_CHECK(Contains(r.html, "href=\"/p/x/#sec\""));
  BOOST_CHECK(Contains(r.html, "href=\"../up.png\""));  // outside: left as is
  std::vector<std::string> want = {"pic.png"};
  BOOST_CHECK(r.assets == want);
}

BOOST_AUTO_TEST_CASE(reference_links_and_autolinks_are_rewritten_too) {
  RenderedMarkdown r = RenderMarkdown(
      "See [ref][1] and ![pic][2] and <https://x.example/>.\n\n"
      "[1]: #anchor\n[2]: img/p.png\n",
      CorpusOptions());
  BOOST_CHECK_MESSAGE(Contains(r.html, "href=\"/2023/09/27/post/#anchor\""),
                      r.html);
  BOOST_CHECK_MESSAGE(
      Contains(r.html, "src=\"/media/content/posts/2023/post/img/p.png\""),
      r.html);
  BOOST_CHECK(Contains(r.html, "href=\"https://x.example/\""));
}

// Regression: heading ids were slugs of the heading text after smart
// punctuation, so typographic quotes and dashes the author never typed
// ended up in the id, and a link written as #dont-panic did not match.
BOOST_AUTO_TEST_CASE(smart_punctuation_does_not_leak_into_heading_ids) {
  std::string html =
      RenderMarkdown("## Don't panic -- \"really\"\n", CorpusOptions()).html;
  BOOST_CHECK_EQUAL(
      html, "<h2 id=\"dont-panic-really\">Don’t panic – “really”</h2>\n");
}

// Regression: soft line breaks were skipped, so a heading over two lines
// got its words glued together in the id ("foobar").
BOOST_AUTO_TEST_CASE(multi_line_heading_id_separates_words) {
  std::string html = RenderMarkdown("Foo\nbar\n===\n", CorpusOptions()).html;
  BOOST_CHECK_EQUAL(html, "<h1 id=\"foo-bar\">Foo\nbar</h1>\n");
}

// Issue 8, item 6: cmark replaces bytes that are not UTF-8 with U+FFFD but
// passes control characters and U+FFFF through, and a feed that carries
// the HTML is then not XML. Found by tests/fuzz/import_fuzz.cc: a heading
// with U+FFFF put it into the heading's id, after the text was cleaned.
BOOST_AUTO_TEST_CASE(html_holds_nothing_xml_forbids) {
  const std::string fffd = "\xEF\xBF\xBD";
  std::string html = RenderMarkdown(
                         "## a\xEF\xBF\xBF"
                         "b\n\nx\x01y \xEF\xBF\xBE z\xFF\n",
                         CorpusOptions())
                         .html;
  BOOST_CHECK_EQUAL(html, "<h2 id=\"a" + fffd + "b\">a" + fffd +
                              "b</h2>\n<p>x" + fffd + "y " + fffd + " z" +
                              fffd + "</p>\n");
  RenderedPost post =
      RenderPost("## \x02\xEF\xBF\xBF\n\ntext\x03\n", "", CorpusOptions());
  BOOST_CHECK_EQUAL(post.body_html.find('\x02'), std::string::npos);
  BOOST_CHECK_EQUAL(post.body_html.find("\xEF\xBF\xBF"), std::string::npos);
  BOOST_CHECK_EQUAL(post.excerpt_html, "<p>text" + fffd + "</p>\n");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(excerpts)

const char kBody[] =
    "First *para* with [a link](#sec).\n\n"
    "Second para.\n\n"
    "<!--more-->\n\n"
    "## Sec\n\nRest.\n";

BOOST_AUTO_TEST_CASE(summary_wins) {
  RenderedMarkdown r =
      RenderExcerpt(kBody, "A *short* summary.", CorpusOptions());
  BOOST_CHECK_EQUAL(r.html, "<p>A <em>short</em> summary.</p>\n");
}

BOOST_AUTO_TEST_CASE(then_the_text_before_more) {
  RenderedMarkdown r = RenderExcerpt(kBody, "", CorpusOptions());
  BOOST_CHECK_EQUAL(r.html,
                    "<p>First <em>para</em> with <a "
                    "href=\"/2023/09/27/post/#sec\">a link</a>.</p>\n"
                    "<p>Second para.</p>\n");
  std::string_view before;
  BOOST_REQUIRE(SplitAtMore(kBody, &before));
  BOOST_CHECK_EQUAL(std::string(before),
                    "First *para* with [a link](#sec).\n\nSecond para.\n\n");
}

// The excerpt is cut from the body's parse, so a footnote reference in it
// links to the note on the post's page instead of showing "[^1]".
BOOST_AUTO_TEST_CASE(footnote_before_more_links_to_the_post) {
  const char* body =
      "Intro with a note.[^1]\n\n<!--more-->\n\nRest.\n\n"
      "[^1]: The note.\n";
  MarkdownOptions o = CorpusOptions();
  o.id_prefix = "post-";
  RenderedPost post = RenderPost(body, "", o);
  BOOST_CHECK(post.excerpt_html.find("[^1]") == std::string::npos);
  BOOST_CHECK(post.excerpt_html.find("href=\"/2023/09/27/post/#post-fn-1\"") !=
              std::string::npos);
  BOOST_CHECK(post.excerpt_html.find("The note.") == std::string::npos);
  BOOST_CHECK(post.body_html.find("The note.") != std::string::npos);
  BOOST_CHECK_EQUAL(RenderExcerpt(body, "", o).html, post.excerpt_html);
}

BOOST_AUTO_TEST_CASE(more_marker_spellings) {
  std::string_view before;
  BOOST_CHECK(SplitAtMore("a\n<!-- more -->\nb", &before));
  BOOST_CHECK_EQUAL(std::string(before), "a\n");
  BOOST_CHECK(SplitAtMore("a\n  <!--more-->  \r\nb", &before));
  BOOST_CHECK_EQUAL(std::string(before), "a\n");
  BOOST_CHECK(SplitAtMore("<!--more-->\nb", &before));
  BOOST_CHECK_EQUAL(std::string(before), "");
  BOOST_CHECK(
      !SplitAtMore("a <!--more--> b\n", &before));  // not on its own line
  BOOST_CHECK(!SplitAtMore("<!--more--> x\n", &before));
  BOOST_CHECK(!SplitAtMore("no marker\n", &before));
}

BOOST_AUTO_TEST_CASE(then_the_first_paragraph) {
  RenderedMarkdown r = RenderExcerpt(
      "# Title\n\n```\ncode\n```\n\nThe *first* paragraph\nover two "
      "lines.\n\nSecond.\n",
      "", CorpusOptions());
  BOOST_CHECK_EQUAL(r.html,
                    "<p>The <em>first</em> paragraph\nover two lines.</p>\n");
  BOOST_CHECK_EQUAL(
      RenderExcerpt("```\nonly code\n```\n", "", CorpusOptions()).html, "");
  BOOST_CHECK_EQUAL(RenderExcerpt("", "", CorpusOptions()).html, "");
}

BOOST_AUTO_TEST_CASE(first_paragraph_is_made_safe_and_rewritten) {
  MarkdownOptions options = CorpusOptions();
  options.raw_html = RawHtml::kDrop;
  RenderedMarkdown r = RenderExcerpt(
      "Hi <b>there</b> ![p](pic.png) [x](javascript:alert(1)).\n", "", options);
  BOOST_CHECK_EQUAL(
      r.html,
      "<p>Hi there <img src=\"/media/content/posts/2023/post/pic.png\" "
      "alt=\"p\" loading=\"lazy\" decoding=\"async\" /> "
      "<a href=\"\">x</a>.</p>\n");
  std::vector<std::string> want = {"posts/2023/post/pic.png"};
  BOOST_CHECK(r.assets == want);
}

BOOST_AUTO_TEST_CASE(excerpt_is_always_valid_html) {
  const std::vector<std::string> bodies = {
      kBody,
      "Start *emph\n<!--more-->\nrest* end.\n",
      "- item one\n- item **two\n<!--more-->\n- three**\n",
      "> quote [link\n>\n<!--more-->\n> more](x)\n",
      "Text\n\n```\ncode <b>\n<!--more-->\nmore\n```\n",
      "1. a\n   1. b\n      <!--more-->\n      c\n",
      "<div>\n<!--more-->\n</div>\n",
      "**bold *both _all\n\nnext",
      "Para with `code <p>` and <span>open\n\nnext",
      "| a | b |\n|---|---|\n| <td> | x |\n",
  };
  for (const auto& body : bodies) {
    for (const char* summary : {"", "Summary *open **unclosed"}) {
      BOOST_TEST_CONTEXT("body: " << body << " summary: " << summary) {
        // Kept raw HTML is the author's to balance; without it, an
        // excerpt is always balanced.
        MarkdownOptions options = CorpusOptions();
        options.raw_html = RawHtml::kDrop;
        RenderedMarkdown r = RenderExcerpt(body, summary, options);
        std::string why;
        BOOST_CHECK_MESSAGE(Balanced(r.html, &why), why << " in:\n" << r.html);
      }
    }
  }
}

// RenderPost is what the importer calls; it must agree with the two
// functions it replaces.
BOOST_AUTO_TEST_CASE(render_post_agrees_with_render_markdown_and_excerpt) {
  const std::vector<std::string> bodies = {
      kBody,
      "# T\n\nFirst ![p](a.png) [x](#y).\n\nSecond ![q](b.png).\n",
      "Intro ![p](a.png).\n\n<!--more-->\n\nRest ![q](b.png).\n",
      "```\ncode only\n```\n",
      "",
  };
  for (const auto& body : bodies) {
    for (const char* summary : {"", "Sum ![s](s.png) [l](#z)."}) {
      BOOST_TEST_CONTEXT("body: " << body << " summary: " << summary) {
        MarkdownOptions o = CorpusOptions();
        RenderedPost post = RenderPost(body, summary, o);
        RenderedMarkdown full = RenderMarkdown(body, o);
        RenderedMarkdown excerpt = RenderExcerpt(body, summary, o);
        BOOST_CHECK_EQUAL(post.body_html, full.html);
        BOOST_CHECK_EQUAL(post.excerpt_html, excerpt.html);
        std::vector<std::string> assets = full.assets;
        assets.insert(assets.end(), excerpt.assets.begin(),
                      excerpt.assets.end());
        std::sort(assets.begin(), assets.end());
        assets.erase(std::unique(assets.begin(), assets.end()), assets.end());
        BOOST_CHECK(post.assets == assets);
      }
    }
  }
  RenderedPost p =
      RenderPost("x ![s](s.png)", "![s](s.png) ![t](t.png)", CorpusOptions());
  std::vector<std::string> want = {"posts/2023/post/s.png",
                                   "posts/2023/post/t.png"};
  BOOST_CHECK(p.assets == want);  // sorted, unique
}

BOOST_AUTO_TEST_CASE(balance_checker_catches_cut_tags) {
  // The checker used above, shown to reject what it must reject.
  std::string why;
  BOOST_CHECK(!Balanced("<p>open", &why));
  BOOST_CHECK(!Balanced("<p><em>x</p></em>", &why));
  BOOST_CHECK(!Balanced("<p>x</p><a href=\"", &why));
  BOOST_CHECK(Balanced("<p>a<br />b<img src=\"x\" /></p>\n", &why));
}

// Regression: the more-marker was found by scanning lines, so a
// `<!--more-->` line inside a fenced code block (a post that shows how to
// use the marker) cut the excerpt mid-code.
BOOST_AUTO_TEST_CASE(more_inside_a_code_block_is_not_the_marker) {
  const char body[] =
      "Put the marker on a line of its own.\n\n"
      "```markdown\nIntro.\n<!--more-->\nThe rest.\n```\n\n"
      "That is all.\n";
  std::string_view before;
  BOOST_CHECK(!SplitAtMore(body, &before));
  BOOST_CHECK_EQUAL(RenderExcerpt(body, "", CorpusOptions()).html,
                    "<p>Put the marker on a line of its own.</p>\n");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(pathological)

BOOST_AUTO_TEST_CASE(nested_blockquotes) {
  CheckRendersQuickly("50k nested >", Repeat(">", 50000) + " deep\n");
  CheckRendersQuickly("50k nested '> '", Repeat("> ", 50000) + "deep\n");
}

BOOST_AUTO_TEST_CASE(nested_brackets) {
  CheckRendersQuickly("50k [", Repeat("[", 50000) + "x");
  CheckRendersQuickly("50k [ with closers",
                      Repeat("[", 50000) + "x" + Repeat("](u)", 50000));
  CheckRendersQuickly("50k [a](", Repeat("[a](", 50000));
}

// Debian's cmark 0.30.2 is quadratic on nested image and link brackets
// (CVE-2023-22486, fixed in cmark 0.30.3); markdown.cc guards against it
// before rendering, and this keeps the guard honest.
BOOST_AUTO_TEST_CASE(image_brackets) {
  CheckRendersQuickly("40k ![[]()", Repeat("![[]()", 40000));
}

BOOST_AUTO_TEST_CASE(emphasis_runs) {
  CheckRendersQuickly("100k *a", Repeat("*a", 100000));
  CheckRendersQuickly("100k _a", Repeat("_a", 100000));
  CheckRendersQuickly("50k nested *_",
                      Repeat("*_", 50000) + "x" + Repeat("_*", 50000));
  CheckRendersQuickly("50k unclosed *_", Repeat("*_", 50000) + "x");
}

BOOST_AUTO_TEST_CASE(nested_lists) {
  CheckRendersQuickly("10k nested -", Repeat("- ", 10000) + "x\n");
  CheckRendersQuickly("10k nested 1.", Repeat("1. ", 10000) + "x\n");
  std::string stairs;  // list items indented one level more each line
  for (int i = 0; i < 10000; ++i)
    stairs += std::string(2 * (i % 100), ' ') + "- x\n";
  CheckRendersQuickly("10k indented items", stairs);
}

BOOST_AUTO_TEST_CASE(one_megabyte_line) {
  CheckRendersQuickly("1 MB of words", Repeat("word ", 200000));
  CheckRendersQuickly("1 MB of links", Repeat("[a](/b) ", 130000));
  CheckRendersQuickly("500 KB of relative links", Repeat("[a](b) ", 70000));
  CheckRendersQuickly("1 MB of one character", std::string(1 << 20, 'x'));
}

BOOST_AUTO_TEST_CASE(backticks) {
  CheckRendersQuickly("100k backticks", Repeat("`", 100000));
  std::string runs;  // runs of 1..2000 backticks, none closing another
  for (int i = 1; i < 2000; ++i) runs += std::string(i, '`') + "a";
  CheckRendersQuickly("growing backtick runs", runs);
  CheckRendersQuickly("50k `a`", Repeat("`a` ", 50000));
}

BOOST_AUTO_TEST_CASE(other_inlines) {
  CheckRendersQuickly("100k <", Repeat("<", 100000));
  CheckRendersQuickly("100k &#", Repeat("&#", 100000));
  CheckRendersQuickly("100k backslashes", Repeat("\\", 100000));
  CheckRendersQuickly("50k link references",
                      Repeat("[x]: /u\n", 50000) + Repeat("[x] ", 50000));
}

// cmark-gfm 0.29.0.gfm.6 is quadratic in the cells of a table row and slow
// on email autolinks; content.cc's guards refuse these, the rest is fast.
BOOST_AUTO_TEST_CASE(gfm_constructs) {
  CheckRendersQuickly("50k | on one line", Repeat("|", 50000) + "\n");
  CheckRendersQuickly("5000 columns",
                      Repeat("|a", 5000) + "|\n" + Repeat("|-", 5000) + "|\n" +
                          Repeat(Repeat("|", 5000) + "\n", 100));
  CheckRendersQuickly("128 columns, 1 MB",
                      Repeat("|a", 128) + "|\n" + Repeat("|-", 128) + "|\n" +
                          Repeat(Repeat("|", 128) + "\n", 7000));
  CheckRendersQuickly("1 MB of a@", Repeat("a@", 500000));
  CheckRendersQuickly("50k ~~a", Repeat("~~a", 50000));
  CheckRendersQuickly("100k www.", Repeat("www.a ", 100000));
  CheckRendersQuickly("50k tasks", Repeat("- [ ] x\n", 50000));
  CheckRendersQuickly("30k small tables",
                      Repeat("|a|b|\n|-|-|\n|1|2|\n\n", 30000));
  CheckRendersQuickly("100k inline HTML", Repeat("<b>a</b> ", 100000));
}

BOOST_AUTO_TEST_CASE(many_different_headings) {
  std::string md;
  for (int i = 0; i < 50000; ++i)
    md += "## Heading " + std::to_string(i) + "\n";
  CheckRendersQuickly("50k headings", md);
}

// Regression: a free heading id was found by trying base-1, base-2, ...
// from 1 for every heading, so n headings with the same text cost O(n^2);
// 8000 of them (64 KB, far under max_post_bytes) took seconds.
BOOST_AUTO_TEST_CASE(many_equal_headings) {
  CheckRendersQuickly("8000 equal headings", Repeat("## Same\n", 8000));
}

BOOST_AUTO_TEST_SUITE_END()

// Attack report, item 2: every relative link was an asset, so
// [notes](secret-plan.md) or [env](../../.env) copied another post's
// Markdown source or a dotfile into the public media folder. Only media
// files (an allow-list of extensions, no component starting with '.') are
// assets now; other relative links are left as written and listed.
BOOST_AUTO_TEST_SUITE(only_media_are_assets)

BOOST_AUTO_TEST_CASE(is_media_path) {
  for (const std::string yes :
       {"a.png", "posts/x/A.JPG", "b.jpeg", "c.gif",  "d.webp", "e.avif",
        "f.svg", "g.ico",         "h.bmp",  "i.tiff", "v.mp4",  "v.webm",
        "v.ogv", "v.mov",         "a.mp3",  "a.ogg",  "a.oga",  "a.wav",
        "a.m4a", "a.flac",        "d.pdf",  "z.zip",  "z.tar",  "z.tar.gz",
        "z.tgz", "d.csv",         "d.txt",  "d.json"}) {
    BOOST_CHECK_MESSAGE(IsMediaPath(yes), yes);
  }
  for (const std::string no :
       {"", "secret-plan.md", "x.markdown", ".env", "posts/.git/config.txt",
        ".hidden.png", "posts/.well-known/a.png", "../a.png", "a.png/",
        "config.yaml", "index.html", "notes", "a.php", "png"}) {
    BOOST_CHECK_MESSAGE(!IsMediaPath(no), no);
  }
}

BOOST_AUTO_TEST_CASE(non_media_links_are_left_as_written) {
  RenderedMarkdown r = RenderMarkdown(
      "![a](pic.png)\n\n[notes](secret-plan.md) [env](../../.env)\n\n"
      "[d](.hidden/x.png#y) [ok](doc.PDF?x=1)\n",
      CorpusOptions());
  BOOST_CHECK(Contains(r.html, "href=\"secret-plan.md\""));
  BOOST_CHECK(Contains(r.html, "href=\"../../.env\""));
  BOOST_CHECK(Contains(r.html, "href=\".hidden/x.png#y\""));
  BOOST_CHECK(
      Contains(r.html, "href=\"/media/content/posts/2023/post/doc.PDF?x=1\""));
  std::vector<std::string> want = {"posts/2023/post/pic.png",
                                   "posts/2023/post/doc.PDF"};
  BOOST_CHECK(r.assets == want);
  AssetLines want_not = {
      {"secret-plan.md", 3}, {"../../.env", 3}, {".hidden/x.png#y", 5}};
  BOOST_CHECK(r.not_media == want_not);
}

BOOST_AUTO_TEST_SUITE_END()

// The same Markdown renders to the same bytes on any thread, also while
// other threads render (the importer parses posts in parallel). cmark-gfm
// keeps a global table its extensions change during each parse; without
// the parse lock a strikethrough was sometimes missed.
BOOST_AUTO_TEST_SUITE(determinism)

BOOST_AUTO_TEST_CASE(parallel_renders_give_the_same_bytes) {
  const std::string md =
      "Use ~~cron~~ the queue, see https://example.com/x and `code`.\n\n"
      "| a | b |\n|:--|--:|\n| ~~1~~ | 2 |\n\n- [x] done\n- [ ] todo\n\n"
      "A note.[^n]\n\n[^n]: With ~~old~~ new text.\n";
  MarkdownOptions options;
  options.page_url = "/p/";
  options.id_prefix = "p-";
  const std::string want = RenderMarkdown(md, options).html;
  BOOST_REQUIRE(want.find("<del>cron</del>") != std::string::npos);
  // Other threads parse text with other extension characters meanwhile.
  auto worker = [&](int n) {
    int differ = 0;
    for (int i = 0; i < 300; ++i) {
      if (n % 2) {
        RenderMarkdown("plain *text* with ~tildes~ and www.example.org\n",
                       options);
      }
      if (RenderMarkdown(md, options).html != want) ++differ;
    }
    return differ;
  };
  std::vector<std::future<int>> runs;
  for (int t = 0; t < 4; ++t)
    runs.push_back(std::async(std::launch::async, worker, t));
  int differ = 0;
  for (auto& r : runs) differ += r.get();
  BOOST_CHECK_EQUAL(differ, 0);
}

// The importer's threads parse without taking turns: cmark-gfm's table of
// special characters is fixed once (cmark_special_chars.h).
BOOST_AUTO_TEST_CASE(markdown_is_parsed_in_parallel) {
  BOOST_CHECK(MarkdownParsesInParallel());
}

// Every corpus case (and the excerpt of each, which parses without
// extensions), rendered by four threads at once, many times over, gives
// the bytes a single thread gives.
BOOST_AUTO_TEST_CASE(corpus_renders_on_four_threads_as_on_one) {
  const fs::path dir = fs::path(SOURCE_DIR) / "tests/corpus/markdown";
  std::vector<std::string> inputs;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".md")
      inputs.push_back(levelpress::testing::ReadFile(e.path()));
  }
  inputs.push_back(
      "~~gone~~ *a*~b~ _c_~~d~~ www.example.com/~x "
      "mailto:a@example.com https://example.org/a~b\n\n"
      "Strike ~~this~~ and 'quote' ~_under_~ a~*b*~c.\n");
  BOOST_REQUIRE_GE(inputs.size(), 13u);
  auto render = [&](const std::string& md) {
    RenderedPost p = RenderPost(md, "", CorpusOptions());
    return p.body_html + "\n----\n" + p.excerpt_html;
  };
  std::vector<std::string> want;
  for (const auto& md : inputs) want.push_back(render(md));
  auto worker = [&](int n) {
    int differ = 0;
    for (int round = 0; round < 20; ++round) {
      for (size_t k = 0; k < inputs.size(); ++k) {
        size_t i = (k + n * 7 + round) % inputs.size();  // threads interleave
        if (render(inputs[i]) != want[i]) ++differ;
      }
    }
    return differ;
  };
  std::vector<std::future<int>> runs;
  for (int t = 0; t < 4; ++t)
    runs.push_back(std::async(std::launch::async, worker, t));
  int differ = 0;
  for (auto& r : runs) differ += r.get();
  BOOST_CHECK_EQUAL(differ, 0);
}

BOOST_AUTO_TEST_SUITE_END()
