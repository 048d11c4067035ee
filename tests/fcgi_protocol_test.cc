// FcgiReader: the FastCGI records of one connection, read from bytes.
#define BOOST_TEST_MODULE fcgi_protocol
#include "fcgi_protocol.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

using namespace levelpress;

namespace {

std::string Record(uint8_t type, uint16_t id, const std::string& content) {
  std::string out;
  AppendFcgiRecord(type, id, content, &out);
  return out;
}

std::string Begin(uint16_t id, uint8_t flags = 0, uint16_t role = 1) {
  std::string content(8, '\0');
  content[0] = static_cast<char>(role >> 8);
  content[1] = static_cast<char>(role & 0xff);
  content[2] = static_cast<char>(flags);
  return Record(fcgi::kBeginRequest, id, content);
}

std::string Pair(const std::string& name, const std::string& value) {
  std::string out;
  for (size_t n : {name.size(), value.size()}) {
    if (n < 128) {
      out.push_back(static_cast<char>(n));
    } else {
      out.push_back(static_cast<char>(0x80 | (n >> 24)));
      out.push_back(static_cast<char>(n >> 16));
      out.push_back(static_cast<char>(n >> 8));
      out.push_back(static_cast<char>(n));
    }
  }
  return out + name + value;
}

// BEGIN, the params in one record, their end, and an empty body.
std::string WholeRequest(uint16_t id, const std::string& params,
                         uint8_t flags = 0) {
  return Begin(id, flags) + Record(fcgi::kParams, id, params) +
         Record(fcgi::kParams, id, "") + Record(fcgi::kStdin, id, "");
}

// Feeds all of `bytes` and collects events until the reader needs more.
std::vector<FcgiReader::Event> Drain(FcgiReader* reader, std::string* in,
                                     std::vector<FcgiRequest>* requests) {
  std::vector<FcgiReader::Event> events;
  while (true) {
    FcgiReader::Event e = reader->Next(in);
    if (e == FcgiReader::Event::kNeedMore) return events;
    events.push_back(e);
    if (e == FcgiReader::Event::kRequest)
      requests->push_back(reader->TakeRequest());
    if (e == FcgiReader::Event::kReply) reader->TakeReply();
    if (e == FcgiReader::Event::kError) return events;
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(reads_a_request_split_over_records_and_bytes) {
  std::string params = Pair("REQUEST_METHOD", "GET") +
                       Pair("REQUEST_URI", "/tags/") +
                       Pair("HTTP_X_LONG", std::string(300, 'v'));
  std::string bytes = Begin(7, fcgi::kKeepConn) +
                      Record(fcgi::kParams, 7, params.substr(0, 10)) +
                      Record(fcgi::kParams, 7, params.substr(10)) +
                      Record(fcgi::kParams, 7, "") +
                      Record(fcgi::kStdin, 7, "") + WholeRequest(8, params);
  // One byte at a time, as a slow client sends it.
  FcgiReader reader;
  std::string in;
  std::vector<FcgiRequest> requests;
  for (char c : bytes) {
    in.push_back(c);
    Drain(&reader, &in, &requests);
  }
  BOOST_REQUIRE_EQUAL(requests.size(), 2u);
  BOOST_CHECK_EQUAL(requests[0].id, 7);
  BOOST_CHECK(requests[0].keep_conn);
  BOOST_CHECK(!requests[1].keep_conn);
  BOOST_REQUIRE_EQUAL(requests[0].params.size(), 3u);
  BOOST_CHECK_EQUAL(requests[0].params[1].second, "/tags/");
  BOOST_CHECK_EQUAL(requests[0].params[2].second.size(), 300u);
  BOOST_CHECK_EQUAL(requests[0].reject_status, 0);
  BOOST_CHECK(in.empty());
}

// Regression: libfcgi allocated what a name/value length claimed (~4 GB)
// and asserted when malloc failed, killing the responder.
BOOST_AUTO_TEST_CASE(lengths_claiming_gigabytes_are_a_400_not_an_allocation) {
  std::string claim =
      "\xff\xff\xff\xff\xff\xff\xff\xf0"
      "abc";
  FcgiReader reader;
  std::string in = WholeRequest(1, claim);
  std::vector<FcgiRequest> requests;
  Drain(&reader, &in, &requests);
  BOOST_REQUIRE_EQUAL(requests.size(), 1u);
  BOOST_CHECK_EQUAL(requests[0].reject_status, 400);
  BOOST_CHECK(requests[0].params.empty());
}

BOOST_AUTO_TEST_CASE(name_value_lengths_are_checked_against_the_bytes) {
  std::vector<std::pair<std::string, std::string>> out;
  BOOST_CHECK(ParseFcgiNameValues(Pair("A", "b") + Pair("", ""), &out));
  BOOST_CHECK_EQUAL(out.size(), 2u);
  out.clear();
  BOOST_CHECK(!ParseFcgiNameValues(std::string("\x01\x05"
                                               "Ab",
                                               4),
                                   &out));
  BOOST_CHECK(!ParseFcgiNameValues(std::string("\x80\x00", 2), &out));
  BOOST_CHECK(!ParseFcgiNameValues(std::string("\x01", 1), &out));
}

BOOST_AUTO_TEST_CASE(parameters_over_the_limit_are_a_431_and_not_kept) {
  FcgiReader reader;
  std::string in = Begin(1);
  std::string chunk(60000, 'x');
  for (int i = 0; i < 40; ++i) in += Record(fcgi::kParams, 1, chunk);
  in += Record(fcgi::kParams, 1, "") + Record(fcgi::kStdin, 1, "");
  std::vector<FcgiRequest> requests;
  Drain(&reader, &in, &requests);
  BOOST_REQUIRE_EQUAL(requests.size(), 1u);
  BOOST_CHECK_EQUAL(requests[0].reject_status, 431);
}

BOOST_AUTO_TEST_CASE(a_body_over_the_limit_is_a_413) {
  FcgiReader reader;
  std::string in = Begin(1) + Record(fcgi::kParams, 1, "");
  std::string chunk(65535, 'b');
  for (int i = 0; i < 20; ++i) in += Record(fcgi::kStdin, 1, chunk);
  in += Record(fcgi::kStdin, 1, "");
  std::vector<FcgiRequest> requests;
  Drain(&reader, &in, &requests);
  BOOST_REQUIRE_EQUAL(requests.size(), 1u);
  BOOST_CHECK_EQUAL(requests[0].reject_status, 413);
}

BOOST_AUTO_TEST_CASE(protocol_violations_are_errors) {
  for (std::string bad :
       {std::string("\x02\x01\x00\x01\x00\x08\x00\x00", 8) +
            std::string(8, '\0'),  // version 2
        Record(fcgi::kBeginRequest, 1, "short"),
        Begin(1) + Record(fcgi::kStdin, 1, "early"), Begin(1) + Begin(1)}) {
    FcgiReader reader;
    std::vector<FcgiRequest> requests;
    auto events = Drain(&reader, &bad, &requests);
    BOOST_REQUIRE(!events.empty());
    BOOST_CHECK(events.back() == FcgiReader::Event::kError);
    BOOST_CHECK(!reader.error().empty());
  }
}

BOOST_AUTO_TEST_CASE(management_records_and_refusals_get_replies) {
  FcgiReader reader;
  std::string in = Record(fcgi::kGetValues, 0,
                          Pair("FCGI_MPXS_CONNS", "") + Pair("OTHER", ""));
  BOOST_REQUIRE(reader.Next(&in) == FcgiReader::Event::kReply);
  std::string reply = reader.TakeReply();
  BOOST_CHECK_EQUAL(static_cast<int>(reply[1]), fcgi::kGetValuesResult);
  BOOST_CHECK(reply.find("FCGI_MPXS_CONNS0") != std::string::npos);
  BOOST_CHECK(reply.find("OTHER") == std::string::npos);

  // A second request on a busy connection: FCGI_CANT_MPX_CONN, and the
  // first request goes on.
  in = Begin(1) + Begin(2) + Record(fcgi::kParams, 1, "") +
       Record(fcgi::kStdin, 1, "");
  BOOST_REQUIRE(reader.Next(&in) == FcgiReader::Event::kReply);
  reply = reader.TakeReply();
  BOOST_CHECK_EQUAL(static_cast<int>(reply[1]), fcgi::kEndRequest);
  BOOST_CHECK_EQUAL(static_cast<int>(reply[3]), 2);
  BOOST_CHECK_EQUAL(static_cast<int>(reply[8 + 4]), fcgi::kCantMpxConn);
  BOOST_CHECK(reader.Next(&in) == FcgiReader::Event::kRequest);
  BOOST_CHECK_EQUAL(reader.TakeRequest().id, 1);

  // Another role than responder.
  in = Begin(3, 0, /*role=*/2);
  BOOST_REQUIRE(reader.Next(&in) == FcgiReader::Event::kReply);
  reply = reader.TakeReply();
  BOOST_CHECK_EQUAL(static_cast<int>(reply[8 + 4]), fcgi::kUnknownRole);
}

BOOST_AUTO_TEST_CASE(abort_drops_the_request_in_progress) {
  FcgiReader reader;
  std::string in = Begin(4) + Record(fcgi::kAbortRequest, 4, "");
  BOOST_CHECK(reader.Next(&in) == FcgiReader::Event::kAborted);
  BOOST_CHECK(!reader.InRequest());
}

BOOST_AUTO_TEST_CASE(responses_are_split_into_records_that_read_back) {
  std::string body(200000, 'r');
  body[0] = 'S';
  std::string out;
  AppendFcgiResponse(9, body, &out);
  std::string read_back;
  size_t pos = 0, records = 0;
  bool ended = false;
  while (pos + 8 <= out.size()) {
    uint8_t type = static_cast<uint8_t>(out[pos + 1]);
    size_t length = static_cast<uint8_t>(out[pos + 4]) << 8 |
                    static_cast<uint8_t>(out[pos + 5]);
    size_t padding = static_cast<uint8_t>(out[pos + 6]);
    BOOST_CHECK_EQUAL((static_cast<uint8_t>(out[pos + 2]) << 8 |
                       static_cast<uint8_t>(out[pos + 3])),
                      9);
    if (type == fcgi::kStdout) read_back += out.substr(pos + 8, length);
    if (type == fcgi::kEndRequest) ended = true;
    BOOST_CHECK_EQUAL((8 + length + padding) % 8, 0u);
    pos += 8 + length + padding;
    ++records;
  }
  BOOST_CHECK_EQUAL(pos, out.size());
  BOOST_CHECK(ended);
  BOOST_CHECK(read_back == body);
  BOOST_CHECK_EQUAL(records, 4u + 1u + 1u);  // 4 chunks, end of stream, end
}
