// The C interface of levelpress-search.so, the module that holds Xapian.
//
// Debian ships libxapian only as a shared library, and the levelpress
// binary links its libraries statically (a plain CGI request starts fast;
// the binary can be copied to a shared host). So Xapian lives in a small
// module of our own, loaded with dlopen by the first import or search that
// needs it (search_module.cc), and only this interface crosses between the
// two: extern "C" functions, plain data, no exception and no std type (the
// binary and the module each have their own C++ runtime). Every function
// catches what Xapian throws and reports it as an error text.
//
// Threads: a writer or a reader is used by one thread at a time; separate
// readers may be used by separate threads at once.
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// The module is built with hidden symbols; these are its interface.
#define LP_SEARCH_API __attribute__((visibility("default")))

// Raised when the interface changes; the loader refuses another version.
#define LP_SEARCH_ABI_VERSION 2

typedef struct lp_search_writer lp_search_writer;
typedef struct lp_search_reader lp_search_reader;

// A string that need not end in NUL.
typedef struct {
  const char* data;
  size_t size;
} lp_str;

// One post as the index keeps it.
typedef struct {
  lp_str slug;  // the unique id
  lp_str title;
  lp_str text;  // the body as plain text
  const lp_str* tag_slugs;
  size_t tag_count;
  const lp_str* author_ids;
  size_t author_count;
  int64_t date;     // Unix seconds; hidden from results before it
  int64_t expires;  // 0, or Unix seconds: hidden from results from then on
} lp_search_doc;

// Return values of the functions below.
enum {
  LP_SEARCH_OK = 0,
  LP_SEARCH_BAD_QUERY = 1,  // the reader's fault: answer 400
  LP_SEARCH_ERROR = 2,      // anything else, described in the error text
};

typedef struct {
  lp_str query;
  lp_str language;  // a Snowball name ("en", "de"); unknown: no stemming
  int64_t now;      // posts dated after it are not found
  uint32_t offset, limit;
  uint32_t max_terms;           // a longer query is LP_SEARCH_BAD_QUERY
  uint32_t max_wildcard_terms;  // what one "pre*" may expand to
  uint32_t snippet_bytes;       // about this much text per hit
  void* context;                // passed to on_hit
  // Called for each hit in rank order; the snippet is HTML, escaped, with
  // matched words in <mark>. Must not throw.
  void (*on_hit)(void* context, lp_str slug, lp_str snippet_html);
} lp_search_request;

typedef struct {
  uint64_t matches;      // estimated total (exact for small blogs)
  char corrected[1024];  // "did you mean": a corrected query, or ""
} lp_search_outcome;

LP_SEARCH_API int lp_search_abi_version(void);

// Opens the index in dir for writing, creating it if missing. If it was
// indexed for another language (or is new), it is emptied and *fresh is
// set to 1: the caller then adds every post.
LP_SEARCH_API int lp_search_writer_open(const char* dir, lp_str language,
                                        int* fresh, lp_search_writer** out,
                                        char* error, size_t error_size);
// Adds or replaces the posts docs[0..n), each by its slug. Their words are
// split and stemmed on up to `threads` threads at once; the index itself is
// changed by one.
LP_SEARCH_API int lp_search_writer_put_many(lp_search_writer* w,
                                            const lp_search_doc* docs, size_t n,
                                            unsigned threads, char* error,
                                            size_t error_size);
// Adds or replaces the post with doc->slug.
LP_SEARCH_API int lp_search_writer_put(lp_search_writer* w,
                                       const lp_search_doc* doc, char* error,
                                       size_t error_size);
// Removes the post with this slug (nothing if it is not there).
LP_SEARCH_API int lp_search_writer_remove(lp_search_writer* w, lp_str slug,
                                          char* error, size_t error_size);
// Commits (Xapian syncs its files) and closes; w is freed either way.
LP_SEARCH_API int lp_search_writer_commit(lp_search_writer* w, char* error,
                                          size_t error_size);
// Closes without committing; w is freed.
LP_SEARCH_API void lp_search_writer_abandon(lp_search_writer* w);

LP_SEARCH_API int lp_search_reader_open(const char* dir, lp_search_reader** out,
                                        char* error, size_t error_size);
LP_SEARCH_API int lp_search_reader_search(lp_search_reader* r,
                                          const lp_search_request* request,
                                          lp_search_outcome* outcome,
                                          char* error, size_t error_size);
LP_SEARCH_API void lp_search_reader_close(lp_search_reader* r);

#ifdef __cplusplus
}
#endif
