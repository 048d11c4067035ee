#include "control_protocol.h"

#include <cstring>

namespace levelpress {
namespace {

constexpr char kMagic[4] = {'L', 'P', 'C', '1'};
constexpr size_t kHeaderBytes = sizeof kMagic + 4;

void PutU32(std::string* out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((v >> shift) & 0xff));
  }
}

}  // namespace

uint32_t DecodeControlU32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (uint32_t{u[0]} << 24) | (uint32_t{u[1]} << 16) |
         (uint32_t{u[2]} << 8) | uint32_t{u[3]};
}

std::string EncodeControlFrame(char kind, const std::string& bytes) {
  std::string frame(1, kind);
  PutU32(&frame, static_cast<uint32_t>(bytes.size()));
  return frame + bytes;
}

std::string EncodeExitFrame(int status) {
  std::string code;
  PutU32(&code, static_cast<uint32_t>(status));
  return EncodeControlFrame('x', code);
}

std::string EncodeControlRequest(const std::string& cwd,
                                 const std::vector<std::string>& args) {
  std::string out(kMagic, sizeof kMagic);
  PutU32(&out, static_cast<uint32_t>(args.size() + 1));
  auto put = [&](const std::string& s) {
    PutU32(&out, static_cast<uint32_t>(s.size()));
    out += s;
  };
  put(cwd);
  for (const auto& a : args) put(a);
  return out;
}

ControlRequestReader::State ControlRequestReader::Feed(std::string_view bytes) {
  if (state_ != State::kNeedMore) return state_;
  size_t room = kMaxControlRequestBytes - buffer_.size();
  buffer_.append(bytes.data(), std::min(bytes.size(), room));
  state_ = Parse();
  if (state_ == State::kNeedMore && bytes.size() > room) state_ = State::kBad;
  return state_;
}

// Picks up where the last call stopped (parsed_), so feeding a request a
// byte at a time costs no more than feeding it whole.
ControlRequestReader::State ControlRequestReader::Parse() {
  if (count_ == 0) {
    if (buffer_.size() < kHeaderBytes) return State::kNeedMore;
    if (std::memcmp(buffer_.data(), kMagic, sizeof kMagic) != 0) {
      return State::kBad;
    }
    count_ = DecodeControlU32(buffer_.data() + sizeof kMagic);
    if (count_ == 0 || count_ > kMaxControlStrings) return State::kBad;
    parsed_ = kHeaderBytes;
  }
  while (strings_.size() < count_) {
    if (buffer_.size() - parsed_ < 4) return State::kNeedMore;
    const uint32_t size = DecodeControlU32(buffer_.data() + parsed_);
    if (size > kMaxControlRequestBytes) return State::kBad;
    if (buffer_.size() - parsed_ - 4 < size) return State::kNeedMore;
    strings_.emplace_back(buffer_, parsed_ + 4, size);
    parsed_ += 4 + size;
  }
  buffer_.clear();  // the strings have it all
  return State::kDone;
}

}  // namespace levelpress
