// RankWeight: the search's ranking, BM25 without document-length
// normalisation (b = 0; k1 and k3 as Xapian's default), with ties between
// equal weights settled before Xapian's matcher has to.
//
// Without a document's length, a word's weight depends only on how often
// the post has it, so most matches of a rare word weigh exactly the same.
// Xapian's matcher (1.4) turns a match away cheaply only when it weighs
// less than the tenth best so far; an equal one goes through its heap of
// candidates (copied items and indirect comparisons) and loses there to
// the earlier document id. That heap work was most of matching: a word in
// 239 posts took 410k instructions, as much as 2,000 postings of a common
// word.
//
// Xapian reads each term's matches in ascending document id order and
// asks this weight once per match, so each match's weight here is less
// than the previous one's by a tiny step. Among matches of equal BM25
// weight, the earlier document weighs more: the order Xapian's tie rule
// gives them anyway, so the ranking is the same (rank_weight_test checks
// it against plain BM25Weight). The steps add up to at most ~1e-6, far
// below any gap between two different weights (a wdf of 1 against 2 is
// a fifth of a term's weight).
#pragma once

#include <xapian.h>

#include <array>
#include <string>

class RankWeight : public Xapian::BM25Weight {
 public:
  RankWeight() : Xapian::BM25Weight(1.2, 0, 1, 0, 0.5) { table_.fill(-1); }

  double get_sumpart(Xapian::termcount wdf, Xapian::termcount doclen,
                     Xapian::termcount unique_terms) const override {
    stepped_ += kStep;
    return BM25Of(wdf, doclen, unique_terms) - stepped_;
  }

  std::string name() const override { return "levelpress::RankWeight"; }

 private:
  // One per term of a search (Xapian clones it): a fresh count and table.
  RankWeight* clone() const override { return new RankWeight(); }

  // BM25's weight of a match, computed once per wdf: with b = 0 it does
  // not depend on the document's length, and most matches have a small
  // wdf. Xapian asks once per match; its own division was a fifth of
  // matching a common word.
  double BM25Of(Xapian::termcount wdf, Xapian::termcount doclen,
                Xapian::termcount unique_terms) const {
    if (wdf >= table_.size())
      return Xapian::BM25Weight::get_sumpart(wdf, doclen, unique_terms);
    double& w = table_[wdf];
    if (w < 0) w = Xapian::BM25Weight::get_sumpart(wdf, doclen, unique_terms);
    return w;
  }

  static constexpr double kStep = 1e-12;
  // kStep times the matches asked so far (a sum: a 64-bit count turned
  // into a double took more instructions than the rest).
  mutable double stepped_ = 0;
  mutable std::array<double, 32> table_;  // -1: not computed yet
};
