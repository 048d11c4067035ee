#include "image_variants.h"

#include <dlfcn.h>
#include <vips/vips.h>

namespace levelpress {
namespace {

// The libvips calls we make, from the library loaded at run time. The
// types come from its header, so a changed signature fails the build.
struct Vips {
  decltype(&vips_init) init = nullptr;
  decltype(&vips_thumbnail_buffer) thumbnail_buffer = nullptr;
  decltype(&vips_image_write_to_buffer) write_to_buffer = nullptr;
  decltype(&vips_error_buffer) error_buffer = nullptr;
  decltype(&vips_error_clear) error_clear = nullptr;
  decltype(&vips_cache_set_max) cache_set_max = nullptr;
  decltype(&g_object_unref) unref = nullptr;
  decltype(&g_free) free = nullptr;
  std::string why_not;  // empty: loaded
};

template <typename F>
bool Find(void* lib, const char* name, F* out) {
  *out = reinterpret_cast<F>(::dlsym(lib, name));
  return *out != nullptr;
}

Vips Load() {
  Vips v;
  // Never closed: libvips keeps threads and caches for the process.
  void* lib = ::dlopen("libvips.so.42", RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    v.why_not = std::string("cannot load libvips (") + ::dlerror() +
                "); install the Debian package libvips42 for smaller copies "
                "of large images";
    return v;
  }
  bool ok = Find(lib, "vips_init", &v.init) &&
            Find(lib, "vips_thumbnail_buffer", &v.thumbnail_buffer) &&
            Find(lib, "vips_image_write_to_buffer", &v.write_to_buffer) &&
            Find(lib, "vips_error_buffer", &v.error_buffer) &&
            Find(lib, "vips_error_clear", &v.error_clear) &&
            Find(lib, "vips_cache_set_max", &v.cache_set_max) &&
            Find(lib, "g_object_unref", &v.unref) &&
            Find(lib, "g_free", &v.free);
  if (!ok) {
    v.why_not = "libvips.so.42 lacks a function levelpress calls";
  } else if (v.init("levelpress") != 0) {
    v.why_not = std::string("libvips did not start: ") + v.error_buffer();
  } else {
    v.cache_set_max(0);  // each image is made once: nothing to reuse
  }
  return v;
}

// Loaded once, on first use (a function-local static is thread-safe).
const Vips& Lib() {
  static const Vips vips = Load();
  return vips;
}

// The save options per format: no metadata (smaller; no GPS position
// from a phone photo), quality as most sites use.
const char* SaveSuffix(ImageFormat format) {
  switch (format) {
    case ImageFormat::kJpeg:
      return ".jpg[Q=82,strip,interlace]";
    case ImageFormat::kPng:
      return ".png[strip]";
    case ImageFormat::kWebp:
      return ".webp[Q=80,strip]";
    default:
      return nullptr;
  }
}

// "a/shot.png", 640, "" -> "a/shot-640w.png"; with "webp": "a/shot-640w.webp".
std::string VariantPath(std::string_view path, int width,
                        const std::string& ext) {
  size_t slash = path.rfind('/');
  size_t dot = path.rfind('.');
  if (dot == std::string_view::npos ||
      (slash != std::string_view::npos && dot < slash))
    dot = path.size();
  std::string out(path.substr(0, dot));
  out += "-" + std::to_string(width) + "w";
  out += ext.empty() ? std::string(path.substr(dot)) : "." + ext;
  return out;
}

}  // namespace

std::vector<ImageVariant> ImageVariants(std::string_view path,
                                        ImageFormat format, ImageSize size,
                                        bool animated) {
  std::vector<ImageVariant> out;
  bool raster = format == ImageFormat::kJpeg || format == ImageFormat::kPng ||
                format == ImageFormat::kWebp;
  int64_t pixels = int64_t{size.width} * size.height;
  if (!raster || animated || size.width <= kVariantWidths[0] ||
      pixels > kMaxVariantPixels) {
    return out;
  }
  std::vector<int> widths;
  for (int w : kVariantWidths) {
    if (w < size.width) widths.push_back(w);
  }
  for (int w : widths) out.push_back({w, format, VariantPath(path, w, "")});
  if (format != ImageFormat::kWebp) {
    // A full-size WebP of a photo wider than the largest copy would be
    // the costliest file to make, for screens that seldom need it.
    if (widths.back() != std::end(kVariantWidths)[-1])
      widths.push_back(size.width);
    for (int w : widths) {
      out.push_back({w, ImageFormat::kWebp, VariantPath(path, w, "webp")});
    }
  }
  return out;
}

bool ImageVariantsAvailable(std::string* why) {
  const Vips& v = Lib();
  if (why) *why = v.why_not;
  return v.why_not.empty();
}

Status MakeImageVariant(std::string_view image, int width, ImageFormat format,
                        std::string* out) {
  const Vips& v = Lib();
  if (!v.why_not.empty()) return Status::IOError(v.why_not);
  const char* suffix = SaveSuffix(format);
  if (suffix == nullptr) return Status::InvalidArgument("not a variant format");
  // A height no image reaches: the width alone decides the scale.
  VipsImage* scaled = nullptr;
  int failed = v.thumbnail_buffer(const_cast<char*>(image.data()), image.size(),
                                  &scaled, width, "height", 10'000'000, "size",
                                  VIPS_SIZE_DOWN, nullptr);
  void* buf = nullptr;
  size_t len = 0;
  if (failed == 0) {
    failed = v.write_to_buffer(scaled, suffix, &buf, &len, nullptr);
    v.unref(scaled);
  }
  if (failed != 0) {
    std::string error = v.error_buffer();
    v.error_clear();
    while (!error.empty() && error.back() == '\n') error.pop_back();
    return Status::InvalidArgument("libvips: " + error);
  }
  out->assign(static_cast<const char*>(buf), len);
  v.free(buf);
  return Status::OK();
}

}  // namespace levelpress
