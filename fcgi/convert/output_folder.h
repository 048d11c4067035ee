// OutputFolder: the content folder a conversion writes, all or nothing.
// Files go into a temporary folder beside the destination, which becomes
// the destination by one rename at the end (Commit); until then, and on
// any failure, the destination is untouched and the temporary folder is
// removed when the OutputFolder dies. Not thread-safe.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "status.h"

namespace levelpress {

class OutputFolder {
 public:
  OutputFolder() = default;
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;
  ~OutputFolder();  // removes the temporary folder unless committed

  // The destination must not exist, or be an empty folder.
  [[nodiscard]] Status Open(const std::string& destination);
  // `relative` is a safe relative path ("posts/x/index.html"); folders on
  // the way are made.
  [[nodiscard]] Status Write(const std::string& relative,
                             std::string_view text);
  // Copies a regular file (never through a link: the source is opened
  // with O_NOFOLLOW).
  [[nodiscard]] Status Copy(const std::string& from,
                            const std::string& relative);
  bool Exists(const std::string& relative) const {
    return written_.count(relative) > 0;
  }
  [[nodiscard]] Status Commit();

 private:
  std::string destination_, temporary_;
  std::set<std::string> written_;
  bool committed_ = false;
};

}  // namespace levelpress
