// Absolute URLs in stored HTML, for feeds: a feed reader shows an entry
// away from the blog, where "/media/x.png", "x.png" or "#note" mean
// nothing (or, resolved against the reader's own page, something else).
// AbsoluteUrls rewrites the URL attributes of every tag (href, src,
// srcset, poster) against the page the HTML belongs to. Stateless;
// thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace levelpress {

// Resolves one URL reference as it appears in an attribute (RFC 3986
// section 5, for the shapes that occur in HTML):
//   "https://x/", "mailto:a@b"  -> unchanged (it has a scheme)
//   "//cdn.example/x.png"       -> the site's scheme + it
//   "/media/x.png"              -> site_root + it (site_root = base_url,
//                                  which may have a path of its own)
//   "x.png", "../y/", "?q", "#n", "" -> against document_url
// document_url is an absolute URL without query or fragment ending in the
// document's path ("https://blog/2023/09/27/post/").
std::string ResolveUrl(std::string_view ref, const std::string& site_root,
                       const std::string& document_url);

// The HTML with every href, src, srcset and poster attribute value
// resolved by ResolveUrl. Everything else (text, comments, other
// attributes, the contents of <script> and <style>) is copied as it is.
// Linear in the input; malformed markup (an unterminated tag or quote) is
// copied from there on unchanged.
std::string AbsoluteUrls(std::string_view html, const std::string& site_root,
                         const std::string& document_url);

}  // namespace levelpress
