// Error pages (404, 400, 405, 414, 503) in the theme. They cannot fail: if
// the template does, the reader gets plain text and the log gets the cause.
#include "html_text.h"
#include "pages.h"
#include "request.h"
#include "tpl/error.tpl.varnames.h"
#include "tpl/not_found.tpl.varnames.h"

namespace levelpress {
namespace {

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendEscapedHtml(text, &out);
  return out;
}

// "Sorry, there is nothing at <code>PATH</code>. ...": the sentence is the
// translation's, the path goes in where it says {path}. It is formatted
// with a marker for the path (a control byte: DecodePath lets none
// through, and no translation has one), so that the path's bytes reach
// the page escaped but otherwise as they came.
std::string NotFoundTextHtml(const Translation& words,
                             const std::string& path) {
  const std::string marker = "\x01";
  std::string html =
      EscapeHtml(words.Format("not_found_text", {{"path", marker}}));
  const std::string code = "<code>" + EscapeHtml(path) + "</code>";
  for (size_t pos = 0; (pos = html.find(marker, pos)) != std::string::npos;
       pos += code.size()) {
    html.replace(pos, marker.size(), code);
  }
  return html;
}

// The title of an error page for an HTTP status.
std::string ErrorTitle(const Translation& words, int status) {
  switch (status) {
    case 400:
      return words.Text("error_400");
    case 404:
      return words.Text("error_404");
    case 405:
      return words.Text("error_405");
    case 414:
      return words.Text("error_414");
    case 500:
      return words.Text("error_500");
    case 503:
      return words.Text("error_503");
  }
  return words.Text("error_other");
}

}  // namespace

void NotFoundPage(const PageContext& ctx, const std::string& path,
                  PageResult* out) {
  out->status = 404;
  Chrome chrome;
  const Translation& words = *ctx.config.translation;
  chrome.title = words.Text("not_found_title");
  chrome.canonical_path = path;
  ctemplate::TemplateDictionary dict("page");
  ctemplate::TemplateDictionary* d =
      StartPage(ctx, chrome, "not_found.tpl", &dict);
  d->SetValue(knf_NOT_FOUND_TEXT_HTML, NotFoundTextHtml(words, path));
  d->SetValue(knf_HOME_URL, ctx.config.urls.Home());
  if (!FinishPage(ctx, dict, out).ok()) out->body = "Not found\n";
  out->last_modified = 0;
}

void ErrorPage(const PageContext& ctx, int status, const std::string& message,
               PageResult* out) {
  out->status = status;
  Chrome chrome;
  chrome.title = ErrorTitle(*ctx.config.translation, status);
  chrome.canonical_path = "/";
  ctemplate::TemplateDictionary dict("page");
  ctemplate::TemplateDictionary* d = StartPage(ctx, chrome, "error.tpl", &dict);
  d->SetValue(ke_ERROR_TITLE, chrome.title);
  d->SetValue(ke_ERROR_MESSAGE, message);
  if (!FinishPage(ctx, dict, out).ok()) out->body = message + "\n";
  out->last_modified = 0;
}

}  // namespace levelpress
