#include "templates.h"

#include <sys/stat.h>

#include <filesystem>

namespace levelpress {
namespace {

const char* const kTemplates[] = {"page.tpl",    "list.tpl",      "post.tpl",
                                  "authors.tpl", "tags.tpl",      "not_found.tpl",
                                  "error.tpl",   "sitemap.tpl",   "feed.tpl"};

}  // namespace

TemplateSet::~TemplateSet() = default;

Status TemplateSet::Load(const std::string& dir, std::unique_ptr<TemplateSet>* out) {
  std::unique_ptr<TemplateSet> set(new TemplateSet);
  set->cache_ = std::make_unique<ctemplate::TemplateCache>();
  set->cache_->SetTemplateRootDirectory(dir);
  for (const char* name : kTemplates) {
    std::string path = (std::filesystem::path(dir) / name).string();
    struct stat st;
    if (stat(path.c_str(), &st) != 0) {
      return Status::NotFound(path + ": template missing (setting templates_dir)");
    }
    set->newest_mtime_ = std::max<int64_t>(set->newest_mtime_, st.st_mtime);
    if (!set->cache_->LoadTemplate(name, ctemplate::STRIP_BLANK_LINES)) {
      return Status::InvalidArgument(path + ": template has a syntax error (see the ctemplate message above for the line)");
    }
  }
  set->cache_->Freeze();
  *out = std::move(set);
  return Status::OK();
}

Status TemplateSet::Expand(const std::string& name,
                           const ctemplate::TemplateDictionary& dict,
                           std::string* out) const {
  out->clear();
  if (!cache_->ExpandWithData(name, ctemplate::STRIP_BLANK_LINES, &dict, nullptr, out)) {
    return Status::Corruption("template " + name + " failed to expand");
  }
  return Status::OK();
}

}  // namespace levelpress
