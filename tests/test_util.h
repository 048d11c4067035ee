// Helpers shared by the unit suites: temporary folders, files, and running
// the levelpress binary. Header-only; each suite is its own executable.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>

namespace levelpress::testing {

namespace fs = std::filesystem;

// A fresh folder under /tmp (mkdtemp), removed with everything in it.
class TempDir {
 public:
  explicit TempDir(const std::string& tag = "levelpress") {
    std::string pattern = "/tmp/" + tag + "-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("mkdtemp failed for " + pattern);
    }
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }
  std::string str() const { return path_.string(); }
  std::string operator/(const std::string& rel) const {
    return (path_ / rel).string();
  }

 private:
  fs::path path_;
};

inline void WriteFile(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

inline std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every regular file under dir, by dir-relative path, with its bytes.
inline std::map<std::string, std::string> ReadTree(const fs::path& dir) {
  std::map<std::string, std::string> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) {
      out[fs::relative(e.path(), dir).generic_string()] = ReadFile(e.path());
    }
  }
  return out;
}

// Shell-quotes one argument.
inline std::string Quote(const std::string& arg) {
  std::string out = "'";
  for (char c : arg) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

struct RunResult {
  int exit_code = -1;  // -1: did not exit normally
  std::string out, err;
};

// Runs a shell command line, capturing stdout and stderr separately.
inline RunResult Run(const std::string& command) {
  TempDir tmp("levelpress-run");
  std::string out_file = tmp / "stdout", err_file = tmp / "stderr";
  std::string line = "( " + command + " ) </dev/null >" + Quote(out_file) +
                     " 2>" + Quote(err_file);
  int status = std::system(line.c_str());
  RunResult r;
  if (status != -1 && WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  r.out = ReadFile(out_file);
  r.err = ReadFile(err_file);
  return r;
}

inline bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace levelpress::testing
