// MediaCopier: the images of an export, copied beside the posts that show
// them. WordPress and Ghost posts refer to their uploads by absolute URL
// (https://example.com/wp-content/uploads/2019/04/a.jpg,
// __GHOST_URL__/content/images/2023/01/b.png); when the uploads folder is
// given, each such file is copied into the post's folder and its URL
// becomes the file's name, which the importer publishes. A file that is
// not there keeps its URL, with a warning. Not thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "converted_post.h"
#include "output_folder.h"
#include "status.h"

namespace levelpress {

struct MediaSource {
  std::string
      marker;  // the path the uploads live under: "/wp-content/uploads/"
  // What may stand before the marker in a URL ("https://example.com",
  // "__GHOST_URL__", "" for a root-relative URL). Empty: anything.
  std::vector<std::string> origins;
  std::string dir;  // the uploads folder on disk; "": copy nothing
};

class MediaCopier {
 public:
  MediaCopier(MediaSource source, OutputFolder* out, ConvertReport* report)
      : source_(std::move(source)), out_(out), report_(report) {}

  // html with every upload URL pointing at a copy beside the post, whose
  // folder (content-relative) is post_dir; `where` names the post in
  // warnings.
  std::string Localize(std::string_view html, const std::string& post_dir,
                       const std::string& where);
  // One URL (a cover image, an avatar): the copy's name in post_dir, or ""
  // when it is not an upload that is there.
  std::string LocalizeOne(std::string_view url, const std::string& post_dir,
                          const std::string& where);
  // One URL copied to `relative` exactly (an avatar beside its author
  // file, named after it): the extension it took ("" if not copied).
  std::string CopyAs(std::string_view url, const std::string& relative_stem,
                     const std::string& where);
  // The first error writing a copy (the conversion fails with it).
  const Status& status() const { return status_; }

 private:
  // The URL's path below the marker, or "" if it is not an upload URL.
  std::string UploadPath(std::string_view url) const;
  bool Inside(const std::string& from) const;
  std::string Copy(const std::string& upload, const std::string& post_dir,
                   const std::string& where);

  MediaSource source_;
  OutputFolder* out_;
  ConvertReport* report_;
  Status status_;
  // Per post folder: upload path -> name beside the post.
  std::map<std::string, std::map<std::string, std::string>> copied_;
};

// html without the attributes named (e.g. srcset, sizes: they list sizes of
// an image that the converted post does not have).
std::string RemoveAttributes(std::string_view html,
                             const std::vector<std::string>& names);

}  // namespace levelpress
