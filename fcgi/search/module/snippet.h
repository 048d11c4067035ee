// A search hit's snippet: the window of a post's text with the most words
// of the query, HTML-escaped, the words in <mark>.
//
// Xapian's MSet::snippet did this at ~50 us a hit (it classifies and stems
// every word of the text and weighs each window), which made snippets half
// of a search's time; a result page has ten. Here the query's words are
// gathered once per search (SnippetWords) and a word of the text is
// stemmed only when it could match a stemmed query word.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

// The words a snippet marks, from a parsed query: its plain terms
// ("replicas"), its stemmed ones ("Zreplica": a word whose stem is
// "replica"), title-field terms as the same words ("Sfoo", "ZSfoo"), and
// the patterns of its wildcards ("prefetch*"). Filter terms (tag:, author:)
// are not words of the text.
class SnippetWords {
 public:
  SnippetWords(const Xapian::Query& query, const Xapian::Stem& stem);

  bool empty() const {
    return words_.empty() && stems_.empty() && prefixes_.empty();
  }
  // Whether a word starting with this byte (lower case; ASCII) may be one
  // of them. A word starting with another byte is not copied or stemmed.
  bool MayStartWith(unsigned char lower_first) const {
    return first_byte_[lower_first];
  }
  // Whether a word of the text, already lower-cased, is one of them.
  bool Matches(const std::string& lower_word) const;

 private:
  void AddTerm(const std::string& term);
  void Gather(const Xapian::Query& query);

  Xapian::Stem stem_;
  std::vector<std::string> words_, stems_, prefixes_;
  // First bytes of stems_: only a word starting with one of them (or with
  // a non-ASCII letter, which a stemmer may fold: German "ü" -> "u") is
  // stemmed.
  bool stem_first_byte_[256] = {};
  bool first_byte_[256] = {};  // of all words, stems and prefixes
};

// The snippet of text: about `bytes` long, cut between words, "…" where
// text goes on; its start (nothing marked) if no word matches.
std::string MakeSnippet(std::string_view text, size_t bytes,
                        const SnippetWords& words);

// The start of text, up to about bytes, cut between words.
size_t WordCut(std::string_view text, size_t bytes);
