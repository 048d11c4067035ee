#include "xml_stream.h"

#include <dlfcn.h>

#include <string_view>

namespace levelpress {
namespace {

// The libxml2 calls we make, from the library loaded at run time (as
// libvips is, fcgi/content/image_variants.cc): linked statically, libxml2
// would bring ICU's 30 MB of data into every CGI start of the binary for
// a command run once per blog. The types come from its headers, so a
// changed signature fails the build.
struct LibXml {
  decltype(&xmlReaderForFile) reader_for_file = nullptr;
  decltype(&xmlFreeTextReader) free_reader = nullptr;
  decltype(&xmlTextReaderSetStructuredErrorHandler) set_error_handler = nullptr;
  decltype(&xmlTextReaderRead) read = nullptr;
  decltype(&xmlTextReaderNodeType) node_type = nullptr;
  decltype(&xmlTextReaderConstLocalName) local_name = nullptr;
  decltype(&xmlTextReaderConstNamespaceUri) namespace_uri = nullptr;
  decltype(&xmlTextReaderDepth) depth = nullptr;
  decltype(&xmlTextReaderIsEmptyElement) is_empty = nullptr;
  decltype(&xmlTextReaderConstValue) value = nullptr;
  decltype(&xmlTextReaderGetAttribute) attribute = nullptr;
  decltype(&xmlTextReaderGetParserLineNumber) line = nullptr;
  decltype(&xmlTextReaderGetParserColumnNumber) column = nullptr;
  xmlFreeFunc* free = nullptr;  // xmlFree is a variable
  std::string why_not;          // empty: loaded
};

template <typename F>
bool Find(void* lib, const char* name, F* out) {
  *out = reinterpret_cast<F>(::dlsym(lib, name));
  return *out != nullptr;
}

LibXml Load() {
  LibXml x;
  void* lib = ::dlopen("libxml2.so.2", RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    x.why_not = std::string("cannot load libxml2 (") + ::dlerror() +
                "); install the Debian package libxml2 to convert WordPress "
                "exports";
    return x;
  }
  bool ok = Find(lib, "xmlReaderForFile", &x.reader_for_file) &&
            Find(lib, "xmlFreeTextReader", &x.free_reader) &&
            Find(lib, "xmlTextReaderSetStructuredErrorHandler",
                 &x.set_error_handler) &&
            Find(lib, "xmlTextReaderRead", &x.read) &&
            Find(lib, "xmlTextReaderNodeType", &x.node_type) &&
            Find(lib, "xmlTextReaderConstLocalName", &x.local_name) &&
            Find(lib, "xmlTextReaderConstNamespaceUri", &x.namespace_uri) &&
            Find(lib, "xmlTextReaderDepth", &x.depth) &&
            Find(lib, "xmlTextReaderIsEmptyElement", &x.is_empty) &&
            Find(lib, "xmlTextReaderConstValue", &x.value) &&
            Find(lib, "xmlTextReaderGetAttribute", &x.attribute) &&
            Find(lib, "xmlTextReaderGetParserLineNumber", &x.line) &&
            Find(lib, "xmlTextReaderGetParserColumnNumber", &x.column) &&
            Find(lib, "xmlFree", &x.free);
  if (!ok) x.why_not = "libxml2.so.2 lacks a function levelpress calls";
  return x;
}

// Loaded once, on first use (a function-local static is thread-safe).
const LibXml& Lib() {
  static const LibXml lib = Load();
  return lib;
}

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
  if (reader_) Lib().free_reader(reader_);
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
  if (!Lib().why_not.empty()) return Status::IOError(Lib().why_not);
  // No XML_PARSE_NOENT (entities stay references), no XML_PARSE_DTDLOAD /
  // DTDATTR / DTDVALID (nothing external is read), no XML_PARSE_HUGE
  // (libxml2's limits on a text node's size stay), no network.
  reader_ = Lib().reader_for_file(path.c_str(), nullptr,
                                  XML_PARSE_NONET | XML_PARSE_NOCDATA);
  if (reader_ == nullptr) {
    return Status::IOError(path + ": cannot open it (missing or unreadable)");
  }
  Lib().set_error_handler(reader_, &XmlStream::OnError, this);
  return Status::OK();
}

int XmlStream::Line() { return Lib().line(reader_); }

Status XmlStream::ErrorHere(const std::string& what) {
  return Status::InvalidArgument(path_ + ":" + std::to_string(Line()) + ":" +
                                 std::to_string(Lib().column(reader_)) + ": " +
                                 what);
}

std::string XmlStream::Attribute(const char* name) {
  xmlChar* value =
      Lib().attribute(reader_, reinterpret_cast<const xmlChar*>(name));
  if (value == nullptr) return "";
  std::string out(reinterpret_cast<const char*>(value));
  (*Lib().free)(value);
  return out;
}

Status XmlStream::Next(Node* node) {
  if (pending_end_) {
    pending_end_ = false;
    *node = pending_;
    return Status::OK();
  }
  for (;;) {
    int ret = Lib().read(reader_);
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
    switch (Lib().node_type(reader_)) {
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
        const xmlChar* local = Lib().local_name(reader_);
        node->kind = Kind::kStart;
        node->name = Prefix(Lib().namespace_uri(reader_)) +
                     reinterpret_cast<const char*>(local);
        node->depth = Lib().depth(reader_);
        node->text.clear();
        if (Lib().is_empty(reader_)) {
          pending_ = *node;
          pending_.kind = Kind::kEnd;
          pending_end_ = true;
        }
        return Status::OK();
      }
      case XML_READER_TYPE_END_ELEMENT:
        node->kind = Kind::kEnd;
        node->name = Prefix(Lib().namespace_uri(reader_)) +
                     reinterpret_cast<const char*>(Lib().local_name(reader_));
        node->depth = Lib().depth(reader_);
        node->text.clear();
        return Status::OK();
      case XML_READER_TYPE_TEXT:
      case XML_READER_TYPE_CDATA:
      case XML_READER_TYPE_WHITESPACE:
      case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: {
        const xmlChar* value = Lib().value(reader_);
        node->kind = Kind::kText;
        node->depth = Lib().depth(reader_);
        node->text = value ? reinterpret_cast<const char*>(value) : "";
        return Status::OK();
      }
      default:
        break;  // comments, processing instructions
    }
  }
}

}  // namespace levelpress
