// Commands: one function per subcommand of the levelpress binary. Each
// loads the settings, opens the store, does its work and returns the exit
// status (0 ok, 1 content or store error, 2 usage error).
#pragma once

#include <memory>
#include <string>

#include "settings.h"
#include "store.h"

namespace levelpress {

struct CommandLine {
  const char* argv0 = "levelpress";
  std::string config, store, dir, slug, socket, listen;
  bool prune = false, all = false, absolute = false, allow_remote = false,
       dry_run = false;
  int threads = 0;
};

// Settings from --config (or the default path), with --store applied, and
// the time zone set. Prints the error and returns false on failure.
bool LoadCommandSettings(const CommandLine& cl, Settings* settings);
// Prints the error; returns false on failure.
bool OpenCommandStore(const Settings& settings, std::unique_ptr<Store>* store,
                      bool create_if_missing);

// Both of the above: 0 when ready, else the exit status to return.
int PrepareCommand(const CommandLine& cl, bool create_store, Settings* settings,
                   std::unique_ptr<Store>* store);

bool StartedByWebServer();  // GATEWAY_INTERFACE set, or fd 0 is a socket

int RunImport(const CommandLine& cl);
int RunExport(const CommandLine& cl);
int RunList(const CommandLine& cl);
int RunShow(const CommandLine& cl);
int RunRemove(const CommandLine& cl);
int RunCheck(const CommandLine& cl);
int RunUrls(const CommandLine& cl);
int RunServe(const CommandLine& cl);  // in serve.cc

}  // namespace levelpress
