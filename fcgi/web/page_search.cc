// The search page: /search/?q=words&page=N, answered from the index of the
// view's generation (search_index.h), so results never disagree with the
// posts on the other pages. Ranked by relevance, page_size per page; a
// snippet with the matched words marked; "did you mean" from the index's
// spelling data when nothing matches. A query the index refuses (too long,
// too many words, not UTF-8) is a 400 page with the form; without the
// search module or an index, a 503 page.
#include <ctemplate/template_modifiers.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <system_error>

#include "dates.h"
#include "fragment.h"
#include "log.h"
#include "pages.h"
#include "search_index.h"
#include "templates.h"
#include "tpl/search.tpl.varnames.h"
#include "tpl/search_result.tpl.varnames.h"
#include "translation.h"
#include "urls.h"

namespace levelpress {
namespace {

// One value of an application/x-www-form-urlencoded query ('+' is a
// space). False for a malformed escape.
bool FormDecode(std::string_view in, std::string* out) {
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+') {
      out->push_back(' ');
    } else if (in[i] == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = HexValue(in[i + 1]), lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out->push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out->push_back(in[i]);
    }
  }
  return true;
}

std::string FormEncode(std::string_view in) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : in) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
        c == '~') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

struct SearchParams {
  std::string q;
  size_t page = 1;  // 0: not a page number
  bool too_long = false;
};

// q and page from the query string; false when it is malformed.
bool ParseParams(std::string_view query, SearchParams* params) {
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? "" : query.substr(amp + 1);
    size_t eq = pair.find('=');
    std::string_view name = pair.substr(0, eq);
    std::string_view raw =
        eq == std::string_view::npos ? "" : pair.substr(eq + 1);
    std::string value;
    if (name == "q") {
      // A long value is refused before it is decoded.
      if (raw.size() > 3 * kMaxSearchQueryBytes) {
        params->too_long = true;
        continue;
      }
      if (!FormDecode(raw, &value)) return false;
      params->q = std::move(value);
    } else if (name == "page") {
      if (raw.empty() || raw.size() > 6 || raw[0] == '0' ||
          !std::all_of(raw.begin(), raw.end(),
                       [](char c) { return c >= '0' && c <= '9'; })) {
        params->page = 0;
      } else {
        params->page = static_cast<size_t>(std::atol(std::string(raw).c_str()));
      }
    }
  }
  return true;
}

std::string PagePath(const std::string& q, size_t page) {
  std::string path = std::string(kSearchPath) + "?q=" + FormEncode(q);
  if (page > 1) path += "&page=" + std::to_string(page);
  return path;
}

// The authors of bylines, each read once a page: hits by one author are
// common.
class BylineAuthors {
 public:
  explicit BylineAuthors(const PageContext& ctx) : ctx_(ctx) {}
  std::vector<Author> Of(const std::vector<std::string>& ids) {
    std::vector<Author> out;
    for (const auto& id : ids) {
      auto it = authors_.find(id);
      if (it == authors_.end())
        it = authors_.emplace(id, LoadAuthors(ctx_, {id})[0]).first;
      out.push_back(it->second);
    }
    return out;
  }

 private:
  const PageContext& ctx_;
  std::map<std::string, Author> authors_;
};

// The holes of the search page's fragments (fragment.h): a result's
// snippet; the frame's title (<title>, og:title) and content (search.tpl);
// the content's results.
constexpr char kSnippetHole = 's';
constexpr char kTitleHole = 't';
constexpr char kContentHole = 'c';
constexpr char kResultsHole = 'r';  // in search.tpl
// Render cache keys of results: no path starts with a control character.
constexpr char kResultKeyPrefix[] = "\x01search-result ";
constexpr char kFrameKey[] = "\x01search-frame";
// How long a result's markup or the frame is kept at most (the store's
// generation decides first: any import or removal makes it a miss; the
// frame's footer has the year).
constexpr int64_t kResultKeepSeconds = 3600;
// A frame larger than this is not cut (the render cache would not keep
// it), nor is one when the cache's quarter for one entry is smaller.
constexpr size_t kFrameMaxBytes = 256 << 10;

// The markup around a hit's snippet: its title, date and byline, which
// depend only on the post, rendered once and kept (ctx.fragments: the
// render cache's part for search) for the store's generation, so that a
// search shows a post seen before without reading its entry or expanding
// a template. *out is null for a post not to be shown: removed without an
// import, or not (or no longer) visible; the index filters these already,
// except an index written before it knew expiry.
// `kept` is the markup kept for it (KeptResultMarkups), or null.
Status ResultMarkupOf(const PageContext& ctx, const std::string& slug,
                      std::shared_ptr<const CachedPage> kept,
                      BylineAuthors* authors,
                      std::shared_ptr<const CachedPage>* out) {
  *out = std::move(kept);
  if (*out != nullptr) return Status::OK();
  const std::string key = kResultKeyPrefix + slug;
  const uint64_t generation = ctx.store.generation();
  Entry e;
  Status es = ctx.store.GetEntry(slug, &e);
  if (es.IsNotFound()) return Status::OK();
  if (!es.ok()) return es;
  const int64_t expiry = ctx.store.ExpiryOf(e.slug);
  if (e.date > ctx.now || (expiry != 0 && expiry <= ctx.now))
    return Status::OK();
  const Translation& words = *ctx.config.translation;
  ctemplate::TemplateDictionary dict("result");
  dict.SetValue(ksr_POST_URL, ctx.config.urls.Post(e.date, e.slug));
  dict.SetValue(ksr_POST_TITLE, e.title);
  dict.SetValue(ksr_DATE_ISO, FormatIso8601(e.date));
  dict.SetValue(ksr_DATE_TEXT, FormatDateText(e.date, words.language()));
  dict.SetValue(ksr_SNIPPET_HTML, HoleMarker(kSnippetHole));
  auto made = std::make_shared<CachedPage>();
  made->last_modified =
      std::max(e.visible_since,
               FillByline(ctx, authors->Of(e.author_ids), e.tags, &dict));
  if (Status s =
          ctx.config.templates->Expand("search_result.tpl", dict, &made->body);
      !s.ok())
    return s;
  CutHoles(made.get());
  made->ValidFor(generation, ctx.config.id, ctx.now, kResultKeepSeconds,
                 expiry);
  if (ctx.fragments != nullptr) ctx.fragments->Put(key, made);
  *out = std::move(made);
  return Status::OK();
}

// The markups kept for the hits (null where none is), in one look at the
// render cache: ten looks each took its lock, which the server's threads
// then waited for.
std::vector<std::shared_ptr<const CachedPage>> KeptResultMarkups(
    const PageContext& ctx, const std::vector<SearchHit>& hits) {
  if (ctx.fragments == nullptr) return {hits.size(), nullptr};
  std::vector<std::string> keys;
  keys.reserve(hits.size());
  for (const SearchHit& hit : hits) keys.push_back(kResultKeyPrefix + hit.slug);
  return ctx.fragments->GetAll(keys, ctx.store.generation(), ctx.config.id,
                               ctx.now);
}

// What every search of a generation needs from the store: the index's
// folder (body; "" without an index), when the posts last changed
// (last_modified), and when the results change by themselves
// (expires_at: a scheduled post going live, a post expiring). Kept in the
// search part of the render cache like a result's markup, until that
// change: three store reads a search otherwise.
std::shared_ptr<const CachedPage> SearchContextOf(const PageContext& ctx) {
  const char kKey[] = "\x01search-context";
  const uint64_t generation = ctx.store.generation();
  if (ctx.fragments != nullptr) {
    if (auto kept =
            ctx.fragments->Get(kKey, generation, ctx.config.id, ctx.now))
      return kept;
  }
  auto made = std::make_shared<CachedPage>();
  if (!ctx.store.GetMeta(kSearchIndexMeta, &made->body).ok())
    made->body.clear();
  made->last_modified = ctx.store.ChangedAt("all");
  ListingPage head;
  if (ctx.store.ListPage(Listing::All(), ctx.now, 0, 0, &head).ok())
    made->expires_at = head.next_change;
  made->ValidFor(generation, ctx.config.id, ctx.now, kResultKeepSeconds,
                 made->expires_at);
  if (ctx.fragments != nullptr) ctx.fragments->Put(kKey, made);
  return made;
}

// What a search page shows, worked out before anything is rendered.
struct SearchView {
  std::string query;  // trimmed
  std::string title;  // the page's title and heading
  int status = 200;
  std::string error;  // shown when not empty
  bool summary = false;
  std::string match_text, page_of_text;
  bool pagination = false;
  std::string prev_url, next_url;          // "" for none
  std::string suggestion, suggestion_url;  // "did you mean"
  bool no_results = false;
  std::string results_html;
  int64_t last_modified = 0, expires_at = 0;
};

Chrome SearchChrome(const std::string& title) {
  Chrome chrome;
  chrome.title = title;
  chrome.canonical_path = kSearchPath;
  chrome.noindex = true;  // result pages are not for search engines
  return chrome;
}

// search.tpl's values; `results` goes where the results do (their markup,
// or a hole for it).
void FillContent(const SearchView& view, std::string_view results,
                 ctemplate::TemplateDictionary* d) {
  d->SetValue(ks_SEARCH_URL, kSearchPath);
  d->SetIntValue(ks_MAX_QUERY_BYTES, static_cast<long>(kMaxSearchQueryBytes));
  d->SetValue(ks_QUERY, view.query);
  d->SetValue(ks_HEADING_TEXT, view.title);
  if (!view.error.empty())
    d->SetValueAndShowSection(ks_SEARCH_ERROR_TEXT, view.error,
                              ks_SEARCH_ERROR);
  if (view.summary) {
    d->ShowSection(ks_SEARCH_SUMMARY);
    d->SetValue(ks_MATCH_TEXT, view.match_text);
    d->SetValue(ks_PAGE_OF_TEXT, view.page_of_text);
  }
  if (view.pagination) d->ShowSection(ks_PAGINATION);
  if (!view.prev_url.empty())
    d->SetValueAndShowSection(ks_PREV_PAGE_URL, view.prev_url, ks_PREV_PAGE);
  if (!view.next_url.empty())
    d->SetValueAndShowSection(ks_NEXT_PAGE_URL, view.next_url, ks_NEXT_PAGE);
  if (!view.suggestion.empty()) {
    d->ShowSection(ks_DID_YOU_MEAN);
    d->SetValue(ks_SUGGESTION, view.suggestion);
    d->SetValue(ks_SUGGESTION_URL, view.suggestion_url);
  }
  if (view.no_results) d->ShowSection(ks_NO_RESULTS);
  // One RESULT with every result's markup (each is search_result.tpl):
  // as the page had one per result, whose markup was all it held.
  if (!results.empty()) {
    d->AddSectionDictionary(ks_RESULT)->SetValue(
        ks_RESULT_HTML,
        ctemplate::TemplateString(results.data(), results.size()));
  }
}

// The page by expanding page.tpl around search.tpl.
Status RenderWhole(const PageContext& ctx, const SearchView& view,
                   PageResult* out) {
  ctemplate::TemplateDictionary dict("page");
  FillContent(view, view.results_html,
              StartPage(ctx, SearchChrome(view.title), "search.tpl", &dict));
  return FinishPage(ctx, dict, out);
}

// The page by filling the frame (SearchFrameOf) with the title and the
// expanded search.tpl, whose results are a hole too: put through
// ctemplate, their ~12 KB were copied twice more.
Status RenderInFrame(const PageContext& ctx, const CachedPage& frame,
                     const SearchView& view, PageResult* out) {
  ctemplate::TemplateDictionary dict("search");
  // No results, no RESULT (as the page expanded whole has none).
  FillContent(view, view.results_html.empty() ? "" : HoleMarker(kResultsHole),
              &dict);
  CachedPage content;
  if (Status s =
          ctx.config.templates->Expand("search.tpl", dict, &content.body);
      !s.ok())
    return s;
  CutHoles(&content);
  const std::string title = ctemplate::html_escape(view.title);
  out->body.clear();
  out->body.reserve(frame.body.size() + content.body.size() +
                    view.results_html.size() + 4 * title.size());
  AppendFilled(
      frame,
      [&](char part, std::string* to) {
        if (part == kTitleHole) to->append(title);
        if (part == kContentHole)
          AppendFilled(content, {{kResultsHole, view.results_html}}, to);
      },
      &out->body);
  out->last_modified = std::max(out->last_modified, ctx.config.theme_mtime);
  return Status::OK();
}

// Whether the frame gives the page that expanding page.tpl gives, for a
// search with every part shown and the characters HTML escapes in it. Not
// when the theme puts the title where it is escaped otherwise (a script,
// a URL). search.tpl expands the same on its own: an included template
// sees none of page.tpl's values.
bool FitsTheTheme(const PageContext& ctx, const CachedPage& frame) {
  SearchView sample;
  sample.query = "<a href=\"x\">&amp; 'b'</a>\t\u00e9";
  sample.title = ctx.config.translation->Format("search_results_for",
                                                {{"query", sample.query}});
  sample.error = "e<>&\"'";
  sample.summary = sample.pagination = sample.no_results = true;
  sample.match_text = "m<&";
  sample.page_of_text = "p<&";
  sample.prev_url = "/search/?q=a&b=<";
  sample.next_url = "/search/?q=c&d=>";
  sample.suggestion = "s<&";
  sample.suggestion_url = "/search/?q=s&t=<";
  sample.results_html = "<article>r</article>";
  PageResult whole, filled;
  return RenderWhole(ctx, sample, &whole).ok() &&
         RenderInFrame(ctx, frame, sample, &filled).ok() &&
         whole.body == filled.body;
}

// The frame of SearchFrameOf, cut now: with no holes when the theme does
// not fit it (or its page is too large to keep).
std::shared_ptr<CachedPage> CutFrame(const PageContext& ctx) {
  auto frame = std::make_shared<CachedPage>();
  ctemplate::TemplateDictionary dict("page");
  StartPage(ctx, SearchChrome(HoleMarker(kTitleHole)), kHoleTemplate, &dict)
      ->SetValue("HOLE", HoleMarker(kContentHole));
  PageResult page;
  if (FinishPage(ctx, dict, &page).ok() && page.body.size() <= kFrameMaxBytes) {
    frame->body = std::move(page.body);
    CutHoles(frame.get());
  }
  if (!FitsTheTheme(ctx, *frame)) {
    frame->body.clear();
    frame->holes.clear();
  }
  return frame;
}

// The search page's page.tpl with its title and content as holes, cut
// once per store generation and configuration (and hour, for the year)
// and kept in the render cache's search part. A search then expands only
// search.tpl: page.tpl's head, menus and footer were two thirds of a
// result page's own work. Null when there is no render cache to keep it
// in, or when the theme does not fit (FitsTheTheme): then every search
// expands page.tpl.
std::shared_ptr<const CachedPage> SearchFrameOf(const PageContext& ctx) {
  if (ctx.fragments == nullptr) return nullptr;
  const uint64_t generation = ctx.store.generation();
  auto kept = ctx.fragments->Get(kFrameKey, generation, ctx.config.id, ctx.now);
  if (kept == nullptr) {
    // The budget is looked at only here, not in every search (a second
    // hold of the cache's lock).
    if (ctx.fragments->max_bytes() / 4 < kFrameMaxBytes) return nullptr;
    auto made = CutFrame(ctx);
    made->ValidFor(generation, ctx.config.id, ctx.now, kResultKeepSeconds, 0);
    ctx.fragments->Put(kFrameKey, made);
    kept = std::move(made);
  }
  return kept->holes.empty() ? nullptr : kept;
}

// The count, the page numbers and "did you mean" of a search's page.
void Paginate(const PageContext& ctx, const SearchParams& params,
              const SearchResults& results, SearchView* view) {
  const Translation& words = *ctx.config.translation;
  const size_t per_page = static_cast<size_t>(ctx.config.settings.page_size);
  const size_t page_count = std::max<size_t>(
      1, static_cast<size_t>((results.matches + per_page - 1) / per_page));
  view->summary = true;
  view->match_text = words.Format(
      "search_count", {{"count", static_cast<int64_t>(results.matches)}});
  view->page_of_text =
      words.Format("page_of", {{"page", static_cast<int64_t>(params.page)},
                               {"count", static_cast<int64_t>(page_count)}});
  view->pagination = page_count > 1;
  if (params.page > 1) view->prev_url = PagePath(params.q, params.page - 1);
  if (params.page < page_count)
    view->next_url = PagePath(params.q, params.page + 1);
  if (!results.hits.empty()) return;
  if (!results.corrected.empty() && results.corrected != params.q) {
    view->suggestion = results.corrected;
    view->suggestion_url = PagePath(results.corrected, 1);
  } else {
    view->no_results = true;
  }
}

// Each hit's markup with its snippet, in order.
Status AddResults(const PageContext& ctx, const std::vector<SearchHit>& hits,
                  SearchView* view) {
  BylineAuthors authors(ctx);
  auto kept = KeptResultMarkups(ctx, hits);
  view->results_html.reserve(16 << 10);
  for (size_t i = 0; i < hits.size(); ++i) {
    std::shared_ptr<const CachedPage> markup;
    if (Status s = ResultMarkupOf(ctx, hits[i].slug, std::move(kept[i]),
                                  &authors, &markup);
        !s.ok())
      return s;
    if (markup == nullptr) continue;
    AppendFilled(*markup, {{kSnippetHole, hits[i].snippet_html}},
                 &view->results_html);
    view->last_modified = std::max(view->last_modified, markup->last_modified);
  }
  return Status::OK();
}

// A refused search: the page with the form and why.
Status Refuse(int status, const std::string& why, SearchView* view) {
  view->status = status;
  view->error = why;
  return Status::OK();
}

// The search of `params` and what its page shows: the results, their
// count and pages, or "did you mean"; a query refused (400) or a search
// not available (503). Not OK only for an error of the server.
Status Find(const PageContext& ctx, const SearchParams& params,
            bool well_formed, SearchView* view) {
  const auto store_state = SearchContextOf(ctx);
  view->last_modified =
      std::max(ctx.config.theme_mtime, store_state->last_modified);
  // A scheduled post going live changes the results: the page expires then.
  view->expires_at = store_state->expires_at;
  if (!well_formed)
    return Refuse(400, "The search address is malformed.", view);
  if (params.page == 0) return Refuse(400, "That is not a page number.", view);
  if (params.too_long) {
    return Refuse(
        400,
        CheckSearchQuery(std::string(kMaxSearchQueryBytes + 1, ' ')).message(),
        view);
  }
  if (params.q.empty()) return Status::OK();
  if (Status s = CheckSearchQuery(params.q); !s.ok())
    return Refuse(400, s.message(), view);
  std::string why_not;
  if (!SearchAvailable(&why_not))
    return Refuse(503, "Search is not available on this server right now.",
                  view);
  const std::string& index_name = store_state->body;
  if (index_name.empty()) {
    return Refuse(503,
                  "Search is not available until the blog is imported "
                  "again (it has no search index yet).",
                  view);
  }
  const size_t per_page = static_cast<size_t>(ctx.config.settings.page_size);
  SearchQuery query;
  query.text = params.q;
  query.language = ctx.config.settings.language;
  query.now = ctx.now;
  query.offset = (params.page - 1) * per_page;
  query.limit = per_page;
  SearchResults results;
  const std::string dir = SearchIndexPath(ctx.store.store_path(), index_name);
  Status s = Search(dir, query, &results);
  if (s.IsInvalidArgument()) return Refuse(400, s.message(), view);
  std::error_code ec;
  if (s.IsBusy() || (!s.ok() && !std::filesystem::is_directory(dir, ec))) {
    // No module, or its folder deleted by hand: not the reader's fault,
    // and not a bug either.
    if (!s.IsBusy()) LogError("search: " + s.ToString());
    return Refuse(503, "Search is not available on this server right now.",
                  view);
  }
  if (!s.ok()) return s;
  Paginate(ctx, params, results, view);
  return AddResults(ctx, results.hits, view);
}
}  // namespace

Status SearchPage(const PageContext& ctx, const std::string& query_string,
                  PageResult* out) {
  SearchParams params;
  const bool well_formed = ParseParams(query_string, &params);
  // Trimmed: "  " is no query.
  const size_t first = params.q.find_first_not_of(" \t\r\n");
  params.q = first == std::string::npos
                 ? ""
                 : params.q.substr(
                       first, params.q.find_last_not_of(" \t\r\n") - first + 1);
  const Translation& words = *ctx.config.translation;
  SearchView view;
  view.query = params.q;
  view.title = params.q.empty()
                   ? words.Text("search")
                   : words.Format("search_results_for", {{"query", params.q}});
  if (Status s = Find(ctx, params, well_formed, &view); !s.ok()) return s;
  out->status = view.status;
  out->last_modified = view.last_modified;
  out->expires_at = view.expires_at;
  if (auto frame = SearchFrameOf(ctx))
    return RenderInFrame(ctx, *frame, view, out);
  return RenderWhole(ctx, view, out);
}

}  // namespace levelpress
