// cmark-gfm's table of special inline characters, made safe for parsing
// on several threads at once.
//
// cmark-gfm 0.29.0.gfm.6 (and its master today) keeps which characters
// end a run of plain text in two global arrays, SPECIAL_CHARS and
// SKIP_CHARS (src/inlines.c). Each parse adds the characters of its inline
// extensions ('~' for strikethrough, ':' and 'w' for autolinks) at the
// start of its inline phase and removes them at its end (src/blocks.c
// process_inlines, cmark_manage_extensions_special_characters;
// github/cmark-gfm#176): a parse that ends while another is in its inline
// phase takes '~' away from it, which then misses a strikethrough. Nothing
// else in cmark-gfm is written after the extensions are registered (the
// registry, the node types of the extensions: once, at registration).
//
// The binary links cmark-gfm statically with `ld --wrap` on the two
// functions that change the table (CMakeLists.txt, levelpress_content):
// their calls from blocks.c reach the wrappers in cmark_special_chars.cc.
// The wrappers let the changes through only while
// EnableParallelInlineParsing runs one parse with every extension the
// program uses; after it the characters stay in the table and every add
// and remove is a no-op, so the table is only read and parses run in
// parallel. Every parse of this program attaches the same extensions; the
// one without (RenderExcerpt's plain-text parse) escapes all punctuation
// but quotes, dashes and dots, so a permanently special '~', ':' or 'w'
// only splits its text into pieces cmark joins again.
#pragma once

#include <cmark-gfm.h>

namespace levelpress {

// Runs `calibration_parse` (a parse with every extension the program
// attaches) with the table's changes let through, once per process, and
// returns whether the wrappers are linked in: true means parses may run on
// several threads without a lock from now on; false (cmark-gfm linked
// without the wrappers, e.g. as a shared library) means they must take
// turns as before. Thread-safe; the first call decides.
bool EnableParallelInlineParsing(void (*calibration_parse)());

}  // namespace levelpress
