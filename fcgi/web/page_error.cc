// Error pages (404, 400, 405, 414, 503) in the theme. They cannot fail: if
// the template does, the reader gets plain text and the log gets the cause.
#include "pages.h"
#include "request.h"
#include "tpl/error.tpl.varnames.h"
#include "tpl/not_found.tpl.varnames.h"

namespace levelpress {

void NotFoundPage(const PageContext& ctx, const std::string& path,
                  PageResult* out) {
  out->status = 404;
  Chrome chrome;
  chrome.title = "Not found";
  chrome.canonical_path = path;
  ctemplate::TemplateDictionary dict("page");
  ctemplate::TemplateDictionary* d =
      StartPage(ctx, chrome, "not_found.tpl", &dict);
  d->SetValue(knf_PATH, path);
  d->SetValue(knf_HOME_URL, ctx.config.urls.Home());
  if (!FinishPage(ctx, dict, out).ok()) out->body = "Not found\n";
  out->last_modified = 0;
}

void ErrorPage(const PageContext& ctx, int status, const std::string& message,
               PageResult* out) {
  out->status = status;
  Chrome chrome;
  chrome.title = StatusText(status);
  chrome.canonical_path = "/";
  ctemplate::TemplateDictionary dict("page");
  ctemplate::TemplateDictionary* d = StartPage(ctx, chrome, "error.tpl", &dict);
  d->SetValue(ke_ERROR_TITLE, StatusText(status));
  d->SetValue(ke_ERROR_MESSAGE, message);
  if (!FinishPage(ctx, dict, out).ok()) out->body = message + "\n";
  out->last_modified = 0;
}

}  // namespace levelpress
