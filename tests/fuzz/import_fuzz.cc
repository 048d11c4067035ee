// Fuzz target: the Markdown import path of one post (ParsePostFile: the
// size and bracket guards, front matter, every field check, cmark and our
// URL rewriting, body and excerpt) on arbitrary bytes. It must never
// crash, hang or throw; a post it accepts must have a valid slug, aliases
// that are paths, assets that stay inside the content folder, and text and
// HTML that XML can carry (feeds show them).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "content.h"
#include "dates.h"
#include "front_matter.h"
#include "fuzz_check.h"
#include "slug.h"

using namespace levelpress;
using levelpress::fuzz::Check;
using levelpress::fuzz::XmlSafe;

namespace {

struct Fixture {
  Settings settings;
  AuthorIndex authors;
  Fixture() {
    if (!SetTimeZone("UTC").ok()) __builtin_trap();
    settings.max_post_bytes = 64 << 10;  // keeps each run fast
    Author ann;
    ann.id = "ann";
    ann.name = "Ann Example";
    authors.Add(ann);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const Fixture* fixture = new Fixture;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ParsedPost parsed = ParsePostFile("posts/2024/fuzz.md", text,
                                    fixture->settings, fixture->authors);
  Check(parsed.ok || !parsed.problems.empty());
  for (const auto& p : parsed.problems) {
    Check(p.file == "posts/2024/fuzz.md" && p.line >= 0);
  }
  if (!parsed.ok) return 0;
  const Post& post = parsed.post;
  Check(IsValidSlug(post.slug));
  Check(!post.title.empty() && XmlSafe(post.title));
  Check(!post.author_ids.empty());
  for (const auto& id : post.author_ids) Check(!id.empty() && XmlSafe(id));
  Check(XmlSafe(post.summary));
  for (const auto& t : post.tags) Check(XmlSafe(t));
  for (const auto& a : post.aliases) {
    Check(!a.empty() && a[0] == '/' && a.find("..") == std::string::npos);
    Check(XmlSafe(a));
  }
  for (const auto& asset : post.assets) {
    Check(!asset.empty() && asset[0] != '/' && asset.rfind("..", 0) != 0);
  }
  Check(XmlSafe(post.body_html));
  Check(XmlSafe(post.excerpt_html));
  Check(post.body_markdown.size() <= text.size());
  return 0;
}
