// `levelpress serve` (FastCGI, standalone or spawned), plain CGI, and
// `levelpress urls`.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <thread>

#include "cgi.h"
#include "commands.h"
#include "fcgi_server.h"
#include "log.h"
#include "site.h"

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

int RunServe(const CommandLine& cl) {
  Settings settings;
  if (!LoadCommandSettings(cl, &settings)) return 2;
  if (IsCgi()) return ServeCgi(settings);

  // Signals go to one thread; workers never see them. Blocked before
  // anything starts a thread (LevelDB's compaction thread starts in
  // Store::Open), since threads inherit the mask: a SIGTERM delivered to
  // a thread that does not block it would be lost to libfcgi's handler.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  int modes = !cl.socket.empty() + !cl.listen.empty();
  if (modes > 1) {
    std::cerr << "levelpress: serve: give --socket or --listen, not both\n";
    return 2;
  }
  if (modes == 0 && !StartedByWebServer()) {
    std::cerr << "levelpress: serve: give --socket PATH or --listen HOST:PORT "
                 "(or start it from spawn-fcgi or a systemd socket)\n";
    return 2;
  }
  Log log;
  if (!log.Open(settings.log_file)) {
    std::cerr << "levelpress: cannot open log_file " << settings.log_file
              << "\n";
    return 1;
  }
  std::shared_ptr<const SiteConfig> config;
  Status s = LoadSiteConfig(settings, &config);
  if (!s.ok()) {
    std::cerr << "levelpress: " << s.message() << "\n";
    return 1;
  }
  std::unique_ptr<Store> store;
  OpenOptions options;
  // A web server that restarts us (mod_fcgid, systemd) may start the new
  // process before the old one has let go of the store: wait for it.
  bool spawned = cl.socket.empty() && cl.listen.empty();
  for (int waited_ms = 0;; waited_ms += 100) {
    s = Store::Open(settings.store_path, options, &store);
    if (!s.IsBusy() || !spawned || waited_ms >= 10000) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (!s.ok()) {
    std::cerr << "levelpress: " << s.message() << "\n";
    return 1;
  }
  Site site(store.get(), config);

  int threads = cl.threads > 0 ? cl.threads : settings.threads;
  if (threads <= 0)
    threads =
        static_cast<int>(std::max(2u, std::thread::hardware_concurrency()));
  FcgiServerOptions transport;
  transport.threads = threads;
  transport.read_timeout_ms = settings.read_timeout * 1000;
  transport.write_timeout_ms = settings.write_timeout * 1000;
  transport.idle_timeout_ms = settings.idle_timeout * 1000;
  transport.max_connections = settings.max_connections;
  transport.socket_group = settings.socket_group;
  transport.allow_remote = cl.allow_remote;
  FcgiServer server(&site, &log, transport);
  if (!cl.socket.empty()) {
    s = server.ListenUnix(cl.socket);
  } else if (!cl.listen.empty()) {
    s = server.ListenTcp(cl.listen);
  } else {
    s = server.UseInheritedSocket();
  }
  if (!s.ok()) {
    std::cerr << "levelpress: " << s.message() << "\n";
    return 1;
  }

  std::thread signal_thread([&] {
    while (true) {
      int sig = 0;
      if (sigwait(&signals, &sig) != 0) continue;
      if (sig == SIGHUP) {
        Settings fresh;
        std::shared_ptr<const SiteConfig> next;
        Status rs = LoadSettings(settings.file, &fresh);
        if (rs.ok()) {
          fresh.store_path = settings.store_path;  // the open store stays
          rs = LoadSiteConfig(fresh, &next);
        }
        if (rs.ok()) {
          site.Reload(next);
          log.Info("reloaded settings and templates");
        } else {
          log.Error("reload failed, keeping the running configuration: " +
                    rs.message());
        }
        continue;
      }
      log.Info("stopping: finishing requests in flight");
      server.Stop();
      return;
    }
  });

  log.Info("serving " + settings.store_path + " with " +
           std::to_string(threads) + " threads");
  s = server.Run();
  if (signal_thread.joinable()) {
    if (!s.ok()) pthread_kill(signal_thread.native_handle(), SIGTERM);
    signal_thread.join();
  }
  if (!s.ok()) {
    log.Error(s.message());
    return 1;
  }
  log.Info("stopped");
  return 0;
}

int RunUrls(const CommandLine& cl) {
  Settings settings;
  std::unique_ptr<Store> store;
  if (int code = PrepareCommand(cl, /*create_store=*/false, &settings, &store))
    return code;
  // urls needs no templates; build the config without loading them.
  auto bare = std::make_shared<SiteConfig>(settings);
  Site site(store.get(), bare);
  std::vector<std::string> paths;
  Status s = site.AllPaths(std::time(nullptr), &paths);
  if (!s.ok()) {
    std::cerr << "levelpress: urls: " << s.ToString() << "\n";
    return 1;
  }
  for (const auto& p : paths)
    std::cout << (cl.absolute ? settings.base_url : "") << p << "\n";
  return 0;
}

}  // namespace levelpress
