#include "json_tables.h"

#include <rapidjson/error/en.h>
#include <rapidjson/filereadstream.h>
#include <rapidjson/reader.h>

#include <cstdio>
#include <memory>
#include <vector>

namespace levelpress {
namespace {

// Deeper than any export (a row is at depth 5); a guard, not a limit.
constexpr size_t kMaxDepth = 256;

class TableHandler
    : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, TableHandler> {
 public:
  explicit TableHandler(const RowHandler& on_row) : on_row_(on_row) {}
  std::string error;

  bool Null() { return Scalar(""); }
  bool Bool(bool b) { return Scalar(b ? "true" : "false"); }
  bool Int(int i) { return Scalar(std::to_string(i)); }
  bool Uint(unsigned i) { return Scalar(std::to_string(i)); }
  bool Int64(int64_t i) { return Scalar(std::to_string(i)); }
  bool Uint64(uint64_t i) { return Scalar(std::to_string(i)); }
  bool Double(double d) { return Scalar(std::to_string(d)); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool) {
    return Scalar(std::string(s, n));
  }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    return Scalar(std::string(s, n));
  }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    frames_.back().key.assign(s, n);
    return true;
  }
  bool StartObject() { return Open(false); }
  bool EndObject(rapidjson::SizeType) { return Close(); }
  bool StartArray() { return Open(true); }
  bool EndArray(rapidjson::SizeType) { return Close(); }

 private:
  struct Frame {
    bool array;
    std::string key;   // the object's current key
    std::string name;  // the key this value was opened under
  };

  // The table whose row the innermost object is: parent an array opened
  // under the table's name, inside the object opened under "data".
  bool InRow() const {
    size_t n = frames_.size();
    return n >= 3 && !frames_[n - 1].array && frames_[n - 2].array &&
           !frames_[n - 3].array && frames_[n - 3].name == "data";
  }

  bool Open(bool array) {
    if (frames_.size() >= kMaxDepth) {
      error = "nested deeper than " + std::to_string(kMaxDepth) + " levels";
      return false;
    }
    std::string name;
    if (!frames_.empty() && !frames_.back().array) name = frames_.back().key;
    if (!frames_.empty() && frames_.back().array) name = frames_.back().name;
    frames_.push_back({array, "", name});
    if (InRow()) row_ = JsonRow{};
    return true;
  }

  bool Close() {
    bool row = InRow();
    std::string table = row ? frames_[frames_.size() - 2].name : "";
    frames_.pop_back();
    if (row) return on_row_(table, std::move(row_), &error);
    return true;
  }

  bool Scalar(std::string value) {
    if (InRow()) row_.fields[frames_.back().key] = std::move(value);
    return true;
  }

  const RowHandler& on_row_;
  std::vector<Frame> frames_;
  JsonRow row_;
};

// Line and column (1-based, in bytes) of a byte offset of the file.
std::string Place(const std::string& path, size_t offset) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"),
                                          &std::fclose);
  size_t line = 1, column = 1;
  if (f) {
    for (size_t i = 0; i < offset; ++i) {
      int c = std::fgetc(f.get());
      if (c == EOF) break;
      if (c == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
  }
  return path + ":" + std::to_string(line) + ":" + std::to_string(column) +
         " (byte " + std::to_string(offset) + ")";
}

}  // namespace

Status ReadJsonTables(const std::string& path, const RowHandler& on_row) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"),
                                          &std::fclose);
  if (!f) return Status::IOError(path + ": cannot open it");
  std::vector<char> buffer(1 << 16);
  rapidjson::FileReadStream stream(f.get(), buffer.data(), buffer.size());
  TableHandler handler(on_row);
  rapidjson::Reader reader;
  constexpr unsigned kFlags =
      rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag;
  rapidjson::ParseResult result = reader.Parse<kFlags>(stream, handler);
  if (result.IsError()) {
    std::string what = !handler.error.empty()
                           ? handler.error
                           : rapidjson::GetParseError_En(result.Code());
    return Status::InvalidArgument(Place(path, result.Offset()) + ": " + what);
  }
  return Status::OK();
}

}  // namespace levelpress
