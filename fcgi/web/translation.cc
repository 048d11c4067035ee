#include "translation.h"

#include <sys/stat.h>
#include <unicode/locid.h>
#include <unicode/messagepattern.h>
#include <unicode/msgfmt.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unordered_map>

#include "html_text.h"
#include "settings.h"

namespace levelpress {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxFileBytes = 1 << 20;

// The messages the pages format, and the arguments each may use. Words
// the templates show ({{T_KEY}}) are found in the templates themselves.
struct MessageSpec {
  const char* key;
  std::vector<std::string_view> args;
};
const MessageSpec kMessages[] = {
    {"read_post", {"title"}},
    {"page_of", {"page", "count"}},
    {"page_number", {"page"}},
    {"posts_on_tag", {"tag"}},
    {"posts_by_author", {"author"}},
    {"scheduled", {}},
    {"author_description", {"author", "blog"}},
    {"tag_description", {"tag", "blog", "count"}},
    {"reading_time", {"minutes"}},
    {"draft_status", {}},
    {"scheduled_status", {}},
    {"expired_status", {}},
    {"author_post_count", {"count"}},
    {"not_found_title", {}},
    {"not_found_text", {"path"}},
    {"error_400", {}},
    {"error_404", {}},
    {"error_405", {}},
    {"error_414", {}},
    {"error_500", {}},
    {"error_503", {}},
    {"error_other", {}},
    {"error_method_text", {}},
    {"error_too_long_text", {}},
    {"error_malformed_text", {}},
    {"error_internal_text", {}},
    {"search_results_for", {"query"}},
    {"search_count", {"count"}},
};
const char* const kListPatterns[] = {"list_two", "list_middle", "list_end"};

icu::UnicodeString Utf16(std::string_view s) {
  return icu::UnicodeString::fromUTF8(
      icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

std::string Utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

bool IsUtf8(std::string_view s) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t length = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) return false;
  }
  return true;
}

// One `key: "text"` of a translation file.
struct Entry {
  std::string key, value;
  int line = 0;
  bool scalar = true;  // false: the value is a list or a map
};

// The common case read directly: lines of `key: "text"` (text without a
// backslash or a double quote), comments and blank lines; false for anything
// else, which yaml-cpp reads. yaml-cpp takes ~3M instructions (~0.7 ms) for the
// 60 lines of a translation, a third of a plain CGI request, which reads it
// every time.
bool ReadPlainLines(std::string_view text, std::vector<Entry>* entries) {
  int line = 0;
  while (!text.empty()) {
    ++line;
    size_t eol = text.find('\n');
    std::string_view l = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    size_t first = l.find_first_not_of(' ');
    if (first == std::string_view::npos || l[first] == '#') continue;
    if (first != 0) return false;
    bool quoted = l[0] == '"';
    size_t key_end = l.find_first_not_of(
        "abcdefghijklmnopqrstuvwxyz0123456789_", quoted ? 1 : 0);
    if (key_end == std::string_view::npos || key_end == (quoted ? 1u : 0u)) {
      return false;
    }
    Entry e;
    e.line = line;
    e.key = std::string(l.substr(quoted ? 1 : 0, key_end - (quoted ? 1 : 0)));
    if (quoted) {
      if (l[key_end] != '"') return false;
      ++key_end;
    }
    if (l.substr(key_end, 3) != ": \"") return false;
    size_t close = l.find_first_of("\"\\", key_end + 3);
    if (close == std::string_view::npos || l[close] != '"') return false;
    e.value = std::string(l.substr(key_end + 3, close - key_end - 3));
    std::string_view rest = l.substr(close + 1);
    size_t more = rest.find_first_not_of(' ');
    if (more != std::string_view::npos && !(rest[more] == '#' && more > 0)) {
      return false;
    }
    entries->push_back(std::move(e));
  }
  return true;
}

// Any other YAML file of `key: text` pairs.
Status ReadYaml(const std::string& file, const std::string& text,
                std::vector<Entry>* entries) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(
        file + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  if (!root.IsMap() && !root.IsNull()) {
    return Status::InvalidArgument(
        file + ": a translation is a map of `key: \"text\"` lines");
  }
  for (const auto& kv : root) {
    Entry e;
    e.line = kv.first.Mark().line + 1;
    e.key = kv.first.IsScalar() ? kv.first.Scalar() : "?";
    e.scalar = kv.first.IsScalar() && kv.second.IsScalar();
    if (e.scalar) e.value = kv.second.Scalar();
    entries->push_back(std::move(e));
  }
  return Status::OK();
}

// The words the templates of dir show as {{T_KEY}}, by key ("authors"),
// each with the first template that uses it.
std::map<std::string, std::string> TemplateWords(const std::string& dir) {
  std::map<std::string, std::string> words;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".tpl") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    for (size_t pos = 0; (pos = text.find("{{T_", pos)) != std::string::npos;
         pos += 4) {
      size_t end = pos + 4;
      while (end < text.size() &&
             ((text[end] >= 'A' && text[end] <= 'Z') ||
              (text[end] >= '0' && text[end] <= '9') || text[end] == '_')) {
        ++end;
      }
      std::string key = text.substr(pos + 4, end - pos - 4);
      std::transform(key.begin(), key.end(), key.begin(),
                     [](char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; });
      if (!key.empty()) words.emplace(key, entry.path().filename().string());
    }
  }
  return words;
}

// The argument types of ICU's MessageFormat ({n, number}, {n, plural, ...}).
constexpr std::string_view kArgTypes[] = {
    "number",   "date",   "time",   "spellout",      "ordinal",
    "duration", "plural", "select", "selectordinal", "choice"};

// Checks a message's pattern: it parses, names only arguments of allowed,
// and only types MessageFormat knows. Returns what is wrong, or "". (ICU's
// MessagePattern parses without locale data: a CGI request checks the
// messages at every start, and building a MessageFormat per message cost
// ~0.1 ms each.)
std::string CheckMessage(const std::string& pattern,
                         const std::vector<std::string_view>& allowed) {
  UErrorCode status = U_ZERO_ERROR;
  UParseError where;
  icu::MessagePattern parts(Utf16(pattern), &where, status);
  if (U_FAILURE(status)) {
    return std::string("not an ICU message pattern (") + u_errorName(status) +
           " at character " + std::to_string(where.offset) + ")";
  }
  for (int i = 0; i < parts.countParts(); ++i) {
    const icu::MessagePattern::Part& part = parts.getPart(i);
    const std::string text = Utf8(parts.getSubstring(part));
    if (part.getType() == UMSGPAT_PART_TYPE_ARG_TYPE &&
        std::find(std::begin(kArgTypes), std::end(kArgTypes), text) ==
            std::end(kArgTypes)) {
      return "{..., " + text +
             "} is not an argument type of ICU's MessageFormat (number, "
             "plural, select, ...)";
    }
    if (part.getType() != UMSGPAT_PART_TYPE_ARG_NAME &&
        part.getType() != UMSGPAT_PART_TYPE_ARG_NUMBER) {
      continue;
    }
    if (std::find(allowed.begin(), allowed.end(), text) == allowed.end()) {
      std::string known;
      for (std::string_view a : allowed) {
        known += (known.empty() ? "{" : ", {") + std::string(a) + "}";
      }
      return "uses {" + text + "}, which this message does not have (" +
             (known.empty() ? "it has no arguments" : "it has " + known) + ")";
    }
  }
  return "";
}

// A pattern of text and plain {name}s, split at the names (odd pieces
// are names); false if it has anything else for ICU to do (apostrophe
// quoting, types, plurals).
bool SplitPlain(const std::string& pattern, std::vector<std::string>* pieces) {
  pieces->assign(1, "");
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\'' || c == '}') return false;
    if (c != '{') {
      pieces->back() += c;
      continue;
    }
    size_t end = pattern.find('}', i);
    if (end == std::string::npos) return false;
    std::string name = pattern.substr(i + 1, end - i - 1);
    if (name.empty() ||
        name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_0123456789") !=
            std::string::npos) {
      return false;
    }
    pieces->push_back(name);
    pieces->push_back("");
    i = end;
  }
  return true;
}

// A list pattern "{0}<separator>{1}": the separator, or false.
bool ListSeparatorOf(const std::string& pattern, std::string* separator) {
  if (pattern.size() < 6 || pattern.compare(0, 3, "{0}") != 0 ||
      pattern.compare(pattern.size() - 3, 3, "{1}") != 0) {
    return false;
  }
  *separator = pattern.substr(3, pattern.size() - 6);
  return separator->find_first_of("{}") == std::string::npos;
}

// Each thread's ICU formatters, by translation and key (ICU's formatters
// are not safe to share between threads). A reload adds a translation;
// the old one's formatters go when the map is full.
icu::MessageFormat* ThreadFormatter(uint64_t id, std::string_view key,
                                    const std::string& pattern,
                                    const std::string& language) {
  constexpr size_t kMaxFormatters = 256;
  thread_local std::unordered_map<std::string,
                                  std::unique_ptr<icu::MessageFormat>>
      formatters;
  std::string cache_key = std::to_string(id) + ":";
  cache_key += key;
  auto it = formatters.find(cache_key);
  if (it != formatters.end()) return it->second.get();
  if (formatters.size() >= kMaxFormatters) formatters.clear();
  UErrorCode status = U_ZERO_ERROR;
  UParseError where;
  auto format = std::make_unique<icu::MessageFormat>(
      Utf16(pattern), icu::Locale::forLanguageTag(language, status), where,
      status);
  if (U_FAILURE(status)) return nullptr;  // checked at load: not reached
  return formatters.emplace(cache_key, std::move(format)).first->second.get();
}

// A plain message's pieces joined with text arguments; false if one it
// names is a number (ICU writes numbers the language's way).
bool JoinPlain(const std::vector<std::string>& pieces,
               std::initializer_list<MessageArg> args, std::string* out) {
  for (size_t i = 0; i < pieces.size(); ++i) {
    if (i % 2 == 0) {
      *out += pieces[i];
      continue;
    }
    const MessageArg* arg = nullptr;
    for (const MessageArg& a : args) {
      if (pieces[i] == a.name) arg = &a;
    }
    if (arg == nullptr) {  // ICU leaves a missing argument as "{name}"
      *out += "{" + pieces[i] + "}";
    } else if (const auto* text = std::get_if<std::string_view>(&arg->value)) {
      *out += *text;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

Translation::~Translation() = default;

Status Translation::Load(const std::string& templates_dir,
                         const std::string& language,
                         std::unique_ptr<Translation>* out) {
  std::error_code ec;
  if (!fs::is_directory(templates_dir, ec)) {
    return Status::NotFound(templates_dir +
                            ": no templates folder (setting templates_dir)");
  }
  std::string looked_for;
  std::string file = TranslationFile(templates_dir, language, &looked_for);
  if (file.empty()) {
    return Status::NotFound(looked_for + ": no translation for language '" +
                            language + "' (docs/settings.md, Translations)");
  }
  std::ifstream in(file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  if (!in || ss.str().size() > kMaxFileBytes) {
    return Status::IOError(file + ": cannot read the translation (at most " +
                           std::to_string(kMaxFileBytes) + " bytes)");
  }
  std::unique_ptr<Translation> t(new Translation);
  static std::atomic<uint64_t> next_id{1};
  t->id_ = next_id.fetch_add(1);
  t->language_ = language;
  t->file_ = file;
  std::vector<Entry> entries;
  if (!ReadPlainLines(ss.str(), &entries)) {
    Status s = ReadYaml(file, ss.str(), &entries);
    if (!s.ok()) return s;
  }
  std::vector<std::string> problems;
  for (const Entry& e : entries) {
    const std::string where = file + ":" + std::to_string(e.line);
    if (!e.scalar || e.value.empty()) {
      problems.push_back(where + ": " + e.key.substr(0, 64) +
                         ": give the text in quotes, e.g. key: \"Tags\"");
    } else if (!IsUtf8(e.key) || !IsUtf8(e.value)) {
      problems.push_back(where + ": " + e.key.substr(0, 64) + ": not UTF-8");
    } else {
      t->texts_[e.key] = e.value;
    }
  }
  if (!problems.empty()) {
    std::string message;
    for (const auto& p : problems) message += (message.empty() ? "" : "\n") + p;
    return Status::InvalidArgument(message);
  }
  std::vector<std::string> words;
  Status s = t->Check(templates_dir, &words);
  if (!s.ok()) return s;
  struct stat st;
  if (stat(file.c_str(), &st) == 0) t->mtime_ = st.st_mtime;
  *out = std::move(t);
  return Status::OK();
}

Status Translation::Check(const std::string& templates_dir,
                          std::vector<std::string>* words) {
  std::vector<std::string> problems;
  auto missing = [&](const std::string& key, const std::string& why) {
    problems.push_back(file_ + ": " + key + ": missing (" + why + ")");
  };
  for (const auto& [key, tpl] : TemplateWords(templates_dir)) {
    if (texts_.count(key) == 0) {
      missing(
          key, tpl + " shows it as {{T_" + [](std::string up) {
            for (char& c : up) c = c >= 'a' && c <= 'z' ? c - 32 : c;
            return up;
          }(key) + "}}");
      continue;
    }
    const std::string& word = texts_.find(key)->second;
    if (word.find("{{") != std::string::npos ||
        word.find("}}") != std::string::npos) {
      problems.push_back(file_ + ": " + key +
                         ": a word must not hold {{ or }} (it goes into the "
                         "template " +
                         tpl + ")");
      continue;
    }
    words->push_back(key);
  }
  for (const MessageSpec& spec : kMessages) {
    auto it = texts_.find(spec.key);
    if (it == texts_.end()) {
      missing(spec.key, "a message of the pages");
      continue;
    }
    if (spec.args.empty()) continue;  // shown as written
    std::string why = CheckMessage(it->second, spec.args);
    if (!why.empty()) {
      problems.push_back(file_ + ": " + spec.key + ": " + why);
      continue;
    }
    std::vector<std::string> pieces;
    if (SplitPlain(it->second, &pieces)) plain_[spec.key] = std::move(pieces);
  }
  std::string* separators[] = {&list_two_, &list_middle_, &list_end_};
  for (size_t i = 0; i < 3; ++i) {
    auto it = texts_.find(kListPatterns[i]);
    if (it == texts_.end()) {
      missing(kListPatterns[i], "joins the authors and tags of a byline");
    } else if (!ListSeparatorOf(it->second, separators[i])) {
      problems.push_back(file_ + ": " + kListPatterns[i] +
                         ": must be {0}, the text between two items, then "
                         "{1} (e.g. \"{0} and {1}\")");
    }
  }
  if (problems.empty()) return Status::OK();
  std::string message;
  for (const auto& p : problems) message += (message.empty() ? "" : "\n") + p;
  return Status::InvalidArgument(message);
}

const std::string& Translation::Text(std::string_view key) const {
  auto it = texts_.find(key);
  if (it != texts_.end()) return it->second;
  static const std::string kUnknown = "?";  // a bug: every key is checked
  return kUnknown;
}

std::string Translation::Format(std::string_view key,
                                std::initializer_list<MessageArg> args) const {
  if (auto plain = plain_.find(key); plain != plain_.end()) {
    if (std::string out; JoinPlain(plain->second, args, &out)) return out;
  }
  // Messages of numbers alone ("5 posts", "Page 2 of 7") repeat: each
  // thread keeps what ICU made of them (ICU's formatting of one plural
  // message took ~3 us, a tenth of a search result page's own work).
  thread_local std::unordered_map<std::string, std::string> formatted;
  std::string memo_key;
  if (std::all_of(args.begin(), args.end(), [](const MessageArg& a) {
        return std::holds_alternative<int64_t>(a.value);
      })) {
    memo_key = std::to_string(id_) + '\0' + std::string(key);
    for (const MessageArg& arg : args) {
      memo_key += '\0';
      memo_key += arg.name;
      memo_key += '=';
      memo_key += std::to_string(std::get<int64_t>(arg.value));
    }
    if (auto known = formatted.find(memo_key); known != formatted.end())
      return known->second;
  }
  std::string out = FormatWithIcu(key, args);
  if (!memo_key.empty()) {
    if (formatted.size() >= 4096) formatted.clear();  // bounded
    formatted.emplace(std::move(memo_key), out);
  }
  return out;
}

std::string Translation::FormatWithIcu(
    std::string_view key, std::initializer_list<MessageArg> args) const {
  const std::string& pattern = Text(key);
  icu::MessageFormat* format = ThreadFormatter(id_, key, pattern, language_);
  if (format == nullptr) return pattern;
  std::vector<icu::UnicodeString> names;
  std::vector<icu::Formattable> values;
  names.reserve(args.size());
  values.reserve(args.size());
  for (const MessageArg& arg : args) {
    names.emplace_back(icu::UnicodeString::fromUTF8(arg.name));
    if (const int64_t* n = std::get_if<int64_t>(&arg.value)) {
      values.emplace_back(static_cast<int64_t>(*n));
    } else {
      values.emplace_back(Utf16(std::get<std::string_view>(arg.value)));
    }
  }
  icu::UnicodeString out;
  UErrorCode status = U_ZERO_ERROR;
  format->format(names.data(), values.data(), static_cast<int32_t>(args.size()),
                 out, status);
  if (U_FAILURE(status)) return pattern;
  return Utf8(out);
}

const std::string& Translation::ListSeparator(size_t index,
                                              size_t count) const {
  static const std::string kNone;
  if (index == 0 || index >= count) return kNone;
  if (count == 2) return list_two_;
  return index + 1 == count ? list_end_ : list_middle_;
}

std::string Translation::Localize(std::string_view text) const {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  for (size_t at; (at = text.find("{{T_", pos)) != std::string_view::npos;) {
    size_t end = text.find("}}", at);
    if (end == std::string_view::npos) break;
    std::string key(text.substr(at + 4, end - at - 4));
    for (char& c : key) c = c >= 'A' && c <= 'Z' ? c + 32 : c;
    auto word = texts_.find(key);
    out.append(text.substr(pos, at - pos));
    if (word == texts_.end()) {
      out.append(text.substr(at, end + 2 - at));
    } else {
      AppendEscapedHtml(word->second, &out);
    }
    pos = end + 2;
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace levelpress
