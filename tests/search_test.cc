// Search (issue 11): the index written at import in the posts' generation,
// read by /search/ through a Site as a reader would. Real import, real
// store on disk, the real levelpress-search.so (copied beside the tests).
#define BOOST_TEST_MODULE search
#define BOOST_TEST_DYN_LINK
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "dates.h"
#include "importer.h"
#include "pages.h"
#include "search_import.h"
#include "search_index.h"
#include "settings.h"
#include "site.h"
#include "store.h"
#include "test_util.h"

using namespace levelpress;
using levelpress::testing::Contains;
using levelpress::testing::TempDir;
using levelpress::testing::WriteFile;
namespace fs = std::filesystem;

namespace {

constexpr int64_t kNow = 2000000000;  // 2033-05-18
const std::string kBinary = BINARY_DIR "/levelpress";

std::string All(const std::vector<Problem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.ToString() + "\n";
  return out;
}

std::string PostFile(const std::string& title, const std::string& date,
                     const std::string& body, const std::string& extra = "") {
  std::string front = extra;
  if (!Contains(extra, "author:")) front += "author: anna\n";
  if (!Contains(extra, "tags:")) front += "tags: [PostgreSQL, Ops]\n";
  return "---\ntitle: \"" + title + "\"\ndate: " + date + "\n" + front +
         "---\n" + body + "\n";
}

// A blog on disk: a content folder, a store, a site over it (UTC).
struct Blog {
  TempDir tmp{"levelpress-search"};
  Settings settings;
  std::unique_ptr<Store> store;
  std::shared_ptr<const SiteConfig> config;
  std::unique_ptr<Site> site;

  explicit Blog(const std::string& language = "en", int page_size = 10) {
    BOOST_REQUIRE(SetTimeZone("UTC").ok());
    settings.time_zone = "UTC";
    settings.store_path = tmp / "store";
    settings.media_dir = tmp / "media";
    settings.templates_dir = SOURCE_DIR "/templates";
    settings.title = "Test Blog";
    settings.language = language;
    settings.page_size = page_size;
    Open();
    Write("authors/anna.md", "---\nname: Anna Example\n---\nAnna.\n");
    Write("authors/ben.md", "---\nname: Ben Example\n---\nBen.\n");
  }
  void Open() {
    site.reset();
    store.reset();
    Status s = Store::Open(settings.store_path, OpenOptions(), &store);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
    s = LoadSiteConfig(settings, &config);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
    site = std::make_unique<Site>(store.get(), config);
  }
  std::string content() const { return tmp / "content"; }
  void Write(const std::string& rel, const std::string& text) const {
    WriteFile(content() + "/" + rel, text);
  }
  void Remove(const std::string& rel) const {
    fs::remove(content() + "/" + rel);
  }
  Status Import(ImportReport* report, bool prune = false) {
    ImportOptions o;
    o.dir = content();
    o.threads = 2;
    o.compact = false;
    o.prune = prune;
    return levelpress::Import(settings, store.get(), o, report);
  }
  ImportReport MustImport(bool prune = false) {
    ImportReport r;
    Status s = Import(&r, prune);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString() << "\n" << All(r.problems));
    for (const auto& p : r.problems)
      BOOST_CHECK_MESSAGE(!Contains(p.message, "search"), p.ToString());
    return r;
  }
  Response Get(const std::string& target, int64_t now = kNow) const {
    Request r;
    r.method = "GET";
    r.target = target;
    Response resp = site->Handle(r, now);
    BOOST_CHECK_MESSAGE(resp.status != 500, target + " gave 500");
    return resp;
  }
  // The result page of a query (already encoded), which must be a 200.
  std::string Results(const std::string& q, int64_t now = kNow) const {
    Response r = Get("/search/?q=" + q, now);
    BOOST_CHECK_MESSAGE(r.status == 200, q << " gave " << r.status);
    return r.body;
  }
  bool Finds(const std::string& q, const std::string& title,
             int64_t now = kNow) const {
    return Contains(Results(q, now), ">" + title + "</a></h2>");
  }
  std::vector<std::string> IndexFolders() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(tmp / "store/search"))
      out.push_back(e.path().filename().string());
    return out;
  }
};

// The sample of most tests: three posts, a draft and a scheduled post.
void WriteSample(const Blog& b) {
  b.Write("posts/pool.md",
          PostFile(
              "Tuning the connection pool", "2023-01-10",
              "We sized the connection pool of PgBouncer for our migrations."));
  b.Write(
      "posts/pool-words.md",
      PostFile("Swimming", "2023-02-10",
               "The pool was cold. A connection to the internet was slow."));
  b.Write("posts/kafka.md", PostFile("Why not Kafka", "2023-03-10",
                                     "Brokers are another moving part.",
                                     "author: ben\ntags: [Queues]\n"));
  b.Write("posts/draft.md",
          PostFile("Secret plans", "2023-04-10",
                   "Zeppelinfabrik is our secret.", "draft: true\n"));
  b.Write("posts/later.md",
          PostFile("Scheduled", "2033-05-19", "Quokkas appear tomorrow."));
}

}  // namespace

BOOST_AUTO_TEST_CASE(finds_words_phrases_and_filters_with_stemming) {
  Blog b;
  WriteSample(b);
  b.MustImport();
  BOOST_CHECK(b.Finds("pgbouncer", "Tuning the connection pool"));
  BOOST_CHECK(!b.Finds("pgbouncer", "Swimming"));
  // Stemming (English): "migration" finds "migrations".
  BOOST_CHECK(b.Finds("migration", "Tuning the connection pool"));
  // A phrase finds only the post with the words side by side.
  const std::string phrase = b.Results("%22connection+pool%22");
  BOOST_CHECK(Contains(phrase, ">Tuning the connection pool</a>"));
  BOOST_CHECK(!Contains(phrase, ">Swimming</a>"));
  // Without quotes both posts have both words.
  BOOST_CHECK(b.Finds("connection+pool", "Swimming"));
  // Filters: tag (as written or as its slug) and author.
  BOOST_CHECK(b.Finds("tag%3APostgreSQL", "Swimming"));
  BOOST_CHECK(!b.Finds("tag%3Apostgresql", "Why not Kafka"));
  BOOST_CHECK(b.Finds("tag%3Aqueues", "Why not Kafka"));
  BOOST_CHECK(b.Finds("part+author%3Aben", "Why not Kafka"));
  BOOST_CHECK(!b.Finds("pool+author%3Aben", "Tuning the connection pool"));
  // The snippet marks the matched words; title, date and byline are shown.
  const std::string html = b.Results("pgbouncer");
  BOOST_CHECK(Contains(html, "<mark>PgBouncer</mark>"));
  BOOST_CHECK(Contains(html, "datetime=\"2023-01-10"));
  BOOST_CHECK(Contains(html, "Anna Example"));
  BOOST_CHECK(Contains(html, "1 post."));
}

// Ranked by BM25 (without length normalisation, search_module.cc): more
// mentions first, a word of the title counts, a rare word of the query
// weighs more than a common one.
BOOST_AUTO_TEST_CASE(results_are_ranked_by_mentions_and_rarity) {
  Blog b;
  const std::string filler =
      " We wrote about the weather and the office and the team.";
  b.Write("posts/once.md",
          PostFile("Notes", "2023-01-10", "A replica lagged once." + filler));
  b.Write("posts/many.md",
          PostFile("More notes", "2023-01-11",
                   "The replica, the replica, the replica: every replica "
                   "lagged, and the replica caught up." +
                       filler));
  b.Write("posts/title.md", PostFile("Replica lag", "2023-01-12",
                                     "Our replica lagged." + filler));
  for (int i = 0; i < 6; ++i) {
    b.Write("posts/common" + std::to_string(i) + ".md",
            PostFile("Common " + std::to_string(i),
                     "2023-02-0" + std::to_string(i + 1),
                     "The office lagged behind the weather." + filler));
  }
  b.MustImport();
  const std::string html = b.Results("replica");
  const size_t many = html.find(">More notes</a>"),
               title = html.find(">Replica lag</a>"),
               once = html.find(">Notes</a>");
  BOOST_REQUIRE(many != std::string::npos && title != std::string::npos &&
                once != std::string::npos);
  BOOST_CHECK_LT(many, title);
  BOOST_CHECK_LT(title, once);
  // "replica" is in 3 posts, "office" in all 9: a post with both words
  // ranks by the rare one.
  BOOST_CHECK(Contains(b.Results("replica+office"), "3 posts."));
  const std::string either = b.Results("replica+OR+office");
  BOOST_CHECK(Contains(either, "9 posts."));
  BOOST_CHECK_LT(either.find(">More notes</a>"), either.find(">Common 0</a>"));
}

BOOST_AUTO_TEST_CASE(drafts_never_and_scheduled_posts_only_from_their_time) {
  Blog b;
  WriteSample(b);
  b.MustImport();
  BOOST_CHECK(!b.Finds("zeppelinfabrik", "Secret plans"));
  BOOST_CHECK(Contains(b.Results("zeppelinfabrik"), "No posts match"));
  // "Did you mean" must not leak a draft's words either.
  BOOST_CHECK(!Contains(b.Results("zeppelinfabrk"), "zeppelinfabrik"));
  BOOST_CHECK(!b.Finds("quokkas", "Scheduled"));
  // Its time comes without another import.
  BOOST_CHECK(b.Finds("quokkas", "Scheduled", kNow + 2 * 86400));
  // The cached result page expires when the scheduled post goes live.
  Response r = b.Get("/search/?q=pool");
  BOOST_CHECK_EQUAL(r.Header("X-Accel-Expires").substr(0, 1), "@");
  BOOST_CHECK_LE(std::stoll(r.Header("X-Accel-Expires").substr(1)),
                 int64_t{1999987200 + 86400});
}

// An expiring post (`expires:`) is found until its second, then not, with
// no import; the result page's cache stops at that second.
BOOST_AUTO_TEST_CASE(an_expired_post_leaves_results_at_its_time) {
  Blog b;
  b.settings.cache_seconds = 7200;
  b.Open();
  WriteSample(b);
  const int64_t gone = kNow + 3600;  // 2033-05-18T04:33:20Z
  b.Write("posts/brief.md",
          PostFile("Brief", "2023-06-10", "Wombats were here briefly.",
                   "expires: 2033-05-18T04:33:20Z\n"));
  b.Write("posts/over.md",
          PostFile("Over", "2023-06-11", "Wombats were here once.",
                   "expires: 2023-06-12\n"));
  b.MustImport();
  BOOST_CHECK(b.Finds("wombats", "Brief", gone - 1));
  BOOST_CHECK(!b.Finds("wombats", "Over", gone - 1));
  BOOST_CHECK(!b.Finds("wombats", "Brief", gone));
  // The index itself leaves them out, so the count is right too: the
  // expired post is no "post" of the summary and no empty page.
  BOOST_CHECK(Contains(b.Results("wombats", gone - 1), "1 post."));
  const std::string after = b.Results("wombats", gone);
  BOOST_CHECK_MESSAGE(
      !Contains(after, "1 post.") && !Contains(after, "2 posts."), after);
  Response r = b.Get("/search/?q=wombats", kNow);
  BOOST_CHECK_EQUAL(r.Header("X-Accel-Expires").substr(0, 1), "@");
  BOOST_CHECK_EQUAL(r.Header("X-Accel-Expires"),
                    "@" + std::to_string(gone - 1));
}

BOOST_AUTO_TEST_CASE(a_post_turned_draft_leaves_results_and_suggestions) {
  Blog b;
  WriteSample(b);
  b.MustImport();
  BOOST_CHECK(b.Finds("brokers", "Why not Kafka"));
  b.Write("posts/kafka.md",
          PostFile("Why not Kafka", "2023-03-10",
                   "Brokers are another moving part.",
                   "author: ben\ntags: [Queues]\ndraft: true\n"));
  b.MustImport();
  BOOST_CHECK(!b.Finds("brokers", "Why not Kafka"));
  BOOST_CHECK(!Contains(b.Results("brokres"), "Did you mean"));
  // A word still in a published post is suggested.
  BOOST_CHECK(Contains(b.Results("pgbouncr"), "Did you mean"));
  BOOST_CHECK(Contains(b.Results("pgbouncr"), "?q=pgbouncer\">pgbouncer</a>"));
}

// "Did you mean" knows the words of titles and of the posts' first KB
// (search_module.cc, SpellingWords), not every word of every post; a
// title's words leave it when the title changes.
BOOST_AUTO_TEST_CASE(suggestions_come_from_titles_and_the_posts_starts) {
  Blog b;
  std::string body = "Opening words about aardvarks.\n\n";
  for (int i = 0; i < 200; ++i)
    body += "Filler sentence number " + std::to_string(i) + " says little. ";
  body += "\n\nAt last, zymurgy.";
  b.Write("posts/long.md", PostFile("Marmalade recipes", "2023-01-10", body));
  b.MustImport();
  BOOST_CHECK(b.Finds("zymurgy", "Marmalade recipes"));
  BOOST_CHECK(Contains(b.Results("aardvarcs"), "?q=aardvarks\">aardvarks</a>"));
  BOOST_CHECK(Contains(b.Results("marmelade"), "?q=marmalade\">marmalade</a>"));
  BOOST_CHECK(!Contains(b.Results("zymurgx"), "Did you mean"));
  b.Write("posts/long.md", PostFile("Jam recipes", "2023-01-10", body));
  b.MustImport();
  BOOST_CHECK(!Contains(b.Results("marmelade"), "Did you mean"));
  BOOST_CHECK(Contains(b.Results("aardvarcs"), "?q=aardvarks\">aardvarks</a>"));
}

BOOST_AUTO_TEST_CASE(a_post_whose_slug_changed_is_found_once_at_its_new_url) {
  Blog b("en", /*page_size=*/1);  // a second match would be a second page
  WriteSample(b);
  b.MustImport();
  BOOST_CHECK(Contains(b.Results("brokers"), "/2023/03/10/kafka/"));
  // The same file with a new slug: the URL history retires the old post,
  // and the index with it.
  b.Write("posts/kafka.md", PostFile("Why not Kafka", "2023-03-10",
                                     "Brokers are another moving part.",
                                     "author: ben\ntags: [Queues]\n"
                                     "slug: no-kafka\n"));
  b.MustImport();
  const std::string page = b.Results("brokers");
  BOOST_CHECK(Contains(page, "/2023/03/10/no-kafka/"));
  BOOST_CHECK_MESSAGE(!Contains(page, "/2023/03/10/kafka/"), page);
  BOOST_CHECK_MESSAGE(!Contains(page, "More results"), page);
}

BOOST_AUTO_TEST_CASE(changes_are_incremental_and_one_index_per_generation) {
  Blog b;
  WriteSample(b);
  b.MustImport();
  const uint64_t first = b.store->generation();
  BOOST_CHECK_EQUAL(b.IndexFolders().size(), 1u);
  BOOST_CHECK_EQUAL(b.IndexFolders()[0], std::to_string(first));
  // Nothing changed: no new generation, no new index.
  b.MustImport();
  BOOST_CHECK_EQUAL(b.store->generation(), first);
  BOOST_CHECK_EQUAL(b.IndexFolders().size(), 1u);
  // A view taken now keeps reading its own generation's index.
  const StoreView before = b.store->View();
  b.Write("posts/pool.md", PostFile("Tuning the connection pool", "2023-01-10",
                                    "Now about Odyssey instead."));
  b.MustImport();
  BOOST_CHECK(!b.Finds("pgbouncer", "Tuning the connection pool"));
  BOOST_CHECK(b.Finds("odyssey", "Tuning the connection pool"));
  BOOST_CHECK(b.Finds("cold", "Swimming"));  // the others are still there
  std::string old_name;
  BOOST_REQUIRE(before.GetMeta(kSearchIndexMeta, &old_name).ok());
  SearchQuery q;
  q.text = "pgbouncer";
  q.now = kNow;
  SearchResults old_results;
  BOOST_REQUIRE(
      Search(SearchIndexPath(before.store_path(), old_name), q, &old_results)
          .ok());
  BOOST_CHECK_EQUAL(old_results.hits.size(), 1u);
  // A superseded index stays while a request may still read it...
  b.Remove("posts/pool-words.md");
  b.MustImport(/*prune=*/true);
  BOOST_CHECK(!b.Finds("cold", "Swimming"));
  BOOST_CHECK(fs::exists(SearchIndexPath(before.store_path(), old_name)));
  BOOST_CHECK_EQUAL(b.IndexFolders().size(), 3u);
  // ...and the next write removes it once its successor is old enough.
  for (const auto& name : b.IndexFolders()) {
    fs::last_write_time(b.tmp / ("store/search/" + name),
                        fs::file_time_type::clock::now() -
                            std::chrono::seconds(kSearchIndexGraceSeconds + 5));
  }
  b.MustImport();  // nothing changed
  BOOST_CHECK_EQUAL(b.IndexFolders().size(), 1u);
  BOOST_CHECK(!fs::exists(SearchIndexPath(before.store_path(), old_name)));
  BOOST_CHECK(b.Finds("odyssey", "Tuning the connection pool"));
}

BOOST_AUTO_TEST_CASE(a_failed_import_leaves_posts_and_index_unchanged) {
  Blog b;
  WriteSample(b);
  b.MustImport();
  const auto folders = b.IndexFolders();
  b.Write("posts/pool.md", PostFile("Tuning the connection pool", "2023-01-10",
                                    "Now about Odyssey instead."));
  b.Write("posts/broken.md", "---\ntitle: [unclosed\n---\n");
  ImportReport r;
  BOOST_CHECK(b.Import(&r).IsInvalidArgument());
  BOOST_CHECK(b.Finds("pgbouncer", "Tuning the connection pool"));
  BOOST_CHECK(!b.Finds("odyssey", "Tuning the connection pool"));
  BOOST_CHECK(b.IndexFolders() == folders);
  // What a killed import left is removed by the next one: an index never
  // committed, and the halves of one killed while it was compacted.
  for (const char* left : {"999", "999.compact", "999.old"}) {
    fs::create_directories(fs::path(b.tmp / "store/search") / left);
    WriteFile(fs::path(b.tmp / "store/search") / left / "junk", "x");
  }
  b.Remove("posts/broken.md");
  b.MustImport();
  for (const char* left : {"999", "999.compact", "999.old"})
    BOOST_CHECK(!fs::exists(fs::path(b.tmp / "store/search") / left));
  // The committed index is the compacted one, nothing of the work beside it.
  for (const auto& name : b.IndexFolders())
    BOOST_CHECK_MESSAGE(name.find('.') == std::string::npos, name);
  BOOST_CHECK(b.Finds("odyssey", "Tuning the connection pool"));
}

BOOST_AUTO_TEST_CASE(a_store_without_an_index_gets_one_from_every_post) {
  Blog b;
  WriteSample(b);
  b.MustImport();
  // As a store from before search: no index named, no folder.
  fs::remove_all(b.tmp / "store/search");
  BOOST_CHECK_EQUAL(b.Get("/search/?q=pool").status, 503);
  // An import with nothing changed builds it from the stored posts.
  b.MustImport();
  BOOST_CHECK(b.Finds("pgbouncer", "Tuning the connection pool"));
  BOOST_CHECK(!b.Finds("zeppelinfabrik", "Secret plans"));
}

BOOST_AUTO_TEST_CASE(stemming_follows_the_language_and_unknown_ones_work) {
  {
    Blog b("de-AT");
    b.Write("posts/de.md",
            PostFile("Häuser", "2023-01-10", "Wir bauen viele Häuser am See."));
    b.MustImport();
    BOOST_CHECK(b.Finds("haus", "Häuser"));  // German stemming
    // The page speaks the site's language.
    const std::string html = b.Results("haus");
    BOOST_CHECK(Contains(html, "1 Beitrag."));
    BOOST_CHECK(Contains(html, "Suchergebnisse für „haus“"));
  }
  {
    // A language without a Snowball stemmer ("tlh", Klingon): no stemming,
    // no error (a site needs a translation file for its language, so this
    // is the index's own API).
    TempDir tmp("levelpress-search-tlh");
    std::unique_ptr<SearchWriter> w;
    bool fresh = false;
    BOOST_REQUIRE(SearchWriter::Open(tmp / "index", "tlh", &fresh, &w).ok());
    BOOST_CHECK(fresh);
    SearchDoc doc;
    doc.slug = "x";
    doc.title = "Words";
    doc.text = "Migrations run.";
    doc.date = 1600000000;
    BOOST_REQUIRE(w->Put(doc).ok());
    BOOST_REQUIRE(w->Commit().ok());
    SearchQuery q;
    q.language = "tlh";
    q.now = kNow;
    SearchResults r;
    q.text = "migrations";
    BOOST_REQUIRE(Search(tmp / "index", q, &r).ok());
    BOOST_CHECK_EQUAL(r.hits.size(), 1u);
    q.text = "migration";
    BOOST_REQUIRE(Search(tmp / "index", q, &r).ok());
    BOOST_CHECK_EQUAL(r.hits.size(), 0u);
  }
}

// A new index adds posts without looking for one to replace; a slug put
// again (in one batch or a later one), or removed and put again, must
// still be one document with its last words.
BOOST_AUTO_TEST_CASE(a_new_index_keeps_one_document_per_slug) {
  TempDir tmp("levelpress-search-fresh");
  std::unique_ptr<SearchWriter> w;
  bool fresh = false;
  BOOST_REQUIRE(SearchWriter::Open(tmp / "index", "en", &fresh, &w).ok());
  BOOST_REQUIRE(fresh);
  auto doc = [](const std::string& slug, const std::string& text) {
    SearchDoc d;
    d.slug = slug;
    d.title = "Title " + slug;
    d.text = text;
    d.date = 1600000000;
    return d;
  };
  BOOST_REQUIRE(w->PutMany({doc("x", "alpha beta"), doc("y", "alpha"),
                            doc("x", "alpha gamma")},
                           2)
                    .ok());
  BOOST_REQUIRE(w->Put(doc("y", "alpha delta")).ok());
  BOOST_REQUIRE(w->Remove("z").ok());
  BOOST_REQUIRE(w->Put(doc("z", "alpha epsilon")).ok());
  BOOST_REQUIRE(w->Remove("z").ok());
  BOOST_REQUIRE(w->Put(doc("z", "alpha zeta")).ok());
  BOOST_REQUIRE(w->Commit().ok());
  SearchQuery q;
  q.language = "en";
  q.now = kNow;
  auto count = [&](const std::string& text) {
    q.text = text;
    SearchResults r;
    BOOST_REQUIRE(Search(tmp / "index", q, &r).ok());
    return r.hits.size();
  };
  BOOST_CHECK_EQUAL(count("alpha"), 3u);  // x, y, z once each
  BOOST_CHECK_EQUAL(count("beta"), 0u);
  BOOST_CHECK_EQUAL(count("gamma"), 1u);
  BOOST_CHECK_EQUAL(count("delta"), 1u);
  BOOST_CHECK_EQUAL(count("epsilon"), 0u);
  BOOST_CHECK_EQUAL(count("zeta"), 1u);
  // Spelling data ("did you mean"): the words of what is there now, not
  // of what was replaced or removed.
  auto corrected = [&](const std::string& text) {
    q.text = text;
    SearchResults r;
    BOOST_REQUIRE(Search(tmp / "index", q, &r).ok());
    return r.corrected;
  };
  BOOST_CHECK_EQUAL(corrected("gamna"), "gamma");
  BOOST_CHECK_EQUAL(corrected("zetta"), "zeta");
  BOOST_CHECK(corrected("epsilom").find("epsilon") == std::string::npos);
  BOOST_CHECK(corrected("bet").find("beta") == std::string::npos);
}

// Operators without their operands are words (QA found "rock AND" gave
// a 400 page with Xapian's "Syntax: <expression> AND <expression>").
BOOST_AUTO_TEST_CASE(dangling_operators_are_searched_as_words) {
  Blog b;
  WriteSample(b);
  b.MustImport();
  for (const char* q :
       {"pgbouncer+AND", "AND+pgbouncer", "pgbouncer+OR", "NOT+pgbouncer",
        "%28pgbouncer", "pgbouncer%29", "%22pgbouncer"}) {
    const Response r = b.Get(std::string("/search/?q=") + q);
    BOOST_CHECK_MESSAGE(r.status == 200, q << " gave " << r.status);
    BOOST_CHECK_MESSAGE(Contains(r.body, ">Tuning the connection pool</a>"),
                        q << " did not find the post");
    BOOST_CHECK(!Contains(r.body, "Syntax:"));
  }
}

BOOST_AUTO_TEST_CASE(results_are_paginated_by_page_size) {
  Blog b("en", 2);
  for (int i = 0; i < 5; ++i) {
    b.Write("posts/p" + std::to_string(i) + ".md",
            PostFile("Post " + std::to_string(i),
                     "2023-01-1" + std::to_string(i), "Common word here."));
  }
  b.MustImport();
  const std::string p1 = b.Results("common");
  BOOST_CHECK(Contains(p1, "5 posts."));
  BOOST_CHECK(Contains(p1, "Page 1 of 3"));
  BOOST_CHECK(Contains(p1, "href=\"/search/?q=common&amp;page=2\""));
  const std::string p3 = b.Results("common&page=3");
  BOOST_CHECK(Contains(p3, "Page 3 of 3"));
  size_t titles = 0;
  for (size_t pos = p3.find("entry-title"); pos != std::string::npos;
       pos = p3.find("entry-title", pos + 1))
    ++titles;
  BOOST_CHECK_EQUAL(titles, 1u);
}

// A small blog's counts (and so its page numbers) are exact for every kind
// of query, though each page is first ranked without a count (which is
// left to Xapian's estimate only when a query could match over 1,000
// posts).
BOOST_AUTO_TEST_CASE(counts_of_a_small_blog_are_exact_for_every_query) {
  Blog b("en", 2);
  for (int i = 0; i < 40; ++i) {
    std::string body = "Plain text.";
    if (i % 4 == 0) body = "The connection pool was full.";  // 10 phrases
    if (i % 4 == 1) body = "A pool; then a connection.";     // 10 apart
    if (i % 4 == 2) body = "Connecting pools of workers.";   // 10 stems
    b.Write("posts/p" + std::to_string(i) + ".md",
            PostFile("Post " + std::to_string(i),
                     "2023-01-" + std::to_string(10 + i % 18), body));
  }
  b.MustImport();
  const std::pair<const char*, const char*> expected[] = {
      {"%22connection+pool%22", "10 posts."},
      {"connection+pool", "30 posts."},  // stems: "Connecting pools" too
      {"pool+connection+was", "10 posts."},
      {"conn*", "30 posts."},
      {"text+NOT+pool", "10 posts."}};
  for (const auto& [query, count] : expected) {
    const std::string page = b.Results(query);
    BOOST_CHECK_MESSAGE(Contains(page, count), query << ": " << page);
  }
  BOOST_CHECK(Contains(b.Results("%22connection+pool%22"), "Page 1 of 5"));
}

BOOST_AUTO_TEST_CASE(hostile_queries_get_400_or_an_empty_result_quickly) {
  Blog b;
  WriteSample(b);
  b.MustImport();
  auto status_of = [&](const std::string& target) {
    auto start = std::chrono::steady_clock::now();
    int status = b.Get(target).status;
    double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    BOOST_CHECK_MESSAGE(s < 2.0, target.substr(0, 80) << " took " << s << " s");
    return status;
  };
  BOOST_CHECK_EQUAL(status_of("/search/?q=" + std::string(600, 'a')), 400);
  BOOST_CHECK_EQUAL(status_of("/search/?q=" + std::string(100000, 'a')), 400);
  std::string many;
  for (int i = 0; i < 3000; ++i) many += "w" + std::to_string(i) + "+";
  BOOST_CHECK_EQUAL(status_of("/search/?q=" + many), 400);
  std::string forty;
  for (int i = 0; i < 40; ++i) forty += "ab+";
  BOOST_CHECK_EQUAL(status_of("/search/?q=" + forty), 400);
  std::string wild;
  for (char c = 'a'; c <= 'z'; ++c) wild += std::string(1, c) + "*+";
  BOOST_CHECK_EQUAL(status_of("/search/?q=" + wild), 200);
  BOOST_CHECK_EQUAL(status_of("/search/?q=*"), 200);
  BOOST_CHECK_EQUAL(status_of("/search/?q=%ff%fe"), 400);
  BOOST_CHECK_EQUAL(status_of("/search/?q=%ed%a0%80"), 400);  // a surrogate
  BOOST_CHECK_EQUAL(status_of("/search/?q=%c3"), 400);        // cut short
  BOOST_CHECK_EQUAL(status_of("/search/?q=%zz"), 400);
  BOOST_CHECK_EQUAL(status_of("/search/?q=abc%"), 400);
  BOOST_CHECK_EQUAL(status_of("/search/?q=pool&page=0"), 400);
  BOOST_CHECK_EQUAL(status_of("/search/?q=pool&page=x"), 400);
  BOOST_CHECK_EQUAL(status_of("/search/?q=pool&page=999999"), 200);
  BOOST_CHECK_EQUAL(status_of("/search/?q="), 200);
  BOOST_CHECK_EQUAL(status_of("/search/"), 200);
  BOOST_CHECK_EQUAL(status_of("/search/?q=+++"), 200);
  for (const char* odd :
       {"%22unclosed", "((((", "AND+OR+NOT", "tag%3A", "author%3A", "-pool",
        "NEAR+NEAR", "%00", "title%3A%22%22", "a+NEAR%2F99999+b"}) {
    BOOST_CHECK_MESSAGE(status_of(std::string("/search/?q=") + odd) != 500,
                        odd);
  }
  // The message says what is wrong, in the page with the form.
  const std::string body = b.Get("/search/?q=%ff").body;
  BOOST_CHECK(Contains(body, "not valid text"));
  BOOST_CHECK(Contains(body, "name=\"q\""));
}

BOOST_AUTO_TEST_CASE(the_header_has_a_search_form) {
  Blog b;
  WriteSample(b);
  b.MustImport();
  const std::string home = b.Get("/").body;
  BOOST_CHECK(Contains(home,
                       "<form class=\"site-search\" role=\"search\" "
                       "action=\"/search/\" method=\"get\">"));
  BOOST_CHECK(Contains(home, "name=\"q\""));
}

// Without levelpress-search.so (a binary copied alone to a host): the import
// warns and writes the posts, /search/ is a 503 page, never a crash.
BOOST_AUTO_TEST_CASE(without_the_module_import_warns_and_search_is_503) {
  TempDir tmp("levelpress-nosearch");
  fs::copy_file(kBinary, tmp / "levelpress");
  fs::permissions(tmp / "levelpress", fs::perms::owner_all);
  WriteFile(tmp / "content/posts/a.md",
            PostFile("Hello", "2023-01-10", "Words.", ""));
  WriteFile(tmp / "content/authors/anna.md", "---\nname: Anna\n---\n");
  WriteFile(tmp / "lp.conf", "store_path: " + (tmp / "store") +
                                 "\nmedia_dir: " + (tmp / "media") +
                                 "\ntemplates_dir: " SOURCE_DIR "/templates\n");
  using levelpress::testing::Quote;
  using levelpress::testing::Run;
  auto r = Run(Quote(tmp / "levelpress") + " import --config " +
               Quote(tmp / "lp.conf") + " " + Quote(tmp / "content"));
  BOOST_CHECK_EQUAL(r.exit_code, 0);
  BOOST_CHECK_MESSAGE(Contains(r.err, "no search index is written"), r.err);
  BOOST_CHECK(Contains(r.out + r.err, "1 added"));
  r = Run(
      "REQUEST_METHOD=GET GATEWAY_INTERFACE=CGI/1.1 "
      "REQUEST_URI='/search/?q=words' QUERY_STRING='q=words' " +
      Quote(tmp / "levelpress") + " serve --config " + Quote(tmp / "lp.conf"));
  BOOST_CHECK_MESSAGE(Contains(r.out, "Status: 503"), r.out + r.err);
  BOOST_CHECK(Contains(r.out, "Search is not available"));
}

// `levelpress rm` takes the post out of the index in the same generation.
BOOST_AUTO_TEST_CASE(rm_removes_the_post_from_the_index) {
  TempDir tmp("levelpress-search-rm");
  WriteFile(tmp / "content/posts/a.md",
            PostFile("Gone soon", "2023-01-10", "Wombats dig."));
  WriteFile(tmp / "content/posts/b.md",
            PostFile("Staying", "2023-01-11", "Wombats sleep."));
  WriteFile(tmp / "content/authors/anna.md", "---\nname: Anna\n---\n");
  WriteFile(tmp / "lp.conf", "store_path: " + (tmp / "store") +
                                 "\nmedia_dir: " + (tmp / "media") +
                                 "\ntemplates_dir: " SOURCE_DIR "/templates\n");
  using levelpress::testing::Quote;
  using levelpress::testing::Run;
  const std::string lp = Quote(kBinary) + " ";
  const std::string conf = " --config " + Quote(tmp / "lp.conf");
  auto search = [&] {
    return Run("REQUEST_METHOD=GET GATEWAY_INTERFACE=CGI/1.1 "
               "REQUEST_URI='/search/?q=wombats' QUERY_STRING='q=wombats' " +
               lp + "serve" + conf)
        .out;
  };
  auto r = Run(lp + "import" + conf + " " + Quote(tmp / "content"));
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  BOOST_CHECK(Contains(search(), ">Gone soon</a>"));
  r = Run(lp + "rm a" + conf);
  BOOST_CHECK_MESSAGE(r.exit_code == 0, r.err);
  const std::string after = search();
  BOOST_CHECK(!Contains(after, ">Gone soon</a>"));
  BOOST_CHECK(Contains(after, ">Staying</a>"));
  BOOST_CHECK(Contains(after, "1 post."));
}

// The snippet is the one piece of HTML the page does not escape itself:
// Xapian escapes the text, so markup written as text in a post stays text.
BOOST_AUTO_TEST_CASE(snippets_escape_the_posts_text) {
  Blog b;
  b.Write("posts/x.md",
          PostFile("Escaping", "2023-01-10",
                   "Never write `<script>alert(1)</script>` or "
                   "`<img src=x onerror=alert(2)>` & friends into a page."));
  b.MustImport();
  const std::string html = b.Results("alert");
  BOOST_CHECK(Contains(html, ">Escaping</a>"));
  BOOST_CHECK(!Contains(html, "<script>alert"));
  BOOST_CHECK(!Contains(html, "<img src=x"));
  BOOST_CHECK(Contains(html, "&lt;script&gt;<mark>alert</mark>"));
  // The query is shown escaped too.
  const std::string echoed =
      b.Get("/search/?q=%3Cscript%3Ealert%3C%2Fscript%3E").body;
  BOOST_CHECK(!Contains(echoed, "<script>alert"));
}

// Snippets come from the first KB of a post's text (search_module.cc,
// kSnippetTextBytes): a word there is shown marked; a post found by a word
// further in (every word is indexed) shows its start, nothing marked.
BOOST_AUTO_TEST_CASE(a_word_deep_in_a_long_post_finds_it_with_its_start) {
  Blog b;
  std::string body = "Opening words about aardvarks.\n\n";
  for (int i = 0; i < 200; ++i)
    body += "Filler sentence number " + std::to_string(i) + " says little. ";
  body += "\n\nAt last, zymurgy.";
  b.Write("posts/long.md", PostFile("Long", "2023-01-10", body));
  b.MustImport();
  const std::string near = b.Results("aardvarks");
  BOOST_CHECK(Contains(near, "<mark>aardvarks</mark>"));
  const std::string deep = b.Results("zymurgy");
  BOOST_CHECK(Contains(deep, ">Long</a>"));
  BOOST_CHECK_MESSAGE(Contains(deep, "Opening words about aardvarks."), deep);
  BOOST_CHECK(!Contains(deep, "<mark>"));
  BOOST_CHECK(!Contains(deep, "zymurgy."));
}

// The body is indexed in two parts, cut between words near 1 KB (the
// spelling words are those before the cut): a phrase across the cut is
// still found. Words of 6 bytes: the cut falls between w0150 and w0180.
BOOST_AUTO_TEST_CASE(a_phrase_across_the_first_kb_of_a_post_is_found) {
  Blog b;
  std::string body;
  char word[8];
  for (int i = 0; i < 400; ++i) {
    std::snprintf(word, sizeof word, "w%04d ", i);
    body += word;
  }
  b.Write("posts/words.md", PostFile("Words", "2023-01-10", body));
  b.MustImport();
  for (int i = 150; i < 180; ++i) {
    std::snprintf(word, sizeof word, "%04d", i);
    std::string next(8, '\0');
    next.resize(std::snprintf(next.data(), next.size(), "%04d", i + 1));
    const std::string q = "%22w" + std::string(word) + "+w" + next + "%22";
    BOOST_CHECK_MESSAGE(b.Finds(q, "Words"), q);
  }
  BOOST_CHECK(!b.Finds("%22w0151+w0150%22", "Words"));
}

// Readers on several threads while imports commit new generations: every
// answer is a 200 whose hits are posts of its own generation (a hit whose
// post is missing would be dropped, and the count would disagree).
BOOST_AUTO_TEST_CASE(searches_during_imports_see_one_generation) {
  Blog b;
  b.Write("posts/p.md", PostFile("Version 0", "2023-01-10", "Marmots v0."));
  b.MustImport();
  std::atomic<bool> stop{false};
  std::atomic<int> bad{0}, answered{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      while (!stop) {
        Request r;
        r.method = "GET";
        r.target = "/search/?q=marmots";
        Response resp = b.site->Handle(r, kNow);
        const bool one =
            Contains(resp.body, "1 post.") && Contains(resp.body, ">Version ");
        if (resp.status != 200 || !one) ++bad;
        ++answered;
      }
    });
  }
  for (int i = 1; i <= 8; ++i) {
    b.Write("posts/p.md", PostFile("Version " + std::to_string(i), "2023-01-10",
                                   "Marmots v" + std::to_string(i) + "."));
    b.MustImport();
  }
  stop = true;
  for (auto& t : readers) t.join();
  BOOST_CHECK_EQUAL(bad.load(), 0);
  BOOST_CHECK_GT(answered.load(), 0);
  BOOST_CHECK(b.Finds("marmots", "Version 8"));
}

// A result page is rendered once per generation and query: the second
// request for a query (a revalidation, a reader pressing reload) does not
// search again. Seen by taking the index away between the two.
BOOST_AUTO_TEST_CASE(result_pages_are_kept_in_the_render_cache_per_query) {
  Blog b;
  WriteSample(b);
  b.MustImport();
  const Response first = b.Get("/search/?q=pgbouncer");
  BOOST_CHECK_EQUAL(first.status, 200);
  fs::remove_all(b.tmp / "store/search");
  // On a new thread, which has no open reader of the index: only the
  // render cache can answer.
  Response again, other;
  std::thread([&] {
    again = b.Get("/search/?q=pgbouncer");
    other = b.Get("/search/?q=kafka");
  }).join();
  BOOST_CHECK_EQUAL(again.status, 200);
  BOOST_CHECK(again.body == first.body);
  BOOST_CHECK_EQUAL(again.Header("ETag"), first.Header("ETag"));
  // Another query is another page: it has to search.
  BOOST_CHECK_EQUAL(other.status, 503);
}

// Snippets (fcgi/search/module/snippet.cc): the words of the query are
// marked as the post wrote them, also in other forms of the same stem,
// after a wildcard, and in capitals.
namespace {
// The <article> of a result page's post, with its snippet cut out.
std::string ResultAround(const std::string& html, const std::string& title) {
  const size_t at = html.find(">" + title + "</a>");
  if (at == std::string::npos) return "";
  const size_t begin = html.rfind("<article", at);
  const size_t end = html.find("</article>", at);
  const size_t snip = html.find("<p class=\"search-snippet\">", begin);
  const size_t snip_end = html.find("</p>", snip);
  return html.substr(begin, snip - begin) +
         html.substr(snip_end, end - snip_end);
}
}  // namespace

// A result's title, date and byline are rendered once per post and kept
// (page_search.cc): the kept markup is the markup rendered, and an import
// that changes the post or its author shows the change.
BOOST_AUTO_TEST_CASE(a_results_kept_markup_follows_imports) {
  Blog b;
  WriteSample(b);
  b.MustImport();
  const std::string first =
      ResultAround(b.Results("pgbouncer"), "Tuning the connection pool");
  BOOST_REQUIRE(Contains(first, "Anna Example"));
  BOOST_CHECK(Contains(first, "datetime=\"2023-01-10"));
  // Another search showing the post: its markup is the kept one.
  const std::string kept =
      ResultAround(b.Results("migrations"), "Tuning the connection pool");
  BOOST_CHECK_EQUAL(kept, first);
  // Without the render cache, the same markup.
  b.settings.render_cache_bytes = 0;
  b.Open();
  BOOST_CHECK_EQUAL(
      ResultAround(b.Results("migrations"), "Tuning the connection pool"),
      first);
  b.settings.render_cache_bytes = Settings().render_cache_bytes;
  b.Open();
  b.Results("migrations");
  // The author renamed and the post retitled by an import: both show.
  b.Write("authors/anna.md", "---\nname: Anna Renamed\n---\nAnna.\n");
  b.Write("posts/pool.md",
          PostFile("Tuning the pool", "2023-01-10",
                   "We sized the connection pool of PgBouncer for our "
                   "migrations."));
  b.MustImport();
  const std::string html = b.Results("migrations");
  BOOST_CHECK(ResultAround(html, "Tuning the connection pool").empty());
  const std::string renamed = ResultAround(html, "Tuning the pool");
  BOOST_CHECK(Contains(renamed, "Anna Renamed"));
  BOOST_CHECK(!Contains(renamed, "Anna Example"));
}

// Search results have their own quarter of the render cache: distinct
// queries (anyone's to choose) cannot push the pages out.
BOOST_AUTO_TEST_CASE(distinct_searches_leave_the_pages_in_the_render_cache) {
  Blog b;
  WriteSample(b);
  b.settings.render_cache_bytes = 256 << 10;
  b.Open();
  b.MustImport();
  BOOST_REQUIRE_EQUAL(b.Get("/").status, 200);
  BOOST_REQUIRE_EQUAL(b.Get("/tags/").status, 200);
  const size_t pages = b.site->render_cache_bytes();
  BOOST_REQUIRE_GT(pages, 0u);
  // ~8 KB a result page: 100 of them are three times the search part.
  for (int i = 0; i < 100; ++i)
    b.Results("pool&utm_source=" + std::to_string(i));
  BOOST_CHECK_EQUAL(b.site->render_cache_bytes(), pages);
}

BOOST_AUTO_TEST_CASE(snippets_mark_stemmed_wildcard_and_capitalised_words) {
  Blog b;
  b.Write("posts/x.md",
          PostFile("Pools", "2023-01-10",
                   "Pooling connections: a Pool of warm pools. Prefetching "
                   "helps; so does the prefetcher. Über alles, Ärger."));
  b.MustImport();
  const std::string stems = b.Results("pools");
  BOOST_CHECK_MESSAGE(Contains(stems,
                               "<mark>Pooling</mark> connections: a "
                               "<mark>Pool</mark> of warm "
                               "<mark>pools</mark>."),
                      stems);
  const std::string wildcard = b.Results("prefetch*");
  BOOST_CHECK_MESSAGE(Contains(wildcard,
                               "<mark>Prefetching</mark> helps; "
                               "so does the "
                               "<mark>prefetcher</mark>."),
                      wildcard);
  const std::string accents = b.Results("%C3%BCber+%C3%A4rger");
  BOOST_CHECK_MESSAGE(Contains(accents,
                               "<mark>Über</mark> alles, "
                               "<mark>Ärger</mark>."),
                      accents);
  // A filter is no word of the text: "PostgreSQL" is only a tag here.
  const std::string filtered = b.Results("tag%3APostgreSQL+pools");
  BOOST_CHECK(Contains(filtered, "<mark>pools</mark>"));
  BOOST_CHECK(!Contains(filtered, "<mark>tag"));
}

// A snippet shows the part of the text with the most matched words: far
// into the first KB it starts with "…" a few words before them.
BOOST_AUTO_TEST_CASE(a_snippet_shows_the_window_with_the_most_matches) {
  Blog b;
  std::string body = "Once upon a time there was an autovacuum. ";
  for (int i = 0; i < 10; ++i)
    body += "Nothing to see in line " + std::to_string(i) + " at all. ";
  body += "Then autovacuum met the autovacuum daemon and autovacuum won.";
  b.Write("posts/x.md", PostFile("Vacuum", "2023-01-10", body));
  b.MustImport();
  const std::string html = b.Results("autovacuum");
  BOOST_CHECK_MESSAGE(Contains(html,
                               "\u2026Nothing to see in line 9 at all. "
                               "Then <mark>autovacuum"
                               "</mark> met the <mark>autovacuum"
                               "</mark> daemon and <mark>autovacuum"
                               "</mark> won."),
                      html);
  BOOST_CHECK(!Contains(html, "Once upon"));
}

// Odd characters (letters outside ASCII, a zero-width space, a dash
// between words) and markup written as text never break a snippet: the
// words around them are still marked, the rest escaped as it is.
BOOST_AUTO_TEST_CASE(snippets_survive_odd_characters) {
  Blog b;
  b.Write("posts/x.md",
          PostFile("Odd", "2023-01-10",
                   "Zebra \xC2\xAA\xC2\xB5 \xE2\x80\x8B zebra\xE2\x80\x94"
                   "zebras `& <zebra> \"zebra\"`"));
  b.MustImport();
  const std::string html = b.Results("zebra");
  BOOST_CHECK_MESSAGE(
      Contains(html,
               "<mark>Zebra</mark> \xC2\xAA\xC2\xB5 \xE2\x80\x8B "
               "<mark>zebra</mark>\xE2\x80\x94<mark>zebras</mark> &amp; "
               "&lt;<mark>zebra</mark>&gt; &quot;<mark>zebra</mark>&quot;"),
      html);
}

// The search page is its page.tpl frame cut once (fragment.h) and filled
// with each search's title and content (page_search.cc). Whatever the
// theme, a page must be byte for byte the page.tpl expanded around
// search.tpl, as a site without a render cache (render_cache_bytes: 0)
// renders every search.
namespace {

// A site over b's store whose searches expand page.tpl every time.
std::unique_ptr<Site> WholePageSite(const Blog& b, Settings settings) {
  settings.render_cache_bytes = 0;
  std::shared_ptr<const SiteConfig> config;
  Status s = LoadSiteConfig(settings, &config);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  return std::make_unique<Site>(b.store.get(), config);
}

// Every kind of search page: results, a phrase, a second page, none, "did
// you mean", characters HTML escapes, the refusals (400) and no query.
const std::vector<std::string> kEverySearchPage = {
    "pool",
    "%22connection+pool%22",
    "pool&page=2",
    "zzzqqq",
    "pgbounzer",
    "%3Cb%3E%26%22%27pool%27%3C%2Fb%3E",
    "pool&page=0",
    "%ZZ",
    std::string(1600, 'a'),
    ""};

void ExpectSamePages(const Blog& b, const Site& whole,
                     const std::string& what) {
  for (int round = 0; round < 2; ++round) {  // the second from kept frames
    for (const std::string& q : kEverySearchPage) {
      Request r;
      r.method = "GET";
      // Another &n each round: the render cache does not answer.
      r.target = "/search/?q=" + q + "&n=" + std::to_string(round);
      const Response framed = b.site->Handle(r, kNow);
      const Response expanded = whole.Handle(r, kNow);
      BOOST_TEST_CONTEXT(what << ": " << r.target) {
        BOOST_CHECK_EQUAL(framed.status, expanded.status);
        BOOST_CHECK(framed.body == expanded.body);
        BOOST_CHECK_EQUAL(framed.Header("Last-Modified"),
                          expanded.Header("Last-Modified"));
      }
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_search_page_in_its_kept_frame_is_the_page_expanded) {
  Blog b;
  for (int i = 0; i < 12; ++i) {
    b.Write("posts/pool-" + std::to_string(i) + ".md",
            PostFile("Pool <" + std::to_string(i) + "> & 'friends'",
                     "2023-01-1" + std::to_string(i % 10),
                     "The connection pool of PgBouncer, part " +
                         std::to_string(i) + "."));
  }
  b.MustImport();
  BOOST_CHECK(Contains(b.Results("pool"), "Search results for “pool”"));
  ExpectSamePages(b, *WholePageSite(b, b.settings), "the sample theme");

  // A new configuration (a new site title) is a new frame.
  Settings renamed = b.settings;
  renamed.title = "Renamed <Blog>";
  std::shared_ptr<const SiteConfig> config;
  BOOST_REQUIRE(LoadSiteConfig(renamed, &config).ok());
  b.site->Reload(config);
  BOOST_CHECK(Contains(b.Results("pool"), "– Renamed &lt;Blog&gt;</title>"));
  ExpectSamePages(b, *WholePageSite(b, renamed), "after a reload");
}

// A theme that puts the title where it is escaped otherwise (a script)
// does not fit a frame: its searches expand page.tpl, and still show the
// right page. One that wraps the results does, with the same pages.
BOOST_AUTO_TEST_CASE(themes_of_their_own_get_the_pages_expanded) {
  Blog b;
  WriteSample(b);
  b.MustImport();
  const fs::path theme = b.tmp / "theme";
  fs::copy(SOURCE_DIR "/templates", theme, fs::copy_options::recursive);
  auto edit = [&](const std::string& name, const std::string& after,
                  const std::string& insert) {
    std::ifstream in(theme / name);
    std::stringstream text;
    text << in.rdbuf();
    std::string s = text.str();
    const size_t at = s.find(after);
    BOOST_REQUIRE(at != std::string::npos);
    s.insert(at + after.size(), insert);
    WriteFile((theme / name).string(), s);
  };
  edit("page.tpl", "</title>",
       "\n<script>var title = \"{{PAGE_TITLE}}\";</script>");
  Settings settings = b.settings;
  settings.templates_dir = theme.string();
  std::shared_ptr<const SiteConfig> config;
  Status s = LoadSiteConfig(settings, &config);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  b.site->Reload(config);
  const std::string page = b.Results("pool+%3C%2Fscript%3E");
  BOOST_CHECK(Contains(
      page, "var title = \"Search results for “pool \\x3c/script\\x3e”"));
  BOOST_CHECK(!Contains(page, "\x01"));
  ExpectSamePages(b, *WholePageSite(b, settings), "a theme of its own");

  // A theme that wraps RESULT (shown once, with every result's markup)
  // fits a frame, and a search without results has no RESULT either way.
  Settings wrapping = b.settings;
  const fs::path theme2 = b.tmp / "theme2";
  fs::copy(SOURCE_DIR "/templates", theme2, fs::copy_options::recursive);
  std::ifstream in(theme2 / "search.tpl");
  std::stringstream text;
  text << in.rdbuf();
  std::string tpl = text.str();
  const std::string results = "{{#RESULT}}{{RESULT_HTML:none}}{{/RESULT}}";
  BOOST_REQUIRE(Contains(tpl, results));
  tpl.replace(tpl.find(results), results.size(),
              "{{#RESULT}}<ol>{{RESULT_HTML:none}}</ol>{{/RESULT}}");
  WriteFile((theme2 / "search.tpl").string(), tpl);
  wrapping.templates_dir = theme2.string();
  BOOST_REQUIRE(LoadSiteConfig(wrapping, &config).ok());
  b.site->Reload(config);
  BOOST_CHECK(Contains(b.Results("pool"), "<ol><article"));
  BOOST_CHECK(!Contains(b.Results("zzzqqq"), "<ol>"));
  ExpectSamePages(b, *WholePageSite(b, wrapping), "a theme wrapping RESULT");
}

// A search for one common word alone comes from the word's champion list
// (champions.h), written at import: the posts that say it most first, the
// exact count, the list's ten pages, then Xapian's ranking beyond. The
// lists hold document ids, which must survive an import that replaces
// every post (new ids) and the compaction after it.
namespace {

// n posts "<prefix>-i" saying "common" i + 1 times, and "rare" in one.
void WriteCommonPosts(const Blog& b, const std::string& prefix, int n) {
  for (int i = 0; i < n; ++i) {
    std::string body;
    for (int k = 0; k <= i; ++k) body += "common ";
    if (i == 7) body += "rare";
    const std::string name = prefix + "-" + std::to_string(1000 + i);
    b.Write("posts/" + name + ".md", PostFile(name, "2023-01-01", body + "."));
  }
}

// The titles of a result page, in order.
std::vector<std::string> TitlesOf(const std::string& html) {
  std::vector<std::string> titles;
  const std::string mark = "<h2 class=\"entry-title\"><a href=\"";
  for (size_t at = html.find(mark); at != std::string::npos;
       at = html.find(mark, at + 1)) {
    const size_t begin = html.find("\">", at + mark.size()) + 2;
    titles.push_back(html.substr(begin, html.find("</a>", begin) - begin));
  }
  return titles;
}

// The titles a page of "common" must show: most mentions first.
std::vector<std::string> MostCommon(const std::string& prefix, int n,
                                    int page) {
  std::vector<std::string> titles;
  for (int i = n - 1 - 10 * (page - 1); i >= 0 && i > n - 1 - 10 * page; --i)
    titles.push_back(prefix + "-" + std::to_string(1000 + i));
  return titles;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_common_word_alone_is_ranked_at_import) {
  Blog b;
  WriteCommonPosts(b, "a", 300);
  b.MustImport();
  for (int page : {1, 2, 10, 11, 30}) {
    const std::string html = b.Results("common&page=" + std::to_string(page));
    BOOST_TEST_CONTEXT("page " << page) {
      BOOST_CHECK(Contains(html, "300 posts."));
      BOOST_CHECK(TitlesOf(html) == MostCommon("a", 300, page));
    }
  }
  // Every post replaced by another: new document ids.
  for (int i = 0; i < 300; ++i)
    b.Remove("posts/a-" + std::to_string(1000 + i) + ".md");
  WriteCommonPosts(b, "b", 250);
  b.MustImport(/*prune=*/true);
  for (int page : {1, 3, 10, 11}) {
    const std::string html = b.Results("common&page=" + std::to_string(page));
    BOOST_TEST_CONTEXT("after, page " << page) {
      BOOST_CHECK(Contains(html, "250 posts."));
      BOOST_CHECK(TitlesOf(html) == MostCommon("b", 250, page));
    }
  }
  BOOST_CHECK(b.Finds("rare", "b-1007"));
  BOOST_CHECK(!b.Finds("rare", "a-1007"));
}
