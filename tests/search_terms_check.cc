// The search index writer stems through a cache (fcgi/search/module/
// stem_cache.h). This proves its terms are exactly Xapian's own: every
// text below is indexed by a TermGenerator with the plain stemmer and by
// one with the cached stemmer (as the writer uses it: one generator for
// many documents), and the two documents must have the same terms, with
// the same counts and positions, term by term. If they differed, the
// reader's QueryParser (plain stemmer) would miss words.
//
// It links libxapian and the shared C++ runtime, like the module, so it is
// not a levelpress_suite (those link the binary's static runtime).
#define BOOST_TEST_MODULE search_terms
#include <xapian.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../fcgi/search/module/stem_cache.h"

namespace {

namespace fs = std::filesystem;

// Every Markdown file below dir (the sample blog, the test corpora).
std::vector<std::string> FilesBelow(const fs::path& dir) {
  std::vector<std::string> texts;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file() || e.path().extension() != ".md") continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    texts.push_back(s.str());
  }
  return texts;
}

// Texts that stress the word splitter and the stemmers.
std::vector<std::string> OddTexts() {
  std::vector<std::string> t = {
      "Café naïve façade Ærøskøbing Straße STRASSE résumé über Häuser",
      "東京の開発者はC++とRustを使います。数据库 검색 エンジン",
      "don't can't rock 'n' roll O'Reilly's books ‘quoted’ “double” it’s",
      "C++ C# F# .NET node.js foo_bar foo-bar x86_64 IPv6 ::1 a/b",
      "1,000.5 3.14159 10^9 2026-11-26 v1.2.3 #42 $100 50% 1e18 0x1F",
      "emoji 🎉 party 👩‍💻 coder ❤️ flags 🇩🇪 and text",
      std::string("invalid \xff\xfe UTF-8 \xc3 cut \xe2\x82 and \x80 bytes"),
      std::string("nul\0inside words", 17),
      "running runs ran runner easily fairly generalizations connection "
      "connections connected connecting connective",
      "THE QUICK Brown fox JUMPS over the lazy dog's back; FOX-TROT!",
      "",
      "   \t\n  ",
      "a",
  };
  // Many distinct words, to make a small cache start over many times.
  std::string many;
  for (int i = 0; i < 3000; ++i) {
    many += "word" + std::to_string(i % 700) + "ing ";
    many += (i % 3 == 0) ? "connections " : "relational ";
  }
  t.push_back(many);
  return t;
}

// Terms, counts and positions, one line each.
std::string Describe(const Xapian::Document& d) {
  std::string out;
  for (auto t = d.termlist_begin(); t != d.termlist_end(); ++t) {
    out += *t + " wdf=" + std::to_string(t.get_wdf()) + " pos=";
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
      out += std::to_string(*p) + ",";
    out += "\n";
  }
  return out;
}

Xapian::Document Index(Xapian::TermGenerator* g, const std::string& text) {
  Xapian::Document d;
  g->set_document(d);
  // As the writer does: title words with a prefix and without, a gap,
  // the body, and without positions (spelling words).
  const std::string title = text.substr(0, 80);
  g->index_text(title, 1, "S");
  g->index_text(title);
  g->increase_termpos();
  g->index_text(text);
  g->index_text_without_positions(text);
  return d;
}

void CheckSameTerms(const std::string& language, size_t cache_words,
                    const std::vector<std::string>& texts) {
  Xapian::Stem plain;
  try {
    plain = Xapian::Stem(language);
  } catch (const Xapian::Error&) {  // as the module: unknown -> none
  }
  Xapian::TermGenerator expected, cached;
  expected.set_stemmer(plain);
  cached.set_stemmer(WithStemCache(plain, cache_words));
  for (auto* g : {&expected, &cached})
    g->set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  size_t stemmed_terms = 0;
  // Twice: the second round is answered from the cache.
  for (int round = 0; round < 2; ++round) {
    for (size_t i = 0; i < texts.size(); ++i) {
      const std::string want = Describe(Index(&expected, texts[i]));
      const std::string got = Describe(Index(&cached, texts[i]));
      BOOST_REQUIRE_MESSAGE(want == got, language << " text " << i);
      for (size_t at = want.find("\nZ"); at != std::string::npos;
           at = want.find("\nZ", at + 1))
        ++stemmed_terms;
    }
  }
  // The comparison covered stemmed terms (unless nothing stems).
  if (!plain.is_none()) BOOST_CHECK_GT(stemmed_terms, 100u);
}

std::vector<std::string> AllTexts() {
  std::vector<std::string> texts = FilesBelow(fs::path(SOURCE_DIR) / "data");
  BOOST_REQUIRE_GT(texts.size(), 5u);
  for (auto& t : OddTexts()) texts.push_back(t);
  return texts;
}

}  // namespace

BOOST_AUTO_TEST_CASE(cached_stems_give_xapians_terms_and_positions) {
  const std::vector<std::string> texts = AllTexts();
  CheckSameTerms("en", 1 << 16, texts);
  CheckSameTerms("en", 50, texts);  // starts over every 50 words
  CheckSameTerms("de", 1 << 16, texts);
  CheckSameTerms("fr", 1 << 16, texts);
  CheckSameTerms("", 1 << 16, texts);     // no stemming
  CheckSameTerms("tlh", 1 << 16, texts);  // unknown: no stemming
}

// The generated corpus of scripts/bench-import, when given (it needs
// Python and a word list): LEVELPRESS_TERMS_CORPUS=DIR.
BOOST_AUTO_TEST_CASE(cached_stems_give_xapians_terms_for_a_corpus) {
  const char* dir = std::getenv("LEVELPRESS_TERMS_CORPUS");
  if (dir == nullptr) return;
  CheckSameTerms("en", 1 << 16, FilesBelow(dir));
}
