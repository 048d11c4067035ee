#include "fcgi_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <limits>
#include <memory>
#include <thread>
#include <unordered_map>
#include <vector>

#include "fcgi_protocol.h"
#include "unix_socket.h"

namespace levelpress {

using Clock = std::chrono::steady_clock;

namespace {

constexpr int kBacklog = 1024;
constexpr size_t kReadChunk = 64 << 10;
// How often a loop looks for connections past their deadline.
constexpr auto kSweepInterval = std::chrono::milliseconds(100);

std::string Errno(const char* what) {
  return std::string(what) + ": " + std::strerror(errno);
}

Status SetNonBlocking(int fd) {
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
    return Status::IOError(Errno("fcntl"));
  }
  return Status::OK();
}

const std::string* Param(const FcgiRequest& fr, std::string_view name) {
  for (const auto& [n, v] : fr.params) {
    if (n == name) return &v;
  }
  return nullptr;
}

Request RequestFromParams(const FcgiRequest& fr) {
  Request r;
  auto get = [&](std::string_view name) {
    const std::string* v = Param(fr, name);
    return v ? *v : std::string();
  };
  std::string method = get("REQUEST_METHOD");
  r.method = method.empty() ? "GET" : method;
  r.target = get("REQUEST_URI");
  if (r.target.empty()) {
    r.target = get("SCRIPT_NAME") + get("PATH_INFO");
    if (r.target.empty()) r.target = "/";
    std::string query = get("QUERY_STRING");
    if (!query.empty()) r.target += "?" + query;
  }
  for (const auto& [name, value] : fr.params) {
    AddCgiHeader((name + "=" + value).c_str(), &r);
  }
  return r;
}

// The answer to a request the transport refuses before routing.
Response Refusal(int status) {
  Response response;
  response.status = status;
  response.SetHeader("Content-Type", "text/plain; charset=utf-8");
  response.SetHeader("Cache-Control", "no-store");
  response.body = std::string(StatusText(status)) + "\n";
  return response;
}

bool IsLoopback(const in_addr& a) { return (ntohl(a.s_addr) >> 24) == 127; }

}  // namespace

// One thread's connections and its epoll set. Owned by that thread alone.
class EventLoop {
 public:
  explicit EventLoop(FcgiServer* server) : server_(server) {}
  ~EventLoop();
  void Run();

 private:
  struct Connection {
    int fd = -1;
    uint64_t id = 0;
    FcgiReader reader;
    std::string in, out;
    size_t sent = 0;
    uint32_t events = 0;  // what epoll watches for it
    bool close_after_write = false;
    bool peer_closed = false;  // read() said end of stream: no more input
    bool served_one = false;   // idle_timeout, not read_timeout, applies
    Clock::time_point deadline;
  };
  enum : uint64_t { kListenTag = 0, kWakeTag = 1, kFirstConnection = 2 };

  bool Setup();
  // Accepts what waits in the listen queue, at most `limit` connections.
  void AcceptAll(int limit = 64);
  void OnEvent(uint64_t tag, uint32_t events);
  void OnReadable(Connection* c);
  // Writes what is pending and reads what is buffered until the connection
  // waits for the client; closes it when it is done.
  void Drive(Connection* c);
  // True when everything pending was sent; false when waiting for the
  // client to take more (or the connection was closed).
  bool Flush(Connection* c);
  void Answer(Connection* c, FcgiRequest fr);
  void Watch(Connection* c, uint32_t events);
  void Close(Connection* c);
  void BeginStopping();
  void Sweep(Clock::time_point now);
  void PauseAccepting(bool pause);

  FcgiServer* const server_;
  const FcgiServerOptions& options() const { return server_->options_; }
  int epoll_fd_ = -1;
  bool accepting_ = true;  // the listening socket is in the epoll set
  bool stopping_ = false;
  uint64_t next_id_ = kFirstConnection;
  std::unordered_map<uint64_t, std::unique_ptr<Connection>> connections_;
  std::vector<uint64_t> closed_;  // freed after the events of one wait
  Clock::time_point last_sweep_ = Clock::now();
};

EventLoop::~EventLoop() {
  for (auto& [id, c] : connections_) {
    if (c->fd >= 0) {
      close(c->fd);
      --server_->connections_;
    }
  }
  if (epoll_fd_ >= 0) close(epoll_fd_);
}

bool EventLoop::Setup() {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) return false;
  epoll_event listen{};
  listen.events = EPOLLIN | EPOLLEXCLUSIVE;  // one loop wakes per connection
  listen.data.u64 = kListenTag;
  epoll_event wake{};
  wake.events = EPOLLIN;
  wake.data.u64 = kWakeTag;
  return epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, server_->listen_fd_, &listen) ==
             0 &&
         epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, server_->wake_pipe_[0], &wake) ==
             0;
}

void EventLoop::Run() {
  if (!Setup()) {
    server_->log_->Error(Errno("epoll"));
    return;
  }
  if (server_->stopping_) BeginStopping();
  epoll_event events[64];
  while (accepting_ || !connections_.empty() || !stopping_) {
    int timeout = connections_.empty() && accepting_ ? -1 : 100;
    int n = epoll_wait(epoll_fd_, events, 64, timeout);
    if (n < 0 && errno != EINTR) {
      server_->log_->Error(Errno("epoll_wait"));
      break;
    }
    for (int i = 0; i < n; ++i) OnEvent(events[i].data.u64, events[i].events);
    for (uint64_t id : closed_) connections_.erase(id);
    closed_.clear();
    Clock::time_point now = Clock::now();
    if (now - last_sweep_ >= kSweepInterval) Sweep(now);
    if (stopping_ && connections_.empty()) break;
  }
}

void EventLoop::OnEvent(uint64_t tag, uint32_t events) {
  if (tag == kListenTag) {
    AcceptAll();
    return;
  }
  if (tag == kWakeTag) {
    BeginStopping();
    return;
  }
  auto it = connections_.find(tag);
  if (it == connections_.end() || it->second->fd < 0) return;
  Connection* c = it->second.get();
  if (events & EPOLLOUT) {
    Drive(c);
  } else if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
    OnReadable(c);
  }
}

void EventLoop::AcceptAll(int limit) {
  // At most a burst per wake, so the connections of this loop get a turn.
  for (int i = 0; i < limit; ++i) {
    if (server_->connections_ >= options().max_connections) {
      PauseAccepting(true);  // they wait in the listen queue
      return;
    }
    int fd = accept4(server_->listen_fd_, nullptr, nullptr,
                     SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno == EMFILE || errno == ENFILE) {
        server_->log_->Error(Errno("accept") +
                             "; new connections wait until one closes");
        PauseAccepting(true);
      }
      return;  // EAGAIN: another loop took it, or the queue is empty
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // TCP only
    auto c = std::make_unique<Connection>();
    c->fd = fd;
    c->id = next_id_++;
    c->deadline =
        Clock::now() + std::chrono::milliseconds(options().read_timeout_ms);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = c->id;
    if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) {
      close(fd);
      continue;
    }
    c->events = EPOLLIN;
    ++server_->connections_;
    connections_.emplace(c->id, std::move(c));
  }
}

void EventLoop::PauseAccepting(bool pause) {
  if (stopping_ || accepting_ == !pause) return;
  if (pause) {
    epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, server_->listen_fd_, nullptr);
  } else {
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLEXCLUSIVE;
    ev.data.u64 = kListenTag;
    epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, server_->listen_fd_, &ev);
  }
  accepting_ = !pause;
}

void EventLoop::OnReadable(Connection* c) {
  char buffer[kReadChunk];
  while (true) {
    ssize_t n = read(c->fd, buffer, sizeof buffer);
    if (n > 0) {
      c->in.append(buffer, static_cast<size_t>(n));
      // A whole record is at most 64 KiB + 263 bytes; Drive consumes
      // whole records, so what stays buffered is bounded.
      if (static_cast<size_t>(n) < sizeof buffer) break;
      if (c->in.size() > 2 * kReadChunk) break;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    if (n < 0) {
      Close(c);  // the connection failed
      return;
    }
    // The client has sent all it will (a half-close): answer what it
    // sent, then close.
    c->peer_closed = true;
    break;
  }
  Drive(c);
}

void EventLoop::Drive(Connection* c) {
  while (true) {
    if (!Flush(c)) return;
    if (c->close_after_write) {
      Close(c);
      return;
    }
    bool was_idle = !c->reader.InRequest() && c->in.empty();
    FcgiReader::Event event = c->reader.Next(&c->in);
    if (was_idle && (c->reader.InRequest() || !c->in.empty())) {
      // The first bytes of a request: it must arrive whole in time.
      c->deadline =
          Clock::now() + std::chrono::milliseconds(options().read_timeout_ms);
    }
    switch (event) {
      case FcgiReader::Event::kNeedMore:
        // When stopping, a connection idle between requests closes; one
        // that has not sent its first request yet is in flight (nginx
        // writes right after connecting) and gets its answer.
        if (c->peer_closed || (stopping_ && c->served_one &&
                               !c->reader.InRequest() && c->in.empty())) {
          Close(c);
          return;
        }
        Watch(c, EPOLLIN);
        return;
      case FcgiReader::Event::kRequest:
        Answer(c, c->reader.TakeRequest());
        break;
      case FcgiReader::Event::kReply:
        c->out += c->reader.TakeReply();
        break;
      case FcgiReader::Event::kAborted:
        break;
      case FcgiReader::Event::kError:
        server_->log_->Error("FastCGI connection closed: " + c->reader.error());
        Close(c);
        return;
    }
  }
}

void EventLoop::Answer(Connection* c, FcgiRequest fr) {
  auto started = Clock::now();
  Request request = RequestFromParams(fr);
  Response response = fr.reject_status ? Refusal(fr.reject_status)
                                       : server_->site_->Handle(request);
  std::string bytes = SerializeResponse(request, response);
  AppendFcgiResponse(fr.id, bytes, &c->out);
  if (!fr.keep_conn || stopping_) c->close_after_write = true;
  c->served_one = true;
  double ms =
      std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  server_->log_->Request(request.method, request.target, response.status,
                         request.method == "HEAD" ? 0 : response.body.size(),
                         ms);
}

bool EventLoop::Flush(Connection* c) {
  while (c->sent < c->out.size()) {
    ssize_t n = send(c->fd, c->out.data() + c->sent, c->out.size() - c->sent,
                     MSG_NOSIGNAL);
    if (n > 0) {
      c->sent += static_cast<size_t>(n);
      c->deadline =
          Clock::now() + std::chrono::milliseconds(options().write_timeout_ms);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      Watch(c, EPOLLOUT);  // no reading meanwhile: the output is bounded
      return false;
    }
    Close(c);
    return false;
  }
  if (!c->out.empty()) {
    c->out.clear();
    c->sent = 0;
    c->deadline = Clock::now() + std::chrono::milliseconds(
                                     c->served_one ? options().idle_timeout_ms
                                                   : options().read_timeout_ms);
  }
  return true;
}

void EventLoop::Watch(Connection* c, uint32_t events) {
  if (c->events == events) return;
  epoll_event ev{};
  ev.events = events;
  ev.data.u64 = c->id;
  epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c->fd, &ev);
  c->events = events;
}

void EventLoop::Close(Connection* c) {
  if (c->fd < 0) return;
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, c->fd, nullptr);
  close(c->fd);
  c->fd = -1;
  closed_.push_back(c->id);
  --server_->connections_;
  if (!accepting_ && !stopping_) PauseAccepting(false);
}

void EventLoop::BeginStopping() {
  if (stopping_) return;
  stopping_ = true;
  // The wake pipe stays readable; this loop has heard it.
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, server_->wake_pipe_[0], nullptr);
  // Take all that already waits in the queue (Stop closed the way in, so
  // no more can come), then stop listening: what stays queued is reset
  // when the socket closes.
  AcceptAll(std::numeric_limits<int>::max());
  if (accepting_) {
    epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, server_->listen_fd_, nullptr);
  }
  accepting_ = false;
  // Read what already arrived first: a request whose bytes wait unread in
  // the socket is in flight, not idle. Idle ones close, busy ones finish.
  for (auto& [id, c] : connections_) {
    if (c->fd >= 0) OnReadable(c.get());
  }
}

void EventLoop::Sweep(Clock::time_point now) {
  last_sweep_ = now;
  for (auto& [id, c] : connections_) {
    if (c->fd >= 0 && now >= c->deadline) Close(c.get());
  }
  if (!accepting_ && !stopping_ &&
      server_->connections_ < options().max_connections) {
    PauseAccepting(false);  // after EMFILE, try again
  }
}

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
  int fd = -1;
  // Only our user and the socket group (nginx's) may connect.
  Status s = BindUnixSocket(path, 0660, options_.socket_group, "socket_group",
                            "--socket", &fd);
  if (!s.ok()) return s;
  unix_path_ = path;
  struct stat mine;
  if (lstat(path.c_str(), &mine) == 0) unix_inode_ = mine.st_ino;
  listen_fd_ = fd;
  if (listen(fd, kBacklog) != 0) {
    return Status::IOError("listen " + path + ": " + std::strerror(errno));
  }
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
  std::string port_text = host_port.substr(colon + 1);
  int port = 0;
  for (char ch : port_text) {
    if (ch < '0' || ch > '9' || port > 65535) {
      port = -1;
      break;
    }
    port = port * 10 + (ch - '0');
  }
  if (port <= 0 || port > 65535 ||
      inet_pton(AF_INET, host_port.substr(0, colon).c_str(), &addr.sin_addr) !=
          1) {
    return Status::InvalidArgument("--listen " + host_port +
                                   ": not an IPv4 HOST:PORT");
  }
  if (!IsLoopback(addr.sin_addr) && !options_.allow_remote) {
    return Status::InvalidArgument(
        "--listen " + host_port +
        ": not a loopback address; FastCGI has no authentication, so anyone "
        "who reaches the port can send requests. Use 127.0.0.1, a --socket, "
        "or add --allow-remote behind a firewall");
  }
  addr.sin_port = htons(static_cast<uint16_t>(port));
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status::IOError(Errno("socket"));
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
  // answers 502 at once), then wake the loops to drain the queue.
  // Unlinking alone leaves a race: a connect() that found the file just
  // before keeps queueing after the loops have drained. Shutting down our
  // own Unix socket makes the queue final (connect() checks it under the
  // socket's lock). Not for TCP, where it would reset the queue, nor for an
  // inherited socket that other processes may share.
  RemoveSocketFile();
  if (!unix_path_.empty()) shutdown(listen_fd_, SHUT_RD);
  stopping_ = true;
  if (wake_pipe_[1] >= 0) {
    char byte = 1;
    [[maybe_unused]] ssize_t n = write(wake_pipe_[1], &byte, 1);
  }
}

Status FcgiServer::Run() {
  if (listen_fd_ < 0) return Status::InvalidArgument("no socket to listen on");
  if (pipe2(wake_pipe_, O_CLOEXEC) != 0) return Status::IOError(Errno("pipe"));
  std::vector<std::thread> loops;
  for (int i = 0; i < options_.threads; ++i) {
    loops.emplace_back([this] { EventLoop(this).Run(); });
  }
  for (auto& t : loops) t.join();
  return Status::OK();
}

}  // namespace levelpress
