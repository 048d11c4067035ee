#include "speller.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <mutex>

namespace {

constexpr unsigned kMaxEdits = 2;   // as Xapian's default
constexpr size_t kMaxLetters = 64;  // longer words are not corrected

// The code points of UTF-8 text.
std::vector<unsigned> CodePoints(std::string_view text) {
  std::vector<unsigned> out;
  for (Xapian::Utf8Iterator it(text.data(), text.size());
       it != Xapian::Utf8Iterator(); ++it)
    out.push_back(*it);
  return out;
}

// The code points of a word of at most kMaxLetters, into letters; how many.
size_t Letters(std::string_view word, unsigned* letters) {
  size_t n = 0;
  if (word.size() <= kMaxLetters &&
      std::all_of(word.begin(), word.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x80;
      })) {
    for (char c : word) letters[n++] = static_cast<unsigned char>(c);
    return n;
  }
  for (Xapian::Utf8Iterator c(word.data(), word.size());
       c != Xapian::Utf8Iterator() && n < kMaxLetters; ++c)
    letters[n++] = *c;
  return n;
}

// Which letters a word has, and which it has twice or more, as bits: a-z
// one bit each (and one each for "twice"), other characters share the
// rest. An edit changes at most two bits (a substitution takes one letter
// out and puts one in; a transposition none), so two words whose sets
// differ in more than 2 * edits bits are further apart than that.
uint64_t LetterSet(const std::vector<unsigned>& word) {
  uint64_t once = 0, twice = 0;
  for (unsigned c : word) {
    const uint64_t bit = c >= 'a' && c <= 'z' ? uint64_t{1} << (c - 'a')
                                              : uint64_t{1} << (26 + c % 6);
    twice |= once & bit;
    once |= bit;
  }
  return once | twice << 32;
}

// The first of sets[i, end) that differs from `set` in at most max_bits
// bits, or end. Compiled twice: with the popcnt instruction for the CPUs
// that have it (all x86-64 ones since 2008) and without (a libgcc call),
// chosen when the module is loaded: the binary assumes no popcnt.
#if defined(__x86_64__) && !defined(__clang__)
__attribute__((target_clones("popcnt", "default")))
#endif
size_t
NextNear(const uint64_t* sets, size_t i, size_t end, uint64_t set,
         unsigned max_bits) {
  for (; i < end; ++i) {
    if (static_cast<unsigned>(__builtin_popcountll(sets[i] ^ set)) <= max_bits)
      return i;
  }
  return end;
}

// The edit distance of a and b (optimal string alignment: insertions,
// deletions, substitutions, transpositions of neighbours), or more than
// limit when it is (stops as soon as every way is).
unsigned EditDistance(const unsigned* a, size_t n, const unsigned* b, size_t m,
                      unsigned limit) {
  // Three rows of the table: i - 2, i - 1, i.
  unsigned rows[3][kMaxLetters + 1];
  for (size_t j = 0; j <= m; ++j) rows[0][j] = static_cast<unsigned>(j);
  for (size_t i = 1; i <= n; ++i) {
    unsigned* row = rows[i % 3];
    const unsigned* up = rows[(i - 1) % 3];
    const unsigned* up2 = rows[(i + 1) % 3];
    row[0] = static_cast<unsigned>(i);
    unsigned best = row[0];
    for (size_t j = 1; j <= m; ++j) {
      const unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
      unsigned d = std::min({up[j] + 1, row[j - 1] + 1, up[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d = std::min(d, up2[j - 2] + 1);
      row[j] = d;
      best = std::min(best, d);
    }
    if (best > limit) return limit + 1;
  }
  return rows[n % 3][m];
}

}  // namespace

Speller::Speller(const Xapian::Database& db) {
  struct Read {
    std::string word;
    size_t letters;
    uint64_t set;
    uint32_t freq;
  };
  std::vector<Read> read;
  for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
    const std::string word = *it;
    const std::vector<unsigned> cps = CodePoints(word);
    if (cps.empty() || cps.size() > kMaxLetters || word.size() > 0xffff)
      continue;
    read.push_back(Read{word, cps.size(), LetterSet(cps),
                        static_cast<uint32_t>(it.get_termfreq())});
  }
  // Stable: byte order (the spellings' order) within each length.
  std::stable_sort(read.begin(), read.end(), [](const Read& x, const Read& y) {
    return x.letters < y.letters;
  });
  first_of_length_.assign(kMaxLetters + 2, read.size());
  for (size_t i = read.size(); i-- > 0;) first_of_length_[read[i].letters] = i;
  for (size_t l = kMaxLetters; l-- > 0;)
    first_of_length_[l] =
        std::min(first_of_length_[l], first_of_length_[l + 1]);
  words_.reserve(read.size());
  sets_.reserve(read.size());
  for (const Read& r : read) {
    words_.push_back(Word{static_cast<uint32_t>(chars_.size()), r.freq,
                          static_cast<uint16_t>(r.word.size()),
                          static_cast<uint16_t>(r.letters)});
    sets_.push_back(r.set);
    chars_ += r.word;
  }
}

std::shared_ptr<const Speller> Speller::For(const std::string& dir,
                                            const Xapian::Database& db) {
  static std::mutex mu;
  static std::map<std::string, std::weak_ptr<const Speller>> shared;
  std::lock_guard<std::mutex> lock(mu);
  if (auto known = shared[dir].lock()) return known;
  auto made = std::make_shared<const Speller>(db);
  shared[dir] = made;
  // Forget indexes nobody reads any more (each import writes a new one).
  for (auto it = shared.begin(); it != shared.end();)
    it = it->second.expired() ? shared.erase(it) : std::next(it);
  return made;
}

std::string Speller::Suggest(std::string_view word) const {
  const std::vector<unsigned> target = CodePoints(word);
  if (target.size() < 2 || target.size() > kMaxLetters) return "";
  const uint64_t set = LetterSet(target);
  const Word* best = nullptr;
  auto text_of = [this](const Word& w) {
    return std::string_view(chars_.data() + w.offset, w.bytes);
  };
  // Words one edit away first (the letter-set filter lets few through),
  // and words two edits away only when there is none.
  for (unsigned limit = 1; limit <= kMaxEdits && best == nullptr; ++limit) {
    for (const int delta : {0, -1, 1, -2, 2}) {
      const long length = static_cast<long>(target.size()) + delta;
      if (static_cast<unsigned>(std::abs(delta)) > limit || length < 1 ||
          length > static_cast<long>(kMaxLetters))
        continue;
      const size_t end = first_of_length_[length + 1];
      for (size_t i = first_of_length_[length];; ++i) {
        i = NextNear(sets_.data(), i, end, set, 2 * limit);
        if (i == end) break;
        const Word& w = words_[i];
        const std::string_view text = text_of(w);
        if (text == word) continue;  // the word itself: nothing to suggest
        unsigned letters[kMaxLetters];
        const size_t n = Letters(text, letters);
        if (EditDistance(letters, n, target.data(), target.size(), limit) >
            limit)
          continue;  // (none is nearer: those were looked for before)
        if (best == nullptr || w.freq > best->freq ||
            (w.freq == best->freq && text < text_of(*best)))
          best = &w;
      }
    }
  }
  return best ? std::string(chars_.data() + best->offset, best->bytes) : "";
}
