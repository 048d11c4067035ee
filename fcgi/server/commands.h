// Commands: the subcommands of the levelpress binary. Each returns the exit
// status (0 ok, 1 content or store error, 2 usage error).
//
// The commands that work on a store (import, export, list, show, rm, check,
// urls, preview) are written once, against an open store and an output
// pair. Run from a terminal, RunStoreCommand opens the store and runs one;
// when a `levelpress serve` holds the store, it hands the command line to
// that server instead (control.h), which runs the same function on its own
// store and sends the output back. Same arguments, output and exit status
// either way.
#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "importer.h"
#include "settings.h"
#include "store.h"

namespace levelpress {

struct CommandLine {
  const char* argv0 = "levelpress";
  std::string command;  // the subcommand's name
  std::string config, store, dir, slug, socket, listen, watch;
  bool prune = false, all = false, absolute = false, allow_remote = false,
       dry_run = false, strict = false, verbose = false, revoke_all = false;
  int threads = 0;
  int days = 7;  // preview
  // convert: the source system (wordpress, ghost), its export, the
  // folder to write and the export's uploads folder.
  std::string source, input, out_dir, uploads;
  std::vector<std::string> args;  // as given, without argv0
  // Where relative paths start: a control client's working folder; "" =
  // this process's. Output names paths as given, so it is the same both
  // ways.
  std::string cwd;
  std::string DirPath() const {
    return cwd.empty() || dir.empty() || dir.front() == '/' ? dir
                                                            : cwd + "/" + dir;
  }
  // Set by a running server that carries the command out on its own store:
  // no compaction afterwards (the store stays open), no terminal; its
  // memory of imports, and its configuration's id (importer.h).
  bool live = false;
  bool writer_preview = false;  // serve --watch: drafts' media are copied
  ImportMemo* import_memo = nullptr;
  uint64_t config_id = 0;
};

// Where a command's output goes: the terminal, or a control-socket client.
struct CommandIo {
  std::ostream& out;
  std::ostream& err;
};

// A subcommand that works on an open store.
struct StoreCommand {
  const char* name;
  int (*run)(const CommandLine& cl, const Settings& settings, Store* store,
             const CommandIo& io);
  bool creates_store;  // import makes the store when there is none
};
// nullptr when name is not a store command.
const StoreCommand* FindStoreCommand(const std::string& name);

// Offline, or through the running server's control socket.
int RunStoreCommand(const CommandLine& cl, const StoreCommand& command);

// Settings from --config (or the default path), with --store applied, and
// the time zone set. Prints the error and returns false on failure.
bool LoadCommandSettings(const CommandLine& cl, Settings* settings,
                         std::ostream& err);

bool StartedByWebServer();  // GATEWAY_INTERFACE set, or fd 0 is a socket

int RunServe(const CommandLine& cl);  // in serve.cc

// levelpress convert wordpress|ghost EXPORT OUT_DIR (convert_command.cc).
int RunConvert(const CommandLine& cl);

}  // namespace levelpress
