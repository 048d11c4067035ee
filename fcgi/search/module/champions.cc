#include "champions.h"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace {

// The metadata key of a term's list.
std::string ChampionKey(const std::string& term) { return "champions:" + term; }

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

// The list of one term: its first kChampionPosts posts by count of the
// word (wdf), then document id, as 4-byte little-endian ids; "" (no list)
// for a term in too few posts.
std::string ListOf(const Xapian::Database& db, const std::string& term) {
  const Xapian::doccount count = db.get_termfreq(term);
  if (count <= kChampionMinPosts) return "";
  std::vector<std::pair<Xapian::termcount, Xapian::docid>> posts;
  posts.reserve(count);
  for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p)
    posts.emplace_back(p.get_wdf(), *p);
  const size_t n = std::min(kChampionPosts, posts.size());
  std::partial_sort(posts.begin(), posts.begin() + n, posts.end(),
                    [](const auto& a, const auto& b) {
                      return a.first != b.first ? a.first > b.first
                                                : a.second < b.second;
                    });
  std::string list;
  list.reserve(4 * n);
  for (size_t i = 0; i < n; ++i) {
    const uint32_t id = posts[i].second;
    for (int shift = 0; shift < 32; shift += 8)
      list.push_back(static_cast<char>((id >> shift) & 0xff));
  }
  return list;
}

void Update(Xapian::WritableDatabase& db, const std::string& term) {
  const std::string list = ListOf(db, term);
  const std::string key = ChampionKey(term);
  if (!list.empty() || !db.get_metadata(key).empty())
    db.set_metadata(key, list);  // "" takes it out
}

}  // namespace

bool MayHaveChampions(const std::string& term) {
  if (term.empty()) return false;
  if (term[0] == 'Z') return term.size() > 1 && !IsUpper(term[1]);
  return !IsUpper(term[0]);
}

void UpdateChampions(Xapian::WritableDatabase& db,
                     const std::unordered_set<std::string>& terms) {
  for (const std::string& term : terms) {
    if (MayHaveChampions(term)) Update(db, term);
  }
}

void UpdateAllChampions(Xapian::WritableDatabase& db) {
  std::vector<std::string> common;
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
    // db's count, not the iterator's: Xapian's in-memory backend (the
    // tests') leaves removed posts in the iterator's.
    if (MayHaveChampions(*t) && db.get_termfreq(*t) > kChampionMinPosts)
      common.push_back(*t);
  }
  for (const std::string& term : common) Update(db, term);
}

bool ChampionPage(const Xapian::Database& db, const std::string& term,
                  size_t offset, size_t limit,
                  std::vector<Xapian::docid>* out) {
  if (!MayHaveChampions(term)) return false;
  const std::string list = db.get_metadata(ChampionKey(term));
  const size_t count = list.size() / 4;
  if (count == 0 || offset + limit > count) return false;
  out->clear();
  for (size_t i = offset; i < offset + limit; ++i) {
    uint32_t id = 0;
    for (int b = 3; b >= 0; --b)
      id = (id << 8) | static_cast<unsigned char>(list[4 * i + b]);
    out->push_back(id);
  }
  return true;
}
