// A store opened without rank lists (as a CGI request opens it) answers
// every listing query exactly as one with rank lists: same pages, totals,
// scheduled-post boundaries and validators, across writes and removals.
#define BOOST_TEST_MODULE listing_scan
#define BOOST_TEST_DYN_LINK
#include <leveldb/helpers/memenv.h>

#include <boost/test/unit_test.hpp>
#include <memory>
#include <string>
#include <vector>

#include "store.h"

using namespace levelpress;

namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kBase = 1700000000;

Post MakePost(int i, int64_t date, std::vector<std::string> tags) {
  Post p;
  p.slug = "post-" + std::to_string(i);
  p.title = "Post " + std::to_string(i);
  p.date = date;
  p.author_ids = {i % 3 == 0 ? "ana" : "ben"};
  p.tags = std::move(tags);
  p.draft = i % 11 == 5;
  p.body_markdown = "Body.\n";
  p.body_html = p.excerpt_html = "<p>Body.</p>\n";
  return p;
}

void AddAuthors(StoreWriter* w) {
  for (const char* id : {"ana", "ben"}) {
    Author a;
    a.id = id;
    a.name = id;
    BOOST_REQUIRE(w->PutAuthor(a).ok());
  }
}

std::unique_ptr<Store> OpenStore(leveldb::Env* env, bool rank_lists) {
  OpenOptions o;
  o.env = env;
  o.rank_lists = rank_lists;
  std::unique_ptr<Store> store;
  Status s = Store::Open("/mem/scan", o, &store);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  return store;
}

std::string Describe(const ListingPage& p) {
  std::string out = "total=" + std::to_string(p.total) +
                    " next=" + std::to_string(p.next_change) +
                    " changed=" + std::to_string(p.membership_changed) + ":";
  for (const auto& e : p.entries) out += " " + e.slug;
  return out;
}

void CompareModes(leveldb::Env* env, int64_t now) {
  std::vector<Listing> listings = {
      Listing::All(),         Listing::Tag("alpha"),  Listing::Tag("beta"),
      Listing::Author("ana"), Listing::Author("ben"), Listing::Tag("none")};
  std::vector<std::string> ranked, scanned;
  for (bool rank_lists : {true, false}) {
    auto store = OpenStore(env, rank_lists);
    auto& out = rank_lists ? ranked : scanned;
    for (const auto& l : listings) {
      out.push_back(l.Name() + " count=" +
                    std::to_string(store->View().CountVisible(l, now)));
      for (size_t offset : {0, 3, 7, 20, 1000}) {
        for (size_t limit : {0, 1, 3, 10}) {
          ListingPage page;
          BOOST_REQUIRE(
              store->View().ListPage(l, now, offset, limit, &page).ok());
          out.push_back(l.Name() + "@" + std::to_string(offset) + "/" +
                        std::to_string(limit) + " " + Describe(page));
        }
      }
    }
    std::vector<std::string> problems;
    BOOST_REQUIRE(store->Check(&problems).ok());
    for (const auto& p : problems) BOOST_ERROR(p);
  }
  BOOST_REQUIRE_EQUAL(ranked.size(), scanned.size());
  for (size_t i = 0; i < ranked.size(); ++i) {
    BOOST_CHECK_EQUAL(ranked[i], scanned[i]);
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(scan_mode_answers_like_rank_lists) {
  std::unique_ptr<leveldb::Env> env(
      leveldb::NewMemEnv(leveldb::Env::Default()));
  const int64_t now = kBase + 100 * kDay;
  {
    auto store = OpenStore(env.get(), true);
    StoreWriter w(store.get(), now);
    AddAuthors(&w);
    for (int i = 0; i < 40; ++i) {
      std::vector<std::string> tags;
      if (i % 2 == 0) tags.push_back(i % 4 == 0 ? "Alpha" : "alpha");
      if (i % 3 == 0) tags.push_back("Beta");
      // Posts 35..39 are scheduled 1..5 days ahead.
      int64_t date = i < 35 ? kBase + i * kDay : now + (i - 34) * kDay;
      BOOST_REQUIRE(w.PutPost(MakePost(i, date, tags)).ok());
    }
    BOOST_REQUIRE(w.Commit(true).ok());
  }
  CompareModes(env.get(), now);
  CompareModes(env.get(), now + 2 * kDay + 1);  // two scheduled went live
  CompareModes(env.get(), now + 10 * kDay);     // all live
  {
    // Remove some, move some to other tags and dates, in one batch with a
    // second change of the same post.
    auto store = OpenStore(env.get(), true);
    StoreWriter w(store.get(), now + 1);
    BOOST_REQUIRE(w.RemovePost("post-2").ok());
    BOOST_REQUIRE(w.RemovePost("post-37").ok());
    BOOST_REQUIRE(w.PutPost(MakePost(4, kBase - kDay, {"Beta"})).ok());
    BOOST_REQUIRE(w.PutPost(MakePost(4, kBase - 2 * kDay, {"gamma"})).ok());
    BOOST_REQUIRE(w.Commit(true).ok());
  }
  CompareModes(env.get(), now);
  CompareModes(env.get(), now + 10 * kDay);
}

BOOST_AUTO_TEST_CASE(check_reports_a_wrong_count) {
  std::unique_ptr<leveldb::Env> env(
      leveldb::NewMemEnv(leveldb::Env::Default()));
  {
    auto store = OpenStore(env.get(), true);
    StoreWriter w(store.get(), kBase);
    AddAuthors(&w);
    BOOST_REQUIRE(w.PutPost(MakePost(1, kBase, {"alpha"})).ok());
    BOOST_REQUIRE(w.Commit(true).ok());
  }
  {
    leveldb::Options o;
    o.env = env.get();
    leveldb::DB* db = nullptr;
    BOOST_REQUIRE(leveldb::DB::Open(o, "/mem/scan", &db).ok());
    std::string nine(7, '\0');
    nine.push_back('\x09');
    db->Put(leveldb::WriteOptions(), "n:tag:alpha", nine);
    delete db;
  }
  auto store = OpenStore(env.get(), true);
  std::vector<std::string> problems;
  BOOST_REQUIRE(store->Check(&problems).ok());
  BOOST_REQUIRE_EQUAL(problems.size(), 1u);
  BOOST_CHECK_EQUAL(problems[0], "listing tag:alpha counts 9 posts but has 1");
}
