#include "fragment.h"

#include <cstring>
#include <random>

namespace levelpress {
namespace {

constexpr char kMarkerEdge = '\x01';
constexpr size_t kKeyLetters = 16;

// The process's key: letters chosen at random once, so that a post's
// title cannot hold a marker by chance or on purpose.
const std::string& MarkerKey() {
  static const std::string key = [] {
    std::random_device device;
    std::string k;
    for (size_t i = 0; i < kKeyLetters; ++i)
      k += static_cast<char>('a' + device() % 26);
    return k;
  }();
  return key;
}

}  // namespace

std::string HoleMarker(char part) {
  return kMarkerEdge + MarkerKey() + part + kMarkerEdge;
}

void CutHoles(CachedPage* page) {
  const std::string& key = MarkerKey();
  const size_t marker_size = key.size() + 3;
  std::string& body = page->body;
  std::string cut;
  cut.reserve(body.size());
  page->holes.clear();
  size_t from = 0;
  while (from < body.size()) {
    const char* edge = static_cast<const char*>(
        std::memchr(body.data() + from, kMarkerEdge, body.size() - from));
    const size_t at = edge == nullptr ? body.size() : edge - body.data();
    const bool marker = at + marker_size <= body.size() &&
                        body.compare(at + 1, key.size(), key) == 0 &&
                        body[at + marker_size - 1] == kMarkerEdge;
    const size_t kept_to = marker ? at : std::min(at + 1, body.size());
    cut.append(body, from, kept_to - from);
    if (marker)
      page->holes.push_back(Hole{cut.size(), body[at + 1 + key.size()]});
    from = marker ? at + marker_size : kept_to;
  }
  body = std::move(cut);
}

void AppendFilled(
    const CachedPage& page,
    const std::function<void(char part, std::string* out)>& append_part,
    std::string* out) {
  const std::string& body = page.body;
  size_t from = 0;
  for (const Hole& hole : page.holes) {
    out->append(body, from, hole.at - from);
    append_part(hole.part, out);
    from = hole.at;
  }
  out->append(body, from, std::string::npos);
}

void AppendFilled(
    const CachedPage& page,
    std::initializer_list<std::pair<char, std::string_view>> parts,
    std::string* out) {
  AppendFilled(
      page,
      [&parts](char part, std::string* to) {
        for (const auto& [name, text] : parts) {
          if (name == part) {
            to->append(text);
            return;
          }
        }
      },
      out);
}

}  // namespace levelpress
