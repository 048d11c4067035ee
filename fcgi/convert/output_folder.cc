#include "output_folder.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

namespace levelpress {
namespace fs = std::filesystem;

namespace {

Status IoError(const std::string& path, int error) {
  return Status::IOError(path + ": " + std::strerror(error));
}

}  // namespace

OutputFolder::~OutputFolder() {
  if (!committed_ && !temporary_.empty()) {
    std::error_code ec;
    fs::remove_all(temporary_, ec);
  }
}

Status OutputFolder::Open(const std::string& destination) {
  std::error_code ec;
  fs::path dest = fs::absolute(destination, ec).lexically_normal();
  if (ec) return IoError(destination, ec.value());
  if (dest.filename().empty()) dest = dest.parent_path();
  if (fs::exists(fs::symlink_status(dest, ec))) {
    if (!fs::is_directory(fs::symlink_status(dest, ec)) ||
        !fs::is_empty(dest, ec)) {
      return Status::InvalidArgument(
          destination +
          ": exists and is not an empty folder; give a new folder (nothing "
          "was written)");
    }
  }
  fs::path parent = dest.parent_path();
  if (!fs::is_directory(parent, ec)) {
    return Status::InvalidArgument(parent.string() + ": no such folder");
  }
  std::string pattern =
      (parent / ("." + dest.filename().string() + ".converting-XXXXXX"))
          .string();
  if (mkdtemp(pattern.data()) == nullptr) return IoError(pattern, errno);
  destination_ = dest.string();
  temporary_ = pattern;
  // mkdtemp makes it 0700; the folder is content, readable as any other.
  chmod(temporary_.c_str(), 0755);
  return Status::OK();
}

Status OutputFolder::Write(const std::string& relative, std::string_view text) {
  fs::path path = fs::path(temporary_) / relative;
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) return IoError(path.parent_path().string(), ec.value());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) return IoError(path.string(), errno ? errno : EIO);
  written_.insert(relative);
  return Status::OK();
}

Status OutputFolder::Copy(const std::string& from,
                          const std::string& relative) {
  int in = open(from.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (in < 0) return IoError(from, errno);
  struct stat st;
  if (fstat(in, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(in);
    return Status::InvalidArgument(from + ": not a regular file");
  }
  fs::path path = fs::path(temporary_) / relative;
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  // In pieces: a video in the uploads may be larger than memory allows.
  std::vector<char> buffer(1 << 16);
  int error = 0;
  for (;;) {
    ssize_t n = read(in, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) error = errno;
    if (n <= 0) break;
    out.write(buffer.data(), n);
  }
  close(in);
  out.close();
  if (error) return IoError(from, error);
  if (!out) return IoError(path.string(), EIO);
  written_.insert(relative);
  return Status::OK();
}

Status OutputFolder::Commit() {
  std::error_code ec;
  fs::rename(temporary_, destination_, ec);
  if (ec) return IoError(destination_, ec.value());
  committed_ = true;
  return Status::OK();
}

}  // namespace levelpress
