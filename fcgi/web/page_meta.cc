// The head's tags for search engines, link previews and structured data.
// Attribute values go through the template's auto-escaping; the JSON-LD
// script is built here, escaped for a <script> element by JsonScriptString
// (the template inserts it as it is).
#include "page_meta.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "dates.h"
#include "html_text.h"
#include "tpl/page.tpl.varnames.h"

namespace levelpress {
namespace {

// The value of attribute `name` in one tag's text, entities decoded; ""
// when the tag has none. Reads HTML the import wrote (double quotes).
std::string AttributeOf(std::string_view tag, const std::string& name) {
  const std::string key = " " + name + "=\"";
  size_t pos = tag.find(key);
  if (pos == std::string_view::npos) return "";
  pos += key.size();
  size_t end = tag.find('"', pos);
  if (end == std::string_view::npos) return "";
  return HtmlToText(tag.substr(pos, end - pos));
}

int Pixels(const std::string& text) {
  if (text.empty() || text.size() > 5 ||
      !std::all_of(text.begin(), text.end(), ::isdigit)) {
    return 0;
  }
  return std::atoi(text.c_str());
}

// A URL from the site's HTML or settings made absolute: "/x" against
// base_url (already percent-encoded: kept as it is), http(s) URLs as they
// are; anything else (relative, "//host", data:) is no use to a crawler.
std::string AbsoluteUrl(const Urls& urls, const std::string& url) {
  if (url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0) {
    return url;
  }
  if (url.size() >= 1 && url[0] == '/' && url.rfind("//", 0) != 0) {
    return urls.settings().base_url + url;
  }
  return "";
}

// Builds one JSON object into one string (no temporaries per value);
// values are escaped by AppendJsonScriptString.
class JsonObject {
 public:
  JsonObject() { out_.reserve(512); }
  JsonObject& String(std::string_view key, std::string_view value) {
    Key(key);
    AppendJsonScriptString(value, &out_);
    return *this;
  }
  JsonObject& Raw(std::string_view key, std::string_view json) {
    Key(key);
    out_.append(json);
    return *this;
  }
  std::string Close() {
    out_ += out_.empty() ? "{}" : "}";
    return std::move(out_);
  }

 private:
  void Key(std::string_view key) {
    out_ += out_.empty() ? '{' : ',';
    AppendJsonScriptString(key, &out_);
    out_ += ':';
  }
  std::string out_;
};

// The post's times, formatted once for the article: tags and the JSON-LD.
struct ArticleTimes {
  std::string published, modified;
};

std::string BlogPosting(const PageContext& ctx, const Post& post,
                        const std::vector<Author>& authors,
                        const std::string& url, const std::string& description,
                        const PreviewImage& image, const ArticleTimes& times) {
  std::string people = "[";
  for (const Author& a : authors) {
    if (people.size() > 1) people += ",";
    people +=
        JsonObject()
            .String("@type", "Person")
            .String("name", a.name)
            .String("url",
                    ctx.config.urls.Absolute(ctx.config.urls.Author(a.id)))
            .Close();
  }
  people += "]";
  JsonObject o;
  o.String("@context", "https://schema.org")
      .String("@type", "BlogPosting")
      .String("headline", post.title)
      .String("url", url)
      .Raw("mainEntityOfPage",
           JsonObject().String("@type", "WebPage").String("@id", url).Close())
      .String("datePublished", times.published)
      .String("dateModified", times.modified)
      .Raw("author", people)
      .String("description", description);
  if (!image.url.empty()) o.String("image", image.url);
  return o.Close();
}

std::string Blog(const PageContext& ctx, const std::string& url) {
  const Settings& s = ctx.config.settings;
  return JsonObject()
      .String("@context", "https://schema.org")
      .String("@type", "Blog")
      .String("name", s.title)
      .String("url", url)
      .String("description", s.description)
      .Close();
}

// Appends code point c as \uXXXX (a surrogate pair above U+FFFF).
void AppendEscape(uint32_t c, std::string* out) {
  char buf[16];
  if (c > 0xFFFF) {
    c -= 0x10000;
    std::snprintf(buf, sizeof buf, "\\u%04x\\u%04x", 0xD800 + (c >> 10),
                  0xDC00 + (c & 0x3FF));
  } else {
    std::snprintf(buf, sizeof buf, "\\u%04x", c);
  }
  *out += buf;
}

// The length of the valid UTF-8 sequence at s[i] (and its code point), 0
// when the bytes there are not one.
size_t Utf8At(std::string_view s, size_t i, uint32_t* cp) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  size_t n = c < 0x80         ? 1
             : (c >> 5) == 6  ? 2
             : (c >> 4) == 14 ? 3
             : (c >> 3) == 30 ? 4
                              : 0;
  if (n == 0 || i + n > s.size()) return 0;
  uint32_t v = n == 1 ? c : c & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    v = (v << 6) | (b(i + k) & 0x3F);
  }
  static const uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (v < kMin[n] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return n;
}

}  // namespace

void AppendJsonScriptString(std::string_view s, std::string* out) {
  *out += '"';
  size_t run = 0;  // start of the bytes not yet copied
  for (size_t i = 0; i < s.size();) {
    unsigned char b = static_cast<unsigned char>(s[i]);
    // Most text is plain ASCII: copied in runs.
    if (b >= 0x20 && b < 0x7F && b != '"' && b != '\\' && b != '<' &&
        b != '>' && b != '&') {
      ++i;
      continue;
    }
    uint32_t c = 0;
    size_t n = Utf8At(s, i, &c);
    if (n > 1 && c != 0x2028 && c != 0x2029) {  // valid non-ASCII: as is
      i += n;
      continue;
    }
    out->append(s.substr(run, i - run));
    if (n == 0) {  // a stray byte: the replacement character
      *out += "\\ufffd";
      n = 1;
    } else if (c == '"') {
      *out += "\\\"";
    } else if (c == '\\') {
      *out += "\\\\";
    } else {  // controls, < > &, U+2028/2029
      AppendEscape(c, out);
    }
    i += n;
    run = i;
  }
  out->append(s.substr(run));
  *out += '"';
}

std::string JsonScriptString(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  AppendJsonScriptString(s, &out);
  return out;
}

std::string ShortDescription(const std::string& text) {
  constexpr size_t kMaxChars = 160;
  if (text.size() <= kMaxChars) return text;
  size_t cut = text.rfind(' ', kMaxChars);
  if (cut == std::string::npos || cut == 0) return text;  // one long word
  return text.substr(0, cut) + " …";
}

PreviewImage FirstImage(const Urls& urls, std::string_view html) {
  PreviewImage image;
  size_t start = html.find("<img ");
  if (start == std::string_view::npos) return image;
  size_t end = html.find('>', start);
  if (end == std::string_view::npos) return image;
  std::string_view tag = html.substr(start, end - start);
  image.url = AbsoluteUrl(urls, AttributeOf(tag, "src"));
  if (image.url.empty()) return image;
  image.width = Pixels(AttributeOf(tag, "width"));
  image.height = Pixels(AttributeOf(tag, "height"));
  if (image.width == 0 || image.height == 0) image.width = image.height = 0;
  return image;
}

PreviewImage ImageOf(const PageContext& ctx, const Post* post) {
  const Urls& urls = ctx.config.urls;
  if (post != nullptr) {
    const std::string cover = post->CoverAsset();
    if (!cover.empty() && std::find(post->assets.begin(), post->assets.end(),
                                    cover) != post->assets.end()) {
      // Its size was read at import (0 when unknown: omitted).
      PreviewImage image;
      image.url = urls.Absolute(urls.Media("content/" + cover));
      image.width = post->cover_width;
      image.height = post->cover_height;
      if (image.width == 0 || image.height == 0) image.width = image.height = 0;
      return image;
    }
    PreviewImage first = FirstImage(urls, post->body_html);
    if (!first.url.empty()) return first;
  }
  const Settings& s = ctx.config.settings;
  PreviewImage image;
  image.url = AbsoluteUrl(urls, s.default_image);
  if (!image.url.empty()) {
    image.width = s.default_image_width;
    image.height = s.default_image_height;
  }
  return image;
}

void FillPageMeta(const PageContext& ctx, const Chrome& chrome,
                  ctemplate::TemplateDictionary* page) {
  const Settings& s = ctx.config.settings;
  const std::string url = ctx.config.urls.Absolute(chrome.canonical_path);
  const std::string description =
      chrome.description.empty() ? s.description : chrome.description;
  const Post* post = chrome.post;
  const bool article = post != nullptr && !post->page;
  page->SetValue(kp_OG_TITLE, chrome.title.empty() ? s.title : chrome.title);
  page->SetValue(kp_OG_TYPE, article ? "article" : "website");
  PreviewImage image = ImageOf(ctx, post);
  if (!image.url.empty()) {
    page->SetValueAndShowSection(kp_OG_IMAGE_URL, image.url, kp_OG_IMAGE);
    if (image.width > 0 && image.height > 0) {
      ctemplate::TemplateDictionary* size =
          page->AddSectionDictionary(kp_OG_IMAGE_SIZE);
      size->SetIntValue(kp_OG_IMAGE_WIDTH, image.width);
      size->SetIntValue(kp_OG_IMAGE_HEIGHT, image.height);
    }
  }
  page->SetValue(kp_TWITTER_CARD,
                 image.url.empty() ? "summary" : "summary_large_image");
  std::string json_ld;
  if (article) {
    // Modified: the content's date, as in the feeds and the sitemap
    // (`updated:`, else an edit the store recorded, else the date).
    ArticleTimes times{FormatIso8601(post->date),
                       FormatIso8601(post->ContentDate())};
    ctemplate::TemplateDictionary* a = page->AddSectionDictionary(kp_ARTICLE);
    a->SetValue(kp_PUBLISHED_TIME, times.published);
    a->SetValue(kp_MODIFIED_TIME, times.modified);
    for (const std::string& tag : post->tags) {
      a->AddSectionDictionary(kp_ARTICLE_TAG)
          ->SetValue(kp_ARTICLE_TAG_NAME, tag);
    }
    static const std::vector<Author> kNobody;
    json_ld =
        BlogPosting(ctx, *post, chrome.authors ? *chrome.authors : kNobody, url,
                    description, image, times);
  } else if (chrome.home) {
    json_ld = Blog(ctx, url);
  }
  if (!json_ld.empty()) {
    page->SetValueAndShowSection(kp_JSON_LD_TEXT, json_ld, kp_JSON_LD);
  }
}

}  // namespace levelpress
