// SearchIndex: the full-text index of the published posts, written at
// import and read by /search/, through levelpress-search.so (search_abi.h).
//
// The module is loaded with dlopen on first use, from beside the running
// binary or from ../lib/levelpress/ (where `cmake --install` puts it).
// When it cannot be loaded, SearchAvailable() says why, writers and
// searches return Status::Busy (HTTP 503) with that reason: never a crash.
//
// Threads: SearchWriter is used by one thread (the import). Search() is
// safe from many threads: each thread keeps its own open reader of the
// last index it searched (Xapian's Database is not shared between threads).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "status.h"

struct lp_search_writer;  // search_abi.h

namespace levelpress {

// Limits that keep a hostile query cheap: a longer one is a 400.
inline constexpr size_t kMaxSearchQueryBytes = 500;
inline constexpr size_t kMaxSearchTerms = 32;
// What one wildcard ("connect*") may expand to.
inline constexpr uint32_t kMaxWildcardExpansion = 20;

// The store's m: key that names its generation's index folder, and that
// folder: <store>/search/<name>/ (the import writes it, search_import.h).
inline constexpr char kSearchIndexMeta[] = "search-index";
inline std::string SearchIndexPath(const std::string& store_path,
                                   const std::string& name) {
  return store_path + "/search/" + name;
}

// Whether the module can be used; *why_not says why not (once loaded or
// failed, the answer stays for the life of the process).
bool SearchAvailable(std::string* why_not);

// For the test suites, which run from build/tests/: the module's path.
// Before the first use only.
void SetSearchModulePathForTests(const std::string& path);

// The Snowball name for a BCP 47 language tag: "de-AT" -> "de".
std::string StemmerLanguage(const std::string& bcp47);

struct SearchDoc {
  std::string slug, title, text;  // text: the body as plain text
  std::vector<std::string> tag_slugs, author_ids;
  int64_t date = 0;
  int64_t expires = 0;  // 0: never
};

class SearchWriter {
 public:
  // Opens (creates) the index in dir. *fresh: it was new or built for
  // another language and is empty now; every post must be put.
  static Status Open(const std::string& dir, const std::string& language,
                     bool* fresh, std::unique_ptr<SearchWriter>* out);
  ~SearchWriter();  // without Commit: nothing of this writer is kept
  SearchWriter(const SearchWriter&) = delete;
  SearchWriter& operator=(const SearchWriter&) = delete;

  Status Put(const SearchDoc& doc);
  // Puts several at once, their words split on up to `threads` threads.
  Status PutMany(const std::vector<SearchDoc>& docs, unsigned threads);
  Status Remove(const std::string& slug);
  // Makes it durable (synced) and closes the writer.
  Status Commit();

 private:
  explicit SearchWriter(::lp_search_writer* w) : w_(w) {}
  ::lp_search_writer* w_;
};

struct SearchQuery {
  std::string text;
  std::string language;  // BCP 47, from the settings
  int64_t now = 0;       // posts dated later are not found
  size_t offset = 0, limit = 10;
};

struct SearchHit {
  std::string slug;
  std::string snippet_html;  // escaped; matched words in <mark>
};

struct SearchResults {
  uint64_t matches = 0;  // estimated total
  std::vector<SearchHit> hits;
  std::string corrected;  // "did you mean" when nothing matched, or ""
};

// InvalidArgument (a 400) when the query is too long, has too many words,
// is not UTF-8 or does not parse; the message says which, in words for a
// reader.
Status CheckSearchQuery(const std::string& text);

// Searches the index in dir. Busy when the module is missing.
Status Search(const std::string& dir, const SearchQuery& query,
              SearchResults* results);

}  // namespace levelpress
