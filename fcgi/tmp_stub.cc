#include "commands.h"
namespace levelpress {
int RunUrls(const CommandLine&) { return 2; }
int RunServe(const CommandLine&) { return 2; }
}
