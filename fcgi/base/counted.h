// Counted: a number with its noun, singular or plural ("1 post", "2 posts",
// "0 posts"), for the summaries that commands print (import, convert,
// export, check). The command line speaks English only. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace levelpress {

// "1 author", "2 authors"; `plural` for a noun whose plural is not
// singular + "s" (Counted(n, "entry", "entries")).
std::string Counted(size_t n, std::string_view singular,
                    std::string_view plural = {});

}  // namespace levelpress
