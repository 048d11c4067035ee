// RenderCache: entries live for one store generation, one configuration,
// and a time window; the byte budget evicts least recently used pages.
// Fragments (fragment.h): kept markup with holes filled per request.
#define BOOST_TEST_MODULE render_cache
#define BOOST_TEST_DYN_LINK
#include "render_cache.h"

#include <boost/test/unit_test.hpp>
#include <memory>
#include <string>

#include "fragment.h"

using namespace levelpress;

namespace {

constexpr uint64_t kConfigA = 1;  // SiteConfig::id values
constexpr uint64_t kConfigB = 2;

std::shared_ptr<CachedPage> Page(std::string body, uint64_t generation,
                                 int64_t from, int64_t until) {
  auto p = std::make_shared<CachedPage>();
  p->body = std::move(body);
  p->generation = generation;
  p->config_id = kConfigA;
  p->rendered_at = from;
  p->valid_until = until;
  return p;
}

}  // namespace

BOOST_AUTO_TEST_CASE(hit_only_for_same_generation_config_and_time) {
  RenderCache cache(1 << 20);
  cache.Put("/", Page("index", 7, 100, 160));
  auto hit = cache.Get("/", 7, kConfigA, 120);
  BOOST_REQUIRE(hit);
  BOOST_CHECK_EQUAL(hit->body, "index");
  BOOST_CHECK(!cache.Get("/", 7, kConfigB, 120));  // reloaded configuration
  cache.Put("/", Page("index", 7, 100, 160));
  BOOST_CHECK(!cache.Get("/", 8, kConfigA, 120));  // a write happened
  cache.Put("/", Page("index", 7, 100, 160));
  BOOST_CHECK(!cache.Get("/", 7, kConfigA, 160));  // expired (go-live)
  cache.Put("/", Page("index", 7, 100, 160));
  BOOST_CHECK(!cache.Get("/", 7, kConfigA, 99));  // clock set back
  BOOST_CHECK(!cache.Get("/other/", 7, kConfigA, 120));
}

BOOST_AUTO_TEST_CASE(byte_budget_evicts_least_recently_used) {
  RenderCache cache(4000);
  cache.Put("/a/", Page(std::string(900, 'a'), 1, 0, 100));
  cache.Put("/b/", Page(std::string(900, 'b'), 1, 0, 100));
  cache.Put("/c/", Page(std::string(900, 'c'), 1, 0, 100));
  BOOST_REQUIRE(cache.Get("/a/", 1, kConfigA, 1));  // /a/ is now the newest
  cache.Put("/d/", Page(std::string(900, 'd'), 1, 0, 100));
  cache.Put("/e/", Page(std::string(900, 'e'), 1, 0, 100));  // over budget
  BOOST_CHECK(cache.Get("/a/", 1, kConfigA, 1));
  BOOST_CHECK(!cache.Get("/b/", 1, kConfigA, 1));  // the oldest went
  BOOST_CHECK_LE(cache.bytes(), 4000u);
}

BOOST_AUTO_TEST_CASE(a_page_larger_than_a_quarter_of_the_budget_is_not_kept) {
  RenderCache cache(4000);
  cache.Put("/big/", Page(std::string(1500, 'x'), 1, 0, 100));
  BOOST_CHECK(!cache.Get("/big/", 1, kConfigA, 1));
  BOOST_CHECK_EQUAL(cache.bytes(), 0u);
}

// render_cache_bytes applies on SIGHUP: Site::Reload sets the new budget,
// which evicts down to it at once.
BOOST_AUTO_TEST_CASE(a_new_budget_evicts_down_to_it) {
  RenderCache cache(4000);
  cache.Put("/a/", Page(std::string(900, 'a'), 1, 0, 100));
  cache.Put("/b/", Page(std::string(900, 'b'), 1, 0, 100));
  cache.set_max_bytes(1000);
  BOOST_CHECK_EQUAL(cache.max_bytes(), 1000u);
  BOOST_CHECK_LE(cache.bytes(), 1000u);
  BOOST_CHECK(!cache.Get("/a/", 1, kConfigA, 1));  // the older one went
  cache.set_max_bytes(0);
  BOOST_CHECK_EQUAL(cache.bytes(), 0u);
  cache.Put("/c/", Page("c", 1, 0, 100));
  BOOST_CHECK(!cache.Get("/c/", 1, kConfigA, 1));  // 0: keeps nothing
}

// GetAll is Get for each path, in order: a miss (absent, another
// generation) is null and a stale entry goes, as with Get.
BOOST_AUTO_TEST_CASE(get_all_answers_each_path_as_get_would) {
  RenderCache cache(1 << 20);
  cache.Put("/a/", Page("a", 7, 100, 160));
  cache.Put("/b/", Page("b", 6, 100, 160));  // an older generation
  cache.Put("/c/", Page("c", 7, 100, 160));
  const auto pages =
      cache.GetAll({"/c/", "/b/", "/none/", "/a/"}, 7, kConfigA, 120);
  BOOST_REQUIRE_EQUAL(pages.size(), 4u);
  BOOST_REQUIRE(pages[0] && pages[3]);
  BOOST_CHECK_EQUAL(pages[0]->body, "c");
  BOOST_CHECK(!pages[1]);
  BOOST_CHECK(!pages[2]);
  BOOST_CHECK_EQUAL(pages[3]->body, "a");
  BOOST_CHECK(!cache.Get("/b/", 6, kConfigA, 120));  // erased when stale
  BOOST_CHECK(cache.GetAll({}, 7, kConfigA, 120).empty());
}

BOOST_AUTO_TEST_CASE(holes_are_cut_where_their_markers_were) {
  CachedPage page;
  page.body = "<title>" + HoleMarker('t') + " – Blog</title>" +
              HoleMarker('c') + HoleMarker('t') + "<footer>";
  CutHoles(&page);
  BOOST_CHECK_EQUAL(page.body, "<title> – Blog</title><footer>");
  BOOST_REQUIRE_EQUAL(page.holes.size(), 3u);
  BOOST_CHECK_EQUAL(page.holes[0].at, 7u);
  BOOST_CHECK_EQUAL(page.holes[0].part, 't');
  BOOST_CHECK_EQUAL(page.holes[1].at, 24u);
  BOOST_CHECK_EQUAL(page.holes[1].part, 'c');
  BOOST_CHECK_EQUAL(page.holes[2].at, 24u);
  BOOST_CHECK_EQUAL(page.holes[2].part, 't');
  std::string out = "<!DOCTYPE html>";
  AppendFilled(page, {{'t', "A & B"}, {'c', "<main>"}}, &out);
  BOOST_CHECK_EQUAL(out,
                    "<!DOCTYPE html><title>A & B – Blog</title><main>A & "
                    "B<footer>");
  // A part not given leaves its holes empty.
  out.clear();
  AppendFilled(page, {{'c', "x"}}, &out);
  BOOST_CHECK_EQUAL(out, "<title> – Blog</title>x<footer>");
}

// Content cannot make a hole: a marker needs the process's random key.
// Control bytes that are not markers stay as they were.
BOOST_AUTO_TEST_CASE(only_this_processs_markers_are_holes) {
  const std::string marker = HoleMarker('s');
  BOOST_REQUIRE_EQUAL(marker.size(), 19u);
  BOOST_CHECK_EQUAL(marker.front(), '\x01');
  BOOST_CHECK_EQUAL(marker.back(), '\x01');
  std::string forged = marker;
  forged[5] = forged[5] == 'a' ? 'b' : 'a';  // another key
  const std::string text = "\x01" + forged + "a\x01s\x01" +
                           marker.substr(0, 10) + "\x01" + marker + "\x01";
  CachedPage page;
  page.body = text;
  CutHoles(&page);
  BOOST_REQUIRE_EQUAL(page.holes.size(), 1u);
  BOOST_CHECK_EQUAL(page.holes[0].part, 's');
  const std::string expected =
      "\x01" + forged + "a\x01s\x01" + marker.substr(0, 10) + "\x01" + "\x01";
  BOOST_CHECK(page.body == expected);
  BOOST_CHECK_EQUAL(page.holes[0].at, expected.size() - 1);
  // A marker cut short at the end is text too.
  page.body = "x" + marker.substr(0, marker.size() - 1);
  CutHoles(&page);
  BOOST_CHECK(page.holes.empty());
  BOOST_CHECK(page.body == "x" + marker.substr(0, marker.size() - 1));
}

// A hole may hold another fragment, filled in place (the search page's
// content holds its results).
BOOST_AUTO_TEST_CASE(a_hole_can_hold_another_filled_fragment) {
  CachedPage frame, content;
  frame.body = "<body>" + HoleMarker('c') + "</body>";
  content.body = "<h1>Results</h1>" + HoleMarker('r') + "<nav>";
  CutHoles(&frame);
  CutHoles(&content);
  std::string out;
  AppendFilled(
      frame,
      [&](char part, std::string* to) {
        if (part == 'c') AppendFilled(content, {{'r', "<article>"}}, to);
      },
      &out);
  BOOST_CHECK_EQUAL(out, "<body><h1>Results</h1><article><nav></body>");
}
