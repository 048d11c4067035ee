#include "request.h"

#include <strings.h>

#include <cctype>
#include <cstring>

namespace levelpress {

void Response::SetHeader(const std::string& name, const std::string& value) {
  for (auto& [n, v] : headers) {
    if (strcasecmp(n.c_str(), name.c_str()) == 0) {
      v = value;
      return;
    }
  }
  headers.emplace_back(name, value);
}

std::string Response::Header(const std::string& name) const {
  for (const auto& [n, v] : headers) {
    if (strcasecmp(n.c_str(), name.c_str()) == 0) return v;
  }
  return "";
}

void AddCgiHeader(const char* parameter, Request* request) {
  if (std::strncmp(parameter, "HTTP_", 5) != 0) return;
  const char* eq = std::strchr(parameter, '=');
  if (eq == nullptr) return;
  std::string name(parameter + 5, static_cast<size_t>(eq - parameter - 5));
  for (char& c : name) {
    c = c == '_'
            ? '-'
            : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  request->headers[name] = eq + 1;
}

const char* StatusText(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 301:
      return "Moved Permanently";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
  }
  return "Unknown";
}

std::string SerializeResponse(const Request& request,
                              const Response& response) {
  std::string out = "Status: " + std::to_string(response.status) + " " +
                    StatusText(response.status) + "\r\n";
  for (const auto& [name, value] : response.headers) {
    out += name + ": " + value + "\r\n";
  }
  bool has_body = response.status != 304 && request.method != "HEAD";
  if (response.status != 304) {
    out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
  }
  out += "\r\n";
  if (has_body) out += response.body;
  return out;
}

}  // namespace levelpress
