// A Hugo site's configuration, found and merged as Hugo does
// (docs/migration.md): the first of hugo.{toml,yaml,yml,json} and
// config.{toml,yaml,yml,json} at the site's top, then every config file in
// config/_default/ and config/production/ (Hugo's default environment when
// it builds a site) over it. In that folder hugo.* and config.* are the
// whole configuration, any other file is one key (params.toml is
// [params], permalinks.yaml is permalinks:), and a language in the name
// (params.fr.toml) puts it under that language. Keys are case-insensitive,
// as in Hugo (baseURL = baseurl). Only what the import needs is kept.
// Not thread-safe per object.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "problem.h"

namespace levelpress {

struct HugoConfig {
  std::vector<std::string> files;  // read, in the order merged
  // A text setting and where it was written ("" and 0 if it was not).
  struct Text {
    std::string text, file;
    int line = 0;
  };
  Text title, base_url, time_zone;
  Text language_code;  // languageCode, or newer Hugo's locale
  // defaultContentLanguageInSubdir: the default language was under
  // /en/ too ("" and 0 if not).
  Text language_in_subdir;
  bool lower_case_paths = true;  // false: disablePathToLower = true
  // [permalinks] (and Hugo 0.120's [permalinks.page]): section -> pattern.
  std::map<std::string, std::string> permalinks;
  // params.author (a name, {name: ...}, or a list: the first), else the
  // old top-level author; "" if none.
  std::string author;
  // Multilingual sites: defaultContentLanguage ("en" unless set), every
  // language of [languages], and where each language's content is
  // (contentDir, "content" by default).
  std::string default_language = "en";
  std::set<std::string> languages;
  std::map<std::string, std::string> content_dirs;  // language -> folder
  std::string content_dir = "content";              // of the default language

  // Whether `name` (a file name) is one Hugo reads as configuration.
  static bool IsConfigFileName(const std::string& name);
};

class HugoConfigReader {
 public:
  HugoConfigReader();
  ~HugoConfigReader();
  // One file (site-relative path, e.g. "config/_default/params.fr.toml")
  // merged over what came before; `top` for the top-level hugo.* file.
  // Problems name `file` with the line.
  void Add(const std::string& file, std::string_view text, bool top,
           std::vector<Problem>* problems);
  // What the files say, problems of values of the wrong kind added.
  HugoConfig Finish(std::vector<Problem>* problems) const;

  struct Node;  // a value with its file and line (hugo_config.cc)

 private:
  std::unique_ptr<Node> root_;
  std::vector<std::string> files_;
};

}  // namespace levelpress
