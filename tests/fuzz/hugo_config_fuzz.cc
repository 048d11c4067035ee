// Fuzz target: a Hugo site's config files (HugoConfigReader) on arbitrary
// bytes, in each format and role the importer gives them: the top file,
// a split key file, a language's file. It must never crash, hang or throw;
// every problem names its file and a line inside the text; a default
// author it hands out is a name (XML-safe, with a letter or digit).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "hugo_config.h"
#include "slug.h"

using namespace levelpress;
using levelpress::fuzz::Check;
using levelpress::fuzz::XmlSafe;

namespace {

const char* const kFiles[] = {"hugo.toml",
                              "hugo.yaml",
                              "config.json",
                              "config/_default/params.toml",
                              "config/_default/permalinks.yaml",
                              "config/_default/languages.fr.json"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte picks the file; the rest is its text.
  const std::string file = kFiles[data[0] % std::size(kFiles)];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const int lines =
      1 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  HugoConfigReader reader;
  std::vector<Problem> problems;
  reader.Add(file, text, /*top=*/file.find('/') == std::string::npos,
             &problems);
  HugoConfig config = reader.Finish(&problems);
  for (const auto& p : problems) {
    Check(p.file == file);
    Check(p.line >= 0 && p.line <= lines + 1);
    Check(!p.message.empty());
  }
  if (!config.author.empty()) {
    Check(XmlSafe(config.author) && !Slugify(config.author).empty());
  }
  Check(config.content_dir == "content" ||
        config.content_dir.rfind("content/", 0) == 0);
  // What the import takes from the file is UTF-8, as the file had to be.
  for (const auto& [section, pattern] : config.permalinks) {
    Check(InvalidUtf8At(section) == std::string_view::npos &&
          InvalidUtf8At(pattern) == std::string_view::npos);
  }
  return 0;
}
