// placeholder, replaced below
#include "convert.h"
namespace levelpress {
Status ConvertGhost(const ConvertOptions&, const Settings&, ConvertReport*) {
  return Status::InvalidArgument("not yet");
}
}  // namespace levelpress
