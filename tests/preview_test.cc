// Preview URLs: tokens that work for one slug until their expiry, under
// one key, and nowhere else.
#define BOOST_TEST_MODULE preview
#define BOOST_TEST_DYN_LINK
#include "preview.h"

#include <boost/test/unit_test.hpp>
#include <string>

using namespace levelpress;

namespace {

constexpr int64_t kNow = 1790000000;

std::string TokenOf(const std::string& path) {
  // /_preview/<slug>/<token>/
  std::string rest = path.substr(std::string("/_preview/").size());
  rest = rest.substr(rest.find('/') + 1);
  return rest.substr(0, rest.size() - 1);
}

std::string Key() {
  std::string key;
  BOOST_REQUIRE(NewPreviewKey(&key).ok());
  return key;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_token_works_for_its_slug_until_it_expires) {
  const std::string key = Key();
  const std::string path = PreviewPath(key, "draft-post", kNow + 3600);
  BOOST_CHECK_EQUAL(path.rfind("/_preview/draft-post/", 0), 0u);
  const std::string token = TokenOf(path);
  BOOST_CHECK(CheckPreviewToken(key, "draft-post", token, kNow));
  BOOST_CHECK(CheckPreviewToken(key, "draft-post", token, kNow + 3600));
  BOOST_CHECK(!CheckPreviewToken(key, "draft-post", token, kNow + 3601));
  BOOST_CHECK(!CheckPreviewToken(key, "other-post", token, kNow));
}

BOOST_AUTO_TEST_CASE(another_key_or_a_changed_token_fails) {
  const std::string key = Key();
  const std::string token = TokenOf(PreviewPath(key, "p", kNow + 60));
  BOOST_CHECK(!CheckPreviewToken(Key(), "p", token, kNow));  // revoked
  BOOST_CHECK(!CheckPreviewToken("", "p", token, kNow));
  for (size_t i = 0; i < token.size(); ++i) {
    std::string bad = token;
    bad[i] = bad[i] == 'A' ? 'B' : 'A';
    BOOST_CHECK_MESSAGE(!CheckPreviewToken(key, "p", bad, kNow),
                        "changed at " << i << ": " << bad);
  }
  // A later expiry with the old MAC.
  std::string later = token;
  later.replace(0, later.find('-'), std::to_string(kNow + 999999));
  BOOST_CHECK(!CheckPreviewToken(key, "p", later, kNow));
}

BOOST_AUTO_TEST_CASE(malformed_tokens_fail) {
  const std::string key = Key();
  for (const char* bad :
       {"", "-", "123", "123-", "-abc", "abc-def", "99999999999999999999-x",
        "+1790000060-AAAAAAAAAAAAAAAAAAAAAA", " 1790000060-A"}) {
    BOOST_CHECK_MESSAGE(!CheckPreviewToken(key, "p", bad, kNow), bad);
  }
}

BOOST_AUTO_TEST_CASE(keys_are_random) { BOOST_CHECK(Key() != Key()); }
