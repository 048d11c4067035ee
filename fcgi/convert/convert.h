// Converters: `levelpress convert wordpress|ghost EXPORT OUT_DIR` read an
// export of another blog engine and write a LevelPress content folder
// (docs/content-format.md, docs/migration.md). Both read their export as a
// stream (never the whole file in memory), write into a temporary folder
// beside OUT_DIR and rename it at the end: a malformed export, named with
// its line and column (XML) or byte offset (JSON), leaves nothing behind.
// The same export gives the same folder, byte for byte. The site's
// settings give the time zone of the dates and the post URLs that old URLs
// redirect to. Not thread-safe (the time zone is process-wide).
#pragma once

#include <string>

#include "converted_post.h"
#include "settings.h"
#include "status.h"

namespace levelpress {

struct ConvertOptions {
  std::string input;    // the export file
  std::string out_dir;  // must not exist, or be empty
  // WordPress: the wp-content/uploads folder; Ghost: content/images.
  // "": images keep their URLs.
  std::string uploads_dir;
};

// WXR 1.0 to 1.2, as WordPress's Tools > Export writes it.
Status ConvertWordPress(const ConvertOptions& options, const Settings& settings,
                        ConvertReport* report);
// The JSON of Ghost's Settings > Labs > Export (Ghost 0.x to 5).
Status ConvertGhost(const ConvertOptions& options, const Settings& settings,
                    ConvertReport* report);

}  // namespace levelpress
