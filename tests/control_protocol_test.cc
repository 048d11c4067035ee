#define BOOST_TEST_MODULE control_protocol
#define BOOST_TEST_DYN_LINK
#include "control_protocol.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

using namespace levelpress;
using State = ControlRequestReader::State;

BOOST_AUTO_TEST_CASE(a_request_reads_back_fed_whole_or_byte_by_byte) {
  const std::vector<std::string> args = {"import", "content", "--prune",
                                         std::string("a\0b", 3), ""};
  const std::string bytes = EncodeControlRequest("/home/ana/blog", args);
  ControlRequestReader whole;
  BOOST_CHECK(whole.Feed(bytes + "trailing bytes") == State::kDone);
  BOOST_CHECK_EQUAL(whole.cwd(), "/home/ana/blog");
  BOOST_CHECK(whole.args() == args);
  ControlRequestReader bytewise;
  for (size_t i = 0; i + 1 < bytes.size(); ++i) {
    BOOST_REQUIRE(bytewise.Feed(bytes.substr(i, 1)) == State::kNeedMore);
  }
  BOOST_CHECK(bytewise.Feed(bytes.substr(bytes.size() - 1)) == State::kDone);
  BOOST_CHECK(bytewise.args() == args);
}

BOOST_AUTO_TEST_CASE(bad_requests_are_refused_early) {
  auto state_of = [](const std::string& bytes) {
    ControlRequestReader r;
    return r.Feed(bytes);
  };
  const std::string ok = EncodeControlRequest("/", {"list"});
  BOOST_CHECK(state_of("GET / HTTP/1.1\r\n\r\n") == State::kBad);
  BOOST_CHECK(state_of(std::string("LPC1\0\0\0\0", 8)) == State::kBad);
  BOOST_CHECK(state_of(std::string("LPC1\xff\xff\xff\xff", 8)) == State::kBad);
  // One string claiming 2 GiB: refused at its length, not after reading.
  BOOST_CHECK(state_of(std::string("LPC1\0\0\0\1\x7f\xff\xff\xff", 12)) ==
              State::kBad);
  BOOST_CHECK(state_of(ok.substr(0, ok.size() - 1)) == State::kNeedMore);
  // More than kMaxControlRequestBytes in all, a piece at a time.
  ControlRequestReader big;
  std::string header("LPC1\0\0\0\2\0\x10\0\0", 12);  // a 1 MiB string
  State s = big.Feed(header);
  std::string chunk(64 << 10, 'x');
  for (int i = 0; i < 20 && s == State::kNeedMore; ++i) s = big.Feed(chunk);
  BOOST_CHECK(s == State::kBad);
  BOOST_CHECK(big.Feed(ok) == State::kBad);  // and stays so
}

BOOST_AUTO_TEST_CASE(frames_carry_their_length_and_the_exit_status) {
  const std::string frame = EncodeControlFrame('o', "hello\n");
  BOOST_CHECK_EQUAL(frame[0], 'o');
  BOOST_CHECK_EQUAL(DecodeControlU32(frame.data() + 1), 6u);
  BOOST_CHECK_EQUAL(frame.substr(5), "hello\n");
  const std::string exit = EncodeExitFrame(2);
  BOOST_CHECK_EQUAL(exit[0], 'x');
  BOOST_CHECK_EQUAL(DecodeControlU32(exit.data() + 1), 4u);
  BOOST_CHECK_EQUAL(DecodeControlU32(exit.data() + 5), 2u);
}
