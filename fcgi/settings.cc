#include "settings.h"

#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <type_traits>

namespace levelpress {
namespace fs = std::filesystem;

namespace {

std::string Where(const std::string& file, const YAML::Node& node,
                  const std::string& key) {
  return file + ":" + std::to_string(node.Mark().line + 1) + ": " + key + ": ";
}

}  // namespace

Status LoadSettings(const std::string& path, Settings* s) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    return Status::IOError(path + ": cannot read the settings file");
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(
        path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  s->file = fs::absolute(path).lexically_normal().string();
  if (root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
  if (!root.IsMap()) {
    return Status::InvalidArgument(
        path + ":1: the settings file must be a map of `key: value` lines");
  }

  using Setter = std::function<bool(const YAML::Node&)>;
  auto str = [](std::string* field) -> Setter {
    return [field](const YAML::Node& n) {
      if (!n.IsScalar()) return false;
      *field = n.as<std::string>();
      return true;
    };
  };
  auto num = [](auto* field) -> Setter {
    return [field](const YAML::Node& n) {
      using T = std::remove_pointer_t<decltype(field)>;
      try {
        long long v = n.as<long long>();
        if (v < 0) return false;
        *field = static_cast<T>(v);
        return true;
      } catch (const YAML::Exception&) {
        return false;
      }
    };
  };
  const std::map<std::string, Setter> setters = {
      {"title", str(&s->title)},
      {"description", str(&s->description)},
      {"base_url", str(&s->base_url)},
      {"time_zone", str(&s->time_zone)},
      {"page_size", num(&s->page_size)},
      {"post_url", str(&s->post_url)},
      {"tag_url", str(&s->tag_url)},
      {"author_url", str(&s->author_url)},
      {"theme_url", str(&s->theme_url)},
      {"media_url", str(&s->media_url)},
      {"store_path", str(&s->store_path)},
      {"templates_dir", str(&s->templates_dir)},
      {"media_dir", str(&s->media_dir)},
      {"max_post_bytes", num(&s->max_post_bytes)},
      {"threads", num(&s->threads)},
      {"log_file", str(&s->log_file)},
      {"max_path_bytes", num(&s->max_path_bytes)},
      {"cache_seconds", num(&s->cache_seconds)},
      {"render_cache_bytes", num(&s->render_cache_bytes)},
      {"socket_group", str(&s->socket_group)},
      {"read_timeout", num(&s->read_timeout)},
      {"write_timeout", num(&s->write_timeout)},
      {"idle_timeout", num(&s->idle_timeout)},
      {"max_connections", num(&s->max_connections)},
  };
  for (const auto& kv : root) {
    std::string key = kv.first.as<std::string>();
    auto it = setters.find(key);
    if (it == setters.end()) {
      return Status::InvalidArgument(Where(path, kv.first, key) +
                                     "unknown setting (see docs/settings.md)");
    }
    if (!it->second(kv.second)) {
      return Status::InvalidArgument(
          Where(path, kv.second, key) +
          "wrong type of value (see docs/settings.md)");
    }
  }
  if (s->page_size < 1 || s->page_size > 1000) {
    return Status::InvalidArgument(path + ": page_size: must be 1..1000");
  }
  while (!s->base_url.empty() && s->base_url.back() == '/')
    s->base_url.pop_back();
  for (auto* url : {&s->post_url, &s->tag_url, &s->author_url, &s->theme_url,
                    &s->media_url}) {
    if (url->empty() || url->front() != '/' || url->back() != '/') {
      return Status::InvalidArgument(path + ": URL pattern '" + *url +
                                     "' must start and end with '/'");
    }
  }
  fs::path dir = fs::path(s->file).parent_path();
  for (auto* p :
       {&s->store_path, &s->templates_dir, &s->media_dir, &s->log_file}) {
    if (!p->empty() && fs::path(*p).is_relative()) {
      *p = (dir / *p).lexically_normal().string();
    }
  }
  return Status::OK();
}

std::string DefaultSettingsPath(const char* argv0, bool started_by_web_server) {
  if (const char* env = std::getenv("LEVELPRESS_CONFIG"); env && *env) {
    return env;
  }
  if (!started_by_web_server && fs::exists("data/levelpress.conf")) {
    return "data/levelpress.conf";
  }
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) self = fs::absolute(argv0 ? argv0 : "levelpress");
  return (self.parent_path() / "levelpress.conf").string();
}

}  // namespace levelpress
