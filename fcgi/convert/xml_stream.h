// XmlStream: a WXR file read as a stream of elements and text with
// libxml2's xmlTextReader, one node at a time (memory does not grow with
// the file). Safe against hostile XML: no network (XML_PARSE_NONET), no
// DTD loading and no entity substitution; a document type declaration or
// an entity reference is an error naming its line, so neither a "billion
// laughs" file nor an external entity is ever expanded. Not thread-safe.
#pragma once

#include <libxml/xmlreader.h>

#include <string>

#include "status.h"

namespace levelpress {

class XmlStream {
 public:
  enum class Kind { kStart, kEnd, kText, kDone };
  struct Node {
    Kind kind = Kind::kDone;
    std::string name;  // "wp:post_id", "content:encoded", "item"
    int depth = 0;     // the root element is 0
    std::string text;  // kText
  };

  XmlStream() = default;
  XmlStream(const XmlStream&) = delete;
  XmlStream& operator=(const XmlStream&) = delete;
  ~XmlStream();

  [[nodiscard]] Status Open(const std::string& path);
  // The next node; an error names FILE:LINE:COLUMN.
  [[nodiscard]] Status Next(Node* node);
  // An attribute of the element last returned as kStart ("" if none).
  std::string Attribute(const char* name);
  int Line();  // of the node last returned
  // An error at the current place: "FILE:LINE:COL: what".
  Status ErrorHere(const std::string& what);

 private:
  static void OnError(void* self, xmlErrorPtr error);

  std::string path_;
  xmlTextReaderPtr reader_ = nullptr;
  std::string error_;         // the first error libxml2 reported
  bool pending_end_ = false;  // an empty element's end, not yet returned
  Node pending_;
};

}  // namespace levelpress
