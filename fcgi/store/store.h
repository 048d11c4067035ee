// Store: the blog's posts, authors and listings in one LevelDB database.
//
// Key schema (every key starts with a one-letter family and ':'):
//   m:schema                         schema version (decimal)
//   m:generation                     8-byte counter, +1 with every write
//   p:<slug>                         Post (full record, with body)
//   e:<slug>                         Entry (what a listing shows)
//   a:<author-id>                    Author
//   x:<old-path>                     alias -> slug (answered with 301)
//   h:<source-path>                  URL history of a file's post, and
//   r:<old-path>                     an old URL -> source path (url_history.h)
//   u:<path>                         a standalone page's URL -> its slug
//   g:<listing>                      when the listing's membership last changed
//   n:<listing>                      8-byte count of the listing's keys
//   l:all:<inv-date><slug>           listing keys, no value; <inv-date> is the
//   l:tag:<tag-slug>\0<inv-date><slug>     post date as 8 big-endian bytes,
//   l:author:<id>\0<inv-date><slug>        inverted, so newest sorts first
//   y:<expires><slug>                a post that expires (Post::expires): the
//                                    time as 8 big-endian bytes, so the
//                                    soonest sorts first; the value is the
//                                    post's date and its listing names
// Drafts have a p: record but no e:, l: or y: keys; a page (Post::page) has
// a p: record and a u: key, and no e:, l: or y: keys. Posts dated in the
// future are indexed; queries hide them until their time. Expired posts
// keep all their keys too; queries hide them from their expiry on.
//
// Expiry is a key family of its own, beside the l: keys, not a part of
// them: the listing keys stay as they are (no store needs rebuilding), and
// the few posts that expire are all read with one short scan per
// generation, so a listing learns which of its posts have expired without
// reading one entry, and a store where nothing expires pays one seek.
//
// Listings: a key-only prefix scan per listing builds an in-memory rank list
// (date and slug of each post, newest first) once per generation, when the
// listing is first asked for, so page k of any listing costs one slice plus
// page_size point reads at any depth. A post's neighbours are two seeks.
// A short-lived process (a CGI request) opens the store without rank lists
// (OpenOptions::rank_lists): a listing page is then one seek, the scheduled
// posts at its head, and offset + page_size keys, with the total from n:.
//
// Ownership and threads: one Store per process, and one process per store
// (LevelDB's LOCK). Reads go through a StoreView (a snapshot), safe from
// many threads. Writes go through a StoreWriter, which holds the store's
// write mutex for its life: one writer at a time, readers never blocked,
// and a commit becomes visible to new views all at once.
#pragma once

#include <leveldb/db.h>
#include <leveldb/env.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "mutex.h"
#include "records.h"
#include "status.h"
#include "url_history.h"

namespace levelpress {

// Keys shared by the store and its checker (store_check.cc).
inline constexpr char kGenerationKey[] = "m:generation";
inline constexpr char kSchemaKey[] = "m:schema";

struct Listing {
  enum class Kind { kAll, kTag, kAuthor };
  Kind kind = Kind::kAll;
  std::string id;  // tag slug or author id

  static Listing All() { return {}; }
  static Listing Tag(std::string slug) { return {Kind::kTag, std::move(slug)}; }
  static Listing Author(std::string id) {
    return {Kind::kAuthor, std::move(id)};
  }
  std::string Name() const;       // "all", "tag:django", "author:ana"
  std::string KeyPrefix() const;  // "l:all:", "l:tag:django\0", ...
};

// One page of a listing, as of `now`.
struct ListingPage {
  std::vector<Entry> entries;
  size_t total = 0;  // visible posts in the whole listing
  // Last add/remove/reorder by a write, or a go-live or expiry since.
  int64_t membership_changed = 0;
  // 0, or when the listing next changes by itself: a scheduled post
  // appears or one of its visible posts expires.
  int64_t next_change = 0;
};

struct TagInfo {
  std::string slug;
  std::string name;  // the spelling of its newest post
  size_t count = 0;  // visible posts
};

struct OpenOptions {
  bool create_if_missing = true;
  leveldb::Env* env = nullptr;  // nullptr: the real file system
  // Append to the existing log instead of starting a new one: a short-lived
  // reader (a CGI request) then writes and syncs nothing at open.
  bool reuse_logs = false;
  // LevelDB's memtable; a bulk import wants it larger (fewer level-0 files
  // to compact). 0: LevelDB's default (4 MB).
  size_t write_buffer_bytes = 0;
  // Keep in-memory rank lists (see above): right for a server, wasted on a
  // process that answers one request.
  bool rank_lists = true;
  // LevelDB's LOG file in the store folder (compactions, recoveries):
  // useful for a server, a cost for a process that answers one request.
  bool info_log = true;
};

class StoreView;
struct StoreReadState;  // store.cc: one generation's snapshot and rank lists

class Store {
 public:
  // Opens (or creates) the store at path. A store held by another process
  // gives Status::Busy with a message naming the process and what to do.
  static Status Open(const std::string& path, const OpenOptions& options,
                     std::unique_ptr<Store>* store);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::string& path() const { return path_; }
  // Compacts the whole store. Run after a bulk write (import), so that the
  // next process that opens it (a server, or every CGI request) finds
  // nothing left to compact.
  void Compact();
  uint64_t generation() const { return generation_.load(); }

  // The store as of now, for reading: every read through one view sees
  // the same generation, whatever is committed meanwhile.
  StoreView View() const;

  // Verifies the store: schema, every index key has its record, every record
  // has its index keys. Each problem is one line in *problems. In
  // store_check.cc.
  Status Check(std::vector<std::string>* problems) const;

  // What the read side has done since Open, for tests that bound the work
  // of a page by counting instead of timing. Relaxed counters.
  struct ReadCounts {
    uint64_t entry_reads = 0;   // GetEntry calls
    uint64_t rank_scans = 0;    // key-prefix scans that built rank lists
    uint64_t keys_scanned = 0;  // index keys those scans stepped over
  };
  ReadCounts read_counts() const;

 private:
  friend class StoreView;
  friend class StoreWriter;
  friend class StoreChecker;  // store_check.cc

  Store(std::string path, leveldb::DB* db, bool rank_lists)
      : path_(std::move(path)), db_(db), rank_lists_(rank_lists) {}
  // The latest committed data, without a snapshot (Open, the checker).
  Status Get(const std::string& key, std::string* value) const;
  // After a write: readers from now on see generation `generation`.
  void Publish(uint64_t generation);

  // Never change after Open.
  const std::string path_;
  leveldb::DB* const db_;
  const bool rank_lists_;

  std::atomic<uint64_t> generation_{0};
  Mutex write_mu_;  // held by the one live StoreWriter for its life
  mutable Mutex state_mu_;
  std::shared_ptr<StoreReadState> state_ GUARDED_BY(state_mu_);
  mutable std::atomic<uint64_t> entry_reads_{0}, rank_scans_{0},
      keys_scanned_{0};
};

// A consistent reading of the store: one LevelDB snapshot and the
// generation it holds. A request reads through one view from start to end,
// so a page never mixes content from before and after an import that
// commits while it renders; the rank lists (see above) belong to the view's
// generation. Cheap to take (a mutex and a reference count) and to copy;
// keeps its snapshot alive while any copy lives. Safe from many threads.
class StoreView {
 public:
  uint64_t generation() const;
  // The store's folder (files kept beside it: the search index).
  const std::string& store_path() const { return store_->path(); }

  Status GetPost(const std::string& slug, Post* post) const;
  Status GetEntry(const std::string& slug, Entry* entry) const;
  Status GetAuthor(const std::string& id, Author* author) const;
  Status ResolveAlias(const std::string& path, std::string* slug) const;
  // The slug of the post that used to be at a URL path (its URL history,
  // url_history.h); NotFound if none.
  Status ResolveOldUrl(const std::string& path, std::string* slug) const;
  Status GetUrlHistory(const std::string& source_path,
                       UrlHistory* history) const;
  // The source path of every URL history, sorted.
  Status ListUrlHistorySources(std::vector<std::string>* sources) const;
  // The slug of the page (a draft too) at a URL path; NotFound if none.
  Status ResolvePage(const std::string& path, std::string* slug) const;
  // Every page (drafts too) as (URL path, slug), by path.
  Status ListPageUrls(
      std::vector<std::pair<std::string, std::string>>* pages) const;
  Status ListAuthors(std::vector<Author>* authors) const;
  // Whether any post or page is stored (one seek, unlike ListPostSlugs,
  // which reads every record).
  Status HasPosts(bool* any) const;
  Status ListPostSlugs(std::vector<std::string>* slugs) const;  // drafts too
  // A value of the m: family ("m:preview-key"); NotFound if never set.
  Status GetMeta(const std::string& name, std::string* value) const;

  // Page of a listing, entries [offset, offset+limit) of the visible ones.
  Status ListPage(const Listing& listing, int64_t now, size_t offset,
                  size_t limit, ListingPage* page) const;
  // This view, with expired posts listed as if they had no expiry: a
  // writer's preview (serve --watch) shows everything, scheduled posts at
  // a `now` far ahead, so every post that expires would be gone from it.
  StoreView IgnoringExpiry() const {
    StoreView v = *this;
    v.ignore_expiry_ = true;
    return v;
  }
  // When a post expires (Post::expires), 0 if never; from memory (the
  // y: keys this view's generation has), no record is read.
  int64_t ExpiryOf(const std::string& slug) const;
  // Visible posts in a listing (cheap: from the rank list).
  size_t CountVisible(const Listing& listing, int64_t now) const;
  // The visible posts before and after slug in the all-posts listing;
  // a missing neighbour has an empty slug.
  Status Neighbors(const std::string& slug, int64_t date, int64_t now,
                   Entry* older, Entry* newer) const;
  // Every tag with a visible post, by slug. O(T log T) for T tags, plus
  // one entry read per distinct newest post (not one per tag: a post with
  // thousands of tags is read once).
  Status ListTags(int64_t now, std::vector<TagInfo>* tags) const;
  // When a listing's membership was last changed by a write ("all",
  // "tag:x", "author:y", and "tags"/"authors" for any tag/author); 0 if never.
  int64_t ChangedAt(const std::string& listing_name) const;

 private:
  friend class Store;
  friend class StoreWriter;
  friend class StoreChecker;
  friend struct StoreReadState;
  struct RankedKey {
    int64_t date;
    std::string slug;
  };
  using RankList = std::vector<RankedKey>;  // newest first
  // A post that expires, as its y: key says.
  struct ExpiringPost {
    int64_t expires;
    int64_t date;
    std::string slug;
    std::vector<std::string> listings;  // Listing::Name()s, sorted
  };
  // Every post that expires, soonest first (the y: keys of one generation).
  struct Expiries {
    std::vector<ExpiringPost> posts;
    std::map<std::string, int64_t> by_slug;  // slug -> expires
  };
  // What expiry does to one listing at one time.
  struct ListingExpiry {
    std::set<std::string> expired;  // slugs of its expired posts
    int64_t last_expired = 0;       // the latest of their expiries
    int64_t next = 0;               // 0, or its soonest expiry after now
  };

  StoreView(const Store* store, std::shared_ptr<StoreReadState> state)
      : store_(store), state_(std::move(state)) {}
  leveldb::ReadOptions Options() const;
  Status Get(const std::string& key, std::string* value) const;
  Status GetInt(const std::string& key, int64_t* v) const;
  Status ListPageByScan(const Listing& listing, int64_t now, size_t offset,
                        size_t limit, ListingPage* page) const;
  // The rank list of one listing (by KeyPrefix()); never null.
  std::shared_ptr<const RankList> RankFor(const std::string& prefix) const;
  // The rank lists of every tag, by KeyPrefix().
  std::map<std::string, std::shared_ptr<const RankList>> TagRanks() const;
  void ScanRanks(const std::string& key_prefix) const;
  // The y: keys, read once per generation; never null.
  std::shared_ptr<const Expiries> ExpiriesOf() const;
  // Which posts of listing (by Listing::Name()) have expired at now; only
  // the expiring posts are looked at, none in the common case.
  ListingExpiry ExpiryIn(const std::string& listing_name, int64_t now) const;
  std::vector<size_t> HiddenPositions(const RankList& list,
                                      RankList::const_iterator first,
                                      const ListingExpiry& expiry) const;

  const Store* store_;
  std::shared_ptr<StoreReadState> state_;
  bool ignore_expiry_ = false;
};

// Collects changes into one WriteBatch: a post with all of its index keys
// changes together or not at all. Holds the store's write mutex.
class StoreWriter {
 public:
  StoreWriter(Store* store, int64_t now);
  ~StoreWriter();

  struct Counts {
    size_t added = 0, changed = 0, unchanged = 0, removed = 0;
  };

  // Puts a post; an unchanged post (same content) writes nothing.
  Status PutPost(Post post);
  Status RemovePost(const std::string& slug);
  Status PutAuthor(Author author);
  Status RemoveAuthor(const std::string& id);
  // URL history (url_history.cc). Records that the post of source_path is
  // `slug` at `url` now: the URL it had before, if another, becomes an old
  // URL. URLs in `taken` (every URL and alias of the import) are nobody's
  // old URL. *previous_slug: the slug the file's post had before ("" if
  // none known). Call before PutPost: a file that has no history yet
  // adopts that of the file whose post had this slug (a renamed file).
  Status RecordUrl(const std::string& source_path, const std::string& slug,
                   const std::string& url, const std::set<std::string>& taken,
                   std::string* previous_slug);
  // Removes the URL history of a file whose post is gone.
  Status ForgetUrls(const std::string& source_path);
  // Sets a value of the m: family (GetMeta reads it back).
  void PutMeta(const std::string& name, const std::string& value);

  // Writes what is pending as one batch (and moves the generation if there
  // was any change): all of it or, if the write fails, none of it, also
  // across a crash. With sync, the batch is written, then made durable: a
  // failed write says that nothing was changed; a failed sync says that the
  // new content is in but may not survive a crash of the machine. Can be
  // called more than once.
  Status Commit(bool sync);
  size_t pending_bytes() const;
  // Before the first change: makes room in the batch for about `bytes`, so
  // that it does not grow by doubling while an import fills it (store.cc).
  void Reserve(size_t bytes);
  // Frees what the writer keeps to read back the posts and URL history it
  // changed (~1-2 KB a post, without bodies), before a large commit: after
  // it, Commit and PutMeta are all that work (changing a post or a URL
  // history is an error).
  void Seal();
  // About what PutPost adds to the batch for a new post (a little more).
  static size_t BytesToPut(const Post& post);
  bool changed_anything() const { return changed_anything_; }
  const Counts& counts() const { return counts_; }

 private:
  void Touch(const std::string& listing_name);
  void Count(const std::string& listing_name, int delta) {
    count_delta_[listing_name] += delta;
  }
  // The post as this writer last left it: from the batch if it was put or
  // removed since the last Commit, else from the store. NotFound if none.
  // A post from the batch comes without its bodies (the batch holds them;
  // keeping a second copy of every body would double an import's memory)
  // and with *pending_hash, the hash of its EncodeContent().
  Status CurrentPost(const std::string& slug, Post* post,
                     std::optional<uint64_t>* pending_hash) const;
  // URL history as this writer last left it (pending, else the store).
  static Status SealedError();
  Status CurrentHistory(const std::string& source_path,
                        UrlHistory* history) const;
  Status OldUrlOwner(const std::string& url, std::string* source_path) const;
  void PutHistory(const std::string& source_path, const UrlHistory& history);
  void PutOldUrl(const std::string& url, const std::string& source_path);
  void DeleteOldUrl(const std::string& url);
  // Makes `url` nobody's old URL (other than in *own, source_path's).
  Status ReleaseOldUrl(const std::string& url, const std::string& source_path,
                       UrlHistory* own);
  // Sets post->content_changed: now when its text (Post::SourceOf, of
  // hash source_hash) differs from old's and it has no `updated:`, else
  // old's; 0 for a new post or one with `updated:`. old: nullptr if new.
  void RecordContentChange(const Post* old, uint64_t source_hash,
                           Post* post) const;
  Store* const store_;
  const int64_t now_;
  MutexLock lock_;
  std::unique_ptr<class leveldb::WriteBatch> batch_;
  bool batch_dirty_ = false;
  bool sealed_ = false;  // Seal()
  bool changed_anything_ = false;
  Counts counts_;
  // Posts changed in the uncommitted batch, so a second change of one slug
  // before Commit starts from the first one.
  struct Pending {
    std::optional<Post> post;   // without bodies; nullopt: removed
    uint64_t content_hash = 0;  // of the full post's EncodeContent()
    uint64_t source_hash = 0;   // of its SourceOf()
  };
  std::map<std::string, Pending> pending_;
  std::map<std::string, int64_t> count_delta_;  // n: changes, applied at Commit
  // URL history changed in the uncommitted batch; nullopt: removed.
  std::map<std::string, std::optional<UrlHistory>> pending_history_;
  std::map<std::string, std::optional<std::string>> pending_old_urls_;
};

// Keys shared by the store and its checker.
std::vector<std::pair<std::string, std::string>> IndexKeysOf(const Post& post);
// The y: key and value of a post that expires; nullopt for one that does
// not, a draft or a page.
std::optional<std::pair<std::string, std::string>> ExpiryKeyOf(
    const Post& post);
inline constexpr char kExpiryPrefix[] = "y:";
std::string InvertedDate(int64_t date);
// Whether m:schema names a layout this levelpress reads.
bool IsReadableSchema(const std::string& schema);

}  // namespace levelpress
