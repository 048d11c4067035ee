// RenderCache: entries live for one store generation, one configuration,
// and a time window; the byte budget evicts least recently used pages.
#define BOOST_TEST_MODULE render_cache
#define BOOST_TEST_DYN_LINK
#include "render_cache.h"

#include <boost/test/unit_test.hpp>
#include <memory>
#include <string>

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
