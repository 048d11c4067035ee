#include "problem.h"

namespace levelpress {

std::string Problem::ToString() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line);
  out += ": ";
  if (warning) out += "warning: ";
  if (!field.empty()) out += field + ": ";
  return out + message;
}

bool HasErrors(const std::vector<Problem>& problems) {
  for (const auto& p : problems) {
    if (!p.warning) return true;
  }
  return false;
}

}  // namespace levelpress
