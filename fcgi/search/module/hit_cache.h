// HitCache: the slugs and texts of a reader's recent hits, by document id.
//
// A hit's text (the start of its post, for its snippet) is a value of the
// index, and reading it takes a B-tree lookup and a pread of an 8 KB block:
// a tenth of a search's CPU for ten hits. Posts that match one search
// match many (a popular post is in the results of most searches for its
// subject), so each reader keeps its last `capacity` hits (~2 KB each, the
// text split into words for its snippets).
// A reader's index never changes, so an entry never goes stale. One reader
// is used by one thread at a time: no lock.
#pragma once

#include <xapian.h>

#include <list>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>

#include "snippet.h"

// What a hit shows: its slug and the start of its text, split into words.
struct Hit {
  std::string slug;
  SnippetText text;
};

class HitCache {
 public:
  explicit HitCache(size_t capacity) : capacity_(capacity) {}

  // The hit of document `id`, or null.
  std::shared_ptr<const Hit> Find(Xapian::docid id) {
    auto it = index_.find(id);
    if (it == index_.end()) return nullptr;
    lru_.splice(lru_.begin(), lru_, it->second);  // most recent first
    return it->second->second;
  }

  // Keeps `hit` as document id's, forgetting the least recent beyond the
  // capacity; returns the kept hit (held by the caller as long as it
  // needs it, kept here or not).
  std::shared_ptr<const Hit> Put(Xapian::docid id, Hit hit) {
    if (auto known = Find(id)) return known;
    lru_.emplace_front(id, std::make_shared<const Hit>(std::move(hit)));
    index_[id] = lru_.begin();
    if (lru_.size() > capacity_) {
      index_.erase(lru_.back().first);
      lru_.pop_back();
    }
    return lru_.front().second;
  }

 private:
  using Entry = std::pair<Xapian::docid, std::shared_ptr<const Hit>>;
  size_t capacity_;
  std::list<Entry> lru_;
  std::unordered_map<Xapian::docid, std::list<Entry>::iterator> index_;
};
