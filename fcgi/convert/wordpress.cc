// levelpress convert wordpress: WXR (WordPress eXtended RSS) to a content
// folder. Two passes over the file, each a stream: the first reads the
// authors and the attachments (a post's cover may be an attachment written
// after it) and checks that the whole file is well-formed, so a broken
// export fails before anything is written; the second converts the items.
#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "convert.h"
#include "counted.h"
#include "dates.h"
#include "media_copier.h"
#include "output_folder.h"
#include "slug.h"
#include "urls.h"
#include "wordpress_content.h"
#include "xml_stream.h"

namespace levelpress {
namespace {

// A field's text above this is not a blog post (libxml2 also caps one text
// node at 10 MB).
constexpr size_t kMaxFieldBytes = 64 << 20;

struct WpAuthor {
  std::map<std::string, std::string> fields;  // wp:author_login, ...
};

struct WpCategory {
  std::string domain, nicename, name;
};

struct WpItem {
  int line = 0;
  std::map<std::string, std::string> fields;  // wp:post_id, title, ...
  std::vector<WpCategory> categories;
  std::map<std::string, std::string> meta;  // wp:postmeta key -> value
  std::string Get(const std::string& key) const {
    auto it = fields.find(key);
    return it == fields.end() ? "" : it->second;
  }
};

struct WpChannel {
  std::map<std::string, std::string> fields;  // wp:wxr_version, ...
  std::vector<WpAuthor> authors;
  std::map<std::string, std::string> attachments;  // post id -> URL
};

// Walks the file once: channel fields, authors and items, each handed over
// whole. Comments (wp:comment) and other nested data are skipped.
class WxrWalker {
 public:
  virtual ~WxrWalker() = default;
  virtual void OnChannelField(const std::string&, const std::string&) {}
  virtual void OnAuthor(WpAuthor) {}
  virtual Status OnItem(WpItem) { return Status::OK(); }

  Status Walk(const std::string& path) {
    XmlStream xml;
    if (Status s = xml.Open(path); !s.ok()) return s;
    XmlStream::Node n;
    std::vector<std::string> stack;
    std::string text, meta_key;
    bool capturing = false;
    WpItem item;
    WpAuthor author;
    for (;;) {
      if (Status s = xml.Next(&n); !s.ok()) return s;
      if (n.kind == XmlStream::Kind::kDone) break;
      if (n.kind == XmlStream::Kind::kText) {
        if (capturing && n.depth == static_cast<int>(stack.size())) {
          text += n.text;
          if (text.size() > kMaxFieldBytes)
            return xml.ErrorHere("a field over 64 MB");
        }
        continue;
      }
      if (n.kind == XmlStream::Kind::kStart) {
        if (n.depth == 0 && n.name != "rss")
          return xml.ErrorHere("<" + n.name +
                               ">: not a WordPress export (WXR starts "
                               "with <rss>)");
        stack.push_back(n.name);
        const std::string parent =
            stack.size() >= 2 ? stack[stack.size() - 2] : "";
        capturing = false;
        text.clear();
        if (n.depth == 2 && n.name == "item") {
          item = WpItem{};
          item.line = xml.Line();
        } else if (n.depth == 2 && n.name == "wp:author") {
          author = WpAuthor{};
        } else if (n.depth == 2 ||
                   (n.depth == 3 &&
                    (parent == "item" || parent == "wp:author")) ||
                   (n.depth == 4 && parent == "wp:postmeta" &&
                    stack[2] == "item")) {
          capturing = n.name != "wp:postmeta" && n.name != "wp:comment" &&
                      n.name != "wp:category" && n.name != "wp:tag" &&
                      n.name != "wp:term";
          if (n.name == "category" && parent == "item") {
            item.categories.push_back(
                {xml.Attribute("domain"), xml.Attribute("nicename"), ""});
          }
        }
        continue;
      }
      // The end of an element.
      if (stack.empty()) continue;
      const std::string name = stack.back();
      stack.pop_back();
      const std::string parent = stack.empty() ? "" : stack.back();
      if (capturing) {
        if (n.depth == 2 && stack.size() == 2) {
          OnChannelField(name, text);
        } else if (parent == "wp:author") {
          author.fields[name] = text;
        } else if (parent == "wp:postmeta") {
          if (name == "wp:meta_key") meta_key = text;
          if (name == "wp:meta_value") item.meta[meta_key] = text;
        } else if (parent == "item") {
          if (name == "category" && !item.categories.empty()) {
            item.categories.back().name = text;
          } else {
            item.fields[name] = text;
          }
        }
      }
      capturing = false;
      text.clear();
      if (n.depth == 2 && name == "item") {
        if (Status s = OnItem(std::move(item)); !s.ok()) return s;
        item = WpItem{};
      } else if (n.depth == 2 && name == "wp:author") {
        OnAuthor(std::move(author));
      }
    }
    return Status::OK();
  }
};

// Pass 1.
class ChannelReader : public WxrWalker {
 public:
  WpChannel channel;
  void OnChannelField(const std::string& name,
                      const std::string& value) override {
    channel.fields[name] = value;
  }
  void OnAuthor(WpAuthor a) override {
    channel.authors.push_back(std::move(a));
  }
  Status OnItem(WpItem item) override {
    if (item.Get("wp:post_type") == "attachment") {
      channel.attachments[item.Get("wp:post_id")] =
          item.Get("wp:attachment_url");
    }
    return Status::OK();
  }
};

std::string Trimmed(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// "https://example.com/blog/2019/04/x/?a=b" -> "/blog/2019/04/x/?a=b".
std::string PathOf(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url.rfind('/', 0) == 0 ? url : "";
  size_t slash = url.find('/', scheme + 3);
  if (slash == std::string::npos) return "/";
  return url.substr(slash);
}

std::string Origin(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  size_t slash = url.find('/', scheme + 3);
  return url.substr(0, slash);
}

// The ?p=123 of a URL's query, "" if none.
std::string QueryValue(const std::string& path, const std::string& key) {
  size_t q = path.find('?');
  if (q == std::string::npos) return "";
  std::string query = "&" + path.substr(q + 1);
  size_t at = query.find("&" + key + "=");
  if (at == std::string::npos) return "";
  size_t start = at + key.size() + 2;
  return query.substr(start, query.find('&', start) - start);
}

bool IsZeroDate(const std::string& d) {
  return d.empty() || d.rfind("0000-00-00", 0) == 0;
}

// Pass 2: one item at a time.
class ItemConverter : public WxrWalker {
 public:
  ItemConverter(const WpChannel& channel, const ConvertOptions& options,
                const Settings& settings, OutputFolder* out,
                ConvertReport* report)
      : channel_(channel),
        settings_(settings),
        urls_(settings),
        out_(out),
        report_(report),
        media_(UploadsSource(channel, options), out, report) {
    // The blog's own address (not base_site_url: on WordPress.com and in a
    // multisite network that is the network's, whose links are not ours).
    for (const char* key : {"wp:base_blog_url", "link"}) {
      auto it = channel.fields.find(key);
      if (it == channel.fields.end()) continue;
      std::string url = Trimmed(it->second);
      // Only a blog at the root of its host: below a folder, old links
      // keep the folder and stay absolute.
      if (PathOf(url) != "/" && PathOf(url) != "") continue;
      std::string host = Origin(url);
      if (host.empty()) continue;
      host = host.substr(host.find("://") + 3);
      for (const std::string& o :
           {"http://" + host, "https://" + host, "//" + host}) {
        if (std::find(site_origins_.begin(), site_origins_.end(), o) ==
            site_origins_.end())
          site_origins_.push_back(o);
      }
    }
    for (const auto& a : channel.authors) {
      auto get = [&](const char* k) {
        auto it = a.fields.find(k);
        return it == a.fields.end() ? std::string() : Trimmed(it->second);
      };
      std::string login = get("wp:author_login");
      std::string id = Slugify(login);
      if (id.empty()) continue;
      std::string name = DecodeEntities(get("wp:author_display_name"));
      if (name.empty()) {
        name = Trimmed(get("wp:author_first_name") + " " +
                       get("wp:author_last_name"));
      }
      author_ids_[login] = id;
      author_names_[id] = name.empty() ? login : name;
    }
  }

  Status OnItem(WpItem item) override {
    const std::string type = item.Get("wp:post_type");
    if (type != "post" && type != "page") {
      if (type != "attachment") ++skipped_types_[type];
      return Status::OK();
    }
    return Convert(item, type == "page");
  }

  Status Finish() {
    for (const auto& [type, n] : skipped_types_) {
      report_->notes.push_back("skipped " + Counted(n, "item") + " of type '" +
                               type + "' (not posts or pages)");
      report_->skipped += n;
    }
    for (const auto& [id, name] : author_names_) {
      if (!used_authors_.count(id)) continue;
      Status s = out_->Write("authors/" + id + ".md",
                             FormatConvertedAuthor(name, "", ""));
      if (!s.ok()) return s;
      ++report_->authors;
    }
    if (!media_.status().ok()) return media_.status();
    return WriteNginxMaps();
  }

 private:
  static MediaSource UploadsSource(const WpChannel& channel,
                                   const ConvertOptions& options) {
    MediaSource source;
    source.marker = "/wp-content/uploads/";
    source.dir = options.uploads_dir;
    source.origins.push_back("");
    for (const char* key : {"wp:base_site_url", "wp:base_blog_url", "link"}) {
      auto it = channel.fields.find(key);
      if (it == channel.fields.end()) continue;
      std::string origin = Origin(Trimmed(it->second));
      std::string path = PathOf(Trimmed(it->second));
      if (path.size() > 1 && path.back() == '/') path.pop_back();
      if (path == "/") path.clear();
      for (const std::string& o : {origin, origin + path}) {
        if (o.empty()) continue;
        source.origins.push_back(o);
        source.origins.push_back(path);
        size_t colon = o.find("://");
        std::string host = o.substr(colon + 3);
        source.origins.push_back("http://" + host);
        source.origins.push_back("https://" + host);
        source.origins.push_back("//" + host);
      }
    }
    return source;
  }

  // The post's date in the site's zone: the GMT date when WordPress gave
  // one (drafts have none), else the local date read in the site's zone.
  bool ItemDate(const WpItem& item, int64_t* t, std::string* why) {
    std::string gmt = Trimmed(item.Get("wp:post_date_gmt"));
    if (!IsZeroDate(gmt)) return ParseDate(gmt + "+00:00", t, why);
    std::string local = Trimmed(item.Get("wp:post_date"));
    if (!IsZeroDate(local)) return ParseDate(local, t, why);
    std::string modified = Trimmed(item.Get("wp:post_modified_gmt"));
    if (!IsZeroDate(modified)) return ParseDate(modified + "+00:00", t, why);
    *why = "no date";
    return false;
  }

  std::string UniqueSlug(std::string slug, const std::string& where) {
    if (slug.empty()) slug = "post";
    std::string base = slug;
    for (int n = 2; used_slugs_.count(slug); ++n) {
      slug = SlugWithSuffix(base, std::to_string(n));
    }
    if (slug != base) {
      report_->warnings.push_back(where + ": slug '" + base +
                                  "' is taken; it is now '" + slug + "'");
    }
    used_slugs_.insert(slug);
    return slug;
  }

  // One post or page, in phases: identity, date and status, authors and
  // tags, body and images, old URLs.
  Status Convert(const WpItem& item, bool page) {
    const std::string id = Trimmed(item.Get("wp:post_id"));
    const std::string status = Trimmed(item.Get("wp:status"));
    std::string title = DecodeEntities(Trimmed(item.Get("title")));
    const std::string where = std::string(page ? "page " : "post ") + id +
                              " '" + title + "' (line " +
                              std::to_string(item.line) + ")";
    if (status == "trash" || status == "auto-draft" || status == "inherit") {
      ++report_->skipped;
      report_->notes.push_back(where + ": skipped (status " + status + ")");
      return Status::OK();
    }
    ConvertedPost post;
    post.title = title.empty() ? "Untitled " + id : title;
    if (title.empty())
      report_->warnings.push_back(where + ": no title; it is now '" +
                                  post.title + "'");
    std::string wanted = Slugify(DecodedSlug(item.Get("wp:post_name")));
    if (wanted.empty()) wanted = Slugify(post.title);
    post.slug = UniqueSlug(wanted, where);

    int64_t t = 0;
    std::string why;
    const bool undated = !ItemDate(item, &t, &why) && !page;
    if (undated) {
      // Kept, but never published under a made-up date: a person decides.
      report_->warnings.push_back(where + ": its date cannot be read (" + why +
                                  "); converted as a draft dated 1970-01-01");
      t = 0;
    }
    if (!page) post.date = FormatIso8601(t);
    ReadStatus(item, status, undated, where, &post);
    ReadAuthor(item, page, where, &post);
    ReadTags(item, &post);
    post.summary = Trimmed(DecodeEntities(item.Get("excerpt:encoded")));
    // Yoast SEO's and All in One SEO's meta description, if there is one.
    for (const char* key : {"_yoast_wpseo_metadesc", "_aioseop_description"}) {
      auto it = item.meta.find(key);
      if (it != item.meta.end() && post.description.empty())
        post.description = Trimmed(DecodeEntities(it->second));
    }

    const std::string dir = std::string(page ? "pages/" : "posts/") + post.slug;
    post.body_html = Body(item.Get("content:encoded"), dir, where);
    if (auto it = item.meta.find("_thumbnail_id"); it != item.meta.end()) {
      auto att = channel_.attachments.find(Trimmed(it->second));
      if (att != channel_.attachments.end()) {
        post.image = media_.LocalizeOne(Trimmed(att->second), dir, where);
      }
    }
    OldUrls(item, id, page, t, where, &post);

    if (page) {
      ++report_->pages;
    } else {
      ++report_->posts;
    }
    if (post.draft) ++report_->drafts;
    return out_->Write(dir + "/index.html", FormatConvertedPost(post));
  }

  // Status: publish and future (scheduled: its date is ahead) are public;
  // everything else becomes a draft, which is never served.
  void ReadStatus(const WpItem& item, const std::string& status, bool undated,
                  const std::string& where, ConvertedPost* post) {
    if (status == "draft" || status == "pending") {
      post->draft = true;
      post->note = "a " + status + " in WordPress";
    } else if (status == "private") {
      post->draft = true;
      post->note = "private in WordPress: not public here";
    } else if (status == "future") {
      ++report_->scheduled;
    } else if (status != "publish") {
      post->draft = true;
      post->note = "status '" + status + "' in WordPress";
      report_->warnings.push_back(where + ": unknown status '" + status +
                                  "'; converted as a draft");
    }
    if (undated) {
      post->draft = true;
      post->note = "no date in the export";
    }
    if (!Trimmed(item.Get("wp:post_password")).empty()) {
      post->draft = true;
      post->note = "password-protected in WordPress: not public here";
      report_->warnings.push_back(
          where +
          ": password-protected; converted as a draft (LevelPress has no "
          "passwords)");
    }
  }

  void ReadAuthor(const WpItem& item, bool page, const std::string& where,
                  ConvertedPost* post) {
    if (std::string creator = Trimmed(item.Get("dc:creator"));
        !creator.empty()) {
      auto it = author_ids_.find(creator);
      std::string aid = it != author_ids_.end() ? it->second : Slugify(creator);
      if (!aid.empty()) {
        post->authors.push_back(aid);
        used_authors_.insert(aid);
        if (!author_names_.count(aid)) author_names_[aid] = creator;
      }
    }
    if (post->authors.empty() && !page) {
      // A post needs an author: the export's only one, else "unknown".
      std::string aid =
          author_ids_.size() == 1 ? author_ids_.begin()->second : "unknown";
      if (!author_names_.count(aid)) author_names_[aid] = "Unknown author";
      post->authors.push_back(aid);
      used_authors_.insert(aid);
      report_->warnings.push_back(where + ": no author (dc:creator); it is '" +
                                  aid + "'");
    }
  }

  // Categories and tags are both tags; WordPress's default category is not.
  static void ReadTags(const WpItem& item, ConvertedPost* post) {
    for (const auto& c : item.categories) {
      if (c.domain != "category" && c.domain != "post_tag") continue;
      if (c.domain == "category" && c.nicename == "uncategorized") continue;
      std::string tag = DecodeEntities(Trimmed(c.name));
      if (Slugify(tag).empty()) continue;
      if (std::find(post->tags.begin(), post->tags.end(), tag) ==
          post->tags.end())
        post->tags.push_back(tag);
    }
  }

  // Old URLs: the permalink (<link>) is an alias (or a page's own URL);
  // /?p=ID and /?page_id=ID go to the nginx map, since aliases are paths.
  void OldUrls(const WpItem& item, const std::string& id, bool page, int64_t t,
               const std::string& where, ConvertedPost* post) {
    const std::string link = PathOf(Trimmed(item.Get("link")));
    const std::string guid = PathOf(Trimmed(item.Get("guid")));
    std::string own;
    if (page) {
      std::string path = link.substr(0, link.find_first_of("?#"));
      std::string what;
      if (IsCleanPagePath(path) && !IsSitePath(settings_, path, &what) &&
          path != "/" + post->slug + "/" &&
          link.find('?') == std::string::npos) {
        post->url = path;
      }
      own = post->url.empty() ? "/" + post->slug + "/" : post->url;
    } else {
      own = urls_.Post(t, post->slug);
    }
    if (!link.empty() && link.find('?') == std::string::npos) {
      AddAlias(link, own, where, &post->aliases);
    }
    if (post->draft) return;  // no redirect that names a draft
    for (const std::string& key : {std::string("p"), std::string("page_id")}) {
      for (const std::string* u : {&link, &guid}) {
        std::string v = QueryValue(*u, key);
        if (!v.empty()) ids_[key][v] = own;
      }
    }
    ids_[page ? "page_id" : "p"][id] = own;
  }

  static bool IsCleanPagePath(const std::string& u) {
    return u.size() >= 2 && u.front() == '/' && u.back() == '/' &&
           u.find("//") == std::string::npos &&
           u.find_first_of("?#%\\ ") == std::string::npos &&
           u.find("/../") == std::string::npos &&
           u.find("/./") == std::string::npos &&
           std::none_of(u.begin(), u.end(), [](char c) {
             return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
           });
  }

  // WordPress keeps a non-ASCII slug percent-encoded.
  static std::string DecodedSlug(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(s[i + 1]) &&
          std::isxdigit(s[i + 2])) {
        out.push_back(
            static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
        i += 2;
      } else {
        out.push_back(s[i]);
      }
    }
    return out;
  }

  void AddAlias(const std::string& path, const std::string& own,
                const std::string& where, std::vector<std::string>* aliases) {
    std::string what;
    std::string decoded;
    // What the import takes as an alias, and nothing else: a link whose
    // escapes are not UTF-8 text stopped the whole import.
    const bool alias = AliasPath(path, &decoded);
    if (path.empty() || (alias && decoded == own) || path == "/" ||
        std::find(aliases->begin(), aliases->end(), path) != aliases->end())
      return;
    if (!alias) {
      report_->warnings.push_back(
          where + ": old URL " + path +
          " cannot be an alias (a '#', '..', or an escape that is not UTF-8 "
          "text); no redirect");
      return;
    }
    if (IsSitePath(settings_, decoded, &what)) {
      report_->warnings.push_back(where + ": old URL " + path + " is " + what +
                                  " here; it gets no redirect");
      return;
    }
    if (claimed_.count(decoded)) {
      report_->warnings.push_back(where + ": old URL " + path +
                                  " is already another post's; no redirect");
      return;
    }
    claimed_.insert(decoded);
    aliases->push_back(path);
  }

  std::string Body(const std::string& content, const std::string& dir,
                   const std::string& where) {
    bool blocks = false;
    std::string html = RemoveBlockComments(content, &blocks);
    // <!--more Read on--> (a custom link text) is the excerpt's end too.
    if (size_t more = html.find("<!--more "); more != std::string::npos) {
      size_t close = html.find("-->", more);
      if (close != std::string::npos)
        html.replace(more, close + 3 - more, "<!--more-->");
    }
    std::vector<std::string> unknown;
    html = ConvertWordPressShortcodes(html, &unknown);
    for (const auto& name : unknown) {
      report_->warnings.push_back(where + ": shortcode [" + name +
                                  "] is kept as text; replace it by hand");
    }
    if (html.find("<!--nextpage-->") != std::string::npos) {
      report_->warnings.push_back(
          where + ": <!--nextpage--> pages are shown as one page");
    }
    if (!blocks) html = AddParagraphs(html);
    html = RemoveAttributes(html, {"srcset", "sizes"});
    html = media_.Localize(html, dir, where);
    // Links to the old site become root-relative, so /?p=ID and the old
    // permalinks reach the converted posts (nginx map, aliases).
    return RootRelativeLinks(html);
  }

  // href="https://old.example.com/x" -> href="/x", in one pass.
  std::string RootRelativeLinks(const std::string& html) const {
    std::string out;
    out.reserve(html.size());
    for (size_t i = 0; i < html.size();) {
      size_t skip = 0;
      if (html.compare(i, 6, "href=\"") == 0 ||
          html.compare(i, 6, "href='") == 0) {
        for (const auto& origin : site_origins_) {
          if (html.compare(i + 6, origin.size(), origin) == 0 &&
              html.compare(i + 6 + origin.size(), 1, "/") == 0) {
            skip = origin.size();
            break;
          }
        }
      }
      if (skip) {
        out.append(html, i, 6);
        i += 6 + skip;
      } else {
        out.push_back(html[i++]);
      }
    }
    return out;
    return html;
  }

  // /?p=ID and /?page_id=ID: an nginx map (the router matches paths only).
  Status WriteNginxMaps() {
    std::string http =
        "# Written by `levelpress convert wordpress`: WordPress's query URLs\n"
        "# (/?p=123, /?page_id=5) redirect to the converted posts. Include\n"
        "# this file in nginx's http {} block and wordpress-ids-server.conf\n"
        "# in the site's server {} block (docs/migration.md).\n";
    for (const char* key : {"p", "page_id"}) {
      std::string var = std::string("$levelpress_wordpress_") + key;
      http += "map $arg_" + std::string(key) + " " + var +
              " {\n    default \"\";\n";
      for (const auto& [id, url] : ids_[key]) {
        http += "    \"" + id + "\" \"" + PercentEncodePath(url) + "\";\n";
      }
      http += "}\n";
    }
    std::string server =
        "# Written by `levelpress convert wordpress`; see "
        "wordpress-ids-http.conf.\n"
        "if ($levelpress_wordpress_p) { return 301 $levelpress_wordpress_p; }\n"
        "if ($levelpress_wordpress_page_id) { return 301 "
        "$levelpress_wordpress_page_id; }\n";
    if (Status s = out_->Write("nginx/wordpress-ids-http.conf", http); !s.ok())
      return s;
    report_->notes.push_back(
        "nginx: include nginx/wordpress-ids-http.conf in http {} and "
        "nginx/wordpress-ids-server.conf in server {} so /?p=ID keeps "
        "working");
    return out_->Write("nginx/wordpress-ids-server.conf", server);
  }

  const WpChannel& channel_;
  const Settings& settings_;
  Urls urls_;
  OutputFolder* out_;
  ConvertReport* report_;
  MediaCopier media_;
  std::map<std::string, std::string> author_ids_;    // login -> id
  std::map<std::string, std::string> author_names_;  // id -> name
  std::set<std::string> used_authors_, used_slugs_, claimed_;
  std::vector<std::string> site_origins_;  // https://old.example.com
  std::map<std::string, int> skipped_types_;
  // "p" / "page_id" -> id -> URL, sorted by id as text (stable output).
  std::map<std::string, std::map<std::string, std::string>> ids_;
};

}  // namespace

Status ConvertWordPress(const ConvertOptions& options, const Settings& settings,
                        ConvertReport* report) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(options.input, ec) &&
      std::filesystem::file_size(options.input, ec) == 0 && !ec) {
    return Status::InvalidArgument(options.input + ": the file is empty");
  }
  ChannelReader first;
  if (Status s = first.Walk(options.input); !s.ok()) return s;
  auto version = first.channel.fields.find("wp:wxr_version");
  if (version == first.channel.fields.end()) {
    return Status::InvalidArgument(
        options.input +
        ": not a WordPress export (no <wp:wxr_version> in its <channel>)");
  }
  const std::string v = Trimmed(version->second);
  if (v != "1.0" && v != "1.1" && v != "1.2") {
    report->warnings.push_back(options.input + ": WXR version " + v +
                               " is newer than 1.2; read as 1.2");
  }
  OutputFolder out;
  if (Status s = out.Open(options.out_dir); !s.ok()) return s;
  ItemConverter second(first.channel, options, settings, &out, report);
  if (Status s = second.Walk(options.input); !s.ok()) return s;
  if (Status s = second.Finish(); !s.ok()) return s;
  return out.Commit();
}

}  // namespace levelpress
