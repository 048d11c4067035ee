// A standalone page (pages/about.md): its title, cover and body in the
// post page's look, without date, byline, tags or links to other posts.
// Found by URL (the u: keys), not by a route pattern: the router asks for
// it when no pattern answers a path.
#include "dates.h"
#include "pages.h"
#include "tpl/standalone.tpl.varnames.h"

namespace levelpress {

Status RenderStandalone(const PageContext& ctx, const Post& page, Chrome chrome,
                        PageResult* out) {
  chrome.title = page.title;
  chrome.description = DescriptionOf(page);
  chrome.canonical_path = page.url;
  chrome.post = &page;
  ctemplate::TemplateDictionary dict("page");
  ctemplate::TemplateDictionary* d =
      StartPage(ctx, chrome, "standalone.tpl", &dict);
  d->SetValue(ks_POST_TITLE, page.title);
  if (page.draft) {
    d->SetValueAndShowSection(ks_POST_STATUS_TEXT,
                              ctx.config.translation->Text("draft_status"),
                              ks_POST_STATUS);
  }
  FillCover(ctx, page, d);
  d->SetValue(ks_BODY_HTML, page.body_html);
  out->last_modified = page.written_at;
  return FinishPage(ctx, dict, out);
}

Status StandalonePage(const PageContext& ctx, const std::string& slug,
                      PageResult* out) {
  Post page;
  Status s = ctx.store.GetPost(slug, &page);
  if (!s.ok()) return s;
  if (!page.page || (page.draft && !ctx.writer_preview)) {
    return Status::NotFound(slug);
  }
  if (page.ExpiredAt(ctx.now) && !ctx.writer_preview) {
    return Status::NotFound(slug);  // gone at its expiry, as an expired post
  }
  s = RenderStandalone(ctx, page, Chrome(), out);
  if (page.expires > ctx.now) out->expires_at = page.expires;
  return s;
}

}  // namespace levelpress
