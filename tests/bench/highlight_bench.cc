// Highlighting cost per line and language, in CPU time of this thread (so a
// busy machine does not count): every fenced block with a language in the
// .md files of a folder (gen-corpus output), highlighted `rounds` times.
//
//   build/tests/highlight_bench DIR [rounds]
//   LEVELPRESS_HIGHLIGHT_MODULE=none build/tests/highlight_bench DIR
//
// The second form measures GNU Source-highlight alone (no module).
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "highlight.h"
#include "highlight_module.h"

namespace fs = std::filesystem;
using namespace levelpress;

namespace {

double CpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct Block {
  std::string info, code;
  size_t lines = 0;
};

std::vector<Block> ReadBlocks(const fs::path& dir) {
  std::vector<Block> blocks;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.path().extension() != ".md") continue;
    std::ifstream in(e.path());
    std::string line;
    Block* open = nullptr;
    while (std::getline(in, line)) {
      if (line.rfind("```", 0) == 0) {
        if (open) {
          open = nullptr;
        } else if (line.size() > 3) {
          blocks.push_back({line.substr(3), "", 0});
          open = &blocks.back();
        } else {
          blocks.push_back({"", "", 0});
          open = &blocks.back();
        }
        continue;
      }
      if (open) {
        open->code += line + "\n";
        ++open->lines;
      }
    }
  }
  return blocks;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: highlight_bench DIR [rounds]\n");
    return 2;
  }
  const char* env = std::getenv("LEVELPRESS_HIGHLIGHT_MODULE");
  SetHighlightModulePathForTests(env && std::string(env) == "none"
                                     ? std::string()
                                     : std::string(BINARY_DIR) +
                                           "/levelpress-highlight.so");
  std::printf("module: %s\n", LoadedHighlightModule() ? "loaded" : "none");
  std::vector<Block> blocks = ReadBlocks(argv[1]);
  int rounds = argc > 2 ? std::atoi(argv[2]) : 1;
  // Warm up: every language loaded once.
  for (const Block& b : blocks)
    HighlightedCodeBlock(ParseInfoString(b.info), b.code);
  struct Sum {
    double seconds = 0;
    size_t lines = 0, blocks = 0;
  };
  std::map<std::string, Sum> by_language;
  Sum total;
  for (int r = 0; r < rounds; ++r) {
    for (const Block& b : blocks) {
      CodeBlockInfo info = ParseInfoString(b.info);
      double start = CpuSeconds();
      std::string html = HighlightedCodeBlock(info, b.code);
      double s = CpuSeconds() - start;
      Sum& sum = by_language[info.language];
      sum.seconds += s;
      sum.lines += b.lines;
      sum.blocks += 1;
      total.seconds += s;
      total.lines += b.lines;
      total.blocks += 1;
    }
  }
  for (const auto& [language, sum] : by_language) {
    std::printf("%-12s %7zu blocks %8zu lines %7.2f us/line\n",
                language.empty() ? "(none)" : language.c_str(), sum.blocks,
                sum.lines, sum.seconds * 1e6 / std::max<size_t>(1, sum.lines));
  }
  std::printf("%-12s %7zu blocks %8zu lines %7.2f us/line, %.3f s CPU\n", "all",
              total.blocks, total.lines,
              total.seconds * 1e6 / std::max<size_t>(1, total.lines),
              total.seconds);
  // What the module costs in memory: heap (RssAnon) and mapped libraries.
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("Rss", 0) == 0 || line.rfind("VmHWM", 0) == 0)
      std::printf("%s\n", line.c_str());
  }
  return 0;
}
