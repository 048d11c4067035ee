#include "image_info.h"

#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <utility>

namespace levelpress {
namespace {

// Sizes past this are not believed (no real image is a million pixels
// wide; the formats allow 2^31).
constexpr int64_t kMaxSide = 1'000'000;

std::optional<ImageSize> Checked(int64_t width, int64_t height) {
  if (width < 1 || height < 1 || width > kMaxSide || height > kMaxSide)
    return std::nullopt;
  return ImageSize{static_cast<int>(width), static_cast<int>(height)};
}

uint32_t Byte(std::string_view b, size_t i) {
  return static_cast<unsigned char>(b[i]);
}
uint32_t Be16(std::string_view b, size_t i) {
  return Byte(b, i) << 8 | Byte(b, i + 1);
}
uint32_t Be32(std::string_view b, size_t i) {
  return Be16(b, i) << 16 | Be16(b, i + 2);
}
uint32_t Le16(std::string_view b, size_t i) {
  return Byte(b, i) | Byte(b, i + 1) << 8;
}
uint32_t Le24(std::string_view b, size_t i) {
  return Le16(b, i) | Byte(b, i + 2) << 16;
}
uint32_t Le32(std::string_view b, size_t i) {
  return Le16(b, i) | Le16(b, i + 2) << 16;
}

// Signature, then the IHDR chunk first: width and height at 16 and 20.
std::optional<ImageSize> PngSize(std::string_view b) {
  if (b.size() < 24 || b.substr(0, 8) != "\x89PNG\r\n\x1a\n" ||
      b.substr(12, 4) != "IHDR") {
    return std::nullopt;
  }
  return Checked(Be32(b, 16), Be32(b, 20));
}

// "GIF87a"/"GIF89a", then the logical screen's width and height.
std::optional<ImageSize> GifSize(std::string_view b) {
  if (b.size() < 10 ||
      (b.substr(0, 6) != "GIF87a" && b.substr(0, 6) != "GIF89a"))
    return std::nullopt;
  return Checked(Le16(b, 6), Le16(b, 8));
}

// RIFF....WEBP, then the first chunk: VP8 (lossy), VP8L (lossless) or
// VP8X (extended: the canvas size).
std::optional<ImageSize> WebpSize(std::string_view b) {
  if (b.size() < 30 || b.substr(0, 4) != "RIFF" || b.substr(8, 4) != "WEBP")
    return std::nullopt;
  std::string_view chunk = b.substr(12, 4);
  if (chunk == "VP8 ") {
    if (b.substr(23, 3) != "\x9d\x01\x2a") return std::nullopt;
    return Checked(Le16(b, 26) & 0x3fff, Le16(b, 28) & 0x3fff);
  }
  if (chunk == "VP8L") {
    if (Byte(b, 20) != 0x2f) return std::nullopt;
    uint32_t bits = Le32(b, 21);
    return Checked((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
  }
  if (chunk == "VP8X") return Checked(Le24(b, 24) + 1, Le24(b, 27) + 1);
  return std::nullopt;
}

// Whether an APP1 Exif segment's orientation (tag 0x112 of IFD0) turns
// the image a quarter (values 5 to 8).
bool ExifTurns(std::string_view seg) {
  if (seg.size() < 14 || seg.substr(0, 6) != std::string_view("Exif\0\0", 6))
    return false;
  std::string_view tiff = seg.substr(6);
  bool little = tiff.substr(0, 2) == "II";
  if (!little && tiff.substr(0, 2) != "MM") return false;
  auto u16 = [&](size_t i) { return little ? Le16(tiff, i) : Be16(tiff, i); };
  auto u32 = [&](size_t i) { return little ? Le32(tiff, i) : Be32(tiff, i); };
  uint32_t ifd = u32(4);
  if (ifd > tiff.size() || tiff.size() - ifd < 2) return false;
  uint32_t count = u16(ifd);
  for (uint32_t k = 0; k < count; ++k) {
    size_t entry = ifd + 2 + 12 * size_t{k};
    if (entry + 12 > tiff.size()) return false;
    if (u16(entry) == 0x112) {
      uint32_t v = u16(entry + 8);
      return v >= 5 && v <= 8;
    }
  }
  return false;
}

// Segments up to the first start-of-frame marker, which holds the size.
std::optional<ImageSize> JpegSize(std::string_view b) {
  if (b.size() < 4 || Byte(b, 0) != 0xFF || Byte(b, 1) != 0xD8)
    return std::nullopt;
  size_t pos = 2;
  bool turned = false;
  while (pos + 4 <= b.size()) {
    if (Byte(b, pos) != 0xFF) return std::nullopt;
    uint32_t marker = Byte(b, pos + 1);
    if (marker == 0xFF) {  // fill byte
      ++pos;
      continue;
    }
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
      pos += 2;  // no length
      continue;
    }
    if (marker == 0xD9 || marker == 0xDA) return std::nullopt;  // no frame
    uint32_t length = Be16(b, pos + 2);
    if (length < 2) return std::nullopt;
    bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 &&
               marker != 0xC8 && marker != 0xCC;
    if (sof) {
      if (pos + 9 > b.size()) return std::nullopt;
      // A height of 0 is defined later (DNL): no size here.
      auto size = Checked(Be16(b, pos + 7), Be16(b, pos + 5));
      if (size && turned) std::swap(size->width, size->height);
      return size;
    }
    if (marker == 0xE1 && pos + 2 + length <= b.size())
      turned = turned || ExifTurns(b.substr(pos + 4, length - 2));
    pos += 2 + length;
  }
  return std::nullopt;
}

// ------------------------------------------------------------------ SVG
//
// A bounded scan for the root element: an XML declaration, comments,
// processing instructions and a doctype (with an internal subset) may come
// first. Only the root's own attributes are read.

bool StartsWith(std::string_view s, size_t pos, std::string_view p) {
  return s.substr(pos, p.size()) == p;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The position after what starts at pos and ends with `end`, or npos.
size_t After(std::string_view s, size_t pos, std::string_view end) {
  size_t at = s.find(end, pos);
  return at == std::string_view::npos ? at : at + end.size();
}

// The position of the root element's '<', or npos.
size_t RootElement(std::string_view s) {
  size_t pos = StartsWith(s, 0, "\xEF\xBB\xBF") ? 3 : 0;
  while (pos < s.size()) {
    if (IsSpace(s[pos])) {
      ++pos;
    } else if (StartsWith(s, pos, "<?")) {
      pos = After(s, pos, "?>");
    } else if (StartsWith(s, pos, "<!--")) {
      pos = After(s, pos + 4, "-->");
    } else if (StartsWith(s, pos, "<!")) {  // doctype, maybe with [...]
      size_t gt = s.find_first_of("[>", pos);
      if (gt != std::string_view::npos && s[gt] == '[') gt = After(s, gt, "]");
      pos = gt == std::string_view::npos ? gt : After(s, gt, ">");
    } else if (s[pos] == '<') {
      return pos;
    } else {
      return std::string_view::npos;
    }
  }
  return std::string_view::npos;
}

// The attributes of the start tag at s[pos] ('<'), if it is an <svg>
// (any namespace prefix) and ends within s.
std::optional<std::map<std::string, std::string>> SvgAttributes(
    std::string_view s, size_t pos) {
  size_t name_end = s.find_first_of(" \t\r\n/>", pos + 1);
  if (name_end == std::string_view::npos) return std::nullopt;
  std::string_view name = s.substr(pos + 1, name_end - pos - 1);
  if (name != "svg" &&
      !(name.size() > 4 && name.substr(name.size() - 4) == ":svg"))
    return std::nullopt;
  std::map<std::string, std::string> attrs;
  pos = name_end;
  for (;;) {
    while (pos < s.size() && IsSpace(s[pos])) ++pos;
    if (pos >= s.size()) return std::nullopt;  // cut short
    if (s[pos] == '>' || s[pos] == '/') return attrs;
    size_t eq = s.find('=', pos);
    if (eq == std::string_view::npos) return std::nullopt;
    std::string key(s.substr(pos, eq - pos));
    while (!key.empty() && IsSpace(key.back())) key.pop_back();
    size_t quote = eq + 1;
    while (quote < s.size() && IsSpace(s[quote])) ++quote;
    if (quote >= s.size() || (s[quote] != '"' && s[quote] != '\''))
      return std::nullopt;
    size_t close = s.find(s[quote], quote + 1);
    if (close == std::string_view::npos) return std::nullopt;
    attrs.emplace(std::move(key), s.substr(quote + 1, close - quote - 1));
    pos = close + 1;
  }
}

// A length in pixels ("120", "120.5", "120px"), or nullopt (other units,
// percentages, junk).
std::optional<double> Pixels(std::string value) {
  while (!value.empty() && IsSpace(value.back())) value.pop_back();
  if (value.size() > 2 && value.substr(value.size() - 2) == "px")
    value.resize(value.size() - 2);
  const char* begin = value.c_str();
  char* end = nullptr;
  double v = std::strtod(begin, &end);
  while (end && IsSpace(*end)) ++end;
  if (end == begin || *end != '\0' || !std::isfinite(v) || v <= 0)
    return std::nullopt;
  return v;
}

// "min-x min-y width height", separated by spaces and/or commas.
std::optional<ImageSize> ViewBoxSize(const std::string& value) {
  double n[4];
  const char* p = value.c_str();
  for (double& x : n) {
    while (IsSpace(*p) || *p == ',') ++p;
    char* end = nullptr;
    x = std::strtod(p, &end);
    if (end == p || !std::isfinite(x)) return std::nullopt;
    p = end;
  }
  if (n[2] <= 0 || n[3] <= 0 || n[2] > kMaxSide || n[3] > kMaxSide)
    return std::nullopt;
  return Checked(std::llround(std::max(1.0, n[2])),
                 std::llround(std::max(1.0, n[3])));
}

std::optional<ImageSize> SvgSize(std::string_view s) {
  size_t root = RootElement(s);
  if (root == std::string_view::npos) return std::nullopt;
  auto attrs = SvgAttributes(s, root);
  if (!attrs) return std::nullopt;
  auto width = attrs->find("width"), height = attrs->find("height");
  if (width != attrs->end() && height != attrs->end()) {
    auto w = Pixels(width->second), h = Pixels(height->second);
    if (w && h && *w <= kMaxSide && *h <= kMaxSide) {
      return Checked(std::llround(std::max(1.0, *w)),
                     std::llround(std::max(1.0, *h)));
    }
  }
  if (auto box = attrs->find("viewBox"); box != attrs->end())
    return ViewBoxSize(box->second);
  return std::nullopt;
}

// An APNG has an acTL chunk before its first IDAT.
bool PngAnimated(std::string_view b) {
  if (!PngSize(b)) return false;
  for (size_t pos = 8; pos + 8 <= b.size();) {
    std::string_view type = b.substr(pos + 4, 4);
    if (type == "acTL") return true;
    if (type == "IDAT") return false;
    pos += 12 + size_t{Be32(b, pos)};
  }
  return false;
}

}  // namespace

bool IsAnimated(ImageFormat format, std::string_view head) {
  if (format == ImageFormat::kPng) return PngAnimated(head);
  if (format == ImageFormat::kWebp) {
    return WebpSize(head) && head.substr(12, 4) == "VP8X" &&
           (Byte(head, 20) & 0x02) != 0;
  }
  return false;
}

ImageFormat ImageFormatOf(std::string_view path) {
  size_t dot = path.rfind('.');
  if (dot == std::string_view::npos ||
      path.find('/', dot) != std::string_view::npos)
    return ImageFormat::kUnknown;
  std::string ext;
  for (char c : path.substr(dot + 1))
    ext += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == "png") return ImageFormat::kPng;
  if (ext == "jpg" || ext == "jpeg") return ImageFormat::kJpeg;
  if (ext == "gif") return ImageFormat::kGif;
  if (ext == "webp") return ImageFormat::kWebp;
  if (ext == "svg") return ImageFormat::kSvg;
  return ImageFormat::kUnknown;
}

std::optional<ImageSize> ImageSizeOf(ImageFormat format,
                                     std::string_view head) {
  switch (format) {
    case ImageFormat::kPng:
      return PngSize(head);
    case ImageFormat::kJpeg:
      return JpegSize(head);
    case ImageFormat::kGif:
      return GifSize(head);
    case ImageFormat::kWebp:
      return WebpSize(head);
    case ImageFormat::kSvg:
      return SvgSize(head);
    case ImageFormat::kUnknown:
      break;
  }
  return std::nullopt;
}

}  // namespace levelpress
