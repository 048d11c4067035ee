// Running a command: settings, then the running server (control.h) or the
// store opened here.
#include "commands.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <thread>

#include "control.h"
#include "dates.h"

namespace levelpress {

bool LoadCommandSettings(const CommandLine& cl, Settings* settings,
                         std::ostream& err) {
  std::string path = cl.config.empty()
                         ? DefaultSettingsPath(cl.argv0, StartedByWebServer())
                         : cl.config;
  Status s = LoadSettings(path, settings);
  if (s.IsInvalidArgument()) {
    // One "FILE:LINE: key: problem" line each, as import reports content.
    err << s.message() << "\nlevelpress: the settings file " << path
        << " has problems (docs/settings.md describes every setting)\n";
    return false;
  }
  if (!s.ok()) {
    err << "levelpress: " << s.message() << "\n";
    return false;
  }
  if (!cl.store.empty()) settings->store_path = cl.store;
  s = SetTimeZone(settings->time_zone);
  if (!s.ok()) {
    err << "levelpress: " << settings->file << ": time_zone: " << s.message()
        << "\n";
    return false;
  }
  return true;
}

namespace {

// Prints the error; returns false on failure.
bool OpenCommandStore(const Settings& settings, bool create_if_missing,
                      std::unique_ptr<Store>* store) {
  std::ostream& err = std::cerr;
  OpenOptions options;
  options.create_if_missing = create_if_missing;
  // Only import creates stores, and it writes in bulk.
  if (create_if_missing) options.write_buffer_bytes = 64 << 20;
  Status s;
  // A CGI request may hold the store for a few milliseconds: wait a little.
  for (int waited_ms = 0;; waited_ms += 50) {
    s = Store::Open(settings.store_path, options, store);
    if (!s.IsBusy() || waited_ms >= 2000) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!s.ok()) {
    err << "levelpress: " << s.message() << "\n";
    return false;
  }
  return true;
}

// Runs the command on a store opened here. A first import that fails
// leaves no store behind.
int RunOffline(const CommandLine& cl, const StoreCommand& command,
               const Settings& settings) {
  const CommandIo io{std::cout, std::cerr};
  if (command.creates_store && cl.dry_run) {
    return command.run(cl, settings, nullptr, io);  // checks, no store
  }
  std::error_code ec;
  const bool fresh =
      command.creates_store &&
      !std::filesystem::exists(settings.store_path + "/CURRENT", ec) &&
      !std::filesystem::exists(settings.store_path, ec);
  std::unique_ptr<Store> store;
  if (!OpenCommandStore(settings, command.creates_store, &store)) return 1;
  int code = command.run(cl, settings, store.get(), io);
  if (code != 0 && fresh) {  // content errors, a full disk, a bad link
    store.reset();
    std::filesystem::remove_all(settings.store_path, ec);
  }
  return code;
}

}  // namespace

int RunStoreCommand(const CommandLine& cl, const StoreCommand& command) {
  Settings settings;
  if (!LoadCommandSettings(cl, &settings, std::cerr)) return 2;
  // A dry run needs no store, so it never bothers the server.
  if (!(command.creates_store && cl.dry_run)) {
    int code = 0;
    if (RunInServer(cl, settings, &code)) return code;
  }
  return RunOffline(cl, command, settings);
}

bool StartedByWebServer() {
  if (const char* gi = std::getenv("GATEWAY_INTERFACE"); gi && *gi) return true;
  struct stat st;
  if (fstat(0, &st) != 0 || !S_ISSOCK(st.st_mode)) return false;
  // A listening socket on fd 0 is how spawn-fcgi, mod_fcgid and systemd
  // socket activation hand us the FastCGI socket.
  int listening = 0;
  socklen_t len = sizeof listening;
  return getsockopt(0, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) == 0 &&
         listening;
}

}  // namespace levelpress
