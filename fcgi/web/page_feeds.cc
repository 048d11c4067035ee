// Machine-readable pages: the sitemap (every public URL, which also drives
// scripts/warm-cache) and the Atom feed of the newest posts. Both are
// expanded in ctemplate's XML context.
#include <algorithm>

#include "dates.h"
#include "pages.h"
#include "slug.h"
#include "tpl/feed.tpl.varnames.h"
#include "tpl/sitemap.tpl.varnames.h"

namespace levelpress {
namespace {

constexpr size_t kFeedEntries = 20;

}  // namespace

Status AllPaths(const PageContext& ctx, std::vector<std::string>* paths,
                std::vector<int64_t>* modified) {
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
  for (const auto& e : all.entries)
    add(urls.Post(e.date, e.slug), e.visible_since);
  std::vector<std::pair<std::string, std::string>> standalone;
  s = store.ListPageUrls(&standalone);
  if (!s.ok()) return s;
  for (const auto& [url, slug] : standalone) {
    Post page;
    s = store.GetPost(slug, &page);
    if (!s.ok()) return s;
    if (page.draft && !ctx.writer_preview) continue;
    add(url, page.written_at);
  }
  return Status::OK();
}

Status SitemapPage(const PageContext& ctx, const UrlParams&, PageResult* out) {
  std::vector<std::string> paths;
  std::vector<int64_t> modified;
  Status s = AllPaths(ctx, &paths, &modified);
  if (!s.ok()) return s;
  ctemplate::TemplateDictionary dict("sitemap");
  for (size_t i = 0; i < paths.size(); ++i) {
    ctemplate::TemplateDictionary* url = dict.AddSectionDictionary(ks_URL);
    url->SetValue(ks_LOC, ctx.config.urls.Absolute(paths[i]));
    if (modified[i] > 0) {
      url->SetValueAndShowSection(ks_LASTMOD_DATE, FormatIso8601(modified[i]),
                                  ks_LASTMOD);
    }
  }
  ListingPage head;
  s = ctx.store.ListPage(Listing::All(), ctx.visible_until(), 0, 0, &head);
  if (!s.ok()) return s;
  out->last_modified =
      std::max({head.membership_changed, ctx.store.ChangedAt("tags"),
                ctx.store.ChangedAt("authors"), ctx.store.ChangedAt("pages"),
                ctx.config.theme_mtime});
  for (int64_t m : modified)
    out->last_modified = std::max(out->last_modified, m);
  out->expires_at = head.next_go_live;
  out->content_type = "application/xml; charset=utf-8";
  return ctx.config.templates->Expand("sitemap.tpl", dict, &out->body);
}

Status FeedPage(const PageContext& ctx, const UrlParams&, PageResult* out) {
  ListingPage page;
  Status s = ctx.store.ListPage(Listing::All(), ctx.visible_until(), 0,
                                kFeedEntries, &page);
  if (!s.ok()) return s;
  const Urls& urls = ctx.config.urls;
  ctemplate::TemplateDictionary dict("feed");
  dict.SetValue(kf_FEED_TITLE, ctx.config.settings.title);
  dict.SetValue(kf_FEED_SUBTITLE, ctx.config.settings.description);
  dict.SetValue(kf_FEED_ID, urls.Absolute(urls.Home()));
  dict.SetValue(kf_FEED_SELF, urls.Absolute("/feed.xml"));
  dict.SetValue(kf_FEED_HOME, urls.Absolute(urls.Home()));
  int64_t updated = page.membership_changed;
  for (const Entry& e : page.entries) {
    ctemplate::TemplateDictionary* d = dict.AddSectionDictionary(kf_ENTRY);
    std::string url = urls.Absolute(urls.Post(e.date, e.slug));
    d->SetValue(kf_ENTRY_TITLE, e.title);
    d->SetValue(kf_ENTRY_URL, url);
    d->SetValue(kf_ENTRY_ID, url);
    d->SetValue(kf_ENTRY_PUBLISHED, FormatIso8601(e.date));
    d->SetValue(kf_ENTRY_UPDATED, FormatIso8601(e.visible_since));
    for (const auto& id : e.author_ids) {  // Atom: one <author> each
      Author author;
      if (!ctx.store.GetAuthor(id, &author).ok()) author.name = id;
      d->AddSectionDictionary(kf_ENTRY_AUTHOR)
          ->SetValue(kf_ENTRY_AUTHOR_NAME, author.name);
      updated = std::max(updated, author.written_at);
    }
    for (const auto& t : e.tags) {
      ctemplate::TemplateDictionary* tag =
          d->AddSectionDictionary(kf_ENTRY_TAG);
      tag->SetValue(kf_ENTRY_TAG_TERM, Slugify(t));
      tag->SetValue(kf_ENTRY_TAG_LABEL, t);
    }
    d->SetValue(kf_ENTRY_SUMMARY_HTML, e.excerpt_html);
    updated = std::max(updated, e.visible_since);
  }
  dict.SetValue(kf_FEED_UPDATED,
                FormatIso8601(std::max(updated, ctx.config.theme_mtime)));
  out->last_modified = std::max(updated, ctx.config.theme_mtime);
  out->expires_at = page.next_go_live;
  out->content_type = "application/atom+xml; charset=utf-8";
  return ctx.config.templates->Expand("feed.tpl", dict, &out->body);
}

}  // namespace levelpress
