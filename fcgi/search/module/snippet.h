// A search hit's snippet: the window of a post's text with the most of the
// query's distinct words, then the most matches, HTML-escaped, the words in
// <mark>.
//
// Xapian's MSet::snippet did this at ~50 us a hit (it classifies and stems
// every word of the text and weighs each window), which made snippets half
// of a search's time; a result page has ten. Here the query's words are
// gathered once per search (SnippetWords) and a word of the text is
// stemmed only when it could match a stemmed query word.
#pragma once

#include <xapian.h>

#include <bitset>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

// The stems of the words a reader's snippets looked at, kept across its
// searches: Xapian's stemmer took ~1,100 instructions a word, a third of
// a search's snippets, and the hits of searches share most words. One
// stemmer's; not thread-safe (a reader's, as the reader is one thread's).
class StemMemo {
 public:
  explicit StemMemo(Xapian::Stem stem) : stem_(std::move(stem)) {}
  const std::string& Of(const std::string& word);

 private:
  static constexpr size_t kMaxWords = 16384;  // then all are forgotten
  Xapian::Stem stem_;
  std::unordered_map<std::string, std::string> stems_;
};

// The words a snippet marks, from a parsed query: its plain terms
// ("replicas"), its stemmed ones ("Zreplica": a word whose stem is
// "replica"), title-field terms as the same words ("Sfoo", "ZSfoo"), and
// the patterns of its wildcards ("prefetch*"). Filter terms (tag:, author:)
// are not words of the text.
class SnippetWords {
 public:
  // `language`: the stemmer's (Xapian's name or code, as StemFor takes it).
  // `memo`, if given, stems with `stem` and outlives this.
  SnippetWords(const Xapian::Query& query, const Xapian::Stem& stem,
               const std::string& language, StemMemo* memo = nullptr);

  bool empty() const {
    return words_.empty() && stems_.empty() && prefixes_.empty();
  }
  // Whether a word starting with these two bytes (lower-cased if ASCII;
  // 0 for a word of one byte) may be one of them. Another word is not
  // looked at, copied or stemmed.
  bool MayStartWith(unsigned char first, unsigned char second) const {
    if (first >= 0x80) return true;  // a letter a stemmer may fold
    if (!first_byte_[first]) return false;
    if (any_second_[first] || second >= 0x80) return true;
    return first_two_[first * 128 + second];
  }
  // Whether a word of the text, already lower-cased, is one of them.
  // Not thread-safe (it remembers the words it stemmed): one search's.
  bool Matches(const std::string& lower_word) const {
    return MatchOf(lower_word) >= 0;
  }
  // Which of them it is (from 0, below count()), or -1.
  int MatchOf(const std::string& lower_word) const;
  // How many distinct words, stems and patterns there are.
  int count() const {
    return static_cast<int>(words_.size() + prefixes_.size() + stems_.size());
  }

 private:
  void AddTerm(const std::string& term);
  void Gather(const Xapian::Query& query);
  bool MayStem(const std::string& lower_word) const;

  Xapian::Stem stem_;
  StemMemo* memo_;
  std::vector<std::string> words_, stems_, prefixes_;
  // Most stemmers keep a word's first letters (they take off and change
  // endings; German folds "ü" to "u", which is not ASCII): then only a
  // word whose first two ASCII bytes start some stem is stemmed. Stemmers
  // that take off prefixes (Indonesian "di-", Irish mutations,
  // Kraaij-Pohlmann's Dutch "ge-", Arabic) stem every word.
  bool keeps_word_start_ = true;
  bool stem_first_byte_[256] = {};
  std::bitset<128 * 128> stem_first_two_;  // ASCII byte pairs starting stems
  bool first_byte_[256] = {};              // of all words, stems and prefixes
  // ASCII byte pairs starting them, and the first bytes that any second
  // byte may follow (a word of one letter, a non-ASCII second letter).
  std::bitset<128 * 128> first_two_;
  bool any_second_[128] = {};
  // The words of this search's snippets already stemmed, and whether they
  // matched (MatchOf): the ten hits' texts share many words.
  mutable std::unordered_map<std::string, int> stemmed_;
};

// A text split into words once, to be marked for many searches: a hit's
// text is kept by its reader (HitCache), and splitting it was most of
// marking it. Words are runs of letters, digits and '_' (Xapian's word
// characters outside ASCII), as the index splits them, closely enough for
// marking.
class SnippetText {
 public:
  struct Word {
    uint16_t begin, end;  // bytes of text(), which is cut at 64 KB
  };
  explicit SnippetText(std::string text);
  std::string_view text() const {
    return std::string_view(data_).substr(6 * words_);
  }
  size_t word_count() const { return words_; }
  Word word(size_t i) const {
    Word w;
    std::memcpy(&w, data_.data() + 2 * words_ + 4 * i, sizeof w);
    return w;
  }
  // Each word's first two bytes, lower-cased if ASCII, side by side (0
  // for a word's missing second byte): what SnippetWords::MayStartWith
  // looks at, for the few words it lets through.
  std::string_view first_two() const {
    return std::string_view(data_).substr(0, 2 * words_);
  }
  // Asks the CPU to load the start of the data a snippet reads first
  // (a page's hits are loaded together, not one after another).
  void Prefetch() const {
    for (size_t at = 0; at < data_.size() && at < 512; at += 64)
      __builtin_prefetch(data_.data() + at);
  }

 private:
  // One block, read in this order: first_two(), the words' bounds
  // (Word, 4 bytes each), text(). A kept hit's parts lie together.
  std::string data_;
  size_t words_ = 0;
};

// The snippet of text: about `bytes` long, cut between words, "…" where
// text goes on; its start (nothing marked) if no word matches. The window
// is the first that holds the most distinct words of the query, then the
// most matches: "connection pool" shows where both are, not where
// "connection" is three times.
std::string MakeSnippet(const SnippetText& text, size_t bytes,
                        const SnippetWords& words);
inline std::string MakeSnippet(std::string_view text, size_t bytes,
                               const SnippetWords& words) {
  return MakeSnippet(SnippetText(std::string(text)), bytes, words);
}

// The start of text, up to about bytes, cut between words.
size_t WordCut(std::string_view text, size_t bytes);
