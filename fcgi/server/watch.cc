#include "watch.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

namespace levelpress {
namespace {

constexpr uint32_t kEvents = IN_CLOSE_WRITE | IN_CREATE | IN_DELETE |
                             IN_MOVED_FROM | IN_MOVED_TO | IN_MODIFY |
                             IN_ATTRIB | IN_DELETE_SELF | IN_ONLYDIR;

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

FolderWatcher::FolderWatcher(std::string dir, Options options,
                             std::function<void()> on_change)
    : dir_(std::move(dir)),
      options_(options),
      on_change_(std::move(on_change)) {}

FolderWatcher::~FolderWatcher() {
  Stop();
  if (inotify_fd_ >= 0) close(inotify_fd_);
  for (int fd : wake_pipe_) {
    if (fd >= 0) close(fd);
  }
}

Status FolderWatcher::Start() {
  inotify_fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (inotify_fd_ < 0 || pipe2(wake_pipe_, O_CLOEXEC) != 0) {
    return Status::IOError(std::string("inotify: ") + std::strerror(errno));
  }
  if (!AddTree(dir_)) {
    return Status::IOError("cannot watch " + dir_ + ": " +
                           std::strerror(errno));
  }
  thread_ = std::thread([this] { Loop(); });
  return Status::OK();
}

void FolderWatcher::Stop() {
  if (!thread_.joinable()) return;
  char c = 0;
  if (write(wake_pipe_[1], &c, 1) < 0) {
    // The loop then ends at its next event; nothing better to do.
  }
  thread_.join();
}

bool FolderWatcher::AddTree(const std::string& dir) {
  // IN_ONLYDIR refuses a link to a file; links to folders outside the
  // content are the importer's business (it does not follow them).
  int wd = inotify_add_watch(inotify_fd_, dir.c_str(), kEvents);
  if (wd < 0) return false;
  folders_[wd] = dir;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (it->is_directory(ec) && !it->is_symlink(ec)) {
      AddTree(it->path().string());
    }
  }
  return true;
}

bool FolderWatcher::Drain() {
  alignas(inotify_event) char buf[16384];
  bool changed = false;
  while (true) {
    ssize_t n = read(inotify_fd_, buf, sizeof buf);
    if (n <= 0) return changed;
    for (ssize_t off = 0; off < n;) {
      auto* event = reinterpret_cast<inotify_event*>(buf + off);
      off += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
      if (event->mask & IN_IGNORED) {
        folders_.erase(event->wd);
        continue;
      }
      changed = true;  // IN_Q_OVERFLOW too: something changed
      auto folder = folders_.find(event->wd);
      if ((event->mask & IN_ISDIR) &&
          (event->mask & (IN_CREATE | IN_MOVED_TO)) &&
          folder != folders_.end() && event->len > 0) {
        AddTree(folder->second + "/" + event->name);
      }
    }
  }
}

void FolderWatcher::Loop() {
  int64_t first_change = 0, last_change = 0;  // of the pending burst
  while (true) {
    int timeout = -1;
    if (first_change > 0) {
      int64_t due = std::min(last_change + options_.quiet_ms,
                             first_change + options_.max_delay_ms);
      timeout = static_cast<int>(std::max<int64_t>(0, due - NowMs()));
    }
    pollfd fds[2] = {{inotify_fd_, POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
    int ready = poll(fds, 2, timeout);
    if (ready < 0 && errno != EINTR) return;
    if (fds[1].revents) return;
    if (ready > 0 && (fds[0].revents & POLLIN) && Drain()) {
      last_change = NowMs();
      if (first_change == 0) first_change = last_change;
    }
    if (first_change > 0 && (NowMs() >= last_change + options_.quiet_ms ||
                             NowMs() >= first_change + options_.max_delay_ms)) {
      first_change = 0;
      on_change_();
    }
  }
}

}  // namespace levelpress
