// Request and Response: one HTTP exchange as plain values. They know
// nothing of libfcgi or CGI; the adapters (fcgi_server, cgi) fill a Request
// and write a Response with WriteResponse(), and pages are tested through
// them without a server. Plain values; safe to move between threads.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace levelpress {

struct Request {
  std::string method = "GET";
  std::string target = "/";  // as sent: path and query, percent-encoded
  std::map<std::string, std::string>
      headers;  // lower-case names: "if-none-match"

  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  void SetHeader(const std::string& name, const std::string& value);
  std::string Header(const std::string& name) const;  // "" when absent
};

// Adds "HTTP_IF_NONE_MATCH=x" (a CGI/FastCGI parameter) as header
// "if-none-match"; ignores anything that is not an HTTP_ parameter.
void AddCgiHeader(const char* parameter, Request* request);

// The reason phrase of a status code ("Not Found").
const char* StatusText(int status);

// The one place that turns a Response into bytes: CGI-style "Status:" and
// header lines, a blank line, then the body, which is dropped for HEAD.
std::string SerializeResponse(const Request& request, const Response& response);

}  // namespace levelpress
