// UTF-8 text: whether bytes are well-formed UTF-8, and which of its
// characters XML 1.0 cannot carry. Feeds and sitemaps are XML, so the
// import refuses a front matter value holding one (front_matter.h), and
// `levelpress convert` drops them from what it writes (convert.h). Pure
// functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace levelpress {

// The offset of the first byte of `text` that does not begin or continue a
// well-formed UTF-8 sequence (no overlong forms, surrogates or code points
// past U+10FFFF), or std::string_view::npos when all of it is UTF-8.
size_t InvalidUtf8At(std::string_view text);

// The offset of the first character of UTF-8 `text` that XML 1.0 cannot
// carry: a C0 control character but tab, LF and CR, or U+FFFE, U+FFFF
// (its UTF-8 is 3 bytes; a control character's is 1). npos if none.
size_t XmlForbiddenAt(std::string_view text);

// `text` without the characters XmlForbiddenAt finds.
std::string WithoutXmlForbidden(std::string_view text);

}  // namespace levelpress
