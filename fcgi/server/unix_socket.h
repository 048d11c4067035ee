// A Unix socket file that only its owner (and one group) may connect to:
// the FastCGI socket (--socket) and the control socket (control.h).
#pragma once

#include <sys/types.h>

#include <string>

#include "status.h"

namespace levelpress {

// Binds a new socket at path, created with `mode` (never briefly wider)
// and given to `group` ("" = ours). A socket left behind by a dead server
// is replaced; a live one, or a file that is not a socket, is refused.
// setting and flag name the group setting and the path option in errors.
Status BindUnixSocket(const std::string& path, mode_t mode,
                      const std::string& group, const char* setting,
                      const char* flag, int* fd);

}  // namespace levelpress
