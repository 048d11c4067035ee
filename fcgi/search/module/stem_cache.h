// A stemmer that remembers what it stemmed, for the index writer.
//
// Xapian's TermGenerator stems every word of every post it indexes (with
// STEM_SOME, every word that starts with a letter), and the stemmer has
// no memory: "the" is stemmed again each time. A blog's words follow
// Zipf's law, so a small map word -> stem answers most of them. The stem
// is the one the wrapped Xapian::Stem returns (the map only remembers its
// answers), so the terms are exactly TermGenerator's own and the reader's
// QueryParser, which stems with the plain stemmer, matches them
// (tests/search_terms_check.cc compares whole documents).
//
// Not thread-safe (neither is Xapian::Stem's reference count): one per
// thread that indexes.
#pragma once

#include <xapian.h>

#include <string>
#include <unordered_map>

class CachingStem : public Xapian::StemImplementation {
 public:
  // Holds at most max_words words; when full it starts again (cheaper
  // than keeping counts, and the common words come back at once).
  CachingStem(Xapian::Stem stem, size_t max_words)
      : stem_(std::move(stem)), max_words_(max_words) {}

  std::string operator()(const std::string& word) override {
    auto it = stems_.find(word);
    if (it != stems_.end()) return it->second;
    std::string stemmed = stem_(word);
    if (stems_.size() >= max_words_) stems_.clear();
    stems_.emplace(word, stemmed);
    return stemmed;
  }

  std::string get_description() const override {
    return "CachingStem(" + stem_.get_description() + ")";
  }

 private:
  Xapian::Stem stem_;
  const size_t max_words_;
  std::unordered_map<std::string, std::string> stems_;
};

// stem with a cache of max_words, or stem itself when it does not stem
// (TermGenerator adds no stemmed terms then, and must still see that).
inline Xapian::Stem WithStemCache(const Xapian::Stem& stem, size_t max_words) {
  if (stem.is_none()) return stem;
  return Xapian::Stem(new CachingStem(stem, max_words));
}
