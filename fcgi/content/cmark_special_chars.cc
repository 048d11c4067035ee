#include "cmark_special_chars.h"

#include <atomic>
#include <mutex>

// The real functions (src/inlines.c), reached through ld's --wrap.
extern "C" void __real_cmark_inlines_add_special_character(unsigned char c,
                                                           bool emphasis);
extern "C" void __real_cmark_inlines_remove_special_character(unsigned char c,
                                                              bool emphasis);

namespace {

// True only during the calibration parse, which runs alone (call_once).
std::atomic<bool> calibrating{false};
// Whether cmark called a wrapper during the calibration parse.
std::atomic<bool> wrapped{false};

}  // namespace

// Called by cmark_manage_extensions_special_characters at the start of each
// inline phase: the characters go into the table during the calibration
// parse, and stay there.
extern "C" void __wrap_cmark_inlines_add_special_character(unsigned char c,
                                                           bool emphasis) {
  if (!calibrating.load(std::memory_order_relaxed)) return;
  wrapped.store(true, std::memory_order_relaxed);
  __real_cmark_inlines_add_special_character(c, emphasis);
}

// Called at the end of each inline phase: never lets a character go.
extern "C" void __wrap_cmark_inlines_remove_special_character(unsigned char,
                                                              bool) {}

namespace levelpress {

bool EnableParallelInlineParsing(void (*calibration_parse)()) {
  static std::once_flag once;
  std::call_once(once, [calibration_parse] {
    calibrating.store(true);
    calibration_parse();
    calibrating.store(false);
  });
  return wrapped.load();
}

}  // namespace levelpress
