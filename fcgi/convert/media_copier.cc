#include "media_copier.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

#include "urls.h"

namespace levelpress {
namespace fs = std::filesystem;

namespace {

constexpr size_t kMaxUrl = 4096;

bool EndsUrl(char c) {
  return c == '"' || c == '\'' || c == '<' || c == '>' || c == ')' ||
         c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '?' ||
         c == '#' || c == ',' || c == ']';
}
bool StartsUrl(char c) {
  return c == '"' || c == '\'' || c == '(' || c == '=' || c == ' ' ||
         c == '\t' || c == '\n' || c == '>' || c == ',' || c == ']';
}

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecoded(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && Hex(s[i + 1]) >= 0 &&
        Hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(Hex(s[i + 1]) * 16 + Hex(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// A path below the uploads folder that stays there: no "..", ".", empty
// parts or hidden files.
bool IsPlainUploadPath(const std::string& path) {
  if (path.empty() || path.front() == '/') return false;
  for (const auto& part : fs::path(path)) {
    std::string p = part.string();
    if (p.empty() || p[0] == '.') return false;
  }
  return path.find('\0') == std::string::npos;
}

}  // namespace

std::string MediaCopier::UploadPath(std::string_view url) const {
  size_t at = url.find(source_.marker);
  if (at == std::string_view::npos) return "";
  std::string_view origin = url.substr(0, at);
  if (!source_.origins.empty() &&
      std::find(source_.origins.begin(), source_.origins.end(), origin) ==
          source_.origins.end()) {
    return "";
  }
  std::string_view tail = url.substr(at + source_.marker.size());
  tail = tail.substr(0, tail.find_first_of("?#"));
  std::string path = PercentDecoded(tail);
  return IsPlainUploadPath(path) ? path : "";
}

// The file of an upload, if it is a regular file inside the uploads
// folder (also after following links on the way).
bool MediaCopier::Inside(const std::string& from) const {
  struct stat st;
  if (lstat(from.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  std::error_code ec;
  const std::string root = fs::canonical(source_.dir, ec).string() + "/";
  const std::string real = fs::canonical(from, ec).string();
  return !ec && real.rfind(root, 0) == 0;
}

std::string MediaCopier::Copy(const std::string& upload,
                              const std::string& post_dir,
                              const std::string& where) {
  auto& mine = copied_[post_dir];
  if (auto it = mine.find(upload); it != mine.end()) return it->second;
  if (source_.dir.empty()) return "";
  const std::string from = (fs::path(source_.dir) / upload).string();
  if (!Inside(from)) {
    report_->warnings.push_back(where + ": image " + source_.marker + upload +
                                " is not in " + source_.dir +
                                "; its URL is kept");
    mine[upload] = "";
    return "";
  }
  // The file's own name, unless another upload of this post has it
  // (2019/04/a.jpg and 2020/01/a.jpg): then its path joined by '-'.
  std::string name = fs::path(upload).filename().string();
  for (const auto& [other, used] : mine) {
    if (used == name) {
      name = upload;
      std::replace(name.begin(), name.end(), '/', '-');
      break;
    }
  }
  const std::string rel = post_dir + "/" + name;
  if (!out_->Exists(rel)) {
    if (Status s = out_->Copy(from, rel); !s.ok()) {
      if (status_.ok()) status_ = s;
      return "";
    }
    ++report_->images;
  }
  mine[upload] = name;
  return name;
}

std::string MediaCopier::LocalizeOne(std::string_view url,
                                     const std::string& post_dir,
                                     const std::string& where) {
  std::string upload = UploadPath(url);
  return upload.empty() ? "" : Copy(upload, post_dir, where);
}

std::string MediaCopier::CopyAs(std::string_view url,
                                const std::string& relative_stem,
                                const std::string& where) {
  std::string upload = UploadPath(url);
  if (upload.empty() || source_.dir.empty()) return "";
  const std::string from = (fs::path(source_.dir) / upload).string();
  if (!Inside(from)) {
    report_->warnings.push_back(where + ": image " + source_.marker + upload +
                                " is not in " + source_.dir);
    return "";
  }
  const std::string ext = fs::path(upload).extension().string();
  if (Status s = out_->Copy(from, relative_stem + ext); !s.ok()) {
    if (status_.ok()) status_ = s;
    return "";
  }
  ++report_->images;
  return ext;
}

std::string MediaCopier::Localize(std::string_view html,
                                  const std::string& post_dir,
                                  const std::string& where) {
  std::string out;
  out.reserve(html.size());
  size_t done = 0;
  for (size_t at = html.find(source_.marker); at != std::string_view::npos;
       at = html.find(source_.marker, at + 1)) {
    if (at < done) continue;
    // A URL is at most kMaxUrl long: the scans stay linear on text full
    // of markers.
    size_t start = at;
    const size_t floor = std::max(done, at > kMaxUrl ? at - kMaxUrl : 0);
    while (start > floor && !StartsUrl(html[start - 1])) --start;
    size_t end = at + source_.marker.size();
    const size_t ceiling = std::min(html.size(), end + kMaxUrl);
    while (end < ceiling && !EndsUrl(html[end])) ++end;
    std::string_view url = html.substr(start, end - start);
    std::string upload = UploadPath(url);
    std::string name = upload.empty() ? "" : Copy(upload, post_dir, where);
    if (name.empty()) continue;
    // Drop a query or fragment too (?resize=..., WordPress's CDN sizes).
    size_t after = end;
    if (after < html.size() && (html[after] == '?' || html[after] == '#')) {
      const size_t limit = std::min(html.size(), after + kMaxUrl);
      while (after < limit && html[after] != '"' && html[after] != '\'' &&
             html[after] != ' ' && html[after] != '>')
        ++after;
    }
    out.append(html.substr(done, start - done));
    out.append(PercentEncodePath(name));
    done = after;
    at = after - 1;
  }
  out.append(html.substr(done));
  return out;
}

std::string RemoveAttributes(std::string_view html,
                             const std::vector<std::string>& names) {
  // One pass (erasing in place would be quadratic on many attributes).
  std::string out;
  out.reserve(html.size());
  for (size_t i = 0; i < html.size();) {
    size_t skip = 0;
    if (html[i] == ' ') {
      for (const auto& name : names) {
        std::string_view rest = html.substr(i + 1);
        if (rest.size() < name.size() + 2 ||
            rest.substr(0, name.size()) != name || rest[name.size()] != '=')
          continue;
        char quote = rest[name.size() + 1];
        if (quote != '"' && quote != '\'') continue;
        size_t close = rest.find(quote, name.size() + 2);
        if (close != std::string_view::npos) skip = 1 + close + 1;
        break;
      }
    }
    if (skip) {
      i += skip;
    } else {
      out.push_back(html[i++]);
    }
  }
  return out;
}

}  // namespace levelpress
