// Log: one line per request (time, method, path, status, bytes, duration)
// and every error with its cause, to stderr or to the file of the setting
// log_file. Safe from many threads (one fprintf per line).
//
// The process's log: the Log opened last (by `serve`) is where errors found
// while serving a request go (LogError, used by Site and the pages), so
// that with log_file set they land in that file and not on stderr. Without
// one, LogError writes to stderr.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace levelpress {

// text with control bytes shown as \xNN: what came from outside (a request
// line, a settings file) can never start a line of its own in a log or a
// message.
std::string Printable(std::string_view text);

class Log {
 public:
  // Opens path for appending ("" = stderr) and makes this the process's
  // log. Returns false if it cannot.
  bool Open(const std::string& path);
  ~Log();
  void Request(const std::string& method, const std::string& target, int status,
               size_t bytes, double milliseconds);
  void Error(const std::string& message);
  void Info(const std::string& message);

 private:
  void Line(const char* level, const std::string& text);
  FILE* out_ = stderr;
};

// An error while serving, to the process's log (or stderr): one line.
void LogError(const std::string& message);

}  // namespace levelpress
