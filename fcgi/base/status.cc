#include "status.h"

namespace levelpress {

std::string Status::ToString() const {
  switch (code_) {
    case Code::kOk:
      return "OK";
    case Code::kNotFound:
      return "not found: " + message_;
    case Code::kInvalidArgument:
      return "invalid argument: " + message_;
    case Code::kCorruption:
      return "corruption: " + message_;
    case Code::kIOError:
      return "I/O error: " + message_;
    case Code::kBusy:
      return "busy: " + message_;
  }
  return message_;
}

int ToHttpStatus(const Status& s) {
  switch (s.code()) {
    case Status::Code::kOk:
      return 200;
    case Status::Code::kNotFound:
      return 404;
    case Status::Code::kInvalidArgument:
      return 400;
    case Status::Code::kBusy:
      return 503;
    case Status::Code::kCorruption:
    case Status::Code::kIOError:
      return 500;
  }
  return 500;
}

}  // namespace levelpress
