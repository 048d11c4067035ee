// Problem: one thing wrong with the content, located to the file and line:
// "posts/x.md:3: date: '2023-13-01' is not a calendar date". Errors stop an
// import; warnings are printed and the import goes on. Plain value.
#pragma once

#include <string>
#include <vector>

namespace levelpress {

struct Problem {
  std::string file;   // as the user named it (DIR-relative)
  int line = 0;       // 1-based; 0 when the whole file is meant
  std::string field;  // front matter field, or "" for the file
  std::string message;
  bool warning = false;

  std::string ToString() const;
};

bool HasErrors(const std::vector<Problem>& problems);

}  // namespace levelpress
