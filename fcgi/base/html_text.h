// HtmlText: the words of a piece of stored HTML as plain text, for what
// must not carry markup: a page's <meta name="description"> when the post
// has no `description:`, and the word count behind its reading time. Pure
// functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace levelpress {

// The text of `html`: tags dropped, the entities cmark writes (&amp; &lt;
// &gt; &quot; &#39; and numeric ones) decoded, runs of white space made one
// space, trimmed. Not a general HTML parser: it reads HTML we rendered.
std::string HtmlToText(std::string_view html);

// Appends text with & < > " ' escaped, safe in HTML text and in a quoted
// attribute.
void AppendEscapedHtml(std::string_view text, std::string* out);

// Words in plain text: runs of characters that are not white space.
size_t CountWords(std::string_view text);

// Minutes to read `words` at ~230 words a minute, rounded, at least 1.
int ReadingMinutes(size_t words);

}  // namespace levelpress
