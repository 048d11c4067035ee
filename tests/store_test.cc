#define BOOST_TEST_MODULE store
#define BOOST_TEST_DYN_LINK
#include "store.h"

#include <leveldb/db.h>
#include <leveldb/helpers/memenv.h>
#include <leveldb/write_batch.h>
#include <unistd.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "codec.h"
#include "records.h"
#include "test_util.h"

using namespace levelpress;
using levelpress::testing::Contains;

namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kBase = 1700000000;          // 2023-11-14T22:13:20Z
constexpr int64_t kNow = kBase + 1000 * kDay;  // every test post is older
constexpr char kPath[] = "/mem/store";

Post MakePost(const std::string& slug, int64_t date,
              std::vector<std::string> tags = {},
              const std::string& author = "ana", bool draft = false) {
  Post p;
  p.slug = slug;
  p.source_path = "posts/" + slug + ".md";
  p.title = "Title of " + slug;
  p.date = date;
  p.author_ids = {author};
  p.tags = std::move(tags);
  p.draft = draft;
  p.body_markdown = "Body of " + slug + ".\n";
  p.body_html = "<p>Body of " + slug + ".</p>\n";
  p.excerpt_html = p.body_html;
  return p;
}

Author MakeAuthor(const std::string& id) {
  Author a;
  a.id = id;
  a.name = "Name of " + id;
  a.source_path = "authors/" + id + ".md";
  return a;
}

std::vector<std::string> Slugs(const ListingPage& page) {
  std::vector<std::string> out;
  for (const auto& e : page.entries) out.push_back(e.slug);
  return out;
}

// A store in LevelDB's in-memory Env, which outlives Close()/Open().
struct MemStore {
  std::unique_ptr<leveldb::Env> env{
      leveldb::NewMemEnv(leveldb::Env::Default())};
  std::unique_ptr<Store> store;

  MemStore() { Open(); }

  void Open() {
    OpenOptions o;
    o.env = env.get();
    Status s = Store::Open(kPath, o, &store);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  }
  Status TryOpen() {
    OpenOptions o;
    o.env = env.get();
    return Store::Open(kPath, o, &store);
  }
  void Close() { store.reset(); }

  // With the store closed: works on the raw LevelDB database.
  void Raw(const std::function<void(leveldb::DB*)>& fn) {
    BOOST_REQUIRE(!store);
    leveldb::Options o;
    o.env = env.get();
    leveldb::DB* db = nullptr;
    leveldb::Status s = leveldb::DB::Open(o, kPath, &db);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
    fn(db);
    delete db;
  }
  std::map<std::string, std::string> Dump() {
    std::map<std::string, std::string> out;
    Raw([&](leveldb::DB* db) {
      std::unique_ptr<leveldb::Iterator> it(
          db->NewIterator(leveldb::ReadOptions()));
      for (it->SeekToFirst(); it->Valid(); it->Next()) {
        out[it->key().ToString()] = it->value().ToString();
      }
    });
    return out;
  }
  void RawPut(const std::string& key, const std::string& value) {
    Raw([&](leveldb::DB* db) {
      BOOST_REQUIRE(db->Put(leveldb::WriteOptions(), key, value).ok());
    });
  }
  void RawDelete(const std::string& key) {
    Raw([&](leveldb::DB* db) {
      BOOST_REQUIRE(db->Delete(leveldb::WriteOptions(), key).ok());
    });
  }

  void Put(std::vector<Post> posts, int64_t now = kBase) {
    StoreWriter w(store.get(), now);
    for (auto& p : posts) {
      Status s = w.PutPost(std::move(p));
      BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
    }
    BOOST_REQUIRE(w.Commit(false).ok());
  }
  void PutAuthors(std::vector<std::string> ids) {
    StoreWriter w(store.get(), kBase);
    for (const auto& id : ids) BOOST_REQUIRE(w.PutAuthor(MakeAuthor(id)).ok());
    BOOST_REQUIRE(w.Commit(false).ok());
  }
  void Remove(const std::string& slug) {
    StoreWriter w(store.get(), kBase);
    Status s = w.RemovePost(slug);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
    BOOST_REQUIRE(w.Commit(false).ok());
  }
  ListingPage Page(const Listing& l, size_t offset = 0, size_t limit = 100,
                   int64_t now = kNow) {
    ListingPage page;
    Status s = store->View().ListPage(l, now, offset, limit, &page);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
    return page;
  }
  std::vector<std::string> Problems() {
    std::vector<std::string> problems;
    Status s = store->Check(&problems);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
    return problems;
  }
};

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += s + "\n";
  return out;
}

#define CHECK_CLEAN(m)                                       \
  do {                                                       \
    auto problems_ = (m).Problems();                         \
    BOOST_CHECK_MESSAGE(problems_.empty(), Join(problems_)); \
  } while (0)

}  // namespace

BOOST_AUTO_TEST_SUITE(records)

BOOST_AUTO_TEST_CASE(post_round_trips_through_encode) {
  Post p = MakePost("hello", kBase, {"A", "b"});
  p.aliases = {"/old/"};
  p.assets = {"posts/x.png"};
  p.summary = "sum";
  p.written_at = 42;
  Post q;
  BOOST_REQUIRE(q.Decode(p.Encode()).ok());
  BOOST_CHECK(q.Encode() == p.Encode());
  BOOST_CHECK_EQUAL(q.written_at, 42);
  // EncodeContent leaves written_at out.
  q.written_at = 43;
  BOOST_CHECK(q.EncodeContent() == p.EncodeContent());
  BOOST_CHECK(q.Encode() != p.Encode());
}

BOOST_AUTO_TEST_CASE(truncated_and_trailing_bytes_are_corruption) {
  std::string bytes = MakePost("hello", kBase).Encode();
  Post q;
  BOOST_CHECK(q.Decode(bytes.substr(0, bytes.size() - 1)).IsCorruption());
  BOOST_CHECK(q.Decode(bytes + "x").IsCorruption());
  BOOST_CHECK(q.Decode("").IsCorruption());
  Entry e;
  BOOST_CHECK(e.Decode(bytes).IsCorruption());  // a post is no entry
}

BOOST_AUTO_TEST_CASE(future_schema_version_is_corruption) {
  Post p = MakePost("hello", kBase);
  std::string bytes = p.Encode();
  std::string v2;
  AppendBigEndian64(&v2, kSchemaVersion + 1);
  bytes.replace(0, 8, v2);
  Post q;
  Status s = q.Decode(bytes);
  BOOST_CHECK(s.IsCorruption());
  BOOST_CHECK_MESSAGE(
      Contains(s.message(),
               "schema version " + std::to_string(kSchemaVersion + 1)),
      s.message());
  Author a = MakeAuthor("ana");
  std::string ab = a.Encode();
  ab.replace(0, 8, v2);
  BOOST_CHECK(Author().Decode(ab).IsCorruption());
}

BOOST_AUTO_TEST_CASE(tag_slugs_are_unique_and_case_folded) {
  Post p = MakePost("x", kBase, {"Django", "django", "C++", "!!"});
  std::vector<std::string> want = {"django", "cpp"};
  BOOST_CHECK(p.TagSlugs() == want);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(store)

BOOST_AUTO_TEST_CASE(put_and_get_post) {
  MemStore m;
  Post p = MakePost("hello-world", kBase, {"Go"});
  p.aliases = {"/old/hello/"};
  m.Put({p}, kBase + 5);

  Post got;
  BOOST_REQUIRE(m.store->View().GetPost("hello-world", &got).ok());
  BOOST_CHECK_EQUAL(got.title, p.title);
  BOOST_CHECK_EQUAL(got.date, p.date);
  BOOST_CHECK(got.EncodeContent() == p.EncodeContent());
  BOOST_CHECK_EQUAL(got.written_at, kBase + 5);  // the writer's now

  Entry e;
  BOOST_REQUIRE(m.store->View().GetEntry("hello-world", &e).ok());
  BOOST_CHECK(e.Encode() == got.ToEntry().Encode());
  BOOST_CHECK_EQUAL(e.visible_since, kBase + 5);

  std::string slug;
  BOOST_REQUIRE(m.store->View().ResolveAlias("/old/hello/", &slug).ok());
  BOOST_CHECK_EQUAL(slug, "hello-world");

  BOOST_CHECK(m.store->View().GetPost("nope", &got).IsNotFound());
  BOOST_CHECK(m.store->View().GetEntry("nope", &e).IsNotFound());
  BOOST_CHECK(m.store->View().ResolveAlias("/nope/", &slug).IsNotFound());
}

BOOST_AUTO_TEST_CASE(invalid_slug_is_refused) {
  MemStore m;
  StoreWriter w(m.store.get(), kBase);
  BOOST_CHECK(w.PutPost(MakePost("Not A Slug", kBase)).IsInvalidArgument());
  BOOST_CHECK(w.PutPost(MakePost("", kBase)).IsInvalidArgument());
  BOOST_CHECK(w.Commit(false).ok());
  BOOST_CHECK_EQUAL(m.store->generation(), 0u);
}

BOOST_AUTO_TEST_CASE(data_survives_reopen) {
  MemStore m;
  m.Put({MakePost("a", kBase)});
  uint64_t gen = m.store->generation();
  BOOST_CHECK_EQUAL(gen, 1u);
  m.Close();
  m.Open();
  BOOST_CHECK_EQUAL(m.store->generation(), gen);
  Post p;
  BOOST_CHECK(m.store->View().GetPost("a", &p).ok());
}

BOOST_AUTO_TEST_CASE(listing_is_newest_first) {
  MemStore m;
  m.Put({MakePost("middle", kBase + kDay), MakePost("old", kBase),
         MakePost("new", kBase + 2 * kDay)});
  ListingPage page = m.Page(Listing::All());
  std::vector<std::string> want = {"new", "middle", "old"};
  BOOST_CHECK(Slugs(page) == want);
  BOOST_CHECK_EQUAL(page.total, 3u);
  BOOST_CHECK_EQUAL(page.next_change, 0);
  BOOST_CHECK_EQUAL(m.store->View().CountVisible(Listing::All(), kNow), 3u);
  std::vector<std::string> all;
  BOOST_REQUIRE(m.store->View().ListPostSlugs(&all).ok());
  BOOST_CHECK_EQUAL(all.size(), 3u);
}

BOOST_AUTO_TEST_CASE(same_date_orders_by_slug) {
  MemStore m;
  m.Put({MakePost("b", kBase), MakePost("a", kBase), MakePost("c", kBase)});
  std::vector<std::string> want = {"a", "b", "c"};
  BOOST_CHECK(Slugs(m.Page(Listing::All())) == want);
}

BOOST_AUTO_TEST_CASE(dates_before_1970_sort_correctly) {
  MemStore m;
  m.Put({MakePost("y1969", -kDay * 200), MakePost("y1970", 10),
         MakePost("y1900", -2208988800)});
  std::vector<std::string> want = {"y1970", "y1969", "y1900"};
  BOOST_CHECK(Slugs(m.Page(Listing::All())) == want);
}

BOOST_AUTO_TEST_CASE(pagination_edges) {
  MemStore m;
  std::vector<Post> posts;
  std::vector<std::string> newest_first;
  for (int i = 0; i < 10; ++i) {
    posts.push_back(MakePost("p" + std::to_string(i), kBase + i * kDay));
  }
  for (int i = 9; i >= 0; --i) newest_first.push_back("p" + std::to_string(i));
  m.Put(posts);

  std::vector<std::string> joined;
  for (size_t off = 0; off < 10; off += 5) {
    ListingPage page = m.Page(Listing::All(), off, 5);
    BOOST_CHECK_EQUAL(page.entries.size(), 5u);  // 10 is an exact multiple
    BOOST_CHECK_EQUAL(page.total, 10u);
    for (auto& s : Slugs(page)) joined.push_back(s);
  }
  BOOST_CHECK(joined == newest_first);

  ListingPage at_end = m.Page(Listing::All(), 10, 5);  // right after the last
  BOOST_CHECK(at_end.entries.empty());
  BOOST_CHECK_EQUAL(at_end.total, 10u);

  ListingPage beyond = m.Page(Listing::All(), 1000, 5);
  BOOST_CHECK(beyond.entries.empty());
  BOOST_CHECK_EQUAL(beyond.total, 10u);

  ListingPage partial = m.Page(Listing::All(), 8, 5);
  std::vector<std::string> last_two = {"p1", "p0"};
  BOOST_CHECK(Slugs(partial) == last_two);

  ListingPage three = m.Page(Listing::All(), 3, 3);
  std::vector<std::string> want3 = {"p6", "p5", "p4"};
  BOOST_CHECK(Slugs(three) == want3);

  BOOST_CHECK(m.Page(Listing::All(), 0, 0).entries.empty());
}

BOOST_AUTO_TEST_CASE(tags_are_one_by_slug_and_keep_their_spelling) {
  MemStore m;
  m.PutAuthors({"ana"});
  m.Put({MakePost("upper", kBase, {"Django"}),
         MakePost("lower", kBase + kDay, {"django", "Python"}),
         MakePost("both", kBase + 2 * kDay, {"Django", "django"}),
         MakePost("other", kBase + 3 * kDay, {"Go"})});
  ListingPage page = m.Page(Listing::Tag("django"));
  std::vector<std::string> want = {"both", "lower", "upper"};
  BOOST_CHECK(Slugs(page) == want);  // "both" once, though it has two spellings
  BOOST_CHECK_EQUAL(page.total, 3u);
  BOOST_REQUIRE_EQUAL(page.entries.size(), 3u);
  std::vector<std::string> lower_tags = {"django", "Python"};
  std::vector<std::string> upper_tags = {"Django"};
  BOOST_CHECK(page.entries[1].tags == lower_tags);
  BOOST_CHECK(page.entries[2].tags == upper_tags);
  Post p;
  BOOST_REQUIRE(m.store->View().GetPost("upper", &p).ok());
  BOOST_CHECK(p.tags == upper_tags);

  BOOST_CHECK(m.Page(Listing::Tag("Django")).entries.empty());  // ids are slugs
  BOOST_CHECK_EQUAL(m.Page(Listing::Tag("python")).total, 1u);
  BOOST_CHECK_EQUAL(m.Page(Listing::Tag("go")).total, 1u);
  CHECK_CLEAN(m);
}

BOOST_AUTO_TEST_CASE(tag_whose_slug_is_a_prefix_of_another) {
  MemStore m;
  m.Put({MakePost("a", kBase, {"go"}), MakePost("b", kBase, {"go-lang"}),
         MakePost("c", kBase, {"Go Lang"})});
  BOOST_CHECK_EQUAL(m.Page(Listing::Tag("go")).total, 1u);
  BOOST_CHECK_EQUAL(m.Page(Listing::Tag("go-lang")).total, 2u);
}

BOOST_AUTO_TEST_CASE(author_listing) {
  MemStore m;
  m.PutAuthors({"ana", "bo"});
  m.Put({MakePost("a1", kBase, {}, "ana"),
         MakePost("b1", kBase + kDay, {}, "bo"),
         MakePost("a2", kBase + 2 * kDay, {}, "ana")});
  std::vector<std::string> ana = {"a2", "a1"}, bo = {"b1"};
  BOOST_CHECK(Slugs(m.Page(Listing::Author("ana"))) == ana);
  BOOST_CHECK(Slugs(m.Page(Listing::Author("bo"))) == bo);
  BOOST_CHECK(m.Page(Listing::Author("an")).entries.empty());
  std::vector<Author> authors;
  BOOST_REQUIRE(m.store->View().ListAuthors(&authors).ok());
  BOOST_REQUIRE_EQUAL(authors.size(), 2u);
  BOOST_CHECK_EQUAL(authors[0].id, "ana");
  BOOST_CHECK_EQUAL(authors[1].name, "Name of bo");
}

BOOST_AUTO_TEST_CASE(scheduled_posts_appear_at_their_date) {
  MemStore m;
  const int64_t now = kBase + 10 * kDay;
  m.Put({MakePost("past", kBase, {"T"}), MakePost("soon", now + 100, {"T"}),
         MakePost("later", now + 5000, {"Later"})});

  ListingPage page = m.Page(Listing::All(), 0, 10, now);
  std::vector<std::string> visible = {"past"};
  BOOST_CHECK(Slugs(page) == visible);
  BOOST_CHECK_EQUAL(page.total, 1u);
  BOOST_CHECK_EQUAL(page.next_change, now + 100);  // the soonest, not the last
  BOOST_CHECK_EQUAL(m.store->View().CountVisible(Listing::All(), now), 1u);
  BOOST_CHECK_EQUAL(m.Page(Listing::Tag("t"), 0, 10, now).next_change,
                    now + 100);
  BOOST_CHECK_EQUAL(m.Page(Listing::Tag("later"), 0, 10, now).total, 0u);

  // One second before, exactly at, and after its date.
  BOOST_CHECK_EQUAL(m.Page(Listing::All(), 0, 10, now + 99).total, 1u);
  ListingPage at = m.Page(Listing::All(), 0, 10, now + 100);
  std::vector<std::string> two = {"soon", "past"};
  BOOST_CHECK(Slugs(at) == two);
  BOOST_CHECK_EQUAL(at.next_change, now + 5000);
  BOOST_CHECK_GE(at.membership_changed, now + 100);  // going live is a change

  ListingPage all = m.Page(Listing::All(), 0, 10, now + 5000);
  BOOST_CHECK_EQUAL(all.total, 3u);
  BOOST_CHECK_EQUAL(all.next_change, 0);

  std::vector<TagInfo> tags;
  BOOST_REQUIRE(m.store->View().ListTags(now, &tags).ok());
  BOOST_REQUIRE_EQUAL(tags.size(), 1u);  // "later" has no visible post yet
  BOOST_CHECK_EQUAL(tags[0].slug, "t");
  BOOST_CHECK_EQUAL(tags[0].count, 1u);
}

BOOST_AUTO_TEST_CASE(drafts_are_never_listed) {
  MemStore m;
  m.PutAuthors({"ana"});
  m.Put({MakePost("pub", kBase, {"T"}),
         MakePost("draft", kBase + kDay, {"T"}, "ana", true)});
  BOOST_CHECK_EQUAL(m.Page(Listing::All()).total, 1u);
  BOOST_CHECK_EQUAL(m.Page(Listing::Tag("t")).total, 1u);
  BOOST_CHECK_EQUAL(m.Page(Listing::Author("ana")).total, 1u);
  Entry e;
  BOOST_CHECK(m.store->View().GetEntry("draft", &e).IsNotFound());
  Post p;
  BOOST_REQUIRE(m.store->View().GetPost("draft", &p).ok());
  BOOST_CHECK(p.draft);
  std::vector<std::string> slugs;
  BOOST_REQUIRE(m.store->View().ListPostSlugs(&slugs).ok());
  BOOST_CHECK_EQUAL(slugs.size(), 2u);

  // Publishing and un-publishing move it in and out.
  m.Put({MakePost("draft", kBase + kDay, {"T"})});
  BOOST_CHECK_EQUAL(m.Page(Listing::All()).total, 2u);
  m.Put({MakePost("pub", kBase, {"T"}, "ana", true)});
  std::vector<std::string> want = {"draft"};
  BOOST_CHECK(Slugs(m.Page(Listing::All())) == want);
  BOOST_CHECK(Slugs(m.Page(Listing::Tag("t"))) == want);
  BOOST_CHECK(m.store->View().GetEntry("pub", &e).IsNotFound());
  CHECK_CLEAN(m);
}

BOOST_AUTO_TEST_CASE(changing_tags_date_and_author_moves_index_keys) {
  MemStore m;
  m.PutAuthors({"ana", "bo"});
  m.Put({MakePost("x", kBase, {"Old"}, "ana"),
         MakePost("y", kBase + kDay, {"Keep"})});
  std::vector<std::string> yx = {"y", "x"}, xy = {"x", "y"};
  BOOST_CHECK(Slugs(m.Page(Listing::All())) == yx);

  m.Put({MakePost("x", kBase + 2 * kDay, {"New", "Keep"}, "bo")});
  BOOST_CHECK(m.Page(Listing::Tag("old")).entries.empty());
  BOOST_CHECK_EQUAL(m.Page(Listing::Tag("old")).total, 0u);
  BOOST_CHECK_EQUAL(m.Page(Listing::Tag("new")).total, 1u);
  BOOST_CHECK(Slugs(m.Page(Listing::Tag("keep"))) == xy);
  BOOST_CHECK(Slugs(m.Page(Listing::All())) ==
              xy);  // no stale key at the old date
  BOOST_CHECK_EQUAL(m.Page(Listing::All()).total, 2u);
  std::vector<std::string> just_y = {"y"}, just_x = {"x"};
  BOOST_CHECK(Slugs(m.Page(Listing::Author("ana"))) == just_y);
  BOOST_CHECK(Slugs(m.Page(Listing::Author("bo"))) == just_x);
  Entry e;
  BOOST_REQUIRE(m.store->View().GetEntry("x", &e).ok());
  BOOST_CHECK_EQUAL(e.date, kBase + 2 * kDay);
  std::vector<TagInfo> tags;
  BOOST_REQUIRE(m.store->View().ListTags(kNow, &tags).ok());
  BOOST_CHECK_EQUAL(tags.size(), 2u);  // keep, new; "old" is gone
  CHECK_CLEAN(m);

  // Exactly the keys of the new version are in the database.
  m.Close();
  auto keys = m.Dump();
  size_t index_keys_of_x = 0;
  for (const auto& [k, v] : keys) {
    if (k.rfind("l:", 0) == 0 && k.size() > 1 && k.back() == 'x')
      ++index_keys_of_x;
    // g: keys record when a listing changed; they stay by design.
    if (k.rfind("g:", 0) != 0)
      BOOST_CHECK_MESSAGE(!Contains(k, "old"), "stale key " << k);
  }
  BOOST_CHECK_EQUAL(index_keys_of_x, 4u);  // all, tag:new, tag:keep, author:bo
}

BOOST_AUTO_TEST_CASE(changing_aliases_removes_the_old_ones) {
  MemStore m;
  m.PutAuthors({"ana"});
  Post p = MakePost("x", kBase);
  p.aliases = {"/a/", "/b/"};
  m.Put({p});
  p.aliases = {"/b/", "/c/"};
  m.Put({p});
  std::string slug;
  BOOST_CHECK(m.store->View().ResolveAlias("/a/", &slug).IsNotFound());
  BOOST_CHECK(m.store->View().ResolveAlias("/b/", &slug).ok());
  BOOST_CHECK(m.store->View().ResolveAlias("/c/", &slug).ok());
  CHECK_CLEAN(m);
}

BOOST_AUTO_TEST_CASE(remove_post_removes_everything) {
  MemStore m;
  m.PutAuthors({"ana"});
  Post p = MakePost("gone", kBase, {"T", "U"});
  p.aliases = {"/old/gone/"};
  m.Put({p, MakePost("stays", kBase + kDay, {"T"})});
  m.Remove("gone");

  Post got;
  Entry e;
  std::string slug;
  BOOST_CHECK(m.store->View().GetPost("gone", &got).IsNotFound());
  BOOST_CHECK(m.store->View().GetEntry("gone", &e).IsNotFound());
  BOOST_CHECK(m.store->View().ResolveAlias("/old/gone/", &slug).IsNotFound());
  std::vector<std::string> stays = {"stays"};
  BOOST_CHECK(Slugs(m.Page(Listing::All())) == stays);
  BOOST_CHECK(Slugs(m.Page(Listing::Tag("t"))) == stays);
  BOOST_CHECK_EQUAL(m.Page(Listing::Tag("u")).total, 0u);
  CHECK_CLEAN(m);

  {
    StoreWriter w(m.store.get(), kBase);
    BOOST_CHECK(w.RemovePost("gone").IsNotFound());
  }

  m.Close();
  for (const auto& [k, v] : m.Dump()) {
    BOOST_CHECK_MESSAGE(!Contains(k, "gone"), "left behind: " << k);
  }
}

BOOST_AUTO_TEST_CASE(generation_moves_only_with_changes) {
  MemStore m;
  BOOST_CHECK_EQUAL(m.store->generation(), 0u);
  m.Put({MakePost("a", kBase)});
  BOOST_CHECK_EQUAL(m.store->generation(), 1u);

  {  // the same content again, later: nothing is written
    StoreWriter w(m.store.get(), kBase + 500);
    BOOST_REQUIRE(w.PutPost(MakePost("a", kBase)).ok());
    BOOST_REQUIRE(w.Commit(true).ok());
    BOOST_CHECK_EQUAL(w.counts().unchanged, 1u);
    BOOST_CHECK_EQUAL(w.counts().changed, 0u);
    BOOST_CHECK(!w.changed_anything());
  }
  BOOST_CHECK_EQUAL(m.store->generation(), 1u);
  Post got;
  BOOST_REQUIRE(m.store->View().GetPost("a", &got).ok());
  BOOST_CHECK_EQUAL(got.written_at, kBase);  // not rewritten

  {  // an empty commit
    StoreWriter w(m.store.get(), kBase);
    BOOST_REQUIRE(w.Commit(false).ok());
  }
  BOOST_CHECK_EQUAL(m.store->generation(), 1u);

  Post changed = MakePost("a", kBase);
  changed.title = "New title";
  m.Put({changed});
  BOOST_CHECK_EQUAL(m.store->generation(), 2u);

  {  // every commit with changes moves it, also several in one writer
    StoreWriter w(m.store.get(), kBase);
    BOOST_REQUIRE(w.PutPost(MakePost("b", kBase)).ok());
    BOOST_REQUIRE(w.Commit(false).ok());
    BOOST_CHECK_EQUAL(m.store->generation(), 3u);
    BOOST_REQUIRE(w.PutPost(MakePost("c", kBase)).ok());
    BOOST_REQUIRE(w.Commit(true).ok());
    BOOST_CHECK_EQUAL(m.store->generation(), 4u);
    BOOST_CHECK(w.changed_anything());
    BOOST_CHECK_EQUAL(w.counts().added, 2u);
  }
  m.Remove("b");
  BOOST_CHECK_EQUAL(m.store->generation(), 5u);

  m.PutAuthors({"ana"});
  BOOST_CHECK_EQUAL(m.store->generation(), 6u);
  m.PutAuthors({"ana"});  // unchanged author
  BOOST_CHECK_EQUAL(m.store->generation(), 6u);

  m.Close();
  m.Open();
  BOOST_CHECK_EQUAL(m.store->generation(), 6u);
}

BOOST_AUTO_TEST_CASE(listings_follow_writes_of_the_same_process) {
  // The rank lists are cached per generation; a write must invalidate them.
  MemStore m;
  m.Put({MakePost("a", kBase)});
  BOOST_CHECK_EQUAL(m.Page(Listing::All()).total, 1u);
  m.Put({MakePost("b", kBase + kDay)});
  BOOST_CHECK_EQUAL(m.Page(Listing::All()).total, 2u);
  m.Remove("a");
  std::vector<std::string> want = {"b"};
  BOOST_CHECK(Slugs(m.Page(Listing::All())) == want);
}

BOOST_AUTO_TEST_CASE(membership_changed_is_the_time_of_the_write) {
  MemStore m;
  m.Put({MakePost("a", kBase, {"T"})}, kBase + 100);
  BOOST_CHECK_EQUAL(m.Page(Listing::Tag("t")).membership_changed, kBase + 100);
  // A change that does not touch the tag listing's membership.
  Post retitled = MakePost("a", kBase, {"T"});
  retitled.title = "Other";
  m.Put({retitled}, kBase + 200);
  BOOST_CHECK_EQUAL(m.Page(Listing::Tag("t")).membership_changed, kBase + 100);
  m.Put({MakePost("b", kBase, {"T"})}, kBase + 300);
  BOOST_CHECK_EQUAL(m.Page(Listing::Tag("t")).membership_changed, kBase + 300);
}

BOOST_AUTO_TEST_CASE(changed_at_names_listings_and_their_directories) {
  MemStore m;
  BOOST_CHECK_EQUAL(m.store->View().ChangedAt("all"), 0);
  m.Put({MakePost("a", kBase, {"T"}, "ana")}, kBase + 10);
  BOOST_CHECK_EQUAL(m.store->View().ChangedAt("all"), kBase + 10);
  BOOST_CHECK_EQUAL(m.store->View().ChangedAt("tag:t"), kBase + 10);
  BOOST_CHECK_EQUAL(m.store->View().ChangedAt("author:ana"), kBase + 10);
  BOOST_CHECK_EQUAL(m.store->View().ChangedAt("tags"), kBase + 10);
  BOOST_CHECK_EQUAL(m.store->View().ChangedAt("authors"), kBase + 10);
  BOOST_CHECK_EQUAL(m.store->View().ChangedAt("tag:other"), 0);
  // A new tag moves "tags" but not the untouched author listing.
  m.Put({MakePost("a", kBase, {"T", "U"}, "ana")}, kBase + 20);
  BOOST_CHECK_EQUAL(m.store->View().ChangedAt("tags"), kBase + 20);
  BOOST_CHECK_EQUAL(m.store->View().ChangedAt("tag:u"), kBase + 20);
  BOOST_CHECK_EQUAL(m.store->View().ChangedAt("authors"), kBase + 10);
  BOOST_CHECK_EQUAL(m.store->View().ChangedAt("author:ana"), kBase + 10);
  // Another author: the author listings move, the tag listings do not.
  m.PutAuthors({"bo"});
  m.Put({MakePost("a", kBase, {"T", "U"}, "bo")}, kBase + 30);
  BOOST_CHECK_EQUAL(m.store->View().ChangedAt("author:ana"), kBase + 30);
  BOOST_CHECK_EQUAL(m.store->View().ChangedAt("author:bo"), kBase + 30);
  BOOST_CHECK_EQUAL(m.store->View().ChangedAt("authors"), kBase + 30);
  BOOST_CHECK_EQUAL(m.store->View().ChangedAt("tags"), kBase + 20);
  BOOST_CHECK_EQUAL(m.store->View().ChangedAt("tag:u"), kBase + 20);
  // A tag re-spelled keeps its keys but changes how the tag is named.
  m.Put({MakePost("a", kBase, {"t", "U"}, "bo")}, kBase + 40);
  BOOST_CHECK_EQUAL(m.store->View().ChangedAt("tag:t"), kBase + 40);
  BOOST_CHECK_EQUAL(m.store->View().ChangedAt("tags"), kBase + 40);
  BOOST_CHECK_EQUAL(m.store->View().ChangedAt("authors"), kBase + 30);
  m.Remove("a");
  BOOST_CHECK_EQUAL(m.store->View().ChangedAt("author:bo"),
                    kBase);  // the writer's now
  BOOST_CHECK_EQUAL(m.store->View().ChangedAt("authors"), kBase);
}

BOOST_AUTO_TEST_CASE(neighbors) {
  MemStore m;
  const int64_t now = kBase + 10 * kDay;
  m.Put({MakePost("a", kBase), MakePost("b", kBase + kDay),
         MakePost("d", kBase + 2 * kDay, {}, "ana", true),  // draft between
         MakePost("c", kBase + 3 * kDay), MakePost("f", now + 100)});  // future
  Entry older, newer;
  BOOST_REQUIRE(
      m.store->View().Neighbors("b", kBase + kDay, now, &older, &newer).ok());
  BOOST_CHECK_EQUAL(older.slug, "a");
  BOOST_CHECK_EQUAL(newer.slug, "c");  // the draft is skipped

  BOOST_REQUIRE(
      m.store->View().Neighbors("a", kBase, now, &older, &newer).ok());
  BOOST_CHECK_EQUAL(older.slug, "");
  BOOST_CHECK_EQUAL(newer.slug, "b");

  BOOST_REQUIRE(m.store->View()
                    .Neighbors("c", kBase + 3 * kDay, now, &older, &newer)
                    .ok());
  BOOST_CHECK_EQUAL(older.slug, "b");
  BOOST_CHECK_EQUAL(newer.slug, "");  // "f" is not visible yet

  BOOST_REQUIRE(m.store->View()
                    .Neighbors("c", kBase + 3 * kDay, now + 100, &older, &newer)
                    .ok());
  BOOST_CHECK_EQUAL(newer.slug, "f");

  BOOST_REQUIRE(m.store->View()
                    .Neighbors("d", kBase + 2 * kDay, now, &older, &newer)
                    .ok());
  BOOST_CHECK_EQUAL(older.slug, "");
  BOOST_CHECK_EQUAL(newer.slug, "");
}

BOOST_AUTO_TEST_CASE(neighbors_with_equal_dates) {
  MemStore m;
  m.Put({MakePost("a", kBase), MakePost("b", kBase), MakePost("c", kBase)});
  Entry older, newer;
  // Listing order is a, b, c (same date, by slug): b's newer is a.
  BOOST_REQUIRE(
      m.store->View().Neighbors("b", kBase, kNow, &older, &newer).ok());
  BOOST_CHECK_EQUAL(newer.slug, "a");
  BOOST_CHECK_EQUAL(older.slug, "c");
}

BOOST_AUTO_TEST_CASE(list_tags_counts_and_names) {
  MemStore m;
  m.Put({MakePost("a", kBase, {"django", "Go"}),
         MakePost("b", kBase + kDay, {"Django"}),
         MakePost("c", kBase + 2 * kDay, {"Go"}),
         MakePost("d", kBase + 3 * kDay, {"Go"}, "ana", true)});
  std::vector<TagInfo> tags;
  BOOST_REQUIRE(m.store->View().ListTags(kNow, &tags).ok());
  BOOST_REQUIRE_EQUAL(tags.size(), 2u);
  BOOST_CHECK_EQUAL(tags[0].slug, "django");
  BOOST_CHECK_EQUAL(tags[0].name, "Django");  // the newest post's spelling
  BOOST_CHECK_EQUAL(tags[0].count, 2u);
  BOOST_CHECK_EQUAL(tags[1].slug, "go");
  BOOST_CHECK_EQUAL(tags[1].count, 2u);  // the draft does not count
}

BOOST_AUTO_TEST_CASE(check_passes_on_a_good_store) {
  MemStore m;
  m.PutAuthors({"ana", "bo"});
  Post p = MakePost("a", kBase, {"T", "U"});
  p.aliases = {"/x/"};
  m.Put({p, MakePost("b", kBase, {}, "bo"),
         MakePost("c", kBase, {}, "ana", true), MakePost("f", kNow + kDay)});
  BOOST_CHECK_MESSAGE(m.Problems().empty(), Join(m.Problems()));
}

BOOST_AUTO_TEST_CASE(check_finds_tampering) {
  struct Case {
    const char* name;
    std::function<void(MemStore&)> tamper;
    const char* expect;  // in one of the problem lines
  };
  const std::vector<Case> cases = {
      {"stray index key",
       [](MemStore& m) {
         m.RawPut(
             std::string("l:tag:ghost") + '\0' + InvertedDate(kBase) + "nope",
             "");
       },
       "points at no post"},
      {"stray all key",
       [](MemStore& m) {
         m.RawPut("l:all:" + InvertedDate(kBase) + "nope", "");
       },
       "points at no post"},
      {"missing entry", [](MemStore& m) { m.RawDelete("e:a"); },
       "post a: listing entry"},
      {"entry of a draft",
       [](MemStore& m) {
         m.RawPut("e:c", MakePost("c", kBase).ToEntry().Encode());
       },
       "listing entry c has no post"},
      {"stale entry",
       [](MemStore& m) {
         Entry e = MakePost("a", kBase, {"T"}).ToEntry();
         e.title = "tampered";
         m.RawPut("e:a", e.Encode());
       },
       "listing entry differs"},
      {"missing index key",
       [](MemStore& m) { m.RawDelete("l:all:" + InvertedDate(kBase) + "a"); },
       "is missing"},
      {"missing tag key",
       [](MemStore& m) {
         m.RawDelete(std::string("l:tag:t") + '\0' + InvertedDate(kBase) + "a");
       },
       "is missing"},
      {"missing author", [](MemStore& m) { m.RawDelete("a:ana"); },
       "author ana"},
      {"stray alias", [](MemStore& m) { m.RawPut("x:/nowhere/", "a"); },
       "alias /nowhere/"},
      {"missing alias", [](MemStore& m) { m.RawDelete("x:/x/"); },
       "alias /x/ of post a is missing"},
      {"undecodable post", [](MemStore& m) { m.RawPut("p:a", "garbage"); },
       "post a"},
      {"post under the wrong key",
       [](MemStore& m) {
         Post p = MakePost("zzz", kBase);
         m.RawPut("p:c", p.Encode());
       },
       "record says slug zzz"},
      {"schema", [](MemStore& m) { m.RawPut("m:schema", "x"); }, "schema"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT("case " << c.name) {
      MemStore m;
      m.PutAuthors({"ana"});
      Post a = MakePost("a", kBase, {"T"});
      a.aliases = {"/x/"};
      m.Put({a, MakePost("c", kBase, {}, "ana", true)});
      BOOST_REQUIRE(m.Problems().empty());
      m.Close();
      c.tamper(m);
      Status s = m.TryOpen();
      if (!s.ok()) {  // a broken schema may already be refused at Open
        BOOST_CHECK_MESSAGE(Contains(s.ToString(), c.expect), s.ToString());
        continue;
      }
      std::vector<std::string> problems = m.Problems();
      BOOST_CHECK_MESSAGE(!problems.empty(), "no problem found");
      bool found = false;
      for (const auto& p : problems) found = found || Contains(p, c.expect);
      BOOST_CHECK_MESSAGE(found, "expected '" << c.expect << "' in:\n"
                                              << Join(problems));
    }
  }
}

BOOST_AUTO_TEST_CASE(future_schema_record_is_corruption) {
  MemStore m;
  m.Put({MakePost("a", kBase)});
  m.Close();
  Post p = MakePost("a", kBase);
  std::string bytes = p.Encode();
  std::string v2;
  AppendBigEndian64(&v2, kSchemaVersion + 1);
  bytes.replace(0, 8, v2);
  m.RawPut("p:a", bytes);
  Entry e = p.ToEntry();
  std::string ebytes = e.Encode();
  ebytes.replace(0, 8, v2);
  m.RawPut("e:a", ebytes);
  m.Open();
  Post got;
  Status s = m.store->View().GetPost("a", &got);
  BOOST_CHECK(s.IsCorruption());
  BOOST_CHECK_EQUAL(ToHttpStatus(s), 500);
  Entry ge;
  BOOST_CHECK(m.store->View().GetEntry("a", &ge).IsCorruption());
  ListingPage page;
  BOOST_CHECK(m.store->View()
                  .ListPage(Listing::All(), kNow, 0, 10, &page)
                  .IsCorruption());
  BOOST_CHECK(!m.Problems().empty());
}

BOOST_AUTO_TEST_CASE(future_schema_store_is_refused_at_open) {
  MemStore m;
  m.Close();
  m.RawPut("m:schema", std::to_string(kSchemaVersion + 1));
  Status s = m.TryOpen();
  BOOST_CHECK(s.IsCorruption());
  BOOST_CHECK_MESSAGE(
      Contains(s.message(),
               "schema version " + std::to_string(kSchemaVersion + 1)),
      s.message());
}

BOOST_AUTO_TEST_CASE(missing_generation_is_corruption) {
  MemStore m;
  m.Close();
  m.RawDelete("m:generation");
  BOOST_CHECK(m.TryOpen().IsCorruption());
}

BOOST_AUTO_TEST_CASE(missing_store_without_create) {
  std::unique_ptr<leveldb::Env> env(
      leveldb::NewMemEnv(leveldb::Env::Default()));
  OpenOptions o;
  o.env = env.get();
  o.create_if_missing = false;
  std::unique_ptr<Store> store;
  Status s = Store::Open("/mem/none", o, &store);
  BOOST_CHECK(s.IsNotFound());
  BOOST_CHECK(!store);
}

// Regression: a StoreWriter read the committed post, not what it already
// had in its batch, so two PutPost calls for one slug before Commit left the
// first version's index keys behind (and RemovePost after PutPost failed).
BOOST_AUTO_TEST_CASE(two_puts_of_one_slug_in_one_batch) {
  MemStore m;
  m.PutAuthors({"ana"});
  {
    StoreWriter w(m.store.get(), kBase);
    BOOST_REQUIRE(w.PutPost(MakePost("x", kBase, {"First"})).ok());
    BOOST_REQUIRE(w.PutPost(MakePost("x", kBase + kDay, {"Second"})).ok());
    BOOST_REQUIRE(w.Commit(false).ok());
  }
  BOOST_CHECK_EQUAL(m.Page(Listing::Tag("first")).total, 0u);
  BOOST_CHECK_EQUAL(m.Page(Listing::All()).total, 1u);
  BOOST_CHECK_MESSAGE(m.Problems().empty(), Join(m.Problems()));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(second_process_gets_a_clear_busy_message) {
  levelpress::testing::TempDir tmp("levelpress-store");
  std::string path = tmp / "store";
  std::unique_ptr<Store> store;
  Status s = Store::Open(path, OpenOptions(), &store);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  {
    StoreWriter w(store.get(), kBase);
    BOOST_REQUIRE(w.PutPost(MakePost("a", kBase)).ok());
    BOOST_REQUIRE(w.Commit(true).ok());
  }

  auto r = levelpress::testing::Run(
      std::string(BINARY_DIR "/levelpress list --config ") +
      levelpress::testing::Quote(SOURCE_DIR "/data/levelpress.conf") +
      " --store " + levelpress::testing::Quote(path));
  BOOST_CHECK_EQUAL(r.exit_code, 1);
  std::string pid = "in use by process " + std::to_string(::getpid());
  BOOST_CHECK_MESSAGE(Contains(r.err, pid), "stderr: " << r.err);
  BOOST_CHECK_MESSAGE(Contains(r.err, "stop") || Contains(r.err, "publish"),
                      "stderr: " << r.err);
  // Regression: the message told everyone to `systemctl stop levelpress`,
  // also a holder that systemd did not start (this test).
  BOOST_CHECK_MESSAGE(!Contains(r.err, "systemctl"), "stderr: " << r.err);
  BOOST_CHECK_MESSAGE(
      Contains(r.err, "kill -TERM " + std::to_string(::getpid())),
      "stderr: " << r.err);
  BOOST_CHECK(r.out.empty());

  // In-process, a second Open is refused as well (not a crash or a hang).
  std::unique_ptr<Store> second;
  Status busy = Store::Open(path, OpenOptions(), &second);
  BOOST_CHECK(!busy.ok());

  // Once we close it, the other process can open it.
  store.reset();
  auto after = levelpress::testing::Run(
      std::string(BINARY_DIR "/levelpress list --config ") +
      levelpress::testing::Quote(SOURCE_DIR "/data/levelpress.conf") +
      " --store " + levelpress::testing::Quote(path));
  BOOST_CHECK_EQUAL(after.exit_code, 0);
  BOOST_CHECK_MESSAGE(Contains(after.out, "Title of a"), after.out);
}

// A request reads through one view: a commit while it renders must not
// show it part of the new content (issue: publishing to a running blog).
BOOST_AUTO_TEST_CASE(a_view_sees_one_generation_across_a_commit) {
  MemStore m;
  m.Put({MakePost("a", kBase, {"Go"}), MakePost("b", kBase + 10, {"Go"})});
  const StoreView before = m.store->View();
  ListingPage old_page;
  BOOST_REQUIRE(before.ListPage(Listing::All(), kNow, 0, 10, &old_page).ok());
  BOOST_REQUIRE_EQUAL(old_page.entries.size(), 2u);

  // One batch: b removed, c added, a retitled.
  {
    StoreWriter w(m.store.get(), kBase + 100);
    Post a = MakePost("a", kBase, {"Go"});
    a.title = "A, second version";
    BOOST_REQUIRE(w.PutPost(a).ok());
    BOOST_REQUIRE(w.RemovePost("b").ok());
    BOOST_REQUIRE(w.PutPost(MakePost("c", kBase + 20, {"Rust"})).ok());
    BOOST_REQUIRE(w.Commit(true).ok());
  }
  const StoreView after = m.store->View();
  BOOST_CHECK_EQUAL(before.generation() + 1, after.generation());

  // The old view: the old listing, the old records, the old tags.
  ListingPage page;
  BOOST_REQUIRE(before.ListPage(Listing::All(), kNow, 0, 10, &page).ok());
  BOOST_REQUIRE_EQUAL(page.entries.size(), 2u);
  BOOST_CHECK_EQUAL(page.entries[0].slug, "b");
  BOOST_CHECK_EQUAL(page.entries[1].title, old_page.entries[1].title);
  Post b;
  BOOST_CHECK(before.GetPost("b", &b).ok());
  BOOST_CHECK(before.GetPost("c", &b).IsNotFound());
  std::vector<TagInfo> tags;
  BOOST_REQUIRE(before.ListTags(kNow, &tags).ok());
  BOOST_REQUIRE_EQUAL(tags.size(), 1u);
  BOOST_CHECK_EQUAL(tags[0].count, 2u);

  // The new view: all of the new content.
  BOOST_REQUIRE(after.ListPage(Listing::All(), kNow, 0, 10, &page).ok());
  BOOST_REQUIRE_EQUAL(page.entries.size(), 2u);
  BOOST_CHECK_EQUAL(page.entries[0].slug, "c");
  BOOST_CHECK_EQUAL(page.entries[1].title, "A, second version");
  BOOST_CHECK(after.GetPost("b", &b).IsNotFound());
  BOOST_REQUIRE(after.ListTags(kNow, &tags).ok());
  BOOST_CHECK_EQUAL(tags.size(), 2u);
}

// An import's batch: room made beforehand (its pages handed back to the
// kernel while it holds zeros), then the posts, then sealed (the
// read-back copies freed) and committed: every byte must be as put.
BOOST_AUTO_TEST_CASE(a_reserved_and_sealed_batch_commits_what_was_put) {
  MemStore m;
  m.PutAuthors({"ana"});
  std::vector<Post> posts;
  for (int i = 0; i < 200; ++i) {
    Post p = MakePost("p" + std::to_string(i), kBase + i, {"t"});
    p.body_html = std::string(5000 + i, static_cast<char>('a' + i % 26));
    posts.push_back(p);
  }
  bool any = true;
  BOOST_REQUIRE(m.store->View().HasPosts(&any).ok());
  BOOST_CHECK(!any);
  {
    StoreWriter w(m.store.get(), kBase);
    size_t bytes = 0;
    for (const auto& p : posts) bytes += StoreWriter::BytesToPut(p);
    BOOST_CHECK_GT(bytes, 200u * 5000u);
    w.Reserve(bytes);
    BOOST_CHECK_LT(w.pending_bytes(), 100u);  // room, but nothing in it
    for (const auto& p : posts) BOOST_REQUIRE(w.PutPost(p).ok());
    w.Reserve(1 << 20);  // too late: nothing changes
    w.Seal();
    // Nothing can change after the seal (no copy to read back).
    BOOST_CHECK(!w.PutPost(MakePost("late", kBase)).ok());
    BOOST_CHECK(!w.RemovePost("p1").ok());
    w.PutMeta("after-seal", "yes");
    BOOST_REQUIRE(w.Commit(true).ok());
  }
  BOOST_CHECK_EQUAL(m.Page(Listing::All()).total, 200u);
  BOOST_REQUIRE(m.store->View().HasPosts(&any).ok());
  BOOST_CHECK(any);
  for (const auto& want : posts) {
    Post got;
    BOOST_REQUIRE(m.store->View().GetPost(want.slug, &got).ok());
    BOOST_CHECK(got.body_html == want.body_html);
  }
  Post late;
  BOOST_CHECK(m.store->View().GetPost("late", &late).IsNotFound());
  std::string value;
  BOOST_REQUIRE(m.store->View().GetMeta("after-seal", &value).ok());
  std::vector<std::string> problems;
  BOOST_REQUIRE(m.store->Check(&problems).ok());
  BOOST_CHECK_MESSAGE(problems.empty(), Join(problems));
}

BOOST_AUTO_TEST_CASE(meta_values_are_written_and_read_back) {
  MemStore m;
  std::string value;
  BOOST_CHECK(m.store->View().GetMeta("preview-key", &value).IsNotFound());
  {
    StoreWriter w(m.store.get(), kBase);
    w.PutMeta("preview-key", std::string("k\0ey", 4));
    BOOST_REQUIRE(w.Commit(true).ok());
  }
  BOOST_REQUIRE(m.store->View().GetMeta("preview-key", &value).ok());
  BOOST_CHECK(value == std::string("k\0ey", 4));
  std::vector<std::string> problems;
  BOOST_REQUIRE(m.store->Check(&problems).ok());
  BOOST_CHECK(problems.empty());
}

// Issue 9: several authors per post, standalone pages, a readable old
// (version 1) store.
BOOST_AUTO_TEST_SUITE(authoring)

BOOST_AUTO_TEST_CASE(a_co_authored_post_is_in_every_authors_listing) {
  MemStore m;
  m.PutAuthors({"ana", "ben", "cy"});
  Post p = MakePost("joint", kBase);
  p.author_ids = {"ana", "ben"};
  m.Put({p, MakePost("solo", kBase + kDay, {}, "ben")});
  BOOST_CHECK(Slugs(m.Page(Listing::Author("ana"))) ==
              std::vector<std::string>{"joint"});
  BOOST_CHECK((Slugs(m.Page(Listing::Author("ben"))) ==
               std::vector<std::string>{"solo", "joint"}));
  BOOST_CHECK(Slugs(m.Page(Listing::Author("cy"))).empty());
  BOOST_CHECK_EQUAL(m.store->View().CountVisible(Listing::Author("ben"), kNow),
                    2u);
  Entry e;
  BOOST_REQUIRE(m.store->View().GetEntry("joint", &e).ok());
  BOOST_CHECK((e.author_ids == std::vector<std::string>{"ana", "ben"}));
  CHECK_CLEAN(m);
  // Dropping a co-author takes the post off that author's listing only.
  p.author_ids = {"ben"};
  m.Put({p});
  BOOST_CHECK(Slugs(m.Page(Listing::Author("ana"))).empty());
  BOOST_CHECK_EQUAL(m.Page(Listing::Author("ben")).total, 2u);
  CHECK_CLEAN(m);
}

BOOST_AUTO_TEST_CASE(a_page_has_a_url_and_no_listing) {
  MemStore m;
  m.PutAuthors({"ana"});
  Post page = MakePost("about", 0);
  page.source_path = "pages/about.md";
  page.author_ids.clear();
  page.page = true;
  page.url = "/about/";
  m.Put({page, MakePost("post", kBase)});
  std::string slug;
  BOOST_REQUIRE(m.store->View().ResolvePage("/about/", &slug).ok());
  BOOST_CHECK_EQUAL(slug, "about");
  BOOST_CHECK(Slugs(m.Page(Listing::All())) ==
              std::vector<std::string>{"post"});
  Entry e;
  BOOST_CHECK(m.store->View().GetEntry("about", &e).IsNotFound());
  std::vector<std::pair<std::string, std::string>> pages;
  BOOST_REQUIRE(m.store->View().ListPageUrls(&pages).ok());
  BOOST_REQUIRE_EQUAL(pages.size(), 1u);
  BOOST_CHECK_EQUAL(pages[0].first, "/about/");
  CHECK_CLEAN(m);
  // A new URL replaces the old one; removing the page removes its URL.
  page.url = "/about-us/";
  m.Put({page});
  BOOST_CHECK(m.store->View().ResolvePage("/about/", &slug).IsNotFound());
  BOOST_CHECK(m.store->View().ResolvePage("/about-us/", &slug).ok());
  CHECK_CLEAN(m);
  m.Remove("about");
  BOOST_CHECK(m.store->View().ResolvePage("/about-us/", &slug).IsNotFound());
  CHECK_CLEAN(m);
}

BOOST_AUTO_TEST_CASE(a_version_1_store_is_read_and_upgraded_by_a_write) {
  MemStore m;
  m.PutAuthors({"ana"});
  m.Put({MakePost("old", kBase)});
  // The same post as version 1 wrote it: one author id, no new fields.
  Post p = MakePost("old", kBase);
  Encoder v1;
  v1.PutU64(1);
  v1.PutString(p.slug);
  v1.PutString(p.source_path);
  v1.PutString(p.title);
  v1.PutI64(p.date);
  v1.PutString("ana");
  v1.PutStrings(p.tags);
  v1.PutString(p.summary);
  v1.PutBool(p.draft);
  v1.PutStrings(p.aliases);
  v1.PutStrings(p.assets);
  v1.PutString(p.body_markdown);
  v1.PutString(p.body_html);
  v1.PutString(p.excerpt_html);
  std::string post_bytes = v1.Release();
  AppendBigEndian64(&post_bytes, static_cast<uint64_t>(kBase));
  Encoder e1;
  e1.PutU64(1);
  e1.PutString(p.slug);
  e1.PutString(p.title);
  e1.PutI64(p.date);
  e1.PutString("ana");
  e1.PutStrings(p.tags);
  e1.PutString(p.excerpt_html);
  e1.PutI64(kBase);
  m.Close();
  m.RawPut("p:old", post_bytes);
  m.RawPut("e:old", e1.Release());
  m.RawPut("m:schema", "1");
  m.Open();
  Post q;
  BOOST_REQUIRE(m.store->View().GetPost("old", &q).ok());
  BOOST_CHECK(q.author_ids == std::vector<std::string>{"ana"});
  BOOST_CHECK(!q.page);
  BOOST_CHECK(Slugs(m.Page(Listing::Author("ana"))) ==
              std::vector<std::string>{"old"});
  CHECK_CLEAN(m);
  m.Put({MakePost("new", kBase + kDay)});
  m.Close();
  BOOST_CHECK_EQUAL(m.Dump()["m:schema"], std::to_string(kSchemaVersion));
  m.Open();
  CHECK_CLEAN(m);
}

BOOST_AUTO_TEST_SUITE_END()
