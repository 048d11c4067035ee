#include "highlight.h"

#include <srchilite/formatter.h>
#include <srchilite/formattermanager.h>
#include <srchilite/formatterparams.h>
#include <srchilite/langdefmanager.h>
#include <srchilite/regexrulefactory.h>
#include <srchilite/sourcehighlighter.h>

#include <boost/make_shared.hpp>
#include <charconv>
#include <filesystem>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "highlight_module.h"
#include "slug.h"

namespace levelpress {

namespace {

const char kDataDir[] = "/usr/share/source-highlight";

// The folder of the .lang files: the setting, or Debian's when it is "".
// A reference, so a block does not copy the path.
const std::string& DataDir(const std::string& setting) {
  static const std::string* const kDefault = new std::string(kDataDir);
  return setting.empty() ? *kDefault : setting;
}
// Beyond these the block (or line) is left plain: boost::regex searches
// each rule to the end of the line at every token.
constexpr size_t kMaxBlockBytes = 256 * 1024;
constexpr size_t kMaxLineBytes = 4000;

// ---- Text ----

void AppendEscaped(std::string* out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '&':
        *out += "&amp;";
        break;
      case '<':
        *out += "&lt;";
        break;
      case '>':
        *out += "&gt;";
        break;
      case '"':
        *out += "&quot;";
        break;
      default:
        *out += c;
    }
  }
}

// Valid UTF-8 with only the characters XML allows: bad bytes, control
// characters (but tab and newline), surrogates, U+FFFE and U+FFFF become
// U+FFFD; "\r\n" becomes "\n".
std::string CleanText(std::string_view s) {
  static const char kReplacement[] = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    if (c < 0x80) {
      if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
        // dropped: the "\n" follows
      } else if (c < 0x20 && c != '\t' && c != '\n') {
        out += kReplacement;
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (c > 0xF4) len = 0;
    bool ok = len > 0 && i + len <= s.size();
    unsigned cp = 0;
    if (ok) {
      cp = c & (0x7F >> len);
      for (int k = 1; k < len; ++k) {
        unsigned char d = s[i + k];
        if ((d & 0xC0) != 0x80) {
          ok = false;
          break;
        }
        cp = (cp << 6) | (d & 0x3F);
      }
    }
    if (ok) {
      static const unsigned kMin[] = {0, 0, 0x80, 0x800, 0x10000};
      ok = cp >= kMin[len] && cp <= 0x10FFFF &&
           !(cp >= 0xD800 && cp <= 0xDFFF) && cp != 0xFFFE && cp != 0xFFFF;
    }
    if (ok) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += kReplacement;
      ++i;
    }
  }
  return out;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (int k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

// ---- Languages ----

// Fence language (lowercase) -> .lang file. Where source-highlight has no
// definition the nearest one is used: typescript -> javascript, yaml and
// nginx -> conf (comments, strings, numbers, $variables), toml -> desktop
// (the ini definition), dockerfile -> sh.
const std::map<std::string_view, std::string_view>& Languages() {
  static const auto* languages =
      new std::map<std::string_view, std::string_view>{
          {"c", "c.lang"},
          {"h", "c.lang"},
          {"cpp", "cpp.lang"},
          {"c++", "cpp.lang"},
          {"cc", "cpp.lang"},
          {"cxx", "cpp.lang"},
          {"hpp", "cpp.lang"},
          {"cuda", "cpp.lang"},
          {"objc", "cpp.lang"},
          {"python", "python.lang"},
          {"py", "python.lang"},
          {"python3", "python.lang"},
          {"py3", "python.lang"},
          {"javascript", "javascript.lang"},
          {"js", "javascript.lang"},
          {"jsx", "javascript.lang"},
          {"mjs", "javascript.lang"},
          {"node", "javascript.lang"},
          {"typescript", "javascript.lang"},
          {"ts", "javascript.lang"},
          {"tsx", "javascript.lang"},
          {"go", "go.lang"},
          {"golang", "go.lang"},
          {"rust", "rust.lang"},
          {"rs", "rust.lang"},
          {"java", "java.lang"},
          {"sql", "sql.lang"},
          {"mysql", "sql.lang"},
          {"postgresql", "sql.lang"},
          {"postgres", "sql.lang"},
          {"sqlite", "sql.lang"},
          {"plsql", "sql.lang"},
          {"bash", "sh.lang"},
          {"sh", "sh.lang"},
          {"shell", "sh.lang"},
          {"shellscript", "sh.lang"},
          {"ksh", "sh.lang"},
          {"zsh", "zsh.lang"},
          {"yaml", "conf.lang"},
          {"yml", "conf.lang"},
          {"json", "json.lang"},
          {"jsonc", "json.lang"},
          {"toml", "desktop.lang"},
          {"ini", "desktop.lang"},
          {"cfg", "desktop.lang"},
          {"desktop", "desktop.lang"},
          {"systemd", "desktop.lang"},
          {"conf", "conf.lang"},
          {"properties", "properties.lang"},
          {"dockerfile", "sh.lang"},
          {"docker", "sh.lang"},
          {"nginx", "conf.lang"},
          {"html", "html.lang"},
          {"htm", "html.lang"},
          {"xhtml", "xml.lang"},
          {"xml", "xml.lang"},
          {"svg", "xml.lang"},
          {"css", "css.lang"},
          {"scss", "css.lang"},
          {"less", "css.lang"},
          {"php", "php.lang"},
          {"ruby", "ruby.lang"},
          {"rb", "ruby.lang"},
          {"perl", "perl.lang"},
          {"pl", "perl.lang"},
          {"lua", "lua.lang"},
          {"csharp", "csharp.lang"},
          {"cs", "csharp.lang"},
          {"c#", "csharp.lang"},
          {"scala", "scala.lang"},
          {"haskell", "haskell.lang"},
          {"hs", "haskell.lang"},
          {"makefile", "makefile.lang"},
          {"make", "makefile.lang"},
          {"latex", "latex.lang"},
          {"tex", "latex.lang"},
          {"r", "r.lang"},
          {"proto", "proto.lang"},
          {"protobuf", "proto.lang"},
          {"vim", "vim.lang"},
          {"lisp", "lisp.lang"},
          {"elisp", "lisp.lang"},
          {"scheme", "scheme.lang"},
          {"erlang", "erlang.lang"},
          {"ocaml", "caml.lang"},
          {"d", "d.lang"},
          {"fortran", "fortran.lang"},
          {"pascal", "pascal.lang"},
          {"tcl", "tcl.lang"},
          {"awk", "awk.lang"},
          {"groovy", "groovy.lang"},
          {"asm", "asm.lang"},
          {"bat", "bat.lang"},
          {"batch", "bat.lang"},
          {"m4", "m4.lang"},
          {"diff", "diff"},
          {"patch", "diff"},
          {"udiff", "diff"},
          {"console", "console"},
          {"shell-session", "console"},
          {"shellsession", "console"},
          {"sh-session", "console"},
          {"terminal", "console"},
      };
  return *languages;
}

// Loaded languages, shared by all threads. Loading (the .lang parser has
// global state, LangDefManager a cache) is serialized; a HighlightState is
// only read once built. A language that failed to load is remembered as
// null and not retried.
class LanguageCache {
 public:
  srchilite::HighlightStatePtr Get(const std::string& dir,
                                   const std::string& file) {
    std::lock_guard<std::mutex> lock(mu_);
    auto key = std::make_pair(dir, file);
    auto it = states_.find(key);
    if (it != states_.end()) return it->second;
    srchilite::HighlightStatePtr state;
    try {
      state = manager_.getHighlightState(dir, file);
    } catch (...) {
      state.reset();  // missing or broken: the block is plain
    }
    states_[key] = state;
    return state;
  }

  // Whether dir holds Source-highlight's files (asked once per folder).
  bool Installed(const std::string& dir) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = installed_.find(dir);
    if (it == installed_.end()) {
      std::error_code ec;
      bool found = std::filesystem::is_regular_file(
          std::filesystem::path(dir) / "lang.map", ec);
      it = installed_.emplace(dir, found).first;
    }
    return it->second;
  }

 private:
  std::mutex mu_;
  srchilite::RegexRuleFactory factory_;           // guarded by mu_
  srchilite::LangDefManager manager_{&factory_};  // guarded by mu_
  std::map<std::pair<std::string, std::string>, srchilite::HighlightStatePtr>
      states_;                             // guarded by mu_
  std::map<std::string, bool> installed_;  // guarded by mu_
};

LanguageCache& Cache() {
  static auto* cache = new LanguageCache;  // never destroyed: threads
  return *cache;
}

// ---- Formatting ----

// Writes each token source-highlight reports into *out, escaped, in a span
// of its class (none for plain text).
class SpanFormatter : public srchilite::Formatter {
 public:
  // Where the tokens go; reset by Start for each block.
  struct Sink {
    std::string* out = nullptr;
    const char* last_class = nullptr;  // the span that ends at last_end
    size_t last_end = 0;
    void Start(std::string* o) {
      out = o;
      last_class = nullptr;
    }
  };
  SpanFormatter(Sink* sink, const char* css_class)
      : sink_(sink), class_(css_class) {}
  void format(const std::string& s,
              const srchilite::FormatterParams*) override {
    if (s.empty()) return;
    std::string* out = sink_->out;
    if (class_ == nullptr) {
      AppendEscaped(out, s);
      return;
    }
    // A token right after one of the same class joins its span (JSON's
    // key and its quotes are three elements of one class).
    if (sink_->last_class == class_ && sink_->last_end == out->size()) {
      out->resize(out->size() - kClose.size());
    } else {
      *out += "<span class=\"";
      *out += class_;
      *out += "\">";
    }
    AppendEscaped(out, s);
    *out += kClose;
    sink_->last_class = class_;
    sink_->last_end = out->size();
  }

 private:
  static constexpr std::string_view kClose = "</span>";
  Sink* sink_;
  const char* class_;
};

// Element names of the .lang files -> our classes; the rest is plain.
const std::pair<const char*, const char*> kElementClasses[] = {
    {"keyword", "hl-keyword"},    {"preproc", "hl-keyword"},
    {"selector", "hl-keyword"},   {"section", "hl-keyword"},
    {"string", "hl-string"},      {"regexp", "hl-string"},
    {"specialchar", "hl-string"}, {"value", "hl-string"},
    {"valquote", "hl-string"},    {"url", "hl-string"},
    {"comment", "hl-comment"},    {"todo", "hl-comment"},
    {"number", "hl-number"},      {"type", "hl-type"},
    {"usertype", "hl-type"},      {"classname", "hl-type"},
    {"property", "hl-type"},      {"key", "hl-type"},
    {"keyquote", "hl-type"},      {"label", "hl-type"},
    {"function", "hl-function"},  {"predef_func", "hl-function"},
    {"variable", "hl-variable"},  {"predef_var", "hl-variable"},
};

// One per thread: the FormatterManager caches lookups (not thread-safe),
// and building it per block would cost more than a short block.
struct Formatters {
  SpanFormatter::Sink sink;
  srchilite::FormatterManager manager{
      boost::make_shared<SpanFormatter>(&sink, nullptr)};
  Formatters() {
    for (const auto& [element, css_class] : kElementClasses) {
      manager.addFormatter(element,
                           boost::make_shared<SpanFormatter>(&sink, css_class));
    }
  }
};

Formatters& ThreadFormatters() {
  static thread_local Formatters formatters;
  return formatters;
}

// One line of the block, with its line-level classes.
struct LineWriter {
  const CodeBlockInfo& info;
  std::string* out;
  bool wrap;  // every line in an hl-line span
  int index = 0;

  // Opens the line; returns whether a span was opened.
  bool Open(const char* extra_class) {
    ++index;
    bool mark = info.highlighted_lines.count(index) > 0;
    if (!wrap && extra_class == nullptr) return false;
    *out += "<span class=\"";
    std::string classes;
    if (wrap) classes = "hl-line";
    if (mark) classes += " hl-mark";
    if (extra_class != nullptr) {
      if (!classes.empty()) classes += ' ';
      classes += extra_class;
    }
    *out += classes;
    *out += "\">";
    if (info.line_numbers) {
      *out += "<span class=\"hl-ln\">";
      *out += std::to_string(info.first_line + index - 1);
      *out += "</span>";
    }
    return true;
  }
  void Close(bool opened) { *out += opened ? "\n</span>" : "\n"; }
};

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return lines;
}

void ResetHighlighter(srchilite::SourceHighlighter* h) {
  h->clearStateStack();
  h->setCurrentState(h->getMainState());
}

// The lines, each highlighted with `state` (null: plain). Throws what
// source-highlight throws (boost::regex gives up on some inputs).
void WriteHighlighted(srchilite::HighlightStatePtr state,
                      const std::vector<std::string_view>& lines,
                      LineWriter* writer) {
  if (!state) {
    for (std::string_view line : lines) {
      bool opened = writer->Open(nullptr);
      AppendEscaped(writer->out, line);
      writer->Close(opened);
    }
    return;
  }
  Formatters& formatters = ThreadFormatters();
  formatters.sink.Start(writer->out);
  srchilite::SourceHighlighter highlighter(state);
  highlighter.setFormatterManager(&formatters.manager);
  highlighter.setOptimize(true);
  srchilite::FormatterParams params;
  highlighter.setFormatterParams(&params);
  std::string line_buffer;
  for (std::string_view line : lines) {
    bool opened = writer->Open(nullptr);
    if (line.size() > kMaxLineBytes) {
      AppendEscaped(writer->out, line);
      ResetHighlighter(&highlighter);
    } else {
      line_buffer.assign(line);
      highlighter.highlightParagraph(line_buffer);
    }
    writer->Close(opened);
  }
}

void WriteDiff(const std::vector<std::string_view>& lines, LineWriter* writer) {
  for (std::string_view line : lines) {
    const char* css_class = nullptr;
    if (line.starts_with("+++") || line.starts_with("---") ||
        line.starts_with("@@") || line.starts_with("diff ") ||
        line.starts_with("index ")) {
      css_class = "hl-meta";
    } else if (line.starts_with("+") || line.starts_with(">")) {
      css_class = "hl-added";
    } else if (line.starts_with("-") || line.starts_with("<")) {
      css_class = "hl-removed";
    }
    bool opened = writer->Open(css_class);
    AppendEscaped(writer->out, line);
    writer->Close(opened);
  }
}

// ---- KSyntaxHighlighting (levelpress-highlight.so) ----

// Fence language (lowercase) -> KSyntaxHighlighting definition. These are
// highlighted by the module when it is loaded; the others, and all of
// them without the module, by Source-highlight.
const std::map<std::string_view, const char*>& KsyntaxNames() {
  static const auto* names = new std::map<std::string_view, const char*>{
      {"c", "C"},
      {"h", "C"},
      {"cpp", "C++"},
      {"c++", "C++"},
      {"cc", "C++"},
      {"cxx", "C++"},
      {"hpp", "C++"},
      {"python", "Python"},
      {"py", "Python"},
      {"python3", "Python"},
      {"py3", "Python"},
      {"javascript", "JavaScript"},
      {"js", "JavaScript"},
      {"mjs", "JavaScript"},
      {"node", "JavaScript"},
      {"jsx", "JavaScript React (JSX)"},
      {"typescript", "TypeScript"},
      {"ts", "TypeScript"},
      {"tsx", "TypeScript React (TSX)"},
      {"go", "Go"},
      {"golang", "Go"},
      {"rust", "Rust"},
      {"rs", "Rust"},
      {"java", "Java"},
      {"sql", "SQL"},
      {"plsql", "SQL"},
      {"sqlite", "SQL"},
      {"mysql", "SQL (MySQL)"},
      {"postgresql", "SQL (PostgreSQL)"},
      {"postgres", "SQL (PostgreSQL)"},
      {"bash", "Bash"},
      {"sh", "Bash"},
      {"shell", "Bash"},
      {"shellscript", "Bash"},
      {"ksh", "Bash"},
      {"zsh", "Zsh"},
      {"yaml", "YAML"},
      {"yml", "YAML"},
      {"json", "JSON"},
      {"jsonc", "JSON"},
      {"toml", "TOML"},
      {"ini", "INI Files"},
      {"cfg", "INI Files"},
      {"systemd", "INI Files"},
      {"dockerfile", "Dockerfile"},
      {"docker", "Dockerfile"},
      {"html", "HTML"},
      {"htm", "HTML"},
      {"xhtml", "XML"},
      {"xml", "XML"},
      {"svg", "XML"},
      {"css", "CSS"},
      {"scss", "SCSS"},
      {"ruby", "Ruby"},
      {"rb", "Ruby"},
      {"perl", "Perl"},
      {"pl", "Perl"},
      {"lua", "Lua"},
      {"csharp", "C#"},
      {"cs", "C#"},
      {"c#", "C#"},
      {"scala", "Scala"},
      {"haskell", "Haskell"},
      {"hs", "Haskell"},
      {"makefile", "Makefile"},
      {"make", "Makefile"},
      {"latex", "LaTeX"},
      {"tex", "LaTeX"},
      {"proto", "Protobuf"},
      {"protobuf", "Protobuf"},
  };
  return *names;
}

// The module and the definition for a fence language, or null.
const char* KsyntaxName(const std::string& language,
                        const HighlightModule** module) {
  const auto& names = KsyntaxNames();
  auto it = names.find(language);
  if (it == names.end()) return nullptr;
  *module = LoadedHighlightModule();
  if (*module == nullptr || !(*module)->has_definition(it->second))
    return nullptr;
  return it->second;
}

const char* const kRunClasses[] = {
    nullptr,     "hl-keyword", "hl-string",   "hl-comment",
    "hl-number", "hl-type",    "hl-function", "hl-variable",
};

struct Run {
  size_t line, begin, end;
  int kind;
};

void CollectRun(void* context, size_t line, size_t begin, size_t end,
                int kind) {
  if (kind <= LP_HL_PLAIN || kind > LP_HL_VARIABLE) return;
  static_cast<std::vector<Run>*>(context)->push_back({line, begin, end, kind});
}

// Line `index` of the runs (from *next on, which it advances), escaped,
// each run in a span of its class; a run right after one of the same class
// joins its span.
void WriteRuns(std::string_view line, size_t index,
               const std::vector<Run>& runs, size_t* next, std::string* out) {
  static constexpr std::string_view kClose = "</span>";
  size_t pos = 0;
  int open_kind = 0;
  size_t open_end = 0;  // out->size() after the last span closed
  for (; *next < runs.size() && runs[*next].line == index; ++*next) {
    const Run& run = runs[*next];
    if (run.begin < pos || run.end > line.size() || run.end <= run.begin)
      continue;
    // Blanks at a run's ends stay outside its span.
    size_t begin = run.begin, end = run.end;
    while (begin < end && (line[begin] == ' ' || line[begin] == '\t')) ++begin;
    while (end > begin && (line[end - 1] == ' ' || line[end - 1] == '\t'))
      --end;
    if (begin == end) continue;
    if (begin > pos) {
      AppendEscaped(out, line.substr(pos, begin - pos));
      open_kind = 0;
    }
    if (open_kind == run.kind && open_end == out->size()) {
      out->resize(out->size() - kClose.size());
    } else {
      *out += "<span class=\"";
      *out += kRunClasses[run.kind];
      *out += "\">";
    }
    AppendEscaped(out, line.substr(begin, end - begin));
    *out += kClose;
    open_kind = run.kind;
    open_end = out->size();
    pos = end;
  }
  AppendEscaped(out, line.substr(pos));
}

// The lines highlighted by the module; false (nothing written) if it failed.
bool WriteKsyntax(const HighlightModule& module, const char* name,
                  std::string_view text,
                  const std::vector<std::string_view>& lines,
                  LineWriter* writer) {
  std::vector<Run> runs;
  runs.reserve(lines.size() * 4);
  if (module.highlight(name, text.data(), text.size(), kMaxLineBytes, &runs,
                       CollectRun) != LP_HL_OK) {
    return false;
  }
  size_t next = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    bool opened = writer->Open(nullptr);
    WriteRuns(lines[i], i, runs, &next, writer->out);
    writer->Close(opened);
  }
  return true;
}

// A console command, as shell; false (nothing written) if it failed.
bool WriteKsyntaxCommand(std::string_view command, std::string* out) {
  const HighlightModule* module = nullptr;
  const char* name = KsyntaxName("bash", &module);
  if (name == nullptr) return false;
  std::vector<Run> runs;
  if (module->highlight(name, command.data(), command.size(), kMaxLineBytes,
                        &runs, CollectRun) != LP_HL_OK) {
    return false;
  }
  size_t next = 0;
  WriteRuns(command, 0, runs, &next, out);
  return true;
}

// Prompt lines ("$ ", "# ", or a bare "$"/"#") get the prompt set apart
// and the command highlighted as shell; other lines are output.
void WriteConsole(srchilite::HighlightStatePtr shell,
                  const std::vector<std::string_view>& lines,
                  LineWriter* writer) {
  for (std::string_view line : lines) {
    size_t prompt = 0;
    if (line == "$" || line == "#") {
      prompt = 1;
    } else if (line.starts_with("$ ") || line.starts_with("# ")) {
      prompt = 2;
    }
    if (prompt == 0) {
      bool opened = writer->Open("hl-output");
      AppendEscaped(writer->out, line);
      writer->Close(opened);
      continue;
    }
    // The command after the prompt, on a line of its own.
    std::string* out = writer->out;
    bool opened = writer->Open(nullptr);
    *out += "<span class=\"hl-prompt\">";
    AppendEscaped(out, line.substr(0, prompt));
    *out += "</span>";
    std::string_view command = line.substr(prompt);
    if (command.size() <= kMaxLineBytes && shell &&
        WriteKsyntaxCommand(command, out)) {
      // done by the module
    } else if (shell && command.size() <= kMaxLineBytes) {
      Formatters& formatters = ThreadFormatters();
      formatters.sink.Start(out);
      srchilite::SourceHighlighter highlighter(shell);
      highlighter.setFormatterManager(&formatters.manager);
      highlighter.setOptimize(true);
      srchilite::FormatterParams params;
      highlighter.setFormatterParams(&params);
      highlighter.highlightParagraph(std::string(command));
    } else {
      AppendEscaped(out, command);
    }
    writer->Close(opened);
  }
}

// The code's class attribute value: "language-" + the language with only
// [a-z0-9+#._-] kept.
std::string LanguageClass(const std::string& language) {
  std::string out = "language-";
  for (char c : language) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
        c == '#' || c == '.' || c == '_' || c == '-') {
      out += c;
    }
  }
  return out;
}

// ---- Info strings ----

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool ParseInt(std::string_view s, int* value) {
  s = Trim(s);
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *value);
  return ec == std::errc() && ptr == s.data() + s.size();
}

// "3", "5-7", as list items or space/comma separated in a string.
void ParseLines(std::string_view value, std::set<int>* lines) {
  std::string items;
  for (char c : value) {
    items +=
        (c == '[' || c == ']' || c == '"' || c == '\'' || c == ',') ? ' ' : c;
  }
  std::string_view rest = items;
  while (true) {
    rest = Trim(rest);
    if (rest.empty()) break;
    size_t end = 0;
    while (end < rest.size() && !IsSpace(rest[end])) ++end;
    std::string_view item = rest.substr(0, end);
    rest.remove_prefix(end);
    int first = 0, last = 0;
    size_t dash = item.find('-', 1);
    if (dash == std::string_view::npos) {
      if (!ParseInt(item, &first)) continue;
      last = first;
    } else if (!ParseInt(item.substr(0, dash), &first) ||
               !ParseInt(item.substr(dash + 1), &last)) {
      continue;
    }
    if (first < 1 || last < first) continue;
    // Capped, all ranges together, so "1-999999999" (or a thousand
    // ranges of 100,000 lines) cannot fill memory: no block that is
    // highlighted (at most 256 KiB) has more lines.
    constexpr size_t kMaxMarked = 256 * 1024;
    for (int i = first; i <= last && lines->size() < kMaxMarked; ++i)
      lines->insert(i);
  }
}

}  // namespace

CodeBlockInfo ParseInfoString(std::string_view info) {
  CodeBlockInfo result;
  info = Trim(info);
  size_t end = 0;
  while (end < info.size() && !IsSpace(info[end]) && info[end] != '{') ++end;
  result.language = AsciiLower(info.substr(0, end));
  std::string_view rest = info.substr(end);
  size_t open = rest.find('{');
  if (open == std::string_view::npos) return result;
  size_t close = rest.rfind('}');
  std::string_view options = rest.substr(
      open + 1,
      (close == std::string_view::npos || close < open ? rest.size() : close) -
          open - 1);
  // key=value pairs, separated by spaces or commas; a value may be a
  // quoted string or a [list] holding commas.
  size_t i = 0;
  while (i < options.size()) {
    while (i < options.size() && (IsSpace(options[i]) || options[i] == ','))
      ++i;
    size_t key_start = i;
    while (i < options.size() && options[i] != '=' && !IsSpace(options[i]) &&
           options[i] != ',')
      ++i;
    std::string key = AsciiLower(options.substr(key_start, i - key_start));
    std::string_view value;
    if (i < options.size() && options[i] == '=') {
      ++i;
      size_t value_start = i;
      if (i < options.size() && options[i] == '[') {
        size_t close_bracket = options.find(']', i);
        i = close_bracket == std::string_view::npos ? options.size()
                                                    : close_bracket + 1;
      } else if (i < options.size() &&
                 (options[i] == '"' || options[i] == '\'')) {
        size_t close_quote = options.find(options[i], i + 1);
        i = close_quote == std::string_view::npos ? options.size()
                                                  : close_quote + 1;
      } else {
        while (i < options.size() && !IsSpace(options[i]) && options[i] != ',')
          ++i;
      }
      value = options.substr(value_start, i - value_start);
    }
    if (key.empty()) {
      if (i < options.size()) ++i;  // a stray '=': skip it
      continue;
    }
    std::string v = AsciiLower(value);
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') &&
        v.back() == v.front()) {
      v = v.substr(1, v.size() - 2);
    }
    if (key == "linenos") {
      result.line_numbers = value.empty() || v == "true" || v == "table" ||
                            v == "inline" || v == "1" || v == "yes";
    } else if (key == "hl_lines") {
      ParseLines(value, &result.highlighted_lines);
    } else if (key == "linenostart") {
      int start = 0;
      if (ParseInt(v, &start) && start >= 0 && start < 1000000000) {
        result.first_line = start;
      }
    }
  }
  return result;
}

std::string LanguageDefinition(std::string_view language) {
  const auto& languages = Languages();
  auto it = languages.find(AsciiLower(language));
  return it == languages.end() ? std::string() : std::string(it->second);
}

std::string HighlightedCodeBlock(const CodeBlockInfo& info,
                                 std::string_view code) {
  return HighlightedCodeBlock(info, code, std::string());
}

void ReleaseHighlighterThreadState() {
  if (const HighlightModule* module = HighlightModuleIfLoaded())
    module->release_thread();
}

bool HighlightLanguagesInstalled(const std::string& data_dir) {
  std::error_code ec;
  return std::filesystem::is_regular_file(
      std::filesystem::path(DataDir(data_dir)) / "lang.map", ec);
}

std::string HighlightedCodeBlock(const CodeBlockInfo& info,
                                 std::string_view code,
                                 const std::string& data_dir_setting) {
  const std::string& data_dir = DataDir(data_dir_setting);
  std::string text = CleanText(code);
  std::vector<std::string_view> lines = SplitLines(text);
  std::string definition = LanguageDefinition(info.language);
  if (text.size() > kMaxBlockBytes) definition.clear();
  srchilite::HighlightStatePtr state;
  const HighlightModule* module = nullptr;
  const char* ksyntax = nullptr;  // the module's definition, if it has one
  if (definition == "console") {
    state = Cache().Get(data_dir, "sh.lang");
  } else if (!definition.empty() && definition != "diff") {
    // highlight_dir stays the switch: without its files, code is plain.
    if (Cache().Installed(data_dir))
      ksyntax = KsyntaxName(info.language, &module);
    if (ksyntax == nullptr) state = Cache().Get(data_dir, definition);
  }
  bool wrap = info.line_numbers || !info.highlighted_lines.empty();
  bool highlighted = state || ksyntax != nullptr || definition == "diff" ||
                     definition == "console";

  std::string head =
      highlighted || wrap ? "<pre class=\"hl\"><code" : "<pre><code";
  if (!info.language.empty()) {
    head += " class=\"";
    head += LanguageClass(info.language);
    head += '"';
  }
  head += '>';
  std::string body;
  body.reserve(text.size() * 2 + 64);
  LineWriter writer{info, &body, wrap};
  try {
    if (definition == "diff" && highlighted) {
      WriteDiff(lines, &writer);
    } else if (definition == "console") {
      WriteConsole(state, lines, &writer);
    } else if (ksyntax != nullptr) {
      if (!WriteKsyntax(*module, ksyntax, text, lines, &writer)) {
        body.clear();
        writer.index = 0;
        WriteHighlighted(Cache().Get(data_dir, definition), lines, &writer);
      }
    } else {
      WriteHighlighted(state, lines, &writer);
    }
  } catch (...) {
    body.clear();
  }
  // A token boundary inside a UTF-8 sequence would split it with a tag.
  if (body.empty() != lines.empty() || !IsValidUtf8(body)) {
    body.clear();
    LineWriter plain{info, &body, wrap};
    WriteHighlighted(nullptr, lines, &plain);
  }
  return head + body + "</code></pre>\n";
}

}  // namespace levelpress
