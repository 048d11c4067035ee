// Snippets of search hits (fcgi/search/module/snippet.cc), on their own:
// which words of a post's text are marked for a parsed query, in the
// stemmers' languages. search_test checks them through result pages.
#define BOOST_TEST_MODULE snippet
#define BOOST_TEST_DYN_LINK
#include "../fcgi/search/module/snippet.h"

#include <xapian.h>

#include <boost/test/unit_test.hpp>
#include <random>
#include <string>
#include <vector>

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

namespace {

// The whole text marked, character by character: words are runs of ASCII
// letters, digits and '_' and of Xapian's word characters outside ASCII.
std::string MarkedByCharacters(const std::string& text,
                               const SnippetWords& words) {
  std::string out, word, lower;
  auto escape = [&out](const std::string& t) {
    for (char c : t) {
      switch (c) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\n':
        case '\t':
        case '\r':
          out += ' ';
          break;
        default:
          out += c;
      }
    }
  };
  auto flush = [&] {
    if (word.empty()) return;
    if (words.Matches(lower)) {
      out += "<mark>";
      escape(word);
      out += "</mark>";
    } else {
      escape(word);
    }
    word.clear();
    lower.clear();
  };
  for (Xapian::Utf8Iterator it(text); it != Xapian::Utf8Iterator(); ++it) {
    const unsigned c = *it;
    const bool in_word = c < 0x80
                             ? (std::isalnum(static_cast<int>(c)) || c == '_')
                             : Xapian::Unicode::is_wordchar(c);
    std::string bytes;
    Xapian::Unicode::append_utf8(bytes, c);
    if (in_word) {
      word += bytes;
      Xapian::Unicode::append_utf8(lower, Xapian::Unicode::tolower(c));
    } else {
      flush();
      escape(bytes);
    }
  }
  flush();
  return out;
}

}  // namespace

// The words of a text are split once (SnippetText) and only those whose
// first two bytes may start a word of the query are looked at: exactly
// the words a plain character-by-character split marks must be marked.
BOOST_AUTO_TEST_CASE(the_fast_scan_marks_what_a_character_scan_marks) {
  const std::vector<std::string> pieces = {
      "pool", "Pool", "POOLS", "pooling", "replica", "x", "_", "42", "é",
      "über", "Überprüfung", "prüfung", "\u2014", "\u201c", "\u4e2d\u6587", " ",
      " ", " ", ",", ".", "\n", "<", "&", "-", "a_b", "P00l", "p", "Pa",
      "dibaca", "po",
      // The escape scan's other bytes, and runs longer than its 16 bytes.
      ">", "\"", "\t", "\r", "\x01", "\x7f", "abcdefghijklmnopqrstuvwxyz",
      "Zürich-Oerlikon"};
  // Stems, words of a phrase, wildcards of one and more letters, a word of
  // one letter, a stemmer that takes off prefixes: each kind of word the
  // first-two-letters filter must let through.
  const std::vector<std::pair<std::string, std::string>> queries = {
      {"english", "pool replica prüfung über"},
      {"english", "\"pool replica\" x"},
      {"english", "p* re*"},
      {"english", "a_b OR 42"},
      {"german", "prüfung über pools"},
      {"indonesian", "baca pool"}};
  std::mt19937 rng(3);
  for (const auto& [language, query] : queries) {
    Xapian::Stem stem(language);
    Xapian::QueryParser parser;
    parser.set_stemmer(stem);
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    const Xapian::Query parsed =
        parser.parse_query(query, Xapian::QueryParser::FLAG_DEFAULT |
                                      Xapian::QueryParser::FLAG_WILDCARD);
    const SnippetWords words(parsed, stem, language);
    // A reader's searches stem through its memo, kept across them.
    StemMemo memo(stem);
    for (int round = 0; round < 300; ++round) {
      std::string text;
      const int n = 1 + static_cast<int>(rng() % 120);
      for (int i = 0; i < n; ++i) text += pieces[rng() % pieces.size()];
      const SnippetWords memo_words(parsed, stem, language, &memo);
      BOOST_TEST_CONTEXT(language << ": " << query << " in " << text) {
        const std::string expected = MarkedByCharacters(text, words);
        BOOST_REQUIRE_EQUAL(MakeSnippet(text, 1 << 20, words), expected);
        BOOST_REQUIRE_EQUAL(MakeSnippet(text, 1 << 20, memo_words), expected);
      }
    }
  }
}

// The window is the one that holds the most of the query's distinct
// words, then the most matches: "connection" three times early on loses
// to both words once, which loses to both words more often.
BOOST_AUTO_TEST_CASE(the_window_holds_the_most_distinct_words) {
  std::string filler;
  for (int i = 0; i < 60; ++i) filler += "lorem ipsum ";
  const std::string text = "A connection, a connection, a connection. " +
                           filler + "Each pool keeps a connection. " + filler +
                           "The end.";
  const std::string s = Snippet("english", "connection pool", text);
  BOOST_CHECK_MESSAGE(
      s.find("Each <mark>pool</mark> keeps a <mark>connection</mark>") !=
          std::string::npos,
      s);
  BOOST_CHECK_MESSAGE(s.find("a <mark>connection</mark>,") == std::string::npos,
                      s);
  const std::string more =
      Snippet("english", "connection pool",
              text + " " + filler + "pool pool connection connection pool.");
  BOOST_CHECK_MESSAGE(more.find("<mark>pool</mark> <mark>pool</mark> "
                                "<mark>connection</mark>") != std::string::npos,
                      more);
}

// A word split once (SnippetText) marks the same for different queries.
BOOST_AUTO_TEST_CASE(a_text_split_once_serves_many_queries) {
  const SnippetText text("x pool y pools z Pooled replica end");
  Xapian::Stem stem("english");
  Xapian::QueryParser parser;
  parser.set_stemmer(stem);
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  const SnippetWords pool(parser.parse_query("pool"), stem, "english");
  const SnippetWords replica(parser.parse_query("replicas"), stem, "english");
  BOOST_CHECK_EQUAL(MakeSnippet(text, 240, pool),
                    "x <mark>pool</mark> y <mark>pools</mark> z "
                    "<mark>Pooled</mark> replica end");
  BOOST_CHECK_EQUAL(MakeSnippet(text, 240, replica),
                    "x pool y pools z Pooled <mark>replica</mark> end");
}

// A text over 64 KB (an index of format 1 kept whole posts) is cut before
// it is split: its start is still marked, nothing past the cut is read.
BOOST_AUTO_TEST_CASE(a_text_over_64_kb_is_cut_first) {
  std::string text = "pool at the start. ";
  while (text.size() < 100000) text += "filler words and more ";
  text += "pool";
  const SnippetText split(text);
  BOOST_CHECK_LE(split.text().size(), 0xffffu);
  BOOST_CHECK_GT(split.text().size(), 0xff00u);
  BOOST_CHECK_EQUAL(split.word_count() * 2, split.first_two().size());
  BOOST_CHECK_LE(split.word(split.word_count() - 1).end, split.text().size());
  Xapian::Stem stem("english");
  Xapian::QueryParser parser;
  parser.set_stemmer(stem);
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  const SnippetWords pool(parser.parse_query("pool"), stem, "english");
  BOOST_CHECK(Marks(MakeSnippet(split, 240, pool), "pool"));
}
