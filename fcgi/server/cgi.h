// Plain CGI adapter: one request from the environment (REQUEST_METHOD,
// REQUEST_URI or PATH_INFO and QUERY_STRING, HTTP_*), answered on stdout.
// Used when a web server runs levelpress once per request.
#pragma once

#include "request.h"

namespace levelpress {

Request RequestFromCgiEnvironment();
void WriteCgiResponse(const Request& request, const Response& response);

}  // namespace levelpress
