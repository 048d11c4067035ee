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

Status Store::Check(std::vector<std::string>* problems) const {
  problems->clear();
  std::string schema;
  Status s = Get(kSchemaKey, &schema);
  if (!s.ok() || schema != std::to_string(kSchemaVersion)) {
    problems->push_back("schema version is '" + schema + "', expected " +
                        std::to_string(kSchemaVersion));
  }
  std::set<std::string> expected_index;    // l: keys the posts call for
  std::set<std::string> expected_entries;  // e: keys
  std::map<std::string, std::string> expected_aliases;
  std::set<std::string> authors_needed;
  std::unique_ptr<leveldb::Iterator> it(
      db_->NewIterator(leveldb::ReadOptions()));
  for (it->Seek("p:"); it->Valid() && StartsWith(it->key(), "p:"); it->Next()) {
    std::string slug = it->key().ToString().substr(2);
    Post p;
    Status d = p.Decode(it->value().ToString());
    if (!d.ok()) {
      problems->push_back("post " + slug + ": " + d.ToString());
      continue;
    }
    if (p.slug != slug)
      problems->push_back("post " + slug + ": record says slug " + p.slug);
    for (const auto& [key, name] : IndexKeysOf(p)) expected_index.insert(key);
    if (!p.draft) {
      expected_entries.insert(slug);
      Entry e;
      Status es = GetEntry(slug, &e);
      if (!es.ok()) {
        problems->push_back("post " + slug +
                            ": listing entry: " + es.ToString());
      } else if (e.Encode() != p.ToEntry().Encode()) {
        problems->push_back("post " + slug +
                            ": listing entry differs from the post");
      }
    }
    for (const auto& a : p.aliases) expected_aliases[a] = slug;
    authors_needed.insert(p.author_id);
  }
  for (it->Seek("e:"); it->Valid() && StartsWith(it->key(), "e:"); it->Next()) {
    std::string slug = it->key().ToString().substr(2);
    if (!expected_entries.count(slug)) {
      problems->push_back("listing entry " + slug +
                          " has no post (or the post is a draft)");
    }
  }
  std::map<std::string, int64_t> counted;  // listing name -> keys
  for (it->Seek("l:"); it->Valid() && StartsWith(it->key(), "l:"); it->Next()) {
    std::string key = it->key().ToString();
    if (key.rfind("l:all:", 0) == 0) {
      ++counted["all"];
    } else if (size_t nul = key.find('\0'); nul != std::string::npos) {
      ++counted[key.substr(2, nul - 2)];  // "tag:x", "author:y"
    }
    if (!expected_index.erase(key)) {
      problems->push_back("index key " + Printable(key) +
                          "... points at no post");
    }
  }
  for (const auto& key : expected_index) {
    problems->push_back("index key " + Printable(key) + "... is missing");
  }
  for (it->Seek("n:"); it->Valid() && StartsWith(it->key(), "n:"); it->Next()) {
    std::string name = it->key().ToString().substr(2);
    int64_t stored =
        it->value().size() == 8
            ? static_cast<int64_t>(ReadBigEndian64(it->value().ToString()))
            : -1;
    if (counted[name] != stored) {
      problems->push_back("listing " + name + " counts " +
                          std::to_string(stored) + " posts but has " +
                          std::to_string(counted[name]));
    }
    counted.erase(name);
  }
  for (const auto& [name, n] : counted) {
    if (n > 0) problems->push_back("listing " + name + " has no count");
  }
  for (it->Seek("x:"); it->Valid() && StartsWith(it->key(), "x:"); it->Next()) {
    std::string path = it->key().ToString().substr(2);
    auto want = expected_aliases.find(path);
    if (want == expected_aliases.end() ||
        want->second != it->value().ToString()) {
      problems->push_back("alias " + path + " points at no post that has it");
    } else {
      expected_aliases.erase(want);
    }
  }
  for (const auto& [path, slug] : expected_aliases) {
    problems->push_back("alias " + path + " of post " + slug + " is missing");
  }
  for (const auto& id : authors_needed) {
    Author a;
    Status as = GetAuthor(id, &a);
    if (!as.ok()) problems->push_back("author " + id + ": " + as.ToString());
  }
  if (!it->status().ok()) return Status::IOError(it->status().ToString());
  return Status::OK();
}

}  // namespace levelpress
