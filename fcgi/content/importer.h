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
#include <string>
#include <vector>

#include "problem.h"
#include "settings.h"
#include "status.h"
#include "store.h"

namespace levelpress {

struct ImportOptions {
  std::string dir;        // the content folder
  bool prune = false;     // remove posts that are not in dir, and the
                          // media files no stored post or author uses
  bool progress = false;  // a progress line on stderr
  // Every check, nothing written: no store (store may be null), no media.
  // What a git hook runs before it accepts a push.
  bool dry_run = false;
  int threads = 0;  // for parsing and rendering; 0 = cores
  // Compact the store after a change, so that the next process to open it
  // finds nothing to compact. A running server skips it: it stays open,
  // and LevelDB compacts in the background.
  bool compact = true;
};

struct ImportReport {
  StoreWriter::Counts counts;
  size_t authors = 0;
  size_t media_removed = 0;  // files removed from media_dir (prune)
  size_t posts_checked = 0;  // dry run: post files read without errors
  bool dry_run = false;
  double seconds = 0;
  std::vector<Problem> problems;  // errors and warnings, in file order
  std::string Summary() const;    // one line
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
