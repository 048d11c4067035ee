#include "html_post.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace levelpress {
namespace {

constexpr std::string_view kMore = "<!--more-->";

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A relative path as the file system names it: %XX decoded (an HTML
// author writes "caf%C3%A9.png" for café.png; Markdown's links are
// decoded by cmark). A URL with a scheme, or a broken escape, is kept.
std::string DecodedPath(std::string_view url) {
  if (url.find(':') != std::string_view::npos) return std::string(url);
  std::string out;
  for (size_t i = 0; i < url.size(); ++i) {
    if (url[i] == '%') {
      int hi = i + 2 < url.size() ? Hex(url[i + 1]) : -1;
      int lo = i + 2 < url.size() ? Hex(url[i + 2]) : -1;
      if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) return std::string(url);
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(url[i]);
    }
  }
  return out;
}

bool IsUrlAttribute(std::string_view name) {
  return IEquals(name, "src") || IEquals(name, "href") ||
         IEquals(name, "poster");
}

// Copies one tag (html[i] == '<', not a comment) to *out with its URL
// attributes rewritten; returns the index after it.
size_t RewriteTag(std::string_view html, size_t i, int line,
                  const MarkdownOptions& options, RenderedMarkdown* found,
                  std::string* out) {
  size_t end = i + 1;
  while (end < html.size() && html[end] != '>') {
    if (html[end] == '"' || html[end] == '\'') {
      size_t close = html.find(html[end], end + 1);
      end = close == std::string_view::npos ? html.size() : close + 1;
    } else {
      ++end;
    }
  }
  end = std::min(end + 1, html.size());
  std::string_view tag = html.substr(i, end - i);
  size_t k = 0;
  while (k < tag.size()) {
    // An attribute name, then `=`, then a quoted value.
    if (std::isspace(static_cast<unsigned char>(tag[k]))) {
      size_t name_start = ++k;
      while (k < tag.size() &&
             (std::isalnum(static_cast<unsigned char>(tag[k])) ||
              tag[k] == '-' || tag[k] == ':'))
        ++k;
      std::string_view name = tag.substr(name_start, k - name_start);
      out->append(tag.substr(name_start - 1, k - name_start + 1));
      if (k + 1 < tag.size() && tag[k] == '=' &&
          (tag[k + 1] == '"' || tag[k + 1] == '\'')) {
        char quote = tag[k + 1];
        size_t close = tag.find(quote, k + 2);
        if (close == std::string_view::npos) close = tag.size();
        std::string_view value = tag.substr(k + 2, close - k - 2);
        out->append(tag.substr(k, 2));
        out->append(
            IsUrlAttribute(name)
                ? RewriteContentUrl(DecodedPath(value), line, options, found)
                : std::string(value));
        if (close < tag.size()) out->push_back(quote);
        k = close + 1;
      }
    } else if (tag[k] == '"' || tag[k] == '\'') {
      size_t close = tag.find(tag[k], k + 1);
      close = close == std::string_view::npos ? tag.size() : close + 1;
      out->append(tag.substr(k, close - k));
      k = close;
    } else {
      out->push_back(tag[k++]);
    }
  }
  return end;
}

// The body with its URLs rewritten and the first <!--more--> removed;
// *more is where it was (npos: none).
std::string RewriteBody(std::string_view html, const MarkdownOptions& options,
                        RenderedMarkdown* found, size_t* more) {
  std::string out;
  out.reserve(html.size());
  *more = std::string::npos;
  int line = 1;
  size_t i = 0;
  while (i < html.size()) {
    char c = html[i];
    if (c == '\n') ++line;
    if (c != '<') {
      out.push_back(c);
      ++i;
      continue;
    }
    if (html.substr(i, kMore.size()) == kMore && *more == std::string::npos) {
      *more = out.size();
      i += kMore.size();
    } else if (html.substr(i, 4) == "<!--") {
      size_t close = html.find("-->", i + 4);
      close = close == std::string_view::npos ? html.size() : close + 3;
      std::string_view comment = html.substr(i, close - i);
      line +=
          static_cast<int>(std::count(comment.begin(), comment.end(), '\n'));
      out.append(comment);
      i = close;
    } else if (i + 1 < html.size() &&
               std::isalpha(static_cast<unsigned char>(html[i + 1]))) {
      size_t next = RewriteTag(html, i, line, options, found, &out);
      std::string_view tag = html.substr(i, next - i);
      line += static_cast<int>(std::count(tag.begin(), tag.end(), '\n'));
      i = next;
    } else {
      out.push_back(c);
      ++i;
    }
  }
  return out;
}

// The first <p> element of html, "" if it has none.
std::string FirstParagraph(std::string_view html) {
  for (size_t at = html.find("<p"); at != std::string_view::npos;
       at = html.find("<p", at + 2)) {
    char next = at + 2 < html.size() ? html[at + 2] : '\0';
    if (next != '>' && next != ' ') continue;
    size_t close = html.find("</p>", at);
    if (close == std::string_view::npos) return "";
    return std::string(html.substr(at, close + 4 - at));
  }
  return "";
}

}  // namespace

bool IsHtmlPostPath(std::string_view path) {
  return path.size() > 5 && path.substr(path.size() - 5) == ".html";
}

RenderedPost RenderHtmlPost(std::string_view body_html,
                            std::string_view summary,
                            const MarkdownOptions& options) {
  RenderedMarkdown found;
  size_t more = std::string::npos;
  RenderedPost post;
  post.body_html = RewriteBody(body_html, options, &found, &more);
  if (!summary.empty()) {
    RenderedMarkdown excerpt = RenderMarkdown(summary, options);
    post.excerpt_html = std::move(excerpt.html);
    for (auto& a : excerpt.assets) {
      found.assets.push_back(a);
      found.asset_lines.emplace(a, 0);
    }
  } else if (more != std::string::npos) {
    post.excerpt_html = post.body_html.substr(0, more);
  } else {
    post.excerpt_html = FirstParagraph(post.body_html);
  }
  std::sort(found.assets.begin(), found.assets.end());
  found.assets.erase(std::unique(found.assets.begin(), found.assets.end()),
                     found.assets.end());
  post.assets = std::move(found.assets);
  post.asset_lines = std::move(found.asset_lines);
  post.not_media = std::move(found.not_media);
  return post;
}

}  // namespace levelpress
