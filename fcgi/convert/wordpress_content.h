// WordPress post content as LevelPress keeps it: HTML without the block
// editor's comments, with the `[caption]` and `[code]` shortcodes turned
// into <figure> and <pre><code>, and the paragraphs of classic-editor
// posts (which WordPress adds when it shows a post: wpautop) written out.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace levelpress {

// `<!-- wp:paragraph -->`, `<!-- /wp:paragraph -->`, `<!-- wp:x {..} /-->`
// removed; sets *had_blocks when there were any (a block-editor post).
std::string RemoveBlockComments(std::string_view html, bool* had_blocks);

// [caption ...]<img ...> text[/caption] -> <figure><img ...><figcaption>
// text</figcaption></figure>; [code lang="x"]...[/code] (also
// [sourcecode], language=) -> <pre><code class="language-x">..</code></pre>
// with < > & escaped; [embed]URL[/embed] -> a link. Any other shortcode
// that WordPress or a common plugin defines is kept as text and named in
// *unknown (once each, in order).
std::string ConvertWordPressShortcodes(std::string_view html,
                                       std::vector<std::string>* unknown);

// wpautop, simplified: text separated by a blank line becomes a <p> unless
// it starts with a block-level tag; single line breaks inside a paragraph
// become <br>. Nothing inside <pre> is touched.
std::string AddParagraphs(std::string_view html);

// Plain text of a title or name written with HTML entities (&amp; &#8217;).
std::string DecodeEntities(std::string_view text);

}  // namespace levelpress
