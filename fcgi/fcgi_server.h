// FastCGI adapter: a pool of worker threads answering FastCGI on one
// listening socket (a Unix socket we create, a TCP address, or fd 0 handed
// over by spawn-fcgi, mod_fcgid or systemd). The only file that includes
// libfcgi; it turns FastCGI requests into Request values for the Site and
// writes Responses back with SerializeResponse().
//
// Stopping: Stop() (from the signal thread) wakes every worker; each one
// drains connections already queued, finishes its request and exits, so a
// SIGTERM loses no request that reached us.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <string>

#include "log.h"
#include "site.h"
#include "status.h"

namespace levelpress {

class FcgiServer {
 public:
  FcgiServer(const Site* site, Log* log) : site_(site), log_(log) {}
  ~FcgiServer();

  // Exactly one of these, before Run().
  Status ListenUnix(const std::string& path);      // refuses a live socket
  Status ListenTcp(const std::string& host_port);  // "127.0.0.1:9000"
  Status UseInheritedSocket();                     // fd 0

  // Serves with `threads` workers until Stop(); returns then.
  Status Run(int threads);
  void Stop();  // async-signal-safe enough: sets a flag, writes one byte

 private:
  void Worker();
  const Site* const site_;
  Log* const log_;
  int listen_fd_ = -1;
  // The socket file we created; removed on Stop() so that no connection
  // arrives after the workers drained the queue (those would be reset).
  void RemoveSocketFile();
  std::string unix_path_;
  ino_t unix_inode_ =
      0;  // only our own socket file is removed, never a successor's
  int wake_pipe_[2] = {-1, -1};
  std::atomic<bool> stopping_{false};
};

}  // namespace levelpress
