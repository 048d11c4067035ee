// The search page: /search/?q=words&page=N, answered from the index of the
// view's generation (search_index.h), so results never disagree with the
// posts on the other pages. Ranked by relevance, page_size per page; a
// snippet with the matched words marked; "did you mean" from the index's
// spelling data when nothing matches. A query the index refuses (too long,
// too many words, not UTF-8) is a 400 page with the form; without the
// search module or an index, a 503 page.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <system_error>

#include "dates.h"
#include "log.h"
#include "pages.h"
#include "search_index.h"
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

// One result's markup (search_result.tpl) is rendered with this where the
// snippet goes and cut there. Every value in it is HTML-escaped, so "<"
// comes only from the template.
constexpr std::string_view kSnippetMarker = "<!--snippet-->";
// Render cache keys of results: no path starts with a control character.
constexpr char kResultKeyPrefix[] = "\x01search-result ";
// How long a result's markup is kept at most (the store's generation
// decides first: any import or removal makes it a miss).
constexpr int64_t kResultKeepSeconds = 3600;

struct ResultMarkup {
  std::string_view head, foot;  // into `kept`
  std::shared_ptr<const CachedPage> kept;
};

void Split(std::shared_ptr<const CachedPage> kept, ResultMarkup* out) {
  const std::string_view html = kept->body;
  const size_t at = html.find(kSnippetMarker);
  out->head = html.substr(0, at);
  out->foot = at == std::string_view::npos
                  ? std::string_view()
                  : html.substr(at + kSnippetMarker.size());
  out->kept = std::move(kept);
}

// The markup around a hit's snippet: its title, date and byline, which
// depend only on the post, rendered once and kept (ctx.fragments: the
// render cache's part for search) for the store's generation, so that a
// search shows a post seen before without reading its entry or expanding
// a template. *shown is false for a post not to be shown: removed without
// an import, or not (or no longer) visible; the index filters these
// already, except an index written before it knew expiry.
// `kept` is the markup kept for it (KeptResultMarkups), or null.
Status ResultMarkupOf(const PageContext& ctx, const std::string& slug,
                      std::shared_ptr<const CachedPage> kept,
                      BylineAuthors* authors, ResultMarkup* out, bool* shown) {
  *shown = true;
  if (kept != nullptr) {
    Split(std::move(kept), out);
    return Status::OK();
  }
  const std::string key = kResultKeyPrefix + slug;
  const uint64_t generation = ctx.store.generation();
  Entry e;
  Status es = ctx.store.GetEntry(slug, &e);
  if (es.IsNotFound()) {
    *shown = false;
    return Status::OK();
  }
  if (!es.ok()) return es;
  const int64_t expiry = ctx.store.ExpiryOf(e.slug);
  if (e.date > ctx.now || (expiry != 0 && expiry <= ctx.now)) {
    *shown = false;
    return Status::OK();
  }
  const Translation& words = *ctx.config.translation;
  ctemplate::TemplateDictionary dict("result");
  dict.SetValue(ksr_POST_URL, ctx.config.urls.Post(e.date, e.slug));
  dict.SetValue(ksr_POST_TITLE, e.title);
  dict.SetValue(ksr_DATE_ISO, FormatIso8601(e.date));
  dict.SetValue(ksr_DATE_TEXT, FormatDateText(e.date, words.language()));
  dict.SetValue(
      ksr_SNIPPET_HTML,
      ctemplate::TemplateString(kSnippetMarker.data(), kSnippetMarker.size()));
  auto made = std::make_shared<CachedPage>();
  made->last_modified =
      std::max(e.visible_since,
               FillByline(ctx, authors->Of(e.author_ids), e.tags, &dict));
  if (Status s =
          ctx.config.templates->Expand("search_result.tpl", dict, &made->body);
      !s.ok())
    return s;
  made->ValidFor(generation, ctx.config.id, ctx.now, kResultKeepSeconds,
                 expiry);
  if (ctx.fragments != nullptr) ctx.fragments->Put(key, made);
  Split(std::move(made), out);
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

}  // namespace

Status SearchPage(const PageContext& ctx, const std::string& query_string,
                  PageResult* out) {
  SearchParams params;
  const bool well_formed = ParseParams(query_string, &params);
  // Trimmed: "  " is no query.
  size_t first = params.q.find_first_not_of(" \t\r\n");
  params.q = first == std::string::npos
                 ? ""
                 : params.q.substr(
                       first, params.q.find_last_not_of(" \t\r\n") - first + 1);
  const Translation& words = *ctx.config.translation;
  Chrome chrome;
  chrome.title = params.q.empty() ? words.Text("search")
                                  : words.Format("search_results_for",
                                                 {{"query", params.q}});
  chrome.canonical_path = kSearchPath;
  chrome.noindex = true;  // result pages are not for search engines
  ctemplate::TemplateDictionary dict("page");
  ctemplate::TemplateDictionary* page =
      StartPage(ctx, chrome, "search.tpl", &dict);
  page->SetValue(ks_SEARCH_URL, kSearchPath);
  page->SetIntValue(ks_MAX_QUERY_BYTES,
                    static_cast<long>(kMaxSearchQueryBytes));
  page->SetValue(ks_QUERY, params.q);
  page->SetValue(ks_HEADING_TEXT, chrome.title);
  const auto store_state = SearchContextOf(ctx);
  out->last_modified =
      std::max(ctx.config.theme_mtime, store_state->last_modified);
  // A scheduled post going live changes the results: the page expires then.
  out->expires_at = store_state->expires_at;

  auto fail = [&](int status, const std::string& text) {
    out->status = status;
    page->SetValueAndShowSection(ks_SEARCH_ERROR_TEXT, text, ks_SEARCH_ERROR);
    return FinishPage(ctx, dict, out);
  };
  if (!well_formed) return fail(400, "The search address is malformed.");
  if (params.page == 0) return fail(400, "That is not a page number.");
  if (params.too_long)
    return fail(
        400,
        CheckSearchQuery(std::string(kMaxSearchQueryBytes + 1, ' ')).message());
  if (params.q.empty()) return FinishPage(ctx, dict, out);
  if (Status s = CheckSearchQuery(params.q); !s.ok())
    return fail(400, s.message());
  std::string why_not;
  if (!SearchAvailable(&why_not)) {
    return fail(503, "Search is not available on this server right now.");
  }
  const std::string& index_name = store_state->body;
  if (index_name.empty()) {
    return fail(503,
                "Search is not available until the blog is imported "
                "again (it has no search index yet).");
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
  if (s.IsInvalidArgument()) return fail(400, s.message());
  std::error_code ec;
  if (s.IsBusy() || (!s.ok() && !std::filesystem::is_directory(dir, ec))) {
    // No module, or its folder deleted by hand: not the reader's fault,
    // and not a bug either.
    if (!s.IsBusy()) LogError("search: " + s.ToString());
    return fail(503, "Search is not available on this server right now.");
  }
  if (!s.ok()) return s;

  const size_t page_count = std::max<size_t>(
      1, static_cast<size_t>((results.matches + per_page - 1) / per_page));
  page->ShowSection(ks_SEARCH_SUMMARY);
  page->SetValue(
      ks_MATCH_TEXT,
      words.Format("search_count",
                   {{"count", static_cast<int64_t>(results.matches)}}));
  page->SetValue(
      ks_PAGE_OF_TEXT,
      words.Format("page_of", {{"page", static_cast<int64_t>(params.page)},
                               {"count", static_cast<int64_t>(page_count)}}));
  if (page_count > 1) page->ShowSection(ks_PAGINATION);
  if (params.page > 1) {
    page->SetValueAndShowSection(
        ks_PREV_PAGE_URL, PagePath(params.q, params.page - 1), ks_PREV_PAGE);
  }
  if (params.page < page_count) {
    page->SetValueAndShowSection(
        ks_NEXT_PAGE_URL, PagePath(params.q, params.page + 1), ks_NEXT_PAGE);
  }
  if (results.hits.empty()) {
    if (!results.corrected.empty() && results.corrected != params.q) {
      page->ShowSection(ks_DID_YOU_MEAN);
      page->SetValue(ks_SUGGESTION, results.corrected);
      page->SetValue(ks_SUGGESTION_URL, PagePath(results.corrected, 1));
    } else {
      page->ShowSection(ks_NO_RESULTS);
    }
  }
  BylineAuthors authors(ctx);
  auto kept = KeptResultMarkups(ctx, results.hits);
  for (size_t i = 0; i < results.hits.size(); ++i) {
    const SearchHit& hit = results.hits[i];
    ResultMarkup markup;
    bool shown;
    if (Status rs = ResultMarkupOf(ctx, hit.slug, std::move(kept[i]), &authors,
                                   &markup, &shown);
        !rs.ok())
      return rs;
    if (!shown) continue;
    std::string html;
    html.reserve(markup.head.size() + hit.snippet_html.size() +
                 markup.foot.size());
    html.append(markup.head).append(hit.snippet_html).append(markup.foot);
    page->AddSectionDictionary(ks_RESULT)->SetValue(ks_RESULT_HTML, html);
    out->last_modified =
        std::max(out->last_modified, markup.kept->last_modified);
  }
  return FinishPage(ctx, dict, out);
}

}  // namespace levelpress
