#include "command_line.h"

#include <CLI/CLI.hpp>
#include <ostream>

#include "settings.h"

namespace levelpress {
namespace {

constexpr char kAbout[] =
    "LevelPress: a blog engine that serves from LevelDB over FastCGI";

// The subcommands and their options, filling *cl when parsed.
void DefineCommands(CLI::App& app, CommandLine* cl_ptr) {
  CommandLine& cl = *cl_ptr;
  auto common = [&](CLI::App* sub, bool store_command = true) {
    sub->add_option("--config", cl.config,
                    "settings file (default: $LEVELPRESS_CONFIG, "
                    "./data/levelpress.conf, or beside the binary)");
    sub->add_option("--store", cl.store,
                    "the LevelDB store (overrides store_path)");
    if (store_command) {
      sub->add_flag("--verbose", cl.verbose,
                    "say whether a running server carried the command out");
    }
  };
  CLI::App* import = app.add_subcommand(
      "import", "read a content folder into the store (all or nothing)");
  common(import);
  import->add_option("dir", cl.dir, "content folder with posts/ and authors/")
      ->required();
  import->add_flag("--dry-run", cl.dry_run,
                   "check everything, write nothing (works while a server "
                   "holds the store)");
  import->add_flag("--strict", cl.strict,
                   "treat every warning as an error (nothing is written "
                   "while there is one)");
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

  CLI::App* preview = app.add_subcommand(
      "preview", "print a secret URL that shows a draft or scheduled post");
  common(preview);
  preview->add_option("slug", cl.slug, "the post's slug");
  preview->add_option("--days", cl.days, "how long the URL works (default 7)")
      ->check(CLI::Range(1, 365));
  preview->add_flag("--revoke-all", cl.revoke_all,
                    "make every preview URL given so far stop working");

  CLI::App* convert = app.add_subcommand(
      "convert",
      "turn a WordPress (WXR) or Ghost (JSON) export into a content folder");
  common(convert, /*store_command=*/false);
  convert->add_option("source", cl.source, "wordpress or ghost")
      ->required()
      ->check(CLI::IsMember({"wordpress", "ghost"}));
  convert->add_option("export", cl.input, "the export file")->required();
  convert
      ->add_option("out_dir", cl.out_dir,
                   "the content folder to write (new, or empty)")
      ->required();
  convert->add_option("--uploads", cl.uploads,
                      "WordPress: wp-content/uploads; Ghost: content/images "
                      "(images are copied beside the posts)");

  CLI::App* serve =
      app.add_subcommand("serve", "answer FastCGI (or one CGI request)");
  common(serve, /*store_command=*/false);
  serve->add_option("--socket", cl.socket, "Unix socket path to listen on");
  serve->add_option("--listen", cl.listen,
                    "TCP address to listen on, e.g. 127.0.0.1:9000");
  serve
      ->add_option("--threads", cl.threads,
                   "event-loop threads (default: setting threads)")
      ->check(CLI::Range(0, kMaxThreads));
  serve->add_option("--watch", cl.watch,
                    "re-import this content folder whenever a file in it "
                    "changes, and show drafts and scheduled posts (a "
                    "writer's preview, not for production)");
  serve->add_flag("--allow-remote", cl.allow_remote,
                  "let --listen take a non-loopback address (FastCGI has no "
                  "authentication: firewall it)");
}

void MakeApp(CLI::App& app, CommandLine* cl) {
  app.set_version_flag("--version", LEVELPRESS_VERSION);
  app.require_subcommand(0, 1);
  DefineCommands(app, cl);
}

}  // namespace

std::optional<int> ParseCommandLine(const std::vector<std::string>& args,
                                    CommandLine* cl, std::ostream& out,
                                    std::ostream& err) {
  CLI::App app{kAbout};
  MakeApp(app, cl);
  cl->args = args;
  try {
    app.parse(std::vector<std::string>(args.rbegin(), args.rend()));
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e, out, err);
    return code == 0 ? 0 : 2;
  }
  cl->command =
      app.get_subcommands().empty() ? "" : app.get_subcommands()[0]->get_name();
  return std::nullopt;
}

std::string Usage() {
  CommandLine cl;
  CLI::App app{kAbout};
  MakeApp(app, &cl);
  return app.help();
}

}  // namespace levelpress
