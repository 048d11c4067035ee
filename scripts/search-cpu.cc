// search-cpu: CPU time of the search module's two costs, in one process
// (no nginx, no FastCGI), for docs/benchmarks.md "Search". Not part of
// ctest; build and run by hand:
//
//   g++ -std=c++20 -O2 -g -o /tmp/search-cpu scripts/search-cpu.cc \
//     fcgi/search/module/champions.cc fcgi/search/module/snippet.cc \
//     fcgi/search/module/speller.cc \
//     $(pkg-config --cflags --libs xapian-core) -pthread
//   scripts/gen-corpus --posts 10000 --out /tmp/corpus
//   /tmp/search-cpu index /tmp/corpus /tmp/idx   # CPU per imported post
//   /tmp/search-cpu query /tmp/idx 50            # CPU per search
//   (a fourth argument N: the Nth query of the mix only, from 0; the mix is
//   scripts/bench's when $SEARCH_QUERIES names its file)
//
// It compiles fcgi/search/module/search_module.cc in, so it measures the
// module as it is. The plain text is the Markdown with its punctuation
// taken out (close to, not exactly, what the import passes). "index" puts
// the posts in batches of 256 on one thread (CPU of both halves: words
// split and Xapian's writer); "query" runs scripts/bench-fcgi/search.lua's
// mix of queries on one reader, rounds times after one round to warm up.
#include <dirent.h>
#include <sys/resource.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>

#include "../fcgi/search/module/search_module.cc"

namespace {

double CpuSeconds() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

lp_str S(const std::string& s) { return lp_str{s.data(), s.size()}; }

struct Post {
  std::string slug, title, text;
  std::vector<std::string> tags;
  std::string author;
};

Post ReadPost(const std::string& path, const std::string& name) {
  std::ifstream in(path);
  std::stringstream all;
  all << in.rdbuf();
  std::string s = all.str(), line;
  Post p;
  p.slug = name.substr(6, name.size() - 9);
  std::istringstream lines(s);
  int fences = 0;
  std::string body;
  while (std::getline(lines, line)) {
    if (fences < 2) {
      if (line == "---") ++fences;
      if (line.rfind("title: ", 0) == 0)
        p.title = line.substr(8, line.size() - 9);
      if (line.rfind("author: ", 0) == 0) p.author = line.substr(8);
      if (line.rfind("tags: ", 0) == 0) {
        for (size_t q = line.find('"'); q != std::string::npos;) {
          size_t e = line.find('"', q + 1);
          std::string t = line.substr(q + 1, e - q - 1);
          for (auto& c : t) c = std::tolower(static_cast<unsigned char>(c));
          p.tags.push_back(t);
          q = line.find('"', e + 1);
        }
      }
      continue;
    }
    for (char c : line)
      body +=
          (c == '*' || c == '`' || c == '[' || c == ']' || c == '#') ? ' ' : c;
    body += '\n';
  }
  p.text = body;
  return p;
}

int Index(const std::string& corpus, const std::string& dir) {
  std::vector<std::string> names;
  DIR* d = opendir((corpus + "/posts").c_str());
  while (dirent* e = readdir(d))
    if (e->d_name[0] != '.') names.push_back(e->d_name);
  closedir(d);
  std::sort(names.begin(), names.end());
  std::vector<Post> posts;
  for (auto& n : names) posts.push_back(ReadPost(corpus + "/posts/" + n, n));
  char error[512];
  int fresh = 0;
  lp_search_writer* w = nullptr;
  double start = CpuSeconds();
  if (lp_search_writer_open(dir.c_str(), S("en"), &fresh, &w, error,
                            sizeof error) != 0) {
    std::fprintf(stderr, "open: %s\n", error);
    return 1;
  }
  for (size_t i = 0; i < posts.size(); i += 256) {
    std::vector<lp_search_doc> docs;
    std::vector<std::vector<lp_str>> tags;
    tags.reserve(256);
    for (size_t j = i; j < std::min(posts.size(), i + 256); ++j) {
      Post& p = posts[j];
      tags.emplace_back();
      for (auto& t : p.tags) tags.back().push_back(S(t));
      lp_search_doc doc{
          S(p.slug),          S(p.title), S(p.text), tags.back().data(),
          tags.back().size(), nullptr,    0,         1600000000};
      docs.push_back(doc);
    }
    if (lp_search_writer_put_many(w, docs.data(), docs.size(), 1, error,
                                  sizeof error) != 0) {
      std::fprintf(stderr, "put: %s\n", error);
      return 1;
    }
  }
  if (lp_search_writer_commit(w, error, sizeof error) != 0) {
    std::fprintf(stderr, "commit: %s\n", error);
    return 1;
  }
  double cpu = CpuSeconds() - start;
  rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  std::printf(
      "index: %zu posts, %.2f CPU-s, %.3f ms per post, peak RSS %ld MB\n",
      posts.size(), cpu, cpu * 1000 / posts.size(), ru.ru_maxrss / 1024);
  return 0;
}

void OnHit(void* context, lp_str, lp_str snippet) {
  *static_cast<size_t*>(context) += snippet.size;
}

// One query of the mix: its text and page (1-based).
struct MixQuery {
  std::string text;
  unsigned page = 1;
};

// The mix: scripts/bench's, from the file $SEARCH_QUERIES (one URL-encoded
// query a line, "&page=N" for a later page, as scripts/bench writes it for
// its corpus), else the phrase corpus's eight queries.
std::vector<MixQuery> QueryMix() {
  std::vector<MixQuery> mix;
  if (const char* file = std::getenv("SEARCH_QUERIES")) {
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      MixQuery q;
      if (size_t amp = line.find("&page="); amp != std::string::npos) {
        q.page = static_cast<unsigned>(std::atoi(line.c_str() + amp + 6));
        line.resize(amp);
      }
      for (size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '+') {
          q.text += ' ';
        } else if (line[i] == '%' && i + 2 < line.size()) {
          q.text +=
              static_cast<char>(std::stoi(line.substr(i + 1, 2), nullptr, 16));
          i += 2;
        } else {
          q.text += line[i];
        }
      }
      mix.push_back(q);
    }
    return mix;
  }
  for (const char* text :
       {"replica", "\"connection pool\"", "query planner timeout",
        "tag:PostgreSQL replica", "prefetch*", "invalidated webhook", "replca"})
    mix.push_back({text, 1});
  mix.push_back({"scheduler", 2});
  return mix;
}

int Query(const std::string& dir, int rounds, int only) {
  const std::vector<MixQuery> mix = QueryMix();
  char error[512];
  lp_search_reader* r = nullptr;
  if (lp_search_reader_open(dir.c_str(), &r, error, sizeof error) != 0) {
    std::fprintf(stderr, "open: %s\n", error);
    return 1;
  }
  size_t bytes = 0;
  int n = 0;
  std::vector<double> cpu_of(mix.size());
  double start = CpuSeconds();
  // Round -1 warms up (not counted): what a reader reads once (the
  // speller's words, its kept hits) is not a search's cost.
  for (int round = -1; round < rounds; ++round) {
    if (round == 0) {
      std::fill(cpu_of.begin(), cpu_of.end(), 0.0);
      n = 0;
      bytes = 0;
      start = CpuSeconds();
    }
    for (size_t q = 0; q < mix.size(); ++q) {
      if (only >= 0 && q != static_cast<size_t>(only)) continue;
      const double before = CpuSeconds();
      lp_search_request req{S(mix[q].text),
                            S("en"),
                            2000000000,
                            (mix[q].page - 1) * 10u,
                            10,
                            32,
                            20,
                            240,
                            &bytes,
                            OnHit};
      lp_search_outcome out;
      if (lp_search_reader_search(r, &req, &out, error, sizeof error) != 0) {
        std::fprintf(stderr, "search %s: %s\n", mix[q].text.c_str(), error);
        return 1;
      }
      cpu_of[q] += CpuSeconds() - before;
      if (round == -1)
        std::printf("  %-26s page %u %6llu matches  %s\n", mix[q].text.c_str(),
                    mix[q].page, (unsigned long long)out.matches,
                    out.corrected);
      ++n;
    }
  }
  double cpu = CpuSeconds() - start;
  for (size_t q = 0; q < mix.size(); ++q) {
    if (cpu_of[q] > 0)
      std::printf("  %-26s %7.1f us\n", mix[q].text.c_str(),
                  cpu_of[q] * 1e6 / rounds);
  }
  std::printf(
      "query: %d searches, %.3f ms CPU per search (%zu snippet bytes)\n", n,
      cpu * 1000 / n, bytes / n);
  lp_search_reader_close(r);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "index" && argc == 4) return Index(argv[2], argv[3]);
  if (mode == "query" && argc >= 3)
    return Query(argv[2], argc > 3 ? std::atoi(argv[3]) : 50,
                 argc > 4 ? std::atoi(argv[4]) : -1);
  std::fprintf(
      stderr,
      "usage: search-cpu index CORPUS DIR | query DIR [ROUNDS [QUERY]]\n");
  return 2;
}
