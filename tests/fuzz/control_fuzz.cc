// Fuzz target: the control socket's request reader (control_protocol.h) on
// any byte stream, fed whole and split at input-chosen points as a socket
// would split it. Beyond crashes it checks the reader's promises: the same
// answer however the bytes arrive, never more than kMaxControlStrings
// strings or kMaxControlRequestBytes bytes, and a request it accepts reads
// back the same when encoded again.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "control_protocol.h"
#include "fuzz_check.h"

using levelpress::ControlRequestReader;
using levelpress::fuzz::Check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const size_t step = 1 + data[0] % 64;  // the split, chosen by the input
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);

  ControlRequestReader whole;
  const ControlRequestReader::State w = whole.Feed(bytes);

  ControlRequestReader pieces;
  ControlRequestReader::State p = ControlRequestReader::State::kNeedMore;
  for (size_t at = 0; at < bytes.size(); at += step) {
    p = pieces.Feed(bytes.substr(at, step));
  }
  Check(p == w);
  if (w != ControlRequestReader::State::kDone) return 0;

  const auto args = whole.args();
  Check(args == pieces.args() && whole.cwd() == pieces.cwd());
  Check(args.size() + 1 <= levelpress::kMaxControlStrings);
  const std::string again = levelpress::EncodeControlRequest(whole.cwd(), args);
  Check(again.size() <= levelpress::kMaxControlRequestBytes);
  Check(bytes.substr(0, again.size()) == again);  // extra bytes are ignored
  return 0;
}
