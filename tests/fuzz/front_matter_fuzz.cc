// Fuzz target: the front matter splitter and YAML reader (FrontMatter) on
// arbitrary bytes, as the importer uses it for posts and authors. It must
// never crash, hang or throw; every value it hands out must be valid UTF-8
// without a character XML forbids (what feed.xml and sitemap.xml need),
// and every problem must name the file and a line inside the text.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "front_matter.h"
#include "fuzz_check.h"

using namespace levelpress;
using levelpress::fuzz::Check;
using levelpress::fuzz::XmlSafe;

namespace {

const char* const kFields[] = {"title",   "date",    "author", "authors",
                               "tags",    "summary", "slug",   "draft",
                               "aliases", "name",    "avatar", "description"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const int lines =
      1 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  const std::string file = "posts/fuzz.md";
  FrontMatter fm;
  std::vector<Problem> problems;
  bool ok = fm.Parse(file, text, &problems);
  Check(ok || !problems.empty());
  if (ok) {
    Check(fm.body().size() <= text.size());
    // >= 1, not 2: Hugo's JSON front matter may end on its first line,
    // with the body on the same line ("{...} text"; found by this target).
    Check(fm.body_line() >= 1 && fm.body_line() <= lines + 1);
    for (const char* field : kFields) {
      Check(fm.LineOf(field) >= 1);
      if (auto s = fm.String(field, &problems)) Check(XmlSafe(*s));
      if (auto list = fm.Strings(field, &problems)) {
        for (const auto& item : *list) Check(XmlSafe(item) && !item.empty());
      }
      (void)fm.Bool(field, &problems);
      (void)fm.Has(field);
    }
  }
  for (const auto& p : problems) {
    Check(p.file == file);
    Check(p.line >= 0 && p.line <= lines + 1);
    Check(!p.message.empty());
    (void)p.ToString();
  }
  return 0;
}
