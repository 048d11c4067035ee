#include "templates.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "translation.h"

namespace levelpress {
namespace {

const char* const kTemplates[] = {
    "page.tpl",         "list.tpl",       "post.tpl",          "authors.tpl",
    "tags.tpl",         "not_found.tpl",  "error.tpl",         "sitemap.tpl",
    "feed.tpl",         "standalone.tpl", "sitemap_index.tpl", "search.tpl",
    "search_result.tpl"};

// ctemplate says what is wrong but not where; find the line ourselves for
// the common mistakes (unbalanced sections, an unterminated marker).
std::string WhereIsTheError(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  std::vector<std::pair<std::string, int>> open;  // section name, line
  int line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') ++line;
    if (text.compare(i, 2, "{{") != 0) continue;
    size_t end = text.find("}}", i + 2);
    if (end == std::string::npos)
      return ":" + std::to_string(line) + ": '{{' is never closed";
    std::string marker = text.substr(i + 2, end - i - 2);
    int marker_line = line;
    for (size_t j = i; j < end; ++j) line += text[j] == '\n';
    i = end + 1;
    if (marker.empty()) continue;
    if (marker[0] == '#') {
      open.emplace_back(marker.substr(1), marker_line);
    } else if (marker[0] == '/') {
      std::string name = marker.substr(1);
      if (open.empty() || open.back().first != name) {
        return ":" + std::to_string(marker_line) + ": {{/" + name +
               "}} closes " +
               (open.empty()
                    ? "no open section"
                    : "section " + open.back().first + " opened on line " +
                          std::to_string(open.back().second));
      }
      open.pop_back();
    }
  }
  if (!open.empty()) {
    return ":" + std::to_string(open.back().second) + ": section " +
           open.back().first + " is never closed";
  }
  return "";
}

}  // namespace

TemplateSet::~TemplateSet() = default;

Status TemplateSet::Load(const std::string& dir,
                         std::unique_ptr<TemplateSet>* out,
                         const Translation* words) {
  std::unique_ptr<TemplateSet> set(new TemplateSet);
  set->cache_ = std::make_unique<ctemplate::TemplateCache>();
  set->cache_->SetTemplateRootDirectory(dir);
  for (const char* name : kTemplates) {
    std::string path = (std::filesystem::path(dir) / name).string();
    struct stat st;
    if (stat(path.c_str(), &st) != 0) {
      return Status::NotFound(path +
                              ": template missing (setting templates_dir)");
    }
    set->newest_mtime_ = std::max<int64_t>(set->newest_mtime_, st.st_mtime);
    bool loaded;
    if (words == nullptr) {
      loaded = set->cache_->LoadTemplate(name, ctemplate::STRIP_BLANK_LINES);
    } else {
      std::ifstream in(path, std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      loaded = in && set->cache_->StringToTemplateCache(
                         name, words->Localize(text.str()),
                         ctemplate::STRIP_BLANK_LINES);
    }
    if (!loaded) {
      std::string where = WhereIsTheError(path);
      return Status::InvalidArgument(
          path +
          (where.empty()
               ? ": template has a syntax error (ctemplate's message is above)"
               : where));
    }
  }
  if (!set->cache_->StringToTemplateCache(
          kHoleTemplate, "{{%AUTOESCAPE context=\"HTML\"}}{{HOLE:none}}",
          ctemplate::STRIP_BLANK_LINES)) {
    return Status::Corruption("the built-in template failed to load");
  }
  set->cache_->Freeze();
  *out = std::move(set);
  return Status::OK();
}

Status TemplateSet::Expand(const std::string& name,
                           const ctemplate::TemplateDictionary& dict,
                           std::string* out) const {
  out->clear();
  if (!cache_->ExpandWithData(name, ctemplate::STRIP_BLANK_LINES, &dict,
                              nullptr, out)) {
    return Status::Corruption("template " + name + " failed to expand");
  }
  return Status::OK();
}

}  // namespace levelpress
