// Loads levelpress-highlight.so (KSyntaxHighlighting, see highlight_abi.h)
// on first use: beside the binary (a build folder, a copied binary), or in
// ../lib/levelpress/ from it (an installed server). Without it, code is
// highlighted with GNU Source-highlight as before (highlight.cc).
#pragma once

#include <string>

#include "highlight_abi.h"

namespace levelpress {

struct HighlightModule {
  int (*has_definition)(const char* name);
  int (*highlight)(const char* name, const char* text, size_t size,
                   size_t max_line_bytes, void* context, lp_hl_on_run on_run);
  void (*release_thread)();
};

// The module, or null when it cannot be loaded (why in *why_not, if
// given). Loaded once per process; thread-safe.
const HighlightModule* LoadedHighlightModule(std::string* why_not = nullptr);

// The module if an earlier call loaded it, else null (never loads it).
const HighlightModule* HighlightModuleIfLoaded();

// Tests: load from this path instead ("" or a missing file: no module).
// Call before the first LoadedHighlightModule.
void SetHighlightModulePathForTests(const std::string& path);

}  // namespace levelpress
