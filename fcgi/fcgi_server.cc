#include "fcgi_server.h"

#include <arpa/inet.h>
#include <fcgiapp.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

namespace levelpress {
namespace {

constexpr int kBacklog = 1024;

Request RequestFromParams(char** envp) {
  Request r;
  const char* method = FCGX_GetParam("REQUEST_METHOD", envp);
  r.method = method ? method : "GET";
  if (const char* uri = FCGX_GetParam("REQUEST_URI", envp); uri && *uri) {
    r.target = uri;
  } else {
    const char* script = FCGX_GetParam("SCRIPT_NAME", envp);
    const char* info = FCGX_GetParam("PATH_INFO", envp);
    const char* query = FCGX_GetParam("QUERY_STRING", envp);
    r.target = std::string(script ? script : "") + (info ? info : "");
    if (r.target.empty()) r.target = "/";
    if (query && *query) r.target += std::string("?") + query;
  }
  for (char** p = envp; *p; ++p) {
    AddCgiHeader(*p, &r);
  }
  return r;
}

Status SetNonBlocking(int fd) {
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
    return Status::IOError(std::string("fcntl: ") + std::strerror(errno));
  }
  return Status::OK();
}

}  // namespace

void FcgiServer::RemoveSocketFile() {
  struct stat st;
  if (!unix_path_.empty() && lstat(unix_path_.c_str(), &st) == 0 &&
      st.st_ino == unix_inode_) {
    unlink(unix_path_.c_str());
  }
}

FcgiServer::~FcgiServer() {
  RemoveSocketFile();
  if (listen_fd_ > 0) close(listen_fd_);
  for (int fd : wake_pipe_) {
    if (fd >= 0) close(fd);
  }
}

Status FcgiServer::ListenUnix(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path) {
    return Status::InvalidArgument(path + ": socket path too long (max " +
                                   std::to_string(sizeof addr.sun_path - 1) +
                                   " bytes)");
  }
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  struct stat st;
  if (lstat(path.c_str(), &st) == 0) {
    if (!S_ISSOCK(st.st_mode)) {
      return Status::InvalidArgument(
          path +
          " exists and is not a socket; remove it or choose another --socket");
    }
    int probe = socket(AF_UNIX, SOCK_STREAM, 0);
    bool live =
        connect(probe, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    close(probe);
    if (live) {
      return Status::Busy(path +
                          " is the socket of a running server; stop it first "
                          "(or use another --socket)");
    }
    unlink(path.c_str());  // left behind by a server that died
  }
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0 ||
      bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    std::string why = std::strerror(errno);
    if (fd >= 0) close(fd);
    return Status::IOError("cannot create socket " + path + ": " + why);
  }
  // nginx's workers run as another user; the folder's permissions are the
  // access control.
  chmod(path.c_str(), 0666);
  if (listen(fd, kBacklog) != 0) {
    close(fd);
    return Status::IOError("listen " + path + ": " + std::strerror(errno));
  }
  listen_fd_ = fd;
  unix_path_ = path;
  struct stat mine;
  if (lstat(path.c_str(), &mine) == 0) unix_inode_ = mine.st_ino;
  return SetNonBlocking(fd);
}

Status FcgiServer::ListenTcp(const std::string& host_port) {
  size_t colon = host_port.rfind(':');
  if (colon == std::string::npos) {
    return Status::InvalidArgument(
        "--listen wants HOST:PORT, e.g. 127.0.0.1:9000");
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  int port = std::atoi(host_port.c_str() + colon + 1);
  if (port <= 0 || port > 65535 ||
      inet_pton(AF_INET, host_port.substr(0, colon).c_str(), &addr.sin_addr) !=
          1) {
    return Status::InvalidArgument("--listen " + host_port +
                                   ": not an IPv4 HOST:PORT");
  }
  addr.sin_port = htons(static_cast<uint16_t>(port));
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(fd, kBacklog) != 0) {
    std::string why = std::strerror(errno);
    close(fd);
    return Status::IOError("cannot listen on " + host_port + ": " + why);
  }
  listen_fd_ = fd;
  return SetNonBlocking(fd);
}

Status FcgiServer::UseInheritedSocket() {
  listen_fd_ = 0;
  return SetNonBlocking(0);
}

void FcgiServer::Stop() {
  // First no new connections (a connect() now fails cleanly and nginx
  // answers 502 at once), then wake the workers to drain the queue.
  RemoveSocketFile();
  stopping_ = true;
  if (wake_pipe_[1] >= 0) {
    char byte = 1;
    [[maybe_unused]] ssize_t n = write(wake_pipe_[1], &byte, 1);
  }
}

Status FcgiServer::Run(int threads) {
  if (listen_fd_ < 0) return Status::InvalidArgument("no socket to listen on");
  if (pipe(wake_pipe_) != 0) return Status::IOError("pipe failed");
  if (FCGX_Init() != 0) return Status::IOError("FCGX_Init failed");
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) pool.emplace_back([this] { Worker(); });
  for (auto& t : pool) t.join();
  return Status::OK();
}

void FcgiServer::Worker() {
  FCGX_Request req;
  FCGX_InitRequest(&req, listen_fd_, FCGI_FAIL_ACCEPT_ON_INTR);
  while (true) {
    if (!stopping_) {
      // Level-triggered: the wake pipe, once written, wakes every worker.
      pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
      if (poll(fds, 2, -1) < 0 && errno != EINTR) break;
    }
    // The socket is non-blocking: when another worker took the connection
    // (or, when stopping, the queue is empty) this returns at once.
    if (FCGX_Accept_r(&req) < 0) {
      if (stopping_) break;
      continue;
    }
    auto started = std::chrono::steady_clock::now();
    Request request = RequestFromParams(req.envp);
    Response response = site_->Handle(request);
    std::string bytes = SerializeResponse(request, response);
    FCGX_PutStr(bytes.data(), static_cast<int>(bytes.size()), req.out);
    FCGX_Finish_r(&req);
    double ms = std::chrono::duration<double, std::milli>(
                    std::chrono::steady_clock::now() - started)
                    .count();
    log_->Request(request.method, request.target, response.status,
                  request.method == "HEAD" ? 0 : response.body.size(), ms);
  }
  FCGX_Free(&req, 1);
}

}  // namespace levelpress
