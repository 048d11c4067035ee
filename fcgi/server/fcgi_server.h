// FastCGI server: answers FastCGI on one listening socket (a Unix socket we
// create, a TCP address, or fd 0 handed over by spawn-fcgi, mod_fcgid or
// systemd) with a few event-loop threads. It turns each request into a
// Request for the Site and writes the Response back with
// SerializeResponse(); pages never see FastCGI.
//
// Shape: each thread runs its own epoll loop over the connections it
// accepted (the listening socket is shared with EPOLLEXCLUSIVE), reads and
// writes without blocking, and answers a request on the thread that read
// it. A page renders in microseconds to a few milliseconds, so no hand-off
// to a worker pool is worth its cost; what must never block a thread is a
// slow or idle client, and none can: sockets are non-blocking, and every
// connection has a deadline (read_timeout for a request to arrive whole,
// write_timeout between two writes of a response, idle_timeout between
// requests on a kept connection). The records are read by FcgiReader
// (fcgi_protocol.h), which bounds what a request may make us allocate.
// FCGI_KEEP_CONN is honoured, so nginx can keep a pool of connections.
//
// Stopping: Stop() (from the signal thread) removes the socket file and
// wakes every loop; each accepts what is already queued, closes idle
// connections, answers requests in progress, and returns when it has no
// connection left, so a SIGTERM loses no request that reached us.
//
// Threads: Run() blocks the caller until Stop(); Stop() is safe from any
// thread. Everything else is called before Run().
#pragma once

#include <sys/types.h>

#include <atomic>
#include <string>

#include "log.h"
#include "site.h"
#include "status.h"

namespace levelpress {

struct FcgiServerOptions {
  int threads = 2;               // event loops
  int read_timeout_ms = 10000;   // for a request to arrive whole
  int write_timeout_ms = 10000;  // between two writes of a response
  int idle_timeout_ms = 60000;   // a kept connection between requests
  int max_connections = 1024;    // beyond this, connections wait queued
  std::string socket_group;      // group of a --socket file; "" = ours
  bool allow_remote = false;     // --listen on a non-loopback address
};

class FcgiServer {
 public:
  FcgiServer(const Site* site, Log* log, FcgiServerOptions options)
      : site_(site), log_(log), options_(std::move(options)) {}
  ~FcgiServer();
  FcgiServer(const FcgiServer&) = delete;
  FcgiServer& operator=(const FcgiServer&) = delete;

  // Exactly one of these, before Run().
  // Creates the socket file mode 0660 (group options.socket_group); refuses
  // to replace a live socket or anything that is not a socket.
  Status ListenUnix(const std::string& path);
  // "127.0.0.1:9000"; a non-loopback address only with allow_remote.
  Status ListenTcp(const std::string& host_port);
  Status UseInheritedSocket();  // fd 0

  // Serves until Stop(); returns then.
  Status Run();
  void Stop();  // sets a flag and writes one byte: safe from a signal thread

 private:
  friend class EventLoop;
  void RemoveSocketFile();

  // Set before Run(), then only read.
  const Site* const site_;
  Log* const log_;
  const FcgiServerOptions options_;
  int listen_fd_ = -1;
  std::string unix_path_;  // the socket file we created, removed on Stop()
  ino_t unix_inode_ = 0;   // only our own file is removed, never a successor's
  int wake_pipe_[2] = {-1, -1};

  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};  // open, over all loops
};

}  // namespace levelpress
