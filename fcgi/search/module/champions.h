// Champion lists: for each word in many posts, the posts that a search for
// that word alone shows first, ranked at import and kept in the index's
// metadata.
//
// With BM25 without length normalisation (rank_weight.h), a one-word
// search ranks its posts by how often they have the word, the earlier
// post first among equals. Xapian's matcher has no bound that lets it
// stop early (its bound on a word's count is the index's largest), so it
// weighed every post with the word: 5,700 for a common word of a
// 10,000-post blog, four fifths of what such a search cost. A list of the
// first kChampionPosts in that order answers the first pages of such a
// search in one metadata read, with the same posts in the same order
// (champions_test checks it against Xapian's ranking) and the exact count
// (the word's post count).
//
// A list is written for each word in more than kChampionMinPosts posts,
// and taken out when the word falls below, by the import that changes its
// posts (UpdateChampions); a fresh index gets all its words' at once. The
// lists hold document ids: the index is compacted without renumbering.
#pragma once

#include <xapian.h>

#include <string>
#include <unordered_set>
#include <vector>

constexpr Xapian::doccount kChampionMinPosts = 200;
constexpr size_t kChampionPosts = 100;  // ten pages of ten

// Whether a term is a word a search may look for alone: unprefixed, or
// stemmed ("Z" and a word), not a title field, tag, author or id term.
bool MayHaveChampions(const std::string& term);

// Writes, rewrites or takes out the list of each of `terms` from db's
// postings as they are now (its uncommitted changes included).
void UpdateChampions(Xapian::WritableDatabase& db,
                     const std::unordered_set<std::string>& terms);

// The same for every term of db (a fresh index).
void UpdateAllChampions(Xapian::WritableDatabase& db);

// The posts ranked offset to offset + limit - 1 by a search for term
// alone, from its list: false when it has none, or when the list is too
// short for that page (the search then ranks them itself).
bool ChampionPage(const Xapian::Database& db, const std::string& term,
                  size_t offset, size_t limit, std::vector<Xapian::docid>* out);
