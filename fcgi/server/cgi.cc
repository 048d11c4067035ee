#include "cgi.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>

extern char** environ;

namespace levelpress {

Request RequestFromCgiEnvironment() {
  Request r;
  const char* method = std::getenv("REQUEST_METHOD");
  r.method = method && *method ? method : "GET";
  const char* uri = std::getenv("REQUEST_URI");
  if (uri && *uri) {
    r.target = uri;
  } else {
    const char* info = std::getenv("PATH_INFO");
    const char* query = std::getenv("QUERY_STRING");
    r.target = info && *info ? info : "/";
    if (query && *query) r.target += std::string("?") + query;
  }
  for (char** p = environ; *p; ++p) {
    AddCgiHeader(*p, &r);
  }
  return r;
}

void WriteCgiResponse(const Request& request, const Response& response) {
  std::string bytes = SerializeResponse(request, response);
  std::fwrite(bytes.data(), 1, bytes.size(), stdout);
  std::fflush(stdout);
}

}  // namespace levelpress
