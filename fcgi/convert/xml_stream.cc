#include "xml_stream.h"

#include <string_view>

namespace levelpress {
namespace {

// WXR's namespaces by URI, so a file that binds other prefixes reads the
// same (WXR 1.0, 1.1 and 1.2 differ in the version of the URI only).
std::string Prefix(const xmlChar* uri) {
  if (uri == nullptr) return "";
  std::string_view u(reinterpret_cast<const char*>(uri));
  // WordPress.com writes https://, WordPress itself http://.
  if (u.rfind("http://wordpress.org/export/", 0) == 0 ||
      u.rfind("https://wordpress.org/export/", 0) == 0) {
    return u.find("/excerpt/") != std::string_view::npos ? "excerpt:" : "wp:";
  }
  if (u == "http://purl.org/rss/1.0/modules/content/") return "content:";
  if (u == "http://purl.org/dc/elements/1.1/") return "dc:";
  if (u == "http://wellformedweb.org/CommentAPI/") return "wfw:";
  return "{" + std::string(u) + "}";
}

}  // namespace

XmlStream::~XmlStream() {
  if (reader_) xmlFreeTextReader(reader_);
}

void XmlStream::OnError(void* self, xmlErrorPtr error) {
  auto* me = static_cast<XmlStream*>(self);
  // Only fatal errors (the file is not well-formed XML): a namespace URI
  // that is not a valid URI, say, is an error libxml2 recovers from, and so
  // does the converter.
  if (error == nullptr || error->level < XML_ERR_FATAL || !me->error_.empty())
    return;
  std::string message = error->message ? error->message : "malformed XML";
  while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
    message.pop_back();
  me->error_ = me->path_ + ":" + std::to_string(error->line) + ":" +
               std::to_string(error->int2) + ": " + message;
}

Status XmlStream::Open(const std::string& path) {
  path_ = path;
  // No XML_PARSE_NOENT (entities stay references), no XML_PARSE_DTDLOAD /
  // DTDATTR / DTDVALID (nothing external is read), no XML_PARSE_HUGE
  // (libxml2's limits on a text node's size stay), no network.
  reader_ = xmlReaderForFile(path.c_str(), nullptr,
                             XML_PARSE_NONET | XML_PARSE_NOCDATA);
  if (reader_ == nullptr) {
    return Status::IOError(path + ": cannot open it (missing or unreadable)");
  }
  xmlTextReaderSetStructuredErrorHandler(reader_, &XmlStream::OnError, this);
  return Status::OK();
}

int XmlStream::Line() { return xmlTextReaderGetParserLineNumber(reader_); }

Status XmlStream::ErrorHere(const std::string& what) {
  return Status::InvalidArgument(
      path_ + ":" + std::to_string(Line()) + ":" +
      std::to_string(xmlTextReaderGetParserColumnNumber(reader_)) + ": " +
      what);
}

std::string XmlStream::Attribute(const char* name) {
  xmlChar* value = xmlTextReaderGetAttribute(
      reader_, reinterpret_cast<const xmlChar*>(name));
  if (value == nullptr) return "";
  std::string out(reinterpret_cast<const char*>(value));
  xmlFree(value);
  return out;
}

Status XmlStream::Next(Node* node) {
  if (pending_end_) {
    pending_end_ = false;
    *node = pending_;
    return Status::OK();
  }
  for (;;) {
    int ret = xmlTextReaderRead(reader_);
    if (ret == 0) {
      if (!error_.empty()) return Status::InvalidArgument(error_);
      node->kind = Kind::kDone;
      return Status::OK();
    }
    if (ret < 0) {
      return Status::InvalidArgument(
          error_.empty() ? path_ + ":" + std::to_string(Line()) +
                               ": malformed or truncated XML"
                         : error_);
    }
    switch (xmlTextReaderNodeType(reader_)) {
      case XML_READER_TYPE_DOCUMENT_TYPE:
        return ErrorHere(
            "a document type declaration (<!DOCTYPE>): a WordPress export "
            "has none, and its entities are not read (they could expand "
            "without end or read other files)");
      case XML_READER_TYPE_ENTITY_REFERENCE:
        return ErrorHere(
            "an entity reference: only &amp; &lt; &gt; &quot; &apos; and "
            "character references are read");
      case XML_READER_TYPE_ELEMENT: {
        const xmlChar* local = xmlTextReaderConstLocalName(reader_);
        node->kind = Kind::kStart;
        node->name = Prefix(xmlTextReaderConstNamespaceUri(reader_)) +
                     reinterpret_cast<const char*>(local);
        node->depth = xmlTextReaderDepth(reader_);
        node->text.clear();
        if (xmlTextReaderIsEmptyElement(reader_)) {
          pending_ = *node;
          pending_.kind = Kind::kEnd;
          pending_end_ = true;
        }
        return Status::OK();
      }
      case XML_READER_TYPE_END_ELEMENT:
        node->kind = Kind::kEnd;
        node->name =
            Prefix(xmlTextReaderConstNamespaceUri(reader_)) +
            reinterpret_cast<const char*>(xmlTextReaderConstLocalName(reader_));
        node->depth = xmlTextReaderDepth(reader_);
        node->text.clear();
        return Status::OK();
      case XML_READER_TYPE_TEXT:
      case XML_READER_TYPE_CDATA:
      case XML_READER_TYPE_WHITESPACE:
      case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: {
        const xmlChar* value = xmlTextReaderConstValue(reader_);
        node->kind = Kind::kText;
        node->depth = xmlTextReaderDepth(reader_);
        node->text = value ? reinterpret_cast<const char*>(value) : "";
        return Status::OK();
      }
      default:
        break;  // comments, processing instructions
    }
  }
}

}  // namespace levelpress
