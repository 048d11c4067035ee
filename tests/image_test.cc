// Images in posts: sizes read from the files, lazy loading, figures, and
// the smaller copies the import writes (fcgi/content/image_info.h,
// image_variants.h, markdown.h, importer.h).
#define BOOST_TEST_MODULE image
#define BOOST_TEST_DYN_LINK
#include <sys/stat.h>
#include <vips/vips.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dates.h"
#include "image_info.h"
#include "image_variants.h"
#include "importer.h"
#include "markdown.h"
#include "settings.h"
#include "store.h"
#include "test_util.h"

using namespace levelpress;
using levelpress::testing::Contains;
using levelpress::testing::ReadFile;
using levelpress::testing::ReadTree;
using levelpress::testing::TempDir;
using levelpress::testing::WriteFile;
namespace fs = std::filesystem;

namespace {

struct VipsSetup {
  VipsSetup() { BOOST_REQUIRE(VIPS_INIT("image_test") == 0); }
};
BOOST_TEST_GLOBAL_FIXTURE(VipsSetup);

// A real image file's bytes, made by libvips: a grey width x height
// picture, saved with `suffix` (".png", ".jpg", ".webp[lossless]", ...).
std::string MakeImage(int width, int height, const char* suffix,
                      int bands = 3) {
  VipsImage* black = nullptr;
  BOOST_REQUIRE(vips_black(&black, width, height, "bands", bands, nullptr) ==
                0);
  VipsImage* grey = nullptr;
  BOOST_REQUIRE(
      vips_linear1(black, &grey, 1.0, 128.0, "uchar", TRUE, nullptr) == 0);
  g_object_unref(black);
  void* buf = nullptr;
  size_t len = 0;
  BOOST_REQUIRE_MESSAGE(
      vips_image_write_to_buffer(grey, suffix, &buf, &len, nullptr) == 0,
      vips_error_buffer());
  g_object_unref(grey);
  std::string out(static_cast<const char*>(buf), len);
  g_free(buf);
  return out;
}

// The width and height libvips reads from an image's bytes.
ImageSize Decoded(const std::string& bytes) {
  VipsImage* image =
      vips_image_new_from_buffer(bytes.data(), bytes.size(), "", nullptr);
  BOOST_REQUIRE_MESSAGE(image, vips_error_buffer());
  ImageSize size{vips_image_get_width(image), vips_image_get_height(image)};
  g_object_unref(image);
  return size;
}

std::optional<ImageSize> SizeOf(const std::string& name,
                                const std::string& bytes) {
  return ImageSizeOf(ImageFormatOf(name), bytes);
}

void CheckSize(const std::optional<ImageSize>& got, int w, int h) {
  BOOST_REQUIRE(got.has_value());
  BOOST_CHECK_EQUAL(got->width, w);
  BOOST_CHECK_EQUAL(got->height, h);
}

// Big-endian 32 bits, for hand-made PNG chunks.
std::string Be32(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16),
          static_cast<char>(v >> 8), static_cast<char>(v)};
}

// A PNG signature and IHDR chunk claiming width x height (CRC not checked
// by the reader), then `rest`.
std::string PngHeader(uint32_t width, uint32_t height,
                      const std::string& rest = "") {
  return std::string("\x89PNG\r\n\x1a\n", 8) + Be32(13) + "IHDR" + Be32(width) +
         Be32(height) + std::string("\x08\x02\0\0\0", 5) + Be32(0) + rest;
}

}  // namespace

// ------------------------------------------------------------- sizes

BOOST_AUTO_TEST_SUITE(sizes)

BOOST_AUTO_TEST_CASE(of_each_format_made_by_libvips) {
  CheckSize(SizeOf("a.png", MakeImage(123, 45, ".png")), 123, 45);
  CheckSize(SizeOf("a.PNG", MakeImage(1, 1, ".png")), 1, 1);
  CheckSize(SizeOf("a.jpg", MakeImage(123, 45, ".jpg")), 123, 45);
  CheckSize(SizeOf("a.jpeg", MakeImage(3000, 17, ".jpg[interlace]")), 3000, 17);
  // The three WebP kinds: lossy (VP8), lossless (VP8L), with alpha (VP8X).
  CheckSize(SizeOf("a.webp", MakeImage(123, 45, ".webp")), 123, 45);
  CheckSize(SizeOf("a.webp", MakeImage(123, 45, ".webp[lossless]")), 123, 45);
  CheckSize(SizeOf("a.webp", MakeImage(123, 45, ".webp", 4)), 123, 45);
  CheckSize(SizeOf("a.webp", MakeImage(16383, 2, ".webp[lossless]")), 16383, 2);
}

// A phone's photo is stored sideways with an EXIF orientation that turns
// it; a browser shows it turned, so its width and height swap.
BOOST_AUTO_TEST_CASE(jpeg_turned_by_exif_orientation) {
  auto jpeg = [](char endian, uint16_t orientation) {
    const bool le = endian == 'I';
    auto u16 = [&](uint16_t v) {
      return le ? std::string{char(v & 0xff), char(v >> 8)}
                : std::string{char(v >> 8), char(v & 0xff)};
    };
    auto u32 = [&](uint32_t v) {
      return le ? u16(v & 0xffff) + u16(v >> 16)
                : u16(v >> 16) + u16(v & 0xffff);
    };
    // TIFF header, IFD0 with one entry: 0x112 SHORT 1 = orientation.
    std::string tiff = std::string(2, endian) + u16(42) + u32(8) + u16(1) +
                       u16(0x112) + u16(3) + u32(1) + u16(orientation) +
                       u16(0) + u32(0);
    std::string app1 = std::string("Exif\0\0", 6) + tiff;
    std::string sof =
        std::string("\x08", 1) + Be32(100 << 16 | 200).substr(0, 4) +
        std::string("\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01", 10);
    auto seg = [](char marker, const std::string& body) {
      size_t n = body.size() + 2;
      return std::string{'\xff', marker, char(n >> 8), char(n & 0xff)} + body;
    };
    return std::string("\xff\xd8", 2) + seg('\xe1', app1) + seg('\xc0', sof);
  };
  // SOF: height 100, width 200.
  CheckSize(SizeOf("a.jpg", jpeg('I', 1)), 200, 100);
  CheckSize(SizeOf("a.jpg", jpeg('I', 6)), 100, 200);
  CheckSize(SizeOf("a.jpg", jpeg('M', 8)), 100, 200);
  CheckSize(SizeOf("a.jpg", jpeg('M', 3)), 200, 100);  // upside down
  // A real one made by libvips (stored 1600 x 800, turned a quarter): the
  // reader and the import's copies (libvips turns them upright) agree.
  VipsImage* black = nullptr;
  BOOST_REQUIRE(vips_black(&black, 1600, 800, "bands", 3, nullptr) == 0);
  vips_image_set_int(black, "orientation", 6);
  void* buf = nullptr;
  size_t len = 0;
  BOOST_REQUIRE(
      vips_image_write_to_buffer(black, ".jpg", &buf, &len, nullptr) == 0);
  g_object_unref(black);
  const std::string turned(static_cast<const char*>(buf), len);
  g_free(buf);
  CheckSize(SizeOf("a.jpg", turned), 800, 1600);
  std::string out;
  BOOST_REQUIRE(MakeImageVariant(turned, 640, ImageFormat::kJpeg, &out).ok());
  CheckSize(SizeOf("a.jpg", out), 640, 1280);
}

BOOST_AUTO_TEST_CASE(gif) {
  // Header, logical screen 300 x 200 (little-endian), no frames needed.
  std::string gif("GIF89a\x2c\x01\xc8\x00\x00\x00\x00", 13);
  CheckSize(SizeOf("a.gif", gif), 300, 200);
  CheckSize(SizeOf("a.gif", "GIF87a" + gif.substr(6)), 300, 200);
  BOOST_CHECK(!SizeOf("a.gif", gif.substr(0, 8)));
}

BOOST_AUTO_TEST_CASE(unreadable_files_have_no_size) {
  const std::string png = MakeImage(50, 40, ".png");
  const std::string jpg = MakeImage(50, 40, ".jpg");
  BOOST_CHECK(!SizeOf("a.png", png.substr(0, 20)));  // cut inside IHDR
  BOOST_CHECK(!SizeOf("a.png", ""));
  BOOST_CHECK(!SizeOf("a.png", "PNG1"));
  BOOST_CHECK(!SizeOf("a.jpg", png));  // a PNG named .jpg
  BOOST_CHECK(!SizeOf("a.png", jpg));
  BOOST_CHECK(!SizeOf("a.jpg", jpg.substr(0, 40)));  // before the frame
  BOOST_CHECK(!SizeOf("a.webp", "RIFF\0\0\0\0WEBPVP8 "));
  BOOST_CHECK(!SizeOf("a.txt", png));
  BOOST_CHECK(!SizeOf("a.png", PngHeader(0, 10)));
  // A JPEG of segments that never reach a frame, lengths pointing past
  // the end.
  BOOST_CHECK(!SizeOf("a.jpg", std::string("\xff\xd8\xff\xe0\xff\xff", 6)));
  BOOST_CHECK(!SizeOf("a.jpg", std::string("\xff\xd8\xff\xe0\x00\x00", 6)));
}

// A header may claim anything; the reader reports it and allocates
// nothing by it, and the import then makes no copies (too many pixels).
BOOST_AUTO_TEST_CASE(huge_header) {
  CheckSize(SizeOf("a.png", PngHeader(50000, 50000)), 50000, 50000);
  BOOST_CHECK(
      ImageVariants("a.png", ImageFormat::kPng, {50000, 50000}).empty());
  BOOST_CHECK(!SizeOf("a.png", PngHeader(0x7fffffff, 1)));  // past belief
}

BOOST_AUTO_TEST_CASE(svg) {
  CheckSize(SizeOf("a.svg", "<svg viewBox=\"0 0 300 150\"/>"), 300, 150);
  CheckSize(SizeOf("a.svg", "<svg viewBox='-5,-5, 20.4 10.6'></svg>"), 20, 11);
  // Pixel width and height are the size a browser gives it.
  CheckSize(SizeOf("a.svg",
                   "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"24\" "
                   "height=\"24px\" viewBox=\"0 0 512 512\">"),
            24, 24);
  // Other units do not say: the viewBox does.
  CheckSize(SizeOf("a.svg",
                   "<svg width=\"100%\" height=\"10em\" viewBox=\"0 0 8 6\">"),
            8, 6);
  // Prolog first: XML declaration, comments, a doctype with a subset.
  CheckSize(SizeOf("a.svg",
                   "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- <svg "
                   "viewBox=\"0 0 1 1\"> -->\n<!DOCTYPE svg [ <!ENTITY a "
                   "\"b>\"> ]>\n<svg:svg\n  width=\"640\" height=\"480\">"),
            640, 480);
  // No viewBox and no pixel size: none.
  BOOST_CHECK(!SizeOf("a.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\">"));
  BOOST_CHECK(!SizeOf("a.svg", "<svg width=\"100%\" height=\"100%\">"));
  BOOST_CHECK(!SizeOf("a.svg", "<svg/>"));
  BOOST_CHECK(!SizeOf("a.svg", "<svg viewBox=\"0 0 0 10\"/>"));
  BOOST_CHECK(!SizeOf("a.svg", "<svg viewBox=\"0 0 10\"/>"));
  BOOST_CHECK(!SizeOf("a.svg", "<html><svg viewBox=\"0 0 1 1\"/>"));
  BOOST_CHECK(!SizeOf("a.svg", "<svg viewBox=\"0 0 10 10"));  // cut short
  BOOST_CHECK(!SizeOf("a.svg", "junk"));
}

BOOST_AUTO_TEST_CASE(animation) {
  BOOST_CHECK(!IsAnimated(ImageFormat::kPng, MakeImage(10, 10, ".png")));
  BOOST_CHECK(IsAnimated(
      ImageFormat::kPng,
      PngHeader(10, 10, Be32(8) + "acTL" + Be32(2) + Be32(0) + Be32(0))));
  BOOST_CHECK(!IsAnimated(ImageFormat::kWebp, MakeImage(10, 10, ".webp", 4)));
}

BOOST_AUTO_TEST_SUITE_END()

// ----------------------------------------------------------- variants

BOOST_AUTO_TEST_SUITE(variants)

std::vector<std::string> Paths(const std::vector<ImageVariant>& v) {
  std::vector<std::string> out;
  for (const auto& x : v) out.push_back(x.path + " " + std::to_string(x.width));
  return out;
}

BOOST_AUTO_TEST_CASE(widths_below_the_image_in_its_format_and_webp) {
  std::vector<std::string> want = {
      "a/shot-640w.png 640",    "a/shot-1280w.png 1280",
      "a/shot-1920w.png 1920",  "a/shot-640w.webp 640",
      "a/shot-1280w.webp 1280", "a/shot-1920w.webp 1920"};
  BOOST_CHECK(Paths(ImageVariants("a/shot.png", ImageFormat::kPng,
                                  {2400, 1000})) == want);
  want = {"p/b-640w.JPG 640", "p/b-640w.webp 640", "p/b-641w.webp 641"};
  BOOST_CHECK(
      Paths(ImageVariants("p/b.JPG", ImageFormat::kJpeg, {641, 5000})) == want);
  want = {"c-640w.webp 640", "c-1280w.webp 1280"};  // WebP: no second set
  BOOST_CHECK(Paths(ImageVariants("c.webp", ImageFormat::kWebp,
                                  {1280 + 1, 10})) == want);
  // Up to 1920 wide, a WebP of its own width; wider, the 1920 copy is the
  // largest WebP.
  want = {"d-640w.png 640", "d-1280w.png 1280", "d-640w.webp 640",
          "d-1280w.webp 1280", "d-1920w.webp 1920"};
  BOOST_CHECK(Paths(ImageVariants("d.png", ImageFormat::kPng, {1920, 10})) ==
              want);
  want = {"d-640w.png 640",  "d-1280w.png 1280",  "d-1920w.png 1920",
          "d-640w.webp 640", "d-1280w.webp 1280", "d-1920w.webp 1920"};
  BOOST_CHECK(Paths(ImageVariants("d.png", ImageFormat::kPng, {1921, 10})) ==
              want);
  want = {"c-640w.webp 640", "c-1280w.webp 1280"};
  BOOST_CHECK(Paths(ImageVariants("c.webp", ImageFormat::kWebp,
                                  {1280 + 1, 10})) == want);
}

BOOST_AUTO_TEST_CASE(none_for_small_vector_animated_or_huge) {
  BOOST_CHECK(ImageVariants("a.png", ImageFormat::kPng, {640, 10}).empty());
  BOOST_CHECK(ImageVariants("a.svg", ImageFormat::kSvg, {4000, 10}).empty());
  BOOST_CHECK(ImageVariants("a.gif", ImageFormat::kGif, {4000, 10}).empty());
  BOOST_CHECK(
      ImageVariants("a.png", ImageFormat::kPng, {4000, 10}, true).empty());
  BOOST_CHECK(!ImageVariants("a.png", ImageFormat::kPng, {5000, 10000})
                   .empty());  // 50 MP exactly
  BOOST_CHECK(ImageVariants("a.png", ImageFormat::kPng, {5000, 10001}).empty());
}

BOOST_AUTO_TEST_CASE(made_by_libvips) {
  std::string why;
  BOOST_REQUIRE_MESSAGE(ImageVariantsAvailable(&why), why);
  const std::string jpg = MakeImage(1000, 500, ".jpg");
  for (ImageFormat f :
       {ImageFormat::kJpeg, ImageFormat::kPng, ImageFormat::kWebp}) {
    std::string out;
    Status s = MakeImageVariant(jpg, 640, f, &out);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
    BOOST_CHECK(Decoded(out) == (ImageSize{640, 320}));
    BOOST_CHECK(SizeOf(f == ImageFormat::kWebp  ? "x.webp"
                       : f == ImageFormat::kPng ? "x.png"
                                                : "x.jpg",
                       out) == (ImageSize{640, 320}));
  }
  // A tall image is scaled by its width too.
  std::string out;
  BOOST_REQUIRE(MakeImageVariant(MakeImage(800, 4000, ".png"), 640,
                                 ImageFormat::kPng, &out)
                    .ok());
  BOOST_CHECK(Decoded(out) == (ImageSize{640, 3200}));
  // Not an image: an error, not a crash.
  BOOST_CHECK(!MakeImageVariant("junk", 640, ImageFormat::kPng, &out).ok());
}

BOOST_AUTO_TEST_SUITE_END()

// ----------------------------------------------------------- markdown

BOOST_AUTO_TEST_SUITE(markup)

MarkdownOptions Options(std::map<std::string, ImageInfo> known) {
  MarkdownOptions o;
  o.page_url = "/2024/01/02/p/";
  o.asset_base_url = "/media/content/";
  o.source_dir = "posts";
  o.images = [known](const std::string& path) -> std::optional<ImageInfo> {
    auto it = known.find(path);
    if (it == known.end()) return std::nullopt;
    return it->second;
  };
  return o;
}

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos;
       at = s.find(what, at + 1))
    ++n;
  return n;
}

BOOST_AUTO_TEST_CASE(width_and_height) {
  auto o = Options({{"posts/a.png", {ImageFormat::kPng, {300, 200}}},
                    {"posts/b.svg", {ImageFormat::kSvg, {24, 24}}}});
  RenderedPost r = RenderPost("![A](a.png) ![B](b.svg) ![C](c.png)\n", "", o);
  BOOST_CHECK_MESSAGE(
      Contains(r.body_html,
               "<img src=\"/media/content/posts/a.png\" alt=\"A\" "
               "width=\"300\" height=\"200\" />"),
      r.body_html);
  BOOST_CHECK(Contains(r.body_html,
                       "<img src=\"/media/content/posts/b.svg\" alt=\"B\" "
                       "width=\"24\" height=\"24\" loading=\"lazy\" "
                       "decoding=\"async\" />"));
  // Unknown size: no attributes, no error.
  BOOST_CHECK(Contains(r.body_html,
                       "<img src=\"/media/content/posts/c.png\" alt=\"C\" "
                       "loading=\"lazy\" decoding=\"async\" />"));
  // Not an asset (absolute, another site): never looked up.
  r = RenderPost("![X](/posts/a.png) ![Y](https://x.org/posts/a.png)\n", "", o);
  BOOST_CHECK(!Contains(r.body_html, "width="));
}

BOOST_AUTO_TEST_CASE(lazy_except_the_first_of_a_body) {
  auto o = Options({});
  RenderedPost r =
      RenderPost("Intro ![1](1.png)\n\n![2](2.png)\n\n![3](3.png)\n", "", o);
  BOOST_CHECK_EQUAL(Count(r.body_html, "<img"), 3u);
  BOOST_CHECK_EQUAL(Count(r.body_html, "loading=\"lazy\""), 2u);
  BOOST_CHECK(Contains(r.body_html, "alt=\"1\" />"));
  // The excerpt (the first paragraph, same tree) is lazy throughout.
  BOOST_CHECK_MESSAGE(
      Contains(r.excerpt_html,
               "alt=\"1\" loading=\"lazy\" decoding=\"async\" />"),
      r.excerpt_html);
  // A summary or the text before <!--more-->: lazy too.
  r = RenderPost("![1](1.png) text\n", "Sum ![s](s.png)", o);
  BOOST_CHECK(Contains(r.excerpt_html, "alt=\"s\" loading=\"lazy\""));
  BOOST_CHECK(Contains(r.body_html, "alt=\"1\" />"));
  r = RenderPost("![1](1.png) a\n\n<!--more-->\n\nb\n", "", o);
  BOOST_CHECK(Contains(r.excerpt_html, "alt=\"1\" loading=\"lazy\""));
  BOOST_CHECK(Contains(r.body_html, "alt=\"1\" />"));
  // RenderExcerpt: all lazy; RenderMarkdown, a whole text: as a body.
  BOOST_CHECK(Contains(RenderExcerpt("![1](1.png)", "", o).html,
                       "alt=\"1\" loading=\"lazy\""));
  BOOST_CHECK(Contains(RenderMarkdown("![1](1.png) ![2](2.png)", o).html,
                       "alt=\"1\" /> <img"));
}

BOOST_AUTO_TEST_CASE(figure_with_caption) {
  auto o = Options({{"posts/a.png", {ImageFormat::kPng, {300, 200}}}});
  RenderedPost r = RenderPost(
      "Text.\n\n![Alt](a.png \"The <b>caption</b> & more\")\n\nAfter.\n", "",
      o);
  BOOST_CHECK_MESSAGE(
      Contains(r.body_html,
               "<figure><img src=\"/media/content/posts/a.png\" alt=\"Alt\" "
               "title=\"The &lt;b&gt;caption&lt;/b&gt; &amp; more\" "
               "width=\"300\" height=\"200\" /><figcaption>The "
               "&lt;b&gt;caption&lt;/b&gt; &amp; more</figcaption></figure>"),
      r.body_html);
  BOOST_CHECK(!Contains(r.body_html, "<p><figure>"));
  BOOST_CHECK(!Contains(r.body_html, "<p><img"));
  // Not alone in its paragraph, or no title: an image in the text.
  r = RenderPost("See ![a](a.png \"t\") here.\n\n![b](a.png)\n", "", o);
  BOOST_CHECK(!Contains(r.body_html, "<figure>"));
  BOOST_CHECK_EQUAL(Count(r.body_html, "<p><img"), 1u);
}

BOOST_AUTO_TEST_CASE(srcset_names_exactly_the_variants) {
  ImageInfo big{ImageFormat::kPng, {2400, 1200}};
  big.variants = true;
  auto o = Options({{"posts/my shot.png", big}});
  RenderedPost r = RenderPost("![x](x.png)\n\n![A](<my shot.png>)\n", "", o);
  const std::string u = "/media/content/posts/my%20shot";
  const std::string sizes =
      "sizes=\"(max-width: 740px) calc(100vw - 2.5rem), 700px\"";
  BOOST_CHECK_MESSAGE(
      Contains(r.body_html,
               "<picture><source type=\"image/webp\" srcset=\"" + u +
                   "-640w.webp 640w, " + u + "-1280w.webp 1280w, " + u +
                   "-1920w.webp 1920w\" " + sizes + " /><img src=\"" + u +
                   ".png\" alt=\"A\" width=\"2400\" " +
                   "height=\"1200\" srcset=\"" + u + "-640w.png 640w, " + u +
                   "-1280w.png 1280w, " + u + "-1920w.png 1920w, " + u +
                   ".png 2400w\" " + sizes +
                   " loading=\"lazy\" decoding=\"async\" /></picture>"),
      r.body_html);
  // Each named file is one ImageVariants lists.
  for (const auto& v :
       ImageVariants("posts/my shot.png", big.format, big.size)) {
    std::string name = v.path.substr(v.path.rfind('-'));
    BOOST_CHECK_MESSAGE(Contains(r.body_html, u + name), name);
  }
  // Without variants (none written): no srcset.
  big.variants = false;
  o = Options({{"posts/a.png", big}});
  r = RenderPost("![A](a.png)\n", "", o);
  BOOST_CHECK(!Contains(r.body_html, "srcset"));
  BOOST_CHECK(!Contains(r.body_html, "<picture>"));
}

BOOST_AUTO_TEST_SUITE_END()

// ------------------------------------------------------------- import

BOOST_AUTO_TEST_SUITE(import)

struct Blog {
  TempDir tmp{"levelpress-image"};
  Settings settings;
  std::unique_ptr<Store> store;
  std::string content = tmp / "content";
  std::string media = tmp / "media";
  bool remember = false;  // import as a running server does
  ImportMemo memo;

  Blog() {
    BOOST_REQUIRE(SetTimeZone("UTC").ok());
    settings.time_zone = "UTC";
    settings.store_path = tmp / "store";
    settings.media_dir = media;
    BOOST_REQUIRE(Store::Open(settings.store_path, OpenOptions(), &store).ok());
  }
  Status Import(ImportReport* r, bool prune = false) {
    ImportOptions o;
    o.dir = content;
    o.prune = prune;
    o.threads = 2;
    o.compact = false;
    if (remember) o.memo = &memo;
    return levelpress::Import(settings, store.get(), o, r);
  }
  ImportReport MustImport(bool prune = false) {
    ImportReport r;
    Status s = Import(&r, prune);
    std::string all;
    for (const auto& p : r.problems) all += p.ToString() + "\n";
    BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString() << "\n" << all);
    return r;
  }
  std::string Body(const std::string& slug) {
    Post p;
    BOOST_REQUIRE(store->View().GetPost(slug, &p).ok());
    return p.body_html;
  }
  void WritePost(const std::string& name, const std::string& body) {
    WriteFile(content + "/posts/" + name + ".md",
              "---\ntitle: " + name +
                  "\ndate: 2024-01-02T10:00:00Z\nauthor: Ann\n---\n" + body);
  }
};

std::vector<std::string> Warnings(const ImportReport& r) {
  std::vector<std::string> out;
  for (const auto& p : r.problems) {
    if (p.warning) out.push_back(p.ToString());
  }
  return out;
}

struct stat Stat(const std::string& path) {
  struct stat st {};
  BOOST_REQUIRE(::stat(path.c_str(), &st) == 0);
  return st;
}

BOOST_AUTO_TEST_CASE(sizes_copies_and_srcset) {
  Blog b;
  b.WritePost("p",
              "Intro.\n\n![big](img/big.png)\n\n![small](small.jpg)\n\n"
              "![icon](icon.svg)\n\n![bad](bad.png)\n");
  WriteFile(b.content + "/posts/img/big.png", MakeImage(2000, 1000, ".png"));
  WriteFile(b.content + "/posts/small.jpg", MakeImage(600, 400, ".jpg"));
  WriteFile(b.content + "/posts/icon.svg", "<svg viewBox=\"0 0 32 16\"/>");
  WriteFile(b.content + "/posts/bad.png", "\x89PNG\r\n");  // cut short
  ImportReport r = b.MustImport();
  const std::string html = b.Body("p");
  BOOST_CHECK(Contains(html, "alt=\"small\" width=\"600\" height=\"400\""));
  BOOST_CHECK(Contains(html, "alt=\"icon\" width=\"32\" height=\"16\""));
  BOOST_CHECK(Contains(html, "alt=\"bad\" loading"));
  BOOST_CHECK_MESSAGE(
      Contains(html,
               "srcset=\"/media/content/posts/img/big-640w.png 640w, "
               "/media/content/posts/img/big-1280w.png 1280w, "
               "/media/content/posts/img/big-1920w.png 1920w, "
               "/media/content/posts/img/big.png 2000w\""),
      html);
  std::vector<std::string> w = Warnings(r);
  BOOST_CHECK_MESSAGE(
      w == std::vector<std::string>{"posts/p.md:14: warning: cannot read the "
                                    "size of 'posts/bad.png' (cut short, not "
                                    "the image its name says, or an SVG "
                                    "without viewBox); it is shown without "
                                    "width and height"},
      (w.empty() ? std::string() : w[0]));
  // The files: the copies it names and no others, at their widths.
  auto tree = ReadTree(b.media);
  std::vector<std::string> names;
  for (const auto& [path, bytes] : tree) names.push_back(path);
  std::vector<std::string> want = {
      "content/posts/bad.png",           "content/posts/icon.svg",
      "content/posts/img/big-1280w.png", "content/posts/img/big-1280w.webp",
      "content/posts/img/big-1920w.png", "content/posts/img/big-1920w.webp",
      "content/posts/img/big-640w.png",  "content/posts/img/big-640w.webp",
      "content/posts/img/big.png",       "content/posts/small.jpg"};
  BOOST_CHECK_EQUAL_COLLECTIONS(names.begin(), names.end(), want.begin(),
                                want.end());
  for (const auto& v : ImageVariants("content/posts/img/big.png",
                                     ImageFormat::kPng, {2000, 1000})) {
    BOOST_CHECK_MESSAGE(tree.count(v.path), v.path);
    BOOST_CHECK(Contains(html, "/media/" + v.path + " "));
    if (tree.count(v.path)) {
      BOOST_CHECK(Decoded(tree[v.path]) == (ImageSize{v.width, v.width / 2}));
    }
  }
}

BOOST_AUTO_TEST_CASE(unchanged_images_are_not_made_again) {
  Blog b;
  b.WritePost("p", "![big](big.jpg)\n");
  WriteFile(b.content + "/posts/big.jpg", MakeImage(1400, 700, ".jpg"));
  b.MustImport();
  const std::string copy = b.media + "/content/posts/big-1280w.jpg";
  struct stat first = Stat(copy);
  b.WritePost("p", "Changed text. ![big](big.jpg)\n");
  b.MustImport();
  struct stat second = Stat(copy);
  BOOST_CHECK_EQUAL(first.st_ino, second.st_ino);  // not written again
  BOOST_CHECK_EQUAL(first.st_mtim.tv_nsec, second.st_mtim.tv_nsec);
  BOOST_CHECK_EQUAL(first.st_mtim.tv_sec, second.st_mtim.tv_sec);
  // A new image under the same name is.
  WriteFile(b.content + "/posts/big.jpg", MakeImage(1300, 1300, ".jpg"));
  b.MustImport();
  BOOST_CHECK(Decoded(ReadFile(copy)) == (ImageSize{1280, 1280}));
  BOOST_CHECK(Contains(b.Body("p"), "width=\"1300\" height=\"1300\""));
}

// A running server remembers the posts it parsed and does not parse an
// unchanged file again; but the HTML holds its images' sizes and names
// their copies, so a post whose image changed is parsed again.
BOOST_AUTO_TEST_CASE(a_remembered_post_follows_its_changed_image) {
  Blog b;
  b.remember = true;
  b.WritePost("p", "![a](a.png)\n");
  b.WritePost("q", "Text.\n");
  WriteFile(b.content + "/posts/a.png", MakeImage(1000, 100, ".png"));
  b.MustImport();
  BOOST_CHECK(Contains(b.Body("p"), "a.png 1000w"));
  WriteFile(b.content + "/posts/a.png", MakeImage(1500, 100, ".png"));
  ImportReport r = b.MustImport(/*prune=*/true);
  BOOST_CHECK_EQUAL(r.counts.changed, 1u);
  BOOST_CHECK_MESSAGE(Contains(b.Body("p"), "width=\"1500\""), b.Body("p"));
  BOOST_CHECK(Contains(b.Body("p"), "a-1280w.png 1280w"));
  auto tree = ReadTree(b.media);
  BOOST_CHECK(tree.count("content/posts/a-1280w.png"));
  BOOST_CHECK(tree.count("content/posts/a-1500w.webp"));
  BOOST_CHECK(!tree.count("content/posts/a-1000w.webp"));  // pruned
  // Unchanged again: nothing parsed, nothing written.
  r = b.MustImport();
  BOOST_CHECK_EQUAL(r.counts.changed, 0u);
}

BOOST_AUTO_TEST_CASE(prune_removes_the_copies_of_removed_images) {
  Blog b;
  b.WritePost("p", "![a](a.png)\n");
  b.WritePost("q", "![b](b.webp)\n");
  WriteFile(b.content + "/posts/a.png", MakeImage(700, 100, ".png"));
  WriteFile(b.content + "/posts/b.webp", MakeImage(700, 100, ".webp"));
  b.MustImport();
  auto tree = ReadTree(b.media);
  BOOST_CHECK(tree.count("content/posts/a-640w.png"));
  BOOST_CHECK(tree.count("content/posts/a-640w.webp"));
  BOOST_CHECK(tree.count("content/posts/a-700w.webp"));
  BOOST_CHECK(tree.count("content/posts/b-640w.webp"));
  fs::remove(b.content + "/posts/q.md");
  ImportReport r = b.MustImport(/*prune=*/true);
  BOOST_CHECK_EQUAL(r.media_removed, 2u);  // b.webp and its copy
  tree = ReadTree(b.media);
  std::vector<std::string> names;
  for (const auto& [path, bytes] : tree) names.push_back(path);
  std::vector<std::string> want = {
      "content/posts/a-640w.png", "content/posts/a-640w.webp",
      "content/posts/a-700w.webp", "content/posts/a.png"};
  BOOST_CHECK_EQUAL_COLLECTIONS(names.begin(), names.end(), want.begin(),
                                want.end());
}

// A header that claims 50000 x 50000 pixels: its size is written, nothing
// is decoded (no copies, a warning), and the import does not allocate
// gigabytes.
BOOST_AUTO_TEST_CASE(huge_header_gets_no_copies) {
  Blog b;
  b.WritePost("p", "![h](huge.png)\n");
  WriteFile(b.content + "/posts/huge.png", PngHeader(50000, 50000));
  ImportReport r = b.MustImport();
  BOOST_CHECK(Contains(b.Body("p"), "width=\"50000\" height=\"50000\""));
  BOOST_CHECK(!Contains(b.Body("p"), "srcset"));
  std::vector<std::string> w = Warnings(r);
  BOOST_REQUIRE_EQUAL(w.size(), 1u);
  BOOST_CHECK_MESSAGE(Contains(w[0],
                               "is 2500 megapixels; smaller copies are "
                               "made only up to 50"),
                      w[0]);
  BOOST_CHECK_EQUAL(ReadTree(b.media).size(), 1u);
}

// The header says 1000 pixels wide, the pixels are not there: the copies
// cannot be made, the import fails and the store is not changed.
BOOST_AUTO_TEST_CASE(an_image_that_does_not_open_fails_the_import) {
  Blog b;
  b.WritePost("p", "Old.\n");
  b.MustImport();
  const uint64_t generation = b.store->generation();
  b.WritePost("p", "![t](t.png)\n");
  WriteFile(b.content + "/posts/t.png", PngHeader(1000, 500));
  ImportReport r;
  Status s = b.Import(&r);
  BOOST_CHECK(s.IsIOError());
  BOOST_CHECK_MESSAGE(Contains(s.message(),
                               "t.png: cannot make its copy 640 "
                               "pixels wide (libvips: "),
                      s.message());
  BOOST_CHECK(Contains(s.message(), "nothing was changed in the store"));
  BOOST_CHECK_EQUAL(b.store->generation(), generation);
  BOOST_CHECK(Contains(b.Body("p"), "Old."));
}

BOOST_AUTO_TEST_SUITE_END()
