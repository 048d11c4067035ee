// Champion lists (fcgi/search/module/champions.h): a search for one common
// word alone answered from the list shows the same posts in the same
// order as Xapian's BM25 ranking (b = 0, the earlier document first among
// equals), on each of the pages a list holds; lists follow posts put and
// removed; a term in few posts, or a filter's, has none.
#define BOOST_TEST_MODULE champions
#define BOOST_TEST_DYN_LINK
#include "../fcgi/search/module/champions.h"

#include <xapian.h>

#include <boost/test/unit_test.hpp>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

namespace {

// A post of generated words: 20-200 words from 400 by Zipf's law, so a
// few words are in most posts (with counts from 1 to dozens) and most in
// a few; stemmed terms too, and a tag.
Xapian::Document GeneratedPost(std::mt19937* rng) {
  static std::vector<std::string> words;
  if (words.empty()) {
    for (int i = 0; i < 400; ++i) words.push_back("w" + std::to_string(i));
  }
  std::vector<double> zipf;
  for (int i = 1; i <= 400; ++i) zipf.push_back(1.0 / i);
  std::discrete_distribution<int> pick(zipf.begin(), zipf.end());
  std::string text;
  const int n = 20 + static_cast<int>((*rng)() % 181);
  for (int i = 0; i < n; ++i) text += words[pick(*rng)] + "s ";
  Xapian::TermGenerator indexer;
  indexer.set_stemmer(Xapian::Stem("english"));
  indexer.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  Xapian::Document doc;
  indexer.set_document(doc);
  indexer.index_text(text);
  doc.add_boolean_term("Kops");
  return doc;
}

// Xapian's own page for the word.
std::vector<Xapian::docid> Matched(const Xapian::Database& db,
                                   const std::string& term, size_t offset) {
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0, 0.5));
  enquire.set_query(Xapian::Query(term));
  const Xapian::MSet mset = enquire.get_mset(offset, 10);
  return std::vector<Xapian::docid>(mset.begin(), mset.end());
}

// Checks every page of every list of db against Xapian; returns how many
// terms have a list.
int CheckAllLists(const Xapian::Database& db) {
  int lists = 0;
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
    std::vector<Xapian::docid> page;
    const bool listed = ChampionPage(db, *t, 0, 10, &page);
    // db's count: the in-memory backend's iterator counts removed posts.
    const Xapian::doccount posts = db.get_termfreq(*t);
    BOOST_CHECK_MESSAGE(
        listed == (posts > kChampionMinPosts && MayHaveChampions(*t)),
        *t << " in " << posts << " posts: " << (listed ? "a list" : "none"));
    if (!listed) continue;
    ++lists;
    for (size_t offset = 0; offset + 10 <= kChampionPosts; offset += 10) {
      BOOST_TEST_CONTEXT(*t << " from " << offset) {
        BOOST_REQUIRE(ChampionPage(db, *t, offset, 10, &page));
        BOOST_CHECK(page == Matched(db, *t, offset));
      }
    }
    // Past the list: Xapian ranks.
    BOOST_CHECK(!ChampionPage(db, *t, kChampionPosts - 5, 10, &page));
  }
  return lists;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_list_ranks_as_xapian_on_every_page) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  std::mt19937 rng(5);
  for (int post = 0; post < 2000; ++post) db.add_document(GeneratedPost(&rng));
  UpdateAllChampions(db);
  // The common words, unstemmed ("w1s") and stemmed ("Zw1"), not "Kops".
  BOOST_CHECK_GT(CheckAllLists(db), 20);
  std::vector<Xapian::docid> page;
  BOOST_CHECK(!ChampionPage(db, "Kops", 0, 10, &page));
}

BOOST_AUTO_TEST_CASE(lists_follow_posts_put_and_removed) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  std::mt19937 rng(7);
  for (int post = 0; post < 1200; ++post) db.add_document(GeneratedPost(&rng));
  UpdateAllChampions(db);
  // Half the posts go, the first ones among them; others are replaced;
  // new ones come. The terms of each are noted, as the writer does.
  std::unordered_set<std::string> changed;
  auto note = [&](const Xapian::Document& doc) {
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
      changed.insert(*t);
  };
  for (Xapian::docid id = 1; id <= 1200; id += 2) {
    note(db.get_document(id));
    db.delete_document(id);
  }
  for (Xapian::docid id = 2; id <= 400; id += 4) {
    note(db.get_document(id));
    const Xapian::Document doc = GeneratedPost(&rng);
    note(doc);
    db.replace_document(id, doc);
  }
  for (int post = 0; post < 100; ++post) {
    const Xapian::Document doc = GeneratedPost(&rng);
    note(doc);
    db.add_document(doc);
  }
  UpdateChampions(db, changed);
  // Words now in 200 posts or fewer lost their lists; the others' are
  // Xapian's ranking of the posts as they are now.
  BOOST_CHECK_GT(CheckAllLists(db), 5);
}

BOOST_AUTO_TEST_CASE(only_words_have_lists) {
  for (const char* word : {"pool", "Zpool", "42",
                           "\xc3\xbc"
                           "ber",
                           "Z\xc3\xbc"})
    BOOST_CHECK_MESSAGE(MayHaveChampions(word), word);
  for (const char* other :
       {"", "Z", "Spool", "ZSpool", "Kops", "Aanna", "Qa-post", "XYZ"})
    BOOST_CHECK_MESSAGE(!MayHaveChampions(other), other);
}
