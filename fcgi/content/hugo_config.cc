#include "hugo_config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>

#include "content.h"
#include "front_matter.h"
#include "slug.h"
#include "toml_ascii.h"
#include "toml_parser.h"

namespace levelpress {

// A config value with where it was written; keys lower-cased (Hugo's
// configuration keys are case-insensitive).
struct HugoConfigReader::Node {
  enum class Kind { kScalar, kMap, kList };
  Kind kind = Kind::kMap;
  std::string scalar;
  std::map<std::string, Node> map;
  std::vector<Node> list;
  std::string file;
  int line = 0;

  const Node* Get(const std::string& key) const {
    if (kind != Kind::kMap) return nullptr;
    auto it = map.find(key);
    return it == map.end() ? nullptr : &it->second;
  }
  // Hugo's Set: maps merge key by key, anything else replaces.
  void MergeOver(const Node& other) {
    if (kind != Kind::kMap || other.kind != Kind::kMap) {
      *this = other;
      return;
    }
    for (const auto& [key, value] : other.map) map[key].MergeOver(value);
    if (line == 0) {
      file = other.file;
      line = other.line;
    }
  }
};

namespace {

using Node = HugoConfigReader::Node;

// Far more than a real config; a file with more (YAML aliases can multiply
// a small file) is refused rather than expanded.
constexpr size_t kMaxNodes = 100000;
constexpr size_t kMaxDepth = 64;

std::string Extension(const std::string& name) {
  const std::string ext = std::filesystem::path(name).extension().string();
  return ext.empty() ? "" : AsciiLower(ext.substr(1));
}

// What went wrong while converting, if anything.
struct Budget {
  size_t nodes = 0;
  std::string error;
  int error_line = 0;
};

bool FromToml(const toml::node& in, const std::string& file, size_t depth,
              Budget* budget, Node* out) {
  out->file = file;
  out->line = static_cast<int>(in.source().begin.line);
  if (++budget->nodes > kMaxNodes || depth > kMaxDepth) {
    budget->error = "nested more than 64 levels deep, or too large";
    budget->error_line = out->line;
    return false;
  }
  // A '^' written as an escape ("\u005E") is decoded with the next two
  // characters as a byte (toml_ascii.h): the result must still be UTF-8.
  auto decoded = [&](std::string_view ascii, int line, std::string* text) {
    *text = TomlStringFromAscii(ascii);
    if (InvalidUtf8At(*text) == std::string_view::npos) return true;
    budget->error = "not valid UTF-8 after escapes";
    budget->error_line = line;
    return false;
  };
  if (const auto* table = in.as_table()) {
    out->kind = Node::Kind::kMap;
    for (const auto& [key, value] : *table) {
      std::string name;
      if (!decoded(key.str(), static_cast<int>(value.source().begin.line),
                   &name) ||
          !FromToml(value, file, depth + 1, budget,
                    &out->map[AsciiLower(name)]))
        return false;
    }
  } else if (const auto* array = in.as_array()) {
    out->kind = Node::Kind::kList;
    for (const auto& value : *array) {
      out->list.emplace_back();
      if (!FromToml(value, file, depth + 1, budget, &out->list.back()))
        return false;
    }
  } else {
    out->kind = Node::Kind::kScalar;
    if (const auto* s = in.as_string()) {
      if (!decoded(s->get(), out->line, &out->scalar)) return false;
    } else if (const auto* i = in.as_integer()) {
      out->scalar = std::to_string(i->get());
    } else if (const auto* b = in.as_boolean()) {
      out->scalar = b->get() ? "true" : "false";
    }  // floats and dates: nothing the import reads
  }
  return true;
}

bool FromYaml(const YAML::Node& in, const std::string& file, size_t depth,
              Budget* budget, Node* out) {
  out->file = file;
  out->line = in.Mark().line + 1;
  if (++budget->nodes > kMaxNodes || depth > kMaxDepth) {
    budget->error = "nested more than 64 levels deep, or too large";
    budget->error_line = out->line;
    return false;
  }
  // yaml-cpp can hand out bytes that are not UTF-8 from a file that is (a
  // NUL in a plain scalar; the hugo_config fuzz target's finding).
  auto utf8 = [&](const std::string& text, int line) {
    if (InvalidUtf8At(text) == std::string_view::npos) return true;
    budget->error = "not valid UTF-8 after escapes";
    budget->error_line = line;
    return false;
  };
  if (in.IsMap()) {
    out->kind = Node::Kind::kMap;
    for (const auto& kv : in) {
      if (!kv.first.IsScalar()) continue;  // a key Hugo would not read
      if (!utf8(kv.first.Scalar(), kv.first.Mark().line + 1)) return false;
      if (!FromYaml(kv.second, file, depth + 1, budget,
                    &out->map[AsciiLower(kv.first.Scalar())]))
        return false;
      out->map[AsciiLower(kv.first.Scalar())].line = kv.first.Mark().line + 1;
    }
  } else if (in.IsSequence()) {
    out->kind = Node::Kind::kList;
    for (const auto& value : in) {
      out->list.emplace_back();
      if (!FromYaml(value, file, depth + 1, budget, &out->list.back()))
        return false;
    }
  } else {
    out->kind = in.IsNull() ? Node::Kind::kMap : Node::Kind::kScalar;
    if (in.IsScalar()) {
      if (!utf8(in.Scalar(), out->line)) return false;
      out->scalar = in.Scalar();
    }
  }
  return true;
}

// A file's text as a tree; false with a problem if it is not one.
bool ParseFile(const std::string& file, std::string_view text, Node* out,
               std::vector<Problem>* problems) {
  if (size_t at = InvalidUtf8At(text); at != std::string_view::npos) {
    const int line =
        1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
    problems->push_back(
        {file, line, "", "not valid UTF-8; save the file as UTF-8"});
    return false;
  }
  Budget budget;
  const std::string ext = Extension(file);
  if (ext == "toml") {
    std::string unsafe;
    if (size_t at = TomlUnsafeAt(text, &unsafe); at != std::string_view::npos) {
      const int line = 1 + static_cast<int>(std::count(
                               text.begin(), text.begin() + at, '\n'));
      problems->push_back({file, line, "", "not valid TOML: " + unsafe});
      return false;
    }
    toml::parse_result parsed = toml::parse(TomlToAscii(text));  // toml_ascii.h
    if (!parsed) {
      problems->push_back(
          {file, static_cast<int>(parsed.error().source().begin.line), "",
           "not valid TOML: " + std::string(parsed.error().description())});
      return false;
    }
    if (!FromToml(parsed.table(), file, 0, &budget, out)) {
      problems->push_back({file, budget.error_line, "", budget.error});
      return false;
    }
    return true;
  }
  // YAML, and JSON (which is YAML, as for JSON front matter).
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    problems->push_back({file, e.mark.line + 1, "",
                         std::string("not valid ") +
                             (ext == "json" ? "JSON" : "YAML") + ": " + e.msg});
    return false;
  }
  if (!FromYaml(root, file, 0, &budget, out)) {
    problems->push_back({file, budget.error_line, "", budget.error});
    return false;
  }
  if (out->kind != Node::Kind::kMap) {
    problems->push_back({file, 1, "", "not a map of settings"});
    return false;
  }
  return true;
}

// A text value at `path` (lower case, dot-separated in the message), or
// nullopt; a value of another kind is a warning naming its place.
std::optional<std::string> Text(const Node& root,
                                const std::vector<std::string>& path,
                                const std::string& shown,
                                std::vector<Problem>* problems) {
  const Node* n = &root;
  for (const auto& key : path) {
    n = n->Get(key);
    if (n == nullptr) return std::nullopt;
  }
  if (n->kind == Node::Kind::kScalar) return n->scalar;
  problems->push_back(
      {n->file, n->line, shown, "expected a text; not read", /*warning=*/true});
  return std::nullopt;
}

// One line of text that XML can carry (valid UTF-8 is checked per file).
bool IsNameText(const std::string& s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) return false;
    if (c == 0xEF && s.compare(i, 2, "\xEF\xBF") == 0 && i + 2 < s.size() &&
        (static_cast<unsigned char>(s[i + 2]) & 0xFE) == 0xBE)
      return false;  // U+FFFE, U+FFFF
  }
  return true;
}

// params.author as themes write it: "Name", {name: "Name"}, ["Name", ...].
std::string AuthorName(const Node& n) {
  if (n.kind == Node::Kind::kScalar) return n.scalar;
  if (n.kind == Node::Kind::kMap) {
    const Node* name = n.Get("name");
    return name && name->kind == Node::Kind::kScalar ? name->scalar : "";
  }
  return n.list.empty() ? "" : AuthorName(n.list.front());
}

void ReadPermalinks(const Node& effective, HugoConfig* config,
                    std::vector<Problem>* problems) {
  const Node* permalinks = effective.Get("permalinks");
  if (permalinks == nullptr) return;
  if (permalinks->kind != Node::Kind::kMap) {
    problems->push_back({permalinks->file, permalinks->line, "permalinks",
                         "expected a map of section = pattern; not read",
                         /*warning=*/true});
    return;
  }
  for (const auto& [section, pattern] : permalinks->map) {
    if (pattern.kind == Node::Kind::kScalar) {
      config->permalinks.emplace(section, pattern.scalar);
    } else if (pattern.kind != Node::Kind::kMap ||
               (section != "page" && section != "section" &&
                section != "term" && section != "taxonomy")) {
      problems->push_back({pattern.file, pattern.line, "permalinks." + section,
                           "expected a pattern such as "
                           "\"/:year/:month/:slug/\"; not read",
                           /*warning=*/true});
    }
  }
  // Hugo 0.120's [permalinks.page] is the posts' pattern; it wins.
  if (const Node* page = permalinks->Get("page");
      page && page->kind == Node::Kind::kMap) {
    for (const auto& [section, pattern] : page->map) {
      if (pattern.kind == Node::Kind::kScalar)
        config->permalinks[section] = pattern.scalar;
    }
  }
}

void ReadLanguages(const Node& root, HugoConfig* config,
                   std::vector<Problem>* problems) {
  if (auto lang = Text(root, {"defaultcontentlanguage"},
                       "defaultContentLanguage", problems)) {
    config->default_language = AsciiLower(*lang);
  }
  // A contentDir LevelPress reads: content/ or a folder in it.
  auto content_dir_at = [&](const Node& from, const std::string& shown,
                            const std::string& otherwise) {
    auto dir = Text(from, {"contentdir"}, shown, problems);
    if (!dir) return otherwise;
    std::string d =
        std::filesystem::path(*dir).lexically_normal().generic_string();
    while (!d.empty() && d.back() == '/') d.pop_back();
    if (d == "content" ||
        (d.rfind("content/", 0) == 0 && IsSafeRelativePath(d)))
      return d;
    const Node* n = from.Get("contentdir");
    problems->push_back({n->file, n->line, shown,
                         "'" + *dir +
                             "' is not read: LevelPress reads a Hugo site's "
                             "content/ and the folders in it; " +
                             otherwise + "/ is read instead",
                         /*warning=*/true});
    return otherwise;
  };
  const std::string content_dir = content_dir_at(root, "contentDir", "content");
  const Node* languages = root.Get("languages");
  if (languages && languages->kind == Node::Kind::kMap) {
    for (const auto& [lang, settings] : languages->map) {
      config->languages.insert(lang);
      config->content_dirs[lang] = content_dir_at(
          settings, "languages." + lang + ".contentDir", content_dir);
    }
  }
  config->content_dirs.emplace(config->default_language, content_dir);
  config->content_dir = config->content_dirs[config->default_language];
}

}  // namespace

bool HugoConfig::IsConfigFileName(const std::string& name) {
  const std::string ext = Extension(name);
  return ext == "toml" || ext == "yaml" || ext == "yml" || ext == "json";
}

HugoConfigReader::HugoConfigReader() : root_(std::make_unique<Node>()) {}
HugoConfigReader::~HugoConfigReader() = default;

void HugoConfigReader::Add(const std::string& file, std::string_view text,
                           bool top, std::vector<Problem>* problems) {
  Node parsed;
  if (!ParseFile(file, text, &parsed, problems)) return;
  files_.push_back(file);
  // "params.fr.toml": key params, language fr.
  const std::string name =
      AsciiLower(std::filesystem::path(file).stem().string());
  const size_t dot = name.find('.');
  const std::string key = name.substr(0, dot);
  const std::string lang = dot == std::string::npos ? "" : name.substr(dot + 1);
  if (top || key == "hugo" || key == "config") {
    root_->MergeOver(parsed);
    return;
  }
  const std::string root_key = key == "menu" ? "menus" : key;
  // The file may repeat its key ([params] in params.toml) when it is the
  // only one.
  if (parsed.map.size() == 1 && parsed.map.begin()->first == root_key) {
    Node inner = parsed.map.begin()->second;
    parsed = std::move(inner);
  }
  Node* target = root_.get();
  if (!lang.empty()) {
    target = &target->map["languages"].map[lang];
  }
  Node& slot = target->map[root_key];
  if (slot.line == 0) {
    slot.file = file;
    slot.line = 1;
  }
  slot.MergeOver(parsed);
}

HugoConfig HugoConfigReader::Finish(std::vector<Problem>* problems) const {
  HugoConfig config;
  config.files = files_;
  ReadLanguages(*root_, &config, problems);
  // The default language's own settings ([languages.en] title = ...) are
  // the site's, over the top-level ones.
  Node effective = *root_;
  if (const Node* languages = root_->Get("languages")) {
    if (const Node* own = languages->Get(config.default_language))
      effective.MergeOver(*own);
  }
  auto read = [&](const char* key, const char* shown) {
    HugoConfig::Text out;
    if (auto text = Text(effective, {key}, shown, problems)) {
      const Node* n = effective.Get(key);
      out = {*text, n->file, n->line};
    }
    return out;
  };
  config.title = read("title", "title");
  config.base_url = read("baseurl", "baseURL");
  config.time_zone = read("timezone", "timeZone");
  config.language_code = read("languagecode", "languageCode");
  if (config.language_code.text.empty())
    config.language_code = read("locale", "locale");
  if (HugoConfig::Text in_subdir = read("defaultcontentlanguageinsubdir",
                                        "defaultContentLanguageInSubdir");
      in_subdir.text == "true") {
    config.language_in_subdir = in_subdir;
  }
  config.lower_case_paths =
      read("disablepathtolower", "disablePathToLower").text != "true";
  ReadPermalinks(effective, &config, problems);
  const Node* params = effective.Get("params");
  const Node* author = params ? params->Get("author") : nullptr;
  if (author == nullptr) author = effective.Get("author");  // before 0.124
  if (author) {
    config.author = AuthorName(*author);
    // The name is shown in pages and feeds, and gives the author's id.
    if (!config.author.empty() &&
        (!IsNameText(config.author) || Slugify(config.author).empty())) {
      problems->push_back({author->file, author->line, "params.author",
                           "'" + config.author +
                               "' has no letters or digits, or characters "
                               "a name cannot hold; not read",
                           /*warning=*/true});
      config.author.clear();
    }
  }
  return config;
}

}  // namespace levelpress
