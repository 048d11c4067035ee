#include "unix_socket.h"

#include <grp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace levelpress {
namespace {

// The group id of name ("" = keep ours: -1).
Status GroupId(const std::string& name, const char* setting, gid_t* gid) {
  *gid = static_cast<gid_t>(-1);
  if (name.empty()) return Status::OK();
  group* g = getgrnam(name.c_str());
  if (g == nullptr) {
    return Status::InvalidArgument(std::string(setting) + ": no group named '" +
                                   name + "'");
  }
  *gid = g->gr_gid;
  return Status::OK();
}

// Refuses a live socket or a file that is not a socket at path; removes a
// socket left behind by a server that died.
Status ClearSocketPath(const std::string& path, const sockaddr_un& addr,
                       const char* flag) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) return Status::OK();
  if (!S_ISSOCK(st.st_mode)) {
    return Status::InvalidArgument(path +
                                   " exists and is not a socket; remove it "
                                   "or choose another " +
                                   flag);
  }
  int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  bool live = connect(probe, reinterpret_cast<const sockaddr*>(&addr),
                      sizeof addr) == 0;
  close(probe);
  if (live) {
    return Status::Busy(path +
                        " is the socket of a running server; stop it first "
                        "(or use another " +
                        flag + ")");
  }
  unlink(path.c_str());
  return Status::OK();
}

}  // namespace

Status BindUnixSocket(const std::string& path, mode_t mode,
                      const std::string& group, const char* setting,
                      const char* flag, int* fd) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path) {
    return Status::InvalidArgument(path + ": socket path too long (max " +
                                   std::to_string(sizeof addr.sun_path - 1) +
                                   " bytes)");
  }
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  gid_t gid;
  Status s = GroupId(group, setting, &gid);
  if (s.ok()) s = ClearSocketPath(path, addr, flag);
  if (!s.ok()) return s;
  int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (sock < 0) {
    return Status::IOError(std::string("socket: ") + std::strerror(errno));
  }
  // The umask is the process's; for this moment LevelDB's thread would
  // create its files with it too, which only makes them narrower.
  mode_t old_mask = umask(~mode & 0777);
  int bound = bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  umask(old_mask);
  if (bound != 0) {
    std::string why = std::strerror(errno);
    close(sock);
    return Status::IOError("cannot create socket " + path + ": " + why);
  }
  if (gid != static_cast<gid_t>(-1) &&
      chown(path.c_str(), static_cast<uid_t>(-1), gid) != 0) {
    std::string why = std::strerror(errno);
    close(sock);
    unlink(path.c_str());
    return Status::IOError("cannot give " + path + " to group " + group + ": " +
                           why);
  }
  *fd = sock;
  return Status::OK();
}

}  // namespace levelpress
