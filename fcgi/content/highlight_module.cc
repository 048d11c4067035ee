#include "highlight_module.h"

#include <dlfcn.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <optional>
#include <vector>

namespace levelpress {
namespace fs = std::filesystem;
namespace {

std::optional<std::string>& PathForTests() {
  static std::optional<std::string> path;
  return path;
}

std::vector<std::string> Candidates() {
  if (PathForTests()) return {*PathForTests()};
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  const fs::path dir = exe.parent_path();
  return {(dir / "levelpress-highlight.so").string(),
          (dir / ".." / "lib" / "levelpress" / "levelpress-highlight.so")
              .lexically_normal()
              .string()};
}

struct Loaded {
  HighlightModule module{};
  bool ok = false;
  std::string why_not;
};

Loaded Load() {
  Loaded l;
  void* lib = nullptr;
  for (const std::string& path : Candidates()) {
    if (path.empty() || ::access(path.c_str(), F_OK) != 0) continue;
    lib = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);  // never closed
    if (lib == nullptr) {
      l.why_not = std::string("cannot load ") + ::dlerror() +
                  " (Debian: apt-get install libkf5syntaxhighlighting5)";
      return l;
    }
    break;
  }
  if (lib == nullptr) {
    l.why_not = "levelpress-highlight.so is not installed";
    return l;
  }
  auto version = reinterpret_cast<int (*)()>(::dlsym(lib, "lp_hl_abi_version"));
  l.module.has_definition = reinterpret_cast<int (*)(const char*)>(
      ::dlsym(lib, "lp_hl_has_definition"));
  l.module.highlight = reinterpret_cast<decltype(l.module.highlight)>(
      ::dlsym(lib, "lp_hl_highlight"));
  l.module.release_thread =
      reinterpret_cast<void (*)()>(::dlsym(lib, "lp_hl_release_thread"));
  if (!version || !l.module.has_definition || !l.module.highlight ||
      !l.module.release_thread) {
    l.why_not = "levelpress-highlight.so lacks a function levelpress calls";
  } else if (version() != LP_HL_ABI_VERSION) {
    l.why_not = "levelpress-highlight.so is of another version";
  } else {
    l.ok = true;
  }
  return l;
}

}  // namespace

namespace {
std::atomic<const HighlightModule*> already_loaded{nullptr};
}  // namespace

const HighlightModule* LoadedHighlightModule(std::string* why_not) {
  static const Loaded* loaded = [] {
    auto* l = new Loaded(Load());
    if (l->ok) already_loaded.store(&l->module);
    return l;
  }();
  if (why_not) *why_not = loaded->why_not;
  return loaded->ok ? &loaded->module : nullptr;
}

const HighlightModule* HighlightModuleIfLoaded() {
  return already_loaded.load();
}

void SetHighlightModulePathForTests(const std::string& path) {
  PathForTests() = path;
}

}  // namespace levelpress
