// Templates: the theme's ctemplate files, loaded and checked once at
// start-up into a private cache that is then frozen; requests only expand.
// A TemplateSet never changes after Load, so Expand is safe from many
// threads. SIGHUP builds a new TemplateSet and swaps it in whole.
#pragma once

#include <ctemplate/template.h>

#include <cstdint>
#include <memory>
#include <string>

#include "status.h"

namespace levelpress {

class Translation;

// A template of one value, HOLE, unescaped: the content of a page.tpl
// frame cut into a fragment (fragment.h), whose content is a hole.
inline constexpr char kHoleTemplate[] = "levelpress:hole";

class TemplateSet {
 public:
  // Loads every template the pages use from dir; a missing file or a
  // syntax error is an error naming the file (ctemplate logs the line).
  // With words, each {{T_KEY}} is the word of the site's language
  // (Translation::Localize).
  static Status Load(const std::string& dir, std::unique_ptr<TemplateSet>* set,
                     const Translation* words = nullptr);
  ~TemplateSet();

  Status Expand(const std::string& name,
                const ctemplate::TemplateDictionary& dict,
                std::string* out) const;
  int64_t newest_mtime() const { return newest_mtime_; }  // for Last-Modified

 private:
  TemplateSet() = default;
  std::unique_ptr<ctemplate::TemplateCache> cache_;
  int64_t newest_mtime_ = 0;
};

}  // namespace levelpress
