// levelpress: the command line. Subcommands import, export, list, show, rm,
// check, urls, preview and serve (command_line.cc). Exit status: 0 success,
// 1 content or store error, 2 usage error; messages go to stderr.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <iostream>
#include <memory>
#include <string>

#include "command_line.h"
#include "commands.h"

// Sanitizer builds only (scripts/test --sanitize): LeakSanitizer's check at
// exit can crash in its own tracer ("Tracer caught signal 11") on a bogus
// dynamic-TLS range that its __tls_get_addr interception records for the
// modules we dlopen (libvips, levelpress-search.so, -highlight.so), seen
// with GCC 12's runtime on glibc 2.36. Without the interception dynamic
// TLS is not a root of the leak scan, which can only add reports, never
// hide a leak. Every process gets this, CGI requests under Apache too.
#if defined(__SANITIZE_ADDRESS__)
extern "C" const char* __asan_default_options() {
  return "intercept_tls_get_addr=0";
}
#endif

namespace {

// A bug that escaped as an exception (in any thread): one line that says
// so, and exit status 1, not an abort (134) with a core dump.
[[noreturn]] void Terminate() {
  const char* what = "an unknown exception";
  std::string text;
  if (std::exception_ptr e = std::current_exception()) {
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      text = ex.what();
      what = text.c_str();
    } catch (...) {
    }
  } else {
    what = "std::terminate without an exception";
  }
  std::fprintf(stderr, "levelpress: bug: %s\n", what);
  std::_Exit(1);
}

int Main(int argc, char** argv);

}  // namespace

int main(int argc, char** argv) {
  std::set_terminate(Terminate);
  try {
    return Main(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "levelpress: bug: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "levelpress: bug: an unknown exception\n");
  }
  return 1;
}

namespace {

int Main(int argc, char** argv) {
  using namespace levelpress;
  CommandLine cl;
  cl.argv0 = argv[0];
  if (std::optional<int> done =
          ParseCommandLine(std::vector<std::string>(argv + 1, argv + argc), &cl,
                           std::cout, std::cerr)) {
    return *done;
  }
  if (cl.command.empty()) {
    // Started by a web server as CGI, or on a socket by spawn-fcgi: serve.
    if (StartedByWebServer()) return RunServe(cl);
    std::cerr << Usage();
    return 2;
  }
  if (cl.command == "serve") return RunServe(cl);
  if (cl.command == "convert") return RunConvert(cl);
  if (const StoreCommand* command = FindStoreCommand(cl.command))
    return RunStoreCommand(cl, *command);
  return 2;
}

}  // namespace
