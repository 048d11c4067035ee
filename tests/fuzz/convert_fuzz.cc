// Fuzz target: what `levelpress convert` does to a post's HTML (block
// comments, shortcodes, paragraphs, entities) and what the importer does
// to an HTML post (html_post.h), and the Ghost editor documents of posts
// without HTML (ghost_documents.h), on arbitrary bytes. Nothing may crash,
// hang or throw; decoding entities never lengthens text; an HTML post's
// assets are always safe media paths inside the content folder; a
// document that is not read gives an empty body and says why.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "content.h"
#include "fuzz_check.h"
#include "ghost_documents.h"
#include "html_post.h"
#include "markdown.h"
#include "wordpress_content.h"

using namespace levelpress;
using levelpress::fuzz::Check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  bool blocks = false;
  std::string html = RemoveBlockComments(text, &blocks);
  Check(html.size() <= text.size());
  std::vector<std::string> unknown;
  html = ConvertWordPressShortcodes(html, &unknown);
  for (const auto& name : unknown) Check(!name.empty());
  html = AddParagraphs(html);
  Check(DecodeEntities(text).size() <= text.size());

  MarkdownOptions options;
  options.page_url = "/2020/01/01/fuzz/";
  options.asset_base_url = "/media/content/";
  options.source_dir = "posts/fuzz";
  for (std::string_view body : {text, std::string_view(html)}) {
    RenderedPost post = RenderHtmlPost(body, "", options);
    for (const auto& asset : post.assets) {
      Check(IsSafeRelativePath(asset) && IsMediaPath(asset));
    }
    Check(post.excerpt_html.size() <= post.body_html.size());
  }

  for (auto render : {&MobiledocBody, &LexicalBody}) {
    std::vector<std::string> left_out;
    std::string error;
    std::string body = render(text, &left_out, &error);
    Check(error.empty() || body.empty());
    for (const auto& name : left_out) (void)name;
  }
  return 0;
}
