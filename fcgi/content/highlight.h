// Highlight: the HTML of a fenced code block, syntax-highlighted once at
// import with KDE's KSyntaxHighlighting when levelpress-highlight.so can be
// loaded (highlight_module.h; KsyntaxNames in highlight.cc lists its
// languages), else, and for the languages it lacks, with GNU
// Source-highlight's library (its language definitions, the .lang files of
// Debian's libsource-highlight-common, are read from
// /usr/share/source-highlight; without them code is plain with either
// engine). The HTML carries CSS classes only, never
// inline styles; templates/theme/style.css colours them ("Code highlighting").
// A block whose language is unknown, or whose .lang file is missing or broken,
// is plain escaped code: highlighting never fails.
//
// Thread-safe: any thread may call these functions at any time. A language
// is loaded on first use (a few ms, under a mutex) and then shared, read
// only, by all threads; each call highlights with its own state.
//
// Classes (on <span>s inside <pre><code>):
//   hl-keyword   keywords, preprocessor lines, CSS selectors, ini sections
//   hl-string    strings, characters, regexps, escapes, CSS values
//   hl-comment   comments (and Python docstrings)
//   hl-number    numeric literals
//   hl-type      types, class names, JSON keys, CSS properties, ini keys
//   hl-function  function names (declared or called)
//   hl-variable  variables ($x in shell, PHP)
//   hl-added     a diff's added line (+), the whole line
//   hl-removed   a diff's removed line (-), the whole line
//   hl-meta      a diff's headers (---, +++, @@, diff, index)
//   hl-prompt    a console block's prompt ("$ ", "# "); the command after it
//                is highlighted as shell, lines without a prompt are output
//   hl-output    a console block's output line
//   hl-line      one line, when the block has line numbers or marked lines;
//                the line's "\n" is inside it, so it may be display: block
//   hl-mark      added to hl-line for a line listed in hl_lines
//   hl-ln        the line number at the start of an hl-line
// The <code> has class "language-X" (X the language as written, lowercase,
// only [a-z0-9+#._-] kept) when a language is given, and the <pre> has
// class "hl" when the block was highlighted or has line spans.
#pragma once

#include <set>
#include <string>
#include <string_view>

namespace levelpress {

// What a fence's info string says, Hugo style: the language, then
// optionally options in braces:
//   ```python {linenos=true hl_lines=[3,"5-7"] linenostart=10}
// linenos=true|table|inline turn line numbers on (all render inline, as
// spans), false|none off; hl_lines takes numbers and ranges, as a list or a
// string ("3 5-7"), counted from 1 at the block's first line whatever
// linenostart says. Unknown options are ignored.
struct CodeBlockInfo {
  std::string language;  // lowercase; "" when none
  bool line_numbers = false;
  int first_line = 1;  // linenostart: the number shown on the first line
  std::set<int> highlighted_lines;
};

CodeBlockInfo ParseInfoString(std::string_view info);

// The .lang file a fence language uses ("python.lang" for "py"), or "" if
// it is not highlighted. "diff" and "console" are done here without one
// ("diff" and "console" are returned for them).
std::string LanguageDefinition(std::string_view language);

// The <pre><code ...>...</code></pre> of a fenced block: highlighted when
// the language is known, else plain escaped code. Valid UTF-8 with no
// character XML forbids (bad bytes and control characters become U+FFFD),
// everything escaped, and the same bytes for the same input. `code` is the
// block's text as cmark gives it (each line ending in "\n"). Very large
// blocks (over 256 KiB) and very long lines (over 4,000 bytes) are left
// plain: the regex matcher's cost grows with them.
std::string HighlightedCodeBlock(const CodeBlockInfo& info,
                                 std::string_view code);

// Frees what the calling thread keeps for highlighting (the module's
// definitions, a few MB per thread); the next block builds it again. The
// importer calls it when a parsing thread is done.
void ReleaseHighlighterThreadState();

// Whether data_dir ("": Debian's) holds Source-highlight's language files.
bool HighlightLanguagesInstalled(const std::string& data_dir);

// As above, reading the .lang files from data_dir ("": Debian's folder;
// the highlight_dir setting, tests).
std::string HighlightedCodeBlock(const CodeBlockInfo& info,
                                 std::string_view code,
                                 const std::string& data_dir);

}  // namespace levelpress
