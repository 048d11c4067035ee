// FolderWatcher: calls back after files under a folder change, for
// `serve --watch` (a writer's live preview). inotify on the folder and
// every folder below it (new ones are added as they appear); a burst of
// changes (an editor's save is several) is one call, made once nothing
// has changed for the quiet period, or at the latest after max_delay.
#pragma once

#include <functional>
#include <string>
#include <thread>
#include <unordered_map>

#include "status.h"

namespace levelpress {

class FolderWatcher {
 public:
  struct Options {
    int quiet_ms = 100;
    int max_delay_ms = 500;
  };
  FolderWatcher(std::string dir, Options options,
                std::function<void()> on_change);
  ~FolderWatcher();  // stops
  FolderWatcher(const FolderWatcher&) = delete;

  Status Start();
  void Stop();

 private:
  void Loop();
  // Adds dir and the folders below it; false if dir cannot be watched.
  bool AddTree(const std::string& dir);
  // Reads pending events; true if any was about the content.
  bool Drain();

  const std::string dir_;
  const Options options_;
  const std::function<void()> on_change_;
  int inotify_fd_ = -1;
  int wake_pipe_[2] = {-1, -1};
  std::unordered_map<int, std::string> folders_;  // watch descriptor -> path
  std::thread thread_;
};

}  // namespace levelpress
