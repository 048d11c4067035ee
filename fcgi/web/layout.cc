// The page chrome shared by every page, and the byline shared by listings
// and post pages.
#include <algorithm>
#include <ctime>

#include "dates.h"
#include "html_text.h"
#include "page_meta.h"
#include "pages.h"
#include "slug.h"
#include "tpl/list.tpl.varnames.h"
#include "tpl/page.tpl.varnames.h"
#include "tpl/post.tpl.varnames.h"

namespace levelpress {

ctemplate::TemplateDictionary* StartPage(const PageContext& ctx,
                                         const Chrome& chrome,
                                         const char* content_template,
                                         ctemplate::TemplateDictionary* page) {
  const Settings& s = ctx.config.settings;
  const Urls& urls = ctx.config.urls;
  page->SetValue(kp_LANGUAGE, s.language);
  page->SetValue(kp_SITE_TITLE, s.title);
  page->SetValue(kp_SITE_DESCRIPTION, s.description);
  page->SetValue(kp_META_DESCRIPTION, chrome.description.empty()
                                          ? s.description
                                          : chrome.description);
  page->SetValue(kp_PAGE_TITLE, chrome.title.empty()
                                    ? s.title
                                    : chrome.title + " – " + s.title);
  page->SetValue(kp_CANONICAL_URL, urls.Absolute(chrome.canonical_path));
  page->SetValue(kp_THEME_URL, s.theme_url);
  page->SetValue(kp_HOME_URL, urls.Home());
  page->SetValue(kp_AUTHORS_URL, urls.Authors());
  page->SetValue(kp_TAGS_URL, urls.Tags());
  page->SetValue(kp_SEARCH_URL, kSearchPath);
  page->SetValueAndShowSection(kp_FEED_URL, Urls::AtomFeed(urls.Home()),
                               kp_FEED);
  page->SetValue(kp_FEED_JSON_URL, Urls::JsonFeed(urls.Home()));
  if (!chrome.feed_base.empty()) {
    ctemplate::TemplateDictionary* feed =
        page->AddSectionDictionary(kp_LISTING_FEED);
    feed->SetValue(kp_LISTING_FEED_URL, Urls::AtomFeed(chrome.feed_base));
    feed->SetValue(kp_LISTING_FEED_JSON_URL, Urls::JsonFeed(chrome.feed_base));
    feed->SetValue(kp_LISTING_FEED_TITLE, chrome.feed_title);
  }
  page->SetIntValue(kp_YEAR, ToLocalDate(ctx.now).year);
  for (const MenuLink& link : s.menu) {
    ctemplate::TemplateDictionary* d = page->AddSectionDictionary(kp_MENU_LINK);
    d->SetValue(kp_MENU_LINK_URL, link.url);
    d->SetValue(kp_MENU_LINK_TITLE, link.title);
    // Screen readers announce the link of the page being shown.
    if (link.url == chrome.canonical_path) d->ShowSection(kp_MENU_LINK_CURRENT);
  }
  if (!s.footer_menu.empty()) {
    ctemplate::TemplateDictionary* footer =
        page->AddSectionDictionary(kp_FOOTER_MENU);
    for (size_t i = 0; i < s.footer_menu.size(); ++i) {
      const MenuLink& link = s.footer_menu[i];
      ctemplate::TemplateDictionary* d =
          footer->AddSectionDictionary(kp_FOOTER_LINK);
      d->SetValue(kp_FOOTER_LINK_SEP, i == 0 ? "" : " · ");
      d->SetValue(kp_FOOTER_LINK_URL, link.url);
      d->SetValue(kp_FOOTER_LINK_TITLE, link.title);
      if (link.url == chrome.canonical_path) {
        d->ShowSection(kp_FOOTER_LINK_CURRENT);
      }
    }
  }
  if (chrome.noindex || ctx.writer_preview || s.robots == Robots::kNoindex) {
    page->ShowSection(kp_NOINDEX);
  }
  FillPageMeta(ctx, chrome, page);
  if (!chrome.prev_path.empty()) {
    page->SetValueAndShowSection(kp_HEAD_PREV_URL, chrome.prev_path,
                                 kp_HEAD_PREV);
  }
  if (!chrome.next_path.empty()) {
    page->SetValueAndShowSection(kp_HEAD_NEXT_URL, chrome.next_path,
                                 kp_HEAD_NEXT);
  }
  ctemplate::TemplateDictionary* content =
      page->AddIncludeDictionary(kp_CONTENT);
  content->SetFilename(content_template);
  return content;
}

Status FinishPage(const PageContext& ctx,
                  const ctemplate::TemplateDictionary& page,
                  PageResult* result) {
  result->last_modified =
      std::max(result->last_modified, ctx.config.theme_mtime);
  return ctx.config.templates->Expand("page.tpl", page, &result->body);
}

std::string DescriptionOf(const Post& post) {
  if (!post.description.empty()) return post.description;
  return ShortDescription(HtmlToText(post.excerpt_html));
}

void FillCover(const PageContext& ctx, const Post& post,
               ctemplate::TemplateDictionary* dict) {
  const std::string cover = post.CoverAsset();
  // A missing cover was warned about at import and left out of assets.
  if (cover.empty() || std::find(post.assets.begin(), post.assets.end(),
                                 cover) == post.assets.end()) {
    return;
  }
  dict->SetValueAndShowSection(
      k_COVER_URL, ctx.config.urls.Media("content/" + cover), k_COVER);
  if (post.cover_width > 0 && post.cover_height > 0) {
    ctemplate::TemplateDictionary* size =
        dict->AddSectionDictionary(k_COVER_SIZE);
    size->SetIntValue(k_COVER_WIDTH, post.cover_width);
    size->SetIntValue(k_COVER_HEIGHT, post.cover_height);
  }
}

std::string AvatarUrl(const PageContext& ctx, const Author& author) {
  if (author.avatar_url.empty()) return ctx.config.urls.Theme("avatar.svg");
  return ctx.config.urls.Media(author.avatar_url);
}

std::vector<Author> LoadAuthors(const PageContext& ctx,
                                const std::vector<std::string>& ids) {
  std::vector<Author> authors(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    if (!ctx.store.GetAuthor(ids[i], &authors[i]).ok()) {
      authors[i] = Author();
      authors[i].id = ids[i];
      authors[i].name = ids[i];
    }
  }
  return authors;
}

int64_t FillByline(const PageContext& ctx,
                   const std::vector<std::string>& author_ids,
                   const std::vector<std::string>& tags,
                   ctemplate::TemplateDictionary* dict) {
  return FillByline(ctx, LoadAuthors(ctx, author_ids), tags, dict);
}

int64_t FillByline(const PageContext& ctx, const std::vector<Author>& authors,
                   const std::vector<std::string>& tags,
                   ctemplate::TemplateDictionary* dict) {
  const Translation& words = *ctx.config.translation;
  int64_t written_at = 0;
  for (size_t i = 0; i < authors.size(); ++i) {
    const Author& author = authors[i];
    ctemplate::TemplateDictionary* a =
        dict->AddSectionDictionary(kl_BYLINE_AUTHOR);
    a->SetValue(kl_AUTHOR_SEP, words.ListSeparator(i, authors.size()));
    a->SetValue(kl_AUTHOR_NAME, author.name);
    a->SetValue(kl_AUTHOR_URL, ctx.config.urls.Author(author.id));
    a->SetValue(kl_AUTHOR_AVATAR_URL, AvatarUrl(ctx, author));
    written_at = std::max(written_at, author.written_at);
  }
  if (!tags.empty()) {
    dict->ShowSection(kl_HAS_TAGS);
    for (size_t i = 0; i < tags.size(); ++i) {
      ctemplate::TemplateDictionary* tag = dict->AddSectionDictionary(kl_TAG);
      tag->SetValue(kl_TAG_SEP, words.ListSeparator(i, tags.size()));
      tag->SetValue(kl_TAG_NAME, tags[i]);
      tag->SetValue(kl_TAG_URL, ctx.config.urls.Tag(Slugify(tags[i])));
    }
  }
  return written_at;
}

}  // namespace levelpress
