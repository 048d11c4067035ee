#include "translation.h"

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
    {"scheduled", {}},
    {"author_description", {"author", "blog"}},
    {"tag_description", {"tag", "blog", "count"}},
    {"reading_time", {"minutes"}},
    {"draft_status", {}},
    {"scheduled_status", {}},
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

// Checks a message's pattern: ICU parses it, and it names only arguments
// of allowed. Returns what is wrong, or "".
std::string CheckMessage(const std::string& pattern, const icu::Locale& locale,
                         const std::vector<std::string_view>& allowed) {
  UErrorCode status = U_ZERO_ERROR;
  UParseError where;
  icu::MessageFormat format(Utf16(pattern), locale, where, status);
  if (U_FAILURE(status)) {
    return std::string("not an ICU message pattern (") + u_errorName(status) +
           " at character " + std::to_string(where.offset) + ")";
  }
  icu::MessagePattern parts(Utf16(pattern), &where, status);
  if (U_FAILURE(status)) return "not an ICU message pattern";
  for (int i = 0; i < parts.countParts(); ++i) {
    const icu::MessagePattern::Part& part = parts.getPart(i);
    if (part.getType() != UMSGPAT_PART_TYPE_ARG_NAME &&
        part.getType() != UMSGPAT_PART_TYPE_ARG_NUMBER) {
      continue;
    }
    std::string name = Utf8(parts.getSubstring(part));
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      std::string known;
      for (std::string_view a : allowed) {
        known += (known.empty() ? "{" : ", {") + std::string(a) + "}";
      }
      return "uses {" + name + "}, which this message does not have (" +
             (known.empty() ? "it has no arguments" : "it has " + known) + ")";
    }
  }
  return "";
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

}  // namespace

Translation::~Translation() = default;

Status Translation::Load(const std::string& templates_dir,
                         const std::string& language,
                         std::unique_ptr<Translation>* out) {
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
  YAML::Node root;
  try {
    root = YAML::Load(ss.str());
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(
        file + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  if (!root.IsMap() && !root.IsNull()) {
    return Status::InvalidArgument(
        file + ": a translation is a map of `key: \"text\"` lines");
  }
  std::vector<std::string> problems;
  for (const auto& kv : root) {
    const std::string where =
        file + ":" + std::to_string(kv.first.Mark().line + 1);
    if (!kv.first.IsScalar() || !kv.second.IsScalar() ||
        kv.second.Scalar().empty()) {
      problems.push_back(where + ": " +
                         (kv.first.IsScalar() ? kv.first.Scalar() : "?") +
                         ": give the text in quotes, e.g. key: \"Tags\"");
      continue;
    }
    if (!IsUtf8(kv.first.Scalar()) || !IsUtf8(kv.second.Scalar())) {
      problems.push_back(where + ": " + kv.first.Scalar().substr(0, 64) +
                         ": not UTF-8");
      continue;
    }
    t->texts_[kv.first.Scalar()] = kv.second.Scalar();
  }
  if (!problems.empty()) {
    std::string message;
    for (const auto& p : problems) message += (message.empty() ? "" : "\n") + p;
    return Status::InvalidArgument(message);
  }
  std::vector<std::string> words;
  Status s = t->Check(templates_dir, &words);
  if (!s.ok()) return s;
  // The names of {{T_KEY}} (the TemplateStrings point into them).
  t->template_word_names_.reserve(words.size());
  for (const std::string& key : words) {
    std::string name = "T_" + key;
    std::transform(name.begin(), name.end(), name.begin(),
                   [](char c) { return c >= 'a' && c <= 'z' ? c - 32 : c; });
    t->template_word_names_.push_back(std::move(name));
  }
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& name = t->template_word_names_[i];
    t->template_words_.emplace_back(
        ctemplate::TemplateString(name.data(), name.size()),
        &t->texts_.find(words[i])->second);
  }
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
          key, tpl + " shows it as {{T_" + [&] {
            std::string up = key;
            for (char& c : up) c = c >= 'a' && c <= 'z' ? c - 32 : c;
            return up;
          }() + "}}");
      continue;
    }
    words->push_back(key);
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale locale = icu::Locale::forLanguageTag(language_, status);
  if (U_FAILURE(status)) locale = icu::Locale::getRoot();
  for (const MessageSpec& spec : kMessages) {
    auto it = texts_.find(spec.key);
    if (it == texts_.end()) {
      missing(spec.key, "a message of the pages");
      continue;
    }
    if (spec.args.empty()) continue;  // shown as written
    std::string why = CheckMessage(it->second, locale, spec.args);
    if (!why.empty()) problems.push_back(file_ + ": " + spec.key + ": " + why);
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

void Translation::SetTemplateWords(ctemplate::TemplateDictionary* dict) const {
  for (const auto& [name, text] : template_words_) {
    dict->SetTemplateGlobalValueWithoutCopy(name, *text);
  }
}

}  // namespace levelpress
