#include "log.h"

#include <atomic>
#include <ctime>

namespace levelpress {
namespace {

std::atomic<Log*> process_log{nullptr};

}  // namespace

std::string Printable(std::string_view text) {
  std::string safe;
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned char>(c));
      safe += hex;
    } else {
      safe += c;
    }
  }
  return safe;
}

void LogError(const std::string& message) {
  if (Log* log = process_log.load()) {
    log->Error(message);
    return;
  }
  std::fprintf(stderr, "levelpress: error: %s\n", message.c_str());
}

bool Log::Open(const std::string& path) {
  process_log.store(this);
  if (path.empty()) return true;
  FILE* f = std::fopen(path.c_str(), "a");
  if (f == nullptr) return false;
  setvbuf(f, nullptr, _IOLBF, 0);
  if (out_ != stderr) std::fclose(out_);
  out_ = f;
  return true;
}

Log::~Log() {
  Log* self = this;
  process_log.compare_exchange_strong(self, nullptr);
  if (out_ != stderr) std::fclose(out_);
}

void Log::Line(const char* level, const std::string& text) {
  char stamp[32];
  time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
  // A message of several lines (all the problems of a settings file) is
  // several log lines, each stamped: no line of the log is without one.
  size_t pos = 0;
  do {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::fprintf(out_, "%s %s %.*s\n", stamp, level,
                 static_cast<int>(end - pos), text.data() + pos);
    pos = end + 1;
  } while (pos < text.size());
}

void Log::Request(const std::string& method, const std::string& target,
                  int status, size_t bytes, double ms) {
  char buf[64];
  std::snprintf(buf, sizeof buf, " %d %zu %.2fms", status, bytes, ms);
  Line("request", Printable(method.substr(0, 16)) + " " +
                      Printable(target.substr(0, 512)) + buf);
}

void Log::Error(const std::string& message) { Line("error", message); }
void Log::Info(const std::string& message) { Line("info", message); }

}  // namespace levelpress
