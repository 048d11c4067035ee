#include "snippet.h"

#include <algorithm>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace {

// Which ASCII bytes are word characters, by table: the scan below looks at
// every byte of ten hits' texts in each search.
struct AsciiWordBytes {
  bool is[256] = {};
  constexpr AsciiWordBytes() {
    for (int c = 'a'; c <= 'z'; ++c) is[c] = is[c - 32] = true;
    for (int c = '0'; c <= '9'; ++c) is[c] = true;
    is[static_cast<unsigned char>('_')] = true;
  }
};
constexpr AsciiWordBytes kAsciiWordBytes;

bool IsAsciiWordByte(unsigned char c) { return kAsciiWordBytes.is[c]; }

// One word of the text, [begin, end) in bytes.
struct Word {
  size_t begin, end;
};

// A word of the text that the query has: which of SnippetWords' it is.
struct Match : Word {
  int key;
};

// Calls f(word) for each word of text (SnippetText's words).
template <typename F>
void SplitWords(std::string_view text, F f) {
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80 && !IsAsciiWordByte(c)) {
      ++i;
      continue;
    }
    const size_t begin = i;
    while (i < text.size()) {
      const unsigned char b = static_cast<unsigned char>(text[i]);
      if (b < 0x80) {
        if (!IsAsciiWordByte(b)) break;
        ++i;
        continue;
      }
      Xapian::Utf8Iterator it(text.data() + i, text.size() - i);
      if (!Xapian::Unicode::is_wordchar(*it)) {
        if (i == begin) {  // not a word: step over the whole character
          ++it;
          i = static_cast<size_t>(it.raw() - text.data());
        }
        break;
      }
      ++it;
      i = static_cast<size_t>(it.raw() - text.data());
    }
    if (i > begin) f(Word{begin, i});
  }
}

unsigned char LowerAscii(unsigned char c) {
  return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

// The query's word that `w` is (SnippetWords::MatchOf), or -1; `lower`
// holds it lower-cased.
int MatchOfWord(std::string_view text, Word w, const SnippetWords& words,
                std::string* lower) {
  lower->clear();
  for (size_t i = w.begin; i < w.end;) {
    const unsigned char b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      *lower += static_cast<char>(LowerAscii(b));
      ++i;
      continue;
    }
    Xapian::Utf8Iterator it(text.data() + i, w.end - i);
    Xapian::Unicode::append_utf8(*lower, Xapian::Unicode::tolower(*it));
    ++it;
    i = static_cast<size_t>(it.raw() - text.data());
  }
  return words.MatchOf(*lower);
}

// How many distinct words of the query the matches in a window hold.
class KeysInWindow {
 public:
  explicit KeysInWindow(int keys) : in_(keys, 0) {}
  void Add(const Match& m) {
    if (in_[m.key]++ == 0) ++distinct_;
  }
  void Remove(const Match& m) {
    if (--in_[m.key] == 0) --distinct_;
  }
  int distinct() const { return distinct_; }

 private:
  std::vector<int> in_;
  int distinct_ = 0;
};

// The words of text that the query has, in order. Only the words whose
// first two letters may start one of the query's are looked at (most are
// not, and those letters lie together in memory).
std::vector<Match> MatchesOf(const SnippetText& text,
                             const SnippetWords& words) {
  std::vector<Match> matches;
  if (words.empty()) return matches;
  std::string lower;
  const std::string_view first_two = text.first_two();
  for (size_t i = 0; i < text.word_count(); ++i) {
    if (!words.MayStartWith(static_cast<unsigned char>(first_two[2 * i]),
                            static_cast<unsigned char>(first_two[2 * i + 1])))
      continue;
    const SnippetText::Word bounds = text.word(i);
    const Word w{bounds.begin, bounds.end};
    const int key = MatchOfWord(text.text(), w, words, &lower);
    if (key >= 0) matches.push_back(Match{w, key});
  }
  return matches;
}

// Which bytes AppendEscaped replaces.
struct EscapedBytes {
  bool is[256] = {};
  constexpr EscapedBytes() {
    for (unsigned char c : {'&', '<', '>', '"', '\n', '\t', '\r'}) is[c] = true;
  }
};
constexpr EscapedBytes kEscapedBytes;

// How many bytes from `from` on need no escape (are not in
// kEscapedBytes): up to the first that does, or to the end. Sixteen bytes
// at a time where SSE2 is (every x86-64): looking at each byte was a
// quarter of making a snippet.
size_t PlainRun(std::string_view text, size_t from) {
  size_t i = from;
  while (i < text.size()) {
#ifdef __SSE2__
    if (i + 16 <= text.size()) {
      const __m128i b =
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
      // Bytes that may need an escape: the four, and every byte below ' '
      // as a signed byte: '\n', '\t', '\r', other control bytes and those
      // of UTF-8 sequences (>= 0x80), which the table then tells apart.
      const __m128i may = _mm_or_si128(
          _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('&')),
                       _mm_cmpeq_epi8(b, _mm_set1_epi8('<'))),
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('>')),
                                    _mm_cmpeq_epi8(b, _mm_set1_epi8('"'))),
                       _mm_cmplt_epi8(b, _mm_set1_epi8(' '))));
      const int mask = _mm_movemask_epi8(may);
      if (mask == 0) {
        i += 16;
        continue;
      }
      i += static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    }
#endif
    if (kEscapedBytes.is[static_cast<unsigned char>(text[i])]) break;
    ++i;
  }
  return i - from;
}

// text, HTML-escaped, with line breaks and tabs as spaces; runs of other
// bytes are appended whole.
void AppendEscaped(std::string* out, std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const size_t run = PlainRun(text, i);
    out->append(text.data() + i, run);
    i += run;
    if (i == text.size()) break;
    switch (text[i]) {
      case '&':
        *out += "&amp;";
        break;
      case '<':
        *out += "&lt;";
        break;
      case '>':
        *out += "&gt;";
        break;
      case '"':
        *out += "&quot;";
        break;
      default:
        *out += ' ';
    }
    ++i;
  }
}

// Stemmers that change a word's start (Xapian 1.4's names and codes).
bool ChangesWordStart(const std::string& language) {
  for (const char* name :
       {"id", "indonesian", "ga", "irish", "ar", "arabic", "kraaij_pohlmann"}) {
    if (language == name) return true;
  }
  return false;
}

// The first match of the window of `bytes` that holds the most distinct
// words of the query, then the most matches (the earliest of equals).
size_t BestWindow(const std::vector<Match>& matches, size_t bytes, int keys) {
  KeysInWindow window(keys);
  size_t best = 0, best_count = 0;
  int best_distinct = 0;
  for (size_t first = 0, last = 0; first < matches.size(); ++first) {
    if (last <= first) last = first;  // a word longer than the window
    while (last < matches.size() &&
           matches[last].end <= matches[first].begin + bytes) {
      window.Add(matches[last++]);
    }
    const size_t count = last - first;
    if (window.distinct() > best_distinct ||
        (window.distinct() == best_distinct && count > best_count)) {
      best = first;
      best_distinct = window.distinct();
      best_count = count;
    }
    if (count > 0) window.Remove(matches[first]);
  }
  return best;
}

// Where a window whose first match starts at `first` begins: at the text's
// start if that match is near it, else at the first word within a few
// words' distance before the match.
size_t WindowStart(std::string_view text, size_t first, size_t bytes) {
  if (first <= bytes / 4) return 0;
  const size_t space = text.find_first_of(" \t\n", first - bytes / 6);
  if (space == std::string_view::npos || space >= first) return first;
  return space + 1;
}

}  // namespace

SnippetText::SnippetText(std::string text) {
  // A snippet shows a post's start: its first KB since index format 2.
  if (text.size() > 0xffff) text.resize(WordCut(text, 0xffff));
  std::string first_two, bounds;
  SplitWords(text, [&](auto w) {
    const Word word{static_cast<uint16_t>(w.begin),
                    static_cast<uint16_t>(w.end)};
    bounds.append(reinterpret_cast<const char*>(&word), sizeof word);
    first_two += static_cast<char>(
        LowerAscii(static_cast<unsigned char>(text[w.begin])));
    first_two += w.end - w.begin < 2
                     ? '\0'
                     : static_cast<char>(LowerAscii(
                           static_cast<unsigned char>(text[w.begin + 1])));
  });
  words_ = bounds.size() / sizeof(Word);
  data_.reserve(first_two.size() + bounds.size() + text.size());
  data_.append(first_two).append(bounds).append(text);
}

size_t WordCut(std::string_view text, size_t bytes) {
  if (text.size() <= bytes) return text.size();
  size_t cut = bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;
  size_t space = text.find_last_of(" \t\n", cut);
  if (space != std::string_view::npos && space > bytes / 2) cut = space;
  return cut;
}

const std::string& StemMemo::Of(const std::string& word) {
  if (auto known = stems_.find(word); known != stems_.end())
    return known->second;
  if (stems_.size() >= kMaxWords) stems_.clear();
  return stems_.emplace(word, stem_(word)).first->second;
}

SnippetWords::SnippetWords(const Xapian::Query& query, const Xapian::Stem& stem,
                           const std::string& language, StemMemo* memo)
    : stem_(stem), memo_(memo), keeps_word_start_(!ChangesWordStart(language)) {
  Gather(query);
  for (auto* list : {&words_, &stems_, &prefixes_}) {  // distinct: count()
    std::sort(list->begin(), list->end());
    list->erase(std::unique(list->begin(), list->end()), list->end());
  }
  for (const auto& s : stems_) {
    const unsigned char a = static_cast<unsigned char>(s[0]);
    stem_first_byte_[a] = true;
    if (s.size() < 2) {
      keeps_word_start_ = false;  // rare: no pair to look at
    } else if (a < 0x80 && static_cast<unsigned char>(s[1]) < 0x80) {
      stem_first_two_[a * 128 + static_cast<unsigned char>(s[1])] = true;
    }
  }
  for (const auto* list : {&words_, &stems_, &prefixes_}) {
    for (const auto& w : *list) {
      const unsigned char a = static_cast<unsigned char>(w[0]);
      first_byte_[a] = true;
      if (a >= 0x80) continue;
      if (w.size() < 2 || static_cast<unsigned char>(w[1]) >= 0x80) {
        any_second_[a] = true;
      } else {
        first_two_[a * 128 + static_cast<unsigned char>(w[1])] = true;
      }
    }
  }
  if (!keeps_word_start_ && !stems_.empty()) {
    std::fill(std::begin(first_byte_), std::end(first_byte_), true);
    std::fill(std::begin(any_second_), std::end(any_second_), true);
  }
}

// Whether a word may have one of stems_ as its stem (false: surely not).
bool SnippetWords::MayStem(const std::string& w) const {
  if (!keeps_word_start_) return true;
  const unsigned char a = static_cast<unsigned char>(w[0]);
  if (a >= 0x80) return true;  // a letter a stemmer may fold
  if (!stem_first_byte_[a]) return false;
  if (w.size() < 2) return true;
  const unsigned char b = static_cast<unsigned char>(w[1]);
  // A stemmer folds letters to ASCII ("ü" -> "u"), never the other way:
  // a word with an ASCII second letter has a stem with it.
  return b >= 0x80 || stem_first_two_[a * 128 + b];
}

void SnippetWords::AddTerm(const std::string& term) {
  if (term.empty()) return;
  bool stemmed = false;
  size_t i = 0;
  if (term[0] == 'Z') {
    stemmed = true;
    ++i;
  }
  if (i < term.size() && term[i] == 'S') ++i;  // the title field
  // Any other capital starts a filter term (K tag, A author, Q slug).
  if (i < term.size() && term[i] >= 'A' && term[i] <= 'Z') return;
  if (i == term.size()) return;
  (stemmed ? stems_ : words_).push_back(term.substr(i));
}

// Walks the query: its terms, and the pattern of each wildcard, which only
// its description names ("WILDCARD SYNONYM prefetch").
void SnippetWords::Gather(const Xapian::Query& query) {
  if (query.get_type() == Xapian::Query::OP_WILDCARD) {
    const std::string d = query.get_description();
    const size_t space = d.find_last_of(' ');
    if (space != std::string::npos && d.size() > space + 2) {
      std::string pattern = d.substr(space + 1, d.size() - space - 2);  // ")"
      if (!pattern.empty() && !(pattern[0] >= 'A' && pattern[0] <= 'Z'))
        prefixes_.push_back(std::move(pattern));
    }
    return;
  }
  if (query.get_type() == Xapian::Query::LEAF_TERM) {
    for (auto t = query.get_terms_begin(); t != query.get_terms_end(); ++t)
      AddTerm(*t);
    return;
  }
  for (size_t i = 0; i < query.get_num_subqueries(); ++i)
    Gather(query.get_subquery(i));
}

int SnippetWords::MatchOf(const std::string& w) const {
  int key = 0;
  for (const auto& word : words_) {
    if (word == w) return key;
    ++key;
  }
  for (const auto& prefix : prefixes_) {
    if (w.compare(0, prefix.size(), prefix) == 0) return key;
    ++key;
  }
  if (stems_.empty() || !MayStem(w)) return -1;
  if (auto known = stemmed_.find(w); known != stemmed_.end())
    return known->second;
  std::string own;
  const std::string& stemmed =
      memo_ != nullptr ? memo_->Of(w) : (own = stem_(w));
  const auto it = std::find(stems_.begin(), stems_.end(), stemmed);
  const int match =
      it == stems_.end() ? -1 : key + static_cast<int>(it - stems_.begin());
  stemmed_.emplace(w, match);
  return match;
}

std::string MakeSnippet(const SnippetText& snippet_text, size_t bytes,
                        const SnippetWords& words) {
  const std::string_view text = snippet_text.text();
  const std::vector<Match> matches = MatchesOf(snippet_text, words);
  size_t start = 0, end;
  if (matches.empty()) {
    end = WordCut(text, bytes);
  } else {
    const size_t first = BestWindow(matches, bytes, words.count());
    start = WindowStart(text, matches[first].begin, bytes);
    end = start + WordCut(text.substr(start), bytes);
    end = std::max(end, matches[first].end);
  }
  std::string out;
  out.reserve(end - start + 64);  // escapes and marks are few
  if (start > 0) out += "\u2026";
  size_t at = start;
  for (const Match& m : matches) {
    if (m.begin < start || m.end > end) continue;
    AppendEscaped(&out, text.substr(at, m.begin - at));
    out += "<mark>";
    AppendEscaped(&out, text.substr(m.begin, m.end - m.begin));
    out += "</mark>";
    at = m.end;
  }
  AppendEscaped(&out, text.substr(at, end - at));
  if (end < text.size()) out += "\u2026";
  return out;
}
