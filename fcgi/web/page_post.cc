// The post page: title, date, byline, full body, and links to the older
// and newer post. Drafts and posts dated in the future are not found,
// except in a writer's preview (serve --watch) and under a preview URL
// (PreviewPage), where the page says what they are.
#include "dates.h"
#include "pages.h"
#include "preview.h"
#include "tpl/post.tpl.varnames.h"

namespace levelpress {
namespace {

// What a preview says of an unpublished post; "" for a published one.
std::string StatusOf(const PageContext& ctx, const Post& post) {
  const Translation& words = *ctx.config.translation;
  if (post.draft) return words.Text("draft_status");
  if (post.date > ctx.now) return words.Text("scheduled_status");
  if (post.ExpiredAt(ctx.now)) return words.Text("expired_status");
  return "";
}

// The page of post, whatever its state; chrome.noindex for previews.
Status RenderPost(const PageContext& ctx, const Post& post, Chrome chrome,
                  PageResult* out) {
  Entry older, newer;
  Status s = ctx.store.Neighbors(post.slug, post.date, ctx.visible_until(),
                                 &older, &newer);
  if (!s.ok()) return s;
  chrome.title = post.title;
  chrome.description = DescriptionOf(post);
  // Read once, for the byline and the head's JSON-LD.
  const std::vector<Author> authors = LoadAuthors(ctx, post.author_ids);
  chrome.post = &post;
  chrome.authors = &authors;
  ctemplate::TemplateDictionary dict("page");
  ctemplate::TemplateDictionary* d = StartPage(ctx, chrome, "post.tpl", &dict);
  d->SetValue(k_POST_TITLE, post.title);
  d->SetValue(k_DATE_ISO, FormatIso8601(post.date));
  const std::string& language = ctx.config.settings.language;
  const std::string date_text = FormatDateText(post.date, language);
  d->SetValue(k_DATE_TEXT, date_text);
  // "Updated" only when it names a later day than the post's date.
  if (post.updated > post.date) {
    std::string updated_text = FormatDateText(post.updated, language);
    if (updated_text != date_text) {
      ctemplate::TemplateDictionary* u = d->AddSectionDictionary(k_UPDATED);
      u->SetValue(k_UPDATED_ISO, FormatIso8601(post.updated));
      u->SetValue(k_UPDATED_TEXT, updated_text);
    }
  }
  if (post.reading_minutes > 0) {  // 0: stored by a version without it
    d->SetValue(
        k_READING_TIME_TEXT,
        ctx.config.translation->Format(
            "reading_time", {{"minutes", int64_t{post.reading_minutes}}}));
    d->ShowSection(k_READING_TIME);
  }
  FillCover(ctx, post, d);
  d->SetValue(k_BODY_HTML, post.body_html);
  std::string status = StatusOf(ctx, post);
  if (!status.empty()) {
    d->SetValueAndShowSection(k_POST_STATUS_TEXT, status, k_POST_STATUS);
  }
  int64_t modified = std::max(std::max(post.written_at, post.date),
                              FillByline(ctx, authors, post.tags, d));
  if (!older.slug.empty()) {
    ctemplate::TemplateDictionary* p = d->AddSectionDictionary(k_PREV_POST);
    p->SetValue(k_PREV_POST_URL, ctx.config.urls.Post(older.date, older.slug));
    p->SetValue(k_PREV_POST_TITLE, older.title);
    modified = std::max(modified, older.visible_since);
  }
  if (!newer.slug.empty()) {
    ctemplate::TemplateDictionary* n = d->AddSectionDictionary(k_NEXT_POST);
    n->SetValue(k_NEXT_POST_URL, ctx.config.urls.Post(newer.date, newer.slug));
    n->SetValue(k_NEXT_POST_TITLE, newer.title);
    modified = std::max(modified, newer.visible_since);
  }
  // The neighbours change when any post is added or removed (or a
  // scheduled one goes live), and the "newer" link with them; and when the
  // post itself or a neighbour expires.
  ListingPage head;
  s = ctx.store.ListPage(Listing::All(), ctx.visible_until(), 0, 0, &head);
  if (!s.ok()) return s;
  out->last_modified = std::max(modified, head.membership_changed);
  if (newer.slug.empty()) out->expires_at = head.next_change;
  for (int64_t expiry : {post.expires, ctx.store.ExpiryOf(older.slug),
                         ctx.store.ExpiryOf(newer.slug)}) {
    if (expiry > ctx.now &&
        (out->expires_at == 0 || expiry < out->expires_at)) {
      out->expires_at = expiry;
    }
  }
  return FinishPage(ctx, dict, out);
}

}  // namespace

Status PostPage(const PageContext& ctx, const UrlParams& params,
                PageResult* out) {
  Post post;
  Status s = ctx.store.GetPost(UrlParam(params, "slug"), &post);
  if (!s.ok()) return s;
  if (post.draft && !ctx.writer_preview) return Status::NotFound("a draft");
  if (post.date > ctx.visible_until()) {
    out->expires_at = post.date;  // the 404 must not outlive it
    return Status::NotFound("scheduled");
  }
  // Gone at its expiry, as it was not there before its date.
  if (post.ExpiredAt(ctx.now) && !ctx.writer_preview) {
    return Status::NotFound("expired");
  }
  std::string canonical = ctx.config.urls.Post(post.date, post.slug);
  UrlParams want;
  MatchPattern(ctx.config.settings.post_url, canonical, &want);
  if (want != params) {  // right slug, wrong date: send to the real URL
    out->status = 301;
    out->location = canonical;
    return Status::OK();
  }
  Chrome chrome;
  chrome.canonical_path = canonical;
  return RenderPost(ctx, post, chrome, out);
}

Status PreviewPage(const PageContext& ctx, const UrlParams& params,
                   PageResult* out) {
  const std::string& slug = UrlParam(params, "slug");
  std::string key;
  if (!ctx.store.GetMeta(kPreviewKeyName, &key).ok() ||
      !CheckPreviewToken(key, slug, UrlParam(params, "token"), ctx.now)) {
    return Status::NotFound("preview");  // the same 404 as any other
  }
  Post post;
  Status s = ctx.store.GetPost(slug, &post);
  if (!s.ok()) return s;
  Chrome chrome;
  chrome.canonical_path = ctx.config.urls.Post(post.date, post.slug);
  chrome.noindex = true;
  out->no_cache = true;  // a secret: never in a shared cache
  if (post.page) return RenderStandalone(ctx, post, chrome, out);
  return RenderPost(ctx, post, chrome, out);
}

}  // namespace levelpress
