#include "records.h"

#include <algorithm>

#include "codec.h"
#include "slug.h"

namespace levelpress {
namespace {

Status CheckVersion(Decoder* d, const char* what) {
  uint64_t version;
  if (!d->GetU64(&version)) {
    return Status::Corruption(std::string(what) + " record is truncated");
  }
  if (version != kSchemaVersion) {
    return Status::Corruption(
        std::string(what) + " record has schema version " +
        std::to_string(version) + ", this levelpress reads " +
        std::to_string(kSchemaVersion));
  }
  return Status::OK();
}

}  // namespace

std::string Entry::Encode() const {
  Encoder e;
  e.PutU64(kSchemaVersion);
  e.PutString(slug);
  e.PutString(title);
  e.PutI64(date);
  e.PutString(author_id);
  e.PutStrings(tags);
  e.PutString(excerpt_html);
  e.PutI64(visible_since);
  return e.Release();
}

Status Entry::Decode(const std::string& bytes) {
  Decoder d(bytes);
  Status s = CheckVersion(&d, "entry");
  if (!s.ok()) return s;
  if (!d.GetString(&slug) || !d.GetString(&title) || !d.GetI64(&date) ||
      !d.GetString(&author_id) || !d.GetStrings(&tags) ||
      !d.GetString(&excerpt_html) || !d.GetI64(&visible_since) || !d.done()) {
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
  e.PutString(author_id);
  e.PutStrings(tags);
  e.PutString(summary);
  e.PutBool(draft);
  e.PutStrings(aliases);
  e.PutStrings(assets);
  e.PutString(body_markdown);
  e.PutString(body_html);
  e.PutString(excerpt_html);
  return e.Release();
}

std::string Post::Encode() const {
  std::string out = EncodeContent();
  AppendBigEndian64(&out, static_cast<uint64_t>(written_at));
  return out;
}

Status Post::Decode(const std::string& bytes) {
  Decoder d(bytes);
  Status s = CheckVersion(&d, "post");
  if (!s.ok()) return s;
  if (!d.GetString(&slug) || !d.GetString(&source_path) ||
      !d.GetString(&title) || !d.GetI64(&date) || !d.GetString(&author_id) ||
      !d.GetStrings(&tags) || !d.GetString(&summary) || !d.GetBool(&draft) ||
      !d.GetStrings(&aliases) || !d.GetStrings(&assets) ||
      !d.GetString(&body_markdown) || !d.GetString(&body_html) ||
      !d.GetString(&excerpt_html) || !d.GetI64(&written_at) || !d.done()) {
    return Status::Corruption("post record is malformed");
  }
  return Status::OK();
}

Entry Post::ToEntry() const {
  Entry e;
  e.slug = slug;
  e.title = title;
  e.date = date;
  e.author_id = author_id;
  e.tags = tags;
  e.excerpt_html = excerpt_html;
  e.visible_since = std::max(written_at, date);
  return e;
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
  Status s = CheckVersion(&d, "author");
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
