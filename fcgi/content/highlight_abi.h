// The C interface of levelpress-highlight.so, the module that holds KDE's
// KSyntaxHighlighting (Kate's engine: real grammars, about 6x faster per
// line than GNU Source-highlight's regex matching).
//
// Debian ships KSyntaxHighlighting only as a shared library on Qt 5, and
// the levelpress binary links its libraries statically (a plain CGI
// request starts fast; the binary can be copied to a shared host). So it
// lives in a small module of our own, loaded with dlopen by the first
// import that highlights code (highlight_module.cc); only this interface
// crosses between the two: extern "C" functions, plain data, no exception
// and no std type (binary and module each have their own C++ runtime).
//
// Threads: any thread may call any function at any time; the module keeps
// its highlighting state per thread.
#pragma once

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LP_HL_API __attribute__((visibility("default")))

// Raised when the interface changes; the loader refuses another version.
#define LP_HL_ABI_VERSION 1

// What a run of text is; the binary turns it into a CSS class.
enum {
  LP_HL_PLAIN = 0,
  LP_HL_KEYWORD,
  LP_HL_STRING,
  LP_HL_COMMENT,
  LP_HL_NUMBER,
  LP_HL_TYPE,
  LP_HL_FUNCTION,
  LP_HL_VARIABLE,
};

// Return values.
enum {
  LP_HL_OK = 0,
  LP_HL_UNKNOWN = 1,  // no such definition
  LP_HL_ERROR = 2,
};

// Called for each run of a line that is not plain, in order, runs not
// overlapping: `line` counts from 0, begin and end are byte offsets in
// that line. Must not throw.
typedef void (*lp_hl_on_run)(void* context, size_t line, size_t begin,
                             size_t end, int kind);

LP_HL_API int lp_hl_abi_version(void);

// Frees what this thread holds (its definitions, a few MB); the next call
// on the thread builds it again. The importer calls it when a parsing
// thread is done, before the store is written.
LP_HL_API void lp_hl_release_thread(void);

// Whether KSyntaxHighlighting has a definition of this name ("Python").
LP_HL_API int lp_hl_has_definition(const char* name);

// Highlights `text` (valid UTF-8; lines end in "\n" or at the end) with
// the definition `name`. Lines longer than max_line_bytes get no runs (the
// state goes on). Returns LP_HL_OK, LP_HL_UNKNOWN (no runs reported) or
// LP_HL_ERROR (some runs may have been reported).
LP_HL_API int lp_hl_highlight(const char* name, const char* text, size_t size,
                              size_t max_line_bytes, void* context,
                              lp_hl_on_run on_run);

#ifdef __cplusplus
}
#endif
