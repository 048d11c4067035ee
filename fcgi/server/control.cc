#include "control.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "control_protocol.h"
#include "unix_socket.h"

namespace levelpress {
namespace {

// A client has this long to send its whole request.
constexpr int kRequestDeadlineMs = 10000;
// Imports run at this nice value (and their parser threads inherit it), so
// that the event loops answering readers keep the CPU they need.
constexpr int kCommandNice = 10;

bool WriteAll(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// False on end of stream, an error or a timeout (SO_RCVTIMEO).
bool ReadAll(int fd, void* buf, size_t size) {
  char* p = static_cast<char*>(buf);
  while (size > 0) {
    ssize_t n = recv(fd, p, size, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

sockaddr_un AddressOf(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.c_str(),
              std::min(path.size() + 1, sizeof addr.sun_path - 1));
  return addr;
}

// Connects to a live server's control socket: the fd, or -1 when none
// answers (no socket, or one left behind by a server that died), or -2
// when one does but this user may not use it (*why says so).
int ConnectControl(const std::string& path, std::string* why) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0 || !S_ISSOCK(st.st_mode)) return -1;
  if (path.size() >= sizeof(sockaddr_un::sun_path)) return -1;
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_un addr = AddressOf(path);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    return fd;
  }
  int error = errno;
  close(fd);
  if (error == EACCES || error == EPERM) {
    *why = std::strerror(error);
    return -2;
  }
  return -1;
}

// Copies the server's frames to stdout and stderr until the exit status.
bool CopyResponse(int fd, int* exit_status) {
  while (true) {
    char head[5];
    if (!ReadAll(fd, head, sizeof head)) return false;
    uint32_t size = DecodeControlU32(head + 1);
    if (size > (1u << 30)) return false;  // not our server
    std::string bytes(size, '\0');
    if (size > 0 && !ReadAll(fd, bytes.data(), size)) return false;
    if (head[0] == 'x' && size == 4) {
      *exit_status = static_cast<int>(DecodeControlU32(bytes.data()));
      return true;
    }
    (head[0] == 'e' ? std::cerr : std::cout) << bytes << std::flush;
  }
}

}  // namespace

std::string ControlSocketPath(const std::string& store_path) {
  return store_path + "/control.sock";
}

bool RunInServer(const CommandLine& cl, const Settings& settings,
                 int* exit_status) {
  const std::string path = ControlSocketPath(settings.store_path);
  std::string why;
  int fd = ConnectControl(path, &why);
  if (fd == -1) return false;
  if (fd == -2) {
    std::cerr << "levelpress: a running server holds the store, but its "
                 "control socket "
              << path << " refused you (" << why
              << "): run this as the server's user, or give your user the "
                 "group of the setting control_group\n";
    *exit_status = 1;
    return true;
  }
  if (cl.verbose) {
    std::cerr << "levelpress: carried out by the running server, through "
              << path << "\n";
  }
  const std::string cwd = std::filesystem::current_path().string();
  bool answered = WriteAll(fd, EncodeControlRequest(cwd, cl.args)) &&
                  CopyResponse(fd, exit_status);
  close(fd);
  if (!answered) {
    std::cerr << "levelpress: the server stopped before it finished the "
                 "command; an import is all or nothing, so the blog shows "
                 "either the old content or the new (`levelpress list` says "
                 "which)\n";
    *exit_status = 1;
  }
  return true;
}

// ---------------------------------------------------------------- server

ControlServer::ControlServer(Runner runner, Log* log)
    : runner_(std::move(runner)), log_(log) {}

ControlServer::~ControlServer() {
  Stop();
  if (listen_fd_ >= 0) {
    close(listen_fd_);
    unlink(path_.c_str());
  }
  for (int fd : wake_pipe_) {
    if (fd >= 0) close(fd);
  }
}

Status ControlServer::Listen(const std::string& path,
                             const std::string& group) {
  Status s = BindUnixSocket(path, group.empty() ? 0600 : 0660, group,
                            "control_group", "store", &listen_fd_);
  if (!s.ok()) return s;
  path_ = path;
  group_mode_ = !group.empty();
  if (listen(listen_fd_, 16) != 0 || pipe2(wake_pipe_, O_CLOEXEC) != 0) {
    return Status::IOError("listen " + path + ": " + std::strerror(errno));
  }
  return Status::OK();
}

void ControlServer::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void ControlServer::Stop() {
  if (!thread_.joinable()) return;
  char c = 0;
  if (write(wake_pipe_[1], &c, 1) < 0) {
    // The loop then ends at its next wake-up; nothing better to do.
  }
  thread_.join();
}

void ControlServer::Loop() {
  setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)),
              kCommandNice);
  while (true) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      log_->Error(std::string("control socket: poll: ") + std::strerror(errno));
      return;
    }
    if (fds[1].revents) return;
    int client = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    Answer(client);
    close(client);
  }
}

namespace {

// Reads until a whole request, a bad one, the end, or the deadline.
bool ReadRequest(int client, ControlRequestReader* request) {
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::milliseconds(kRequestDeadlineMs);
  char buf[65536];
  while (request->state() == ControlRequestReader::State::kNeedMore) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    pollfd p{client, POLLIN, 0};
    if (left <= 0 || poll(&p, 1, static_cast<int>(left)) <= 0) return false;
    ssize_t n = recv(client, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    request->Feed(std::string_view(buf, static_cast<size_t>(n)));
  }
  return request->state() == ControlRequestReader::State::kDone;
}

}  // namespace

void ControlServer::Answer(int client) {
  ucred peer{};
  socklen_t len = sizeof peer;
  if (getsockopt(client, SOL_SOCKET, SO_PEERCRED, &peer, &len) != 0) return;
  // With control_group the socket's mode admits the group; else only us.
  if (peer.uid != geteuid() && peer.uid != 0 && !group_mode_) {
    log_->Error("control socket: refused user " + std::to_string(peer.uid));
    WriteAll(client,
             EncodeControlFrame('e',
                                "levelpress: the running server refuses your "
                                "user on its control socket: run this as the "
                                "server's user, or set control_group\n") +
                 EncodeExitFrame(1));
    return;
  }
  // A client that connects and sends nothing, or a byte at a time, must
  // not hold the socket: the whole request within the deadline.
  timeval send_timeout{10, 0};
  setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &send_timeout,
             sizeof send_timeout);
  ControlRequestReader request;
  if (!ReadRequest(client, &request)) return;
  const std::string& cwd = request.cwd();
  const std::vector<std::string> args = request.args();
  std::ostringstream out, err;
  int status = runner_(args, cwd, CommandIo{out, err});
  std::string line = "control:";
  for (const auto& a : args) line += " " + Printable(a.substr(0, 200));
  log_->Info(line + " (user " + std::to_string(peer.uid) + "): exit " +
             std::to_string(status));
  WriteAll(client, EncodeControlFrame('o', out.str()) +
                       EncodeControlFrame('e', err.str()) +
                       EncodeExitFrame(status));
}

}  // namespace levelpress
