// Post expiry (Post::expires, front matter `expires:` / Hugo's expiryDate):
// at its time a post leaves every listing, count, tag list and neighbour
// link by itself, with no write, in a store with rank lists (a server) and
// without (a CGI request). Every answer is compared with a model that
// decides each post's visibility from its date and expiry alone, at every
// second around every date and expiry.
#define BOOST_TEST_MODULE expiry
#define BOOST_TEST_DYN_LINK
#include <leveldb/db.h>
#include <leveldb/helpers/memenv.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "codec.h"
#include "records.h"
#include "slug.h"
#include "store.h"

using namespace levelpress;

namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kBase = 1700000000;
constexpr char kPath[] = "/mem/expiry";

Post MakePost(const std::string& slug, int64_t date, int64_t expires,
              std::vector<std::string> tags, const std::string& author) {
  Post p;
  p.slug = slug;
  p.source_path = "posts/" + slug + ".md";
  p.title = "Title of " + slug;
  p.date = date;
  p.expires = expires;
  p.author_ids = {author};
  p.tags = std::move(tags);
  p.body_markdown = "Body.\n";
  p.body_html = p.excerpt_html = "<p>Body.</p>\n";
  return p;
}

struct Fixture {
  std::unique_ptr<leveldb::Env> env{
      leveldb::NewMemEnv(leveldb::Env::Default())};
  std::unique_ptr<Store> store;

  void Open(bool rank_lists) {
    store.reset();
    OpenOptions o;
    o.env = env.get();
    o.rank_lists = rank_lists;
    Status s = Store::Open(kPath, o, &store);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  }
  void Put(const std::vector<Post>& posts) {
    StoreWriter w(store.get(), kBase);
    for (const char* id : {"ana", "bo"}) {
      Author a;
      a.id = id;
      a.name = id;
      BOOST_REQUIRE(w.PutAuthor(a).ok());
    }
    for (const auto& p : posts) BOOST_REQUIRE(w.PutPost(p).ok());
    BOOST_REQUIRE(w.Commit(false).ok());
  }
  void Remove(const std::string& slug) {
    StoreWriter w(store.get(), kBase);
    BOOST_REQUIRE(w.RemovePost(slug).ok());
    BOOST_REQUIRE(w.Commit(false).ok());
  }
  std::vector<std::string> Problems() {
    std::vector<std::string> problems;
    BOOST_REQUIRE(store->Check(&problems).ok());
    return problems;
  }
  size_t ExpiryKeys() {
    size_t n = 0;
    std::unique_ptr<leveldb::Iterator> it(
        RawDb()->NewIterator(leveldb::ReadOptions()));
    for (it->Seek("y:"); it->Valid() && it->key().starts_with("y:");
         it->Next()) {
      ++n;
    }
    return n;
  }
  // The LevelDB database under the store, for counting keys.
  leveldb::DB* RawDb() {
    store.reset();
    leveldb::Options o;
    o.env = env.get();
    leveldb::DB* db = nullptr;
    BOOST_REQUIRE(leveldb::DB::Open(o, kPath, &db).ok());
    raw.reset(db);
    return db;
  }
  std::unique_ptr<leveldb::DB> raw;
};

// What a reader sees, decided from each post's fields alone.
struct Model {
  std::vector<Post> posts;  // every post, drafts too

  static bool Visible(const Post& p, int64_t now) {
    return !p.draft && p.date <= now && (p.expires == 0 || p.expires > now);
  }
  static bool In(const Post& p, const Listing& l) {
    if (l.kind == Listing::Kind::kAll) return true;
    if (l.kind == Listing::Kind::kAuthor) return p.author_ids[0] == l.id;
    auto slugs = p.TagSlugs();
    return std::find(slugs.begin(), slugs.end(), l.id) != slugs.end();
  }
  // Newest first, as the listing keys sort (date down, slug up).
  std::vector<const Post*> Ordered(const Listing& l) const {
    std::vector<const Post*> out;
    for (const auto& p : posts) {
      if (!p.draft && In(p, l)) out.push_back(&p);
    }
    std::sort(out.begin(), out.end(), [](const Post* a, const Post* b) {
      return a->date != b->date ? a->date > b->date : a->slug < b->slug;
    });
    return out;
  }
  std::vector<std::string> VisibleSlugs(const Listing& l, int64_t now) const {
    std::vector<std::string> out;
    for (const Post* p : Ordered(l)) {
      if (Visible(*p, now)) out.push_back(p->slug);
    }
    return out;
  }
  // The soonest date or expiry after now of a post of the listing.
  int64_t NextChange(const Listing& l, int64_t now) const {
    int64_t next = 0;
    for (const Post* p : Ordered(l)) {
      for (int64_t t : {p->date, p->expires}) {
        if (t > now && (next == 0 || t < next)) next = t;
      }
    }
    return next;
  }
  std::map<std::string, size_t> TagCounts(int64_t now) const {
    std::map<std::string, size_t> out;
    for (const auto& p : posts) {
      if (!Visible(p, now)) continue;
      for (const auto& t : p.TagSlugs()) ++out[t];
    }
    return out;
  }
  // The visible posts just older and newer than slug in the blog's order.
  std::pair<std::string, std::string> Neighbors(const std::string& slug,
                                                int64_t now) const {
    auto all = Ordered(Listing::All());
    auto at = std::find_if(all.begin(), all.end(),
                           [&](const Post* p) { return p->slug == slug; });
    std::string older, newer;
    for (auto it = at + 1; it != all.end(); ++it) {
      if (Visible(**it, now)) {
        older = (*it)->slug;
        break;
      }
    }
    for (auto it = at; it != all.begin();) {
      --it;
      if (Visible(**it, now)) {
        newer = (*it)->slug;
        break;
      }
    }
    return {older, newer};
  }
  std::vector<int64_t> Moments() const {
    std::set<int64_t> out;
    for (const auto& p : posts) {
      for (int64_t t : {p.date, p.expires}) {
        if (t == 0) continue;
        out.insert({t - 1, t, t + 1});
      }
    }
    return {out.begin(), out.end()};
  }
};

std::vector<Listing> ListingsOf(const Model& model) {
  std::vector<Listing> out = {Listing::All(), Listing::Author("ana"),
                              Listing::Author("bo"), Listing::Tag("nothing")};
  std::set<std::string> tags;
  for (const auto& p : model.posts) {
    for (const auto& t : p.TagSlugs()) tags.insert(t);
  }
  for (const auto& t : tags) out.push_back(Listing::Tag(t));
  return out;
}

// Every listing, page, count, tag and neighbour at now, against the model.
void CheckAt(const Store& store, const Model& model, int64_t now) {
  const std::string at = " at " + std::to_string(now - kBase);
  const StoreView view = store.View();
  for (const Listing& l : ListingsOf(model)) {
    const std::vector<std::string> want = model.VisibleSlugs(l, now);
    const std::string what = l.Name() + at;
    BOOST_CHECK_MESSAGE(view.CountVisible(l, now) == want.size(), what);
    for (size_t offset : {0, 1, 2, 3, 5, 8, 100}) {
      for (size_t limit : {0, 1, 2, 3, 50}) {
        ListingPage page;
        BOOST_REQUIRE(view.ListPage(l, now, offset, limit, &page).ok());
        std::vector<std::string> got;
        for (const auto& e : page.entries) got.push_back(e.slug);
        std::vector<std::string> slice;
        for (size_t i = offset; i < want.size() && slice.size() < limit; ++i)
          slice.push_back(want[i]);
        BOOST_CHECK_MESSAGE(got == slice, what + " page " +
                                              std::to_string(offset) + "/" +
                                              std::to_string(limit));
        BOOST_CHECK_MESSAGE(page.total == want.size(),
                            what + " total " + std::to_string(page.total));
        BOOST_CHECK_MESSAGE(
            page.next_change == model.NextChange(l, now),
            what + " next_change " + std::to_string(page.next_change));
      }
    }
  }
  std::vector<TagInfo> tags;
  BOOST_REQUIRE(view.ListTags(now, &tags).ok());
  std::map<std::string, size_t> got_tags;
  for (const auto& t : tags) got_tags[t.slug] = t.count;
  BOOST_CHECK_MESSAGE(got_tags == model.TagCounts(now), "tags" + at);
  for (const auto& p : model.posts) {
    // A post page shows neighbours while the post is visible (a preview of
    // one that is not is another matter, not about expiry).
    if (!Model::Visible(p, now)) continue;
    Entry older, newer;
    BOOST_REQUIRE(view.Neighbors(p.slug, p.date, now, &older, &newer).ok());
    auto [want_older, want_newer] = model.Neighbors(p.slug, now);
    BOOST_CHECK_MESSAGE(
        older.slug == want_older && newer.slug == want_newer,
        "neighbours of " + p.slug + at + ": " + older.slug + "/" + newer.slug);
  }
}

Model ReadableCase() {
  const int64_t now = kBase + 100 * kDay;
  Model m;
  m.posts = {
      MakePost("oldest", kBase + 1 * kDay, 0, {"Keep", "Mixed"}, "ana"),
      // The only post of tag "solo", and of author bo: both go with it.
      MakePost("brief", kBase + 2 * kDay, now + 100, {"Solo", "Mixed"}, "bo"),
      MakePost("middle", kBase + 3 * kDay, 0, {"Keep"}, "ana"),
      // Expired before the import ran: stored, never shown.
      MakePost("gone", kBase + 4 * kDay, kBase + 5 * kDay, {"Mixed"}, "ana"),
      MakePost("newest", kBase + 6 * kDay, now + 200, {"Mixed"}, "ana"),
      // Scheduled, then expiring: visible in [now + 50, now + 300).
      MakePost("window", now + 50, now + 300, {"Keep"}, "ana"),
      MakePost("same-second", kBase + 3 * kDay, now + 100, {"Keep"}, "ana"),
  };
  Post draft = MakePost("draft", kBase + 2 * kDay, now + 10, {"Keep"}, "ana");
  draft.draft = true;
  m.posts.push_back(draft);
  return m;
}

Model ManyCase() {
  // 60 posts; every third expires, at times that interleave with the
  // dates of scheduled ones.
  const int64_t now = kBase + 100 * kDay;
  Model m;
  for (int i = 0; i < 60; ++i) {
    const int64_t date = i < 50 ? kBase + i * 1000 : now + (i - 49) * 37;
    int64_t expires = 0;
    if (i % 3 == 0) expires = i % 2 ? now + i * 11 : std::max(date, now) + 500;
    if (i == 9) expires = date + 1;  // long gone
    std::vector<std::string> tags = {i % 2 ? "Odd" : "Even"};
    if (i % 5 == 0) tags.push_back("Fives");
    if (i % 3 == 0) tags.push_back("Thirds");  // every one of them expires
    m.posts.push_back(MakePost("p" + std::to_string(100 + i), date, expires,
                               tags, i % 4 ? "ana" : "bo"));
  }
  return m;
}

void RunModel(const Model& model) {
  for (bool rank_lists : {true, false}) {
    BOOST_TEST_CONTEXT("rank_lists " << rank_lists) {
      Fixture f;
      f.Open(rank_lists);
      f.Put(model.posts);
      BOOST_CHECK(f.Problems().empty());
      for (int64_t now : model.Moments()) CheckAt(*f.store, model, now);
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_post_disappears_at_its_expiry_without_a_write) {
  const Model model = ReadableCase();
  const int64_t now = kBase + 100 * kDay;
  for (bool rank_lists : {true, false}) {
    BOOST_TEST_CONTEXT("rank_lists " << rank_lists) {
      Fixture f;
      f.Open(rank_lists);
      f.Put(model.posts);
      const uint64_t generation = f.store->generation();
      const StoreView view = f.store->View();
      ListingPage before, after;
      BOOST_REQUIRE(view.ListPage(Listing::All(), now, 0, 10, &before).ok());
      std::vector<std::string> want_before = {"newest", "middle", "same-second",
                                              "brief", "oldest"};
      std::vector<std::string> got;
      for (const auto& e : before.entries) got.push_back(e.slug);
      BOOST_CHECK(got == want_before);
      BOOST_CHECK_EQUAL(before.total, 5u);
      // The window post goes live first, then brief expires.
      BOOST_CHECK_EQUAL(before.next_change, now + 50);
      BOOST_CHECK_EQUAL(view.CountVisible(Listing::Author("bo"), now), 1u);

      BOOST_REQUIRE(
          view.ListPage(Listing::All(), now + 100, 0, 10, &after).ok());
      got.clear();
      for (const auto& e : after.entries) got.push_back(e.slug);
      std::vector<std::string> want_after = {"window", "newest", "middle",
                                             "oldest"};
      BOOST_CHECK(got == want_after);
      BOOST_CHECK_EQUAL(after.total, 4u);
      BOOST_CHECK_EQUAL(after.next_change, now + 200);
      BOOST_CHECK_GE(after.membership_changed, now + 100);
      BOOST_CHECK_EQUAL(view.CountVisible(Listing::Author("bo"), now + 100),
                        0u);
      std::vector<TagInfo> tags;
      BOOST_REQUIRE(view.ListTags(now + 100, &tags).ok());
      for (const auto& t : tags) BOOST_CHECK_NE(t.slug, "solo");
      Entry older, newer;
      BOOST_REQUIRE(
          view.Neighbors("middle", kBase + 3 * kDay, now + 100, &older, &newer)
              .ok());
      BOOST_CHECK_EQUAL(older.slug, "oldest");  // not same-second, nor brief
      BOOST_CHECK_EQUAL(view.ExpiryOf("brief"), now + 100);
      BOOST_CHECK_EQUAL(view.ExpiryOf("middle"), 0);
      BOOST_CHECK_EQUAL(view.ExpiryOf("draft"), 0);  // drafts have no y: key
      // Nothing was written to get there.
      BOOST_CHECK_EQUAL(f.store->generation(), generation);
      // A writer's preview lists it still.
      ListingPage preview;
      BOOST_REQUIRE(view.IgnoringExpiry()
                        .ListPage(Listing::All(), now + 100, 0, 10, &preview)
                        .ok());
      BOOST_CHECK_EQUAL(preview.total, 7u);
    }
  }
}

BOOST_AUTO_TEST_CASE(every_listing_matches_the_model_at_every_change) {
  RunModel(ReadableCase());
}

BOOST_AUTO_TEST_CASE(many_expiring_and_scheduled_posts_match_the_model) {
  RunModel(ManyCase());
}

BOOST_AUTO_TEST_CASE(expiry_keys_follow_the_posts_and_check_knows_them) {
  Fixture f;
  f.Open(true);
  const int64_t now = kBase + 100 * kDay;
  Model model = ReadableCase();
  f.Put(model.posts);
  BOOST_CHECK(f.Problems().empty());
  // brief, gone, newest, window, same-second; not the draft.
  BOOST_CHECK_EQUAL(f.ExpiryKeys(), 5u);
  f.raw.reset();
  f.Open(true);
  // An expiry taken away shows the post again; a new one hides it.
  Post brief = model.posts[1];
  brief.expires = 0;
  Post middle = model.posts[2];
  middle.expires = now + 10;
  f.Put({brief, middle});
  BOOST_CHECK(f.Problems().empty());
  {
    const StoreView view = f.store->View();
    BOOST_CHECK_EQUAL(view.ExpiryOf("brief"), 0);
    BOOST_CHECK_EQUAL(view.CountVisible(Listing::Author("bo"), now + 1000), 1u);
    BOOST_CHECK_EQUAL(view.CountVisible(Listing::Tag("keep"), now + 400),
                      1u);  // oldest only: middle, same-second, window gone
    BOOST_CHECK_EQUAL(view.CountVisible(Listing::Tag("keep"), now + 9),
                      3u);  // oldest, middle, same-second
  }
  f.Remove("newest");
  BOOST_CHECK(f.Problems().empty());
  BOOST_CHECK_EQUAL(f.ExpiryKeys(), 4u);  // gone, window, same-second, middle

  // A y: key without its post, and a post without its y: key, are found.
  f.raw->Put(leveldb::WriteOptions(), std::string("y:") + "12345678stray", "x");
  std::string key;
  std::unique_ptr<leveldb::Iterator> it(
      f.raw->NewIterator(leveldb::ReadOptions()));
  it->Seek("y:");
  key = it->key().ToString();
  BOOST_REQUIRE(key.find("stray") == std::string::npos);
  f.raw->Delete(leveldb::WriteOptions(), key);
  it.reset();
  f.raw.reset();
  f.Open(true);
  auto problems = f.Problems();
  std::string all;
  for (const auto& p : problems) all += p + "\n";
  BOOST_CHECK_MESSAGE(
      all.find("stray... points at no post") != std::string::npos, all);
  BOOST_CHECK_MESSAGE(all.find("is missing") != std::string::npos, all);
}

BOOST_AUTO_TEST_CASE(
    expiry_round_trips_in_the_record_and_old_records_have_none) {
  Post p = MakePost("x", kBase, kBase + kDay, {"T"}, "ana");
  Post back;
  BOOST_REQUIRE(back.Decode(p.Encode()).ok());
  BOOST_CHECK_EQUAL(back.expires, kBase + kDay);
  BOOST_CHECK(back.ExpiredAt(kBase + kDay));
  BOOST_CHECK(!back.ExpiredAt(kBase + kDay - 1));
  // The same record as schema 4 wrote it: no expiry field.
  p.expires = 0;
  std::string v4 = p.EncodeContent();
  std::string version;
  AppendBigEndian64(&version, 4);
  v4.replace(0, 8, version);
  v4.resize(v4.size() - 8);   // the expiry, last of the content
  AppendBigEndian64(&v4, 0);  // content_changed
  AppendBigEndian64(&v4, static_cast<uint64_t>(kBase));  // written_at
  Post old;
  Status s = old.Decode(v4);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  BOOST_CHECK_EQUAL(old.expires, 0);
  BOOST_CHECK_EQUAL(old.decoded_schema, 4u);
  BOOST_CHECK_EQUAL(old.written_at, kBase);
  // A schema 5 record cut before its expiry is corruption.
  std::string cut = p.EncodeContent();
  cut.resize(cut.size() - 8);
  AppendBigEndian64(&cut, 0);
  AppendBigEndian64(&cut, 0);
  BOOST_CHECK(!old.Decode(cut).ok());
}
