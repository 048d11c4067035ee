#include "store.h"

#include <fcntl.h>
#include <leveldb/write_batch.h>
#include <pwd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "codec.h"
#include "slug.h"

namespace levelpress {
namespace {

std::string ProcessName(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline");
  std::string cmd, arg;
  while (std::getline(in, arg, '\0')) {
    if (!cmd.empty()) cmd += ' ';
    cmd += arg;
  }
  return cmd;
}

// The first line of a /proc file that starts with `key`, without it.
std::string ProcField(const std::string& file, const std::string& key) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.compare(0, key.size(), key) == 0) return line.substr(key.size());
  }
  return "";
}

// The systemd unit that runs pid, when systemd started it (its parent is
// PID 1 and that is systemd); "" otherwise, e.g. a server in a terminal.
std::string SystemdUnitOf(pid_t pid) {
  const std::string proc = "/proc/" + std::to_string(pid);
  std::string ppid = ProcField(proc + "/status", "PPid:\t");
  if (ppid != "1" || ProcessName(1).find("systemd") == std::string::npos) {
    return "";
  }
  std::string cgroup = ProcField(proc + "/cgroup", "0::");
  size_t end = cgroup.rfind(".service");
  if (end == std::string::npos) return "";
  size_t start = cgroup.rfind('/', end);
  return cgroup.substr(start + 1, end + 8 - start - 1);
}

// Who holds LevelDB's LOCK file (an fcntl lock), and how to stop it, in
// plain words.
std::string LockHolder(const std::string& path) {
  int fd = ::open((path + "/LOCK").c_str(), O_RDONLY);
  const std::string unknown =
      "another process. LevelDB lets one process open a store at a time: "
      "stop that process, run this command, then start it again.";
  if (fd < 0) return unknown;
  struct flock fl {};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  std::string who = unknown;
  if (::fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK) {
    const std::string pid = std::to_string(fl.l_pid);
    who = "process " + pid;
    std::string cmd = ProcessName(fl.l_pid);
    if (!cmd.empty()) who += " (" + cmd + ")";
    std::string unit = SystemdUnitOf(fl.l_pid);
    std::string stop = unit.empty()
                           ? "kill -TERM " + pid + ", or Ctrl-C where it runs"
                           : "systemctl stop " + unit;
    bool server = cmd.find("levelpress") != std::string::npos &&
                  cmd.find(" serve") != std::string::npos;
    if (server) {
      who +=
          ", a running levelpress server. It carries out the other "
          "commands itself, through " +
          path +
          "/control.sock; but two servers cannot open one store: stop "
          "that one first (" +
          stop + "), or give this one another store_path.";
    } else {
      who +=
          ". LevelDB lets one process open a store at a time: wait for "
          "it to finish (or stop it: " +
          stop + "), then run this command again.";
    }
  }
  ::close(fd);
  return who;
}

bool StartsWith(const leveldb::Slice& s, const std::string& prefix) {
  return s.starts_with(leveldb::Slice(prefix));
}

int64_t DateFromInverted(std::string_view bytes) {
  uint64_t u = ~ReadBigEndian64(bytes);
  return static_cast<int64_t>(u ^ (1ULL << 63));
}

}  // namespace

bool IsReadableSchema(const std::string& schema) {
  for (uint64_t v = kOldestReadableSchema; v <= kSchemaVersion; ++v) {
    if (schema == std::to_string(v)) return true;
  }
  return false;
}

std::string InvertedDate(int64_t date) {
  std::string out;
  AppendBigEndian64(&out, ~(static_cast<uint64_t>(date) ^ (1ULL << 63)));
  return out;
}

std::string Listing::Name() const {
  switch (kind) {
    case Kind::kAll:
      return "all";
    case Kind::kTag:
      return "tag:" + id;
    case Kind::kAuthor:
      return "author:" + id;
  }
  return "all";
}

std::string Listing::KeyPrefix() const {
  switch (kind) {
    case Kind::kAll:
      return "l:all:";
    case Kind::kTag:
      return std::string("l:tag:") + id + '\0';
    case Kind::kAuthor:
      return std::string("l:author:") + id + '\0';
  }
  return "l:all:";
}

// Each pair is (listing key, listing name).
std::vector<std::pair<std::string, std::string>> IndexKeysOf(const Post& post) {
  std::vector<std::pair<std::string, std::string>> keys;
  if (post.draft) return keys;
  std::string suffix = InvertedDate(post.date) + post.slug;
  auto add = [&](const Listing& l) {
    keys.emplace_back(l.KeyPrefix() + suffix, l.Name());
  };
  if (post.page) return keys;  // a page is in no listing
  add(Listing::All());
  for (const auto& tag : post.TagSlugs()) add(Listing::Tag(tag));
  for (const auto& id : post.author_ids) add(Listing::Author(id));
  return keys;
}

std::optional<std::pair<std::string, std::string>> ExpiryKeyOf(
    const Post& post) {
  if (post.expires == 0 || post.draft || post.page) return std::nullopt;
  std::string key = kExpiryPrefix;
  AppendBigEndian64(&key, static_cast<uint64_t>(post.expires));
  key += post.slug;
  std::vector<std::string> names;
  for (auto& [listing_key, name] : IndexKeysOf(post)) names.push_back(name);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  Encoder value;
  value.PutI64(post.date);
  value.PutStrings(names);
  return std::make_pair(std::move(key), value.Release());
}

namespace {

// A store this user may not enter is not "no store": say whose it is.
Status CheckAccess(const std::string& path) {
  std::error_code ec;
  (void)std::filesystem::status(path + "/CURRENT", ec);
  if (ec != std::errc::permission_denied) return Status::OK();
  struct stat st;
  std::string owner;
  if (::stat(path.c_str(), &st) == 0) {
    const passwd* pw = getpwuid(st.st_uid);
    owner = pw ? std::string(pw->pw_name) : std::to_string(st.st_uid);
  }
  return Status::IOError(
      "the store " + path + " is not open to you (permission denied)" +
      (owner.empty() ? "" : "; it belongs to user " + owner) +
      ": run this as that user" +
      (owner.empty() ? "" : " (sudo -u " + owner + " ...)"));
}

// LevelDB's info log, for a process that answers one request: renaming
// LOG to LOG.old and creating a new LOG at every open was up to 9 ms of a
// CGI request's tail.
class SilentLogger : public leveldb::Logger {
 public:
  void Logv(const char*, va_list) override {}
};

}  // namespace

// One generation as readers see it: the snapshot taken right after its
// write, and the rank lists built from that snapshot. Freed (and the
// snapshot released) when the last view of it goes.
struct StoreReadState {
  StoreReadState(leveldb::DB* db, uint64_t generation)
      : db(db), snapshot(db->GetSnapshot()), generation(generation) {}
  ~StoreReadState() { db->ReleaseSnapshot(snapshot); }
  StoreReadState(const StoreReadState&) = delete;

  leveldb::DB* const db;
  const leveldb::Snapshot* const snapshot;
  const uint64_t generation;
  Mutex ranks_mu;
  std::map<std::string, std::shared_ptr<const StoreView::RankList>> lists
      GUARDED_BY(ranks_mu);  // by key prefix
  // Key prefixes already scanned ("l:tag:" covers every tag). A set: a
  // crawl of every tag page adds one per tag, and a lookup must not walk
  // them all.
  std::set<std::string> scanned GUARDED_BY(ranks_mu);
  // The y: keys, once read (StoreView::ExpiriesOf).
  std::shared_ptr<const StoreView::Expiries> expiries GUARDED_BY(ranks_mu);
};

Status Store::Open(const std::string& path, const OpenOptions& options,
                   std::unique_ptr<Store>* store) {
  leveldb::Options opts;
  opts.create_if_missing = options.create_if_missing;
  opts.env = options.env ? options.env : leveldb::Env::Default();
  opts.reuse_logs = options.reuse_logs;
  static SilentLogger silent;
  if (!options.info_log) opts.info_log = &silent;
  if (options.write_buffer_bytes > 0) {
    opts.write_buffer_size = options.write_buffer_bytes;
  }
  // LevelDB makes the folder (and a LOCK) even when it then finds no
  // database; a mistyped --store must leave nothing behind.
  if (options.env == nullptr) {
    if (Status s = CheckAccess(path); !s.ok()) return s;
  }
  if (!options.create_if_missing && !opts.env->FileExists(path + "/CURRENT")) {
    return Status::NotFound("no store at " + path +
                            " (run `levelpress import DIR` to create one)");
  }
  if (options.create_if_missing && options.env == nullptr) {
    std::error_code ec;  // LevelDB creates the folder, not its parents
    std::filesystem::create_directories(
        std::filesystem::path(path).parent_path(), ec);
  }
  leveldb::DB* db = nullptr;
  leveldb::Status s = leveldb::DB::Open(opts, path, &db);
  if (!s.ok()) {
    std::string text = s.ToString();
    if (s.IsIOError() && text.find("lock") != std::string::npos) {
      return Status::Busy("the store " + path + " is in use by " +
                          LockHolder(path));
    }
    if (s.IsInvalidArgument() &&
        text.find("does not exist") != std::string::npos) {
      return Status::NotFound("no store at " + path +
                              " (run `levelpress import DIR` to create one)");
    }
    if (s.IsCorruption()) return Status::Corruption(path + ": " + text);
    return Status::IOError(path + ": " + text);
  }
  std::unique_ptr<Store> st(new Store(path, db, options.rank_lists));
  std::string schema;
  Status got = st->Get(kSchemaKey, &schema);
  if (got.IsNotFound()) {
    leveldb::WriteBatch batch;
    batch.Put(kSchemaKey, std::to_string(kSchemaVersion));
    std::string gen;
    AppendBigEndian64(&gen, 0);
    batch.Put(kGenerationKey, gen);
    leveldb::WriteOptions wo;
    wo.sync = true;
    leveldb::Status ws = db->Write(wo, &batch);
    if (!ws.ok()) return Status::IOError(path + ": " + ws.ToString());
  } else if (!got.ok()) {
    return got;
  } else if (!IsReadableSchema(schema)) {
    return Status::Corruption("the store " + path + " has schema version " +
                              schema + "; this levelpress reads versions " +
                              std::to_string(kOldestReadableSchema) + " to " +
                              std::to_string(kSchemaVersion));
  }
  std::string gen;
  Status gs = st->Get(kGenerationKey, &gen);
  if (!gs.ok() || gen.size() != 8) {
    return Status::Corruption(path + ": the generation counter is missing");
  }
  st->Publish(ReadBigEndian64(gen));
  *store = std::move(st);
  return Status::OK();
}

Store::~Store() {
  {
    MutexLock lock(&state_mu_);
    state_.reset();  // releases its snapshot; views must not outlive us
  }
  delete db_;
}

void Store::Publish(uint64_t generation) {
  auto state = std::make_shared<StoreReadState>(db_, generation);
  MutexLock lock(&state_mu_);
  state_ = std::move(state);
  generation_ = generation;
}

StoreView Store::View() const {
  MutexLock lock(&state_mu_);
  return StoreView(this, state_);
}

uint64_t StoreView::generation() const { return state_->generation; }

leveldb::ReadOptions StoreView::Options() const {
  leveldb::ReadOptions o;
  o.snapshot = state_->snapshot;
  return o;
}

void Store::Compact() { db_->CompactRange(nullptr, nullptr); }

namespace {

Status GetFrom(leveldb::DB* db, const leveldb::ReadOptions& options,
               const std::string& key, std::string* value) {
  leveldb::Status s = db->Get(options, key, value);
  if (s.IsNotFound()) return Status::NotFound(key);
  if (!s.ok()) return Status::IOError(s.ToString());
  return Status::OK();
}

}  // namespace

Status Store::Get(const std::string& key, std::string* value) const {
  return GetFrom(db_, leveldb::ReadOptions(), key, value);
}

Status StoreView::Get(const std::string& key, std::string* value) const {
  return GetFrom(store_->db_, Options(), key, value);
}

Status StoreView::GetMeta(const std::string& name, std::string* value) const {
  return Get("m:" + name, value);
}

Status StoreView::GetInt(const std::string& key, int64_t* v) const {
  std::string bytes;
  Status s = Get(key, &bytes);
  if (!s.ok()) return s;
  if (bytes.size() != 8) return Status::Corruption(key + " is not an integer");
  *v = static_cast<int64_t>(ReadBigEndian64(bytes));
  return Status::OK();
}

Status StoreView::GetPost(const std::string& slug, Post* post) const {
  std::string bytes;
  Status s = Get("p:" + slug, &bytes);
  return s.ok() ? post->Decode(bytes) : s;
}

Status StoreView::GetEntry(const std::string& slug, Entry* entry) const {
  store_->entry_reads_.fetch_add(1, std::memory_order_relaxed);
  std::string bytes;
  Status s = Get("e:" + slug, &bytes);
  return s.ok() ? entry->Decode(bytes) : s;
}

Status StoreView::GetAuthor(const std::string& id, Author* author) const {
  std::string bytes;
  Status s = Get("a:" + id, &bytes);
  return s.ok() ? author->Decode(bytes) : s;
}

Status StoreView::ResolveAlias(const std::string& path,
                               std::string* slug) const {
  return Get("x:" + path, slug);
}

Status StoreView::ResolvePage(const std::string& path,
                              std::string* slug) const {
  return Get("u:" + path, slug);
}

Status StoreView::ListPageUrls(
    std::vector<std::pair<std::string, std::string>>* pages) const {
  pages->clear();
  std::unique_ptr<leveldb::Iterator> it(store_->db_->NewIterator(Options()));
  for (it->Seek("u:"); it->Valid() && StartsWith(it->key(), "u:"); it->Next()) {
    pages->emplace_back(it->key().ToString().substr(2), it->value().ToString());
  }
  if (!it->status().ok()) return Status::IOError(it->status().ToString());
  return Status::OK();
}

Status StoreView::ListAuthors(std::vector<Author>* authors) const {
  authors->clear();
  std::unique_ptr<leveldb::Iterator> it(store_->db_->NewIterator(Options()));
  for (it->Seek("a:"); it->Valid() && StartsWith(it->key(), "a:"); it->Next()) {
    Author a;
    Status s = a.Decode(it->value().ToString());
    if (!s.ok()) return s;
    authors->push_back(std::move(a));
  }
  if (!it->status().ok()) return Status::IOError(it->status().ToString());
  return Status::OK();
}

Status StoreView::HasPosts(bool* any) const {
  std::unique_ptr<leveldb::Iterator> it(store_->db_->NewIterator(Options()));
  it->Seek("p:");
  *any = it->Valid() && StartsWith(it->key(), "p:");
  if (!it->status().ok()) return Status::IOError(it->status().ToString());
  return Status::OK();
}

Status StoreView::ListPostSlugs(std::vector<std::string>* slugs) const {
  slugs->clear();
  std::unique_ptr<leveldb::Iterator> it(store_->db_->NewIterator(Options()));
  for (it->Seek("p:"); it->Valid() && StartsWith(it->key(), "p:"); it->Next()) {
    slugs->push_back(it->key().ToString().substr(2));
  }
  if (!it->status().ok()) return Status::IOError(it->status().ToString());
  return Status::OK();
}

Store::ReadCounts Store::read_counts() const {
  ReadCounts c;
  c.entry_reads = entry_reads_.load(std::memory_order_relaxed);
  c.rank_scans = rank_scans_.load(std::memory_order_relaxed);
  c.keys_scanned = keys_scanned_.load(std::memory_order_relaxed);
  return c;
}

void StoreView::ScanRanks(const std::string& key_prefix) const {
  store_->rank_scans_.fetch_add(1, std::memory_order_relaxed);
  uint64_t keys = 0;
  std::map<std::string, RankList> found;
  std::unique_ptr<leveldb::Iterator> it(store_->db_->NewIterator(Options()));
  for (it->Seek(key_prefix); it->Valid() && StartsWith(it->key(), key_prefix);
       it->Next()) {
    ++keys;
    std::string_view key(it->key().data(), it->key().size());
    size_t prefix_end;
    if (key.substr(0, 6) == "l:all:") {
      prefix_end = 6;
    } else {
      size_t nul = key.find('\0');
      if (nul == std::string_view::npos) continue;  // Check() reports it
      prefix_end = nul + 1;
    }
    if (key.size() < prefix_end + 8) continue;
    found[std::string(key.substr(0, prefix_end))].push_back(
        {DateFromInverted(key.substr(prefix_end, 8)),
         std::string(key.substr(prefix_end + 8))});
  }
  // Keys come sorted, so each listing is appended at the end of the map.
  StoreReadState& st = *state_;
  st.ranks_mu.AssertHeld();
  for (auto& [prefix, list] : found) {
    st.lists.insert_or_assign(
        st.lists.end(), prefix,
        std::make_shared<const RankList>(std::move(list)));
  }
  st.scanned.insert(key_prefix);
  store_->keys_scanned_.fetch_add(keys, std::memory_order_relaxed);
}

std::shared_ptr<const StoreView::RankList> StoreView::RankFor(
    const std::string& prefix) const {
  StoreReadState& st = *state_;
  MutexLock lock(&st.ranks_mu);
  // Covered by its own scan or by one of a whole family ("l:tag:"): the
  // scanned prefixes end at ':' or '\0', so try each such head of prefix.
  bool covered = false;
  for (size_t i = 0; i < prefix.size() && !covered; ++i) {
    if (prefix[i] == ':' || prefix[i] == '\0') {
      covered = st.scanned.count(prefix.substr(0, i + 1)) > 0;
    }
  }
  if (!covered) ScanRanks(prefix);
  auto it = st.lists.find(prefix);
  if (it != st.lists.end()) return it->second;
  static const auto kEmpty = std::make_shared<const RankList>();
  return kEmpty;
}

std::map<std::string, std::shared_ptr<const StoreView::RankList>>
StoreView::TagRanks() const {
  const std::string tags = "l:tag:";
  StoreReadState& st = *state_;
  MutexLock lock(&st.ranks_mu);
  if (!st.scanned.count(tags)) ScanRanks(tags);
  std::map<std::string, std::shared_ptr<const RankList>> out;
  for (auto it = st.lists.lower_bound(tags);
       it != st.lists.end() && it->first.compare(0, tags.size(), tags) == 0;
       ++it) {
    out.insert(out.end(), *it);  // sorted: O(1) each
  }
  return out;
}

std::shared_ptr<const StoreView::Expiries> StoreView::ExpiriesOf() const {
  StoreReadState& st = *state_;
  MutexLock lock(&st.ranks_mu);
  if (st.expiries) return st.expiries;
  auto out = std::make_shared<Expiries>();
  const std::string prefix = kExpiryPrefix;
  std::unique_ptr<leveldb::Iterator> it(store_->db_->NewIterator(Options()));
  for (it->Seek(prefix); it->Valid() && StartsWith(it->key(), prefix);
       it->Next()) {
    std::string_view key(it->key().data(), it->key().size());
    if (key.size() <= prefix.size() + 8) continue;  // Check() reports it
    ExpiringPost post;
    post.expires = static_cast<int64_t>(ReadBigEndian64(key.substr(2, 8)));
    post.slug = std::string(key.substr(prefix.size() + 8));
    Decoder d(std::string_view(it->value().data(), it->value().size()));
    if (!d.GetI64(&post.date) || !d.GetStrings(&post.listings) || !d.done()) {
      continue;  // Check() reports it
    }
    std::sort(post.listings.begin(), post.listings.end());
    out->by_slug[post.slug] = post.expires;
    out->posts.push_back(std::move(post));
  }
  st.expiries = out;
  return out;
}

StoreView::ListingExpiry StoreView::ExpiryIn(const std::string& listing_name,
                                             int64_t now) const {
  ListingExpiry out;
  if (ignore_expiry_) return out;
  for (const ExpiringPost& p : ExpiriesOf()->posts) {  // soonest first
    if (!std::binary_search(p.listings.begin(), p.listings.end(),
                            listing_name)) {
      continue;
    }
    if (p.expires > now) {
      out.next = p.expires;
      break;
    }
    out.expired.insert(p.slug);
    out.last_expired = p.expires;
  }
  return out;
}

int64_t StoreView::ExpiryOf(const std::string& slug) const {
  auto expiries = ExpiriesOf();
  auto it = expiries->by_slug.find(slug);
  return it == expiries->by_slug.end() ? 0 : it->second;
}

namespace {

// The sooner of two times, where 0 is "never".
int64_t Sooner(int64_t a, int64_t b) {
  if (a == 0) return b;
  if (b == 0) return a;
  return std::min(a, b);
}

}  // namespace

// The positions in list (from first on: expired posts are never scheduled)
// of the expired posts of expiry, ascending. Empty, at no cost, when
// nothing in the listing has expired.
std::vector<size_t> StoreView::HiddenPositions(
    const RankList& list, RankList::const_iterator first,
    const ListingExpiry& expiry) const {
  std::vector<size_t> hidden;
  if (expiry.expired.empty()) return hidden;
  auto expiries = ExpiriesOf();
  for (const ExpiringPost& p : expiries->posts) {
    if (!expiry.expired.count(p.slug)) continue;
    auto it = std::lower_bound(
        first, list.end(), p, [](const RankedKey& k, const ExpiringPost& e) {
          return k.date != e.date ? k.date > e.date : k.slug < e.slug;
        });
    if (it != list.end() && it->date == p.date && it->slug == p.slug) {
      hidden.push_back(static_cast<size_t>(it - list.begin()));
    }
  }
  std::sort(hidden.begin(), hidden.end());
  return hidden;
}

Status StoreView::ListPageByScan(const Listing& listing, int64_t now,
                                 size_t offset, size_t limit,
                                 ListingPage* page) const {
  *page = ListingPage();
  const std::string prefix = listing.KeyPrefix();
  int64_t stored_change = 0, count = 0;
  Status s = GetInt("g:" + listing.Name(), &stored_change);
  if (!s.ok() && !s.IsNotFound()) return s;
  s = GetInt("n:" + listing.Name(), &count);
  if (!s.ok() && !s.IsNotFound()) return s;
  const ListingExpiry expiry = ExpiryIn(listing.Name(), now);
  page->membership_changed = std::max(stored_change, expiry.last_expired);
  std::unique_ptr<leveldb::Iterator> it(store_->db_->NewIterator(Options()));
  auto date_here = [&] {
    return DateFromInverted(
        std::string_view(it->key().data() + prefix.size(), 8));
  };
  auto in_listing = [&] {
    return it->Valid() && StartsWith(it->key(), prefix) &&
           it->key().size() >= prefix.size() + 8;
  };
  auto slug_here = [&] {
    return it->key().ToString().substr(prefix.size() + 8);
  };
  auto expired_here = [&] {
    return !expiry.expired.empty() && expiry.expired.count(slug_here()) > 0;
  };
  size_t scheduled = 0;
  int64_t next_go_live = 0;
  it->Seek(prefix);
  for (; in_listing() && date_here() > now; it->Next()) {
    ++scheduled;
    next_go_live = date_here();  // the last one is the soonest
  }
  page->next_change = Sooner(next_go_live, expiry.next);
  if (in_listing()) {
    page->membership_changed = std::max(page->membership_changed, date_here());
  }
  const size_t hidden = scheduled + expiry.expired.size();
  page->total = count > static_cast<int64_t>(hidden)
                    ? static_cast<size_t>(count) - hidden
                    : 0;
  for (size_t skipped = 0; skipped < offset && in_listing(); it->Next()) {
    if (!expired_here()) ++skipped;
  }
  for (; page->entries.size() < limit && in_listing(); it->Next()) {
    if (expired_here()) continue;
    Entry e;
    s = GetEntry(slug_here(), &e);
    if (s.IsNotFound()) continue;
    if (!s.ok()) return s;
    page->entries.push_back(std::move(e));
  }
  if (!it->status().ok()) return Status::IOError(it->status().ToString());
  return Status::OK();
}

size_t StoreView::CountVisible(const Listing& listing, int64_t now) const {
  if (!store_->rank_lists_) {
    ListingPage head;
    return ListPageByScan(listing, now, 0, 0, &head).ok() ? head.total : 0;
  }
  auto list = RankFor(listing.KeyPrefix());
  auto first =
      std::partition_point(list->begin(), list->end(),
                           [&](const RankedKey& k) { return k.date > now; });
  const size_t hidden =
      HiddenPositions(*list, first, ExpiryIn(listing.Name(), now)).size();
  return static_cast<size_t>(list->end() - first) - hidden;
}

int64_t StoreView::ChangedAt(const std::string& listing_name) const {
  int64_t t = 0;
  // Not found (never changed) and unreadable both say "no time known".
  if (!GetInt("g:" + listing_name, &t).ok()) return 0;
  return t;
}

Status StoreView::ListPage(const Listing& listing, int64_t now, size_t offset,
                           size_t limit, ListingPage* page) const {
  if (!store_->rank_lists_)
    return ListPageByScan(listing, now, offset, limit, page);
  *page = ListingPage();
  auto ranked = RankFor(listing.KeyPrefix());
  int64_t stored_change = 0;
  Status gs = GetInt("g:" + listing.Name(), &stored_change);
  if (!gs.ok() && !gs.IsNotFound()) return gs;
  const ListingExpiry expiry = ExpiryIn(listing.Name(), now);
  // An expiry changes the listing at its time, as a go-live does.
  page->membership_changed = std::max(stored_change, expiry.last_expired);
  const RankList& list = *ranked;
  auto first =
      std::partition_point(list.begin(), list.end(),
                           [&](const RankedKey& k) { return k.date > now; });
  int64_t next_go_live = first != list.begin() ? std::prev(first)->date : 0;
  page->next_change = Sooner(next_go_live, expiry.next);
  if (first != list.end()) {
    // A scheduled post going live changes the listing at its date.
    page->membership_changed = std::max(page->membership_changed, first->date);
  }
  const std::vector<size_t> hidden = HiddenPositions(list, first, expiry);
  page->total = static_cast<size_t>(list.end() - first) - hidden.size();
  // The position of visible post number offset: each hidden post up to it
  // moves it one on.
  size_t at = static_cast<size_t>(first - list.begin()) + offset;
  size_t h = 0;
  for (; h < hidden.size() && hidden[h] <= at; ++h) ++at;
  for (; at < list.size() && page->entries.size() < limit; ++at) {
    if (h < hidden.size() && hidden[h] == at) {
      ++h;
      continue;
    }
    const RankedKey* it = &list[at];
    Entry e;
    Status s = GetEntry(it->slug, &e);
    if (s.IsNotFound()) continue;  // removed since the rank list was built
    if (!s.ok()) return s;
    page->entries.push_back(std::move(e));
  }
  return Status::OK();
}

Status StoreView::Neighbors(const std::string& slug, int64_t date, int64_t now,
                            Entry* older, Entry* newer) const {
  *older = Entry();
  *newer = Entry();
  const std::string prefix = Listing::All().KeyPrefix();
  const std::string key = prefix + InvertedDate(date) + slug;
  std::unique_ptr<leveldb::Iterator> it(store_->db_->NewIterator(Options()));
  it->Seek(key);
  if (!it->Valid() || it->key() != leveldb::Slice(key)) return Status::OK();
  auto slug_of = [&](const leveldb::Slice& k) {
    return k.ToString().substr(prefix.size() + 8);
  };
  const ListingExpiry expiry = ExpiryIn(Listing::All().Name(), now);
  // An expired post is no one's neighbour: step over it.
  auto expired_here = [&] {
    return it->Valid() && StartsWith(it->key(), prefix) &&
           !expiry.expired.empty() && expiry.expired.count(slug_of(it->key()));
  };
  it->Next();  // older: next in newest-first order
  while (expired_here()) it->Next();
  if (it->Valid() && StartsWith(it->key(), prefix)) {
    Status s = GetEntry(slug_of(it->key()), older);
    if (!s.ok() && !s.IsNotFound()) return s;
  }
  it->Seek(key);
  it->Prev();  // newer; hidden while it is scheduled
  while (expired_here()) it->Prev();
  if (it->Valid() && StartsWith(it->key(), prefix) &&
      DateFromInverted(std::string_view(it->key().data() + prefix.size(), 8)) <=
          now) {
    Status s = GetEntry(slug_of(it->key()), newer);
    if (!s.ok() && !s.IsNotFound()) return s;
  }
  if (!it->status().ok()) return Status::IOError(it->status().ToString());
  return Status::OK();
}

Status StoreView::ListTags(int64_t now, std::vector<TagInfo>* tags) const {
  tags->clear();
  const std::string prefix = "l:tag:";
  // The tags (sorted by slug, as the rank lists are) and, for each, the
  // slug of its newest visible post.
  std::map<std::string, std::vector<size_t>> by_newest;  // post -> tags
  // The expired posts, and how many each listing has.
  const ListingExpiry expired = ExpiryIn(Listing::All().Name(), now);
  std::map<std::string, size_t> expired_in;  // by Listing::Name()
  if (!expired.expired.empty()) {
    for (const ExpiringPost& p : ExpiriesOf()->posts) {
      if (p.expires > now) break;
      for (const auto& name : p.listings) ++expired_in[name];
    }
  }
  for (const auto& [key_prefix, ranked] : TagRanks()) {
    const RankList& list = *ranked;
    auto first =
        std::partition_point(list.begin(), list.end(),
                             [&](const RankedKey& k) { return k.date > now; });
    while (first != list.end() && !expired.expired.empty() &&
           expired.expired.count(first->slug)) {
      ++first;  // the newest visible post names the tag
    }
    if (first == list.end()) continue;
    TagInfo info;
    info.slug =
        key_prefix.substr(prefix.size(), key_prefix.size() - prefix.size() - 1);
    info.name = info.slug;
    info.count = static_cast<size_t>(list.end() - first);
    if (auto e = expired_in.find("tag:" + info.slug); e != expired_in.end()) {
      // Those before first were skipped above; the rest are after it.
      size_t skipped = 0;
      for (auto k = list.begin(); k != first; ++k) {
        skipped += k->date <= now && expired.expired.count(k->slug) ? 1 : 0;
      }
      info.count -= std::min(info.count, e->second - skipped);
    }
    by_newest[first->slug].push_back(tags->size());
    tags->push_back(std::move(info));
  }
  // A tag is named as its newest post spells it. Many tags share a newest
  // post (one post may carry thousands of tags): read and slugify each
  // post's tags once, not once per tag, or the listing is quadratic.
  for (const auto& [slug, indexes] : by_newest) {
    Entry newest;
    Status s = GetEntry(slug, &newest);
    if (s.IsNotFound()) continue;  // removed since the rank list was built
    if (!s.ok()) return s;
    std::map<std::string, const std::string*> spelling;  // last one wins
    for (const auto& t : newest.tags) spelling[Slugify(t)] = &t;
    for (size_t i : indexes) {
      auto it = spelling.find((*tags)[i].slug);
      if (it != spelling.end()) (*tags)[i].name = *it->second;
    }
  }
  return Status::OK();
}

// ---------------------------------------------------------------- writer

StoreWriter::StoreWriter(Store* store, int64_t now)
    : store_(store),
      now_(now),
      lock_(&store->write_mu_),
      batch_(new leveldb::WriteBatch) {}

StoreWriter::~StoreWriter() = default;

size_t StoreWriter::pending_bytes() const { return batch_->ApproximateSize(); }

Status StoreWriter::SealedError() {
  return Status::InvalidArgument(
      "the store writer was sealed for its commit; nothing more can change");
}

void StoreWriter::Seal() {
  sealed_ = true;
  std::map<std::string, Pending>().swap(pending_);
  std::map<std::string, std::optional<UrlHistory>>().swap(pending_history_);
  std::map<std::string, std::optional<std::string>>().swap(pending_old_urls_);
}

size_t StoreWriter::BytesToPut(const Post& p) {
  // The p: record, the e: entry (slug, title, excerpt again) and the keys
  // of listings, tags and authors; small fields counted generously.
  size_t n = 1024 + p.source_path.size() + p.summary.size() +
             p.body_markdown.size() + p.body_html.size() +
             p.description.size() + p.image.size() + p.url.size() +
             2 * (p.slug.size() + p.title.size() + p.excerpt_html.size());
  for (const auto* list : {&p.author_ids, &p.tags, &p.aliases, &p.assets}) {
    for (const auto& s : *list) n += 3 * s.size() + 64;
  }
  return n;
}

// The batch is one std::string that doubles its capacity when full: past
// 128 MB it copies itself into a new block of 256, and for that moment
// both are in memory (a 10,000-post import peaked there, at 438 MB, not at
// the commit). Room made beforehand avoids it: one value of `bytes` zeros,
// read from an untouched anonymous mapping (the kernel's zero page, no
// memory), is put into the batch; its pages are then given back to the
// kernel (MADV_DONTNEED: they read as zeros again, which they were, and
// take memory only when written), and the batch is cleared, which keeps its
// capacity. Memory is taken only as the batch fills, as before.
void StoreWriter::Reserve(size_t bytes) {
  if (bytes == 0 ||
      batch_->ApproximateSize() > leveldb::WriteBatch().ApproximateSize())
    return;  // something is in the batch already
  void* zeros = ::mmap(nullptr, bytes, PROT_READ,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (zeros == MAP_FAILED) return;
  batch_->Put(leveldb::Slice(),
              leveldb::Slice(static_cast<const char*>(zeros), bytes));
  ::munmap(zeros, bytes);
  // Where the value is in the batch (its only record).
  struct ValueAt : leveldb::WriteBatch::Handler {
    const char* at = nullptr;
    void Put(const leveldb::Slice&, const leveldb::Slice& value) override {
      at = value.data();
    }
    void Delete(const leveldb::Slice&) override {}
  } value;
  if (batch_->Iterate(&value).ok() && value.at != nullptr) {
    const uintptr_t page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
    const uintptr_t begin =
        (reinterpret_cast<uintptr_t>(value.at) + page - 1) & ~(page - 1);
    const uintptr_t end =
        (reinterpret_cast<uintptr_t>(value.at) + bytes) & ~(page - 1);
    // Only whole pages inside the value, while the batch still holds it.
    if (end > begin)
      ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
  }
  batch_->Clear();
}

void StoreWriter::Touch(const std::string& listing_name) {
  std::string v;
  AppendBigEndian64(&v, static_cast<uint64_t>(now_));
  batch_->Put("g:" + listing_name, v);
  if (listing_name.rfind("tag:", 0) == 0) batch_->Put("g:tags", v);
  if (listing_name.rfind("author:", 0) == 0) batch_->Put("g:authors", v);
}

Status StoreWriter::CurrentPost(const std::string& slug, Post* post,
                                std::optional<uint64_t>* pending_hash) const {
  pending_hash->reset();
  if (sealed_) return SealedError();
  auto it = pending_.find(slug);
  if (it == pending_.end()) return store_->View().GetPost(slug, post);
  if (!it->second.post) return Status::NotFound("p:" + slug);
  *post = *it->second.post;
  *pending_hash = it->second.content_hash;
  return Status::OK();
}

void StoreWriter::RecordContentChange(const Post* old, uint64_t source_hash,
                                      Post* post) const {
  post->content_changed = 0;
  // `updated:` is the author's word; a new post, or a draft's edits, are
  // no update.
  if (post->updated != 0 || old == nullptr) return;
  post->content_changed = old->content_changed;
  if (old->draft || post->draft) return;
  auto pending = pending_.find(post->slug);
  uint64_t old_hash;
  if (pending != pending_.end() && pending->second.post) {
    old_hash = pending->second.source_hash;  // the batch's copy has no body
  } else {
    const std::string old_source = old->SourceOf();
    old_hash = XXH64(old_source.data(), old_source.size(), 0);
  }
  if (old_hash != source_hash) post->content_changed = now_;
}

Status StoreWriter::PutPost(Post post) {
  if (!IsValidSlug(post.slug)) {
    return Status::InvalidArgument("'" + post.slug + "' is not a valid slug");
  }
  // Listings rely on it: an expired post is never a scheduled one.
  if (post.expires < 0 || (post.expires != 0 && post.expires <= post.date)) {
    return Status::InvalidArgument("post '" + post.slug +
                                   "' expires before or at its date");
  }
  Post old;
  std::optional<uint64_t> old_hash;
  Status s = CurrentPost(post.slug, &old, &old_hash);
  bool exists = s.ok();
  if (!exists && !s.IsNotFound()) return s;
  const std::string content = post.EncodeContent();
  const uint64_t hash = XXH64(content.data(), content.size(), 0);
  const std::string source = post.SourceOf();
  const uint64_t source_hash = XXH64(source.data(), source.size(), 0);
  const bool same_content =
      exists && (old_hash ? *old_hash == hash : old.EncodeContent() == content);
  RecordContentChange(exists ? &old : nullptr, source_hash, &post);
  if (same_content && old.decoded_schema == kSchemaVersion) {
    ++counts_.unchanged;
    return Status::OK();
  }
  if (same_content) {
    // A record of an older schema: written again in this one (its entry
    // gains the content date), as it was, with no listing touched.
    ++counts_.unchanged;
    post.written_at = old.written_at;
    if (!post.draft && !post.page) {
      batch_->Put("e:" + post.slug, post.ToEntry().Encode());
    }
    batch_->Put("p:" + post.slug, post.Encode());
    batch_dirty_ = true;
    return Status::OK();
  }
  post.written_at = now_;
  std::map<std::string, std::string> old_keys, new_keys;
  if (exists) {
    for (auto& kv : IndexKeysOf(old)) old_keys.insert(kv);
    for (const auto& a : old.aliases) batch_->Delete("x:" + a);
    if (!old.url.empty()) batch_->Delete("u:" + old.url);
  }
  for (auto& kv : IndexKeysOf(post)) new_keys.insert(kv);
  for (const auto& [key, name] : old_keys) {
    if (!new_keys.count(key)) {
      batch_->Delete(key);
      Touch(name);
      Count(name, -1);
    }
  }
  for (const auto& [key, name] : new_keys) {
    if (!old_keys.count(key)) {
      batch_->Put(key, leveldb::Slice());
      Touch(name);
      Count(name, +1);
    }
  }
  const auto old_expiry = exists ? ExpiryKeyOf(old) : std::nullopt;
  const auto new_expiry = ExpiryKeyOf(post);
  if (old_expiry != new_expiry) {
    if (old_expiry) batch_->Delete(old_expiry->first);
    if (new_expiry) batch_->Put(new_expiry->first, new_expiry->second);
    // An expiry moved (or gone) may show a post again, or hide it now.
    for (const auto& [key, name] : old_keys) Touch(name);
    for (const auto& [key, name] : new_keys) Touch(name);
  }
  if (exists && !post.draft && old.tags != post.tags) {
    // A tag re-spelled ("Alpha" -> "ALPHA") keeps its keys but changes
    // how the tag's pages and /tags/ name it.
    for (const auto& tag : post.TagSlugs()) Touch(Listing::Tag(tag).Name());
  }
  for (const auto& a : post.aliases) batch_->Put("x:" + a, post.slug);
  // A draft page has its URL too (a writer's preview shows it there, as
  // a draft post at its own); the page refuses everyone else.
  if (post.page) batch_->Put("u:" + post.url, post.slug);
  if (post.page || (exists && old.page)) Touch("pages");  // the sitemap
  if (post.draft || post.page) {
    batch_->Delete("e:" + post.slug);
  } else {
    batch_->Put("e:" + post.slug, post.ToEntry().Encode());
  }
  batch_->Put("p:" + post.slug, post.Encode());
  ++(exists ? counts_.changed : counts_.added);
  batch_dirty_ = true;
  post.body_markdown.clear();
  post.body_markdown.shrink_to_fit();
  post.body_html.clear();
  post.body_html.shrink_to_fit();
  post.excerpt_html.clear();
  post.excerpt_html.shrink_to_fit();
  std::string slug = post.slug;  // before post is moved from
  pending_[slug] = Pending{std::move(post), hash, source_hash};
  return Status::OK();
}

Status StoreWriter::RemovePost(const std::string& slug) {
  Post old;
  std::optional<uint64_t> old_hash;
  Status s = CurrentPost(slug, &old, &old_hash);
  if (!s.ok()) return s;
  for (const auto& [key, name] : IndexKeysOf(old)) {
    batch_->Delete(key);
    Touch(name);
    Count(name, -1);
  }
  if (auto expiry = ExpiryKeyOf(old)) batch_->Delete(expiry->first);
  for (const auto& a : old.aliases) batch_->Delete("x:" + a);
  if (!old.url.empty()) batch_->Delete("u:" + old.url);
  if (old.page) Touch("pages");
  batch_->Delete("e:" + slug);
  batch_->Delete("p:" + slug);
  ++counts_.removed;
  batch_dirty_ = true;
  pending_[slug] = Pending{};
  return Status::OK();
}

Status StoreWriter::PutAuthor(Author author) {
  Author old;
  Status s = store_->View().GetAuthor(author.id, &old);
  if (!s.ok() && !s.IsNotFound()) return s;
  if (s.ok() && old.EncodeContent() == author.EncodeContent())
    return Status::OK();
  author.written_at = now_;
  batch_->Put("a:" + author.id, author.Encode());
  batch_dirty_ = true;
  return Status::OK();
}

void StoreWriter::PutMeta(const std::string& name, const std::string& value) {
  batch_->Put("m:" + name, value);
  batch_dirty_ = true;
}

Status StoreWriter::RemoveAuthor(const std::string& id) {
  Author old;
  Status s = store_->View().GetAuthor(id, &old);
  if (!s.ok()) return s;
  batch_->Delete("a:" + id);
  batch_dirty_ = true;
  return Status::OK();
}

Status StoreWriter::Commit(bool sync) {
  if (!batch_dirty_) {
    if (sync && changed_anything_) {
      // Make everything written so far durable with one synced write.
      leveldb::WriteBatch empty;
      leveldb::WriteOptions wo;
      wo.sync = true;
      std::string gen;
      AppendBigEndian64(&gen, store_->generation_.load());
      empty.Put(kGenerationKey, gen);
      leveldb::Status ws = store_->db_->Write(wo, &empty);
      if (!ws.ok())
        return Status::IOError(store_->path_ + ": " + ws.ToString());
    }
    return Status::OK();
  }
  const StoreView latest = store_->View();
  for (const auto& [name, delta] : count_delta_) {
    if (delta == 0) continue;
    int64_t count = 0;
    Status cs = latest.GetInt("n:" + name, &count);
    if (!cs.ok() && !cs.IsNotFound()) return cs;
    count += delta;
    if (count <= 0) {
      batch_->Delete("n:" + name);
    } else {
      std::string v;
      AppendBigEndian64(&v, static_cast<uint64_t>(count));
      batch_->Put("n:" + name, v);
    }
  }
  count_delta_.clear();
  uint64_t next = store_->generation_.load() + 1;
  std::string gen;
  AppendBigEndian64(&gen, next);
  batch_->Put(kGenerationKey, gen);
  // The records just written are of this version (a store of version 1
  // becomes one of version 2 with its first write).
  batch_->Put(kSchemaKey, std::to_string(kSchemaVersion));
  // The batch first, unsynced: LevelDB appends it to its log as one
  // checksummed record and applies it only if the append worked. A failed
  // append (a full disk) applies nothing, and the record cut short is
  // dropped when the store is opened again (leveldb db_impl.cc
  // DBImpl::Write, log_reader.cc). A failed sync, by contrast, would leave
  // it unknown whether the record is in; so syncing is a second write.
  leveldb::Status ws =
      store_->db_->Write(leveldb::WriteOptions(), batch_.get());
  if (!ws.ok()) {
    return Status::IOError(
        store_->path_ + ": " + ws.ToString() +
        (changed_anything_
             ? "; this last part was not written"
             : "; nothing was changed: the store still holds the previous "
               "content"));
  }
  // Freed, not cleared: Clear keeps the batch's block (all of an import's
  // posts), which LevelDB's memtable now holds too, through the sync and
  // the compaction that follow.
  batch_ = std::make_unique<leveldb::WriteBatch>();
  store_->Publish(next);
  pending_.clear();
  pending_history_.clear();
  pending_old_urls_.clear();
  batch_dirty_ = false;
  changed_anything_ = true;
  if (sync) {
    leveldb::WriteBatch marker;
    marker.Put(kGenerationKey, gen);
    leveldb::WriteOptions wo;
    wo.sync = true;
    ws = store_->db_->Write(wo, &marker);
    if (!ws.ok()) {
      return Status::IOError(
          store_->path_ + ": " + ws.ToString() +
          "; the new content is in the store, but could not be synced to "
          "disk: if the machine crashes now, the store may come back with "
          "the previous content");
    }
  }
  return Status::OK();
}

}  // namespace levelpress
