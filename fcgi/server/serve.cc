// `levelpress serve` (FastCGI, standalone or spawned, with its control
// socket and optionally --watch), and plain CGI.
#include <malloc.h>
#include <pwd.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <thread>

#include "cgi.h"
#include "command_line.h"
#include "commands.h"
#include "control.h"
#include "counted.h"
#include "fcgi_server.h"
#include "log.h"
#include "site.h"
#include "watch.h"

namespace levelpress {
namespace {

bool IsCgi() {
  const char* gi = std::getenv("GATEWAY_INTERFACE");
  return gi && *gi;
}

// CGI processes run concurrently and LevelDB admits one: wait briefly for
// the lock, then answer 503 with Retry-After.
int ServeCgi(const Settings& settings) {
  Request request = RequestFromCgiEnvironment();
  std::unique_ptr<Store> store;
  OpenOptions options;
  options.create_if_missing = false;
  options.reuse_logs = true;
  options.rank_lists = false;  // one request: seek, do not index
  options.info_log = false;    // nor rotate LevelDB's LOG file
  Status s;
  for (int attempt = 0; attempt < 40; ++attempt) {
    s = Store::Open(settings.store_path, options, &store);
    if (!s.IsBusy()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5 + attempt * 2));
  }
  Response response;
  if (s.IsBusy()) {
    std::cerr << "levelpress: " << s.message() << "\n";
    response.status = 503;
    response.SetHeader("Retry-After", "1");
    response.SetHeader("Content-Type", "text/plain; charset=utf-8");
    response.SetHeader("Cache-Control", "no-store");
    response.body = "The blog is busy; please try again in a moment.\n";
    WriteCgiResponse(request, response);
    return 0;
  }
  if (!s.ok()) {  // no store, or no permission: the operator must act
    std::cerr << "levelpress: " << s.message() << "\n";
    response.status = 500;
    response.SetHeader("Content-Type", "text/plain; charset=utf-8");
    response.SetHeader("Cache-Control", "no-store");
    response.body =
        "The blog cannot open its store; the server log says why.\n";
    WriteCgiResponse(request, response);
    return 1;
  }
  std::shared_ptr<const SiteConfig> config;
  s = LoadSiteConfig(settings, &config);
  if (!s.ok()) {
    std::cerr << "levelpress: " << s.message() << "\n";
    response.status = 500;
    response.SetHeader("Content-Type", "text/plain; charset=utf-8");
    response.body = "The blog is misconfigured; the server log says why.\n";
    WriteCgiResponse(request, response);
    return 1;
  }
  Site site(store.get(), config);
  WriteCgiResponse(request, site.Handle(request));
  return 0;
}

}  // namespace

namespace {

// Signals go to one thread; the event loops never see them. Blocked
// before anything starts a thread (LevelDB's compaction thread starts in
// Store::Open), since threads inherit the mask.
sigset_t BlockServerSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  return signals;
}

// Exactly one way to get the listening socket; false (and a message) if not.
bool CheckListenMode(const CommandLine& cl) {
  int modes = !cl.socket.empty() + !cl.listen.empty();
  if (modes > 1) {
    std::cerr << "levelpress: serve: give --socket or --listen, not both\n";
    return false;
  }
  if (modes == 0 && !StartedByWebServer()) {
    std::cerr << "levelpress: serve: give --socket PATH or --listen HOST:PORT "
                 "(or start it from spawn-fcgi or a systemd socket)\n";
    return false;
  }
  return true;
}

// A web server that restarts us (mod_fcgid, systemd) may start the new
// process before the old one has let go of the store: a spawned server
// waits for it.
Status OpenServedStore(const Settings& settings, bool spawned,
                       std::unique_ptr<Store>* store) {
  Status s;
  for (int waited_ms = 0;; waited_ms += 100) {
    s = Store::Open(settings.store_path, OpenOptions(), store);
    if (!s.IsBusy() || !spawned || waited_ms >= 10000) return s;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

FcgiServerOptions TransportOptions(const Settings& settings,
                                   const CommandLine& cl) {
  FcgiServerOptions o;
  o.threads = cl.threads > 0 ? cl.threads : settings.threads;
  if (o.threads <= 0) {
    o.threads =
        static_cast<int>(std::max(2u, std::thread::hardware_concurrency()));
  }
  o.read_timeout_ms = settings.read_timeout * 1000;
  o.write_timeout_ms = settings.write_timeout * 1000;
  o.idle_timeout_ms = settings.idle_timeout * 1000;
  o.max_connections = settings.max_connections;
  o.socket_group = settings.socket_group;
  o.allow_remote = cl.allow_remote;
  return o;
}

Status Listen(const CommandLine& cl, FcgiServer* server) {
  if (!cl.socket.empty()) return server->ListenUnix(cl.socket);
  if (!cl.listen.empty()) return server->ListenTcp(cl.listen);
  return server->UseInheritedSocket();
}

// SIGHUP: settings and templates again; the open store stays.
void Reload(const Settings& running, Site* site, Log* log) {
  Settings fresh;
  std::shared_ptr<const SiteConfig> next;
  Status s = LoadSettings(running.file, &fresh);
  if (s.ok()) {
    fresh.store_path = running.store_path;
    s = LoadSiteConfig(fresh, &next);
  }
  if (s.ok()) {
    site->Reload(next);
    log->Info("reloaded settings and templates");
  } else {
    log->Error("reload failed, keeping the running configuration: " +
               s.message());
  }
}

// The signal thread: SIGHUP reloads, SIGTERM and SIGINT stop the server.
// Between signals it gives memory back: an import frees its parsed posts,
// and LevelDB its memtable once it is on disk (a few seconds later), but
// malloc keeps freed pages unless asked (a 10,000-post import left 170 MB
// resident instead of 33 MB). So 5 s after the store changed, trim.
void HandleSignals(const sigset_t& signals, const Settings& settings,
                   Site* site, FcgiServer* server, const Store& store,
                   Log* log) {
  using Clock = std::chrono::steady_clock;
  uint64_t trimmed_generation = store.generation();
  Clock::time_point changed_seen{};  // when a new generation was first seen
  const timespec tick{1, 0};
  while (true) {
    int sig = sigtimedwait(&signals, nullptr, &tick);
    if (store.generation() != trimmed_generation) {
      if (changed_seen == Clock::time_point{}) {
        changed_seen = Clock::now();
      } else if (Clock::now() - changed_seen >= std::chrono::seconds(5)) {
        trimmed_generation = store.generation();
        changed_seen = Clock::time_point{};
        malloc_trim(0);
      }
    }
    if (sig < 0) continue;  // the tick, or EINTR
    if (sig == SIGHUP) {
      Reload(settings, site, log);
      continue;
    }
    log->Info("stopping: finishing requests in flight");
    server->Stop();
    return;
  }
}

int Fail(const Status& s) {
  std::cerr << "levelpress: " << s.message() << "\n";
  return 1;
}

// The server reads (import) or writes (export) the client's folder itself,
// as its own user and, under the shipped systemd unit, in its sandbox: say
// so plainly instead of a bare "Permission denied".
bool FolderUsable(const CommandLine& cl, const CommandIo& io) {
  if (cl.dir.empty() || (cl.command != "import" && cl.command != "export")) {
    return true;
  }
  const bool reading = cl.command == "import";
  std::string target = cl.DirPath();
  if (!reading) {  // export may create the folder: check its nearest parent
    std::error_code ec;
    while (!std::filesystem::exists(target, ec) && target.size() > 1) {
      target = std::filesystem::path(target).parent_path().string();
    }
  }
  if (access(target.c_str(), reading ? (R_OK | X_OK) : (W_OK | X_OK)) == 0) {
    return true;
  }
  const std::string why = std::strerror(errno);
  const passwd* user = getpwuid(geteuid());
  io.err << "levelpress: " << cl.command << ": the running server (user "
         << (user ? user->pw_name : std::to_string(geteuid())) << ") cannot "
         << (reading ? "read " : "write ") << cl.dir << " (" << why
         << "). The server " << (reading ? "reads" : "writes")
         << " the folder itself: make it "
         << (reading ? "readable" : "writable")
         << " by that user. Under the levelpress systemd unit it sees "
            "neither /home nor /tmp, and writes only below "
            "/var/lib/levelpress.\n";
  return false;
}

// A command line from a control-socket client, carried out on our store
// with our settings (the running configuration, as a SIGHUP left it).
int RunControlCommand(const std::vector<std::string>& args,
                      const std::string& cwd, const CommandIo& io,
                      const Site& site, Store* store, ImportMemo* memo) {
  CommandLine cl;
  if (std::optional<int> done = ParseCommandLine(args, &cl, io.out, io.err)) {
    return *done;
  }
  const StoreCommand* command = FindStoreCommand(cl.command);
  if (command == nullptr) {
    io.err << "levelpress: a running server carries out store commands "
              "only, not '"
           << cl.command << "'\n";
    return 2;
  }
  cl.cwd = cwd;
  cl.live = true;
  cl.import_memo = memo;
  if (!FolderUsable(cl, io)) return 1;
  std::shared_ptr<const SiteConfig> config = site.config();
  cl.config_id = config->id;
  return command->run(cl, config->settings, store, io);
}

// serve --watch: the folder again, after every change; errors go to the
// terminal and the last good content stays up.
void ImportWatched(const std::string& dir, const Site& site, Store* store,
                   ImportMemo* memo) {
  CommandLine cl;
  cl.dir = dir;
  cl.prune = true;  // a file deleted is a post deleted
  cl.live = true;
  cl.writer_preview = true;
  cl.import_memo = memo;
  std::shared_ptr<const SiteConfig> config = site.config();
  cl.config_id = config->id;
  const Settings& settings = config->settings;
  const StoreCommand* import = FindStoreCommand("import");
  if (import->run(cl, settings, store, CommandIo{std::cerr, std::cerr}) != 0) {
    std::cerr << "levelpress: watching " << dir
              << ": fix the file and save it again; the blog shows the last "
                 "content that imported\n";
  }
}

// How content reaches a running server: commands through the control
// socket and, with --watch, the folder's changes. Both import with one
// memory of what was read (ImportMemo). Stop() (or the destructor) waits
// for a command or an import in progress, so it ends whole.
class Publishing {
 public:
  Publishing(const Site& site, Store* store, Log* log)
      : site_(site),
        store_(store),
        control_(
            [this](const std::vector<std::string>& args, const std::string& cwd,
                   const CommandIo& io) {
              return RunControlCommand(args, cwd, io, site_, store_, &memo_);
            },
            log) {}

  Status Start(const Settings& settings, const std::string& watch_dir) {
    Status s = control_.Listen(ControlSocketPath(settings.store_path),
                               settings.control_group);
    if (!s.ok()) return s;
    control_.Start();
    if (watch_dir.empty()) return Status::OK();
    ImportWatched(watch_dir, site_, store_, &memo_);
    watcher_ = std::make_unique<FolderWatcher>(
        watch_dir, FolderWatcher::Options(),
        [this, watch_dir] { ImportWatched(watch_dir, site_, store_, &memo_); });
    return watcher_->Start();
  }

  void Stop() {
    if (watcher_) watcher_->Stop();
    control_.Stop();
  }

 private:
  const Site& site_;
  Store* const store_;
  ImportMemo memo_;  // declared before control_, which uses it
  ControlServer control_;
  std::unique_ptr<FolderWatcher> watcher_;
};

}  // namespace

int RunServe(const CommandLine& cl) {
  Settings settings;
  if (!LoadCommandSettings(cl, &settings, std::cerr)) return 2;
  if (IsCgi()) return ServeCgi(settings);
  sigset_t signals = BlockServerSignals();
  if (!CheckListenMode(cl)) return 2;

  Log log;
  if (!log.Open(settings.log_file)) {
    std::cerr << "levelpress: cannot open log_file " << settings.log_file
              << "\n";
    return 1;
  }
  std::shared_ptr<const SiteConfig> config;
  Status s = LoadSiteConfig(settings, &config);
  if (!s.ok()) return Fail(s);
  std::unique_ptr<Store> store;
  bool spawned = cl.socket.empty() && cl.listen.empty();
  s = OpenServedStore(settings, spawned, &store);
  if (!s.ok()) return Fail(s);
  Site site(store.get(), config, /*writer_preview=*/!cl.watch.empty());
  Publishing publishing(site, store.get(), &log);
  s = publishing.Start(settings, cl.watch);
  if (!s.ok()) return Fail(s);
  FcgiServerOptions transport = TransportOptions(settings, cl);
  FcgiServer server(&site, &log, transport);
  s = Listen(cl, &server);
  if (!s.ok()) return Fail(s);

  std::thread signal_thread(
      [&] { HandleSignals(signals, settings, &site, &server, *store, &log); });
  log.Info("serving " + settings.store_path + " with " +
           Counted(transport.threads, "thread"));
  s = server.Run();
  if (!s.ok()) pthread_kill(signal_thread.native_handle(), SIGTERM);
  signal_thread.join();
  publishing.Stop();
  if (!s.ok()) {
    log.Error(s.message());
    return 1;
  }
  log.Info("stopped");
  return 0;
}

}  // namespace levelpress
