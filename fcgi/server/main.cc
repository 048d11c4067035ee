// levelpress: the command line. Subcommands import, export, list, show, rm,
// check, urls and serve. Exit status: 0 success, 1 content or store error,
// 2 usage error; messages go to stderr.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <iostream>
#include <memory>
#include <string>

#include "commands.h"

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

// The subcommands and their options, filling *cl when parsed.
void DefineCommands(CLI::App& app, levelpress::CommandLine* cl_ptr) {
  using namespace levelpress;
  CommandLine& cl = *cl_ptr;
  auto common = [&](CLI::App* sub) {
    sub->add_option("--config", cl.config,
                    "settings file (default: $LEVELPRESS_CONFIG, "
                    "./data/levelpress.conf, or beside the binary)");
    sub->add_option("--store", cl.store,
                    "the LevelDB store (overrides store_path)");
  };
  CLI::App* import = app.add_subcommand(
      "import", "read a content folder into the store (all or nothing)");
  common(import);
  import->add_option("dir", cl.dir, "content folder with posts/ and authors/")
      ->required();
  import->add_flag("--dry-run", cl.dry_run,
                   "check everything, write nothing (works while a server "
                   "holds the store)");
  import->add_flag("--prune", cl.prune,
                   "remove posts that are not in the folder");

  CLI::App* exp = app.add_subcommand(
      "export", "write the store back out as a content folder");
  common(exp);
  exp->add_option("dir", cl.dir, "folder to write")->required();

  CLI::App* list = app.add_subcommand("list", "list posts, newest first");
  common(list);
  list->add_flag("--all", cl.all, "include drafts and scheduled posts");

  CLI::App* show = app.add_subcommand("show", "show one post's record");
  common(show);
  show->add_option("slug", cl.slug, "the post's slug")->required();

  CLI::App* rm = app.add_subcommand("rm", "remove a post");
  common(rm);
  rm->add_option("slug", cl.slug, "the post's slug")->required();

  CLI::App* check =
      app.add_subcommand("check", "verify the store's records and index keys");
  common(check);

  CLI::App* urls =
      app.add_subcommand("urls", "print every public URL of the blog");
  common(urls);
  urls->add_flag("--absolute", cl.absolute, "prefix base_url");

  CLI::App* serve =
      app.add_subcommand("serve", "answer FastCGI (or one CGI request)");
  common(serve);
  serve->add_option("--socket", cl.socket, "Unix socket path to listen on");
  serve->add_option("--listen", cl.listen,
                    "TCP address to listen on, e.g. 127.0.0.1:9000");
  serve
      ->add_option("--threads", cl.threads,
                   "event-loop threads (default: setting threads)")
      ->check(CLI::Range(0, kMaxThreads));
  serve->add_flag("--allow-remote", cl.allow_remote,
                  "let --listen take a non-loopback address (FastCGI has no "
                  "authentication: firewall it)");
}

int Main(int argc, char** argv) {
  using namespace levelpress;
  CLI::App app{
      "LevelPress: a blog engine that serves from LevelDB over FastCGI"};
  app.set_version_flag("--version", LEVELPRESS_VERSION);
  app.require_subcommand(0, 1);
  CommandLine cl;
  cl.argv0 = argv[0];
  DefineCommands(app, &cl);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    app.exit(e);
    return 2;
  }
  CLI::App* chosen =
      app.get_subcommands().empty() ? nullptr : app.get_subcommands()[0];
  if (chosen == nullptr) {
    // Started by a web server as CGI, or on a socket by spawn-fcgi: serve.
    if (StartedByWebServer()) return RunServe(cl);
    std::cerr << app.help();
    return 2;
  }
  std::string name = chosen->get_name();
  if (name == "import") return RunImport(cl);
  if (name == "export") return RunExport(cl);
  if (name == "list") return RunList(cl);
  if (name == "show") return RunShow(cl);
  if (name == "rm") return RunRemove(cl);
  if (name == "check") return RunCheck(cl);
  if (name == "urls") return RunUrls(cl);
  if (name == "serve") return RunServe(cl);
  return 2;
}

}  // namespace
