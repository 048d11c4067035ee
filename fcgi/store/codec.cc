#include "codec.h"

namespace levelpress {

void AppendBigEndian64(std::string* out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((v >> shift) & 0xff));
  }
}

uint64_t ReadBigEndian64(std::string_view in) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(in[i]);
  return v;
}

void Encoder::PutString(std::string_view s) {
  uint64_t n = s.size();
  while (n >= 0x80) {
    out_.push_back(static_cast<char>((n & 0x7f) | 0x80));
    n >>= 7;
  }
  out_.push_back(static_cast<char>(n));
  out_.append(s);
}

void Encoder::PutU64(uint64_t v) { AppendBigEndian64(&out_, v); }

void Encoder::PutStrings(const std::vector<std::string>& v) {
  PutU64(v.size());
  for (const auto& s : v) PutString(s);
}

bool Decoder::GetVarint(uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift <= 63 && !in_.empty(); shift += 7) {
    auto byte = static_cast<unsigned char>(in_[0]);
    in_.remove_prefix(1);
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      return true;
    }
  }
  return false;
}

bool Decoder::GetString(std::string* s) {
  uint64_t n;
  if (!GetVarint(&n) || n > in_.size()) return false;
  s->assign(in_.substr(0, n));
  in_.remove_prefix(n);
  return true;
}

bool Decoder::GetU64(uint64_t* v) {
  if (in_.size() < 8) return false;
  *v = ReadBigEndian64(in_);
  in_.remove_prefix(8);
  return true;
}

bool Decoder::GetI64(int64_t* v) {
  uint64_t u;
  if (!GetU64(&u)) return false;
  *v = static_cast<int64_t>(u);
  return true;
}

bool Decoder::GetBool(bool* b) {
  if (in_.empty()) return false;
  *b = in_[0] != 0;
  in_.remove_prefix(1);
  return true;
}

bool Decoder::GetStrings(std::vector<std::string>* v) {
  uint64_t n;
  if (!GetU64(&n) || n > in_.size()) return false;
  v->clear();
  v->reserve(n);
  for (uint64_t i = 0; i < n; ++i) {
    std::string s;
    if (!GetString(&s)) return false;
    v->push_back(std::move(s));
  }
  return true;
}

}  // namespace levelpress
