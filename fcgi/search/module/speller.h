// Speller: "did you mean" for a word the index does not have, from the
// index's spelling data (the words of the titles and the posts' starts).
//
// Xapian's Database::get_spelling_suggestion merges the compressed word
// lists of every trigram of the word: 0.3 to 1.8 ms a word on 60,000
// words, most of a search that finds nothing. Here the words are read once
// per index into memory (~35 bytes a word, shared by the readers of one
// index) and a suggestion is a scan of the words of a near length: a
// 64-bit set of each word's letters rules out nearly all of them in a few
// instructions (a popcount), and the edit distance is computed for the
// rest; words one edit away are looked for first, with the tightest
// filter, and words two edits away only when there is none. The same
// answer as Xapian's: the word at the least edit distance (insertions,
// deletions, substitutions and transpositions of neighbours; at most 2),
// of those the most frequent, of those the first in byte order.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

class Speller {
 public:
  // The speller of the index in dir, read from db on first use and shared
  // with every other reader of dir while one holds it.
  static std::shared_ptr<const Speller> For(const std::string& dir,
                                            const Xapian::Database& db);
  explicit Speller(const Xapian::Database& db);

  // The suggestion for a lower-case word, "" when no word is near enough.
  std::string Suggest(std::string_view word) const;

 private:
  struct Word {
    uint32_t offset;  // into chars_
    uint32_t freq;
    uint16_t bytes;
    uint16_t letters;  // code points
  };
  std::string chars_;
  std::vector<Word> words_;  // by number of letters, then in byte order
  // Each word's LetterSet, apart: the scan reads these and little else.
  std::vector<uint64_t> sets_;
  std::vector<size_t> first_of_length_;  // words_ index, per letters + 1
};
