// Languages: the sample blog (data/) rendered in English and German, the
// translation files' checks, and the formatting of messages (plurals,
// numbers, lists) through ICU.
#define BOOST_TEST_MODULE i18n
#define BOOST_TEST_DYN_LINK
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "dates.h"
#include "importer.h"
#include "request.h"
#include "settings.h"
#include "site.h"
#include "store.h"
#include "test_util.h"
#include "translation.h"

using namespace levelpress;
using levelpress::testing::ReadFile;
using levelpress::testing::TempDir;
using levelpress::testing::WriteFile;
namespace fs = std::filesystem;

namespace {

bool Contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// The sample blog imported into a store on disk, served in language.
struct SampleBlog {
  TempDir tmp{"levelpress-i18n"};
  Settings settings;
  std::unique_ptr<Store> store;
  std::shared_ptr<const SiteConfig> config;
  std::unique_ptr<Site> site;

  explicit SampleBlog(const std::string& language) {
    BOOST_REQUIRE(SetTimeZone("Europe/Berlin").ok());
    settings.time_zone = "Europe/Berlin";
    settings.page_size = 5;
    settings.language = language;
    settings.store_path = tmp / "store";
    settings.media_dir = tmp / "media";
    settings.templates_dir = SOURCE_DIR "/templates";
    settings.title = "Behind the Scenes";
    Status s = Store::Open(settings.store_path, OpenOptions(), &store);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
    ImportOptions o;
    o.dir = SOURCE_DIR "/data/content";
    o.threads = 1;
    o.compact = false;
    ImportReport report;
    s = Import(settings, store.get(), o, &report);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
    s = LoadSiteConfig(settings, &config);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
    site = std::make_unique<Site>(store.get(), config);
  }
  Response Get(const std::string& target,
               const std::string& method = "GET") const {
    Request r;
    r.method = method;
    r.target = target;
    return site->Handle(r, 2000000000);  // 2033: every post is live
  }
  std::string Page(const std::string& target) const {
    Response r = Get(target);
    BOOST_REQUIRE_MESSAGE(r.status == 200, target << ": " << r.status);
    return r.body;
  }
  // Every public path of the blog.
  std::vector<std::string> Paths() const {
    std::vector<std::string> paths;
    BOOST_REQUIRE(site->AllPaths(2000000000, &paths).ok());
    return paths;
  }
};

// What the page says around the content: the body without <head>, the
// posts' excerpts and bodies (the sample posts are English).
std::string ChromeOf(const std::string& page) {
  std::string out = page;
  size_t head_end = out.find("</head>");
  if (head_end != std::string::npos) out.erase(0, head_end);
  for (const char* open :
       {"<div class=\"entry-excerpt\">", "<div class=\"post-body\">",
        "<div class=\"author-bio\">"}) {
    size_t pos;
    while ((pos = out.find(open)) != std::string::npos) {
      size_t end = out.find("\n</div>", pos);
      out.erase(pos,
                end == std::string::npos ? std::string::npos : end + 7 - pos);
    }
  }
  // Links to posts, tags and authors: their titles and names are the
  // content's, too.
  out = std::regex_replace(
      out,
      std::regex("<a (rel=\"(prev|next)\" "
                 ")?href=\"/(tag/|author/|20)[^\"]*\"[^>]*>[^<]*</a>"),
      "<a/>");
  out = std::regex_replace(out, std::regex("<h[12][^>]*>[^<]*</h[12]>"), "");
  return out;
}

// The texts of a page's <time> elements.
std::vector<std::string> DateTexts(const std::string& page) {
  std::vector<std::string> out;
  std::regex time("<time datetime=\"[^\"]+\">([^<]*)</time>");
  for (std::sregex_iterator it(page.begin(), page.end(), time), end; it != end;
       ++it) {
    out.push_back((*it)[1]);
  }
  return out;
}

// A templates folder to break: a copy of the shipped one.
struct ThemeCopy {
  TempDir tmp{"levelpress-theme"};
  ThemeCopy() {
    fs::copy(SOURCE_DIR "/templates", tmp.path(), fs::copy_options::recursive);
  }
  std::string dir() const { return tmp.str(); }
  std::string file(const std::string& language) const {
    return tmp / ("i18n/" + language + ".yaml");
  }
  // Replaces the line starting with `key:` (or adds one) in language's file.
  void Set(const std::string& language, const std::string& key,
           const std::string& line) const {
    std::string text = ReadFile(file(language));
    std::string out;
    size_t pos = 0;
    bool done = false;
    while (pos < text.size()) {
      size_t end = text.find('\n', pos);
      if (end == std::string::npos) end = text.size();
      std::string l = text.substr(pos, end - pos);
      if (l.rfind(key + ":", 0) == 0 || l.rfind("\"" + key + "\":", 0) == 0) {
        if (!line.empty()) out += line + "\n";
        done = true;
      } else {
        out += l + "\n";
      }
      pos = end + 1;
    }
    if (!done && !line.empty()) out += line + "\n";
    WriteFile(file(language), out);
  }
  Status Load(const std::string& language,
              std::unique_ptr<Translation>* out = nullptr) const {
    std::unique_ptr<Translation> t;
    Status s = Translation::Load(dir(), language, out ? out : &t);
    return s;
  }
};

const char* const kGermanMonths[] = {
    "Januar", "Februar", "März",      "April",   "Mai",      "Juni",
    "Juli",   "August",  "September", "Oktober", "November", "Dezember"};

}  // namespace

BOOST_AUTO_TEST_CASE(sample_blog_in_german) {
  SampleBlog blog("de");
  const std::string index = blog.Page("/");
  BOOST_CHECK(Contains(index, "<html lang=\"de\">"));
  BOOST_CHECK(Contains(index, ">Autoren</a>"));
  BOOST_CHECK(Contains(index, ">Schlagwörter</a>"));
  BOOST_CHECK(Contains(index, "Seite 1 von 3"));
  BOOST_CHECK(Contains(index, "Ältere Beiträge →"));

  // A post of 27 September 2023 with three tags and a reading time.
  const std::string post = blog.Page("/2023/09/27/migrating-to-bigint/");
  BOOST_CHECK(Contains(post, ">27. September 2023</time>"));
  BOOST_CHECK(std::regex_search(
      post, std::regex("<span class=\"reading-time\">[2-9] Minuten</span>")));
  BOOST_CHECK(Contains(post,
                       "<a href=\"/tag/technology/\">Technology</a>, <a "
                       "href=\"/tag/postgresql/\">PostgreSQL</a> und <a "
                       "href=\"/tag/django/\">Django</a>"));
  BOOST_CHECK(Contains(post, "</a> zu <a href=\"/tag/technology/\">"));

  // Every date on every page is German: "9. April 2025", never "April 9".
  const std::regex german_date(
      "([1-9]|[12][0-9]|3[01])\\. (Januar|Februar|März|April|Mai|Juni|Juli|"
      "August|September|Oktober|November|Dezember) 20[0-9][0-9]");
  size_t dates = 0;
  // English fixed words that must not be left on a German page.
  const std::vector<std::string> english = {"Skip to content",
                                            "Authors",
                                            "Tags<",
                                            "Older posts",
                                            "Newer posts",
                                            "Page 1 of",
                                            "min read",
                                            "Read “",
                                            "profile picture",
                                            " on <a/>",
                                            ", and <a/>",
                                            "Posts:",
                                            "No posts yet",
                                            "Updated",
                                            "More posts",
                                            "Pagination",
                                            "aria-label=\"Main\"",
                                            "Back to the front page",
                                            "Page not found"};
  for (const std::string& path : blog.Paths()) {
    Response r = blog.Get(path);
    BOOST_TEST_CONTEXT(path) {
      BOOST_REQUIRE_EQUAL(r.status, 200);
      for (const std::string& d : DateTexts(r.body)) {
        ++dates;
        BOOST_CHECK_MESSAGE(std::regex_match(d, german_date), d);
      }
      const std::string chrome = ChromeOf(r.body);
      for (const std::string& word : english) {
        BOOST_CHECK_MESSAGE(!Contains(chrome, word), "English: " << word);
      }
    }
  }
  BOOST_CHECK_GT(dates, 20u);

  const std::string authors = blog.Page("/authors/");
  BOOST_CHECK(Contains(authors, "<h1 class=\"page-heading\">Autoren</h1>"));
  BOOST_CHECK(std::regex_search(authors, std::regex("Beiträge: [0-9]+<")));
  BOOST_CHECK(Contains(blog.Page("/tag/postgresql/"),
                       "<h1 class=\"page-heading\">Beiträge zu PostgreSQL"));
  BOOST_CHECK(Contains(blog.Page("/tag/postgresql/"),
                       "content=\"Beiträge mit dem Schlagwort PostgreSQL in "
                       "Behind the Scenes: 5 Beiträge.\""));
  BOOST_CHECK(Contains(blog.Page("/page/2/"), "<title>Seite 2 – "));

  // The feeds' language and their subtitles.
  const std::string feed = blog.Page("/tag/postgresql/feed.xml");
  BOOST_CHECK(Contains(feed, "xml:lang=\"de\""));
  BOOST_CHECK(Contains(feed, "<subtitle>Beiträge zu PostgreSQL</subtitle>"));
  BOOST_CHECK(Contains(blog.Page("/author/anna-keller/feed.xml"),
                       "<subtitle>Beiträge von Anna Keller</subtitle>"));

  Response missing = blog.Get("/no/such/<page>/");
  BOOST_CHECK_EQUAL(missing.status, 404);
  BOOST_CHECK(Contains(missing.body, "Seite nicht gefunden"));
  BOOST_CHECK(Contains(missing.body,
                       "Unter <code>/no/such/&lt;page&gt;/</code> gibt es "
                       "leider nichts."));
  BOOST_CHECK(Contains(missing.body, "← Zurück zur Startseite"));
  Response post_request = blog.Get("/", "POST");
  BOOST_CHECK_EQUAL(post_request.status, 405);
  BOOST_CHECK(Contains(post_request.body, "Methode nicht erlaubt"));
  BOOST_CHECK(
      Contains(post_request.body, "Dieses Blog beantwortet nur GET und HEAD."));
}

BOOST_AUTO_TEST_CASE(sample_blog_in_english_is_as_before) {
  SampleBlog blog("en");
  const std::string index = blog.Page("/");
  BOOST_CHECK(Contains(index, "<html lang=\"en\">"));
  BOOST_CHECK(Contains(index,
                       "<a class=\"skip-link\" href=\"#content\">Skip "
                       "to content</a>"));
  BOOST_CHECK(Contains(index,
                       "<span class=\"pagination-current\">Page 1 of "
                       "3</span>"));
  BOOST_CHECK(Contains(index,
                       "aria-label=\"Read “A backup you have not "
                       "restored is not a backup”\">»</a>"));
  const std::string post = blog.Page("/2023/09/27/migrating-to-bigint/");
  BOOST_CHECK(Contains(post, ">September 27, 2023</time>"));
  BOOST_CHECK(std::regex_search(
      post, std::regex("<span class=\"reading-time\">[2-9] min read</span>")));
  BOOST_CHECK(Contains(post,
                       "<a href=\"/tag/technology/\">Technology</a>, <a "
                       "href=\"/tag/postgresql/\">PostgreSQL</a>, and <a "
                       "href=\"/tag/django/\">Django</a>"));
  const std::regex english_date(
      "(January|February|March|April|May|June|July|August|September|"
      "October|November|December) ([1-9]|[12][0-9]|3[01]), 20[0-9][0-9]");
  for (const std::string& path : blog.Paths()) {
    for (const std::string& d : DateTexts(blog.Page(path))) {
      BOOST_CHECK_MESSAGE(std::regex_match(d, english_date), path << ": " << d);
    }
  }
  BOOST_CHECK(Contains(blog.Page("/authors/"), ">Posts: 7<"));
  BOOST_CHECK(Contains(blog.Page("/tag/postgresql/"),
                       "content=\"Posts tagged PostgreSQL on Behind the "
                       "Scenes: 5 posts.\""));
  BOOST_CHECK(Contains(blog.Page("/page/2/"), "<title>page 2 – "));
  Response missing = blog.Get("/nope/");
  BOOST_CHECK(Contains(missing.body, "<title>Not found – Behind the Scenes"));
  BOOST_CHECK(Contains(missing.body,
                       "<p>Sorry, there is nothing at <code>/nope/</code>. It "
                       "may have moved, or the link may be mistyped.</p>"));
  BOOST_CHECK(Contains(blog.Get("/", "POST").body,
                       "<h1 class=\"page-heading\">Method Not Allowed</h1>"));
}

// German dates computed here, from the local date, not by ICU.
BOOST_AUTO_TEST_CASE(german_dates_every_month) {
  BOOST_REQUIRE(SetTimeZone("Europe/Berlin").ok());
  for (int month = 1; month <= 12; ++month) {
    int64_t t;
    std::string why;
    char text[32];
    std::snprintf(text, sizeof text, "2024-%02d-05T00:30:00", month);
    BOOST_REQUIRE(ParseDate(text, &t, &why));
    BOOST_CHECK_EQUAL(FormatDateText(t, "de"),
                      "5. " + std::string(kGermanMonths[month - 1]) + " 2024");
  }
  BOOST_REQUIRE(SetTimeZone("UTC").ok());
}

BOOST_AUTO_TEST_CASE(plurals_and_numbers_follow_the_language) {
  std::unique_ptr<Translation> de, en;
  BOOST_REQUIRE(Translation::Load(SOURCE_DIR "/templates", "de", &de).ok());
  BOOST_REQUIRE(Translation::Load(SOURCE_DIR "/templates", "en", &en).ok());
  BOOST_CHECK_EQUAL(de->Format("reading_time", {{"minutes", int64_t{1}}}),
                    "1 Minute");
  BOOST_CHECK_EQUAL(de->Format("reading_time", {{"minutes", int64_t{5}}}),
                    "5 Minuten");
  BOOST_CHECK_EQUAL(en->Format("reading_time", {{"minutes", int64_t{1}}}),
                    "1 min read");
  BOOST_CHECK_EQUAL(en->Format("reading_time", {{"minutes", int64_t{5}}}),
                    "5 min read");
  BOOST_CHECK_EQUAL(de->Format("page_of", {{"page", int64_t{1234}},
                                           {"count", int64_t{2000}}}),
                    "Seite 1.234 von 2.000");
  BOOST_CHECK_EQUAL(en->Format("page_of", {{"page", int64_t{1234}},
                                           {"count", int64_t{2000}}}),
                    "Page 1,234 of 2,000");
  BOOST_CHECK_EQUAL(
      de->Format("tag_description",
                 {{"tag", "X"}, {"blog", "B"}, {"count", int64_t{1}}}),
      "Beiträge mit dem Schlagwort X in B: 1 Beitrag.");
  BOOST_CHECK_EQUAL(
      en->Format("tag_description",
                 {{"tag", "X"}, {"blog", "B"}, {"count", int64_t{1}}}),
      "Posts tagged X on B: 1 post.");
  // German lists have no serial comma.
  BOOST_CHECK_EQUAL(de->ListSeparator(1, 2), " und ");
  BOOST_CHECK_EQUAL(de->ListSeparator(1, 3), ", ");
  BOOST_CHECK_EQUAL(de->ListSeparator(2, 3), " und ");
  BOOST_CHECK_EQUAL(en->ListSeparator(2, 3), ", and ");
}

// Arguments are text, never pattern: braces, apostrophes and invalid
// UTF-8 in a title cannot change or break the message.
BOOST_AUTO_TEST_CASE(hostile_arguments) {
  std::unique_ptr<Translation> en;
  BOOST_REQUIRE(Translation::Load(SOURCE_DIR "/templates", "en", &en).ok());
  BOOST_CHECK_EQUAL(en->Format("read_post", {{"title", "{count} 'it''s' #"}}),
                    "Read “{count} 'it''s' #”");
  std::string bad = "a\xff\xfe b";
  std::string out = en->Format("read_post", {{"title", bad}});
  BOOST_CHECK(out.starts_with("Read “a"));
  BOOST_CHECK(out.ends_with(" b”"));
  std::string huge(1 << 20, 'x');
  BOOST_CHECK_EQUAL(en->Format("read_post", {{"title", huge}}).size(),
                    huge.size() + std::string("Read “”").size());
}

// Each thread has its own ICU formatters: formatting from many threads
// at once gives every thread the right text.
BOOST_AUTO_TEST_CASE(formats_from_many_threads) {
  std::unique_ptr<Translation> de, en;
  BOOST_REQUIRE(Translation::Load(SOURCE_DIR "/templates", "de", &de).ok());
  BOOST_REQUIRE(Translation::Load(SOURCE_DIR "/templates", "en", &en).ok());
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      for (int64_t n = 0; n < 2000; ++n) {
        const Translation& t = (i + n) % 2 ? *de : *en;
        std::string got = t.Format("reading_time", {{"minutes", n % 3}});
        std::string want =
            &t == de.get()
                ? std::to_string(n % 3) + (n % 3 == 1 ? " Minute" : " Minuten")
                : std::to_string(n % 3) + " min read";
        std::string date =
            FormatDateText(1695801600, &t == de.get() ? "de" : "en");
        if (got != want || date != (&t == de.get() ? "27. September 2023"
                                                   : "September 27, 2023")) {
          ++wrong;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  BOOST_CHECK_EQUAL(wrong.load(), 0);
}

// The shipped files are read without yaml-cpp (a CGI request reads one at
// every start); yaml-cpp must read them the same.
BOOST_AUTO_TEST_CASE(plain_lines_read_as_yaml_reads_them) {
  for (const char* language : {"en", "de"}) {
    BOOST_TEST_CONTEXT(language) {
      ThemeCopy theme;
      std::unique_ptr<Translation> plain, yaml;
      BOOST_REQUIRE(theme.Load(language, &plain).ok());
      // A single-quoted value is not a plain line: the whole file goes to
      // yaml-cpp.
      theme.Set(language, "zz_extra", "zz_extra: 'it''s YAML'");
      BOOST_REQUIRE(theme.Load(language, &yaml).ok());
      BOOST_CHECK_EQUAL(yaml->Text("zz_extra"), "it's YAML");
      auto texts = yaml->texts();
      texts.erase("zz_extra");
      BOOST_CHECK(texts == plain->texts());
      BOOST_CHECK_GT(plain->texts().size(), 40u);
    }
  }
  // Escapes, block scalars and comments after a value.
  ThemeCopy theme;
  theme.Set("de", "authors", "authors: \"Aut\\u00f6ren \\\"A\\\"\" # c");
  theme.Set("de", "tags", "tags: >-\n  Schlag\n  wörter");
  theme.Set("de", "feed", "feed: \"Feed\"   # a comment");
  std::unique_ptr<Translation> t;
  BOOST_REQUIRE(theme.Load("de", &t).ok());
  BOOST_CHECK_EQUAL(t->Text("authors"), "Autören \"A\"");
  BOOST_CHECK_EQUAL(t->Text("tags"), "Schlag wörter");
  BOOST_CHECK_EQUAL(t->Text("feed"), "Feed");
}

BOOST_AUTO_TEST_CASE(missing_key_names_the_file_and_the_key) {
  ThemeCopy theme;
  theme.Set("de", "updated", "");       // a template word
  theme.Set("de", "reading_time", "");  // a message of the pages
  Status s = theme.Load("de");
  BOOST_REQUIRE(!s.ok());
  const std::string m = s.message();
  BOOST_CHECK_MESSAGE(
      Contains(m, theme.file("de") + ": updated: missing "
                                     "(post.tpl shows it as {{T_UPDATED}})"),
      m);
  BOOST_CHECK_MESSAGE(Contains(m, theme.file("de") + ": reading_time: missing"),
                      m);
  // Through the site: the server does not start with it.
  Settings settings;
  settings.templates_dir = theme.dir();
  settings.language = "de";
  std::shared_ptr<const SiteConfig> config;
  BOOST_CHECK(!LoadSiteConfig(settings, &config).ok());
}

// The words are in the pages' bytes: a changed translation is a changed
// Last-Modified, like a changed template.
BOOST_AUTO_TEST_CASE(the_translation_dates_the_theme) {
  ThemeCopy theme;
  const auto later =
      fs::last_write_time(theme.file("de")) + std::chrono::hours(24 * 365);
  fs::last_write_time(theme.file("de"), later);
  Settings settings;
  settings.templates_dir = theme.dir();
  settings.language = "de";
  std::shared_ptr<const SiteConfig> config;
  BOOST_REQUIRE(LoadSiteConfig(settings, &config).ok());
  BOOST_CHECK_EQUAL(config->theme_mtime, config->translation->mtime());
  BOOST_CHECK_GT(config->theme_mtime, config->templates->newest_mtime());
}

BOOST_AUTO_TEST_CASE(a_template_word_needs_a_key_in_every_translation) {
  ThemeCopy theme;
  WriteFile(theme.tmp / "tags.tpl",
            ReadFile(theme.tmp / "tags.tpl") + "<p>{{T_SUBSCRIBE}}</p>\n");
  Status s = theme.Load("en");
  BOOST_CHECK_MESSAGE(Contains(s.message(),
                               "en.yaml: subscribe: missing "
                               "(tags.tpl shows it as "
                               "{{T_SUBSCRIBE}})"),
                      s.ToString());
  theme.Set("en", "subscribe", "subscribe: \"Subscribe\"");
  BOOST_CHECK(theme.Load("en").ok());
  BOOST_CHECK(!theme.Load("de").ok());
}

BOOST_AUTO_TEST_CASE(bad_translations_are_errors_at_load) {
  struct Case {
    std::string key, line, expect;
  };
  const std::vector<Case> cases = {
      {"reading_time", "reading_time: \"{minutes, plural, one {# Minute}\"",
       "reading_time: not an ICU message pattern"},
      {"page_of", "page_of: \"Seite {seite} von {count}\"",
       "page_of: uses {seite}, which this message does not have (it has "
       "{page}, {count})"},
      {"list_end", "list_end: \"{1} und {0}\"", "list_end: must be {0}"},
      {"page_of", "page_of: \"Seite {page, nummer} von {count}\"",
       "page_of: {..., nummer} is not an argument type"},
      {"list_two", "list_two: \"und\"", "list_two: must be {0}"},
      {"authors", "authors: \"\"", "authors: give the text in quotes"},
      {"authors", "authors: \"{{BODY_HTML:none}}\"",
       "authors: a word must not hold {{ or }}"},
      {"tags", "tags: [a, b]", "tags: give the text in quotes"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.line) {
      ThemeCopy theme;
      theme.Set("de", c.key, c.line);
      Status s = theme.Load("de");
      BOOST_CHECK(s.IsInvalidArgument());
      BOOST_CHECK_MESSAGE(Contains(s.message(), c.expect), s.ToString());
      BOOST_CHECK_MESSAGE(Contains(s.message(), theme.file("de")),
                          s.ToString());
    }
  }
}

BOOST_AUTO_TEST_CASE(hostile_translation_files) {
  {
    ThemeCopy theme;  // not YAML: FILE:LINE
    WriteFile(theme.file("de"), "authors: \"Autoren\"\ntags: [\n");
    Status s = theme.Load("de");
    BOOST_CHECK_MESSAGE(Contains(s.message(), theme.file("de") + ":"),
                        s.ToString());
  }
  {
    ThemeCopy theme;  // huge
    WriteFile(theme.file("de"), ReadFile(theme.file("de")) + "# " +
                                    std::string(2 << 20, 'x') + "\n");
    Status s = theme.Load("de");
    BOOST_CHECK(!s.ok());
    BOOST_CHECK_MESSAGE(Contains(s.message(), "at most"), s.ToString());
  }
  {
    ThemeCopy theme;  // not UTF-8
    theme.Set("de", "authors", "authors: \"Aut\xff\xferen\"");
    Status s = theme.Load("de");
    BOOST_CHECK_MESSAGE(Contains(s.message(), "authors: not UTF-8"),
                        s.ToString());
  }
  {
    ThemeCopy theme;  // a list, not a map
    WriteFile(theme.file("de"), "- a\n- b\n");
    BOOST_CHECK(theme.Load("de").IsInvalidArgument());
  }
  {
    ThemeCopy theme;  // thousands of keys: unknown ones are ignored
    std::string text = ReadFile(theme.file("de"));
    for (int i = 0; i < 5000; ++i) {
      text += "extra_" + std::to_string(i) + ": \"x\"\n";
    }
    WriteFile(theme.file("de"), text);
    BOOST_CHECK(theme.Load("de").ok());
  }
}

BOOST_AUTO_TEST_CASE(a_language_without_a_translation_is_a_settings_error) {
  ThemeCopy theme;
  TempDir dir{"levelpress-i18n-settings"};
  auto parse = [&](const std::string& language) {
    Settings s;
    return ParseSettings("templates_dir: \"" + theme.dir() +
                             "\"\nlanguage: \"" + language + "\"\n",
                         dir / "levelpress.conf", &s);
  };
  Status fr = parse("fr");
  BOOST_CHECK(fr.IsInvalidArgument());
  BOOST_CHECK_MESSAGE(Contains(fr.message(),
                               ":2: language: no translation "
                               "for 'fr': " +
                                   theme.file("fr") + " does not exist"),
                      fr.ToString());
  Status fr_ca = parse("fr-CA");
  BOOST_CHECK_MESSAGE(
      Contains(fr_ca.message(), theme.file("fr-CA") + " or " +
                                    theme.file("fr") + " does not exist"),
      fr_ca.ToString());
  // A tag longer than a file name may be: an error, quoted in part.
  std::string huge = "fr";
  for (int i = 0; i < 60; ++i) huge += "-abcdefgh";
  Status long_tag = parse(huge);
  BOOST_CHECK(long_tag.IsInvalidArgument());
  BOOST_CHECK_LT(long_tag.message().size(), 1000u);
  BOOST_CHECK(!FormatDateText(1695801600, huge).empty());
  // A region falls back to its language's file, and may have its own.
  BOOST_CHECK(parse("de-AT").ok());
  BOOST_CHECK(parse("en").ok());
  std::unique_ptr<Translation> at;
  BOOST_REQUIRE(Translation::Load(theme.dir(), "de-AT", &at).ok());
  BOOST_CHECK_EQUAL(at->file(), theme.file("de"));
  fs::copy_file(theme.file("de"), theme.file("de-AT"));
  theme.Set("de-AT", "scheduled", "scheduled: \"Eingeplant\"");
  BOOST_REQUIRE(Translation::Load(theme.dir(), "de-AT", &at).ok());
  BOOST_CHECK_EQUAL(at->file(), theme.file("de-AT"));
  BOOST_CHECK_EQUAL(at->Text("scheduled"), "Eingeplant");
}
