// RankWeight (fcgi/search/module/rank_weight.h) ranks exactly as Xapian's
// BM25Weight(1.2, 0, 1, 0, 0.5) with Xapian's own tie rule (the earlier
// document first): the same documents in the same order, on every page,
// for words, phrases, wildcards, AND, OR and NOT, over a generated index
// full of ties (most words occur once or twice in a post).
#define BOOST_TEST_MODULE rank_weight
#define BOOST_TEST_DYN_LINK
#include "../fcgi/search/module/rank_weight.h"

#include <xapian.h>

#include <boost/test/unit_test.hpp>
#include <random>
#include <string>
#include <vector>

namespace {

// 3,000 posts of 20-200 words from 400, by Zipf's law (rank r is drawn in
// proportion to 1/r): a few words are in most posts, most in a few.
Xapian::WritableDatabase GeneratedIndex(std::vector<std::string>* words) {
  for (int i = 0; i < 400; ++i) words->push_back("w" + std::to_string(i));
  std::vector<double> zipf;
  for (int i = 1; i <= 400; ++i) zipf.push_back(1.0 / i);
  std::discrete_distribution<int> pick(zipf.begin(), zipf.end());
  std::mt19937 rng(11);
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::TermGenerator indexer;
  for (int post = 0; post < 3000; ++post) {
    std::string text;
    const int n = 20 + static_cast<int>(rng() % 181);
    for (int i = 0; i < n; ++i) text += (*words)[pick(rng)] + " ";
    Xapian::Document doc;
    indexer.set_document(doc);
    indexer.index_text(text);
    db.add_document(doc);
  }
  return db;
}

std::vector<Xapian::docid> Ranked(const Xapian::Database& db,
                                  const Xapian::Query& query,
                                  const Xapian::Weight& weight,
                                  Xapian::doccount first) {
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(weight);
  enquire.set_query(query);
  const Xapian::MSet mset = enquire.get_mset(first, 10, 100);
  return std::vector<Xapian::docid>(mset.begin(), mset.end());
}

}  // namespace

BOOST_AUTO_TEST_CASE(ranks_as_bm25_without_length_normalisation) {
  std::vector<std::string> words;
  const Xapian::WritableDatabase db = GeneratedIndex(&words);
  Xapian::QueryParser parser;
  parser.set_database(db);
  const unsigned flags =
      Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD;
  std::mt19937 rng(5);
  auto word = [&] { return words[rng() % words.size()]; };
  auto common = [&] { return words[rng() % 8]; };
  std::vector<std::string> queries = {"w1*", "w2*", "w3*"};
  for (int i = 0; i < 60; ++i) {
    queries.push_back(word());
    queries.push_back(common());
    queries.push_back(word() + " " + common());
    queries.push_back(word() + " OR " + word());
    queries.push_back(common() + " NOT " + common());
    queries.push_back("\"" + common() + " " + common() + "\"");
  }
  const Xapian::BM25Weight bm25(1.2, 0, 1, 0, 0.5);
  size_t ties = 0;
  for (const std::string& text : queries) {
    const Xapian::Query query = parser.parse_query(text, flags);
    for (Xapian::doccount first : {0u, 10u, 40u}) {
      const auto expected = Ranked(db, query, bm25, first);
      BOOST_TEST_CONTEXT(text << " from " << first) {
        BOOST_CHECK(Ranked(db, query, RankWeight(), first) == expected);
      }
      // The case that matters: equal weights on the page.
      Xapian::Enquire enquire(db);
      enquire.set_weighting_scheme(bm25);
      enquire.set_query(query);
      const Xapian::MSet mset = enquire.get_mset(first, 10);
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        auto next = it;
        if (++next != mset.end() && next.get_weight() == it.get_weight())
          ++ties;
      }
    }
  }
  BOOST_TEST_MESSAGE(ties << " ties between neighbours on the pages");
  BOOST_CHECK_GT(ties, 500u);
}
