#define BOOST_TEST_MODULE front_matter
#define BOOST_TEST_DYN_LINK
#include "front_matter.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "test_util.h"

using namespace levelpress;
using levelpress::testing::Contains;

namespace {

std::string All(const std::vector<Problem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.ToString() + "\n";
  return out;
}

// Parses text that must parse; fails the test otherwise.
FrontMatter MustParse(const std::string& text) {
  FrontMatter fm;
  std::vector<Problem> problems;
  bool ok = fm.Parse("posts/x.md", text, &problems);
  BOOST_REQUIRE_MESSAGE(ok, All(problems));
  BOOST_REQUIRE_MESSAGE(problems.empty(), All(problems));
  return fm;
}

// Parses text that must fail with exactly one problem.
Problem MustFail(const std::string& text) {
  FrontMatter fm;
  std::vector<Problem> problems;
  BOOST_CHECK(!fm.Parse("posts/x.md", text, &problems));
  BOOST_REQUIRE_EQUAL(problems.size(), 1u);
  BOOST_CHECK_EQUAL(problems[0].file, "posts/x.md");
  BOOST_CHECK(!problems[0].warning);
  return problems[0];
}

using Strings = std::vector<std::string>;

Strings TagsOf(const std::string& yaml_value) {
  FrontMatter fm = MustParse("---\ntitle: t\ntags: " + yaml_value + "\n---\n");
  std::vector<Problem> problems;
  auto tags = fm.Strings("tags", &problems);
  BOOST_CHECK_MESSAGE(problems.empty(), All(problems));
  BOOST_REQUIRE(tags.has_value());
  return *tags;
}

}  // namespace

BOOST_AUTO_TEST_CASE(splits_front_matter_and_body) {
  FrontMatter fm =
      MustParse("---\ntitle: Hello\ndraft: true\n---\nThe body.\n\nMore.\n");
  BOOST_CHECK_EQUAL(fm.body(), "The body.\n\nMore.\n");
  std::vector<Problem> problems;
  BOOST_CHECK_EQUAL(fm.String("title", &problems).value_or("?"), "Hello");
  BOOST_CHECK_EQUAL(fm.Bool("draft", &problems).value_or(false), true);
  BOOST_CHECK(problems.empty());
  BOOST_CHECK(fm.Has("title"));
  BOOST_CHECK(!fm.Has("slug"));
  BOOST_CHECK(!fm.String("slug", &problems).has_value());
  BOOST_CHECK(!fm.Bool("missing", &problems).has_value());
  BOOST_CHECK(!fm.Strings("tags", &problems).has_value());
  BOOST_CHECK(problems.empty());
}

BOOST_AUTO_TEST_CASE(body_may_contain_dashes_and_crlf_is_accepted) {
  FrontMatter fm =
      MustParse("---\r\ntitle: Win\r\n---\r\nBody\r\n---\r\nafter\r\n");
  std::vector<Problem> problems;
  BOOST_CHECK_EQUAL(fm.String("title", &problems).value_or("?"), "Win");
  BOOST_CHECK_EQUAL(fm.body(), "Body\r\n---\r\nafter\r\n");
}

BOOST_AUTO_TEST_CASE(bom_and_dots_closing_and_empty_front_matter) {
  FrontMatter fm = MustParse("\xEF\xBB\xBF---\ntitle: A\n...\nbody");
  BOOST_CHECK_EQUAL(fm.body(), "body");
  FrontMatter empty = MustParse("---\n---\nbody only\n");
  BOOST_CHECK_EQUAL(empty.body(), "body only\n");
  BOOST_CHECK(!empty.Has("title"));
  FrontMatter no_body = MustParse("---\ntitle: A\n---");
  BOOST_CHECK_EQUAL(no_body.body(), "");
}

BOOST_AUTO_TEST_CASE(null_fields_count_as_absent) {
  FrontMatter fm = MustParse("---\ntitle:\nslug: ~\n---\n");
  BOOST_CHECK(!fm.Has("title"));
  BOOST_CHECK(!fm.Has("slug"));
}

BOOST_AUTO_TEST_CASE(missing_opening_line) {
  Problem p = MustFail("title: Hello\n---\nbody\n");
  BOOST_CHECK_EQUAL(p.line, 1);
  BOOST_CHECK_MESSAGE(Contains(p.message, "no front matter"), p.message);
  Problem empty = MustFail("");
  BOOST_CHECK_EQUAL(empty.line, 1);
  Problem blank_first = MustFail("\n---\ntitle: x\n---\n");
  BOOST_CHECK_MESSAGE(Contains(blank_first.message, "no front matter"),
                      blank_first.message);
}

BOOST_AUTO_TEST_CASE(missing_closing_line) {
  Problem p = MustFail("---\ntitle: Hello\nbody without a closing line\n");
  BOOST_CHECK_EQUAL(p.line, 1);
  BOOST_CHECK_MESSAGE(Contains(p.message, "no closing '---'"), p.message);
  BOOST_CHECK_EQUAL(p.ToString(),
                    "posts/x.md:1: the front matter has no closing '---' line");
}

BOOST_AUTO_TEST_CASE(invalid_yaml_reports_the_file_line) {
  // File line 4 is YAML line 3 (0-based: 2): the line after "---" is line 2.
  Problem p = MustFail("---\ntitle: ok\nslug: fine\nbad: a: b\n---\nbody\n");
  BOOST_CHECK_EQUAL(p.line, 4);
  BOOST_CHECK_EQUAL(p.field, "front matter");
  BOOST_CHECK_MESSAGE(Contains(p.message, "not valid YAML"), p.message);
  BOOST_CHECK_MESSAGE(
      Contains(p.ToString(), "posts/x.md:4: front matter: not valid YAML: "),
      p.ToString());

  Problem first = MustFail("---\nbad: a: b\n---\n");
  BOOST_CHECK_EQUAL(first.line, 2);

  Problem tab = MustFail("---\ntitle: ok\n\n\n\tindented: with a tab\n---\n");
  BOOST_CHECK_EQUAL(tab.line, 5);  // the tab line
}

BOOST_AUTO_TEST_CASE(front_matter_must_be_a_map) {
  Problem list = MustFail("---\n- a\n- b\n---\nbody\n");
  BOOST_CHECK_EQUAL(list.line, 2);
  BOOST_CHECK_EQUAL(list.field, "front matter");
  BOOST_CHECK_MESSAGE(Contains(list.message, "YAML map"), list.message);
  Problem scalar = MustFail("---\njust some text\n---\n");
  BOOST_CHECK_EQUAL(scalar.line, 2);
  BOOST_CHECK_MESSAGE(Contains(scalar.message, "YAML map"), scalar.message);
}

BOOST_AUTO_TEST_CASE(line_of_fields) {
  FrontMatter fm = MustParse("---\ntitle: A\n\n# comment\nslug: b\n---\n");
  BOOST_CHECK_EQUAL(fm.LineOf("title"), 2);
  BOOST_CHECK_EQUAL(fm.LineOf("slug"), 5);
  BOOST_CHECK_EQUAL(fm.LineOf("absent"), 1);
  Problem p = fm.At("slug", "is odd");
  BOOST_CHECK_EQUAL(p.ToString(), "posts/x.md:5: slug: is odd");
  Problem w = fm.At("slug", "hm", true);
  BOOST_CHECK_EQUAL(w.ToString(), "posts/x.md:5: warning: slug: hm");
}

BOOST_AUTO_TEST_CASE(title_of_the_wrong_type) {
  FrontMatter fm = MustParse("---\ndate: 2023-01-01\ntitle: [a, b]\n---\n");
  std::vector<Problem> problems;
  BOOST_CHECK(!fm.String("title", &problems).has_value());
  BOOST_REQUIRE_EQUAL(problems.size(), 1u);
  BOOST_CHECK_EQUAL(
      problems[0].ToString(),
      "posts/x.md:3: title: must be a single value, not a list or map");
}

// Regression: a problem with a block value (a list on the lines under
// `title:`) was reported at the value's first item, one line off the key.
BOOST_AUTO_TEST_CASE(block_value_of_the_wrong_type_names_the_key_line) {
  // The value of `title` starts on the line after the key; the problem
  // belongs on the key's line, where the author looks for `title:`.
  FrontMatter fm =
      MustParse("---\ndate: 2023-01-01\ntitle:\n  - a\n  - b\n---\n");
  std::vector<Problem> problems;
  BOOST_CHECK(!fm.String("title", &problems).has_value());
  BOOST_REQUIRE_EQUAL(problems.size(), 1u);
  BOOST_CHECK_EQUAL(problems[0].line, 3);
}

BOOST_AUTO_TEST_CASE(draft_of_the_wrong_type) {
  for (const char* bad : {"maybe", "[true]", "{a: 1}", "2"}) {
    BOOST_TEST_CONTEXT("draft: " << bad) {
      FrontMatter fm =
          MustParse(std::string("---\ntitle: x\ndraft: ") + bad + "\n---\n");
      std::vector<Problem> problems;
      BOOST_CHECK(!fm.Bool("draft", &problems).has_value());
      BOOST_REQUIRE_EQUAL(problems.size(), 1u);
      BOOST_CHECK_EQUAL(problems[0].ToString(),
                        "posts/x.md:3: draft: must be true or false");
    }
  }
  for (const char* good : {"true", "false", "yes", "no"}) {
    FrontMatter fm = MustParse(std::string("---\ndraft: ") + good + "\n---\n");
    std::vector<Problem> problems;
    BOOST_CHECK(fm.Bool("draft", &problems).has_value());
    BOOST_CHECK(problems.empty());
  }
}

BOOST_AUTO_TEST_CASE(tags_of_the_wrong_type) {
  {
    FrontMatter fm = MustParse("---\ntitle: x\ntags: {a: 1}\n---\n");
    std::vector<Problem> problems;
    BOOST_CHECK(!fm.Strings("tags", &problems).has_value());
    BOOST_REQUIRE_EQUAL(problems.size(), 1u);
    BOOST_CHECK_EQUAL(
        problems[0].ToString(),
        "posts/x.md:3: tags: must be a list like [a, b] or a single value");
  }
  {
    FrontMatter fm =
        MustParse("---\ntitle: x\ntags:\n  - a\n  - [b, c]\n---\n");
    std::vector<Problem> problems;
    BOOST_CHECK(!fm.Strings("tags", &problems).has_value());
    BOOST_REQUIRE_EQUAL(problems.size(), 1u);
    BOOST_CHECK_EQUAL(problems[0].ToString(),
                      "posts/x.md:5: tags: each item must be a single value");
  }
}

BOOST_AUTO_TEST_CASE(tags_as_list) {
  BOOST_CHECK(TagsOf("[Django, \"Web Dev\", C++]") ==
              (Strings{"Django", "Web Dev", "C++"}));
  FrontMatter fm = MustParse("---\ntags:\n  - one\n  - two words\n---\n");
  std::vector<Problem> problems;
  BOOST_CHECK(fm.Strings("tags", &problems).value_or(Strings{}) ==
              (Strings{"one", "two words"}));
  BOOST_CHECK(TagsOf("[a, \" \", b]") ==
              (Strings{"a", "b"}));  // blank items dropped
  BOOST_CHECK(TagsOf("[]").empty());
}

BOOST_AUTO_TEST_CASE(tags_as_comma_string) {
  BOOST_CHECK(TagsOf("Django, Web Dev,  Python ") ==
              (Strings{"Django", "Web Dev", "Python"}));
  BOOST_CHECK(TagsOf("\"a,,b,\"") == (Strings{"a", "b"}));
}

BOOST_AUTO_TEST_CASE(tags_as_space_string_like_jekyll) {
  BOOST_CHECK(TagsOf("django  python web") ==
              (Strings{"django", "python", "web"}));
  BOOST_CHECK(TagsOf("single") == (Strings{"single"}));
  BOOST_CHECK(TagsOf("42") == (Strings{"42"}));
}

BOOST_AUTO_TEST_CASE(string_keeps_scalars_as_written) {
  FrontMatter fm = MustParse(
      "---\ndate: 2023-09-27T10:00:00+02:00\nslug: 007\ntitle: 'Quoted: "
      "yes'\n---\n");
  std::vector<Problem> problems;
  BOOST_CHECK_EQUAL(fm.String("date", &problems).value_or("?"),
                    "2023-09-27T10:00:00+02:00");
  BOOST_CHECK_EQUAL(fm.String("slug", &problems).value_or("?"), "007");
  BOOST_CHECK_EQUAL(fm.String("title", &problems).value_or("?"), "Quoted: yes");
  BOOST_CHECK(problems.empty());
}

// Issue 8, item 6: bytes that are not UTF-8 were stored raw and broke
// feed.xml and sitemap.xml.
BOOST_AUTO_TEST_CASE(invalid_utf8_at) {
  const size_t npos = std::string_view::npos;
  BOOST_CHECK_EQUAL(InvalidUtf8At(""), npos);
  BOOST_CHECK_EQUAL(InvalidUtf8At("plain ascii"), npos);
  BOOST_CHECK_EQUAL(InvalidUtf8At("Sørensen, Café, 日本, 🙂"), npos);
  BOOST_CHECK_EQUAL(InvalidUtf8At("\xF4\x8F\xBF\xBF"), npos);  // U+10FFFF
  BOOST_CHECK_EQUAL(InvalidUtf8At("Caf\xE9"), 3u);             // Latin-1
  BOOST_CHECK_EQUAL(InvalidUtf8At("ab\x80"), 2u);              // stray
  BOOST_CHECK_EQUAL(InvalidUtf8At("a\xC3"), 1u);               // cut short
  BOOST_CHECK_EQUAL(InvalidUtf8At("a\xE6\x97x"), 1u);          // cut short
  BOOST_CHECK_EQUAL(InvalidUtf8At("\xC0\xAF"), 0u);            // overlong
  BOOST_CHECK_EQUAL(InvalidUtf8At("\xE0\x80\xAF"), 0u);        // overlong
  BOOST_CHECK_EQUAL(InvalidUtf8At("\xF0\x80\x80\xAF"), 0u);    // overlong
  BOOST_CHECK_EQUAL(InvalidUtf8At("x\xED\xA0\x80"), 1u);       // surrogate
  BOOST_CHECK_EQUAL(InvalidUtf8At("\xF4\x90\x80\x80"), 0u);    // > U+10FFFF
  BOOST_CHECK_EQUAL(InvalidUtf8At("\xF5\x80\x80\x80"), 0u);
  BOOST_CHECK_EQUAL(InvalidUtf8At("\xFF"), 0u);
}

BOOST_AUTO_TEST_CASE(invalid_utf8_names_line_field_byte_and_column) {
  Problem p = MustFail("---\ntitle: ok\ntags:\n  - a\n  - b\xFE\n---\n");
  BOOST_CHECK_EQUAL(p.ToString(),
                    "posts/x.md:5: tags: not valid UTF-8 (byte 0xFE at column "
                    "6); save the file as UTF-8");
  // Before the first field, and in a comment: still not UTF-8.
  p = MustFail("---\n# caf\xE9\ntitle: ok\n---\n");
  BOOST_CHECK_EQUAL(p.ToString(),
                    "posts/x.md:2: front matter: not valid UTF-8 (byte 0xE9 at "
                    "column 6); save the file as UTF-8");
  // The body is not checked here: cmark makes U+FFFD of bad bytes.
  MustParse("---\ntitle: ok\n---\nCaf\xE9\n");
}

BOOST_AUTO_TEST_CASE(escapes_that_xml_cannot_carry) {
  FrontMatter fm = MustParse(
      "---\ntitle: \"a\\x07b\"\nsummary: \"tab\\tand\\nnewline\"\n"
      "name: \"\\uFFFE\"\n---\n");
  std::vector<Problem> problems;
  BOOST_CHECK(!fm.String("title", &problems));
  BOOST_CHECK_EQUAL(fm.String("summary", &problems).value_or("?"),
                    "tab\tand\nnewline");
  BOOST_CHECK(!fm.String("name", &problems));
  BOOST_REQUIRE_EQUAL(problems.size(), 2u);
  BOOST_CHECK_EQUAL(problems[0].ToString(),
                    "posts/x.md:2: title: holds U+0007, a control character "
                    "that feeds and sitemaps cannot carry");
  BOOST_CHECK_EQUAL(problems[1].ToString(),
                    "posts/x.md:4: name: holds U+FFFE, a control character "
                    "that feeds and sitemaps cannot carry");
}

// Found by the front_matter fuzz target: toml++ 3.3 reaches undefined
// behaviour on a non-ASCII character outside a string, so such TOML front
// matter is an error naming its line; non-ASCII text in strings and
// comments is fine.
BOOST_AUTO_TEST_CASE(toml_with_non_ascii_outside_strings_is_an_error) {
  Problem p = MustFail("+++\ndate = 2024-01-02\ng-\xCF\x8Er = 1\n+++\nx\n");
  BOOST_CHECK_EQUAL(p.line, 3);
  BOOST_CHECK(p.message.find("outside a quoted string") != std::string::npos);
  MustFail("+++\n\xEF\xB9\xBF---\n+++\nx\n");
  MustParse(
      "+++\ntitle = \"K\xC3\xA4se \\\" \xEF\xB9\xBF\" # \xC3\xA4\n"
      "summary = '\xCF\x8E'\nbody = \"\"\"\n\xEF\xBB\xBF\n\"\"\"\n+++\nx\n");
}
