#include "converted_post.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "utf8_text.h"

namespace levelpress {
namespace {

void StringList(YAML::Emitter& out, const char* key,
                const std::vector<std::string>& values) {
  if (values.empty()) return;
  out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (const auto& v : values) out << YAML::DoubleQuoted << v;
  out << YAML::EndSeq;
}

// Drops the forbidden characters from *value; true if there were any.
bool Dropped(std::string* value) {
  if (XmlForbiddenAt(*value) == std::string_view::npos) return false;
  *value = WithoutXmlForbidden(*value);
  return true;
}

// A value that was only such characters goes; so does one that is now
// another's.
bool Dropped(std::vector<std::string>* values) {
  bool any = false;
  std::vector<std::string> kept;
  for (auto& v : *values) {
    any |= Dropped(&v);
    if (!v.empty() && std::find(kept.begin(), kept.end(), v) == kept.end())
      kept.push_back(std::move(v));
  }
  *values = std::move(kept);
  return any;
}

void Warn(const std::string& where, const std::vector<std::string>& fields,
          ConvertReport* report) {
  if (fields.empty()) return;
  std::string list;
  for (const auto& f : fields) list += (list.empty() ? "" : ", ") + f;
  report->warnings.push_back(
      where +
      ": characters that feeds cannot carry (control characters, U+FFFE, "
      "U+FFFF) removed from its " +
      list);
}

}  // namespace

void DropXmlForbidden(const std::string& where, ConvertedPost* post,
                      ConvertReport* report) {
  std::vector<std::string> fields;
  for (auto [name, value] : {std::pair{"title", &post->title},
                             {"slug", &post->slug},
                             {"url", &post->url},
                             {"summary", &post->summary},
                             {"image", &post->image},
                             {"description", &post->description},
                             {"draft note", &post->note}}) {
    if (Dropped(value)) fields.push_back(name);
  }
  for (auto [name, values] : {std::pair{"authors", &post->authors},
                              {"tags", &post->tags},
                              {"aliases", &post->aliases}}) {
    if (Dropped(values)) fields.push_back(name);
  }
  if (post->title.empty()) post->title = "Untitled";  // it was only those
  Warn(where, fields, report);
}

void DropXmlForbidden(const std::string& where, const char* field,
                      std::string* value, ConvertReport* report) {
  if (Dropped(value)) Warn(where, {field}, report);
}

std::string FormatConvertedPost(const ConvertedPost& post) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "title" << YAML::Value << YAML::DoubleQuoted
      << post.title;
  if (!post.date.empty())
    out << YAML::Key << "date" << YAML::Value << post.date;
  // Quoted: a slug or id such as "null", "yes" or "2019" is text.
  out << YAML::Key << "slug" << YAML::Value << YAML::DoubleQuoted << post.slug;
  if (!post.url.empty()) {
    out << YAML::Key << "url" << YAML::Value << YAML::DoubleQuoted << post.url;
  }
  if (post.authors.size() == 1) {
    out << YAML::Key << "author" << YAML::Value << YAML::DoubleQuoted
        << post.authors.front();
  } else {
    StringList(out, "authors", post.authors);
  }
  StringList(out, "tags", post.tags);
  if (!post.summary.empty()) {
    out << YAML::Key << "summary" << YAML::Value << YAML::DoubleQuoted
        << post.summary;
  }
  if (!post.description.empty()) {
    out << YAML::Key << "description" << YAML::Value << YAML::DoubleQuoted
        << post.description;
  }
  if (!post.image.empty()) {
    out << YAML::Key << "image" << YAML::Value << YAML::DoubleQuoted
        << post.image;
  }
  if (post.draft) {
    out << YAML::Key << "draft" << YAML::Value << true;
    if (!post.note.empty()) out << YAML::Comment(post.note);
  }
  StringList(out, "aliases", post.aliases);
  out << YAML::EndMap;
  std::string body = post.body_html;
  if (!body.empty() && body.back() != '\n') body += '\n';
  return "---\n" + std::string(out.c_str()) + "\n---\n" + body;
}

std::string FormatConvertedAuthor(const std::string& name,
                                  const std::string& avatar,
                                  const std::string& bio) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << YAML::DoubleQuoted << name;
  if (!avatar.empty()) {
    out << YAML::Key << "avatar" << YAML::Value << YAML::DoubleQuoted << avatar;
  }
  out << YAML::EndMap;
  std::string text = bio;
  if (!text.empty() && text.back() != '\n') text += '\n';
  return "---\n" + std::string(out.c_str()) + "\n---\n" + text;
}

}  // namespace levelpress
