// Image info: the pixel size of an image file, read from the first bytes
// of the file (PNG, JPEG, GIF, WebP headers; an SVG's root element), so
// the Markdown can give every <img> its width and height and the page does
// not jump while images load. No pixel data is decoded and nothing here
// allocates by what a header claims: a 50000x50000 header is just two
// numbers. Anything unreadable (cut short, not the format its name says,
// no size) gives no size, never an error. Pure functions: thread-safe.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace levelpress {

enum class ImageFormat { kUnknown, kPng, kJpeg, kGif, kWebp, kSvg };

struct ImageSize {
  int width = 0;
  int height = 0;
  bool operator==(const ImageSize& o) const {
    return width == o.width && height == o.height;
  }
};

// What the importer knows of an image a post shows.
struct ImageInfo {
  ImageFormat format = ImageFormat::kUnknown;
  ImageSize size;
  bool animated = false;  // an animated PNG or WebP
  // The import writes the smaller copies image_variants.h names for it
  // (so the Markdown may refer to them).
  bool variants = false;
};

// The image at a content-relative path, or nullopt if it has no known
// size. Called from several threads at once.
using ImageLookup =
    std::function<std::optional<ImageInfo>(const std::string& path)>;

// By the file name's extension (any case); kUnknown for other files.
ImageFormat ImageFormatOf(std::string_view path);

// The bytes a file's size is looked for in: its first kImageHeadBytes
// (a JPEG's size comes after its metadata, which can be long).
constexpr size_t kImageHeadBytes = 512 * 1024;

// The size in `head`, the first bytes of a file of that format, or
// nullopt if they are not such an image, are cut short or give no size.
// An SVG's size is its width and height attributes if both are in pixels
// (that is the size a browser gives it), else its viewBox's. A JPEG's is
// as shown: width and height swap if its EXIF orientation turns it.
std::optional<ImageSize> ImageSizeOf(ImageFormat format, std::string_view head);

// Whether `head` says the image is animated (an APNG's acTL chunk, a
// WebP's animation flag); false if unsure, and for a GIF.
bool IsAnimated(ImageFormat format, std::string_view head);

}  // namespace levelpress
