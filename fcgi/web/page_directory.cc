// The directory pages: all authors, all tags, each with its post count.
#include "pages.h"
#include "tpl/authors.tpl.varnames.h"
#include "tpl/tags.tpl.varnames.h"

namespace levelpress {

Status AuthorsPage(const PageContext& ctx, const UrlParams&, PageResult* out) {
  std::vector<Author> authors;
  Status s = ctx.store.ListAuthors(&authors);
  if (!s.ok()) return s;
  ListingPage all;
  s = ctx.store.ListPage(Listing::All(), ctx.visible_until(), 0, 0, &all);
  if (!s.ok()) return s;
  Chrome chrome;
  chrome.title = ctx.config.translation->Text("authors");
  chrome.canonical_path = ctx.config.urls.Authors();
  ctemplate::TemplateDictionary dict("page");
  ctemplate::TemplateDictionary* d =
      StartPage(ctx, chrome, "authors.tpl", &dict);
  int64_t modified =
      std::max(all.membership_changed, ctx.store.ChangedAt("authors"));
  for (const Author& a : authors) {
    size_t count =
        ctx.store.CountVisible(Listing::Author(a.id), ctx.visible_until());
    if (count == 0) continue;
    ctemplate::TemplateDictionary* item = d->AddSectionDictionary(ka_AUTHOR);
    item->SetValue(ka_AUTHOR_URL, ctx.config.urls.Author(a.id));
    item->SetValue(ka_AUTHOR_NAME, a.name);
    item->SetValue(ka_AUTHOR_AVATAR_URL, AvatarUrl(ctx, a));
    item->SetValue(
        ka_POST_COUNT_TEXT,
        ctx.config.translation->Format(
            "author_post_count", {{"count", static_cast<int64_t>(count)}}));
    modified = std::max(modified, a.written_at);
  }
  out->last_modified = modified;
  out->expires_at = all.next_change;
  return FinishPage(ctx, dict, out);
}

Status TagsPage(const PageContext& ctx, const UrlParams&, PageResult* out) {
  std::vector<TagInfo> tags;
  Status s = ctx.store.ListTags(ctx.visible_until(), &tags);
  if (!s.ok()) return s;
  ListingPage all;
  s = ctx.store.ListPage(Listing::All(), ctx.visible_until(), 0, 0, &all);
  if (!s.ok()) return s;
  Chrome chrome;
  chrome.title = ctx.config.translation->Text("tags");
  chrome.canonical_path = ctx.config.urls.Tags();
  ctemplate::TemplateDictionary dict("page");
  ctemplate::TemplateDictionary* d = StartPage(ctx, chrome, "tags.tpl", &dict);
  int64_t modified = all.membership_changed;
  for (const TagInfo& t : tags) {
    ctemplate::TemplateDictionary* item = d->AddSectionDictionary(kt_TAG);
    item->SetValue(kt_TAG_URL, ctx.config.urls.Tag(t.slug));
    item->SetValue(kt_TAG_NAME, t.name);
    item->SetIntValue(kt_POST_COUNT, static_cast<long>(t.count));
  }
  modified = std::max(modified, ctx.store.ChangedAt("tags"));
  out->last_modified = modified;
  out->expires_at = all.next_change;
  return FinishPage(ctx, dict, out);
}

}  // namespace levelpress
