// The control socket's request (format in control.h), read a piece at a
// time and with no I/O, so that the server reads it with a deadline and
// the fuzz target can feed it anything (tests/fuzz/control_fuzz.cc).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace levelpress {

// A command line is a few paths and flags: anything bigger is not ours.
inline constexpr uint32_t kMaxControlStrings = 1024;
inline constexpr size_t kMaxControlRequestBytes = 1 << 20;

// The bytes a client sends: its working folder, then its arguments.
std::string EncodeControlRequest(const std::string& cwd,
                                 const std::vector<std::string>& args);

// A frame of the response: 'o' stdout, 'e' stderr, 'x' the exit status.
std::string EncodeControlFrame(char kind, const std::string& bytes);
std::string EncodeExitFrame(int status);
// A frame's 4-byte big-endian length (or exit status).
uint32_t DecodeControlU32(const char* bytes);

class ControlRequestReader {
 public:
  enum class State { kNeedMore, kDone, kBad };

  // Takes the next bytes of the stream; bytes after a whole request are
  // ignored. kBad for a wrong magic, no strings, too many, or a request
  // over kMaxControlRequestBytes; then and after kDone, it stays so.
  State Feed(std::string_view bytes);
  State state() const { return state_; }

  // After kDone: the client's working folder and its arguments.
  const std::string& cwd() const { return strings_.front(); }
  std::vector<std::string> args() const {
    return {strings_.begin() + 1, strings_.end()};
  }

 private:
  State Parse();

  State state_ = State::kNeedMore;
  std::string buffer_;
  size_t parsed_ = 0;   // bytes of buffer_ consumed by the fields below
  uint32_t count_ = 0;  // strings announced; 0 until the header is read
  std::vector<std::string> strings_;
};

}  // namespace levelpress
