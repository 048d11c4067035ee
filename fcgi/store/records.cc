#include "records.h"

#include <algorithm>

#include "codec.h"
#include "slug.h"

namespace levelpress {
namespace {

// Reads the record's version into *version: kSchemaVersion, or an older
// one this levelpress still decodes.
Status CheckVersion(Decoder* d, const char* what, uint64_t* version) {
  if (!d->GetU64(version)) {
    return Status::Corruption(std::string(what) + " record is truncated");
  }
  if (*version < kOldestReadableSchema || *version > kSchemaVersion) {
    const uint64_t version_read = *version;
    return Status::Corruption(
        std::string(what) + " record has schema version " +
        std::to_string(version_read) + ", this levelpress reads " +
        std::to_string(kSchemaVersion));
  }
  return Status::OK();
}

// Version 1 had one author id where version 2 has a list.
bool GetAuthorIds(Decoder* d, uint64_t version, std::vector<std::string>* ids) {
  if (version >= 2) return d->GetStrings(ids);
  ids->assign(1, "");
  return d->GetString(&ids->front());
}

}  // namespace

std::string Entry::Encode() const {
  Encoder e;
  e.PutU64(kSchemaVersion);
  e.PutString(slug);
  e.PutString(title);
  e.PutI64(date);
  e.PutStrings(author_ids);
  e.PutStrings(tags);
  e.PutString(excerpt_html);
  e.PutI64(visible_since);
  e.PutI64(modified);
  return e.Release();
}

Status Entry::Decode(const std::string& bytes) {
  Decoder d(bytes);
  uint64_t version;
  Status s = CheckVersion(&d, "entry", &version);
  if (!s.ok()) return s;
  if (!d.GetString(&slug) || !d.GetString(&title) || !d.GetI64(&date) ||
      !GetAuthorIds(&d, version, &author_ids) || !d.GetStrings(&tags) ||
      !d.GetString(&excerpt_html) || !d.GetI64(&visible_since)) {
    return Status::Corruption("entry record is malformed");
  }
  modified = date;
  if ((version >= 4 && !d.GetI64(&modified)) || !d.done()) {
    return Status::Corruption("entry record is malformed");
  }
  return Status::OK();
}

std::string Post::EncodeContent() const {
  Encoder e;
  e.PutU64(kSchemaVersion);
  e.PutString(slug);
  e.PutString(source_path);
  e.PutString(title);
  e.PutI64(date);
  e.PutStrings(author_ids);
  e.PutStrings(tags);
  e.PutString(summary);
  e.PutBool(draft);
  e.PutStrings(aliases);
  e.PutStrings(assets);
  e.PutString(body_markdown);
  e.PutString(body_html);
  e.PutString(excerpt_html);
  e.PutString(description);
  e.PutString(image);
  e.PutI64(updated);
  e.PutI64(reading_minutes);
  e.PutBool(page);
  e.PutString(url);
  e.PutI64(cover_width);
  e.PutI64(cover_height);
  e.PutI64(expires);
  return e.Release();
}

std::string Post::Encode() const {
  std::string out = EncodeContent();
  AppendBigEndian64(&out, static_cast<uint64_t>(content_changed));
  AppendBigEndian64(&out, static_cast<uint64_t>(written_at));
  return out;
}

std::string Post::SourceOf() const {
  Encoder e;
  e.PutString(title);
  e.PutString(body_markdown);
  e.PutString(summary);
  e.PutString(description);
  e.PutString(image);
  e.PutStrings(tags);
  e.PutStrings(author_ids);
  return e.Release();
}

int64_t Post::ContentDate() const {
  return std::max(date, updated != 0 ? updated : content_changed);
}

Status Post::Decode(const std::string& bytes) {
  Decoder d(bytes);
  uint64_t version;
  Status s = CheckVersion(&d, "post", &version);
  if (!s.ok()) return s;
  if (!d.GetString(&slug) || !d.GetString(&source_path) ||
      !d.GetString(&title) || !d.GetI64(&date) ||
      !GetAuthorIds(&d, version, &author_ids) || !d.GetStrings(&tags) ||
      !d.GetString(&summary) || !d.GetBool(&draft) || !d.GetStrings(&aliases) ||
      !d.GetStrings(&assets) || !d.GetString(&body_markdown) ||
      !d.GetString(&body_html) || !d.GetString(&excerpt_html)) {
    return Status::Corruption("post record is malformed");
  }
  int64_t minutes = 0;
  if (version >= 2 && (!d.GetString(&description) || !d.GetString(&image) ||
                       !d.GetI64(&updated) || !d.GetI64(&minutes) ||
                       !d.GetBool(&page) || !d.GetString(&url))) {
    return Status::Corruption("post record is malformed");
  }
  reading_minutes = static_cast<int>(minutes);
  int64_t width = 0, height = 0;
  if (version >= 3 && (!d.GetI64(&width) || !d.GetI64(&height) || width < 0 ||
                       height < 0 || width > 1000000 || height > 1000000)) {
    return Status::Corruption("post record is malformed");
  }
  cover_width = static_cast<int>(width);
  cover_height = static_cast<int>(height);
  expires = 0;  // written after the cover size, before content_changed
  if (version >= 5 && (!d.GetI64(&expires) || expires < 0)) {
    return Status::Corruption("post record is malformed");
  }
  content_changed = 0;
  if (version >= 4 && !d.GetI64(&content_changed)) {
    return Status::Corruption("post record is malformed");
  }
  decoded_schema = version;
  if (!d.GetI64(&written_at) || !d.done()) {
    return Status::Corruption("post record is malformed");
  }
  return Status::OK();
}

Entry Post::ToEntry() const {
  Entry e;
  e.slug = slug;
  e.title = title;
  e.date = date;
  e.author_ids = author_ids;
  e.tags = tags;
  e.excerpt_html = excerpt_html;
  e.visible_since = std::max(written_at, date);
  e.modified = ContentDate();
  return e;
}

std::string Post::CoverAsset() const {
  if (image.empty()) return "";
  size_t slash = source_path.rfind('/');
  if (slash == std::string::npos) return image;
  return source_path.substr(0, slash + 1) + image;
}

std::vector<std::string> Post::TagSlugs() const {
  std::vector<std::string> out;
  for (const auto& t : tags) {
    std::string s = Slugify(t);
    if (!s.empty() && std::find(out.begin(), out.end(), s) == out.end()) {
      out.push_back(s);
    }
  }
  return out;
}

std::string Author::EncodeContent() const {
  Encoder e;
  e.PutU64(kSchemaVersion);
  e.PutString(id);
  e.PutString(name);
  e.PutString(avatar);
  e.PutString(avatar_url);
  e.PutString(bio_markdown);
  e.PutString(bio_html);
  e.PutString(source_path);
  return e.Release();
}

std::string Author::Encode() const {
  std::string out = EncodeContent();
  AppendBigEndian64(&out, static_cast<uint64_t>(written_at));
  return out;
}

Status Author::Decode(const std::string& bytes) {
  Decoder d(bytes);
  uint64_t version;  // the author record is the same in versions 1 and 2
  Status s = CheckVersion(&d, "author", &version);
  if (!s.ok()) return s;
  if (!d.GetString(&id) || !d.GetString(&name) || !d.GetString(&avatar) ||
      !d.GetString(&avatar_url) || !d.GetString(&bio_markdown) ||
      !d.GetString(&bio_html) || !d.GetString(&source_path) ||
      !d.GetI64(&written_at) || !d.done()) {
    return Status::Corruption("author record is malformed");
  }
  return Status::OK();
}

}  // namespace levelpress
