// levelpress-highlight.so: code highlighting with KDE's KSyntaxHighlighting
// behind the C interface of highlight_abi.h. Built as a module (CMake
// MODULE library) that links KF5SyntaxHighlighting and Qt 5; the levelpress
// binary loads it with dlopen (highlight_module_loader.cc), so the binary
// itself stays free of shared C++ libraries.
//
// A Repository and its Definitions are not thread-safe (a definition
// loads its rules on first use), so every thread has its own; a thread
// builds it on its first block (about 10-20 ms: the definitions' headers).
#include <KSyntaxHighlighting/AbstractHighlighter>
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Format>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/State>
#include <KSyntaxHighlighting/Theme>
#include <QString>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "../highlight_abi.h"

namespace {

namespace ksh = KSyntaxHighlighting;

int KindOf(ksh::Theme::TextStyle style) {
  using S = ksh::Theme;
  switch (style) {
    case S::Keyword:
    case S::ControlFlow:
    case S::Preprocessor:
    case S::Import:
      return LP_HL_KEYWORD;
    case S::Char:
    case S::SpecialChar:
    case S::String:
    case S::VerbatimString:
    case S::SpecialString:
      return LP_HL_STRING;
    case S::Comment:
    case S::Documentation:
    case S::Annotation:
    case S::CommentVar:
    case S::RegionMarker:
    case S::Information:
    case S::Warning:
    case S::Alert:
      return LP_HL_COMMENT;
    case S::DecVal:
    case S::BaseN:
    case S::Float:
    case S::Constant:
      return LP_HL_NUMBER;
    case S::DataType:
    case S::Attribute:
    case S::Extension:
      return LP_HL_TYPE;
    case S::Function:
    case S::BuiltIn:
      return LP_HL_FUNCTION;
    case S::Variable:
      return LP_HL_VARIABLE;
    default:
      return LP_HL_PLAIN;
  }
}

// Where a definition's own style would not match the theme's meaning of
// the classes (highlight.h): keys are hl-type as in JSON and ini, CSS
// selectors hl-keyword and properties hl-type (as Source-highlight's
// definitions do), punctuation, shell options and paths plain.
struct Override {
  const char* definition;
  const char* format;
  int kind;
};
const Override kOverrides[] = {
    {"YAML", "Key", LP_HL_TYPE},
    {"YAML", "Key Points Operator", LP_HL_PLAIN},
    {"YAML", "Operator", LP_HL_PLAIN},
    {"YAML", "Boolean", LP_HL_NUMBER},
    {"YAML", "Null", LP_HL_NUMBER},
    {"JSON", "Style_Seperator_Pair", LP_HL_PLAIN},
    {"JSON", "Style_Seperator_Array", LP_HL_PLAIN},
    {"TOML", "TableHeader", LP_HL_KEYWORD},
    {"CSS", "Property", LP_HL_TYPE},
    {"CSS", "Selector Tag", LP_HL_KEYWORD},
    {"CSS", "Selector Class", LP_HL_KEYWORD},
    {"CSS", "Selector Id", LP_HL_KEYWORD},
    {"CSS", "Selector Pseudo", LP_HL_KEYWORD},
    {"Bash", "Option", LP_HL_PLAIN},
    {"Bash", "Path", LP_HL_PLAIN},
    {"Zsh", "Option", LP_HL_PLAIN},
    {"Zsh", "Path", LP_HL_PLAIN},
};

// The kind of each format of one definition, by format id, worked out on
// first sight (a format's name is a QString; comparing it per run would
// cost more than the highlighting).
class Kinds {
 public:
  explicit Kinds(QString definition) : definition_(std::move(definition)) {}
  int Of(const ksh::Format& format) {
    size_t id = format.id();
    if (id >= kinds_.size()) kinds_.resize(id + 1, -1);
    if (kinds_[id] < 0) kinds_[id] = static_cast<signed char>(Compute(format));
    return kinds_[id];
  }

 private:
  int Compute(const ksh::Format& format) const {
    for (const Override& o : kOverrides) {
      if (definition_ == QLatin1String(o.definition) &&
          format.name() == QLatin1String(o.format))
        return o.kind;
    }
    return KindOf(format.textStyle());
  }
  QString definition_;
  std::vector<signed char> kinds_;
};

// Reports the runs of one line, in bytes.
class RunHighlighter : public ksh::AbstractHighlighter {
 public:
  void Line(const QString& line, std::string_view bytes, size_t index,
            Kinds* kinds, void* context, lp_hl_on_run on_run) {
    kinds_ = kinds;
    // UTF-16 offset -> byte offset (the text is valid UTF-8).
    offsets_.clear();
    for (size_t i = 0; i < bytes.size(); ++i) {
      unsigned char c = bytes[i];
      if ((c & 0xC0) == 0x80) continue;
      offsets_.push_back(i);
      if (c >= 0xF0) offsets_.push_back(i);  // a surrogate pair
    }
    offsets_.push_back(bytes.size());
    index_ = index;
    context_ = context;
    on_run_ = on_run;
    last_end_ = 0;
    state_ = highlightLine(line, state_);
  }
  void Reset() { state_ = ksh::State(); }

 protected:
  void applyFormat(int offset, int length, const ksh::Format& format) override {
    if (length <= 0 || offset < 0) return;
    int kind = kinds_->Of(format);
    if (kind == LP_HL_PLAIN) return;
    size_t begin = static_cast<size_t>(offset);
    size_t end = begin + static_cast<size_t>(length);
    if (end >= offsets_.size()) return;  // cannot happen; be safe
    size_t b = offsets_[begin], e = offsets_[end];
    if (b < last_end_ || e <= b) return;  // runs must go forward
    last_end_ = e;
    on_run_(context_, index_, b, e, kind);
  }

 private:
  ksh::State state_;
  Kinds* kinds_ = nullptr;
  std::vector<size_t> offsets_;
  size_t index_ = 0;
  void* context_ = nullptr;
  lp_hl_on_run on_run_ = nullptr;
  size_t last_end_ = 0;
};

struct Language {
  ksh::Definition definition;
  Kinds kinds;
};

struct ThreadState {
  ksh::Repository repository;
  std::map<std::string, Language, std::less<>> languages;
  RunHighlighter highlighter;

  // Its definition is invalid when there is none of that name.
  Language& Find(const char* name) {
    auto it = languages.find(std::string_view(name));
    if (it == languages.end()) {
      QString qname = QString::fromUtf8(name);
      it = languages
               .emplace(name, Language{repository.definitionForName(qname),
                                       Kinds(qname)})
               .first;
    }
    return it->second;
  }
};

// Made on a thread's first block, freed by lp_hl_release_thread or when
// the thread ends.
thread_local std::unique_ptr<ThreadState> thread_state;

ThreadState& Thread() {
  if (!thread_state) thread_state = std::make_unique<ThreadState>();
  return *thread_state;
}

}  // namespace

extern "C" {

LP_HL_API int lp_hl_abi_version(void) { return LP_HL_ABI_VERSION; }

LP_HL_API void lp_hl_release_thread(void) { thread_state.reset(); }

LP_HL_API int lp_hl_has_definition(const char* name) {
  try {
    return Thread().Find(name).definition.isValid() ? 1 : 0;
  } catch (...) {
    return 0;
  }
}

LP_HL_API int lp_hl_highlight(const char* name, const char* text, size_t size,
                              size_t max_line_bytes, void* context,
                              lp_hl_on_run on_run) {
  try {
    ThreadState& t = Thread();
    Language& language = t.Find(name);
    if (!language.definition.isValid()) return LP_HL_UNKNOWN;
    t.highlighter.setDefinition(language.definition);
    t.highlighter.Reset();
    std::string_view all(text, size);
    size_t pos = 0, index = 0;
    while (pos < all.size()) {
      size_t end = all.find('\n', pos);
      if (end == std::string_view::npos) end = all.size();
      std::string_view line = all.substr(pos, end - pos);
      if (line.size() <= max_line_bytes) {
        t.highlighter.Line(
            QString::fromUtf8(line.data(), static_cast<int>(line.size())), line,
            index, &language.kinds, context, on_run);
      }
      pos = end + 1;
      ++index;
    }
    return LP_HL_OK;
  } catch (...) {
    return LP_HL_ERROR;
  }
}

}  // extern "C"
