// Fragments: markup rendered once with holes where the parts that change
// with each request go, then filled per request by copying. The search
// page is made of them: its page.tpl frame and each result's markup are
// rendered once per store generation, and what a search changes (its
// title, its content, each snippet) goes into their holes, so a search
// expands only its small content template.
//
// A template's value is set to HoleMarker(part) where a hole goes: bytes
// that pass ctemplate's HTML escaping unchanged and that no content can
// hold (a random key of the process). CutHoles takes the markers out of
// the rendered body and notes where they were; FillHoles copies the body
// with each hole's part in it. Who cuts a frame out of a whole page checks
// that filling it gives what expanding the page gives (SearchFrameOf): a
// theme may put a value where it is escaped in another way.
#pragma once

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "render_cache.h"

namespace levelpress {

// The marker of the hole for `part` (a letter).
std::string HoleMarker(char part);

// Takes the markers out of page->body, noting each hole in page->holes.
void CutHoles(CachedPage* page);

// Appends page's body to *out with each hole's part in it, which
// append_part(part, out) appends (it may fill another fragment there).
void AppendFilled(
    const CachedPage& page,
    const std::function<void(char part, std::string* out)>& append_part,
    std::string* out);

// AppendFilled with the parts given as (part, text); a hole whose part is
// not among them stays empty.
void AppendFilled(
    const CachedPage& page,
    std::initializer_list<std::pair<char, std::string_view>> parts,
    std::string* out);

}  // namespace levelpress
