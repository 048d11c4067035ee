// Machine-readable pages: the sitemap (every public URL, which also drives
// scripts/warm-cache; an index of parts when the blog has more URLs than
// one sitemap may hold) and the feeds of the newest posts, of the blog, of
// each tag and of each author, as Atom (RFC 4287, ctemplate's XML context)
// and as JSON Feed 1.1 (written here, escaped by AppendJsonString).
//
// Dates inside feeds and sitemaps are content dates (Entry::modified,
// Post::ContentDate): the same content gives the same bytes in any store,
// whenever it was imported. The HTTP validators are the pages' (see
// docs/DESIGN.md, "Dates"): the ETag is the hash of these bytes, and
// Last-Modified also moves with what the store changed (a deleted post).
#include <algorithm>

#include "absolute_urls.h"
#include "dates.h"
#include "pages.h"
#include "slug.h"
#include "tpl/feed.tpl.varnames.h"
#include "tpl/sitemap.tpl.varnames.h"
#include "tpl/sitemap_index.tpl.varnames.h"

namespace levelpress {
namespace {

constexpr size_t kFeedEntries = 20;

// The feed of one listing: the blog's, a tag's or an author's.
struct FeedSource {
  Listing listing;
  std::string base_path;  // the listing's page 1 ("/", "/tag/x/")
  std::string title;      // "Blog", "Tag – Blog", "Ana – Blog"
  std::string subtitle;
  std::string author_name;  // the feed's own author: the blog, or the author
  std::string author_path;
  int64_t author_written = 0;
};

// Which listing the route's params name; NotFound for a tag or author
// without a visible post (as their pages), with *expires_at set when a
// scheduled post will make one.
Status FindFeed(const PageContext& ctx, const UrlParams& params,
                FeedSource* source, int64_t* expires_at) {
  const Settings& settings = ctx.config.settings;
  const Urls& urls = ctx.config.urls;
  source->title = settings.title;
  source->subtitle = settings.description;
  source->author_name = settings.title;
  source->author_path = urls.Home();
  source->base_path = urls.Home();
  source->listing = Listing::All();
  const std::string& tag = UrlParam(params, "tag");
  const std::string& author_id = UrlParam(params, "author");
  if (tag.empty() && author_id.empty()) return Status::OK();
  source->listing =
      tag.empty() ? Listing::Author(author_id) : Listing::Tag(tag);
  ListingPage newest;
  Status s =
      ctx.store.ListPage(source->listing, ctx.visible_until(), 0, 1, &newest);
  if (!s.ok()) return s;
  if (newest.entries.empty()) {
    *expires_at = newest.next_change;
    return Status::NotFound("a feed without visible posts");
  }
  std::string name;
  if (!tag.empty()) {
    source->base_path = urls.Tag(tag);
    name = tag;  // the tag as its newest post spells it
    for (const auto& t : newest.entries[0].tags) {
      if (Slugify(t) == tag) name = t;
    }
    source->subtitle =
        ctx.config.translation->Format("posts_on_tag", {{"tag", name}});
  } else {
    Author author;
    s = ctx.store.GetAuthor(author_id, &author);
    if (!s.ok()) return s;
    source->base_path = urls.Author(author.id);
    name = author.name;
    source->subtitle =
        ctx.config.translation->Format("posts_by_author", {{"author", name}});
    source->author_name = author.name;
    source->author_path = source->base_path;
    source->author_written = author.written_at;
  }
  source->title = name + " – " + settings.title;
  return Status::OK();
}

// One entry of a feed, as both formats need it.
struct FeedItem {
  Entry entry;
  std::string url;           // absolute
  std::string summary_html;  // the excerpt, URLs absolute
  std::string content_html;  // the whole post, URLs absolute; "" if excerpt
  std::string summary_text;  // the description, for JSON's summary
  std::vector<Author> authors;
  std::vector<bool> author_known;  // has a record (and so a page)
};

struct Feed {
  FeedSource source;
  std::vector<FeedItem> items;
  int64_t updated = 0;        // newest content date: inside the feed
  int64_t last_modified = 0;  // the validator (content and store changes)
  int64_t expires_at = 0;
};

Status LoadFeed(const PageContext& ctx, const UrlParams& params, Feed* feed) {
  Status s = FindFeed(ctx, params, &feed->source, &feed->expires_at);
  if (!s.ok()) return s;
  ListingPage page;
  s = ctx.store.ListPage(feed->source.listing, ctx.visible_until(), 0,
                         kFeedEntries, &page);
  if (!s.ok()) return s;
  const Urls& urls = ctx.config.urls;
  const std::string& root = ctx.config.settings.base_url;
  const bool full = ctx.config.settings.feed_content == FeedContent::kFull;
  feed->expires_at = page.next_change;
  feed->last_modified =
      std::max({page.membership_changed, ctx.config.theme_mtime,
                feed->source.author_written});
  for (Entry& e : page.entries) {
    FeedItem item;
    item.url = urls.Absolute(urls.Post(e.date, e.slug));
    item.summary_html = AbsoluteUrls(e.excerpt_html, root, item.url);
    Post post;
    s = ctx.store.GetPost(e.slug, &post);
    if (!s.ok()) return s;
    if (full) item.content_html = AbsoluteUrls(post.body_html, root, item.url);
    item.summary_text = DescriptionOf(post);
    for (const auto& id : e.author_ids) {
      Author author;
      bool known = ctx.store.GetAuthor(id, &author).ok();
      if (!known) author.name = id;
      feed->last_modified = std::max(feed->last_modified, author.written_at);
      item.authors.push_back(std::move(author));
      item.author_known.push_back(known);
    }
    feed->updated = std::max(feed->updated, e.modified);
    feed->last_modified = std::max(feed->last_modified, e.visible_since);
    item.entry = std::move(e);
    feed->items.push_back(std::move(item));
  }
  return Status::OK();
}

// ------------------------------------------------------------------- JSON

// Appends s as a JSON string literal: '"', '\\' and control characters
// escaped, invalid UTF-8 as U+FFFD, everything else as it is.
void AppendJsonString(std::string_view s, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  *out += '"';
  for (size_t i = 0; i < s.size();) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      if (b == '"' || b == '\\') {
        *out += '\\';
        *out += static_cast<char>(b);
      } else if (b == '\n') {
        *out += "\\n";
      } else if (b == '\t') {
        *out += "\\t";
      } else if (b == '\r') {
        *out += "\\r";
      } else if (b < 0x20 || b == 0x7f) {
        *out += "\\u00";
        *out += kHex[b >> 4];
        *out += kHex[b & 15];
      } else {
        *out += static_cast<char>(b);
      }
      ++i;
      continue;
    }
    // A whole, shortest-form UTF-8 sequence, or one replacement character.
    size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0;
    bool ok = n > 0 && b <= 0xF4 && i + n <= s.size();
    uint32_t c = ok ? (b & (0x7F >> n)) : 0;
    for (size_t k = 1; ok && k < n; ++k) {
      unsigned char cont = static_cast<unsigned char>(s[i + k]);
      ok = (cont & 0xC0) == 0x80;
      c = (c << 6) | (cont & 0x3F);
    }
    ok = ok && !(n == 3 && (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))) &&
         !(n == 4 && (c < 0x10000 || c > 0x10FFFF));
    if (ok) {
      out->append(s.substr(i, n));
      i += n;
    } else {
      *out += "\\ufffd";
      ++i;
    }
  }
  *out += '"';
}

class JsonWriter {
 public:
  void Open(char c) {
    Comma();
    out_ += c;
    first_ = true;
  }
  void Close(char c) {
    out_ += c;
    first_ = false;
  }
  void Key(std::string_view key) {
    Comma();
    AppendJsonString(key, &out_);
    out_ += ':';
    first_ = true;  // the value follows without a comma
  }
  void String(std::string_view value) {
    Comma();
    AppendJsonString(value, &out_);
  }
  void Field(std::string_view key, std::string_view value) {
    Key(key);
    String(value);
  }
  std::string Release() { return std::move(out_); }

 private:
  void Comma() {
    if (!first_) out_ += ',';
    first_ = false;
  }
  std::string out_;
  bool first_ = true;
};

std::string JsonFeedText(const PageContext& ctx, const Feed& feed) {
  const Urls& urls = ctx.config.urls;
  const FeedSource& src = feed.source;
  JsonWriter j;
  j.Open('{');
  j.Field("version", "https://jsonfeed.org/version/1.1");
  j.Field("title", src.title);
  j.Field("home_page_url", urls.Absolute(src.base_path));
  j.Field("feed_url", urls.Absolute(Urls::JsonFeed(src.base_path)));
  if (!src.subtitle.empty()) j.Field("description", src.subtitle);
  j.Field("language", ctx.config.settings.language);
  j.Key("authors");
  j.Open('[');
  j.Open('{');
  j.Field("name", src.author_name);
  j.Field("url", urls.Absolute(src.author_path));
  j.Close('}');
  j.Close(']');
  j.Key("items");
  j.Open('[');
  for (const FeedItem& item : feed.items) {
    const Entry& e = item.entry;
    j.Open('{');
    j.Field("id", item.url);
    j.Field("url", item.url);
    j.Field("title", e.title);
    j.Field("content_html",
            item.content_html.empty() ? item.summary_html : item.content_html);
    if (!item.summary_text.empty()) j.Field("summary", item.summary_text);
    j.Field("date_published", FormatIso8601(e.date));
    j.Field("date_modified", FormatIso8601(e.modified));
    j.Key("authors");
    j.Open('[');
    for (size_t i = 0; i < item.authors.size(); ++i) {
      j.Open('{');
      j.Field("name", item.authors[i].name);
      if (item.author_known[i]) {
        j.Field("url", urls.Absolute(urls.Author(item.authors[i].id)));
        if (!item.authors[i].avatar_url.empty()) {
          j.Field("avatar", urls.Absolute(AvatarUrl(ctx, item.authors[i])));
        }
      }
      j.Close('}');
    }
    j.Close(']');
    if (!e.tags.empty()) {
      j.Key("tags");
      j.Open('[');
      for (const auto& t : e.tags) j.String(t);
      j.Close(']');
    }
    j.Close('}');
  }
  j.Close(']');
  j.Close('}');
  std::string text = j.Release();
  text += '\n';
  return text;
}

}  // namespace

Status FeedPage(const PageContext& ctx, const UrlParams& params,
                PageResult* out) {
  Feed feed;
  Status s = LoadFeed(ctx, params, &feed);
  out->expires_at = feed.expires_at;
  if (!s.ok()) return s;
  const Urls& urls = ctx.config.urls;
  const FeedSource& src = feed.source;
  ctemplate::TemplateDictionary dict("feed");
  dict.SetValue(kf_FEED_LANGUAGE, ctx.config.settings.language);
  dict.SetValue(kf_FEED_TITLE, src.title);
  if (!src.subtitle.empty()) {
    dict.SetValueAndShowSection(kf_FEED_SUBTITLE_TEXT, src.subtitle,
                                kf_FEED_SUBTITLE);
  }
  dict.SetValue(kf_FEED_ID, urls.Absolute(src.base_path));
  dict.SetValue(kf_FEED_SELF, urls.Absolute(Urls::AtomFeed(src.base_path)));
  dict.SetValue(kf_FEED_HOME, urls.Absolute(src.base_path));
  dict.SetValue(kf_FEED_AUTHOR_NAME, src.author_name);
  dict.SetValue(kf_FEED_AUTHOR_URI, urls.Absolute(src.author_path));
  // An empty blog's feed has no content to date: the epoch, the same in
  // every store.
  dict.SetValue(kf_FEED_UPDATED, FormatIso8601(feed.updated));
  const std::string scheme = urls.Absolute(urls.Tags());
  for (const FeedItem& item : feed.items) {
    const Entry& e = item.entry;
    ctemplate::TemplateDictionary* d = dict.AddSectionDictionary(kf_ENTRY);
    d->SetValue(kf_ENTRY_TITLE, e.title);
    d->SetValue(kf_ENTRY_URL, item.url);
    d->SetValue(kf_ENTRY_ID, item.url);
    d->SetValue(kf_ENTRY_PUBLISHED, FormatIso8601(e.date));
    d->SetValue(kf_ENTRY_UPDATED, FormatIso8601(e.modified));
    for (size_t i = 0; i < item.authors.size(); ++i) {  // one <author> each
      ctemplate::TemplateDictionary* a =
          d->AddSectionDictionary(kf_ENTRY_AUTHOR);
      a->SetValue(kf_ENTRY_AUTHOR_NAME, item.authors[i].name);
      if (item.author_known[i]) {
        a->SetValueAndShowSection(
            kf_ENTRY_AUTHOR_URI_VALUE,
            urls.Absolute(urls.Author(item.authors[i].id)),
            kf_ENTRY_AUTHOR_URI);
      }
    }
    for (const auto& t : e.tags) {
      ctemplate::TemplateDictionary* tag =
          d->AddSectionDictionary(kf_ENTRY_TAG);
      tag->SetValue(kf_ENTRY_TAG_TERM, Slugify(t));
      tag->SetValue(kf_ENTRY_TAG_SCHEME, scheme);
      tag->SetValue(kf_ENTRY_TAG_LABEL, t);
    }
    d->SetValue(kf_ENTRY_SUMMARY_HTML, item.summary_html);
    if (!item.content_html.empty()) {
      d->SetValueAndShowSection(kf_ENTRY_CONTENT_HTML, item.content_html,
                                kf_ENTRY_CONTENT);
    }
  }
  out->last_modified = feed.last_modified;
  out->content_type = "application/atom+xml; charset=utf-8";
  return ctx.config.templates->Expand("feed.tpl", dict, &out->body);
}

Status JsonFeedPage(const PageContext& ctx, const UrlParams& params,
                    PageResult* out) {
  Feed feed;
  Status s = LoadFeed(ctx, params, &feed);
  out->expires_at = feed.expires_at;
  if (!s.ok()) return s;
  out->body = JsonFeedText(ctx, feed);
  out->last_modified = feed.last_modified;
  out->content_type = "application/feed+json; charset=utf-8";
  return Status::OK();
}

// ---------------------------------------------------------------- sitemap

Status AllPaths(const PageContext& ctx, std::vector<std::string>* paths,
                std::vector<int64_t>* modified, int64_t* newest_write) {
  int64_t unused = 0;
  if (newest_write == nullptr) newest_write = &unused;
  *newest_write = 0;
  const Urls& urls = ctx.config.urls;
  const StoreView& store = ctx.store;
  const size_t per_page = static_cast<size_t>(ctx.config.settings.page_size);
  paths->clear();
  modified->clear();
  auto add = [&](const std::string& path, int64_t when) {
    paths->push_back(path);
    modified->push_back(when);
  };
  auto pages = [&](const std::string& base, size_t total) {
    size_t count = std::max<size_t>(1, (total + per_page - 1) / per_page);
    for (size_t n = 1; n <= count; ++n) add(Urls::Paged(base, n), 0);
  };
  size_t total = store.CountVisible(Listing::All(), ctx.visible_until());
  pages(urls.Home(), total);
  add(urls.Authors(), 0);
  add(urls.Tags(), 0);
  std::vector<TagInfo> tags;
  Status s = store.ListTags(ctx.visible_until(), &tags);
  if (!s.ok()) return s;
  for (const auto& t : tags) pages(urls.Tag(t.slug), t.count);
  std::vector<Author> authors;
  s = store.ListAuthors(&authors);
  if (!s.ok()) return s;
  for (const auto& a : authors) {
    size_t n = store.CountVisible(Listing::Author(a.id), ctx.visible_until());
    if (n > 0) pages(urls.Author(a.id), n);
  }
  ListingPage all;
  s = store.ListPage(Listing::All(), ctx.visible_until(), 0, total, &all);
  if (!s.ok()) return s;
  // A post's lastmod is its content's date, the same in any store.
  for (const auto& e : all.entries) {
    add(urls.Post(e.date, e.slug), e.modified);
    *newest_write = std::max(*newest_write, e.visible_since);
  }
  std::vector<std::pair<std::string, std::string>> standalone;
  s = store.ListPageUrls(&standalone);
  if (!s.ok()) return s;
  for (const auto& [url, slug] : standalone) {
    Post page;
    s = store.GetPost(slug, &page);
    if (!s.ok()) return s;
    if (page.draft && !ctx.writer_preview) continue;
    if (page.ExpiredAt(ctx.now) && !ctx.writer_preview) continue;
    add(url, page.ContentDate());  // 0 (no lastmod) for an undated page
    *newest_write = std::max(*newest_write, page.written_at);
  }
  return Status::OK();
}

namespace {

// The validator of every sitemap page: the newest of the content dates
// listed and of the store's writes that change what is listed (a post
// added, removed or edited, a tag, an author, a page).
Status SitemapLastModified(const PageContext& ctx,
                           const std::vector<int64_t>& modified,
                           int64_t newest_write, PageResult* out) {
  ListingPage head;
  Status s =
      ctx.store.ListPage(Listing::All(), ctx.visible_until(), 0, 0, &head);
  if (!s.ok()) return s;
  out->last_modified =
      std::max({head.membership_changed, ctx.store.ChangedAt("tags"),
                ctx.store.ChangedAt("authors"), ctx.store.ChangedAt("pages"),
                newest_write, ctx.config.theme_mtime});
  for (int64_t m : modified)
    out->last_modified = std::max(out->last_modified, m);
  out->expires_at = head.next_change;
  out->content_type = "application/xml; charset=utf-8";
  return Status::OK();
}

}  // namespace

Status SitemapPage(const PageContext& ctx, const UrlParams& params,
                   PageResult* out) {
  std::vector<std::string> paths;
  std::vector<int64_t> modified;
  int64_t newest_write = 0;
  Status s = AllPaths(ctx, &paths, &modified, &newest_write);
  if (!s.ok()) return s;
  s = SitemapLastModified(ctx, modified, newest_write, out);
  if (!s.ok()) return s;
  const Urls& urls = ctx.config.urls;
  const size_t parts = (paths.size() + kSitemapUrls - 1) / kSitemapUrls;
  const std::string& part_param = UrlParam(params, "part");
  if (part_param.empty() && parts > 1) {
    // Too large for one sitemap: an index of parts of kSitemapUrls each.
    ctemplate::TemplateDictionary dict("sitemap_index");
    for (size_t n = 1; n <= parts; ++n) {
      ctemplate::TemplateDictionary* part = dict.AddSectionDictionary(ksi_PART);
      part->SetValue(ksi_PART_LOC,
                     urls.Absolute("/sitemap-" + std::to_string(n) + ".xml"));
      size_t end = std::min(paths.size(), n * kSitemapUrls);
      int64_t newest = 0;
      for (size_t i = (n - 1) * kSitemapUrls; i < end; ++i) {
        newest = std::max(newest, modified[i]);
      }
      if (newest > 0) {
        part->SetValueAndShowSection(ksi_PART_LASTMOD_DATE,
                                     FormatIso8601(newest), ksi_PART_LASTMOD);
      }
    }
    return ctx.config.templates->Expand("sitemap_index.tpl", dict, &out->body);
  }
  size_t first = 0, end = paths.size();
  if (!part_param.empty()) {
    size_t n = 0;
    // A part exists only while the blog needs an index.
    if (!IsSitemapPart(part_param, &n) || parts <= 1 || n > parts) {
      return Status::NotFound("no such sitemap part");
    }
    first = (n - 1) * kSitemapUrls;
    end = std::min(paths.size(), n * kSitemapUrls);
  }
  ctemplate::TemplateDictionary dict("sitemap");
  for (size_t i = first; i < end; ++i) {
    ctemplate::TemplateDictionary* url = dict.AddSectionDictionary(ks_URL);
    url->SetValue(ks_LOC, urls.Absolute(paths[i]));
    if (modified[i] > 0) {
      url->SetValueAndShowSection(ks_LASTMOD_DATE, FormatIso8601(modified[i]),
                                  ks_LASTMOD);
    }
  }
  return ctx.config.templates->Expand("sitemap.tpl", dict, &out->body);
}

}  // namespace levelpress
