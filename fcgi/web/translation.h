// Translation: the theme's fixed words and messages in the site's language
// (setting `language`), from templates/i18n/<language>.yaml, loaded and
// checked with the templates. Words are plain text the templates show as
// {{T_KEY}}, put into the templates' text when they are loaded (Localize),
// so that a page pays nothing for them; messages are ICU MessageFormat patterns
// the pages format with arguments ("{minutes, plural, one {# Minute} other {#
// Minuten}}"), so numbers and plurals follow the language. A missing key, or a
// message that does not parse or names an argument the page does not give, is
// an error at load naming the file and the key: a page never shows an empty
// string for a word.
//
// Immutable after Load; thread-safe. ICU's formatters are not, so each
// thread keeps its own (created on first use, then reused).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "status.h"

namespace levelpress {

// One argument of a message: {name} is a number or a text.
struct MessageArg {
  const char* name;
  std::variant<int64_t, std::string_view> value;
};

class Translation {
 public:
  // Reads the translation of language from templates_dir and checks it
  // against the words every *.tpl there uses and the messages the pages
  // format.
  static Status Load(const std::string& templates_dir,
                     const std::string& language,
                     std::unique_ptr<Translation>* out);
  ~Translation();

  const std::string& language() const { return language_; }
  const std::string& file() const { return file_; }

  // A word or a message without arguments, as written.
  const std::string& Text(std::string_view key) const;
  // A message formatted with args (ICU MessageFormat), e.g.
  // Format("reading_time", {{"minutes", int64_t{5}}}) -> "5 Minuten".
  std::string Format(std::string_view key,
                     std::initializer_list<MessageArg> args) const;
  // The text before item index of a list of count items: "", ", ",
  // " and ", ", and " in English; "", ", ", " und " in German.
  const std::string& ListSeparator(size_t index, size_t count) const;

  // The text of a template with every {{T_KEY}} replaced by the word of
  // key, escaped for HTML and XML (& < > " ' as entities). A key without a
  // word stays as it is (Load checks that every template's has one).
  std::string Localize(std::string_view template_text) const;
  int64_t mtime() const { return mtime_; }  // for Last-Modified
  // Every key of the file and its text.
  const std::map<std::string, std::string, std::less<>>& texts() const {
    return texts_;
  }

 private:
  Translation() = default;
  // Checks the keys against the templates' words and the pages' messages;
  // *words: the keys the templates use.
  Status Check(const std::string& templates_dir,
               std::vector<std::string>* words);
  // Format through ICU's MessageFormat, without the thread's memo.
  std::string FormatWithIcu(std::string_view key,
                            std::initializer_list<MessageArg> args) const;

  uint64_t id_ = 0;  // unique in the process: keys each thread's formatters
  std::string language_;
  std::string file_;
  std::map<std::string, std::string, std::less<>> texts_;  // every key
  int64_t mtime_ = 0;
  std::string list_two_, list_middle_, list_end_;  // separators
  // Messages of text and plain {name}s only ("Read “{title}”"), split at
  // the names: formatted with text arguments by joining, without ICU.
  // Odd pieces are argument names.
  std::map<std::string, std::vector<std::string>, std::less<>> plain_;
};

}  // namespace levelpress
