#include "importer.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "content.h"

namespace levelpress {
namespace fs = std::filesystem;

namespace {

// Chunks of about this size are written as one batch each, so an import of
// any size runs in bounded memory for the batch.
constexpr size_t kChunkBytes = 8 << 20;

bool ReadFile(const fs::path& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return static_cast<bool>(in) || in.eof();
}

bool IsMarkdown(const fs::path& p) {
  return p.extension() == ".md" || p.extension() == ".markdown";
}

// Markdown files under dir/sub, recursively, as dir-relative paths, sorted.
std::vector<std::string> MarkdownFiles(const fs::path& dir, const char* sub) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::is_directory(dir / sub, ec)) return out;
  for (auto it = fs::recursive_directory_iterator(dir / sub, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (it->is_regular_file() && IsMarkdown(it->path())) {
      out.push_back(fs::relative(it->path(), dir).generic_string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Copies src to dst unless dst already has the same bytes.
Status CopyIfChanged(const fs::path& src, const fs::path& dst) {
  std::string a, b;
  if (!ReadFile(src, &a)) return Status::IOError("cannot read " + src.string());
  if (fs::exists(dst) && ReadFile(dst, &b) && a == b) return Status::OK();
  std::error_code ec;
  fs::create_directories(dst.parent_path(), ec);
  fs::path tmp = dst;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << a;
    if (!out) return Status::IOError("cannot write " + tmp.string());
  }
  fs::rename(tmp, dst, ec);
  if (ec)
    return Status::IOError("cannot write " + dst.string() + ": " +
                           ec.message());
  return Status::OK();
}

struct ParsedPost {
  Post post;
  std::string author_value;
  FieldLines lines;
  std::vector<Problem> problems;
  bool ok = false;
};

}  // namespace

std::string ImportReport::Summary() const {
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "%zu added, %zu changed, %zu unchanged, %zu removed, %zu "
                "authors in %.2f s",
                counts.added, counts.changed, counts.unchanged, counts.removed,
                authors, seconds);
  return buf;
}

Status Import(const Settings& settings, Store* store,
              const ImportOptions& options, ImportReport* report) {
  auto started = std::chrono::steady_clock::now();
  *report = ImportReport();
  const fs::path dir(options.dir);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Status::InvalidArgument(options.dir + ": not a folder");
  }
  std::vector<Problem>& problems = report->problems;

  // Authors first: posts name them.
  AuthorIndex authors;
  for (const auto& rel : MarkdownFiles(dir, "authors")) {
    std::string text;
    if (!ReadFile(dir / rel, &text)) {
      problems.push_back({rel, 0, "", "cannot read the file"});
      continue;
    }
    Author a;
    if (ParseAuthorFile(rel, text, &a, &problems)) {
      if (!a.avatar.empty() && !fs::exists(dir / "authors" / a.avatar)) {
        problems.push_back(
            {rel, 0, "avatar",
             "'" + a.avatar +
                 "' is not in authors/; the theme's default picture is used",
             true});
        a.avatar_url.clear();
      }
      authors.Add(a);
    }
  }

  std::vector<std::string> files = MarkdownFiles(dir, "posts");
  for (auto& f : MarkdownFiles(dir, "_posts")) files.push_back(std::move(f));
  if (files.empty()) {
    problems.push_back(
        {options.dir, 0, "",
         "no posts: expected Markdown files under posts/ or _posts/", true});
  }

  // Parse and render in parallel; cmark is most of the cost.
  std::vector<ParsedPost> parsed(files.size());
  std::atomic<size_t> next{0}, done{0};
  int threads = options.threads > 0
                    ? options.threads
                    : std::max(1u, std::thread::hardware_concurrency());
  auto work = [&] {
    for (size_t i = next++; i < files.size(); i = next++) {
      std::string text;
      ParsedPost& p = parsed[i];
      if (!ReadFile(dir / files[i], &text)) {
        p.problems.push_back({files[i], 0, "", "cannot read the file"});
      } else {
        p.ok = ParsePostFile(files[i], text, settings, authors, &p.post,
                             &p.author_value, &p.lines, &p.problems);
      }
      size_t n = ++done;
      if (options.progress && (n % 500 == 0 || n == files.size())) {
        std::fprintf(stderr, "\rreading posts: %zu/%zu", n, files.size());
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (options.progress && !files.empty()) std::fputc('\n', stderr);

  // Checks across posts: unique slugs and aliases, media present.
  std::map<std::string, std::string> slug_owner, alias_owner;
  for (auto& p : parsed) {
    problems.insert(problems.end(), p.problems.begin(), p.problems.end());
    if (!p.ok) continue;
    auto [it, fresh] = slug_owner.emplace(p.post.slug, p.post.source_path);
    if (!fresh) {
      problems.push_back({p.post.source_path, p.lines.slug, "slug",
                          "'" + p.post.slug + "' is also the slug of " +
                              it->second +
                              "; give one of them another `slug:`"});
    }
    for (const auto& a : p.post.aliases) {
      auto [at, afresh] = alias_owner.emplace(a, p.post.source_path);
      if (!afresh && at->second != p.post.source_path) {
        problems.push_back({p.post.source_path, p.lines.aliases, "aliases",
                            "'" + a + "' is also an alias of " + at->second});
      }
    }
    std::vector<std::string> present;
    for (const auto& asset : p.post.assets) {
      if (fs::is_regular_file(dir / asset, ec)) {
        present.push_back(asset);
      } else {
        problems.push_back(
            {p.post.source_path, 0, "",
             "references '" + asset + "', which is not in the content folder",
             true});
      }
    }
    p.post.assets = std::move(present);
    if (!p.author_value.empty() && !authors.by_id.count(p.post.author_id)) {
      Author implicit;
      implicit.id = p.post.author_id;
      implicit.name = p.author_value;
      authors.Add(implicit);
    }
  }
  std::stable_sort(
      problems.begin(), problems.end(),
      [](const Problem& a, const Problem& b) { return a.file < b.file; });
  if (HasErrors(problems)) {
    report->seconds = std::chrono::duration<double>(
                          std::chrono::steady_clock::now() - started)
                          .count();
    return Status::InvalidArgument(
        "the content has errors; nothing was written");
  }

  // Media first: a page never points at an image that is not there yet.
  const fs::path media(settings.media_dir);
  for (const auto& [id, a] : authors.by_id) {
    if (a.avatar_url.empty()) continue;
    Status s = CopyIfChanged(dir / "authors" / a.avatar, media / a.avatar_url);
    if (!s.ok()) return s;
  }
  for (const auto& p : parsed) {
    for (const auto& asset : p.post.assets) {
      Status s = CopyIfChanged(dir / asset, media / "content" / asset);
      if (!s.ok()) return s;
    }
  }

  StoreWriter writer(store, static_cast<int64_t>(std::time(nullptr)));
  for (const auto& [id, a] : authors.by_id) {
    Status s = writer.PutAuthor(a);
    if (!s.ok()) return s;
  }
  report->authors = authors.by_id.size();
  std::set<std::string> named_authors;
  for (auto& p : parsed) {
    named_authors.insert(p.post.author_id);
    Status s = writer.PutPost(std::move(p.post));
    if (!s.ok()) return s;
    p.post = Post();  // free the body as soon as it is in the batch
    if (writer.pending_bytes() > kChunkBytes) {
      s = writer.Commit(/*sync=*/false);
      if (!s.ok()) return s;
    }
  }
  if (options.prune) {
    std::vector<std::string> slugs;
    Status s = store->ListPostSlugs(&slugs);
    if (!s.ok()) return s;
    for (const auto& slug : slugs) {
      if (!slug_owner.count(slug)) {
        s = writer.RemovePost(slug);
        if (!s.ok()) return s;
      }
    }
    // Authors whose file is gone and whom no post names.
    std::vector<Author> stored;
    s = store->ListAuthors(&stored);
    if (!s.ok()) return s;
    for (const auto& a : stored) {
      if (!authors.by_id.count(a.id) && !named_authors.count(a.id)) {
        s = writer.RemoveAuthor(a.id);
        if (!s.ok()) return s;
      }
    }
  }
  Status s = writer.Commit(/*sync=*/true);
  if (s.ok() && writer.changed_anything()) store->Compact();
  report->counts = writer.counts();
  report->seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
          .count();
  return s;
}

Status Export(const Settings& settings, const Store& store,
              const std::string& dir_name, size_t* posts_written) {
  *posts_written = 0;
  const fs::path dir(dir_name), media(settings.media_dir);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IOError(dir_name + ": " + ec.message());
  auto write = [](const fs::path& path, const std::string& text) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    return out ? Status::OK()
               : Status::IOError("cannot write " + path.string());
  };
  std::vector<Author> all_authors;
  Status s = store.ListAuthors(&all_authors);
  if (!s.ok()) return s;
  AuthorIndex authors;
  for (const auto& a : all_authors) {
    authors.Add(a);
    if (a.source_path.empty()) continue;  // named by posts only
    s = write(dir / a.source_path, FormatAuthorFile(a));
    if (!s.ok()) return s;
    if (!a.avatar_url.empty()) {
      s = CopyIfChanged(media / a.avatar_url, dir / "authors" / a.avatar);
      if (!s.ok()) return s;
    }
  }
  std::vector<std::string> slugs;
  s = store.ListPostSlugs(&slugs);
  if (!s.ok()) return s;
  for (const auto& slug : slugs) {
    Post p;
    s = store.GetPost(slug, &p);
    if (!s.ok()) return s;
    std::string rel =
        p.source_path.empty() ? "posts/" + p.slug + ".md" : p.source_path;
    s = write(dir / rel, FormatPostFile(p, authors));
    if (!s.ok()) return s;
    for (const auto& asset : p.assets) {
      s = CopyIfChanged(media / "content" / asset, dir / asset);
      if (!s.ok()) return s;
    }
    ++*posts_written;
  }
  return Status::OK();
}

}  // namespace levelpress
