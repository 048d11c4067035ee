// Codec: the byte encoding of store records and keys. Records are a sequence
// of fields, each a varint length followed by bytes (strings) or a fixed
// 8-byte big-endian integer; decoding checks every length, so a truncated
// or foreign value is Corruption, never a crash. Stateless; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace levelpress {

class Encoder {
 public:
  void PutString(std::string_view s);
  void PutU64(uint64_t v);  // fixed width, big-endian: sorts as bytes do
  void PutI64(int64_t v) { PutU64(static_cast<uint64_t>(v)); }
  void PutBool(bool b) { out_.push_back(b ? 1 : 0); }
  void PutStrings(const std::vector<std::string>& v);
  const std::string& data() const { return out_; }
  std::string Release() { return std::move(out_); }

 private:
  std::string out_;
};

class Decoder {
 public:
  explicit Decoder(std::string_view in) : in_(in) {}
  bool GetString(std::string* s);
  bool GetU64(uint64_t* v);
  bool GetI64(int64_t* v);
  bool GetBool(bool* b);
  bool GetStrings(std::vector<std::string>* v);
  bool done() const { return in_.empty(); }

 private:
  bool GetVarint(uint64_t* v);
  std::string_view in_;
};

// Appends v as 8 big-endian bytes.
void AppendBigEndian64(std::string* out, uint64_t v);
uint64_t ReadBigEndian64(std::string_view in);

}  // namespace levelpress
