// SearchImport: keeps the search index (search_index.h) in step with the
// posts, as part of an import's one all-or-nothing change.
//
// Each generation of the store that changed the index names its own index
// folder, <store>/search/<generation>/, in the m:search-index key of the
// same LevelDB batch as the posts. An import copies the current index to
// the new folder, replaces or removes only the posts it changes, commits
// (Xapian syncs), and only then lets the batch be written: a reader's view
// names the index of its own generation, so posts and index never disagree,
// and a failed or killed import leaves both as they were (its folder is
// removed then, or by the next import). A superseded folder is removed by
// a later import once its successor is kSearchIndexGraceSeconds old. An index
// that is missing (the first import, a store made before search, the module
// newly installed) or built for another language is rebuilt from every post.
//
// When the module cannot be loaded, the import warns once and writes no
// index; /search/ then answers 503. One import at a time (the store's
// write lock).
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "problem.h"
#include "records.h"
#include "search_index.h"
#include "settings.h"
#include "store.h"

namespace levelpress {

// How long a superseded index folder stays for the requests that may
// still read it (a request takes milliseconds).
inline constexpr int kSearchIndexGraceSeconds = 60;

class SearchImport {
 public:
  // problems: where the one warning goes if the module is missing.
  // threads: for splitting posts into words (0: the cores).
  SearchImport(const Settings& settings, Store* store, int threads,
               std::vector<Problem>* problems);
  ~SearchImport();  // without Committed(true): removes what it wrote
  SearchImport(const SearchImport&) = delete;
  SearchImport& operator=(const SearchImport&) = delete;

  // What the index needs of a post, taken before the post goes to the
  // store writer (which takes it). Cheap when search is off.
  struct Pending {
    bool wanted = false;
    SearchDoc doc;
    std::string body_html;
    bool hidden = false;  // a draft or a standalone page: not in results
  };
  Pending Take(const Post& post) const;
  // The store writer changed (added or replaced) this post.
  Status Changed(Pending pending);
  // The store writer removed this post.
  Status Removed(const std::string& slug);
  // Before the store commits: finishes the index (every other stored post
  // too when it is rebuilt), syncs it and names it in the writer's batch.
  Status Finish(StoreWriter* writer);
  // After the store's commit, with its outcome.
  void Committed(bool ok);

 private:
  Status OpenWriter();  // the new folder, from a copy of the current one
  Status Add(Pending pending);  // to batch_, written when it is full
  Status WriteBatch();
  void RemoveOldFolders(const std::string& current);

  const Settings& settings_;
  Store* const store_;
  bool enabled_ = false;
  std::string root_;     // <store>/search
  std::string current_;  // the current generation's folder name, or ""
  std::string next_;     // the folder this import writes
  bool rebuild_ = false;
  std::unique_ptr<SearchWriter> writer_;
  std::set<std::string> touched_;  // slugs put or removed
  std::vector<SearchDoc> batch_;   // put together (parallel word splitting)
  unsigned threads_ = 1;
  bool opened_ = false, finished_ = false, committed_ = false;
};

}  // namespace levelpress
