// levelpress-search.so: the full-text index, with Xapian, behind the C
// interface of search_abi.h. Built as a module (CMake MODULE library) that
// links libxapian; the levelpress binary loads it with dlopen
// (search_module.cc), so the binary itself stays free of shared C++
// libraries.
//
// The index (one Xapian "glass" database per store generation):
//   Q<slug>        the post's unique term
//   S<word>        title words (also indexed unprefixed)
//   K<tag-slug>    tags, boolean (tag:django)
//   A<author-id>   authors, boolean (author:ana)
//   value 0        the date, sortable_serialise'd: the query filters out
//                  posts dated after now, so a scheduled post appears at
//                  its time without another import
//   value 2        the title (its words are spelling data, SpellingWords)
//   value 3        what a hit shows (HitValue): the slug, NUL, and the
//                  start of the body's plain text (for snippets), cut at
//                  kSnippetTextBytes: a word found only further into the
//                  post gets a snippet of the post's start. One value, not
//                  the document's data (Xapian compresses data: inflating
//                  ten hits' texts was an eighth of a search) nor two
//                  values (each read is a B-tree lookup of ~2.5 blocks).
//                  Format 2 had the slug in value 1 and the text in data.
//   value 4        when the post expires, sortable_serialise'd (a post
//                  that never does: kNever): from then on the query
//                  filters it out, as value 0 does before its date
//   metadata "language"  the stemmer the index was built with
//   metadata "format"    kIndexFormat
//   metadata "champions:<term>"  a common word's first posts (champions.h)
// Words are indexed with positions (phrase queries), stemmed with
// Xapian::Stem for the site's language; the words of titles and of the
// posts' starts are spelling data ("did you mean").
#include <fcntl.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "../search_abi.h"
#include "champions.h"
#include "hit_cache.h"
#include "rank_weight.h"
#include "snippet.h"
#include "speller.h"
#include "stem_cache.h"

struct lp_search_writer {
  Xapian::WritableDatabase db;
  std::string dir;
  std::string language;
  std::unique_ptr<Xapian::TermGenerator> speller;  // see SpellingWords
  // One per thread of put_many (each with its own stem cache), kept
  // between calls so that the caches last the whole import.
  std::vector<Xapian::TermGenerator> indexers;
  // The index was empty when opened (a fresh import or a rebuild): a post
  // not put before in this writer is added, without looking up an old
  // document to replace (~a third of writing a document).
  bool fresh = false;
  std::unordered_set<std::string> added;  // slugs added while fresh
  // The spelling counts added (CountSpelling), summed per word and given to
  // Xapian once a word (FlushSpelling): add_spelling(w, a) then (w, b) is
  // add_spelling(w, a + b), and each call looks the word up in Xapian's
  // sorted map of changes (~1.5 CPU s per 10,000 posts). Given before any
  // count is taken back, and before the commit.
  std::unordered_map<std::string, Xapian::termcount> spelling_adds;
  // The terms of the posts put or removed (not fresh): their champion
  // lists are written again at the commit.
  std::unordered_set<std::string> changed_terms;
};

// What one search sets up: built on a reader's first search and kept, so
// a search does not build a stemmer and a parser each time (a reader is
// used by one thread at a time; search_abi.h).
struct ReaderParser {
  std::string language;
  Xapian::Stem stem;
  Xapian::QueryParser parser;
  std::unique_ptr<StemMemo> stems;  // with `stem`, for snippets
};

// What VisibleAt needs of the date and expiry slots: read once, as a
// reader's index never changes (an import writes a new one), instead of
// three B-tree reads a search.
struct SlotBounds {
  std::string date_upper;    // the latest date of a post in the index
  std::string expiry_lower;  // the soonest expiry...
  bool has_expiry = false;   // ...if the index has the slot (format 3)
};

// Hits a reader keeps (HitCache): ~1.2 MB a reader, one reader a thread;
// all the posts of most blogs, and of a 10,000-post blog the ~1,000 that
// a hundred distinct searches show.
constexpr size_t kKeptHits = 1024;

struct lp_search_reader {
  std::string dir;
  Xapian::Database db;
  SlotBounds bounds;
  HitCache hits{kKeptHits};
  std::unique_ptr<ReaderParser> parser;    // for the last search's language
  std::shared_ptr<const Speller> speller;  // from the first search that
                                           // finds nothing
};

namespace {

// Value slots of a document.
constexpr Xapian::valueno kDateSlot = 0;    // sortable_serialise(date)
constexpr Xapian::valueno kSlugSlot = 1;    // format 2 only: the slug
constexpr Xapian::valueno kTitleSlot = 2;   // its words: SpellingWords
constexpr Xapian::valueno kHitSlot = 3;     // HitValue
constexpr Xapian::valueno kExpirySlot = 4;  // sortable_serialise(expiry)
constexpr double kNever = 1e18;             // the expiry of most posts

// The layout of the index: an index of another one is written anew (like
// one of another language). 2: spelling data from titles and the first
// kSnippetTextBytes only. 3: slug and text in kHitSlot, expiry in
// kExpirySlot. 4: champion lists (champions.h) for every common word,
// document ids kept by compaction.
constexpr char kIndexFormat[] = "4";

// What a snippet can come from: the start of the post. Each hit's text is
// read, inflated and split into words for its snippet, which was half of a
// search's CPU with the whole text (up to 16 KB) there; every word of the
// post is still indexed, so a post is found by a word further in, and its
// snippet then shows its start, unmarked.
constexpr size_t kSnippetTextBytes = 1024;

std::string HitValue(const std::string& slug, const std::string& text) {
  std::string v = slug;
  v += '\0';
  v += text;
  return v;
}

// A hit's slug and text as the index keeps them.
struct StoredHit {
  std::string slug, text;
};

StoredHit ReadHit(const Xapian::Document& d) {
  StoredHit hit;
  const std::string v = d.get_value(kHitSlot);
  const size_t nul = v.find('\0');
  if (nul != std::string::npos) {
    hit.slug = v.substr(0, nul);
    hit.text = v.substr(nul + 1);
    return hit;
  }
  // An index of format 1 or 2 (until the next import that changes a post).
  hit.slug = d.get_value(kSlugSlot);
  hit.text = d.get_data();
  if (hit.slug.empty()) {  // format 1: only its Q term
    auto t = d.termlist_begin();
    t.skip_to("Q");
    if (t != d.termlist_end() && !(*t).empty() && (*t)[0] == 'Q')
      hit.slug = (*t).substr(1);
  }
  return hit;
}

std::string Str(lp_str s) {
  return s.data ? std::string(s.data, s.size) : std::string();
}

void SetError(char* error, size_t size, const std::string& text) {
  if (error == nullptr || size == 0) return;
  size_t n = std::min(size - 1, text.size());
  std::memcpy(error, text.data(), n);
  error[n] = '\0';
}

// The stemmer for a language name; none (no error) for an unknown one.
Xapian::Stem StemFor(const std::string& language) {
  if (language.empty()) return Xapian::Stem();
  try {
    return Xapian::Stem(language);
  } catch (const Xapian::Error&) {
    return Xapian::Stem();
  }
}

// Runs f, turning anything it throws into LP_SEARCH_ERROR and a text.
template <typename F>
int Guard(char* error, size_t error_size, F f) {
  try {
    return f();
  } catch (const Xapian::Error& e) {
    SetError(error, error_size, e.get_description());
  } catch (const std::exception& e) {
    SetError(error, error_size, e.what());
  } catch (...) {
    SetError(error, error_size, "unknown error in the search module");
  }
  return LP_SEARCH_ERROR;
}

// "Did you mean" suggests words of titles and of the posts' starts
// (kSnippetTextBytes): fewer words to count at import and to keep in the
// index than every word of every post, and a misspelt word's fix is
// nearly always among them. A post's words leave it when the post leaves the
// index or changes, so it never suggests a word of a post that is gone (or now
// a draft): they are split again from the title and the text it keeps.
Xapian::Document SpellingWords(Xapian::TermGenerator* indexer,
                               const std::string& title,
                               const std::string& snippet_text) {
  Xapian::Document words;
  indexer->set_document(words);
  indexer->index_text_without_positions(title);
  indexer->index_text_without_positions(snippet_text);
  return words;
}

// The unprefixed words of d with their counts (a copy).
Xapian::Document UnprefixedWords(const Xapian::Document& d) {
  Xapian::Document words;
  for (auto t = d.termlist_begin(); t != d.termlist_end(); ++t) {
    const std::string& term = *t;
    if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z')) continue;
    words.add_term(term, t.get_wdf());
  }
  return words;
}

// Adds (sign 1) or takes back (-1) each unprefixed word of words, counted
// once per occurrence.
void CountSpelling(lp_search_writer* w, const Xapian::Document& words,
                   int sign) {
  for (auto t = words.termlist_begin(); t != words.termlist_end(); ++t) {
    const std::string& term = *t;
    if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z')) continue;
    if (sign > 0)
      w->spelling_adds[term] += t.get_wdf();  // FlushSpelling gives them
    else
      w->db.remove_spelling(term, t.get_wdf());
  }
}

void FlushSpelling(lp_search_writer* w) {
  for (const auto& [word, count] : w->spelling_adds)
    w->db.add_spelling(word, count);
  std::unordered_map<std::string, Xapian::termcount>().swap(w->spelling_adds);
}

// Notes the words of a post put or removed, whose champion lists change.
void NoteTerms(lp_search_writer* w, const Xapian::Document& doc) {
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    if (MayHaveChampions(*t)) w->changed_terms.insert(*t);
  }
}

// Before a post's document is replaced or removed: takes back its
// spelling words, and notes its words.
void ForgetOld(lp_search_writer* w, const std::string& id_term) {
  FlushSpelling(w);  // what is taken back may be among them
  Xapian::PostingIterator p = w->db.postlist_begin(id_term);
  if (p == w->db.postlist_end(id_term)) return;
  Xapian::Document old = w->db.get_document(*p);
  NoteTerms(w, old);
  CountSpelling(w,
                SpellingWords(w->speller.get(), old.get_value(kTitleSlot),
                              ReadHit(old).text),
                -1);
}

struct MadeDocument {
  Xapian::Document doc;
  Xapian::Document spelling;  // SpellingWords
};

// The document of one post: words with positions (stemmed too), boolean
// terms for the filters, the date, title and the text for snippets; and
// its spelling words. Touches no database, so several threads build
// documents at once.

MadeDocument MakeDocument(Xapian::TermGenerator* indexer,
                          const lp_search_doc& doc) {
  Xapian::Document d;
  indexer->set_document(d);
  const std::string title = Str(doc.title);
  indexer->index_text(title, 1, "S");
  indexer->index_text(title);
  indexer->increase_termpos();  // no phrase across title and body
  const std::string text = Str(doc.text);
  // The body in two calls, cut between words (positions go on, so a
  // phrase across the cut is found): the words so far are the spelling
  // words, as SpellingWords splits them, without splitting them twice.
  const size_t cut = WordCut(text, kSnippetTextBytes);
  indexer->index_text(Xapian::Utf8Iterator(text.data(), cut));
  Xapian::Document spelling = UnprefixedWords(d);
  indexer->index_text(
      Xapian::Utf8Iterator(text.data() + cut, text.size() - cut));
  for (size_t i = 0; i < doc.tag_count; ++i)
    d.add_boolean_term("K" + Str(doc.tag_slugs[i]));
  for (size_t i = 0; i < doc.author_count; ++i)
    d.add_boolean_term("A" + Str(doc.author_ids[i]));
  d.add_boolean_term("Q" + Str(doc.slug));
  d.add_value(kDateSlot,
              Xapian::sortable_serialise(static_cast<double>(doc.date)));
  d.add_value(kExpirySlot,
              Xapian::sortable_serialise(doc.expires != 0
                                             ? static_cast<double>(doc.expires)
                                             : kNever));
  d.add_value(kTitleSlot, title);
  d.add_value(kHitSlot, HitValue(Str(doc.slug), text.substr(0, cut)));
  return MadeDocument{d, spelling};
}

// How many words each indexing thread's stem cache holds: the words of
// 10,000 generated posts fit (~30,000), at ~100 bytes each.
constexpr size_t kStemCacheWords = 1 << 16;

Xapian::TermGenerator MakeIndexer(const std::string& language,
                                  bool stem_cache = false) {
  Xapian::TermGenerator indexer;
  const Xapian::Stem stem = StemFor(language);
  indexer.set_stemmer(stem_cache ? WithStemCache(stem, kStemCacheWords) : stem);
  indexer.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  return indexer;
}

// Puts documents made beforehand: spelling data and the index, in order.
void PutDocument(lp_search_writer* w, const std::string& slug,
                 const MadeDocument& d) {
  if (w->fresh && w->added.insert(slug).second) {  // nothing to replace
    CountSpelling(w, d.spelling, 1);
    w->db.add_document(d.doc);
    return;
  }
  const std::string id_term = "Q" + slug;
  ForgetOld(w, id_term);
  if (!w->fresh) NoteTerms(w, d.doc);
  CountSpelling(w, d.spelling, 1);
  w->db.replace_document(id_term, d.doc);
}

// Flushes a folder's entries (renames in it) to the disk.
void SyncFolder(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// Replaces the committed index in w->dir with a compacted copy, and closes
// w->db. Written in batches, Xapian's B-trees have half-full blocks (an
// index of 10,000 posts took 284 MB, compacted 149 MB), and a search reads
// whole blocks: compacted, a search for a rare word matched in half the
// time. Compacting costs ~1 s of CPU per 10,000 posts. A crash on the way
// leaves folders that no generation names ("N.compact", "N.old"), which
// the next import removes (search_import.cc).
void CompactInPlace(lp_search_writer* w) {
  namespace fs = std::filesystem;
  const std::string compacted = w->dir + ".compact", old = w->dir + ".old";
  fs::remove_all(compacted);
  fs::remove_all(old);
  // Without renumbering: champion lists hold document ids.
  w->db.compact(compacted, Xapian::DBCOMPACT_NO_RENUMBER);  // fsyncs
  w->db.close();
  fs::rename(w->dir, old);
  fs::rename(compacted, w->dir);
  SyncFolder(fs::path(w->dir).parent_path().string());
  fs::remove_all(old);
}

// tag:PostgreSQL finds the tag stored as "postgresql": the value is made a
// slug the way levelpress makes tag slugs for ASCII (lower case, runs of
// other characters one '-').
class TagSlugProcessor : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& value) override {
    std::string slug;
    bool dash = false;
    for (unsigned char c : value) {
      if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
      bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
      if (word) {
        if (dash && !slug.empty()) slug += '-';
        slug += static_cast<char>(c);
        dash = false;
      } else {
        dash = true;
      }
    }
    return Xapian::Query("K" + slug);
  }
};

SlotBounds ReadSlotBounds(const Xapian::Database& db) {
  SlotBounds b;
  b.date_upper = db.get_value_upper_bound(kDateSlot);
  b.has_expiry = db.get_value_freq(kExpirySlot) > 0;
  if (b.has_expiry) b.expiry_lower = db.get_value_lower_bound(kExpirySlot);
  return b;
}

// The query limited to posts dated at or before now. The filter reads
// each match's date (~15% of matching a common word), so it is left out
// when no post in the index is dated later: Xapian keeps an upper bound of
// the slot's values (never too low; it may stay high after a scheduled
// post is removed, which only keeps the filter).
// Likewise, posts that have expired (value 4 at or before now) are left
// out, with a filter only when some post's expiry is past: the slot's
// lower bound says so (an index of format 2 has no value 4: no filter).
Xapian::Query VisibleAt(const SlotBounds& bounds, const Xapian::Query& query,
                        int64_t now) {
  const std::string now_value =
      Xapian::sortable_serialise(static_cast<double>(now));
  Xapian::Query visible = query;
  if (bounds.date_upper > now_value) {
    visible = Xapian::Query(
        Xapian::Query::OP_FILTER, visible,
        Xapian::Query(Xapian::Query::OP_VALUE_LE, kDateSlot, now_value));
  }
  if (bounds.has_expiry && bounds.expiry_lower <= now_value) {
    // Kept while expiry > now: at least now + 1.
    const std::string after_now =
        Xapian::sortable_serialise(static_cast<double>(now) + 1);
    visible = Xapian::Query(
        Xapian::Query::OP_FILTER, visible,
        Xapian::Query(Xapian::Query::OP_VALUE_GE, kExpirySlot, after_now));
  }
  return visible;
}

// A count of matches is exact up to kCountedMatches (the page numbers of
// a small blog are right) when the query can match at most
// kCountedWhenAtMost posts, which every query of a blog that size can;
// beyond, it is Xapian's estimate.
constexpr Xapian::doccount kCountedMatches = 100;
constexpr Xapian::doccount kCountedWhenAtMost = 1000;

// A page of ranked matches: their document ids, best first, and how many
// posts match in all.
struct RankedPage {
  std::vector<Xapian::docid> ids;
  Xapian::doccount matches = 0;
};

// Ranked by Xapian's matcher. Counting makes it keep every match until it
// has seen that many and only then turn away the ones too light for the
// page: a count of 100 was 12% of the module's instructions over the
// bench's mix of searches, 23% of a phrase of common words'. So the page
// is first ranked without a count, and ranked again with one only when
// its count is not exact and could be small.
RankedPage MatchedPage(const Xapian::Database& db, const Xapian::Query& query,
                       const lp_search_request& request) {
  Xapian::Enquire enquire(db);
  // BM25 without document-length normalisation (b = 0; k1 and k3 as
  // Xapian's default). With it, every match's length was read from the
  // index: half of matching a word, 5,000 instructions a match for a rare
  // one, whose matches lie far apart in the length list. A blog's posts
  // are of similar length, and k1 still limits what many repetitions of
  // a word can add (search_test ranking cases). Ties are settled as
  // Xapian would, more cheaply (rank_weight.h).
  enquire.set_weighting_scheme(RankWeight());
  enquire.set_query(query);
  Xapian::MSet mset = enquire.get_mset(request.offset, request.limit);
  const bool exact =
      mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
  if (!exact && mset.get_matches_upper_bound() <= kCountedWhenAtMost &&
      request.offset + request.limit < kCountedMatches)
    mset = enquire.get_mset(request.offset, request.limit, kCountedMatches);
  RankedPage page;
  for (auto it = mset.begin(); it != mset.end(); ++it) page.ids.push_back(*it);
  page.matches = mset.get_matches_estimated();
  return page;
}

// The page of `query` (already limited to the visible posts): a search
// for one common word alone, with no post to hide, from the word's
// champion list (champions.h); any other by Xapian's matcher.
RankedPage Ranked(const Xapian::Database& db, const Xapian::Query& query,
                  const lp_search_request& request) {
  RankedPage page;
  if (query.get_type() == Xapian::Query::LEAF_TERM) {
    const std::string term = *query.get_terms_begin();
    if (ChampionPage(db, term, request.offset, request.limit, &page.ids)) {
      page.matches = db.get_termfreq(term);
      return page;
    }
  }
  return MatchedPage(db, query, request);
}

// The parser of a reader's searches in one language.
std::unique_ptr<ReaderParser> MakeParser(const Xapian::Database& db,
                                         const std::string& language) {
  auto p = std::make_unique<ReaderParser>();
  p->language = language;
  p->stem = StemFor(language);
  p->stems = std::make_unique<StemMemo>(p->stem);
  Xapian::QueryParser& parser = p->parser;
  parser.set_database(db);
  parser.set_stemmer(p->stem);
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.set_default_op(Xapian::Query::OP_AND);
  parser.add_prefix("title", "S");
  // release(): the parser owns it (without, every search leaked one;
  // router_fuzz found it).
  parser.add_boolean_prefix("tag", (new TagSlugProcessor)->release());
  parser.add_boolean_prefix("author", "A");
  return p;
}

// The query without Xapian's operator words (AND, OR, NOT, XOR, NEAR,
// ADJ, which are operators only in capitals) and brackets.
std::string WithoutOperators(const std::string& query) {
  std::string out;
  size_t i = 0;
  while (i < query.size()) {
    const size_t end = std::min(query.find_first_of(" \t()", i), query.size());
    const std::string word = query.substr(i, end - i);
    const bool op = word == "AND" || word == "OR" || word == "NOT" ||
                    word == "XOR" || word == "NEAR" || word == "ADJ" ||
                    word.rfind("NEAR/", 0) == 0 || word.rfind("ADJ/", 0) == 0;
    if (!op) out += word;
    if (end < query.size()) out += ' ';
    i = end + 1;
  }
  return out;
}

// The query with each word the index does not have replaced by the
// speller's suggestion, as Xapian's QueryParser does with
// FLAG_SPELLING_CORRECTION (lower case, the rest of the query as
// written); "" when no word changed. Field names and values ("tag:x") and
// wildcards ("pre*") are left as they are.
std::string CorrectedQuery(lp_search_reader* r, const std::string& query) {
  std::string out;
  bool changed = false;
  size_t copied = 0;
  Xapian::Utf8Iterator it(query), end;
  while (it != end) {
    if (!Xapian::Unicode::is_wordchar(*it)) {
      ++it;
      continue;
    }
    const size_t begin = it.raw() - query.data();
    std::string lower;
    for (; it != end && Xapian::Unicode::is_wordchar(*it); ++it)
      Xapian::Unicode::append_utf8(lower, Xapian::Unicode::tolower(*it));
    const size_t stop = it.raw() - query.data();
    const char before = begin > 0 ? query[begin - 1] : ' ';
    const char after = stop < query.size() ? query[stop] : ' ';
    if (before == ':' || after == ':' || after == '*' ||
        r->db.term_exists(lower))
      continue;
    if (!r->speller) r->speller = Speller::For(r->dir, r->db);
    const std::string suggestion = r->speller->Suggest(lower);
    if (suggestion.empty()) continue;
    out.append(query, copied, begin - copied).append(suggestion);
    copied = stop;
    changed = true;
  }
  if (!changed) return "";
  return out.append(query, copied, std::string::npos);
}

}  // namespace

extern "C" {

int lp_search_abi_version(void) { return LP_SEARCH_ABI_VERSION; }

int lp_search_writer_open(const char* dir, lp_str language, int* fresh,
                          lp_search_writer** out, char* error,
                          size_t error_size) {
  *out = nullptr;
  *fresh = 0;
  return Guard(error, error_size, [&] {
    // Xapian keeps this many documents' changes in memory before it writes
    // them out (uncommitted) to its files: 10,000 by default, which for a
    // blog of that size doubled an import's peak memory and slowed it.
    ::setenv("XAPIAN_FLUSH_THRESHOLD", "1000", 0);
    const std::string lang = Str(language);
    auto w = std::make_unique<lp_search_writer>(lp_search_writer{
        Xapian::WritableDatabase(dir, Xapian::DB_CREATE_OR_OPEN),
        dir,
        lang,
        nullptr,
        {},
        false,
        {},
        {},
        {}});
    w->speller = std::make_unique<Xapian::TermGenerator>(MakeIndexer(lang));
    if (w->db.get_doccount() == 0 || w->db.get_metadata("language") != lang ||
        w->db.get_metadata("format") != kIndexFormat) {
      // New, or stemmed for another language: every post again.
      w->db.close();
      w->db = Xapian::WritableDatabase(dir, Xapian::DB_CREATE_OR_OVERWRITE);
      w->db.set_metadata("language", lang);
      w->db.set_metadata("format", kIndexFormat);
      w->fresh = true;
      *fresh = 1;
    }
    *out = w.release();
    return LP_SEARCH_OK;
  });
}

int lp_search_writer_put(lp_search_writer* w, const lp_search_doc* doc,
                         char* error, size_t error_size) {
  return lp_search_writer_put_many(w, doc, 1, 1, error, error_size);
}

int lp_search_writer_put_many(lp_search_writer* w, const lp_search_doc* docs,
                              size_t n, unsigned threads, char* error,
                              size_t error_size) {
  return Guard(error, error_size, [&] {
    if (n == 0) return LP_SEARCH_OK;
    std::vector<MadeDocument> made(n);
    std::atomic<size_t> next{0};
    std::mutex mu;
    std::exception_ptr failed;
    const size_t count = std::min<size_t>(std::max(1u, threads), n);
    while (w->indexers.size() < count)
      w->indexers.push_back(MakeIndexer(w->language, /*stem_cache=*/true));
    auto work = [&](size_t thread) {
      try {
        Xapian::TermGenerator& indexer = w->indexers[thread];
        for (size_t i = next++; i < n; i = next++)
          made[i] = MakeDocument(&indexer, docs[i]);
        // Its last document is in made[], which this thread no longer
        // touches (Xapian's reference counts are not atomic).
        indexer.set_document(Xapian::Document());
      } catch (...) {
        std::lock_guard<std::mutex> lock(mu);
        if (!failed) failed = std::current_exception();
        next = n;
      }
    };
    std::vector<std::thread> pool;
    for (size_t t = 1; t < count; ++t) pool.emplace_back(work, t);
    work(0);
    for (auto& t : pool) t.join();
    if (failed) std::rethrow_exception(failed);
    for (size_t i = 0; i < n; ++i) PutDocument(w, Str(docs[i].slug), made[i]);
    return LP_SEARCH_OK;
  });
}

int lp_search_writer_remove(lp_search_writer* w, lp_str slug, char* error,
                            size_t error_size) {
  return Guard(error, error_size, [&] {
    const std::string id_term = "Q" + Str(slug);
    ForgetOld(w, id_term);
    w->db.delete_document(id_term);
    return LP_SEARCH_OK;
  });
}

int lp_search_writer_commit(lp_search_writer* w, char* error,
                            size_t error_size) {
  int result = Guard(error, error_size, [&] {
    FlushSpelling(w);
    if (w->fresh) {
      UpdateAllChampions(w->db);
    } else {
      UpdateChampions(w->db, w->changed_terms);
    }
    w->db.commit();  // fsyncs the files (Xapian's default)
    CompactInPlace(w);
    return LP_SEARCH_OK;
  });
  delete w;
  return result;
}

void lp_search_writer_abandon(lp_search_writer* w) {
  try {
    delete w;  // an uncommitted transaction is discarded
  } catch (...) {
  }
}

int lp_search_reader_open(const char* dir, lp_search_reader** out, char* error,
                          size_t error_size) {
  *out = nullptr;
  return Guard(error, error_size, [&] {
    Xapian::Database db(dir);
    SlotBounds bounds = ReadSlotBounds(db);
    *out = new lp_search_reader{
        dir,     std::move(db), std::move(bounds), HitCache(kKeptHits),
        nullptr, nullptr};
    return LP_SEARCH_OK;
  });
}

void lp_search_reader_close(lp_search_reader* r) {
  try {
    delete r;
  } catch (...) {
  }
}

int lp_search_reader_search(lp_search_reader* r,
                            const lp_search_request* request,
                            lp_search_outcome* outcome, char* error,
                            size_t error_size) {
  outcome->matches = 0;
  outcome->corrected[0] = '\0';
  try {
    const std::string language = Str(request->language);
    if (!r->parser || r->parser->language != language)
      r->parser = MakeParser(r->db, language);
    const Xapian::Stem& stem = r->parser->stem;
    Xapian::QueryParser& parser = r->parser->parser;
    // A wildcard expands to at most this many of the most frequent words:
    // "a*" in a large blog is not an OR of every word starting with a.
    parser.set_max_expansion(request->max_wildcard_terms,
                             Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    // Without spelling correction: it looks up a correction for every
    // word that is not spelling data (most words past a post's start),
    // 0.3 to 3 ms a search. Only a search that finds nothing is parsed
    // again with it, for "did you mean".
    const unsigned flags =
        Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
        Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD;
    Xapian::Query query;
    try {
      query = parser.parse_query(Str(request->query), flags);
    } catch (const Xapian::QueryParserError&) {
      // "rock AND", "NOT rock" or "(rock": a reader's words with an
      // operator that has nothing to work on. Searched without the
      // operators and brackets, then as plain words.
      try {
        query =
            parser.parse_query(WithoutOperators(Str(request->query)), flags);
      } catch (const Xapian::QueryParserError&) {
        try {
          query = parser.parse_query(Str(request->query), 0);
        } catch (const Xapian::QueryParserError& e) {
          SetError(error, error_size, e.get_msg());
          return LP_SEARCH_BAD_QUERY;
        }
      }
    }
    if (query.get_length() > request->max_terms) {
      SetError(error, error_size, "the query has too many words");
      return LP_SEARCH_BAD_QUERY;
    }
    const RankedPage page =
        Ranked(r->db, VisibleAt(r->bounds, query, request->now), *request);
    outcome->matches = page.matches;
    if (outcome->matches == 0) {
      const std::string corrected = CorrectedQuery(r, Str(request->query));
      if (corrected.size() < sizeof outcome->corrected) {
        std::memcpy(outcome->corrected, corrected.c_str(),
                    corrected.size() + 1);
      }
    }
    // The page's hits first, each asked to load: their texts lie apart in
    // memory, and were read one after another.
    std::vector<std::shared_ptr<const Hit>> hits;
    for (const Xapian::docid id : page.ids) {
      auto hit = r->hits.Find(id);
      if (hit == nullptr) {
        // The match is in this index: no check that the document exists.
        StoredHit stored =
            ReadHit(r->db.get_document(id, Xapian::DOC_ASSUME_VALID));
        hit = r->hits.Put(id, Hit{std::move(stored.slug),
                                  SnippetText(std::move(stored.text))});
      }
      hit->text.Prefetch();
      hits.push_back(std::move(hit));
    }
    const SnippetWords snippet_words(query, stem, language,
                                     r->parser->stems.get());
    for (const auto& hit : hits) {
      std::string snippet =
          MakeSnippet(hit->text, request->snippet_bytes, snippet_words);
      request->on_hit(request->context,
                      lp_str{hit->slug.data(), hit->slug.size()},
                      lp_str{snippet.data(), snippet.size()});
    }
    return LP_SEARCH_OK;
  } catch (const Xapian::Error& e) {
    SetError(error, error_size, e.get_description());
  } catch (const std::exception& e) {
    SetError(error, error_size, e.what());
  } catch (...) {
    SetError(error, error_size, "unknown error in the search module");
  }
  return LP_SEARCH_ERROR;
}

}  // extern "C"
