// FastCGI protocol: the records of one connection, read from bytes as they
// arrive and written as bytes to send (the responder role of the FastCGI
// 1.0 specification, one request at a time per connection).
//
// Why our own reader and not libfcgi's: libfcgi allocates whatever a
// FCGI_PARAMS name/value length claims (up to 2 GB each) and asserts when
// malloc fails, so one record from any client that reaches the socket
// killed the responder; it also blocks a thread per connection, so idle
// connections stopped all answering. This reader never allocates more than
// the limits below: a record's content is at most 64 KiB by the protocol's
// own framing, the parameters of a request at most kMaxParamsBytes, and
// the body is counted, not kept (pages answer GET and HEAD only).
// Name/value lengths are checked against the bytes actually received.
//
// A FcgiReader is a plain state machine with no I/O: the server feeds it
// bytes and acts on what it returns, and the fuzz target feeds it anything.
// Not thread-safe; one per connection.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace levelpress {

// Limits of one request, checked before anything is kept.
constexpr size_t kMaxParamsBytes = 64 << 10;  // all FCGI_PARAMS content
constexpr size_t kMaxBodyBytes = 1 << 20;     // FCGI_STDIN content

// One request, as complete as the client sent it.
struct FcgiRequest {
  uint16_t id = 0;
  bool keep_conn = false;  // FCGI_KEEP_CONN: the connection stays open
  std::vector<std::pair<std::string, std::string>> params;
  // The HTTP status to answer without routing when the request itself is
  // unacceptable (431 parameters too large, 413 body too large, 400
  // malformed name/value pairs); 0 when it is fine.
  int reject_status = 0;
};

class FcgiReader {
 public:
  enum class Event {
    kNeedMore,  // nothing complete yet: read more bytes
    kRequest,   // request() is complete: answer it
    kReply,     // reply() holds bytes to send (management answers, refusals)
    kAborted,   // the client aborted the request in progress: drop it
    kError,     // a protocol violation: close the connection (error())
  };

  // Consumes what it can from *in (removing it) and returns the first
  // event. Call again, with the same buffer, until kNeedMore.
  Event Next(std::string* in);

  // After kRequest: the request, moved out (the reader then waits for the
  // next FCGI_BEGIN_REQUEST).
  FcgiRequest TakeRequest();
  // After kReply: bytes to send, moved out.
  std::string TakeReply() { return std::move(reply_); }
  const std::string& error() const { return error_; }
  // True while a request has begun and is not complete yet.
  bool InRequest() const { return state_ != State::kIdle; }

 private:
  enum class State { kIdle, kParams, kStdin, kComplete };
  Event OnRecord(uint8_t type, uint16_t id, std::string_view content);
  Event OnBegin(uint16_t id, std::string_view content);
  Event OnParams(std::string_view content);
  Event OnStdin(std::string_view content);
  Event Fail(std::string why);

  State state_ = State::kIdle;
  FcgiRequest request_;
  std::string params_;  // raw FCGI_PARAMS content so far
  size_t body_bytes_ = 0;
  std::string reply_;
  std::string error_;
};

// Parses FastCGI name/value pairs. False if a length runs past the end.
bool ParseFcgiNameValues(std::string_view data,
                         std::vector<std::pair<std::string, std::string>>* out);

// Appends a whole response for request id: FCGI_STDOUT records carrying
// body (split at the protocol's 64 KiB), the empty FCGI_STDOUT that ends
// the stream, and FCGI_END_REQUEST.
void AppendFcgiResponse(uint16_t id, std::string_view body, std::string* out);

// Appends one record (content must be at most 65535 bytes).
void AppendFcgiRecord(uint8_t type, uint16_t id, std::string_view content,
                      std::string* out);

// Record types and values of the specification that the server uses.
namespace fcgi {
constexpr uint8_t kBeginRequest = 1, kAbortRequest = 2, kEndRequest = 3,
                  kParams = 4, kStdin = 5, kStdout = 6, kStderr = 7, kData = 8,
                  kGetValues = 9, kGetValuesResult = 10, kUnknownType = 11;
constexpr uint16_t kResponder = 1;
constexpr uint8_t kKeepConn = 1;
constexpr uint8_t kRequestComplete = 0, kCantMpxConn = 1, kOverloaded = 2,
                  kUnknownRole = 3;
constexpr size_t kHeaderBytes = 8;
}  // namespace fcgi

}  // namespace levelpress
