// Settings: the file is validated as a whole, and every problem of it is
// reported together, one "FILE:LINE: key: problem" line each.
#define BOOST_TEST_MODULE settings
#define BOOST_TEST_DYN_LINK
#include "settings.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "test_util.h"

using namespace levelpress;
using levelpress::testing::Contains;

namespace {

Status Parse(const std::string& text, Settings* s = nullptr) {
  Settings local;
  return ParseSettings(text, "/etc/lp.conf", s ? s : &local);
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

#define CHECK_REJECTS(text, needle)                                           \
  do {                                                                        \
    Status s_ = Parse(text);                                                  \
    BOOST_CHECK_MESSAGE(s_.IsInvalidArgument(), "accepted: " << (text));      \
    BOOST_CHECK_MESSAGE(Contains(s_.message(), needle),                       \
                        "'" << s_.message() << "' lacks '" << needle << "'"); \
  } while (0)

}  // namespace

BOOST_AUTO_TEST_CASE(defaults_and_the_sample_file_are_valid) {
  Settings s;
  Status st = Parse("", &s);
  BOOST_CHECK_MESSAGE(st.ok(), st.ToString());
  BOOST_CHECK_EQUAL(s.store_path, "/etc/store");
  st = LoadSettings(SOURCE_DIR "/data/levelpress.conf", &s);
  BOOST_CHECK_MESSAGE(st.ok(), st.ToString());
  for (const char* ok :
       {"post_url: \"/posts/:slug/\"", "post_url: \"/:year/:slug/\"",
        "post_url: \"/blog/:year/:month/:slug/\"", "tag_url: \"/t/:tag/\"",
        "author_url: \"/people/:author/\"", "threads: 256", "threads: 0",
        "time_zone: \"America/Argentina/Buenos_Aires\"",
        "time_zone: \"Etc/GMT+5\"",
        "base_url: \"https://example.com/blog/\""}) {
    BOOST_TEST_CONTEXT(ok) {
      st = Parse(ok);
      BOOST_CHECK_MESSAGE(st.ok(), st.ToString());
    }
  }
}

// Regression: `post_url: "/p/"` was accepted and put every post on one URL.
BOOST_AUTO_TEST_CASE(each_pattern_needs_its_placeholder) {
  CHECK_REJECTS("post_url: \"/p/\"", "post_url: '/p/' must contain :slug");
  CHECK_REJECTS("tag_url: \"/tags-of/\"", "must contain :tag");
  CHECK_REJECTS("author_url: \"/by/\"", "must contain :author");
  CHECK_REJECTS("post_url: \"/:slug/:slug/\"", ":slug twice");
}

// Regression: `tag_url: "/topic/:name/"` passed validation and every tag
// page answered 500 (params.at("tag") threw).
BOOST_AUTO_TEST_CASE(unknown_placeholders_are_errors) {
  CHECK_REJECTS("tag_url: \"/topic/:name/\"",
                "tag_url: '/topic/:name/' has the unknown placeholder :name");
  CHECK_REJECTS("post_url: \"/:year/:tag/:slug/\"", "unknown placeholder :tag");
  CHECK_REJECTS("theme_url: \"/theme/:slug/\"", "(it takes none)");
}

BOOST_AUTO_TEST_CASE(pattern_shapes) {
  CHECK_REJECTS("post_url: \"posts/:slug/\"", "must start and end with '/'");
  CHECK_REJECTS("post_url: \"/posts/:slug\"", "must start and end with '/'");
  CHECK_REJECTS("post_url: \"\"", "must start and end with '/'");
  CHECK_REJECTS("post_url: \"/a//:slug/\"", "empty segment");
  CHECK_REJECTS("post_url: \"/../:slug/\"", "'..' segment");
  CHECK_REJECTS("post_url: \"/a b/:slug/\"", "literal segment");
  CHECK_REJECTS("post_url: \"/p-:slug/\"", "literal segment");
  CHECK_REJECTS("media_url: \"/\"", "every URL");
}

BOOST_AUTO_TEST_CASE(patterns_must_not_collide) {
  // With fixed pages.
  CHECK_REJECTS("post_url: \"/:slug/\"",
                "post_url /:slug/ collides with the authors page /authors/");
  CHECK_REJECTS("post_url: \"/:slug/\"", "the tags page /tags/");
  CHECK_REJECTS("tag_url: \"/page/:tag/\"", "/page/N/");
  CHECK_REJECTS("post_url: \"/page/:slug/\"", "/page/N/");
  // With each other, and with the pages of listings.
  CHECK_REJECTS("tag_url: \"/x/:tag/\"\nauthor_url: \"/x/:author/\"",
                "author_url /x/:author/ collides with tag_url /x/:tag/");
  CHECK_REJECTS("tag_url: \"/x/:tag/\"\npost_url: \"/x/:slug/\"",
                "collides with tag_url");
  CHECK_REJECTS("post_url: \"/tag/:slug/page/:year/\"",
                "collides with the pages of tag_url");
  // With nginx's folders.
  CHECK_REJECTS("post_url: \"/media/:slug/\"", "lies under media_url /media/");
  CHECK_REJECTS("theme_url: \"/tag/\"", "lies under theme_url /tag/");
  CHECK_REJECTS("theme_url: \"/media/\"", "overlap");
  // A tag at the root would take /tags/ and /authors/.
  CHECK_REJECTS("tag_url: \"/:tag/\"", "tag_url /:tag/ collides with");
  // :tag takes "2024" too, and "x" is a slug.
  CHECK_REJECTS("post_url: \"/:year/:slug/\"\ntag_url: \"/:tag/x/\"",
                "collides");
  // Digits of different widths never meet: /2024/ is no month.
  BOOST_CHECK(Parse("post_url: \"/:month/:day/:slug/\"\n"
                    "tag_url: \"/:tag/:slug/\"")
                  .IsInvalidArgument());  // :slug is unknown in tag_url
  Status st = Parse(
      "post_url: \"/:year/:month/:slug/\"\n"
      "tag_url: \"/t/:tag/page/\"");
  BOOST_CHECK_MESSAGE(st.ok(), st.ToString());
}

// Regression: `threads: 100000` aborted at start.
BOOST_AUTO_TEST_CASE(numbers_have_ranges) {
  CHECK_REJECTS("threads: 100000", "threads: 100000 is out of range (0..256)");
  CHECK_REJECTS("threads: -1", "out of range");
  CHECK_REJECTS("threads: 3000000000", "out of range");
  CHECK_REJECTS("threads: 99999999999999999999999", "not a whole number");
  CHECK_REJECTS("threads: 2.5", "not a whole number");
  CHECK_REJECTS("threads: [1]", "must be a whole number");
  CHECK_REJECTS("page_size: 0", "out of range (1..1000)");
  CHECK_REJECTS("max_path_bytes: 10", "out of range");
  CHECK_REJECTS("cache_seconds: -5", "out of range");
  Settings s;
  BOOST_REQUIRE(Parse("threads: 8\nrender_cache_bytes: 0", &s).ok());
  BOOST_CHECK_EQUAL(s.threads, 8);
  BOOST_CHECK_EQUAL(s.render_cache_bytes, 0u);
}

// Regression: a 5,000-character time_zone ended the binary with an
// uncaught std::filesystem_error (exit 134).
BOOST_AUTO_TEST_CASE(time_zone_is_checked_without_throwing) {
  CHECK_REJECTS("time_zone: \"" + std::string(5000, 'x') + "\"",
                "time_zone: the time zone is longer than 64");
  CHECK_REJECTS("time_zone: \"Europe\"", "unknown time zone 'Europe'");
  CHECK_REJECTS("time_zone: \"../../etc/passwd\"", "not a zone name");
  CHECK_REJECTS("time_zone: \"/etc/localtime\"", "not a zone name");
  CHECK_REJECTS("time_zone: \"Mars/Olympus\"", "unknown time zone");
  CHECK_REJECTS("time_zone: \"\"", "empty");
  // Regression: any regular file under zoneinfo passed, and glibc took
  // these for UTC without a word.
  CHECK_REJECTS("time_zone: \"leapseconds\"", "unknown time zone");
}

BOOST_AUTO_TEST_CASE(every_problem_is_reported_with_its_line) {
  const std::string text =
      "title: \"ok\"\n"               // 1
      "post_url: \"/p/\"\n"           // 2
      "colour: blue\n"                // 3
      "tag_url: \"/topic/:name/\"\n"  // 4
      "threads: 100000\n"             // 5
      "time_zone: \"" +
      std::string(300, 'z') +
      "\"\n"                          // 6
      "page_size: many\n"             // 7
      "title: \"again\"\n"            // 8
      "base_url: \"example.com\"\n";  // 9
  Status s = Parse(text);
  BOOST_REQUIRE(s.IsInvalidArgument());
  auto lines = Lines(s.message());
  const std::vector<std::string> want = {
      "/etc/lp.conf:2: post_url: '/p/' must contain :slug",
      "/etc/lp.conf:3: colour: unknown setting",
      "/etc/lp.conf:4: tag_url: '/topic/:name/' has the unknown placeholder",
      "/etc/lp.conf:4: tag_url: '/topic/:name/' must contain :tag",
      "/etc/lp.conf:5: threads: 100000 is out of range",
      "/etc/lp.conf:6: time_zone: the time zone is longer than",
      "/etc/lp.conf:7: page_size: 'many' is not a whole number",
      "/etc/lp.conf:8: title: set twice (first on line 1)",
      "/etc/lp.conf:9: base_url: 'example.com' must be an absolute",
  };
  BOOST_CHECK_EQUAL(lines.size(), want.size());
  for (size_t i = 0; i < want.size() && i < lines.size(); ++i) {
    BOOST_CHECK_MESSAGE(
        lines[i].rfind(want[i], 0) == 0,
        "line " << i << ": '" << lines[i] << "', want '" << want[i] << "...'");
  }
}

BOOST_AUTO_TEST_CASE(strange_files_are_errors_not_crashes) {
  CHECK_REJECTS("- a\n- b\n", "must be a map");
  CHECK_REJECTS("title: [unclosed\n", "/etc/lp.conf:");
  CHECK_REJECTS("[a, b]: 1\n", "a key must be a plain name");
  CHECK_REJECTS("title: {a: 1}\n", "title: must be a single value");
  CHECK_REJECTS(std::string("title: a\xff\n"), "/etc/lp.conf:1:");
  CHECK_REJECTS("store_path: \"\"\n", "store_path: must not be empty");
  CHECK_REJECTS(std::string(100000, '['), "/etc/lp.conf:");
  Settings s;
  Status st = LoadSettings("/nonexistent/lp.conf", &s);
  BOOST_CHECK(st.IsIOError());
  BOOST_CHECK(Contains(st.message(), "/nonexistent/lp.conf"));
}

// Found by settings_fuzz: yaml-cpp quotes a bad escape character raw in
// its message, a line break included, so one problem took two lines (and
// a control byte could forge a log line).
BOOST_AUTO_TEST_CASE(one_problem_is_one_line) {
  for (const std::string& text :
       {levelpress::testing::ReadFile(
            SOURCE_DIR
            "/tests/fuzz/corpus/settings/regression-yaml-message-newline"),
        std::string("a: \"x\\\x01\"\n"), std::string("\"k\\ty\": 1\n"),
        std::string("title: \"x\\\x0b\"\n")}) {
    Status s = Parse(text);
    BOOST_REQUIRE(!s.ok());
    for (const auto& line : Lines(s.message())) {
      BOOST_CHECK_MESSAGE(line.rfind("/etc/lp.conf:", 0) == 0, line);
      for (char c : line) BOOST_CHECK_GE(static_cast<unsigned char>(c), 0x20);
    }
  }
}

// Regression: the rewrite of LoadSettings into ParseSettings (87c1e85)
// dropped the transport settings of 685e678 (socket_group, read/write/idle
// timeouts, max_connections): every file that set one was refused.
BOOST_AUTO_TEST_CASE(transport_settings_are_known_and_ranged) {
  Settings s;
  Status st = Parse(
      "read_timeout: 5\nwrite_timeout: 6\nidle_timeout: 70\n"
      "max_connections: 10\n",
      &s);
  BOOST_REQUIRE_MESSAGE(st.ok(), st.ToString());
  BOOST_CHECK_EQUAL(s.read_timeout, 5);
  BOOST_CHECK_EQUAL(s.write_timeout, 6);
  BOOST_CHECK_EQUAL(s.idle_timeout, 70);
  BOOST_CHECK_EQUAL(s.max_connections, 10);
  CHECK_REJECTS("read_timeout: 0", "read_timeout: 0 is out of range");
  CHECK_REJECTS("max_connections: 0", "out of range");
  CHECK_REJECTS("socket_group: \"no-such-group-xyz\"",
                "socket_group: no group named 'no-such-group-xyz'");
}

BOOST_AUTO_TEST_CASE(raw_html_is_keep_escape_or_drop) {
  Settings s;
  BOOST_CHECK(s.raw_html == RawHtml::kKeep);  // the default
  BOOST_REQUIRE(Parse("raw_html: escape\n", &s).ok());
  BOOST_CHECK(s.raw_html == RawHtml::kEscape);
  BOOST_REQUIRE(Parse("raw_html: drop\n", &s).ok());
  BOOST_CHECK(s.raw_html == RawHtml::kDrop);
  BOOST_REQUIRE(Parse("raw_html: keep\n", &s).ok());
  BOOST_CHECK(s.raw_html == RawHtml::kKeep);
  CHECK_REJECTS("title: x\nraw_html: sanitize\n",
                "/etc/lp.conf:2: raw_html: 'sanitize' must be keep, escape "
                "or drop");
  CHECK_REJECTS("raw_html: [keep]\n", "raw_html: must be keep, escape or drop");
}

BOOST_AUTO_TEST_CASE(robots_is_index_or_noindex) {
  Settings s;
  BOOST_CHECK(s.robots == Robots::kIndex);  // the default
  BOOST_REQUIRE(Parse("robots: noindex\n", &s).ok());
  BOOST_CHECK(s.robots == Robots::kNoindex);
  BOOST_REQUIRE(Parse("robots: index\n", &s).ok());
  BOOST_CHECK(s.robots == Robots::kIndex);
  CHECK_REJECTS("title: x\nrobots: nofollow\n",
                "/etc/lp.conf:2: robots: 'nofollow' must be index or noindex");
}

BOOST_AUTO_TEST_CASE(language_is_a_bcp47_tag) {
  Settings s;
  BOOST_CHECK_EQUAL(s.language, "en");  // the default
  for (const char* tag : {"de", "pt-BR", "zh-Hant-TW", "gsw"}) {
    BOOST_CHECK_MESSAGE(Parse(std::string("language: ") + tag + "\n", &s).ok(),
                        tag);
    BOOST_CHECK_EQUAL(s.language, tag);
  }
  CHECK_REJECTS("title: x\nlanguage: english\n",
                "/etc/lp.conf:2: language: 'english' is not a BCP 47");
  for (const char* bad :
       {"\"\"", "d", "de-", "de_DE", "../../etc", "de-toolongsubtag"}) {
    BOOST_CHECK_MESSAGE(!Parse(std::string("language: ") + bad + "\n", &s).ok(),
                        bad);
  }
}

BOOST_AUTO_TEST_CASE(default_image_is_a_url_with_an_optional_size) {
  Settings s;
  Status st = Parse(
      "default_image: /theme/card.png\ndefault_image_width: 1200\n"
      "default_image_height: 630\n",
      &s);
  BOOST_REQUIRE_MESSAGE(st.ok(), st.ToString());
  BOOST_CHECK_EQUAL(s.default_image, "/theme/card.png");
  BOOST_CHECK_EQUAL(s.default_image_width, 1200);
  BOOST_CHECK_EQUAL(s.default_image_height, 630);
  BOOST_REQUIRE(
      Parse("default_image: https://cdn.example.com/card.png\n", &s).ok());
  CHECK_REJECTS("title: x\ndefault_image: card.png\n",
                "/etc/lp.conf:2: default_image: 'card.png' must be");
  CHECK_REJECTS("default_image: \"/a b.png\"\n", "default_image:");
  CHECK_REJECTS("default_image: /c.png\ndefault_image_width: 1200\n",
                "/etc/lp.conf:2: default_image_width: give "
                "default_image_width and default_image_height together");
  CHECK_REJECTS("default_image_height: -1\n",
                "/etc/lp.conf:1: default_image_height: -1 is out of range");
}
