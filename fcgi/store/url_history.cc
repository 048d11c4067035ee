// URL history (url_history.h): its record, and the StoreView and
// StoreWriter members that read and write the h: and r: families.
#include "url_history.h"

#include <leveldb/write_batch.h>

#include <algorithm>

#include "codec.h"
#include "store.h"

namespace levelpress {
namespace {

constexpr uint64_t kUrlHistoryVersion = 1;

void Erase(std::vector<std::string>* v, const std::string& s) {
  v->erase(std::remove(v->begin(), v->end(), s), v->end());
}

}  // namespace

std::string UrlHistory::Encode() const {
  Encoder e;
  e.PutU64(kUrlHistoryVersion);
  e.PutString(slug);
  e.PutString(url);
  e.PutStrings(old_urls);
  return e.Release();
}

Status UrlHistory::Decode(const std::string& bytes) {
  Decoder d(bytes);
  uint64_t version = 0;
  if (!d.GetU64(&version) || version != kUrlHistoryVersion) {
    return Status::Corruption("URL history of an unknown version");
  }
  if (!d.GetString(&slug) || !d.GetString(&url) || !d.GetStrings(&old_urls) ||
      !d.done()) {
    return Status::Corruption("URL history is truncated");
  }
  return Status::OK();
}

// ------------------------------------------------------------------ view

Status StoreView::GetUrlHistory(const std::string& source_path,
                                UrlHistory* history) const {
  std::string bytes;
  Status s = Get(kUrlHistoryPrefix + source_path, &bytes);
  return s.ok() ? history->Decode(bytes) : s;
}

Status StoreView::ResolveOldUrl(const std::string& path,
                                std::string* slug) const {
  std::string source;
  Status s = Get(kOldUrlPrefix + path, &source);
  if (!s.ok()) return s;
  UrlHistory history;
  s = GetUrlHistory(source, &history);
  if (!s.ok()) return s;
  *slug = history.slug;
  return Status::OK();
}

Status StoreView::ListUrlHistorySources(
    std::vector<std::string>* sources) const {
  sources->clear();
  const std::string prefix = kUrlHistoryPrefix;
  std::unique_ptr<leveldb::Iterator> it(store_->db_->NewIterator(Options()));
  for (it->Seek(prefix);
       it->Valid() && it->key().starts_with(leveldb::Slice(prefix));
       it->Next()) {
    sources->push_back(it->key().ToString().substr(prefix.size()));
  }
  if (!it->status().ok()) return Status::IOError(it->status().ToString());
  return Status::OK();
}

// ---------------------------------------------------------------- writer

Status StoreWriter::CurrentHistory(const std::string& source_path,
                                   UrlHistory* history) const {
  if (sealed_) return SealedError();
  auto it = pending_history_.find(source_path);
  if (it == pending_history_.end())
    return store_->View().GetUrlHistory(source_path, history);
  if (!it->second) return Status::NotFound(kUrlHistoryPrefix + source_path);
  *history = *it->second;
  return Status::OK();
}

Status StoreWriter::OldUrlOwner(const std::string& url,
                                std::string* source_path) const {
  if (sealed_) return SealedError();
  auto it = pending_old_urls_.find(url);
  if (it == pending_old_urls_.end())
    return store_->View().Get(kOldUrlPrefix + url, source_path);
  if (!it->second) return Status::NotFound(kOldUrlPrefix + url);
  *source_path = *it->second;
  return Status::OK();
}

void StoreWriter::PutHistory(const std::string& source_path,
                             const UrlHistory& history) {
  batch_->Put(kUrlHistoryPrefix + source_path, history.Encode());
  pending_history_[source_path] = history;
  batch_dirty_ = true;
}

void StoreWriter::PutOldUrl(const std::string& url,
                            const std::string& source_path) {
  batch_->Put(kOldUrlPrefix + url, source_path);
  pending_old_urls_[url] = source_path;
  batch_dirty_ = true;
}

void StoreWriter::DeleteOldUrl(const std::string& url) {
  batch_->Delete(kOldUrlPrefix + url);
  pending_old_urls_[url] = std::nullopt;
  batch_dirty_ = true;
}

Status StoreWriter::ReleaseOldUrl(const std::string& url,
                                  const std::string& source_path,
                                  UrlHistory* own) {
  std::string owner;
  Status s = OldUrlOwner(url, &owner);
  if (s.IsNotFound()) return Status::OK();
  if (!s.ok()) return s;
  DeleteOldUrl(url);
  if (owner == source_path) {
    Erase(&own->old_urls, url);
    return Status::OK();
  }
  UrlHistory theirs;
  s = CurrentHistory(owner, &theirs);
  if (s.IsNotFound()) return Status::OK();
  if (!s.ok()) return s;
  Erase(&theirs.old_urls, url);
  PutHistory(owner, theirs);
  return Status::OK();
}

Status StoreWriter::RecordUrl(const std::string& source_path,
                              const std::string& slug, const std::string& url,
                              const std::set<std::string>& taken,
                              std::string* previous_slug) {
  previous_slug->clear();
  UrlHistory history, before;
  Status s = CurrentHistory(source_path, &history);
  if (!s.ok() && !s.IsNotFound()) return s;
  bool known = s.ok();
  bool changed = !known;
  if (!known) {
    // A renamed file: the post with this slug came from another file.
    Post old;
    std::optional<uint64_t> unused;
    s = CurrentPost(slug, &old, &unused);
    if (!s.ok() && !s.IsNotFound()) return s;
    if (s.ok() && old.source_path != source_path &&
        CurrentHistory(old.source_path, &history).ok()) {
      known = true;
      batch_->Delete(kUrlHistoryPrefix + old.source_path);
      pending_history_[old.source_path] = std::nullopt;
      for (const auto& old_url : history.old_urls) {
        PutOldUrl(old_url, source_path);
      }
    }
  } else {
    before = history;
    *previous_slug = history.slug;
  }
  // A URL that is somebody's now is nobody's old URL: the newer owner wins.
  std::vector<std::string> kept;
  for (const auto& old_url : history.old_urls) {
    if (taken.count(old_url)) {
      DeleteOldUrl(old_url);
    } else {
      kept.push_back(old_url);
    }
  }
  history.old_urls = std::move(kept);
  s = ReleaseOldUrl(url, source_path, &history);
  if (!s.ok()) return s;
  if (known && !history.url.empty() && history.url != url &&
      !taken.count(history.url)) {
    Erase(&history.old_urls, history.url);
    history.old_urls.push_back(history.url);
    PutOldUrl(history.url, source_path);
  }
  history.slug = slug;
  history.url = url;
  if (changed || !(history == before)) PutHistory(source_path, history);
  return Status::OK();
}

Status StoreWriter::ForgetUrls(const std::string& source_path) {
  UrlHistory history;
  Status s = CurrentHistory(source_path, &history);
  if (s.IsNotFound()) return Status::OK();
  if (!s.ok()) return s;
  for (const auto& old_url : history.old_urls) {
    std::string owner;
    if (OldUrlOwner(old_url, &owner).ok() && owner == source_path)
      DeleteOldUrl(old_url);
  }
  batch_->Delete(kUrlHistoryPrefix + source_path);
  pending_history_[source_path] = std::nullopt;
  batch_dirty_ = true;
  return Status::OK();
}

}  // namespace levelpress
