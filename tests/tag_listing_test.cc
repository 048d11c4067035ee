// The work of tag listings (/tags/, /sitemap.xml, `levelpress urls`),
// bounded by counting store reads and rank-list scans instead of timing.
//
// Regression: ListTags read and decoded the newest post's entry once per
// tag and slugified all of its tags to find the tag's spelling, so a few
// posts carrying thousands of tags made the listing quadratic: 0.9 s at
// 5,000 tags, 3.8 s at 10,000, 28-44 s at 20,000 (nginx gives up at 30 s).
#define BOOST_TEST_MODULE tag_listing
#define BOOST_TEST_DYN_LINK
#include <leveldb/helpers/memenv.h>

#include <boost/test/unit_test.hpp>
#include <memory>
#include <string>
#include <vector>

#include "dates.h"
#include "pages.h"
#include "request.h"
#include "site.h"
#include "store.h"

using namespace levelpress;

namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kBase = 1700000000;
constexpr int64_t kNow = kBase + 1000 * kDay;

std::string TagName(size_t i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "Tag Number %05zu", i);
  return buf;
}
std::string TagSlug(size_t i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "tag-number-%05zu", i);
  return buf;
}

// `tags` tags spread over `posts` posts (tags/posts each), author ana.
struct ManyTags {
  std::unique_ptr<leveldb::Env> env{
      leveldb::NewMemEnv(leveldb::Env::Default())};
  std::unique_ptr<Store> store;

  ManyTags(size_t tags, size_t posts) {
    OpenOptions o;
    o.env = env.get();
    BOOST_REQUIRE(Store::Open("/mem/store", o, &store).ok());
    StoreWriter w(store.get(), kBase);
    Author a;
    a.id = "ana";
    a.name = "Ana";
    a.source_path = "authors/ana.md";
    BOOST_REQUIRE(w.PutAuthor(a).ok());
    const size_t per_post = tags / posts;
    for (size_t p = 0; p < posts; ++p) {
      Post post;
      post.slug = "post-" + std::to_string(p);
      post.source_path = "posts/" + post.slug + ".md";
      post.title = "Post " + std::to_string(p);
      post.date = kBase + static_cast<int64_t>(p) * kDay;
      post.author_ids = {"ana"};
      for (size_t t = p * per_post; t < (p + 1) * per_post; ++t) {
        post.tags.push_back(TagName(t));
      }
      post.body_html = "<p>x</p>\n";
      Status s = w.PutPost(std::move(post));
      BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
    }
    BOOST_REQUIRE(w.Commit(false).ok());
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(list_tags_reads_each_newest_post_once) {
  const size_t kTags = 20000, kPosts = 10;
  ManyTags m(kTags, kPosts);
  Store::ReadCounts before = m.store->read_counts();
  std::vector<TagInfo> tags;
  BOOST_REQUIRE(m.store->View().ListTags(kNow, &tags).ok());
  Store::ReadCounts after = m.store->read_counts();
  BOOST_REQUIRE_EQUAL(tags.size(), kTags);
  // Before the fix: one read per tag (20,000), each decoding 2,000 tags.
  BOOST_CHECK_LE(after.entry_reads - before.entry_reads, kPosts);
  BOOST_CHECK_EQUAL(after.rank_scans - before.rank_scans, 1u);
  BOOST_CHECK_EQUAL(after.keys_scanned - before.keys_scanned, kTags);
  for (size_t i = 0; i < kTags; i += 997) {
    BOOST_CHECK_EQUAL(tags[i].slug, TagSlug(i));
    BOOST_CHECK_EQUAL(tags[i].name, TagName(i));  // the post's spelling
    BOOST_CHECK_EQUAL(tags[i].count, 1u);
  }
}

BOOST_AUTO_TEST_CASE(tags_named_by_their_newest_post) {
  ManyTags m(2, 1);
  StoreWriter w(m.store.get(), kBase);
  Post newer;
  newer.slug = "newer";
  newer.source_path = "posts/newer.md";
  newer.title = "Newer";
  newer.date = kBase + 5 * kDay;
  newer.author_ids = {"ana"};
  newer.tags = {"TAG number 00001", "Other"};
  BOOST_REQUIRE(w.PutPost(newer).ok());
  BOOST_REQUIRE(w.Commit(false).ok());
  std::vector<TagInfo> tags;
  BOOST_REQUIRE(m.store->View().ListTags(kNow, &tags).ok());
  BOOST_REQUIRE_EQUAL(tags.size(), 3u);
  BOOST_CHECK_EQUAL(tags[0].slug, "other");
  BOOST_CHECK_EQUAL(tags[1].name, "Tag Number 00000");
  BOOST_CHECK_EQUAL(tags[2].name, "TAG number 00001");
  BOOST_CHECK_EQUAL(tags[2].count, 2u);
  // Before the newer post's date, the older spelling and count.
  BOOST_REQUIRE(m.store->View().ListTags(kBase + kDay, &tags).ok());
  BOOST_REQUIRE_EQUAL(tags.size(), 2u);
  BOOST_CHECK_EQUAL(tags[1].name, "Tag Number 00001");
  BOOST_CHECK_EQUAL(tags[1].count, 1u);
}

// After /tags/ has scanned every tag at once, a tag's own listing is
// covered by that scan (no second scan per tag).
BOOST_AUTO_TEST_CASE(tag_listings_reuse_the_all_tags_scan) {
  const size_t kTags = 2000;
  ManyTags m(kTags, 4);
  std::vector<TagInfo> tags;
  BOOST_REQUIRE(m.store->View().ListTags(kNow, &tags).ok());
  Store::ReadCounts before = m.store->read_counts();
  for (const auto& t : tags) {
    BOOST_CHECK_EQUAL(m.store->View().CountVisible(Listing::Tag(t.slug), kNow),
                      1u);
  }
  BOOST_CHECK_EQUAL(m.store->read_counts().rank_scans, before.rank_scans);
  // A crawl of every tag without /tags/ first: one scan per tag, no more.
  ManyTags fresh(kTags, 4);
  before = fresh.store->read_counts();
  for (size_t i = 0; i < kTags; ++i) {
    ListingPage page;
    BOOST_REQUIRE(fresh.store->View()
                      .ListPage(Listing::Tag(TagSlug(i)), kNow, 0, 10, &page)
                      .ok());
    BOOST_CHECK_EQUAL(page.total, 1u);
    BOOST_REQUIRE(fresh.store->View()
                      .ListPage(Listing::Tag(TagSlug(i)), kNow, 0, 10, &page)
                      .ok());
  }
  BOOST_CHECK_EQUAL(fresh.store->read_counts().rank_scans - before.rank_scans,
                    kTags);
}

// The pages on top: /tags/ and /sitemap.xml read each post's entry a
// bounded number of times, not once per tag.
BOOST_AUTO_TEST_CASE(tags_page_and_sitemap_read_per_post_not_per_tag) {
  BOOST_REQUIRE(SetTimeZone("UTC").ok());
  const size_t kTags = 20000, kPosts = 10;
  ManyTags m(kTags, kPosts);
  Settings settings;
  settings.templates_dir = SOURCE_DIR "/templates";
  std::shared_ptr<const SiteConfig> config;
  Status s = LoadSiteConfig(settings, &config);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  Site site(m.store.get(), config);
  for (const char* path : {"/tags/", "/sitemap.xml"}) {
    BOOST_TEST_CONTEXT(path) {
      Store::ReadCounts before = m.store->read_counts();
      Request r;
      r.method = "GET";
      r.target = path;
      Response resp = site.Handle(r, kNow);
      BOOST_CHECK_EQUAL(resp.status, 200);
      BOOST_CHECK_LE(m.store->read_counts().entry_reads - before.entry_reads,
                     3 * kPosts);
    }
  }
  std::vector<std::string> paths;
  Store::ReadCounts before = m.store->read_counts();
  BOOST_REQUIRE(site.AllPaths(kNow, &paths).ok());
  BOOST_CHECK_GT(paths.size(), kTags);
  BOOST_CHECK_LE(m.store->read_counts().entry_reads - before.entry_reads,
                 3 * kPosts);
}
