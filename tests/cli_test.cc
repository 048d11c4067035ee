#define BOOST_TEST_MODULE cli
#define BOOST_TEST_DYN_LINK
#include <leveldb/db.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <string>

#include "counted.h"
#include "store.h"
#include "test_util.h"

using levelpress::testing::Contains;
using levelpress::testing::Quote;
using levelpress::testing::Run;
using levelpress::testing::RunResult;
using levelpress::testing::TempDir;
using levelpress::testing::WriteFile;
namespace fs = std::filesystem;

namespace {

const std::string kBinary = BINARY_DIR "/levelpress";
const std::string kSample = SOURCE_DIR "/data/content";

// A settings file whose store and media are in a fresh temp folder.
struct Blog {
  TempDir tmp{"levelpress-cli"};
  std::string config = tmp / "levelpress.conf";

  Blog() {
    WriteFile(config,
              "title: \"CLI test\"\n"
              "time_zone: \"UTC\"\n"
              "store_path: \"store\"\n"
              "media_dir: \"media\"\n"
              "templates_dir: \"" SOURCE_DIR "/templates\"\n");
  }
  std::string store() const { return tmp / "store"; }

  // Runs `levelpress SUBCOMMAND --config CONFIG ARGS`.
  RunResult Cmd(const std::string& subcommand,
                const std::string& args = "") const {
    return Run(Quote(kBinary) + " " + subcommand + " --config " +
               Quote(config) + " " + args);
  }
  void ImportSample() const {
    RunResult r = Cmd("import", Quote(kSample));
    BOOST_REQUIRE_MESSAGE(r.exit_code == 0, "import failed: " << r.err);
  }
};

std::string Show(const RunResult& r) {
  return "exit " + std::to_string(r.exit_code) + "\nstdout:\n" + r.out +
         "\nstderr:\n" + r.err;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(usage)

BOOST_AUTO_TEST_CASE(unknown_subcommand_is_a_usage_error) {
  RunResult r = Run(Quote(kBinary) + " frobnicate");
  BOOST_CHECK_EQUAL(r.exit_code, 2);
  BOOST_CHECK_MESSAGE(Contains(r.err, "frobnicate"), Show(r));
  BOOST_CHECK(r.out.empty());
}

BOOST_AUTO_TEST_CASE(missing_arguments_are_usage_errors) {
  Blog b;
  for (const char* sub : {"show", "rm", "import", "export"}) {
    BOOST_TEST_CONTEXT("levelpress " << sub) {
      RunResult r = b.Cmd(sub);
      BOOST_CHECK_EQUAL(r.exit_code, 2);
      BOOST_CHECK_MESSAGE(!r.err.empty(), Show(r));
    }
  }
  // Nothing was created by a usage error.
  BOOST_CHECK(!fs::exists(b.store()));
}

BOOST_AUTO_TEST_CASE(unknown_option_is_a_usage_error) {
  Blog b;
  RunResult r = b.Cmd("list", "--bogus");
  BOOST_CHECK_EQUAL(r.exit_code, 2);
  BOOST_CHECK_MESSAGE(Contains(r.err, "--bogus"), Show(r));
}

BOOST_AUTO_TEST_CASE(no_subcommand_from_a_shell_prints_help_and_fails) {
  RunResult r = Run("env -u GATEWAY_INTERFACE " + Quote(kBinary));
  BOOST_CHECK_EQUAL(r.exit_code, 2);
  BOOST_CHECK_MESSAGE(Contains(r.err, "import"), Show(r));
}

BOOST_AUTO_TEST_CASE(help_exits_zero) {
  RunResult r = Run(Quote(kBinary) + " --help");
  BOOST_CHECK_EQUAL(r.exit_code, 0);
  for (const char* sub : {"import", "export", "list", "show", "rm", "check"}) {
    BOOST_CHECK_MESSAGE(Contains(r.out, sub), "--help does not mention "
                                                  << sub << "\n"
                                                  << Show(r));
  }
  RunResult sub = Run(Quote(kBinary) + " import --help");
  BOOST_CHECK_EQUAL(sub.exit_code, 0);
  BOOST_CHECK_MESSAGE(Contains(sub.out, "--prune"), Show(sub));
}

BOOST_AUTO_TEST_CASE(missing_settings_file) {
  TempDir tmp("levelpress-cli");
  std::string missing = tmp / "nope.conf";
  RunResult r = Run(Quote(kBinary) + " list --config " + Quote(missing));
  BOOST_CHECK_NE(r.exit_code, 0);
  BOOST_CHECK_MESSAGE(Contains(r.err, missing), Show(r));
}

BOOST_AUTO_TEST_CASE(bad_setting_names_file_line_and_key) {
  TempDir tmp("levelpress-cli");
  std::string config = tmp / "bad.conf";
  WriteFile(config, "title: x\npage_sise: 5\n");
  RunResult r = Run(Quote(kBinary) + " list --config " + Quote(config));
  BOOST_CHECK_EQUAL(r.exit_code, 2);
  BOOST_CHECK_MESSAGE(
      Contains(r.err, config + ":2: page_sise: unknown setting"), Show(r));
}

// Regression: a 5,000-character time_zone ended the binary with an
// uncaught std::filesystem_error (exit 134), `threads: 100000` aborted at
// start, and only the first problem of a file was reported.
BOOST_AUTO_TEST_CASE(every_settings_problem_at_once_and_no_abort) {
  TempDir tmp("levelpress-cli");
  std::string config = tmp / "bad.conf";
  WriteFile(config, "post_url: \"/p/\"\ntime_zone: \"" +
                        std::string(5000, 'z') + "\"\nthreads: 100000\n");
  for (const char* command : {"list", "serve --socket /nonexistent/s"}) {
    RunResult r =
        Run(Quote(kBinary) + " " + command + " --config " + Quote(config));
    BOOST_CHECK_EQUAL(r.exit_code, 2);
    for (const std::string& want :
         {config + ":1: post_url: '/p/' must contain :slug",
          config + ":2: time_zone: the time zone is longer than 64",
          config + ":3: threads: 100000 is out of range (0..256)"}) {
      BOOST_CHECK_MESSAGE(Contains(r.err, want), Show(r));
    }
  }
}

// Regression: `serve --threads 100000` (like the setting) aborted at start.
BOOST_AUTO_TEST_CASE(threads_on_the_command_line_have_a_range) {
  RunResult r =
      Run(Quote(kBinary) + " serve --threads 100000 --socket /nonexistent/s");
  BOOST_CHECK_EQUAL(r.exit_code, 2);
  BOOST_CHECK_MESSAGE(Contains(r.err, "--threads"), Show(r));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(commands)

// import --dry-run checks everything and writes nothing, with or without a
// store, and while another process holds the store (a server).
BOOST_AUTO_TEST_CASE(import_dry_run_checks_and_writes_nothing) {
  Blog b;
  RunResult fresh = b.Cmd("import", "--dry-run " + Quote(kSample));
  BOOST_CHECK_MESSAGE(fresh.exit_code == 0, Show(fresh));
  BOOST_CHECK_MESSAGE(Contains(fresh.out, "no errors (dry run"), Show(fresh));
  BOOST_CHECK(!fs::exists(b.store()));
  BOOST_CHECK(!fs::exists(b.tmp / "media"));

  b.ImportSample();
  std::unique_ptr<levelpress::Store> held;  // as a running server does
  BOOST_REQUIRE(
      levelpress::Store::Open(b.store(), levelpress::OpenOptions(), &held)
          .ok());
  std::string dir = b.tmp / "content";
  WriteFile(dir + "/posts/bad.md",
            "---\ntitle: \"\"\ndate: 2023-01-01\nauthor: ann\n---\nx\n");
  RunResult bad = b.Cmd("import", "--dry-run " + Quote(dir));
  BOOST_CHECK_EQUAL(bad.exit_code, 1);
  BOOST_CHECK_MESSAGE(Contains(bad.err, "posts/bad.md:2: title: missing"),
                      Show(bad));
  RunResult good = b.Cmd("import", "--dry-run " + Quote(kSample));
  BOOST_CHECK_MESSAGE(good.exit_code == 0, Show(good));
}

BOOST_AUTO_TEST_CASE(import_of_a_bad_folder_fails_with_the_problems) {
  Blog b;
  std::string dir = b.tmp / "content";
  WriteFile(dir + "/posts/good.md",
            "---\ntitle: Good\ndate: 2023-01-01\nauthor: ann\n---\nx\n");
  WriteFile(dir + "/posts/bad.md",
            "---\ntitle: \"\"\ndate: 2023-01-01\nauthor: ann\n---\nx\n");
  RunResult r = b.Cmd("import", Quote(dir));
  BOOST_CHECK_EQUAL(r.exit_code, 1);
  BOOST_CHECK_MESSAGE(
      Contains(r.err,
               "posts/bad.md:2: title: missing (every post needs a title)"),
      Show(r));
  BOOST_CHECK_MESSAGE(Contains(r.err, "nothing was written"), Show(r));
  BOOST_CHECK(!Contains(r.out, "imported"));

  // Nothing is in the store: show finds no post.
  RunResult show = b.Cmd("show", "good");
  BOOST_CHECK_EQUAL(show.exit_code, 1);
  // Regression: a failed first import used to leave an empty store behind.
  BOOST_CHECK(!fs::exists(b.store()));
}

BOOST_AUTO_TEST_CASE(import_of_a_missing_folder) {
  Blog b;
  RunResult r = b.Cmd("import", Quote(b.tmp / "nowhere"));
  BOOST_CHECK_EQUAL(r.exit_code, 1);
  BOOST_CHECK_MESSAGE(Contains(r.err, "not a folder"), Show(r));
}

BOOST_AUTO_TEST_CASE(import_then_check_list_show) {
  Blog b;  // the sample: 16 posts and 2 standalone pages
  RunResult imp = b.Cmd("import", Quote(kSample));
  BOOST_REQUIRE_MESSAGE(imp.exit_code == 0, Show(imp));
  BOOST_CHECK_MESSAGE(Contains(imp.out, "18 added"), Show(imp));
  BOOST_CHECK(fs::exists(b.tmp / "media/authors/anna-keller.svg"));

  RunResult again = b.Cmd("import", Quote(kSample));
  BOOST_CHECK_EQUAL(again.exit_code, 0);
  BOOST_CHECK_MESSAGE(Contains(again.out, "18 unchanged"), Show(again));

  RunResult check = b.Cmd("check");
  BOOST_CHECK_EQUAL(check.exit_code, 0);
  BOOST_CHECK_MESSAGE(Contains(check.out, "ok (18 posts"), Show(check));
  BOOST_CHECK_MESSAGE(check.err.empty(), Show(check));

  RunResult show = b.Cmd("show", "migrating-to-bigint");
  BOOST_CHECK_EQUAL(show.exit_code, 0);
  BOOST_CHECK_MESSAGE(
      Contains(show.out, "title: Migrating our database to BIGINT keys"),
      Show(show));
  BOOST_CHECK_MESSAGE(
      Contains(show.out, "url: /2023/09/27/migrating-to-bigint/"), Show(show));

  RunResult list = b.Cmd("list");
  BOOST_CHECK_EQUAL(list.exit_code, 0);
  BOOST_CHECK(Contains(list.out, "Migrating our database to BIGINT keys"));
  BOOST_CHECK(
      !Contains(list.out, "Connection pooling with PgBouncer"));  // a draft
  RunResult all = b.Cmd("list", "--all");
  BOOST_CHECK(Contains(all.out, "Connection pooling with PgBouncer"));
  BOOST_CHECK(Contains(all.out, "draft"));
  // Newest first.
  BOOST_CHECK_LT(all.out.find("restore-drills"),
                 all.out.find("welcome-to-the-engineering-blog"));
}

// An expired post (`expires:`) is a post: `list --all` names it expired,
// `list` leaves it out as it leaves out drafts, `show` says when.
BOOST_AUTO_TEST_CASE(list_and_show_say_expired) {
  Blog b;
  std::string dir = b.tmp / "content";
  WriteFile(dir + "/posts/live.md",
            "---\ntitle: Live\ndate: 2023-01-01\nauthor: ann\n---\nx\n");
  WriteFile(dir + "/posts/over.md",
            "---\ntitle: Over\ndate: 2023-01-01\nauthor: ann\n"
            "expires: 2023-02-01T00:00:00Z\n---\nx\n");
  RunResult imported = b.Cmd("import", Quote(dir));
  BOOST_REQUIRE_MESSAGE(imported.exit_code == 0, Show(imported));
  RunResult list = b.Cmd("list");
  BOOST_CHECK_MESSAGE(Contains(list.out, "Live") && !Contains(list.out, "Over"),
                      Show(list));
  RunResult all = b.Cmd("list", "--all");
  BOOST_CHECK_MESSAGE(Contains(all.out, "Over  expired\n"), Show(all));
  RunResult show = b.Cmd("show", "over");
  BOOST_CHECK_MESSAGE(
      Contains(show.out, "\nexpires: 2023-02-01T00:00:00+00:00\n"), Show(show));
  RunResult check = b.Cmd("check");
  BOOST_CHECK_MESSAGE(check.exit_code == 0, Show(check));
}

BOOST_AUTO_TEST_CASE(show_and_rm_of_an_unknown_slug_fail) {
  Blog b;
  b.ImportSample();
  RunResult show = b.Cmd("show", "no-such-post");
  BOOST_CHECK_EQUAL(show.exit_code, 1);
  BOOST_CHECK_MESSAGE(Contains(show.err, "no-such-post"), Show(show));
  RunResult rm = b.Cmd("rm", "no-such-post");
  BOOST_CHECK_EQUAL(rm.exit_code, 1);
  BOOST_CHECK_MESSAGE(Contains(rm.err, "no such post"), Show(rm));
  BOOST_CHECK(!Contains(rm.out, "removed"));
}

BOOST_AUTO_TEST_CASE(rm_removes_a_post) {
  Blog b;
  b.ImportSample();
  RunResult rm = b.Cmd("rm", "restore-drills");
  BOOST_CHECK_EQUAL(rm.exit_code, 0);
  BOOST_CHECK(Contains(rm.out, "removed restore-drills"));
  BOOST_CHECK_EQUAL(b.Cmd("show", "restore-drills").exit_code, 1);
  RunResult check = b.Cmd("check");
  BOOST_CHECK_EQUAL(check.exit_code, 0);
  BOOST_CHECK_MESSAGE(Contains(check.out, "ok (17 posts"), Show(check));
}

BOOST_AUTO_TEST_CASE(commands_on_a_missing_store) {
  Blog b;
  for (const char* sub : {"list", "check", "show x", "rm x"}) {
    BOOST_TEST_CONTEXT("levelpress " << sub) {
      std::string s = sub;
      std::string name = s.substr(0, s.find(' '));
      std::string args =
          s.find(' ') == std::string::npos ? "" : s.substr(s.find(' ') + 1);
      RunResult r = b.Cmd(name, args);
      BOOST_CHECK_EQUAL(r.exit_code, 1);
      BOOST_CHECK_MESSAGE(Contains(r.err, "no store at"), Show(r));
    }
  }
}

// Regression: Store::Open with create_if_missing=false let LevelDB create
// the folder (with LOCK and LOG) before it found no database, so a mistyped
// --store left an empty store folder behind; with the parent folder missing
// too, the message was LevelDB's ".../LOCK: No such file or directory"
// instead of "no store at ...".
BOOST_AUTO_TEST_CASE(reading_commands_create_nothing) {
  Blog b;
  RunResult r = b.Cmd("list");
  BOOST_CHECK_EQUAL(r.exit_code, 1);
  BOOST_CHECK_MESSAGE(!fs::exists(b.store()), "list created " << b.store());
  std::string deep = b.tmp / "typo/store";
  RunResult d = b.Cmd("list", "--store " + Quote(deep));
  BOOST_CHECK_EQUAL(d.exit_code, 1);
  BOOST_CHECK_MESSAGE(Contains(d.err, "no store at " + deep), Show(d));
}

BOOST_AUTO_TEST_CASE(check_of_a_damaged_store_fails) {
  Blog b;
  b.ImportSample();
  {
    leveldb::DB* db = nullptr;
    leveldb::Options o;
    BOOST_REQUIRE(leveldb::DB::Open(o, b.store(), &db).ok());
    BOOST_REQUIRE(db->Delete(leveldb::WriteOptions(), "e:restore-drills").ok());
    delete db;
  }
  RunResult check = b.Cmd("check");
  BOOST_CHECK_EQUAL(check.exit_code, 1);
  BOOST_CHECK_MESSAGE(Contains(check.err, "restore-drills"), Show(check));
}

BOOST_AUTO_TEST_CASE(export_writes_a_content_folder) {
  Blog b;
  b.ImportSample();
  std::string out = b.tmp / "exported";
  RunResult r = b.Cmd("export", Quote(out));
  BOOST_CHECK_EQUAL(r.exit_code, 0);
  BOOST_CHECK_MESSAGE(Contains(r.out, "exported 18 posts"), Show(r));
  BOOST_CHECK(fs::exists(out + "/posts/2023/bigint/index.md"));
  BOOST_CHECK(fs::exists(out + "/posts/2023/bigint/diagram.svg"));
  BOOST_CHECK(fs::exists(out + "/authors/anna-keller.md"));
  // The export imports cleanly into the same store and changes nothing.
  RunResult again = b.Cmd("import", Quote(out));
  BOOST_CHECK_EQUAL(again.exit_code, 0);
  BOOST_CHECK_MESSAGE(Contains(again.out, "0 added, 0 changed, 18 unchanged"),
                      Show(again));
}

BOOST_AUTO_TEST_CASE(store_option_overrides_the_setting) {
  Blog b;
  std::string other = b.tmp / "elsewhere/store";
  RunResult r = b.Cmd("import", Quote(kSample) + " --store " + Quote(other));
  BOOST_CHECK_EQUAL(r.exit_code, 0);
  BOOST_CHECK(fs::exists(other));
  BOOST_CHECK(!fs::exists(b.store()));
  BOOST_CHECK_EQUAL(b.Cmd("check", "--store " + Quote(other)).exit_code, 0);
}

BOOST_AUTO_TEST_SUITE_END()

// A warning is listed with FILE:LINE and counted in the summary; with
// --strict it is an error and nothing is written.
BOOST_AUTO_TEST_CASE(strict_import_refuses_warnings) {
  Blog b;
  std::string dir = b.tmp / "content";
  WriteFile(dir + "/_posts/2023-01-01-no-title.md",
            "---\nauthor: ann\n---\nx\n");
  RunResult strict = b.Cmd("import", "--strict " + Quote(dir));
  BOOST_CHECK_EQUAL(strict.exit_code, 1);
  BOOST_CHECK_MESSAGE(
      Contains(strict.err,
               "_posts/2023-01-01-no-title.md:1: title: missing; the title "
               "'No Title' is taken from the file name (an error with "
               "--strict)"),
      Show(strict));
  RunResult r = b.Cmd("import", Quote(dir));
  BOOST_CHECK_EQUAL(r.exit_code, 0);
  BOOST_CHECK_MESSAGE(
      Contains(r.err, "_posts/2023-01-01-no-title.md:1: warning: title:"),
      Show(r));
  BOOST_CHECK_MESSAGE(Contains(r.out, ", 1 warning (listed above)"), Show(r));
}

// Summaries counted "1 posts", "1 authors", "1 warnings": each count is
// now said with Counted (counted.h), singular for one.
BOOST_AUTO_TEST_SUITE(summaries)

BOOST_AUTO_TEST_CASE(counted_says_one_in_the_singular) {
  using levelpress::Counted;
  BOOST_CHECK_EQUAL(Counted(0, "post"), "0 posts");
  BOOST_CHECK_EQUAL(Counted(1, "post"), "1 post");
  BOOST_CHECK_EQUAL(Counted(2, "post"), "2 posts");
  BOOST_CHECK_EQUAL(Counted(1, "entry", "entries"), "1 entry");
  BOOST_CHECK_EQUAL(Counted(11, "entry", "entries"), "11 entries");
}

BOOST_AUTO_TEST_CASE(one_post_one_author_one_warning) {
  Blog b;
  std::string dir = b.tmp / "content";
  WriteFile(dir + "/authors/ann.md", "---\nname: Ann\n---\n");
  WriteFile(dir + "/_posts/2023-01-01-no-title.md",
            "---\nauthor: ann\n---\nx\n");  // a warning: no title
  RunResult dry = b.Cmd("import", "--dry-run " + Quote(dir));
  BOOST_CHECK_MESSAGE(Contains(dry.out, ": 1 post and 1 author checked in ") &&
                          Contains(dry.out, ", 1 warning (listed above)"),
                      Show(dry));
  RunResult r = b.Cmd("import", Quote(dir));
  BOOST_CHECK_MESSAGE(Contains(r.out,
                               ": 1 added, 0 changed, 0 unchanged, "
                               "0 removed, 1 author in "),
                      Show(r));
  RunResult check = b.Cmd("check");
  BOOST_CHECK_MESSAGE(Contains(check.out, ": ok (1 post, generation "),
                      Show(check));
  RunResult out = b.Cmd("export", Quote(b.tmp / "exported"));
  BOOST_CHECK_MESSAGE(Contains(out.out, "exported 1 post to "), Show(out));
}

BOOST_AUTO_TEST_SUITE_END()
