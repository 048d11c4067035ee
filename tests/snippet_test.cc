// Snippets of search hits (fcgi/search/module/snippet.cc), on their own:
// which words of a post's text are marked for a parsed query, in the
// stemmers' languages. search_test checks them through result pages.
#define BOOST_TEST_MODULE snippet
#define BOOST_TEST_DYN_LINK
#include "../fcgi/search/module/snippet.h"

#include <xapian.h>

#include <boost/test/unit_test.hpp>
#include <string>

namespace {

// The snippet of text for query, parsed as the search module parses it
// (words stemmed "some": a plain word finds its stem's other forms).
std::string Snippet(const std::string& language, const std::string& query,
                    const std::string& text) {
  Xapian::Stem stem(language);
  Xapian::QueryParser parser;
  parser.set_stemmer(stem);
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  const SnippetWords words(parser.parse_query(query), stem, language);
  return MakeSnippet(text, 240, words);
}

bool Marks(const std::string& snippet, const std::string& word) {
  return snippet.find("<mark>" + word + "</mark>") != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_CASE(english_marks_every_form_and_nothing_else) {
  const std::string s =
      Snippet("english", "skies running",
              "The sky ran on. Running under skies, she runs; ruined "
              "runners and the skiers ran. Skies!");
  BOOST_CHECK(Marks(s, "sky"));
  BOOST_CHECK(Marks(s, "skies"));
  BOOST_CHECK(Marks(s, "Skies"));
  BOOST_CHECK(Marks(s, "Running"));
  BOOST_CHECK(Marks(s, "runs"));
  for (const char* other : {"ran", "ruined", "runners", "skiers", "The"})
    BOOST_CHECK_MESSAGE(!Marks(s, other), other << " in " << s);
}

// (A capitalised query word is not stemmed: "Türen" finds only itself.)
BOOST_AUTO_TEST_CASE(german_folds_umlauts_in_both_directions) {
  const std::string s = Snippet("german", "türen", "Die Tür und die Turen.");
  BOOST_CHECK(Marks(s, "Tür"));
  BOOST_CHECK(Marks(s, "Turen"));
  BOOST_CHECK(!Marks(s, "Die"));
}

// Stemmers that take off a word's start: Indonesian "dibaca" (is read) is
// "baca" (read). A first-letter test would never stem "dibaca".
BOOST_AUTO_TEST_CASE(stemmers_that_change_a_words_start_still_mark_it) {
  const std::string s =
      Snippet("indonesian", "membaca", "Buku itu dibaca oleh kami.");
  BOOST_CHECK_MESSAGE(Marks(s, "dibaca"), s);
  BOOST_CHECK(!Marks(s, "Buku"));
  BOOST_CHECK(Marks(Snippet("irish", "bean", "Tá an bhean anseo."), "bhean"));
}

BOOST_AUTO_TEST_CASE(escaping_keeps_marks_and_turns_breaks_into_spaces) {
  const std::string s =
      Snippet("english", "pool", "a <b>\"pool\"</b> & more\nlines\there");
  BOOST_CHECK_EQUAL(s,
                    "a &lt;b&gt;&quot;<mark>pool</mark>&quot;&lt;/b&gt; &amp; "
                    "more lines here");
}
