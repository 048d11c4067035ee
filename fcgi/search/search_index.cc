#include "search_index.h"

#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <utility>

#include "search_abi.h"

namespace levelpress {
namespace {

namespace fs = std::filesystem;

constexpr size_t kErrorBytes = 512;

// The module's functions. The types come from search_abi.h, so a changed
// signature fails the build.
struct Module {
  decltype(&lp_search_abi_version) abi_version = nullptr;
  decltype(&lp_search_writer_open) writer_open = nullptr;
  decltype(&lp_search_writer_put) writer_put = nullptr;
  decltype(&lp_search_writer_put_many) writer_put_many = nullptr;
  decltype(&lp_search_writer_remove) writer_remove = nullptr;
  decltype(&lp_search_writer_commit) writer_commit = nullptr;
  decltype(&lp_search_writer_abandon) writer_abandon = nullptr;
  decltype(&lp_search_reader_open) reader_open = nullptr;
  decltype(&lp_search_reader_search) reader_search = nullptr;
  decltype(&lp_search_reader_close) reader_close = nullptr;
  std::string why_not;  // empty: loaded
};

std::string& PathForTests() {
  static std::string path;
  return path;
}

// Where the module may be: beside the binary (a build folder, a copied
// binary), or ../lib/levelpress/ from it (an installed server).
std::vector<std::string> Candidates() {
  if (!PathForTests().empty()) return {PathForTests()};
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  const fs::path dir = exe.parent_path();
  return {(dir / "levelpress-search.so").string(),
          (dir / ".." / "lib" / "levelpress" / "levelpress-search.so")
              .lexically_normal()
              .string()};
}

template <typename F>
bool Find(void* lib, const char* name, F* out) {
  *out = reinterpret_cast<F>(::dlsym(lib, name));
  return *out != nullptr;
}

Module Load() {
  Module m;
  void* lib = nullptr;
  std::string tried;
  for (const std::string& path : Candidates()) {
    if (::access(path.c_str(), F_OK) != 0) {
      tried += (tried.empty() ? "" : ", ") + path;
      continue;
    }
    // Never closed: a search may run at any time.
    lib = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) {
      m.why_not = std::string("cannot load ") + ::dlerror() +
                  " (Debian: apt-get install libxapian30)";
      return m;
    }
    break;
  }
  if (lib == nullptr) {
    m.why_not = "the search module levelpress-search.so is not installed (" +
                (tried.empty() ? std::string("no path") : tried) + ")";
    return m;
  }
  bool ok = Find(lib, "lp_search_abi_version", &m.abi_version) &&
            Find(lib, "lp_search_writer_open", &m.writer_open) &&
            Find(lib, "lp_search_writer_put", &m.writer_put) &&
            Find(lib, "lp_search_writer_put_many", &m.writer_put_many) &&
            Find(lib, "lp_search_writer_remove", &m.writer_remove) &&
            Find(lib, "lp_search_writer_commit", &m.writer_commit) &&
            Find(lib, "lp_search_writer_abandon", &m.writer_abandon) &&
            Find(lib, "lp_search_reader_open", &m.reader_open) &&
            Find(lib, "lp_search_reader_search", &m.reader_search) &&
            Find(lib, "lp_search_reader_close", &m.reader_close);
  if (!ok) {
    m.why_not = "levelpress-search.so lacks a function levelpress calls";
  } else if (m.abi_version() != LP_SEARCH_ABI_VERSION) {
    m.why_not = "levelpress-search.so is of another levelpress version";
  }
  return m;
}

// Loaded once, on first use (a function-local static is thread-safe).
const Module& Lib() {
  static const Module module = Load();
  return module;
}

lp_str Str(const std::string& s) { return lp_str{s.data(), s.size()}; }

Status Unavailable() {
  return Status::Busy("search is not available: " + Lib().why_not);
}

// Well-formed UTF-8: no stray or missing continuation bytes, no overlong
// forms, no surrogates, nothing above U+10FFFF.
bool IsUtf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t more;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      more = 1, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      more = 2, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      more = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (s.size() - i - 1 < more) return false;
    for (size_t k = 1; k <= more; ++k) {
      const unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((more == 2 && cp < 0x800) || (more == 3 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += more + 1;
  }
  return true;
}

// One open reader per thread, of the index it searched last.
struct ThreadReader {
  std::string dir;
  lp_search_reader* reader = nullptr;
  ~ThreadReader() {
    if (reader != nullptr) Lib().reader_close(reader);
  }
};

}  // namespace

bool SearchAvailable(std::string* why_not) {
  *why_not = Lib().why_not;
  return why_not->empty();
}

void SetSearchModulePathForTests(const std::string& path) {
  PathForTests() = path;
}

std::string StemmerLanguage(const std::string& bcp47) {
  std::string out;
  for (char c : bcp47) {
    if (c == '-' || c == '_') break;
    out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return out;
}

Status SearchWriter::Open(const std::string& dir, const std::string& language,
                          bool* fresh, std::unique_ptr<SearchWriter>* out) {
  if (!Lib().why_not.empty()) return Unavailable();
  char error[kErrorBytes] = "";
  lp_search_writer* w = nullptr;
  int is_fresh = 0;
  const std::string stemmer = StemmerLanguage(language);
  if (Lib().writer_open(dir.c_str(), Str(stemmer), &is_fresh, &w, error,
                        sizeof error) != LP_SEARCH_OK) {
    return Status::IOError("the search index " + dir + ": " + error);
  }
  *fresh = is_fresh != 0;
  out->reset(new SearchWriter(w));
  return Status::OK();
}

SearchWriter::~SearchWriter() {
  if (w_ != nullptr) Lib().writer_abandon(w_);
}

Status SearchWriter::Put(const SearchDoc& doc) { return PutMany({doc}, 1); }

Status SearchWriter::PutMany(const std::vector<SearchDoc>& docs,
                             unsigned threads) {
  if (docs.empty()) return Status::OK();
  // The module's view of the docs: pointers into them, alive for the call.
  std::vector<std::vector<lp_str>> lists(2 * docs.size());
  std::vector<lp_search_doc> plain(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) {
    const SearchDoc& doc = docs[i];
    std::vector<lp_str>& tags = lists[2 * i];
    std::vector<lp_str>& authors = lists[2 * i + 1];
    for (const auto& t : doc.tag_slugs) tags.push_back(Str(t));
    for (const auto& a : doc.author_ids) authors.push_back(Str(a));
    plain[i] = lp_search_doc{Str(doc.slug),  Str(doc.title), Str(doc.text),
                             tags.data(),    tags.size(),    authors.data(),
                             authors.size(), doc.date,       doc.expires};
  }
  char error[kErrorBytes] = "";
  if (Lib().writer_put_many(w_, plain.data(), plain.size(), threads, error,
                            sizeof error) != LP_SEARCH_OK) {
    return Status::IOError(std::string("the search index: ") + error);
  }
  return Status::OK();
}

Status SearchWriter::Remove(const std::string& slug) {
  char error[kErrorBytes] = "";
  if (Lib().writer_remove(w_, Str(slug), error, sizeof error) != LP_SEARCH_OK)
    return Status::IOError("the search index, post " + slug + ": " + error);
  return Status::OK();
}

Status SearchWriter::Commit() {
  char error[kErrorBytes] = "";
  int r = Lib().writer_commit(std::exchange(w_, nullptr), error, sizeof error);
  if (r != LP_SEARCH_OK)
    return Status::IOError(std::string("the search index: ") + error);
  return Status::OK();
}

Status CheckSearchQuery(const std::string& text) {
  if (text.size() > kMaxSearchQueryBytes) {
    return Status::InvalidArgument("The search is too long: at most " +
                                   std::to_string(kMaxSearchQueryBytes) +
                                   " characters, please.");
  }
  if (!IsUtf8(text)) {
    return Status::InvalidArgument("The search is not valid text (UTF-8).");
  }
  size_t words = 0, wildcards = 0;
  bool in_word = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
                       c == '+' || c == '"' || c == '(' || c == ')';
    if (c == '*') ++wildcards;
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  if (words > kMaxSearchTerms || wildcards > kMaxSearchTerms) {
    return Status::InvalidArgument("The search has too many words: at most " +
                                   std::to_string(kMaxSearchTerms) +
                                   ", please.");
  }
  return Status::OK();
}

Status Search(const std::string& dir, const SearchQuery& query,
              SearchResults* results) {
  *results = SearchResults();
  if (Status s = CheckSearchQuery(query.text); !s.ok()) return s;
  if (!Lib().why_not.empty()) return Unavailable();
  thread_local ThreadReader cached;
  char error[kErrorBytes] = "";
  if (cached.reader == nullptr || cached.dir != dir) {
    if (cached.reader != nullptr) Lib().reader_close(cached.reader);
    cached.reader = nullptr;
    if (Lib().reader_open(dir.c_str(), &cached.reader, error, sizeof error) !=
        LP_SEARCH_OK) {
      return Status::IOError("the search index " + dir + ": " + error);
    }
    cached.dir = dir;
  }
  const std::string stemmer = StemmerLanguage(query.language);
  lp_search_request request{};
  request.query = Str(query.text);
  request.language = Str(stemmer);
  request.now = query.now;
  request.offset =
      static_cast<uint32_t>(std::min<size_t>(query.offset, 1u << 30));
  request.limit = static_cast<uint32_t>(std::min<size_t>(query.limit, 1000));
  request.max_terms = kMaxSearchTerms;
  request.max_wildcard_terms = kMaxWildcardExpansion;
  request.snippet_bytes = 240;
  request.context = results;
  request.on_hit = [](void* context, lp_str slug, lp_str snippet) {
    auto* r = static_cast<SearchResults*>(context);
    try {  // nothing may be thrown into the module
      r->hits.push_back({std::string(slug.data, slug.size),
                         std::string(snippet.data, snippet.size)});
    } catch (...) {
    }
  };
  lp_search_outcome outcome;
  int r = Lib().reader_search(cached.reader, &request, &outcome, error,
                              sizeof error);
  if (r == LP_SEARCH_BAD_QUERY) {
    return Status::InvalidArgument(std::string("The search cannot be read: ") +
                                   error);
  }
  if (r != LP_SEARCH_OK) {
    // A reader that failed may be broken (files gone): open anew next time.
    Lib().reader_close(cached.reader);
    cached.reader = nullptr;
    return Status::IOError("the search index " + dir + ": " + error);
  }
  results->matches = outcome.matches;
  results->corrected = outcome.corrected;
  return Status::OK();
}

}  // namespace levelpress
