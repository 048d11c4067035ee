// Status: the result of an operation in the core (store, import, render).
// Errors are values here, never exceptions; the HTTP edge maps a Status to a
// response status with ToHttpStatus(). A Status is a plain value and is safe
// to copy between threads.
#pragma once

#include <string>
#include <utility>

namespace levelpress {

class [[nodiscard]] Status {
 public:
  enum class Code {
    kOk,
    kNotFound,
    kInvalidArgument,
    kCorruption,
    kIOError,
    kBusy
  };

  Status() = default;
  static Status OK() { return Status(); }
  static Status NotFound(std::string msg) {
    return {Code::kNotFound, std::move(msg)};
  }
  static Status InvalidArgument(std::string msg) {
    return {Code::kInvalidArgument, std::move(msg)};
  }
  static Status Corruption(std::string msg) {
    return {Code::kCorruption, std::move(msg)};
  }
  static Status IOError(std::string msg) {
    return {Code::kIOError, std::move(msg)};
  }
  // The store is held by another process (LevelDB's lock).
  static Status Busy(std::string msg) { return {Code::kBusy, std::move(msg)}; }

  bool ok() const { return code_ == Code::kOk; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }
  bool IsInvalidArgument() const { return code_ == Code::kInvalidArgument; }
  bool IsCorruption() const { return code_ == Code::kCorruption; }
  bool IsIOError() const { return code_ == Code::kIOError; }
  bool IsBusy() const { return code_ == Code::kBusy; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string ToString() const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// The one mapping from a core Status to an HTTP status code.
int ToHttpStatus(const Status& s);

}  // namespace levelpress
