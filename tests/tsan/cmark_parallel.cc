// TSan check of fcgi/content/cmark_special_chars.{h,cc}: GFM parses (with
// the extensions) and plain parses (RenderExcerpt's kind) on four threads
// must give a single thread's bytes, with no data race reported.
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cmark_special_chars.h"

static cmark_llist* exts;
static const int kOpt = CMARK_OPT_SMART | CMARK_OPT_FOOTNOTES;
static bool parallel = true;
static std::mutex mu;

static std::string Gfm(const std::string& md) {
  cmark_parser* p = cmark_parser_new(kOpt);
  for (cmark_llist* e = exts; e; e = e->next)
    cmark_parser_attach_syntax_extension(p, (cmark_syntax_extension*)e->data);
  cmark_parser_feed(p, md.data(), md.size());
  cmark_node* doc;
  if (parallel) {
    doc = cmark_parser_finish(p);
  } else {
    std::lock_guard<std::mutex> l(mu);
    doc = cmark_parser_finish(p);
  }
  char* html = cmark_render_html(doc, kOpt, exts);
  std::string out(html);
  free(html);
  cmark_node_free(doc);
  cmark_parser_free(p);
  return out;
}

static std::string Plain(const std::string& md) {
  cmark_node* doc = cmark_parse_document(md.data(), md.size(), kOpt);
  char* html = cmark_render_html(doc, kOpt, nullptr);
  std::string out(html);
  free(html);
  cmark_node_free(doc);
  return out;
}

int main(int argc, char** argv) {
  cmark_gfm_core_extensions_ensure_registered();
  for (const char* n : {"table", "strikethrough", "autolink", "tasklist"})
    exts = cmark_llist_append(cmark_get_default_mem_allocator(), exts,
                              cmark_find_syntax_extension(n));
  bool wrapped = levelpress::EnableParallelInlineParsing(
      [] { Gfm("~~a~~ www.example.com"); });
  std::printf("wrapped: %d\n", wrapped);
  if (!wrapped) return 1;
  std::vector<std::string> docs = {
      "Use ~~cron~~ the queue, see https://example.com/x and `code`.\n\n"
      "| a | b |\n|:--|--:|\n| ~~1~~ | 2 |\n\n- [x] done\n- [ ] todo\n\n"
      "A note.[^n]\n\n[^n]: With ~~old~~ new text.\n",
      "plain *text* with ~tildes~ and www.example.org, a~*b*~c _d_~e\n",
      "Escaped \\~ \\: w\\ww 'quoted' \"double\" -- dashes...\n"};
  std::vector<std::string> want_gfm, want_plain;
  for (auto& d : docs)
    want_gfm.push_back(Gfm(d)), want_plain.push_back(Plain(d));
  std::vector<std::thread> threads;
  std::atomic<int> differ{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        size_t k = (i + t) % docs.size();
        if (Gfm(docs[k]) != want_gfm[k]) ++differ;
        if (Plain(docs[k]) != want_plain[k]) ++differ;
      }
    });
  }
  for (auto& t : threads) t.join();
  std::printf("differing renders: %d\n", differ.load());
  return differ == 0 ? 0 : 1;
}
