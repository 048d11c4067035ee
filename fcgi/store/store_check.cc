// Store::Check: verifies a store against itself, apart from the store's
// read and write paths (as LevelDB keeps repair.cc apart from db_impl.cc).
// Every post's record, listing entry, index keys, counts and aliases must
// agree; each disagreement is one line of text.
//
// An interrupted import cannot leave a half-written store any more: an
// import is one WriteBatch (importer.cc), which LevelDB applies whole or
// not at all across a crash or a full disk. These checks find corruption
// and bugs, not interrupted imports.
#include <algorithm>
#include <map>
#include <set>

#include "codec.h"
#include "store.h"

namespace levelpress {
namespace {

bool StartsWith(const leveldb::Slice& s, const std::string& prefix) {
  return s.starts_with(leveldb::Slice(prefix));
}

std::string Printable(std::string key) {
  std::replace(key.begin(), key.end(), '\0', '|');
  return key.substr(0, 40);
}

}  // namespace

// One run of Store::Check, phase by phase: the posts say which entries,
// index keys, listing counts, aliases and authors must exist, and each
// family of keys is then compared with that.
class StoreChecker {
 public:
  // Everything is read from one view: a live server may commit meanwhile.
  StoreChecker(const Store& store, std::vector<std::string>* problems)
      : view_(store.View()),
        problems_(*problems),
        it_(store.db_->NewIterator(view_.Options())) {}

  Status Run() {
    CheckSchema();
    CheckPosts();
    CheckEntries();
    CheckIndexKeys();
    CheckCounts();
    CheckExpiries();
    CheckAliases();
    CheckPageUrls();
    CheckUrlHistory();
    CheckAuthors();
    if (!it_->status().ok()) return Status::IOError(it_->status().ToString());
    return Status::OK();
  }

 private:
  void Problem(std::string text) { problems_.push_back(std::move(text)); }
  // Positions the iterator at the first key of a family; Here() is true
  // while it stays in the family.
  void SeekFamily(const std::string& prefix) {
    family_ = prefix;
    it_->Seek(prefix);
  }
  bool Here() const { return it_->Valid() && StartsWith(it_->key(), family_); }
  std::string KeyTail() const {
    return it_->key().ToString().substr(family_.size());
  }

  void CheckSchema() {
    std::string schema;
    Status s = view_.Get(kSchemaKey, &schema);
    if (!s.ok() || !IsReadableSchema(schema)) {
      Problem("schema version is '" + schema + "', expected " +
              std::to_string(kSchemaVersion));
    }
  }

  void CheckPosts() {
    for (SeekFamily("p:"); Here(); it_->Next()) {
      std::string slug = KeyTail();
      Post p;
      Status d = p.Decode(it_->value().ToString());
      if (!d.ok()) {
        Problem("post " + slug + ": " + d.ToString());
        continue;
      }
      if (p.slug != slug)
        Problem("post " + slug + ": record says slug " + p.slug);
      for (const auto& [key, name] : IndexKeysOf(p))
        expected_index_.insert(key);
      if (auto expiry = ExpiryKeyOf(p)) expected_expiries_.insert(*expiry);
      if (!p.draft && !p.page) CheckEntryOf(slug, p);
      if (p.page) expected_pages_[p.url] = slug;
      for (const auto& a : p.aliases) expected_aliases_[a] = slug;
      authors_needed_.insert(p.author_ids.begin(), p.author_ids.end());
    }
  }

  void CheckEntryOf(const std::string& slug, const Post& p) {
    expected_entries_.insert(slug);
    Entry e;
    Status es = view_.GetEntry(slug, &e);
    if (!es.ok()) {
      Problem("post " + slug + ": listing entry: " + es.ToString());
    } else {
      Entry want = p.ToEntry();
      // A post of schema 1..3 has an entry without the content date,
      // which decodes as the post's date.
      if (p.decoded_schema < 4) want.modified = want.date;
      if (e.Encode() != want.Encode()) {
        Problem("post " + slug + ": listing entry differs from the post");
      }
    }
  }

  void CheckEntries() {
    for (SeekFamily("e:"); Here(); it_->Next()) {
      if (!expected_entries_.count(KeyTail())) {
        Problem("listing entry " + KeyTail() +
                " has no post (or the post is a draft)");
      }
    }
  }

  void CheckIndexKeys() {
    for (SeekFamily("l:"); Here(); it_->Next()) {
      std::string key = it_->key().ToString();
      if (key.rfind("l:all:", 0) == 0) {
        ++counted_["all"];
      } else if (size_t nul = key.find('\0'); nul != std::string::npos) {
        ++counted_[key.substr(2, nul - 2)];  // "tag:x", "author:y"
      }
      if (!expected_index_.erase(key)) {
        Problem("index key " + Printable(key) + "... points at no post");
      }
    }
    for (const auto& key : expected_index_) {
      Problem("index key " + Printable(key) + "... is missing");
    }
  }

  void CheckCounts() {
    for (SeekFamily("n:"); Here(); it_->Next()) {
      std::string name = KeyTail();
      int64_t stored =
          it_->value().size() == 8
              ? static_cast<int64_t>(ReadBigEndian64(it_->value().ToString()))
              : -1;
      if (counted_[name] != stored) {
        Problem("listing " + name + " counts " + std::to_string(stored) +
                " posts but has " + std::to_string(counted_[name]));
      }
      counted_.erase(name);
    }
    for (const auto& [name, n] : counted_) {
      if (n > 0) Problem("listing " + name + " has no count");
    }
  }

  // Each post that expires has its y: key, with its date and listings.
  void CheckExpiries() {
    for (SeekFamily(kExpiryPrefix); Here(); it_->Next()) {
      std::string key = it_->key().ToString();
      auto want = expected_expiries_.find(key);
      if (want == expected_expiries_.end()) {
        Problem("expiry key " + Printable(key) + "... points at no post");
      } else {
        if (want->second != it_->value().ToString()) {
          Problem("expiry key " + Printable(key) + "... differs from its post");
        }
        expected_expiries_.erase(want);
      }
    }
    for (const auto& [key, value] : expected_expiries_) {
      Problem("expiry key " + Printable(key) + "... is missing");
    }
  }

  void CheckAliases() {
    for (SeekFamily("x:"); Here(); it_->Next()) {
      std::string path = KeyTail();
      auto want = expected_aliases_.find(path);
      if (want == expected_aliases_.end() ||
          want->second != it_->value().ToString()) {
        Problem("alias " + path + " points at no post that has it");
      } else {
        expected_aliases_.erase(want);
      }
    }
    for (const auto& [path, slug] : expected_aliases_) {
      Problem("alias " + path + " of post " + slug + " is missing");
    }
  }

  void CheckPageUrls() {
    for (SeekFamily("u:"); Here(); it_->Next()) {
      std::string path = KeyTail();
      auto want = expected_pages_.find(path);
      if (want == expected_pages_.end() ||
          want->second != it_->value().ToString()) {
        Problem("page URL " + path + " points at no page that has it");
      } else {
        expected_pages_.erase(want);
      }
    }
    for (const auto& [path, slug] : expected_pages_) {
      Problem("page URL " + path + " of page " + slug + " is missing");
    }
  }

  // Every old URL (r:) is in the history (h:) of the file it names, and
  // every history's old URL points back at its file.
  void CheckUrlHistory() {
    std::map<std::string, std::string> expected;  // old URL -> source
    for (SeekFamily(kUrlHistoryPrefix); Here(); it_->Next()) {
      UrlHistory h;
      Status d = h.Decode(it_->value().ToString());
      if (!d.ok()) {
        Problem("URL history of " + KeyTail() + ": " + d.ToString());
        continue;
      }
      for (const auto& url : h.old_urls) expected[url] = KeyTail();
    }
    for (SeekFamily(kOldUrlPrefix); Here(); it_->Next()) {
      auto want = expected.find(KeyTail());
      if (want == expected.end() || want->second != it_->value().ToString()) {
        Problem("old URL " + KeyTail() + " is in no URL history of " +
                it_->value().ToString());
      } else {
        expected.erase(want);
      }
    }
    for (const auto& [url, source] : expected) {
      Problem("old URL " + url + " of " + source + " is missing");
    }
  }

  void CheckAuthors() {
    for (const auto& id : authors_needed_) {
      Author a;
      Status as = view_.GetAuthor(id, &a);
      if (!as.ok()) Problem("author " + id + ": " + as.ToString());
    }
  }

  const StoreView view_;
  std::vector<std::string>& problems_;
  std::unique_ptr<leveldb::Iterator> it_;
  std::string family_;
  // What the posts call for.
  std::set<std::string> expected_index_;                  // l: keys
  std::set<std::string> expected_entries_;                // e: keys (slugs)
  std::map<std::string, std::string> expected_expiries_;  // y: key -> value
  std::map<std::string, std::string> expected_aliases_;   // path -> slug
  std::map<std::string, std::string> expected_pages_;     // u: path -> slug
  std::set<std::string> authors_needed_;
  std::map<std::string, int64_t> counted_;  // listing name -> l: keys
};

Status Store::Check(std::vector<std::string>* problems) const {
  problems->clear();
  return StoreChecker(*this, problems).Run();
}

}  // namespace levelpress
