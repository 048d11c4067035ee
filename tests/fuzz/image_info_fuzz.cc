// Fuzz target: the image size reader (ImageSizeOf, IsAnimated) on arbitrary
// bytes, as the importer runs it on every image a post shows. The first
// byte picks the format, the rest is the file's head. It must never crash
// or read out of bounds; a size it gives is within what it believes
// (1 to 1,000,000 pixels a side), and the copies planned for it are few.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "image_info.h"
#include "image_variants.h"

using namespace levelpress;
using levelpress::fuzz::Check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const ImageFormat kFormats[] = {
      ImageFormat::kPng,  ImageFormat::kJpeg, ImageFormat::kGif,
      ImageFormat::kWebp, ImageFormat::kSvg,  ImageFormat::kUnknown};
  const ImageFormat format = kFormats[data[0] % 6];
  std::string_view head(reinterpret_cast<const char*>(data + 1), size - 1);
  auto got = ImageSizeOf(format, head);
  bool animated = IsAnimated(format, head);
  if (got) {
    Check(got->width >= 1 && got->width <= 1'000'000);
    Check(got->height >= 1 && got->height <= 1'000'000);
    Check(ImageVariants("a/b.png", format, *got, animated).size() <= 7);
  }
  return 0;
}
