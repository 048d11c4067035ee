#define BOOST_TEST_MODULE highlight
#define BOOST_TEST_DYN_LINK
#include "highlight.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdlib>
#include <future>
#include <iostream>
#include <string>
#include <vector>

#include "highlight_module.h"
#include "test_util.h"

using namespace levelpress;
using levelpress::testing::Contains;

namespace {

std::string Render(const std::string& info, const std::string& code) {
  return HighlightedCodeBlock(ParseInfoString(info), code);
}

// A typical snippet per language and the span it must produce.
struct Case {
  const char* language;
  const char* code;
  const char* expect;
  // What KSyntaxHighlighting gives instead, where it differs.
  const char* module_expect = nullptr;
};

const Case kCases[] = {
    {"c", "#include <stdio.h>\nint main(void) { return 0; }\n",
     "<span class=\"hl-keyword\">return</span>"},
    {"cpp", "template <typename T> class Box { public: T v; };\n",
     "<span class=\"hl-keyword\">template</span>"},
    {"python", "def f(x):\n    return x + 1  # one more\n",
     "<span class=\"hl-keyword\">def</span>"},
    {"javascript", "const x = function () { return 42; };\n",
     "<span class=\"hl-keyword\">function</span>"},
    {"typescript", "export const n: number = 1;\nfunction f() {}\n",
     "<span class=\"hl-keyword\">function</span>"},
    {"go", "package main\nfunc main() { fmt.Println(\"hi\") }\n",
     "<span class=\"hl-keyword\">func</span>"},
    {"rust", "fn main() { let x = 5; println!(\"{}\", x); }\n",
     "<span class=\"hl-keyword\">fn</span>"},
    {"java", "public class A { public static void main(String[] a) {} }\n",
     "<span class=\"hl-keyword\">public</span>"},
    {"sql", "SELECT name FROM users WHERE id = 1;\n",
     "<span class=\"hl-keyword\">SELECT</span>"},
    {"bash", "if [ -f x ]; then echo \"$HOME\"; fi\n",
     "<span class=\"hl-keyword\">if</span>"},
    {"sh", "for f in *.md; do cat \"$f\"; done\n",
     "<span class=\"hl-keyword\">for</span>"},
    {"yaml", "title: \"Hello\"  # the title\nport: 8080\n",
     "<span class=\"hl-comment\"># the title</span>"},
    {"json", "{\"name\": \"levelpress\", \"stars\": 42, \"ok\": true}\n",
     "<span class=\"hl-number\">42</span>"},
    {"toml", "[server]\nport = 8080\nname = \"x\"\n",
     "<span class=\"hl-keyword\">[server]</span>",
     "<span class=\"hl-keyword\">[</span><span "
     "class=\"hl-type\">server</span><span class=\"hl-keyword\">]</span>"},
    {"ini", "[core]\nbare = false\n; a comment\n",
     "<span class=\"hl-keyword\">[core]</span>"},
    {"dockerfile", "FROM debian:bookworm\n# build it\nRUN make\n",
     "<span class=\"hl-comment\"># build it</span>"},
    {"nginx", "server {\n  listen 8080;  # port\n  root $document_root;\n}\n",
     "<span class=\"hl-comment\"># port</span>"},
    {"html", "<p class=\"x\">Hi</p>\n", "<span class=\"hl-keyword\">"},
    {"css", "body { color: red; }\n", "<span class=\"hl-type\">color:</span>",
     "<span class=\"hl-type\">color</span>"},
    {"xml", "<?xml version=\"1.0\"?>\n<feed><!-- c --></feed>\n",
     "<span class=\"hl-comment\">"},
    {"php", "<?php function f($x) { return $x; } ?>\n",
     "<span class=\"hl-keyword\">function</span>"},
    {"ruby", "def hello\n  puts 'hi'\nend\n",
     "<span class=\"hl-keyword\">def</span>"},
};

// Aliases and the language whose snippet they must highlight like it.
const std::pair<const char*, const char*> kAliases[] = {
    {"py", "python"}, {"js", "javascript"}, {"ts", "typescript"},
    {"shell", "sh"},  {"yml", "yaml"},      {"c++", "cpp"},
    {"C++", "cpp"},   {"Python", "python"}, {"golang", "go"},
    {"rs", "rust"},   {"rb", "ruby"},       {"zsh", "sh"},
};

const Case& CaseFor(const std::string& language) {
  for (const Case& c : kCases) {
    if (language == c.language) return c;
  }
  throw std::runtime_error("no case for " + language);
}

// Every case runs twice (tests/CMakeLists.txt): with levelpress-highlight.so
// from the build folder (KSyntaxHighlighting), and as
// highlight_test_without_module with GNU Source-highlight alone.
bool WithModule() {
  const char* env = std::getenv("LEVELPRESS_HIGHLIGHT_MODULE");
  return env == nullptr || std::string(env) != "none";
}

struct ModuleFixture {
  ModuleFixture() {
    SetHighlightModulePathForTests(WithModule() ? std::string(BINARY_DIR) +
                                                      "/levelpress-highlight.so"
                                                : std::string());
  }
};
BOOST_TEST_GLOBAL_FIXTURE(ModuleFixture);

const char* Expect(const Case& c) {
  return WithModule() && c.module_expect ? c.module_expect : c.expect;
}

// The text of HTML, tags left out (entities stay).
std::string Text(const std::string& html) {
  std::string out;
  bool in_tag = false;
  for (char ch : html) {
    if (ch == '<') in_tag = true;
    if (!in_tag) out += ch;
    if (ch == '>') in_tag = false;
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_module_loads_when_built) {
  std::string why_not;
  const HighlightModule* module = LoadedHighlightModule(&why_not);
  BOOST_TEST_INFO(why_not);
  BOOST_TEST((module != nullptr) == WithModule());
}

BOOST_AUTO_TEST_CASE(every_language_highlights) {
  for (const Case& c : kCases) {
    std::string html = Render(c.language, c.code);
    BOOST_TEST_INFO(c.language << ": " << html);
    BOOST_TEST(Contains(html, Expect(c)));
    BOOST_TEST(html.starts_with("<pre class=\"hl\"><code class=\"language-" +
                                std::string(c.language) + "\">"));
    BOOST_TEST(html.ends_with("</code></pre>\n"));
  }
}

BOOST_AUTO_TEST_CASE(aliases_highlight_as_their_language) {
  for (const auto& [alias, language] : kAliases) {
    const Case& c = CaseFor(language);
    std::string html = Render(alias, c.code);
    BOOST_TEST_INFO(alias << ": " << html);
    BOOST_TEST(Contains(html, Expect(c)));
  }
}

BOOST_AUTO_TEST_CASE(unknown_and_empty_languages_are_plain) {
  BOOST_TEST(Render("klingon", "if (a < b && c) { x(); }\n") ==
             "<pre><code class=\"language-klingon\">if (a &lt; b &amp;&amp; "
             "c) { x(); }\n</code></pre>\n");
  BOOST_TEST(Render("", "if x < 1:\n  pass\n") ==
             "<pre><code>if x &lt; 1:\n  pass\n</code></pre>\n");
  // A language name cannot break out of the attribute.
  BOOST_TEST(Render("a\"onclick=x<b>", "x\n") ==
             "<pre><code class=\"language-aonclickxb\">x\n</code></pre>\n");
  BOOST_TEST(
      Render("python", "") ==
      "<pre class=\"hl\"><code class=\"language-python\"></code></pre>\n");
}

BOOST_AUTO_TEST_CASE(missing_language_files_render_plain) {
  CodeBlockInfo info = ParseInfoString("python");
  std::string html = HighlightedCodeBlock(info, "def f(): <x>\n",
                                          "/nonexistent/source-highlight");
  BOOST_TEST(html ==
             "<pre><code class=\"language-python\">def f(): "
             "&lt;x&gt;\n</code></pre>\n");
}

BOOST_AUTO_TEST_CASE(everything_is_escaped) {
  const std::string evil =
      "<script>alert(\"x&y\")</script>\n'<img src=x onerror=alert(1)>'\n";
  for (const char* language : {"html", "javascript", "python", "xml", "php",
                               "diff", "console", "", "unknown"}) {
    std::string html = Render(language, evil);
    BOOST_TEST_INFO(language << ": " << html);
    BOOST_TEST(!Contains(html, "<script"));
    BOOST_TEST(!Contains(html, "<img"));
    BOOST_TEST(Contains(html, "&lt;"));
  }
  // Bad UTF-8 and control characters become U+FFFD.
  std::string html = Render("c", "char* s = \"\xff\x01\";\n");
  BOOST_TEST(Contains(html, "\xEF\xBF\xBD\xEF\xBF\xBD"));
  BOOST_TEST(!Contains(html, "\x01"));
}

BOOST_AUTO_TEST_CASE(diff_colours_added_and_removed_lines) {
  std::string html = Render("diff",
                            "--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,2 @@\n"
                            " int a;\n-int b;\n+long b;\n");
  BOOST_TEST(html ==
             "<pre class=\"hl\"><code class=\"language-diff\">"
             "<span class=\"hl-meta\">--- a/x.c\n</span>"
             "<span class=\"hl-meta\">+++ b/x.c\n</span>"
             "<span class=\"hl-meta\">@@ -1,2 +1,2 @@\n</span>"
             " int a;\n"
             "<span class=\"hl-removed\">-int b;\n</span>"
             "<span class=\"hl-added\">+long b;\n</span>"
             "</code></pre>\n");
  BOOST_TEST(Contains(Render("patch", "+x\n"), "hl-added"));
}

BOOST_AUTO_TEST_CASE(console_sets_the_prompt_apart) {
  std::string html = Render("console",
                            "$ ls -l /tmp\ntotal 0\n# apt-get install "
                            "nginx\n$ if true; then echo ok; fi\nok\n");
  BOOST_TEST_INFO(html);
  // The command is highlighted as shell (KSyntaxHighlighting also colours
  // command names), its text unchanged.
  BOOST_TEST(Contains(Text(html),
                      "$ ls -l /tmp\ntotal 0\n# apt-get install "
                      "nginx\n$ if true; then echo ok; fi\nok\n"));
  BOOST_TEST(Contains(
      html, "<span class=\"hl-prompt\">$ </span>" +
                std::string(WithModule() ? "<span class=\"hl-function\">ls"
                                         : "ls -l /tmp\n")));
  BOOST_TEST(Contains(html, "<span class=\"hl-output\">total 0\n</span>"));
  BOOST_TEST(Contains(html, "<span class=\"hl-prompt\"># </span>"));
  BOOST_TEST(Contains(
      html,
      "<span class=\"hl-prompt\">$ </span><span class=\"hl-keyword\">if"));
  BOOST_TEST(Contains(html, "<span class=\"hl-output\">ok\n</span>"));
}

BOOST_AUTO_TEST_CASE(line_numbers_and_marked_lines) {
  std::string html =
      Render("python {linenos=true hl_lines=[2]}", "a = 1\nb = 2\nc = 3\n");
  BOOST_TEST_INFO(html);
  BOOST_TEST(Contains(html,
                      "<span class=\"hl-line\"><span class=\"hl-ln\">1</span>a "
                      "= <span class=\"hl-number\">1</span>\n</span>"));
  BOOST_TEST(Contains(html,
                      "<span class=\"hl-line hl-mark\"><span "
                      "class=\"hl-ln\">2</span>b"));
  BOOST_TEST(Contains(html, "<span class=\"hl-ln\">3</span>"));
  // Marked lines without numbers; an unknown language gets them too.
  html = Render("nope {hl_lines=[1]}", "x\ny\n");
  BOOST_TEST(html ==
             "<pre class=\"hl\"><code class=\"language-nope\">"
             "<span class=\"hl-line hl-mark\">x\n</span>"
             "<span class=\"hl-line\">y\n</span></code></pre>\n");
  // linenostart shifts the numbers, not the marks.
  html =
      Render("diff {linenos=table, linenostart=10, hl_lines=[2]}", "+a\n-b\n");
  BOOST_TEST(html ==
             "<pre class=\"hl\"><code class=\"language-diff\">"
             "<span class=\"hl-line hl-added\"><span "
             "class=\"hl-ln\">10</span>+a\n</span>"
             "<span class=\"hl-line hl-mark hl-removed\"><span "
             "class=\"hl-ln\">11</span>-b\n</span></code></pre>\n");
}

BOOST_AUTO_TEST_CASE(info_strings) {
  CodeBlockInfo info = ParseInfoString("python");
  BOOST_TEST(info.language == "python");
  BOOST_TEST(!info.line_numbers);
  BOOST_TEST(info.highlighted_lines.empty());

  info = ParseInfoString(
      "  Go {linenos=table,hl_lines=[8,\"15-17\"],"
      "linenostart=199}");
  BOOST_TEST(info.language == "go");
  BOOST_TEST(info.line_numbers);
  BOOST_TEST(info.first_line == 199);
  BOOST_TEST((info.highlighted_lines == std::set<int>{8, 15, 16, 17}));

  info = ParseInfoString("python {linenos=true hl_lines=[3,5]}");
  BOOST_TEST(info.line_numbers);
  BOOST_TEST((info.highlighted_lines == std::set<int>{3, 5}));

  info = ParseInfoString("js{linenos=inline hl_lines=[3,\"5-7\"]}");
  BOOST_TEST(info.language == "js");
  BOOST_TEST(info.line_numbers);
  BOOST_TEST((info.highlighted_lines == std::set<int>{3, 5, 6, 7}));

  info = ParseInfoString("sh {hl_lines=\"2 4-5\" linenos=false}");
  BOOST_TEST(!info.line_numbers);
  BOOST_TEST((info.highlighted_lines == std::set<int>{2, 4, 5}));

  info = ParseInfoString("c {linenos=true linenos=false}");
  BOOST_TEST(!info.line_numbers);

  // Nonsense is ignored, never fatal.
  for (const char* s :
       {"{", "}", "{=}", "x {hl_lines=[", "x {hl_lines=[a,-3,9-2]}",
        "x {linenostart=zz =1 ,,, = hl_lines}", "x {hl_lines=\"",
        "x {hl_lines=[1-99999999999]}"}) {
    info = ParseInfoString(s);
    BOOST_TEST(info.highlighted_lines.size() <= 256u * 1024);
  }
  // Many ranges together are capped as well (each alone was, once).
  std::string many = "x {hl_lines=[";
  for (int i = 0; i < 2000; ++i)
    many += std::to_string(i * 100000 + 1) + "-" +
            std::to_string(i * 100000 + 100000) + " ";
  info = ParseInfoString(many + "]}");
  BOOST_TEST(info.highlighted_lines.size() <= 256u * 1024);
  info = ParseInfoString("x {hl_lines=[a,-3,9-2,4]}");
  BOOST_TEST((info.highlighted_lines == std::set<int>{4}));
}

BOOST_AUTO_TEST_CASE(same_input_same_bytes) {
  for (const Case& c : kCases) {
    BOOST_TEST(Render(c.language, c.code) == Render(c.language, c.code));
  }
}

BOOST_AUTO_TEST_CASE(a_large_block_finishes_quickly) {
  std::string line = "    x = compute(\"value\", 42)  # a comment <here>\n";
  std::string big;
  while (big.size() < 1024 * 1024) big += line;
  std::string one_line;
  while (one_line.size() < 1024 * 1024) one_line += "f(\"<a>\", 1); ";
  one_line += '\n';
  for (const std::string* code : {&big, &one_line}) {
    auto start = std::chrono::steady_clock::now();
    std::string html = Render("python", *code);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    std::cout << "1 MB python block: " << seconds * 1000 << " ms\n";
    BOOST_TEST(seconds < 15.0);  // a stall, not a slow machine
    BOOST_TEST(Contains(html, "&lt;"));
  }
  // Just under the limit it is highlighted, line by line.
  std::string half;
  while (half.size() < 100 * 1024) half += line;
  auto start = std::chrono::steady_clock::now();
  std::string html = Render("python", half);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::cout << "100 KB python block: " << seconds * 1000 << " ms\n";
  BOOST_TEST(Contains(html, "hl-comment"));
  BOOST_TEST(seconds < 15.0);  // ~70 ms; ~700 ms in the sanitizer build
}

BOOST_AUTO_TEST_CASE(speed_of_a_typical_block) {
  std::string code;
  const char* unit =
      "def fib(n: int) -> int:\n"
      "    \"\"\"Return the nth Fibonacci number.\"\"\"\n"
      "    if n < 2:  # base case\n"
      "        return n\n"
      "    a, b = 0, 1\n"
      "    for _ in range(n - 1):\n"
      "        a, b = b, a + b\n"
      "    return b\n"
      "class Greeter(object):\n"
      "    def greet(self):\n"
      "        print(f\"Hello, {self.name}!\")\n"
      "        return 0x1F + 3.14\n";
  for (int i = 0; i < 5; ++i) code += unit;  // 60 lines
  Render("python", code);                    // loads the language
  auto start = std::chrono::steady_clock::now();
  const int kRuns = 50;
  for (int i = 0; i < kRuns; ++i) Render("python", code);
  double us = std::chrono::duration<double, std::micro>(
                  std::chrono::steady_clock::now() - start)
                  .count() /
              kRuns;
  std::cout << "60-line python block: " << us << " us\n";
  BOOST_TEST(us < 1e6);  // catches a pathology (~2 ms), not a slow machine
}

BOOST_AUTO_TEST_CASE(threads_give_identical_output) {
  std::vector<std::string> expected;
  for (const Case& c : kCases) expected.push_back(Render(c.language, c.code));
  std::vector<std::future<std::vector<std::string>>> runs;
  for (int t = 0; t < 4; ++t) {
    runs.push_back(std::async(std::launch::async, [] {
      std::vector<std::string> out;
      for (int round = 0; round < 20; ++round) {
        out.clear();
        for (const Case& c : kCases) out.push_back(Render(c.language, c.code));
      }
      return out;
    }));
  }
  for (auto& run : runs) BOOST_TEST((run.get() == expected));
}

BOOST_AUTO_TEST_CASE(threads_load_languages_concurrently) {
  // First use of each language from several threads at once.
  std::vector<std::future<std::string>> runs;
  for (int t = 0; t < 4; ++t) {
    runs.push_back(std::async(std::launch::async, [] {
      std::string out;
      for (const char* language : {"perl", "lua", "scala", "haskell"}) {
        out += Render(language, "x = 1 -- y\n");
      }
      return out;
    }));
  }
  std::string first = runs[0].get();
  for (size_t i = 1; i < runs.size(); ++i) BOOST_TEST(runs[i].get() == first);
}
