// Image variants: the smaller copies of a large raster image that the
// import writes beside it in the media folder, so a phone does not load a
// 4000-pixel photo. ImageVariants decides which there are, for both sides:
// the importer writes exactly those files, and the Markdown names exactly
// those in srcset. A JPEG, PNG or WebP wider than 640 pixels gets copies
// 640, 1280 and 1920 wide (those narrower than it), in its own format and
// as WebP; and, when it is not wider than 1920, one WebP as wide as
// itself, so that a browser that takes the WebP <source> still gets up to
// the size the <img> offers (a 1000-pixel screenshot on a 2x screen would
// otherwise get the 640 copy). "a/shot.png" 2400 wide gives
// "a/shot-640w.png", ..., "a/shot-1920w.png", "a/shot-640w.webp", ...,
// "a/shot-1920w.webp"; 1000 wide, "a/shot-640w.png", "a/shot-640w.webp",
// "a/shot-1000w.webp".
// Images over kMaxVariantPixels get none (decoding them is the cost), nor
// do animated ones (a copy would keep one frame).
//
// The scaling is libvips', loaded with dlopen the first time a variant is
// made: a plain CGI request, which never makes one, does not pay for
// loading its hundred libraries. Without libvips there are no variants
// (ImageVariantsAvailable says why). Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "image_info.h"
#include "status.h"

namespace levelpress {

constexpr int kVariantWidths[] = {640, 1280, 1920};
constexpr int64_t kMaxVariantPixels = 50'000'000;

struct ImageVariant {
  int width = 0;
  ImageFormat format = ImageFormat::kUnknown;  // the original's, or WebP
  std::string path;                            // beside the original's
};

// The variants of the image at `path` (any relative path or URL path),
// the original's format first, each by width; empty if it gets none. The
// sizes (and animated) are the original's.
std::vector<ImageVariant> ImageVariants(std::string_view path,
                                        ImageFormat format, ImageSize size,
                                        bool animated = false);

// Whether libvips can be loaded (tried once); if not, *why says what to
// install.
bool ImageVariantsAvailable(std::string* why);

// `image` (a file's bytes) scaled to `width` pixels wide, in `format`
// (JPEG, PNG or WebP), without its metadata and turned upright (EXIF
// orientation) as a browser shows it.
Status MakeImageVariant(std::string_view image, int width, ImageFormat format,
                        std::string* out);

}  // namespace levelpress
