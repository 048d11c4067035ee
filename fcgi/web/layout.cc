// The page chrome shared by every page, and the byline shared by listings
// and post pages.
#include <ctime>

#include "dates.h"
#include "pages.h"
#include "slug.h"
#include "tpl/list.tpl.varnames.h"
#include "tpl/page.tpl.varnames.h"

namespace levelpress {

ctemplate::TemplateDictionary* StartPage(const PageContext& ctx,
                                         const Chrome& chrome,
                                         const char* content_template,
                                         ctemplate::TemplateDictionary* page) {
  const Settings& s = ctx.config.settings;
  const Urls& urls = ctx.config.urls;
  page->SetValue(kp_SITE_TITLE, s.title);
  page->SetValue(kp_SITE_DESCRIPTION, s.description);
  page->SetValue(kp_PAGE_TITLE, chrome.title.empty()
                                    ? s.title
                                    : chrome.title + " – " + s.title);
  page->SetValue(kp_CANONICAL_URL, urls.Absolute(chrome.canonical_path));
  page->SetValue(kp_THEME_URL, s.theme_url);
  page->SetValue(kp_HOME_URL, urls.Home());
  page->SetValue(kp_AUTHORS_URL, urls.Authors());
  page->SetValue(kp_TAGS_URL, urls.Tags());
  page->SetValueAndShowSection(kp_FEED_URL, "/feed.xml", kp_FEED);
  page->SetIntValue(kp_YEAR, ToLocalDate(ctx.now).year);
  if (chrome.noindex || ctx.writer_preview) page->ShowSection(kp_NOINDEX);
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

std::string TagSeparator(size_t index, size_t count) {
  if (index == 0) return "";
  if (count == 2) return " and ";
  return index + 1 == count ? ", and " : ", ";
}

std::string AvatarUrl(const PageContext& ctx, const Author& author) {
  if (author.avatar_url.empty()) return ctx.config.urls.Theme("avatar.svg");
  return ctx.config.urls.Media(author.avatar_url);
}

int64_t FillByline(const PageContext& ctx, const std::string& author_id,
                   const std::vector<std::string>& tags,
                   ctemplate::TemplateDictionary* dict) {
  Author author;
  if (!ctx.store.GetAuthor(author_id, &author).ok()) {
    author.id = author_id;
    author.name = author_id;
  }
  dict->SetValue(kl_AUTHOR_NAME, author.name);
  dict->SetValue(kl_AUTHOR_URL, ctx.config.urls.Author(author.id));
  dict->SetValue(kl_AUTHOR_AVATAR_URL, AvatarUrl(ctx, author));
  if (!tags.empty()) {
    dict->ShowSection(kl_HAS_TAGS);
    for (size_t i = 0; i < tags.size(); ++i) {
      ctemplate::TemplateDictionary* tag = dict->AddSectionDictionary(kl_TAG);
      tag->SetValue(kl_TAG_SEP, TagSeparator(i, tags.size()));
      tag->SetValue(kl_TAG_NAME, tags[i]);
      tag->SetValue(kl_TAG_URL, ctx.config.urls.Tag(Slugify(tags[i])));
    }
  }
  return author.written_at;
}

}  // namespace levelpress
