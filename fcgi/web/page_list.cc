// Listing pages: the index, a tag's posts, an author's posts. Newest first,
// page_size per page, "page/N/" after the first.
#include <algorithm>
#include <cstdlib>

#include "dates.h"
#include "html_text.h"
#include "page_meta.h"
#include "pages.h"
#include "slug.h"
#include "tpl/list.tpl.varnames.h"

namespace levelpress {
namespace {

// "2" -> 2; anything that is not a canonical page number >= 2 -> 0.
size_t PageNumber(const UrlParams& params) {
  auto it = params.find("page");
  if (it == params.end()) return 1;
  const std::string& s = it->second;
  if (s.empty() || s.size() > 9 || s[0] == '0' ||
      !std::all_of(s.begin(), s.end(), ::isdigit)) {
    return 0;
  }
  return static_cast<size_t>(std::atol(s.c_str()));
}

struct ListingView {
  Listing listing;
  std::string base_path;  // URL of page 1
  std::string title;      // for <title>, "" on the index
  std::string heading;    // <h1>, "" for none
  std::string tag_name;   // a tag's listing: the tag as written
  const Author* author = nullptr;
};

// The listing's <meta name="description">: "" (the site's) for the index.
std::string DescriptionOf(const PageContext& ctx, const ListingView& view,
                          size_t total) {
  const std::string& blog = ctx.config.settings.title;
  const Translation& words = *ctx.config.translation;
  if (view.author != nullptr) {
    std::string bio = ShortDescription(HtmlToText(view.author->bio_html));
    return bio.empty()
               ? words.Format("author_description",
                              {{"author", view.author->name}, {"blog", blog}})
               : bio;
  }
  if (!view.tag_name.empty()) {
    return words.Format("tag_description",
                        {{"tag", view.tag_name},
                         {"blog", blog},
                         {"count", static_cast<int64_t>(total)}});
  }
  return "";
}

Status RenderListing(const PageContext& ctx, const ListingView& view,
                     size_t page_number, PageResult* out) {
  const size_t per_page = static_cast<size_t>(ctx.config.settings.page_size);
  ListingPage page;
  Status s = ctx.store.ListPage(view.listing, ctx.visible_until(),
                                (page_number - 1) * per_page, per_page, &page);
  if (!s.ok()) return s;
  size_t page_count =
      std::max<size_t>(1, (page.total + per_page - 1) / per_page);
  if (page_number > page_count)
    return Status::NotFound("no page " + std::to_string(page_number));

  const Translation& words = *ctx.config.translation;
  const std::string& language = ctx.config.settings.language;
  Chrome chrome;
  chrome.canonical_path = Urls::Paged(view.base_path, page_number);
  chrome.title = view.title;
  chrome.description = DescriptionOf(ctx, view, page.total);
  chrome.home = view.listing.kind == Listing::Kind::kAll && page_number == 1;
  if (view.listing.kind != Listing::Kind::kAll) {  // its own feeds
    chrome.feed_base = view.base_path;
    chrome.feed_title = view.title + " – " + ctx.config.settings.title;
  }
  if (page_number > 1) {
    chrome.title = (view.title.empty() ? "" : view.title + ", ") +
                   words.Format("page_number",
                                {{"page", static_cast<int64_t>(page_number)}});
    chrome.prev_path = Urls::Paged(view.base_path, page_number - 1);
  }
  if (page_number < page_count)
    chrome.next_path = Urls::Paged(view.base_path, page_number + 1);

  ctemplate::TemplateDictionary dict("page");
  ctemplate::TemplateDictionary* list =
      StartPage(ctx, chrome, "list.tpl", &dict);
  if (!view.heading.empty()) {
    list->SetValueAndShowSection(kl_HEADING_TEXT, view.heading, kl_HEADING);
  }
  int64_t modified = page.membership_changed;
  if (view.author != nullptr) {
    ctemplate::TemplateDictionary* info =
        list->AddSectionDictionary(kl_AUTHOR_INFO);
    info->SetValue(kl_AUTHOR_INFO_NAME, view.author->name);
    info->SetValue(kl_AUTHOR_INFO_AVATAR_URL, AvatarUrl(ctx, *view.author));
    info->SetValue(kl_AUTHOR_INFO_BIO_HTML, view.author->bio_html);
    modified = std::max(modified, view.author->written_at);
  }
  for (const Entry& e : page.entries) {
    ctemplate::TemplateDictionary* item = list->AddSectionDictionary(kl_ENTRY);
    item->SetValue(kl_POST_URL, ctx.config.urls.Post(e.date, e.slug));
    item->SetValue(kl_POST_TITLE, e.title);
    item->SetValue(kl_DATE_ISO, FormatIso8601(e.date));
    item->SetValue(kl_DATE_TEXT, FormatDateText(e.date, language));
    item->SetValue(kl_READ_POST_LABEL,
                   words.Format("read_post", {{"title", e.title}}));
    item->SetValue(kl_EXCERPT_HTML, e.excerpt_html);
    if (e.date > ctx.now) {  // only listed in a writer's preview
      // The date is beside it.
      item->SetValueAndShowSection(kl_ENTRY_STATUS_TEXT,
                                   words.Text("scheduled"), kl_ENTRY_STATUS);
    }
    modified = std::max({modified, e.visible_since,
                         FillByline(ctx, e.author_ids, e.tags, item)});
  }
  if (page.entries.empty()) list->ShowSection(kl_NO_ENTRIES);
  list->SetValue(
      kl_PAGE_OF_TEXT,
      words.Format("page_of", {{"page", static_cast<int64_t>(page_number)},
                               {"count", static_cast<int64_t>(page_count)}}));
  if (!chrome.prev_path.empty()) {
    list->SetValueAndShowSection(kl_PREV_PAGE_URL, chrome.prev_path,
                                 kl_PREV_PAGE);
  }
  if (!chrome.next_path.empty()) {
    list->SetValueAndShowSection(kl_NEXT_PAGE_URL, chrome.next_path,
                                 kl_NEXT_PAGE);
  }
  out->last_modified = modified;
  out->expires_at = page.next_change;
  return FinishPage(ctx, dict, out);
}

}  // namespace

Status IndexPage(const PageContext& ctx, const UrlParams& params,
                 PageResult* out) {
  size_t n = PageNumber(params);
  if (n == 0) return Status::NotFound("bad page number");
  ListingView view;
  view.base_path = ctx.config.urls.Home();
  return RenderListing(ctx, view, n, out);
}

Status TagPage(const PageContext& ctx, const UrlParams& params,
               PageResult* out) {
  size_t n = PageNumber(params);
  const std::string& slug = UrlParam(params, "tag");
  if (n == 0 || !IsValidSlug(slug)) return Status::NotFound("bad tag URL");
  ListingView view;
  view.listing = Listing::Tag(slug);
  view.base_path = ctx.config.urls.Tag(slug);
  // The tag as the newest post spells it.
  ListingPage newest;
  Status s =
      ctx.store.ListPage(view.listing, ctx.visible_until(), 0, 1, &newest);
  if (!s.ok()) return s;
  if (newest.entries.empty()) {
    // A tag of scheduled posts only: not found until the first goes live.
    out->expires_at = newest.next_change;
    return Status::NotFound("no such tag");
  }
  std::string name = slug;
  for (const auto& t : newest.entries[0].tags) {
    if (Slugify(t) == slug) name = t;
  }
  view.title = name;
  view.tag_name = name;
  view.heading =
      ctx.config.translation->Format("posts_on_tag", {{"tag", name}});
  return RenderListing(ctx, view, n, out);
}

Status AuthorPage(const PageContext& ctx, const UrlParams& params,
                  PageResult* out) {
  size_t n = PageNumber(params);
  if (n == 0) return Status::NotFound("bad page number");
  // An author is public only with a visible post: one named only by drafts
  // or scheduled posts, or with an authors/ file and no post at all, is
  // not found (and not on /authors/), until a scheduled post goes live.
  ListingPage head;
  Status s = ctx.store.ListPage(Listing::Author(UrlParam(params, "author")),
                                ctx.visible_until(), 0, 0, &head);
  if (!s.ok()) return s;
  if (head.total == 0) {
    out->expires_at = head.next_change;
    return Status::NotFound("author without visible posts");
  }
  Author author;
  s = ctx.store.GetAuthor(UrlParam(params, "author"), &author);
  if (!s.ok()) return s;
  ListingView view;
  view.listing = Listing::Author(author.id);
  view.base_path = ctx.config.urls.Author(author.id);
  view.title = author.name;
  view.author = &author;
  return RenderListing(ctx, view, n, out);
}

}  // namespace levelpress
