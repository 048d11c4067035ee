// JsonTables: the rows of a Ghost export's tables ({"db":[{"data":{"posts":
// [{...}, ...], "users": [...]}}]}, or {"data": {...}} before Ghost 1.0),
// read with RapidJSON's SAX reader from a file stream: one row at a time
// is in memory, never the file. Iterative parsing (no recursion, however
// deep the nesting), UTF-8 validated. An error names FILE:LINE:COLUMN and
// the byte offset. Not thread-safe.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "status.h"

namespace levelpress {

// One row: its scalar fields as text (numbers as written, true/false, null
// as ""), and which were null. Nested values are left out.
struct JsonRow {
  std::map<std::string, std::string> fields;
  std::string Get(const std::string& key) const {
    auto it = fields.find(key);
    return it == fields.end() ? "" : it->second;
  }
};

// Calls on_row(table, row) for every row of every table, in file order;
// on_row returns false (with *error set) to stop.
using RowHandler = std::function<bool(const std::string& table, JsonRow&& row,
                                      std::string* error)>;
[[nodiscard]] Status ReadJsonTables(const std::string& path,
                                    const RowHandler& on_row);

}  // namespace levelpress
