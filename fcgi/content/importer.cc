#include "importer.h"

#include <dirent.h>
#include <fcntl.h>
#include <malloc.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <system_error>
#include <thread>
#include <utility>

#include "content.h"
#include "counted.h"
#include "highlight.h"
#include "hugo.h"
#include "hugo_config.h"
#include "image_info.h"
#include "image_variants.h"
#include "search_import.h"

namespace levelpress {
namespace fs = std::filesystem;

namespace {

// ------------------------------------------------------------------ files
//
// Every file the importer reads or writes is opened below a root folder
// one component at a time with O_NOFOLLOW, so no symbolic link below the
// root is followed by accident (the content folder's links are resolved
// and checked first, see ImportRun::Resolve). A file is read only if it is
// a regular file: a FIFO or a device never blocks or leaks the import.

std::string ErrorText(int error) {
  return std::error_code(error, std::generic_category()).message();
}

// A file descriptor, closed by scope.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
  }
  int get() const { return fd_; }
  bool ok() const { return fd_ >= 0; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

// Opens root/rel_dir, creating missing folders if `create`, never
// following a symbolic link below root.
Status OpenFolderBelow(const fs::path& root, const fs::path& rel_dir,
                       bool create, Fd* out) {
  Fd dir(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir.ok()) {
    return Status::IOError("cannot open " + root.string() + ": " +
                           ErrorText(errno));
  }
  fs::path walked = root;
  for (const auto& part : rel_dir) {
    if (part.empty() || part == ".") continue;
    walked /= part;
    if (part == "..") {
      return Status::InvalidArgument(walked.string() + ": '..' leads out of " +
                                     root.string());
    }
    if (create && ::mkdirat(dir.get(), part.c_str(), 0755) != 0 &&
        errno != EEXIST) {
      return Status::IOError("cannot create " + walked.string() + ": " +
                             ErrorText(errno));
    }
    Fd next(::openat(dir.get(), part.c_str(),
                     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!next.ok()) {
      int e = errno;
      if (e == ELOOP || e == ENOTDIR) {
        return Status::InvalidArgument(
            walked.string() +
            " is a symbolic link or not a folder; levelpress does not read "
            "or write through links there");
      }
      return Status::IOError("cannot open " + walked.string() + ": " +
                             ErrorText(e));
    }
    dir = std::move(next);
  }
  *out = std::move(dir);
  return Status::OK();
}

// Opens root/rel for reading, a regular file reached without symbolic
// links; *st is its status.
Status OpenFileBelow(const fs::path& root, const std::string& rel, Fd* out,
                     struct stat* st) {
  const fs::path path(rel);
  Fd dir;
  Status s = OpenFolderBelow(root, path.parent_path(), false, &dir);
  if (!s.ok()) return s;
  const std::string name = (root / path).string();
  // O_NONBLOCK: opening a FIFO must not wait for a writer.
  Fd fd(::openat(dir.get(), path.filename().c_str(),
                 O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (!fd.ok()) {
    int e = errno;
    if (e == ENOENT) return Status::NotFound(name + ": no such file");
    if (e == ELOOP) {
      return Status::InvalidArgument(name + " is a symbolic link");
    }
    return Status::IOError("cannot read " + name + ": " + ErrorText(e));
  }
  if (::fstat(fd.get(), st) != 0) {
    return Status::IOError("cannot read " + name + ": " + ErrorText(errno));
  }
  if (!S_ISREG(st->st_mode)) {
    return Status::InvalidArgument(name + " is not a regular file");
  }
  *out = std::move(fd);
  return Status::OK();
}

// Appends up to `limit` bytes of fd to *out.
Status ReadUpTo(int fd, size_t limit, const std::string& name,
                std::string* out) {
  char buf[1 << 16];
  while (limit > 0) {
    ssize_t n = ::read(fd, buf, std::min(sizeof buf, limit));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return Status::IOError("cannot read " + name + ": " + ErrorText(errno));
    }
    if (n == 0) break;
    out->append(buf, static_cast<size_t>(n));
    limit -= static_cast<size_t>(n);
  }
  return Status::OK();
}

// Reads root/rel, a regular file reached without symbolic links. A file
// of more than max_bytes is not read: InvalidArgument, *file_size set.
Status ReadBelow(const fs::path& root, const std::string& rel, std::string* out,
                 size_t max_bytes = SIZE_MAX, size_t* file_size = nullptr) {
  const std::string name = (root / rel).string();
  Fd fd;
  struct stat st;
  Status s = OpenFileBelow(root, rel, &fd, &st);
  if (!s.ok()) return s;
  if (file_size) *file_size = static_cast<size_t>(st.st_size);
  if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    return Status::InvalidArgument(name + " is too large");
  }
  out->clear();
  out->reserve(static_cast<size_t>(st.st_size));
  return ReadUpTo(fd.get(), SIZE_MAX, name, out);
}

// The first `limit` bytes of root/rel (all of a shorter file), read as
// ReadBelow reads; *st is the file's status.
Status ReadHeadBelow(const fs::path& root, const std::string& rel, size_t limit,
                     std::string* out, struct stat* st) {
  Fd fd;
  Status s = OpenFileBelow(root, rel, &fd, st);
  if (!s.ok()) return s;
  out->clear();
  return ReadUpTo(fd.get(), limit, (root / rel).string(), out);
}

// A fresh, unguessable temporary name for a file in a folder.
std::string TemporaryName() {
  static const char kHex[] = "0123456789abcdef";
  std::random_device random;
  std::string out = ".levelpress-tmp-";
  for (int i = 0; i < 4; ++i) {
    uint32_t r = random();
    for (int j = 0; j < 8; ++j, r >>= 4) out += kHex[r & 15];
  }
  return out;
}

// Writes root/rel (creating its folders) through a temporary file renamed
// over it: never through a symbolic link below root, and a link already at
// root/rel is replaced, not followed. The temporary file is created new
// (O_EXCL, O_NOFOLLOW) under a random name, so nothing planted in the
// folder beforehand (a hard link or symbolic link at a guessable name) is
// ever opened for writing; rename replaces a hard-linked destination name
// without touching the file it shared. With `mtime`, the file gets that
// modification time.
Status WriteBelow(const fs::path& root, const std::string& rel,
                  const std::string& bytes,
                  const struct timespec* mtime = nullptr) {
  const fs::path path(rel);
  Fd dir;
  Status s = OpenFolderBelow(root, path.parent_path(), true, &dir);
  if (!s.ok()) return s;
  const std::string name = path.filename().string();
  const std::string shown = (root / path).string();
  std::string tmp;
  Fd fd;
  for (int attempt = 0; attempt < 100 && !fd.ok(); ++attempt) {
    tmp = TemporaryName();
    fd = Fd(::openat(dir.get(), tmp.c_str(),
                     O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                     0644));
    if (!fd.ok() && errno != EEXIST) break;
  }
  if (!fd.ok()) {
    return Status::IOError("cannot write " + shown + ": " + ErrorText(errno));
  }
  int error = 0;
  for (size_t done = 0; done < bytes.size() && error == 0;) {
    ssize_t n = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = errno;
    } else {
      done += static_cast<size_t>(n);
    }
  }
  if (mtime != nullptr && error == 0) {
    const struct timespec times[2] = {{0, UTIME_OMIT}, *mtime};
    if (::futimens(fd.get(), times) != 0) error = errno;
  }
  if (::close(fd.release()) != 0 && error == 0) {
    error = errno;
  }
  if (error == 0 &&
      ::renameat(dir.get(), tmp.c_str(), dir.get(), name.c_str()) != 0) {
    error = errno;
  }
  if (error != 0) {
    ::unlinkat(dir.get(), tmp.c_str(), 0);
    return Status::IOError("cannot write " + shown + ": " + ErrorText(error));
  }
  return Status::OK();
}

// Copies src_root/src_rel to dst_root/dst_rel unless it holds those bytes.
Status CopyIfChanged(const fs::path& src_root, const std::string& src_rel,
                     const fs::path& dst_root, const std::string& dst_rel) {
  std::string a, b;
  Status s = ReadBelow(src_root, src_rel, &a);
  if (!s.ok()) return s;
  if (ReadBelow(dst_root, dst_rel, &b).ok() && a == b) return Status::OK();
  return WriteBelow(dst_root, dst_rel, a);
}

// Whether root/rel is a regular file (reached without links) modified at
// `mtime`: an image's copy made from the image as it is now.
bool HasTime(const fs::path& root, const std::string& rel,
             const struct timespec& mtime) {
  Fd dir;
  if (!OpenFolderBelow(root, fs::path(rel).parent_path(), false, &dir).ok())
    return false;
  struct stat st;
  const std::string name = fs::path(rel).filename().string();
  return ::fstatat(dir.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
         S_ISREG(st.st_mode) && st.st_mtim.tv_sec == mtime.tv_sec &&
         st.st_mtim.tv_nsec == mtime.tv_nsec;
}

// Removes the regular files below the open folder `dir` (media-relative
// `rel`) whose media-relative path is not in `keep`, then folders left
// empty. Never follows a link: entries are examined with
// AT_SYMLINK_NOFOLLOW and folders opened with O_NOFOLLOW; links, FIFOs and
// the like are left alone. Failures become warnings.
void RemoveUnused(int dir, const std::string& rel,
                  const std::set<std::string>& keep, const fs::path& media,
                  size_t* removed, std::vector<Problem>* problems) {
  int fd = ::dup(dir);
  DIR* d = fd < 0 ? nullptr : ::fdopendir(fd);
  if (!d) {
    if (fd >= 0) ::close(fd);
    problems->push_back(
        {(media / rel).string(), 0, "",
         "cannot read the folder to remove unused media: " + ErrorText(errno),
         true});
    return;
  }
  std::vector<std::string> names;
  while (struct dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(std::move(name));
  }
  ::closedir(d);
  for (const auto& name : names) {
    const std::string path = rel + "/" + name;
    struct stat st;
    if (::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      Fd sub(::openat(dir, name.c_str(),
                      O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
      if (!sub.ok()) continue;  // replaced by a link meanwhile: left alone
      RemoveUnused(sub.get(), path, keep, media, removed, problems);
      ::unlinkat(dir, name.c_str(), AT_REMOVEDIR);  // only if empty
    } else if (S_ISREG(st.st_mode) && !keep.count(path)) {
      if (::unlinkat(dir, name.c_str(), 0) == 0) {
        ++*removed;
      } else if (errno != ENOENT) {
        problems->push_back({(media / path).string(), 0, "",
                             "cannot remove unused media: " + ErrorText(errno),
                             true});
      }
    }
  }
}

// Post and page files: Markdown, or HTML with front matter (html_post.h).
bool IsMarkdown(const fs::path& p) {
  return p.extension() == ".md" || p.extension() == ".markdown" ||
         p.extension() == ".html";
}

bool IsHugoConfigFile(const fs::path& p) {
  return HugoConfig::IsConfigFileName(p.filename().string());
}

// A problem about a symbolic link that leads out of the content folder.
std::string LeadsOutside(const std::string& what, const std::string& target) {
  return what + " leads outside the content folder (to " + target +
         ") through a symbolic link; only links that stay inside it are "
         "followed";
}

// ----------------------------------------------------------------- import

// A copy of a parse without what the store keeps anyway (for the memo),
// without copying the bodies either.
ParsedPost WithoutBodies(ParsedPost& p) {
  std::string markdown = std::move(p.post.body_markdown);
  std::string html = std::move(p.post.body_html);
  std::string excerpt = std::move(p.post.excerpt_html);
  p.post.body_markdown.clear();
  p.post.body_html.clear();
  p.post.excerpt_html.clear();
  ParsedPost copy = p;
  p.post.body_markdown = std::move(markdown);
  p.post.body_html = std::move(html);
  p.post.excerpt_html = std::move(excerpt);
  return copy;
}

// Where a post (or page) is served.
std::string UrlOf(const Urls& urls, const Post& post) {
  return post.page ? post.url : urls.Post(post.date, post.slug);
}

// What an import knows of the images posts show: each file is read once
// (its first bytes), whichever parsing thread asks first. Reading happens
// outside the lock, so threads do not wait for each other's disk; two
// that ask for the same new file at once both read it, and agree.
class ImageCache {
 public:
  // Reads the first `limit` bytes of a content-relative file.
  using Reader = std::function<bool(const std::string& rel, size_t limit,
                                    std::string* head)>;
  explicit ImageCache(Reader read) : read_(std::move(read)) {}

  std::optional<ImageInfo> Get(const std::string& rel) {
    {
      MutexLock lock(&mu_);
      auto it = known_.find(rel);
      if (it != known_.end()) return it->second;
    }
    std::optional<ImageInfo> info = Read(rel);
    MutexLock lock(&mu_);
    known_.emplace(rel, info);
    return info;
  }

 private:
  std::optional<ImageInfo> Read(const std::string& rel) const {
    ImageInfo info;
    info.format = ImageFormatOf(rel);
    std::string head;
    if (info.format == ImageFormat::kUnknown ||
        !read_(rel, kImageHeadBytes, &head)) {
      return std::nullopt;
    }
    std::optional<ImageSize> size = ImageSizeOf(info.format, head);
    if (!size) return std::nullopt;
    info.size = *size;
    info.animated = IsAnimated(info.format, head);
    info.variants =
        !ImageVariants(rel, info.format, info.size, info.animated).empty() &&
        ImageVariantsAvailable(nullptr);
    return info;
  }

  const Reader read_;
  Mutex mu_;
  std::map<std::string, std::optional<ImageInfo>> known_ GUARDED_BY(mu_);
};

// One run of Import, phase by phase (see Run()).
class ImportRun {
 public:
  ImportRun(const Settings& settings, Store* store,
            const ImportOptions& options, ImportReport* report)
      : settings_(settings),
        store_(store),
        options_(options),
        report_(report),
        problems_(report->problems),
        images_(
            [this](const std::string& rel, size_t limit, std::string* head) {
              return ReadImageHead(rel, limit, head);
            }) {}

  Status Run() {
    Status s = OpenContentFolder();
    if (!s.ok()) return s;
    ReadJekyllConfig();
    ReadHugoConfig();
    ReadAuthors();
    ListPostFiles();
    ParsePosts();
    DropSkipped();
    ResolvePostRefs();
    AddHugoPermalinks();
    CheckHighlighting();
    CheckAcrossPosts();
    CheckImages();
    std::stable_sort(
        problems_.begin(), problems_.end(),
        [](const Problem& a, const Problem& b) { return a.file < b.file; });
    if (options_.strict) {
      for (auto& p : problems_) {
        if (p.warning) p.message += " (an error with --strict)";
        p.warning = false;
      }
    }
    if (HasErrors(problems_)) {
      return Status::InvalidArgument(
          "the content has errors; nothing was written");
    }
    if (options_.dry_run) {
      report_->posts_checked = parsed_.size();
      report_->authors = authors_.by_id.size();
      return Status::OK();
    }
    s = CopyMedia();
    if (s.ok()) s = MakeVariants();
    if (s.ok()) s = WriteStore();
    if (s.ok() && options_.prune) s = PruneMedia();
    RememberForNextImport(s.ok());
    return s;
  }

 private:
  enum class Where { kInside, kMissing, kOutside };

  Status OpenContentFolder();
  // A Jekyll site's _config.yml: permalink, excerpt_separator and author
  // for settings that are not given; paginate_path checked against the
  // serving settings.
  void ReadJekyllConfig();
  // A Hugo site (hugo.toml or config.toml at the top): its posts are under
  // content/, its permalink in the config.
  void ReadHugoConfig();
  // Files that are no posts (ParsedPost::skipped): out of this run, with
  // their notes.
  void DropSkipped();
  bool hugo_ = false;
  HugoConfig hugo_config_;
  // A Hugo post's language when its file names one other than the
  // default (x.fr.md, in a [languages] site): "" for the default's.
  std::string HugoTranslation(const std::string& rel) const;
  // Each Hugo post's old URL (its section's permalink) becomes an alias.
  void AddHugoPermalinks();
  void CompareHugoSettings();
  void AddHugoRelativeAliases(const std::string& hugo_url,
                              const std::string& own_url, ParsedPost* p);
  // {% post_url %} and {% link %}: the placeholders become posts' URLs.
  void ResolvePostRefs();
  void ReadAuthors();
  void ListPostFiles();
  // A warning when posts have code in a language but the language files
  // of the highlighter are missing (a shared host, a trimmed image).
  void CheckHighlighting();
  void ParsePosts();
  void CheckAcrossPosts();
  void CheckPageUrls(std::map<std::string, std::string>* url_owner);
  void AddImplicitAuthors(const ParsedPost& p);
  Status CopyMedia();
  Status WriteStore();
  void ReserveFirstImport(StoreWriter* writer);
  std::set<std::string> UrlsOfThisImport() const;
  Status RecordUrl(StoreWriter* writer, SearchImport* search, const Post& post,
                   const std::set<std::string>& taken);
  Status PruneMedia();
  // The memo (ImportMemo): whether this run may use it, and filling it
  // for the next run with what this one committed (or forgetting it).
  bool MemoUsable();
  // The memo's parse of files_[i], if the file is the same bytes.
  bool Remembered(size_t i, ParsedPost* parsed);
  uint64_t ImagesStamp(const std::vector<std::string>& assets);
  void RememberForNextImport(bool committed);
  // Images: warnings for those with no size or no smaller copies; the
  // copies (image_variants.h) of those that have them, before the store;
  // the first bytes of a content file, for images_.
  void CheckImages();
  Status MakeVariants();
  Status MakeVariantsOf(const std::string& real_rel,
                        const std::string& media_rel,
                        const ImageInfo& info) const;  // thread-safe
  bool ReadImageHead(const std::string& rel, size_t limit,
                     std::string* head) const;

  // Where content-relative `rel` really is, all symbolic links resolved:
  // *real_rel relative to root_ when inside, *target when outside.
  Where Resolve(const std::string& rel, std::string* real_rel,
                std::string* target) const;
  // Markdown files under `sub` (or those `keep` takes: a Hugo config
  // folder's), recursively, as content-relative paths, sorted. Links that
  // stay inside are followed; others are problems.
  std::vector<std::string> MarkdownFiles(
      const std::string& sub, bool (*keep)(const fs::path&) = IsMarkdown);
  // Reads a content file; false with a problem added to *problems if it
  // cannot be read (or is larger than max_bytes).
  bool ReadContent(const std::string& rel, size_t max_bytes, std::string* text,
                   std::vector<Problem>* problems) const;
  // Checks that a referred file is there and stays inside, and queues its
  // copy into the media folder. kOutside adds an error at `where`.
  Where AddMedia(const std::string& rel, const std::string& media_rel,
                 const Problem& where);

  // The settings, with what a Jekyll site's _config.yml says where the
  // settings file does not (ReadJekyllConfig).
  Settings settings_;
  Store* const store_;
  const ImportOptions& options_;
  ImportReport* const report_;
  std::vector<Problem>& problems_;

  fs::path root_;  // the content folder, canonical
  AuthorIndex authors_;
  std::vector<std::string> files_;  // post files, content-relative
  std::vector<ParsedPost> parsed_;  // by files_ index
  // What the memo needs of each file, by files_ index.
  struct MemoEntry {
    uint64_t hash = 0;        // of the file's bytes
    bool remembered = false;  // parsed_[i] came from the memo
    ParsedPost to_remember;   // bodiless copy of what was written
  };
  std::vector<MemoEntry> memo_entries_;
  uint64_t authors_hash_ = 0;          // of every author file read
  std::set<std::string> kept_assets_;  // media of every post written
  size_t unchanged_unread_ = 0;        // posts the memo knew to be unchanged
  std::set<std::string> slugs_;        // of every post read
  // Files to copy: media-relative destination -> real content-relative
  // source.
  std::map<std::string, std::string> media_;
  ImageCache images_;  // asked by the parsing threads
};

Status ImportRun::OpenContentFolder() {
  std::error_code ec;
  if (!fs::is_directory(options_.dir, ec)) {
    return Status::InvalidArgument(options_.dir + ": not a folder");
  }
  root_ = fs::canonical(options_.dir, ec);
  if (ec) {
    return Status::IOError(options_.dir + ": " + ec.message());
  }
  return Status::OK();
}

ImportRun::Where ImportRun::Resolve(const std::string& rel,
                                    std::string* real_rel,
                                    std::string* target) const {
  std::error_code ec;
  fs::path real = fs::canonical(root_ / rel, ec);
  if (ec) return Where::kMissing;
  fs::path inside = real.lexically_relative(root_);
  if (inside.empty() || *inside.begin() == "..") {
    *target = real.string();
    return Where::kOutside;
  }
  *real_rel = inside.generic_string();
  return Where::kInside;
}

std::vector<std::string> ImportRun::MarkdownFiles(
    const std::string& sub, bool (*keep)(const fs::path&)) {
  std::vector<std::string> out;
  std::set<fs::path> walked;  // canonical folders, against link loops
  std::vector<std::string> todo;
  std::error_code ec;
  // The folder itself may be a link too.
  std::string real_rel, target;
  switch (Resolve(sub, &real_rel, &target)) {
    case Where::kMissing:
      return out;
    case Where::kOutside:
      problems_.push_back({sub, 0, "", LeadsOutside("the folder", target)});
      return out;
    case Where::kInside:
      if (!fs::is_directory(root_ / real_rel, ec)) return out;
      todo.push_back(sub);
      walked.insert(root_ / real_rel);
  }
  while (!todo.empty()) {
    std::string rel_dir = std::move(todo.back());
    todo.pop_back();
    fs::directory_iterator it(root_ / rel_dir, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      const std::string rel = rel_dir + "/" + name;
      std::error_code sec;
      fs::file_status st = it->symlink_status(sec);
      if (sec) continue;
      if (fs::is_symlink(st)) {
        switch (Resolve(rel, &real_rel, &target)) {
          case Where::kMissing:  // a dangling link: nothing to read
            if (keep(name)) {
              problems_.push_back(
                  {rel, 0, "", "is a symbolic link to nothing; it is left out",
                   true});
            }
            continue;
          case Where::kOutside:
            if (keep(name) || fs::is_directory(root_ / rel, sec)) {
              problems_.push_back({rel, 0, "", LeadsOutside("it", target)});
            }
            continue;  // other files: an error only where a post uses them
          case Where::kInside:
            st = fs::status(root_ / real_rel, sec);
            if (sec) continue;
        }
      }
      if (fs::is_directory(st)) {
        fs::path real = fs::canonical(root_ / rel, sec);
        if (!sec && walked.insert(real).second) todo.push_back(rel);
      } else if (fs::is_regular_file(st) && keep(name)) {
        out.push_back(rel);
      }
    }
    if (ec) {
      problems_.push_back(
          {rel_dir, 0, "", "cannot read the folder: " + ec.message()});
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool ImportRun::ReadContent(const std::string& rel, size_t max_bytes,
                            std::string* text,
                            std::vector<Problem>* problems) const {
  std::string real_rel, target;
  Where where = Resolve(rel, &real_rel, &target);
  if (where == Where::kOutside) {  // the walk reports these; a guard
    problems->push_back({rel, 0, "", LeadsOutside("it", target)});
    return false;
  }
  if (where == Where::kMissing) {
    problems->push_back({rel, 0, "", "cannot read the file: it is gone"});
    return false;
  }
  size_t size = 0;
  Status s = ReadBelow(root_, real_rel, text, max_bytes, &size);
  if (s.ok()) return true;
  if (size > max_bytes) {
    problems->push_back(
        {rel, 0, "",
         "the file has " + std::to_string(size) + " bytes, over the limit of " +
             std::to_string(max_bytes) + " (setting max_post_bytes)"});
  } else {
    problems->push_back({rel, 0, "", "cannot read the file: " + s.message()});
  }
  return false;
}

ImportRun::Where ImportRun::AddMedia(const std::string& rel,
                                     const std::string& media_rel,
                                     const Problem& where) {
  std::string real_rel, target;
  std::error_code ec;
  Where found = Resolve(rel, &real_rel, &target);
  if (found == Where::kOutside) {
    Problem p = where;
    p.message = LeadsOutside("'" + rel + "'", target);
    problems_.push_back(std::move(p));
  } else if (found == Where::kInside) {
    // Only regular files: not a folder, a FIFO or a device.
    if (!fs::is_regular_file(root_ / real_rel, ec)) return Where::kMissing;
    media_[media_rel] = real_rel;
  }
  return found;
}

// Authors first: posts name them.
void ImportRun::ReadAuthors() {
  for (const auto& rel : MarkdownFiles("authors")) {
    std::string text;
    if (!ReadContent(rel, settings_.max_post_bytes, &text, &problems_)) {
      continue;
    }
    authors_hash_ = XXH64(text.data(), text.size(),
                          XXH64(rel.data(), rel.size(), authors_hash_));
    ParsedAuthor parsed = ParseAuthorFile(rel, text);
    problems_.insert(problems_.end(), parsed.problems.begin(),
                     parsed.problems.end());
    if (!parsed.ok) continue;
    Author& a = parsed.author;
    // The id is the file name, so authors/team1/bob.md and
    // authors/team2/bob.md are both 'bob': one would replace the other.
    if (auto other = authors_.by_id.find(a.id); other != authors_.by_id.end()) {
      problems_.push_back({rel, 1, "",
                           "author id '" + a.id + "' is also the id of " +
                               other->second.source_path +
                               " (an author's id is its file name); rename "
                               "one of them"});
      continue;
    }
    if (!a.avatar_url.empty()) {
      Where found = AddMedia(
          fs::path(rel).parent_path().generic_string() + "/" + a.avatar,
          a.avatar_url, {rel, parsed.avatar_line, "avatar", "", false});
      if (found == Where::kOutside) continue;
      if (found == Where::kMissing) {
        problems_.push_back(
            {rel, parsed.avatar_line, "avatar",
             "'" + a.avatar +
                 "' is not in authors/; the theme's default picture is used",
             true});
        a.avatar_url.clear();
      }
    }
    authors_.Add(a);
  }
}

void ImportRun::DropSkipped() {
  size_t kept = 0;
  for (size_t i = 0; i < parsed_.size(); ++i) {
    if (parsed_[i].skipped) {
      problems_.insert(problems_.end(), parsed_[i].problems.begin(),
                       parsed_[i].problems.end());
      continue;
    }
    if (kept != i) {
      files_[kept] = std::move(files_[i]);
      parsed_[kept] = std::move(parsed_[i]);
      memo_entries_[kept] = std::move(memo_entries_[i]);
    }
    ++kept;
  }
  files_.resize(kept);
  parsed_.resize(kept);
  memo_entries_.resize(kept);
}

void ImportRun::ReadHugoConfig() {
  // Hugo's lookup: the first of these at the top, then the config folder's
  // files over it (hugo_config.h).
  // config.* and config/ are common names: they are Hugo's only beside a
  // content/ folder (hugo.* always are).
  std::string real_rel, target;
  const bool content =
      Resolve("content", &real_rel, &target) == Where::kInside &&
      fs::is_directory(root_ / real_rel);
  std::vector<std::pair<std::string, bool>> files;  // path, top
  for (const char* name : {"hugo", "config"}) {
    for (const char* ext : {".toml", ".yaml", ".yml", ".json"}) {
      const std::string rel = std::string(name) + ext;
      if (files.empty() && (content || name == std::string("hugo")) &&
          Resolve(rel, &real_rel, &target) == Where::kInside &&
          fs::is_regular_file(root_ / real_rel)) {
        files.emplace_back(rel, true);
      }
    }
  }
  for (const char* dir : {"config/_default", "config/production"}) {
    if (!content) break;
    std::error_code ec;
    if (Resolve(dir, &real_rel, &target) == Where::kInside &&
        !fs::is_directory(root_ / real_rel, ec)) {
      problems_.push_back({dir, 0, "",
                           "is not a folder: Hugo's config files in it are "
                           "not read",
                           /*warning=*/true});
      continue;
    }
    for (auto& rel : MarkdownFiles(dir, IsHugoConfigFile))
      files.emplace_back(std::move(rel), false);
  }
  if (files.empty()) return;
  hugo_ = true;
  HugoConfigReader reader;
  for (const auto& [rel, top] : files) {
    std::string text;
    if (!ReadContent(rel, settings_.max_post_bytes, &text, &problems_))
      continue;
    authors_hash_ = XXH64(text.data(), text.size(), authors_hash_);  // memo
    reader.Add(rel, text, top, &problems_);
  }
  hugo_config_ = reader.Finish(&problems_);
  const HugoConfig& config = hugo_config_;
  settings_.hugo_language = config.default_language;
  if (settings_.default_author.empty())
    settings_.default_author = config.author;
  CompareHugoSettings();
}

// What LevelPress's settings file says otherwise than the Hugo site did:
// a warning each, naming the setting to give.
void ImportRun::CompareHugoSettings() {
  const HugoConfig& config = hugo_config_;
  const std::string settings_file =
      settings_.file.empty() ? "the settings file" : settings_.file;
  if (!config.time_zone.text.empty() &&
      config.time_zone.text != settings_.time_zone) {
    problems_.push_back(
        {config.time_zone.file, config.time_zone.line, "timeZone",
         "Hugo used " + config.time_zone.text + ", LevelPress uses " +
             settings_.time_zone +
             " (setting time_zone): dates without an offset and the dates "
             "in old URLs may differ by a day; set `time_zone: " +
             config.time_zone.text + "`",
         /*warning=*/true});
  }
  // "en-us" and "en" are one language; "fr" is another.
  auto primary = [](std::string tag) {
    tag = tag.substr(0, tag.find_first_of("-_"));
    for (char& c : tag)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return tag;
  };
  const HugoConfig::Text& lang = config.language_code;
  if (!lang.text.empty() && primary(lang.text) != primary(settings_.language)) {
    problems_.push_back({lang.file, lang.line, "languageCode",
                         "the site was in " + lang.text +
                             ", LevelPress's pages say " + settings_.language +
                             " (setting language); set `language: " +
                             lang.text + "` in " + settings_file,
                         /*warning=*/true});
  }
  // https://x.github.io/blog/: Hugo's URLs were all under /blog/.
  const std::string& base = config.base_url.text;
  const size_t host = base.find("://");
  const size_t path =
      host == std::string::npos ? host : base.find('/', host + 3);
  if (path != std::string::npos && base.size() > path + 1) {
    problems_.push_back(
        {config.base_url.file, config.base_url.line, "baseURL",
         "Hugo served the site under " + base.substr(path) +
             "; the old URLs redirected here are without it (a "
             "`location` in nginx can strip it, docs/migration.md)",
         /*warning=*/true});
  }
  if (const HugoConfig::Text& sub = config.language_in_subdir; sub.line) {
    const std::string prefix = "/" + config.default_language + "/";
    problems_.push_back(
        {sub.file, sub.line, "defaultContentLanguageInSubdir",
         "Hugo served the posts under " + prefix +
             "; the old URLs redirected here are without it (a `location` "
             "in nginx can strip it, docs/migration.md)",
         /*warning=*/true});
  }
  if (!config.title.text.empty() && settings_.title == Settings().title) {
    problems_.push_back({config.title.file, config.title.line, "title",
                         "the blog is called " + settings_.title +
                             " here (setting title); set `title: \"" +
                             config.title.text + "\"` in " + settings_file,
                         /*warning=*/true});
  }
}

std::string ImportRun::HugoTranslation(const std::string& rel) const {
  // "x.fr.md", "index.zh-hant-tw.md": the language before the extension.
  const std::string stem = fs::path(rel).stem().string();
  const size_t dot = stem.rfind('.');
  if (dot == std::string::npos) return "";
  std::string lang = stem.substr(dot + 1);
  for (char& c : lang)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lang == hugo_config_.default_language ||
      !hugo_config_.languages.count(lang))
    return "";
  return lang;
}

void ImportRun::AddHugoPermalinks() {
  Urls urls(settings_);
  for (auto& p : parsed_) {
    Post& post = p.post;
    if (!p.ok || post.page || post.draft || !IsHugoPath(post.source_path))
      continue;
    const fs::path below =
        fs::path(post.source_path).lexically_relative(hugo_config_.content_dir);
    std::string section = (*below.begin()).generic_string();
    for (char& c : section)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto& permalinks = hugo_config_.permalinks;
    auto it = permalinks.find(section);
    const std::string pattern = !settings_.hugo_permalink.empty()
                                    ? settings_.hugo_permalink
                                : it != permalinks.end() ? it->second
                                                         : "";
    HugoPostInfo info;
    info.content_dir = hugo_config_.content_dir;
    info.relative_path = post.source_path;
    info.language = settings_.hugo_language;
    info.lower_case = hugo_config_.lower_case_paths;
    info.slug = p.written_slug;
    info.title = post.title;
    time_t t = static_cast<time_t>(post.date);
    std::tm tm{};
    localtime_r(&t, &tm);
    info.year = tm.tm_year + 1900;
    info.month = tm.tm_mon + 1;
    info.day = tm.tm_mday;
    info.year_day = tm.tm_yday + 1;
    std::string unknown, what, url;
    const std::string hugo_url = HugoPostUrl(pattern, info, &unknown);
    if (hugo_url.empty()) {
      p.problems.push_back({post.source_path, 0, "",
                            "the permalink placeholder " + unknown +
                                " is not known here; the post's Hugo URL "
                                "gets no redirect",
                            /*warning=*/true});
      continue;
    }
    // A slug may put anything into it ("a#b", "x..y", "%41"): stored as
    // aliases are, or not at all (export would write it, and the exported
    // folder would not import).
    if (!AliasPath(hugo_url, &url)) {
      p.problems.push_back({post.source_path, 0, "",
                            "the post's Hugo URL " + hugo_url +
                                " has a '#', '..' or an escape that is not "
                                "text; it gets no redirect",
                            /*warning=*/true});
      continue;
    }
    AddHugoRelativeAliases(url, urls.Post(post.date, post.slug), &p);
    if (url == urls.Post(post.date, post.slug) ||
        IsSitePath(settings_, url, &what) ||
        std::find(post.aliases.begin(), post.aliases.end(), url) !=
            post.aliases.end()) {
      continue;
    }
    post.aliases.push_back(url);
  }
}

// As Hugo does: "old-name" beside /posts/x/ is /posts/old-name/, and
// "../old/path" is /old/path/.
void ImportRun::AddHugoRelativeAliases(const std::string& hugo_url,
                                       const std::string& own_url,
                                       ParsedPost* p) {
  Post& post = p->post;
  for (const auto& written : p->hugo_relative_aliases) {
    // The folder the post's page is in: /posts/ of /posts/x/.
    fs::path page(hugo_url);
    if (hugo_url.back() == '/') page = page.parent_path();
    std::string path =
        (page.parent_path() / written).lexically_normal().generic_string();
    std::string what;
    if (written.find_first_of("?#%") != std::string::npos ||
        path.rfind("/", 0) != 0 || path.find("..") != std::string::npos) {
      p->problems.push_back(
          {post.source_path, p->lines.aliases, "aliases",
           "'" + written + "' leads above the site's top (from " + hugo_url +
               "), or has a '?', '#' or '%'; it gets no redirect",
           /*warning=*/true});
      continue;
    }
    if (path.back() != '/' && fs::path(path).extension().empty()) path += '/';
    if (path == own_url || IsSitePath(settings_, path, &what) ||
        std::find(post.aliases.begin(), post.aliases.end(), path) !=
            post.aliases.end()) {
      continue;
    }
    post.aliases.push_back(path);
  }
}

void ImportRun::ReadJekyllConfig() {
  const std::string rel = "_config.yml";
  std::string real_rel, target, text;
  if (Resolve(rel, &real_rel, &target) != Where::kInside) return;
  if (!ReadContent(rel, settings_.max_post_bytes, &text, &problems_)) return;
  JekyllConfig config = levelpress::ReadJekyllConfig(rel, text, &problems_);
  authors_hash_ = XXH64(text.data(), text.size(), authors_hash_);  // memo
  settings_.jekyll_site = config.site;
  if (settings_.jekyll_permalink.empty())
    settings_.jekyll_permalink = config.permalink;
  if (settings_.excerpt_separator.empty())
    settings_.excerpt_separator = config.excerpt_separator;
  if (settings_.default_author.empty())
    settings_.default_author = config.author;
  // Jekyll's dates (in file names, without an offset) and URLs are in its
  // time zone; LevelPress's in the time_zone setting.
  if (!config.timezone.empty() && config.timezone != settings_.time_zone) {
    problems_.push_back(
        {rel, config.timezone_line, "timezone",
         "Jekyll used " + config.timezone + ", LevelPress uses " +
             settings_.time_zone +
             " (setting time_zone): dates without an offset and the dates "
             "in old URLs may differ by a day; set `time_zone: " +
             config.timezone + "`",
         /*warning=*/true});
  }
  // Listing pages are served, not imported: the settings must say it.
  if (!config.paginate_path.empty() &&
      (!settings_.jekyll_pagination ||
       settings_.paginate_path != config.paginate_path)) {
    problems_.push_back(
        {rel, config.paginate_path_line, "paginate_path",
         "Jekyll's listing pages (" + config.paginate_path +
             ") are not redirected; set `jekyll_pagination: true` and "
             "`paginate_path: \"" +
             config.paginate_path + "\"` in " +
             (settings_.file.empty() ? std::string("the settings file")
                                     : settings_.file),
         /*warning=*/true});
  }
}

void ImportRun::ResolvePostRefs() {
  Urls urls(settings_);
  std::map<std::string, std::string> url_of;  // Jekyll name or path -> URL
  for (const auto& p : parsed_) {
    if (!p.ok || p.post.page) continue;
    const std::string url = urls.Post(p.post.date, p.post.slug);
    const fs::path path(p.post.source_path);
    url_of[path.stem().string()] = url;  // {% post_url 2023-01-02-name %}
    url_of[p.post.source_path] = url;    // {% link _posts/2023-...md %}
    // {% post_url folder/name %} for _posts/folder/name.md
    if (p.post.source_path.rfind("_posts/", 0) == 0) {
      url_of[(path.parent_path() / path.stem())
                 .generic_string()
                 .substr(std::string("_posts/").size())] = url;
    }
  }
  // Hugo's ref targets: "x.md", "posts/x.md", "/posts/x", "x" (a page
  // bundle's folder too).
  for (const auto& p : parsed_) {
    if (!p.ok || p.post.page) continue;
    fs::path path(p.post.source_path);
    if (path.stem() == "index")
      path = path.parent_path();
    else
      path.replace_extension();
    const std::string url = urls.Post(p.post.date, p.post.slug);
    url_of.emplace(path.generic_string(), url);
    url_of.emplace(path.filename().string(), url);
  }
  auto find = [&](std::string target) {
    auto it = url_of.find(target);
    if (it != url_of.end()) return it;
    while (!target.empty() && target.front() == '/') target.erase(0, 1);
    while (!target.empty() && target.back() == '/') target.pop_back();
    fs::path t(target);
    if (t.extension() == ".md") t.replace_extension();
    if (t.filename() == "index" || t.filename() == "_index")
      t = t.parent_path();
    it = url_of.find(t.generic_string());
    return it != url_of.end() ? it : url_of.find(t.filename().string());
  };
  for (auto& p : parsed_) {
    for (const auto& ref : p.post_refs) {
      auto it = find(ref.target);
      const std::string placeholder = RefPlaceholder(ref.target);
      std::string url = it == url_of.end() ? "" : PercentEncodePath(it->second);
      if (it == url_of.end()) {
        p.problems.push_back(
            {p.post.source_path, ref.line, "",
             "no post '" + ref.target +
                 "' for a link ({% post_url %}, {% link %}, {{< ref >}}); it "
                 "leads nowhere",
             /*warning=*/true});
      }
      for (std::string* html : {&p.post.body_html, &p.post.excerpt_html}) {
        for (size_t at = html->find(placeholder); at != std::string::npos;
             at = html->find(placeholder, at + url.size())) {
          html->replace(at, placeholder.size(), url);
        }
      }
    }
  }
}

void ImportRun::ListPostFiles() {
  for (auto& f : MarkdownFiles("posts")) {
    // Hugo's section pages list posts; LevelPress makes its own listings.
    if (fs::path(f).filename() == "_index.md") {
      problems_.push_back({f, 0, "",
                           "a section page (Hugo's _index.md), not a post: "
                           "skipped",
                           /*warning=*/true});
      continue;
    }
    files_.push_back(std::move(f));
  }
  for (auto& f : MarkdownFiles("_posts")) files_.push_back(std::move(f));
  for (auto& f : MarkdownFiles("_drafts")) files_.push_back(std::move(f));
  if (hugo_) {
    // One language: the default's content folder; the others' folders
    // and translations (x.fr.md) are left out with a note each.
    const std::string& dir = hugo_config_.content_dir;
    std::map<std::string, std::string> other_dirs;  // folder -> language
    for (const auto& [lang, d] : hugo_config_.content_dirs) {
      if (d != dir) other_dirs.emplace(d, lang);
    }
    for (const auto& [d, lang] : other_dirs) {
      std::string real_rel, target;
      if (Resolve(d, &real_rel, &target) != Where::kInside) continue;
      problems_.push_back(
          {d, 0, "",
           "the content in language '" + lang +
               "' is not imported: LevelPress serves one language, the "
               "site's defaultContentLanguage '" +
               hugo_config_.default_language + "'",
           /*warning=*/true});
    }
    auto in_other_dir = [&](const std::string& f) {
      for (const auto& [d, lang] : other_dirs) {
        if (f.rfind(d + "/", 0) == 0 && d.size() > dir.size()) return true;
      }
      return false;
    };
    for (auto& f : MarkdownFiles(dir)) {
      const std::string lang = HugoTranslation(f);
      const std::string stem = fs::path(f).stem().string();
      if (in_other_dir(f)) {
        continue;  // noted above
      } else if (!lang.empty()) {
        problems_.push_back(
            {f, 0, "",
             "a translation (language '" + lang +
                 "'), not imported: LevelPress serves one language, the "
                 "site's defaultContentLanguage '" +
                 hugo_config_.default_language + "'",
             /*warning=*/true});
      } else if (stem == "_index" || stem.rfind("_index.", 0) == 0) {
        problems_.push_back({f, 0, "",
                             "a section page (Hugo's _index.md), not a post: "
                             "skipped",
                             /*warning=*/true});
      } else if (fs::path(f).parent_path() == dir) {
        problems_.push_back({f, 0, "",
                             "a page outside a section, not a post: skipped "
                             "(move it to pages/ with its `url:`)",
                             /*warning=*/true});
      } else {
        files_.push_back(std::move(f));
      }
    }
  }
  if (files_.empty()) {
    problems_.push_back(
        {options_.dir, 0, "",
         "no posts: expected Markdown files under posts/ or _posts/ (or a "
         "Hugo site's content/)",
         true});
  }
  // Standalone pages are read as posts (ParsePostFile knows them by path):
  // they share the posts' slugs, so a clash is the same error.
  for (auto& f : MarkdownFiles("pages")) files_.push_back(std::move(f));
}

// In parallel; cmark is most of the cost.
void ImportRun::ParsePosts() {
  parsed_.assign(files_.size(), ParsedPost());
  memo_entries_.assign(files_.size(), MemoEntry());
  const bool use_memo = MemoUsable();
  std::atomic<size_t> next{0}, done{0};
  int threads = options_.threads > 0
                    ? options_.threads
                    : std::max(1u, std::thread::hardware_concurrency());
  auto work = [&] {
    for (size_t i = next++; i < files_.size(); i = next++) {
      std::string text;
      ParsedPost& p = parsed_[i];
      if (ReadContent(files_[i], settings_.max_post_bytes, &text,
                      &p.problems)) {
        memo_entries_[i].hash = XXH64(text.data(), text.size(), 0);
        if (use_memo && Remembered(i, &p)) {
          memo_entries_[i].remembered = true;
        } else {
          p = ParsePostFile(
              files_[i], text, settings_, authors_,
              [this](const std::string& rel) { return images_.Get(rel); });
        }
      }
      size_t n = ++done;
      if (options_.progress && (n % 500 == 0 || n == files_.size())) {
        std::fprintf(stderr, "\rreading posts: %zu/%zu", n, files_.size());
      }
    }
    ReleaseHighlighterThreadState();  // before the store's peak of memory
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (options_.progress && !files_.empty()) std::fputc('\n', stderr);
}

void ImportRun::CheckHighlighting() {
  if (HighlightLanguagesInstalled(settings_.highlight_dir)) return;
  for (const ParsedPost& p : parsed_) {
    if (p.post.body_html.find("<code class=\"language-") == std::string::npos)
      continue;
    problems_.push_back(
        {settings_.file, 0, "highlight_dir",
         "no language files in " +
             (settings_.highlight_dir.empty()
                  ? std::string("the default folder")
                  : settings_.highlight_dir) +
             ", so code blocks are not highlighted (Debian: apt-get install "
             "libsource-highlight-common; elsewhere copy its "
             "/usr/share/source-highlight and set highlight_dir)",
         /*warning=*/true});
    return;
  }
}

// Unique slugs, aliases and URLs; referred files present and inside.
void ImportRun::CheckAcrossPosts() {
  Urls urls(settings_);
  std::map<std::string, std::string> slug_owner, alias_owner, url_owner;
  for (const auto& p : parsed_) {
    if (p.ok && !p.post.page) {
      url_owner.emplace(urls.Post(p.post.date, p.post.slug),
                        p.post.source_path);
    }
  }
  CheckPageUrls(&url_owner);
  for (auto& p : parsed_) {
    problems_.insert(problems_.end(), p.problems.begin(), p.problems.end());
    p.problems.clear();
    if (!p.ok) continue;
    Post& post = p.post;
    slugs_.insert(post.slug);
    auto [it, fresh] = slug_owner.emplace(post.slug, post.source_path);
    if (!fresh) {
      problems_.push_back({post.source_path, p.lines.slug, "slug",
                           "'" + post.slug + "' is also the slug of " +
                               it->second +
                               "; give one of them another `slug:`"});
    }
    for (const auto& a : post.aliases) {
      auto [at, afresh] = alias_owner.emplace(a, post.source_path);
      if (!afresh && at->second != post.source_path) {
        problems_.push_back({post.source_path, p.lines.aliases, "aliases",
                             "'" + a + "' is also an alias of " + at->second});
      }
      // "/x" is answered by a redirect to "/x/" when that is a page.
      for (const std::string& url : {a, a + "/"}) {
        auto owner = url_owner.find(url);
        if (owner != url_owner.end() && owner->second != post.source_path) {
          problems_.push_back({post.source_path, p.lines.aliases, "aliases",
                               "'" + a + "' is the URL of " + owner->second});
          break;
        }
      }
    }
    // A draft is not public, nor are its files: they are copied when it
    // is published (a scheduled post's are copied now: it goes live by
    // itself, without another import), or for a writer's preview.
    std::vector<std::string> present;
    if (!post.draft || options_.draft_media) {
      for (const auto& asset : post.assets) {
        auto line = p.lines.assets.find(asset);
        Problem where{post.source_path,
                      line == p.lines.assets.end() ? 0 : line->second, "", "",
                      false};
        Where found = IsSafeRelativePath(asset)
                          ? AddMedia(asset, "content/" + asset, where)
                          : Where::kMissing;
        if (found == Where::kInside) {
          present.push_back(asset);
        } else if (found == Where::kMissing) {
          where.message =
              "references '" + asset + "', which is not in the content folder";
          where.warning = true;
          problems_.push_back(std::move(where));
        }
      }
    }
    post.assets = std::move(present);  // a draft's: none
    AddImplicitAuthors(p);
  }
}

// A page's URL may be no post's URL, no other page's, and no alias (the
// site paths are checked per file). Adds the pages' URLs to *url_owner,
// so that aliases are checked against them too.
void ImportRun::CheckPageUrls(std::map<std::string, std::string>* url_owner) {
  std::map<std::string, std::string> alias_owner;
  for (const auto& p : parsed_) {
    if (!p.ok) continue;
    for (const auto& a : p.post.aliases) {
      alias_owner.emplace(a, p.post.source_path);
    }
  }
  for (const auto& p : parsed_) {
    if (!p.ok || !p.post.page || p.post.url.empty()) continue;
    const Post& page = p.post;
    const char* field = p.lines.url == p.lines.slug ? "slug" : "url";
    auto [owner, fresh] = url_owner->emplace(page.url, page.source_path);
    if (!fresh) {
      problems_.push_back({page.source_path, p.lines.url, field,
                           "the page's URL " + page.url +
                               " is also the URL of " + owner->second});
    } else if (auto alias = alias_owner.find(page.url);
               alias != alias_owner.end()) {
      problems_.push_back(
          {page.source_path, p.lines.url, field,
           "the page's URL " + page.url + " is an alias of " + alias->second});
    }
  }
}

// Authors named by display name that have no file become authors of
// their own (without avatar or bio).
void ImportRun::AddImplicitAuthors(const ParsedPost& p) {
  const Post& post = p.post;
  for (size_t i = 0; i < post.author_ids.size() && i < p.author_values.size();
       ++i) {
    if (authors_.by_id.count(post.author_ids[i])) continue;
    Author implicit;
    implicit.id = post.author_ids[i];
    implicit.name = p.author_values[i];
    authors_.Add(implicit);
  }
}

// Media before the store: a page never points at an image that is not
// there yet. A failure here leaves the store as it was.
Status ImportRun::CopyMedia() {
  const fs::path media(settings_.media_dir);
  std::error_code ec;
  fs::create_directories(media, ec);
  if (ec) {
    return Status::IOError("cannot create " + media.string() + ": " +
                           ec.message() + "; nothing was changed in the store");
  }
  for (const auto& [media_rel, real_rel] : media_) {
    Status s = CopyIfChanged(root_, real_rel, media, media_rel);
    if (!s.ok()) {
      return Status::IOError(s.message() +
                             "; nothing was changed in the store");
    }
  }
  return Status::OK();
}

bool ImportRun::ReadImageHead(const std::string& rel, size_t limit,
                              std::string* head) const {
  std::string real_rel, target;
  struct stat st;
  return Resolve(rel, &real_rel, &target) == Where::kInside &&
         ReadHeadBelow(root_, real_rel, limit, head, &st).ok();
}

// A page without an image's size jumps as it loads, and a large image
// without smaller copies is slow on a phone: each is worth a warning.
void ImportRun::CheckImages() {
  std::string no_vips;
  for (const auto& p : parsed_) {
    if (!p.ok) continue;
    for (const auto& asset : p.post.assets) {
      if (ImageFormatOf(asset) == ImageFormat::kUnknown) continue;
      auto line = p.lines.assets.find(asset);
      Problem where{p.post.source_path,
                    line == p.lines.assets.end() ? 0 : line->second, "", "",
                    true};
      std::optional<ImageInfo> info = images_.Get(asset);
      if (!info) {
        where.message = "cannot read the size of '" + asset +
                        "' (cut short, not the image its name says, or an "
                        "SVG without viewBox); it is shown without width "
                        "and height";
        problems_.push_back(std::move(where));
        continue;
      }
      const int64_t pixels = int64_t{info->size.width} * info->size.height;
      const bool raster = info->format != ImageFormat::kSvg &&
                          info->format != ImageFormat::kGif;
      if (raster && pixels > kMaxVariantPixels) {
        where.message = "'" + asset + "' is " +
                        std::to_string(pixels / 1000000) +
                        " megapixels; smaller copies are made only up to " +
                        std::to_string(kMaxVariantPixels / 1000000) +
                        ", so every reader loads it whole";
        problems_.push_back(std::move(where));
      } else if (!info->variants &&
                 !ImageVariants(asset, info->format, info->size, info->animated)
                      .empty()) {
        ImageVariantsAvailable(&no_vips);  // the reason: one warning below
      }
    }
  }
  if (!no_vips.empty()) {
    problems_.push_back({options_.dir, 0, "",
                         "large images get no smaller copies: " + no_vips,
                         true});
  }
}

// Beside the copies CopyMedia made, before the store (a page never names
// a file that is not there yet). An image whose copies all carry its
// modification time is not made again; a failure leaves the store as it
// was.
//
// Images in parallel (libvips is thread-safe; encoding is most of an
// import with new photos: ~1 s of CPU for a 6-megapixel JPEG's copies).
Status ImportRun::MakeVariants() {
  struct Job {
    const std::string* real_rel;
    const std::string* media_rel;
    ImageInfo info;
  };
  std::vector<Job> jobs;
  const std::string prefix = "content/";
  for (const auto& [media_rel, real_rel] : media_) {
    if (media_rel.compare(0, prefix.size(), prefix) != 0) continue;
    std::optional<ImageInfo> info =
        images_.Get(media_rel.substr(prefix.size()));
    if (info && info->variants) jobs.push_back({&real_rel, &media_rel, *info});
  }
  std::atomic<size_t> next{0};
  Mutex mu;
  Status failed;  // the first failure; the others stop taking jobs
  auto work = [&] {
    for (size_t i = next++; i < jobs.size(); i = next++) {
      Status s =
          MakeVariantsOf(*jobs[i].real_rel, *jobs[i].media_rel, jobs[i].info);
      if (s.ok()) continue;
      MutexLock lock(&mu);
      if (failed.ok()) failed = std::move(s);
      next = jobs.size();
    }
  };
  const size_t threads = std::min<size_t>(
      jobs.size(), options_.threads > 0
                       ? options_.threads
                       : std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (failed.ok()) return failed;
  return Status::IOError(failed.message() +
                         "; nothing was changed in the store");
}

Status ImportRun::MakeVariantsOf(const std::string& real_rel,
                                 const std::string& media_rel,
                                 const ImageInfo& info) const {
  const fs::path media(settings_.media_dir);
  Fd fd;
  struct stat st;
  Status s = OpenFileBelow(root_, real_rel, &fd, &st);
  if (!s.ok()) return s;
  std::string bytes;  // read when a copy is to be made
  for (const ImageVariant& v :
       ImageVariants(media_rel, info.format, info.size, info.animated)) {
    if (HasTime(media, v.path, st.st_mtim)) continue;
    if (bytes.empty()) {
      s = ReadUpTo(fd.get(), SIZE_MAX, (root_ / real_rel).string(), &bytes);
      if (!s.ok()) return s;
    }
    std::string out;
    s = MakeImageVariant(bytes, v.width, v.format, &out);
    if (!s.ok()) {
      return Status::InvalidArgument(
          (root_ / real_rel).string() + ": cannot make its copy " +
          std::to_string(v.width) + " pixels wide (" + s.message() +
          "); replace the image with one that opens");
    }
    s = WriteBelow(media, v.path, out, &st.st_mtim);
    if (!s.ok()) return s;
  }
  return Status::OK();
}

bool ImportRun::MemoUsable() {
  ImportMemo* memo = options_.memo;
  if (memo == nullptr || options_.dry_run) return false;
  memo->mu_.AssertHeld();  // by Import()
  const uint64_t context =
      XXH64(&options_.memo_config, sizeof options_.memo_config, authors_hash_);
  if (memo->context_ != context || memo->generation_ != store_->generation()) {
    memo->files_.clear();      // another configuration, other authors, or a
    memo->context_ = context;  // write by someone else since
    return false;
  }
  return !memo->files_.empty();
}

bool ImportRun::Remembered(size_t i, ParsedPost* parsed) {
  const ImportMemo* memo = options_.memo;
  memo->mu_.AssertHeld();
  auto it = memo->files_.find(files_[i]);
  if (it == memo->files_.end() || it->second.hash != memo_entries_[i].hash)
    return false;
  if (!it->second.parsed.post_refs.empty())
    return false;  // its links follow other posts' URLs
  if (it->second.images != ImagesStamp(it->second.parsed.post.assets))
    return false;  // an image changed size, or got or lost its copies
  *parsed = it->second.parsed;
  return true;
}

// What a post's HTML says of its images, as they are in this import.
uint64_t ImportRun::ImagesStamp(const std::vector<std::string>& assets) {
  uint64_t stamp = 0;
  for (const auto& asset : assets) {
    std::optional<ImageInfo> info = images_.Get(asset);
    std::string key = asset + "\n";
    if (info) {
      key += std::to_string(info->size.width) + "x" +
             std::to_string(info->size.height) + (info->variants ? "+" : "");
    }
    stamp = XXH64(key.data(), key.size(), stamp);
  }
  return stamp;
}

void ImportRun::RememberForNextImport(bool committed) {
  ImportMemo* memo = options_.memo;
  if (memo == nullptr || options_.dry_run) return;
  memo->mu_.AssertHeld();
  if (!committed) {
    memo->files_.clear();
    return;
  }
  std::map<std::string, ImportMemo::File> files;
  for (size_t i = 0; i < files_.size(); ++i) {
    auto old = memo->files_.find(files_[i]);
    MemoEntry& entry = memo_entries_[i];
    if (entry.remembered && old != memo->files_.end()) {
      files.emplace(files_[i], std::move(old->second));
    } else {
      const uint64_t images = ImagesStamp(entry.to_remember.post.assets);
      files.emplace(
          files_[i],
          ImportMemo::File{entry.hash, std::move(entry.to_remember), images});
    }
  }
  memo->files_ = std::move(files);
  memo->generation_ = store_->generation();
}

// Everything in one batch: LevelDB applies a batch whole or not at all,
// also across a crash (its log record is checksummed, and a record cut
// short is dropped when the store is opened again), so the store holds the
// old content or the new, never a mix. The price is memory: the batch and
// LevelDB's memtable both hold the changed posts while it is written.
// The batch grows while the parsed posts it takes are freed, but the
// allocator keeps their pages (small blocks, in the parser threads'
// arenas) and the batch, one large block, cannot reuse them. Giving them
// back every 32 MB of batch keeps the peak near one copy of the content,
// not two (a 10,000-post import of scripts/gen-corpus: 449 -> 378 MB).
static void ReturnFreedMemory(size_t batch_bytes, size_t* trimmed_at) {
  constexpr size_t kEvery = 32 << 20;
  if (batch_bytes < *trimmed_at + kEvery) return;
  malloc_trim(0);
  *trimmed_at = batch_bytes;
}

// The first import into a store writes every post: the batch gets room
// for them all at once (StoreWriter::Reserve: it would otherwise double
// itself past 128 MB and hold two copies for a moment, the import's peak).
// Later imports write only what changed, which is not known here; their
// batch grows as before.
void ImportRun::ReserveFirstImport(StoreWriter* writer) {
  bool stored = true;
  if (!store_->View().HasPosts(&stored).ok() || stored) return;
  size_t bytes = 0;
  for (const auto& p : parsed_) bytes += StoreWriter::BytesToPut(p.post);
  writer->Reserve(bytes);
}

Status ImportRun::WriteStore() {
  StoreWriter writer(store_, static_cast<int64_t>(std::time(nullptr)));
  ReserveFirstImport(&writer);
  for (const auto& [id, a] : authors_.by_id) {
    Status s = writer.PutAuthor(a);
    if (!s.ok()) return s;
  }
  report_->authors = authors_.by_id.size();
  SearchImport search(settings_, store_, options_.threads, &problems_);
  std::set<std::string> named_authors;
  size_t trimmed_at = 0;
  const std::set<std::string> taken = UrlsOfThisImport();
  for (size_t i = 0; i < parsed_.size(); ++i) {
    ParsedPost& p = parsed_[i];
    named_authors.insert(p.post.author_ids.begin(), p.post.author_ids.end());
    Status s = RecordUrl(&writer, &search, p.post, taken);
    if (!s.ok()) return s;
    for (const auto& asset : p.post.assets) {
      kept_assets_.insert("content/" + asset);
    }
    if (memo_entries_[i].remembered) {  // the bytes the last import wrote
      ++unchanged_unread_;
      continue;
    }
    if (options_.memo != nullptr)
      memo_entries_[i].to_remember = WithoutBodies(p);
    SearchImport::Pending indexed = search.Take(p.post);
    const size_t unchanged = writer.counts().unchanged;
    s = writer.PutPost(std::move(p.post));
    if (s.ok() && writer.counts().unchanged == unchanged)
      s = search.Changed(std::move(indexed));
    if (!s.ok()) return s;
    p.post = Post();  // free the body as soon as it is in the batch
    ReturnFreedMemory(writer.pending_bytes(), &trimmed_at);
  }
  if (options_.prune) {
    std::vector<std::string> slugs;
    Status s = store_->View().ListPostSlugs(&slugs);
    if (!s.ok()) return s;
    for (const auto& slug : slugs) {
      if (!slugs_.count(slug)) {
        s = writer.RemovePost(slug);
        if (s.ok()) s = search.Removed(slug);
        if (!s.ok()) return s;
      }
    }
    // The URL history of files that are gone.
    std::vector<std::string> sources;
    s = store_->View().ListUrlHistorySources(&sources);
    if (!s.ok()) return s;
    const std::set<std::string> files(files_.begin(), files_.end());
    for (const auto& source : sources) {
      if (!files.count(source)) {
        s = writer.ForgetUrls(source);
        if (!s.ok()) return s;
      }
    }
    // Authors whose file is gone and whom no post names.
    std::vector<Author> stored;
    s = store_->View().ListAuthors(&stored);
    if (!s.ok()) return s;
    for (const auto& a : stored) {
      if (!authors_.by_id.count(a.id) && !named_authors.count(a.id)) {
        s = writer.RemoveAuthor(a.id);
        if (!s.ok()) return s;
      }
    }
  }
  // What is left of the parsed posts (their fields but the bodies, ~1 KB
  // each) is not needed any more: gone before the commit, the import's peak.
  std::vector<ParsedPost>().swap(parsed_);
  // The parsed posts are in the batch now and freed, but the allocator
  // keeps their pages; LevelDB is about to copy the batch into its
  // memtable. Giving the pages back first keeps the import's peak at
  // about two copies of the content instead of three.
  malloc_trim(0);
  // The index first (synced), named in the batch that commits the posts.
  Status s = search.Finish(&writer);
  if (!s.ok()) return s;
  writer.Seal();  // nothing more to read back; less memory at the peak
  s = writer.Commit(/*sync=*/true);
  search.Committed(s.ok());
  report_->counts = writer.counts();
  report_->counts.unchanged += unchanged_unread_;
  if (s.ok() && writer.changed_anything() && options_.compact)
    store_->Compact();
  return s;
}

// Every post's and page's URL and every alias of this import: no post's
// old URL any more (the newer owner wins).
std::set<std::string> ImportRun::UrlsOfThisImport() const {
  Urls urls(settings_);
  std::set<std::string> taken;
  for (const auto& p : parsed_) {
    taken.insert(UrlOf(urls, p.post));
    taken.insert(p.post.aliases.begin(), p.post.aliases.end());
  }
  return taken;
}

// The URL history (url_history.h): the post's URL now, the one before
// becoming a 301. A post whose slug changed leaves no copy at its old slug
// (the file is the same post), prune or not.
Status ImportRun::RecordUrl(StoreWriter* writer, SearchImport* search,
                            const Post& post,
                            const std::set<std::string>& taken) {
  std::string previous_slug;
  Status s =
      writer->RecordUrl(post.source_path, post.slug,
                        UrlOf(Urls(settings_), post), taken, &previous_slug);
  if (!s.ok() || previous_slug.empty() || previous_slug == post.slug ||
      slugs_.count(previous_slug)) {
    return s;
  }
  Post old;
  s = store_->View().GetPost(previous_slug, &old);
  if (s.IsNotFound()) return Status::OK();
  if (!s.ok()) return s;
  if (old.source_path != post.source_path) return Status::OK();
  s = writer->RemovePost(previous_slug);
  if (s.ok()) s = search->Removed(previous_slug);  // nor in the index
  return s;
}

// With prune, after the store is written: removes the files under
// media_dir/content/ and media_dir/authors/ that no stored post or author
// refers to (nothing else in media_dir, nothing through a link), so a
// removed image stops being public. Problems here are warnings: the store
// is already committed.
Status ImportRun::PruneMedia() {
  // After a prune the store holds exactly the posts just written.
  std::set<std::string> keep = kept_assets_;
  for (const auto& asset : kept_assets_) {  // and their images' copies
    std::optional<ImageInfo> info = images_.Get(asset.substr(8));
    if (!info || !info->variants) continue;
    for (const auto& v :
         ImageVariants(asset, info->format, info->size, info->animated)) {
      keep.insert(v.path);
    }
  }
  std::vector<Author> authors;
  Status s = store_->View().ListAuthors(&authors);
  if (!s.ok()) return s;
  for (const auto& a : authors) {
    if (!a.avatar_url.empty()) keep.insert(a.avatar_url);
  }
  const fs::path media(settings_.media_dir);
  for (const std::string top : {"content", "authors"}) {
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(media / top, ec))) continue;
    Fd dir;
    s = OpenFolderBelow(media, top, false, &dir);
    if (!s.ok()) {
      problems_.push_back({(media / top).string(), 0, "",
                           "unused media not removed: " + s.message(), true});
      continue;
    }
    RemoveUnused(dir.get(), top, keep, media, &report_->media_removed,
                 &problems_);
  }
  return Status::OK();
}

}  // namespace

std::string ImportReport::Summary() const {
  char took[64];
  std::snprintf(took, sizeof took, " in %.2f s", seconds);
  size_t warnings = 0;
  for (const auto& p : problems) warnings += p.warning;
  const std::string warned =
      warnings == 0 ? ""
                    : ", " + Counted(warnings, "warning") + " (listed above)";
  if (dry_run) {
    return Counted(posts_checked, "post") + " and " +
           Counted(authors, "author") + " checked" + took +
           ": no errors (dry run, nothing written)" + warned;
  }
  std::string out = std::to_string(counts.added) + " added, " +
                    std::to_string(counts.changed) + " changed, " +
                    std::to_string(counts.unchanged) + " unchanged, " +
                    std::to_string(counts.removed) + " removed, " +
                    Counted(authors, "author") + took;
  if (media_removed > 0) {
    out += ", " + Counted(media_removed, "unused media file") + " removed";
  }
  return out + warned;
}

Status Import(const Settings& settings, Store* store,
              const ImportOptions& options, ImportReport* report) {
  auto started = std::chrono::steady_clock::now();
  *report = ImportReport();
  report->dry_run = options.dry_run;
  if (store == nullptr && !options.dry_run) {
    return Status::InvalidArgument("import needs a store");
  }
  Status s;
  if (options.memo != nullptr && !options.dry_run) {
    MutexLock lock(&options.memo->mu_);
    s = ImportRun(settings, store, options, report).Run();
  } else {
    s = ImportRun(settings, store, options, report).Run();
  }
  report->seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
          .count();
  return s;
}

// ----------------------------------------------------------------- export

namespace {

// Where a stored record goes in the export folder: its source path if that
// is a safe relative path (a store written by an older levelpress may hold
// "../outside/leak.md"), else the default.
std::string ExportPath(const std::string& source_path,
                       const std::string& fallback) {
  return IsSafeRelativePath(source_path) ? source_path : fallback;
}

}  // namespace

Status Export(const Settings& settings, const StoreView& store,
              const std::string& dir_name, size_t* posts_written) {
  *posts_written = 0;
  const fs::path dir(dir_name), media(settings.media_dir);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IOError(dir_name + ": " + ec.message());
  std::vector<Author> all_authors;
  Status s = store.ListAuthors(&all_authors);
  if (!s.ok()) return s;
  AuthorIndex authors;
  for (const auto& a : all_authors) {
    authors.Add(a);
    if (a.source_path.empty()) continue;  // named by posts only
    const std::string rel =
        ExportPath(a.source_path, "authors/" + a.id + ".md");
    s = WriteBelow(dir, rel, FormatAuthorFile(a));
    if (!s.ok()) return s;
    const std::string avatar =
        fs::path(rel).parent_path().generic_string() + "/" + a.avatar;
    if (!a.avatar_url.empty() && IsSafeRelativePath(a.avatar_url) &&
        IsSafeRelativePath(avatar)) {
      s = CopyIfChanged(media, a.avatar_url, dir, avatar);
      if (!s.ok()) return s;
    }
  }
  std::vector<std::string> slugs;
  s = store.ListPostSlugs(&slugs);
  if (!s.ok()) return s;
  for (const auto& slug : slugs) {
    Post p;
    s = store.GetPost(slug, &p);
    if (!s.ok()) return s;
    // The URL history as aliases: a round trip keeps the old URLs working.
    UrlHistory history;
    if (store.GetUrlHistory(p.source_path, &history).ok() &&
        history.slug == p.slug) {
      for (const auto& old_url : history.old_urls) {
        if (std::find(p.aliases.begin(), p.aliases.end(), old_url) ==
            p.aliases.end())
          p.aliases.push_back(old_url);
      }
    }
    s = WriteBelow(dir, ExportPath(p.source_path, "posts/" + p.slug + ".md"),
                   FormatPostFile(p, authors));
    if (!s.ok()) return s;
    for (const auto& asset : p.assets) {
      if (!IsSafeRelativePath(asset)) continue;  // see ExportPath
      s = CopyIfChanged(media, "content/" + asset, dir, asset);
      if (!s.ok()) return s;
    }
    ++*posts_written;
  }
  return Status::OK();
}

}  // namespace levelpress
