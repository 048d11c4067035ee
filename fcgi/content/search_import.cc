#include "search_import.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <system_error>
#include <thread>
#include <utility>

#include "html_text.h"

namespace levelpress {
namespace fs = std::filesystem;

namespace {

// Copies the files of an index folder (Xapian's glass files; no folders).
Status CopyIndex(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::create_directories(to, ec);
  if (ec) return Status::IOError(to.string() + ": " + ec.message());
  for (const auto& entry : fs::directory_iterator(from, ec)) {
    if (!entry.is_regular_file(ec)) continue;
    fs::copy_file(entry.path(), to / entry.path().filename(),
                  fs::copy_options::overwrite_existing, ec);
    if (ec) return Status::IOError(to.string() + ": " + ec.message());
  }
  if (ec) return Status::IOError(from.string() + ": " + ec.message());
  return Status::OK();
}

}  // namespace

SearchImport::SearchImport(const Settings& settings, Store* store, int threads,
                           std::vector<Problem>* problems)
    : settings_(settings),
      store_(store),
      threads_(threads > 0
                   ? static_cast<unsigned>(threads)
                   : std::max(1u, std::thread::hardware_concurrency())) {
  std::error_code ec;
  // A store in memory (the unit tests' Env) has no folder to put it in.
  if (store == nullptr || !fs::is_directory(store->path(), ec)) return;
  std::string why_not;
  if (!SearchAvailable(&why_not)) {
    problems->push_back({settings.file, 0, "",
                         "no search index is written: " + why_not +
                             "; /search/ answers 503 until an import with it",
                         /*warning=*/true});
    return;
  }
  enabled_ = true;
  root_ = store->path() + "/search";
  const StoreView view = store->View();
  std::string name;
  if (view.GetMeta(kSearchIndexMeta, &name).ok() && !name.empty() &&
      fs::is_directory(root_ + "/" + name, ec)) {
    current_ = name;
  }
  std::string language;
  rebuild_ = current_.empty() ||
             !view.GetMeta("search-language", &language).ok() ||
             language != StemmerLanguage(settings.language);
  // Leftovers of a failed import, and indexes older than the current one.
  RemoveOldFolders(current_);
  next_ = std::to_string(store->generation() + 1);
}

SearchImport::~SearchImport() {
  writer_.reset();  // abandons an uncommitted index
  if (opened_ && !committed_) {
    std::error_code ec;
    fs::remove_all(root_ + "/" + next_, ec);
  }
}

// A folder no view names any more is removed; one a request may still be
// reading (its generation was current a moment ago) stays until its
// successor is kSearchIndexGraceSeconds old. Folders newer than the
// current one are what a failed import left: no view ever named them.
void SearchImport::RemoveOldFolders(const std::string& current) {
  std::error_code ec;
  if (!fs::is_directory(root_, ec)) return;
  auto number = [](const std::string& name) -> int64_t {
    if (name.empty() || name.size() > 18 ||
        name.find_first_not_of("0123456789") != std::string::npos)
      return -1;
    return std::stoll(name);
  };
  const int64_t keep = current.empty() ? -1 : number(current);
  std::map<int64_t, fs::path> superseded;  // by generation, oldest first
  std::vector<fs::path> garbage;
  for (const auto& entry : fs::directory_iterator(root_, ec)) {
    const int64_t n = number(entry.path().filename().string());
    if (n == keep && keep >= 0) continue;
    if (n < 0 || n > keep) {
      garbage.push_back(entry.path());
    } else {
      superseded[n] = entry.path();
    }
  }
  const auto now = fs::file_time_type::clock::now();
  const fs::path current_path = root_ + "/" + current;
  for (auto it = superseded.begin(); it != superseded.end(); ++it) {
    auto next = std::next(it);
    const fs::path& successor =
        next == superseded.end() ? current_path : next->second;
    const auto since = fs::last_write_time(successor, ec);
    if (ec || now - since > std::chrono::seconds(kSearchIndexGraceSeconds))
      garbage.push_back(it->second);
  }
  for (const auto& path : garbage) fs::remove_all(path, ec);
}

SearchImport::Pending SearchImport::Take(const Post& post) const {
  Pending p;
  if (!enabled_) return p;
  p.wanted = true;
  p.hidden = post.draft || post.page;
  p.doc.slug = post.slug;
  if (p.hidden) return p;
  p.doc.title = post.title;
  p.doc.tag_slugs = post.TagSlugs();
  p.doc.author_ids = post.author_ids;
  p.doc.date = post.date;
  p.doc.expires = post.expires;
  p.body_html = post.body_html;
  return p;
}

Status SearchImport::OpenWriter() {
  if (writer_) return Status::OK();
  const std::string dir = root_ + "/" + next_;
  opened_ = true;
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(root_, ec);
  if (ec) return Status::IOError(root_ + ": " + ec.message());
  if (!rebuild_) {
    Status s = CopyIndex(root_ + "/" + current_, dir);
    if (!s.ok()) return s;
  }
  bool fresh = false;
  Status s = SearchWriter::Open(dir, settings_.language, &fresh, &writer_);
  if (!s.ok()) return s;
  if (fresh) rebuild_ = true;
  return Status::OK();
}

Status SearchImport::Changed(Pending pending) {
  if (!pending.wanted) return Status::OK();
  Status s = OpenWriter();
  if (!s.ok()) return s;
  touched_.insert(pending.doc.slug);
  if (pending.hidden) {
    s = WriteBatch();  // in order: a later put of the slug must win
    return s.ok() ? writer_->Remove(pending.doc.slug) : s;
  }
  return Add(std::move(pending));
}

// Posts go to the module in batches: it splits a batch into words on
// several threads, and a batch bounds the text held at once.
Status SearchImport::Add(Pending pending) {
  pending.doc.text = HtmlToText(pending.body_html);
  batch_.push_back(std::move(pending.doc));
  return batch_.size() >= 256 ? WriteBatch() : Status::OK();
}

Status SearchImport::WriteBatch() {
  Status s = writer_->PutMany(batch_, threads_);
  batch_.clear();
  return s;
}

Status SearchImport::Removed(const std::string& slug) {
  if (!enabled_) return Status::OK();
  Status s = OpenWriter();
  if (!s.ok()) return s;
  touched_.insert(slug);
  s = WriteBatch();
  return s.ok() ? writer_->Remove(slug) : s;
}

Status SearchImport::Finish(StoreWriter* writer) {
  if (!enabled_) return Status::OK();
  if (!writer_ && !rebuild_) return Status::OK();  // no post changed
  Status s = OpenWriter();
  if (!s.ok()) return s;
  if (rebuild_) {
    // Every stored post this import did not touch (unchanged, or not in
    // the folder without --prune), as the store holds it.
    const StoreView view = store_->View();
    std::vector<std::string> slugs;
    s = view.ListPostSlugs(&slugs);
    if (!s.ok()) return s;
    for (const auto& slug : slugs) {
      if (touched_.count(slug)) continue;
      Post post;
      s = view.GetPost(slug, &post);
      if (!s.ok()) return s;
      Pending p = Take(post);
      if (p.hidden) continue;
      s = Add(std::move(p));
      if (!s.ok()) return s;
    }
  }
  s = WriteBatch();
  if (!s.ok()) return s;
  s = std::exchange(writer_, nullptr)->Commit();
  finished_ = true;
  if (!s.ok()) return s;
  writer->PutMeta(kSearchIndexMeta, next_);
  writer->PutMeta("search-language", StemmerLanguage(settings_.language));
  return Status::OK();
}

void SearchImport::Committed(bool ok) {
  if (!enabled_ || !finished_) return;
  // A commit whose sync failed is in the store all the same: it names the
  // new index, which must stay.
  committed_ = ok || std::to_string(store_->generation()) == next_;
  // The index before this one stays for the views that still read it; the
  // next import removes it.
}

}  // namespace levelpress
