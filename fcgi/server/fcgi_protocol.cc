#include "fcgi_protocol.h"

namespace levelpress {
namespace {

constexpr uint8_t kVersion = 1;
// The largest record content the protocol can frame, rounded down to a
// multiple of 8 so that STDOUT records need no padding.
constexpr size_t kMaxStdoutChunk = 65528;

uint8_t Byte(std::string_view s, size_t i) {
  return static_cast<uint8_t>(s[i]);
}

// A name or value length: one byte below 128, else four bytes with the
// high bit set. False if the bytes run out.
bool ReadLength(std::string_view data, size_t* pos, size_t* length) {
  if (*pos >= data.size()) return false;
  uint8_t first = Byte(data, *pos);
  if (first < 0x80) {
    *length = first;
    *pos += 1;
    return true;
  }
  if (data.size() - *pos < 4) return false;
  *length = (static_cast<size_t>(first & 0x7f) << 24) |
            (static_cast<size_t>(Byte(data, *pos + 1)) << 16) |
            (static_cast<size_t>(Byte(data, *pos + 2)) << 8) |
            Byte(data, *pos + 3);
  *pos += 4;
  return true;
}

void AppendLength(size_t length, std::string* out) {
  if (length < 0x80) {
    out->push_back(static_cast<char>(length));
    return;
  }
  out->push_back(static_cast<char>(0x80 | ((length >> 24) & 0x7f)));
  out->push_back(static_cast<char>((length >> 16) & 0xff));
  out->push_back(static_cast<char>((length >> 8) & 0xff));
  out->push_back(static_cast<char>(length & 0xff));
}

std::string EndRequestContent(uint8_t protocol_status) {
  // appStatus (4 bytes, 0), protocolStatus, 3 reserved bytes.
  std::string content(8, '\0');
  content[4] = static_cast<char>(protocol_status);
  return content;
}

// The answer to FCGI_GET_VALUES: the variables we know, for the names asked.
std::string GetValuesResult(std::string_view asked) {
  std::vector<std::pair<std::string, std::string>> names;
  std::string content;
  if (!ParseFcgiNameValues(asked, &names)) names.clear();
  for (const auto& [name, ignored] : names) {
    std::string value;
    if (name == "FCGI_MPXS_CONNS") {
      value = "0";  // one request at a time per connection
    } else if (name == "FCGI_MAX_CONNS" || name == "FCGI_MAX_REQS") {
      value = "1024";
    } else {
      continue;
    }
    AppendLength(name.size(), &content);
    AppendLength(value.size(), &content);
    content += name;
    content += value;
  }
  std::string out;
  AppendFcgiRecord(fcgi::kGetValuesResult, 0, content, &out);
  return out;
}

}  // namespace

bool ParseFcgiNameValues(
    std::string_view data,
    std::vector<std::pair<std::string, std::string>>* out) {
  size_t pos = 0;
  while (pos < data.size()) {
    size_t name_length = 0, value_length = 0;
    if (!ReadLength(data, &pos, &name_length) ||
        !ReadLength(data, &pos, &value_length)) {
      return false;
    }
    // Lengths are checked against what arrived before anything is copied.
    if (name_length > data.size() - pos ||
        value_length > data.size() - pos - name_length) {
      return false;
    }
    out->emplace_back(
        std::string(data.substr(pos, name_length)),
        std::string(data.substr(pos + name_length, value_length)));
    pos += name_length + value_length;
  }
  return true;
}

void AppendFcgiRecord(uint8_t type, uint16_t id, std::string_view content,
                      std::string* out) {
  size_t padding = (8 - content.size() % 8) % 8;
  char header[fcgi::kHeaderBytes] = {static_cast<char>(kVersion),
                                     static_cast<char>(type),
                                     static_cast<char>(id >> 8),
                                     static_cast<char>(id & 0xff),
                                     static_cast<char>(content.size() >> 8),
                                     static_cast<char>(content.size() & 0xff),
                                     static_cast<char>(padding),
                                     0};
  out->append(header, sizeof header);
  out->append(content);
  out->append(padding, '\0');
}

void AppendFcgiResponse(uint16_t id, std::string_view body, std::string* out) {
  out->reserve(out->size() + body.size() + body.size() / kMaxStdoutChunk * 8 +
               40);
  for (size_t pos = 0; pos < body.size(); pos += kMaxStdoutChunk) {
    AppendFcgiRecord(fcgi::kStdout, id, body.substr(pos, kMaxStdoutChunk), out);
  }
  AppendFcgiRecord(fcgi::kStdout, id, {}, out);
  AppendFcgiRecord(fcgi::kEndRequest, id,
                   EndRequestContent(fcgi::kRequestComplete), out);
}

FcgiReader::Event FcgiReader::Next(std::string* in) {
  size_t pos = 0;
  Event event = Event::kNeedMore;
  while (event == Event::kNeedMore && in->size() - pos >= fcgi::kHeaderBytes) {
    std::string_view header(in->data() + pos, fcgi::kHeaderBytes);
    if (Byte(header, 0) != kVersion) {
      event = Fail("not a FastCGI 1 record (version byte " +
                   std::to_string(Byte(header, 0)) + ")");
      break;
    }
    uint8_t type = Byte(header, 1);
    uint16_t id = static_cast<uint16_t>(Byte(header, 2) << 8 | Byte(header, 3));
    size_t length = static_cast<size_t>(Byte(header, 4) << 8 | Byte(header, 5));
    size_t padding = Byte(header, 6);
    size_t whole = fcgi::kHeaderBytes + length + padding;
    if (in->size() - pos < whole) break;  // the rest has not arrived
    event = OnRecord(
        type, id,
        std::string_view(in->data() + pos + fcgi::kHeaderBytes, length));
    pos += whole;
  }
  in->erase(0, pos);
  return event;
}

FcgiRequest FcgiReader::TakeRequest() {
  FcgiRequest done = std::move(request_);
  request_ = FcgiRequest();
  state_ = State::kIdle;
  return done;
}

FcgiReader::Event FcgiReader::Fail(std::string why) {
  error_ = std::move(why);
  return Event::kError;
}

FcgiReader::Event FcgiReader::OnRecord(uint8_t type, uint16_t id,
                                       std::string_view content) {
  if (id == 0) {  // a management record
    if (type == fcgi::kGetValues) {
      reply_ = GetValuesResult(content);
    } else {
      std::string unknown(8, '\0');
      unknown[0] = static_cast<char>(type);
      reply_.clear();
      AppendFcgiRecord(fcgi::kUnknownType, 0, unknown, &reply_);
    }
    return Event::kReply;
  }
  if (type == fcgi::kBeginRequest) return OnBegin(id, content);
  // Records of a request we are not reading are ignored, as the
  // specification says; so are types a responder never receives.
  if (state_ == State::kIdle || id != request_.id) return Event::kNeedMore;
  switch (type) {
    case fcgi::kAbortRequest:
      TakeRequest();
      return Event::kAborted;
    case fcgi::kParams:
      return OnParams(content);
    case fcgi::kStdin:
      return OnStdin(content);
    default:
      return Event::kNeedMore;
  }
}

FcgiReader::Event FcgiReader::OnBegin(uint16_t id, std::string_view content) {
  if (content.size() != 8) {
    return Fail("FCGI_BEGIN_REQUEST with " + std::to_string(content.size()) +
                " bytes of content, not 8");
  }
  uint16_t role =
      static_cast<uint16_t>(Byte(content, 0) << 8 | Byte(content, 1));
  uint8_t refusal = 0;
  if (state_ != State::kIdle) {
    if (id == request_.id) return Fail("FCGI_BEGIN_REQUEST for a live request");
    refusal = fcgi::kCantMpxConn;
  } else if (role != fcgi::kResponder) {
    refusal = fcgi::kUnknownRole;
  }
  if (refusal != 0) {
    reply_.clear();
    AppendFcgiRecord(fcgi::kEndRequest, id, EndRequestContent(refusal),
                     &reply_);
    return Event::kReply;
  }
  state_ = State::kParams;
  request_ = FcgiRequest();
  request_.id = id;
  request_.keep_conn = (Byte(content, 2) & fcgi::kKeepConn) != 0;
  params_.clear();
  body_bytes_ = 0;
  return Event::kNeedMore;
}

FcgiReader::Event FcgiReader::OnParams(std::string_view content) {
  if (state_ != State::kParams) return Fail("FCGI_PARAMS after their end");
  if (!content.empty()) {
    if (request_.reject_status != 0) return Event::kNeedMore;
    if (content.size() > kMaxParamsBytes - params_.size()) {
      request_.reject_status = 431;  // Request Header Fields Too Large
      std::string().swap(params_);
    } else {
      params_.append(content);
    }
    return Event::kNeedMore;
  }
  if (request_.reject_status == 0 &&
      !ParseFcgiNameValues(params_, &request_.params)) {
    request_.reject_status = 400;
    request_.params.clear();
  }
  std::string().swap(params_);
  state_ = State::kStdin;
  return Event::kNeedMore;
}

FcgiReader::Event FcgiReader::OnStdin(std::string_view content) {
  if (state_ != State::kStdin) {
    return Fail("FCGI_STDIN before the end of FCGI_PARAMS");
  }
  if (!content.empty()) {
    body_bytes_ += content.size();  // counted, never kept
    if (body_bytes_ > kMaxBodyBytes && request_.reject_status == 0) {
      request_.reject_status = 413;  // Content Too Large
    }
    return Event::kNeedMore;
  }
  state_ = State::kComplete;
  return Event::kRequest;
}

}  // namespace levelpress
