// The control socket: how a command reaches the `levelpress serve` that
// holds its store. LevelDB admits one process per store, so while a server
// runs, `levelpress import` (and every other store command) hands its
// command line to that server, which carries it out on its own open store
// and sends back the output and the exit status (commands.h).
//
// The socket is <store_path>/control.sock (LevelDB ignores files it did
// not name), created by serve with mode 0600, or 0660 for control_group.
// It is never on the network and never behind nginx. The server also
// checks the peer's user: its own, root, or (with control_group) any.
//
// Protocol (control_protocol.h), all integers 4-byte big-endian:
//   request:  "LPC1", count, then count strings (length, bytes): the
//             client's working folder, then its arguments without argv0.
//   response: frames (kind, length, bytes): 'o' stdout, 'e' stderr, and
//             last 'x' with the exit status as 4 bytes.
// One command at a time: commands that write are one at a time anyway (the
// store's write lock), and a control client is a person or a git hook.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "commands.h"
#include "log.h"
#include "status.h"

namespace levelpress {

std::string ControlSocketPath(const std::string& store_path);

// The client. If a server answers on the control socket of
// settings.store_path, hands it the command line, copies its output to
// stdout and stderr, sets *exit_status and returns true. False when no
// server answers: the caller runs the command itself.
bool RunInServer(const CommandLine& cl, const Settings& settings,
                 int* exit_status);

class ControlServer {
 public:
  // Carries out one command line (the client's arguments and working
  // folder), writing to io; returns the exit status.
  using Runner =
      std::function<int(const std::vector<std::string>& args,
                        const std::string& cwd, const CommandIo& io)>;
  ControlServer(Runner runner, Log* log);
  ~ControlServer();  // stops, and removes the socket file
  ControlServer(const ControlServer&) = delete;

  Status Listen(const std::string& path, const std::string& group);
  void Start();  // one thread, one client at a time
  void Stop();

 private:
  void Loop();
  void Answer(int client);

  const Runner runner_;
  Log* const log_;
  std::string path_;
  bool group_mode_ = false;
  int listen_fd_ = -1;
  int wake_pipe_[2] = {-1, -1};
  std::thread thread_;
};

}  // namespace levelpress
