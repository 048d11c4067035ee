// Importer: reads a content folder (posts/, Jekyll's _posts/, authors/) into
// the store, all or nothing: every problem of the run is reported together
// and a run with any error writes nothing; the changes are one LevelDB
// write batch, so a killed process, a crash or a full disk leaves the old
// content or the new, never a mix. Unchanged posts are not written (the
// generation stays). Posts gone from the folder are removed only with
// prune. Media (images beside posts, avatars) are copied into media_dir.
// Symbolic links are followed only where they stay inside the content
// folder; only regular files are read; nothing is written through a link
// (media_dir, the export folder). Runs with the store's write lock held
// (one import at a time).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "content.h"
#include "mutex.h"
#include "problem.h"
#include "settings.h"
#include "status.h"
#include "store.h"

namespace levelpress {

// What a running server remembers of its last import, so that the next
// import of the same folder parses only the files that changed: a
// one-post publish into a 10,000-post blog reads every file but parses
// one. Each file is known by its content-relative path and the hash of its
// bytes, with what parsing it gave (without the bodies, which the store
// has). Used only while nothing else has written to the store since (the
// same generation) and the configuration and the authors are the same;
// otherwise forgotten and filled again. One import at a time uses it.
// Only the importer reads or changes its fields.
struct ImportMemo {
  ImportMemo() = default;
  ImportMemo(const ImportMemo&) = delete;

  struct File {
    uint64_t hash = 0;  // of the file's bytes
    ParsedPost parsed;  // its post without body_markdown/html, excerpt
    // Of its images' sizes and copies, which its HTML holds: the file is
    // parsed again when one changes (ImportRun::ImagesStamp).
    uint64_t images = 0;
  };
  Mutex mu_;
  uint64_t generation_ GUARDED_BY(mu_) = 0;  // the store's, after the import
  uint64_t context_ GUARDED_BY(mu_) = 0;     // configuration and authors
  std::map<std::string, File> files_ GUARDED_BY(mu_);
};

struct ImportOptions {
  std::string dir;        // the content folder
  bool prune = false;     // remove posts that are not in dir, and the
                          // media files no stored post or author uses
  bool progress = false;  // a progress line on stderr
  // Every check, nothing written: no store (store may be null), no media.
  // What a git hook runs before it accepts a push.
  bool dry_run = false;
  // Every warning is an error: a migration that must be clean (--strict).
  bool strict = false;
  int threads = 0;  // for parsing and rendering; 0 = cores
  // Compact the store after a change, so that the next process to open it
  // finds nothing to compact. A running server skips it: it stays open,
  // and LevelDB compacts in the background.
  bool compact = true;
  // Copy drafts' files into media_dir too: a writer's preview (serve
  // --watch) shows drafts. Never for a public blog: media_dir is public.
  bool draft_media = false;
  // A server's memory of its imports (nullptr: parse every file), and what
  // identifies its configuration (SiteConfig::id): another configuration
  // may parse the same file differently.
  ImportMemo* memo = nullptr;
  uint64_t memo_config = 0;
};

struct ImportReport {
  StoreWriter::Counts counts;
  size_t authors = 0;
  size_t media_removed = 0;  // files removed from media_dir (prune)
  size_t posts_checked = 0;  // dry run: post files read without errors
  bool dry_run = false;
  double seconds = 0;
  std::vector<Problem> problems;  // errors and warnings, in file order
  std::string Summary() const;    // one line, with the count of warnings
};

// Returns InvalidArgument when the content has errors (see report.problems).
Status Import(const Settings& settings, Store* store,
              const ImportOptions& options, ImportReport* report);

// Writes every post and author of one view (a consistent snapshot, also of
// a live blog) back out as files that Import reads into the same store;
// copies their media back beside them.
Status Export(const Settings& settings, const StoreView& store,
              const std::string& dir, size_t* posts_written);

}  // namespace levelpress
